import { createActor, fromCallback, fromPromise } from 'xstate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createDailyActors,
  dialOutManagerMachine,
  dialOutSessionMachine,
  machineEdges,
  resolveManagerOptions,
  statusOfStateValue,
} from '../../src/index.js';
import type { DialOutSessionInput } from '../../src/index.js';
import { FakeDailyCall } from '../../src/testing/index.js';
import { flush } from '../helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const { timing } = resolveManagerOptions({});

/** A promise the test settles, and what its actor was started with. */
function deferred<TInput>() {
  const inputs: TInput[] = [];
  const settlers: { resolve(): void; reject(reason: unknown): void }[] = [];
  const logic = fromPromise<void, TInput>(({ input }) => {
    inputs.push(input);
    return new Promise<void>((resolve, reject) => settlers.push({ resolve, reject }));
  });
  return { logic, inputs, settlers };
}

/** An emitted-event recorder for `actor.on('*', …)`. */
function recorder() {
  const emitted: { type: string }[] = [];
  return { emitted, record: (e: { type: string }) => emitted.push(e) };
}

describe('dialOutSessionMachine', () => {
  it('has the lifecycle as its top-level states, with stopped and error final', () => {
    const states = dialOutSessionMachine.root.states;
    expect(Object.keys(states)).toEqual(['idle', 'connecting', 'connected', 'answered', 'stopping', 'stopped', 'error']);
    expect(Object.values(states).filter((s) => s.type === 'final').map((s) => s.key)).toEqual(['stopped', 'error']);
    expect(Object.keys(states.answered?.states ?? {})).toEqual(['ready', 'sendingDtmf']);
    expect(Object.keys(states.stopping?.states ?? {})).toEqual(['awaitingSessionId', 'requesting', 'awaitingStopped', 'stopFailed']);
  });

  it('never has a transition backwards in lifecycle order', () => {
    const order = ['idle', 'connecting', 'connected', 'answered', 'stopping', 'stopped', 'error'];
    const rank = (s: string) => (s === 'error' ? order.indexOf('stopped') : order.indexOf(s));
    const edges = machineEdges(dialOutSessionMachine);
    expect(edges.length).toBeGreaterThan(10);
    for (const edge of edges) {
      expect(rank(edge.to), `${edge.from} → ${edge.to}`).toBeGreaterThan(rank(edge.from));
    }
  });

  it('names every action, guard, delay and invoked actor in setup (readable in the visualiser)', () => {
    const json = JSON.stringify(dialOutSessionMachine.definition);
    expect(json).toContain('"recordAnswered"');
    expect(json).toContain('xstate.after.ringTimeout');
    const impl = dialOutSessionMachine.implementations;
    expect(Object.keys(impl.delays).sort()).toEqual(['maxDuration', 'retryDelay', 'ringTimeout', 'startTimeout', 'stopTimeout']);
    expect(Object.keys(impl.guards)).toContain('canRetry');
    expect(Object.keys(impl.actions)).toEqual(expect.arrayContaining(['requestStart', 'requestHangUp', 'reportStopFailure', 'settleDtmf']));
    expect(Object.keys(impl.actors).sort()).toEqual(['sendDTMF', 'stopDialOut']);
    const invoked = (path: 'stopping.requesting' | 'answered.sendingDtmf') =>
      dialOutSessionMachine.getStateNodeById(`dialOutSession.${path}`).invoke.map((i) => ({ id: i.id, src: i.src }));
    expect(invoked('stopping.requesting')).toEqual([{ id: 'stopDialOut', src: 'stopDialOut' }]);
    expect(invoked('answered.sendingDtmf')).toEqual([{ id: 'sendDTMF', src: 'sendDTMF' }]);
    expect(JSON.stringify(dialOutManagerMachine.definition)).toContain('"dailyBridge"');
  });

  it('maps state values to statuses', () => {
    expect(statusOfStateValue('idle')).toBe('idle');
    expect(statusOfStateValue({ answered: 'ready' })).toBe('answered');
    expect(statusOfStateValue({ connecting: 'starting' })).toBe('connecting');
    expect(statusOfStateValue({ stopping: 'requesting' })).toBe('stopping');
  });

  describe('run on its own, with fake actors provided by name', () => {
    const REMOTE: DialOutSessionInput = { id: 'remote-1', initiator: 'remote', sessionId: 'S1', timing, now: () => 0 };
    const fields = { sessionId: 'S1' };

    type StopInput = { sessionId: string };
    type DtmfInput = { sessionId: string; tones: string };

    function answered() {
      const stop = deferred<StopInput>();
      const dtmf = deferred<DtmfInput>();
      const logic = dialOutSessionMachine.provide({ actors: { stopDialOut: stop.logic, sendDTMF: dtmf.logic } });
      const actor = createActor(logic, { input: REMOTE }).start();
      const { emitted, record } = recorder();
      actor.on('*', record);
      actor.send({ type: 'daily.answered', fields, at: 0 });
      expect(actor.getSnapshot().value).toEqual({ answered: 'ready' });
      return { actor, emitted, stop, dtmf };
    }

    it('invokes stopDialOut in stopping.requesting; onDone waits for dialout-stopped', async () => {
      const { actor, emitted, stop } = answered();
      actor.send({ type: 'stop' });
      expect(actor.getSnapshot().value).toEqual({ stopping: 'requesting' });
      expect(stop.inputs).toEqual([{ sessionId: 'S1' }]);
      stop.settlers[0]?.resolve();
      await flush();
      expect(actor.getSnapshot().value).toEqual({ stopping: 'awaitingStopped' });
      actor.send({ type: 'daily.stopped', fields, at: 0 });
      expect(actor.getSnapshot().value).toBe('stopped');
      expect(actor.getSnapshot().context.outcome).toBe('completed');
      expect(emitted).toEqual([]);
    });

    it('onError of stopDialOut: stopFailed, a warning, stop.failed emitted; stop() sends it again', async () => {
      const { actor, emitted, stop } = answered();
      actor.send({ type: 'stop' });
      const refusal = new Error('daily-js refused');
      stop.settlers[0]?.reject(refusal);
      await flush();
      expect(actor.getSnapshot().value).toEqual({ stopping: 'stopFailed' });
      expect(emitted).toEqual([{ type: 'stop.failed', error: refusal }]);
      expect(actor.getSnapshot().context.warnings.map((w) => w.message)).toEqual(['stopDialOut() failed: daily-js refused']);
      actor.send({ type: 'stop' });
      expect(actor.getSnapshot().value).toEqual({ stopping: 'requesting' });
      expect(stop.inputs).toEqual([{ sessionId: 'S1' }, { sessionId: 'S1' }]);
      stop.settlers[1]?.resolve();
      await flush();
      expect(actor.getSnapshot().value).toEqual({ stopping: 'awaitingStopped' });
      actor.stop();
    });

    it('stops by the stop timeout when Daily never confirms, whatever stopDialOut does', async () => {
      const { actor } = answered();
      actor.send({ type: 'stop' });
      await vi.advanceTimersByTimeAsync(timing.stopTimeoutMs);
      expect(actor.getSnapshot().value).toBe('stopped');
    });

    it('invokes sendDTMF in answered.sendingDtmf, one request at a time, and emits dtmf.settled for each', async () => {
      const { actor, emitted, dtmf } = answered();
      actor.send({ type: 'dtmf.send', requestId: 1, tones: '12' });
      actor.send({ type: 'dtmf.send', requestId: 2, tones: '#' });
      expect(actor.getSnapshot().value).toEqual({ answered: 'sendingDtmf' });
      expect(dtmf.inputs).toEqual([{ sessionId: 'S1', tones: '12' }]);
      dtmf.settlers[0]?.resolve();
      await flush();
      expect(emitted).toEqual([{ type: 'dtmf.settled', requestId: 1, ok: true }]);
      expect(dtmf.inputs).toEqual([
        { sessionId: 'S1', tones: '12' },
        { sessionId: 'S1', tones: '#' },
      ]);
      const busy = new Error('busy');
      dtmf.settlers[1]?.reject(busy);
      await flush();
      expect(emitted.at(-1)).toEqual({ type: 'dtmf.settled', requestId: 2, ok: false, error: busy });
      expect(actor.getSnapshot().value).toEqual({ answered: 'ready' });
      actor.stop();
    });

    it('refuses DTMF outside answered with a dtmf.settled that is not ok', () => {
      const dtmf = deferred<DtmfInput>();
      const actor = createActor(dialOutSessionMachine.provide({ actors: { sendDTMF: dtmf.logic } }), { input: REMOTE }).start();
      const { emitted, record } = recorder();
      actor.on('dtmf.settled', record);
      actor.send({ type: 'dtmf.send', requestId: 7, tones: '1' });
      expect(emitted).toEqual([{ type: 'dtmf.settled', requestId: 7, ok: false, error: new Error('sendDTMF() needs an answered session') }]);
      expect(dtmf.inputs).toEqual([]);
      actor.stop();
    });

    it('a local session emits start.request on each attempt, and hangup.request when it gives up on a known sessionId', async () => {
      const actor = createActor(dialOutSessionMachine, {
        input: { id: 'dialout-1', initiator: 'local', options: { phoneNumber: '+15555550100' }, joined: true, timing, now: () => 0, random: () => 0 },
      });
      const { emitted, record } = recorder();
      actor.on('*', record);
      actor.start();
      expect(actor.getSnapshot().value).toEqual({ connecting: 'starting' });
      expect(emitted).toEqual([{ type: 'start.request', attempt: 1, options: { phoneNumber: '+15555550100' } }]);
      const retryable = { code: 'TEMPORARILY_NOT_AVAILABLE', message: 'busy', retryable: true, at: 0 } as const;
      actor.send({ type: 'start.rejected', error: retryable });
      expect(actor.getSnapshot().value).toEqual({ connecting: 'retryWait' });
      await vi.advanceTimersByTimeAsync(0); // random() = 0: no backoff
      expect(emitted.at(-1)).toEqual({ type: 'start.request', attempt: 2, options: { phoneNumber: '+15555550100' } });
      actor.send({ type: 'start.resolved', sessionId: 'S9', at: 0 });
      await vi.advanceTimersByTimeAsync(timing.startTimeoutMs);
      expect(actor.getSnapshot().value).toBe('error');
      expect(actor.getSnapshot().context.error?.code).toBe('START_TIMEOUT');
      expect(emitted.at(-1)).toEqual({ type: 'hangup.request', sessionId: 'S9' });
      expect(emitted).toHaveLength(3);
    });

    it('is unbound by default: stopDialOut and sendDTMF fail clearly instead of hanging', async () => {
      const actor = createActor(dialOutSessionMachine, { input: REMOTE }).start();
      const { emitted, record } = recorder();
      actor.on('*', record);
      actor.send({ type: 'daily.answered', fields, at: 0 });
      actor.send({ type: 'dtmf.send', requestId: 1, tones: '1' });
      await flush();
      expect(emitted).toHaveLength(1);
      expect(emitted[0]).toMatchObject({ type: 'dtmf.settled', requestId: 1, ok: false });
      expect(String((emitted[0] as { error?: unknown }).error)).toMatch(/not bound to a Daily call/);
      actor.send({ type: 'stop' });
      await flush();
      expect(actor.getSnapshot().value).toEqual({ stopping: 'stopFailed' });
      expect(String((emitted[1] as { error?: unknown }).error)).toMatch(/not bound to a Daily call/);
      actor.stop();
    });
  });
});

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
    expect(call.listenerCount()).toBe(7);
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
