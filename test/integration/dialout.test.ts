// @vitest-environment jsdom
/**
 * The dial-out manager on a real daily-js 0.92.2 call object, whose call
 * machine is the emulator bundle (served on 127.0.0.1). What is asserted is
 * what a user of the manager sees (statuses, outcomes, error codes) and what
 * daily-js sent to the call machine.
 */
import { describe, expect, it } from 'vitest';
import { DialOutStateError } from '../../src/index.js';
import { scenario, type EmulatorScenario } from '../../src/testing/index.js';
import { PHONE, nextEvent, settle, until, useEmulatedCalls } from './harness.js';

const calls = useEmulatedCalls();

/** Actions daily-js sent, without its housekeeping (`transmit-log`). */
function sent(emulator: { received: readonly { action: string }[] }): string[] {
  return emulator.received.map((r) => r.action).filter((a) => a !== 'transmit-log');
}

describe('dial-out through real daily-js and the emulator', () => {
  it('answer, then the far end hangs up: completed', async () => {
    const { emulator, manager, statuses, events } = await calls.joinWithManager();
    emulator.play(scenario('answer', { ringMs: 5, talkMs: 5 }));

    const session = manager.start({ phoneNumber: PHONE, callerId: '+15555550199' });
    const final = await session.done;

    expect(statuses).toEqual(['idle', 'connecting', 'connected', 'answered', 'stopped']);
    expect(final).toMatchObject({ status: 'stopped', outcome: 'completed', attempt: 1, initiator: 'local' });
    const [remote] = emulator.sessions;
    expect(final.sessionId).toBe(remote?.sessionId);
    expect(final.provider).toBe('signalwire');
    expect(final.sipCallId).toBe(remote?.sipCallId);
    expect(final.durationMs).toBeGreaterThanOrEqual(0);
    expect(events.map((e) => [e.type, e.localId])).toEqual([
      ['dialout-connected', session.id],
      ['dialout-answered', session.id],
      ['dialout-stopped', session.id],
    ]);
    // daily-js sent exactly one start (with its default provider) and no stop: the far end hung up
    expect(sent(emulator)).toEqual(['join-meeting', 'dialout-start']);
    expect(emulator.received.find((r) => r.action === 'dialout-start')?.payload).toEqual({
      phoneNumber: PHONE,
      callerId: '+15555550199',
      provider: 'signalwire',
    });
  });

  it('local stop while ringing: canceled, stopDialOut sent with the sessionId', async () => {
    const { emulator, manager, statuses } = await calls.joinWithManager();
    emulator.play(scenario('no-answer')); // rings until stopped

    const session = manager.start({ phoneNumber: PHONE });
    await until(session.snapshot$, (s) => s.status === 'connected');
    await session.stop();

    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'canceled' });
    expect(statuses).toEqual(['idle', 'connecting', 'connected', 'stopping', 'stopped']);
    const stop = await emulator.waitFor('dialout-stop');
    expect(stop.payload).toEqual({ sessionId: session.sessionId });
    expect(stop.answer?.kind).toBe('reply');
  });

  it('stop before the sessionId is known: stopDialOut waits for it, then cancels', async () => {
    const { emulator, manager } = await calls.joinWithManager();
    emulator.respond('dialout-start', () => 'hold');

    const session = manager.start({ sipUri: 'sip:bob@example.com' });
    const start = await emulator.waitFor('dialout-start');
    const stopped = session.stop();
    await settle();

    expect(session.snapshot.sessionId).toBeUndefined();
    expect(sent(emulator)).toEqual(['join-meeting', 'dialout-start']); // nothing to stop yet

    emulator.answer(start, 'default');
    await stopped;

    const [remote] = emulator.sessions;
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'canceled', sessionId: remote?.sessionId });
    expect((await emulator.waitFor('dialout-stop')).payload).toEqual({ sessionId: remote?.sessionId });
  });

  it('DIALOUT_IN_PROGRESS: error, not retried', async () => {
    const { emulator, manager, statuses, errors } = await calls.joinWithManager({ retry: { baseDelayMs: 1, maxDelayMs: 2 } });
    emulator.failNext('dialout-start', 'DIALOUT_IN_PROGRESS');

    const final = await manager.start({ phoneNumber: PHONE }).done;

    expect(final).toMatchObject({ status: 'error', outcome: 'failed', attempt: 1 });
    expect(final.error).toMatchObject({ code: 'DIALOUT_IN_PROGRESS', retryable: false, cause: 'DIALOUT_IN_PROGRESS' });
    expect(errors.map((e) => e.code)).toEqual(['DIALOUT_IN_PROGRESS']);
    expect(statuses).toEqual(['idle', 'connecting', 'error']);
    expect(emulator.received.filter((r) => r.action === 'dialout-start').map((r) => r.answer)).toEqual([
      { kind: 'error', value: 'DIALOUT_IN_PROGRESS' },
    ]);
  });

  it('TEMPORARILY_NOT_AVAILABLE, then success on the retry', async () => {
    const { emulator, manager, statuses } = await calls.joinWithManager({ retry: { baseDelayMs: 1, maxDelayMs: 5 } });
    emulator.failNext('dialout-start', 'TEMPORARILY_NOT_AVAILABLE');
    emulator.play(scenario('answer', { ringMs: 1, talkMs: 1 }));

    const session = manager.start({ phoneNumber: PHONE });
    const final = await session.done;

    expect(final).toMatchObject({ status: 'stopped', outcome: 'completed', attempt: 2 });
    expect(final.error).toBeUndefined();
    expect(statuses).toEqual(['idle', 'connecting', 'connected', 'answered', 'stopped']);
    const starts = emulator.received.filter((r) => r.action === 'dialout-start');
    expect(starts.map((r) => r.answer?.kind)).toEqual(['error', 'reply']);
    expect(starts[1]?.payload).toEqual(starts[0]?.payload);
    expect(final.sessionId).toBe(emulator.sessions[0]?.sessionId);
  });

  it('an event that arrives before the startDialOut() promise resolves is held and applied', async () => {
    const { emulator, manager, statuses, events } = await calls.joinWithManager();
    const connectedFirst: EmulatorScenario = {
      name: 'connected-before-reply',
      steps: [
        { afterMs: 0, event: 'dialout-connected' },
        { afterMs: 0, reply: 'session' },
        { afterMs: 1, event: 'dialout-answered' },
        { afterMs: 1, event: 'dialout-stopped' },
      ],
    };
    emulator.play(connectedFirst);

    const session = manager.start({ phoneNumber: PHONE });
    const final = await session.done;

    expect(final).toMatchObject({ status: 'stopped', outcome: 'completed', sessionId: emulator.sessions[0]?.sessionId });
    expect(statuses).toEqual(['idle', 'connecting', 'connected', 'answered', 'stopped']);
    expect(events[0]).toMatchObject({ type: 'dialout-connected', localId: session.id, sessionId: final.sessionId });
    // the emulator posted the event before the reply
    const start = emulator.received.find((r) => r.action === 'dialout-start');
    expect(start?.answer).toEqual({ kind: 'reply', value: { session: { sessionId: final.sessionId } } });
  });

  it('dialout-error without a sessionId goes to the session waiting for one', async () => {
    const { emulator, manager, errors } = await calls.joinWithManager();
    emulator.play(scenario('error-before-session', { errorMsg: 'SIP trunk unreachable' }));

    const session = manager.start({ phoneNumber: PHONE });
    const final = await session.done;

    expect(final).toMatchObject({ status: 'error', outcome: 'failed' });
    expect(final.error).toMatchObject({ code: 'DIALOUT_ERROR', message: 'SIP trunk unreachable', localId: session.id });
    expect(final.error?.sessionId).toBeUndefined();
    expect(errors).toHaveLength(1);
  });

  it('a warning while answered is recorded and does not change the status', async () => {
    const { emulator, manager, warnings } = await calls.joinWithManager();
    emulator.play(scenario('warning', { ringMs: 1, errorMsg: 'codec fallback to PCMU' }));

    const session = manager.start({ phoneNumber: PHONE });
    const warning = await until(manager.warnings$, () => true);

    expect(warning).toMatchObject({ message: 'codec fallback to PCMU', sessionId: session.sessionId, localId: session.id });
    expect(session.snapshot.status).toBe('answered');
    expect(session.snapshot.warnings).toEqual([warning]);
    expect(warnings).toEqual([warning]);

    await session.stop();
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'completed' });
  });

  it('DTMF: sendDTMF reaches the call machine with daily-js defaults; a rejection comes back', async () => {
    const { call, emulator, manager } = await calls.joinWithManager();
    emulator.play(scenario('answer', { ringMs: 1 }));
    const session = manager.start({ phoneNumber: PHONE });
    await until(session.snapshot$, (s) => s.status === 'answered');

    await session.sendDTMF('12#');
    const dtmf = await emulator.waitFor('send-dtmf');
    expect(dtmf.payload).toEqual({ sessionId: session.sessionId, tones: '12#', method: 'auto', digitDurationMs: 500 });

    emulator.failNext('send-dtmf', 'DTMF_FAILED');
    await expect(session.sendDTMF('9')).rejects.toBe('DTMF_FAILED');
    expect(session.snapshot.status).toBe('answered');

    // DTMF from the far end reaches call.on('dtmf-event')
    const received = nextEvent(call, 'dtmf-event');
    emulator.emit('dtmf-event', { tone: '5', volume: 1, method: 'sip-info', sessionId: session.sessionId });
    expect(await received).toMatchObject({ action: 'dtmf-event', tone: '5', sessionId: session.sessionId });

    // and a session that is not answered refuses before daily-js is asked
    await session.stop();
    await expect(session.sendDTMF('1')).rejects.toBeInstanceOf(DialOutStateError);
    expect(emulator.received.filter((r) => r.action === 'send-dtmf')).toHaveLength(2);
  });

  it('leave() while answered: detached, no stopDialOut', async () => {
    const { call, emulator, manager } = await calls.joinWithManager();
    emulator.play(scenario('answer', { ringMs: 1 }));
    const session = manager.start({ phoneNumber: PHONE });
    await until(session.snapshot$, (s) => s.status === 'answered');

    await call.leave();
    const final = await session.done;

    expect(call.meetingState()).toBe('left-meeting');
    expect(final).toMatchObject({ status: 'stopped', outcome: 'detached' });
    expect(sent(emulator)).toEqual(['join-meeting', 'dialout-start', 'leave-meeting']);
    expect(emulator.joined).toBe(false);
  });

  it('destroy() while answered: detached, the emulator notices the instance is gone', async () => {
    const { call, emulator, manager, statuses } = await calls.joinWithManager();
    emulator.play(scenario('answer', { ringMs: 1 }));
    const session = manager.start({ phoneNumber: PHONE });
    await until(session.snapshot$, (s) => s.status === 'answered');

    await call.destroy();
    const final = await session.done;

    expect(call.isDestroyed()).toBe(true);
    expect(final).toMatchObject({ status: 'stopped', outcome: 'detached' });
    expect(statuses.at(-1)).toBe('stopped');
    expect(sent(emulator)).toEqual(['join-meeting', 'dialout-start', 'leave-meeting']);
    expect(emulator.attached).toBe(false);
    expect(() => emulator.emit('dialout-stopped', { sessionId: session.sessionId as string })).toThrow(/destroyed/);
  });

  it('a second dial-out after the first ended gets a new session', async () => {
    const { emulator, manager } = await calls.joinWithManager();
    emulator.play(scenario('hangup-after', { ms: 1 }));

    const first = await manager.start({ phoneNumber: PHONE }).done;
    const second = await manager.start({ phoneNumber: '+15555550101' }).done;

    expect([first.outcome, second.outcome]).toEqual(['completed', 'completed']);
    expect(first.sessionId).not.toBe(second.sessionId);
    expect(emulator.sessions.map((s) => [s.sessionId, s.destination, s.state])).toEqual([
      [first.sessionId, PHONE, 'ended'],
      [second.sessionId, '+15555550101', 'ended'],
    ]);
  });

  it('busy, then the far end hangs up: DIALOUT_ERROR', async () => {
    const { emulator, manager } = await calls.joinWithManager();
    emulator.play(scenario('busy-then-hangup', { busyMs: 1 }));

    const final = await manager.start({ phoneNumber: PHONE }).done;

    expect(final).toMatchObject({ status: 'error', outcome: 'failed' });
    expect(final.error).toMatchObject({ code: 'DIALOUT_ERROR', message: 'Busy Here (SIP 486)', sessionId: final.sessionId });
  });

  it('reject(NOT_ALLOWED) scenario: NOT_ALLOWED', async () => {
    const { emulator, manager } = await calls.joinWithManager();
    emulator.play(scenario('reject', { code: 'NOT_ALLOWED' }));

    const final = await manager.start({ phoneNumber: PHONE }).done;

    expect(final.error).toMatchObject({ code: 'NOT_ALLOWED', retryable: false });
  });

  it('no-answer with a finite ring time: the far end gives up, outcome no-answer', async () => {
    const { emulator, manager, statuses } = await calls.joinWithManager();
    emulator.play(scenario('no-answer', { ringMs: 2 }));

    const final = await manager.start({ phoneNumber: PHONE }).done;

    expect(final).toMatchObject({ status: 'stopped', outcome: 'no-answer' });
    expect(statuses).toEqual(['idle', 'connecting', 'connected', 'stopped']);
  });

  it('a dial-out started elsewhere in the room shows up as a remote session', async () => {
    const { emulator, manager } = await calls.joinWithManager();
    emulator.emit('dialout-connected', { sessionId: 'rest-api-session', provider: 'daily', sipCallId: 'c1', destination: '+15555550142' });

    const remote = await until(manager.sessions$, (s) => s.length === 1);

    expect(remote[0]).toMatchObject({
      initiator: 'remote',
      status: 'connected',
      sessionId: 'rest-api-session',
      target: { kind: 'phone', phoneNumber: '+15555550142' },
    });
  });
});
