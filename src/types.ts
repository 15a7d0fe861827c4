/**
 * Public types of daily-dialout-machine.
 *
 * Field names follow Daily's own (`sessionId`, `sipUri`, `phoneNumber`,
 * `callerId`, `provider`, `sipCallId`); every duration is in milliseconds and
 * every timestamp is epoch milliseconds.
 *
 * @packageDocumentation
 */
import type { DailyCall, DailyStartDialoutOptions } from '@daily-co/daily-js';
import type { Observable } from 'rxjs';
import type { Actor, InspectionEvent } from 'xstate';
import type { DialOutManagerMachine } from './machine/managerMachine.js';
import type { DialOutStateError, DialOutValidationError } from './errors.js';
import type { createDialOutManager } from './manager/createDialOutManager.js';
import type { dialOutManagerMachine } from './machine/managerMachine.js';
import type { DialOutWebhookEvent } from './webhook/types.js';

/**
 * The part of daily-js's `DailyCall` the manager uses.
 *
 * @remarks
 * A real `DailyCall` (from `Daily.createCallObject()`) satisfies it, and so does
 * the fake call from `daily-dialout-machine/testing`. The manager listens with
 * `on`/`off` to `dialout-connected`, `dialout-answered`, `dialout-stopped`,
 * `dialout-error`, `dialout-warning`, `left-meeting` and
 * `call-instance-destroyed`, and removes every listener it added on
 * {@link DialOutManager.dispose}.
 */
export type DailyCallLike = Pick<
  DailyCall,
  'on' | 'off' | 'startDialOut' | 'stopDialOut' | 'sendDTMF' | 'meetingState'
>;

/**
 * Status of one dial-out session.
 *
 * @remarks
 * Lifecycle order: `idle` → `connecting` → `connected` → `answered` →
 * `stopping` → `stopped` | `error`. A session never moves backwards in this
 * order; `stopped` and `error` are final.
 *
 * - `idle`: a remote session known only from a `dialout-warning` (local
 *   sessions leave `idle` at once). Also the manager's status when it has no
 *   session.
 * - `connecting`: `startDialOut()` has been called (or is being retried) and
 *   the far end is not ringing yet.
 * - `connected`: Daily's `dialout-connected`: the far end is ringing.
 * - `answered`: Daily's `dialout-answered`.
 * - `stopping`: a stop was requested (by `stop()` or a timer); waiting for
 *   `dialout-stopped`.
 * - `stopped`: ended (see {@link DialOutOutcome} for how).
 * - `error`: failed (see {@link DialOutError}).
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
 * How a final session ended.
 *
 * @remarks
 * - `completed`: it was answered, then ended (by either side or by
 *   `maxDurationMs`).
 * - `no-answer`: it ended without being answered and without a local
 *   `stop()`, or the ring timeout (`ringTimeoutMs`) stopped it.
 * - `canceled`: a local `stop()` ended it before it was answered.
 * - `failed`: it ended in `error`.
 * - `detached`: the manager was disposed, or the call left the meeting or was
 *   destroyed, while the session was still live; Daily may still be running the
 *   dial-out.
 */
export type DialOutOutcome = 'completed' | 'no-answer' | 'canceled' | 'failed' | 'detached';

/** Who started a dial-out: this manager (`local`) or anyone else in the room or the REST API (`remote`). */
export type DialOutInitiator = 'local' | 'remote';

/** What a dial-out calls: a PSTN number in E.164 or a SIP URI (RFC 3261). */
export type DialOutTarget =
  | { readonly kind: 'phone'; readonly phoneNumber: string }
  | { readonly kind: 'sip'; readonly sipUri: string };

/**
 * Error codes.
 *
 * @remarks
 * - `NOT_ALLOWED`, `DIALOUT_IN_PROGRESS`, `TEMPORARILY_NOT_AVAILABLE`: the
 *   three rejections of `startDialOut()` documented by Daily. Only
 *   `TEMPORARILY_NOT_AVAILABLE` is retryable.
 * - `NOT_JOINED`: the call was not in `'joined-meeting'` (checked before
 *   calling daily-js, or daily-js's "only supported after join").
 * - `START_FAILED`: `startDialOut()` rejected with anything else.
 * - `START_TIMEOUT`: still `connecting` after `startTimeoutMs`.
 * - `DIALOUT_ERROR`: Daily's `dialout-error` event.
 */
export type DialOutErrorCode =
  | 'NOT_ALLOWED'
  | 'DIALOUT_IN_PROGRESS'
  | 'TEMPORARILY_NOT_AVAILABLE'
  | 'NOT_JOINED'
  | 'START_FAILED'
  | 'START_TIMEOUT'
  | 'DIALOUT_ERROR';

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
}

/**
 * A plain, frozen, serialisable picture of one dial-out session.
 *
 * @remarks
 * A new object is made only when something in it changed, so identity
 * comparison (`===`) tells whether a session changed.
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
  /** Number of `startDialOut()` attempts made so far (1-based; 0 for remote sessions). */
  readonly attempt: number;
  /** Every warning received for this session, oldest first. */
  readonly warnings: readonly DialOutWarning[];
  /** Why the session is in `error` (or why its start failed after a local stop). */
  readonly error?: DialOutError;
  /** How it ended; set exactly when the status is final. */
  readonly outcome?: DialOutOutcome;
  /** When the session was created, epoch ms. */
  readonly createdAt: number;
  /** When `dialout-connected` (ringing) was first received, epoch ms. */
  readonly connectedAt?: number;
  /** When `dialout-answered` was first received, epoch ms. */
  readonly answeredAt?: number;
  /** When the session became final, epoch ms. */
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
  /** `true` when the other source already delivered this same event (same type and `sessionId`; for warnings and errors, the same message): it was reported but not applied again. */
  readonly duplicate?: boolean;
  /** Daily's `sessionId` from the payload, when it carried a non-empty string. */
  readonly sessionId?: string;
  /** The local {@link DialOutSession.id} the event was attributed to; absent when it matched no session. */
  readonly localId?: string;
  /** When it was received (daily-js), or when it happened (webhook `timestamp`, else receipt), epoch ms. */
  readonly at: number;
  /** The event object exactly as daily-js delivered it (may be malformed), or the webhook event. */
  readonly payload: unknown;
}

/** The manager's whole state: what `getSnapshot()` returns. Frozen. */
export interface DialOutManagerSnapshot {
  /** Every retained session, in creation order. */
  readonly sessions: readonly DialOutSessionSnapshot[];
  /** The newest non-final session, else the newest session, else `undefined`. */
  readonly current: DialOutSessionSnapshot | undefined;
  /** `current`'s status, or `'idle'` when there is no session. */
  readonly status: DialOutStatus;
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

/**
 * Options of {@link createDialOutManager}. Every duration is in ms; a timeout
 * may be `Infinity` to turn that timer off.
 */
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
   * Starts dial-outs instead of `call.startDialOut` (e.g. a POST to your own
   * backend, which calls Daily's REST `dialOut/start`). Receives the validated
   * options; resolves with Daily's `sessionId`. Rejections are mapped to
   * error codes like `startDialOut()` rejections. Everything else (events,
   * stop, DTMF) is unchanged.
   */
  starter?: (options: DailyStartDialoutOptions) => Promise<{ sessionId: string }>;
}

/**
 * A handle on one dial-out session.
 *
 * @remarks
 * Returned by {@link DialOutManager.start} and {@link DialOutManager.session}.
 * Its getters always read the latest state.
 */
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
   * Hangs up (or cancels) the dial-out.
   *
   * @remarks
   * Idempotent. Sends `stopDialOut` once; in `connecting` before the sessionId
   * is known, it is sent as soon as it is. Resolves when the session is final.
   *
   * @returns A promise that resolves when the session has reached `stopped` or `error`.
   * @throws Rejects with what `stopDialOut()` rejected with, if it did.
   */
  stop(): Promise<void>;
  /**
   * Sends DTMF tones to the answered far end (`call.sendDTMF`).
   *
   * @param tones - Up to 20 characters of `0-9`, `A-D`, `*`, `#` (daily-js's rule).
   * @returns A promise that resolves when daily-js confirmed it.
   * @throws Rejects with {@link DialOutValidationError} for bad tones,
   * {@link DialOutStateError} when the session is not `answered` (or ends
   * first), or what `sendDTMF()` rejected with.
   */
  sendDTMF(tones: string): Promise<void>;
  /** Resolves with the final snapshot; never rejects. */
  readonly done: Promise<DialOutSessionSnapshot>;
}

/**
 * The observable model of every dial-out of one Daily call. Made by {@link createDialOutManager}.
 */
export interface DialOutManager {
  /**
   * Validates the options, then starts a dial-out.
   *
   * @param options - daily-js's `DailyStartDialoutOptions`.
   * @returns The new session; it is `connecting` (or `error` `NOT_JOINED`).
   * @throws {@link DialOutValidationError} when the options break a rule (nothing is started);
   * {@link DialOutStateError} after `dispose()`.
   */
  start(options: DailyStartDialoutOptions): DialOutSession;
  /**
   * Finds a retained session by local id or by Daily `sessionId`.
   *
   * @param id - A {@link DialOutSession.id} or a Daily `sessionId`.
   * @returns The session, or `undefined`.
   */
  session(id: string): DialOutSession | undefined;
  /** Every retained session, creation order; replays the current value; distinct; shared. */
  readonly sessions$: Observable<readonly DialOutSessionSnapshot[]>;
  /** The newest non-final session, else the newest session, else `undefined`; replays; distinct. */
  readonly current$: Observable<DialOutSessionSnapshot | undefined>;
  /** `current$`'s status, `'idle'` when there is none; replays; distinct. */
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
   * Calls `listener` after every change (for React's `useSyncExternalStore`).
   *
   * @param listener - Called with no argument; read {@link DialOutManager.getSnapshot}.
   * @returns A function that unsubscribes.
   */
  subscribe(listener: () => void): () => void;
  /**
   * Applies a Daily dial-out webhook (relayed from your server, e.g. over SSE)
   * to the same sessions as the daily-js events.
   *
   * @remarks
   * Matched by `session_id`, with the same never-backwards rules; when the
   * daily-js event and the webhook for the same thing both arrive, in either
   * order, it is applied once (the second is reported on `events$` with
   * `duplicate: true`). A webhook for an unknown session makes a remote
   * session. Reported on `events$` with `source: 'webhook'`.
   *
   * @param event - A webhook event, as `parseDialOutWebhook` returns it (validated again here).
   * @throws `DialOutWebhookError` naming the field when it is not a dial-out webhook event;
   * {@link DialOutStateError} after `dispose()`.
   */
  ingest(event: DialOutWebhookEvent): void;
  /** The XState actor of {@link dialOutManagerMachine}, for inspection. */
  readonly actor: Actor<DialOutManagerMachine>;
  /**
   * Stops tracking: removes every listener added to the call, ends non-final
   * sessions as `stopped` / `detached` (without hanging up), completes every
   * observable. Idempotent.
   */
  dispose(): void;
}
