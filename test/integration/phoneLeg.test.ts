// @vitest-environment jsdom
/**
 * Issue 11 through the real daily-js 0.92.2 on the emulator: the transfer request shapes, the participant link,
 * received DTMF, and recovery after a reload.
 */
import { describe, expect, it } from 'vitest';
import { createDialOutManager } from '../../src/index.js';
import type { DialOutDtmf, DialOutStorage } from '../../src/index.js';
import { scenario } from '../../src/testing/index.js';
import { PHONE, ROOM_URL, settle, until, useEmulatedCalls } from './harness.js';

const calls = useEmulatedCalls();

describe('the phone leg, through real daily-js', () => {
  it('a cold transfer: daily-js sends sip-call-transfer, the leg leaves, the session ends transferred', async () => {
    const { emulator, manager } = await calls.joinWithManager();
    emulator.play(scenario('answer', { ringMs: 1 }));
    const session = manager.start({ phoneNumber: PHONE });
    await until(session.snapshot$, (s) => s.status === 'answered' && s.participant !== undefined);
    expect(session.snapshot.participant).toMatchObject({ sessionId: session.sessionId, audio: 'playable' });
    await session.transfer({ toEndPoint: '+15555550199', callerId: '+15555550142' });
    const request = await emulator.waitFor('sip-call-transfer');
    expect(request.payload).toEqual({ sessionId: session.sessionId, toEndPoint: '+15555550199', callerId: '+15555550142', useSipRefer: false });
    const final = await session.done;
    expect(final).toMatchObject({ status: 'stopped', outcome: 'transferred', endedBy: 'local', transfer: { method: 'transfer', status: 'accepted' } });
    expect(final.participant?.leftAt).toBeDefined();
  });

  it('a REFER daily-js refuses: the transfer fails with a typed error and the call goes on', async () => {
    const { emulator, manager } = await calls.joinWithManager();
    emulator.play(scenario('answer', { ringMs: 1 }));
    const session = manager.start({ sipUri: 'sip:bob@example.com' });
    await until(session.snapshot$, (s) => s.status === 'answered');
    emulator.failNext('sip-call-transfer', 'SIP 603 Decline');
    await expect(session.refer({ toEndPoint: 'sip:supervisor@example.com' })).rejects.toBe('SIP 603 Decline');
    expect((await emulator.waitFor('sip-call-transfer')).payload).toMatchObject({ useSipRefer: true, toEndPoint: 'sip:supervisor@example.com' });
    expect(session.snapshot).toMatchObject({ status: 'answered', transfer: { status: 'failed', error: { code: 'TRANSFER_FAILED', category: 'declined', sipStatus: 603 } } });
  });

  it('DTMF both ways: chunks out, dtmf-event in (session.dtmf$, manager.dtmf$, digits), the participant’s audio followed', async () => {
    const { emulator, manager } = await calls.joinWithManager({ noAudioWarningMs: 50 });
    emulator.play(scenario('ivr', { ringMs: 1, digits: '12#', toneGapMs: 1 }));
    const session = manager.start({ phoneNumber: PHONE });
    const received: DialOutDtmf[] = [];
    manager.dtmf$.subscribe((d) => received.push(d));
    await until(session.snapshot$, (s) => s.digits === '12#');
    expect(received.map((d) => [d.tone, d.localId])).toEqual([
      ['1', session.id],
      ['2', session.id],
      ['#', session.id],
    ]);
    await session.sendDTMF('9'.repeat(25));
    expect(emulator.received.filter((r) => r.action === 'send-dtmf').map((r) => (r.payload as { tones: string }).tones)).toEqual(['9'.repeat(20), '99999']);
    emulator.setParticipantAudio(session.sessionId as string, 'interrupted');
    const warned = await until(manager.warnings$, (w) => w.message.startsWith('No playable audio'));
    expect(warned.localId).toBe(session.id);
    expect(session.snapshot.participant?.audio).toBe('interrupted');
  });

  it('a reload: a new call object and manager restore the answered session from storage and the room', async () => {
    const data = new Map<string, string>();
    const storage: DialOutStorage = { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
    const before = await calls.joinWithManager({ storage });
    before.emulator.play(scenario('answer', { ringMs: 1 }));
    const session = before.manager.start({ phoneNumber: PHONE });
    const answered = await until(session.snapshot$, (s) => s.status === 'answered' && s.participant !== undefined);
    const room = before.emulator.snapshotRoom();
    // the page goes away (daily-js allows one call object at a time): its sessions end detached and stay stored
    await before.call.destroy();
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'detached' });

    // the page reloads: a new call object, its controller restored from the room, a new manager on the same storage
    const after = calls.create();
    after.emulator.restoreRoom(room);
    await after.call.join({ url: ROOM_URL });
    const manager = createDialOutManager(after.call, { storage });
    try {
      const restored = manager.session(answered.sessionId as string);
      expect(restored?.snapshot).toMatchObject({
        id: session.id,
        status: 'answered',
        initiator: 'local',
        recovered: true,
        answeredAt: answered.answeredAt,
        participant: { sessionId: answered.sessionId },
      });
      await restored?.stop();
      expect((await after.emulator.waitFor('dialout-stop')).payload).toEqual({ sessionId: answered.sessionId });
      await settle();
      expect(restored?.snapshot).toMatchObject({ status: 'stopped', outcome: 'completed', endedBy: 'local' });
    } finally {
      manager.dispose();
    }
  });
});
