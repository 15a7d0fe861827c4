/**
 * The property-based storm: random sequences of everything that can happen to
 * a manager (starts, promise settlements of every shape, daily-js events with
 * known / unknown / missing / duplicated sessionIds, stops, DTMF, timers,
 * `left-meeting`, `dispose()`), with the manager's guarantees checked after
 * every step. Used by `storm.test.ts` (fast-check `fc.commands` +
 * `fc.asyncModelRun`) and by the named regression tests.
 */
import fc from 'fast-check';
import { expect, vi } from 'vitest';
import { DialOutStateError, DialOutValidationError, createDialOutManager } from '../../src/index.js';
import type {
  DialOutEvent,
  DialOutManager,
  DialOutManagerOptions,
  DialOutManagerSnapshot,
  DialOutSession,
  DialOutSessionSnapshot,
  DialOutStatus,
} from '../../src/index.js';
import { FakeDailyCall } from '../../src/testing/index.js';
import type { DialOutWebhookEvent, DialOutWebhookType } from '../../src/index.js';
import type { PendingStartCall, PendingStopCall, StartDialOutResult } from '../../src/testing/index.js';
import { VALID_START_OPTIONS } from '../badInput/tables.js';

// ---------------------------------------------------------------------------
// Known bugs: while a bug found by a storm is open in src/, an entry here lets
// the storm count the one violation it causes instead of failing, so that CI
// stays green (document it in FOUND_BUGS.md, with a reproduction).
// FUZZ_STRICT=1 ignores this list. BUG-1 to BUG-4 were fixed in 2ab82a0: none is open.

export interface KnownBug {
  readonly id: string;
  /** Whether a violation message is this bug. */
  readonly matches: (violation: string, world: StormWorld) => boolean;
}

export const KNOWN_BUGS: readonly KnownBug[] = [];

const STRICT = process.env.FUZZ_STRICT === '1';
/** How often each known bug was hit in this process. */
export const knownBugHits = new Map<string, number>();

function isKnownBug(violation: string, world: StormWorld): boolean {
  if (STRICT) return false;
  const bug = KNOWN_BUGS.find((b) => b.matches(violation, world));
  if (bug) knownBugHits.set(bug.id, (knownBugHits.get(bug.id) ?? 0) + 1);
  return bug !== undefined;
}

// ---------------------------------------------------------------------------
// Lifecycle order

const RANK: Record<DialOutStatus, number> = { idle: 0, connecting: 1, connected: 2, answered: 3, stopping: 4, stopped: 5, error: 5 };
const isFinal = (status: DialOutStatus) => status === 'stopped' || status === 'error';
/** The sessionIds of the storm's local dial-outs (events use them too, with R1/R2 for others'). */
const SESSION_IDS = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'] as const;

/** Lets promise settlements (daily-js → XState promise actors → façade promises) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A small deterministic PRNG (mulberry32) for the backoff jitter, so that a seed replays exactly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Tracked {
  readonly what: string;
  readonly handle: DialOutSession;
  state: 'pending' | 'resolved' | 'rejected';
  reason?: unknown;
}

/** The sessionId an event carried: a daily-js payload's `sessionId`, a webhook's `payload.session_id`. */
function rawSessionId(payload: unknown): unknown {
  const p = payload as { sessionId?: unknown; type?: unknown; payload?: { session_id?: unknown } } | null;
  return typeof p?.type === 'string' && p.type.startsWith('dialout.') ? p.payload?.session_id : p?.sessionId;
}

/** The system under test and everything the invariants need to remember. */
export class StormWorld {
  readonly call: FakeDailyCall;
  readonly manager: DialOutManager;
  readonly baseline: number;
  readonly options: DialOutManagerOptions;
  readonly handles: DialOutSession[] = [];
  readonly log: string[] = [];
  disposed = false;
  /** sessionIds startDialOut() resolved with so far: daily-js never gives one twice. */
  readonly startSessionIds = new Set<string>();
  /** sessionIds seen in events so far. */
  readonly eventSessionIds = new Set<string>();
  /** For each startDialOut() call, the sessionIds seen in events before it was made (they belong to other dial-outs). */
  private readonly seenBeforeStart: ReadonlySet<string>[] = [];
  /** Snapshot right after dispose(): nothing may change it afterwards. */
  afterDispose: DialOutManagerSnapshot | undefined;

  private readonly knownIds = new Set<string>();
  private readonly emitted = new Map<unknown, number>();
  private readonly reported = new Map<unknown, number>();
  private readonly reportedEvents: DialOutEvent[] = [];
  private readonly published: DialOutManagerSnapshot[] = [];
  private lastPublished: DialOutManagerSnapshot;
  private readonly lastSeen = new Map<string, DialOutSessionSnapshot>();
  private readonly stopsBySessionId = new Map<string, PendingStopCall[]>();
  private readonly violations: string[] = [];
  private readonly stops: Tracked[] = [];
  private readonly dtmfs: Tracked[] = [];
  private readonly done = new Map<string, boolean>();
  private readonly consoleCalls: string[] = [];
  private readonly restore: (() => void)[] = [];

  constructor(options: DialOutManagerOptions, randomSeed: number) {
    this.options = options;
    for (const method of ['warn', 'error'] as const) {
      const spy = vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        this.consoleCalls.push(`console.${method}: ${args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ')}`);
      });
      this.restore.push(() => spy.mockRestore());
    }
    const random = vi.spyOn(Math, 'random').mockImplementation(prng(randomSeed));
    this.restore.push(() => random.mockRestore());

    this.call = new FakeDailyCall();
    // stopDialOut at most once per sessionId unless the previous one rejected: checked when it is called
    const stopDialOut = this.call.stopDialOut.bind(this.call);
    this.call.stopDialOut = (args: { sessionId: string }) => {
      const sessionId = args.sessionId;
      if (typeof sessionId !== 'string' || sessionId.length === 0) this.violations.push(`stopDialOut with sessionId ${JSON.stringify(sessionId)}`);
      const earlier = this.stopsBySessionId.get(sessionId) ?? [];
      const last = earlier.at(-1);
      if (last && last.status !== 'rejected') {
        this.violations.push(`stopDialOut(${sessionId}) sent again while the previous one is ${last.status}`);
      }
      const before = this.call.stopCalls.length;
      const result = stopDialOut(args); // throws (not recorded) when the call is not joined
      if (this.call.stopCalls.length > before) {
        this.stopsBySessionId.set(sessionId, [...earlier, this.call.stopCalls.at(-1) as PendingStopCall]);
      }
      return result;
    };
    const startDialOut = this.call.startDialOut.bind(this.call);
    this.call.startDialOut = (args) => {
      const before = this.call.startCalls.length;
      const result = startDialOut(args);
      if (this.call.startCalls.length > before) this.seenBeforeStart.push(new Set(this.eventSessionIds));
      return result;
    };
    this.baseline = this.call.listenerCount();
    this.manager = createDialOutManager(this.call, options);
    this.lastPublished = this.manager.getSnapshot();
    this.manager.subscribe(() => {
      const snapshot = this.manager.getSnapshot();
      if (snapshot === this.lastPublished) this.violations.push('subscribe() listener called but getSnapshot() did not change');
      this.lastPublished = snapshot;
      this.published.push(snapshot);
    });
    const once = (what: string) => {
      const seen = new Set<unknown>();
      return (value: unknown) => {
        if (seen.has(value)) this.violations.push(`${what} emitted the same value twice: ${JSON.stringify(value)}`);
        seen.add(value);
        if (!Object.isFrozen(value)) this.violations.push(`${what} value not frozen`);
      };
    };
    this.manager.errors$.subscribe(once('errors$'));
    this.manager.warnings$.subscribe(once('warnings$'));
    this.manager.events$.subscribe((event) => {
      this.reportedEvents.push(event);
      this.reported.set(event.payload, (this.reported.get(event.payload) ?? 0) + 1);
    });
  }

  /** Releases the console and Math.random spies. */
  close(): void {
    for (const r of this.restore.splice(0)) r();
  }

  // -------------------------------------------------------------------------
  // Actions

  track(handle: DialOutSession): void {
    if (this.handles.includes(handle) || this.knownIds.has(handle.id)) return;
    this.handles.push(handle);
    this.knownIds.add(handle.id);
    this.done.set(handle.id, false);
    void handle.done.then((final) => {
      this.done.set(handle.id, true);
      if (!isFinal(final.status)) this.violations.push(`${handle.id}: done resolved with status ${final.status}`);
    });
    let previous: DialOutSessionSnapshot | undefined;
    handle.snapshot$.subscribe({
      next: (s) => {
        if (previous) this.compare(previous, s, `${handle.id} snapshot$`);
        previous = s;
      },
    });
  }

  start(options: unknown): void {
    if (this.disposed) {
      expect(() => this.manager.start(options as never)).toThrow(DialOutStateError);
      return;
    }
    const handle = this.manager.start(options as never);
    expect(['connecting', 'error']).toContain(handle.snapshot.status);
    this.track(handle);
  }

  /**
   * A sessionId daily-js could resolve start call `index` with: the preferred one of the pool unless
   * an earlier start got it or it was seen in events before this start was made (another dial-out's).
   */
  freshStartSessionId(index: number, preferred: number): string {
    const pool = SESSION_IDS.map((_, i) => SESSION_IDS[(preferred + i) % SESSION_IDS.length] as string);
    const others = this.seenBeforeStart[index] ?? new Set<string>();
    const id = pool.find((x) => !this.startSessionIds.has(x) && !others.has(x)) ?? `S${100 + this.startSessionIds.size}`;
    this.startSessionIds.add(id);
    return id;
  }

  /**
   * startDialOut() calls still pending when the call left the meeting (or was destroyed): daily-js
   * will not answer them with a dial-out any more, so the storm never settles them (until after dispose()).
   */
  private readonly staleStarts = new Set<PendingStartCall>();

  /** Leaves the meeting (or destroys the call): pending starts go stale. */
  leave(destroy: boolean): void {
    for (const c of this.call.startCalls) if (!c.settled) this.staleStarts.add(c);
    if (destroy) this.call.destroy();
    else this.call.leave();
  }

  /** The oldest startDialOut() call daily-js may still settle, and its index in `call.startCalls`. */
  pendingStart(): { call: PendingStartCall; index: number } | undefined {
    const calls = this.call.startCalls;
    const index = calls.findIndex((c) => !c.settled && !this.staleStarts.has(c));
    const call = calls[index];
    return call ? { call, index } : undefined;
  }

  /** Resolves the oldest settleable startDialOut() with `value`. */
  resolveStart(value: unknown): void {
    this.pendingStart()?.call.resolve(value as StartDialOutResult);
  }

  rejectStart(reason: unknown): void {
    this.pendingStart()?.call.reject(reason);
  }

  startInvalid(options: unknown): void {
    const before = this.call.startCalls.length;
    expect(() => this.manager.start(options as never)).toThrow(this.disposed ? DialOutStateError : DialOutValidationError);
    expect(this.call.startCalls.length).toBe(before);
  }

  private lastEmitted: { type: string; payload: object } | undefined;

  emitAgain(): void {
    if (this.lastEmitted) this.emit(this.lastEmitted.type, this.lastEmitted.payload);
  }

  emit(type: string, payload: object): void {
    this.lastEmitted = { type, payload };
    const sessionId = (payload as { sessionId?: unknown }).sessionId;
    if (typeof sessionId === 'string' && sessionId.length > 0) this.eventSessionIds.add(sessionId);
    const listening = this.call.listenerCount(type) > 0;
    this.call.emitRaw(type, payload);
    if (listening && !this.disposed) this.emitted.set(payload, (this.emitted.get(payload) ?? 0) + 1);
  }

  /** Ingests a Daily webhook (the other source of the same events); after dispose() it must throw. */
  ingest(event: DialOutWebhookEvent): void {
    const sessionId = event.payload.session_id;
    if (sessionId !== undefined) this.eventSessionIds.add(sessionId);
    if (this.disposed) {
      expect(() => this.manager.ingest(event)).toThrow(DialOutStateError);
      return;
    }
    this.manager.ingest(event);
    this.emitted.set(event, (this.emitted.get(event) ?? 0) + 1);
  }

  stop(index: number): void {
    const handle = this.handles[index % Math.max(1, this.handles.length)];
    if (!handle) return;
    const tracked: Tracked = { what: `stop(${handle.id})`, handle, state: 'pending' };
    this.stops.push(tracked);
    handle.stop().then(
      () => (tracked.state = 'resolved'),
      (reason: unknown) => {
        tracked.state = 'rejected';
        tracked.reason = reason;
      },
    );
  }

  sendDTMF(index: number, tones: string): void {
    const handle = this.handles[index % Math.max(1, this.handles.length)];
    if (!handle) return;
    const tracked: Tracked = { what: `sendDTMF(${handle.id}, ${tones})`, handle, state: 'pending' };
    this.dtmfs.push(tracked);
    handle.sendDTMF(tones).then(
      () => (tracked.state = 'resolved'),
      (reason: unknown) => {
        tracked.state = 'rejected';
        tracked.reason = reason;
      },
    );
  }

  dispose(): void {
    this.manager.dispose();
    this.disposed = true;
  }

  // -------------------------------------------------------------------------
  // Invariants

  private compare(prev: DialOutSessionSnapshot, next: DialOutSessionSnapshot, where: string): void {
    if (isFinal(prev.status)) {
      if (next !== prev) this.violations.push(`${where}: final ${prev.status} changed to ${JSON.stringify(next)}`);
    } else if (RANK[next.status] < RANK[prev.status]) {
      this.violations.push(`${where}: moved backwards ${prev.status} → ${next.status}`);
    }
    if (prev.sessionId !== undefined && next.sessionId !== prev.sessionId) {
      this.violations.push(`${where}: sessionId changed ${prev.sessionId} → ${String(next.sessionId)}`);
    }
  }

  private observe(snapshot: DialOutManagerSnapshot, where: string): void {
    if (!Object.isFrozen(snapshot) || !Object.isFrozen(snapshot.sessions)) this.violations.push(`${where}: manager snapshot not frozen`);
    const live = snapshot.sessions.filter((s) => !isFinal(s.status));
    const current = live.filter((s) => s.initiator === 'local').at(-1) ?? live.at(-1) ?? snapshot.sessions.at(-1);
    if (snapshot.current !== current) {
      this.violations.push(`${where}: current is not the newest live local session, else the newest live one, else the newest`);
    }
    if (snapshot.status !== (current?.status ?? 'idle')) this.violations.push(`${where}: status ${snapshot.status} is not current's`);
    if (new Set(snapshot.sessions.map((s) => s.id)).size !== snapshot.sessions.length) this.violations.push(`${where}: duplicate session ids`);
    for (const s of snapshot.sessions) {
      if ((s.outcome !== undefined) !== isFinal(s.status)) this.violations.push(`${where}: ${s.id} is ${s.status} with outcome ${String(s.outcome)}`);
      if (s.endedAt !== undefined && s.answeredAt !== undefined && s.durationMs !== Math.max(0, s.endedAt - s.answeredAt)) {
        this.violations.push(`${where}: ${s.id} durationMs ${String(s.durationMs)}`);
      }
      if ((s.endedBy !== undefined) !== isFinal(s.status)) this.violations.push(`${where}: ${s.id} is ${s.status} with endedBy ${String(s.endedBy)}`);
      if (s.retry !== undefined && (s.status !== 'connecting' || s.error !== undefined)) {
        this.violations.push(`${where}: ${s.id} has a retry while ${s.status}${s.error ? ' with an error' : ''}`);
      }
      // whatever mix of daily-js events and webhooks: createdAt ≤ connectedAt ≤ answeredAt ≤ endedAt
      const times = [s.createdAt, s.connectedAt, s.answeredAt, s.endedAt].filter((t): t is number => t !== undefined);
      if (times.some((t, i) => i > 0 && t < (times[i - 1] as number))) {
        this.violations.push(`${where}: ${s.id} timestamps out of order ${JSON.stringify({ createdAt: s.createdAt, connectedAt: s.connectedAt, answeredAt: s.answeredAt, endedAt: s.endedAt })}`);
      }
      const maxAttempts = this.options.retry?.maxAttempts ?? 3;
      if (s.initiator === 'local' ? s.attempt > maxAttempts : s.attempt !== 0) this.violations.push(`${where}: ${s.id} attempt ${s.attempt}`);
      if (!Object.isFrozen(s) || !Object.isFrozen(s.warnings)) this.violations.push(`${where}: ${s.id} snapshot not frozen`);
      const prev = this.lastSeen.get(s.id);
      if (prev) this.compare(prev, s, `${where} ${s.id}`);
      this.lastSeen.set(s.id, s);
    }
  }

  /** Gives remote sessions handles too, so that stop() / sendDTMF() reach them. */
  discover(): void {
    if (this.disposed) return;
    for (const s of this.manager.getSnapshot().sessions) {
      if (!this.knownIds.has(s.id)) {
        const handle = this.manager.session(s.id);
        if (handle) this.track(handle);
      }
    }
  }

  /** Checks every guarantee; throws with all violations found. */
  check(step: string): void {
    // snapshots: frozen, never backwards, final never changes, same object between changes
    for (const snapshot of this.published.splice(0)) this.observe(snapshot, step);
    const current = this.manager.getSnapshot();
    if (current !== this.lastPublished) this.violations.push(`${step}: getSnapshot() changed without a notification`);
    if (this.manager.getSnapshot() !== current) this.violations.push(`${step}: getSnapshot() is not stable`);
    this.observe(current, step);
    for (const handle of this.handles) {
      const prev = this.lastSeen.get(`handle:${handle.id}`);
      if (prev) this.compare(prev, handle.snapshot, `${step} handle ${handle.id}`);
      this.lastSeen.set(`handle:${handle.id}`, handle.snapshot);
    }
    // retention
    if (!this.disposed) {
      const ended = current.sessions.filter((s) => isFinal(s.status)).length;
      const max = this.options.maxEndedSessions ?? 50;
      if (ended > max) this.violations.push(`${step}: ${ended} ended sessions retained, maxEndedSessions ${max}`);
    }
    // every event received is reported on events$ exactly once, except that the manager may hold an event
    // with an unknown sessionId while a startDialOut() daily-js may still answer is pending (the storm's view:
    // an unsettled, non-stale start call); once none is, after left-meeting / destroy and after dispose(),
    // every event is reported. An event is never reported more often than received.
    const startPending = !this.disposed && this.pendingStart() !== undefined;
    const retainedSessionIds = new Set(current.sessions.flatMap((s) => (s.sessionId !== undefined ? [s.sessionId] : [])));
    for (const [payload, count] of this.emitted) {
      const reported = this.reported.get(payload) ?? 0;
      if (reported > count) {
        this.violations.push(`${step}: event ${JSON.stringify(payload)} reported ${reported}× but received ${count}×`);
      } else if (reported < count) {
        const raw = rawSessionId(payload);
        const why =
          !startPending
            ? 'no startDialOut() is pending'
            : typeof raw !== 'string' || raw.length === 0
              ? 'it has no sessionId to hold it for'
              : retainedSessionIds.has(raw)
                ? 'its sessionId belongs to a session'
                : undefined;
        if (why !== undefined) this.violations.push(`${step}: event ${JSON.stringify(payload)} received ${count}× but reported ${reported}× (${why})`);
      }
    }
    for (const [payload, count] of this.reported) {
      if (!this.emitted.has(payload)) this.violations.push(`${step}: event ${JSON.stringify(payload)} reported ${count}× but never received`);
    }
    const ownerOf = new Map(current.sessions.flatMap((s) => (s.sessionId !== undefined ? [[s.sessionId, s.id] as const] : [])));
    for (const event of this.reportedEvents.splice(0)) {
      if (!Object.isFrozen(event)) this.violations.push(`${step}: events$ value not frozen`);
      const owner = event.sessionId !== undefined ? ownerOf.get(event.sessionId) : undefined;
      if (owner !== undefined && event.localId !== owner) {
        this.violations.push(`${step}: ${event.type} for ${event.sessionId} attributed to ${String(event.localId)}, but ${owner} has that sessionId`);
      }
      const raw = rawSessionId(event.payload);
      const sessionId = typeof raw === 'string' && raw.length > 0 ? raw : undefined;
      if (event.sessionId !== sessionId) this.violations.push(`${step}: events$ sessionId ${String(event.sessionId)} for payload sessionId ${String(raw)}`);
      if (event.localId !== undefined && !this.knownIds.has(event.localId) && !/^(dialout|remote)-\d+$/.test(event.localId)) {
        this.violations.push(`${step}: events$ attributed to unknown ${event.localId}`);
      }
    }
    // promises: stop() settles once its session is final; done resolves
    for (const handle of this.handles) {
      if (!isFinal(handle.snapshot.status)) continue;
      if (this.done.get(handle.id) !== true) this.violations.push(`${step}: ${handle.id} is final but done has not resolved`);
    }
    for (const s of this.stops) {
      if (s.state === 'pending' && isFinal(s.handle.snapshot.status)) this.violations.push(`${step}: ${s.what} still pending after the session ended`);
    }
    // after dispose(): every session final, no listener left, nothing changes
    if (this.disposed) {
      if (this.afterDispose === undefined) this.afterDispose = current;
      else if (current !== this.afterDispose) this.violations.push(`${step}: snapshot changed after dispose()`);
      for (const s of current.sessions) if (!isFinal(s.status)) this.violations.push(`${step}: ${s.id} is ${s.status} after dispose()`);
      for (const h of this.handles) if (!isFinal(h.snapshot.status)) this.violations.push(`${step}: handle ${h.id} is ${h.snapshot.status} after dispose()`);
      if (this.call.listenerCount() !== this.baseline) this.violations.push(`${step}: ${this.call.listenerCount()} listeners after dispose(), baseline ${this.baseline}`);
      for (const p of [...this.stops, ...this.dtmfs]) if (p.state === 'pending') this.violations.push(`${step}: ${p.what} still pending after dispose()`);
    }
    // no XState warning or error
    this.violations.push(...this.consoleCalls.splice(0));
    const found = this.violations.splice(0).filter((v) => !isKnownBug(v, this));
    if (found.length > 0) {
      throw new Error(`${found.join('\n')}\n--- steps:\n${this.log.join('\n')}`);
    }
  }
}

// ---------------------------------------------------------------------------
// Commands

type Model = Record<string, never>;
export type StormCommand = fc.AsyncCommand<Model, StormWorld>;

function command(name: string, run: (w: StormWorld) => void | Promise<void>): StormCommand {
  return {
    check: () => true,
    async run(_m, w) {
      w.log.push(name);
      await run(w);
      w.discover();
      await settle();
      w.check(name);
    },
    toString: () => name,
  };
}

/** Valid start options: the table's valid entries and generated phone numbers / SIP URIs. */
export const validStartOptions: fc.Arbitrary<{ label: string; options: unknown }> = fc.oneof(
  fc.constantFrom(...VALID_START_OPTIONS).map((e) => ({ label: e.name, options: e.options })),
  fc.stringMatching(/^\+[1-9]\d{1,14}$/).map((phoneNumber) => ({ label: phoneNumber, options: { phoneNumber } })),
  fc
    .tuple(fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), fc.constantFrom('example.com', '192.0.2.4', '[2001:db8::1]'), fc.boolean())
    .map(([user, host, video]) => {
      const sipUri = `sip:${user}@${host}`;
      return { label: `${sipUri}${video ? ' video' : ''}`, options: video ? { sipUri, video: true } : { sipUri } };
    }),
);

/** Odd values for `startDialOut()` to resolve with (the documented one is `{ session: { sessionId } }`). */
const oddStartResults: fc.Arbitrary<{ label: string; value: unknown }> = fc.constantFrom(
  { label: '{}', value: {} },
  { label: '{ session: undefined }', value: { session: undefined } },
  { label: '{ session: {} }', value: { session: {} } },
  { label: "{ session: { sessionId: '' } }", value: { session: { sessionId: '' } } },
  { label: '{ session: { sessionId: 42 } }', value: { session: { sessionId: 42 } } },
  { label: 'undefined', value: undefined },
  { label: 'null', value: null },
  { label: "'S1' (a bare string)", value: 'S1' },
);

/** What `startDialOut()` rejects with: every documented code in every documented form, and odd values. */
const startRejections: fc.Arbitrary<{ label: string; reason: unknown }> = fc.constantFrom(
  ...(['NOT_ALLOWED', 'DIALOUT_IN_PROGRESS', 'TEMPORARILY_NOT_AVAILABLE'] as const).flatMap((code) => [
    { label: `'${code}'`, reason: code },
    { label: `Error(${code})`, reason: new Error(`startDialOut failed: ${code}`) },
    { label: `{ errorMsg: ${code} }`, reason: { errorMsg: code } },
    { label: `{ code: ${code} }`, reason: { code } },
  ]),
  { label: "Error('startDialOut() only supported after join.')", reason: new Error('startDialOut() only supported after join.') },
  { label: 'undefined', reason: undefined },
  { label: 'null', reason: null },
  { label: '42', reason: 42 },
  { label: "'weird'", reason: 'weird' },
  { label: '{ errorMsg: { nested } }', reason: { errorMsg: { code: 'NOT_ALLOWED' } } },
);

const EVENT_TYPES = ['dialout-connected', 'dialout-answered', 'dialout-stopped', 'dialout-error', 'dialout-warning'] as const;
type EventType = (typeof EVENT_TYPES)[number];

/** The sessionId of an event: known, unknown, missing, empty, or not a string. */
const eventSessionIds: fc.Arbitrary<{ label: string; fields: Record<string, unknown> }> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...SESSION_IDS).map((id) => ({ label: id, fields: { sessionId: id } })) },
  { weight: 2, arbitrary: fc.constantFrom('R1', 'R2').map((id) => ({ label: id, fields: { sessionId: id } })) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      { label: 'no sessionId', fields: {} },
      { label: "sessionId ''", fields: { sessionId: '' } },
      { label: 'sessionId 7', fields: { sessionId: 7 } },
      { label: 'sessionId null', fields: { sessionId: null } },
    ),
  },
);

const TIMER_STEPS = [1, 100, 999, 1_000, 5_000, 10_000, 20_000, 30_000, 60_000, 120_000] as const;
const DTMF_TONES = ['1', '12#', 'ABCD*', '', 'x', '1'.repeat(21)] as const;

/** The storm's commands, by name: the arbitraries draw them, and regression tests replay them. */
export const C = {
  start: (options: unknown, label = JSON.stringify(options)) => command(`start(${label})`, (w) => w.start(options)),
  startInvalid: () => command('start(invalid options)', (w) => w.startInvalid({ phoneNumber: '555-0100' })),
  /** Resolves the oldest settleable start with a sessionId daily-js could give it (preferably SESSION_IDS[preferred]). */
  resolveStartWithSession: (preferred: number) =>
    command(`resolve pending start with { session: { sessionId: <new, preferably ${SESSION_IDS[preferred] ?? '?'}> } }`, (w) => {
      const pending = w.pendingStart();
      if (!pending) return;
      const result = { session: { sessionId: w.freshStartSessionId(pending.index, preferred) } };
      w.log.push(`  (resolved with ${JSON.stringify(result)})`);
      w.resolveStart(result);
    }),
  /** Resolves the oldest settleable start with exactly `value`. */
  resolveStartWith: (value: unknown, label = JSON.stringify(value) ?? String(value)) =>
    command(`resolve pending start with ${label}`, (w) => w.resolveStart(value)),
  rejectStart: (reason: unknown, label = String(reason)) =>
    command(`reject pending start with ${label}`, (w) => w.rejectStart(reason)),
  emit: (type: EventType, fields: Record<string, unknown>, extra = false, label = JSON.stringify(fields)) =>
    command(`emit ${type} (${label}${extra ? ', extra fields' : ''})`, (w) => {
      const payload: Record<string, unknown> = { action: type, callClientId: w.call.callClientId, ...fields };
      if (type === 'dialout-error' || type === 'dialout-warning') payload.errorMsg = extra ? 'E'.repeat(5_000) : `${type} message`;
      if (extra) Object.assign(payload, { provider: 'signalwire', sipCallId: 'sip-call', destination: '+15555550199', unexpected: { nested: [1] } });
      w.emit(type, payload);
    }),
  emitAgain: () => command('emit the last event again (the same object)', (w) => w.emitAgain()),
  /** A Daily webhook for `sessionId`, with Daily's whole-second `timestamp` `skewS` seconds off the manager's clock; ids repeat (Daily's retried deliveries). */
  webhook: (type: EventType, sessionId: string, skewS: number, id: number) =>
    command(`ingest ${type.replace('-', '.')} webhook (${sessionId}, timestamp ${skewS >= 0 ? '+' : ''}${skewS} s, id evt-${id})`, (w) => {
      const payload: Record<string, unknown> = { session_id: sessionId, timestamp: Math.floor(Date.now() / 1000) + skewS, room: 'storm', domain_id: 'd' };
      if (type === 'dialout-error' || type === 'dialout-warning') payload.error_msg = `${type} message`;
      w.ingest({ version: '1.0.0', type: type.replace('-', '.') as DialOutWebhookType, id: `evt-${id}`, event_ts: Date.now() / 1000, payload } as DialOutWebhookEvent);
    }),
  stop: (index: number) => command(`stop(session #${index})`, (w) => w.stop(index)),
  sendDTMF: (index: number, tones: string) => command(`sendDTMF(session #${index}, '${tones}')`, (w) => w.sendDTMF(index, tones)),
  settle: (what: 'resolveStop' | 'rejectStop' | 'resolveDTMF' | 'rejectDTMF') =>
    command(`${what}()`, (w) => {
      const list = what.endsWith('Stop') ? w.call.stopCalls : w.call.dtmfCalls;
      const pending = list.find((c) => !c.settled);
      if (!pending) return;
      if (what.startsWith('resolve')) pending.resolve(undefined);
      else pending.reject(new Error(`${what}: daily-js refused`));
    }),
  advance: (ms: number) =>
    command(`advance ${ms} ms`, async () => {
      await vi.advanceTimersByTimeAsync(ms);
    }),
  leave: () => command('left-meeting', (w) => w.leave(false)),
  destroy: () => command('call.destroy()', (w) => w.leave(true)),
  rejoin: () => command('rejoin', (w) => w.call.setMeetingState('joined-meeting')),
  dispose: () => command('dispose()', (w) => w.dispose()),
};

/** Every command of the storm, weighted: mostly starts, settlements and events; rarely left-meeting or dispose(). */
export const stormCommand: fc.Arbitrary<StormCommand> = fc.oneof(
  { weight: 20, arbitrary: validStartOptions.map(({ label, options }) => C.start(options, label)) },
  { weight: 1, arbitrary: fc.constant(null).map(() => C.startInvalid()) },
  {
    weight: 16,
    arbitrary: fc.oneof(
      { weight: 2, arbitrary: fc.nat({ max: SESSION_IDS.length - 1 }).map((i) => C.resolveStartWithSession(i)) },
      { weight: 1, arbitrary: oddStartResults.map(({ label, value }) => C.resolveStartWith(value, label)) },
    ),
  },
  { weight: 8, arbitrary: startRejections.map(({ label, reason }) => C.rejectStart(reason, label)) },
  {
    weight: 32,
    arbitrary: fc.tuple(fc.constantFrom(...EVENT_TYPES), eventSessionIds, fc.boolean()).map(([type, id, extra]) => C.emit(type, id.fields, extra, id.label)),
  },
  { weight: 10, arbitrary: fc.nat({ max: 7 }).map((i) => C.stop(i)) },
  { weight: 6, arbitrary: fc.tuple(fc.nat({ max: 7 }), fc.constantFrom(...DTMF_TONES)).map(([i, tones]) => C.sendDTMF(i, tones)) },
  { weight: 10, arbitrary: fc.constantFrom('resolveStop', 'rejectStop', 'resolveDTMF', 'rejectDTMF' as const).map((what) => C.settle(what)) },
  { weight: 12, arbitrary: fc.constantFrom(...TIMER_STEPS).map((ms) => C.advance(ms)) },
  { weight: 4, arbitrary: fc.constant(null).map(() => C.emitAgain()) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...EVENT_TYPES), fc.constantFrom(...SESSION_IDS, 'R1', 'R2'), fc.integer({ min: -5, max: 5 }), fc.nat({ max: 9 }))
      .map(([type, sessionId, skew, id]) => C.webhook(type, sessionId, skew, id)),
  },
  { weight: 2, arbitrary: fc.constant(null).map(() => C.leave()) },
  { weight: 1, arbitrary: fc.constant(null).map(() => C.destroy()) },
  { weight: 2, arbitrary: fc.constant(null).map(() => C.rejoin()) },
  { weight: 1, arbitrary: fc.constant(null).map(() => C.dispose()) },
);

/** Manager options of a run: short and disabled timers, small retention, with and without remote tracking. */
export const stormOptions: fc.Arbitrary<DialOutManagerOptions> = fc.record({
  startTimeoutMs: fc.constantFrom(1_000, 20_000, Number.POSITIVE_INFINITY),
  ringTimeoutMs: fc.constantFrom(5_000, 60_000, Number.POSITIVE_INFINITY),
  stopTimeoutMs: fc.constantFrom(1_000, 10_000, Number.POSITIVE_INFINITY),
  maxDurationMs: fc.constantFrom(10_000, Number.POSITIVE_INFINITY),
  retry: fc.record({ maxAttempts: fc.integer({ min: 1, max: 3 }), baseDelayMs: fc.constantFrom(0, 100, 1_000), maxDelayMs: fc.constantFrom(0, 500, 8_000) }),
  trackRemoteSessions: fc.boolean(),
  maxEndedSessions: fc.constantFrom(0, 1, 3, 50),
});

/**
 * Runs one storm: builds the world, runs the commands with the checks, then
 * disposes, settles every promise daily-js still owes, and checks that nothing
 * changed and nothing leaked.
 */
export async function runStorm(options: DialOutManagerOptions, randomSeed: number, commands: Iterable<StormCommand>): Promise<void> {
  const world = new StormWorld(options, randomSeed);
  try {
    world.check('setup');
    await fc.asyncModelRun(() => ({ model: {} as Model, real: world }), commands);
    if (!world.disposed) {
      world.dispose();
      await settle();
      world.check('final dispose()');
    }
    // daily-js answers late: nothing may change, nothing may be logged
    for (const c of [...world.call.startCalls, ...world.call.stopCalls, ...world.call.dtmfCalls]) {
      if (!c.settled) c.resolve(undefined as never);
    }
    world.emit('dialout-stopped', { action: 'dialout-stopped', sessionId: 'S1' });
    await vi.advanceTimersByTimeAsync(200_000);
    await settle();
    world.check('after dispose: late settlements, events and timers');
  } finally {
    world.close();
    if (!world.disposed) world.manager.dispose();
  }
}
