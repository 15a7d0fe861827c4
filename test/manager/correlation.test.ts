import { describe, expect, it } from 'vitest';
import { PHONE, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();

describe('correlation', () => {
  it('holds events for unknown sessionIds until the start resolves, then applies them in arrival order', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    expect(session.snapshot.status).toBe('connecting');
    expect(t.events).toHaveLength(0);
    t.call.resolveStart('S1');
    await flush();
    expect(session.snapshot.status).toBe('answered');
    expect(session.snapshot.connectedAt).toBeDefined();
    expect(t.events.map((e) => [e.type, e.localId])).toEqual([
      ['dialout-connected', session.id],
      ['dialout-answered', session.id],
    ]);
    t.manager.dispose();
  });

  it('makes the other held events remote sessions once no start is pending', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.emit('dialout-connected', { sessionId: 'R1', destination: '+15555550111', userId: 'bob' });
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    t.call.resolveStart('S1');
    await flush();
    const sessions = t.manager.getSnapshot().sessions;
    expect(sessions.map((s) => [s.initiator, s.sessionId, s.status])).toEqual([
      ['local', 'S1', 'connected'],
      ['remote', 'R1', 'connected'],
    ]);
    expect(sessions[1]).toMatchObject({ target: { kind: 'phone', phoneNumber: '+15555550111' }, userId: 'bob', attempt: 0 });
    expect(t.events.map((e) => e.sessionId)).toEqual(['S1', 'R1']);
    expect(t.manager.session('R1')?.snapshot.initiator).toBe('remote');
    expect(session.snapshot.status).toBe('connected');
    t.manager.dispose();
  });

  it('keeps holding while another local start is still pending', async () => {
    const t = setup();
    const a = t.manager.start({ phoneNumber: PHONE });
    const b = t.manager.start({ phoneNumber: '+15555550101' });
    t.call.emit('dialout-connected', { sessionId: 'SB' });
    t.call.resolveStart('SA');
    await flush();
    expect(t.manager.getSnapshot().sessions).toHaveLength(2);
    expect(t.events).toHaveLength(0);
    t.call.resolveStart('SB');
    await flush();
    expect(a.snapshot.status).toBe('connecting');
    expect(b.snapshot.status).toBe('connected');
    expect(t.events.map((e) => e.localId)).toEqual([b.id]);
    t.manager.dispose();
  });

  it('with trackRemoteSessions: false, reports remote events only on events$ (and errors$)', async () => {
    const t = setup({ trackRemoteSessions: false });
    t.call.emit('dialout-connected', { sessionId: 'R1' });
    t.call.emit('dialout-error', { sessionId: 'R1', errorMsg: 'busy' });
    t.call.emit('dialout-warning', { sessionId: 'R1', errorMsg: 'codec' });
    expect(t.manager.getSnapshot().sessions).toHaveLength(0);
    expect(t.events.map((e) => [e.type, e.localId])).toEqual([
      ['dialout-connected', undefined],
      ['dialout-error', undefined],
      ['dialout-warning', undefined],
    ]);
    expect(t.errors).toEqual([expect.objectContaining({ code: 'DIALOUT_ERROR', sessionId: 'R1', message: 'busy' })]);
    expect(t.errors[0]?.localId).toBeUndefined();
    expect(t.warnings).toEqual([expect.objectContaining({ message: 'codec', sessionId: 'R1' })]);
    t.manager.dispose();
  });

  it('tracks dial-outs started by others as remote sessions through their lifecycle', async () => {
    const t = setup();
    t.call.emit('dialout-warning', { sessionId: 'R1', errorMsg: 'early warning' });
    const remote = t.manager.session('R1');
    expect(remote?.snapshot).toMatchObject({ status: 'idle', initiator: 'remote' });
    t.call.emit('dialout-connected', { sessionId: 'R1', destination: 'sip:carol@example.com' });
    t.call.emit('dialout-answered', { sessionId: 'R1' });
    t.call.emit('dialout-stopped', { sessionId: 'R1' });
    expect(remote?.snapshot).toMatchObject({
      status: 'stopped',
      outcome: 'completed',
      target: { kind: 'sip', sipUri: 'sip:carol@example.com' },
    });
    expect(remote?.snapshot.warnings).toHaveLength(1);
    expect(t.warnings).toHaveLength(1);
    t.manager.dispose();
  });

  it('adopts the first unknown sessionId when the start resolves without a session', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.emit('dialout-connected', { sessionId: 'X1' });
    t.call.emit('dialout-connected', { sessionId: 'X2' });
    t.call.resolveStart(null);
    await flush();
    expect(session.sessionId).toBe('X1');
    expect(session.snapshot.status).toBe('connected');
    expect(t.manager.session('X2')?.snapshot.initiator).toBe('remote');
    t.manager.dispose();
  });

  it('adopts a later unknown sessionId when nothing was held', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart(null);
    await flush();
    expect(session.sessionId).toBeUndefined();
    t.call.emit('dialout-answered', { sessionId: 'X9' });
    expect(session.sessionId).toBe('X9');
    expect(session.snapshot.status).toBe('answered');
    expect(t.manager.getSnapshot().sessions).toHaveLength(1);
    t.manager.dispose();
  });

  it('gives a dialout-error without sessionId to the oldest local session still waiting for its sessionId', async () => {
    const t = setup();
    const a = t.manager.start({ phoneNumber: PHONE });
    const b = t.manager.start({ phoneNumber: '+15555550101' });
    t.call.emit('dialout-error', { errorMsg: 'no route' });
    expect(a.snapshot).toMatchObject({ status: 'error', error: { code: 'DIALOUT_ERROR', message: 'no route' } });
    expect(b.snapshot.status).toBe('connecting');
    expect(t.events[0]).toMatchObject({ type: 'dialout-error', localId: a.id });
    expect(t.events[0]?.sessionId).toBeUndefined();
    t.manager.dispose();
  });

  it('gives a dialout-warning without sessionId to the oldest waiting session', async () => {
    const t = setup();
    const a = t.manager.start({ phoneNumber: PHONE });
    t.call.emit('dialout-warning', { errorMsg: 'slow' });
    expect(a.snapshot.status).toBe('connecting');
    expect(a.snapshot.warnings.map((w) => w.message)).toEqual(['slow']);
    t.manager.dispose();
  });

  it('reports an error or warning without sessionId and no waiting session unattributed', async () => {
    const t = setup();
    const a = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-error', { errorMsg: 'lost' });
    t.call.emit('dialout-warning', { errorMsg: 'hmm' });
    expect(a.snapshot.status).toBe('connecting');
    expect(t.errors).toEqual([expect.objectContaining({ code: 'DIALOUT_ERROR', message: 'lost' })]);
    expect(t.warnings).toEqual([expect.objectContaining({ message: 'hmm' })]);
    expect(t.events.map((e) => e.localId)).toEqual([undefined, undefined]);
    t.manager.dispose();
  });

  it('reports lifecycle events without a sessionId unattributed and changes nothing', async () => {
    const t = setup();
    const a = t.manager.start({ phoneNumber: PHONE });
    t.call.emit('dialout-connected', {});
    t.call.emit('dialout-stopped', { sessionId: '' });
    expect(a.snapshot.status).toBe('connecting');
    expect(t.events.map((e) => [e.type, e.localId])).toEqual([
      ['dialout-connected', undefined],
      ['dialout-stopped', undefined],
    ]);
    t.manager.dispose();
  });

  it('survives malformed payloads and reports each on events$', async () => {
    const t = setup();
    const a = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    const bad: unknown[] = [null, 'string', 42, [], { sessionId: 7 }, { sessionId: 'S1', errorMsg: { nested: true } }];
    for (const payload of bad) t.call.emitRaw('dialout-warning', payload);
    t.call.emitRaw('dialout-connected', { sessionId: 'S1', provider: 5, sipCallId: null });
    expect(a.snapshot.status).toBe('connected');
    expect(a.snapshot.provider).toBeUndefined();
    expect(t.events).toHaveLength(bad.length + 1);
    expect(t.events.map((e) => e.payload)).toEqual([...bad, { sessionId: 'S1', provider: 5, sipCallId: null }]);
    t.manager.dispose();
  });

  it('cuts a huge errorMsg in snapshots but keeps the payload on events$', async () => {
    const t = setup();
    const huge = 'x'.repeat(100_000);
    t.call.emit('dialout-error', { sessionId: 'R1', errorMsg: huge });
    const remote = t.manager.session('R1');
    expect(remote?.snapshot.error?.message.length).toBeLessThan(2_100);
    expect((t.events[0]?.payload as { errorMsg: string }).errorMsg).toBe(huge);
    t.manager.dispose();
  });

  it('reports every event exactly once', async () => {
    const t = setup();
    t.manager.start({ phoneNumber: PHONE });
    const sent = [
      ['dialout-connected', { sessionId: 'S1' }],
      ['dialout-warning', {}],
      ['dialout-connected', { sessionId: 'R1' }],
      ['dialout-answered', { sessionId: 'S1' }],
      ['dialout-stopped', { sessionId: 'R1' }],
    ] as const;
    for (const [type, payload] of sent) t.call.emit(type, payload);
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(t.events).toHaveLength(sent.length + 1);
    expect(new Set(t.events.map((e) => e.payload)).size).toBe(sent.length + 1);
    t.manager.dispose();
  });
});
