/**
 * The XState machine of the manager: the Daily bridge and the start attempts.
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import { emit, enqueueActions, setup } from 'xstate';
import { type BridgeSignal, type DailyActorsOptions, type StartReport, unboundDailyActors } from '../daily/actors.js';
import type { DailyCallLike } from '../types.js';

interface ManagerContext {
  readonly deliver: (signal: BridgeSignal) => void;
  readonly call: DailyCallLike | undefined;
  readonly starter: DailyActorsOptions['starter'];
}

/** Input of {@link dialOutManagerMachine}. */
export interface DialOutManagerInput {
  /** Receives what the bridge hears on the call. Default: nothing. */
  readonly deliver?: (signal: BridgeSignal) => void;
  /** The call the bridge listens to and dial-outs start on (unless the actors are provided). */
  readonly call?: DailyCallLike;
  /** Starts dial-outs instead of `call.startDialOut` (see `DialOutManagerOptions.starter`). */
  readonly starter?: DailyActorsOptions['starter'];
}

type ManagerEvent =
  | { type: 'start.request'; requestId: number; localId: string; options: DailyStartDialoutOptions }
  | StartReport
  | { type: 'orphan.stop'; sessionId: string }
  | { type: 'dispose' };

/** What the manager tells whoever runs it (`actor.on(type, …)`). */
type DialOutManagerEmitted = StartReport;

const startChildId = (requestId: number) => `start.${requestId}`;

/**
 * The manager machine: `running` (the `dailyBridge` is invoked, so its
 * listeners live exactly as long as this state) and the final `disposed`.
 *
 * @remarks
 * Each start attempt is a `startDialOut` child that reports back with the
 * fixed events `start.resolved` / `start.rejected`; the manager stops it and
 * emits the report. Starts live here, not in the session, because a start
 * that resolves after its session gave up must still be seen: that orphaned
 * dial-out is hung up (`orphan.stop` → the `stopOrphan` action). Sessions are
 * actors of their own ({@link dialOutSessionMachine}), run by
 * `createDialOutManager`.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * import { dialOutManagerMachine } from 'daily-dialout-machine';
 *
 * const actor = createActor(dialOutManagerMachine, {
 *   input: { call, deliver: (signal) => console.log(signal.name) },
 * }).start();
 * ```
 */
export const dialOutManagerMachine = setup({
  types: {
    context: {} as ManagerContext,
    events: {} as ManagerEvent,
    input: {} as DialOutManagerInput,
    emitted: {} as DialOutManagerEmitted,
  },
  actors: {
    dailyBridge: unboundDailyActors.dailyBridge,
    startDialOut: unboundDailyActors.startDialOut,
  },
  actions: {
    spawnStart: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'start.request') return;
      const { requestId, localId, options } = event;
      const { call, starter } = context;
      enqueue.spawnChild('startDialOut', { id: startChildId(requestId), input: { requestId, localId, options, call, starter } });
    }),
    settleStart: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'start.resolved' && event.type !== 'start.rejected') return;
      enqueue.stopChild(startChildId(event.requestId));
      enqueue(emit(event));
    }),
    /** Hangs up a dial-out nobody waits for any more; its answer does not matter. */
    stopOrphan: ({ context, event }) => {
      const { call } = context;
      if (event.type !== 'orphan.stop' || !call) return;
      Promise.resolve()
        .then(() => call.stopDialOut({ sessionId: event.sessionId }))
        .catch(() => {});
    },
  },
}).createMachine({
  id: 'dialOutManager',
  context: ({ input }) => ({ deliver: input?.deliver ?? (() => {}), call: input?.call, starter: input?.starter }),
  initial: 'running',
  states: {
    running: {
      invoke: { id: 'dailyBridge', src: 'dailyBridge', input: ({ context }) => ({ deliver: context.deliver, call: context.call }) },
      on: {
        'start.request': { actions: 'spawnStart' },
        'start.resolved': { actions: 'settleStart' },
        'start.rejected': { actions: 'settleStart' },
        'orphan.stop': { actions: 'stopOrphan' },
        dispose: 'disposed',
      },
    },
    disposed: { type: 'final' },
  },
});

/** The XState logic type of {@link dialOutManagerMachine}. */
export type DialOutManagerMachine = typeof dialOutManagerMachine;
