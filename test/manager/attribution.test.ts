// Where an event without a known sessionId goes: by the userId and target it names (issue 10, items 4 and 5).
import { describe, expect, it } from 'vitest';
import { PHONE, SIP, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();

describe('errors and warnings without sessionId', () => {
  it.each([
    ['its E.164 destination (formatting ignored)', { details: { destination: '+1 (555) 555-0111' } }, 1],
    ['its SIP URI (scheme and host case-insensitive, parameters ignored)', { destination: 'SIP:bob@EXAMPLE.com;transport=tls' }, 2],
    ['its userId', { userId: 'u-second' }, 1],
    ['its userId, which wins over a target naming another session', { userId: 'u-first', destination: '+15555550111' }, 0],
    ['nothing: the oldest pending session', { destination: '+15555550999' }, 0],
  ] as const)('go to the pending session named by %s', async (_, fields, index) => {
    const t = setup();
    const sessions = [
      t.manager.start({ phoneNumber: PHONE, userId: 'u-first' }),
      t.manager.start({ phoneNumber: '+15555550111', userId: 'u-second' }),
      t.manager.start({ sipUri: SIP }),
    ];
    t.call.emit('dialout-warning', { errorMsg: 'codec', ...fields });
    t.call.emit('dialout-error', { errorMsg: 'failed', ...fields });
    const target = sessions[index];
    expect(target?.snapshot).toMatchObject({ status: 'error', warnings: [{ message: 'codec', localId: target?.id }], error: { localId: target?.id } });
    expect(sessions.filter((s) => s !== target).map((s) => s.snapshot.status)).toEqual(['connecting', 'connecting']);
    t.manager.dispose();
  });

  it('only go to sessions still waiting for their sessionId', async () => {
    const t = setup();
    const first = t.manager.start({ phoneNumber: PHONE, userId: 'u1' });
    const second = t.manager.start({ phoneNumber: PHONE, userId: 'u2' });
    t.call.startCalls[0]?.resolve({ session: { sessionId: 'S1' } });
    await flush();
    t.call.emit('dialout-error', { errorMsg: 'failed', userId: 'u1' });
    expect(first.snapshot.status).toBe('connecting');
    expect(second.snapshot.status).toBe('error');
    t.manager.dispose();
  });
});

describe('userId correlation before startDialOut() resolves', () => {
  it('binds the sessionId of an event carrying a pending start’s unique userId', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE, userId: 'agent-7' });
    t.call.emit('dialout-connected', { sessionId: 'S1', userId: 'agent-7' });
    expect(session.snapshot).toMatchObject({ status: 'connected', sessionId: 'S1' });
    expect(t.events.map((e) => [e.type, e.localId])).toEqual([['dialout-connected', session.id]]);
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    expect(session.snapshot).toMatchObject({ status: 'answered', sessionId: 'S1', warnings: [] });
    t.manager.dispose();
  });

  it('holds the events while two pending starts share the userId', async () => {
    const t = setup();
    const a = t.manager.start({ phoneNumber: PHONE, userId: 'same' });
    t.manager.start({ phoneNumber: PHONE, userId: 'same' });
    t.call.emit('dialout-connected', { sessionId: 'S1', userId: 'same' });
    expect(t.events).toHaveLength(0);
    expect(a.snapshot.status).toBe('connecting');
    t.call.startCalls[0]?.resolve({ session: { sessionId: 'S1' } });
    await flush();
    expect(a.snapshot).toMatchObject({ status: 'connected', sessionId: 'S1' });
    t.manager.dispose();
  });

  it("takes the start's sessionId when it differs, keeps what it received, and warns naming both", async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE, userId: 'agent-7' });
    t.call.emit('dialout-connected', { sessionId: 'S-events', userId: 'agent-7' });
    t.call.resolveStart('S-daily');
    await flush();
    expect(session.snapshot).toMatchObject({ status: 'connected', sessionId: 'S-daily' });
    expect(session.snapshot.connectedAt).toBeDefined();
    expect(t.warnings.map((w) => w.message)).toEqual([
      "startDialOut() resolved with sessionId S-daily, but events with this session's userId named S-events; using S-daily",
    ]);
    t.call.emit('dialout-answered', { sessionId: 'S-daily' });
    expect(session.snapshot.status).toBe('answered');
    expect(t.manager.getSnapshot().sessions).toHaveLength(1);
    t.manager.dispose();
  });
});
