/**
 * The manager's value streams (`sessions$`, `current$`, `status$`) and
 * `getSnapshot()` / `subscribe()`, through the public API: they replay the
 * current value, are distinct and shared, and complete on `dispose()`.
 */
import { BehaviorSubject, Observable, type Subscription, distinctUntilChanged, map, shareReplay } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import type { DialOutSessionSnapshot, DialOutStatus } from '../../src/index.js';
import { PHONE, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();

/** How many `Observable#subscribe` calls `fn` makes: one pipeline per subscriber costs as many for each. */
function subscribeCalls(fn: () => void): number {
  const spy = vi.spyOn(Observable.prototype, 'subscribe');
  try {
    fn();
    return spy.mock.calls.length;
  } finally {
    spy.mockRestore();
  }
}

/** The subscribe calls made by each of `n` subscribers in turn. */
function perSubscriber(stream: Observable<unknown>, n: number): { calls: number[]; subscriptions: Subscription[] } {
  const calls: number[] = [];
  const subscriptions: Subscription[] = [];
  for (let i = 0; i < n; i++) calls.push(subscribeCalls(() => subscriptions.push(stream.subscribe(() => {}))));
  return { calls, subscriptions };
}

describe('sessions$ / current$ / status$', () => {
  it('the gauge: a pipeline per subscriber costs the same for every subscriber, a shared one less after the first', () => {
    const source = new BehaviorSubject(0);
    const own = perSubscriber(source.pipe(map((x) => x + 1), distinctUntilChanged()), 5);
    expect(new Set(own.calls).size).toBe(1);
    const shared = perSubscriber(source.pipe(map((x) => x + 1), distinctUntilChanged(), shareReplay({ bufferSize: 1, refCount: true })), 5);
    expect(shared.calls[1]).toBeLessThan(shared.calls[0] as number);
    for (const s of [...own.subscriptions, ...shared.subscriptions]) s.unsubscribe();
  });

  it('share one pipeline however many subscribers, and give each the same values', async () => {
    const t = setup();
    const streams: Record<string, Observable<unknown>> = { sessions$: t.manager.sessions$, current$: t.manager.current$, status$: t.manager.status$ };
    for (const [name, stream] of Object.entries(streams)) {
      const { calls, subscriptions } = perSubscriber(stream, 5);
      const later = calls.slice(1);
      expect(new Set(later).size, `${name}: ${calls.join(', ')}`).toBe(1);
      expect(later[0], `${name}: ${calls.join(', ')}`).toBeLessThan(calls[0] as number);
      for (const s of subscriptions) s.unsubscribe();
    }
    const a: DialOutStatus[] = [];
    const b: DialOutStatus[] = [];
    const listsA: unknown[] = [];
    const listsB: unknown[] = [];
    t.manager.status$.subscribe((s) => a.push(s));
    t.manager.sessions$.subscribe((s) => listsA.push(s));
    t.manager.start({ phoneNumber: PHONE });
    t.manager.status$.subscribe((s) => b.push(s));
    t.manager.sessions$.subscribe((s) => listsB.push(s));
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    expect(a).toEqual(['idle', 'connecting', 'connected']);
    expect(b).toEqual(['connecting', 'connected']);
    expect(listsB).toEqual(listsA.slice(1));
    listsB.forEach((list, i) => expect(list).toBe(listsA[i + 1]));
    t.manager.dispose();
  });

  it('replay the current value to late subscribers and are distinct', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    const statuses: DialOutStatus[] = [];
    const lists: (readonly DialOutSessionSnapshot[])[] = [];
    const currents: (DialOutSessionSnapshot | undefined)[] = [];
    t.manager.status$.subscribe((s) => statuses.push(s));
    t.manager.sessions$.subscribe((s) => lists.push(s));
    t.manager.current$.subscribe((c) => currents.push(c));
    expect(statuses).toEqual(['connecting']);
    expect(lists).toEqual([t.manager.getSnapshot().sessions]);
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    t.call.emit('dialout-connected', { sessionId: 'S1' }); // a duplicate: nothing changes, nothing is emitted
    t.call.emit('dialout-warning', { sessionId: 'S1', errorMsg: 'w' });
    expect(statuses).toEqual(['connecting', 'connected']);
    expect(lists).toHaveLength(4); // start, sessionId known, connected, warning
    expect(new Set(lists).size).toBe(lists.length);
    expect(lists.at(-1)).toBe(t.manager.getSnapshot().sessions);
    expect(currents).toHaveLength(4);
    expect(currents.at(-1)).toBe(session.snapshot);
    const late: DialOutStatus[] = [];
    const lateLists: unknown[] = [];
    t.manager.status$.subscribe((s) => late.push(s));
    t.manager.sessions$.subscribe((s) => lateLists.push(s));
    expect(late).toEqual(['connected']);
    expect(lateLists).toEqual([lists.at(-1)]);
    expect(lateLists[0]).toBe(lists.at(-1));
    t.manager.dispose();
  });

  it('current$ is the newest non-final session, else the newest session; status idle with none', async () => {
    const t = setup();
    expect(t.manager.getSnapshot()).toEqual({ sessions: [], current: undefined, status: 'idle' });
    const currents: (string | undefined)[] = [];
    t.manager.current$.subscribe((c) => currents.push(c?.id));
    const a = t.manager.start({ phoneNumber: PHONE });
    const b = t.manager.start({ phoneNumber: '+15555550101' });
    t.call.rejectStart('NOT_ALLOWED'); // a fails: b is still the newest live one
    await flush();
    expect(t.manager.getSnapshot().current?.id).toBe(b.id);
    t.call.rejectStart('NOT_ALLOWED'); // b fails: none live, the newest
    await flush();
    expect(t.manager.getSnapshot().current?.id).toBe(b.id);
    expect(t.manager.getSnapshot().status).toBe('error');
    const c = t.manager.start({ phoneNumber: '+15555550102' });
    expect(t.manager.getSnapshot().current?.id).toBe(c.id);
    expect(a.snapshot.status).toBe('error');
    // each change of the current session's snapshot is one emission
    expect(currents).toEqual([undefined, a.id, b.id, b.id, c.id]);
    t.manager.dispose();
  });

  it('complete on dispose(), after the detached final values', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    const seen: Record<string, unknown[]> = { sessions$: [], current$: [], status$: [] };
    const completed: string[] = [];
    const streams: Record<string, Observable<unknown>> = { sessions$: t.manager.sessions$, current$: t.manager.current$, status$: t.manager.status$ };
    for (const [name, stream] of Object.entries(streams)) {
      stream.subscribe({ next: (v) => seen[name]?.push(v), complete: () => completed.push(name) });
    }
    t.manager.dispose();
    expect(completed.sort()).toEqual(['current$', 'sessions$', 'status$']);
    const final = t.manager.getSnapshot();
    expect(final.status).toBe('stopped');
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'detached' });
    expect(seen['status$']).toEqual(['answered', 'stopped']);
    expect(seen['sessions$']?.at(-1)).toBe(final.sessions);
    expect(seen['current$']?.at(-1)).toBe(session.snapshot);
    // after dispose(): a new subscriber gets the final value, then completion (each stream here had a
    // subscriber before dispose(); one that never had any completes without a value)
    const finals = [final.sessions, final.current, final.status];
    [t.manager.sessions$, t.manager.current$, t.manager.status$].forEach((stream: Observable<unknown>, i) => {
      let done = false;
      const values: unknown[] = [];
      stream.subscribe({ next: (v) => values.push(v), complete: () => (done = true) });
      expect(done).toBe(true);
      expect(values).toEqual([finals[i]]);
      expect(values[0]).toBe(finals[i]);
    });
  });
});

describe('getSnapshot() / subscribe()', () => {
  it('returns the same object until something changes, and notifies on each change', async () => {
    const t = setup();
    let calls = 0;
    const unsubscribe = t.manager.subscribe(() => {
      calls += 1;
    });
    const first = t.manager.getSnapshot();
    expect(t.manager.getSnapshot()).toBe(first);
    t.manager.start({ phoneNumber: PHONE });
    const second = t.manager.getSnapshot();
    expect(second).not.toBe(first);
    expect(calls).toBe(1);
    t.call.emit('dialout-connected', { sessionId: 'unrelated-but-held' });
    expect(t.manager.getSnapshot()).toBe(second);
    expect(calls).toBe(1);
    unsubscribe();
    t.call.resolveStart('S1');
    await flush();
    expect(calls).toBe(1);
    expect(t.manager.getSnapshot()).not.toBe(second);
    t.manager.dispose();
  });

  it('keeps unchanged sessions by identity when another one changes', async () => {
    const t = setup();
    t.manager.start({ phoneNumber: PHONE });
    t.manager.start({ phoneNumber: '+15555550101' });
    const [a0, b0] = t.manager.getSnapshot().sessions;
    t.call.resolveStart('SA');
    await flush();
    const [a1, b1] = t.manager.getSnapshot().sessions;
    expect(a1).not.toBe(a0);
    expect(b1).toBe(b0);
    t.manager.dispose();
  });

  it('lets a listener start a dial-out re-entrantly', () => {
    const t = setup();
    let started = false;
    t.manager.subscribe(() => {
      if (!started) {
        started = true;
        t.manager.start({ phoneNumber: '+15555550101' });
      }
    });
    t.manager.start({ phoneNumber: PHONE });
    expect(t.manager.getSnapshot().sessions.map((s) => s.status)).toEqual(['connecting', 'connecting']);
    expect(t.call.startCalls).toHaveLength(2);
    t.manager.dispose();
  });
});
