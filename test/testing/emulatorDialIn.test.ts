// @vitest-environment jsdom
/**
 * Dial-in on the emulator, through the real daily-js 0.92.2: readiness (`dialin-ready`), a caller dialing in
 * (`dialin-connected` and the caller's participant), its end by hang-up, error, ejection (`updateParticipant`) and
 * transfer, `startDialIn()` as daily-js sends it, a caller's whole story, and a caller surviving a page reload.
 */
import type { DailyCall, DailyEvent } from '@daily-co/daily-js';
import { describe, expect, it } from 'vitest';
import { createEmulatorController, type EmulatorRoomSnapshot } from '../../src/testing/index.js';
import { Daily, PHONE, ROOM_URL, settle, useEmulatedCalls } from '../integration/harness.js';

const calls = useEmulatedCalls();

type Seen = Record<string, unknown> & { action: string };

const EVENTS = [
  'dialin-ready',
  'dialin-connected',
  'dialin-stopped',
  'dialin-error',
  'dialin-warning',
  'dialout-stopped',
  'participant-joined',
  'participant-updated',
  'participant-left',
  'dtmf-event',
] as const;

/** Every event of `names` daily-js emits on `call`, in order. */
function collect(call: DailyCall, names: readonly string[] = EVENTS): Seen[] {
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A joined call on the emulator, its events recorded. */
async function joined() {
  const { call, emulator } = calls.create();
  await call.join({ url: ROOM_URL });
  const seen = collect(call);
  return { call, emulator, seen };
}

/** A joined call with one caller dialed in (and in the room). */
async function dialedIn(options: Parameters<ReturnType<typeof calls.create>['emulator']['dialIn']>[0] = {}) {
  const { call, emulator, seen } = await joined();
  const sessionId = emulator.dialIn(options);
  await waitUntil(() => actions(seen).includes('participant-joined'), 'the caller to join');
  return { call, emulator, seen, sessionId };
}

describe('readiness: dialin-ready', () => {
  it("announceDialIn() reaches call.on('dialin-ready') as Daily's example, one event per endpoint", async () => {
    const { call, emulator, seen } = await joined();

    expect(emulator.announceDialIn()).toEqual(['sip:room@sip.daily.co']);
    expect(
      emulator.announceDialIn({
        sipEndpoint: ['sip:room.0@example.sip.daily.co', 'sip:room.1@example.sip.daily.co'],
        provider: 'signalwire',
      }),
    ).toEqual(['sip:room.0@example.sip.daily.co', 'sip:room.1@example.sip.daily.co']);
    emulator.announceDialIn({ sipEndpoint: 'sip:room@sip.daily.co', provider: 'signalwire' }); // again: updates the entry
    await waitUntil(() => seen.length === 4, 'four dialin-ready');

    expect(seen).toEqual([
      { action: 'dialin-ready', callClientId: call.callClientId, sipEndpoint: 'sip:room@sip.daily.co', provider: 'daily' },
      { action: 'dialin-ready', callClientId: call.callClientId, sipEndpoint: 'sip:room.0@example.sip.daily.co', provider: 'signalwire' },
      { action: 'dialin-ready', callClientId: call.callClientId, sipEndpoint: 'sip:room.1@example.sip.daily.co', provider: 'signalwire' },
      { action: 'dialin-ready', callClientId: call.callClientId, sipEndpoint: 'sip:room@sip.daily.co', provider: 'signalwire' },
    ]);
    expect(emulator.dialInEndpoints).toEqual([
      { sipEndpoint: 'sip:room@sip.daily.co', provider: 'signalwire' },
      { sipEndpoint: 'sip:room.0@example.sip.daily.co', provider: 'signalwire' },
      { sipEndpoint: 'sip:room.1@example.sip.daily.co', provider: 'signalwire' },
    ]);

    // emit('dialin-ready') posts as given, and counts as an announcement
    emulator.emit('dialin-ready', { sipEndpoint: 'sip:extra@example.com', provider: 'daily' });
    await waitUntil(() => seen.length === 5, 'the emitted dialin-ready');
    expect(emulator.dialInEndpoints.at(-1)).toEqual({ sipEndpoint: 'sip:extra@example.com', provider: 'daily' });
  });

  it('refuses bad options, and needs daily-js to have loaded the bundle', async () => {
    const { call, emulator } = calls.create();
    expect(() => emulator.announceDialIn()).toThrow(/join\(\) first/);
    await call.join({ url: ROOM_URL });
    expect(() => emulator.announceDialIn({ sipEndpoint: '' })).toThrow(TypeError);
    expect(() => emulator.announceDialIn({ sipEndpoint: [] })).toThrow(TypeError);
    expect(() => emulator.announceDialIn({ sipEndpoint: ['sip:a@b', 7 as never] })).toThrow(TypeError);
    expect(() => emulator.announceDialIn({ provider: '' })).toThrow(TypeError);
    expect(() => emulator.announceDialIn(null as never)).toThrow(TypeError);
    expect(emulator.dialInEndpoints).toEqual([]);
  });
});

describe('startDialIn() on the emulator', () => {
  it("records daily-js's payload, replies, then announces the endpoint asked for; the caller's object stays as it was", async () => {
    const { call, emulator, seen } = await joined();
    const options = { displayName: 'Front desk', userId: 'desk-1', sipEndpoint: 'sip:desk@example.com' };

    await expect(call.startDialIn(options)).resolves.toEqual({ callClientId: call.callClientId });
    const request = await emulator.waitFor('dialin-start');
    expect(request.payload).toEqual({ sipMode: 'dial-in', ...options, provider: 'signalwire' });
    expect(request.expectsAnswer).toBe(true);
    expect(request.answer).toEqual({ kind: 'reply', value: {} });
    expect(options).not.toHaveProperty('provider'); // daily-js 0.92.2 sends a copy

    await call.startDialIn({ displayName: 'Front desk', provider: 'daily' });
    await waitUntil(() => seen.length === 2, 'two dialin-ready');
    expect(seen).toEqual([
      { action: 'dialin-ready', callClientId: call.callClientId, sipEndpoint: 'sip:desk@example.com', provider: 'signalwire' },
      { action: 'dialin-ready', callClientId: call.callClientId, sipEndpoint: 'sip:room@sip.daily.co', provider: 'daily' },
    ]);

    // a caller's defaults come from the first endpoint announced
    const sessionId = emulator.dialIn();
    await waitUntil(() => actions(seen).includes('dialin-connected'), 'dialin-connected');
    expect(seen.find((e) => e.action === 'dialin-connected')).toMatchObject({ sessionId, sipEndpoint: 'sip:desk@example.com', provider: 'signalwire' });
  });

  it('failNext() and respond() script it: a rejection with the value exactly, no dialin-ready', async () => {
    const { call, emulator, seen } = await joined();
    emulator.failNext('dialin-start', 'DIALIN_NOT_ENABLED');
    await expect(call.startDialIn({ displayName: 'Desk' })).rejects.toBe('DIALIN_NOT_ENABLED');
    emulator.respond('dialin-start', () => ({ reply: { ok: true } }));
    await expect(call.startDialIn({ displayName: 'Desk' })).resolves.toMatchObject({ ok: true });
    await settle();
    expect(seen).toEqual([]);
    expect(emulator.received.filter((r) => r.action === 'dialin-start').map((r) => r.answer?.kind)).toEqual(['error', 'reply']);
  });
});

describe('a caller dials in', () => {
  it("dialIn(): dialin-connected with Daily's fields, then the caller's sip-dial-in participant", async () => {
    const { call, emulator, seen, sessionId } = await dialedIn();

    expect(sessionId).toMatch(UUID);
    expect(actions(seen)).toEqual(['dialin-connected', 'participant-joined']);
    const [session] = emulator.sessions;
    expect(session).toMatchObject({
      sessionId,
      kind: 'dial-in',
      requestSeq: 0,
      provider: 'daily',
      sipFrom: 'sip:caller@example.com',
      sipEndpoint: 'sip:room@sip.daily.co',
      displayName: 'sip:caller@example.com',
      destination: undefined,
      state: 'started',
    });
    expect(seen[0]).toEqual({
      action: 'dialin-connected',
      callClientId: call.callClientId,
      sessionId,
      provider: 'daily',
      sipCallId: session?.sipCallId,
      sipFrom: 'sip:caller@example.com',
      sipEndpoint: 'sip:room@sip.daily.co',
      actionTraceId: session?.actionTraceId,
    });
    expect(session?.sipCallId).toMatch(UUID);
    expect(session?.actionTraceId).toMatch(UUID);
    expect(seen[1]).toMatchObject({
      participant: {
        session_id: sessionId,
        user_id: sessionId,
        user_name: 'sip:caller@example.com',
        participantType: 'sip-dial-in',
        local: false,
        owner: false,
        tracks: { audio: { subscribed: true, state: 'playable' } },
      },
    });
    expect(call.participants()[sessionId]).toMatchObject({ session_id: sessionId, participantType: 'sip-dial-in', tracks: { audio: { state: 'playable' } } });
    expect(emulator.participants.map((p) => [p.session_id, p.participantType])).toEqual([[sessionId, 'sip-dial-in']]);

    // DTMF from the caller, and its audio, by the same means as a phone leg's
    emulator.sendDtmfEvent(sessionId, '#');
    emulator.setParticipantAudio(sessionId, 'interrupted');
    await waitUntil(() => actions(seen).includes('participant-updated'), 'participant-updated');
    expect(seen.slice(2).map((e) => [e.action, e.tone ?? (e.participant as { tracks: { audio: { state: string } } }).tracks.audio.state])).toEqual([
      ['dtmf-event', '#'],
      ['participant-updated', 'interrupted'],
    ]);
  });

  it('a PSTN caller with userId and SIP headers: pstn-dial-in, and every field given', async () => {
    const { call, seen, sessionId } = await dialedIn({
      phone: true,
      sessionId: 'in-1',
      sipCallId: 'abc123@sip.daily.co',
      actionTraceId: 'trace-1',
      provider: 'signalwire',
      sipEndpoint: 'sip:room.0@example.sip.daily.co',
      displayName: 'Customer',
      userId: 'user_123',
      sipHeaders: { 'X-New-Hdr': 'myhdr' },
    });

    expect(sessionId).toBe('in-1');
    expect(seen[0]).toEqual({
      action: 'dialin-connected',
      callClientId: call.callClientId,
      sessionId: 'in-1',
      provider: 'signalwire',
      sipCallId: 'abc123@sip.daily.co',
      sipFrom: '+15555550142',
      sipEndpoint: 'sip:room.0@example.sip.daily.co',
      userId: 'user_123',
      sipHeaders: { 'X-New-Hdr': 'myhdr' },
      actionTraceId: 'trace-1',
    });
    expect(call.participants()['in-1']).toMatchObject({ user_id: 'user_123', user_name: 'Customer', participantType: 'pstn-dial-in' });
  });

  it("participant: false brings no participant; audio sets the caller's first audio state", async () => {
    const { call, emulator, seen } = await joined();
    const quiet = emulator.dialIn({ participant: false });
    const loading = emulator.dialIn({ audio: 'loading' });
    await waitUntil(() => actions(seen).includes('participant-joined'), 'the second caller');
    await settle();
    expect(actions(seen)).toEqual(['dialin-connected', 'dialin-connected', 'participant-joined']);
    expect(call.participants()[quiet]).toBeUndefined();
    expect(call.participants()[loading]?.tracks.audio.state).toBe('loading');
    emulator.hangUpDialIn(quiet); // no participant to leave
    await waitUntil(() => actions(seen).includes('dialin-stopped'), 'dialin-stopped');
    await settle();
    expect(actions(seen).slice(3)).toEqual(['dialin-stopped']);
  });

  it('refuses bad options, a taken sessionId, and a call not in the meeting', async () => {
    const { call, emulator } = calls.create();
    expect(() => emulator.dialIn()).toThrow(/join\(\) first/);
    await call.join({ url: ROOM_URL });
    const bad: unknown[] = [
      null,
      { sipFrom: '' },
      { sipEndpoint: 5 },
      { sipHeaders: [] },
      { sipHeaders: 'X: 1' },
      { phone: 'yes' },
      { participant: 1 },
      { audio: 'muted' },
      { userId: '' },
    ];
    for (const options of bad) expect(() => emulator.dialIn(options as never), JSON.stringify(options)).toThrow(TypeError);
    emulator.addParticipant({ session_id: 'taken' });
    expect(() => emulator.dialIn({ sessionId: 'taken' })).toThrow(/exists already/);
    const sessionId = emulator.dialIn();
    expect(() => emulator.dialIn({ sessionId })).toThrow(/exists already/);
    await call.leave();
    expect(() => emulator.dialIn()).toThrow(/not in the meeting/);
    expect(emulator.sessions).toHaveLength(1);
  });
});

describe('a dial-in ends', () => {
  it('hangUpDialIn(): dialin-stopped (filled), then participant-left; only once', async () => {
    const { call, emulator, seen, sessionId } = await dialedIn({ userId: 'u1', sipHeaders: { 'X-A': '1' } });
    const session = emulator.sessions[0];

    emulator.hangUpDialIn(sessionId);
    await waitUntil(() => actions(seen).includes('participant-left'), 'participant-left');
    expect(actions(seen)).toEqual(['dialin-connected', 'participant-joined', 'dialin-stopped', 'participant-left']);
    expect(seen[2]).toEqual({
      action: 'dialin-stopped',
      callClientId: call.callClientId,
      sessionId,
      provider: 'daily',
      sipCallId: session?.sipCallId,
      sipFrom: 'sip:caller@example.com',
      sipEndpoint: 'sip:room@sip.daily.co',
      userId: 'u1',
      sipHeaders: { 'X-A': '1' },
      actionTraceId: session?.actionTraceId,
    });
    expect(seen[3]).toMatchObject({ participant: { session_id: sessionId, participantType: 'sip-dial-in' } });
    expect(call.participants()[sessionId]).toBeUndefined();
    expect(emulator.participants).toEqual([]);
    expect(emulator.sessions[0]?.state).toBe('ended');
    expect(() => emulator.hangUpDialIn(sessionId)).toThrow(/no live dial-in/);
    expect(() => emulator.hangUpDialIn('nobody')).toThrow(/no live dial-in/);
  });

  it("failDialIn(): dialin-error with Daily's type and details, then participant-left", async () => {
    const { call, emulator, seen, sessionId } = await dialedIn({ phone: true });
    const session = emulator.sessions[0];

    expect(() => emulator.failDialIn(sessionId, '')).toThrow(TypeError);
    expect(() => emulator.failDialIn(sessionId, 'x', { type: 'other' as never })).toThrow(TypeError);
    expect(() => emulator.failDialIn(sessionId, 'x', { details: 'no' as never })).toThrow(TypeError);
    emulator.failDialIn(sessionId, 'SDP negotiation failed', { type: 'start-failed' });
    await waitUntil(() => actions(seen).includes('participant-left'), 'participant-left');
    expect(actions(seen).slice(2)).toEqual(['dialin-error', 'participant-left']);
    expect(seen[2]).toEqual({
      action: 'dialin-error',
      callClientId: call.callClientId,
      sessionId,
      errorMsg: 'SDP negotiation failed',
      type: 'start-failed',
      details: { sipEndpoint: 'sip:room@sip.daily.co' },
      provider: 'daily',
      sipCallId: session?.sipCallId,
      actionTraceId: session?.actionTraceId,
    });
    expect(seen[3]).toMatchObject({ participant: { session_id: sessionId, participantType: 'pstn-dial-in' } });
    expect(emulator.sessions[0]?.state).toBe('ended');
    expect(() => emulator.failDialIn(sessionId, 'again')).toThrow(/no live dial-in/);

    // details given replace the default; a dial-out's sessionId is no dial-in
    const other = emulator.dialIn();
    emulator.failDialIn(other, 'boom', { details: { sipHeaders: { Reason: 'SIP;cause=488' } } });
    await waitUntil(() => actions(seen).filter((a) => a === 'dialin-error').length === 2, 'the second error');
    expect(seen.filter((e) => e.action === 'dialin-error')[1]).toMatchObject({ details: { sipHeaders: { Reason: 'SIP;cause=488' } } });
    expect(seen.filter((e) => e.action === 'dialin-error')[1]).not.toHaveProperty('type');
    const started = (await call.startDialOut({ phoneNumber: PHONE })) as { session: { sessionId: string } };
    expect(() => emulator.failDialIn(started.session.sessionId, 'x')).toThrow(/no live dial-in/);
  });

  it('emit(): dialin-warning filled; a dialin-stopped by hand ends it and takes the caller out; dialout-* are not filled', async () => {
    const { call, emulator, seen, sessionId } = await dialedIn({ userId: 'u2' });
    const session = emulator.sessions[0];

    emulator.emit('dialin-warning', { sessionId, errorMsg: 'Dialin codec did not match, using fallback.' });
    emulator.emit('dialout-stopped', { sessionId }); // another direction: as given, ends nothing
    await waitUntil(() => actions(seen).includes('dialout-stopped'), 'dialout-stopped');
    expect(seen[2]).toEqual({
      action: 'dialin-warning',
      callClientId: call.callClientId,
      sessionId,
      errorMsg: 'Dialin codec did not match, using fallback.',
      provider: 'daily',
      sipCallId: session?.sipCallId,
      sipFrom: 'sip:caller@example.com',
      sipEndpoint: 'sip:room@sip.daily.co',
      userId: 'u2',
      actionTraceId: session?.actionTraceId,
    });
    expect(seen[3]).toEqual({ action: 'dialout-stopped', callClientId: call.callClientId, sessionId });
    expect(emulator.sessions[0]?.state).toBe('started');

    await call.stopDialOut({ sessionId }).catch(() => undefined); // not a dial-out: the caller stays
    await settle();
    expect(call.participants()[sessionId]).toBeDefined();
    expect(emulator.sessions[0]?.state).toBe('started');

    emulator.emit('dialin-stopped', { sessionId });
    await waitUntil(() => actions(seen).includes('participant-left'), 'participant-left');
    expect(actions(seen).slice(-2)).toEqual(['dialin-stopped', 'participant-left']);
    expect(emulator.sessions[0]?.state).toBe('ended');

    // a dialin-error without a session of the emulator is posted as given
    emulator.emit('dialin-error', { errorMsg: 'no such endpoint', type: 'start-failed', sessionId: 'unknown' });
    await waitUntil(() => actions(seen).includes('dialin-error'), 'dialin-error');
    expect(seen.at(-1)).toEqual({
      action: 'dialin-error',
      callClientId: call.callClientId,
      errorMsg: 'no such endpoint',
      type: 'start-failed',
      sessionId: 'unknown',
    });
  });

  it("updateParticipant(sessionId, { eject: true }): daily-js's request recorded; participant-left, then dialin-stopped", async () => {
    const { call, emulator, seen, sessionId } = await dialedIn();

    call.updateParticipant(sessionId, { eject: true });
    await waitUntil(() => actions(seen).includes('dialin-stopped'), 'dialin-stopped');
    const request = await emulator.waitFor('update-participant');
    expect(request.payload).toEqual({ id: sessionId, properties: { eject: true } });
    expect(request.expectsAnswer).toBe(false);
    expect(actions(seen).slice(2)).toEqual(['participant-left', 'dialin-stopped']);
    expect(seen.at(-1)).toMatchObject({ sessionId, sipFrom: 'sip:caller@example.com', provider: 'daily' });
    expect(call.participants()[sessionId]).toBeUndefined();
    expect(emulator.sessions[0]?.state).toBe('ended');

    // updateParticipants() too; other updates and unknown ids do nothing
    const second = emulator.dialIn({ phone: true });
    await waitUntil(() => call.participants()[second] !== undefined, 'the second caller');
    call.updateParticipant(second, { setAudio: false });
    call.updateParticipant('nobody', { eject: true });
    await settle();
    expect(call.participants()[second]).toBeDefined();
    call.updateParticipants({ [second]: { eject: true } });
    await waitUntil(() => actions(seen).filter((a) => a === 'dialin-stopped').length === 2, 'the second ejection');
    expect(actions(seen).slice(-2)).toEqual(['participant-left', 'dialin-stopped']);
  });

  it('eject needs an owner or a participants admin; a respond() script takes the request over; a phone leg can be ejected too', async () => {
    const { call, emulator, seen, sessionId } = await dialedIn();

    emulator.setLocalParticipant({ owner: false });
    await settle();
    call.updateParticipant(sessionId, { eject: true });
    await sleep(20);
    expect(call.participants()[sessionId]).toBeDefined();

    emulator.setLocalParticipant({ permissions: { canAdmin: new Set(['participants']) } });
    emulator.respond('update-participant', () => undefined);
    call.updateParticipant(sessionId, { eject: true });
    await sleep(20);
    expect(call.participants()[sessionId]).toBeDefined();

    emulator.respond('update-participant', null);
    call.updateParticipant(sessionId, { eject: true });
    await waitUntil(() => actions(seen).includes('dialin-stopped'), 'dialin-stopped');
    expect(actions(seen).slice(-2)).toEqual(['participant-left', 'dialin-stopped']);

    // an answered dial-out's phone leg: participant-left, then dialout-stopped
    emulator.setLocalParticipant({ owner: true });
    const started = (await call.startDialOut({ phoneNumber: PHONE })) as { session: { sessionId: string } };
    const legId = started.session.sessionId;
    emulator.emit('dialout-answered', { sessionId: legId });
    await waitUntil(() => call.participants()[legId] !== undefined, 'the phone leg');
    call.updateParticipant(legId, { eject: true });
    await waitUntil(() => actions(seen).includes('dialout-stopped'), 'dialout-stopped');
    expect(actions(seen).slice(-2)).toEqual(['participant-left', 'dialout-stopped']);
    expect(seen.at(-1)).toMatchObject({ sessionId: legId, destination: PHONE });
  });

  it("a successful sipCallTransfer() of a dial-in: the caller leaves like a transferred leg, then dialin-stopped", async () => {
    const { call, emulator, seen, sessionId } = await dialedIn({ phone: true });

    emulator.failNext('sip-call-transfer', 'TRANSFER_FAILED');
    await expect(call.sipCallTransfer({ sessionId, toEndPoint: 'sip:supervisor@example.com' })).rejects.toBe('TRANSFER_FAILED');
    await sleep(80);
    expect(call.participants()[sessionId]).toBeDefined();

    await call.sipCallTransfer({ sessionId, toEndPoint: 'sip:supervisor@example.com' });
    const requests = emulator.received.filter((r) => r.action === 'sip-call-transfer');
    expect(requests.at(-1)?.payload).toEqual({ sessionId, toEndPoint: 'sip:supervisor@example.com', useSipRefer: false });
    await waitUntil(() => actions(seen).includes('dialin-stopped'), 'the transferred caller to leave');
    expect(actions(seen).slice(2)).toEqual(['participant-left', 'dialin-stopped']);
    expect(seen.at(-1)).toMatchObject({ sessionId, sipFrom: '+15555550142' });
    expect(emulator.sessions[0]?.state).toBe('ended');
    expect(actions(seen)).not.toContain('dialout-stopped');
  });
});

describe('playDialIn(): a caller who dials in, talks, and hangs up', () => {
  it('audio turns playable, a warning, tones, then the hang-up, in order, with the dial-in sessionId', async () => {
    const { call, emulator, seen } = await joined();
    const sessionId = emulator.playDialIn({ phone: true, playableAfterMs: 5, warningAfterMs: 5, digits: '1#', toneGapMs: 1, talkMs: 10 });
    await waitUntil(() => actions(seen).includes('participant-left'), 'the hang-up');

    expect(actions(seen)).toEqual([
      'dialin-connected',
      'participant-joined',
      'participant-updated',
      'dialin-warning',
      'dtmf-event',
      'dtmf-event',
      'dialin-stopped',
      'participant-left',
    ]);
    expect(seen[1]).toMatchObject({ participant: { session_id: sessionId, participantType: 'pstn-dial-in', tracks: { audio: { state: 'loading' } } } });
    expect(seen[2]).toMatchObject({ participant: { session_id: sessionId, tracks: { audio: { state: 'playable' } } } });
    expect(seen[3]).toMatchObject({ sessionId, errorMsg: 'Dialin codec did not match, using fallback.', provider: 'daily' });
    expect(seen.slice(4, 6).map((e) => [e.tone, e.method, e.sessionId])).toEqual([
      ['1', 'telephone-event', sessionId],
      ['#', 'telephone-event', sessionId],
    ]);
    expect(seen[6]).toMatchObject({ sessionId, sipFrom: '+15555550142' });
    expect(call.participants()[sessionId]).toBeUndefined();
  });

  it('fail: ends with a dialin-error instead', async () => {
    const { emulator, seen } = await joined();
    const sessionId = emulator.playDialIn({ talkMs: 1, fail: { type: 'start-failed' }, warningMsg: 'unused' });
    await waitUntil(() => actions(seen).includes('participant-left'), 'the failure');
    expect(actions(seen)).toEqual(['dialin-connected', 'participant-joined', 'dialin-error', 'participant-left']);
    expect(seen[2]).toMatchObject({ sessionId, errorMsg: 'SDP negotiation failed', type: 'start-failed', details: { sipEndpoint: 'sip:room@sip.daily.co' } });
  });

  it('by default the caller stays; the story stops when the dial-in ends otherwise (eject, hang-up, by hand) or the call leaves', async () => {
    const { call, emulator, seen } = await joined();
    const stays = emulator.playDialIn();
    const ejected = emulator.playDialIn({ talkMs: 60 });
    const hungUp = emulator.playDialIn({ talkMs: 60, digits: '5', toneGapMs: 40 });
    const byHand = emulator.playDialIn({ talkMs: 60 });
    await waitUntil(() => actions(seen).filter((a) => a === 'participant-joined').length === 4, 'four callers');

    call.updateParticipant(ejected, { eject: true });
    emulator.hangUpDialIn(hungUp);
    emulator.emit('dialin-stopped', { sessionId: byHand });
    await sleep(100);
    const stopped = seen.filter((e) => e.action === 'dialin-stopped').map((e) => e.sessionId);
    expect(stopped.sort()).toEqual([ejected, hungUp, byHand].sort()); // once each: no story went on
    expect(actions(seen)).not.toContain('dtmf-event');
    expect(call.participants()[stays]).toBeDefined();

    const leaving = emulator.playDialIn({ talkMs: 30 });
    await call.leave();
    await sleep(60);
    expect(seen.filter((e) => e.action === 'dialin-stopped' && e.sessionId === leaving)).toEqual([]);
  });

  it('refuses bad story options before posting anything', async () => {
    const { emulator, seen } = await joined();
    const bad: unknown[] = [
      { talkMs: -1 },
      { playableAfterMs: 'soon' },
      { warningAfterMs: Number.NaN },
      { toneGapMs: -5 },
      { digits: '12x' },
      { digits: '' },
      { warningMsg: '' },
      { dtmfMethod: 3 },
      { fail: 'yes' },
      { fail: { errorMsg: '' } },
      { fail: { type: 'busy' } },
      { phone: 'no' },
    ];
    for (const options of bad) expect(() => emulator.playDialIn(options as never), JSON.stringify(options)).toThrow(TypeError);
    await settle();
    expect(seen).toEqual([]);
    expect(emulator.sessions).toEqual([]);
  });
});

describe('a page reload: a dial-in caller survives', () => {
  it('snapshotRoom() → (JSON) → restoreRoom(): the new call object sees the caller, and the dial-in goes on', async () => {
    const first = await dialedIn({ phone: true, userId: 'u7', sipHeaders: { 'X-Ticket': '42' }, displayName: 'Customer' });
    const { sessionId } = first;
    const session = first.emulator.sessions[0];

    const room = JSON.parse(JSON.stringify(first.emulator.snapshotRoom())) as EmulatorRoomSnapshot;
    expect(room.sessions).toEqual([
      {
        sessionId,
        kind: 'dial-in',
        provider: 'daily',
        sipCallId: session?.sipCallId,
        userId: 'u7',
        displayName: 'Customer',
        sipFrom: '+15555550142',
        sipEndpoint: 'sip:room@sip.daily.co',
        sipHeaders: { 'X-Ticket': '42' },
        actionTraceId: session?.actionTraceId,
      },
    ]);
    expect(room.participants).toEqual([
      {
        session_id: sessionId,
        user_id: 'u7',
        user_name: 'Customer',
        participantType: 'pstn-dial-in',
        local: false,
        owner: false,
        tracks: { audio: { subscribed: true, state: 'playable' } },
      },
    ]);
    await first.call.destroy();

    const call = Daily.createCallObject({ dailyConfig: { bundlePathOverride: calls.url() } });
    const emulator = createEmulatorController(call, { room, transferLeaveMs: 0 });
    try {
      expect(emulator.sessions.map((s) => [s.sessionId, s.kind, s.requestSeq, s.state])).toEqual([[sessionId, 'dial-in', 0, 'started']]);
      await call.join({ url: ROOM_URL });
      expect(call.participants()[sessionId]).toMatchObject({ participantType: 'pstn-dial-in', user_name: 'Customer' });

      const seen = collect(call);
      emulator.emit('dialin-warning', { sessionId, errorMsg: 'w' });
      await waitUntil(() => seen.length === 1, 'the warning');
      expect(seen[0]).toMatchObject({ sessionId, sipCallId: session?.sipCallId, sipFrom: '+15555550142', userId: 'u7', actionTraceId: session?.actionTraceId });

      // a restored caller can be transferred: it leaves, then dialin-stopped with its headers
      await call.sipCallTransfer({ sessionId, toEndPoint: 'sip:supervisor@example.com' });
      await waitUntil(() => actions(seen).includes('dialin-stopped'), 'the transfer');
      expect(actions(seen)).toEqual(['dialin-warning', 'participant-left', 'dialin-stopped']);
      expect(seen.at(-1)).toMatchObject({ sessionId, sipHeaders: { 'X-Ticket': '42' } });
      expect(emulator.snapshotRoom()).toEqual({ version: 1, participants: [], sessions: [] });
    } finally {
      await call.destroy();
      emulator.dispose();
    }
  });

  it('restoreRoom() checks the dial-in fields of a snapshot', () => {
    const { emulator } = calls.create();
    const session = { sessionId: 's', provider: 'daily', sipCallId: 'c' };
    const bad: unknown[] = [
      { ...session, kind: 'dial-sideways' },
      { ...session, kind: 'dial-in', sipFrom: 1 },
      { ...session, kind: 'dial-in', sipEndpoint: null },
      { ...session, kind: 'dial-in', sipHeaders: ['X: 1'] },
      { ...session, kind: 'dial-in', actionTraceId: 2 },
    ];
    for (const entry of bad) {
      expect(() => emulator.restoreRoom({ version: 1, participants: [], sessions: [entry as never] }), JSON.stringify(entry)).toThrow(TypeError);
    }
    emulator.restoreRoom({ version: 1, participants: [], sessions: [{ ...session, kind: 'dial-in', sipHeaders: { 'X-A': 'b' } }] });
    expect(emulator.sessions).toMatchObject([{ sessionId: 's', kind: 'dial-in', sipHeaders: { 'X-A': 'b' }, state: 'started' }]);
    // a dial-out restored without kind is a dial-out
    emulator.restoreRoom({ version: 1, participants: [], sessions: [{ sessionId: 'o', provider: 'daily', sipCallId: 'd' }] });
    expect(emulator.sessions.map((s) => s.kind)).toEqual(['dial-in', 'dial-out']);
  });
});
