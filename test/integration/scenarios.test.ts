// @vitest-environment jsdom
/**
 * The emulator's named scenarios the demo offers (busy, declined, unreachable, invalid number,
 * not allowed, a retried start, a hang-up that races the far end's), played for the real
 * daily-js 0.92.2 and a dial-out manager: what a page built on the manager would show for
 * each (status, outcome, who ended it, why, the SIP status, Daily's actionTraceId).
 */
import { describe, expect, it } from 'vitest';
import type { DialOutSessionSnapshot } from '../../src/index.js';
import { EMULATOR_SCENARIO_NAMES, scenario, type EmulatorScenario } from '../../src/testing/index.js';
import { PHONE, nextEvent, settle, until, useEmulatedCalls } from './harness.js';

const calls = useEmulatedCalls();
const TRACE = '0b7d6c1e-5f6a-4d2e-9c3b-8a1f2e3d4c5b';

describe('the failing scenarios: a dialout-error carrying the SIP status', () => {
  const cases = [
    ['busy', 486, 'busy', 'Dial-out failed: 486 Busy Here', false],
    ['declined', 603, 'declined', 'Dial-out failed: 603 Decline', true],
    ['unreachable', 480, 'unreachable', 'Dial-out failed: 480 Temporarily Unavailable', false],
    ['invalid-number', 404, 'invalid-destination', 'Dial-out failed: 404 Not Found', false],
  ] as const;

  for (const [name, sipStatus, category, errorMsg, rings] of cases) {
    it(`${name}: error ${category}, SIP ${sipStatus}, ended by the system, with the actionTraceId`, async () => {
      const { call, emulator, manager, statuses, errors } = await calls.joinWithManager();
      emulator.play(scenario(name, { failMs: 1, ringMs: 1, actionTraceId: TRACE }));
      const raw = nextEvent(call, 'dialout-error');

      const session = manager.start({ phoneNumber: PHONE });
      const final = await session.done;

      // what Daily's event looks like: the status in errorMsg and in details (an RFC 3326 Reason header)
      expect(await raw).toMatchObject({
        action: 'dialout-error',
        sessionId: final.sessionId,
        errorMsg,
        details: { sipHeaders: { Reason: `SIP;cause=${sipStatus};text="${errorMsg.replace(/^Dial-out failed: \d+ /, '')}"` } },
        actionTraceId: TRACE,
      });
      expect(final).toMatchObject({ status: 'error', outcome: 'failed', endedBy: 'system', actionTraceId: TRACE });
      expect(final.error).toMatchObject({ code: 'DIALOUT_ERROR', category, sipStatus, message: errorMsg, actionTraceId: TRACE });
      expect(errors).toHaveLength(1);
      expect(statuses).toEqual(rings ? ['idle', 'connecting', 'connected', 'error'] : ['idle', 'connecting', 'error']);
    });
  }

  it('the SIP status is also found in details alone', async () => {
    const { emulator, manager } = await calls.joinWithManager();
    emulator.play(scenario('busy', { failMs: 1, errorMsg: 'call failed' }));

    const final = await manager.start({ phoneNumber: PHONE }).done;

    expect(final.error).toMatchObject({ message: 'call failed', category: 'busy', sipStatus: 486 });
  });
});

describe('not-allowed', () => {
  it("Daily's 'is dialout enabled?' rejection: NOT_ALLOWED, category not-allowed, ended by the system", async () => {
    const { emulator, manager, errors } = await calls.joinWithManager();
    emulator.play(scenario('not-allowed'));

    const final = await manager.start({ phoneNumber: PHONE }).done;

    expect(final).toMatchObject({ status: 'error', outcome: 'failed', endedBy: 'system', attempt: 1 });
    expect(final.error).toMatchObject({
      code: 'NOT_ALLOWED',
      category: 'not-allowed',
      retryable: false,
      message: expect.stringContaining('is dialout enabled?'),
      cause: 'unable to start dialout (is dialout enabled? are you a room owner or participant admin?)',
    });
    expect(errors.map((e) => e.code)).toEqual(['NOT_ALLOWED']);
  });
});

describe('retry-then-answer', () => {
  it('the first start is rejected TEMPORARILY_NOT_AVAILABLE: the session waits with retry set, then the retry is answered', async () => {
    const { emulator, manager, errors, warnings } = await calls.joinWithManager({ retry: { baseDelayMs: 30, maxDelayMs: 30 } });
    emulator.play(scenario('retry-then-answer', { ringMs: 1, talkMs: 1, actionTraceId: TRACE }));

    const session = manager.start({ phoneNumber: PHONE });
    const seen: DialOutSessionSnapshot[] = [];
    session.snapshot$.subscribe((s) => seen.push(s));
    const waiting = await until(session.snapshot$, (s) => s.retry !== undefined);
    const final = await session.done;

    // while waiting: still connecting, no error, a countdown target
    expect(waiting.status).toBe('connecting');
    expect(waiting.error).toBeUndefined();
    expect(waiting.retry).toMatchObject({ attempt: 1, error: { code: 'TEMPORARILY_NOT_AVAILABLE', category: 'capacity', retryable: true } });
    expect(waiting.retry!.at).toBeGreaterThanOrEqual(waiting.retry!.error.at);
    // then answered on attempt 2, the retry told as a warning, nothing on errors$
    expect(final).toMatchObject({ status: 'stopped', outcome: 'completed', endedBy: 'remote', attempt: 2, actionTraceId: TRACE });
    expect(final.retry).toBeUndefined();
    expect(final.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(seen.filter((s) => s.retry).every((s) => s.status === 'connecting')).toBe(true);
    expect(emulator.received.filter((r) => r.action === 'dialout-start').map((r) => r.answer?.kind)).toEqual(['error', 'reply']);
  });

  it('counts its first attempts from each play(): playing it again fails the next start again', async () => {
    const { call, emulator } = await calls.joinWithManager();
    const retried = scenario('retry-then-answer', { failures: 2, code: 'DIALOUT_IN_PROGRESS' });
    expect(retried.firstAttempts).toHaveLength(2);
    emulator.play(retried);

    await expect(call.startDialOut({ phoneNumber: PHONE })).rejects.toBe('DIALOUT_IN_PROGRESS');
    await expect(call.startDialOut({ phoneNumber: PHONE })).rejects.toBe('DIALOUT_IN_PROGRESS');
    await expect(call.startDialOut({ phoneNumber: PHONE })).resolves.toMatchObject({ session: { sessionId: expect.any(String) } });
    emulator.play(retried);
    await expect(call.startDialOut({ phoneNumber: PHONE })).rejects.toBe('DIALOUT_IN_PROGRESS');
  });
});

describe('hangup-race', () => {
  it('a hang-up after Daily lost the dial-out gets NOT_FOUND: stop() resolves, the session ends stopped by you, nothing on errors$', async () => {
    const { emulator, manager, errors, warnings, events } = await calls.joinWithManager();
    emulator.play(scenario('hangup-race', { ringMs: 1, talkMs: 1, stoppedAfterMs: 60, actionTraceId: TRACE }));

    const session = manager.start({ phoneNumber: PHONE });
    await until(session.snapshot$, (s) => s.status === 'answered');
    await new Promise((resolve) => setTimeout(resolve, 15)); // the far end has hung up at Daily's end
    await session.stop();

    const stop = await emulator.waitFor('dialout-stop');
    expect(stop.answer).toEqual({ kind: 'error', value: 'NOT_FOUND' });
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'completed', endedBy: 'local', actionTraceId: TRACE });
    expect(session.snapshot.error).toBeUndefined();
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);

    // Daily's dialout-stopped for the callee's hang-up still arrives, and changes nothing
    const final = session.snapshot;
    await until(manager.events$, (e) => e.type === 'dialout-stopped');
    expect(events.map((e) => e.type)).toEqual(['dialout-connected', 'dialout-answered', 'dialout-stopped']);
    expect(events.every((e) => (e.payload as { actionTraceId?: string }).actionTraceId === TRACE)).toBe(true);
    expect(session.snapshot).toBe(final);
  });

  it('a hang-up before the far end left is an ordinary stop', async () => {
    const { emulator, manager } = await calls.joinWithManager();
    emulator.play(scenario('hangup-race', { ringMs: 1, talkMs: 60_000 }));

    const session = manager.start({ phoneNumber: PHONE });
    await until(session.snapshot$, (s) => s.status === 'answered');
    await session.stop();

    expect((await emulator.waitFor('dialout-stop')).answer?.kind).toBe('reply');
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'completed', endedBy: 'local' });
  });
});

describe('scenario() and play() for the new presets', () => {
  it('makes each preset with its defaults, and a fresh actionTraceId per scenario() call', () => {
    for (const name of ['busy', 'declined', 'unreachable', 'invalid-number', 'not-allowed', 'retry-then-answer', 'hangup-race'] as const) {
      expect(EMULATOR_SCENARIO_NAMES).toContain(name);
      expect(scenario(name).name).toBe(name);
    }
    const trace = (made: EmulatorScenario) => made.steps.flatMap((s) => ('event' in s ? [s.fields?.actionTraceId] : []));
    const [a] = trace(scenario('busy'));
    const [b] = trace(scenario('busy'));
    expect(a).toEqual(expect.any(String));
    expect(a).not.toBe(b);
    expect(new Set(trace(scenario('hangup-race'))).size).toBe(1);
    expect(scenario('busy').steps.at(-1)).toMatchObject({ afterMs: 300 });
    expect(scenario('declined').steps.at(-1)).toMatchObject({ afterMs: 1500 });
    expect(Object.isFrozen(scenario('retry-then-answer').firstAttempts)).toBe(true);
  });

  it('refuses bad options and malformed scenarios', () => {
    expect(() => scenario('retry-then-answer', { failures: 1.5 })).toThrow(/failures must be an integer/);
    expect(() => scenario('retry-then-answer', { failures: -1 })).toThrow(/failures/);
    expect(() => scenario('busy', { failMs: -1 })).toThrow(/failMs/);
    expect(() => scenario('not-allowed', { message: '' })).toThrow(/message/);
    const { emulator } = calls.create();
    expect(() => emulator.play({ name: 'x', steps: [], firstAttempts: [[{ afterMs: -1, reply: 'session' }]] })).toThrow(/afterMs/);
    expect(() => emulator.play({ name: 'x', steps: [], firstAttempts: 'no' as never })).toThrow(/firstAttempts/);
    expect(() => emulator.play({ name: 'x', steps: [{ afterMs: 0, gone: true }] })).not.toThrow();
  });

  it('after a gone step, stopDialOut() itself rejects with NOT_FOUND', async () => {
    const { call, emulator } = await calls.joinWithManager();
    emulator.play({ name: 'gone', steps: [{ afterMs: 0, reply: 'session' }, { afterMs: 0, gone: true }] });
    const started = await call.startDialOut({ phoneNumber: PHONE });
    await settle();

    await expect(call.stopDialOut({ sessionId: started.session!.sessionId })).rejects.toBe('NOT_FOUND');
  });
});
