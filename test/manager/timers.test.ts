import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PHONE, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('timers', () => {
  it('startTimeoutMs: still connecting → error START_TIMEOUT, no stopDialOut when the sessionId is unknown', async () => {
    const t = setup({ startTimeoutMs: 5_000 });
    const session = t.manager.start({ phoneNumber: PHONE });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(session.snapshot.status).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1);
    expect(session.snapshot).toMatchObject({ status: 'error', outcome: 'failed', error: { code: 'START_TIMEOUT', retryable: false } });
    expect(t.call.stopCalls).toHaveLength(0);
    t.manager.dispose();
  });

  it('startTimeoutMs: with the sessionId known, also sends stopDialOut', async () => {
    const t = setup({ startTimeoutMs: 5_000 });
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(session.snapshot).toMatchObject({ status: 'error', error: { code: 'START_TIMEOUT', sessionId: 'S1' } });
    expect(t.call.stopCalls.map((c) => c.args)).toEqual([{ sessionId: 'S1' }]);
    t.call.resolveStop();
    await flush();
    t.manager.dispose();
  });

  it('startTimeoutMs counts across retries', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.99);
    const t = setup({ startTimeoutMs: 3_000, retry: { maxAttempts: 5, baseDelayMs: 2_000, maxDelayMs: 2_000 } });
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.rejectStart('TEMPORARILY_NOT_AVAILABLE');
    await flush();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(session.snapshot).toMatchObject({ status: 'error', error: { code: 'START_TIMEOUT' } });
    t.manager.dispose();
  });

  it('stops an orphaned dial-out whose start resolves after the session gave up', async () => {
    const t = setup({ startTimeoutMs: 1_000 });
    const session = t.manager.start({ phoneNumber: PHONE });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(session.snapshot.status).toBe('error');
    t.call.resolveStart('LATE');
    await flush();
    expect(t.call.stopCalls.map((c) => c.args)).toEqual([{ sessionId: 'LATE' }]);
    // its events are absorbed by the ended session, not turned into a remote one
    t.call.emit('dialout-connected', { sessionId: 'LATE' });
    expect(t.manager.getSnapshot().sessions).toHaveLength(1);
    expect(t.events[0]?.localId).toBe(session.id);
    expect(session.snapshot.error?.code).toBe('START_TIMEOUT');
    t.manager.dispose();
  });

  it('ringTimeoutMs: ringing too long → stop, outcome no-answer', async () => {
    const t = setup({ ringTimeoutMs: 30_000 });
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(session.snapshot.status).toBe('connected');
    await vi.advanceTimersByTimeAsync(1);
    expect(session.snapshot.status).toBe('stopping');
    expect(t.call.stopCalls.map((c) => c.args)).toEqual([{ sessionId: 'S1' }]);
    t.call.resolveStop();
    await flush();
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'no-answer' });
    t.manager.dispose();
  });

  it('does not ring-time-out a remote session (not ours to hang up)', async () => {
    const t = setup({ ringTimeoutMs: 1_000 });
    t.call.emit('dialout-connected', { sessionId: 'R1' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.manager.session('R1')?.snapshot.status).toBe('connected');
    expect(t.call.stopCalls).toHaveLength(0);
    t.manager.dispose();
  });

  it('stopTimeoutMs: stopping without dialout-stopped → stopped anyway', async () => {
    const t = setup({ stopTimeoutMs: 2_000 });
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    const stopped = session.stop();
    await flush();
    t.call.resolveStop();
    await vi.advanceTimersByTimeAsync(1_999);
    expect(session.snapshot.status).toBe('stopping');
    await vi.advanceTimersByTimeAsync(1);
    await stopped;
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'canceled' });
    t.manager.dispose();
  });

  it('maxDurationMs: answered too long → stop, outcome completed', async () => {
    const t = setup({ maxDurationMs: 60_000 });
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    await vi.advanceTimersByTimeAsync(59_999);
    expect(session.snapshot.status).toBe('answered');
    await vi.advanceTimersByTimeAsync(1);
    expect(session.snapshot.status).toBe('stopping');
    t.call.resolveStop();
    await flush();
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'completed' });
    t.manager.dispose();
  });

  it('has no maximum duration by default, and Infinity turns any timer off', async () => {
    const t = setup({ ringTimeoutMs: Number.POSITIVE_INFINITY, startTimeoutMs: Number.POSITIVE_INFINITY });
    const a = t.manager.start({ phoneNumber: PHONE });
    const b = t.manager.start({ phoneNumber: '+15555550101' });
    t.call.resolveStart('SA');
    t.call.resolveStart('SB');
    await flush();
    t.call.emit('dialout-answered', { sessionId: 'SA' });
    t.call.emit('dialout-connected', { sessionId: 'SB' });
    await vi.advanceTimersByTimeAsync(2_147_483_647);
    expect(a.snapshot.status).toBe('answered');
    expect(b.snapshot.status).toBe('connected');
    expect(t.call.stopCalls).toHaveLength(0);
    t.manager.dispose();
  });
});

describe('orphans after the call left', () => {
  it('does not try to stop an orphaned dial-out of a detached session', async () => {
    const t = setup();
    const stopDialOut = vi.spyOn(t.call, 'stopDialOut');
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.leave();
    expect(session.snapshot.outcome).toBe('detached');
    t.call.resolveStart('LATE');
    await flush();
    expect(stopDialOut).not.toHaveBeenCalled();
    t.manager.dispose();
  });
});
