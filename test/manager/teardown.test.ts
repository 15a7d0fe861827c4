import type { Observable } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { createDialOutManager } from '../../src/index.js';
import { FakeDailyCall } from '../../src/testing/index.js';
import { PHONE, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();

describe('teardown', () => {
  it('adds one listener per event it needs and removes exactly those on dispose()', () => {
    const call = new FakeDailyCall();
    const own = () => {};
    call.on('dialout-connected', own);
    call.on('left-meeting', own);
    const baseline = call.listenerCount();
    const manager = createDialOutManager(call);
    const events = [
      ...['dialout-connected', 'dialout-answered', 'dialout-stopped', 'dialout-error', 'dialout-warning'],
      ...['dtmf-event', 'participant-joined', 'participant-updated', 'participant-left'],
      ...['joined-meeting', 'left-meeting', 'call-instance-destroyed'],
    ];
    for (const event of events) {
      expect(call.listeners(event).length).toBeGreaterThan(event === 'dialout-connected' || event === 'left-meeting' ? 1 : 0);
    }
    expect(call.listenerCount()).toBe(baseline + events.length);
    manager.dispose();
    expect(call.listenerCount()).toBe(baseline);
    expect(call.listeners('dialout-connected')).toEqual([own]);
  });

  it('ends live sessions stopped / detached without hanging up, and completes every observable', async () => {
    const t = setup();
    const a = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    const completed: string[] = [];
    const streams: Record<string, Observable<unknown>> = {
      sessions$: t.manager.sessions$,
      current$: t.manager.current$,
      status$: t.manager.status$,
      events$: t.manager.events$,
      warnings$: t.manager.warnings$,
      errors$: t.manager.errors$,
      snapshot$: a.snapshot$,
    };
    for (const [name, stream] of Object.entries(streams)) {
      stream.subscribe({ complete: () => completed.push(name) });
    }
    t.manager.dispose();
    expect(a.snapshot).toMatchObject({ status: 'stopped', outcome: 'detached' });
    await expect(a.done).resolves.toMatchObject({ outcome: 'detached' });
    expect(t.call.stopCalls).toHaveLength(0);
    expect(completed.sort()).toEqual(['current$', 'errors$', 'events$', 'sessions$', 'snapshot$', 'status$', 'warnings$']);
    expect(t.call.listenerCount()).toBe(t.baseline);
    expect(t.manager.actor.getSnapshot().status).toBe('done');
  });

  it('is idempotent', () => {
    const t = setup();
    t.manager.start({ phoneNumber: PHONE });
    t.manager.dispose();
    const snap = t.manager.getSnapshot();
    t.manager.dispose();
    expect(t.manager.getSnapshot()).toBe(snap);
    expect(t.call.listenerCount()).toBe(t.baseline);
  });

  it('ignores events and promise settlements that arrive after dispose (no warnings, nothing changes)', async () => {
    const t = setup();
    const a = t.manager.start({ phoneNumber: PHONE });
    const b = t.manager.start({ phoneNumber: '+15555550101' });
    t.call.resolveStart('SA');
    await flush();
    t.call.emit('dialout-answered', { sessionId: 'SA' });
    const dtmf = a.sendDTMF('1').catch(() => 'rejected');
    t.manager.dispose();
    const snap = t.manager.getSnapshot();
    t.call.resolveStart('SB');
    t.call.resolveDTMF();
    t.call.emit('dialout-stopped', { sessionId: 'SA' });
    await flush();
    expect(t.manager.getSnapshot()).toBe(snap);
    expect(b.snapshot.outcome).toBe('detached');
    expect(await dtmf).toBe('rejected');
    await expect(a.stop()).resolves.toBeUndefined();
    await expect(a.sendDTMF('1')).rejects.toThrow(/disposed|answered/);
  });

  it('a late subscriber to a final session snapshot$ gets the final snapshot, then completion', async () => {
    const t = setup();
    const a = t.manager.start({ phoneNumber: PHONE });
    t.call.rejectStart('NOT_ALLOWED');
    await flush();
    const seen: string[] = [];
    let done = false;
    a.snapshot$.subscribe({ next: (s) => seen.push(s.status), complete: () => (done = true) });
    expect(seen).toEqual(['error']);
    expect(done).toBe(true);
    t.manager.dispose();
  });

  it('session snapshot$ replays, emits each change once and completes after the final state', async () => {
    const t = setup();
    const a = t.manager.start({ phoneNumber: PHONE });
    const seen: string[] = [];
    let done = false;
    a.snapshot$.subscribe({ next: (s) => seen.push(s.status), complete: () => (done = true) });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(seen).toEqual(['connecting', 'connecting', 'connected', 'stopped']);
    expect(done).toBe(true);
    t.manager.dispose();
  });

  it('rejects a call object without the daily-js methods, naming them', () => {
    expect(() => createDialOutManager({ on() {} } as never)).toThrow(/call\.off/);
    expect(() => createDialOutManager(null as never)).toThrow(/call/);
  });

  it('does not leak across many managers on one call', () => {
    const call = new FakeDailyCall();
    for (let i = 0; i < 100; i++) {
      const m = createDialOutManager(call);
      m.start({ phoneNumber: PHONE });
      m.dispose();
    }
    expect(call.listenerCount()).toBe(0);
  });

  it('passes inspect to XState: inspection events for both machines', () => {
    const inspect = vi.fn();
    const t = setup({ inspect });
    t.manager.start({ phoneNumber: PHONE });
    const actors = new Set(inspect.mock.calls.map(([e]) => (e as { actorRef: { id: string } }).actorRef.id));
    expect([...actors].some((id) => id.startsWith('session.'))).toBe(true);
    expect(inspect.mock.calls.some(([e]) => (e as { type: string }).type === '@xstate.snapshot')).toBe(true);
    t.manager.dispose();
  });
});

describe('retention', () => {
  it('prunes the oldest ended sessions beyond maxEndedSessions and reports their late events unattributed', async () => {
    const t = setup({ maxEndedSessions: 2 });
    const ids: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const s = t.manager.start({ phoneNumber: PHONE });
      ids.push(s.id);
      t.call.resolveStart(`S${i}`);
      await flush();
      t.call.emit('dialout-stopped', { sessionId: `S${i}` });
    }
    const live = t.manager.start({ phoneNumber: PHONE });
    const sessions = t.manager.getSnapshot().sessions;
    expect(sessions.map((s) => s.id)).toEqual([ids[2], ids[3], live.id]);
    // retained: found by local id and by sessionId, with the snapshot the manager shows
    for (const [i, sessionId] of [[2, 'S3'], [3, 'S4']] as const) {
      const handle = t.manager.session(ids[i] as string);
      expect(handle?.snapshot).toBe(sessions[i - 2]);
      expect(t.manager.session(sessionId)).toBe(handle);
    }
    expect(t.manager.session(live.id)).toBe(live);
    // pruned: found neither way
    for (const id of [ids[0], ids[1], 'S1', 'S2'] as string[]) expect(t.manager.session(id), id).toBeUndefined();
    // late events: a pruned session's are reported unattributed and make no session; a retained one's are its own
    const errorsBefore = t.errors.length;
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    t.call.emit('dialout-error', { sessionId: 'S1', errorMsg: 'late' });
    t.call.emit('dialout-stopped', { sessionId: 'S4' });
    expect(t.manager.getSnapshot().sessions).toBe(sessions);
    expect(t.events.slice(-3).map((e) => [e.type, e.sessionId, e.localId])).toEqual([
      ['dialout-stopped', 'S1', undefined],
      ['dialout-error', 'S1', undefined],
      ['dialout-stopped', 'S4', ids[3]],
    ]);
    expect(t.errors.slice(errorsBefore)).toEqual([expect.objectContaining({ code: 'DIALOUT_ERROR', sessionId: 'S1' })]);
    expect(t.errors.at(-1)?.localId).toBeUndefined();
    t.manager.dispose();
  });

  it('maxEndedSessions: 0 keeps only live sessions', async () => {
    const t = setup({ maxEndedSessions: 0 });
    const a = t.manager.start({ phoneNumber: PHONE });
    t.call.rejectStart('NOT_ALLOWED');
    await flush();
    expect(a.snapshot.status).toBe('error');
    expect(t.manager.getSnapshot().sessions).toHaveLength(0);
    expect(t.manager.getSnapshot().status).toBe('idle');
    t.manager.dispose();
  });
});
