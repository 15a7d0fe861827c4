/** Public types. Field names follow Daily's own (`sessionId`, `sipUri`, `phoneNumber`, `callerId`, `provider`, `sipCallId`). */
import type { DailyCall, DailyStartDialoutOptions } from '@daily-co/daily-js';
import type { Observable } from 'rxjs';
import type { AnyActorRef, InspectionEvent } from 'xstate';
import type { DialOutWebhookEvent } from './webhook/types.js';

/**
 * The part of daily-js's `DailyCall` the manager uses; a real `DailyCall` and the `FakeDailyCall` of
 * `daily-dialout-machine/testing` satisfy it. The manager listens to `dialout-connected`, `dialout-answered`,
 * `dialout-stopped`, `dialout-error`, `dialout-warning`, `dtmf-event`, `participant-joined`, `participant-updated`,
 * `participant-left`, `joined-meeting`, `left-meeting` and `call-instance-destroyed`.
 */
export type DailyCallLike = Pick<
  DailyCall,
  'on' | 'off' | 'startDialOut' | 'stopDialOut' | 'sendDTMF' | 'meetingState'
> &
  /** `participants` and `room` are read by {@link DialOutManager.preflight} and recovery; `sipCallTransfer` and `sipRefer` by transfers. */
  Partial<Pick<DailyCall, 'participants' | 'room' | 'sipCallTransfer' | 'sipRefer'>>;

/**
 * Status of one dial-out session. A session only moves forward through this list; `stopped` and `error` are final.
 * `idle`: a remote session known only from a `dialout-warning` (local sessions leave `idle` at once); also the
 * manager's status without sessions. `connecting`: `startDialOut()` was called (or is being retried) and the far end
 * is not ringing yet. `connected`: Daily's `dialout-connected`, ringing. `answered`: Daily's `dialout-answered`.
 * `stopping`: a stop was requested (by `stop()` or a timer), waiting for `dialout-stopped`. `stopped`: ended, see
 * {@link DialOutOutcome}. `error`: failed, see {@link DialOutError}.
 */
export type DialOutStatus =
  | 'idle'
  | 'connecting'
  | 'connected'
  | 'answered'
  | 'stopping'
  | 'stopped'
  | 'error';

/**
 * How a final session ended. `completed`: answered, then ended (by either side or by `maxDurationMs`). `no-answer`:
 * ended unanswered without a local `stop()`, or stopped by `ringTimeoutMs`. `canceled`: a local `stop()` ended it
 * before it was answered. `failed`: it ended in `error`. `detached`: the manager was disposed, or the call left the
 * meeting or was destroyed, while the session was live (or, after a reload, its participant was not in the room);
 * Daily may still be running the dial-out. `transferred`: the leg left the room while a transfer was in flight
 * (`requested` or later, not `failed`).
 */
export type DialOutOutcome = 'completed' | 'no-answer' | 'canceled' | 'failed' | 'detached' | 'transferred';

/** Who started a dial-out: this manager (`local`) or anyone else in the room or the REST API (`remote`). */
export type DialOutInitiator = 'local' | 'remote';

/** What a dial-out calls: a PSTN number in E.164 or a SIP URI (RFC 3261). */
export type DialOutTarget =
  | { readonly kind: 'phone'; readonly phoneNumber: string }
  | { readonly kind: 'sip'; readonly sipUri: string };

/**
 * Error codes. `NOT_ALLOWED`, `DIALOUT_IN_PROGRESS`, `TEMPORARILY_NOT_AVAILABLE`: the rejections of `startDialOut()`
 * Daily documents. `NOT_JOINED`: the call was not in `'joined-meeting'` (checked before calling daily-js, or
 * daily-js's "only supported after join"). `START_FAILED`: any other `startDialOut()` rejection. `START_TIMEOUT`:
 * still `connecting` after `startTimeoutMs`. `DIALOUT_ERROR`: Daily's `dialout-error` event. `TRANSFER_FAILED`:
 * `sipCallTransfer()` / `sipRefer()` rejected (only on {@link DialOutTransfer.error}).
 */
export type DialOutErrorCode =
  | 'NOT_ALLOWED'
  | 'DIALOUT_IN_PROGRESS'
  | 'TEMPORARILY_NOT_AVAILABLE'
  | 'NOT_JOINED'
  | 'START_FAILED'
  | 'START_TIMEOUT'
  | 'DIALOUT_ERROR'
  | 'TRANSFER_FAILED';

/**
 * Who ended a final session. `local`: this app (`stop()`, `ringTimeoutMs`, `maxDurationMs`, its own `transfer()` /
 * `refer()`; a `stop()` stays `local` whatever Daily answers, `NOT_FOUND` and a later start rejection included).
 * `remote`: Daily reported an end this manager did not ask for (a `dialout-stopped` or the participant leaving: the
 * callee or another participant hung up; a transfer started elsewhere). `system`: a `dialout-error`, a start
 * rejection, `NOT_JOINED`, `START_TIMEOUT`, or detaching.
 */
export type DialOutEndedBy = 'local' | 'remote' | 'system';

/**
 * Why a dial-out failed, from evidence only (see {@link DialOutError.category}): `busy` (SIP 486, 600),
 * `declined` (603), `unreachable` (480, 408), `invalid-destination` (404, 484, 604, 410), `not-allowed`
 * (401, 403, 407, Daily's `NOT_ALLOWED`, `NOT_JOINED`), `capacity` (`TEMPORARILY_NOT_AVAILABLE`,
 * `DIALOUT_IN_PROGRESS`), `unknown` when nothing matched.
 */
export type DialOutErrorCategory =
  | 'busy'
  | 'declined'
  | 'unreachable'
  | 'invalid-destination'
  | 'not-allowed'
  | 'capacity'
  | 'unknown';

/** A failure of a dial-out, as recorded on a session and emitted on `errors$`. */
export interface DialOutError {
  /** What failed; see {@link DialOutErrorCode}. */
  readonly code: DialOutErrorCode;
  /** Human-readable text: Daily's `errorMsg` or rejection message where there is one. */
  readonly message: string;
  /** Whether starting again may succeed (only `TEMPORARILY_NOT_AVAILABLE`). */
  readonly retryable: boolean;
  /** Daily's `sessionId`, when known. */
  readonly sessionId?: string;
  /** The local {@link DialOutSession.id} the error belongs to; absent when it matched no session. */
  readonly localId?: string;
  /** When it happened, epoch ms. */
  readonly at: number;
  /** What daily-js rejected with or the `dialout-error` payload, unchanged. */
  readonly cause?: unknown;
  /**
   * Why it failed, classified from the code, Daily's known messages and the SIP status codes or RFC 3261 §21
   * reason phrases found in `errorMsg` or `details`; `unknown` when nothing matches (never a guess).
   */
  readonly category: DialOutErrorCategory;
  /** The SIP status code (4xx–6xx, RFC 3261 §21) found in the message or `details`, if any. */
  readonly sipStatus?: number;
  /** Daily's `actionTraceId` (what Daily support asks for), when the event carried one. */
  readonly actionTraceId?: string;
  /** The SIP `Call-ID`, when the event carried one. */
  readonly sipCallId?: string;
}

/** A non-fatal `dialout-warning` (e.g. a codec fallback). Never changes a session's status. */
export interface DialOutWarning {
  /** Daily's `errorMsg`. */
  readonly message: string;
  /** Daily's `sessionId`, when the event carried one. */
  readonly sessionId?: string;
  /** The local {@link DialOutSession.id} it was attributed to; absent when it matched no session. */
  readonly localId?: string;
  /** When it was received, epoch ms. */
  readonly at: number;
  /** Daily's `actionTraceId`, when the event carried one. */
  readonly actionTraceId?: string;
  /** The SIP `Call-ID`, when the event carried one. */
  readonly sipCallId?: string;
}

/** How a call is moved on: Daily's transfer (`sipCallTransfer`, the leg stays anchored to Daily) or a SIP REFER (`sipRefer`). */
export type DialOutTransferMethod = 'transfer' | 'refer';

/**
 * Where a transfer is; it only moves forward. `requested`: `sipCallTransfer()` / `sipRefer()` was called.
 * `accepted`: daily-js resolved it. `triggered` / `initiated` / `answered` / `completed`: Daily's `calltransfer.*`
 * webhooks (`answered` and `completed` never come for a REFER; `completed` means the transferred leg ended).
 * `failed`: daily-js rejected it (the session stays `answered`).
 */
export type DialOutTransferStatus = 'requested' | 'accepted' | 'triggered' | 'initiated' | 'answered' | 'completed' | 'failed';

/** A transfer of the session's leg (see {@link DialOutSession.transfer}, {@link DialOutSession.refer}). */
export interface DialOutTransfer {
  readonly method: DialOutTransferMethod;
  /** The destination: a SIP URI (RFC 3261) or an E.164 number. */
  readonly toEndPoint: string;
  readonly status: DialOutTransferStatus;
  /** When it was requested (or first seen in a webhook), epoch ms. */
  readonly requestedAt: number;
  /** Why it failed (`TRANSFER_FAILED`), when `status` is `failed`. */
  readonly error?: DialOutError;
}

/** Options of {@link DialOutSession.transfer}: daily-js's `DailySipCallTransferOptions` without the `sessionId`. */
export interface DialOutTransferOptions {
  /** `sip:…` (RFC 3261) or an E.164 number (`+…`). */
  toEndPoint: string;
  /** Caller ID shown on the called phone; only with a `+` target. */
  callerId?: string;
  /** Digits dialed after the call connects, 1 to 20 characters; only with a `+` target. */
  extension?: string;
  /** Seconds to wait before dialing `extension`, an integer 0–60; only with `extension`. */
  waitBeforeExtensionDialSec?: number;
}

/** Options of {@link DialOutSession.refer}: daily-js's `DailySipReferOptions` without the `sessionId`. */
export interface DialOutReferOptions {
  /** A SIP URI (`sip:…`, RFC 3261). */
  toEndPoint: string;
}

/** How DTMF is signalled: SIP INFO (RFC 6086), RTP telephone-event (RFC 4733), or Daily's choice (`auto`, the default). */
export type DialOutDtmfMethod = 'sip-info' | 'telephone-event' | 'auto';

/** Options of {@link DialOutSession.sendDTMF}, as daily-js's `sendDTMF()` takes them. */
export interface DialOutDtmfOptions {
  method?: DialOutDtmfMethod;
  /** Duration of each tone, ms: an integer 50–2000. Default 500 (daily-js's). */
  digitDurationMs?: number;
}

/** One DTMF tone received from a phone leg (daily-js's `dtmf-event`). */
export interface DialOutDtmf {
  /** The tone: `0-9`, `A-D`, `*` or `#` (as Daily sent it). */
  readonly tone: string;
  /** How it was signalled, as Daily reported it. */
  readonly method?: string;
  /** When it was received, epoch ms. */
  readonly at: number;
  /** Daily's `sessionId` of the leg that sent it, when the event carried one. */
  readonly sessionId?: string;
  /** The local {@link DialOutSession.id} it was attributed to; absent when it matched no session. */
  readonly localId?: string;
}

/** daily-js's track states (`DailyTrackState['state']`). */
export type DialOutAudioState = 'blocked' | 'off' | 'sendable' | 'loading' | 'interrupted' | 'playable';

/** The participant Daily puts in the room for a phone leg (`participantType` `sip-dial-out` / `pstn-dial-out`, `session_id` = the sessionId). */
export interface DialOutParticipant {
  readonly sessionId: string;
  /** When it was first seen in the room, epoch ms. */
  readonly joinedAt: number;
  /** When it left, epoch ms. */
  readonly leftAt?: number;
  /** Its audio track's state, as daily-js reports it. */
  readonly audio: DialOutAudioState;
}

/** Where live local sessions are kept across a page reload: `sessionStorage`, `localStorage`, or anything with the same three methods. */
export interface DialOutStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** A retryable start failure waiting for its next attempt (see {@link DialOutSessionSnapshot.retry}). */
export interface DialOutRetry {
  /** The attempt that failed (1-based). */
  readonly attempt: number;
  /** When the next attempt starts, epoch ms. */
  readonly at: number;
  /** The failure (retryable, e.g. `TEMPORARILY_NOT_AVAILABLE`). */
  readonly error: DialOutError;
}

/**
 * A plain, frozen, serialisable picture of one dial-out session. A new object is made only when something in it
 * changed, so `===` tells whether a session changed.
 */
export interface DialOutSessionSnapshot {
  /** Local id, fixed at `start()` (or when a remote session is first seen). */
  readonly id: string;
  /** Daily's `sessionId` (the dialed participant's `session_id`), once known. */
  readonly sessionId?: string;
  /** Where the session is in its lifecycle; see {@link DialOutStatus}. */
  readonly status: DialOutStatus;
  /** `local` when started with {@link DialOutManager.start}, `remote` when first seen in another participant's events. */
  readonly initiator: DialOutInitiator;
  /** What is dialed: from the start options, or from the events' `destination` for remote sessions. */
  readonly target?: DialOutTarget;
  /** The `displayName` given at start. */
  readonly displayName?: string;
  /** The `userId` given at start or reported by the events (becomes the dialed participant's `user_id`). */
  readonly userId?: string;
  /** Daily's `provider` from the events (`'daily'`, `'signalwire'`, …). */
  readonly provider?: string;
  /** The SIP `Call-ID` from the events. */
  readonly sipCallId?: string;
  /** The caller ID given at start or reported by the events. */
  readonly callerId?: string;
  /** Daily's `origin` from the events: the originating address (E.164 or SIP URI). */
  readonly origin?: string;
  /** Number of `startDialOut()` attempts made so far (1-based; 0 for remote sessions). */
  readonly attempt: number;
  /** Daily's `actionTraceId` of the last event that carried one. */
  readonly actionTraceId?: string;
  /** Every warning received for this session, oldest first; each start retry adds one. */
  readonly warnings: readonly DialOutWarning[];
  /** While a retryable start failure waits for the next attempt (status `connecting`); removed when it starts. */
  readonly retry?: DialOutRetry;
  /**
   * The failure that ended the session (status `error`, or a start failure after a local stop, or a retryable
   * failure still waiting when the session ended); never set while a retry is pending.
   */
  readonly error?: DialOutError;
  /** How it ended; set exactly when the status is final. */
  readonly outcome?: DialOutOutcome;
  /** Who ended it; set exactly when the status is final. */
  readonly endedBy?: DialOutEndedBy;
  /** The latest transfer of this leg (see {@link DialOutSession.transfer}). */
  readonly transfer?: DialOutTransfer;
  /** The last 32 DTMF tones received from this leg, oldest first. */
  readonly digits?: string;
  /** The phone leg's participant in the room, once seen. */
  readonly participant?: DialOutParticipant;
  /** `true` for a session restored from `storage` or recovered from `participants()` after a reload or a late join. */
  readonly recovered?: boolean;
  /** When the session was created, epoch ms. Timestamps never go backwards: `createdAt ≤ connectedAt ≤ answeredAt ≤ endedAt`. */
  readonly createdAt: number;
  /** When `dialout-connected` (ringing) was first received, epoch ms (receipt time, on the manager's clock). */
  readonly connectedAt?: number;
  /** When `dialout-answered` was first received, epoch ms (receipt time, on the manager's clock). */
  readonly answeredAt?: number;
  /** When the session became final, epoch ms.*/
  readonly endedAt?: number;
  /** `endedAt - answeredAt` in ms, when it was answered and has ended. */
  readonly durationMs?: number;
}

/** Daily's transfer webhooks (`calltransfer.*`), applied by {@link DialOutManager.ingest} and reported on `events$` under their own type. */
export type DialOutTransferWebhookType = 'calltransfer.triggered' | 'calltransfer.initiated' | 'calltransfer.answered' | 'calltransfer.completed';

/** Names of the daily-js dial-out events the manager listens to. */
export type DialOutEventType =
  | 'dialout-connected'
  | 'dialout-answered'
  | 'dialout-stopped'
  | 'dialout-error'
  | 'dialout-warning';

/** Names of daily-js's dial-in events (Daily's "Telephony events" page). */
export type DialInEventType = 'dialin-ready' | 'dialin-connected' | 'dialin-stopped' | 'dialin-error' | 'dialin-warning';

/** Where an event came from: the daily-js call object, or a Daily webhook passed to {@link DialOutManager.ingest}. */
export type DialOutEventSource = 'daily-js' | 'webhook';

/** One `dialout-*` event as received from daily-js (or a webhook), and where the manager put it. */
export interface DialOutEvent {
  /** The daily-js event name (`dialout.answered` webhooks are reported as `dialout-answered`), or a transfer webhook's type. */
  readonly type: DialOutEventType | DialInEventType | DialOutTransferWebhookType;
  /** Where it came from. */
  readonly source: DialOutEventSource;
  /** `true` when the other source already delivered this same event (same type and `sessionId`; for warnings and errors, the same message), when it is a webhook whose (`type`, `id`) was already ingested (Daily's retried delivery), or when it is a `dialout-stopped` after the leg's participant already left the room (the same end): it was reported but not applied again. */
  readonly duplicate?: boolean;
  /** Daily's `sessionId` from the payload, when it carried a non-empty string. */
  readonly sessionId?: string;
  /** The local {@link DialOutSession.id} the event was attributed to; absent when it matched no session. */
  readonly localId?: string;
  /** When the manager received it, epoch ms on the manager's clock (`now`), whatever the source. */
  readonly at: number;
  /** When it happened by the source's own clock, epoch ms, where the source gives one: a webhook's `payload.timestamp` (whole seconds) × 1000. daily-js events have none. */
  readonly occurredAt?: number;
  /** The event object exactly as daily-js delivered it (may be malformed), or the webhook event. */
  readonly payload: unknown;
}

/** The manager's whole state: what `getSnapshot()` returns. Frozen. */
export interface DialOutManagerSnapshot {
  /** Every retained session, in creation order. */
  readonly sessions: readonly DialOutSessionSnapshot[];
  /** The newest live local session, else the newest live session, else the newest session, else `undefined`: someone else's dial-out never hides this app's live call. */
  readonly current: DialOutSessionSnapshot | undefined;
  /** `current`'s status, or `'idle'` when there is no session. */
  readonly status: DialOutStatus;
}

/** What {@link DialOutManager.preflight} found in the way of a dial-out. */
export type DialOutPreflightCode = 'NOT_JOINED' | 'NOT_OWNER' | 'DIALOUT_DISABLED' | 'SESSION_LIMIT';

/** One problem found by {@link DialOutManager.preflight}. */
export interface DialOutPreflightIssue {
  /** `NOT_JOINED`: `meetingState()` is not `'joined-meeting'`. `NOT_OWNER`: the local participant is neither owner nor admin (`permissions.canAdmin`). `DIALOUT_DISABLED`: the room's `enable_dialout` is `false`. `SESSION_LIMIT`: the room's SIP/PSTN sessions have reached the limit. */
  readonly code: DialOutPreflightCode;
  /** Plain words for a UI. */
  readonly message: string;
}

/** The result of {@link DialOutManager.preflight}. */
export interface DialOutPreflight {
  /** `true` when no issue was found (what daily-js cannot tell is not an issue). */
  readonly ok: boolean;
  /** Every issue found, in the order `NOT_JOINED`, `NOT_OWNER`, `DIALOUT_DISABLED`, `SESSION_LIMIT`. */
  readonly issues: readonly DialOutPreflightIssue[];
}

/** Options of {@link DialOutManager.preflight}. */
export interface DialOutPreflightOptions {
  /** The room's SIP/PSTN session limit (dial-in included). Integer ≥ 1. Default 5 (Daily's default per room; raised on request by Daily). */
  sessionLimit?: number;
}

/** Retry policy for retryable start failures (`TEMPORARILY_NOT_AVAILABLE`). */
export interface DialOutRetryOptions {
  /** Total start attempts, the first included. Integer ≥ 1. Default 3. */
  maxAttempts?: number;
  /** Base of the exponential backoff, ms. Default 1000. */
  baseDelayMs?: number;
  /** Cap of one backoff delay, ms. Default 8000. */
  maxDelayMs?: number;
}

/** Options of `createDialOutManager`. Every duration is in ms; a timeout may be `Infinity` to turn it off. */
export interface DialOutManagerOptions {
  /** Still `connecting` after this long → `error` `START_TIMEOUT` (and `stopDialOut` if the sessionId is known). Default 20 000. */
  startTimeoutMs?: number;
  /** `connected` (ringing) this long without `dialout-answered` → stop, outcome `no-answer`. Default 60 000. */
  ringTimeoutMs?: number;
  /** `stopping` this long without `dialout-stopped` → `stopped` anyway. Default 10 000. */
  stopTimeoutMs?: number;
  /** `answered` this long → stop, outcome `completed`. Default `Infinity` (Daily documents no maximum). */
  maxDurationMs?: number;
  /** Backoff for `TEMPORARILY_NOT_AVAILABLE`: exponential with full jitter. */
  retry?: DialOutRetryOptions;
  /** Show dial-outs started by others (other participants, the REST API) as `initiator: 'remote'`. Default `true`. */
  trackRemoteSessions?: boolean;
  /** Ended sessions kept in `sessions$`; older ones are pruned. Integer ≥ 0. Default 50. */
  maxEndedSessions?: number;
  /** Clock for timestamps (epoch ms). Default `Date.now`. */
  now?: () => number;
  /** Passed to XState's `createActor` (e.g. the Stately inspector's `inspect`). */
  inspect?: (event: InspectionEvent) => void;
  /**
   * Starts dial-outs instead of `call.startDialOut`, e.g. a POST to your backend calling Daily's REST `dialOut/start`:
   * receives the validated options and resolves with Daily's `sessionId`; rejections map to error codes as
   * `startDialOut()` rejections do. Events, stop and DTMF are unchanged.
   */
  starter?: (options: DailyStartDialoutOptions) => Promise<{ sessionId: string }>;
  /** An answered session whose participant has had no playable audio this long gets a warning. Default 5 000; `Infinity` is off. */
  noAudioWarningMs?: number;
  /**
   * Keeps live local sessions' snapshots (one entry, key `daily-dialout-machine:call`) so that a manager made
   * after a page reload restores them (`recovered: true`), timers counted from the stored timestamps, then reconciles
   * them with `participants()`. A corrupt or foreign entry is ignored and reported once on `warnings$`. None by default
   * (server-side rendering passes none).
   */
  storage?: DialOutStorage;
  /** Store phone numbers and SIP users as they are. Default `false`: numbers are stored as their last four digits, SIP URIs without their user. */
  storeTargets?: boolean;
}

/** A handle on one dial-out session, from {@link DialOutManager.start} or {@link DialOutManager.session}; its getters read the latest state. */
export interface DialOutSession {
  /** Local id, fixed at `start()`. */
  readonly id: string;
  /** Daily's `sessionId`, once known. */
  readonly sessionId: string | undefined;
  /** The latest snapshot. */
  readonly snapshot: DialOutSessionSnapshot;
  /** Emits the current snapshot at once, then every change; completes after the final state. */
  readonly snapshot$: Observable<DialOutSessionSnapshot>;
  /**
   * Hangs up (or cancels) the dial-out; idempotent. Sends `stopDialOut` once (in `connecting`, as soon as the sessionId
   * is known) and resolves when the session is final (`stopped` or `error`).
   * @throws Rejects with what `stopDialOut()` rejected with, if it did.
   */
  stop(): Promise<void>;
  /**
   * Sends DTMF tones to the answered far end (`call.sendDTMF`, local and remote sessions alike); resolves when daily-js
   * confirmed all of them. Tones longer than 20 (daily-js's limit per request) go in order as chunks of at most 20,
   * one request at a time, through the session's queue (shared by every `sendDTMF` call).
   * @param tones - Characters of `0-9`, `A-D`, `*`, `#`, validated as a whole before the first chunk goes.
   * @param options - `method` and `digitDurationMs` (see {@link DialOutDtmfOptions}); daily-js's defaults otherwise.
   * @throws Rejects with `DialOutValidationError` for bad tones or options, `DialOutStateError` when the session is not
   * `answered` (or ends before a chunk went: its pending chunks reject), or what `sendDTMF()` rejected with.
   */
  sendDTMF(tones: string, options?: DialOutDtmfOptions): Promise<void>;
  /**
   * Transfers the answered leg with Daily's `sipCallTransfer()` (the leg stays anchored to Daily). Validated first by
   * daily-js 0.92.2's rules and Daily's documented ones (E.164 for `+` targets, RFC 3261 for `sip:`; `callerId`,
   * `extension` and `waitBeforeExtensionDialSec` only with a `+` target); daily-js gets a fresh object. Sets
   * `snapshot.transfer`; when the leg then leaves, the session ends `stopped` with outcome `transferred`.
   * Follows https://docs.daily.co/reference/daily-js/instance-methods/sip-call-transfer.
   * @returns Settles as daily-js's promise does; never throws.
   * @throws Rejects with `DialOutValidationError` (nothing sent), `DialOutStateError` when the session is not
   * `answered` (or a transfer is already in flight, or the session ends first), or what daily-js rejected with (then
   * `transfer.status` is `failed`, `transfer.error` the `TRANSFER_FAILED` {@link DialOutError}, and the session stays
   * `answered`).
   */
  transfer(options: DialOutTransferOptions): Promise<void>;
  /**
   * Hands the answered leg off with a SIP REFER (`sipRefer()`): the far end connects to `toEndPoint` directly and
   * Daily leaves the media path. Otherwise as {@link DialOutSession.transfer}.
   * Follows https://docs.daily.co/reference/daily-js/instance-methods/sip-refer.
   */
  refer(options: DialOutReferOptions): Promise<void>;
  /** The DTMF tones this leg sends (daily-js's `dtmf-event` with its sessionId); completes after the final state. */
  readonly dtmf$: Observable<DialOutDtmf>;
  /** Resolves with the final snapshot; never rejects. */
  readonly done: Promise<DialOutSessionSnapshot>;
}

/** The observable model of every dial-out of one Daily call. Made by `createDialOutManager`. */
export interface DialOutManager {
  /**
   * Validates the options, then starts a dial-out.
   * @param options - daily-js's `DailyStartDialoutOptions`.
   * @returns The new session; it is `connecting` (or `error` `NOT_JOINED`).
   * @throws `DialOutValidationError` when the options break a rule (nothing is started); `DialOutStateError`
   * after `dispose()`.
   */
  start(options: DailyStartDialoutOptions): DialOutSession;
  /** Finds a retained session by local {@link DialOutSession.id} or by Daily `sessionId`; `undefined` if none. */
  session(id: string): DialOutSession | undefined;
  /** Every retained session, creation order; replays the current value; distinct; shared. */
  readonly sessions$: Observable<readonly DialOutSessionSnapshot[]>;
  /** {@link DialOutManagerSnapshot.current} as it changes; replays; distinct. */
  readonly current$: Observable<DialOutSessionSnapshot | undefined>;
  /** {@link DialOutManagerSnapshot.status} as it changes; replays; distinct. */
  readonly status$: Observable<DialOutStatus>;
  /** Every `dialout-*` event received, with the local id it was attributed to (or none). No replay. */
  readonly events$: Observable<DialOutEvent>;
  /** Every `dialout-warning`, attributed or not. No replay. */
  readonly warnings$: Observable<DialOutWarning>;
  /** Every error: start failures, timeouts and `dialout-error` events, including those that match no session. No replay. */
  readonly errors$: Observable<DialOutError>;
  /** Every DTMF tone received (daily-js's `dtmf-event`), attributed to its session by `sessionId` or not. No replay. */
  readonly dtmf$: Observable<DialOutDtmf>;
  /** The current state; the same object until something changes. */
  getSnapshot(): DialOutManagerSnapshot;
  /**
   * Calls `listener` with no argument after every change (for React's `useSyncExternalStore`; read
   * {@link DialOutManager.getSnapshot}). Returns a function that unsubscribes.
   */
  subscribe(listener: () => void): () => void;
  /**
   * Applies a Daily dial-out webhook (relayed from your server, e.g. over SSE) to the same sessions as the daily-js
   * events: matched by `session_id`, with the same never-backwards rules; one for an unknown session makes a remote
   * session. Reported on `events$` with `source: 'webhook'`; when the daily-js event for the same thing arrives too, in
   * either order, only the first is applied (see {@link DialOutEvent.duplicate}). A webhook whose (`type`, `id`) was
   * among the last 1,000 ingested (Daily retries deliveries it thinks failed) is reported with `duplicate: true` and
   * changes nothing.
   *
   * @param event - As `parseDialOutWebhook` returns it (validated again here).
   * @throws `DialOutWebhookError` naming the field when it is not a dial-out webhook event; `DialOutStateError`
   * after `dispose()`.
   */
  ingest(event: DialOutWebhookEvent): void;
  /**
   * Checks, without dialing, what daily-js can tell about whether a dial-out can start now: `meetingState()` (else
   * `NOT_JOINED`); once joined, the local participant's `owner` flag or `permissions.canAdmin` (else `NOT_OWNER`),
   * `room()`'s `config.enable_dialout` (`false` → `DIALOUT_DISABLED`), and the room's SIP/PSTN participants of every
   * `participantType` (dial-in included) plus this manager's live sessions not yet among them, against
   * `sessionLimit` (→ `SESSION_LIMIT`). What daily-js cannot tell (no `participants()`, no `enable_dialout` in
   * `room()`, a `room()` unanswered after 5,000 ms) is not reported. Follows https://docs.daily.co/reference/daily-js/instance-methods/start-dial-out
   * (owner or admin, `enable_dialout`) and Daily's per-room limit of 5 SIP/PSTN sessions.
   *
   * @param options - See {@link DialOutPreflightOptions}.
   * @returns Never rejects; `{ ok: true, issues: [] }` when nothing is in the way.
   * @throws `DialOutValidationError` (synchronously) when `sessionLimit` is not an integer ≥ 1.
   */
  preflight(options?: DialOutPreflightOptions): Promise<DialOutPreflight>;
  /**
   * The XState actor of `dialOutManagerMachine`, for inspection: its snapshot's `status` is `'active'` until
   * `dispose()`, then `'done'`; its context is internal. Each session runs in an actor of its own; pass `inspect` in the
   * options to see them all.
   */
  readonly actor: AnyActorRef;
  /**
   * Stops tracking, idempotently: removes every listener added to the call, ends non-final sessions as `stopped` /
   * `detached` (without hanging up) and completes every observable.
   */
  dispose(): void;
}
