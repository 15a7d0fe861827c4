/**
 * `createDialOutManager`: runs the manager and session actors of one call and
 * publishes what they do.
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import { BehaviorSubject, Observable, Subject, distinctUntilChanged, map, shareReplay, skip } from 'rxjs';
import { type Actor, type SnapshotFrom, createActor } from 'xstate';
import { type BridgeSignal, LEG_EVENT_TYPES } from '../daily/actors.js';
import { type Incoming, SESSION_EVENT_OF, fromDailyJs, fromStartResult, fromWebhook, toDailyError, toWarning } from '../daily/events.js';
import { DialOutStateError, DialOutValidationError, makeError, toStartError } from '../errors.js';
import {
  type DialOutSessionEvent,
  type DialOutSessionInput,
  type DialOutSessionRestore,
  MAX_TIMER_DELAY_MS,
  dialOutSessionMachine,
} from '../session/machine.js';
import { isFinalStatus, sameSnapshot, toSessionSnapshot } from '../session/snapshot.js';
import type {
  DialOutAudioState,
  DialOutDtmf,
  DialOutDtmfOptions,
  DialOutPreflightOptions,
  DialOutReferOptions,
  DialOutTransferOptions,
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
import { parseDtmfOptions, parseDtmfSequence } from '../validation/dtmf.js';
import { parseReferOptions, parseTransferOptions } from '../validation/transfer.js';
import { isPlainObject, own } from '../values.js';
import { parseStartDialOutOptions } from '../validation/startDialOutOptions.js';
import { parseDialOutWebhook } from '../webhook/parse.js';
import type { DialOutWebhookEvent } from '../webhook/types.js';
import { createCorrelator } from './correlator.js';
import { dialOutManagerMachine } from './machine.js';
import { resolveManagerOptions } from './options.js';
import { preflight } from './preflight.js';
import { type StoredSession, readStored, storageKey, toStored, writeStored } from './storage.js';

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
  readonly transferWaiters: Map<number, Waiter>;
  /** Received DTMF of this leg, once someone subscribed to `dtmf$`. */
  dtmf: Subject<DialOutDtmf> | undefined;
  handle: DialOutSession;
}

type Note =
  | { readonly kind: 'event'; readonly value: DialOutEvent }
  | { readonly kind: 'warning'; readonly value: DialOutWarning }
  | { readonly kind: 'error'; readonly value: DialOutError }
  | { readonly kind: 'dtmf'; readonly value: DialOutDtmf; readonly entry: Entry | undefined }
  | { readonly kind: 'state' };

/** The `participantType`s of a dial-out's phone leg (daily-js's `DailyParticipantTypeValues`). */
const PHONE_LEG_TYPES: ReadonlySet<unknown> = new Set(['sip-dial-out', 'pstn-dial-out']);
const AUDIO_STATES: ReadonlySet<unknown> = new Set(['blocked', 'off', 'sendable', 'loading', 'interrupted', 'playable']);
const TRANSFER_STATUS_OF = {
  'calltransfer.triggered': 'triggered',
  'calltransfer.initiated': 'initiated',
  'calltransfer.answered': 'answered',
  'calltransfer.completed': 'completed',
} as const;

/** A phone-leg participant of a `participant-*` event or of `participants()`: its sessionId and audio state. */
function phoneLegOf(participant: unknown): { sessionId: string; audio: DialOutAudioState } | undefined {
  if (!isPlainObject(participant) || !PHONE_LEG_TYPES.has(own(participant, 'participantType'))) return undefined;
  const sessionId = own(participant, 'session_id');
  if (typeof sessionId !== 'string' || sessionId === '') return undefined;
  const tracks = own(participant, 'tracks');
  const audio = isPlainObject(tracks) ? own(tracks, 'audio') : undefined;
  const state = isPlainObject(audio) ? own(audio, 'state') : undefined;
  return { sessionId, audio: AUDIO_STATES.has(state) ? (state as DialOutAudioState) : 'off' };
}

/** What a stored session resumes as. */
function toRestore(stored: StoredSession, at: number): DialOutSessionRestore {
  const { transfer } = stored;
  return {
    status: stored.status,
    attempt: stored.attempt,
    warnings: Object.freeze(stored.warnings.map((w) => Object.freeze({ ...w, localId: stored.id }))),
    ...(stored.connectedAt !== undefined ? { connectedAt: stored.connectedAt } : {}),
    ...(stored.answeredAt !== undefined ? { answeredAt: stored.answeredAt } : {}),
    ...(transfer
      ? {
          transfer: Object.freeze({
            method: transfer.method,
            toEndPoint: transfer.toEndPoint,
            status: transfer.status,
            requestedAt: transfer.requestedAt,
            ...(transfer.status === 'failed' ? { error: makeError('TRANSFER_FAILED', 'The transfer failed before the page was reloaded', at) } : {}),
          }),
        }
      : {}),
    info: {
      sessionId: stored.sessionId,
      target: stored.target,
      displayName: stored.displayName,
      userId: stored.userId,
      provider: stored.provider,
      sipCallId: stored.sipCallId,
      callerId: stored.callerId,
      origin: stored.origin,
      actionTraceId: stored.actionTraceId,
    },
  };
}

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
  // dialin-ready names no session: it is never routed to one
  const type = SESSION_EVENT_OF[incoming.name as Exclude<Incoming['name'], 'dialin-ready'>];
  const { fields, at } = incoming;
  if (type === 'daily.transfer') {
    const status = TRANSFER_STATUS_OF[incoming.name as keyof typeof TRANSFER_STATUS_OF];
    return { type, status, at, refer: fields.sipRefer === 'true', ...(fields.toEndPoint !== undefined ? { toEndPoint: fields.toEndPoint } : {}) };
  }
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
  const { timing, trackRemoteSessions, maxEndedSessions, now, inspect, starter, storage, storeTargets } = resolveManagerOptions(options);
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
  const dtmf$ = new Subject<DialOutDtmf>();
  /** What `storage` holds: live local sessions, and those that ended detached (a reload may still recover them). */
  const stored = new Map<string, StoredSession>();
  const STORAGE_KEY = storageKey(undefined);
  /** Stored sessions are restored (once) at the first recovery. */
  let restorePending = storage !== undefined;
  /** Restored sessions not yet checked against the room's participants. */
  const unreconciled = new Set<Entry>();
  let transferCount = 0;
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
        else if (note.kind === 'dtmf') {
          note.entry?.dtmf?.next(note.value);
          dtmf$.next(note.value);
        }
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
    for (const [requestId, w] of entry.transferWaiters) {
      entry.transferWaiters.delete(requestId);
      w.reject(new DialOutStateError(`transfer(): ${entry.id} ended before daily-js answered`));
    }
    entry.dtmf?.complete();
  }

  function complete(): void {
    completed = true;
    state$.complete();
    events$.complete();
    warnings$.complete();
    errors$.complete();
    dtmf$.complete();
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
    persist(entry);
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
      transferWaiters: new Map(),
      dtmf: undefined,
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
    actor.on('transfer.settled', (e) => settleWaiter(entry.transferWaiters, e));
    actor.on('dtmf.settled', (e) => settleWaiter(entry.dtmfWaiters, e));
    actor.subscribe({ next: (s) => onSnapshot(entry, s), error: () => {} });
    actor.start();
    return entry;
  }

  /** Settles the waiter of a request the session reports settled (`dtmf.settled`, `transfer.settled`). */
  function settleWaiter(waiters: Map<number, Waiter>, settled: { requestId: number; ok: boolean; error?: unknown }): void {
    const waiter = waiters.get(settled.requestId);
    if (!waiter) return;
    waiters.delete(settled.requestId);
    if (settled.ok) waiter.resolve();
    else waiter.reject(settled.error);
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

  function receiveDtmf(payload: unknown): void {
    const at = now();
    const read = (key: string) => {
      const value = isPlainObject(payload) ? own(payload, key) : undefined;
      return typeof value === 'string' && value !== '' && value.length <= 64 ? value : undefined;
    };
    const sessionId = read('sessionId');
    const localId = sessionId === undefined ? undefined : correlator.localIdOf(sessionId);
    const entry = localId === undefined ? undefined : entries.get(localId);
    const tone = read('tone') ?? '';
    const method = read('method');
    const value: DialOutDtmf = Object.freeze({
      tone,
      at,
      ...(method !== undefined ? { method } : {}),
      ...(sessionId !== undefined ? { sessionId } : {}),
      ...(entry ? { localId: entry.id } : {}),
    });
    note({ kind: 'dtmf', value, entry });
    if (entry && tone !== '') send(entry, { type: 'daily.dtmf', tone, at });
  }

  function receiveParticipant(name: (typeof LEG_EVENT_TYPES)[number], payload: unknown): void {
    const leg = phoneLegOf(isPlainObject(payload) ? own(payload, 'participant') : undefined);
    const localId = leg && correlator.localIdOf(leg.sessionId);
    const entry = localId === undefined ? undefined : entries.get(localId);
    if (!leg || !entry) return;
    const at = now();
    if (name !== 'participant-left') return send(entry, { type: 'participant.updated', sessionId: leg.sessionId, audio: leg.audio, at });
    if (correlator.left(entry.id)) send(entry, { type: 'participant.left', at });
  }

  /** The room's phone-leg participants, by sessionId; `undefined` when daily-js cannot tell. */
  function phoneLegsInRoom(): Map<string, DialOutAudioState> | undefined {
    let participants: unknown;
    try {
      participants = call.participants?.();
    } catch {
      return undefined;
    }
    if (!isPlainObject(participants)) return undefined;
    const legs = new Map<string, DialOutAudioState>();
    for (const key of Object.keys(participants)) {
      const leg = phoneLegOf(own(participants, key));
      if (leg) legs.set(leg.sessionId, leg.audio);
    }
    return legs;
  }

  /** Restores stored sessions (once), reconciles them with the room, and gives every phone leg in the room a session. */
  function recover(): void {
    if (restorePending && storage) {
      restorePending = false;
      restore(storage);
    }
    const legs = phoneLegsInRoom();
    if (!legs) return;
    const at = now();
    for (const entry of [...unreconciled]) {
      unreconciled.delete(entry);
      const sessionId = entry.snapshot.sessionId;
      const audio = sessionId === undefined ? undefined : legs.get(sessionId);
      if (audio === undefined) {
        // gone while the page was away: it ends here, and leaves storage
        stored.delete(entry.id);
        send(entry, { type: 'detach', at });
      }
      else send(entry, { type: 'participant.updated', sessionId: sessionId as string, audio, at });
    }
    if (!trackRemoteSessions) return;
    for (const [sessionId, audio] of legs) {
      const known = correlator.localIdOf(sessionId);
      if (known !== undefined && entries.get(known)?.final === false) continue;
      const id = correlator.recovered(sessionId);
      const entry = addEntry({ id, initiator: 'remote', sessionId, timing, now, createdAt: at, restore: { status: 'connected' } });
      send(entry, { type: 'participant.updated', sessionId, audio, at });
    }
  }

  function restore(from: NonNullable<typeof storage>): void {
    const { sessions, problem } = readStored(from, STORAGE_KEY);
    if (problem !== undefined) {
      // once, after createDialOutManager returns, so that a subscriber attached right after creation sees it
      const warning = Object.freeze({ message: `Stored dial-out sessions ignored: ${problem}`, at: now() });
      queueMicrotask(() => enter(() => note({ kind: 'warning', value: warning })));
    }
    for (const s of sessions) {
      if (entries.has(s.id)) continue;
      const n = Number(/^dialout-(\d+)$/.exec(s.id)?.[1] ?? 0);
      if (n > localCount) localCount = n;
      const target = s.target?.kind === 'sip' ? s.target.sipUri : s.target?.phoneNumber;
      correlator.recovered(s.sessionId, s.id, target, s.userId);
      stored.set(s.id, s);
      const entry = addEntry({ id: s.id, initiator: 'local', timing, now, createdAt: s.createdAt, restore: toRestore(s, now()) });
      unreconciled.add(entry);
    }
  }

  /** Keeps `storage` in step with a local session's latest snapshot. */
  function persist(entry: Entry): void {
    if (!storage || entry.snapshot.initiator !== 'local') return;
    const s = entry.snapshot;
    if (!isFinalStatus(s.status)) stored.set(entry.id, toStored(s, storeTargets));
    else if (s.outcome !== 'detached' && !stored.delete(entry.id)) return;
    writeStored(storage, STORAGE_KEY, [...stored.values()]);
  }

  function deliver(signal: BridgeSignal): void {
    enter(() => {
      if (disposed) return;
      switch (signal.name) {
        case 'dtmf-event':
          return receiveDtmf(signal.payload);
        case 'participant-joined':
        case 'participant-updated':
        case 'participant-left':
          return receiveParticipant(signal.name, signal.payload);
        case 'joined-meeting':
          return recover();
        case 'left-meeting':
        case 'call-instance-destroyed':
          return detachAll();
        default:
          return receive(fromDailyJs(signal.name, signal.payload, now()));
      }
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
  try {
    if (call.meetingState() === 'joined-meeting') enter(recover);
  } catch {
    // meetingState() threw: recovery waits for the next joined-meeting
  }

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
      sendDTMF: (tones: string, dtmfOptions?: DialOutDtmfOptions): Promise<void> => {
        let chunks: string[];
        let parsedOptions: DialOutDtmfOptions;
        try {
          chunks = parseDtmfSequence(tones);
          parsedOptions = parseDtmfOptions(dtmfOptions);
        } catch (err) {
          return Promise.reject(err);
        }
        const refused = refusal(entry, 'sendDTMF()');
        if (refused) return Promise.reject(refused);
        const requestId = ++dtmfCount;
        return new Promise<void>((resolve, reject) => {
          entry.dtmfWaiters.set(requestId, { resolve, reject });
          const event = { type: 'dtmf.send' as const, requestId, chunks };
          enter(() => send(entry, Object.keys(parsedOptions).length > 0 ? { ...event, options: parsedOptions } : event));
        });
      },
      transfer: (transferOptions: DialOutTransferOptions): Promise<void> => requestTransfer(entry, 'transfer', transferOptions),
      refer: (referOptions: DialOutReferOptions): Promise<void> => requestTransfer(entry, 'refer', referOptions),
      dtmf$: new Observable<DialOutDtmf>((subscriber) => {
        if (entry.settled) {
          subscriber.complete();
          return undefined;
        }
        entry.dtmf ??= new Subject();
        return entry.dtmf.subscribe(subscriber);
      }),
    });
  }

  /** Why `what` cannot be asked of the session now, if it cannot. */
  function refusal(entry: Entry, what: string): DialOutStateError | undefined {
    if (disposed) return new DialOutStateError(`${what}: the manager is disposed`);
    if (entry.snapshot.status !== 'answered') return new DialOutStateError(`${what} needs an answered session; ${entry.id} is '${entry.snapshot.status}'`);
    return undefined;
  }

  function requestTransfer(entry: Entry, method: 'transfer' | 'refer', given: unknown): Promise<void> {
    let event: DialOutSessionEvent;
    const requestId = ++transferCount;
    try {
      event =
        method === 'refer'
          ? { type: 'transfer.request', requestId, method, options: parseReferOptions(given) }
          : { type: 'transfer.request', requestId, method, options: parseTransferOptions(given) };
    } catch (err) {
      return Promise.reject(err);
    }
    const refused = refusal(entry, `${method}()`);
    if (refused) return Promise.reject(refused);
    return new Promise<void>((resolve, reject) => {
      entry.transferWaiters.set(requestId, { resolve, reject });
      enter(() => send(entry, event));
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
    dtmf$: dtmf$.asObservable(),
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
