// @vitest-environment jsdom
/**
 * The emulator itself: the bundle, the server, the controller and the
 * scenarios, against the real daily-js 0.92.2.
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import {
  EMULATED_DAILY_JS_VERSIONS,
  EMULATOR_BUNDLE_FILENAME,
  EMULATOR_GLOBAL,
  EMULATOR_PROTOCOL,
  EMULATOR_SCENARIO_NAMES,
  createEmulatorController,
  emulatorBundleInfo,
  emulatorBundleSource,
  installWebRTCShim,
  scenario,
  serveEmulator,
  type EmulatorRegistry,
} from '../../src/testing/index.js';
import { PHONE, ROOM_URL, blockedRequests, nextEvent, settle, useEmulatedCalls } from './harness.js';

const calls = useEmulatedCalls();

describe('the bundle', () => {
  it('is a self-contained script: runs in a bare context with only what daily-js provides', () => {
    const posted: Array<{ message: Record<string, unknown>; origin: string }> = [];
    const listeners: Array<(event: { data: unknown }) => void> = [];
    const fakeWindow: Record<string, unknown> = {
      _daily: { pendings: ['client-1'], instances: { 'client-1': { tracks: {} } } },
      location: { protocol: 'http:', origin: 'http://127.0.0.1:1234' },
      postMessage: (message: Record<string, unknown>, origin: string) => posted.push({ message, origin }),
      addEventListener: (type: string, listener: (event: { data: unknown }) => void) => {
        if (type === 'message') listeners.push(listener);
      },
      removeEventListener: () => undefined,
    };
    // strict mode, `this` undefined, no module scope: exactly how daily-js's loader runs it
    runInNewContext(`Function('"use strict";' + source)()`, { window: fakeWindow, source: emulatorBundleSource });

    const daily = fakeWindow._daily as { pendings: string[]; instances: Record<string, Record<string, unknown>> };
    expect(daily.pendings).toEqual([]);
    const machine = daily.instances['client-1']?.callMachine as { store: { getState(): unknown }; reset(): void };
    expect(machine.store.getState()).toEqual({
      local: { streams: {}, public: { customTracks: {} } },
      streams: {},
      participants: {},
    });
    expect(posted.map((p) => [p.message.action, p.message.from, p.message.callClientId, p.origin])).toEqual([
      ['call-machine-initialized', 'embedded', 'client-1', 'http://127.0.0.1:1234'],
      ['loaded', 'embedded', 'client-1', 'http://127.0.0.1:1234'],
    ]);
    expect(listeners).toHaveLength(1);

    // the constants the bundle repeats as literals agree with protocol.ts
    const registry = fakeWindow[EMULATOR_GLOBAL] as EmulatorRegistry;
    expect(registry.protocol).toBe(EMULATOR_PROTOCOL);
    expect(emulatorBundleInfo(fakeWindow)).toEqual({ protocol: EMULATOR_PROTOCOL, emulates: EMULATED_DAILY_JS_VERSIONS, evaluations: 1 });

    // a request with a callbackStamp is answered; its own messages (from: embedded) are ignored
    listeners[0]?.({ data: { what: 'iframe-call-message', from: 'module', callClientId: 'client-1', action: 'dialout-start', callbackStamp: 7, phoneNumber: PHONE } });
    listeners[0]?.({ data: posted.at(-1)?.message });
    expect(posted).toHaveLength(3);
    expect(posted[2]?.message).toMatchObject({ callbackStamp: 7, session: { sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/) } });
    expect(posted[2]?.message).not.toHaveProperty('action');
    expect(registry.clients['client-1']?.received.map((r) => r.action)).toEqual(['dialout-start']);

    // reset() (join() after leave()) initializes again
    machine.reset();
    expect(posted.at(-1)?.message.action).toBe('call-machine-initialized');
  });

  it('uses "*" as target origin for file: pages, as daily-js does', () => {
    const posted: string[] = [];
    const fakeWindow = {
      _daily: { pendings: ['c'], instances: { c: {} } },
      location: { protocol: 'file:', origin: 'null' },
      postMessage: (_m: unknown, origin: string) => posted.push(origin),
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
    };
    runInNewContext(`Function(source)()`, { window: fakeWindow, source: emulatorBundleSource });
    expect(posted).toEqual(['*', '*']);
  });
});

describe('serveEmulator()', () => {
  it('serves the bundle on 127.0.0.1 with CORS, and nothing else', async () => {
    const server = await serveEmulator();
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const bundle = await fetch(`${server.url}/${EMULATOR_BUNDLE_FILENAME}?v=1`);
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(bundle.headers.get('access-control-allow-origin')).toBe('*');
      expect(await bundle.text()).toBe(emulatorBundleSource);
      expect((await fetch(`${server.url}/audio-processor-bundle.js`)).status).toBe(404);
      expect((await fetch(`${server.url}/${EMULATOR_BUNDLE_FILENAME}`, { method: 'OPTIONS' })).status).toBe(204);
    } finally {
      await server.close();
      await server.close(); // idempotent
    }
    await expect(fetch(`${server.url}/${EMULATOR_BUNDLE_FILENAME}`)).rejects.toThrow();
  });

  it('refuses a bad port', async () => {
    await expect(serveEmulator({ port: -1 })).rejects.toThrow(TypeError);
  });
});

describe('the controller on a real call object', () => {
  it('before join(): scripts are kept, emit() explains that the bundle is not loaded yet', async () => {
    const { call, emulator } = calls.create();
    expect(emulator.attached).toBe(false);
    expect(() => emulator.emit('dialout-connected', { sessionId: 's' })).toThrow(/call join\(\) first/);
    expect(() => createEmulatorController(call)).toThrow(/another controller/);

    emulator.failNext('join-meeting', 'not-allowed-by-test');
    await expect(call.join({ url: ROOM_URL })).rejects.toBe('not-allowed-by-test');
    expect(call.meetingState()).toBe('left-meeting');
    expect(emulator.attached).toBe(true);
    expect(emulator.joined).toBe(false);
    expect(emulator.dailyJsVersion).toMatch(/^0\.92\./);
  });

  it('received lists every request in order, with the answer given', async () => {
    const { call, emulator } = calls.create();
    await call.join({ url: ROOM_URL, userName: 'Tester' });
    expect(call.participants().local).toMatchObject({ local: true, user_name: 'Tester' });
    await call.startDialOut({ phoneNumber: PHONE });
    await call.leave();

    expect(emulator.received.map((r) => [r.seq, r.action, r.expectsAnswer, r.answer?.kind])).toEqual([
      [1, 'join-meeting', true, 'reply'],
      [2, 'transmit-log', false, 'none'],
      [3, 'dialout-start', true, 'reply'],
      [4, 'leave-meeting', false, 'event'],
    ]);
    const join = emulator.received[0];
    expect(join?.payload).toMatchObject({ properties: { url: ROOM_URL, userName: 'Tester', dailyJsVersion: emulator.dailyJsVersion } });
  });

  it('answers an unknown request that expects an answer at once, with an error naming it', async () => {
    const { call, emulator } = calls.create();
    await call.join({ url: ROOM_URL });

    // daily-js's getNetworkTopology() rejects with { error: <the reply's error> }
    const refused = (await call.getNetworkTopology().catch((reason: unknown) => reason)) as { error: Error };
    expect(refused.error).toBeInstanceOf(Error);
    expect(refused.error.message).toMatch(/no answer for the call-machine request "get-network-topology".*respond\("get-network-topology"/);

    emulator.respond('get-network-topology', () => ({ reply: { topology: 'sfu' } }));
    await expect(call.getNetworkTopology()).resolves.toEqual({ topology: 'sfu' });
  });

  it('respond(): async answers, held answers, thrown errors, and removal', async () => {
    const { call, emulator } = calls.create();
    await call.join({ url: ROOM_URL });

    emulator.respond('dialout-start', async () => {
      await Promise.resolve();
      return { reply: { session: { sessionId: 'chosen-id' } } };
    });
    await expect(call.startDialOut({ phoneNumber: PHONE })).resolves.toMatchObject({ session: { sessionId: 'chosen-id' } });
    expect(emulator.sessions.map((s) => s.sessionId)).toEqual(['chosen-id']);

    emulator.respond('dialout-start', () => 'hold');
    const held = call.startDialOut({ phoneNumber: PHONE });
    const request = await emulator.waitFor('dialout-start', { timeoutMs: Infinity });
    const again = await emulator.waitFor('dialout-start');
    expect([request.answer, again.answer]).toEqual([{ kind: 'reply', value: { session: { sessionId: 'chosen-id' } } }, undefined]);
    expect(() => emulator.answer(again, 'hold')).toThrow(/not an answer/);
    emulator.answer(again, { error: 'LATE_FAILURE' });
    await expect(held).rejects.toBe('LATE_FAILURE');
    expect(() => emulator.answer(again, 'default')).toThrow(/already answered/);

    emulator.respond('dialout-start', () => {
      throw new Error('script bug');
    });
    await expect(call.startDialOut({ phoneNumber: PHONE })).rejects.toThrow('script bug');
    emulator.respond('dialout-start', () => Promise.reject(new Error('async script bug')));
    await expect(call.startDialOut({ phoneNumber: PHONE })).rejects.toThrow('async script bug');

    emulator.respond('dialout-start', null);
    await expect(call.startDialOut({ phoneNumber: PHONE })).resolves.toMatchObject({ session: { sessionId: expect.any(String) } });
    expect(() => emulator.respond('dialout-start', 'nope' as never)).toThrow(TypeError);
  });

  it('failNext() queues, applies only to requests that expect an answer, and wins over scenarios', async () => {
    const { call, emulator } = calls.create();
    await call.join({ url: ROOM_URL });
    emulator.play(scenario('answer')).failNext('dialout-start', 'FIRST').failNext('dialout-start', 'SECOND');

    await expect(call.startDialOut({ phoneNumber: PHONE })).rejects.toBe('FIRST');
    await expect(call.startDialOut({ phoneNumber: PHONE })).rejects.toBe('SECOND');
    const connected = nextEvent(call, 'dialout-connected');
    const third = await call.startDialOut({ phoneNumber: PHONE });
    expect(await connected).toMatchObject({ sessionId: (third as { session: { sessionId: string } }).session.sessionId });

    emulator.failNext('leave-meeting', 'ignored: leave-meeting expects no answer');
    await call.leave();
    expect(call.meetingState()).toBe('left-meeting');
  });

  it('emit() fills in Daily fields for its own sessions; emitRaw() posts as given', async () => {
    const { call, emulator } = calls.create();
    await call.join({ url: ROOM_URL });
    const started = (await call.startDialOut({ phoneNumber: PHONE, userId: 'agent-7', callerId: '+15555550199' })) as {
      session: { sessionId: string };
    };
    const sessionId = started.session.sessionId;
    const [session] = emulator.sessions;

    const answered = nextEvent(call, 'dialout-answered');
    emulator.emit('dialout-answered', { sessionId });
    expect(await answered).toEqual({
      action: 'dialout-answered',
      callClientId: call.callClientId,
      sessionId,
      provider: 'signalwire',
      sipCallId: session?.sipCallId,
      destination: PHONE,
      userId: 'agent-7',
      callerId: '+15555550199',
    });

    const raw = nextEvent(call, 'dialout-answered');
    emulator.emitRaw('dialout-answered', { sessionId });
    expect(await raw).toEqual({ action: 'dialout-answered', callClientId: call.callClientId, sessionId });

    // the default stop reply is followed by dialout-stopped with the same fields
    const stopped = nextEvent(call, 'dialout-stopped');
    await call.stopDialOut({ sessionId });
    expect(await stopped).toMatchObject({ sessionId, provider: 'signalwire', destination: PHONE, sipCallId: session?.sipCallId });
    expect(emulator.sessions[0]?.state).toBe('ended');
  });

  it('participant-joined / participant-left reach daily-js', async () => {
    const { call, emulator } = calls.create();
    await call.join({ url: ROOM_URL });

    const joined = nextEvent(call, 'participant-joined');
    emulator.emit('participant-joined', { participant: { session_id: 'dialed-1', user_name: 'PSTN', local: false } });
    expect(await joined).toMatchObject({ participant: { session_id: 'dialed-1', user_name: 'PSTN', tracks: {} } });
    expect(Object.keys(call.participants())).toEqual(['local', 'dialed-1']);

    const left = nextEvent(call, 'participant-left');
    emulator.emit('participant-left', { participant: { session_id: 'dialed-1' } });
    await left;
    expect(Object.keys(call.participants())).toEqual(['local']);
    expect(() => emulator.emit('participant-joined', { participant: {} as never })).toThrow(/session_id/);
  });

  it('fatal(): daily-js ends the meeting in error, without contacting its crash service', async () => {
    const { call, emulator } = calls.create();
    await call.join({ url: ROOM_URL });
    expect(() => emulator.fatal('connection-error' as never, 'x')).toThrow(/crash service/);
    expect(() => emulator.fatal('no-room' as never, 'x')).toThrow(/crash service/);

    const error = nextEvent(call, 'error');
    emulator.fatal('ejected', 'Removed by the test');
    expect(await error).toMatchObject({ action: 'error', errorMsg: 'Removed by the test', error: { type: 'ejected', msg: 'Removed by the test' } });
    expect(call.meetingState()).toBe('error');
    expect(emulator.joined).toBe(false);
    await settle();
    expect(blockedRequests).toEqual([]);
  });

  it('join() after leave(): daily-js reuses the loaded bundle (reset), dial-out works again', async () => {
    const { call, emulator } = calls.create();
    await call.join({ url: ROOM_URL });
    await call.leave();
    await call.join({ url: ROOM_URL });

    expect(call.meetingState()).toBe('joined-meeting');
    expect(emulator.received.filter((r) => r.action === 'join-meeting')).toHaveLength(2);
    expect(emulatorBundleInfo()?.evaluations).toBeGreaterThanOrEqual(1);
    const record = (window as unknown as Record<string, EmulatorRegistry>)[EMULATOR_GLOBAL]?.clients[call.callClientId];
    expect(record?.initializations).toBe(2);
    await expect(call.startDialOut({ phoneNumber: PHONE })).resolves.toMatchObject({ session: { sessionId: expect.any(String) } });
  });

  it('waitFor(): claims requests in order, explains a timeout, and rejects on dispose', async () => {
    const { call, emulator } = calls.create();
    await call.join({ url: ROOM_URL });
    await call.startDialOut({ phoneNumber: PHONE });
    await call.startDialOut({ phoneNumber: '+15555550101' });

    expect((await emulator.waitFor('dialout-start')).payload.phoneNumber).toBe(PHONE);
    expect((await emulator.waitFor('dialout-start')).payload.phoneNumber).toBe('+15555550101');
    await expect(emulator.waitFor('dialout-start', { timeoutMs: 0 })).rejects.toThrow(
      /request #3 of that action did not arrive within 0 ms; .* received: join-meeting, transmit-log, dialout-start, dialout-start/,
    );
    const pending = emulator.waitFor('send-dtmf', { timeoutMs: Infinity });
    emulator.dispose();
    await expect(pending).rejects.toThrow(/disposed/);
    expect(() => emulator.failNext('dialout-start', 'x')).toThrow(/disposed/);
    // once disposed, the bundle answers with its defaults and a new controller may take over
    await expect(call.startDialOut({ phoneNumber: PHONE })).resolves.toBeDefined();
    const next = createEmulatorController(call);
    expect(next.received.map((r) => r.action)).toContain('dialout-start');
    next.dispose();
  });

  it('scenarios stop on a local stop; hand-made events are posted as they are', async () => {
    const { call, emulator } = calls.create();
    await call.join({ url: ROOM_URL });
    emulator.play(scenario('answer', { ringMs: 60_000 }));
    const answered = vi.fn();
    call.on('dialout-answered', answered);

    const started = (await call.startDialOut({ phoneNumber: PHONE })) as { session: { sessionId: string } };
    await call.stopDialOut({ sessionId: started.session.sessionId });
    await settle();

    expect(answered).not.toHaveBeenCalled(); // the 60 s timer was cancelled (else this test would hang on teardown)
    emulator.play(null);
    await call.startDialOut({ phoneNumber: PHONE });
    expect(emulator.sessions).toHaveLength(2);
  });
});

describe('scenario()', () => {
  it('makes frozen data for every name, each answering dialout-start at most once', () => {
    for (const name of EMULATOR_SCENARIO_NAMES) {
      const made = name === 'hangup-after' ? scenario(name, { ms: 10 }) : name === 'reject' ? scenario(name, { code: 'NOT_ALLOWED' }) : scenario(name);
      expect(made.name).toBe(name);
      expect(Object.isFrozen(made) && Object.isFrozen(made.steps)).toBe(true);
      expect(made.steps.filter((s) => 'reply' in s).length).toBe(1);
    }
    expect(scenario('answer', { ringMs: 800, talkMs: 3000 }).steps).toEqual([
      { afterMs: 0, reply: 'session' },
      { afterMs: 0, event: 'dialout-connected' },
      { afterMs: 800, event: 'dialout-answered' },
      { afterMs: 3000, event: 'dialout-stopped' },
    ]);
    expect(scenario('reject', { code: 'DIALOUT_IN_PROGRESS' }).steps).toEqual([{ afterMs: 0, reply: { error: 'DIALOUT_IN_PROGRESS' } }]);
  });

  it('refuses bad input', () => {
    expect(() => (scenario as (name: string) => unknown)('nope')).toThrow(/unknown scenario 'nope'/);
    expect(() => scenario('answer', { ringMs: -1 })).toThrow(/ringMs/);
    expect(() => scenario('hangup-after', {} as never)).toThrow(/ms is required/);
    expect(() => scenario('reject', { code: '' })).toThrow(/code/);
    const { emulator } = calls.create();
    expect(() => emulator.play({ name: 'x', steps: [{ afterMs: 0, reply: 'session' }, { afterMs: 0, reply: 'empty' }] })).toThrow(/more than once/);
    expect(() => emulator.play({ name: 'x', steps: [{ afterMs: -5, event: 'dialout-connected' }] })).toThrow(/afterMs/);
  });
});

describe('installWebRTCShim()', () => {
  it('installs only what is missing, and restores it', () => {
    const target: Record<string, unknown> = { navigator: { userAgent: 'Mozilla/5.0 (linux) AppleWebKit/537.36 (KHTML, like Gecko) jsdom/29.1.1' } };
    const uninstall = installWebRTCShim(target);
    const nav = target.navigator as Record<string, unknown> & { mediaDevices: Record<string, unknown> };
    expect(nav.userAgent).toMatch(/Chrome\/\d+/);
    expect(nav.mediaDevices.ondevicechange).toBeNull();
    expect(typeof nav.mediaDevices.getUserMedia).toBe('function');
    expect(typeof target.MediaStreamTrack).toBe('function');
    uninstall();
    expect(nav.userAgent).toMatch(/jsdom/);
    expect(nav.mediaDevices).toBeUndefined();
    expect(target.MediaStreamTrack).toBeUndefined();
    expect(() => installWebRTCShim({})).toThrow(/no navigator/);
  });
});
