/**
 * Model-based test: every shortest path and every simple path of
 * `dialOutSessionMachine` (see `sessionModel.ts`), executed against a real
 * manager on the fake call. After each step the manager's snapshot status
 * must equal the path's state (and the session actor's full state value, as
 * the `inspect` option shows it, its outcome, endedBy, error code, transfer,
 * participant and received digits must match the model); every
 * `startDialOut` / `stopDialOut` / `sendDTMF` / `sipCallTransfer` /
 * `sipRefer` the machine asks for must have been made, and no other; the
 * promises of `stop()`, `sendDTMF()`, `transfer()` and `refer()` must settle
 * as the machine settled them.
 */
import { isDeepStrictEqual } from 'node:util';
import { getStateNodes } from 'xstate/graph';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DialOutStateError, createDialOutManager, dialOutSessionMachine } from '../../src/index.js';
import type { DialOutDtmf, DialOutManager, DialOutSession, DialOutStatus, DialOutStorage, DialOutWebhookEvent } from '../../src/index.js';
import type { InspectionEvent, StateValue } from 'xstate';
import { FakeDailyCall, type FakeParticipant } from '../../src/testing/index.js';
import { failOnConsole, flush } from '../helpers.js';
import { allowedNext, expectedEndedBy, expectedOutcome, initialFacts, rank, recordFacts } from './lifecycleSpec.js';
import {
  AFTER,
  DTMF_EVENT_TYPES,
  LEG_EVENT_TYPES,
  MODEL_OPTIONS,
  PHONE,
  REFER_TO,
  ROOM_AUDIO,
  ROOT_KINDS,
  type RootKind,
  SETTLED,
  SID,
  TRANSFER_EVENT_TYPES,
  TRANSFER_TO,
  type ModelPath,
  type ModelState,
  type TimerName,
  activeTimers,
  describePath,
  hasSid,
  inState,
  initialOf,
  isFinal,
  replay,
  machineFacts,
  requestsOf,
  shortestPaths,
  simplePaths,
  statusOf,
  timerOf,
} from './sessionModel.js';

failOnConsole();

const KINDS: readonly RootKind[] = ROOT_KINDS;
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

const TIMER_MS: Record<TimerName, number> = {
  startTimeout: MODEL_OPTIONS.startTimeoutMs,
  retryDelay: MODEL_OPTIONS.retry.maxDelayMs, // set from the jitter when the retry is scheduled
  ringTimeout: MODEL_OPTIONS.ringTimeoutMs,
  maxDuration: MODEL_OPTIONS.maxDurationMs,
  noAudio: MODEL_OPTIONS.noAudioWarningMs,
  stopTimeout: MODEL_OPTIONS.stopTimeoutMs,
};

type Settlement = { state: 'pending' | 'resolved' | 'rejected'; reason?: unknown };

function track(promise: Promise<void>, list: Settlement[]): Settlement {
  const p: Settlement = { state: 'pending' };
  list.push(p);
  promise.then(
    () => (p.state = 'resolved'),
    (reason: unknown) => {
      p.state = 'rejected';
      p.reason = reason;
    },
  );
  return p;
}

const count = (list: Settlement[], state: Settlement['state']) => list.filter((p) => p.state === state).length;

function leafIds(value: unknown, prefix = 'dialOutSession'): string[] {
  if (typeof value === 'string') return [`${prefix}.${value}`];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => leafIds(v, `${prefix}.${k}`));
}

/** The phone leg's participant as daily-js reports it in `participant-*` events and `participants()`. */
const phoneLeg = (audio: string) => ({ session_id: SID, participantType: 'pstn-dial-out', local: false, tracks: { audio: { state: audio } } }) as FakeParticipant;

/** A `storage` holding one local session stored `answered` at `at` (the `restored` kind); any key reads it until written. */
function storageWith(at: number): DialOutStorage {
  const stored = JSON.stringify([
    {
      v: 1,
      id: 'dialout-1',
      sessionId: SID,
      status: 'answered',
      initiator: 'local',
      target: { kind: 'phone', phoneNumber: PHONE },
      attempt: 1,
      warnings: [],
      createdAt: at,
      connectedAt: at,
      answeredAt: at,
    },
  ]);
  const written = new Map<string, string | null>();
  return {
    getItem: (key) => (written.has(key) ? (written.get(key) ?? null) : stored),
    setItem: (key, value) => void written.set(key, value),
    removeItem: (key) => void written.set(key, null),
  };
}

/** `expect(actual).toEqual(wanted)`, built only when they differ (the suite compares hundreds of thousands of times). */
function same(actual: unknown, wanted: unknown, message: string): void {
  if (!isDeepStrictEqual(actual, wanted)) expect(actual, message).toEqual(wanted);
}

/** Whether the no-audio warning's state is entered between two model states. */
const entersSilence = (prev: ModelState | undefined, next: ModelState) =>
  inState(next, { answered: { audio: 'silent' } }) && !(prev && inState(prev, { answered: { audio: 'silent' } }));

/** Runs one path against a fresh manager; throws (with the path in the message) on the first mismatch. */
async function execute(kind: RootKind, path: ModelPath): Promise<void> {
  const name = describePath(kind, path);
  const random = vi.spyOn(Math, 'random').mockReturnValue(SMALL_RANDOM);
  const t0 = Date.now();
  const roomAudio = ROOM_AUDIO[kind];
  const call = new FakeDailyCall({
    meetingState: kind === 'notJoined' ? 'joining-meeting' : 'joined-meeting',
    participants: roomAudio === undefined ? {} : { [SID]: phoneLeg(roomAudio) },
  });
  const baseline = call.listenerCount();
  // the state value of each session actor, as XState's inspection reports it
  const values = new Map<string, StateValue>();
  const inspect = (e: InspectionEvent) => {
    if (e.type === '@xstate.snapshot') values.set((e.actorRef as unknown as { id: string }).id, (e.snapshot as unknown as { value: StateValue }).value);
  };
  const manager: DialOutManager = createDialOutManager(call, { ...MODEL_OPTIONS, inspect, ...(kind === 'restored' ? { storage: storageWith(t0) } : {}) });
  const received: unknown[] = [];
  const sub = manager.events$.subscribe((e) => received.push(e.payload));
  const tones: DialOutDtmf[] = [];
  const toneSub = manager.dtmf$.subscribe((d) => tones.push(d));
  let emitted = 0;
  const emit = (eventName: string, payload: object) => {
    emitted += 1;
    call.emit(eventName, payload);
  };
  let webhooks = 0;
  const ingest = (event: DialOutWebhookEvent) => {
    emitted += 1;
    manager.ingest(event);
  };

  // the states the path's events produce (xstate/graph keeps one state per serialisation, maybe another path's)
  const steps = replay(kind, path);
  const initial = initialOf(kind);
  const first = initial.state;
  let handle: DialOutSession;
  if (kind === 'remote') {
    emit('dialout-warning', { sessionId: SID, errorMsg: 'first seen' });
    handle = manager.session(SID) as DialOutSession;
  } else if (kind === 'recovered' || kind === 'restored') {
    // found in the room (and, restored, in storage) when the manager was created
    handle = manager.session(SID) as DialOutSession;
  } else {
    handle = manager.start({ phoneNumber: PHONE });
  }
  expect(handle, `${name}: the session`).toBeDefined();
  let done = false;
  void handle.done.then(() => (done = true));
  const sessionTones: DialOutDtmf[] = [];
  const sessionToneSub = handle.dtmf$.subscribe((d) => sessionTones.push(d));
  await flush();
  const expected = requestsOf(initial.actions);
  const deadlines: Partial<Record<TimerName, number>> = {};
  for (const timer of activeTimers(first)) deadlines[timer] = t0 + TIMER_MS[timer];
  const stopPromises: Settlement[] = [];
  const dtmfPromises: Settlement[] = [];
  /** transfer() / refer() promises and how each must be settled. */
  const transfers: { p: Settlement; want: Settlement['state']; reason?: unknown }[] = [];
  /** The method of each sipCallTransfer / sipRefer request the machine made, in order. */
  const transferMethods: ('transfer' | 'refer')[] = [];
  let noAudioWarnings = 0;
  const facts = initialFacts(kind);

  const where = (i: number) => `step ${i} of ${name}`;
  const check = (state: ModelState, i: number) => {
    const status = statusOf(state);
    const f = machineFacts(state.s);
    const snapshot = manager.getSnapshot();
    const session = snapshot.sessions.find((s) => s.id === handle.id);
    const value = values.get(`session.${handle.id}`);
    same(
      { manager: snapshot.status, session: session?.status, value },
      { manager: status, session: status, value: state.s.value },
      `${where(i)}: status and session actor state`,
    );
    same(
      {
        starts: call.startCalls.length,
        transferCount: call.transferCalls.length,
        stops: call.stopCalls.map((c) => c.args),
        dtmfs: call.dtmfCalls.map((c) => c.args),
        transfers: call.transferCalls.map((c) => ({ method: c.method, args: c.args })),
      },
      {
        starts: expected.starts,
        transferCount: expected.transfers,
        stops: Array.from({ length: expected.stops }, () => ({ sessionId: SID })),
        dtmfs: Array.from({ length: expected.dtmfs }, () => ({ sessionId: SID, tones: '1' })),
        transfers: transferMethods.map((method) =>
          method === 'refer'
            ? { method, args: { sessionId: SID, toEndPoint: REFER_TO, useSipRefer: true } }
            : { method, args: { sessionId: SID, toEndPoint: TRANSFER_TO, useSipRefer: false } },
        ),
      },
      `${where(i)}: requests to daily-js`,
    );
    // the phone leg: the transfer (TRANSFER_FAILED only there, never the session's error), the participant, the
    // received digits, the no-audio warnings, whether it was recovered, and the transfer() / refer() promises
    same(
      {
        transfer: { status: session?.transfer?.status, method: session?.transfer?.method, error: session?.transfer?.error?.code },
        sessionErrorIsTransfer: session?.error?.code === 'TRANSFER_FAILED',
        participant: session?.participant?.audio,
        digits: session?.digits ?? '',
        recovered: session?.recovered,
        noAudioWarnings: session?.warnings.filter((w) => w.message.startsWith('No playable audio')).length,
        transferPromises: transfers.map((t) => t.p.state),
      },
      {
        transfer: { status: f.transferStatus, method: f.transferMethod, error: f.transferStatus === 'failed' ? 'TRANSFER_FAILED' : undefined },
        sessionErrorIsTransfer: false,
        participant: f.audio,
        digits: f.digits,
        recovered: kind === 'recovered' || kind === 'restored' ? true : undefined,
        noAudioWarnings,
        transferPromises: transfers.map((t) => t.want),
      },
      `${where(i)}: phone leg`,
    );
    for (const t of transfers) {
      if (t.want !== 'rejected') continue;
      // refused or ended first: DialOutStateError; rejected by daily-js: daily-js's reason (as such or as the cause)
      if (t.reason === undefined) {
        if (!(t.p.reason instanceof DialOutStateError)) expect(t.p.reason, `${where(i)}: transfer refused`).toBeInstanceOf(DialOutStateError);
      } else if (t.p.reason !== t.reason && (t.p.reason as { cause?: unknown }).cause !== t.reason) {
        expect([t.p.reason, (t.p.reason as { cause?: unknown }).cause], `${where(i)}: transfer rejection`).toContain(t.reason);
      }
    }
    if (isFinal(state)) {
      same(
        {
          outcome: session?.outcome,
          endedBy: session?.endedBy,
          code: session?.error?.code,
          done,
          stopPending: count(stopPromises, 'pending'),
          dtmfPending: count(dtmfPromises, 'pending'),
        },
        { outcome: f.outcome, endedBy: f.endedBy, code: f.errorCode, done: true, stopPending: 0, dtmfPending: 0 },
        `${where(i)}: final`,
      );
    }
    seenStatuses.add(snapshot.status);
    for (const id of leafIds(value)) seenValues.add(id);
  };

  try {
    if (entersSilence(undefined, first)) deadlines.noAudio = t0 + MODEL_OPTIONS.noAudioWarningMs;
    check(first, 0);
    for (let i = 0; i < steps.length; i++) {
      const { event, state, actions } = steps[i] as (typeof steps)[number];
      const prev = (i === 0 ? first : steps[i - 1]?.state) as ModelState;
      const next = steps[i + 1]?.event;
      const observedBefore = manager.getSnapshot().status;
      recordFacts(facts, observedBefore, event);
      const asked = requestsOf(actions);
      expected.starts += asked.starts;
      expected.stops += asked.stops;
      expected.dtmfs += asked.dtmfs;
      expected.transfers += asked.transfers;
      const dtmfsSettled = { resolved: count(dtmfPromises, 'resolved'), rejected: count(dtmfPromises, 'rejected') };
      const inFlight = transfers.find((t) => t.want === 'pending');
      const tonesBefore = { manager: tones.length, session: sessionTones.length };
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
          const eventName = `dialout-${event.type.slice('daily.'.length)}`;
          emit(eventName, { ...event.fields });
          // not yet known and a start is pending: the event is held until the start resolves with its sessionId
          if (event.fields.sessionId !== undefined && !hasSid(prev) && prev.pending) call.resolveStart(event.fields.sessionId);
          break;
        }
        case 'participant.updated':
          // its first sight is a participant-joined; the manager treats both alike
          call.emit(machineFacts(prev.s).audio === undefined ? 'participant-joined' : 'participant-updated', { participant: phoneLeg(event.audio) });
          break;
        case 'participant.left':
          call.emit('participant-left', { participant: phoneLeg(machineFacts(prev.s).audio ?? 'off') });
          break;
        case 'daily.dtmf':
          call.emit('dtmf-event', { tone: event.tone, sessionId: SID });
          break;
        case 'daily.transfer':
          webhooks += 1;
          ingest({
            version: '1.0.0',
            type: `calltransfer.${event.status}`,
            id: `transfer-${webhooks}`,
            event_ts: 1_700_000_000 + webhooks,
            payload: {
              session_id: SID,
              to_endpoint: event.toEndPoint as string,
              timestamp: 1_700_000_000 + webhooks,
              ...(event.status === 'completed' ? {} : { is_sip_refer: event.refer ?? false }),
            },
          } as DialOutWebhookEvent);
          break;
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
          track(handle.sendDTMF(event.chunks.join('')), dtmfPromises);
          break;
        case SETTLED.dtmfResolved:
          call.resolveDTMF();
          break;
        case SETTLED.dtmfRejected:
          call.rejectDTMF(event.error);
          break;
        case 'transfer.request': {
          const promise = event.method === 'refer' ? handle.refer({ toEndPoint: REFER_TO }) : handle.transfer({ toEndPoint: TRANSFER_TO });
          // the machine asks daily-js, or refuses it (another transfer in flight)
          if (asked.transfers > 0) {
            transferMethods.push(event.method);
            transfers.push({ p: track(promise, []), want: 'pending' });
          } else {
            transfers.push({ p: track(promise, []), want: 'rejected' });
          }
          break;
        }
        case SETTLED.transferResolved:
          call.resolveTransfer();
          if (inFlight) inFlight.want = 'resolved';
          break;
        case SETTLED.transferRejected:
          call.rejectTransfer(event.error);
          if (inFlight) {
            inFlight.want = 'rejected';
            inFlight.reason = event.error;
          }
          break;
        case 'detach':
          call.leave();
          break;
        default: {
          const timer = timerOf(event.type);
          const deadline = timer && deadlines[timer];
          if (timer === undefined || deadline === undefined) throw new Error(`${where(i + 1)}: no deadline for ${event.type}`);
          // the model's timer is the first one due (no other fires on the way)
          for (const other of activeTimers(prev)) {
            if (other !== timer) expect(deadlines[other], `${where(i + 1)}: ${other} is due after ${timer}`).toBeGreaterThan(deadline);
          }
          await vi.advanceTimersByTimeAsync(deadline - Date.now());
          if (timer === 'noAudio') noAudioWarnings += 1;
        }
      }
      await flush();
      if (event.type === 'start.rejected' && state.s.matches({ connecting: 'retryWait' })) {
        deadlines.retryDelay = Date.now() + Math.floor(random() * MODEL_OPTIONS.retry.maxDelayMs);
      }
      const before = statusOf(prev);
      const after = statusOf(state);
      if (before !== after) {
        if (after === 'connected') deadlines.ringTimeout = Date.now() + MODEL_OPTIONS.ringTimeoutMs;
        if (after === 'answered') deadlines.maxDuration = Date.now() + MODEL_OPTIONS.maxDurationMs;
        if (after === 'stopping') deadlines.stopTimeout = Date.now() + MODEL_OPTIONS.stopTimeoutMs;
      }
      if (entersSilence(prev, state)) deadlines.noAudio = Date.now() + MODEL_OPTIONS.noAudioWarningMs;
      if (isFinal(state)) for (const t of transfers) if (t.want === 'pending') t.want = 'rejected'; // ended before daily-js answered
      check(state, i + 1);
      // the in-flight sendDTMF() promise settles as daily-js did, with daily-js's reason
      if (event.type === SETTLED.dtmfResolved) dtmfsSettled.resolved += 1;
      if (event.type === SETTLED.dtmfRejected) dtmfsSettled.rejected += 1;
      same(
        { resolved: count(dtmfPromises, 'resolved'), rejected: count(dtmfPromises, 'rejected') },
        isFinal(state) ? { resolved: dtmfsSettled.resolved, rejected: dtmfPromises.length - dtmfsSettled.resolved } : dtmfsSettled,
        `${where(i + 1)}: sendDTMF() promises`,
      );
      if (event.type === SETTLED.dtmfRejected && !dtmfPromises.some((p) => p.state === 'rejected' && p.reason === event.error)) {
        expect.fail(`${where(i + 1)}: sendDTMF() rejects with daily-js's reason`);
      }
      // a received tone reaches the manager's dtmf$ and the session's, attributed to it
      const tone = event.type === 'daily.dtmf' ? [{ tone: event.tone, sessionId: SID, localId: handle.id }] : [];
      const pick = (d: DialOutDtmf) => ({ tone: d.tone, sessionId: d.sessionId, localId: d.localId });
      same(
        { manager: tones.slice(tonesBefore.manager).map(pick), session: sessionTones.slice(tonesBefore.session).map(pick) },
        { manager: tone, session: tone },
        `${where(i + 1)}: dtmf$`,
      );
      // the README's lifecycle, independently of the machine
      const observed = manager.getSnapshot().status;
      if (!allowedNext(observedBefore, event).includes(observed)) expect(allowedNext(observedBefore, event), `${where(i + 1)}: README allows`).toContain(observed);
      if (rank(observed) < rank(observedBefore)) expect.fail(`${where(i + 1)}: never backwards (${observedBefore} → ${observed})`);
    }
    const last = manager.getSnapshot().sessions.find((s) => s.id === handle.id);
    if (last && (last.status === 'stopped' || last.status === 'error')) {
      same(
        { outcome: last.outcome, endedBy: last.endedBy, code: last.status === 'error' ? last.error?.code : undefined },
        { outcome: expectedOutcome(last.status, facts), endedBy: expectedEndedBy(last.status, facts), code: last.status === 'error' ? facts.code : undefined },
        `${name}: README outcome, endedBy and error code`,
      );
    }
    expect(received, `${name}: every event on events$`).toHaveLength(emitted);
  } finally {
    sub.unsubscribe();
    toneSub.unsubscribe();
    sessionToneSub.unsubscribe();
    manager.dispose();
    random.mockRestore();
  }
  expect(call.listenerCount(), `${name}: listeners after dispose`).toBe(baseline);
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * Runs every path of a kind, each on a fresh manager, and fails with every path that failed (at most 20 shown).
 *
 * @remarks One test per kind, not per path: with thousands of paths, a test each would double the suite's time.
 */
async function executeAll(kind: RootKind, which: 'shortest' | 'simple'): Promise<void> {
  const failures: string[] = [];
  for (const path of generated[which].get(kind) ?? []) {
    try {
      await execute(kind, path);
      executed[which] += 1;
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (failures.length > 0) {
    expect.fail(`${failures.length} ${which} paths failed:\n${failures.slice(0, 20).join('\n')}${failures.length > 20 ? '\n…' : ''}`);
  }
}

describe('model: shortest paths of dialOutSessionMachine', () => {
  for (const kind of KINDS) {
    it(`${kind}: executes all ${generated.shortest.get(kind)?.length ?? 0} shortest paths`, () => executeAll(kind, 'shortest'), 120_000);
  }
});

describe('model: simple paths of dialOutSessionMachine', () => {
  for (const kind of KINDS) {
    it(`${kind}: executes all ${generated.simple.get(kind)?.length ?? 0} simple paths`, () => executeAll(kind, 'simple'), 120_000);
  }
});

describe('model: coverage', () => {
  const all = (which: 'shortest' | 'simple') => KINDS.flatMap((k) => generated[which].get(k) ?? []);

  it('reaches every state of the machine through the manager', () => {
    const atomic = getStateNodes(dialOutSessionMachine.root)
      .filter((n) => n.type === 'atomic' || n.type === 'final')
      .map((n) => n.id)
      .sort();
    expect(atomic).toHaveLength(19);
    const inModel = new Set(all('shortest').flatMap((p) => p.steps.flatMap((s) => leafIds(s.state.context.s.value))));
    expect([...inModel].sort()).toEqual(atomic);
  });

  it('reaches every outcome and error code', () => {
    const finals = all('shortest')
      .map((p) => p.state.context.s)
      .filter((s) => s.status === 'done');
    expect(new Set(finals.map((s) => machineFacts(s).outcome))).toEqual(
      new Set(['completed', 'no-answer', 'canceled', 'failed', 'detached', 'transferred']),
    );
    expect(new Set(finals.flatMap((s) => (s.value === 'error' ? [machineFacts(s).errorCode] : [])))).toEqual(
      new Set(['NOT_JOINED', 'START_TIMEOUT', 'DIALOUT_ERROR', 'NOT_ALLOWED', 'TEMPORARILY_NOT_AVAILABLE']),
    );
    expect(new Set(finals.map((s) => machineFacts(s).endedBy))).toEqual(new Set(['local', 'remote', 'system']));
    // a transferred session ends by the transfer's initiator: local (transfer() / refer()) and remote (webhooks only)
    expect(new Set(finals.filter((s) => machineFacts(s).outcome === 'transferred').map((s) => machineFacts(s).endedBy))).toEqual(
      new Set(['local', 'remote']),
    );
    // TRANSFER_FAILED is a transfer's error, never the session's
    const states = all('shortest').flatMap((p) => p.steps.map((s) => machineFacts(s.state.context.s)));
    expect(states.some((f) => f.transferErrorCode === 'TRANSFER_FAILED')).toBe(true);
    expect(states.some((f) => f.errorCode === 'TRANSFER_FAILED')).toBe(false);
    // every kind of transfer status, both methods
    expect(new Set(states.map((f) => f.transferStatus))).toEqual(
      new Set([undefined, 'requested', 'accepted', 'triggered', 'initiated', 'completed', 'failed']),
    );
    expect(new Set(states.map((f) => f.transferMethod))).toEqual(new Set([undefined, 'transfer', 'refer']));
  });

  it('has every delay and every kind of event on some executed path', () => {
    const onPaths = (paths: ModelPath[]) => new Set(paths.flatMap((p) => p.steps.map((s) => s.event.type)));
    const simple = onPaths(all('simple'));
    const shortestTypes = onPaths(all('shortest'));
    for (const type of [...Object.values(AFTER)].filter((t) => t !== AFTER.noAudio)) expect(simple, type).toContain(type);
    for (const type of [SETTLED.stopResolved, SETTLED.stopRejected, 'start.resolved', 'start.rejected', 'session.bound', 'stop', 'detach']) {
      expect(simple, type).toContain(type);
    }
    for (const type of ['daily.connected', 'daily.answered', 'daily.stopped', 'daily.error', 'participant.left']) {
      expect(simple, type).toContain(type);
    }
    // the phone leg's events inside a live session only on shortest paths (see simplePaths)
    for (const type of [...DTMF_EVENT_TYPES, ...TRANSFER_EVENT_TYPES, ...LEG_EVENT_TYPES]) {
      expect(simple, type).not.toContain(type);
      expect(shortestTypes, type).toContain(type);
    }
    // every event the machine takes is tried somewhere
    const machineEvents = new Set(getStateNodes(dialOutSessionMachine.root).flatMap((n) => [...n.ownEvents]));
    const executedTypes = new Set([...simple, ...shortestTypes]);
    for (const type of machineEvents) {
      // a warning changes nothing the model tells apart (it is tried everywhere, and leads to a state already seen)
      if (!type.startsWith('xstate.done.state.') && type !== 'daily.warning') expect(executedTypes, type).toContain(type);
    }
    // queued, settled both ways, refused, and cut short by a stop, a timer, an end
    const shortest = all('shortest').map((p) => p.steps.map((s) => s.event.type).join(' '));
    for (const seq of [
      'dtmf.send dtmf.send',
      `dtmf.send ${SETTLED.dtmfResolved}`,
      `dtmf.send ${SETTLED.dtmfRejected}`,
      `dtmf.send dtmf.send ${SETTLED.dtmfResolved} dtmf.send`,
      'dtmf.send stop',
      `dtmf.send ${AFTER.maxDuration}`,
      'dtmf.send daily.stopped',
      'dtmf.send detach',
      `transfer.request ${SETTLED.transferResolved}`,
      `transfer.request ${SETTLED.transferRejected}`,
      'transfer.request transfer.request', // refused: one in flight
      `transfer.request ${SETTLED.transferResolved} transfer.request`, // refused: accepted is still in flight
      `transfer.request ${SETTLED.transferRejected} transfer.request ${SETTLED.transferResolved}`, // after a failure, a new one
      'transfer.request daily.transfer', // Daily's webhook before daily-js answered
      `transfer.request ${SETTLED.transferResolved} daily.transfer`, // accepted, then reported by Daily
      'transfer.request participant.left', // the participant left first
      `transfer.request ${SETTLED.transferRejected} daily.stopped`, // after a failure, a hang-up is a hang-up
      'transfer.request stop',
      'transfer.request daily.stopped',
      'transfer.request detach',
      `transfer.request ${AFTER.maxDuration}`,
      // two actors at once in parallel regions, each settled while the other is in flight
      `transfer.request dtmf.send ${SETTLED.transferResolved}`,
      `transfer.request dtmf.send ${SETTLED.transferRejected}`,
      `transfer.request dtmf.send ${SETTLED.dtmfResolved}`,
      `transfer.request dtmf.send ${SETTLED.dtmfRejected}`,
      'daily.transfer daily.transfer', // a transfer seen only in webhooks, moving forward
      'daily.transfer daily.stopped', // … ends the session transferred, endedBy remote
      `daily.transfer transfer.request`, // refused: one in flight, started elsewhere
      `participant.updated ${AFTER.noAudio} participant.updated`,
      'participant.updated participant.left',
      'daily.dtmf',
    ]) {
      expect(shortest.some((p) => p.includes(seq)), seq).toBe(true);
    }
    expect(all('shortest').some((p) => describePath('local', p).includes('refer()')), 'refer()').toBe(true);
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
