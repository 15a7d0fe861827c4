/** Public types. Field names follow Daily's own (`sessionId`, `sipUri`, `phoneNumber`, `callerId`, `provider`, `sipCallId`). */
import type { DailyCall, DailyStartDialoutOptions } from '@daily-co/daily-js';
import type { Observable } from 'rxjs';
import type { AnyActorRef, InspectionEvent } from 'xstate';
import type { DialOutWebhookEvent } from './webhook/types.js';

/**
 * The part of daily-js's `DailyCall` the manager uses; a real `DailyCall` and the `FakeDailyCall` of
 * `daily-dialout-machine/testing` satisfy it. The manager listens to `dialout-connected`, `dialout-answered`,
 * `dialout-stopped`, `dialout-error`, `dialout-warning`, `left-meeting` and `call-instance-destroyed`.
 */
export type DailyCallLike = Pick<
  DailyCall,
  'on' | 'off' | 'startDialOut' | 'stopDialOut' | 'sendDTMF' | 'meetingState'
> &
  /** Read by {@link DialOutManager.preflight} only, when present. */
  Partial<Pick<DailyCall, 'participants' | 'room'>>;

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
 * meeting or was destroyed, while the session was live; Daily may still be running the dial-out.
 */
export type DialOutOutcome = 'completed' | 'no-answer' | 'canceled' | 'failed' | 'detached';

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
 * still `connecting` after `startTimeoutMs`. `DIALOUT_ERROR`: Daily's `dialout-error` event.
 */
export type DialOutErrorCode =
  | 'NOT_ALLOWED'
  | 'DIALOUT_IN_PROGRESS'
  | 'TEMPORARILY_NOT_AVAILABLE'
  | 'NOT_JOINED'
  | 'START_FAILED'
  | 'START_TIMEOUT'
  | 'DIALOUT_ERROR';

/**
 * Who ended a final session. `local`: this app (`stop()`, `ringTimeoutMs`, `maxDurationMs`; a `stop()` stays
 * `local` whatever Daily answers, `NOT_FOUND` and a later start rejection included). `remote`: Daily reported an end
 * this manager did not ask for (a `dialout-stopped`: the callee or another participant hung up). `system`: a
 * `dialout-error`, a start rejection, `NOT_JOINED`, `START_TIMEOUT`, or detaching.
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

/** Names of the daily-js dial-out events the manager listens to. */
export type DialOutEventType =
  | 'dialout-connected'
  | 'dialout-answered'
  | 'dialout-stopped'
  | 'dialout-error'
  | 'dialout-warning';

/** Where an event came from: the daily-js call object, or a Daily webhook passed to {@link DialOutManager.ingest}. */
export type DialOutEventSource = 'daily-js' | 'webhook';

/** One `dialout-*` event as received from daily-js (or a webhook), and where the manager put it. */
export interface DialOutEvent {
  /** The daily-js event name (`dialout.answered` webhooks are reported as `dialout-answered`). */
  readonly type: DialOutEventType;
  /** Where it came from. */
  readonly source: DialOutEventSource;
  /** `true` when the other source already delivered this same event (same type and `sessionId`; for warnings and errors, the same message), or when it is a webhook whose (`type`, `id`) was already ingested (Daily's retried delivery): it was reported but not applied again. */
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
   * Sends DTMF tones to the answered far end (`call.sendDTMF`); resolves when daily-js confirmed it.
   * @param tones - Up to 20 characters of `0-9`, `A-D`, `*`, `#` (daily-js's rule).
   * @throws Rejects with `DialOutValidationError` for bad tones, `DialOutStateError` when the session is not
   * `answered` (or ends first), or what `sendDTMF()` rejected with.
   */
  sendDTMF(tones: string): Promise<void>;
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
