import { BehaviorSubject, Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { DialOutManagerSnapshot, DialOutStatus } from '../../src/index.js';
import { createStateStreams } from '../../src/streams/stateStreams.js';
import { EMPTY_MANAGER_SNAPSHOT } from '../../src/manager/sessionSnapshot.js';
import { PHONE, flush, setup } from '../helpers.js';

describe('state streams', () => {
  it('share one pipeline however many subscribers', () => {
    let subscriptions = 0;
    const source = new BehaviorSubject<DialOutManagerSnapshot>(EMPTY_MANAGER_SNAPSHOT);
    const counted = new Observable<DialOutManagerSnapshot>((subscriber) => {
      subscriptions += 1;
      return source.subscribe(subscriber);
    });
    const { status$ } = createStateStreams(counted);
    const a: DialOutStatus[] = [];
    const b: DialOutStatus[] = [];
    const s1 = status$.subscribe((s) => a.push(s));
    const s2 = status$.subscribe((s) => b.push(s));
    expect(subscriptions).toBe(1);
    expect(a).toEqual(['idle']);
    expect(b).toEqual(['idle']);
    s1.unsubscribe();
    s2.unsubscribe();
  });

  it('replay the current value to late subscribers and are distinct', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    const statuses: DialOutStatus[] = [];
    const lists: unknown[] = [];
    const currents: unknown[] = [];
    t.manager.status$.subscribe((s) => statuses.push(s));
    t.manager.sessions$.subscribe((s) => lists.push(s));
    t.manager.current$.subscribe((c) => currents.push(c));
    expect(statuses).toEqual(['connecting']);
    expect(lists).toEqual([t.manager.getSnapshot().sessions]);
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    t.call.emit('dialout-warning', { sessionId: 'S1', errorMsg: 'w' });
    expect(statuses).toEqual(['connecting', 'connected']);
    expect(lists).toHaveLength(4); // start, sessionId known, connected, warning
    expect(new Set(lists).size).toBe(lists.length);
    expect(currents.at(-1)).toBe(session.snapshot);
    const late: DialOutStatus[] = [];
    t.manager.status$.subscribe((s) => late.push(s));
    expect(late).toEqual(['connected']);
    t.manager.dispose();
  });

  it('current$ is the newest non-final session, else the newest session; status idle with none', async () => {
    const t = setup();
    expect(t.manager.getSnapshot()).toEqual({ sessions: [], current: undefined, status: 'idle' });
    const a = t.manager.start({ phoneNumber: PHONE });
    const b = t.manager.start({ phoneNumber: '+15555550101' });
    t.call.rejectStart('NOT_ALLOWED'); // a fails
    await flush();
    t.call.rejectStart('NOT_ALLOWED'); // b fails
    await flush();
    expect(t.manager.getSnapshot().current?.id).toBe(b.id);
    expect(t.manager.getSnapshot().status).toBe('error');
    const c = t.manager.start({ phoneNumber: '+15555550102' });
    expect(t.manager.getSnapshot().current?.id).toBe(c.id);
    expect(a.snapshot.status).toBe('error');
    t.manager.dispose();
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
