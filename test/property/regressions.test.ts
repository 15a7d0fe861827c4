/**
 * Counterexamples the storms found, kept as named regression tests: each
 * replays the shrunk command sequence through the same checks as the storm
 * (`storm.ts`). BUG-1 to BUG-4 failed before the fixes of commit 2ab82a0 (see
 * FOUND_BUGS.md) and must keep passing; so must BUG-5 to BUG-7, fixed in issue 11
 * (BUG-6 by documenting what transfer() rejects with).
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

  it('BUG-5 (found at seed 20251121 by the issue-11 storm, shortened by hand): pruning an ended session no longer un-routes the recovered session that took its sessionId over', async () => {
    await runStorm({ ...SHRUNK, maxEndedSessions: 1 }, 0, [
        C.leave(),
        C.emit('dialout-stopped', { sessionId: 'S2' }), // remote-1, stopped
        C.participant('participant-joined', 'pstn-dial-out', { label: 'S2', id: 'S2' }, { label: 'audio playable', tracks: { audio: { state: 'playable' } } }),
        C.rejoin(), // joined-meeting: S2's leg is in the room, recovered as remote-2, which takes S2 over
        C.emit('dialout-stopped', { sessionId: 'R1' }), // remote-3 ends: remote-1 is pruned, and S2 with it
        C.emit('dialout-stopped', { sessionId: 'S2' }), // S2's leg hangs up: remote-2 ends (it was un-routed before the fix)
    ]);
  });

  it('BUG-6 (seed 20251121): transfer() rejects with what daily-js rejected with, as documented', async () => {
    await runStorm(SHRUNK, 0, [
        C.emit('dialout-answered', { sessionId: 'R1' }),
        C.transfer(0, 'transfer', { toEndPoint: '+15555550199' }, true),
        C.settleTransfer(false, new Error('SIP 403 Forbidden'), "Error('SIP 403 Forbidden')"),
    ]);
  });

  it('BUG-7 (seed 20251121): daily-js refuses a transfer after stop(): the answer is kept and the session does not end transferred', async () => {
    await runStorm(SHRUNK, 0, [
        C.emit('dialout-answered', { sessionId: 'R1' }),
        C.transfer(0, 'transfer', { toEndPoint: '+15555550199' }, true),
        C.stop(0), // stopping: the sipCallTransfer() call is still pending
        C.settleTransfer(false, new Error('SIP 403 Forbidden'), "Error('SIP 403 Forbidden')"), // applied while stopping: failed, transfer() rejects with the refusal
        C.emit('dialout-stopped', { sessionId: 'R1' }), // our stop() ended the leg: canceled or completed, not transferred
    ]);
  });
});
