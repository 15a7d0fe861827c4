// @vitest-environment jsdom
/**
 * The phone leg on the emulator, through the real daily-js 0.92.2: transfers and REFERs (the request daily-js sends,
 * scripted answers, the transferred leg leaving), Daily's phone-leg participant, received DTMF, and the room surviving
 * a page reload.
 */
import type { DailyCall, DailyEvent } from '@daily-co/daily-js';
import { describe, expect, it } from 'vitest';
import {
  EMULATOR_SCENARIO_NAMES,
  createEmulatorController,
  scenario,
  type EmulatorRoomSnapshot,
} from '../../src/testing/index.js';
import { Daily, PHONE, ROOM_URL, settle, useEmulatedCalls } from '../integration/harness.js';

const calls = useEmulatedCalls();

type Seen = Record<string, unknown> & { action: string };

const LEG_EVENTS = [
  'dialout-connected',
  'dialout-answered',
  'dialout-stopped',
  'participant-joined',
  'participant-updated',
  'participant-left',
  'dtmf-event',
] as const;

/** Every event of `names` daily-js emits on `call`, in order. */
function collect(call: DailyCall, names: readonly string[] = LEG_EVENTS): Seen[] {
  const seen: Seen[] = [];
  // 'dtmf-event' is emitted by daily-js but missing from its DailyEvent union
  for (const name of names) call.on(name as DailyEvent, (event: unknown) => seen.push(event as Seen));
  return seen;
}

const actions = (seen: readonly Seen[]) => seen.map((e) => e.action);

async function waitUntil(predicate: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A joined call with one dial-out answered by the emulator (and its phone leg in the room). */
async function answered(options: { phoneNumber?: string; sipUri?: string; displayName?: string; userId?: string; talkMs?: number } = {}) {
  const { call, emulator } = calls.create();
  await call.join({ url: ROOM_URL });
  const seen = collect(call);
  emulator.play(scenario('answer', { ringMs: 1, talkMs: options.talkMs ?? Infinity }));
  const { talkMs: _talkMs, ...start } = options;
  const target = start.sipUri ? start : { phoneNumber: PHONE, ...start };
  const started = (await call.startDialOut(target as never)) as { session: { sessionId: string } };
  const sessionId = started.session.sessionId;
  await waitUntil(() => actions(seen).includes('participant-joined'), 'the phone leg to join');
  return { call, emulator, seen, sessionId };
}

describe('the phone-leg participant', () => {
  it('joins after dialout-answered (pstn-dial-out), changes audio state, and leaves after dialout-stopped', async () => {
    const { call, emulator, seen, sessionId } = await answered({ displayName: 'Customer', userId: 'agent-7' });

    expect(actions(seen)).toEqual(['dialout-connected', 'dialout-answered', 'participant-joined']);
    // daily-js adds its own fields (track references, deprecated flags) to what the emulator posts
    expect(seen[2]).toMatchObject({
      action: 'participant-joined',
      callClientId: call.callClientId,
      participant: {
        session_id: sessionId,
        user_id: 'agent-7',
        user_name: 'Customer',
        participantType: 'pstn-dial-out',
        local: false,
        owner: false,
        tracks: { audio: { subscribed: true, state: 'playable' } },
      },
    });
    expect(call.participants()[sessionId]).toMatchObject({
      session_id: sessionId,
      participantType: 'pstn-dial-out',
      local: false,
      tracks: { audio: { state: 'playable' } },
    });
    expect(emulator.participants).toEqual([
      {
        session_id: sessionId,
        user_id: 'agent-7',
        user_name: 'Customer',
        participantType: 'pstn-dial-out',
        local: false,
        owner: false,
        tracks: { audio: { subscribed: true, state: 'playable' } },
      },
    ]);

    emulator.setParticipantAudio(sessionId, 'interrupted');
    await waitUntil(() => actions(seen).includes('participant-updated'), 'participant-updated');
    expect(seen.at(-1)).toMatchObject({ participant: { session_id: sessionId, tracks: { audio: { state: 'interrupted' } } } });
    expect(call.participants()[sessionId]?.tracks.audio.state).toBe('interrupted');
    emulator.setParticipantAudio(sessionId, 'playable');
    await waitUntil(() => call.participants()[sessionId]?.tracks.audio.state === 'playable', 'playable audio');
    expect(() => emulator.setParticipantAudio(sessionId, 'muted' as never)).toThrow(TypeError);
    expect(() => emulator.setParticipantAudio('nobody', 'off')).toThrow(/no participant with session_id nobody/);

    await call.stopDialOut({ sessionId });
    await waitUntil(() => actions(seen).includes('participant-left'), 'participant-left');
    expect(actions(seen).slice(3)).toEqual(['participant-updated', 'participant-updated', 'dialout-stopped', 'participant-left']);
    expect(seen.at(-1)).toMatchObject({ participant: { session_id: sessionId, participantType: 'pstn-dial-out' } });
    expect(call.participants()[sessionId]).toBeUndefined();
    expect(emulator.participants).toEqual([]);
  });

  it('is a sip-dial-out for a SIP target, with the sessionId as user_id; emit() by hand counts, emitRaw() does not', async () => {
    const { call, emulator } = calls.create();
    await call.join({ url: ROOM_URL });
    const seen = collect(call);

    const raw = (await call.startDialOut({ sipUri: 'sip:bob@example.com' })) as { session: { sessionId: string } };
    emulator.emitRaw('dialout-answered', { sessionId: raw.session.sessionId });
    const started = (await call.startDialOut({ sipUri: 'sip:carol@example.com' })) as { session: { sessionId: string } };
    const sessionId = started.session.sessionId;
    emulator.emit('dialout-answered', { sessionId });
    emulator.emit('dialout-answered', { sessionId }); // a duplicate: no second participant
    await waitUntil(() => actions(seen).includes('participant-joined'), 'the phone leg to join');
    await settle();

    expect(actions(seen)).toEqual(['dialout-answered', 'dialout-answered', 'participant-joined', 'dialout-answered']);
    expect(seen[2]).toMatchObject({
      participant: { session_id: sessionId, user_id: sessionId, user_name: '', participantType: 'sip-dial-out' },
    });
    expect(Object.keys(call.participants()).sort()).toEqual(['local', sessionId].sort());
  });

  it('can be switched off per controller (and on again); participants already in the room stay', async () => {
    const { call, emulator, seen, sessionId } = await answered();
    emulator.setPhoneLegParticipants(false);
    expect(() => emulator.setPhoneLegParticipants('no' as never)).toThrow(TypeError);

    const second = (await call.startDialOut({ phoneNumber: '+15555550101' })) as { session: { sessionId: string } };
    await waitUntil(() => actions(seen).filter((a) => a === 'dialout-answered').length === 2, 'the second answer');
    await settle();
    expect(actions(seen).filter((a) => a === 'participant-joined')).toHaveLength(1);
    expect(call.participants()[second.session.sessionId]).toBeUndefined();

    // the first leg was in the room before: it stays, and is not taken out while switched off
    await call.stopDialOut({ sessionId });
    await settle();
    expect(call.participants()[sessionId]).toBeDefined();
    emulator.setPhoneLegParticipants(true);
    emulator.removeParticipant(sessionId);
    await settle();
    expect(call.participants()[sessionId]).toBeUndefined();
  });
});

describe('sipCallTransfer() and sipRefer() on the emulator', () => {
  it("sipCallTransfer(): daily-js's payload, a reply, then the leg leaves: participant-left, then dialout-stopped", async () => {
    const { call, emulator, seen, sessionId } = await answered({ talkMs: 150 });
    const options = { sessionId, toEndPoint: '+15555550123', callerId: '+15555550199', extension: '12', waitBeforeExtensionDialSec: 2 };

    await call.sipCallTransfer(options);
    const request = await emulator.waitFor('sip-call-transfer');
    expect(request.payload).toEqual({ ...options, useSipRefer: false });
    expect(request.expectsAnswer).toBe(true);
    expect(request.answer).toEqual({ kind: 'reply', value: {} });
    expect(options).toHaveProperty('useSipRefer', false); // daily-js writes into the object it gets

    await waitUntil(() => actions(seen).includes('dialout-stopped'), 'the transferred leg to leave');
    expect(actions(seen).slice(3)).toEqual(['participant-left', 'dialout-stopped']);
    expect(seen.at(-2)).toMatchObject({ participant: { session_id: sessionId, participantType: 'pstn-dial-out' } });
    expect(seen.at(-1)).toMatchObject({ sessionId, provider: 'signalwire', destination: PHONE, sipCallId: emulator.sessions[0]?.sipCallId });
    expect(emulator.sessions[0]?.state).toBe('ended');
    expect(call.participants()[sessionId]).toBeUndefined();

    // the scenario's own hang-up (talkMs 150) was cancelled: the leg is gone already
    await sleep(200);
    expect(actions(seen).filter((a) => a === 'dialout-stopped')).toHaveLength(1);
  });

  it('sipRefer(): useSipRefer true; failNext rejects with the value exactly and the leg stays', async () => {
    const { call, emulator, seen, sessionId } = await answered();

    emulator.failNext('sip-call-transfer', 'REFER_FAILED');
    await expect(call.sipRefer({ sessionId, toEndPoint: 'sip:carol@example.com' })).rejects.toBe('REFER_FAILED');
    const request = await emulator.waitFor('sip-call-transfer');
    expect(request.payload).toEqual({ sessionId, toEndPoint: 'sip:carol@example.com', useSipRefer: true });
    expect(request.answer).toEqual({ kind: 'error', value: 'REFER_FAILED' });

    emulator.failNext('sip-call-transfer', new Error('SIP 403'));
    await expect(call.sipCallTransfer({ sessionId, toEndPoint: '+15555550123' })).rejects.toThrow('SIP 403');
    await sleep(80);
    expect(actions(seen)).toEqual(['dialout-connected', 'dialout-answered', 'participant-joined']);
    expect(emulator.sessions[0]?.state).toBe('started');
    expect(call.participants()[sessionId]).toBeDefined();

    await call.sipRefer({ sessionId, toEndPoint: 'sip:carol@example.com' });
    await waitUntil(() => actions(seen).includes('dialout-stopped'), 'the referred leg to leave');
    expect(actions(seen).slice(3)).toEqual(['participant-left', 'dialout-stopped']);
  });

  it('respond() and held answers count as success; setTransferLeaveMs() sets the delay, Infinity keeps the leg', async () => {
    const { call, emulator, seen, sessionId } = await answered();

    emulator.setTransferLeaveMs(Infinity);
    await call.sipRefer({ sessionId, toEndPoint: 'sip:carol@example.com' });
    await sleep(80);
    expect(actions(seen)).not.toContain('participant-left');
    expect(() => emulator.setTransferLeaveMs(-1)).toThrow(TypeError);

    emulator.setTransferLeaveMs(0);
    emulator.respond('sip-call-transfer', () => 'hold');
    const pending = call.sipCallTransfer({ sessionId, toEndPoint: 'sip:desk@example.com' });
    await emulator.waitFor('sip-call-transfer'); // the first, answered
    const held = await emulator.waitFor('sip-call-transfer');
    await sleep(20);
    expect(actions(seen)).not.toContain('participant-left');
    emulator.answer(held, { reply: { ok: true } });
    await expect(pending).resolves.toMatchObject({ ok: true });
    await waitUntil(() => actions(seen).includes('dialout-stopped'), 'the transferred leg to leave');
    expect(actions(seen).slice(3)).toEqual(['participant-left', 'dialout-stopped']);
  });

  it('an async respond() success lets the leg leave; a transfer of a session the emulator does not know is only answered', async () => {
    const { call, emulator, seen, sessionId } = await answered();
    await call.sipCallTransfer({ sessionId: 'somebody-else', toEndPoint: '+15555550123' });
    await sleep(80);
    expect(actions(seen)).toEqual(['dialout-connected', 'dialout-answered', 'participant-joined']);

    emulator.respond('sip-call-transfer', async () => {
      await sleep(5);
      return { reply: {} };
    });
    await call.sipCallTransfer({ sessionId, toEndPoint: '+15555550123' });
    await waitUntil(() => actions(seen).includes('dialout-stopped'), 'the transferred leg to leave');
    expect(emulator.received.filter((r) => r.action === 'sip-call-transfer').map((r) => r.answer?.kind)).toEqual(['reply', 'reply']);
  });

  it('a leg about to leave stays when the call leaves the meeting first', async () => {
    const { call, emulator, seen, sessionId } = await answered();
    emulator.setTransferLeaveMs(100);
    await call.sipCallTransfer({ sessionId, toEndPoint: '+15555550123' });
    await call.leave();
    await sleep(130);
    expect(actions(seen)).not.toContain('dialout-stopped');
    expect(emulator.participants.map((p) => p.session_id)).toEqual([sessionId]);
  });
});

describe('received DTMF', () => {
  it("sendDtmfEvent() reaches call.on('dtmf-event') as Daily posts it", async () => {
    const { call, emulator } = calls.create();
    await call.join({ url: ROOM_URL });
    const seen = collect(call, ['dtmf-event']);

    emulator.sendDtmfEvent('leg-1', '5', { method: 'sip-info', volume: 3 });
    emulator.sendDtmfEvent(undefined, '#');
    await waitUntil(() => seen.length === 2, 'two dtmf-events');

    expect(seen).toEqual([
      { action: 'dtmf-event', callClientId: call.callClientId, tone: '5', volume: 3, method: 'sip-info', sessionId: 'leg-1' },
      { action: 'dtmf-event', callClientId: call.callClientId, tone: '#', volume: 10, method: 'telephone-event' },
    ]);
    expect(() => emulator.sendDtmfEvent('leg-1', '')).toThrow(TypeError);
    expect(() => emulator.sendDtmfEvent(7 as never, '1')).toThrow(TypeError);
  });

  it("scenario('ivr'): answered, then the far end presses 1, 2, # with the session's sessionId", async () => {
    const { call, emulator } = calls.create();
    await call.join({ url: ROOM_URL });
    const seen = collect(call);
    emulator.play(scenario('ivr', { ringMs: 1, toneGapMs: 1 }));

    const started = (await call.startDialOut({ phoneNumber: PHONE })) as { session: { sessionId: string } };
    const sessionId = started.session.sessionId;
    await waitUntil(() => seen.filter((e) => e.action === 'dtmf-event').length === 3, 'three tones');

    expect(actions(seen)).toEqual(['dialout-connected', 'dialout-answered', 'participant-joined', 'dtmf-event', 'dtmf-event', 'dtmf-event']);
    expect(seen.slice(3).map((e) => [e.tone, e.method, e.sessionId])).toEqual([
      ['1', 'telephone-event', sessionId],
      ['2', 'telephone-event', sessionId],
      ['#', 'telephone-event', sessionId],
    ]);
  });
});

describe('scenario steps and options', () => {
  it("'ivr' is named, makes one step per tone, and refuses bad digits", () => {
    expect(EMULATOR_SCENARIO_NAMES).toContain('ivr');
    expect(scenario('ivr', { ringMs: 10, digits: '9*', toneGapMs: 5, method: 'sip-info', talkMs: 50 }).steps).toEqual([
      { afterMs: 0, reply: 'session' },
      { afterMs: 0, event: 'dialout-connected' },
      { afterMs: 10, event: 'dialout-answered' },
      { afterMs: 5, dtmf: '9', method: 'sip-info' },
      { afterMs: 5, dtmf: '*', method: 'sip-info' },
      { afterMs: 50, event: 'dialout-stopped' },
    ]);
    expect(scenario('ivr').steps.filter((s) => 'dtmf' in s).map((s) => ('dtmf' in s ? s.dtmf : ''))).toEqual(['1', '2', '#']);
    expect(() => scenario('ivr', { digits: '1x' })).toThrow(/digits/);
    expect(() => scenario('ivr', { toneGapMs: -1 })).toThrow(/toneGapMs/);
  });

  it('participantAudio steps set the phone leg audio; malformed dtmf and participantAudio steps are refused', async () => {
    const { call, emulator } = calls.create();
    expect(() => emulator.play({ name: 'x', steps: [{ afterMs: 0, dtmf: '' }] })).toThrow(/dtmf step/);
    expect(() => emulator.play({ name: 'x', steps: [{ afterMs: 0, participantAudio: 'muted' as never }] })).toThrow(/participantAudio/);

    await call.join({ url: ROOM_URL });
    const seen = collect(call);
    emulator.play({
      name: 'silent-phone',
      steps: [
        { afterMs: 0, participantAudio: 'off' }, // no participant yet: nothing
        { afterMs: 0, reply: 'session' },
        { afterMs: 0, event: 'dialout-answered' },
        { afterMs: 0, participantAudio: 'loading' },
        { afterMs: 5, participantAudio: 'interrupted' },
      ],
    });
    const started = (await call.startDialOut({ phoneNumber: PHONE })) as { session: { sessionId: string } };
    await waitUntil(() => seen.filter((e) => e.action === 'participant-updated').length === 2, 'two audio updates');
    expect(actions(seen)).toEqual(['dialout-answered', 'participant-joined', 'participant-updated', 'participant-updated']);
    expect(call.participants()[started.session.sessionId]?.tracks.audio.state).toBe('interrupted');
  });
});

describe('a page reload: the room survives, a new call object sees the phone legs', () => {
  it('snapshotRoom() → (JSON) → restoreRoom() before join; events for the restored session go on', async () => {
    const first = await answered({ displayName: 'Customer' });
    first.emulator.addParticipant({ session_id: 'dial-in-1', participantType: 'sip-dial-in', user_name: 'Front desk' });
    const { sessionId } = first;
    const sipCallId = first.emulator.sessions[0]?.sipCallId;

    const room = JSON.parse(JSON.stringify(first.emulator.snapshotRoom())) as EmulatorRoomSnapshot; // e.g. via sessionStorage
    expect(room).toEqual({
      version: 1,
      participants: [
        {
          session_id: sessionId,
          user_id: sessionId,
          user_name: 'Customer',
          participantType: 'pstn-dial-out',
          local: false,
          owner: false,
          tracks: { audio: { subscribed: true, state: 'playable' } },
        },
        { session_id: 'dial-in-1', participantType: 'sip-dial-in', user_name: 'Front desk', tracks: {} },
      ],
      sessions: [{ sessionId, provider: 'signalwire', sipCallId, destination: PHONE, displayName: 'Customer' }],
    });
    await first.call.destroy(); // the page goes away; Daily's room keeps the legs

    const { call, emulator } = calls.create();
    emulator.restoreRoom(room);
    expect(emulator.sessions.map((s) => [s.sessionId, s.requestSeq, s.state])).toEqual([[sessionId, 0, 'started']]);
    await call.join({ url: ROOM_URL });
    expect(call.participants()[sessionId]).toMatchObject({
      session_id: sessionId,
      participantType: 'pstn-dial-out',
      user_name: 'Customer',
      tracks: { audio: { state: 'playable' } },
    });
    expect(call.participants()['dial-in-1']).toMatchObject({ participantType: 'sip-dial-in' });

    const seen = collect(call);
    emulator.sendDtmfEvent(sessionId, '7');
    emulator.emit('dialout-stopped', { sessionId });
    await waitUntil(() => actions(seen).includes('participant-left'), 'the restored leg to leave');
    expect(actions(seen)).toEqual(['dtmf-event', 'dialout-stopped', 'participant-left']);
    expect(seen[1]).toMatchObject({ sessionId, provider: 'signalwire', sipCallId, destination: PHONE });
    expect(call.participants()[sessionId]).toBeUndefined();
    expect(emulator.snapshotRoom().sessions).toEqual([]);
  });

  it('createEmulatorController(call, { room, phoneLegParticipants, transferLeaveMs }); a restored leg can be transferred', async () => {
    const first = await answered();
    const room = first.emulator.snapshotRoom();
    await first.call.destroy();

    const call = Daily.createCallObject({ dailyConfig: { bundlePathOverride: calls.url() } });
    const emulator = createEmulatorController(call, { room, phoneLegParticipants: false, transferLeaveMs: 0 });
    try {
      await call.join({ url: ROOM_URL });
      expect(call.participants()[first.sessionId]?.participantType).toBe('pstn-dial-out');
      const seen = collect(call);
      await call.sipCallTransfer({ sessionId: first.sessionId, toEndPoint: '+15555550123' });
      await waitUntil(() => actions(seen).includes('dialout-stopped'), 'the restored leg to be transferred');
      expect(actions(seen)).toEqual(['participant-left', 'dialout-stopped']);

      // phone legs are off for this controller: a new answered dial-out brings no participant
      emulator.play(scenario('answer', { ringMs: 1 }));
      await call.startDialOut({ phoneNumber: PHONE });
      await waitUntil(() => actions(seen).includes('dialout-answered'), 'the answer');
      await settle();
      expect(actions(seen)).not.toContain('participant-joined');
    } finally {
      await call.destroy();
      emulator.dispose();
    }
    expect(() => createEmulatorController('x', { transferLeaveMs: -1 })).toThrow(TypeError);
    expect(() => createEmulatorController('x', { phoneLegParticipants: 1 as never })).toThrow(TypeError);
    expect(() => createEmulatorController('x', { room: { version: 2 } as never })).toThrow(/version/);
  });

  it('restoreRoom() while joined posts the participants; malformed snapshots are refused whole', async () => {
    const { call, emulator } = calls.create();
    const bad: unknown[] = [
      null,
      { version: 1, participants: {}, sessions: [] },
      { version: 1, participants: [{ session_id: '' }], sessions: [] },
      { version: 1, participants: [], sessions: [{ sessionId: 's', provider: 'signalwire' }] },
      { version: 1, participants: [], sessions: [{ sessionId: 's', provider: 'signalwire', sipCallId: 'c', userId: 7 }] },
    ];
    for (const room of bad) expect(() => emulator.restoreRoom(room as never)).toThrow(TypeError);
    expect(emulator.sessions).toEqual([]);
    expect(emulator.participants).toEqual([]);

    await call.join({ url: ROOM_URL });
    const seen = collect(call);
    emulator.restoreRoom({
      version: 1,
      participants: [{ session_id: 'leg-9', participantType: 'sip-dial-out', tracks: { audio: { state: 'loading' } } }],
      sessions: [{ sessionId: 'leg-9', provider: 'daily', sipCallId: 'call-9', destination: 'sip:x@example.com' }],
    });
    await waitUntil(() => actions(seen).includes('participant-joined'), 'the restored participant');
    expect(call.participants()['leg-9']).toMatchObject({ participantType: 'sip-dial-out', tracks: { audio: { state: 'loading' } } });
    await call.stopDialOut({ sessionId: 'leg-9' }); // the emulator's default stop works for restored sessions
    await waitUntil(() => actions(seen).includes('participant-left'), 'the restored leg to leave');
    expect(actions(seen)).toEqual(['participant-joined', 'dialout-stopped', 'participant-left']);
    expect(seen[1]).toMatchObject({ sessionId: 'leg-9', provider: 'daily', sipCallId: 'call-9', destination: 'sip:x@example.com' });
  });
});
