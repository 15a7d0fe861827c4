import { afterEach, describe, expect, it, vi } from 'vitest';
import { DialOutStateError, DialOutValidationError } from '../../src/index.js';
import { PHONE, answeredSession as answered, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();
afterEach(() => {
  vi.useRealTimers();
});


describe('stop()', () => {
  it('is idempotent: stopDialOut is sent once however often stop() is called', async () => {
    const t = await answered();
    const p = [t.session.stop(), t.session.stop(), t.session.stop()];
    await flush();
    expect(t.call.stopCalls).toHaveLength(1);
    t.call.resolveStop();
    await flush();
    t.session.stop();
    await flush();
    expect(t.call.stopCalls).toHaveLength(1);
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    await Promise.all(p);
    await t.session.stop();
    expect(t.call.stopCalls).toHaveLength(1);
    t.manager.dispose();
  });

  it('before the sessionId is known: stopDialOut is sent as soon as it is', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    const stopped = session.stop();
    expect(session.snapshot.status).toBe('stopping');
    await flush();
    expect(t.call.stopCalls).toHaveLength(0);
    t.call.resolveStart('S1');
    await flush();
    expect(t.call.stopCalls.map((c) => c.args)).toEqual([{ sessionId: 'S1' }]);
    t.call.resolveStop();
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    await stopped;
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'canceled' });
    t.manager.dispose();
  });

  it('before the sessionId is known, start resolving without session: stops the adopted sessionId', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    session.stop();
    t.call.resolveStart(null);
    await flush();
    expect(t.call.stopCalls).toHaveLength(0);
    t.call.emit('dialout-connected', { sessionId: 'X1' });
    await flush();
    expect(session.snapshot.status).toBe('stopping');
    expect(t.call.stopCalls.map((c) => c.args)).toEqual([{ sessionId: 'X1' }]);
    t.manager.dispose();
  });

  it('before the sessionId is known, start rejecting: stopped / canceled with the error kept', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    const stopped = session.stop();
    t.call.rejectStart('DIALOUT_IN_PROGRESS');
    await stopped;
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'canceled', error: { code: 'DIALOUT_IN_PROGRESS' } });
    expect(t.call.stopCalls).toHaveLength(0);
    t.manager.dispose();
  });

  it('during a retry backoff: stopped / canceled at once, no further attempt', async () => {
    vi.useFakeTimers();
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.rejectStart('TEMPORARILY_NOT_AVAILABLE');
    await flush();
    await session.stop();
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'canceled' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.call.startCalls).toHaveLength(1);
    expect(t.call.stopCalls).toHaveLength(0);
    t.manager.dispose();
  });

  it('rejects when stopDialOut rejects; the session stays stopping with a warning, and stop() again resends', async () => {
    const t = await answered();
    const first = t.session.stop();
    await flush();
    t.call.rejectStop(new Error('network'));
    await expect(first).rejects.toThrow('network');
    expect(t.session.snapshot.status).toBe('stopping');
    expect(t.session.snapshot.warnings.at(-1)?.message).toContain('stopDialOut() failed: network');
    expect(t.warnings).toHaveLength(1);
    const second = t.session.stop();
    await flush();
    expect(t.call.stopCalls).toHaveLength(2);
    t.call.resolveStop();
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    await second;
    expect(t.session.snapshot.outcome).toBe('completed');
    t.manager.dispose();
  });

  it.each<[string, unknown]>([
    ['the bare string', 'NOT_FOUND'],
    ['an Error whose message has it', new Error('stopDialOut failed: NOT_FOUND')],
    ['an object with errorMsg', { errorMsg: 'NOT_FOUND' }],
    ['an object with code', { code: 'NOT_FOUND' }],
  ])('treats NOT_FOUND as already stopped (%s): stopped at once, stop() resolves, nothing on warnings$ / errors$', async (_form, reason) => {
    const t = await answered();
    const stop = t.session.stop();
    await flush();
    t.call.rejectStop(reason);
    await expect(stop).resolves.toBeUndefined();
    expect(t.session.snapshot).toMatchObject({ status: 'stopped', outcome: 'completed' });
    expect(t.session.snapshot.warnings).toEqual([]);
    expect(t.warnings).toEqual([]);
    expect(t.errors).toEqual([]);
    t.manager.dispose();
  });

  it('NOT_FOUND before the answer ends the session canceled (its history decides the outcome)', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    const stop = session.stop();
    await flush();
    t.call.rejectStop('NOT_FOUND');
    await stop;
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'canceled' });
    t.call.emit('dialout-stopped', { sessionId: 'S1' }); // late: absorbed
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'canceled' });
    t.manager.dispose();
  });

  it('stops a remote session by its sessionId', async () => {
    const t = setup();
    t.call.emit('dialout-connected', { sessionId: 'R1' });
    const remote = t.manager.session('R1');
    remote?.stop();
    await flush();
    expect(t.call.stopCalls.map((c) => c.args)).toEqual([{ sessionId: 'R1' }]);
    t.manager.dispose();
  });

  it('records a late dialout-answered while stopping without changing the status', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    session.stop();
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    expect(session.snapshot.status).toBe('stopping');
    expect(session.snapshot.answeredAt).toBeDefined();
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(session.snapshot.outcome).toBe('completed');
    t.manager.dispose();
  });
});

describe('sendDTMF()', () => {
  it('sends tones for the answered session', async () => {
    const t = await answered();
    const sent = t.session.sendDTMF('12#*AD');
    await flush();
    expect(t.call.dtmfCalls.map((c) => c.args)).toEqual([{ sessionId: 'S1', tones: '12#*AD' }]);
    t.call.resolveDTMF();
    await expect(sent).resolves.toBeUndefined();
    t.manager.dispose();
  });

  it('rejects with what daily-js rejected with', async () => {
    const t = await answered();
    const sent = t.session.sendDTMF('1');
    await flush();
    t.call.rejectDTMF('boom');
    await expect(sent).rejects.toBe('boom');
    t.manager.dispose();
  });

  it('rejects DialOutStateError when not answered, without calling daily-js', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    await expect(session.sendDTMF('1')).rejects.toBeInstanceOf(DialOutStateError);
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    await expect(session.sendDTMF('1')).rejects.toThrow(/answered/);
    expect(t.call.dtmfCalls).toHaveLength(0);
    t.manager.dispose();
  });

  it.each(['', '123E', 'x', '1'.repeat(1001), 42 as unknown as string, 'a'])('rejects bad tones %j with DialOutValidationError', async (tones) => {
    const t = await answered();
    const err = await t.session.sendDTMF(tones).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DialOutValidationError);
    expect((err as DialOutValidationError).issues[0]?.path).toBe('tones');
    expect(t.call.dtmfCalls).toHaveLength(0);
    t.manager.dispose();
  });

  it('rejects pending DTMF with DialOutStateError on dispose()', async () => {
    const t = await answered();
    const sent = t.session.sendDTMF('1');
    await flush();
    t.manager.dispose();
    await expect(sent).rejects.toBeInstanceOf(DialOutStateError);
  });
});
