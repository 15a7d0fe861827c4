import { describe, expect, it } from 'vitest';
import { DEFAULT_DIAL_OUT_MANAGER_OPTIONS, DialOutValidationError, createDialOutManager, resolveManagerOptions } from '../../src/index.js';
import { FakeDailyCall } from '../../src/testing/index.js';

describe('DialOutManagerOptions', () => {
  it('has the documented defaults', () => {
    const resolved = resolveManagerOptions();
    expect(Object.keys(resolved).sort()).toEqual(['inspect', 'maxEndedSessions', 'now', 'starter', 'storage', 'storeTargets', 'timing', 'trackRemoteSessions']);
    expect(resolved.timing).toEqual({
      startTimeoutMs: 20_000,
      ringTimeoutMs: 60_000,
      stopTimeoutMs: 10_000,
      maxDurationMs: Number.POSITIVE_INFINITY,
      noAudioWarningMs: 5_000,
      retry: { maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 8_000 },
    });
    expect(resolved.storage).toBeUndefined();
    expect(resolved.storeTargets).toBe(false);
    expect(resolved.trackRemoteSessions).toBe(true);
    expect(resolved.maxEndedSessions).toBe(50);
    expect(resolved.now).toBe(Date.now);
    expect(resolved.inspect).toBeUndefined();
    expect(resolved.starter).toBeUndefined();
    expect(DEFAULT_DIAL_OUT_MANAGER_OPTIONS.maxEndedSessions).toBe(50);
  });

  it.each([
    [{ noAudioWarningMs: 0 }, 'noAudioWarningMs'],
    [{ storage: {} }, 'storage'],
    [{ storage: { getItem() {}, setItem() {} } }, 'storage'],
    [{ storeTargets: 'yes' }, 'storeTargets'],
    [{ startTimeoutMs: 0 }, 'startTimeoutMs'],
    [{ ringTimeoutMs: -1 }, 'ringTimeoutMs'],
    [{ stopTimeoutMs: Number.NaN }, 'stopTimeoutMs'],
    [{ maxDurationMs: '1000' }, 'maxDurationMs'],
    [{ maxDurationMs: 2 ** 31 }, 'maxDurationMs'],
    [{ retry: 3 }, 'retry'],
    [{ retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
    [{ retry: { maxAttempts: 1.5 } }, 'retry.maxAttempts'],
    [{ retry: { baseDelayMs: -1 } }, 'retry.baseDelayMs'],
    [{ retry: { maxDelayMs: Number.POSITIVE_INFINITY } }, 'retry.maxDelayMs'],
    [{ retry: { attempts: 2 } }, 'retry.attempts'],
    [{ trackRemoteSessions: 'yes' }, 'trackRemoteSessions'],
    [{ maxEndedSessions: -1 }, 'maxEndedSessions'],
    [{ maxEndedSessions: 2.5 }, 'maxEndedSessions'],
    [{ now: 5 }, 'now'],
    [{ inspect: {} }, 'inspect'],
    [{ starter: 'https://example.com/start' }, 'starter'],
    [{ ringTimeout: 5 }, 'ringTimeout'],
  ])('rejects %j naming %s', (options, path) => {
    const err = (() => {
      try {
        createDialOutManager(new FakeDailyCall(), options as never);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(DialOutValidationError);
    expect((err as DialOutValidationError).issues.map((i) => i.path)).toEqual([path]);
  });

  it('adds no listener when the options are bad', () => {
    const call = new FakeDailyCall();
    expect(() => createDialOutManager(call, { startTimeoutMs: -5 })).toThrow(DialOutValidationError);
    expect(call.listenerCount()).toBe(0);
  });

  it('accepts Infinity timeouts, maxEndedSessions Infinity and a custom clock', () => {
    const resolved = resolveManagerOptions({
      startTimeoutMs: Number.POSITIVE_INFINITY,
      maxEndedSessions: Number.POSITIVE_INFINITY,
      now: () => 42,
      retry: { maxAttempts: 1 },
    });
    expect(resolved.timing.startTimeoutMs).toBe(Number.POSITIVE_INFINITY);
    expect(resolved.maxEndedSessions).toBe(Number.POSITIVE_INFINITY);
    expect(resolved.now()).toBe(42);
    expect(resolved.timing.retry).toEqual({ maxAttempts: 1, baseDelayMs: 1_000, maxDelayMs: 8_000 });
  });

  it('passes inspect and starter through as given', () => {
    const inspect = () => {};
    const starter = async () => ({ sessionId: 'S1' });
    const resolved = resolveManagerOptions({ inspect, starter });
    expect(resolved.inspect).toBe(inspect);
    expect(resolved.starter).toBe(starter);
  });

  it('rejects a non-object', () => {
    expect(() => resolveManagerOptions('fast' as never)).toThrow(DialOutValidationError);
  });
});
