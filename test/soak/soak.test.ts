/**
 * Soak: 10,000 sequential dial-outs through one manager on the fake call
 * (and 1,500 more with `maxEndedSessions: 0`),
 * with fake timers. Memory stays bounded by `maxEndedSessions` (retained
 * sessions, child actors, lookup tables) and the call's listener count stays
 * constant. Time is not measured.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DialOutManager } from '../../src/index.js';
import { PHONE, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const DIAL_OUTS = 10_000;
const RING_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

/** What the manager holds on to, read through its XState actor. */
function retained(manager: DialOutManager) {
  const snapshot = manager.actor.getSnapshot();
  const context = snapshot.context;
  return {
    sessions: manager.getSnapshot().sessions.length,
    children: Object.keys(snapshot.children).filter((id) => id.startsWith('session.')).length,
    allChildren: Object.keys(snapshot.children).length,
    contextSessions: Object.keys(context.sessions).length,
    bySessionId: Object.keys(context.bySessionId).length,
    requests: Object.keys(context.requests).length,
    held: context.held.length,
    ended: context.ended.length,
    retired: context.retiredOrder.length,
  };
}

describe('soak', () => {
  it.each([
    [DIAL_OUTS, 50, 'the default'],
    [1_500, 0, 'keep only live sessions'],
  ])('%i sequential dial-outs keep memory bounded by maxEndedSessions = %i (%s)', async (dialOuts, maxEndedSessions) => {
    const t = setup({ maxEndedSessions, ringTimeoutMs: RING_TIMEOUT_MS, stopTimeoutMs: STOP_TIMEOUT_MS });
    const listeners = t.call.listenerCount();
    expect(listeners).toBe(t.baseline + 7);
    const outcomes = new Map<string, number>();
    let emitted = 0;
    const emit = (type: string, payload: object) => {
      emitted += 1;
      t.call.emit(type, payload);
    };
    const retiredLimit = Math.max(1000, maxEndedSessions * 4);

    for (let i = 1; i <= dialOuts; i++) {
      const sid = `S${i}`;
      const session = t.manager.start({ phoneNumber: PHONE, displayName: `call ${i}` });
      switch (i % 6) {
        case 0: // answered, then the far end hangs up
          t.call.resolveStart(sid);
          await flush();
          emit('dialout-connected', { sessionId: sid });
          emit('dialout-answered', { sessionId: sid });
          emit('dialout-stopped', { sessionId: sid });
          break;
        case 1: {
          // answered, then a local stop
          t.call.resolveStart(sid);
          await flush();
          emit('dialout-answered', { sessionId: sid });
          const stopped = session.stop();
          await flush();
          t.call.resolveStop();
          await flush();
          emit('dialout-stopped', { sessionId: sid });
          await stopped;
          break;
        }
        case 2: // rejected
          t.call.rejectStart('NOT_ALLOWED');
          await flush();
          break;
        case 3: // rings out: ring timeout, stopDialOut, no dialout-stopped: stop timeout
          t.call.resolveStart(sid);
          await flush();
          emit('dialout-connected', { sessionId: sid });
          await vi.advanceTimersByTimeAsync(RING_TIMEOUT_MS);
          t.call.resolveStop();
          await vi.advanceTimersByTimeAsync(STOP_TIMEOUT_MS);
          break;
        case 4: // dialout-error, with a late duplicate for an older, pruned session
          t.call.resolveStart(sid);
          await flush();
          emit('dialout-error', { sessionId: sid, errorMsg: 'SIP 486 busy' });
          if (i > 100) emit('dialout-stopped', { sessionId: `S${i - 100}` });
          break;
        default: // events before the start resolves, and a remote dial-out alongside
          emit('dialout-connected', { sessionId: sid });
          emit('dialout-connected', { sessionId: `R${i}` });
          t.call.resolveStart(sid);
          await flush();
          emit('dialout-stopped', { sessionId: `R${i}` });
          emit('dialout-stopped', { sessionId: sid });
          break;
      }
      await flush();
      const final = session.snapshot;
      expect(final.status === 'stopped' || final.status === 'error', `dial-out ${i}: ${final.status}`).toBe(true);
      outcomes.set(final.outcome ?? 'none', (outcomes.get(final.outcome ?? 'none') ?? 0) + 1);

      if (i % 500 === 0 || i === dialOuts) {
        const r = retained(t.manager);
        expect(r.sessions, `after ${i}`).toBe(maxEndedSessions);
        expect(r.children, `after ${i}`).toBe(maxEndedSessions);
        expect(r.contextSessions).toBe(maxEndedSessions);
        expect(r.allChildren, `after ${i}: only the bridge and the sessions`).toBe(maxEndedSessions + 1);
        expect(r.ended).toBe(maxEndedSessions);
        expect(r.bySessionId).toBeLessThanOrEqual(maxEndedSessions);
        expect(r.requests).toBe(0);
        expect(r.held).toBe(0);
        expect(r.retired).toBeLessThanOrEqual(retiredLimit);
        expect(t.call.listenerCount(), `after ${i}`).toBe(listeners);
        expect(t.manager.session(`S${i - maxEndedSessions - 20}`)).toBeUndefined();
        // the façade's event log of this test is the only thing that grows
        expect(t.events).toHaveLength(emitted);
      }
    }

    expect(t.call.startCalls).toHaveLength(dialOuts);
    expect(t.call.startCalls.every((c) => c.settled)).toBe(true);
    expect(t.call.stopCalls.every((c) => c.settled)).toBe(true);
    const expected = { completed: 0, failed: 0, 'no-answer': 0 };
    for (let i = 1; i <= dialOuts; i++) {
      const kind = i % 6;
      if (kind === 0 || kind === 1) expected.completed += 1;
      else if (kind === 2 || kind === 4) expected.failed += 1;
      else expected['no-answer'] += 1;
    }
    expect(Object.fromEntries(outcomes)).toEqual(expected);
    t.manager.dispose();
    expect(t.call.listenerCount()).toBe(t.baseline);
  }, 600_000);
});
