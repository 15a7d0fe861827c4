import { describe, expect, it, vi } from 'vitest';
import { DialOutValidationError, createDialOutManager } from '../../src/index.js';
import type { DailyCallLike, DialOutPreflight } from '../../src/index.js';
import { FakeDailyCall } from '../../src/testing/index.js';
import type { FakeParticipants } from '../../src/testing/index.js';
import { PHONE, SIP, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();

const OWNER: FakeParticipants = { local: { local: true, session_id: 'me', owner: true } };
const ENABLED = { name: 'room', config: { enable_dialout: true } };

/** A joined fake call where nothing is in the way, unless the options say otherwise. */
function readyCall(options: ConstructorParameters<typeof FakeDailyCall>[0] = {}): FakeDailyCall {
  return new FakeDailyCall({ participants: OWNER, room: ENABLED, ...options });
}

function codes(result: DialOutPreflight): string[] {
  return result.issues.map((i) => i.code);
}

/** `n` SIP/PSTN participants of the given type, keyed by session_id, plus the local owner. */
function withLegs(types: readonly string[], local = OWNER.local): FakeParticipants {
  const out: Record<string, object> = { local: local ?? {} };
  types.forEach((participantType, i) => {
    out[`leg-${i}`] = { session_id: `leg-${i}`, participantType };
  });
  return out as FakeParticipants;
}

describe('preflight: the result', () => {
  it('is ok with no issues when joined, owner, dial-out enabled and under the limit; frozen', async () => {
    const { manager } = setup({}, readyCall());
    const result = await manager.preflight();
    expect(result).toEqual({ ok: true, issues: [] });
    expect(Object.isFrozen(result)).toBe(true);
    expect(Object.isFrozen(result.issues)).toBe(true);
    manager.dispose();
  });

  it('reports NOT_JOINED alone before join, without asking participants() or room()', async () => {
    const call = readyCall({ meetingState: 'joining-meeting', participants: withLegs(['sip-dial-in'], { owner: false }), room: { config: { enable_dialout: false } } });
    const participants = vi.spyOn(call, 'participants');
    const room = vi.spyOn(call, 'room');
    const { manager } = setup({}, call);
    const result = await manager.preflight({ sessionLimit: 1 });
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual([{ code: 'NOT_JOINED', message: expect.stringMatching(/join/i) }]);
    expect(Object.isFrozen(result.issues[0])).toBe(true);
    expect(participants).not.toHaveBeenCalled();
    expect(room).not.toHaveBeenCalled();
    manager.dispose();
  });

  it.each(['new', 'loading', 'loaded', 'left-meeting', 'error'] as const)('reports NOT_JOINED in meeting state %s', async (state) => {
    const { manager } = setup({}, readyCall({ meetingState: state }));
    expect(codes(await manager.preflight())).toEqual(['NOT_JOINED']);
    manager.dispose();
  });

  it('follows the meeting state at the time it is asked (left, then joined again)', async () => {
    const { manager, call } = setup({}, readyCall());
    call.leave();
    expect(codes(await manager.preflight())).toEqual(['NOT_JOINED']);
    call.setMeetingState('joined-meeting');
    expect(codes(await manager.preflight())).toEqual([]);
    manager.dispose();
  });

  it('reports NOT_OWNER when the local participant is neither owner nor admin', async () => {
    const { manager } = setup({}, readyCall({ participants: { local: { local: true, owner: false, permissions: { canAdmin: false } } } }));
    const result = await manager.preflight();
    expect(result).toEqual({ ok: false, issues: [{ code: 'NOT_OWNER', message: expect.stringMatching(/owner/i) }] });
    manager.dispose();
  });

  it.each([
    ['canAdmin true', true],
    ['a non-empty canAdmin Set', new Set(['participants'])],
    ['a non-empty canAdmin array', ['streaming']],
  ])('accepts an admin who is not owner (%s)', async (_what, canAdmin) => {
    const local = { local: true, owner: false, permissions: { canAdmin } } as FakeParticipants['local'];
    const { manager } = setup({}, readyCall({ participants: { local: local ?? {} } }));
    expect(await manager.preflight()).toEqual({ ok: true, issues: [] });
    manager.dispose();
  });

  it.each([
    ['an empty canAdmin Set', new Set()],
    ['an empty canAdmin array', []],
    ['no permissions', undefined],
  ])('does not take %s for an admin', async (_what, canAdmin) => {
    const local = (canAdmin === undefined ? { owner: false } : { owner: false, permissions: { canAdmin } }) as FakeParticipants['local'];
    const { manager } = setup({}, readyCall({ participants: { local: local ?? {} } }));
    expect(codes(await manager.preflight())).toEqual(['NOT_OWNER']);
    manager.dispose();
  });

  it('reports DIALOUT_DISABLED when the room says enable_dialout: false', async () => {
    const { manager } = setup({}, readyCall({ room: { name: 'room', config: { enable_dialout: false } } }));
    const result = await manager.preflight();
    expect(result).toEqual({
      ok: false,
      issues: [{ code: 'DIALOUT_DISABLED', message: 'Dial-out is not enabled for this room (enable_dialout)' }],
    });
    manager.dispose();
  });

  it('reports SESSION_LIMIT at the default limit of 5 SIP/PSTN sessions, not below', async () => {
    const call = readyCall({ participants: withLegs(['sip-dial-out', 'pstn-dial-out', 'sip-dial-in', 'pstn-dial-in']) });
    const { manager } = setup({}, call);
    expect(await manager.preflight()).toEqual({ ok: true, issues: [] });

    call.setParticipants(withLegs(['sip-dial-out', 'pstn-dial-out', 'sip-dial-in', 'pstn-dial-in', 'sip-dial-out']));
    const result = await manager.preflight();
    expect(result.issues).toEqual([{ code: 'SESSION_LIMIT', message: expect.stringMatching(/limit of 5\b.*\(5 in use\)/) }]);
    manager.dispose();
  });

  it('uses sessionLimit when given', async () => {
    const { manager } = setup({}, readyCall({ participants: withLegs(['sip-dial-out', 'sip-dial-out']) }));
    expect(codes(await manager.preflight({ sessionLimit: 3 }))).toEqual([]);
    expect(codes(await manager.preflight({ sessionLimit: 2 }))).toEqual(['SESSION_LIMIT']);
    expect((await manager.preflight({ sessionLimit: 1 })).issues[0]?.message).toMatch(/limit of 1 phone and SIP call \(2 in use\)/);
    expect(codes(await manager.preflight({}))).toEqual([]);
    manager.dispose();
  });

  it('lists every issue found, in the order NOT_OWNER, DIALOUT_DISABLED, SESSION_LIMIT', async () => {
    const call = readyCall({
      participants: withLegs(['pstn-dial-in'], { local: true, owner: false }),
      room: { config: { enable_dialout: false } },
    });
    const { manager } = setup({}, call);
    const result = await manager.preflight({ sessionLimit: 1 });
    expect(result.ok).toBe(false);
    expect(codes(result)).toEqual(['NOT_OWNER', 'DIALOUT_DISABLED', 'SESSION_LIMIT']);
    for (const issue of result.issues) expect(issue.message).not.toBe('');
    manager.dispose();
  });
});

describe('preflight: what daily-js cannot tell is not reported', () => {
  it('a call object without participants() or room() (an older fake): only the meeting state counts', async () => {
    const fake = new FakeDailyCall();
    const bare: DailyCallLike = {
      on: fake.on.bind(fake),
      off: fake.off.bind(fake),
      startDialOut: fake.startDialOut.bind(fake),
      stopDialOut: fake.stopDialOut.bind(fake),
      sendDTMF: fake.sendDTMF.bind(fake),
      meetingState: fake.meetingState.bind(fake),
    };
    const manager = createDialOutManager(bare);
    expect(await manager.preflight()).toEqual({ ok: true, issues: [] });
    fake.setMeetingState('left-meeting');
    expect(codes(await manager.preflight())).toEqual(['NOT_JOINED']);
    manager.dispose();
  });

  it("the fake's defaults (participants() {}, room() null): ok", async () => {
    const { manager } = setup();
    expect(await manager.preflight()).toEqual({ ok: true, issues: [] });
    manager.dispose();
  });

  it.each([
    ['no owner field and no canAdmin', { local: { local: true, session_id: 'me' } }],
    ['no owner field, canAdmin false', { local: { local: true, permissions: { canAdmin: false } } }],
    ['no local participant', { other: { session_id: 'other', owner: false } }],
  ])('the owner check with %s', async (_what, participants) => {
    const { manager } = setup({}, readyCall({ participants: participants as FakeParticipants }));
    expect(await manager.preflight()).toEqual({ ok: true, issues: [] });
    manager.dispose();
  });

  it.each([
    ['null', null],
    ['{ roomUrlPendingJoin }', { roomUrlPendingJoin: 'https://example.daily.co/room' }],
    ['a room without config', { name: 'room' }],
    ['a config without enable_dialout', { name: 'room', config: { enable_dialin: true } }],
    ['enable_dialout not a boolean', { name: 'room', config: { enable_dialout: 'false' } }],
  ])('the room check when room() gives %s', async (_what, room) => {
    const { manager } = setup({}, readyCall({ room: room as never }));
    expect(await manager.preflight()).toEqual({ ok: true, issues: [] });
    manager.dispose();
  });

  it('never rejects: participants() throwing means owner unknown, the live sessions still count', async () => {
    const call = readyCall({
      participants: () => {
        throw new Error('participants() exploded');
      },
    });
    const { manager } = setup({}, call);
    expect(await manager.preflight()).toEqual({ ok: true, issues: [] });
    manager.start({ phoneNumber: PHONE });
    expect(codes(await manager.preflight({ sessionLimit: 1 }))).toEqual(['SESSION_LIMIT']);
    manager.dispose();
  });

  it('never rejects: room() rejecting or throwing means dial-out enablement unknown, other issues still reported', async () => {
    const call = readyCall({
      participants: { local: { owner: false } },
      room: () => Promise.reject(new Error('room() rejected')),
    });
    const { manager } = setup({}, call);
    expect(codes(await manager.preflight())).toEqual(['NOT_OWNER']);

    const throwing = readyCall({ participants: { local: { owner: false } } });
    vi.spyOn(throwing, 'room').mockImplementation(() => {
      throw new Error('room() threw');
    });
    const second = setup({}, throwing);
    expect(codes(await second.manager.preflight())).toEqual(['NOT_OWNER']);
    manager.dispose();
    second.manager.dispose();
  });

  it('never waits for ever: a room() unanswered after 5,000 ms means dial-out enablement unknown', async () => {
    vi.useFakeTimers();
    const call = readyCall({ participants: { local: { owner: false } }, room: () => new Promise(() => {}) });
    const { manager } = setup({}, call);
    let result: DialOutPreflight | undefined;
    void manager.preflight().then((r) => (result = r));
    await vi.advanceTimersByTimeAsync(4_999);
    expect(result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(result && codes(result)).toEqual(['NOT_OWNER']);
    expect(vi.getTimerCount()).toBe(0);
    manager.dispose();
    vi.useRealTimers();
  });

  it('leaves no timer behind when room() answers', async () => {
    vi.useFakeTimers();
    const { manager } = setup({}, readyCall());
    expect(await manager.preflight()).toEqual({ ok: true, issues: [] });
    expect(vi.getTimerCount()).toBe(0);
    manager.dispose();
    vi.useRealTimers();
  });

  it('never rejects: meetingState() throwing means nothing can be told', async () => {
    const call = readyCall({ participants: { local: { owner: false } }, room: { config: { enable_dialout: false } } });
    const { manager } = setup({}, call);
    vi.spyOn(call, 'meetingState').mockImplementation(() => {
      throw new Error('meetingState() threw');
    });
    expect(await manager.preflight()).toEqual({ ok: true, issues: [] });
    manager.dispose();
  });
});

describe('preflight: counting sessions against the limit', () => {
  it('counts dial-in and dial-out participants of every SIP/PSTN type, not web or other participants', async () => {
    const participants: FakeParticipants = {
      ...withLegs(['sip-dial-in', 'pstn-dial-in']),
      web: { session_id: 'web' },
      rmp: { session_id: 'rmp', participantType: 'remote-media-player' },
      unknown: { session_id: 'unknown', participantType: 'unknown' },
    };
    const { manager } = setup({}, readyCall({ participants }));
    expect(codes(await manager.preflight({ sessionLimit: 3 }))).toEqual([]);
    expect((await manager.preflight({ sessionLimit: 2 })).issues[0]?.message).toMatch(/\(2 in use\)/);
    manager.dispose();
  });

  it("adds the manager's live sessions, with or without a sessionId yet, local and remote", async () => {
    const { manager, call } = setup({}, readyCall({ participants: withLegs(['sip-dial-in']) }));
    manager.start({ phoneNumber: PHONE }); // pending: no sessionId yet
    expect(codes(await manager.preflight({ sessionLimit: 3 }))).toEqual([]);
    expect((await manager.preflight({ sessionLimit: 2 })).issues[0]?.message).toMatch(/\(2 in use\)/);
    call.resolveStart('S1');
    await flush();
    call.emit('dialout-connected', { sessionId: 'R1', provider: 'signalwire', sipCallId: 'x' }); // someone else's
    await flush();
    expect(manager.getSnapshot().sessions.map((s) => s.initiator)).toEqual(['local', 'remote']);
    const result = await manager.preflight({ sessionLimit: 3 });
    expect(result.issues).toEqual([{ code: 'SESSION_LIMIT', message: expect.stringMatching(/\(3 in use\)/) }]);
    manager.dispose();
  });

  it('does not count twice a live session already among the participants (its sessionId is their session_id)', async () => {
    const call = readyCall({ participants: withLegs(['sip-dial-in']) });
    const { manager } = setup({}, call);
    const session = manager.start({ sipUri: SIP });
    call.resolveStart('S1');
    await flush();
    expect(session.sessionId).toBe('S1');
    expect(codes(await manager.preflight({ sessionLimit: 3 }))).toEqual([]); // sip-dial-in + S1 = 2

    call.setParticipants({ ...withLegs(['sip-dial-in']), S1: { session_id: 'S1', participantType: 'sip-dial-out' } });
    expect((await manager.preflight({ sessionLimit: 2 })).issues[0]?.message).toMatch(/\(2 in use\)/); // still 2
    expect(codes(await manager.preflight({ sessionLimit: 3 }))).toEqual([]);
    manager.dispose();
  });

  it('does not count ended sessions', async () => {
    const call = readyCall();
    const { manager } = setup({}, call);
    const session = manager.start({ phoneNumber: PHONE });
    call.resolveStart('S1');
    await flush();
    expect(codes(await manager.preflight({ sessionLimit: 1 }))).toEqual(['SESSION_LIMIT']);
    call.emit('dialout-stopped', { sessionId: 'S1' });
    await flush();
    expect(session.snapshot.status).toBe('stopped');
    expect(codes(await manager.preflight({ sessionLimit: 1 }))).toEqual([]);
    manager.dispose();
  });
});

describe('preflight: options', () => {
  it.each([
    ['0', 0],
    ['a negative number', -1],
    ['a fraction', 2.5],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a numeric string', '5'],
    ['null', null],
  ])('throws DialOutValidationError synchronously for sessionLimit %s, and asks daily-js nothing', (_what, sessionLimit) => {
    const call = readyCall();
    const { manager } = setup({}, call);
    // (creating the manager reads the room's participants to recover phone legs: count from here)
    const meetingState = vi.spyOn(call, 'meetingState');
    const participants = vi.spyOn(call, 'participants');
    const room = vi.spyOn(call, 'room');
    let thrown: unknown;
    try {
      void manager.preflight({ sessionLimit: sessionLimit as number });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DialOutValidationError);
    expect((thrown as DialOutValidationError).issues).toEqual([{ path: 'sessionLimit', message: 'must be an integer ≥ 1' }]);
    expect(meetingState).not.toHaveBeenCalled();
    expect(participants).not.toHaveBeenCalled();
    expect(room).not.toHaveBeenCalled();
    manager.dispose();
  });

  it('throws DialOutValidationError for options that are not an object', () => {
    const { manager } = setup({}, readyCall());
    expect(() => manager.preflight(5 as never)).toThrow(DialOutValidationError);
    manager.dispose();
  });
});

describe("FakeDailyCall's participants() and room()", () => {
  it('default to {} and null, and return what was set, as given, whatever the meeting state', async () => {
    const call = new FakeDailyCall({ meetingState: 'left-meeting' });
    expect(call.participants()).toEqual({});
    await expect(call.room()).resolves.toBeNull();

    const participants: FakeParticipants = { local: { owner: true } };
    const room = { config: { enable_dialout: true } };
    call.setParticipants(participants);
    call.setRoom(room);
    expect(call.participants()).toBe(participants);
    await expect(call.room()).resolves.toBe(room);
  });

  it('call a function given, each time: room() gets its options and settles with its result, rejects on a throw', async () => {
    let n = 0;
    const roomSource = vi.fn((options?: { includeRoomConfigDefaults: boolean }) =>
      options?.includeRoomConfigDefaults === false ? null : Promise.resolve({ name: `room-${++n}` }),
    );
    const call = new FakeDailyCall({ participants: () => ({ local: { session_id: `me-${++n}` } }), room: roomSource });
    expect(call.participants().local?.session_id).toBe('me-1');
    await expect(call.room()).resolves.toEqual({ name: 'room-2' });
    await expect(call.room({ includeRoomConfigDefaults: false })).resolves.toBeNull();
    expect(roomSource).toHaveBeenLastCalledWith({ includeRoomConfigDefaults: false });

    const boom = new Error('boom');
    call.setRoom(() => {
      throw boom;
    });
    await expect(call.room()).rejects.toBe(boom);
    call.setParticipants(() => {
      throw boom;
    });
    expect(() => call.participants()).toThrow(boom);
  });
});
