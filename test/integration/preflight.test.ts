// @vitest-environment jsdom
/**
 * manager.preflight() on a real daily-js 0.92.2 call object whose call machine
 * is the emulator: meetingState(), participants() and room() are daily-js's
 * own, fed by the emulator's joined-meeting, participant-* and lib-room-info
 * answers.
 */
import { describe, expect, it } from 'vitest';
import { createDialOutManager } from '../../src/index.js';
import type { DialOutPreflight } from '../../src/index.js';
import { createEmulatorController, scenario } from '../../src/testing/index.js';
import { PHONE, ROOM_URL, settle, until, useEmulatedCalls } from './harness.js';

const calls = useEmulatedCalls();

function codes(result: DialOutPreflight): string[] {
  return result.issues.map((i) => i.code);
}

describe('preflight through real daily-js and the emulator', () => {
  it("ok in the emulator's default room: joined, local owner, enable_dialout true, no SIP/PSTN session", async () => {
    const { call, emulator, manager } = await calls.joinWithManager();

    expect(await manager.preflight()).toEqual({ ok: true, issues: [] });
    // what daily-js itself reported, and that room() really asked the call machine
    expect(call.participants().local).toMatchObject({ local: true, owner: true, permissions: { canAdmin: false } });
    expect(await call.room()).toMatchObject({ name: 'room', config: { enable_dialout: true } });
    expect(emulator.received.filter((r) => r.action === 'lib-room-info').map((r) => r.answer?.kind)).toEqual(['reply', 'reply']);
  });

  it('NOT_JOINED before join (daily-js room() would only echo the URL), and again after leave()', async () => {
    const { call, emulator } = calls.create();
    const manager = createDialOutManager(call);
    try {
      const before = await manager.preflight();
      expect(before).toEqual({ ok: false, issues: [{ code: 'NOT_JOINED', message: expect.any(String) }] });

      await call.join({ url: ROOM_URL });
      expect(await manager.preflight()).toEqual({ ok: true, issues: [] });

      await call.leave();
      expect(call.meetingState()).toBe('left-meeting');
      expect(codes(await manager.preflight())).toEqual(['NOT_JOINED']);
      expect(emulator.received.filter((r) => r.action === 'lib-room-info')).toHaveLength(1); // only while joined
    } finally {
      manager.dispose();
    }
  });

  it('DIALOUT_DISABLED when the room config says enable_dialout: false; nothing when it says nothing', async () => {
    const { call, emulator, manager } = await calls.joinWithManager();
    emulator.setRoomConfig({ enable_dialout: false });
    expect(await call.room()).toMatchObject({ config: { enable_dialout: false } });
    expect(await manager.preflight()).toEqual({
      ok: false,
      issues: [{ code: 'DIALOUT_DISABLED', message: 'Dial-out is not enabled for this room (enable_dialout)' }],
    });

    emulator.setRoomConfig({});
    expect(await manager.preflight()).toEqual({ ok: true, issues: [] });
    emulator.setRoomConfig(null);
    expect(await manager.preflight()).toEqual({ ok: true, issues: [] });
  });

  it('NOT_OWNER for a local participant neither owner nor admin, set before join; an admin is enough', async () => {
    const { call, emulator } = calls.create();
    emulator.setLocalParticipant({ owner: false });
    await call.join({ url: ROOM_URL });
    const manager = createDialOutManager(call);
    try {
      expect(call.participants().local).toMatchObject({ owner: false, permissions: { canAdmin: false, hasPresence: true } });
      const result = await manager.preflight();
      expect(result).toEqual({ ok: false, issues: [{ code: 'NOT_OWNER', message: expect.stringMatching(/owner/i) }] });

      // while joined: posted as participant-updated, which daily-js applies to participants().local
      emulator.setLocalParticipant({ permissions: { canAdmin: new Set(['participants']) } });
      await settle();
      expect(call.participants().local?.permissions.canAdmin).toEqual(new Set(['participants']));
      expect(call.participants().local?.permissions.hasPresence).toBe(true); // permissions merged, not replaced
      expect(await manager.preflight()).toEqual({ ok: true, issues: [] });
    } finally {
      manager.dispose();
    }
  });

  it('SESSION_LIMIT from SIP/PSTN participants in the room plus live dial-outs, a dialed participant counted once', async () => {
    const { call, emulator } = calls.create();
    emulator.addParticipant({ session_id: 'dial-in-1', participantType: 'sip-dial-in', user_name: 'Front desk' });
    await call.join({ url: ROOM_URL });
    const manager = createDialOutManager(call);
    try {
      emulator.addParticipant({ session_id: 'web-1', user_name: 'A web user' }); // not SIP/PSTN
      emulator.addParticipant({ session_id: 'pstn-in-1', participantType: 'pstn-dial-in' });
      await settle();
      expect(Object.values(call.participants()).map((p) => p.participantType ?? 'web')).toEqual(
        expect.arrayContaining(['sip-dial-in', 'pstn-dial-in', 'web']),
      );
      expect(codes(await manager.preflight({ sessionLimit: 3 }))).toEqual([]);

      emulator.play(scenario('no-answer')); // rings until stopped
      const session = manager.start({ phoneNumber: PHONE });
      await until(session.snapshot$, (s) => s.status === 'connected');
      const limited = await manager.preflight({ sessionLimit: 3 });
      expect(limited).toEqual({
        ok: false,
        issues: [{ code: 'SESSION_LIMIT', message: expect.stringMatching(/limit of 3 .*\(3 in use\)/) }],
      });

      // Daily's dialed participant joins with the dial-out's sessionId: still 3, not 4
      emulator.addParticipant({ session_id: session.sessionId as string, participantType: 'pstn-dial-out' });
      await settle();
      expect(call.participants()[session.sessionId as string]?.participantType).toBe('pstn-dial-out');
      expect((await manager.preflight({ sessionLimit: 3 })).issues[0]?.message).toMatch(/\(3 in use\)/);
      expect(codes(await manager.preflight({ sessionLimit: 4 }))).toEqual([]);
      expect(codes(await manager.preflight())).toEqual([]); // Daily's default limit, 5

      emulator.removeParticipant('dial-in-1');
      await settle();
      expect(call.participants()['dial-in-1']).toBeUndefined();
      expect(codes(await manager.preflight({ sessionLimit: 3 }))).toEqual([]);
      await session.stop();
    } finally {
      manager.dispose();
    }
  });

  it('every issue at once, in order', async () => {
    const { call, emulator, manager } = await calls.joinWithManager();
    emulator.setLocalParticipant({ owner: false });
    emulator.setRoomConfig({ enable_dialout: false });
    emulator.addParticipant({ session_id: 'sip-out-1', participantType: 'sip-dial-out' });
    await settle();
    expect(call.participants().local?.owner).toBe(false);
    expect(codes(await manager.preflight({ sessionLimit: 1 }))).toEqual(['NOT_OWNER', 'DIALOUT_DISABLED', 'SESSION_LIMIT']);
  });

  it('a call-machine answer room() cannot use is not an issue (scripted lib-room-info)', async () => {
    const { call, emulator, manager } = await calls.joinWithManager();
    emulator.respond('lib-room-info', () => ({ reply: { roomUrlPendingJoin: ROOM_URL } }));
    expect(await call.room()).toMatchObject({ roomUrlPendingJoin: ROOM_URL });
    emulator.setRoomConfig({ enable_dialout: false }); // the script takes precedence
    expect(await manager.preflight()).toEqual({ ok: true, issues: [] });
  });

  it("the emulator's room controls check their arguments, and dispose() forgets the room they set", async () => {
    const { call, emulator } = calls.create();
    expect(() => emulator.setLocalParticipant(null as never)).toThrow(TypeError);
    expect(() => emulator.addParticipant({ participantType: 'sip-dial-in' } as never)).toThrow(/session_id/);
    expect(() => emulator.addParticipant({ session_id: '' })).toThrow(TypeError);
    expect(() => emulator.setRoomConfig('enable_dialout' as never)).toThrow(TypeError);
    expect(emulator.removeParticipant('nobody')).toBe(emulator);

    emulator.setRoomConfig({ enable_dialout: false }).setLocalParticipant({ owner: false });
    emulator.addParticipant({ session_id: 'sip-1', participantType: 'sip-dial-in' });
    emulator.dispose();
    expect(() => emulator.setRoomConfig(null)).toThrow(/disposed/);

    const second = createEmulatorController(call);
    try {
      await call.join({ url: ROOM_URL });
      expect(await call.room()).toMatchObject({ config: { enable_dialout: true } });
      expect(call.participants().local?.owner).toBe(true);
      expect(Object.keys(call.participants())).toEqual(['local']);
      await call.destroy();
    } finally {
      second.dispose();
    }
  });
});
