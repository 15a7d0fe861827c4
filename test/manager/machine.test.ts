import { createActor, fromCallback } from 'xstate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDailyActors, dialOutManagerMachine } from '../../src/index.js';
import { FakeDailyCall } from '../../src/testing/index.js';
import { flush } from '../helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** An emitted-event recorder for `actor.on('*', …)`. */
function recorder() {
  const emitted: { type: string }[] = [];
  return { emitted, record: (e: { type: string }) => emitted.push(e) };
}

describe('dialOutManagerMachine', () => {
  const OPTIONS = { phoneNumber: '+15555550100' };

  it('has running, which invokes the bridge, and the final disposed', () => {
    expect(Object.keys(dialOutManagerMachine.root.states)).toEqual(['running', 'disposed']);
    expect(dialOutManagerMachine.root.states.disposed?.type).toBe('final');
    expect(dialOutManagerMachine.root.states.running?.invoke.map((i) => i.src)).toEqual(['dailyBridge']);
  });

  it('runs a start attempt as a startDialOut child, emits its report and stops it', () => {
    const started: unknown[] = [];
    let stopped = 0;
    let report: ((e: unknown) => void) | undefined;
    const logic = dialOutManagerMachine.provide({
      actors: {
        startDialOut: fromCallback(({ input, sendBack }) => {
          started.push(input);
          report = sendBack as (e: unknown) => void;
          return () => {
            stopped += 1;
          };
        }),
      },
    });
    const actor = createActor(logic, { input: {} }).start();
    const { emitted, record } = recorder();
    actor.on('*', record);
    actor.send({ type: 'start.request', requestId: 1, localId: 'dialout-1', options: OPTIONS });
    expect(started).toEqual([{ requestId: 1, localId: 'dialout-1', options: OPTIONS }]);
    expect(stopped).toBe(0);
    const resolved = { type: 'start.resolved', requestId: 1, localId: 'dialout-1', output: { session: { sessionId: 'P1' } } };
    report?.(resolved);
    expect(emitted).toEqual([resolved]);
    expect(stopped).toBe(1);
    // another attempt, rejected: the same fixed event types whatever the request
    actor.send({ type: 'start.request', requestId: 2, localId: 'dialout-2', options: OPTIONS });
    const rejected = { type: 'start.rejected', requestId: 2, localId: 'dialout-2', error: 'NOT_ALLOWED' };
    report?.(rejected);
    expect(emitted).toEqual([resolved, rejected]);
    expect(stopped).toBe(2);
    expect(actor.getSnapshot().value).toBe('running');
    actor.stop();
  });

  it('hands what the bridge hears to input.deliver, and stops the bridge and pending starts on dispose', () => {
    const delivered: unknown[] = [];
    const cleanups: string[] = [];
    let deliver: ((signal: unknown) => void) | undefined;
    const logic = dialOutManagerMachine.provide({
      actors: {
        dailyBridge: fromCallback(({ input }) => {
          deliver = (input as { deliver: (signal: unknown) => void }).deliver;
          return () => cleanups.push('bridge');
        }),
        startDialOut: fromCallback(() => () => cleanups.push('start')),
      },
    });
    const actor = createActor(logic, { input: { deliver: (signal) => delivered.push(signal) } }).start();
    deliver?.({ name: 'dialout-connected', payload: { sessionId: 'S1' } });
    expect(delivered).toEqual([{ name: 'dialout-connected', payload: { sessionId: 'S1' } }]);
    actor.send({ type: 'start.request', requestId: 1, localId: 'dialout-1', options: OPTIONS });
    actor.send({ type: 'dispose' });
    expect(actor.getSnapshot().status).toBe('done');
    expect(cleanups.sort()).toEqual(['bridge', 'start']);
  });

  it('hangs up an orphan through the stopOrphan action', () => {
    const orphans: string[] = [];
    const logic = dialOutManagerMachine.provide({
      actions: {
        stopOrphan: ({ event }) => {
          if (event.type === 'orphan.stop') orphans.push(event.sessionId);
        },
      },
    });
    const actor = createActor(logic, { input: {} }).start();
    actor.send({ type: 'orphan.stop', sessionId: 'S7' });
    expect(orphans).toEqual(['S7']);
    actor.stop();
  });

  it('has unbound Daily actors by default that fail clearly instead of hanging', async () => {
    const actor = createActor(dialOutManagerMachine, { input: {} }).start();
    const { emitted, record } = recorder();
    actor.on('*', record);
    actor.send({ type: 'start.request', requestId: 1, localId: 'dialout-1', options: OPTIONS });
    await flush();
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({ type: 'start.rejected', requestId: 1, localId: 'dialout-1' });
    const error = (emitted[0] as { error?: unknown }).error;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/not bound to a Daily call/);
    actor.stop();
  });

  it('binds the actors to the call: bridge listeners while running, none after stop; startDialOut reports what daily-js answers', async () => {
    const call = new FakeDailyCall();
    const delivered: { name: string }[] = [];
    const actor = createActor(dialOutManagerMachine.provide({ actors: createDailyActors(call) }), {
      input: { deliver: (signal) => delivered.push(signal) },
    }).start();
    // 5 dialout-* + dtmf-event and 3 participant-* + joined-meeting, left-meeting, call-instance-destroyed
    expect(call.listenerCount()).toBe(12);
    const { emitted, record } = recorder();
    actor.on('*', record);
    call.emit('dialout-answered', { sessionId: 'S1' });
    call.leave();
    expect(delivered.map((d) => d.name)).toEqual(['dialout-answered', 'left-meeting']);
    call.setMeetingState('joined-meeting');
    actor.send({ type: 'start.request', requestId: 1, localId: 'dialout-1', options: OPTIONS });
    expect(call.startCalls.map((c) => c.args)).toEqual([OPTIONS]);
    call.resolveStart('P1');
    await flush();
    expect(emitted).toEqual([{ type: 'start.resolved', requestId: 1, localId: 'dialout-1', output: { session: { sessionId: 'P1' } } }]);
    // a start settled after the manager stopped reports nothing
    actor.send({ type: 'start.request', requestId: 2, localId: 'dialout-2', options: OPTIONS });
    actor.stop();
    expect(call.listenerCount()).toBe(0);
    call.rejectStart('NOT_ALLOWED');
    await flush();
    expect(emitted).toHaveLength(1);
  });
});
