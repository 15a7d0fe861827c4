// @vitest-environment jsdom
/**
 * The bundle function called directly (not through its source text), driven
 * with the messages daily-js 0.92.2 sends, so that what it answers is checked
 * message by message (and measured by coverage, which cannot see code run from
 * the source text).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { callMachineEmulatorBundle } from '../../src/testing/emulator/bundle.js';
import {
  EMULATOR_GLOBAL,
  ensureClientRecord,
  type EmulatorClientRecord,
  type EmulatorRegistry,
} from '../../src/testing/emulator/protocol.js';

type Message = Record<string, unknown>;
type Win = Record<string, unknown>;

const win = window as unknown as Win;
let outgoing: Message[] = [];
let stamp = 0;

function collect(event: MessageEvent): void {
  const data = event.data as Message | undefined;
  if (data && data.what === 'iframe-call-message' && data.from === 'embedded') outgoing.push(data);
}

function registry(): EmulatorRegistry {
  return win[EMULATOR_GLOBAL] as EmulatorRegistry;
}

function record(id = 'c1'): EmulatorClientRecord {
  const r = registry().clients[id];
  if (!r) throw new Error(`no record for ${id}`);
  return r;
}

/** Posts what daily-js's sendMessageToCallMachine posts; `expectAnswer` adds a callbackStamp. */
function fromDailyJs(action: string, payload: Message = {}, expectAnswer = true, id = 'c1'): number | undefined {
  const callbackStamp = expectAnswer ? ++stamp : undefined;
  window.postMessage(
    { ...payload, action, what: 'iframe-call-message', from: 'module', callClientId: id, ...(callbackStamp ? { callbackStamp } : {}) },
    window.location.origin,
  );
  return callbackStamp;
}

async function delivered(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

beforeEach(() => {
  outgoing = [];
  win._daily = { pendings: ['c1'], instances: { c1: { tracks: {} } } };
  window.addEventListener('message', collect);
});

afterEach(() => {
  window.removeEventListener('message', collect);
  const bundle = registry()?.bundle;
  if (bundle) window.removeEventListener('message', bundle.listener);
  delete win[EMULATOR_GLOBAL];
  delete win._daily;
  vi.unstubAllGlobals();
});

describe('callMachineEmulatorBundle()', () => {
  it('makes client records of the same shape as the controller side (the bundle keeps its own copy, being self-contained)', async () => {
    win._daily = { pendings: ['fresh'], instances: { fresh: { tracks: {} } } };
    callMachineEmulatorBundle();
    await delivered();
    const fromBundle = registry().clients.fresh;
    const fromController = ensureClientRecord({ clients: {} } as unknown as EmulatorRegistry, 'fresh');
    expect(fromBundle && Object.keys(fromBundle).sort()).toEqual(Object.keys(fromController).sort());
  });

  it('attaches to pending call clients and initializes them', async () => {
    callMachineEmulatorBundle();
    await delivered();

    expect((win._daily as { pendings: string[] }).pendings).toEqual([]);
    expect(outgoing.map((m) => [m.action, m.callClientId])).toEqual([
      ['call-machine-initialized', 'c1'],
      ['loaded', 'c1'],
    ]);
    expect(record()).toMatchObject({ attached: true, initializations: 1, joined: false });
  });

  it('answers join, dial-out, DTMF and leave with its defaults', async () => {
    callMachineEmulatorBundle();
    await delivered();
    outgoing = [];

    const join = fromDailyJs('join-meeting', { properties: { userName: 'Ann', dailyJsVersion: '0.92.2' } });
    fromDailyJs('transmit-log', { level: 'log' }, false);
    const start = fromDailyJs('dialout-start', { sipUri: 'sip:bob@example.com', provider: 'daily', userId: 'u1' });
    await delivered();
    const sessionId = (outgoing.find((m) => m.callbackStamp === start)?.session as { sessionId: string }).sessionId;
    const stop = fromDailyJs('dialout-stop', { sessionId });
    const dtmf = fromDailyJs('send-dtmf', { sessionId, tones: '1' });
    fromDailyJs('leave-meeting', {}, false);
    await delivered();

    const joined = outgoing.find((m) => m.callbackStamp === join);
    expect(joined).toMatchObject({ action: 'joined-meeting', participants: { local: { local: true, user_name: 'Ann', tracks: {} } } });
    expect(record().dailyJsVersion).toBe('0.92.2');
    expect(outgoing.find((m) => m.callbackStamp === stop)).not.toHaveProperty('action');
    expect(outgoing.find((m) => m.action === 'dialout-stopped')).toMatchObject({
      sessionId,
      provider: 'daily',
      destination: 'sip:bob@example.com',
      userId: 'u1',
    });
    expect(outgoing.find((m) => m.callbackStamp === dtmf)).toBeDefined();
    expect(outgoing.at(-1)).toMatchObject({ action: 'left-meeting' });
    expect(record().received.map((r) => `${r.action}:${r.answer?.kind}`)).toEqual([
      'join-meeting:reply',
      'transmit-log:none',
      'dialout-start:reply',
      'dialout-stop:reply',
      'send-dtmf:reply',
      'leave-meeting:event',
    ]);
    expect(record().sessions[sessionId]?.state).toBe('ended');
    expect(record().joined).toBe(false);
  });

  it('answers sip-call-transfer (sipCallTransfer and sipRefer alike) with {}', async () => {
    callMachineEmulatorBundle();
    await delivered();
    outgoing = [];
    const transfer = fromDailyJs('sip-call-transfer', { sessionId: 's', toEndPoint: '+15555550123', useSipRefer: false });
    const refer = fromDailyJs('sip-call-transfer', { sessionId: 's', toEndPoint: 'sip:x@example.com', useSipRefer: true });
    await delivered();

    for (const stamp of [transfer, refer]) {
      const reply = outgoing.find((m) => m.callbackStamp === stamp);
      expect(reply).toBeDefined();
      expect(reply).not.toHaveProperty('action');
      expect(reply).not.toHaveProperty('error');
    }
    expect(record().received.map((r) => [r.payload.useSipRefer, r.answer])).toEqual([
      [false, { kind: 'reply', value: {} }],
      [true, { kind: 'reply', value: {} }],
    ]);
  });

  it("puts an answered dial-out's phone leg in the room while joined, and takes it out when the dial-out ends", async () => {
    callMachineEmulatorBundle();
    await delivered();
    fromDailyJs('join-meeting', { properties: {} });
    const start = fromDailyJs('dialout-start', { sipUri: 'sip:bob@example.com', displayName: 'Bob', userId: 'u-bob' });
    await delivered();
    const sessionId = (outgoing.find((m) => m.callbackStamp === start)?.session as { sessionId: string }).sessionId;
    expect(record().sessions[sessionId]?.displayName).toBe('Bob');
    outgoing = [];

    record().send?.('dialout-answered', { sessionId }, false); // not filled: only posted
    record().send?.('dialout-answered', { sessionId }, true);
    record().send?.('dialout-answered', { sessionId }, true); // already in the room
    await delivered();
    const leg = {
      session_id: sessionId,
      user_id: 'u-bob',
      user_name: 'Bob',
      participantType: 'sip-dial-out',
      local: false,
      owner: false,
      tracks: { audio: { subscribed: true, state: 'playable' } },
    };
    expect(outgoing.map((m) => m.action)).toEqual(['dialout-answered', 'dialout-answered', 'participant-joined', 'dialout-answered']);
    expect(outgoing[2]?.participant).toEqual(leg);
    expect(outgoing[2]?.participant).not.toBe(record().participants[sessionId]); // a fresh copy is posted
    expect(record().participants[sessionId]).toEqual(leg);

    // a later default joined-meeting (join after leave) has it
    fromDailyJs('join-meeting', { properties: {} });
    await delivered();
    expect((outgoing.at(-1)?.participants as Record<string, unknown>)[sessionId]).toEqual(leg);

    outgoing = [];
    fromDailyJs('dialout-stop', { sessionId });
    await delivered();
    expect(outgoing.map((m) => m.action)).toEqual([undefined, 'dialout-stopped', 'participant-left']);
    expect(outgoing[2]?.participant).toEqual(leg);
    expect(record().participants).toEqual({});
  });

  it('no phone leg when switched off, when not joined, or for an ended dial-out; a dialout-error takes it out', async () => {
    callMachineEmulatorBundle();
    await delivered();
    const startBeforeJoin = fromDailyJs('dialout-start', { phoneNumber: '+15555550100' });
    await delivered();
    const early = (outgoing.find((m) => m.callbackStamp === startBeforeJoin)?.session as { sessionId: string }).sessionId;
    record().send?.('dialout-answered', { sessionId: early }, true); // not joined
    fromDailyJs('join-meeting', { properties: {} });
    const a = fromDailyJs('dialout-start', { phoneNumber: '+15555550101' });
    const b = fromDailyJs('dialout-start', { phoneNumber: '+15555550102' });
    await delivered();
    const [first, second] = [a, b].map((stamp) => (outgoing.find((m) => m.callbackStamp === stamp)?.session as { sessionId: string }).sessionId);
    if (!first || !second) throw new Error('no sessions');
    outgoing = [];

    record().phoneLegs = false;
    record().send?.('dialout-answered', { sessionId: first }, true);
    record().phoneLegs = true;
    record().send?.('dialout-stopped', { sessionId: first }, true);
    record().send?.('dialout-answered', { sessionId: first }, true); // ended: no leg
    record().send?.('dialout-answered', { sessionId: second }, true);
    record().send?.('dialout-error', { sessionId: second, errorMsg: 'gone' }, true);
    await delivered();

    expect(outgoing.map((m) => m.action)).toEqual([
      'dialout-answered',
      'dialout-stopped',
      'dialout-answered',
      'dialout-answered',
      'participant-joined',
      'dialout-error',
      'participant-left',
    ]);
    expect(outgoing[4]?.participant).toMatchObject({ session_id: second, user_id: second, user_name: '', participantType: 'pstn-dial-out' });
    expect(record().participants).toEqual({});
  });

  it('posts copies of participants given to send() (daily-js writes into what it gets in jsdom)', async () => {
    callMachineEmulatorBundle();
    await delivered();
    outgoing = [];
    const participant = { session_id: 'p', tracks: { audio: { state: 'playable' } }, list: [{ a: 1 }], when: new Date(0) };
    record().send?.('participant-joined', { participant }, true);
    await delivered();
    const posted = outgoing[0]?.participant as typeof participant;
    expect(posted).toEqual(participant);
    expect(posted).not.toBe(participant);
    expect(posted.tracks.audio).not.toBe(participant.tracks.audio);
    expect(posted.list[0]).not.toBe(participant.list[0]);
    expect(posted.when).toBe(participant.when); // not a plain object: kept
  });

  it('fails unknown requests that expect an answer, and only records the others', async () => {
    callMachineEmulatorBundle();
    const asked = fromDailyJs('get-meeting-session');
    fromDailyJs('app-msg', { data: 1 }, false);
    await delivered();

    const reply = outgoing.find((m) => m.callbackStamp === asked);
    expect(reply?.error).toBeInstanceOf(Error);
    expect(String((reply?.error as Error).message)).toMatch(/no answer for the call-machine request "get-meeting-session"/);
    expect(record().received.map((r) => r.answer?.kind)).toEqual(['error', 'none']);
  });

  it('ignores its own messages, other call clients, frames, and malformed messages', async () => {
    callMachineEmulatorBundle();
    await delivered();
    window.postMessage({ what: 'iframe-call-message', from: 'embedded', callClientId: 'c1', action: 'dialout-start' }, '*');
    window.postMessage({ what: 'iframe-call-message', from: 'module', callClientId: 'other', action: 'dialout-start' }, '*');
    window.postMessage({ what: 'iframe-call-message', from: 'module', callClientId: 'c1', action: 'x', callFrameId: 'f' }, '*');
    window.postMessage({ what: 'iframe-call-message', from: 'module', callClientId: 'c1', action: '' }, '*');
    window.postMessage({ what: 'something-else', from: 'module', callClientId: 'c1', action: 'x' }, '*');
    window.postMessage('a string', '*');
    await delivered();
    expect(record().received).toEqual([]);
  });

  it('notices a destroyed instance: nothing more is answered or posted', async () => {
    callMachineEmulatorBundle();
    await delivered();
    outgoing = [];
    delete (win._daily as { instances: Record<string, unknown> }).instances.c1;

    fromDailyJs('dialout-start', { phoneNumber: '+15555550100' });
    await delivered();

    expect(record().destroyed).toBe(true);
    expect(record().received).toEqual([]);
    expect(record().send?.('dialout-connected', {}, true)).toBeUndefined();
    expect(outgoing).toEqual([]);
  });

  it('asks the handler first; a handler that throws rejects the request', async () => {
    callMachineEmulatorBundle();
    const held: string[] = [];
    record().handler = (request) => {
      if (request.action === 'dialout-start') {
        held.push(request.action);
        return true; // answered later
      }
      if (request.action === 'send-dtmf') throw new Error('handler bug');
      return false;
    };
    const start = fromDailyJs('dialout-start', { phoneNumber: '+15555550100' });
    await delivered();
    // the throwing handler: dispatched by hand, with setTimeout captured, to see the error reported
    const scheduled: Array<() => void> = [];
    vi.stubGlobal('setTimeout', (fn: () => void) => scheduled.push(fn));
    registry().bundle?.listener({
      data: { what: 'iframe-call-message', from: 'module', callClientId: 'c1', action: 'send-dtmf', callbackStamp: 99, tones: '1' },
    } as MessageEvent);
    vi.unstubAllGlobals();
    const thrown: unknown[] = [];
    for (const fn of scheduled) {
      try {
        fn(); // jsdom's postMessage delivery, and the bundle's report of the error
      } catch (error) {
        thrown.push(error);
      }
    }
    const dtmf = 99;
    expect(thrown).toEqual([expect.objectContaining({ message: 'handler bug' })]);

    expect(held).toEqual(['dialout-start']);
    expect(outgoing.some((m) => m.callbackStamp === start)).toBe(false);
    expect((outgoing.find((m) => m.callbackStamp === dtmf)?.error as Error).message).toBe('handler bug');

    const request = record().received[0];
    if (!request) throw new Error('no request');
    record().answer?.(request, { kind: 'reply', payload: { session: { sessionId: 'late' } } });
    expect(() => record().answer?.(request, { kind: 'none' })).toThrow(/already answered/);
    await delivered();
    expect(outgoing.find((m) => m.callbackStamp === start)).toMatchObject({ session: { sessionId: 'late' } });
    expect(Object.keys(record().sessions)).toEqual(['late']);
  });

  it('answers: error and none on requests without a stamp, replies without a stamp become events', async () => {
    callMachineEmulatorBundle();
    record().handler = () => true;
    fromDailyJs('leave-meeting', {}, false);
    fromDailyJs('leave-meeting', {}, false);
    fromDailyJs('leave-meeting', {}, false);
    fromDailyJs('dialout-start', { phoneNumber: '+15555550100' });
    await delivered();
    const [a, b, c, d] = record().received;
    if (!a || !b || !c || !d) throw new Error('missing requests');
    outgoing = [];

    record().answer?.(a, { kind: 'error', error: 'x' });
    record().answer?.(b, { kind: 'reply', payload: { no: 'action' } });
    record().answer?.(c, { kind: 'reply', payload: { action: 'left-meeting' } });
    record().answer?.(d, { kind: 'none' });
    await delivered();

    expect([a.answer, b.answer, c.answer?.kind, d.answer]).toEqual([{ kind: 'none' }, { kind: 'none' }, 'event', { kind: 'none' }]);
    expect(outgoing.map((m) => m.action)).toEqual(['left-meeting']);
  });

  it('send(): fills dial-out fields only for known sessions and tracks, and only when asked', async () => {
    callMachineEmulatorBundle();
    await delivered();
    outgoing = [];
    record().handler = () => true;
    fromDailyJs('dialout-start', { phoneNumber: '+15555550100', callerId: '+15555550199' });
    await delivered();
    const request = record().received[0];
    if (!request) throw new Error('no request');
    const session = record().openSession?.(request, 'S');
    expect(record().openSession?.(request, 'S')).toBe(session); // idempotent

    record().send?.('dialout-error', { sessionId: 'S', errorMsg: 'e' }, true);
    record().send?.('dialout-answered', { sessionId: 'S' }, false);
    record().send?.('dialout-answered', { sessionId: 'unknown' }, true);
    record().send?.('participant-joined', { participant: { session_id: 'p' } }, true);
    record().send?.('participant-updated', { participant: { session_id: 'p', tracks: { audio: {} } } }, true);
    record().send?.('error', { errorMsg: 'fatal' }, false);
    await delivered();

    const strip = (m: Message) => {
      const { what: _w, from: _f, callClientId: _c, ...rest } = m;
      return rest;
    };
    expect(outgoing.map(strip)).toEqual([
      { action: 'dialout-error', sessionId: 'S', errorMsg: 'e', provider: 'signalwire', sipCallId: session?.sipCallId },
      { action: 'dialout-answered', sessionId: 'S' },
      { action: 'dialout-answered', sessionId: 'unknown' },
      { action: 'participant-joined', participant: { session_id: 'p', tracks: {} } },
      { action: 'participant-updated', participant: { session_id: 'p', tracks: { audio: {} } } },
      { action: 'error', errorMsg: 'fatal' },
    ]);
    expect(session?.state).toBe('ended');
  });

  it('answers dialin-start with {} then dialin-ready for its endpoint (else the room default), kept in dialInEndpoints', async () => {
    callMachineEmulatorBundle();
    await delivered();
    fromDailyJs('join-meeting', { properties: { url: 'https://example.daily.co/front-desk?t=1' } });
    await delivered();
    outgoing = [];
    const own = fromDailyJs('dialin-start', { sipMode: 'dial-in', displayName: 'Desk', sipEndpoint: 'sip:desk@example.com', provider: 'signalwire' });
    const plain = fromDailyJs('dialin-start', { sipMode: 'dial-in', displayName: 'Desk' });
    const again = fromDailyJs('dialin-start', { sipMode: 'dial-in', displayName: 'Desk', sipEndpoint: 'sip:desk@example.com', provider: 'daily' });
    await delivered();

    const strip = (m: Message) => {
      const { what: _w, from: _f, callClientId: _c, ...rest } = m;
      return rest;
    };
    expect(outgoing.map(strip)).toEqual([
      { callbackStamp: own },
      { action: 'dialin-ready', sipEndpoint: 'sip:desk@example.com', provider: 'signalwire' },
      { callbackStamp: plain },
      { action: 'dialin-ready', sipEndpoint: 'sip:front-desk@sip.daily.co', provider: 'daily' },
      { callbackStamp: again },
      { action: 'dialin-ready', sipEndpoint: 'sip:desk@example.com', provider: 'daily' },
    ]);
    expect(record().received.filter((r) => r.action === 'dialin-start').map((r) => r.answer)).toEqual([
      { kind: 'reply', value: {} },
      { kind: 'reply', value: {} },
      { kind: 'reply', value: {} },
    ]);
    // one entry per endpoint, the latest provider
    expect(record().dialInEndpoints).toEqual([
      { sipEndpoint: 'sip:desk@example.com', provider: 'daily' },
      { sipEndpoint: 'sip:front-desk@sip.daily.co', provider: 'daily' },
    ]);
  });

  it('send(): fills dialin-* only for dial-ins (and dialout-* only for dial-outs); a dial-in ending takes its caller out', async () => {
    callMachineEmulatorBundle();
    await delivered();
    fromDailyJs('join-meeting', { properties: {} });
    await delivered();
    outgoing = [];
    const r = record();
    r.sessions.IN = {
      sessionId: 'IN',
      kind: 'dial-in',
      requestSeq: 0,
      provider: 'daily',
      sipCallId: 'call-in',
      destination: undefined,
      userId: 'u9',
      callerId: undefined,
      sipFrom: '+15555550142',
      sipEndpoint: 'sip:room@sip.daily.co',
      sipHeaders: { 'X-Hdr': 'v' },
      actionTraceId: 'trace-in',
      state: 'started',
    };
    r.participants.IN = { session_id: 'IN', participantType: 'pstn-dial-in', tracks: {} };
    r.participants.OTHER = { session_id: 'OTHER', participantType: 'sip-dial-out', tracks: {} };

    r.send?.('dialout-stopped', { sessionId: 'IN' }, true); // another direction: as given, ends nothing
    r.send?.('dialin-warning', { sessionId: 'IN', errorMsg: 'w' }, true);
    r.send?.('dialin-error', { sessionId: 'IN', errorMsg: 'e' }, true);
    r.send?.('dialin-stopped', { sessionId: 'IN' }, true); // already ended: filled, nobody left to leave
    r.send?.('dialin-stopped', { sessionId: 'OTHER' }, true); // no session: as given
    await delivered();

    const strip = (m: Message) => {
      const { what: _w, from: _f, callClientId: _c, ...rest } = m;
      return rest;
    };
    const base = { provider: 'daily', sipCallId: 'call-in', userId: 'u9', actionTraceId: 'trace-in' };
    const full = { ...base, sipFrom: '+15555550142', sipEndpoint: 'sip:room@sip.daily.co' };
    expect(outgoing.map(strip)).toEqual([
      { action: 'dialout-stopped', sessionId: 'IN' },
      { action: 'dialin-warning', sessionId: 'IN', errorMsg: 'w', ...full },
      { action: 'dialin-error', sessionId: 'IN', errorMsg: 'e', ...base },
      { action: 'participant-left', participant: { session_id: 'IN', participantType: 'pstn-dial-in', tracks: {} } },
      { action: 'dialin-stopped', sessionId: 'IN', ...full, sipHeaders: { 'X-Hdr': 'v' } },
      { action: 'dialin-stopped', sessionId: 'OTHER' },
    ]);
    expect(r.sessions.IN?.state).toBe('ended');
    expect(Object.keys(r.participants)).toEqual(['OTHER']);
    // a fresh copy of the headers each time: daily-js may write into what it gets
    expect(outgoing[4]?.sipHeaders).not.toBe(r.sessions.IN?.sipHeaders);
  });

  it('reset() re-initializes; a second evaluation replaces the listener and keeps the records', async () => {
    callMachineEmulatorBundle();
    await delivered();
    const machine = (win._daily as { instances: { c1: { callMachine: { reset(): void } } } }).instances.c1.callMachine;
    outgoing = [];
    machine.reset();
    await delivered();
    expect(outgoing.map((m) => m.action)).toEqual(['call-machine-initialized']);
    expect(record().initializations).toBe(2);

    const first = registry().bundle?.listener;
    (win._daily as { pendings: string[]; instances: Record<string, unknown> }).pendings.push('c2', 'gone');
    (win._daily as { instances: Record<string, unknown> }).instances.c2 = {};
    callMachineEmulatorBundle();
    expect(registry().bundle?.evaluations).toBe(2);
    expect(registry().bundle?.listener).not.toBe(first);
    expect(record('c2').attached).toBe(true);
    expect(registry().clients.gone).toBeUndefined();
    fromDailyJs('dialout-start', { phoneNumber: '+15555550100' });
    await delivered();
    expect(record().received).toHaveLength(1); // one listener: answered once
  });

  it('makes UUIDs without crypto.randomUUID, and uses "*" without a location', async () => {
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array) => bytes.fill(0xab) });
    callMachineEmulatorBundle();
    fromDailyJs('dialout-start', { phoneNumber: '+15555550100' });
    await delivered();
    expect(Object.keys(record().sessions)).toEqual(['abababab-abab-4bab-abab-abababababab']);

    vi.stubGlobal('crypto', undefined);
    fromDailyJs('dialout-start', { phoneNumber: '+15555550100' });
    await delivered();
    expect(Object.keys(record().sessions)[1]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('does nothing but install its listener when daily-js is not there', () => {
    delete win._daily;
    callMachineEmulatorBundle();
    expect(registry().bundle?.evaluations).toBe(1);
    expect(registry().clients).toEqual({});
  });
});
