/**
 * The XState actors that speak to a daily-js call object.
 */
import type { DailyEvent, DailyStartDialoutOptions } from '@daily-co/daily-js';
import { type EventObject, fromCallback, fromPromise } from 'xstate';
import type { DailyCallLike, DialOutDtmfOptions, DialOutEventType, DialOutReferOptions, DialOutTransferOptions } from '../types.js';
import { DIALOUT_EVENT_TYPES } from './events.js';

/** The other daily-js events the bridge hands on with their payload: received DTMF and the room's participants. */
export const LEG_EVENT_TYPES = ['dtmf-event', 'participant-joined', 'participant-updated', 'participant-left'] as const;

/** What the bridge hands on: a `dialout-*`, `dtmf-event` or `participant-*` event object, or the call joining, leaving or being destroyed. */
export type BridgeSignal =
  | { readonly name: DialOutEventType | (typeof LEG_EVENT_TYPES)[number]; readonly payload: unknown }
  | { readonly name: 'joined-meeting' | 'left-meeting' | 'call-instance-destroyed' };

/** The call (and starter) an actor works on: given in its input, unless {@link createDailyActors} bound it. */
export interface CallInput {
  readonly call?: DailyCallLike | undefined;
  readonly starter?: DailyActorsOptions['starter'];
}

/** Input of the `dailyBridge` actor. */
export interface BridgeInput extends CallInput {
  readonly deliver: (signal: BridgeSignal) => void;
}

/** Input of the `startDialOut` actor: one attempt. */
export interface StartInput extends CallInput {
  readonly requestId: number;
  readonly localId: string;
  readonly options: DailyStartDialoutOptions;
}

/** What the `startDialOut` actor reports to the manager (fixed event types, so the long-lived manager sees no new event type per request). */
export type StartReport =
  | { type: 'start.resolved'; requestId: number; localId: string; output: unknown }
  | { type: 'start.rejected'; requestId: number; localId: string; error: unknown };

/** Options of {@link createDailyActors}. */
export interface DailyActorsOptions {
  /** Used instead of `call.startDialOut` (see `DialOutManagerOptions.starter`); resolves `{ sessionId }`. */
  readonly starter?: ((options: DailyStartDialoutOptions) => Promise<{ sessionId: string }>) | undefined;
}

const NOT_BOUND =
  'This actor is not bound to a Daily call: use createDialOutManager(call), or provide it with machine.provide({ actors: createDailyActors(call) }).';

/** daily-js writes into the options object it is given (`provider`, `useSipRefer`), and ours are frozen: hand it a mutable deep copy. */
function mutableCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(mutableCopy) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = mutableCopy(v);
    return out as T;
  }
  return value;
}

/** Runs `fn` now; a synchronous throw becomes a rejection. */
function attempt<T>(fn: () => T | PromiseLike<T>): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (err) {
    return Promise.reject(err);
  }
}

async function startOnce({ call, starter }: CallInput, options: DailyStartDialoutOptions): Promise<unknown> {
  if (!call) throw new Error(NOT_BOUND);
  if (!starter) return call.startDialOut(options);
  const result: unknown = await starter(options);
  const sessionId = result && typeof result === 'object' ? (result as { sessionId?: unknown }).sessionId : undefined;
  return typeof sessionId === 'string' && sessionId ? { session: { sessionId } } : {};
}

function callOf(bound: CallInput | undefined, input: CallInput): DailyCallLike {
  const call = bound?.call ?? input.call;
  if (!call) throw new Error(NOT_BOUND);
  return call;
}

/** The actors of both machines, working on `bound`'s call when given, else on the call in their input. */
function dailyActors(bound?: CallInput) {
  return {
    dailyBridge: fromCallback<EventObject, BridgeInput>(({ input }) => {
      const call = bound?.call ?? input.call;
      if (!call) return () => {};
      const handlers: [DailyEvent, (payload: unknown) => void][] = [...DIALOUT_EVENT_TYPES, ...LEG_EVENT_TYPES].map((name) => [
        // 'dtmf-event' is emitted by daily-js 0.92.2 but missing from its DailyEvent union
        name as DailyEvent,
        (payload: unknown) => input.deliver({ name, payload }),
      ]);
      for (const name of ['joined-meeting', 'left-meeting', 'call-instance-destroyed'] as const) {
        handlers.push([name, () => input.deliver({ name })]);
      }
      for (const [name, handler] of handlers) call.on(name, handler);
      return () => {
        for (const [name, handler] of handlers) call.off(name, handler);
      };
    }),
    startDialOut: fromCallback<EventObject, StartInput>(({ input, sendBack }) => {
      let live = true;
      const { requestId, localId } = input;
      attempt(() => startOnce(bound ?? input, mutableCopy(input.options))).then(
        (output) => live && sendBack({ type: 'start.resolved', requestId, localId, output } satisfies StartReport),
        (error: unknown) => live && sendBack({ type: 'start.rejected', requestId, localId, error } satisfies StartReport),
      );
      return () => {
        live = false;
      };
    }),
    stopDialOut: fromPromise<void, CallInput & { sessionId: string }>(async ({ input }) => {
      await callOf(bound, input).stopDialOut({ sessionId: input.sessionId });
    }),
    sendDTMF: fromPromise<void, CallInput & { sessionId: string; tones: string; options?: DialOutDtmfOptions }>(async ({ input }) => {
      await callOf(bound, input).sendDTMF({ ...input.options, sessionId: input.sessionId, tones: input.tones });
    }),
    sipCallTransfer: fromPromise<
      void,
      CallInput & { sessionId: string } & (
          | { method: 'transfer'; options: DialOutTransferOptions }
          | { method: 'refer'; options: DialOutReferOptions }
        )
    >(async ({ input }) => {
      const call = callOf(bound, input);
      // daily-js writes `useSipRefer` into the object it gets: always a fresh one
      const options = { ...mutableCopy(input.options), sessionId: input.sessionId };
      const method = input.method === 'refer' ? call.sipRefer : call.sipCallTransfer;
      if (typeof method !== 'function') throw new Error(`The call object has no ${input.method === 'refer' ? 'sipRefer' : 'sipCallTransfer'}()`);
      await method.call(call, options);
    }),
  };
}

/** The actors of the exported machine definitions: they work on the `call` in their input, and fail clearly without one. */
export const unboundDailyActors = dailyActors();

/**
 * Binds the actors of both machines to one daily-js call, for `.provide({ actors })`.
 *
 * @remarks
 * - `dailyBridge` (manager): `call.on` of every `dialout-*` event plus
 *   `left-meeting` and `call-instance-destroyed` when it starts, `call.off`
 *   of the same handlers when it stops.
 * - `startDialOut` (manager): one `call.startDialOut()` attempt (or the
 *   `starter`), given a fresh mutable copy of the options; it reports
 *   `start.resolved` / `start.rejected` to the manager.
 * - `stopDialOut`, `sendDTMF` (session): promise actors around the daily-js
 *   methods of the same names; a synchronous throw (daily-js's "only
 *   supported after join") becomes a rejection.
 *
 * The machines' own actors do the same with the `call` of their input
 * (`createDialOutManager` passes it), so binding is only needed to run a
 * machine on its own.
 *
 * @param call - The daily-js call object (or `FakeDailyCall` from `daily-dialout-machine/testing`).
 * @param options - `starter`: starts dial-outs instead of `call.startDialOut` (e.g. through your backend and Daily's REST API).
 * @returns Actor logic by name, for `dialOutManagerMachine.provide({ actors })` and `dialOutSessionMachine.provide({ actors })`.
 *
 * @example
 * ```ts
 * const actors = createDailyActors(call);
 * const session = dialOutSessionMachine.provide({ actors });
 * ```
 */
export function createDailyActors(call: DailyCallLike, options: DailyActorsOptions = {}) {
  return dailyActors({ call, starter: options.starter });
}
