// The phone leg's whole life (issue 11): transfer and REFER, DTMF both ways, the participant.
import { describe, expect, it, vi } from 'vitest';
import { DialOutStateError, DialOutValidationError } from '../../src/index.js';
import type { DialOutDtmf, DialOutWebhookEvent } from '../../src/index.js';
import { PHONE, answeredSession, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();

const TO = '+15555550199';
const SIP_TO = 'sip:supervisor@example.com';
let n = 0;
function transferWebhook(type: DialOutWebhookEvent['type'], payload: Record<string, unknown>): DialOutWebhookEvent {
  n += 1;
  return { version: '1.0.0', type, id: `t-${n}`, event_ts: 1, payload: { room: 'r', domain_id: 'd', ...payload } } as DialOutWebhookEvent;
}
const participant = (state: string, sessionId = 'S1', participantType = 'pstn-dial-out') => ({
  participant: { session_id: sessionId, participantType, local: false, tracks: { audio: { state } } },
});

describe('transfer()', () => {
  it('calls sipCallTransfer with a fresh object, shows the transfer, and ends transferred when the leg leaves', async () => {
    const t = await answeredSession();
    const options = { toEndPoint: TO, callerId: '+15555550142' };
    const done = t.session.transfer(options);
    expect(t.session.snapshot.transfer).toMatchObject({ method: 'transfer', toEndPoint: TO, status: 'requested' });
    await flush();
    const [call] = t.call.transferCalls;
    expect(call?.method).toBe('transfer');
    expect(call?.args).toEqual({ sessionId: 'S1', toEndPoint: TO, callerId: '+15555550142', useSipRefer: false });
    expect(options).toEqual({ toEndPoint: TO, callerId: '+15555550142' }); // daily-js wrote useSipRefer into its own copy
    t.call.resolveTransfer();
    await done;
    expect(t.session.snapshot).toMatchObject({ status: 'answered', transfer: { status: 'accepted' } });
    t.manager.ingest(transferWebhook('calltransfer.triggered', { session_id: 'S1', to_endpoint: TO, is_sip_refer: false }));
    t.manager.ingest(transferWebhook('calltransfer.initiated', { session_id: 'S1', to_endpoint: TO, is_sip_refer: false }));
    expect(t.session.snapshot.transfer?.status).toBe('initiated');
    t.call.emit('participant-left', participant('off'));
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    const final = await t.session.done;
    expect(final).toMatchObject({ status: 'stopped', outcome: 'transferred', endedBy: 'local', transfer: { status: 'initiated' } });
    // answered/completed come after the leg left: on events$, attributed, and the final snapshot does not change
    t.manager.ingest(transferWebhook('calltransfer.completed', { session_id: 'S1', to_endpoint: TO }));
    expect(t.session.snapshot).toBe(final);
    expect(t.events.at(-1)).toMatchObject({ type: 'calltransfer.completed', source: 'webhook', localId: t.session.id });
    expect(t.events.filter((e) => e.type === 'dialout-stopped')).toMatchObject([{ duplicate: true }]);
    t.manager.dispose();
  });

  it('refer() calls sipRefer; a rejection marks the transfer failed with a typed error and the session stays answered', async () => {
    const t = await answeredSession();
    const refused = t.session.refer({ toEndPoint: SIP_TO });
    await flush();
    expect(t.call.transferCalls[0]).toMatchObject({ method: 'refer', args: { sessionId: 'S1', toEndPoint: SIP_TO, useSipRefer: true } });
    t.call.rejectTransfer(new Error('SIP 403 Forbidden'));
    await expect(refused).rejects.toThrow('SIP 403 Forbidden');
    expect(t.session.snapshot).toMatchObject({
      status: 'answered',
      transfer: { method: 'refer', status: 'failed', error: { code: 'TRANSFER_FAILED', category: 'not-allowed', sipStatus: 403 } },
    });
    expect(t.session.snapshot.error).toBeUndefined();
    // after a failed transfer, a hang-up is a hang-up
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(await t.session.done).toMatchObject({ outcome: 'completed', endedBy: 'remote' });
    t.manager.dispose();
  });

  it('refuses without starting anything: bad options, not answered, a transfer already in flight', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    await expect(session.transfer({ toEndPoint: TO })).rejects.toBeInstanceOf(DialOutStateError);
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    await expect(session.transfer({ toEndPoint: '555-0199' })).rejects.toBeInstanceOf(DialOutValidationError);
    await expect(session.refer({ toEndPoint: TO })).rejects.toBeInstanceOf(DialOutValidationError);
    await expect(session.transfer({ toEndPoint: SIP_TO, extension: '12' })).rejects.toBeInstanceOf(DialOutValidationError);
    let returned: Promise<void> | undefined;
    expect(() => (returned = session.transfer(null as never))).not.toThrow();
    await expect(returned).rejects.toBeInstanceOf(DialOutValidationError);
    const first = session.transfer({ toEndPoint: TO });
    await expect(session.refer({ toEndPoint: SIP_TO })).rejects.toThrow(/already in progress/);
    await flush();
    expect(t.call.transferCalls).toHaveLength(1);
    t.call.resolveTransfer();
    await first;
    t.manager.dispose();
  });

  it('a transfer seen only in webhooks (started elsewhere) ends transferred with endedBy remote', async () => {
    const t = await answeredSession();
    t.manager.ingest(transferWebhook('calltransfer.triggered', { session_id: 'S1', to_endpoint: SIP_TO, is_sip_refer: true }));
    expect(t.session.snapshot.transfer).toMatchObject({ method: 'refer', toEndPoint: SIP_TO, status: 'triggered' });
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(await t.session.done).toMatchObject({ outcome: 'transferred', endedBy: 'remote' });
    t.manager.dispose();
  });

  it('a pending transfer() rejects when the session ends first, and after dispose()', async () => {
    const t = await answeredSession();
    const pending = t.session.transfer({ toEndPoint: TO });
    t.manager.dispose();
    await expect(pending).rejects.toBeInstanceOf(DialOutStateError);
    expect(t.session.snapshot).toMatchObject({ outcome: 'detached', endedBy: 'system' });
    await expect(t.session.transfer({ toEndPoint: TO })).rejects.toBeInstanceOf(DialOutStateError);
  });
});

describe('DTMF both ways', () => {
  it('sends long tones as chunks of 20, one request at a time, with the options given', async () => {
    const t = await answeredSession();
    const tones = '1234567890ABCD*#1234567890ABCD*#1234567890';
    const sent = t.session.sendDTMF(tones, { method: 'sip-info', digitDurationMs: 80 });
    await flush();
    expect(t.call.dtmfCalls.map((c) => c.args)).toEqual([{ sessionId: 'S1', tones: tones.slice(0, 20), method: 'sip-info', digitDurationMs: 80 }]);
    t.call.resolveDTMF();
    await flush();
    t.call.resolveDTMF();
    await flush();
    expect(t.call.dtmfCalls.map((c) => c.args.tones)).toEqual([tones.slice(0, 20), tones.slice(20, 40), tones.slice(40)]);
    t.call.resolveDTMF();
    await sent;
    t.manager.dispose();
  });

  it('stops a sequence at the first chunk daily-js refuses, and rejects the pending chunks when the session ends', async () => {
    const t = await answeredSession();
    const failing = t.session.sendDTMF('1'.repeat(45));
    await flush();
    t.call.rejectDTMF(new Error('no'));
    await expect(failing).rejects.toThrow('no');
    expect(t.call.dtmfCalls).toHaveLength(1);
    const cut = t.session.sendDTMF('2'.repeat(30));
    await flush();
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    await expect(cut).rejects.toBeInstanceOf(DialOutStateError);
    t.manager.dispose();
  });

  it('lets a remote answered session send too, and refuses bad options without a request', async () => {
    const t = setup();
    t.call.emit('dialout-answered', { sessionId: 'R1' });
    const remote = t.manager.session('R1');
    await expect(remote?.sendDTMF('1', { method: 'loud' as never })).rejects.toBeInstanceOf(DialOutValidationError);
    await expect(remote?.sendDTMF('1', { digitDurationMs: 10 })).rejects.toBeInstanceOf(DialOutValidationError);
    const sent = remote?.sendDTMF('9');
    await flush();
    t.call.resolveDTMF();
    await sent;
    expect(t.call.dtmfCalls.map((c) => c.args)).toEqual([{ sessionId: 'R1', tones: '9' }]);
    t.manager.dispose();
  });

  it('routes received dtmf-event by sessionId to session.dtmf$, manager.dtmf$ and snapshot.digits (last 32)', async () => {
    const t = await answeredSession();
    const own: DialOutDtmf[] = [];
    const all: DialOutDtmf[] = [];
    t.session.dtmf$.subscribe((d) => own.push(d));
    t.manager.dtmf$.subscribe((d) => all.push(d));
    for (const tone of '0123456789'.repeat(4)) t.call.emit('dtmf-event' as never, { tone, sessionId: 'S1', method: 'telephone-event' });
    t.call.emit('dtmf-event' as never, { tone: '#', sessionId: 'unknown' });
    t.call.emit('dtmf-event' as never, { tone: '*' });
    t.call.emitRaw('dtmf-event', null);
    expect(own).toHaveLength(40);
    expect(own[0]).toMatchObject({ tone: '0', method: 'telephone-event', sessionId: 'S1', localId: t.session.id });
    expect(all).toHaveLength(43);
    expect(all.slice(40).map((d) => [d.tone, d.sessionId, d.localId])).toEqual([
      ['#', 'unknown', undefined],
      ['*', undefined, undefined],
      ['', undefined, undefined],
    ]);
    expect(t.session.snapshot.digits).toBe('0123456789'.repeat(4).slice(-32));
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    let completed = false;
    t.session.dtmf$.subscribe({ complete: () => (completed = true) });
    expect(completed).toBe(true);
    t.manager.dispose();
  });
});

describe('the participant', () => {
  it('links the phone leg participant by session_id, follows its audio, and its leaving ends the session', async () => {
    const t = await answeredSession();
    t.call.emit('participant-joined', participant('loading'));
    expect(t.session.snapshot.participant).toMatchObject({ sessionId: 'S1', audio: 'loading' });
    const joinedAt = t.session.snapshot.participant?.joinedAt;
    t.call.emit('participant-updated', participant('playable'));
    expect(t.session.snapshot.participant).toEqual({ sessionId: 'S1', joinedAt, audio: 'playable' });
    // not a phone leg, or someone else's: nothing changes
    const before = t.session.snapshot;
    t.call.emit('participant-updated', participant('off', 'S1', 'unknown'));
    t.call.emit('participant-updated', participant('off', 'S2'));
    t.call.emitRaw('participant-updated', { participant: null });
    expect(t.session.snapshot).toBe(before);
    t.call.emit('participant-left', participant('off'));
    const final = await t.session.done;
    expect(final).toMatchObject({ status: 'stopped', outcome: 'completed', endedBy: 'remote', participant: { leftAt: expect.any(Number) } });
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(t.events.at(-1)).toMatchObject({ type: 'dialout-stopped', duplicate: true, localId: t.session.id });
    expect(t.session.snapshot).toBe(final);
    t.manager.dispose();
  });

  it('warns once when an answered call has no playable audio for noAudioWarningMs', async () => {
    vi.useFakeTimers();
    const t = await answeredSession({ noAudioWarningMs: 3_000 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.warnings).toEqual([]); // no participant yet: nothing known about its audio
    t.call.emit('participant-joined', participant('loading'));
    await vi.advanceTimersByTimeAsync(2_999);
    t.call.emit('participant-updated', participant('interrupted'));
    await vi.advanceTimersByTimeAsync(1);
    expect(t.warnings.map((w) => w.message)).toEqual(["No playable audio from the phone leg's participant for 3000 ms"]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.warnings).toHaveLength(1);
    t.call.emit('participant-updated', participant('playable'));
    t.call.emit('participant-updated', participant('off'));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(t.warnings).toHaveLength(2);
    t.manager.dispose();
  });

  it('noAudioWarningMs: Infinity is off', async () => {
    vi.useFakeTimers();
    const t = await answeredSession({ noAudioWarningMs: Number.POSITIVE_INFINITY });
    t.call.emit('participant-joined', participant('off'));
    await vi.advanceTimersByTimeAsync(600_000);
    expect(t.warnings).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    t.manager.dispose();
  });
});
