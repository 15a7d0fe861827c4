import type { Observable } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import type { DialOutManager, DialOutSession, DialOutSessionSnapshot } from '../../src/index.js';
import { isFinalStatus } from '../../src/index.js';
import { PHONE, answeredSession, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();

/** Every session is final, `done` of each resolves with its final snapshot, and every stream has completed. */
async function expectFullyDisposed(manager: DialOutManager, sessions: DialOutSession[], completions: string[]) {
  for (const s of manager.getSnapshot().sessions) expect(isFinalStatus(s.status)).toBe(true);
  for (const session of sessions) {
    const final = await session.done;
    expect(final.status).toBe('stopped');
    expect(final.outcome).toBe('detached');
    expect(final).toBe(session.snapshot);
  }
  expect(completions.sort()).toEqual(['errors$', 'events$', 'sessions$', 'status$', 'warnings$']);
}

function watchCompletion(manager: DialOutManager): string[] {
  const completed: string[] = [];
  const streams: Record<string, Observable<unknown>> = {
    sessions$: manager.sessions$,
    status$: manager.status$,
    events$: manager.events$,
    warnings$: manager.warnings$,
    errors$: manager.errors$,
  };
  for (const [name, stream] of Object.entries(streams)) stream.subscribe({ complete: () => completed.push(name) });
  return completed;
}

describe('re-entrancy: public methods called from inside subscribers and listeners', () => {
  it('dispose() from a status$ subscriber ends every live session stopped / detached', async () => {
    const t = setup();
    t.call.emit('dialout-connected', { sessionId: 'R1' }); // someone else's dial-out, older than ours
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    const completed = watchCompletion(t.manager);
    t.manager.status$.subscribe((status) => {
      if (status === 'stopping') t.manager.dispose();
    });
    await session.stop(); // answered → stopping: the subscriber disposes while the stop is being published
    const remote = t.manager.session('R1') as DialOutSession;
    await expectFullyDisposed(t.manager, [session, remote], completed);
    expect(t.call.listenerCount()).toBe(t.baseline);
  });

  it('dispose() from an errors$ subscriber, while the error is being published', async () => {
    const t = setup();
    const a = t.manager.start({ phoneNumber: PHONE });
    const b = t.manager.start({ phoneNumber: '+15555550101' });
    t.call.resolveStart('S1');
    t.call.resolveStart('S2');
    await flush();
    t.call.emit('dialout-answered', { sessionId: 'S2' });
    const completed = watchCompletion(t.manager);
    t.manager.errors$.subscribe(() => t.manager.dispose());
    t.call.emit('dialout-error', { sessionId: 'S1', errorMsg: 'boom' });
    expect(a.snapshot).toMatchObject({ status: 'error', outcome: 'failed' });
    await expectFullyDisposed(t.manager, [b], completed);
    expect(t.call.listenerCount()).toBe(t.baseline);
  });

  it('dispose() from a subscribe() listener, and from a warnings$ subscriber', async () => {
    for (const where of ['subscribe', 'warnings$'] as const) {
      const t = await answeredSession();
      const completed = watchCompletion(t.manager);
      if (where === 'subscribe') t.manager.subscribe(() => t.manager.dispose());
      else t.manager.warnings$.subscribe(() => t.manager.dispose());
      t.call.emit('dialout-warning', { sessionId: 'S1', errorMsg: 'codec fallback' });
      await expectFullyDisposed(t.manager, [t.session], completed);
      expect(t.manager.getSnapshot().status).toBe('stopped');
    }
  });

  it('dispose() from a timer-driven change (ring timeout) still ends everything', async () => {
    vi.useFakeTimers();
    try {
      const t = setup({ ringTimeoutMs: 1_000 });
      const a = t.manager.start({ phoneNumber: PHONE });
      t.call.resolveStart('S1');
      await vi.advanceTimersByTimeAsync(0);
      t.call.emit('dialout-connected', { sessionId: 'S1' });
      const completed = watchCompletion(t.manager);
      a.snapshot$.subscribe((s) => {
        if (s.status === 'stopping') t.manager.dispose();
      });
      await vi.advanceTimersByTimeAsync(1_000);
      await expectFullyDisposed(t.manager, [a], completed);
      expect(t.call.listenerCount()).toBe(t.baseline);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stop(), start() and sendDTMF() from subscribers take effect and keep every guarantee', async () => {
    const t = await answeredSession();
    const seen: DialOutSessionSnapshot[] = [];
    let started: DialOutSession | undefined;
    let dtmf: Promise<void> | undefined;
    const sub = t.manager.sessions$.subscribe((sessions) => {
      seen.push(...sessions);
      const first = sessions[0];
      if (first?.warnings.length === 1 && !dtmf) dtmf = t.session.sendDTMF('12#');
      if (first?.warnings.length === 2 && !started) {
        started = t.manager.start({ phoneNumber: '+15555550102' });
        void t.session.stop();
      }
    });
    t.call.emit('dialout-warning', { sessionId: 'S1', errorMsg: 'one' });
    expect(t.call.dtmfCalls.map((c) => c.args)).toEqual([{ sessionId: 'S1', tones: '12#' }]);
    t.call.resolveDTMF();
    await expect(dtmf).resolves.toBeUndefined();
    t.call.emit('dialout-warning', { sessionId: 'S1', errorMsg: 'two' });
    expect(started?.snapshot.status).toBe('connecting');
    expect(t.session.snapshot.status).toBe('stopping');
    expect(t.call.stopCalls.map((c) => c.args)).toEqual([{ sessionId: 'S1' }]);
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(t.session.snapshot).toMatchObject({ status: 'stopped', outcome: 'completed' });
    // never backwards, in the order published
    const order = ['idle', 'connecting', 'connected', 'answered', 'stopping', 'stopped', 'error'];
    const mine = seen.filter((s) => s.id === t.session.id).map((s) => order.indexOf(s.status));
    expect(mine).toEqual([...mine].sort((x, y) => x - y));
    sub.unsubscribe();
    t.manager.dispose();
  });

  it('unsubscribing from inside a subscriber stops only that subscriber', async () => {
    const t = await answeredSession();
    const a: string[] = [];
    const b: string[] = [];
    const subA = t.manager.status$.subscribe((s) => {
      a.push(s);
      if (s === 'stopping') subA.unsubscribe();
    });
    t.manager.status$.subscribe((s) => b.push(s));
    void t.session.stop();
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(a).toEqual(['answered', 'stopping']);
    expect(b).toEqual(['answered', 'stopping', 'stopped']);
    t.manager.dispose();
  });

  it('dispose() from an events$ subscriber while held events are being released', async () => {
    const t = setup();
    const a = t.manager.start({ phoneNumber: PHONE });
    t.call.emit('dialout-connected', { sessionId: 'S1' }); // held: the start is pending
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    const completed = watchCompletion(t.manager);
    t.manager.events$.subscribe(() => t.manager.dispose());
    t.call.resolveStart('S1');
    await flush();
    const final = await a.done;
    expect(final.status).toBe('stopped');
    expect(['detached']).toContain(final.outcome);
    expect(completed.sort()).toEqual(['errors$', 'events$', 'sessions$', 'status$', 'warnings$']);
    expect(t.call.listenerCount()).toBe(t.baseline);
  });
});

describe('opaque sessionIds', () => {
  const ids = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '__defineGetter__', 'dialout-1', ' '];

  it.each(ids)('routes events for the sessionId %j like any other', async (id) => {
    const t = setup();
    const local = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart(id);
    await flush();
    t.call.emit('dialout-connected', { sessionId: id });
    t.call.emit('dialout-answered', { sessionId: id });
    expect(local.snapshot).toMatchObject({ sessionId: id, status: 'answered' });
    expect(t.events.map((e) => [e.sessionId, e.localId])).toEqual([
      [id, local.id],
      [id, local.id],
    ]);
    expect(t.manager.session(id)?.id).toBe(local.id);
    t.manager.dispose();
  });

  it.each(ids)('makes a remote session for an unknown sessionId %j', (id) => {
    const t = setup();
    t.call.emit('dialout-connected', { sessionId: id });
    const [remote] = t.manager.getSnapshot().sessions;
    expect(remote).toMatchObject({ sessionId: id, initiator: 'remote', status: 'connected' });
    expect(typeof t.events[0]?.localId).toBe('string');
    expect(t.events[0]?.localId).toBe(remote?.id);
    t.manager.dispose();
  });

  it('finds nothing for Object.prototype member names that are not sessions', () => {
    const t = setup();
    for (const id of ids) expect(t.manager.session(id)).toBeUndefined();
    t.manager.dispose();
  });
});

describe('Infinity timeouts', () => {
  it('schedule no timer at all', async () => {
    vi.useFakeTimers();
    try {
      const t = setup({ startTimeoutMs: Infinity, ringTimeoutMs: Infinity, stopTimeoutMs: Infinity, maxDurationMs: Infinity });
      const a = t.manager.start({ phoneNumber: PHONE });
      expect(vi.getTimerCount()).toBe(0);
      t.call.resolveStart('S1');
      await vi.advanceTimersByTimeAsync(0);
      t.call.emit('dialout-connected', { sessionId: 'S1' });
      expect(vi.getTimerCount()).toBe(0);
      t.call.emit('dialout-answered', { sessionId: 'S1' });
      expect(vi.getTimerCount()).toBe(0);
      void a.stop();
      t.call.resolveStop();
      await vi.advanceTimersByTimeAsync(0);
      expect(a.snapshot.status).toBe('stopping');
      expect(vi.getTimerCount()).toBe(0);
      t.manager.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('while finite ones are scheduled and fire', async () => {
    vi.useFakeTimers();
    try {
      const t = setup({ ringTimeoutMs: 5_000 });
      const a = t.manager.start({ phoneNumber: PHONE });
      expect(vi.getTimerCount()).toBe(1); // startTimeout
      t.call.resolveStart('S1');
      await vi.advanceTimersByTimeAsync(0);
      t.call.emit('dialout-connected', { sessionId: 'S1' });
      expect(vi.getTimerCount()).toBe(1); // ringTimeout
      await vi.advanceTimersByTimeAsync(5_000);
      expect(a.snapshot.status).toBe('stopping');
      t.manager.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
