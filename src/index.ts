/**
 * daily-dialout-machine: a trustworthy, observable model of Daily SIP/PSTN
 * dial-out, as XState v5 machines and RxJS streams.
 *
 * @packageDocumentation
 */
export { createDialOutManager } from './manager/createDialOutManager.js';
export { DEFAULT_DIAL_OUT_MANAGER_OPTIONS, resolveManagerOptions } from './manager/options.js';
export { dialOutSessionMachine, statusOfStateValue, MAX_TIMER_DELAY_MS } from './session/machine.js';
export type {
  DialOutSessionContext,
  DialOutSessionEvent,
  DialOutSessionInfo,
  DialOutSessionInput,
  DialOutSessionLeg,
  DialOutSessionMachine,
  DialOutSessionTiming,
} from './session/machine.js';
export { dialOutManagerMachine } from './manager/machine.js';
export type { DialOutManagerMachine, DialOutManagerInput } from './manager/machine.js';
export { machineEdges, toMermaidStateDiagram } from './session/diagram.js';
export type { MachineEdge } from './session/diagram.js';
export { createDailyActors } from './daily/actors.js';
export type { DailyActorsOptions } from './daily/actors.js';
export { DIALOUT_EVENT_TYPES } from './daily/events.js';
export { isFinalStatus, toSessionSnapshot } from './session/snapshot.js';
export { DialOutStateError, DialOutValidationError, isRetryableCode, toStartError } from './errors.js';
export type { DialOutValidationIssue } from './errors.js';
export { parseStartDialOutOptions, validateStartDialOutOptions } from './validation/startDialOutOptions.js';
export {
  parseDtmfOptions,
  parseDtmfSequence,
  parseDtmfTones,
  validateDtmfOptions,
  validateDtmfSequence,
  validateDtmfTones,
} from './validation/dtmf.js';
export { parseReferOptions, parseTransferOptions, validateReferOptions, validateTransferOptions } from './validation/transfer.js';
export { parseStartDialInOptions, validateStartDialInOptions } from './validation/startDialIn.js';
export { parseDialOutWebhook } from './webhook/parse.js';
export { redactTelephonyData, redactedInspect } from './redaction/redact.js';
export { DialOutWebhookError } from './webhook/errors.js';
export type { DialInWebhookType, DialOutWebhookEvent, DialOutWebhookPayload, DialOutWebhookType } from './webhook/types.js';
export type {
  DailyCallLike,
  DialInEventType,
  DialOutAudioState,
  DialOutDtmf,
  DialOutDtmfMethod,
  DialOutDtmfOptions,
  DialOutEndedBy,
  DialOutEventSource,
  DialOutError,
  DialOutErrorCategory,
  DialOutErrorCode,
  DialOutEvent,
  DialOutEventType,
  DialOutInitiator,
  DialOutManager,
  DialOutManagerOptions,
  DialOutManagerSnapshot,
  DialOutOutcome,
  DialOutPreflight,
  DialOutPreflightCode,
  DialOutPreflightIssue,
  DialOutPreflightOptions,
  DialOutParticipant,
  DialOutReferOptions,
  DialOutRetry,
  DialOutRetryOptions,
  DialOutSession,
  DialOutSessionSnapshot,
  DialOutStorage,
  DialOutTransfer,
  DialOutTransferMethod,
  DialOutTransferOptions,
  DialOutTransferStatus,
  DialOutTransferWebhookType,
  DialOutStatus,
  DialOutTarget,
  DialOutWarning,
} from './types.js';
