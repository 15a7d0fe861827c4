/**
 * Regression tests for the bugs the storms found (FOUND_BUGS.md): each one
 * is the minimal reproduction, asserting the documented behaviour. They
 * failed before commit 2ab82a0 ("Fix what the storms found") and pass since.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PHONE, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('bugs found by the storms (FOUND_BUGS.md)', () => {
  it('BUG-1: events released together are not sent to a session that the first of them ended', async () => {
    const t = setup();
    t.manager.start({ phoneNumber: PHONE });
    t.call.emit('dialout-stopped', { sessionId: 'S1' }); // held: the start is pending
    t.call.emit('dialout-connected', { sessionId: 'S1' }); // held
    t.call.resolveStart('S1');
    await flush();
    // failOnConsole(): before the fix, console.warn 'Event "daily.connected" was sent to stopped actor "session.dialout-1 (…)"…'
    t.manager.dispose();
  });

  it('BUG-2: the events of a start that gave up (START_TIMEOUT) do not make a remote session that never ends', async () => {
    const t = setup({ startTimeoutMs: 1_000 });
    const local = t.manager.start({ phoneNumber: PHONE });
    t.call.emit('dialout-connected', { sessionId: 'S1' }); // our dial-out's; held while the start is pending
    await vi.advanceTimersByTimeAsync(1_000); // START_TIMEOUT: the session ends, daily-js has not answered yet
    expect(local.snapshot.error?.code).toBe('START_TIMEOUT');
    t.call.resolveStart('S1'); // daily-js answers late: an orphan, which the manager stops
    await flush();
    t.call.resolveStop();
    t.call.emit('dialout-stopped', { sessionId: 'S1' }); // Daily confirms
    await flush();
    expect(t.manager.getSnapshot().status).toBe('error'); // was 'connected' (remote-1, for ever)
    expect(t.manager.getSnapshot().sessions.map((s) => s.initiator)).toEqual(['local']); // was ['local', 'remote']
    t.manager.dispose();
  });

  it('BUG-2: the same when the session failed on a dialout-error without sessionId and the events come afterwards', async () => {
    const t = setup();
    t.manager.start({ phoneNumber: PHONE });
    t.call.emit('dialout-error', { errorMsg: 'no route' }); // goes to the session waiting for its sessionId: error
    t.call.emit('dialout-connected', { sessionId: 'S1' }); // daily-js has not answered startDialOut yet
    t.call.resolveStart('S1');
    await flush();
    t.call.resolveStop();
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    await flush();
    expect(t.manager.getSnapshot().status).toBe('error'); // was 'connected'
    t.manager.dispose();
  });

  it('BUG-3: a held event of a pruned orphan is not turned into a remote session', async () => {
    const t = setup({ startTimeoutMs: 1_000, maxEndedSessions: 0 });
    t.manager.start({ phoneNumber: PHONE }); // A
    await vi.advanceTimersByTimeAsync(1_000); // A: START_TIMEOUT, pruned at once (maxEndedSessions: 0)
    t.manager.start({ phoneNumber: '+15555550101' }); // B
    t.call.emit('dialout-connected', { sessionId: 'S1' }); // held (B's start is pending); it is A's dial-out
    t.call.resolveStart('S1'); // A's start resolves late with S1: an orphan, stopped, S1 retired
    await flush();
    t.call.resolveStart('S2'); // B's start: the held S1 event is released
    await flush();
    expect(t.manager.session('S1')).toBeUndefined(); // was a remote session for S1
    expect(t.events.at(-1)?.localId).toBeUndefined(); // reported unattributed, as late events of pruned sessions are
    t.manager.dispose();
  });

  it('BUG-3: a held event of a pruned orphan is not adopted by a session whose start resolved without a session', async () => {
    const t = setup({ startTimeoutMs: 1_000, maxEndedSessions: 0, trackRemoteSessions: false });
    t.manager.start({ phoneNumber: PHONE }); // A
    await vi.advanceTimersByTimeAsync(1_000); // A: START_TIMEOUT, pruned
    const b = t.manager.start({ phoneNumber: '+15555550101' });
    t.call.emit('dialout-connected', { sessionId: 'S1' }); // held; A's dial-out
    t.call.resolveStart('S1'); // A: orphan, stopDialOut(S1)
    await flush();
    b.stop(); // B: stopping, waits for its sessionId
    t.call.resolveStart(null); // B's start resolves without a session: B adopts S1
    await flush();
    expect(b.sessionId).toBeUndefined(); // was 'S1'
    expect(t.call.stopCalls.map((c) => c.args.sessionId)).toEqual(['S1']); // was ['S1', 'S1']
    t.manager.dispose();
  });

  it('BUG-4: a late dialout-connected after the answer does not set connectedAt after answeredAt', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-answered', { sessionId: 'S1' }); // straight from connecting: no connectedAt
    await vi.advanceTimersByTimeAsync(1_000);
    t.call.emit('dialout-connected', { sessionId: 'S1' }); // late, while answered: ignored (as documented)
    expect(session.snapshot.connectedAt).toBeUndefined();
    void session.stop();
    await vi.advanceTimersByTimeAsync(1_000);
    t.call.emit('dialout-connected', { sessionId: 'S1' }); // the same late event, while stopping
    // was 2 000 ms after answeredAt (while it stayed undefined in answered)
    expect(session.snapshot.connectedAt ?? 0).toBeLessThanOrEqual(session.snapshot.answeredAt as number);
    t.manager.dispose();
  });
});
