/**
 * The XState machine of one call leg.
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import { and, assign, emit, not, setup, spawnChild } from 'xstate';
import { DialOutStateError, describeReason, isNotFound, makeError, toTransferError } from '../errors.js';
import { unboundDailyActors } from '../daily/actors.js';
import { type EventFields, targetFromDestination, toDailyError, toWarning } from '../daily/events.js';
import type {
  DailyCallLike,
  DialOutEndedBy,
  DialOutError,
  DialOutInitiator,
  DialOutOutcome,
  DialOutAudioState,
  DialOutDtmfOptions,
  DialOutParticipant,
  DialOutReferOptions,
  DialOutRetry,
  DialOutStatus,
  DialOutTarget,
  DialOutTransfer,
  DialOutTransferMethod,
  DialOutTransferOptions,
  DialOutTransferStatus,
  DialOutWarning,
} from '../types.js';

/** Timers and retry policy of a session, in ms; a timeout of `Infinity` is off. */
export interface DialOutSessionTiming {
  readonly startTimeoutMs: number;
  readonly ringTimeoutMs: number;
  readonly stopTimeoutMs: number;
  readonly maxDurationMs: number;
  /** An answered session whose participant has no playable audio this long gets a warning (`Infinity`: off). */
  readonly noAudioWarningMs: number;
  readonly retry: {
    readonly maxAttempts: number;
    readonly baseDelayMs: number;
    readonly maxDelayMs: number;
  };
}

/** Input of {@link dialOutSessionMachine}. */
export interface DialOutSessionInput {
  /** Local id. */
  readonly id: string;
  readonly initiator: DialOutInitiator;
  /** Validated start options (local sessions). */
  readonly options?: DailyStartDialoutOptions;
  /** Daily `sessionId`, when already known (remote sessions). */
  readonly sessionId?: string;
  /** Whether the call was `'joined-meeting'` at `start()` (local sessions). */
  readonly joined?: boolean;
  readonly timing: DialOutSessionTiming;
  /** Clock, epoch ms. Default `Date.now`. */
  readonly now?: () => number;
  /** When the session was first seen, epoch ms (a remote session: the receipt of its first event). Default `now()`. */
  readonly createdAt?: number;
  /** Randomness for the backoff jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** The call `stopDialOut`, `sendDTMF` and transfers go to (unless the actors are provided). */
  readonly call?: DailyCallLike;
  /** A session restored after a reload (from storage or from the room's participants): where it was. */
  readonly restore?: DialOutSessionRestore;
}

/** Where a restored session resumes; its timers count from these timestamps. */
export interface DialOutSessionRestore {
  readonly status: 'connecting' | 'connected' | 'answered' | 'stopping';
  readonly attempt?: number;
  readonly warnings?: readonly DialOutWarning[];
  readonly connectedAt?: number;
  readonly answeredAt?: number;
  readonly transfer?: DialOutTransfer;
  readonly info?: DialOutSessionInfo;
}

type StopReason = 'user' | 'ring-timeout' | 'max-duration';

/** Fixed at creation. */
export interface DialOutSessionLeg {
  readonly id: string;
  /** The kind of call leg; dial-in joins it later. */
  readonly kind: 'dial-out';
  readonly initiator: DialOutInitiator;
  readonly options: DailyStartDialoutOptions | undefined;
  readonly joined: boolean;
  readonly timing: DialOutSessionTiming;
  readonly now: () => number;
  readonly random: () => number;
  readonly createdAt: number;
  readonly call: DailyCallLike | undefined;
  /** Restored or recovered after a reload: its status before, if any. */
  readonly restored: DialOutSessionRestore['status'] | undefined;
}

/** What Daily or the start options tell about the call; a field once known is kept. */
export interface DialOutSessionInfo {
  readonly sessionId?: string | undefined;
  readonly target?: DialOutTarget | undefined;
  readonly displayName?: string | undefined;
  readonly userId?: string | undefined;
  readonly provider?: string | undefined;
  readonly sipCallId?: string | undefined;
  readonly callerId?: string | undefined;
  readonly origin?: string | undefined;
  /** The last one received. */
  readonly actionTraceId?: string | undefined;
}

/**
 * Context of {@link dialOutSessionMachine}; read the public {@link DialOutSessionSnapshot} instead.
 *
 * @remarks Kept to 13 keys: XState copies the context with `Object.assign` on
 * every assign, and V8 turns objects of more than ~16 keys made that way into
 * slow dictionaries (10× the cost per event).
 */
export interface DialOutSessionContext {
  readonly leg: DialOutSessionLeg;
  info: DialOutSessionInfo;
  attempt: number;
  /** A retryable start failure waiting for the next attempt. */
  retry: DialOutRetry | undefined;
  warnings: readonly DialOutWarning[];
  error: DialOutError | undefined;
  stopReason: StopReason | undefined;
  detached: boolean;
  outcome: DialOutOutcome | undefined;
  endedBy: DialOutEndedBy | undefined;
  connectedAt: number | undefined;
  answeredAt: number | undefined;
  endedAt: number | undefined;
  /** DTMF requests, oldest first; the first one's first chunk is in flight while `answered.dtmf.sending`. */
  dtmf: readonly DtmfRequest[];
  /** The phone leg: its transfer, received digits and participant. */
  phone: DialOutPhone;
}

/** One `sendDTMF()`: its chunks of at most 20 tones still to send, in order. */
interface DtmfRequest {
  readonly requestId: number;
  readonly chunks: readonly string[];
  readonly options: DialOutDtmfOptions | undefined;
}

/** What the session knows of its phone leg beyond Daily's `dialout-*` events. */
export interface DialOutPhone {
  readonly transfer: DialOutTransfer | undefined;
  /** Who asked for `transfer`: this app, or someone else (seen only in webhooks). */
  readonly transferBy: 'local' | 'remote' | undefined;
  /** The transfer request in flight to daily-js. */
  readonly pending: ({ readonly requestId: number } & (
    | { readonly method: 'transfer'; readonly options: DialOutTransferOptions }
    | { readonly method: 'refer'; readonly options: DialOutReferOptions }
  )) | undefined;
  readonly digits: string;
  readonly participant: DialOutParticipant | undefined;
}

type DailyEvent =
  | { type: 'daily.connected' | 'daily.answered' | 'daily.stopped' | 'daily.warning'; fields: EventFields; at: number }
  | { type: 'daily.error'; fields: EventFields; at: number; payload: unknown; texts?: readonly string[] };

/** Events of {@link dialOutSessionMachine}. */
export type DialOutSessionEvent =
  | DailyEvent
  /** `startDialOut()` resolved; `sessionId` absent when daily-js gave no session. */
  | { type: 'start.resolved'; sessionId?: string; at: number }
  /** `startDialOut()` rejected, mapped to a code. */
  | { type: 'start.rejected'; error: DialOutError }
  /** `DialOutSession.transfer()` / `refer()`. */
  | ({ type: 'transfer.request'; requestId: number } & (
      | { method: 'transfer'; options: DialOutTransferOptions }
      | { method: 'refer'; options: DialOutReferOptions }
    ))
  /** The spawned `sipCallTransfer` child settled (XState's own events). */
  | { type: 'xstate.done.actor.sipCallTransfer'; output?: unknown }
  | { type: 'xstate.error.actor.sipCallTransfer'; error: unknown }
  /** A `calltransfer.*` webhook. */
  | { type: 'daily.transfer'; status: 'triggered' | 'initiated' | 'answered' | 'completed'; toEndPoint?: string; refer?: boolean; at: number }
  /** A `dtmf-event` tone from this leg. */
  | { type: 'daily.dtmf'; tone: string; at: number }
  /** Its participant joined or changed (`participant-joined` / `participant-updated`). */
  | { type: 'participant.updated'; sessionId: string; audio: DialOutAudioState; at: number }
  /** Its participant left the room (`participant-left`): the leg ended. */
  | { type: 'participant.left'; at: number }
  /** The session took an unknown `sessionId` (its start resolved without one). */
  | { type: 'session.bound'; sessionId: string }
  /** `DialOutSession.stop()`. */
  | { type: 'stop' }
  | { type: 'dtmf.send'; requestId: number; chunks: readonly string[]; options?: DialOutDtmfOptions }
  /** The manager stops tracking (dispose, `left-meeting`, `call-instance-destroyed`). */
  | { type: 'detach'; at: number };

/** What the session tells whoever runs it (`actor.on(type, …)`). */
export type DialOutSessionEmitted =
  | { type: 'start.request'; attempt: number; options: DailyStartDialoutOptions }
  | { type: 'hangup.request'; sessionId: string }
  | { type: 'stop.failed'; error: unknown }
  | { type: 'dtmf.settled'; requestId: number; ok: boolean; error?: unknown }
  | { type: 'transfer.settled'; requestId: number; ok: boolean; error?: unknown };

/** setTimeout's largest delay (2^31 − 1 ms); a timer turned off (`Infinity`) gets this delay, which `createDialOutManager` never schedules. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** A timer's delay; one turned off (`Infinity`) is {@link MAX_TIMER_DELAY_MS}, which the manager's clock never schedules and the guards refuse. */
const delayOf = (ms: number, on = true): number => (on && Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_TIMER_DELAY_MS - 1) : MAX_TIMER_DELAY_MS);

function stringOption(options: DailyStartDialoutOptions | undefined, key: 'displayName' | 'userId' | 'callerId'): string | undefined {
  const value = options ? (options as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' && value ? value : undefined;
}

function targetOf(options: DailyStartDialoutOptions | undefined): DialOutTarget | undefined {
  const o = options as { sipUri?: unknown; phoneNumber?: unknown } | undefined;
  if (typeof o?.sipUri === 'string') return Object.freeze({ kind: 'sip', sipUri: o.sipUri });
  if (typeof o?.phoneNumber === 'string') return Object.freeze({ kind: 'phone', phoneNumber: o.phoneNumber });
  return undefined;
}

/** `info` with what an event adds; what is known is never overwritten. */
function merged(context: DialOutSessionContext, event: DialOutSessionEvent): DialOutSessionInfo {
  const i = context.info;
  if (!('fields' in event)) return i;
  const f = event.fields;
  const next: DialOutSessionInfo = {
    sessionId: i.sessionId ?? f.sessionId,
    target: i.target ?? targetFromDestination(f.destination),
    displayName: i.displayName,
    userId: i.userId ?? f.userId,
    provider: i.provider ?? f.provider,
    sipCallId: i.sipCallId ?? f.sipCallId,
    callerId: i.callerId ?? f.callerId,
    origin: i.origin ?? f.origin,
    actionTraceId: f.actionTraceId ?? i.actionTraceId,
  };
  for (const k in next) if (next[k as keyof DialOutSessionInfo] !== i[k as keyof DialOutSessionInfo]) return next;
  return i;
}

/** An event's receipt time, never before `floor` (timestamps never go backwards, whatever the clock does). */
const at = (context: DialOutSessionContext, event: DialOutSessionEvent, floor: number) =>
  Math.max('at' in event ? event.at : context.leg.now(), floor);

const withSessionId = (context: DialOutSessionContext, sessionId: string | undefined): DialOutSessionInfo =>
  context.info.sessionId !== undefined || sessionId === undefined ? context.info : { ...context.info, sessionId };

/** What every end records: when (never before the last timestamp), and a retryable failure still waiting becomes the error. */
const ending = (context: DialOutSessionContext) => ({
  endedAt: Math.max(context.leg.now(), context.answeredAt ?? context.connectedAt ?? context.leg.createdAt),
  error: context.error ?? context.retry?.error,
  retry: undefined,
});

const appendWarning = (context: DialOutSessionContext, warning: DialOutWarning) => Object.freeze([...context.warnings, warning]);

const TRANSFER_RANK: Record<DialOutTransferStatus, number> = {
  requested: 0,
  accepted: 1,
  triggered: 2,
  initiated: 3,
  answered: 4,
  completed: 5,
  failed: 6,
};

/** A transfer asked for and not failed: the leg leaving now is the transfer, not a hang-up. */
const transferInFlight = (context: DialOutSessionContext) => {
  const status = context.phone.transfer?.status;
  return status !== undefined && status !== 'failed';
};

const withPhone = (context: DialOutSessionContext, change: Partial<DialOutPhone>): DialOutPhone => ({ ...context.phone, ...change });

const withTransfer = (transfer: DialOutTransfer, change: Partial<DialOutTransfer>): DialOutTransfer => Object.freeze({ ...transfer, ...change });

const onError = { target: '#dialOutSession.error', actions: 'recordDailyError' } as const;
const onWarning = { actions: 'recordWarning' } as const;
const onDetach = { target: '#dialOutSession.stopped', actions: 'recordDetached' } as const;
const onStopped = { target: '#dialOutSession.stopped', actions: 'recordEventFields' } as const;
const onConnected = { target: 'connected', actions: 'recordConnected' } as const;
const onAnswered = { target: 'answered', actions: 'recordAnswered' } as const;
const userStop = (target: string) => ({ target, actions: 'recordUserStop' }) as const;
/** What every live state does with an end, a failure, a warning and detaching. */
const live = {
  'daily.stopped': onStopped,
  'participant.left': { target: '#dialOutSession.stopped', actions: 'recordParticipantLeft' },
  'daily.error': onError,
  'daily.warning': onWarning,
  'daily.transfer': { actions: 'recordTransferWebhook' },
  // the transfer's answer when the session already left answered (stopping)
  'xstate.done.actor.sipCallTransfer': { actions: ['settleTransfer', 'acceptTransfer'] },
  'xstate.error.actor.sipCallTransfer': { actions: ['settleTransfer', 'failTransfer'] },
  detach: onDetach,
  // a start that resolves after events already bound the session (by its userId)
  'start.resolved': { actions: 'assignResolvedSessionId' },
} as const;

/**
 * The session machine: idle → connecting → connected → answered → stopping →
 * stopped | error. Top-level state names are the {@link DialOutStatus} values.
 *
 * @remarks
 * - Never backwards: a late `dialout-connected` in `answered` is ignored,
 *   `dialout-answered` straight from `connecting` goes to `answered`, final
 *   states absorb everything. Warnings never change the status.
 * - Timers (named delays): `startTimeout`, `ringTimeout` and `maxDuration`
 *   (local sessions only), `stopTimeout`, `retryDelay` (backoff
 *   `random() × min(maxDelayMs, baseDelayMs × 2^(attempt − 1))`, only after
 *   `TEMPORARILY_NOT_AVAILABLE`, up to `retry.maxAttempts` attempts).
 * - Invokes `stopDialOut` (in `stopping.requesting`) and `sendDTMF` (in
 *   `answered.sendingDtmf`, one request at a time). `startDialOut` belongs
 *   to the manager, which outlives a session that gave up: the session emits
 *   `start.request` and receives `start.resolved` / `start.rejected`.
 *
 * @example
 * ```ts
 * import { dialOutSessionMachine } from 'daily-dialout-machine';
 *
 * console.log(Object.keys(dialOutSessionMachine.root.states));
 * // ['idle', 'connecting', 'connected', 'answered', 'stopping', 'stopped', 'error']
 * ```
 */
export const dialOutSessionMachine = setup({
  types: {
    context: {} as DialOutSessionContext,
    events: {} as DialOutSessionEvent,
    input: {} as DialOutSessionInput,
    emitted: {} as DialOutSessionEmitted,
  },
  actors: {
    stopDialOut: unboundDailyActors.stopDialOut,
    sendDTMF: unboundDailyActors.sendDTMF,
    sipCallTransfer: unboundDailyActors.sipCallTransfer,
  },
  guards: {
    isLocal: ({ context }) => context.leg.initiator === 'local',
    isLocalNotJoined: ({ context }) => context.leg.initiator === 'local' && !context.leg.joined,
    hasSessionId: ({ context }) => context.info.sessionId !== undefined,
    canRetry: ({ context, event }) =>
      event.type === 'start.rejected' && event.error.retryable && context.attempt < context.leg.timing.retry.maxAttempts,
    hasQueuedDtmf: ({ context }) => context.dtmf.length > 0,
    hasMoreDtmfChunks: ({ context }) => (context.dtmf[0]?.chunks.length ?? 0) > 1,
    canTransfer: ({ context }) => !transferInFlight(context),
    restoredAs: ({ context }, params: { status: DialOutSessionRestore['status'] }) => context.leg.restored === params.status,
    hasParticipant: ({ context }) => context.phone.participant !== undefined,
    audioPlayable: ({ context }) => context.phone.participant?.audio === 'playable',
    noAudioWarningEnabled: ({ context }) => Number.isFinite(context.leg.timing.noAudioWarningMs),
    alreadyStopped: ({ event }) => 'error' in event && isNotFound(event.error),
    startTimeoutEnabled: ({ context }) => Number.isFinite(context.leg.timing.startTimeoutMs),
    ringTimeoutEnabled: ({ context }) => context.leg.initiator === 'local' && Number.isFinite(context.leg.timing.ringTimeoutMs),
    maxDurationEnabled: ({ context }) => context.leg.initiator === 'local' && Number.isFinite(context.leg.timing.maxDurationMs),
    stopTimeoutEnabled: ({ context }) => Number.isFinite(context.leg.timing.stopTimeoutMs),
  },
  delays: {
    // counted from the session's own timestamps, so that a restored session keeps its deadlines
    startTimeout: ({ context }) => delayOf(context.leg.createdAt + context.leg.timing.startTimeoutMs - context.leg.now()),
    ringTimeout: ({ context }) =>
      delayOf((context.connectedAt ?? context.leg.now()) + context.leg.timing.ringTimeoutMs - context.leg.now(), context.leg.initiator === 'local'),
    maxDuration: ({ context }) =>
      delayOf((context.answeredAt ?? context.leg.now()) + context.leg.timing.maxDurationMs - context.leg.now(), context.leg.initiator === 'local'),
    noAudio: ({ context }) => delayOf(context.leg.timing.noAudioWarningMs),
    stopTimeout: ({ context }) => delayOf(context.leg.timing.stopTimeoutMs),
    retryDelay: ({ context }) => delayOf((context.retry?.at ?? 0) - context.leg.now()),
  },
  actions: {
    beginAttempt: assign({ attempt: ({ context }) => context.attempt + 1, retry: undefined }),
    requestStart: emit(({ context }) => ({
      type: 'start.request' as const,
      attempt: context.attempt,
      options: context.leg.options as DailyStartDialoutOptions,
    })),
    requestHangUp: emit(({ context }) => ({ type: 'hangup.request' as const, sessionId: context.info.sessionId as string })),
    assignResolvedSessionId: assign(({ context, event }) => {
      const known = context.info.sessionId;
      const resolved = event.type === 'start.resolved' ? event.sessionId : undefined;
      if (known === undefined || resolved === undefined || known === resolved) return { info: withSessionId(context, resolved) };
      // events with this session's userId named another sessionId first: Daily's answer wins
      return {
        info: { ...context.info, sessionId: resolved },
        warnings: appendWarning(
          context,
          Object.freeze({
            message: `startDialOut() resolved with sessionId ${resolved}, but events with this session's userId named ${known}; using ${resolved}`,
            sessionId: resolved,
            localId: context.leg.id,
            at: context.leg.now(),
          }),
        ),
      };
    }),
    assignBoundSessionId: assign({
      info: ({ context, event }) => withSessionId(context, event.type === 'session.bound' ? event.sessionId : undefined),
    }),
    scheduleRetry: assign(({ context, event }) => {
      if (event.type !== 'start.rejected') return {};
      const { baseDelayMs, maxDelayMs } = context.leg.timing.retry;
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, context.attempt - 1));
      const delay = Math.floor(context.leg.random() * ceiling);
      const now = context.leg.now();
      const { error } = event;
      return {
        retry: Object.freeze({ attempt: context.attempt, at: now + delay, error }),
        warnings: appendWarning(
          context,
          Object.freeze({
            message: `startDialOut() attempt ${context.attempt} failed (${error.code}); retrying in ${delay} ms`,
            localId: context.leg.id,
            at: now,
          }),
        ),
      };
    }),
    recordStartError: assign({
      error: ({ context, event }) => (event.type === 'start.rejected' ? event.error : context.error),
    }),
    recordNotJoined: assign({
      error: ({ context }) =>
        makeError('NOT_JOINED', "startDialOut() needs the call to be in 'joined-meeting'", context.leg.now(), { localId: context.leg.id }),
    }),
    recordStartTimeout: assign({
      // a retryable failure still waiting is why it never started
      error: ({ context }) =>
        context.retry?.error ??
        makeError('START_TIMEOUT', `Still connecting after ${context.leg.timing.startTimeoutMs} ms`, context.leg.now(), {
          localId: context.leg.id,
          sessionId: context.info.sessionId,
        }),
    }),
    recordEventFields: assign({ info: ({ context, event }) => merged(context, event) }),
    recordConnected: assign(({ context, event }) => ({
      info: merged(context, event),
      // a dialout-connected after the answer (e.g. while stopping) is late: it does not make the call ring again
      connectedAt: context.connectedAt ?? (context.answeredAt !== undefined ? undefined : at(context, event, context.leg.createdAt)),
    })),
    recordAnswered: assign(({ context, event }) => ({
      info: merged(context, event),
      answeredAt: context.answeredAt ?? at(context, event, context.connectedAt ?? context.leg.createdAt),
    })),
    recordDailyError: assign(({ context, event }) => {
      if (event.type !== 'daily.error') return {};
      const info = merged(context, event);
      return { info, error: toDailyError(event, context.leg.id, info.sessionId) };
    }),
    recordWarning: assign({
      warnings: ({ context, event }) =>
        event.type === 'daily.warning' ? appendWarning(context, toWarning(event.fields, event.at, context.leg.id)) : context.warnings,
    }),
    recordUserStop: assign({ stopReason: ({ context }) => context.stopReason ?? 'user' }),
    recordRingTimeout: assign({ stopReason: ({ context }) => context.stopReason ?? 'ring-timeout' }),
    recordMaxDuration: assign({ stopReason: ({ context }) => context.stopReason ?? 'max-duration' }),
    recordDetached: assign({ detached: true }),
    recordStopFailure: assign({
      warnings: ({ context, event }) =>
        appendWarning(
          context,
          Object.freeze({
            message: `stopDialOut() failed: ${describeReason('error' in event ? event.error : undefined)}`,
            ...(context.info.sessionId !== undefined ? { sessionId: context.info.sessionId } : {}),
            localId: context.leg.id,
            at: context.leg.now(),
          }),
        ),
    }),
    reportStopFailure: emit(({ event }) => ({ type: 'stop.failed' as const, error: 'error' in event ? event.error : undefined })),
    queueDtmf: assign({
      dtmf: ({ context, event }) =>
        event.type === 'dtmf.send' ? [...context.dtmf, { requestId: event.requestId, chunks: event.chunks, options: event.options }] : context.dtmf,
    }),
    nextDtmfChunk: assign({
      dtmf: ({ context }) => {
        const [first, ...rest] = context.dtmf;
        return first ? [{ ...first, chunks: first.chunks.slice(1) }, ...rest] : rest;
      },
    }),
    beginTransfer: assign({
      phone: ({ context, event }) =>
        event.type !== 'transfer.request'
          ? context.phone
          : withPhone(context, {
              transfer: Object.freeze({ method: event.method, toEndPoint: event.options.toEndPoint, status: 'requested', requestedAt: context.leg.now() }),
              transferBy: 'local',
              pending: event.method === 'refer'
                ? { requestId: event.requestId, method: 'refer', options: event.options }
                : { requestId: event.requestId, method: 'transfer', options: event.options },
            }),
    }),
    spawnTransfer: spawnChild('sipCallTransfer', {
      id: 'sipCallTransfer',
      input: ({ context }) => ({
        call: context.leg.call,
        sessionId: context.info.sessionId as string,
        ...(context.phone.pending?.method === 'refer'
          ? { method: 'refer' as const, options: context.phone.pending.options }
          : { method: 'transfer' as const, options: (context.phone.pending?.options ?? { toEndPoint: '' }) as DialOutTransferOptions }),
      }),
    }),
    acceptTransfer: assign({
      phone: ({ context }) => {
        const t = context.phone.transfer;
        return withPhone(context, { pending: undefined, ...(t?.status === 'requested' ? { transfer: withTransfer(t, { status: 'accepted' }) } : {}) });
      },
    }),
    failTransfer: assign({
      phone: ({ context, event }) => {
        const t = context.phone.transfer;
        if (t?.status !== 'requested') return withPhone(context, { pending: undefined });
        const error = toTransferError('error' in event ? event.error : undefined, context.leg.now(), { sessionId: context.info.sessionId, localId: context.leg.id });
        return withPhone(context, { pending: undefined, transfer: withTransfer(t, { status: 'failed', error }) });
      },
    }),
    settleTransfer: emit(({ context, event }) => ({
      type: 'transfer.settled' as const,
      requestId: context.phone.pending?.requestId ?? -1,
      ok: !('error' in event),
      ...('error' in event ? { error: event.error } : {}),
    })),
    refuseTransfer: emit(({ context, event }) => ({
      type: 'transfer.settled' as const,
      requestId: event.type === 'transfer.request' ? event.requestId : -1,
      ok: false,
      error: new DialOutStateError(
        transferInFlight(context) ? 'transfer(): a transfer of this session is already in progress' : 'transfer() needs an answered session',
      ),
    })),
    recordTransferWebhook: assign({
      phone: ({ context, event }) => {
        if (event.type !== 'daily.transfer') return context.phone;
        const t = context.phone.transfer;
        if (t !== undefined && t.status !== 'failed') {
          return TRANSFER_RANK[event.status] > TRANSFER_RANK[t.status] ? withPhone(context, { transfer: withTransfer(t, { status: event.status }) }) : context.phone;
        }
        // started elsewhere (another participant, the REST API)
        const method: DialOutTransferMethod = event.refer ? 'refer' : 'transfer';
        return withPhone(context, {
          transfer: Object.freeze({ method, toEndPoint: event.toEndPoint ?? '', status: event.status, requestedAt: event.at }),
          transferBy: 'remote',
        });
      },
    }),
    recordDtmf: assign({
      phone: ({ context, event }) => (event.type === 'daily.dtmf' ? withPhone(context, { digits: (context.phone.digits + event.tone).slice(-32) }) : context.phone),
    }),
    recordParticipant: assign({
      phone: ({ context, event }) => {
        if (event.type !== 'participant.updated') return context.phone;
        const p = context.phone.participant;
        if (p && p.audio === event.audio && p.sessionId === event.sessionId && p.leftAt === undefined) return context.phone;
        return withPhone(context, { participant: Object.freeze({ sessionId: event.sessionId, joinedAt: p?.joinedAt ?? event.at, audio: event.audio }) });
      },
    }),
    recordParticipantLeft: assign({
      phone: ({ context, event }) => {
        const p = context.phone.participant;
        return p ? withPhone(context, { participant: Object.freeze({ ...p, leftAt: 'at' in event ? event.at : context.leg.now() }) }) : context.phone;
      },
    }),
    warnNoAudio: assign({
      warnings: ({ context }) =>
        appendWarning(
          context,
          Object.freeze({
            message: `No playable audio from the phone leg's participant for ${context.leg.timing.noAudioWarningMs} ms`,
            ...(context.info.sessionId !== undefined ? { sessionId: context.info.sessionId } : {}),
            localId: context.leg.id,
            at: context.leg.now(),
          }),
        ),
    }),
    refuseDtmf: emit(({ event }) => ({
      type: 'dtmf.settled' as const,
      requestId: event.type === 'dtmf.send' ? event.requestId : -1,
      ok: false,
      error: new DialOutStateError('sendDTMF() needs an answered session'),
    })),
    settleDtmf: emit(({ context, event }) => ({
      type: 'dtmf.settled' as const,
      requestId: context.dtmf[0]?.requestId ?? -1,
      ok: !('error' in event),
      ...('error' in event ? { error: event.error } : {}),
    })),
    dequeueDtmf: assign({ dtmf: ({ context }) => context.dtmf.slice(1) }),
    endStopped: assign(({ context, event }) => {
      // only the leg leaving (not a timer, not a detach) ends an in-flight transfer as transferred
      const transferred = (event.type === 'daily.stopped' || event.type === 'participant.left') && transferInFlight(context);
      // a session recovered from a participant in the room counts as answered: the leg was in the room
      const answered = context.answeredAt !== undefined || (context.leg.restored !== undefined && context.phone.participant !== undefined);
      let outcome: DialOutOutcome = context.stopReason === 'user' ? 'canceled' : 'no-answer';
      if (context.detached) outcome = 'detached';
      else if (transferred) outcome = 'transferred';
      else if (answered) outcome = 'completed';
      let endedBy: DialOutEndedBy = 'remote';
      if (context.stopReason) endedBy = 'local';
      else if (context.detached) endedBy = 'system';
      else if (transferred) endedBy = context.phone.transferBy ?? 'local';
      return { ...ending(context), endedBy, outcome };
    }),
    endFailed: assign(({ context }) => ({
      ...ending(context),
      endedBy: context.stopReason ? 'local' : 'system',
      outcome: 'failed' as const,
    })),
  },
}).createMachine({
  id: 'dialOutSession',
  context: ({ input }) => {
    const now = input.now ?? Date.now;
    return {
      leg: {
        id: input.id,
        kind: 'dial-out',
        initiator: input.initiator,
        options: input.options,
        joined: input.joined ?? false,
        timing: input.timing,
        now,
        random: input.random ?? Math.random,
        createdAt: input.createdAt ?? now(),
        call: input.call,
        restored: input.restore?.status,
      },
      info: input.restore?.info ?? {
        sessionId: input.sessionId,
        target: targetOf(input.options),
        displayName: stringOption(input.options, 'displayName'),
        userId: stringOption(input.options, 'userId'),
        callerId: stringOption(input.options, 'callerId'),
      },
      attempt: input.restore?.attempt ?? 0,
      retry: undefined,
      warnings: input.restore?.warnings ?? Object.freeze([]),
      error: undefined,
      // a session is stopping only because this app asked (its exact reason is not stored)
      stopReason: input.restore?.status === 'stopping' ? 'user' : undefined,
      detached: false,
      outcome: undefined,
      endedBy: undefined,
      connectedAt: input.restore?.connectedAt,
      answeredAt: input.restore?.answeredAt,
      endedAt: undefined,
      dtmf: [],
      phone: {
        transfer: input.restore?.transfer,
        transferBy: input.restore?.transfer ? 'local' : undefined,
        pending: undefined,
        digits: '',
        participant: undefined,
      },
    };
  },
  initial: 'idle',
  on: {
    'dtmf.send': { actions: 'refuseDtmf' },
    'transfer.request': { actions: 'refuseTransfer' },
    'daily.dtmf': { actions: 'recordDtmf' },
    'participant.updated': { actions: 'recordParticipant' },
  },
  states: {
    idle: {
      description: 'A remote session waits here for its first lifecycle event; a local one leaves at once; a restored one resumes where it was.',
      always: [
        { guard: { type: 'restoredAs', params: { status: 'connecting' } }, target: 'connecting.awaitingConnect' },
        { guard: { type: 'restoredAs', params: { status: 'connected' } }, target: 'connected' },
        { guard: { type: 'restoredAs', params: { status: 'answered' } }, target: 'answered' },
        { guard: { type: 'restoredAs', params: { status: 'stopping' } }, target: 'stopping' },
        { guard: 'isLocalNotJoined', target: 'error', actions: 'recordNotJoined' },
        { guard: 'isLocal', target: 'connecting' },
      ],
      on: {
        'daily.connected': onConnected,
        'daily.answered': onAnswered,
        ...live,
        stop: userStop('stopping'),
      },
    },
    connecting: {
      initial: 'starting',
      after: {
        startTimeout: [
          {
            description: 'Daily already gave a sessionId: hang that dial-out up as we give up on it.',
            guard: and(['startTimeoutEnabled', 'hasSessionId']),
            target: 'error',
            actions: ['recordStartTimeout', 'requestHangUp'],
          },
          { guard: 'startTimeoutEnabled', target: 'error', actions: 'recordStartTimeout' },
        ],
      },
      on: {
        'daily.connected': onConnected,
        'daily.answered': onAnswered,
        ...live,
        'session.bound': { actions: 'assignBoundSessionId' },
      },
      states: {
        starting: {
          entry: ['beginAttempt', 'requestStart'],
          on: {
            'start.resolved': { target: 'awaitingConnect', actions: 'assignResolvedSessionId' },
            'start.rejected': [
              { guard: 'canRetry', target: 'retryWait', actions: 'scheduleRetry' },
              { target: '#dialOutSession.error', actions: 'recordStartError' },
            ],
            stop: userStop('#dialOutSession.stopping'),
          },
        },
        retryWait: {
          after: { retryDelay: 'starting' },
          on: { stop: userStop('#dialOutSession.stopped') },
        },
        awaitingConnect: {
          on: { stop: userStop('#dialOutSession.stopping') },
        },
      },
    },
    connected: {
      description: 'dialout-connected: the far end is ringing.',
      after: {
        ringTimeout: { guard: 'ringTimeoutEnabled', target: 'stopping', actions: 'recordRingTimeout' },
      },
      on: {
        'daily.answered': onAnswered,
        ...live,
        stop: userStop('stopping'),
      },
    },
    answered: {
      type: 'parallel',
      after: {
        maxDuration: { guard: 'maxDurationEnabled', target: 'stopping', actions: 'recordMaxDuration' },
      },
      on: {
        ...live,
        'dtmf.send': { actions: 'queueDtmf' },
        stop: userStop('stopping'),
      },
      states: {
        dtmf: {
          initial: 'ready',
          states: {
            ready: {
              always: { guard: 'hasQueuedDtmf', target: 'sending' },
            },
            sending: {
              description: 'One chunk of at most 20 tones at a time, in order.',
              invoke: {
                id: 'sendDTMF',
                src: 'sendDTMF',
                input: ({ context }) => ({
                  call: context.leg.call,
                  sessionId: context.info.sessionId as string,
                  tones: context.dtmf[0]?.chunks[0] ?? '',
                  options: context.dtmf[0]?.options,
                }),
                onDone: [
                  { guard: 'hasMoreDtmfChunks', target: 'sending', reenter: true, actions: 'nextDtmfChunk' },
                  { target: 'ready', actions: ['settleDtmf', 'dequeueDtmf'] },
                ],
                onError: { target: 'ready', actions: ['settleDtmf', 'dequeueDtmf'] },
              },
            },
          },
        },
        transfer: {
          initial: 'idle',
          states: {
            idle: {
              on: { 'transfer.request': { guard: 'canTransfer', target: 'requesting', actions: ['beginTransfer', 'spawnTransfer'] } },
            },
            requesting: {
              description: 'sipCallTransfer / sipRefer runs as a child that outlives this state: a stop while it runs does not lose its answer.',
              on: {
                'xstate.done.actor.sipCallTransfer': { target: 'idle', actions: ['settleTransfer', 'acceptTransfer'] },
                'xstate.error.actor.sipCallTransfer': { target: 'idle', actions: ['settleTransfer', 'failTransfer'] },
              },
            },
          },
        },
        audio: {
          description: "Watches the phone leg's participant: no playable audio for noAudioWarningMs adds a warning.",
          initial: 'unknown',
          states: {
            unknown: {
              always: [
                { guard: 'audioPlayable', target: 'playing' },
                { guard: 'hasParticipant', target: 'silent' },
              ],
            },
            playing: {
              always: { guard: not('audioPlayable'), target: 'unknown' },
            },
            silent: {
              always: { guard: 'audioPlayable', target: 'playing' },
              after: { noAudio: { guard: 'noAudioWarningEnabled', target: 'warned', actions: 'warnNoAudio' } },
            },
            warned: {
              always: { guard: 'audioPlayable', target: 'playing' },
            },
          },
        },
      },
    },
    stopping: {
      initial: 'awaitingSessionId',
      after: {
        stopTimeout: { guard: 'stopTimeoutEnabled', target: 'stopped' },
      },
      on: {
        'daily.connected': { actions: 'recordConnected' },
        'daily.answered': { actions: 'recordAnswered' },
        ...live,
      },
      states: {
        awaitingSessionId: {
          description: 'Stopped before Daily gave a sessionId: stopDialOut goes as soon as it is known.',
          always: { guard: 'hasSessionId', target: 'requesting' },
          on: {
            'start.resolved': { actions: 'assignResolvedSessionId' },
            'session.bound': { actions: 'assignBoundSessionId' },
            'start.rejected': { target: '#dialOutSession.stopped', actions: 'recordStartError' },
          },
        },
        requesting: {
          invoke: {
            id: 'stopDialOut',
            src: 'stopDialOut',
            input: ({ context }) => ({ call: context.leg.call, sessionId: context.info.sessionId as string }),
            onDone: 'awaitingStopped',
            onError: [
              {
                description: "Daily's NOT_FOUND: the dial-out is already gone (the far end hung up first).",
                guard: 'alreadyStopped',
                target: '#dialOutSession.stopped',
              },
              { target: 'stopFailed', actions: ['recordStopFailure', 'reportStopFailure'] },
            ],
          },
        },
        awaitingStopped: {},
        stopFailed: {
          description: 'stopDialOut() rejected; stop() sends it again.',
          on: { stop: 'requesting' },
        },
      },
    },
    stopped: { type: 'final', entry: 'endStopped' },
    error: { type: 'final', entry: 'endFailed' },
  },
});

/** The XState logic type of {@link dialOutSessionMachine}. */
export type DialOutSessionMachine = typeof dialOutSessionMachine;

/**
 * The {@link DialOutStatus} of a session machine state value: its top-level state.
 *
 * @param value - `snapshot.value` of a {@link dialOutSessionMachine} actor.
 * @returns The status.
 *
 * @example
 * ```ts
 * statusOfStateValue({ connecting: 'retryWait' }); // 'connecting'
 * ```
 */
export function statusOfStateValue(value: string | Record<string, unknown>): DialOutStatus {
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as DialOutStatus;
}
