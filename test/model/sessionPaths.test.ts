/**
 * Model-based test: every shortest path and every simple path of
 * `dialOutSessionMachine` (see `sessionModel.ts`), executed against a real
 * manager on the fake call. After each step the manager's snapshot status
 * must equal the path's state (and the session actor's full state value, as
 * the `inspect` option shows it, its outcome and error code must match the
 * model); every `startDialOut` / `stopDialOut` / `sendDTMF` the machine asks
 * for must have been made, and no other.
 */
import { getStateNodes } from 'xstate/graph';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDialOutManager, dialOutSessionMachine } from '../../src/index.js';
import type { DialOutManager, DialOutSession, DialOutStatus } from '../../src/index.js';
import type { InspectionEvent, StateValue } from 'xstate';
import { FakeDailyCall } from '../../src/testing/index.js';
import { failOnConsole, flush } from '../helpers.js';
import { allowedNext, expectedOutcome, initialFacts, rank, recordFacts } from './lifecycleSpec.js';
import {
  AFTER,
  MODEL_OPTIONS,
  applyModelEvent,
  type ModelEvent,
  type ModelPath,
  type ModelState,
  PHONE,
  type RootKind,
  SETTLED,
  SID,
  describePath,
  hasSid,
  isInitStep,
  DTMF_EVENT_TYPES,
  isFinal,
  machineFacts,
  requestsOf,
  shortestPaths,
  simplePaths,
  statusOf,
} from './sessionModel.js';

failOnConsole();

const KINDS: readonly RootKind[] = ['local', 'notJoined', 'remote'];
const SMALL_RANDOM = 0.01; // retry delay 300 ms: the retry fires before the start timeout
const LARGE_RANDOM = 0.999; // retry delay 29 970 ms: the start timeout (10 000 ms) fires first

const generated = {
  shortest: new Map(KINDS.map((k) => [k, shortestPaths(k)])),
  simple: new Map(KINDS.map((k) => [k, simplePaths(k)])),
};
const executed = { shortest: 0, simple: 0 };
/** State values (of the machine) the manager was seen in, and statuses. */
const seenValues = new Set<string>();
const seenStatuses = new Set<DialOutStatus>();

function requests(prev: ModelState, event: ModelEvent) {
  return requestsOf(applyModelEvent(prev, event).actions);
}

type Settlement = { state: 'pending' | 'resolved' | 'rejected'; reason?: unknown };

function track(promise: Promise<void>, list: Settlement[]): void {
  const p: Settlement = { state: 'pending' };
  list.push(p);
  promise.then(
    () => (p.state = 'resolved'),
    (reason: unknown) => {
      p.state = 'rejected';
      p.reason = reason;
    },
  );
}

const count = (list: Settlement[], state: Settlement['state']) => list.filter((p) => p.state === state).length;

function leafIds(value: unknown, prefix = 'dialOutSession'): string[] {
  if (typeof value === 'string') return [`${prefix}.${value}`];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leafIds(v, `${prefix}.${k}`));
}

/** Runs one path against a fresh manager; throws (with the path in the message) on the first mismatch. */
async function execute(kind: RootKind, path: ModelPath): Promise<void> {
  const random = vi.spyOn(Math, 'random').mockReturnValue(SMALL_RANDOM);
  const call = new FakeDailyCall({ meetingState: kind === 'notJoined' ? 'joining-meeting' : 'joined-meeting' });
  const baseline = call.listenerCount();
  // the state value of each session actor, as XState's inspection reports it
  const values = new Map<string, StateValue>();
  const inspect = (e: InspectionEvent) => {
    if (e.type === '@xstate.snapshot') values.set((e.actorRef as unknown as { id: string }).id, (e.snapshot as unknown as { value: StateValue }).value);
  };
  const manager: DialOutManager = createDialOutManager(call, { ...MODEL_OPTIONS, inspect });
  const received: unknown[] = [];
  const sub = manager.events$.subscribe((e) => received.push(e.payload));
  let emitted = 0;
  const emit = (name: string, payload: object) => {
    emitted += 1;
    call.emit(name, payload);
  };

  const steps = path.steps.filter((s) => !isInitStep(s.event));
  const first = path.steps[0]?.state.context ?? path.state.context;
  let handle: DialOutSession;
  if (kind === 'remote') {
    emit('dialout-warning', { sessionId: SID, errorMsg: 'first seen' });
    handle = manager.session(SID) as DialOutSession;
  } else {
    handle = manager.start({ phoneNumber: PHONE });
  }
  let done = false;
  void handle.done.then(() => (done = true));
  await flush();
  const expected = { starts: kind === 'local' ? 1 : 0, stops: 0, dtmfs: 0 };
  const deadlines: Partial<Record<keyof typeof AFTER, number>> = {};
  if (kind === 'local') deadlines.startTimeout = Date.now() + MODEL_OPTIONS.startTimeoutMs;
  const stopPromises: Settlement[] = [];
  const dtmfPromises: Settlement[] = [];
  const facts = initialFacts();
  if (kind === 'notJoined') facts.code = 'NOT_JOINED';

  const where = (i: number) => `step ${i} of ${describePath(kind, path)}`;
  const check = (state: ModelState, i: number) => {
    const status = statusOf(state);
    const snapshot = manager.getSnapshot();
    expect(snapshot.status, where(i)).toBe(status);
    const session = snapshot.sessions.find((s) => s.id === handle.id);
    expect(session?.status, where(i)).toBe(status);
    const value = values.get(`session.${handle.id}`);
    expect(value, `${where(i)}: session actor state`).toEqual(state.s.value);
    expect(
      { starts: call.startCalls.length, stops: call.stopCalls.length, dtmfs: call.dtmfCalls.length },
      `${where(i)}: requests to daily-js`,
    ).toEqual(expected);
    for (const c of call.stopCalls) expect(c.args, `${where(i)}: stopDialOut`).toEqual({ sessionId: SID });
    for (const c of call.dtmfCalls) expect(c.args, `${where(i)}: sendDTMF`).toEqual({ sessionId: SID, tones: '1' });
    if (isFinal(state)) {
      expect(session?.outcome, where(i)).toBe(machineFacts(state.s).outcome);
      expect(session?.error?.code, where(i)).toBe(machineFacts(state.s).errorCode);
      expect(done, `${where(i)}: done resolved`).toBe(true);
      expect(count(stopPromises, 'pending'), `${where(i)}: stop() settled`).toBe(0);
      expect(count(dtmfPromises, 'pending'), `${where(i)}: sendDTMF() settled`).toBe(0);
    }
    seenStatuses.add(snapshot.status);
    for (const id of leafIds(value)) seenValues.add(id);
  };

  try {
    check(first, 0);
    for (let i = 0; i < steps.length; i++) {
      const { event, state } = steps[i] as (typeof steps)[number];
      const prev = (i === 0 ? first : steps[i - 1]?.state.context) as ModelState;
      const next = steps[i + 1]?.event;
      const observedBefore = manager.getSnapshot().status;
      recordFacts(facts, observedBefore, event);
      const asked = requests(prev, event);
      expected.starts += asked.starts;
      expected.stops += asked.stops;
      expected.dtmfs += asked.dtmfs;
      const dtmfsSettled = { resolved: count(dtmfPromises, 'resolved'), rejected: count(dtmfPromises, 'rejected') };
      switch (event.type) {
        case 'start.resolved':
          call.resolveStart(event.sessionId ?? null);
          break;
        case 'start.rejected':
          random.mockReturnValue(next?.type === AFTER.startTimeout ? LARGE_RANDOM : SMALL_RANDOM);
          call.rejectStart(event.error.code);
          break;
        case 'session.bound':
          // the adopting session takes the first unknown sessionId
          emit('dialout-warning', { sessionId: event.sessionId, errorMsg: 'adopted' });
          break;
        case 'daily.connected':
        case 'daily.answered':
        case 'daily.stopped':
        case 'daily.error':
        case 'daily.warning': {
          const name = `dialout-${event.type.slice('daily.'.length)}`;
          emit(name, { ...event.fields });
          // not yet known and a start is pending: the event is held until the start resolves with its sessionId
          if (event.fields.sessionId !== undefined && !hasSid(prev) && prev.pending) call.resolveStart(event.fields.sessionId);
          break;
        }
        case 'stop':
          track(handle.stop(), stopPromises);
          break;
        case SETTLED.stopResolved:
          call.resolveStop();
          break;
        case SETTLED.stopRejected:
          call.rejectStop(event.error);
          break;
        case 'dtmf.send':
          track(handle.sendDTMF(event.tones), dtmfPromises);
          break;
        case SETTLED.dtmfResolved:
          call.resolveDTMF();
          break;
        case SETTLED.dtmfRejected:
          call.rejectDTMF(event.error);
          break;
        case 'detach':
          call.leave();
          break;
        default: {
          const timer = (Object.keys(AFTER) as (keyof typeof AFTER)[]).find((k) => AFTER[k] === event.type);
          const deadline = timer && deadlines[timer];
          if (deadline === undefined) throw new Error(`${where(i + 1)}: no deadline for ${event.type}`);
          await vi.advanceTimersByTimeAsync(deadline - Date.now());
        }
      }
      await flush();
      if (event.type === 'start.rejected' && state.context.s.matches({ connecting: 'retryWait' })) {
        deadlines.retryDelay = Date.now() + Math.floor(random() * MODEL_OPTIONS.retry.maxDelayMs);
      }
      const before = statusOf(prev);
      const after = statusOf(state.context);
      if (before !== after) {
        if (after === 'connected') deadlines.ringTimeout = Date.now() + MODEL_OPTIONS.ringTimeoutMs;
        if (after === 'answered') deadlines.maxDuration = Date.now() + MODEL_OPTIONS.maxDurationMs;
        if (after === 'stopping') deadlines.stopTimeout = Date.now() + MODEL_OPTIONS.stopTimeoutMs;
      }
      check(state.context, i + 1);
      // the in-flight sendDTMF() promise settles as daily-js did, with daily-js's reason
      if (event.type === SETTLED.dtmfResolved) dtmfsSettled.resolved += 1;
      if (event.type === SETTLED.dtmfRejected) dtmfsSettled.rejected += 1;
      expect({ resolved: count(dtmfPromises, 'resolved'), rejected: count(dtmfPromises, 'rejected') }, `${where(i + 1)}: sendDTMF() promises`).toEqual(
        isFinal(state.context) ? { resolved: dtmfsSettled.resolved, rejected: dtmfPromises.length - dtmfsSettled.resolved } : dtmfsSettled,
      );
      if (event.type === SETTLED.dtmfRejected) {
        expect(dtmfPromises.find((p) => p.state === 'rejected' && p.reason === event.error), where(i + 1)).toBeDefined();
      }
      // the README's lifecycle, independently of the machine
      const observed = manager.getSnapshot().status;
      expect(allowedNext(observedBefore, event), `${where(i + 1)}: README allows`).toContain(observed);
      expect(rank(observed), `${where(i + 1)}: never backwards`).toBeGreaterThanOrEqual(rank(observedBefore));
    }
    const last = manager.getSnapshot().current;
    if (last && (last.status === 'stopped' || last.status === 'error')) {
      expect(last.outcome, `${describePath(kind, path)}: README outcome`).toBe(expectedOutcome(last.status, facts));
      if (last.status === 'error') expect(last.error?.code, `${describePath(kind, path)}: error code`).toBe(facts.code);
    }
    expect(received, `${describePath(kind, path)}: every event on events$`).toHaveLength(emitted);
  } finally {
    sub.unsubscribe();
    manager.dispose();
    random.mockRestore();
  }
  expect(call.listenerCount(), `${describePath(kind, path)}: listeners after dispose`).toBe(baseline);
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('model: shortest paths of dialOutSessionMachine', () => {
  for (const kind of KINDS) {
    const paths = generated.shortest.get(kind) ?? [];
    it.each(paths.map((p) => [describePath(kind, p), p] as const))('%s', async (_name, path) => {
      await execute(kind, path);
      executed.shortest += 1;
    });
  }
});

describe('model: simple paths of dialOutSessionMachine', () => {
  for (const kind of KINDS) {
    const paths = generated.simple.get(kind) ?? [];
    it(`${kind}: executes all ${paths.length} simple paths`, async () => {
      for (const path of paths) {
        await execute(kind, path);
        executed.simple += 1;
      }
    }, 120_000);
  }
});

describe('model: coverage', () => {
  const all = (which: 'shortest' | 'simple') => KINDS.flatMap((k) => generated[which].get(k) ?? []);

  it('reaches every state of the machine through the manager', () => {
    const atomic = getStateNodes(dialOutSessionMachine.root)
      .filter((n) => n.type === 'atomic' || n.type === 'final')
      .map((n) => n.id)
      .sort();
    expect(atomic).toHaveLength(13);
    const inModel = new Set(all('shortest').flatMap((p) => p.steps.flatMap((s) => leafIds(s.state.context.s.value))));
    expect([...inModel].sort()).toEqual(atomic);
  });

  it('reaches every outcome and error code', () => {
    const finals = all('shortest')
      .map((p) => p.state.context.s)
      .filter((s) => s.status === 'done');
    expect(new Set(finals.map((s) => machineFacts(s).outcome))).toEqual(new Set(['completed', 'no-answer', 'canceled', 'failed', 'detached']));
    expect(new Set(finals.flatMap((s) => (s.value === 'error' ? [machineFacts(s).errorCode] : [])))).toEqual(
      new Set(['NOT_JOINED', 'START_TIMEOUT', 'DIALOUT_ERROR', 'NOT_ALLOWED', 'TEMPORARILY_NOT_AVAILABLE']),
    );
  });

  it('has every delay and every kind of event on some executed path', () => {
    const onPaths = (paths: ModelPath[]) => new Set(paths.flatMap((p) => p.steps.map((s) => s.event.type)));
    const simple = onPaths(all('simple'));
    for (const type of [...Object.values(AFTER), SETTLED.stopResolved, SETTLED.stopRejected, 'start.resolved', 'start.rejected', 'session.bound', 'stop', 'detach']) {
      expect(simple, type).toContain(type);
    }
    for (const type of ['daily.connected', 'daily.answered', 'daily.stopped', 'daily.error']) expect(simple, type).toContain(type);
    // DTMF only on shortest paths (see simplePaths): queued, settled both ways, and cut short by a stop, a timer, an end
    const shortest = all('shortest').map((p) => p.steps.map((s) => s.event.type).join(' '));
    for (const type of DTMF_EVENT_TYPES) expect(simple, type).not.toContain(type);
    for (const seq of [
      'dtmf.send dtmf.send',
      `dtmf.send ${SETTLED.dtmfResolved}`,
      `dtmf.send ${SETTLED.dtmfRejected}`,
      `dtmf.send dtmf.send ${SETTLED.dtmfResolved} dtmf.send`,
      'dtmf.send stop',
      `dtmf.send ${AFTER.maxDuration}`,
      'dtmf.send daily.stopped',
      'dtmf.send detach',
    ]) {
      expect(shortest.some((p) => p.includes(seq)), seq).toBe(true);
    }
  });
});

afterAll(() => {
  // every generated path was executed, and the manager was seen in every state of the machine
  const count = (which: 'shortest' | 'simple') => KINDS.reduce((n, k) => n + (generated[which].get(k)?.length ?? 0), 0);
  expect(executed.shortest).toBe(count('shortest'));
  expect(executed.simple).toBe(count('simple'));
  expect(count('simple')).toBeGreaterThan(count('shortest'));
  const atomic = getStateNodes(dialOutSessionMachine.root)
    .filter((n) => n.type === 'atomic' || n.type === 'final')
    .map((n) => n.id)
    .sort();
  expect([...seenValues].sort()).toEqual(atomic);
  expect([...seenStatuses].sort()).toEqual(Object.keys(dialOutSessionMachine.root.states).sort());
});
