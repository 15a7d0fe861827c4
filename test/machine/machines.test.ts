import { createActor, fromCallback, fromPromise } from 'xstate';
import { describe, expect, it, vi } from 'vitest';
import {
  createDailyActors,
  dialOutManagerMachine,
  dialOutSessionMachine,
  machineEdges,
  resolveManagerOptions,
  statusOfStateValue,
} from '../../src/index.js';
import type { StartDialOutOutput } from '../../src/index.js';
import { FakeDailyCall } from '../../src/testing/index.js';
import { flush } from '../helpers.js';

describe('dialOutSessionMachine', () => {
  it('has the lifecycle as its top-level states, with stopped and error final', () => {
    const states = dialOutSessionMachine.root.states;
    expect(Object.keys(states)).toEqual(['idle', 'connecting', 'connected', 'answered', 'stopping', 'stopped', 'error']);
    expect(Object.values(states).filter((s) => s.type === 'final').map((s) => s.key)).toEqual(['stopped', 'error']);
  });

  it('never has a transition backwards in lifecycle order', () => {
    const order = ['idle', 'connecting', 'connected', 'answered', 'stopping', 'stopped', 'error'];
    const rank = (s: string) => (s === 'error' ? order.indexOf('stopped') : order.indexOf(s));
    for (const edge of machineEdges(dialOutSessionMachine)) {
      expect(rank(edge.to), `${edge.from} → ${edge.to}`).toBeGreaterThan(rank(edge.from));
    }
  });

  it('names every action, guard and delay in setup (readable in the visualiser)', () => {
    const json = JSON.stringify(dialOutSessionMachine.definition);
    expect(json).toContain('"recordAnswered"');
    expect(json).toContain('xstate.after.ringTimeout');
    const impl = dialOutSessionMachine.implementations;
    expect(Object.keys(impl.delays).sort()).toEqual(['maxDuration', 'retryDelay', 'ringTimeout', 'startTimeout', 'stopTimeout']);
    expect(Object.keys(impl.guards)).toContain('canRetry');
    expect(JSON.stringify(dialOutManagerMachine.definition)).toContain('"dailyBridge"');
  });

  it('maps state values to statuses', () => {
    expect(statusOfStateValue('answered')).toBe('answered');
    expect(statusOfStateValue({ connecting: 'starting' })).toBe('connecting');
    expect(statusOfStateValue({ stopping: 'requesting' })).toBe('stopping');
  });
});

describe('dialOutManagerMachine', () => {
  const input = resolveManagerOptions({}).input;

  it('runs with fake actors provided by name', async () => {
    const startDialOut = vi.fn(async (): Promise<StartDialOutOutput> => ({ session: { sessionId: 'P1' } }));
    let sendBack: ((e: unknown) => void) | undefined;
    const logic = dialOutManagerMachine.provide({
      actors: {
        startDialOut: fromPromise(startDialOut),
        dailyBridge: fromCallback(({ sendBack: sb }) => {
          sendBack = sb as (e: unknown) => void;
          return () => {};
        }),
      },
    });
    const actor = createActor(logic, { input }).start();
    actor.send({ type: 'start', id: 'a', options: { phoneNumber: '+15555550100' }, joined: true });
    await flush();
    expect(startDialOut).toHaveBeenCalledTimes(1);
    sendBack?.({ type: 'daily.event', name: 'dialout-answered', payload: { sessionId: 'P1' }, at: 1 });
    const session = actor.getSnapshot().context.sessions.a;
    expect(statusOfStateValue(session?.getSnapshot().value as string)).toBe('answered');
    actor.stop();
  });

  it('has unbound Daily actors by default that fail clearly instead of hanging', async () => {
    const actor = createActor(dialOutManagerMachine, { input }).start();
    actor.send({ type: 'start', id: 'a', options: { phoneNumber: '+15555550100' }, joined: true });
    await flush();
    const session = actor.getSnapshot().context.sessions.a?.getSnapshot();
    expect(session?.context.error).toMatchObject({ code: 'START_FAILED' });
    expect(session?.context.error?.message).toMatch(/not bound to a Daily call/);
    actor.stop();
  });

  it('binds the bridge to the call: listeners while running, none after stop', () => {
    const call = new FakeDailyCall();
    const actor = createActor(dialOutManagerMachine.provide({ actors: createDailyActors(call) }), { input }).start();
    expect(call.listenerCount()).toBe(7);
    actor.stop();
    expect(call.listenerCount()).toBe(0);
  });
});
