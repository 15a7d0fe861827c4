/**
 * `daily-dialout-machine/testing`: test doubles for Daily dial-out code.
 *
 * @packageDocumentation
 */
export { FakeDailyCall, dialOutEvent } from './fakeCall.js';
export type {
  AutoRespondConfig,
  AutoResponse,
  DialOutEventFields,
  DialOutEventObjects,
  DialOutEventPayload,
  FakeDailyCallOptions,
  PendingCall,
  PendingCallStatus,
  PendingDtmfCall,
  PendingStartCall,
  PendingStopCall,
  StartDialOutResult,
} from './fakeCall.js';
