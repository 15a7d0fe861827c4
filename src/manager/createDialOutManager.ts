/**
 * `createDialOutManager`: runs the manager and session actors of one call and
 * publishes what they do.
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import { BehaviorSubject, Observable, Subject, distinctUntilChanged, map, shareReplay, skip } from 'rxjs';
import { type Actor, type SnapshotFrom, createActor } from 'xstate';
import type { BridgeSignal } from '../daily/actors.js';
import { type Incoming, SESSION_EVENT_OF, fromDailyJs, fromStartResult, fromWebhook, toDailyError, toWarning } from '../daily/events.js';
import { DialOutStateError, DialOutValidationError, toStartError } from '../errors.js';
import { type DialOutSessionEvent, type DialOutSessionInput, MAX_TIMER_DELAY_MS, dialOutSessionMachine } from '../session/machine.js';
import { isFinalStatus, sameSnapshot, toSessionSnapshot } from '../session/snapshot.js';
import type {
  DialOutPreflightOptions,
  DailyCallLike,
  DialOutError,
  DialOutEvent,
  DialOutManager,
  DialOutManagerOptions,
  DialOutManagerSnapshot,
  DialOutSession,
  DialOutSessionSnapshot,
  DialOutWarning,
} from '../types.js';
import { parseDtmfTones } from '../validation/dtmf.js';
import { parseStartDialOutOptions } from '../validation/startDialOutOptions.js';
import { parseDialOutWebhook } from '../webhook/parse.js';
import type { DialOutWebhookEvent } from '../webhook/types.js';
import { createCorrelator } from './correlator.js';
import { dialOutManagerMachine } from './machine.js';
import { resolveManagerOptions } from './options.js';
import { preflight } from './preflight.js';

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
}

type SessionLogic = typeof dialOutSessionMachine;
type SessionActorSnapshot = SnapshotFrom<SessionLogic>;

/** One session as the runtime keeps it. */
interface Entry {
  readonly id: string;
  readonly actor: Actor<SessionLogic>;
  actorSnapshot: SessionActorSnapshot | undefined;
  snapshot: DialOutSessionSnapshot;
  /** Its slot in the published `sessions` array. */
  index: number;
  final: boolean;
  /** Waiting for publication. */
  dirty: boolean;
  settled: boolean;
  subject: BehaviorSubject<DialOutSessionSnapshot> | undefined;
  readonly done: Promise<DialOutSessionSnapshot>;
  resolveDone(snapshot: DialOutSessionSnapshot): void;
  stopWaiters: Waiter[];
  readonly dtmfWaiters: Map<number, Waiter>;
  handle: DialOutSession;
}

type Note =
  | { readonly kind: 'event'; readonly value: DialOutEvent }
  | { readonly kind: 'warning'; readonly value: DialOutWarning }
  | { readonly kind: 'error'; readonly value: DialOutError }
  | { readonly kind: 'state' };

/** How many ingested webhooks' (type, id) are remembered to recognise Daily's retried deliveries. */
const WEBHOOK_IDS_KEPT = 1000;

const CALL_METHODS = ['on', 'off', 'startDialOut', 'stopDialOut', 'sendDTMF', 'meetingState'] as const;

const EMPTY: DialOutManagerSnapshot = Object.freeze({ sessions: Object.freeze([]), current: undefined, status: 'idle' });

/** XState's clock, except that a timer turned off (delay {@link MAX_TIMER_DELAY_MS}) schedules nothing. */
const clock = {
  setTimeout: (fn: (...args: unknown[]) => void, ms: number): unknown => (ms < MAX_TIMER_DELAY_MS ? setTimeout(fn, ms) : undefined),
  clearTimeout: (id: unknown): void => {
    if (id !== undefined) clearTimeout(id as ReturnType<typeof setTimeout>);
  },
};

function toDialOutEvent(incoming: Incoming, localId: string | undefined, duplicate: boolean): DialOutEvent {
  const out: { -readonly [K in keyof DialOutEvent]: DialOutEvent[K] } = {
    type: incoming.name,
    source: incoming.source,
    at: incoming.at,
    payload: incoming.payload,
  };
  if (incoming.occurredAt !== undefined) out.occurredAt = incoming.occurredAt;
  if (incoming.fields.sessionId !== undefined) out.sessionId = incoming.fields.sessionId;
  if (localId !== undefined) out.localId = localId;
  if (duplicate) out.duplicate = true;
  return Object.freeze(out);
}

function toSessionEvent(incoming: Incoming): DialOutSessionEvent {
  const type = SESSION_EVENT_OF[incoming.name];
  const { fields, at } = incoming;
  return type === 'daily.error' ? { type, fields, at, payload: incoming.payload, texts: incoming.texts } : { type, fields, at };
}

/**
 * Creates the observable model of every dial-out of a Daily call.
 *
 * @remarks
 * Listens to the call's `dialout-connected`, `dialout-answered`,
 * `dialout-stopped`, `dialout-error`, `dialout-warning`, `left-meeting` and
 * `call-instance-destroyed` events (Daily's "Telephony events" page) and
 * runs one {@link dialOutSessionMachine} actor per dial-out, whether started
 * here with {@link DialOutManager.start} or by someone else in the room
 * (`initiator: 'remote'`). Events that arrive late, twice, out of order or
 * without a `sessionId` never move a session backwards and are never
 * dropped: each is reported on `events$`. Every method may be called from
 * inside any subscriber or listener.
 *
 * @param call - A daily-js call object (`Daily.createCallObject()`), or
 * anything with its `on`, `off`, `startDialOut`, `stopDialOut`, `sendDTMF`
 * and `meetingState` methods (see `FakeDailyCall` in
 * `daily-dialout-machine/testing`).
 * @param options - Timers (ms), retry policy, remote tracking, retention,
 * clock and inspector; see {@link DialOutManagerOptions}.
 * @returns The {@link DialOutManager}. Call `dispose()` when done.
 * @throws {@link DialOutValidationError} when `call` lacks a method or an option is invalid.
 *
 * @example
 * ```ts
 * import Daily from '@daily-co/daily-js';
 * import { createDialOutManager } from 'daily-dialout-machine';
 *
 * const call = Daily.createCallObject();
 * await call.join({ url: 'https://your-domain.daily.co/room', token });
 * const manager = createDialOutManager(call, { ringTimeoutMs: 45_000 });
 *
 * manager.status$.subscribe((status) => console.log('dial-out:', status));
 * const session = manager.start({ phoneNumber: '+12268077097' });
 * const final = await session.done;
 * console.log(final.outcome, final.durationMs);
 * manager.dispose();
 * ```
 */
export function createDialOutManager(call: DailyCallLike, options?: DialOutManagerOptions): DialOutManager {
  if (call === null || typeof call !== 'object') {
    throw new DialOutValidationError([{ path: 'call', message: 'must be a daily-js call object' }], 'createDialOutManager arguments');
  }
  const missing = CALL_METHODS.filter((m) => typeof (call as unknown as Record<string, unknown>)[m] !== 'function');
  if (missing.length > 0) {
    throw new DialOutValidationError(
      missing.map((m) => ({ path: `call.${m}`, message: 'must be a function (a daily-js DailyCall method)' })),
      'createDialOutManager arguments',
    );
  }
  const { timing, trackRemoteSessions, maxEndedSessions, now, inspect, starter } = resolveManagerOptions(options);
  const inspection = inspect ? { inspect } : {};
  const correlator = createCorrelator({
    trackRemoteSessions,
    maxEndedSessions,
    retiredLimit: Math.max(1000, maxEndedSessions * 4),
  });
  const entries = new Map<string, Entry>();
  /** (type, id) of the last {@link WEBHOOK_IDS_KEPT} ingested webhooks, oldest first. */
  const webhookIds = new Set<string>();
  /** Live local sessions, oldest first (a handful: Daily caps a room at 5 SIP/PSTN sessions by default). */
  const liveLocals: Entry[] = [];
  let list: readonly DialOutSessionSnapshot[] = EMPTY.sessions;
  let state = EMPTY;
  const state$ = new BehaviorSubject<DialOutManagerSnapshot>(EMPTY);
  const events$ = new Subject<DialOutEvent>();
  const warnings$ = new Subject<DialOutWarning>();
  const errors$ = new Subject<DialOutError>();
  let notes: Note[] = [];
  let statePending = false;
  let dirty: Entry[] = [];
  /** Sessions were pruned: `list` is rebuilt once, before publication. */
  let stale = false;
  let depth = 0;
  let flushing = false;
  let disposed = false;
  let completed = false;
  let localCount = 0;
  let requestCount = 0;
  let dtmfCount = 0;

  // ---- publication: user code runs only here, after the work is done

  /** Runs `fn`, then publishes once the outermost call returns. */
  function enter<T>(fn: () => T): T {
    depth++;
    try {
      return fn();
    } finally {
      depth--;
      if (depth === 0) flush();
    }
  }

  function flush(): void {
    if (stale) {
      stale = false;
      let i = 0;
      for (const entry of entries.values()) entry.index = i++;
      setList(Object.freeze([...entries.values()].map((e) => e.snapshot)));
    }
    if (flushing) return;
    flushing = true;
    try {
      for (let i = 0; i < notes.length; i++) {
        const note = notes[i] as Note;
        if (note.kind === 'event') events$.next(note.value);
        else if (note.kind === 'warning') warnings$.next(note.value);
        else if (note.kind === 'error') errors$.next(note.value);
        else publishState();
      }
      notes = [];
      if (disposed && !completed && [...entries.values()].every((e) => e.final)) complete();
    } finally {
      flushing = false;
    }
  }

  function publishState(): void {
    statePending = false;
    if (state !== state$.getValue()) state$.next(state);
    const batch = dirty;
    dirty = [];
    for (const entry of batch) {
      entry.dirty = false;
      if (entry.subject && entry.subject.getValue() !== entry.snapshot) entry.subject.next(entry.snapshot);
      if (entry.final && !entry.settled) settle(entry);
    }
  }

  function settle(entry: Entry): void {
    entry.settled = true;
    entry.subject?.complete();
    entry.resolveDone(entry.snapshot);
    for (const w of entry.stopWaiters.splice(0)) w.resolve();
    for (const [requestId, w] of entry.dtmfWaiters) {
      entry.dtmfWaiters.delete(requestId);
      w.reject(new DialOutStateError(`sendDTMF(): ${entry.id} ended before daily-js answered`));
    }
  }

  function complete(): void {
    completed = true;
    state$.complete();
    events$.complete();
    warnings$.complete();
    errors$.complete();
  }

  function note(n: Note): void {
    notes.push(n);
  }

  function changed(entry: Entry): void {
    if (!entry.dirty) {
      entry.dirty = true;
      dirty.push(entry);
    }
    if (!statePending) {
      statePending = true;
      note({ kind: 'state' });
    }
  }

  // ---- sessions

  /** The newest live local session, else the newest live one, else the newest: someone else's dial-out never hides ours. */
  function currentOf(sessions: readonly DialOutSessionSnapshot[]): DialOutSessionSnapshot | undefined {
    const local = liveLocals[liveLocals.length - 1];
    if (local) return local.snapshot;
    // at most maxEndedSessions ended sessions are passed before a live one
    for (let i = sessions.length - 1; i >= 0; i--) {
      const s = sessions[i] as DialOutSessionSnapshot;
      if (!isFinalStatus(s.status)) return s;
    }
    return sessions[sessions.length - 1];
  }

  function setList(next: readonly DialOutSessionSnapshot[]): void {
    list = next;
    const current = currentOf(next);
    state = Object.freeze({ sessions: next, current, status: current?.status ?? 'idle' });
  }

  function onSnapshot(entry: Entry, actorSnapshot: SessionActorSnapshot): void {
    const seen = entry.actorSnapshot;
    if (actorSnapshot === seen || (seen && actorSnapshot.context === seen.context && actorSnapshot.value === seen.value)) return;
    entry.actorSnapshot = actorSnapshot;
    const next = toSessionSnapshot(actorSnapshot);
    const prev = entry.snapshot;
    if (sameSnapshot(prev, next)) return;
    entry.snapshot = next;
    if (!entry.final && isFinalStatus(next.status)) {
      entry.final = true;
      const i = liveLocals.indexOf(entry);
      if (i !== -1) liveLocals.splice(i, 1);
      prune(correlator.ended(entry.id));
    }
    if (!stale && entries.get(entry.id) === entry) {
      const copy = [...list];
      copy[entry.index] = next;
      setList(Object.freeze(copy));
    }
    changed(entry);
    for (let i = prev.warnings === next.warnings ? next.warnings.length : prev.warnings.length; i < next.warnings.length; i++) {
      note({ kind: 'warning', value: next.warnings[i] as DialOutWarning });
    }
    if (next.error && next.error !== prev.error) note({ kind: 'error', value: next.error });
    if (depth === 0) flush();
  }

  function prune(ids: string[]): void {
    for (const id of ids) {
      entries.delete(id);
      stale = true;
    }
  }

  function addEntry(input: DialOutSessionInput): Entry {
    const actor = createActor(dialOutSessionMachine, { id: `session.${input.id}`, input: { ...input, call }, clock, ...inspection });
    let resolveDone!: (s: DialOutSessionSnapshot) => void;
    const done = new Promise<DialOutSessionSnapshot>((resolve) => {
      resolveDone = resolve;
    });
    const entry: Entry = {
      id: input.id,
      actor,
      actorSnapshot: undefined,
      // a blank first picture, so that what the actor does on start (NOT_JOINED) is published like any change
      snapshot: Object.freeze({ id: input.id, status: 'idle', initiator: input.initiator, attempt: 0, warnings: Object.freeze([]), createdAt: now() }),
      index: list.length,
      final: false,
      dirty: false,
      settled: false,
      subject: undefined,
      done,
      resolveDone,
      stopWaiters: [],
      dtmfWaiters: new Map(),
      handle: undefined as unknown as DialOutSession,
    };
    entry.handle = handleOf(entry);
    entries.set(entry.id, entry);
    if (input.initiator === 'local') liveLocals.push(entry);
    setList(Object.freeze([...list, entry.snapshot]));
    changed(entry);
    actor.on('start.request', (e) =>
      enter(() => {
        correlator.startRequested(entry.id);
        managerActor.send({ type: 'start.request', requestId: ++requestCount, localId: entry.id, options: e.options });
      }),
    );
    actor.on('hangup.request', (e) => managerActor.send({ type: 'orphan.stop', sessionId: e.sessionId }));
    actor.on('stop.failed', (e) => {
      for (const w of entry.stopWaiters.splice(0)) w.reject(e.error);
    });
    actor.on('dtmf.settled', (e) => {
      const waiter = entry.dtmfWaiters.get(e.requestId);
      if (!waiter) return;
      entry.dtmfWaiters.delete(e.requestId);
      if (e.ok) waiter.resolve();
      else waiter.reject(e.error);
    });
    actor.subscribe({ next: (s) => onSnapshot(entry, s), error: () => {} });
    actor.start();
    return entry;
  }

  function send(entry: Entry, event: DialOutSessionEvent): void {
    if (entry.actor.getSnapshot().status === 'active') entry.actor.send(event);
  }

  // ---- routing: the one path every event takes

  function reportUnattributed(incoming: Incoming): void {
    note({ kind: 'event', value: toDialOutEvent(incoming, undefined, false) });
    const { fields, at } = incoming;
    if (incoming.name === 'dialout-error') {
      note({
        kind: 'error',
        value: toDailyError(incoming),
      });
    } else if (incoming.name === 'dialout-warning') {
      note({ kind: 'warning', value: toWarning(fields, at) });
    }
  }

  function receive(incoming: Incoming): void {
    const route = correlator.route(incoming);
    if (route.kind === 'held') return;
    if (route.kind === 'unattributed') return reportUnattributed(incoming);
    note({ kind: 'event', value: toDialOutEvent(incoming, route.localId, route.duplicate) });
    const entry =
      route.created !== undefined
        ? addEntry({ id: route.localId, initiator: 'remote', sessionId: route.created, timing, now, createdAt: incoming.at })
        : (entries.get(route.localId) as Entry);
    if (route.bound !== undefined) send(entry, { type: 'session.bound', sessionId: route.bound });
    if (route.apply) send(entry, toSessionEvent(incoming));
  }

  function detachAll(): void {
    for (const held of correlator.detachAll()) reportUnattributed(held);
    const at = now();
    for (const entry of [...entries.values()]) if (!entry.final) send(entry, { type: 'detach', at });
  }

  function deliver(signal: BridgeSignal): void {
    enter(() => {
      if (disposed) return;
      if ('payload' in signal) receive(fromDailyJs(signal.name, signal.payload, now()));
      else detachAll();
    });
  }

  // ---- the manager actor: the bridge and the start attempts

  const managerActor = createActor(dialOutManagerMachine, { input: { deliver, call, ...(starter ? { starter } : {}) }, ...inspection });
  managerActor.on('start.resolved', (e) =>
    enter(() => {
      const sessionId = fromStartResult(e.output);
      const { live, release } = correlator.startResolved(e.localId, sessionId);
      const entry = entries.get(e.localId);
      if (live && entry) {
        send(entry, sessionId !== undefined ? { type: 'start.resolved', sessionId, at: now() } : { type: 'start.resolved', at: now() });
      } else if (sessionId !== undefined && entry?.snapshot.outcome !== 'detached') {
        // its session gave up before Daily answered: hang that dial-out up
        managerActor.send({ type: 'orphan.stop', sessionId });
      }
      for (const held of release) receive(held);
    }),
  );
  managerActor.on('start.rejected', (e) =>
    enter(() => {
      const { live, release } = correlator.startRejected(e.localId);
      const entry = entries.get(e.localId);
      if (live && entry) send(entry, { type: 'start.rejected', error: toStartError(e.error, now(), { localId: e.localId }) });
      for (const held of release) receive(held);
    }),
  );
  managerActor.start();

  // ---- the public surface

  function handleOf(entry: Entry): DialOutSession {
    const snapshot$ = new Observable<DialOutSessionSnapshot>((subscriber) => {
      if (entry.final && entry.settled) {
        subscriber.next(entry.snapshot);
        subscriber.complete();
        return undefined;
      }
      entry.subject ??= new BehaviorSubject(entry.snapshot);
      return entry.subject.subscribe(subscriber);
    });
    return Object.freeze({
      id: entry.id,
      get sessionId() {
        return entry.snapshot.sessionId;
      },
      get snapshot() {
        return entry.snapshot;
      },
      snapshot$,
      done: entry.done,
      stop: (): Promise<void> => {
        if (entry.final || disposed) return entry.final ? Promise.resolve() : entry.done.then(() => undefined);
        return new Promise<void>((resolve, reject) => {
          entry.stopWaiters.push({ resolve, reject });
          enter(() => send(entry, { type: 'stop' }));
        });
      },
      sendDTMF: (tones: string): Promise<void> => {
        let parsed: string;
        try {
          parsed = parseDtmfTones(tones);
        } catch (err) {
          return Promise.reject(err);
        }
        if (disposed) return Promise.reject(new DialOutStateError('sendDTMF(): the manager is disposed'));
        if (entry.snapshot.status !== 'answered') {
          return Promise.reject(new DialOutStateError(`sendDTMF() needs an answered session; ${entry.id} is '${entry.snapshot.status}'`));
        }
        const requestId = ++dtmfCount;
        return new Promise<void>((resolve, reject) => {
          entry.dtmfWaiters.set(requestId, { resolve, reject });
          enter(() => send(entry, { type: 'dtmf.send', requestId, tones: parsed }));
        });
      },
    });
  }

  function start(options: DailyStartDialoutOptions): DialOutSession {
    if (disposed) throw new DialOutStateError('start(): the manager is disposed');
    const parsed = parseStartDialOutOptions(options);
    let joined = false;
    try {
      joined = call.meetingState() === 'joined-meeting';
    } catch {
      joined = false;
    }
    return enter(() => {
      const id = `dialout-${++localCount}`;
      const target = parsed as { phoneNumber?: string; sipUri?: string; userId?: string };
      correlator.created(id, target.sipUri ?? target.phoneNumber, target.userId);
      return addEntry({ id, initiator: 'local', options: parsed, joined, timing, now }).handle;
    });
  }

  function session(id: string): DialOutSession | undefined {
    if (typeof id !== 'string') return undefined;
    const localId = entries.has(id) ? id : correlator.localIdOf(id);
    return localId === undefined ? undefined : entries.get(localId)?.handle;
  }

  function ingest(event: DialOutWebhookEvent): void {
    if (disposed) throw new DialOutStateError('ingest(): the manager is disposed');
    const parsed = parseDialOutWebhook(event);
    const incoming: Incoming = { ...fromWebhook(parsed, now()), payload: event };
    // Daily retries a delivery it thinks failed, with the same (type, id)
    const key = `${parsed.type}\u0000${parsed.id}`;
    const retried = webhookIds.has(key);
    webhookIds.delete(key);
    webhookIds.add(key);
    if (webhookIds.size > WEBHOOK_IDS_KEPT) webhookIds.delete(webhookIds.values().next().value as string);
    enter(() => {
      if (!retried) return receive(incoming);
      const sessionId = incoming.fields.sessionId;
      note({ kind: 'event', value: toDialOutEvent(incoming, sessionId === undefined ? undefined : correlator.localIdOf(sessionId), true) });
    });
  }

  function dispose(): void {
    if (disposed) return;
    disposed = true;
    enter(() => {
      detachAll();
      managerActor.send({ type: 'dispose' });
    });
  }

  const shared = <T>(project: (s: DialOutManagerSnapshot) => T): Observable<T> => {
    const live = state$.pipe(map(project), distinctUntilChanged(), shareReplay({ bufferSize: 1, refCount: true }));
    // after dispose() the final value is still replayed, then completion
    return new Observable<T>((subscriber) => {
      if (!completed) return live.subscribe(subscriber);
      subscriber.next(project(state));
      subscriber.complete();
      return undefined;
    });
  };

  return Object.freeze({
    start,
    session,
    sessions$: shared((s) => s.sessions),
    current$: shared((s) => s.current),
    status$: shared((s) => s.status),
    events$: events$.asObservable(),
    warnings$: warnings$.asObservable(),
    errors$: errors$.asObservable(),
    getSnapshot: () => state,
    subscribe(listener: () => void): () => void {
      if (typeof listener !== 'function') {
        throw new DialOutValidationError([{ path: 'listener', message: 'must be a function' }], 'subscribe() arguments');
      }
      const subscription = state$.pipe(skip(1)).subscribe(() => listener());
      return () => subscription.unsubscribe();
    },
    ingest,
    preflight: (options?: DialOutPreflightOptions) =>
      preflight(call, [...entries.values()].filter((e) => !e.final).map((e) => e.snapshot), options),
    actor: managerActor,
    dispose,
  });
}
