// Who ended a call (endedBy), session timestamps that never go backwards, and every field Daily's events carry.
import { describe, expect, it, vi } from 'vitest';
import { PHONE, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();

async function connected(options: Parameters<typeof setup>[0] = {}) {
  const t = setup(options);
  const session = t.manager.start({ phoneNumber: PHONE });
  t.call.resolveStart('S1');
  await flush();
  t.call.emit('dialout-connected', { sessionId: 'S1' });
  return { ...t, session };
}

describe('endedBy', () => {
  it.each([
    ['a local stop() answered by dialout-stopped', 'local', 'canceled'],
    ['a local stop() refused with NOT_FOUND', 'local', 'canceled'],
    ['a dialout-stopped nobody here asked for (the callee hung up)', 'remote', 'no-answer'],
    ['a dialout-error', 'system', 'failed'],
    ['dispose()', 'system', 'detached'],
  ] as const)('%s → %s', async (how, endedBy, outcome) => {
    const t = await connected();
    if (how.startsWith('a local stop()')) {
      const stopped = t.session.stop();
      await flush();
      if (how.endsWith('NOT_FOUND')) t.call.rejectStop('NOT_FOUND');
      else {
        t.call.resolveStop();
        await flush();
        t.call.emit('dialout-stopped', { sessionId: 'S1' });
      }
      await stopped;
    } else if (how.startsWith('a dialout-stopped')) t.call.emit('dialout-stopped', { sessionId: 'S1' });
    else if (how === 'a dialout-error') t.call.emit('dialout-error', { sessionId: 'S1', errorMsg: 'SIP 503' });
    else t.manager.dispose();
    const final = await t.session.done;
    expect(final).toMatchObject({ endedBy, outcome });
    expect(t.errors.filter((e) => e.code !== 'DIALOUT_ERROR')).toEqual([]);
    t.manager.dispose();
  });

  it('is local for the ring and maximum-duration timers, and for a stop() followed by a start rejection', async () => {
    vi.useFakeTimers();
    const ring = await connected({ ringTimeoutMs: 1_000 });
    await vi.advanceTimersByTimeAsync(1_000);
    ring.call.resolveStop();
    await flush();
    ring.call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(await ring.session.done).toMatchObject({ endedBy: 'local', outcome: 'no-answer' });
    ring.manager.dispose();

    const max = await connected({ maxDurationMs: 5_000 });
    max.call.emit('dialout-answered', { sessionId: 'S1' });
    await vi.advanceTimersByTimeAsync(5_000);
    max.call.rejectStop('NOT_FOUND');
    expect(await max.session.done).toMatchObject({ endedBy: 'local', outcome: 'completed' });
    max.manager.dispose();

    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    const stopped = session.stop();
    t.call.rejectStart('NOT_ALLOWED');
    await stopped;
    expect(await session.done).toMatchObject({ status: 'stopped', endedBy: 'local', error: { code: 'NOT_ALLOWED' } });
    t.manager.dispose();
  });

  it('is system for a start rejection, NOT_JOINED and START_TIMEOUT', async () => {
    vi.useFakeTimers();
    const t = setup({ startTimeoutMs: 1_000 });
    const rejected = t.manager.start({ phoneNumber: PHONE });
    t.call.rejectStart('NOT_ALLOWED');
    await flush();
    const timedOut = t.manager.start({ phoneNumber: PHONE });
    await vi.advanceTimersByTimeAsync(1_000);
    t.call.setMeetingState('left-meeting');
    const notJoined = t.manager.start({ phoneNumber: PHONE });
    for (const [session, code] of [[rejected, 'NOT_ALLOWED'], [timedOut, 'START_TIMEOUT'], [notJoined, 'NOT_JOINED']] as const) {
      expect(await session.done).toMatchObject({ status: 'error', endedBy: 'system', error: { code } });
    }
    t.manager.dispose();
  });

  it('is set exactly when the session is final', async () => {
    const t = await connected();
    const seen: Array<[string, string | undefined]> = [];
    t.session.snapshot$.subscribe((s) => seen.push([s.status, s.endedBy]));
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(seen).toEqual([
      ['connected', undefined],
      ['answered', undefined],
      ['stopped', 'remote'],
    ]);
    t.manager.dispose();
  });
});

describe('timestamps', () => {
  it('never go backwards, whatever the clock does: createdAt ≤ connectedAt ≤ answeredAt ≤ endedAt', async () => {
    const times = [1_000, 900, 800, 700, 600, 500];
    const t = setup({ now: () => times.shift() ?? 400 });
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    const s = await session.done;
    // the clock only went backwards after the session was created: every later time is its createdAt
    expect(s.createdAt).toBeGreaterThan(400);
    expect([s.connectedAt, s.answeredAt, s.endedAt]).toEqual([s.createdAt, s.createdAt, s.createdAt]);
    expect(s.durationMs).toBe(0);
    t.manager.dispose();
  });
});

describe('every documented event field', () => {
  it('reads origin, actionTraceId (the last one), sipCallId and details.destination', async () => {
    const t = setup();
    t.call.emit('dialout-connected', { sessionId: 'R1', origin: 'sip:room.0@daily.example', destination: 'sip:bob@example.com', sipCallId: 'call-1', actionTraceId: 'trace-1', provider: 'daily' });
    t.call.emit('dialout-answered', { sessionId: 'R1', actionTraceId: 'trace-2', sipCallId: 'call-2' });
    expect(t.manager.session('R1')?.snapshot).toMatchObject({
      origin: 'sip:room.0@daily.example',
      target: { kind: 'sip', sipUri: 'sip:bob@example.com' },
      sipCallId: 'call-1',
      actionTraceId: 'trace-2',
    });
    t.call.emit('dialout-error', { sessionId: 'R2', errorMsg: 'SIP 486 Busy Here', actionTraceId: 'trace-3', sipCallId: 'call-3', details: { destination: '+15555550123', sipHeaders: { Reason: 'SIP;cause=486;text="Busy Here"' } } });
    const r2 = t.manager.session('R2')?.snapshot;
    expect(r2).toMatchObject({ status: 'error', target: { kind: 'phone', phoneNumber: '+15555550123' }, actionTraceId: 'trace-3' });
    expect(r2?.error).toMatchObject({ code: 'DIALOUT_ERROR', actionTraceId: 'trace-3', sipCallId: 'call-3', category: 'busy', sipStatus: 486 });
    t.call.emit('dialout-warning', { sessionId: 'R1', errorMsg: 'codec fallback', actionTraceId: 'trace-4', sipCallId: 'call-2' });
    expect(t.warnings.at(-1)).toMatchObject({ message: 'codec fallback', actionTraceId: 'trace-4', sipCallId: 'call-2', localId: 'remote-1' });
    t.manager.dispose();
  });

  it('classifies an error from details alone, and reports one it cannot place with its fields', () => {
    const t = setup();
    t.call.emit('dialout-error', { errorMsg: 'call failed', actionTraceId: 'trace-9', details: { sipHeaders: { status: '603 Decline' } } });
    expect(t.errors).toHaveLength(1);
    expect(t.errors[0]).toMatchObject({ code: 'DIALOUT_ERROR', category: 'declined', sipStatus: 603, actionTraceId: 'trace-9' });
    expect(t.errors[0]?.localId).toBeUndefined();
    t.manager.dispose();
  });
});
