/** `daily-dialout-machine/testing`: test doubles for Daily dial-out code. */
export { FakeDailyCall, dialOutEvent } from './fakeCall.js';
export type {
  AutoRespondConfig,
  AutoResponse,
  DialOutEventFields,
  DialOutEventObjects,
  DialOutEventPayload,
  FakeDailyCallOptions,
  FakeParticipant,
  FakeParticipantUpdate,
  FakeParticipants,
  FakeParticipantsSource,
  FakeRoomInfo,
  FakeRoomSource,
  PendingCall,
  PendingCallStatus,
  PendingDialInCall,
  PendingDtmfCall,
  PendingStartCall,
  PendingStopCall,
  PendingTransferCall,
  StartDialOutResult,
  TransferCallArgs,
  TransferCallMethod,
} from './fakeCall.js';
export { callMachineEmulatorBundle, emulatorBundleSource } from './emulator/bundle.js';
export { createEmulatorController, emulatorBundleInfo } from './emulator/controller.js';
export type {
  EmulatorAnswer,
  EmulatorController,
  EmulatorControllerOptions,
  EmulatorDialInFailOptions,
  EmulatorDialInFields,
  EmulatorDialInOptions,
  EmulatorDialInReadyOptions,
  EmulatorDialInStoryOptions,
  EmulatorDialOutFields,
  EmulatorDtmfOptions,
  EmulatorEventName,
  EmulatorEventPayloads,
  EmulatorFatalErrorType,
  EmulatorParticipantFields,
  EmulatorResponder,
  EmulatorTrackState,
  EmulatorWaitOptions,
} from './emulator/controller.js';
export {
  EMULATED_DAILY_JS_VERSIONS,
  EMULATOR_BUNDLE_FILENAME,
  EMULATOR_GLOBAL,
  EMULATOR_PROTOCOL,
} from './emulator/protocol.js';
export type {
  EmulatorAnswerRecord,
  EmulatorClientRecord,
  EmulatorDecision,
  EmulatorDialInEndpoint,
  EmulatorRegistry,
  EmulatorRequest,
  EmulatorRoomSnapshot,
  EmulatorSessionKind,
  EmulatorSessionRecord,
  EmulatorSessionSnapshot,
} from './emulator/protocol.js';
export { EMULATOR_SCENARIO_NAMES, scenario } from './emulator/scenarios.js';
export type {
  EmulatorFailureOptions,
  EmulatorScenario,
  EmulatorScenarioEvent,
  EmulatorScenarioName,
  EmulatorScenarioOptions,
  EmulatorScenarioStep,
} from './emulator/scenarios.js';
export { serveEmulator } from './emulator/serve.js';
export type { EmulatorServer, ServeEmulatorOptions } from './emulator/serve.js';
export { SHIM_USER_AGENT, installWebRTCShim } from './emulator/webrtcShim.js';
