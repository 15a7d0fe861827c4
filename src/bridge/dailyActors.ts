/**
 * The Daily bridge: XState actors that talk to a daily-js call object.
 *
 * @remarks
 * `dailyBridge` is a callback actor that adds one listener per event with
 * `call.on` when it starts and removes the same handlers with `call.off` when
 * it stops (livekit components-js style: `on` in the subscribe function, `off`
 * of the same handler in the teardown). `startDialOut`, `stopDialOut` and
 * `sendDTMF` are promise actors around the daily-js methods of the same
 * names. {@link createDailyActors} binds them to one call; the manager
 * machine references them by name, so tests can `.provide()` fakes.
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import { type EventObject, fromCallback, fromPromise } from 'xstate';
import type { DailyCallLike, DialOutEventType } from '../types.js';
import { DIALOUT_EVENT_TYPES } from '../machine/dailyEvents.js';

/** Events the bridge sends to its parent. `at` is the receipt time, epoch ms. */
export type DailyBridgeEvent =
  | { type: 'daily.event'; name: DialOutEventType; payload: unknown; at: number }
  | { type: 'daily.left-meeting'; at: number }
  | { type: 'daily.call-instance-destroyed'; at: number };

/** Input of the bridge actor. */
export interface DailyBridgeInput {
  /** Clock for `at`, epoch ms. */
  readonly now: () => number;
}

/** Input of the `startDialOut` promise actor. */
export interface StartDialOutInput {
  readonly options: DailyStartDialoutOptions;
}
/** What `call.startDialOut()` resolves with (daily-js 0.92.2: `session` is optional). */
export type StartDialOutOutput = { session?: { sessionId?: unknown } } | undefined | null;
/** Input of the `stopDialOut` promise actor. */
export interface StopDialOutInput {
  readonly sessionId: string;
}
/** Input of the `sendDTMF` promise actor. */
export interface SendDtmfInput {
  readonly sessionId: string;
  readonly tones: string;
}

/** The call events the bridge listens to besides the `dialout-*` ones. */
export const CALL_LIFECYCLE_EVENTS = ['left-meeting', 'call-instance-destroyed'] as const;

const NOT_BOUND =
  'This actor is not bound to a Daily call: use createDialOutManager(call), or provide it with machine.provide({ actors: createDailyActors(call) }).';

/** Unbound defaults used by the exported machine definition (e.g. in the visualiser). */
export const unboundDailyActors = {
  /** Listens to nothing. */
  dailyBridge: fromCallback<EventObject, DailyBridgeInput>(() => () => {}),
  startDialOut: fromPromise<StartDialOutOutput, StartDialOutInput>(async () => {
    throw new Error(NOT_BOUND);
  }),
  stopDialOut: fromPromise<void, StopDialOutInput>(async () => {
    throw new Error(NOT_BOUND);
  }),
  sendDTMF: fromPromise<void, SendDtmfInput>(async () => {
    throw new Error(NOT_BOUND);
  }),
};

/** Options of {@link createDailyActors}. */
export interface DailyActorsOptions {
  /** Used instead of `call.startDialOut` (see `DialOutManagerOptions.starter`); resolves `{ sessionId }`. */
  readonly starter?: ((options: DailyStartDialoutOptions) => Promise<{ sessionId: string }>) | undefined;
}

/** A mutable deep copy: daily-js assigns `provider` on the options object it is given, and ours are frozen. */
function mutableCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(mutableCopy) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mutableCopy(v);
    return out as T;
  }
  return value;
}

/**
 * Binds the bridge and the promise actors to one daily-js call.
 *
 * @remarks
 * The promise actors are `async`, so a synchronous throw of daily-js (as
 * `stopDialOut()` does before join) becomes a rejection. `startDialOut` passes
 * daily-js a fresh mutable copy of the options.
 *
 * @param call - The daily-js call object (or the fake one from `daily-dialout-machine/testing`).
 * @param options - `starter`: starts dial-outs instead of `call.startDialOut` (e.g. through your backend and Daily's REST API).
 * @returns Actor logic for `dailyBridge`, `startDialOut`, `stopDialOut`, `sendDTMF`.
 *
 * @example
 * ```ts
 * const logic = dialOutManagerMachine.provide({ actors: createDailyActors(call) });
 * ```
 */
export function createDailyActors(call: DailyCallLike, options: DailyActorsOptions = {}) {
  const { starter } = options;
  return {
    dailyBridge: fromCallback<EventObject, DailyBridgeInput>(({ sendBack, input }) => {
      const handlers = DIALOUT_EVENT_TYPES.map((name) => {
        const handler = (payload: unknown) => sendBack({ type: 'daily.event', name, payload, at: input.now() } satisfies DailyBridgeEvent);
        return [name, handler] as const;
      });
      const onLeft = () => sendBack({ type: 'daily.left-meeting', at: input.now() } satisfies DailyBridgeEvent);
      const onDestroyed = () => sendBack({ type: 'daily.call-instance-destroyed', at: input.now() } satisfies DailyBridgeEvent);
      for (const [name, handler] of handlers) call.on(name, handler);
      call.on('left-meeting', onLeft);
      call.on('call-instance-destroyed', onDestroyed);
      return () => {
        for (const [name, handler] of handlers) call.off(name, handler);
        call.off('left-meeting', onLeft);
        call.off('call-instance-destroyed', onDestroyed);
      };
    }),
    startDialOut: fromPromise<StartDialOutOutput, StartDialOutInput>(async ({ input }) => {
      if (!starter) return call.startDialOut(mutableCopy(input.options));
      const result: unknown = await starter(mutableCopy(input.options));
      const sessionId = result && typeof result === 'object' ? (result as { sessionId?: unknown }).sessionId : undefined;
      return typeof sessionId === 'string' && sessionId ? { session: { sessionId } } : {};
    }),
    stopDialOut: fromPromise<void, StopDialOutInput>(async ({ input }) => {
      await call.stopDialOut({ sessionId: input.sessionId });
    }),
    sendDTMF: fromPromise<void, SendDtmfInput>(async ({ input }) => {
      await call.sendDTMF({ sessionId: input.sessionId, tones: input.tones });
    }),
  };
}
