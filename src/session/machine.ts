/**
 * The XState machine of one call leg.
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import { and, assign, emit, setup } from 'xstate';
import { DialOutStateError, describeReason, isNotFound, makeError } from '../errors.js';
import { unboundDailyActors } from '../daily/actors.js';
import { type EventFields, targetFromDestination, toDailyError, toWarning } from '../daily/events.js';
import type {
  DailyCallLike,
  DialOutEndedBy,
  DialOutError,
  DialOutInitiator,
  DialOutOutcome,
  DialOutRetry,
  DialOutStatus,
  DialOutTarget,
  DialOutWarning,
} from '../types.js';

/** Timers and retry policy of a session, in ms; a timeout of `Infinity` is off. */
export interface DialOutSessionTiming {
  readonly startTimeoutMs: number;
  readonly ringTimeoutMs: number;
  readonly stopTimeoutMs: number;
  readonly maxDurationMs: number;
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
  /** The call `stopDialOut` and `sendDTMF` go to (unless the actors are provided). */
  readonly call?: DailyCallLike;
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
  /** DTMF requests, oldest first; the first is in flight while `answered.sendingDtmf`. */
  dtmf: readonly { readonly requestId: number; readonly tones: string }[];
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
  /** The session took an unknown `sessionId` (its start resolved without one). */
  | { type: 'session.bound'; sessionId: string }
  /** `DialOutSession.stop()`. */
  | { type: 'stop' }
  | { type: 'dtmf.send'; requestId: number; tones: string }
  /** The manager stops tracking (dispose, `left-meeting`, `call-instance-destroyed`). */
  | { type: 'detach'; at: number };

/** What the session tells whoever runs it (`actor.on(type, …)`). */
export type DialOutSessionEmitted =
  | { type: 'start.request'; attempt: number; options: DailyStartDialoutOptions }
  | { type: 'hangup.request'; sessionId: string }
  | { type: 'stop.failed'; error: unknown }
  | { type: 'dtmf.settled'; requestId: number; ok: boolean; error?: unknown };

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
  'daily.error': onError,
  'daily.warning': onWarning,
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
  actors: { stopDialOut: unboundDailyActors.stopDialOut, sendDTMF: unboundDailyActors.sendDTMF },
  guards: {
    isLocal: ({ context }) => context.leg.initiator === 'local',
    isLocalNotJoined: ({ context }) => context.leg.initiator === 'local' && !context.leg.joined,
    hasSessionId: ({ context }) => context.info.sessionId !== undefined,
    canRetry: ({ context, event }) =>
      event.type === 'start.rejected' && event.error.retryable && context.attempt < context.leg.timing.retry.maxAttempts,
    hasQueuedDtmf: ({ context }) => context.dtmf.length > 0,
    alreadyStopped: ({ event }) => 'error' in event && isNotFound(event.error),
    startTimeoutEnabled: ({ context }) => Number.isFinite(context.leg.timing.startTimeoutMs),
    ringTimeoutEnabled: ({ context }) => context.leg.initiator === 'local' && Number.isFinite(context.leg.timing.ringTimeoutMs),
    maxDurationEnabled: ({ context }) => context.leg.initiator === 'local' && Number.isFinite(context.leg.timing.maxDurationMs),
    stopTimeoutEnabled: ({ context }) => Number.isFinite(context.leg.timing.stopTimeoutMs),
  },
  delays: {
    startTimeout: ({ context }) => delayOf(context.leg.timing.startTimeoutMs),
    ringTimeout: ({ context }) => delayOf(context.leg.timing.ringTimeoutMs, context.leg.initiator === 'local'),
    maxDuration: ({ context }) => delayOf(context.leg.timing.maxDurationMs, context.leg.initiator === 'local'),
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
        event.type === 'dtmf.send' ? [...context.dtmf, { requestId: event.requestId, tones: event.tones }] : context.dtmf,
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
    endStopped: assign(({ context }) => ({
      ...ending(context),
      endedBy: context.stopReason ? 'local' : context.detached ? 'system' : 'remote',
      outcome: (context.detached
        ? 'detached'
        : context.answeredAt !== undefined
          ? 'completed'
          : context.stopReason === 'user'
            ? 'canceled'
            : 'no-answer') as DialOutOutcome,
    })),
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
      },
      info: {
        sessionId: input.sessionId,
        target: targetOf(input.options),
        displayName: stringOption(input.options, 'displayName'),
        userId: stringOption(input.options, 'userId'),
        callerId: stringOption(input.options, 'callerId'),
      },
      attempt: 0,
      retry: undefined,
      warnings: Object.freeze([]),
      error: undefined,
      stopReason: undefined,
      detached: false,
      outcome: undefined,
      endedBy: undefined,
      connectedAt: undefined,
      answeredAt: undefined,
      endedAt: undefined,
      dtmf: [],
    };
  },
  initial: 'idle',
  on: {
    'dtmf.send': { actions: 'refuseDtmf' },
  },
  states: {
    idle: {
      description: 'A remote session waits here for its first lifecycle event; a local one leaves at once.',
      always: [
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
      initial: 'ready',
      after: {
        maxDuration: { guard: 'maxDurationEnabled', target: 'stopping', actions: 'recordMaxDuration' },
      },
      on: {
        ...live,
        'dtmf.send': { actions: 'queueDtmf' },
        stop: userStop('stopping'),
      },
      states: {
        ready: {
          always: { guard: 'hasQueuedDtmf', target: 'sendingDtmf' },
        },
        sendingDtmf: {
          invoke: {
            id: 'sendDTMF',
            src: 'sendDTMF',
            input: ({ context }) => ({ call: context.leg.call, sessionId: context.info.sessionId as string, tones: context.dtmf[0]?.tones ?? '' }),
            onDone: { target: 'ready', actions: ['settleDtmf', 'dequeueDtmf'] },
            onError: { target: 'ready', actions: ['settleDtmf', 'dequeueDtmf'] },
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
