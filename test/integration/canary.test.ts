// @vitest-environment jsdom
/**
 * The canary: checks, one by one, every private detail of daily-js the
 * emulator relies on (protocol notes §7), against the installed
 * `@daily-co/daily-js`. When one breaks, this single test fails with a message
 * naming the installed daily-js version and the broken assumption, so that a
 * daily-js upgrade is caught at once.
 */
import type { DailyCall } from '@daily-co/daily-js';
import { expect, it } from 'vitest';
import { EMULATED_DAILY_JS_VERSIONS, emulatorBundleInfo, type EmulatorRequest } from '../../src/testing/index.js';
import { Daily, PHONE, ROOM_URL, nextEvent, useEmulatedCalls } from './harness.js';

const calls = useEmulatedCalls();

/** How long one step may take before it counts as "never" (daily-js itself has no timeouts). */
const STEP_LIMIT_MS = 3000;

function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${STEP_LIMIT_MS} ms`)), STEP_LIMIT_MS);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

type DailyGlobal = { pendings?: unknown[]; instances?: Record<string, Record<string, unknown> | undefined> };

it(`the emulator's assumptions about the installed @daily-co/daily-js hold (emulates ${EMULATED_DAILY_JS_VERSIONS})`, async () => {
  const version = typeof Daily.version === 'function' ? Daily.version() : 'unknown';
  let step = 'start';
  let call: DailyCall | undefined;
  try {
    step = `the installed version is in the emulated range ${EMULATED_DAILY_JS_VERSIONS}`;
    const prefix = EMULATED_DAILY_JS_VERSIONS.replace(/\.x$/, '.');
    check(version.startsWith(prefix), `it is ${version}; re-check the protocol notes against it, then widen EMULATED_DAILY_JS_VERSIONS`);

    step = 'createCallObject() registers the instance in window._daily.instances (with tracks)';
    const created = calls.create();
    call = created.call;
    const { emulator } = created;
    const daily = (window as unknown as { _daily?: DailyGlobal })._daily;
    check(daily && Array.isArray(daily.pendings), 'window._daily.pendings is missing');
    const instance = daily.instances?.[call.callClientId];
    check(instance && typeof instance.tracks === 'object', `window._daily.instances[${call.callClientId}].tracks is missing`);

    step = 'join() loads the bundle from bundlePathOverride (fetch + eval) and the emulator attaches';
    const evaluationsBefore = emulatorBundleInfo()?.evaluations ?? 0;
    const participants = await within(call.join({ url: ROOM_URL }), 'join()');
    check((emulatorBundleInfo()?.evaluations ?? 0) === evaluationsBefore + 1, 'the bundle was not evaluated');
    check(daily.pendings?.length === 0, 'the callClientId is still in window._daily.pendings');
    check(typeof instance.callMachine === 'object', 'the bundle did not install callMachine on the instance');
    check(call.meetingState() === 'joined-meeting', `meetingState() is ${call.meetingState()}`);
    check(participants && typeof participants === 'object' && 'local' in participants, 'join() did not resolve with participants');

    step = "join() sends 'join-meeting' with a callbackStamp and properties.dailyJsVersion";
    const join: EmulatorRequest | undefined = emulator.received[0];
    check(join?.action === 'join-meeting', `the first request was ${join?.action}`);
    check(join.expectsAnswer, 'join-meeting carries no callbackStamp');
    check(emulator.dailyJsVersion === version, `properties.dailyJsVersion is ${emulator.dailyJsVersion}`);

    step = "startDialOut() sends 'dialout-start' (provider defaulted) and resolves with the reply";
    const started = (await within(call.startDialOut({ phoneNumber: PHONE }), 'startDialOut()')) as { session?: { sessionId?: string } };
    const start = emulator.received.find((r) => r.action === 'dialout-start');
    check(start?.expectsAnswer, 'no dialout-start request with a callbackStamp was received');
    check(start.payload.phoneNumber === PHONE && start.payload.provider === 'signalwire', `payload was ${JSON.stringify(start.payload)}`);
    const sessionId = started.session?.sessionId;
    check(typeof sessionId === 'string' && sessionId === emulator.sessions[0]?.sessionId, `resolved with ${JSON.stringify(started)}`);

    step = 'a reply { error } rejects startDialOut() with that value exactly';
    emulator.failNext('dialout-start', 'DIALOUT_IN_PROGRESS');
    const rejection = await within(
      call.startDialOut({ phoneNumber: PHONE }).then(
        () => 'resolved',
        (reason: unknown) => reason,
      ),
      'startDialOut() with an error reply',
    );
    check(rejection === 'DIALOUT_IN_PROGRESS', `it settled with ${JSON.stringify(rejection)}`);

    step = "a posted 'dialout-connected' reaches call.on() with callClientId";
    const connected = nextEvent(call, 'dialout-connected');
    emulator.emit('dialout-connected', { sessionId });
    const event = (await within(connected, 'the dialout-connected event')) as unknown as Record<string, unknown>;
    check(event.sessionId === sessionId && event.callClientId === call.callClientId, `it arrived as ${JSON.stringify(event)}`);

    step = "a posted 'participant-joined' (tracks: {}) passes daily-js's store helpers and reaches call.on()";
    const joined = nextEvent(call, 'participant-joined');
    emulator.emit('participant-joined', { participant: { session_id: sessionId, user_name: 'PSTN', local: false } });
    await within(joined, 'the participant-joined event');
    check(call.participants()[sessionId]?.session_id === sessionId, 'the participant is not in call.participants()');

    step = "sendDTMF() sends 'send-dtmf' with method 'auto' and digitDurationMs 500";
    await within(call.sendDTMF({ sessionId, tones: '1#' }), 'sendDTMF()');
    const dtmf = emulator.received.find((r) => r.action === 'send-dtmf');
    check(
      dtmf?.payload.method === 'auto' && dtmf.payload.digitDurationMs === 500 && dtmf.payload.tones === '1#',
      `payload was ${JSON.stringify(dtmf?.payload)}`,
    );

    step = "stopDialOut() sends 'dialout-stop'; the emulator's dialout-stopped reaches call.on()";
    const stopped = nextEvent(call, 'dialout-stopped');
    await within(call.stopDialOut({ sessionId }), 'stopDialOut()');
    await within(stopped, 'the dialout-stopped event');

    step = "leave() sends 'leave-meeting' (no callbackStamp) and resolves on 'left-meeting'";
    await within(call.leave(), 'leave()');
    const leave = emulator.received.at(-1);
    check(leave?.action === 'leave-meeting' && !leave.expectsAnswer, `the last request was ${leave?.action}`);
    check(call.meetingState() === 'left-meeting', `meetingState() is ${call.meetingState()}`);

    step = 'join() after leave() calls callMachine.reset() instead of loading again';
    await within(call.join({ url: ROOM_URL }), 'the second join()');
    check(emulatorBundleInfo()?.evaluations === evaluationsBefore + 1, 'the bundle was loaded a second time');

    step = 'destroy() removes the instance from window._daily.instances';
    await within(call.destroy(), 'destroy()');
    check(!daily.instances?.[call.callClientId], 'the instance is still registered');
    check(!emulator.attached, 'the emulator did not notice the destroy');
  } catch (error) {
    throw new Error(
      `@daily-co/daily-js ${version} broke an assumption of the call-machine emulator (written for daily-js ${EMULATED_DAILY_JS_VERSIONS}, read from 0.92.2). ` +
        `Step: ${step}. ${(error as Error).message ?? String(error)}`,
    );
  }
  expect(version).toMatch(/^\d+\.\d+\.\d+/);
});
