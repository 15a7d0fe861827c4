/**
 * The XState machine of the manager: the Daily bridge and the start attempts.
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import { emit, enqueueActions, setup } from 'xstate';
import { type BridgeSignal, type StartReport, unboundDailyActors } from '../daily/actors.js';

interface ManagerContext {
  readonly deliver: (signal: BridgeSignal) => void;
}

/** Input of {@link dialOutManagerMachine}. */
export interface DialOutManagerInput {
  /** Receives what the bridge hears on the call. Default: nothing. */
  readonly deliver?: (signal: BridgeSignal) => void;
}

type ManagerEvent =
  | { type: 'start.request'; requestId: number; localId: string; options: DailyStartDialoutOptions }
  | StartReport
  | { type: 'orphan.stop'; sessionId: string }
  | { type: 'dispose' };

/** What the manager tells whoever runs it (`actor.on(type, …)`). */
export type DialOutManagerEmitted = StartReport;

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
 * import { createDailyActors, dialOutManagerMachine } from 'daily-dialout-machine';
 *
 * const actor = createActor(dialOutManagerMachine.provide({ actors: createDailyActors(call) }), {
 *   input: { deliver: (signal) => console.log(signal.name) },
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
    spawnStart: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'start.request') return;
      const { requestId, localId, options } = event;
      enqueue.spawnChild('startDialOut', { id: startChildId(requestId), input: { requestId, localId, options } });
    }),
    settleStart: enqueueActions(({ event, enqueue }) => {
      if (event.type !== 'start.resolved' && event.type !== 'start.rejected') return;
      enqueue.stopChild(startChildId(event.requestId));
      enqueue(emit(event));
    }),
    stopOrphan: () => {},
  },
}).createMachine({
  id: 'dialOutManager',
  context: ({ input }) => ({ deliver: input?.deliver ?? (() => {}) }),
  initial: 'running',
  states: {
    running: {
      invoke: { id: 'dailyBridge', src: 'dailyBridge', input: ({ context }) => ({ deliver: context.deliver }) },
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
