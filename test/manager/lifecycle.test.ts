import { describe, expect, it } from 'vitest';
import { PHONE, answeredSession as answered, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();


describe('lifecycle', () => {
  it('goes connecting → connected → answered → stopped with timestamps and outcome completed', async () => {
    let clock = 1_000;
    const t = setup({ now: () => clock });
    const statuses: string[] = [];
    t.manager.status$.subscribe((s) => statuses.push(s));
    const session = t.manager.start({ phoneNumber: PHONE, displayName: 'Support', userId: 'u-1' });
    expect(session.snapshot).toMatchObject({
      status: 'connecting',
      initiator: 'local',
      target: { kind: 'phone', phoneNumber: PHONE },
      displayName: 'Support',
      userId: 'u-1',
      attempt: 1,
      createdAt: 1_000,
    });
    expect(t.call.startCalls).toHaveLength(1);
    expect(t.call.startCalls[0]?.args).toMatchObject({ phoneNumber: PHONE, displayName: 'Support' });
    clock = 1_500;
    t.call.resolveStart('S1');
    await flush();
    expect(session.sessionId).toBe('S1');
    expect(session.snapshot.status).toBe('connecting');
    clock = 2_000;
    t.call.emit('dialout-connected', { sessionId: 'S1', provider: 'signalwire', sipCallId: 'call-1', callerId: '+15555550199' });
    expect(session.snapshot).toMatchObject({ status: 'connected', connectedAt: 2_000, provider: 'signalwire', sipCallId: 'call-1', callerId: '+15555550199' });
    clock = 3_000;
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    expect(session.snapshot).toMatchObject({ status: 'answered', answeredAt: 3_000 });
    clock = 10_000;
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'completed', endedAt: 10_000, durationMs: 7_000 });
    expect(statuses).toEqual(['idle', 'connecting', 'connected', 'answered', 'stopped']);
    await expect(session.done).resolves.toBe(session.snapshot);
    t.manager.dispose();
  });

  it('ignores a late dialout-connected once answered (never backwards)', async () => {
    const t = await answered();
    const before = t.manager.getSnapshot();
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    expect(t.session.snapshot.status).toBe('answered');
    expect(t.manager.getSnapshot()).toBe(before);
    expect(t.events.filter((e) => e.type === 'dialout-connected')).toHaveLength(2);
    t.manager.dispose();
  });

  it('goes straight from connecting to answered when dialout-connected never came', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    expect(session.snapshot.status).toBe('answered');
    expect(session.snapshot.connectedAt).toBeUndefined();
    t.manager.dispose();
  });

  it('changes nothing on duplicates: same snapshot object, events still reported', async () => {
    const t = await answered();
    const snap = t.manager.getSnapshot();
    const sessionSnap = t.session.snapshot;
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    expect(t.manager.getSnapshot()).toBe(snap);
    expect(t.session.snapshot).toBe(sessionSnap);
    expect(t.events.filter((e) => e.type === 'dialout-answered')).toHaveLength(3);
    t.manager.dispose();
  });

  it('absorbs everything in a final state', async () => {
    const t = await answered();
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    const final = t.session.snapshot;
    for (const type of ['dialout-connected', 'dialout-answered', 'dialout-stopped', 'dialout-error', 'dialout-warning']) {
      t.call.emit(type, { sessionId: 'S1', errorMsg: 'late' });
    }
    expect(t.session.snapshot).toBe(final);
    expect(t.manager.getSnapshot().sessions).toHaveLength(1);
    expect(t.events.slice(-5).every((e) => e.localId === t.session.id)).toBe(true);
    t.manager.dispose();
  });

  it('appends a dialout-warning without changing the status, and emits it on warnings$', async () => {
    const t = await answered();
    t.call.emit('dialout-warning', { sessionId: 'S1', errorMsg: 'codec fallback to PCMU' });
    expect(t.session.snapshot.status).toBe('answered');
    expect(t.session.snapshot.warnings).toEqual([
      expect.objectContaining({ message: 'codec fallback to PCMU', sessionId: 'S1', localId: t.session.id }),
    ]);
    expect(t.warnings).toEqual([t.session.snapshot.warnings[0]]);
    t.manager.dispose();
  });

  it('ends in error DIALOUT_ERROR (outcome failed) on dialout-error', async () => {
    const t = await answered();
    t.call.emit('dialout-error', { sessionId: 'S1', errorMsg: 'SIP 503' });
    expect(t.session.snapshot).toMatchObject({
      status: 'error',
      outcome: 'failed',
      error: { code: 'DIALOUT_ERROR', message: 'SIP 503', retryable: false, sessionId: 'S1', localId: t.session.id },
    });
    expect(t.errors.map((e) => e.code)).toEqual(['DIALOUT_ERROR']);
    t.manager.dispose();
  });

  it.each([
    ['connecting', false],
    ['connected', true],
  ])('outcome no-answer when the far end ends it from %s without a local stop', async (_state, connect) => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    if (connect) t.call.emit('dialout-connected', { sessionId: 'S1' });
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'no-answer' });
    expect(session.snapshot.durationMs).toBeUndefined();
    t.manager.dispose();
  });

  it('outcome canceled for a local stop() before the answer', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    const stopped = session.stop();
    expect(session.snapshot.status).toBe('stopping');
    await flush();
    expect(t.call.stopCalls.map((c) => c.args)).toEqual([{ sessionId: 'S1' }]);
    t.call.resolveStop();
    await flush();
    expect(session.snapshot.status).toBe('stopping');
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    await stopped;
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'canceled' });
    t.manager.dispose();
  });

  it('outcome completed for a local stop() after the answer', async () => {
    const t = await answered();
    const stopped = t.session.stop();
    await flush();
    t.call.resolveStop();
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    await stopped;
    expect(t.session.snapshot).toMatchObject({ status: 'stopped', outcome: 'completed' });
    t.manager.dispose();
  });

  it.each(['left-meeting', 'call-instance-destroyed'] as const)('outcome detached on %s while live', async (event) => {
    const t = await answered();
    const other = t.manager.start({ sipUri: 'sip:alice@example.com' });
    if (event === 'left-meeting') t.call.leave();
    else t.call.emit('call-instance-destroyed', {});
    expect(t.session.snapshot).toMatchObject({ status: 'stopped', outcome: 'detached' });
    expect(other.snapshot).toMatchObject({ status: 'stopped', outcome: 'detached' });
    expect(t.call.stopCalls).toHaveLength(0);
    t.manager.dispose();
  });

  it('keeps a session that ended before left-meeting as it was', async () => {
    const t = await answered();
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    t.call.leave();
    expect(t.session.snapshot.outcome).toBe('completed');
    t.manager.dispose();
  });

  it('finds sessions by local id and by Daily sessionId', async () => {
    const t = await answered();
    expect(t.manager.session(t.session.id)).toBe(t.session);
    expect(t.manager.session('S1')).toBe(t.session);
    expect(t.manager.session('nope')).toBeUndefined();
    expect(t.manager.session('__proto__')).toBeUndefined();
    t.manager.dispose();
  });

  it('records the SIP target, and snapshots are frozen and serialisable', async () => {
    const t = setup();
    const session = t.manager.start({ sipUri: 'sip:boardroom@example.com', video: true });
    expect(session.snapshot.target).toEqual({ kind: 'sip', sipUri: 'sip:boardroom@example.com' });
    expect(Object.isFrozen(session.snapshot)).toBe(true);
    expect(Object.isFrozen(t.manager.getSnapshot())).toBe(true);
    expect(Object.isFrozen(t.manager.getSnapshot().sessions)).toBe(true);
    expect(JSON.parse(JSON.stringify(t.manager.getSnapshot()))).toEqual(t.manager.getSnapshot());
    t.manager.dispose();
  });
});

describe('current', () => {
  it('is the newest live local session: a remote dial-out seen later never hides ours', async () => {
    const t = setup();
    const ours = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    t.call.emit('dialout-warning', { sessionId: 'R1', errorMsg: 'someone else' }); // a remote session, idle
    expect(t.manager.getSnapshot().sessions.map((s) => s.status)).toEqual(['answered', 'idle']);
    expect(t.manager.getSnapshot().current?.id).toBe(ours.id);
    expect(t.manager.getSnapshot().status).toBe('answered');
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    // ours ended: the newest live session (the remote one) is current
    expect(t.manager.getSnapshot().current?.sessionId).toBe('R1');
    t.call.emit('dialout-stopped', { sessionId: 'R1' });
    // nothing live: the newest session
    expect(t.manager.getSnapshot().current?.sessionId).toBe('R1');
    t.manager.dispose();
  });
});
