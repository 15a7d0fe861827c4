import { createActor, fromPromise } from 'xstate';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DialOutStateError,
  dialOutManagerMachine,
  dialOutSessionMachine,
  machineEdges,
  resolveManagerOptions,
  statusOfStateValue,
  toSessionSnapshot,
} from '../../src/index.js';
import type { DialOutSessionInput } from '../../src/index.js';
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

/** The state value of an answered session with nothing going on. */
const ANSWERED = { answered: { dtmf: 'ready', transfer: 'idle', audio: 'unknown' } };
const SENDING_DTMF = { answered: { dtmf: 'sending', transfer: 'idle', audio: 'unknown' } };

describe('dialOutSessionMachine', () => {
  it('has the lifecycle as its top-level states, with stopped and error final', () => {
    const states = dialOutSessionMachine.root.states;
    expect(Object.keys(states)).toEqual(['idle', 'connecting', 'connected', 'answered', 'stopping', 'stopped', 'error']);
    expect(Object.values(states).filter((s) => s.type === 'final').map((s) => s.key)).toEqual(['stopped', 'error']);
    expect(Object.keys(states.answered?.states ?? {})).toEqual(['dtmf', 'transfer', 'audio']);
    expect(states.answered?.type).toBe('parallel');
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
    expect(Object.keys(impl.delays).sort()).toEqual(['maxDuration', 'noAudio', 'retryDelay', 'ringTimeout', 'startTimeout', 'stopTimeout']);
    expect(Object.keys(impl.guards)).toContain('canRetry');
    expect(Object.keys(impl.actions)).toEqual(expect.arrayContaining(['requestStart', 'requestHangUp', 'reportStopFailure', 'settleDtmf']));
    expect(Object.keys(impl.actors).sort()).toEqual(['sendDTMF', 'sipCallTransfer', 'stopDialOut']);
    const invoked = (path: 'stopping.requesting' | 'answered.dtmf.sending' | 'answered.transfer.requesting') =>
      dialOutSessionMachine.getStateNodeById(`dialOutSession.${path}`).invoke.map((i) => ({ id: i.id, src: i.src }));
    expect(invoked('stopping.requesting')).toEqual([{ id: 'stopDialOut', src: 'stopDialOut' }]);
    expect(invoked('answered.dtmf.sending')).toEqual([{ id: 'sendDTMF', src: 'sendDTMF' }]);
    // the transfer runs as a spawned child, so that a stop while it runs does not lose daily-js's answer
    expect(invoked('answered.transfer.requesting')).toEqual([]);
    expect(JSON.stringify(dialOutSessionMachine.getStateNodeById('dialOutSession.answered.transfer.idle').definition.on)).toContain('spawnTransfer');
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
      expect(actor.getSnapshot().value).toEqual(ANSWERED);
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
      expect(toSessionSnapshot(actor.getSnapshot()).outcome).toBe('completed');
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
      expect(toSessionSnapshot(actor.getSnapshot()).warnings.map((w) => w.message)).toEqual(['stopDialOut() failed: daily-js refused']);
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

    it('invokes sendDTMF in answered.dtmf.sending, one request at a time, and emits dtmf.settled for each', async () => {
      const { actor, emitted, dtmf } = answered();
      actor.send({ type: 'dtmf.send', requestId: 1, chunks: ['12'] });
      actor.send({ type: 'dtmf.send', requestId: 2, chunks: ['#'] });
      expect(actor.getSnapshot().value).toEqual(SENDING_DTMF);
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
      expect(actor.getSnapshot().value).toEqual(ANSWERED);
      actor.stop();
    });

    it('refuses DTMF outside answered with a dtmf.settled that is not ok', () => {
      const dtmf = deferred<DtmfInput>();
      const actor = createActor(dialOutSessionMachine.provide({ actors: { sendDTMF: dtmf.logic } }), { input: REMOTE }).start();
      const { emitted, record } = recorder();
      actor.on('dtmf.settled', record);
      actor.send({ type: 'dtmf.send', requestId: 7, chunks: ['1'] });
      expect(emitted).toEqual([{ type: 'dtmf.settled', requestId: 7, ok: false, error: new DialOutStateError('sendDTMF() needs an answered session') }]);
      expect((emitted[0] as { error?: unknown }).error).toBeInstanceOf(DialOutStateError);
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
      const retryable = { code: 'TEMPORARILY_NOT_AVAILABLE', message: 'busy', retryable: true, at: 0, category: 'capacity' } as const;
      actor.send({ type: 'start.rejected', error: retryable });
      expect(actor.getSnapshot().value).toEqual({ connecting: 'retryWait' });
      await vi.advanceTimersByTimeAsync(0); // random() = 0: no backoff
      expect(emitted.at(-1)).toEqual({ type: 'start.request', attempt: 2, options: { phoneNumber: '+15555550100' } });
      actor.send({ type: 'start.resolved', sessionId: 'S9', at: 0 });
      await vi.advanceTimersByTimeAsync(timing.startTimeoutMs);
      expect(actor.getSnapshot().value).toBe('error');
      expect(toSessionSnapshot(actor.getSnapshot()).error?.code).toBe('START_TIMEOUT');
      expect(emitted.at(-1)).toEqual({ type: 'hangup.request', sessionId: 'S9' });
      expect(emitted).toHaveLength(3);
    });

    it('is unbound by default: stopDialOut and sendDTMF fail clearly instead of hanging', async () => {
      const actor = createActor(dialOutSessionMachine, { input: REMOTE }).start();
      const { emitted, record } = recorder();
      actor.on('*', record);
      actor.send({ type: 'daily.answered', fields, at: 0 });
      actor.send({ type: 'dtmf.send', requestId: 1, chunks: ['1'] });
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
