/**
 * daily-dialout-machine: a trustworthy, observable model of Daily SIP/PSTN
 * dial-out, as XState v5 machines and RxJS streams.
 *
 * @packageDocumentation
 */
export { createDialOutManager } from './manager/createDialOutManager.js';
export { DEFAULT_DIAL_OUT_MANAGER_OPTIONS, resolveManagerOptions } from './manager/options.js';
export type { ResolvedDialOutManagerOptions } from './manager/options.js';
export { dialOutSessionMachine, statusOfStateValue, MAX_TIMER_DELAY_MS } from './machine/sessionMachine.js';
export type {
  DialOutSessionMachine,
  DialOutSessionContext,
  DialOutSessionEvent,
  DialOutSessionDailyEvent,
  DialOutSessionInput,
  DialOutSessionParentEvent,
  DialOutSessionTiming,
  DialOutStopReason,
} from './machine/sessionMachine.js';
export { dialOutManagerMachine } from './machine/managerMachine.js';
export { machineEdges, toMermaidStateDiagram } from './machine/diagram.js';
export type { MachineEdge } from './machine/diagram.js';
export type {
  DialOutManagerMachine,
  DialOutManagerContext,
  DialOutManagerEvent,
  DialOutManagerInput,
  DialOutRequest,
  DialOutSessionActorRef,
} from './machine/managerMachine.js';
export type { DialOutManagerEmitted } from './manager/correlation.js';
export { createDailyActors } from './bridge/dailyActors.js';
export type { DailyActorsOptions } from './bridge/dailyActors.js';
export type {
  DailyBridgeEvent,
  DailyBridgeInput,
  SendDtmfInput,
  StartDialOutInput,
  StartDialOutOutput,
  StopDialOutInput,
} from './bridge/dailyActors.js';
export { DIALOUT_EVENT_TYPES } from './machine/dailyEvents.js';
export { isFinalStatus } from './manager/sessionSnapshot.js';
export { DialOutStateError, DialOutValidationError, isRetryableCode, toStartError } from './errors.js';
export type { DialOutValidationIssue } from './errors.js';
export { parseStartDialOutOptions, validateStartDialOutOptions } from './validation/startDialOutOptions.js';
export { parseDtmfTones, validateDtmfTones } from './validation/dtmf.js';
export { parseDialOutWebhook } from './webhook/parse.js';
export { DialOutWebhookError } from './webhook/errors.js';
export type { DialOutWebhookEvent, DialOutWebhookPayload, DialOutWebhookType } from './webhook/types.js';
export type {
  DailyCallLike,
  DialOutEventSource,
  DialOutError,
  DialOutErrorCode,
  DialOutEvent,
  DialOutEventType,
  DialOutInitiator,
  DialOutManager,
  DialOutManagerOptions,
  DialOutManagerSnapshot,
  DialOutOutcome,
  DialOutRetryOptions,
  DialOutSession,
  DialOutSessionSnapshot,
  DialOutStatus,
  DialOutTarget,
  DialOutWarning,
} from './types.js';
