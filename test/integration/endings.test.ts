// @vitest-environment jsdom
/**
 * Issue 10 through the real daily-js 0.92.2 on the emulator: who ended a call and why, every field Daily's events
 * carry, Daily's start-rejection messages, userId correlation, a stop after the far end hung up, and retrying.
 */
import { describe, expect, it } from 'vitest';
import { scenario, type EmulatorScenario } from '../../src/testing/index.js';
import { PHONE, settle, until, useEmulatedCalls } from './harness.js';

const calls = useEmulatedCalls();

describe('what Daily really does, through real daily-js', () => {
  it('the far end hangs up: endedBy remote; a local stop: endedBy local', async () => {
    const { emulator, manager } = await calls.joinWithManager();
    emulator.play(scenario('answer', { ringMs: 1, talkMs: 1 }));
    expect(await manager.start({ phoneNumber: PHONE }).done).toMatchObject({ outcome: 'completed', endedBy: 'remote' });

    emulator.play(scenario('no-answer'));
    const session = manager.start({ phoneNumber: PHONE });
    await until(session.snapshot$, (s) => s.status === 'connected');
    await session.stop();
    expect(session.snapshot).toMatchObject({ outcome: 'canceled', endedBy: 'local' });
  });

  it("a stop() the far end's hang-up beat: NOT_FOUND means already stopped, no error, no warning", async () => {
    const { emulator, manager, errors, warnings } = await calls.joinWithManager();
    emulator.play(scenario('answer', { ringMs: 1 }));
    const session = manager.start({ phoneNumber: PHONE });
    await until(session.snapshot$, (s) => s.status === 'answered');
    emulator.failNext('dialout-stop', 'NOT_FOUND');
    await session.stop();
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'completed', endedBy: 'local' });
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('a dialout-error with SIP evidence in details: category, sipStatus, actionTraceId and sipCallId', async () => {
    const { emulator, manager, errors } = await calls.joinWithManager();
    const busy: EmulatorScenario = {
      name: 'busy-in-details',
      steps: [
        { afterMs: 0, reply: 'session' },
        { afterMs: 0, event: 'dialout-connected', fields: { actionTraceId: 'trace-1' } },
        {
          afterMs: 1,
          event: 'dialout-error',
          fields: { errorMsg: 'dial-out failed', actionTraceId: 'trace-2', details: { destination: PHONE, sipHeaders: { Reason: 'SIP;cause=486;text="Busy Here"' } } },
        },
      ],
    };
    emulator.play(busy);
    const final = await manager.start({ phoneNumber: PHONE }).done;
    expect(final).toMatchObject({ status: 'error', endedBy: 'system', actionTraceId: 'trace-2' });
    expect(final.error).toMatchObject({ code: 'DIALOUT_ERROR', message: 'dial-out failed', category: 'busy', sipStatus: 486, actionTraceId: 'trace-2', sipCallId: final.sipCallId });
    expect(errors).toEqual([final.error]);
  });

  it("Daily's 'is dialout enabled? are you a room owner…' rejection is NOT_ALLOWED", async () => {
    const { emulator, manager } = await calls.joinWithManager();
    emulator.failNext('dialout-start', 'unable to start dialout (is dialout enabled? are you a room owner or participant admin?)');
    const final = await manager.start({ phoneNumber: PHONE }).done;
    expect(final).toMatchObject({ status: 'error', endedBy: 'system' });
    expect(final.error).toMatchObject({ code: 'NOT_ALLOWED', category: 'not-allowed', retryable: false });
  });

  it('an error without sessionId goes to the pending start its userId names', async () => {
    const { emulator, manager } = await calls.joinWithManager();
    emulator.respond('dialout-start', () => 'hold');
    const first = manager.start({ phoneNumber: PHONE, userId: 'agent-1' });
    const second = manager.start({ phoneNumber: PHONE, userId: 'agent-2' });
    await settle();
    emulator.emit('dialout-error', { errorMsg: 'SIP 480 Temporarily Unavailable', userId: 'agent-2' });
    const final = await second.done;
    expect(final.error).toMatchObject({ category: 'unreachable', sipStatus: 480, localId: second.id });
    expect(first.snapshot.status).toBe('connecting');
  });

  it('events carrying a pending start’s userId bind its sessionId before startDialOut() resolves', async () => {
    const { emulator, manager } = await calls.joinWithManager();
    emulator.respond('dialout-start', () => 'hold');
    const session = manager.start({ phoneNumber: PHONE, userId: 'agent-7' });
    const start = await emulator.waitFor('dialout-start');
    emulator.emit('dialout-connected', { sessionId: 'early-session', userId: 'agent-7' });
    await until(session.snapshot$, (s) => s.status === 'connected');
    expect(session.snapshot.sessionId).toBe('early-session');
    emulator.answer(start, { reply: { session: { sessionId: 'early-session' } } });
    await settle();
    expect(session.snapshot).toMatchObject({ status: 'connected', sessionId: 'early-session', warnings: [] });
  });

  it('TEMPORARILY_NOT_AVAILABLE: retry on the snapshot and a warning, never errors$', async () => {
    const { emulator, manager, errors, warnings } = await calls.joinWithManager({ retry: { baseDelayMs: 40, maxDelayMs: 40 } });
    emulator.failNext('dialout-start', 'TEMPORARILY_NOT_AVAILABLE');
    emulator.play(scenario('answer', { ringMs: 1, talkMs: 1 }));
    const session = manager.start({ phoneNumber: PHONE });
    const waiting = await until(session.snapshot$, (s) => s.retry !== undefined);
    expect(waiting).toMatchObject({ status: 'connecting', retry: { attempt: 1, error: { code: 'TEMPORARILY_NOT_AVAILABLE', category: 'capacity' } } });
    expect(waiting.error).toBeUndefined();
    const final = await session.done;
    expect(final).toMatchObject({ outcome: 'completed', attempt: 2 });
    expect(final.retry).toBeUndefined();
    expect(errors).toEqual([]);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^startDialOut\(\) attempt 1 failed \(TEMPORARILY_NOT_AVAILABLE\); retrying in \d+ ms$/)]);
  });
});
