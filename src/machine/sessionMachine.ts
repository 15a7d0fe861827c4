/**
 * The XState machine of one dial-out session.
 *
 * @remarks
 * Top-level state names are the {@link DialOutStatus} values, so a snapshot's
 * status is its top-level state. The machine owns no side effect: it asks its
 * parent (the manager machine) to call `startDialOut()` / `stopDialOut()`
 * (`session.request.start` / `session.request.stop`) and receives the results
 * and the daily-js events as events. That keeps promise settlements that
 * arrive after the session ended in the long-lived manager, which can stop an
 * orphaned dial-out.
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import { and, assign, sendParent, setup } from 'xstate';
import { describeReason, makeError } from '../errors.js';
import type {
  DialOutError,
  DialOutInitiator,
  DialOutOutcome,
  DialOutStatus,
  DialOutTarget,
  DialOutWarning,
} from '../types.js';
import { type DialOutPayloadFields, targetFromDestination, toWarning } from './dailyEvents.js';

/** Timers and retry policy of a session, all in ms; a timeout of `Infinity` is off. */
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
  /** Source of randomness for the backoff jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
}

/** Why a local stop was asked for. */
export type DialOutStopReason = 'user' | 'ring-timeout' | 'max-duration';

/** Context of {@link dialOutSessionMachine}. */
export interface DialOutSessionContext {
  readonly id: string;
  readonly initiator: DialOutInitiator;
  readonly options: DailyStartDialoutOptions | undefined;
  readonly joined: boolean;
  readonly timing: DialOutSessionTiming;
  readonly now: () => number;
  readonly random: () => number;
  sessionId: string | undefined;
  target: DialOutTarget | undefined;
  displayName: string | undefined;
  userId: string | undefined;
  provider: string | undefined;
  sipCallId: string | undefined;
  callerId: string | undefined;
  attempt: number;
  retryDelayMs: number;
  warnings: readonly DialOutWarning[];
  error: DialOutError | undefined;
  stopReason: DialOutStopReason | undefined;
  detached: boolean;
  outcome: DialOutOutcome | undefined;
  createdAt: number;
  connectedAt: number | undefined;
  answeredAt: number | undefined;
  endedAt: number | undefined;
}

/** A daily-js `dialout-*` event, as the manager forwards it. */
export type DialOutSessionDailyEvent =
  | { type: 'daily.connected'; fields: DialOutPayloadFields; at: number }
  | { type: 'daily.answered'; fields: DialOutPayloadFields; at: number }
  | { type: 'daily.stopped'; fields: DialOutPayloadFields; at: number }
  | { type: 'daily.error'; fields: DialOutPayloadFields; at: number; payload: unknown }
  | { type: 'daily.warning'; fields: DialOutPayloadFields; at: number };

/** Events of {@link dialOutSessionMachine}. */
export type DialOutSessionEvent =
  | DialOutSessionDailyEvent
  /** `startDialOut()` resolved; `sessionId` absent when daily-js gave no session. */
  | { type: 'start.resolved'; sessionId?: string; at: number }
  /** `startDialOut()` rejected; `error` is already mapped to a code. */
  | { type: 'start.rejected'; error: DialOutError }
  /** The manager adopted an unknown `sessionId` for this session (start resolved without one). */
  | { type: 'session.bound'; sessionId: string }
  /** A local stop: `DialOutSession.stop()`. */
  | { type: 'stop' }
  | { type: 'stop.resolved' }
  | { type: 'stop.rejected'; error: unknown }
  /** The manager stops tracking (dispose, `left-meeting`, `call-instance-destroyed`). */
  | { type: 'detach'; at: number };

/** Events the session sends to its parent. */
export type DialOutSessionParentEvent =
  | {
      type: 'session.request.start';
      id: string;
      attempt: number;
      options: DailyStartDialoutOptions;
    }
  | { type: 'session.request.stop'; id: string; sessionId: string };

/** setTimeout's largest delay (2^31 − 1 ms); a disabled (`Infinity`) timer is scheduled this far out and its guard refuses it. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

function timerDelay(ms: number): number {
  return Number.isFinite(ms) ? Math.min(Math.max(0, ms), MAX_TIMER_DELAY_MS) : MAX_TIMER_DELAY_MS;
}

function targetOf(options: DailyStartDialoutOptions | undefined): DialOutTarget | undefined {
  if (!options) return undefined;
  if ('sipUri' in options && typeof options.sipUri === 'string') return Object.freeze({ kind: 'sip', sipUri: options.sipUri });
  if ('phoneNumber' in options && typeof options.phoneNumber === 'string')
    return Object.freeze({ kind: 'phone', phoneNumber: options.phoneNumber });
  return undefined;
}

function stringOption(options: DailyStartDialoutOptions | undefined, key: 'displayName' | 'userId' | 'callerId'): string | undefined {
  const value = options ? (options as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' && value ? value : undefined;
}

/** The fields a daily event may fill in, never overwriting what is known. */
function mergeEventFields(context: DialOutSessionContext, fields: DialOutPayloadFields) {
  return {
    sessionId: context.sessionId ?? fields.sessionId,
    provider: context.provider ?? fields.provider,
    sipCallId: context.sipCallId ?? fields.sipCallId,
    callerId: context.callerId ?? fields.callerId,
    userId: context.userId ?? fields.userId,
    target: context.target ?? targetFromDestination(fields.destination),
  };
}

function outcomeOfStopped(context: DialOutSessionContext): DialOutOutcome {
  if (context.detached) return 'detached';
  if (context.answeredAt !== undefined) return 'completed';
  if (context.stopReason === 'user') return 'canceled';
  return 'no-answer';
}

/** Transitions shared by every live state: a fatal `dialout-error`, a warning and detaching. */
const onDailyError = { target: '#dialOutSession.error', actions: 'recordDailyError' } as const;
const onDailyWarning = { actions: 'recordWarning' } as const;
const onDetach = { target: '#dialOutSession.stopped', actions: 'recordDetached' } as const;
const onDailyStopped = { target: '#dialOutSession.stopped', actions: 'recordEventFields' } as const;

/**
 * The session machine: idle → connecting → connected → answered → stopping →
 * stopped | error.
 *
 * @remarks
 * - Never backwards: a late `dialout-connected` in `answered` is ignored;
 *   `dialout-answered` straight from `connecting` goes to `answered`;
 *   duplicates change nothing; final states absorb everything.
 * - `dialout-warning` never changes the status; it is appended to `warnings`.
 * - Timers (named delays, all from {@link DialOutSessionTiming}):
 *   `startTimeout` (connecting → error `START_TIMEOUT`), `ringTimeout`
 *   (connected → stopping, outcome `no-answer`), `maxDuration` (answered →
 *   stopping, outcome `completed`), `stopTimeout` (stopping → stopped),
 *   `retryDelay` (backoff between start attempts). Ring and max-duration
 *   timers only run for local sessions: a remote dial-out is not ours to end.
 * - Retries only `TEMPORARILY_NOT_AVAILABLE`, up to `retry.maxAttempts`
 *   attempts in all, with exponential backoff and full jitter:
 *   `random() × min(maxDelayMs, baseDelayMs × 2^(attempt − 1))`.
 * - Requires a parent that handles `session.request.start` and
 *   `session.request.stop` (the manager machine does).
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * import { dialOutSessionMachine } from 'daily-dialout-machine';
 *
 * // Open it in the Stately visualiser, or read its states:
 * console.log(Object.keys(dialOutSessionMachine.root.states));
 * // ['idle', 'connecting', 'connected', 'answered', 'stopping', 'stopped', 'error']
 * ```
 */
export const dialOutSessionMachine = setup({
  types: {
    context: {} as DialOutSessionContext,
    events: {} as DialOutSessionEvent,
    input: {} as DialOutSessionInput,
  },
  guards: {
    isLocal: ({ context }) => context.initiator === 'local',
    isLocalNotJoined: ({ context }) => context.initiator === 'local' && !context.joined,
    hasSessionId: ({ context }) => context.sessionId !== undefined,
    resultHasSessionId: ({ event }) => event.type === 'start.resolved' && event.sessionId !== undefined,
    canRetry: ({ context, event }) =>
      event.type === 'start.rejected' && event.error.retryable && context.attempt < context.timing.retry.maxAttempts,
    startTimeoutEnabled: ({ context }) => Number.isFinite(context.timing.startTimeoutMs),
    ringTimeoutEnabled: ({ context }) => context.initiator === 'local' && Number.isFinite(context.timing.ringTimeoutMs),
    maxDurationEnabled: ({ context }) => context.initiator === 'local' && Number.isFinite(context.timing.maxDurationMs),
    stopTimeoutEnabled: ({ context }) => Number.isFinite(context.timing.stopTimeoutMs),
  },
  delays: {
    startTimeout: ({ context }) => timerDelay(context.timing.startTimeoutMs),
    ringTimeout: ({ context }) => timerDelay(context.timing.ringTimeoutMs),
    maxDuration: ({ context }) => timerDelay(context.timing.maxDurationMs),
    stopTimeout: ({ context }) => timerDelay(context.timing.stopTimeoutMs),
    retryDelay: ({ context }) => timerDelay(context.retryDelayMs),
  },
  actions: {
    /** Counts the attempt and asks the manager to call `startDialOut()`. */
    beginAttempt: assign({ attempt: ({ context }) => context.attempt + 1 }),
    requestStart: sendParent(({ context }): DialOutSessionParentEvent => ({
      type: 'session.request.start',
      id: context.id,
      attempt: context.attempt,
      options: context.options as DailyStartDialoutOptions,
    })),
    requestStop: sendParent(({ context }): DialOutSessionParentEvent => ({
      type: 'session.request.stop',
      id: context.id,
      sessionId: context.sessionId as string,
    })),
    assignResolvedSessionId: assign(({ context, event }) => ({
      sessionId: context.sessionId ?? (event.type === 'start.resolved' ? event.sessionId : undefined),
      // a successful attempt clears the retryable error of an earlier one
      error: undefined,
    })),
    assignBoundSessionId: assign({
      sessionId: ({ context, event }) => context.sessionId ?? (event.type === 'session.bound' ? event.sessionId : undefined),
    }),
    scheduleRetry: assign(({ context, event }) => {
      const { baseDelayMs, maxDelayMs } = context.timing.retry;
      const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, context.attempt - 1));
      return {
        retryDelayMs: Math.floor(context.random() * ceiling),
        error: event.type === 'start.rejected' ? event.error : context.error,
      };
    }),
    recordStartError: assign({
      error: ({ context, event }) => (event.type === 'start.rejected' ? event.error : context.error),
    }),
    recordNotJoined: assign({
      error: ({ context }) =>
        makeError('NOT_JOINED', "startDialOut() needs the call to be in 'joined-meeting'", context.now(), {
          localId: context.id,
        }),
    }),
    recordStartTimeout: assign({
      error: ({ context }) =>
        makeError('START_TIMEOUT', `Still connecting after ${context.timing.startTimeoutMs} ms`, context.now(), {
          localId: context.id,
          sessionId: context.sessionId,
        }),
    }),
    recordEventFields: assign(({ context, event }) =>
      'fields' in event ? mergeEventFields(context, event.fields) : {},
    ),
    recordConnected: assign(({ context, event }) => ({
      ...('fields' in event ? mergeEventFields(context, event.fields) : {}),
      // a dialout-connected that comes after the answer (e.g. while stopping) is late: it does not make the call ring after it was answered
      connectedAt:
        context.connectedAt ?? (context.answeredAt !== undefined ? undefined : 'at' in event ? event.at : context.now()),
    })),
    recordAnswered: assign(({ context, event }) => ({
      ...('fields' in event ? mergeEventFields(context, event.fields) : {}),
      answeredAt: context.answeredAt ?? ('at' in event ? event.at : context.now()),
    })),
    recordDailyError: assign(({ context, event }) => {
      if (event.type !== 'daily.error') return {};
      const merged = mergeEventFields(context, event.fields);
      return {
        ...merged,
        error: makeError('DIALOUT_ERROR', event.fields.errorMsg ?? 'dialout-error without errorMsg', event.at, {
          sessionId: event.fields.sessionId ?? merged.sessionId,
          localId: context.id,
          cause: event.payload,
        }),
      };
    }),
    recordWarning: assign({
      warnings: ({ context, event }) =>
        event.type === 'daily.warning'
          ? Object.freeze([...context.warnings, toWarning(event.fields, event.at, context.id)])
          : context.warnings,
    }),
    recordUserStop: assign({ stopReason: ({ context }) => context.stopReason ?? 'user' }),
    recordRingTimeout: assign({ stopReason: ({ context }) => context.stopReason ?? 'ring-timeout' }),
    recordMaxDuration: assign({ stopReason: ({ context }) => context.stopReason ?? 'max-duration' }),
    recordDetached: assign({ detached: true }),
    recordStopFailure: assign({
      warnings: ({ context, event }) =>
        event.type === 'stop.rejected'
          ? Object.freeze([
              ...context.warnings,
              Object.freeze({
                message: `stopDialOut() failed: ${describeReason(event.error)}`,
                ...(context.sessionId !== undefined ? { sessionId: context.sessionId } : {}),
                localId: context.id,
                at: context.now(),
              }),
            ])
          : context.warnings,
    }),
    endStopped: assign(({ context }) => ({ endedAt: context.now(), outcome: outcomeOfStopped(context) })),
    endFailed: assign(({ context }) => ({ endedAt: context.now(), outcome: 'failed' as const })),
  },
}).createMachine({
  id: 'dialOutSession',
  context: ({ input }) => {
    const now = input.now ?? Date.now;
    return {
      id: input.id,
      initiator: input.initiator,
      options: input.options,
      joined: input.joined ?? false,
      timing: input.timing,
      now,
      random: input.random ?? Math.random,
      sessionId: input.sessionId,
      target: targetOf(input.options),
      displayName: stringOption(input.options, 'displayName'),
      userId: stringOption(input.options, 'userId'),
      provider: undefined,
      sipCallId: undefined,
      callerId: stringOption(input.options, 'callerId'),
      attempt: 0,
      retryDelayMs: 0,
      warnings: Object.freeze([]),
      error: undefined,
      stopReason: undefined,
      detached: false,
      outcome: undefined,
      createdAt: now(),
      connectedAt: undefined,
      answeredAt: undefined,
      endedAt: undefined,
    };
  },
  initial: 'idle',
  states: {
    idle: {
      description: 'Local sessions leave at once; a remote session waits here for its first lifecycle event.',
      always: [
        { guard: 'isLocalNotJoined', target: 'error', actions: 'recordNotJoined' },
        { guard: 'isLocal', target: 'connecting' },
      ],
      on: {
        'daily.connected': { target: 'connected', actions: 'recordConnected' },
        'daily.answered': { target: 'answered', actions: 'recordAnswered' },
        'daily.stopped': onDailyStopped,
        'daily.error': onDailyError,
        'daily.warning': onDailyWarning,
        stop: { target: 'stopping', actions: 'recordUserStop' },
        detach: onDetach,
      },
    },
    connecting: {
      description: 'startDialOut() called (or being retried); the far end is not ringing yet.',
      initial: 'starting',
      after: {
        startTimeout: [
          {
            description: 'Daily already gave a sessionId: hang that dial-out up as we give up on it.',
            guard: and(['startTimeoutEnabled', 'hasSessionId']),
            target: 'error',
            actions: ['recordStartTimeout', 'requestStop'],
          },
          { guard: 'startTimeoutEnabled', target: 'error', actions: 'recordStartTimeout' },
        ],
      },
      on: {
        'daily.connected': { target: 'connected', actions: 'recordConnected' },
        'daily.answered': { target: 'answered', actions: 'recordAnswered' },
        'daily.stopped': onDailyStopped,
        'daily.error': onDailyError,
        'daily.warning': onDailyWarning,
        'session.bound': { actions: 'assignBoundSessionId' },
        detach: onDetach,
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
            stop: { target: '#dialOutSession.stopping', actions: 'recordUserStop' },
          },
        },
        retryWait: {
          description: 'Backoff before the next attempt after TEMPORARILY_NOT_AVAILABLE.',
          after: { retryDelay: { target: 'starting' } },
          on: {
            stop: { target: '#dialOutSession.stopped', actions: 'recordUserStop' },
          },
        },
        awaitingConnect: {
          description: 'startDialOut() resolved; waiting for dialout-connected.',
          on: {
            stop: { target: '#dialOutSession.stopping', actions: 'recordUserStop' },
          },
        },
      },
    },
    connected: {
      description: 'dialout-connected: the far end is ringing.',
      after: {
        ringTimeout: { guard: 'ringTimeoutEnabled', target: 'stopping', actions: 'recordRingTimeout' },
      },
      on: {
        'daily.answered': { target: 'answered', actions: 'recordAnswered' },
        'daily.stopped': onDailyStopped,
        'daily.error': onDailyError,
        'daily.warning': onDailyWarning,
        stop: { target: 'stopping', actions: 'recordUserStop' },
        detach: onDetach,
      },
    },
    answered: {
      description: 'dialout-answered.',
      after: {
        maxDuration: { guard: 'maxDurationEnabled', target: 'stopping', actions: 'recordMaxDuration' },
      },
      on: {
        'daily.stopped': onDailyStopped,
        'daily.error': onDailyError,
        'daily.warning': onDailyWarning,
        stop: { target: 'stopping', actions: 'recordUserStop' },
        detach: onDetach,
      },
    },
    stopping: {
      description: 'A stop was asked for; waiting for dialout-stopped (at most stopTimeoutMs).',
      initial: 'awaitingSessionId',
      after: {
        stopTimeout: { guard: 'stopTimeoutEnabled', target: 'stopped' },
      },
      on: {
        'daily.connected': { actions: 'recordConnected' },
        'daily.answered': { actions: 'recordAnswered' },
        'daily.stopped': onDailyStopped,
        'daily.error': onDailyError,
        'daily.warning': onDailyWarning,
        detach: onDetach,
      },
      states: {
        awaitingSessionId: {
          description: 'Stopped before Daily gave a sessionId: stopDialOut is sent as soon as it is known.',
          always: { guard: 'hasSessionId', target: 'requesting' },
          on: {
            'start.resolved': { actions: 'assignResolvedSessionId' },
            'session.bound': { actions: 'assignBoundSessionId' },
            'start.rejected': { target: '#dialOutSession.stopped', actions: 'recordStartError' },
          },
        },
        requesting: {
          entry: 'requestStop',
          on: {
            'stop.resolved': { target: 'awaitingStopped' },
            'stop.rejected': { target: 'stopFailed', actions: 'recordStopFailure' },
          },
        },
        awaitingStopped: {},
        stopFailed: {
          description: 'stopDialOut() rejected; stop() again sends it again.',
          on: { stop: { target: 'requesting' } },
        },
      },
    },
    stopped: {
      type: 'final',
      entry: 'endStopped',
    },
    error: {
      type: 'final',
      entry: 'endFailed',
    },
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
