import { afterEach, describe, expect, it, vi } from 'vitest';
import { DialOutStateError, DialOutValidationError } from '../../src/index.js';
import { FakeDailyCall } from '../../src/testing/index.js';
import { PHONE, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();
afterEach(() => {
  vi.useRealTimers();
});

describe('start', () => {
  it('ends in error NOT_JOINED without calling daily-js when the call has not joined', () => {
    const t = setup({}, new FakeDailyCall({ meetingState: 'joining-meeting' }));
    const session = t.manager.start({ phoneNumber: PHONE });
    expect(session.snapshot).toMatchObject({ status: 'error', outcome: 'failed', error: { code: 'NOT_JOINED', retryable: false } });
    expect(session.snapshot.attempt).toBe(0);
    expect(t.call.startCalls).toHaveLength(0);
    expect(t.errors.map((e) => e.code)).toEqual(['NOT_JOINED']);
    t.manager.dispose();
  });

  it.each([
    ['the bare string', 'NOT_ALLOWED', 'NOT_ALLOWED'],
    ['the bare string', 'DIALOUT_IN_PROGRESS', 'DIALOUT_IN_PROGRESS'],
    ['an Error containing it', new Error('dial-out failed: DIALOUT_IN_PROGRESS'), 'DIALOUT_IN_PROGRESS'],
    ['an object with errorMsg', { errorMsg: 'NOT_ALLOWED' }, 'NOT_ALLOWED'],
    ['an object with code', { code: 'NOT_ALLOWED' }, 'NOT_ALLOWED'],
    ['an object with a nested error', { error: { msg: 'DIALOUT_IN_PROGRESS' } }, 'DIALOUT_IN_PROGRESS'],
    ["daily-js's not-joined error", new Error('startDialOut() only supported after join.'), 'NOT_JOINED'],
    ['an unknown string', 'SOMETHING_ELSE', 'START_FAILED'],
    ['undefined', undefined, 'START_FAILED'],
    ['null', null, 'START_FAILED'],
    ['a number', 42, 'START_FAILED'],
  ])('maps a rejection with %s (%s) to %s', async (_what, reason, code) => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.rejectStart(reason);
    await flush();
    expect(session.snapshot).toMatchObject({ status: 'error', outcome: 'failed', attempt: 1, error: { code, retryable: false } });
    expect(session.snapshot.error?.cause).toBe(reason);
    expect(session.snapshot.error?.message).toEqual(expect.any(String));
    expect(t.call.startCalls).toHaveLength(1);
    expect(t.errors).toEqual([session.snapshot.error]);
    t.manager.dispose();
  });

  it('retries TEMPORARILY_NOT_AVAILABLE with exponential backoff and full jitter, counting attempts', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const t = setup({ retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 8_000 } });
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.rejectStart('TEMPORARILY_NOT_AVAILABLE');
    await flush();
    // retrying is not failing: no error, no errors$, a retry with the time of the next attempt, a warning
    expect(session.snapshot).toMatchObject({
      status: 'connecting',
      attempt: 1,
      retry: { attempt: 1, at: Date.now() + 500, error: { code: 'TEMPORARILY_NOT_AVAILABLE', retryable: true, category: 'capacity' } },
    });
    expect(session.snapshot.error).toBeUndefined();
    expect(t.errors).toEqual([]);
    expect(t.warnings.map((w) => w.message)).toEqual(['startDialOut() attempt 1 failed (TEMPORARILY_NOT_AVAILABLE); retrying in 500 ms']);
    expect(session.snapshot.warnings).toEqual(t.warnings);
    await vi.advanceTimersByTimeAsync(499);
    expect(t.call.startCalls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1); // 0.5 × 1000
    expect(t.call.startCalls).toHaveLength(2);
    expect(session.snapshot.attempt).toBe(2);
    expect(session.snapshot.retry).toBeUndefined();
    t.call.rejectStart('TEMPORARILY_NOT_AVAILABLE');
    await flush();
    await vi.advanceTimersByTimeAsync(999); // 0.5 × 2000
    expect(t.call.startCalls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.call.startCalls).toHaveLength(3);
    t.call.resolveStart('S1');
    await flush();
    expect(session.snapshot).toMatchObject({ status: 'connecting', attempt: 3, sessionId: 'S1' });
    expect(session.snapshot.error).toBeUndefined();
    t.manager.dispose();
  });

  it('gives up after maxAttempts and caps the delay at maxDelayMs', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const t = setup({ retry: { maxAttempts: 2, baseDelayMs: 10_000, maxDelayMs: 3_000 } });
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.rejectStart('TEMPORARILY_NOT_AVAILABLE');
    await flush();
    await vi.advanceTimersByTimeAsync(2_996);
    expect(t.call.startCalls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.call.startCalls).toHaveLength(2);
    t.call.rejectStart('TEMPORARILY_NOT_AVAILABLE');
    await flush();
    expect(session.snapshot).toMatchObject({ status: 'error', attempt: 2, endedBy: 'system', error: { code: 'TEMPORARILY_NOT_AVAILABLE' } });
    expect(session.snapshot.retry).toBeUndefined();
    expect(t.errors.map((e) => e.code)).toEqual(['TEMPORARILY_NOT_AVAILABLE']);
    expect(t.warnings).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.call.startCalls).toHaveLength(2);
    t.manager.dispose();
  });

  it.each([
    ['stop()', 'local', 'canceled'],
    ['dispose()', 'system', 'detached'],
    ['the start timeout', 'system', 'failed'],
  ] as const)('makes the waiting failure the error when %s ends the session during a retry', async (how, endedBy, outcome) => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const t = setup({ startTimeoutMs: 300, retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 8_000 } });
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.rejectStart('TEMPORARILY_NOT_AVAILABLE');
    await flush();
    expect(t.errors).toEqual([]);
    if (how === 'stop()') await session.stop();
    else if (how === 'dispose()') t.manager.dispose();
    else await vi.advanceTimersByTimeAsync(300);
    const final = await session.done;
    expect(final).toMatchObject({ endedBy, outcome, error: { code: 'TEMPORARILY_NOT_AVAILABLE' } });
    expect(final.retry).toBeUndefined();
    expect(t.errors.map((e) => e.code)).toEqual(['TEMPORARILY_NOT_AVAILABLE']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.call.startCalls).toHaveLength(1);
    t.manager.dispose();
  });

  it.each(['NOT_ALLOWED', 'DIALOUT_IN_PROGRESS'])('does not retry %s', async (code) => {
    vi.useFakeTimers();
    const t = setup();
    t.manager.start({ phoneNumber: PHONE });
    t.call.rejectStart(code);
    await flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.call.startCalls).toHaveLength(1);
    t.manager.dispose();
  });

  it('throws DialOutValidationError on bad options and starts nothing', () => {
    const t = setup();
    expect(() => t.manager.start({ phoneNumber: '555-0100' })).toThrow(DialOutValidationError);
    try {
      t.manager.start({ sipUri: 'sip:bob@example.com', callerId: '+15555550100' } as never);
    } catch (err) {
      expect((err as DialOutValidationError).issues.map((i) => i.path)).toEqual(['callerId']);
    }
    expect(t.manager.getSnapshot().sessions).toHaveLength(0);
    expect(t.call.startCalls).toHaveLength(0);
    t.manager.dispose();
  });

  it('passes daily-js a mutable copy of the options (daily-js writes provider into it)', async () => {
    const t = setup();
    const options = { sipUri: 'sip:bob@example.com', codecs: { audio: ['OPUS' as const] } };
    t.manager.start(options);
    const args = t.call.startCalls[0]?.args as Record<string, unknown>;
    expect(args).toEqual(options);
    expect(args).not.toBe(options);
    t.manager.dispose();
  });

  it('throws DialOutStateError after dispose()', () => {
    const t = setup();
    t.manager.dispose();
    expect(() => t.manager.start({ phoneNumber: PHONE })).toThrow(DialOutStateError);
  });

  it('gives each session its own local id, in creation order', () => {
    const t = setup();
    const a = t.manager.start({ phoneNumber: PHONE });
    const b = t.manager.start({ sipUri: 'sip:x@example.com' });
    expect(a.id).not.toBe(b.id);
    expect(t.manager.getSnapshot().sessions.map((s) => s.id)).toEqual([a.id, b.id]);
    expect(t.manager.getSnapshot().current?.id).toBe(b.id);
    t.manager.dispose();
  });
});
