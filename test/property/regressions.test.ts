/**
 * Counterexamples the storms found, kept as named regression tests: each
 * replays the shrunk command sequence through the same checks as the storm
 * (`storm.ts`). They failed before the fixes of commit 2ab82a0 (see
 * FOUND_BUGS.md) and must keep passing.
 */
import { afterEach, beforeEach, describe, it, vi } from 'vitest';
import type { DialOutManagerOptions } from '../../src/index.js';
import { C, runStorm } from './storm.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** The options every counterexample shrank to. */
const SHRUNK: DialOutManagerOptions = {
  startTimeoutMs: 1_000,
  ringTimeoutMs: 5_000,
  stopTimeoutMs: 1_000,
  maxDurationMs: 10_000,
  retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
  trackRemoteSessions: true,
  maxEndedSessions: 0,
};
const PHONE = { phoneNumber: '+10' };
const SIP = { sipUri: 'sip:a@example.com' };

describe('storm regressions', () => {
  it('BUG-1 (seed 20251121): held stopped + connected for one sessionId, start resolved without a session (adoption)', async () => {
    await runStorm({ ...SHRUNK, trackRemoteSessions: false }, 0, [
      C.start({ phoneNumber: '+12268077097' }),
      C.emit('dialout-stopped', { sessionId: 'S3' }),
      C.emit('dialout-connected', { sessionId: 'S3' }),
      C.resolveStartWith({}),
    ]);
  });

  it('BUG-1: held stopped + connected for one sessionId, start resolved with it', async () => {
    await runStorm(SHRUNK, 0, [
      C.start(PHONE),
      C.emit('dialout-stopped', { sessionId: 'S1' }),
      C.emit('dialout-connected', { sessionId: 'S1' }),
      C.resolveStartWithSession(0),
    ]);
  });

  it('BUG-1: two held events of another dial-out become a remote session that the first one ends', async () => {
    await runStorm(SHRUNK, 0, [
      C.start(PHONE),
      C.emit('dialout-error', { sessionId: 'R1' }),
      C.emit('dialout-answered', { sessionId: 'R1' }),
      C.resolveStartWithSession(0),
    ]);
  });

  it('BUG-2 (seed 20251121): events held when the start timed out; stop() on the phantom remote session; the start resolves late', async () => {
    await runStorm(SHRUNK, 0, [
      C.start(PHONE),
      C.emit('dialout-connected', { sessionId: 'S3' }),
      C.advance(120_000),
      C.stop(3),
      C.resolveStartWithSession(2),
    ]);
  });

  it('BUG-2 (seed 866631000): events arriving after the session failed but before its start resolved', async () => {
    await runStorm(SHRUNK, 0, [
      C.start(SIP),
      C.emit('dialout-error', {}),
      C.emit('dialout-connected', { sessionId: 'S5' }),
      C.stop(3),
      C.advance(30_000),
      C.resolveStartWithSession(4),
    ]);
  });

  it('BUG-3 (seed 1665073371): an orphan\'s held event is adopted by the next session that resolves without a session', async () => {
    await runStorm({ ...SHRUNK, trackRemoteSessions: false }, 0, [
      C.start(SIP),
      C.advance(30_000),
      C.start(SIP),
      C.emit('dialout-connected', { sessionId: 'S1' }),
      C.stop(3),
      C.resolveStartWithSession(0),
      C.resolveStartWith({}),
    ]);
  });

  it('BUG-3 (seed 185841687): the same with two more sessions in between', async () => {
    await runStorm({ ...SHRUNK, trackRemoteSessions: false }, 0, [
      C.start({ phoneNumber: '+12268077097' }),
      C.start({ phoneNumber: '+12268077097' }),
      C.resolveStartWithSession(0),
      C.start(SIP),
      C.emit('dialout-connected', { sessionId: 'S5' }),
      C.emit('dialout-error', {}),
      C.start(SIP),
      C.resolveStartWithSession(4),
      C.rejectStart('NOT_ALLOWED'),
      C.stop(7),
      C.resolveStartWith({}),
    ]);
  });

  it('BUG-4 (seed 20251121): answered, stop(), then a late dialout-connected', async () => {
    await runStorm(SHRUNK, 0, [
      C.emit('dialout-answered', { sessionId: 'S1' }),
      C.advance(1),
      C.stop(0),
      C.emit('dialout-connected', { sessionId: 'S1' }),
    ]);
  });
});
