/**
 * The property-based storm: random sequences of everything that can happen to
 * a manager (starts, promise settlements of every shape, daily-js events with
 * known / unknown / missing / duplicated sessionIds, webhooks, stops, DTMF
 * both ways, transfers and REFERs, the phone legs' participants, timers,
 * `left-meeting`, rejoining, `dispose()`), with the manager's guarantees
 * checked after every step. Used by `storm.test.ts` (fast-check `fc.commands` +
 * `fc.asyncModelRun`) and by the named regression tests.
 */
import fc from 'fast-check';
import { expect, vi } from 'vitest';
import { DialOutStateError, DialOutValidationError, createDialOutManager } from '../../src/index.js';
import type {
  DialOutDtmf,
  DialOutDtmfOptions,
  DialOutEvent,
  DialOutManager,
  DialOutManagerOptions,
  DialOutManagerSnapshot,
  DialOutSession,
  DialOutSessionSnapshot,
  DialOutStatus,
  DialOutTransfer,
  DialOutTransferStatus,
} from '../../src/index.js';
import { FakeDailyCall } from '../../src/testing/index.js';
import type { DialOutWebhookEvent, DialOutWebhookType } from '../../src/index.js';
import type {
  FakeParticipant,
  PendingDtmfCall,
  PendingStartCall,
  PendingStopCall,
  PendingTransferCall,
  StartDialOutResult,
} from '../../src/testing/index.js';
import { VALID_START_OPTIONS } from '../badInput/tables.js';

// ---------------------------------------------------------------------------
// Known bugs: while a bug found by a storm is open in src/, an entry here lets
// the storm count the one violation it causes instead of failing, so that CI
// stays green (document it in FOUND_BUGS.md, with a reproduction).
// FUZZ_STRICT=1 ignores this list. BUG-1 to BUG-4 were fixed in 2ab82a0, BUG-5 to BUG-7 in issue 11. None is open.

export interface KnownBug {
  readonly id: string;
  /** Whether a violation message is this bug. */
  readonly matches: (violation: string, world: StormWorld) => boolean;
}

export const KNOWN_BUGS: readonly KnownBug[] = [];

/** `FUZZ_STRICT=1`: tolerate no known bug; `FUZZ_STRICT=BUG-5,BUG-7`: not these ones (to shrink one of them). */
const STRICT = process.env.FUZZ_STRICT === '1';
const STRICT_IDS = new Set((process.env.FUZZ_STRICT ?? '').split(','));
/** How often each known bug was hit in this process. */
export const knownBugHits = new Map<string, number>();

function isKnownBug(violation: string, world: StormWorld): boolean {
  if (STRICT) return false;
  const bug = KNOWN_BUGS.find((b) => b.matches(violation, world));
  if (!bug || STRICT_IDS.has(bug.id)) return false;
  knownBugHits.set(bug.id, (knownBugHits.get(bug.id) ?? 0) + 1);
  return true;
}

// ---------------------------------------------------------------------------
// Lifecycle order

const RANK: Record<DialOutStatus, number> = { idle: 0, connecting: 1, connected: 2, answered: 3, stopping: 4, stopped: 5, error: 5 };
const isFinal = (status: DialOutStatus) => status === 'stopped' || status === 'error';
/** The sessionIds of the storm's local dial-outs (events use them too, with R1/R2 for others'). */
const SESSION_IDS = ['S1', 'S2', 'S3', 'S4', 'S5', 'S6'] as const;

/** The daily-js `dialout-*` events: the ones reported on `events$` (with the webhooks). */
const EVENT_TYPES = ['dialout-connected', 'dialout-answered', 'dialout-stopped', 'dialout-error', 'dialout-warning'] as const;
type EventType = (typeof EVENT_TYPES)[number];
const DIALOUT_EVENT_NAMES: ReadonlySet<string> = new Set(EVENT_TYPES);
const PARTICIPANT_EVENTS = ['participant-joined', 'participant-updated', 'participant-left'] as const;
type ParticipantEvent = (typeof PARTICIPANT_EVENTS)[number];
/** The `participantType`s of a dial-out's phone leg. */
const PHONE_LEG_TYPES: ReadonlySet<unknown> = new Set(['pstn-dial-out', 'sip-dial-out']);
/** daily-js's track states (`DailyTrackState['state']`). */
const AUDIO_STATES = ['blocked', 'off', 'sendable', 'loading', 'interrupted', 'playable'] as const;
const DTMF_TONE = /^[\dA-D*#]$/;

/** Transfer statuses in the only order they may take; `failed` only ever follows `requested`. */
const TRANSFER_RANK: Record<Exclude<DialOutTransferStatus, 'failed'>, number> = {
  requested: 0,
  accepted: 1,
  triggered: 2,
  initiated: 3,
  answered: 4,
  completed: 5,
};
const TRANSFER_STATUS_OF: Partial<Record<DialOutWebhookType, Exclude<DialOutTransferStatus, 'failed' | 'requested' | 'accepted'>>> = {
  'calltransfer.triggered': 'triggered',
  'calltransfer.initiated': 'initiated',
  'calltransfer.answered': 'answered',
  'calltransfer.completed': 'completed',
};

/** `sendDTMF()`'s rules as documented (independent of the library's validator): 1–1,000 tones; `method`, `digitDurationMs`. */
function validDtmf(tones: string, options: unknown): boolean {
  if (!/^[\dA-D*#]{1,1000}$/.test(tones)) return false;
  if (options === undefined) return true;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return false;
  const o = options as Record<string, unknown>;
  if (Object.keys(o).some((k) => k !== 'method' && k !== 'digitDurationMs')) return false;
  if (o.method !== undefined && !['sip-info', 'telephone-event', 'auto'].includes(o.method as string)) return false;
  const d = o.digitDurationMs;
  return d === undefined || (Number.isInteger(d) && (d as number) >= 50 && (d as number) <= 2000);
}

/** A transfer that is asked for and not failed: the leg leaving now is the transfer, not a hang-up. */
const inFlight = (t: DialOutTransfer | undefined): boolean => t !== undefined && t.status !== 'failed';

/** A fresh deep copy of a plain value (the arbitraries' values are shared between runs: the library must not see them). */
function fresh<T>(value: T): T {
  if (Array.isArray(value)) return value.map(fresh) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = fresh(v);
  return out as T;
}
/** JSON with sorted keys, to compare plain objects whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** A rejection reason in a violation message. */
function describe(reason: unknown): string {
  return reason instanceof Error ? `${reason.constructor.name}(${JSON.stringify(reason.message)})` : canonical(reason);
}

/** How often the new phone-leg paths were reached in this process (`FUZZ_STATS=1` prints them). */
export const stormStats = new Map<string, number>();
const count = (what: string) => stormStats.set(what, (stormStats.get(what) ?? 0) + 1);

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

/**
 * What a `transfer()` / `refer()` / `sendDTMF()` must do, decided when it is called: refuse (`validation`: bad options,
 * `state`: not answered or disposed), go to daily-js (`sent`), or go and be refused by daily-js at once because the
 * call is not joined (`unjoined`: nothing recorded).
 */
type Expectation = 'validation' | 'state' | 'sent' | 'unjoined';

interface TrackedTransfer extends Tracked {
  readonly method: 'transfer' | 'refer';
  readonly options: unknown;
  readonly expect: Expectation;
  /** The `sipCallTransfer()` / `sipRefer()` call it made (`sent`). */
  call?: PendingTransferCall;
  /** Seen failed since daily-js refused it: a later transfer of the session is another one. */
  sawFailed?: boolean;
  /** What the storm rejected that call with; the session's status and its transfer's status when daily-js answered. */
  callReason?: unknown;
  settledWhile?: DialOutStatus;
  statusWhenSettled?: DialOutTransferStatus | undefined;
  statusChecked?: boolean;
  verified?: boolean;
}

interface TrackedDtmf extends Tracked {
  readonly expect: Expectation;
  readonly chunks: readonly string[];
  readonly options: DialOutDtmfOptions | undefined;
  /** Chunks daily-js confirmed (`sent`), as the storm sees `call.dtmfCalls`; `failed` once one was refused. */
  confirmed: number;
  failed: boolean;
  /** The session's sessionId when it was queued. */
  readonly sessionId: string | undefined;
  verified?: boolean;
}

/** What the storm knows of one handle beyond its snapshots. */
interface HandleLog {
  /** Values of its `dtmf$`, and whether it completed. */
  readonly dtmf: DialOutDtmf[];
  /** The manager's `dtmf$` values attributed to it while its `dtmf$` was open: what its `dtmf$` must have given. */
  readonly expected: DialOutDtmf[];
  dtmfCompleted: boolean;
  /** The received tones it must show as `digits` (at most the last 32). */
  digits: string;
  /** Its `sendDTMF()` requests that went to its queue, oldest first. */
  readonly queue: TrackedDtmf[];
  /** `call.dtmfCalls` indexes that may be its: from its first queued request until it was seen final. */
  dtmfCallsFrom: number;
  dtmfCallsTo: number | undefined;
}

/** The sessionId an event carried: a daily-js payload's `sessionId`, a webhook's `payload.session_id`. */
function rawSessionId(payload: unknown): unknown {
  const p = payload as { sessionId?: unknown; type?: unknown; payload?: { session_id?: unknown } } | null;
  return typeof p?.type === 'string' && /^(dialout|calltransfer)\./.test(p.type) ? p.payload?.session_id : p?.sessionId;
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
  /** The manager's snapshot at the end of the last check. */
  private checked: DialOutManagerSnapshot;
  /** Snapshot right after dispose(): nothing may change it afterwards. */
  afterDispose: DialOutManagerSnapshot | undefined;

  private readonly knownIds = new Set<string>();
  private readonly emitted = new Map<unknown, number>();
  private readonly reported = new Map<unknown, number>();
  /** Events received or reported since the last check, and those whose counts differed then: the only ones to look at. */
  private readonly touched = new Set<unknown>();
  private readonly unbalanced = new Set<unknown>();
  private readonly reportedEvents: DialOutEvent[] = [];
  private readonly published: DialOutManagerSnapshot[] = [];
  private lastPublished: DialOutManagerSnapshot;
  private readonly lastSeen = new Map<string, DialOutSessionSnapshot>();
  private readonly stopsBySessionId = new Map<string, PendingStopCall[]>();
  private readonly violations: string[] = [];
  /** stop() / sendDTMF() / transfer() / refer() promises not settled yet. */
  private open: Tracked[] = [];
  /** sendDTMF() and transfer() / refer() calls whose outcome is not checked yet. */
  private dtmfs: TrackedDtmf[] = [];
  private transfers: TrackedTransfer[] = [];
  private readonly transferOf = new Map<PendingTransferCall, TrackedTransfer>();
  /** Transfers daily-js refused while their session was live: that session must not end transferred by them. */
  private refused: TrackedTransfer[] = [];
  /** The last transfer() / refer() that a handle's session took (status requested). */
  private readonly latestTransfer = new Map<string, TrackedTransfer>();
  /** `sent` transfers whose daily-js call has not been seen yet (linked in order at the next check). */
  private readonly awaitingTransferCall: TrackedTransfer[] = [];
  private linkedTransferCalls = 0;
  private dtmfCallsSeen = 0;
  /** Every `sipCallTransfer()` / `sipRefer()` and `sendDTMF()` call the manager made, in order. */
  private readonly transferCalls: PendingTransferCall[] = [];
  private readonly dtmfCalls: PendingDtmfCall[] = [];
  private readonly handleLogs = new Map<string, HandleLog>();
  /** Every value of the manager's `dtmf$`, in order. */
  private readonly managerDtmf: DialOutDtmf[] = [];
  /** The room's participants as the storm's events left them (what `call.participants()` returns), by session_id. */
  readonly room = new Map<string, FakeParticipant>();
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
    // stopDialOut at most once per sessionId (in one meeting) unless the previous one rejected: checked when it is called
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
    // the transfer and DTMF calls as they are made (FakeDailyCall's lists are copies: not read at every step)
    for (const name of ['sipCallTransfer', 'sipRefer'] as const) {
      const original = this.call[name].bind(this.call);
      this.call[name] = (args: never) => {
        const before = this.call.transferCalls.length;
        const result = original(args);
        const calls = this.call.transferCalls;
        if (calls.length > before) this.transferCalls.push(calls.at(-1) as PendingTransferCall);
        return result;
      };
    }
    const sendDTMF = this.call.sendDTMF.bind(this.call);
    this.call.sendDTMF = (args) => {
      const before = this.call.dtmfCalls.length;
      const result = sendDTMF(args);
      const calls = this.call.dtmfCalls;
      if (calls.length > before) this.dtmfCalls.push(calls.at(-1) as PendingDtmfCall);
      return result;
    };
    this.call.setParticipants(() => Object.fromEntries(this.room));
    this.baseline = this.call.listenerCount();
    this.manager = createDialOutManager(this.call, options);
    this.lastPublished = this.manager.getSnapshot();
    this.checked = this.lastPublished;
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
      this.touched.add(event.payload);
    });
    this.manager.dtmf$.subscribe((value) => {
      if (!Object.isFrozen(value)) this.violations.push('dtmf$ value not frozen');
      this.managerDtmf.push(value);
      const log = value.localId === undefined ? undefined : this.handleLogs.get(value.localId);
      if (log && !log.dtmfCompleted) log.expected.push(value);
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
    const log: HandleLog = { dtmf: [], expected: [], dtmfCompleted: false, digits: handle.snapshot.digits ?? '', queue: [], dtmfCallsFrom: 0, dtmfCallsTo: undefined };
    this.handleLogs.set(handle.id, log);
    handle.dtmf$.subscribe({ next: (d) => log.dtmf.push(d), complete: () => (log.dtmfCompleted = true) });
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

  /**
   * Leaves the meeting (or destroys the call): pending starts go stale, and the stops sent so far no longer count
   * (after a rejoin the manager may recover a leg still in the room as a new session, which may be stopped again).
   */
  leave(destroy: boolean): void {
    for (const c of this.call.startCalls) if (!c.settled) this.staleStarts.add(c);
    this.stopsBySessionId.clear();
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

  private lastEmitted: { type: string; payload: unknown } | undefined;

  emitAgain(): void {
    if (this.lastEmitted) this.emit(this.lastEmitted.type, this.lastEmitted.payload);
  }

  /** Emits a daily-js event: `dialout-*` events are counted for `events$`, `dtmf-event` and `participant-*` checked at once. */
  emit(type: string, payload: unknown): void {
    this.lastEmitted = { type, payload };
    if (type === 'dtmf-event') return this.emitDtmf(payload);
    if ((PARTICIPANT_EVENTS as readonly string[]).includes(type)) return this.emitParticipant(type as ParticipantEvent, payload);
    const sessionId = (payload as { sessionId?: unknown } | null)?.sessionId;
    if (typeof sessionId === 'string' && sessionId.length > 0) this.eventSessionIds.add(sessionId);
    const listening = this.call.listenerCount(type) > 0;
    const leaving = type === 'dialout-stopped' && listening && !this.disposed ? this.transferring(sessionId) : undefined;
    this.call.emitRaw(type, payload);
    if (listening && !this.disposed && DIALOUT_EVENT_NAMES.has(type)) this.received(payload);
    if (leaving) this.leftDuringTransfer(leaving, `dialout-stopped (${String(sessionId)})`);
  }

  /** The live session with this sessionId, when its transfer is in flight. */
  private transferring(sessionId: unknown): DialOutSessionSnapshot | undefined {
    if (typeof sessionId !== 'string') return undefined;
    const owner = this.manager.getSnapshot().sessions.filter((s) => s.sessionId === sessionId && !isFinal(s.status)).at(-1);
    return owner !== undefined && inFlight(owner.transfer) ? owner : undefined;
  }

  /** The leg of a session with a transfer in flight left (dialout-stopped, participant-left): the session ended transferred. */
  private leftDuringTransfer(owner: DialOutSessionSnapshot, what: string): void {
    const now = this.handles.find((h) => h.id === owner.id)?.snapshot;
    if (now === undefined) return;
    count(`${what.split(' ')[0] as string} during a transfer`);
    if (now.outcome !== 'transferred') {
      this.violations.push(`${what}: ${owner.id}'s leg left during transfer ${canonical(owner.transfer)}, but it is ${now.status} with outcome ${String(now.outcome)}, not transferred`);
    }
  }

  /** Whether daily-js would accept a request now. */
  joined(): boolean {
    return !this.call.isDestroyed() && this.call.meetingState() === 'joined-meeting';
  }

  /**
   * A received DTMF tone: reported exactly once on `manager.dtmf$` (attributed to the session that has its sessionId),
   * whatever the payload; a live session's `digits` take the tone.
   */
  private emitDtmf(payload: unknown): void {
    const p = payload !== null && typeof payload === 'object' ? (payload as Record<string, unknown>) : undefined;
    const sid = p?.sessionId;
    if (typeof sid === 'string' && sid.length > 0) this.eventSessionIds.add(sid);
    const before = this.manager.getSnapshot();
    const from = this.managerDtmf.length;
    const listening = this.call.listenerCount('dtmf-event') > 0;
    this.call.emitRaw('dtmf-event', payload);
    const values = this.managerDtmf.slice(from);
    const where = () => `dtmf-event ${canonical(payload)}`;
    const expected = listening && !this.disposed ? 1 : 0;
    if (values.length !== expected) {
      this.violations.push(`${where()}: reported ${values.length}× on manager.dtmf$, expected ${expected}×`);
      return;
    }
    const value = values[0];
    if (!value) return;
    if (typeof value.tone !== 'string' || typeof value.at !== 'number') this.violations.push(`${where()}: dtmf$ value ${canonical(value)} lacks tone or at`);
    const tone = p?.tone;
    if (typeof tone === 'string' && DTMF_TONE.test(tone) && value.tone !== tone) this.violations.push(`${where()}: dtmf$ tone ${JSON.stringify(value.tone)}`);
    if (typeof sid === 'string' && sid.length > 0 && sid.length <= 36 ? value.sessionId !== sid : typeof sid !== 'string' && value.sessionId !== undefined) {
      this.violations.push(`${where()}: dtmf$ sessionId ${String(value.sessionId)}`);
    }
    const method = p?.method;
    if (typeof method === 'string' && method.length > 0 && method.length <= 36 ? value.method !== method : typeof method !== 'string' && value.method !== undefined) {
      this.violations.push(`${where()}: dtmf$ method ${String(value.method)}`);
    }
    const owner = before.sessions.filter((s) => s.sessionId !== undefined && s.sessionId === value.sessionId).at(-1);
    if (owner !== undefined && value.localId !== owner.id) {
      this.violations.push(`${where()}: attributed to ${String(value.localId)}, but ${owner.id} has sessionId ${String(value.sessionId)}`);
    }
    if (value.localId === undefined) {
      count('dtmf-event unattributed');
      return;
    }
    if (!this.knownIds.has(value.localId)) {
      this.violations.push(`${where()}: attributed to unknown ${value.localId}`);
      return;
    }
    count('dtmf-event attributed');
    const was = before.sessions.find((s) => s.id === value.localId);
    const log = this.handleLogs.get(value.localId);
    if (log && was && !isFinal(was.status) && value.tone !== '') {
      log.digits = (log.digits + value.tone).slice(-32);
      count('dtmf-event into digits');
    }
  }

  /**
   * A participant event: one of a phone leg with a live session links (or updates) its participant, and its leaving
   * ends the session; any other (not a phone leg, no live session with its session_id, malformed) changes nothing.
   * The room (what `call.participants()` returns) follows the events.
   */
  private emitParticipant(type: ParticipantEvent, payload: unknown): void {
    const raw = payload !== null && typeof payload === 'object' ? (payload as { participant?: unknown }).participant : undefined;
    const participant = raw !== null && typeof raw === 'object' ? (raw as FakeParticipant & Record<string, unknown>) : undefined;
    const sid = participant?.session_id;
    const phone = participant !== undefined && PHONE_LEG_TYPES.has(participant.participantType) && typeof sid === 'string' && sid !== '';
    if (participant && typeof sid === 'string' && sid !== '') {
      if (type === 'participant-left') this.room.delete(sid);
      else this.room.set(sid, participant);
      if (phone) this.eventSessionIds.add(sid);
    }
    const before = this.manager.getSnapshot();
    const listening = this.call.listenerCount(type) > 0;
    this.call.emitRaw(type, payload);
    const after = this.manager.getSnapshot();
    const owner = phone ? before.sessions.filter((s) => s.sessionId === sid && !isFinal(s.status)).at(-1) : undefined;
    const where = () => `${type} ${canonical(payload)}`;
    if (!listening || this.disposed || owner === undefined) {
      if (after !== before) {
        this.violations.push(`${where()}: changed the snapshot (${phone ? 'no live session has its session_id' : 'not a phone leg'})`);
      }
      return;
    }
    const now = this.handles.find((h) => h.id === owner.id)?.snapshot;
    if (!now) return;
    if (type === 'participant-left') {
      count('participant-left ended a session');
      if (inFlight(owner.transfer)) this.leftDuringTransfer(owner, `participant-left (${String(sid)})`);
      if (!isFinal(now.status)) this.violations.push(`${where()}: ${owner.id} is still ${now.status} after its participant left`);
      if (owner.participant !== undefined && now.participant?.leftAt === undefined) this.violations.push(`${where()}: ${owner.id}'s participant has no leftAt`);
      return;
    }
    count(`${type} linked`);
    const tracks = participant?.tracks as { audio?: { state?: unknown } } | undefined;
    const state = tracks !== null && typeof tracks === 'object' ? tracks.audio?.state : undefined;
    const p = now.participant;
    if (p === undefined || p.sessionId !== sid) this.violations.push(`${where()}: ${owner.id}'s participant is ${canonical(p)}`);
    else if ((AUDIO_STATES as readonly unknown[]).includes(state) && p.audio !== state) this.violations.push(`${where()}: ${owner.id}'s participant audio ${p.audio}`);
  }

  /** Ingests a Daily webhook (the other source of the same events); after dispose() it must throw. */
  ingest(event: DialOutWebhookEvent): void {
    const sessionId = event.payload.session_id;
    if (sessionId !== undefined) this.eventSessionIds.add(sessionId);
    if (this.disposed) {
      expect(() => this.manager.ingest(event)).toThrow(DialOutStateError);
      return;
    }
    const key = `${event.type}\u0000${event.id}`;
    const retried = this.ingestedKeys.has(key);
    this.ingestedKeys.add(key);
    const before = this.manager.getSnapshot();
    const leaving = event.type === 'dialout.stopped' && !retried ? this.transferring(sessionId) : undefined;
    this.manager.ingest(event);
    this.received(event);
    if (leaving) this.leftDuringTransfer(leaving, `dialout.stopped webhook (${String(sessionId)})`);
    const status = TRANSFER_STATUS_OF[event.type];
    if (status === undefined) return;
    // a calltransfer.* webhook moves a live session's transfer on (or shows one started elsewhere)
    const owner = before.sessions.filter((s) => s.sessionId === sessionId && !isFinal(s.status)).at(-1);
    if (retried || owner === undefined) return;
    count(`${event.type} on a live session`);
    const t = this.handles.find((h) => h.id === owner.id)?.snapshot.transfer;
    if (t === undefined || t.status === 'failed' || TRANSFER_RANK[t.status] < TRANSFER_RANK[status]) {
      this.violations.push(`${event.type} (${String(sessionId)}): ${owner.id}'s transfer is ${canonical(t)} afterwards`);
    }
  }

  private readonly ingestedKeys = new Set<string>();

  /** Counts one receipt of an event the manager must report on `events$`. */
  private received(payload: unknown): void {
    this.emitted.set(payload, (this.emitted.get(payload) ?? 0) + 1);
    this.touched.add(payload);
  }

  /** The sessionId a {@link SessionRef} stands for now (handle #i's, else S1 when it has none). */
  sessionIdOf(ref: SessionRef): unknown {
    if ('id' in ref) return ref.id;
    if ('handle' in ref) return this.pick(ref.handle, ref.answered === true)?.sessionId ?? 'S1';
    return undefined;
  }

  /** A malformed event payload by its label (a fresh object, so that `emitAgain` can repeat the very same one). */
  rawPayload(label: string): unknown {
    const payloads: Record<string, () => unknown> = {
      null: () => null,
      "'dtmf'": () => 'dtmf',
      "'participant'": () => 'participant',
      '42': () => 42,
      '[]': () => [],
      '{}': () => ({}),
      '{ participant: null }': () => ({ participant: null }),
    };
    return (payloads[label] ?? (() => undefined))();
  }

  /**
   * Handle #index: of the answered ones when asked to and there are any (transfers and DTMF need one), else of all;
   * with `'answer-first'` and none answered, a live one with a sessionId gets its `dialout-answered` first.
   */
  pick(index: number, answered: boolean | 'answer-first'): DialOutSession | undefined {
    const pool = answered ? this.handles.filter((h) => h.snapshot.status === 'answered') : [];
    if (pool.length === 0 && answered === 'answer-first' && !this.disposed) {
      const live = this.handles.filter((h) => !isFinal(h.snapshot.status) && h.snapshot.status !== 'stopping' && h.sessionId !== undefined);
      const leg = live[index % Math.max(1, live.length)];
      if (leg) {
        this.log.push(`  (dialout-answered for ${String(leg.sessionId)} first)`);
        this.emit('dialout-answered', { action: 'dialout-answered', callClientId: this.call.callClientId, sessionId: leg.sessionId });
        if (leg.snapshot.status === 'answered') return leg;
      }
    }
    const from = pool.length > 0 ? pool : this.handles;
    return from[index % Math.max(1, from.length)];
  }

  /** `transfer()` / `refer()` on a handle: never throws; refused, or asked of daily-js with a fresh options object. */
  transfer(index: number, method: 'transfer' | 'refer', options: unknown, valid: boolean, preferAnswered: boolean | 'answer-first'): void {
    const handle = this.pick(index, preferAnswered);
    if (!handle) return;
    const given = fresh(options);
    const before = handle.snapshot;
    const expectation: Expectation = !valid
      ? 'validation'
      : this.disposed || before.status !== 'answered' || inFlight(before.transfer)
        ? 'state'
        : this.joined()
          ? 'sent'
          : 'unjoined';
    const tracked: TrackedTransfer = { what: `${method}(${handle.id}, ${canonical(options)})`, handle, state: 'pending', method, options: given, expect: expectation };
    this.log.push(`  (${tracked.what}: ${expectation})`);
    this.transfers.push(tracked);
    this.open.push(tracked);
    let promise: Promise<void>;
    try {
      promise = method === 'refer' ? handle.refer(given as never) : handle.transfer(given as never);
    } catch (err) {
      this.violations.push(`${tracked.what} threw ${err instanceof Error ? err.message : String(err)} instead of rejecting`);
      tracked.state = 'rejected';
      return;
    }
    promise.then(
      () => (tracked.state = 'resolved'),
      (reason: unknown) => {
        tracked.state = 'rejected';
        tracked.reason = reason;
      },
    );
    if (canonical(given) !== canonical(options)) this.violations.push(`${tracked.what} changed the options object it was given: ${canonical(given)}`);
    const after = handle.snapshot.transfer;
    if (expectation === 'sent' || expectation === 'unjoined') {
      count(`${method}() sent`);
      const toEndPoint = (options as { toEndPoint?: unknown }).toEndPoint;
      if (after?.status !== 'requested' || after.method !== method || after.toEndPoint !== toEndPoint) {
        this.violations.push(`${tracked.what}: snapshot.transfer is ${canonical(after)} right after, not a requested ${method}`);
      }
      if (expectation === 'sent') this.awaitingTransferCall.push(tracked);
      this.latestTransfer.set(handle.id, tracked);
    } else {
      count(`${method}() refused (${expectation})`);
      if (after !== before.transfer) this.violations.push(`${tracked.what}: refused, but snapshot.transfer changed to ${canonical(after)}`);
    }
  }

  /** Settles the oldest pending `sipCallTransfer()` / `sipRefer()` call. */
  settleTransfer(resolve: boolean, reason?: unknown): void {
    const call = this.transferCalls.find((c) => !c.settled);
    if (!call) return;
    const tracked = this.transferOf.get(call);
    if (tracked) {
      tracked.settledWhile = tracked.handle.snapshot.status;
      tracked.statusWhenSettled = tracked.handle.snapshot.transfer?.status;
      if (!resolve) {
        tracked.callReason = reason;
        if (!isFinal(tracked.settledWhile)) this.refused.push(tracked);
      }
    }
    if (resolve) call.resolve();
    else call.reject(reason);
  }

  stop(index: number): void {
    const handle = this.handles[index % Math.max(1, this.handles.length)];
    if (!handle) return;
    const tracked: Tracked = { what: `stop(${handle.id})`, handle, state: 'pending' };
    this.open.push(tracked);
    handle.stop().then(
      () => (tracked.state = 'resolved'),
      (reason: unknown) => {
        tracked.state = 'rejected';
        tracked.reason = reason;
      },
    );
  }

  /** `sendDTMF()` on a handle: refused, or queued (chunks of at most 20 tones, in order, one request at a time). */
  sendDTMF(index: number, tones: string, options: DialOutDtmfOptions | undefined, preferAnswered: boolean | 'answer-first' = false): void {
    const handle = this.pick(index, preferAnswered);
    if (!handle) return;
    const given = fresh(options);
    const before = handle.snapshot;
    const expectation: Expectation = !validDtmf(tones, options)
      ? 'validation'
      : this.disposed || before.status !== 'answered'
        ? 'state'
        : this.joined()
          ? 'sent'
          : 'unjoined';
    const chunks = tones.match(/[^]{1,20}/g) ?? [];
    const tracked: TrackedDtmf = {
      what: `sendDTMF(${handle.id}, '${tones}'${options === undefined ? '' : `, ${canonical(options)}`})`,
      handle,
      state: 'pending',
      expect: expectation,
      chunks,
      options: given,
      confirmed: 0,
      failed: false,
      sessionId: before.sessionId,
    };
    this.dtmfs.push(tracked);
    this.open.push(tracked);
    const log = this.handleLogs.get(handle.id);
    if (expectation === 'sent' && log) {
      if (log.queue.length === 0) log.dtmfCallsFrom = this.dtmfCalls.length;
      log.queue.push(tracked);
      count(chunks.length > 1 ? 'sendDTMF() queued, several chunks' : 'sendDTMF() queued');
    }
    handle.sendDTMF(tones, given).then(
      () => (tracked.state = 'resolved'),
      (reason: unknown) => {
        tracked.state = 'rejected';
        tracked.reason = reason;
      },
    );
  }

  /** Joins again; after left-meeting daily-js emits `joined-meeting`, and the manager recovers the room's phone legs. */
  rejoin(): void {
    const wasJoined = this.call.meetingState() === 'joined-meeting';
    this.call.setMeetingState('joined-meeting');
    if (wasJoined || this.call.isDestroyed()) return;
    const listening = this.call.listenerCount('joined-meeting') > 0;
    this.call.emit('joined-meeting');
    if (!listening || this.disposed || this.options.trackRemoteSessions === false) return;
    const snapshot = this.manager.getSnapshot();
    for (const [sid, p] of this.room) {
      if (!PHONE_LEG_TYPES.has(p.participantType)) continue;
      const live = snapshot.sessions.filter((s) => s.sessionId === sid && !isFinal(s.status)).at(-1);
      if (!live) this.violations.push(`joined-meeting: the room's phone leg ${sid} has no live session afterwards`);
      else if (live.recovered) count('joined-meeting recovered a phone leg');
    }
  }

  dispose(): void {
    this.manager.dispose();
    this.disposed = true;
  }

  // -------------------------------------------------------------------------
  // Invariants

  private compare(prev: DialOutSessionSnapshot, next: DialOutSessionSnapshot, where: string): void {
    if (next === prev) return;
    if (isFinal(prev.status)) {
      if (next !== prev) this.violations.push(`${where}: final ${prev.status} changed to ${JSON.stringify(next)}`);
    } else if (RANK[next.status] < RANK[prev.status]) {
      this.violations.push(`${where}: moved backwards ${prev.status} → ${next.status}`);
    }
    if (prev.sessionId !== undefined && next.sessionId !== prev.sessionId) {
      this.violations.push(`${where}: sessionId changed ${prev.sessionId} → ${String(next.sessionId)}`);
    }
    // a transfer is never removed; its status only moves forward (failed only from requested); after failed, a new one may start
    const [a, b] = [prev.transfer, next.transfer];
    if (a !== undefined && b !== a) {
      if (b === undefined) this.violations.push(`${where}: transfer removed (was ${canonical(a)})`);
      else if (a.status === 'failed') {
        if (b.status !== 'failed' && b.requestedAt < a.requestedAt) this.violations.push(`${where}: a new transfer ${canonical(b)} requested before the failed one`);
      } else if (b.method !== a.method || b.toEndPoint !== a.toEndPoint || b.requestedAt !== a.requestedAt) {
        this.violations.push(`${where}: transfer ${canonical(a)} became another one ${canonical(b)}`);
      } else if (b.status === 'failed' ? a.status !== 'requested' : TRANSFER_RANK[b.status] < TRANSFER_RANK[a.status]) {
        this.violations.push(`${where}: transfer status moved ${a.status} → ${b.status}`);
      }
    }
    // the participant is never removed, keeps its joinedAt, and leaves once
    const [p, q] = [prev.participant, next.participant];
    if (p !== undefined && q !== p) {
      if (q === undefined || q.joinedAt !== p.joinedAt || (p.leftAt !== undefined && q.leftAt !== p.leftAt)) {
        this.violations.push(`${where}: participant ${canonical(p)} became ${canonical(q)}`);
      }
    }
    if (prev.digits !== undefined && next.digits === undefined) this.violations.push(`${where}: digits removed`);
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
      // a session snapshot is frozen and every check below is a function of it (and of the one before): the same object
      // as last time needs no second look
      const prev = this.lastSeen.get(s.id);
      if (prev === s) continue;
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
      this.observePhoneLeg(s, where);
      if (prev) this.compare(prev, s, `${where} ${s.id}`);
      if (s.transfer !== undefined && isFinal(s.status) && prev !== undefined && !isFinal(prev.status)) count(`ended ${String(s.outcome)} with a ${s.transfer.status} transfer`);
      this.lastSeen.set(s.id, s);
    }
  }

  /** The phone leg's fields of one session snapshot: transfer, outcome `transferred`, digits, participant, recovered. */
  private observePhoneLeg(s: DialOutSessionSnapshot, where: string): void {
    const t = s.transfer;
    if (t !== undefined) {
      if (!Object.isFrozen(t) || (t.error !== undefined && !Object.isFrozen(t.error))) this.violations.push(`${where}: ${s.id} transfer not frozen`);
      if ((t.status === 'failed') !== (t.error?.code === 'TRANSFER_FAILED')) this.violations.push(`${where}: ${s.id} transfer ${t.status} with error ${canonical(t.error?.code)}`);
      if (t.method !== 'transfer' && t.method !== 'refer') this.violations.push(`${where}: ${s.id} transfer method ${String(t.method)}`);
    }
    if (s.outcome === 'transferred') {
      if (!inFlight(t)) this.violations.push(`${where}: ${s.id} ended transferred with transfer ${canonical(t)}`);
      if (s.endedBy !== 'local' && s.endedBy !== 'remote') this.violations.push(`${where}: ${s.id} transferred, endedBy ${String(s.endedBy)}`);
    }
    if (s.digits !== undefined && (s.digits.length === 0 || s.digits.length > 32)) this.violations.push(`${where}: ${s.id} digits of length ${s.digits.length}`);
    const p = s.participant;
    if (p !== undefined) {
      if (!Object.isFrozen(p)) this.violations.push(`${where}: ${s.id} participant not frozen`);
      if (p.sessionId !== s.sessionId) this.violations.push(`${where}: ${s.id} (sessionId ${String(s.sessionId)}) has participant ${p.sessionId}`);
      if (!(AUDIO_STATES as readonly string[]).includes(p.audio)) this.violations.push(`${where}: ${s.id} participant audio ${String(p.audio)}`);
      if (p.leftAt !== undefined && (!isFinal(s.status) || p.leftAt < p.joinedAt)) this.violations.push(`${where}: ${s.id} is ${s.status}, its participant left at ${p.leftAt} (joined ${p.joinedAt})`);
    }
    if (s.recovered !== undefined && (s.recovered !== true || s.initiator !== 'remote')) {
      this.violations.push(`${where}: ${s.id} recovered ${String(s.recovered)} with initiator ${s.initiator} (no storage)`);
    }
  }

  /**
   * sessionIds that `manager.session(sessionId)` gets wrong (BUG-5): a live session's must find it; an ended one's must
   * find a session (it, or a recovered one that took the sessionId over).
   */
  unroutedSessionIds(): string[] {
    if (this.disposed) return [];
    const out: string[] = [];
    for (const s of this.manager.getSnapshot().sessions) {
      if (s.sessionId === undefined) continue;
      const found = this.manager.session(s.sessionId);
      if (isFinal(s.status) ? found === undefined : found?.id !== s.id) out.push(s.sessionId);
    }
    return out;
  }

  /** Gives remote sessions handles too, so that stop() / sendDTMF() reach them. */
  discover(): boolean {
    if (this.disposed) return false;
    let found = false;
    for (const s of this.manager.getSnapshot().sessions) {
      if (!this.knownIds.has(s.id)) {
        const handle = this.manager.session(s.id);
        if (handle) {
          this.track(handle);
          found = true;
        }
      }
    }
    return found;
  }

  /**
   * Transfers: every `sipCallTransfer()` / `sipRefer()` call is one accepted `transfer()` / `refer()`, with a fresh
   * `{ sessionId, ...options }`; refusals reject with the right error type; a call daily-js answered while the session
   * is answered settles the promise and moves `requested` to `accepted` or `failed` (the session stays answered).
   */
  private checkTransfers(step: string): void {
    const calls = this.transferCalls;
    for (; this.linkedTransferCalls < calls.length; this.linkedTransferCalls++) {
      const call = calls[this.linkedTransferCalls] as PendingTransferCall;
      const tracked = this.awaitingTransferCall.shift();
      if (!tracked) {
        this.violations.push(`${step}: a ${call.method} call ${canonical(call.args)} that no transfer() / refer() asked for`);
        continue;
      }
      tracked.call = call;
      this.transferOf.set(call, tracked);
      const expected = { ...(tracked.options as object), sessionId: tracked.handle.snapshot.sessionId, useSipRefer: tracked.method === 'refer' };
      if (call.method !== tracked.method || canonical(call.args) !== canonical(expected)) {
        this.violations.push(`${step}: ${tracked.what} called daily-js's ${call.method} with ${canonical(call.args)}, expected ${canonical(expected)}`);
      }
    }
    for (const t of this.awaitingTransferCall.splice(0)) this.violations.push(`${step}: ${t.what} showed requested but daily-js was not called`);
    for (const t of this.transfers) {
      const r = t.reason;
      if (t.expect === 'validation' || t.expect === 'state') {
        const want = t.expect === 'validation' ? DialOutValidationError : DialOutStateError;
        if (t.state !== 'rejected' || !(r instanceof want)) this.violations.push(`${step}: ${t.what} is ${t.state} (${describe(r)}), expected a rejection with ${want.name}`);
        t.verified = true;
        continue;
      }
      if (t.expect === 'unjoined') {
        // daily-js refuses at once when not joined: the transfer fails like any daily-js rejection
        if (t.state !== 'rejected') this.violations.push(`${step}: ${t.what} is ${t.state}, though daily-js refused it (not joined)`);
        else if (!(r instanceof DialOutStateError && isFinal(t.handle.snapshot.status))) this.checkTransferFailure(step, t, (c) => c instanceof Error && /only supported after join/.test(c.message));
        t.verified = true;
        continue;
      }
      // sent: settles as daily-js's promise does when daily-js answers while the session is live (answered, or
      // stopping after a stop() or a timer), and moves `requested` on; else rejects with DialOutStateError once it ended
      const settledWhile = t.settledWhile;
      const live = settledWhile !== undefined && !isFinal(settledWhile);
      const verb = t.call?.status === 'resolved' ? 'resolved' : 'rejected';
      const when = `while the session was ${String(settledWhile)}`;
      if (live && !t.statusChecked) {
        t.statusChecked = true;
        const now = t.handle.snapshot;
        count(`transfer ${verb} by daily-js ${when}`);
        if (t.state === 'pending') this.violations.push(`${step}: ${t.what} still pending after daily-js ${verb} it ${when}`);
        // (requested when daily-js answered: no webhook moved it on, it is this transfer)
        if (t.statusWhenSettled === 'requested' && (verb === 'resolved' ? now.transfer?.status === 'requested' : now.transfer?.status !== 'failed')) {
          this.violations.push(`${step}: ${t.what} is ${String(now.transfer?.status)} after daily-js ${verb} it ${when}`);
        }
        if (verb === 'rejected' && settledWhile === 'answered' && (now.status !== 'answered' || now.error !== undefined)) {
          this.violations.push(`${step}: ${t.what} refused by daily-js, and the session is ${now.status} ${canonical(now.error)}`);
        }
      }
      if (t.state === 'pending') continue;
      t.verified = true;
      if (t.state === 'resolved') {
        if (t.call?.status !== 'resolved') this.violations.push(`${step}: ${t.what} resolved, but daily-js's call is ${String(t.call?.status)}`);
      } else if (r instanceof DialOutStateError) {
        if (live) this.violations.push(`${step}: ${t.what} rejected with DialOutStateError (${r.message}), though daily-js ${verb} it ${when}`);
        else if (!isFinal(t.handle.snapshot.status) && !this.disposed) this.violations.push(`${step}: ${t.what} rejected with DialOutStateError while ${t.handle.id} is ${t.handle.snapshot.status}`);
      } else if (t.call?.status !== 'rejected') {
        this.violations.push(`${step}: ${t.what} rejected with ${describe(r)}, but daily-js's call is ${String(t.call?.status)}`);
      } else {
        this.checkTransferFailure(step, t, (c) => c === t.callReason);
      }
    }
    // 'transferred' only after a transfer daily-js did not refuse
    for (const t of this.refused) {
      const f = t.handle.snapshot;
      if (f.transfer?.status === 'failed') t.sawFailed = true;
      if (!isFinal(f.status)) continue;
      if (f.outcome === 'transferred' && t.statusWhenSettled === 'requested' && !t.sawFailed && this.latestTransfer.get(t.handle.id) === t) {
        this.violations.push(`${step}: ${t.handle.id} ended transferred by ${t.what}, which daily-js refused while the session was ${String(t.settledWhile)}`);
      }
    }
    this.refused = this.refused.filter((t) => !isFinal(t.handle.snapshot.status));
    this.transfers = this.transfers.filter((t) => !t.verified);
  }

  /** A transfer refused by daily-js rejects with what daily-js rejected with (types.ts); the typed error is on `transfer.error`. */
  private checkTransferFailure(step: string, t: TrackedTransfer, isCause: (cause: unknown) => boolean): void {
    if (isCause(t.reason)) return;
    this.violations.push(`${step}: ${t.what} rejected with ${describe(t.reason)}, not daily-js's refusal`);
  }

  /**
   * DTMF both ways: daily-js gets each queued `sendDTMF()` as chunks of at most 20 tones, in order, one request at a
   * time, with its options, and never stalls while answered; the promises match what daily-js did; each session's
   * `dtmf$` has exactly the manager's `dtmf$` values attributed to it, and `digits` the last 32 tones received while live.
   */
  private checkDtmf(step: string): void {
    const calls = this.dtmfCalls;
    for (; this.dtmfCallsSeen < calls.length; this.dtmfCallsSeen++) {
      const tones: unknown = calls[this.dtmfCallsSeen]?.args.tones;
      if (typeof tones !== 'string' || tones.length === 0 || tones.length > 20) this.violations.push(`${step}: sendDTMF call with tones ${JSON.stringify(tones)}`);
    }
    for (const h of this.handles) {
      const log = this.handleLogs.get(h.id);
      if (!log) continue;
      const own = log.dtmf.length > 0 ? log.dtmf.splice(0) : [];
      const expected = log.expected.length > 0 ? log.expected.splice(0) : [];
      if ((own.length > 0 || expected.length > 0) && canonical(own) !== canonical(expected)) {
        this.violations.push(`${step}: ${h.id}'s dtmf$ gave ${canonical(own)}, but manager.dtmf$ attributed ${canonical(expected)} to it`);
      }
      if (this.done.get(h.id) === true && !log.dtmfCompleted) this.violations.push(`${step}: ${h.id} is final but its dtmf$ did not complete`);
      if ((h.snapshot.digits ?? '') !== log.digits) this.violations.push(`${step}: ${h.id} digits ${JSON.stringify(h.snapshot.digits)}, received ${JSON.stringify(log.digits)}`);
      if (log.queue.length > 0 && !(log.dtmfCallsTo !== undefined && log.queue.every((d) => d.verified))) this.walkDtmfQueue(step, h, log, calls);
    }
    for (const d of this.dtmfs) {
      const r = d.reason;
      if (d.expect === 'validation' || d.expect === 'state') {
        const want = d.expect === 'validation' ? DialOutValidationError : DialOutStateError;
        if (d.state !== 'rejected' || !(r instanceof want)) this.violations.push(`${step}: ${d.what} is ${d.state} (${describe(r)}), expected a rejection with ${want.name}`);
        d.verified = true;
      } else if (d.expect === 'unjoined') {
        if (d.state !== 'rejected') this.violations.push(`${step}: ${d.what} is ${d.state}, though daily-js refused it (not joined)`);
        d.verified = true;
      } else if (d.state !== 'pending') {
        d.verified = true;
        if (d.state === 'resolved') {
          if (d.failed || d.confirmed !== d.chunks.length) this.violations.push(`${step}: ${d.what} resolved with ${d.confirmed} of ${d.chunks.length} chunks confirmed`);
          else count(d.chunks.length > 1 ? 'sendDTMF() resolved, several chunks' : 'sendDTMF() resolved');
        } else if (r instanceof DialOutStateError) {
          if (!isFinal(d.handle.snapshot.status) && !this.disposed) this.violations.push(`${step}: ${d.what} rejected with DialOutStateError while ${d.handle.id} is ${d.handle.snapshot.status}`);
        } else if (!d.failed) {
          this.violations.push(`${step}: ${d.what} rejected with ${describe(r)}, but daily-js refused none of its chunks`);
        }
      }
    }
    this.dtmfs = this.dtmfs.filter((d) => !d.verified);
  }

  /** Replays `call.dtmfCalls` of one handle against its queued requests. */
  private walkDtmfQueue(step: string, h: DialOutSession, log: HandleLog, calls: readonly PendingDtmfCall[]): void {
    const sessionId = log.queue[0]?.sessionId;
    const mine = calls.slice(log.dtmfCallsFrom, log.dtmfCallsTo ?? calls.length).filter((c) => c.args.sessionId === sessionId);
    if (log.dtmfCallsTo === undefined && isFinal(h.snapshot.status)) log.dtmfCallsTo = calls.length;
    for (const req of log.queue) {
      req.confirmed = 0;
      req.failed = false;
    }
    let r = 0;
    let k = 0;
    for (let n = 0; n < mine.length; n++) {
      const c = mine[n] as PendingDtmfCall;
      const req = log.queue[r];
      const { sessionId: _sessionId, tones, ...options } = c.args as { sessionId: string; tones: string };
      if (!req) {
        this.violations.push(`${step}: ${h.id}: sendDTMF call '${tones}' that no queued request asked for`);
        return;
      }
      if (tones !== req.chunks[k] || canonical(options) !== canonical(req.options ?? {})) {
        this.violations.push(`${step}: ${h.id}: sendDTMF call ${canonical(c.args)}, expected chunk ${k + 1} ('${String(req.chunks[k])}') of ${req.what}`);
        return;
      }
      if (c.status === 'pending') {
        if (n !== mine.length - 1) this.violations.push(`${step}: ${h.id}: a sendDTMF call went while an earlier one was pending`);
        return;
      }
      if (c.status === 'rejected') {
        req.failed = true;
        r++;
        k = 0;
        continue;
      }
      req.confirmed = k + 1;
      if (++k === req.chunks.length) {
        r++;
        k = 0;
      }
    }
    const next = log.queue[r];
    if (next && h.snapshot.status === 'answered') this.violations.push(`${step}: ${h.id}: DTMF queue stalled: chunk ${k + 1} of ${next.what} not sent while answered`);
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
    // lookups: a live session is found by its sessionId, an ended one's sessionId finds a session
    for (const sid of new Set(this.unroutedSessionIds())) {
      const s = current.sessions.filter((x) => x.sessionId === sid);
      this.violations.push(`${step}: ${s.map((x) => `${x.id} (${x.status})`).join(', ')} has sessionId ${sid}, but manager.session('${sid}') finds ${String(this.manager.session(sid)?.id)}`);
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
    // (incremental: an event whose counts were equal at the last check and did not change since is fine)
    for (const payload of this.touched) {
      if ((this.reported.get(payload) ?? 0) !== (this.emitted.get(payload) ?? -1)) this.unbalanced.add(payload);
      else this.unbalanced.delete(payload);
    }
    this.touched.clear();
    const startPending = this.unbalanced.size > 0 && !this.disposed && this.pendingStart() !== undefined;
    const retainedSessionIds = new Set(this.unbalanced.size === 0 ? [] : current.sessions.flatMap((s) => (s.sessionId !== undefined ? [s.sessionId] : [])));
    for (const payload of this.unbalanced) {
      const reported = this.reported.get(payload) ?? 0;
      const count = this.emitted.get(payload);
      if (count === undefined) {
        this.violations.push(`${step}: event ${JSON.stringify(payload)} reported ${reported}× but never received`);
      } else if (reported > count) {
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
    const ownerOf = new Map(this.reportedEvents.length === 0 ? [] : current.sessions.flatMap((s) => (s.sessionId !== undefined ? [[s.sessionId, s.id] as const] : [])));
    const checked = this.checked;
    for (const event of this.reportedEvents.splice(0)) {
      if (!Object.isFrozen(event)) this.violations.push(`${step}: events$ value not frozen`);
      const owner = event.sessionId !== undefined ? ownerOf.get(event.sessionId) : undefined;
      // a calltransfer.* webhook makes no session: unattributed is right when its owner came later in the step
      const madeLater =
        owner !== undefined && event.localId === undefined && event.type.startsWith('calltransfer.') && !checked.sessions.some((s) => s.id === owner);
      if (owner !== undefined && event.localId !== owner && !madeLater) {
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
    this.checkTransfers(step);
    this.checkDtmf(step);
    for (const p of this.open) {
      if (p.state !== 'pending') continue;
      if (isFinal(p.handle.snapshot.status)) this.violations.push(`${step}: ${p.what} still pending after the session ended`);
      else if (this.disposed) this.violations.push(`${step}: ${p.what} still pending after dispose()`);
    }
    this.open = this.open.filter((p) => p.state === 'pending');
    // after dispose(): every session final, no listener left, nothing changes
    if (this.disposed) {
      if (this.afterDispose === undefined) this.afterDispose = current;
      else if (current !== this.afterDispose) this.violations.push(`${step}: snapshot changed after dispose()`);
      for (const s of current.sessions) if (!isFinal(s.status)) this.violations.push(`${step}: ${s.id} is ${s.status} after dispose()`);
      for (const h of this.handles) if (!isFinal(h.snapshot.status)) this.violations.push(`${step}: handle ${h.id} is ${h.snapshot.status} after dispose()`);
      if (this.call.listenerCount() !== this.baseline) this.violations.push(`${step}: ${this.call.listenerCount()} listeners after dispose(), baseline ${this.baseline}`);
    }
    // no XState warning or error
    this.violations.push(...this.consoleCalls.splice(0));
    this.checked = current;
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
      if (w.discover()) await settle(); // sessions made while promises settled
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
/** Tones for sendDTMF(): valid ones (21 and 45 tones go as 2 and 3 chunks) and refused ones (empty, not DTMF, lower case, too long). */
const DTMF_TONES = ['1', '12#', 'ABCD*', '', 'x', '1'.repeat(21), '1234567890ABCD*#'.repeat(3).slice(0, 45), 'a', '2'.repeat(1_001)] as const;
/** Options for sendDTMF(): valid and refused. */
const DTMF_OPTIONS: readonly (DialOutDtmfOptions | undefined)[] = [
  undefined,
  { method: 'sip-info' },
  { method: 'telephone-event', digitDurationMs: 80 },
  { method: 'auto', digitDurationMs: 2_000 },
  { digitDurationMs: 50 },
  { method: 'loud' as never },
  { digitDurationMs: 10 },
  { digitDurationMs: 100.5 },
  { tones: '1' } as never,
  null as never,
];
const shortTones = (tones: string) => (tones.length > 24 ? `${tones.slice(0, 8)}…(${tones.length} tones)` : tones);

/** Options for transfer() / refer(), with whether they are valid (daily-js 0.92.2's and Daily's documented rules). */
const TRANSFER_OPTIONS: readonly { readonly method: 'transfer' | 'refer'; readonly options: unknown; readonly valid: boolean }[] = [
  { method: 'transfer', options: { toEndPoint: '+15555550199' }, valid: true },
  { method: 'transfer', options: { toEndPoint: 'sip:desk@example.com' }, valid: true },
  { method: 'transfer', options: { toEndPoint: '+15555550199', callerId: '+15555550142' }, valid: true },
  { method: 'transfer', options: { toEndPoint: '+15555550199', extension: '1234', waitBeforeExtensionDialSec: 4 }, valid: true },
  { method: 'refer', options: { toEndPoint: 'sip:desk@example.com' }, valid: true },
  { method: 'refer', options: { toEndPoint: 'sip:agent@192.0.2.4' }, valid: true },
  { method: 'transfer', options: { toEndPoint: '555-0199' }, valid: false },
  { method: 'transfer', options: { toEndPoint: 'sip:desk@example.com', extension: '12' }, valid: false },
  { method: 'transfer', options: { toEndPoint: '+15555550199', waitBeforeExtensionDialSec: 4 }, valid: false },
  { method: 'transfer', options: { toEndPoint: '+15555550199', sessionId: 'S1' }, valid: false },
  { method: 'transfer', options: {}, valid: false },
  { method: 'transfer', options: null, valid: false },
  { method: 'refer', options: { toEndPoint: '+15555550199' }, valid: false },
  { method: 'refer', options: { toEndPoint: 'sip:desk@example.com', callerId: '+15555550142' }, valid: false },
  { method: 'refer', options: undefined, valid: false },
];

/** What daily-js's sipCallTransfer() / sipRefer() reject with. */
const TRANSFER_REJECTIONS: readonly { readonly label: string; readonly reason: unknown }[] = [
  { label: "Error('SIP 403 Forbidden')", reason: new Error('SIP 403 Forbidden') },
  { label: "'NOT_ALLOWED'", reason: 'NOT_ALLOWED' },
  { label: "{ errorMsg: '404 Not Found' }", reason: { errorMsg: '404 Not Found' } },
  { label: 'undefined', reason: undefined },
];

/** A sessionId in an event: one of the storm's, the one handle #i has (when it has one), or a malformed one. */
type SessionRef = { readonly label: string } & (
  | { readonly id: unknown }
  | { readonly handle: number; readonly answered?: boolean }
  | { readonly absent: true }
);
const sessionRefs: fc.Arbitrary<SessionRef> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.nat({ max: 7 }), fc.boolean())
      .map(([handle, answered]) => ({ label: `${answered ? 'answered ' : ''}session #${handle}'s`, handle, answered })),
  },
  { weight: 4, arbitrary: fc.constantFrom(...SESSION_IDS, 'R1', 'R2').map((id) => ({ label: id, id })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<SessionRef>({ label: 'no sessionId', absent: true }, { label: "''", id: '' }, { label: '7', id: 7 }, { label: 'null', id: null }),
  },
);

const TRANSFER_WEBHOOK_TYPES = ['calltransfer.triggered', 'calltransfer.initiated', 'calltransfer.answered', 'calltransfer.completed'] as const;

/** Audio tracks of a participant: daily-js's states, and malformed ones. */
const participantTracks: fc.Arbitrary<{ label: string; tracks?: unknown }> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...AUDIO_STATES).map((state) => ({ label: `audio ${state}`, tracks: { audio: { state } } })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { label: 'no tracks' },
      { label: 'tracks {}', tracks: {} },
      { label: 'audio null', tracks: { audio: null } },
      { label: 'audio state 42', tracks: { audio: { state: 42 } } },
      { label: "audio state 'bogus'", tracks: { audio: { state: 'bogus' } } },
    ),
  },
);

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
  /** A lifecycle event for the sessionId of handle #index (of the live ones with a sessionId), so that legs ring, get answered and end. */
  emitFor: (type: 'dialout-connected' | 'dialout-answered' | 'dialout-stopped', index: number, live = true) =>
    command(`emit ${type} (${live ? 'live ' : ''}session #${index}'s sessionId)`, (w) => {
      const pool = live ? w.handles.filter((h) => !isFinal(h.snapshot.status) && h.sessionId !== undefined) : w.handles;
      const sessionId = pool[index % Math.max(1, pool.length)]?.sessionId;
      if (sessionId !== undefined) w.emit(type, { action: type, callClientId: w.call.callClientId, sessionId });
    }),
  /** A Daily webhook for `sessionId`, with Daily's whole-second `timestamp` `skewS` seconds off the manager's clock; ids repeat (Daily's retried deliveries). */
  webhook: (type: EventType, sessionId: string, skewS: number, id: number) =>
    command(`ingest ${type.replace('-', '.')} webhook (${sessionId}, timestamp ${skewS >= 0 ? '+' : ''}${skewS} s, id evt-${id})`, (w) => {
      const payload: Record<string, unknown> = { session_id: sessionId, timestamp: Math.floor(Date.now() / 1000) + skewS, room: 'storm', domain_id: 'd' };
      if (type === 'dialout-error' || type === 'dialout-warning') payload.error_msg = `${type} message`;
      w.ingest({ version: '1.0.0', type: type.replace('-', '.') as DialOutWebhookType, id: `evt-${id}`, event_ts: Date.now() / 1000, payload } as DialOutWebhookEvent);
    }),
  /** A Daily calltransfer.* webhook for a session (retried deliveries share their id). */
  transferWebhook: (type: (typeof TRANSFER_WEBHOOK_TYPES)[number], ref: SessionRef, refer: boolean | undefined, toEndPoint: string | undefined, id: number) =>
    command(
      `ingest ${type} webhook (${ref.label}${refer === undefined ? '' : `, is_sip_refer ${refer}`}${toEndPoint === undefined ? '' : `, to ${toEndPoint}`}, id evt-${id})`,
      (w) => {
        const sessionId = w.sessionIdOf(ref);
        if (typeof sessionId !== 'string' || sessionId === '') return; // every calltransfer.* has one (parseDialOutWebhook refuses others)
        const payload: Record<string, unknown> = { session_id: sessionId, timestamp: Math.floor(Date.now() / 1000), room: 'storm', domain_id: 'd', mtg_session_id: 'm' };
        if (toEndPoint !== undefined) payload.to_endpoint = toEndPoint;
        if (refer !== undefined) payload.is_sip_refer = refer;
        w.ingest({ version: '1.0.0', type, id: `evt-${id}`, event_ts: Date.now() / 1000, payload } as DialOutWebhookEvent);
      },
    ),
  stop: (index: number) => command(`stop(session #${index})`, (w) => w.stop(index)),
  /** sendDTMF() on handle #index (with `answered`, on the index-th answered one if there is one). */
  sendDTMF: (index: number, tones: string, options?: DialOutDtmfOptions, answered: boolean | 'answer-first' = false) =>
    command(`sendDTMF(${answered === 'answer-first' ? 'answer-first ' : answered ? 'answered ' : ''}session #${index}, '${shortTones(tones)}'${options === undefined ? '' : `, ${canonical(options)}`})`, (w) =>
      w.sendDTMF(index, tones, options, answered),
    ),
  /** transfer() / refer() on handle #index (with `answered`, on the index-th answered one if there is one). */
  transfer: (index: number, method: 'transfer' | 'refer', options: unknown, valid: boolean, answered: boolean | 'answer-first' = true) =>
    command(`${method}(${answered === 'answer-first' ? 'answer-first ' : answered ? 'answered ' : ''}session #${index}, ${canonical(options)})`, (w) => w.transfer(index, method, options, valid, answered)),
  /** Settles the oldest pending sipCallTransfer() / sipRefer() call. */
  settleTransfer: (resolve: boolean, reason?: unknown, label = String(reason)) =>
    command(resolve ? 'resolve pending transfer call' : `reject pending transfer call with ${label}`, (w) => w.settleTransfer(resolve, reason)),
  /** A received DTMF tone; `payload` fields (sessionId from `ref`), or a malformed payload as it is. */
  dtmfEvent: (fields: { tone?: unknown; method?: unknown } | undefined, ref: SessionRef | undefined, label: string) =>
    command(`emit dtmf-event (${label})`, (w) => {
      if (fields === undefined) return w.emit('dtmf-event', w.rawPayload(label));
      const payload: Record<string, unknown> = { action: 'dtmf-event', callClientId: w.call.callClientId, volume: 1, ...fields };
      const sessionId = ref === undefined ? undefined : w.sessionIdOf(ref);
      if (ref !== undefined && !('absent' in ref)) payload.sessionId = sessionId;
      w.emit('dtmf-event', payload);
    }),
  /** A participant event: `participantType` and `session_id` (from `ref`) as given, with audio tracks. */
  participant: (type: ParticipantEvent, participantType: string | undefined, ref: SessionRef, tracks: { label: string; tracks?: unknown }, local = false) =>
    command(`emit ${type} (${participantType ?? 'no participantType'}${local ? ', local' : ''}, session_id ${ref.label}, ${tracks.label})`, (w) => {
      const participant: Record<string, unknown> = { local, user_name: 'storm', participantType, ...(tracks.tracks === undefined ? {} : { tracks: fresh(tracks.tracks) }) };
      if (!('absent' in ref)) participant.session_id = w.sessionIdOf(ref);
      w.emit(type, { action: type, callClientId: w.call.callClientId, participant });
    }),
  /** A malformed participant event (no participant object). */
  participantRaw: (type: ParticipantEvent, label: string) => command(`emit ${type} (${label})`, (w) => w.emit(type, w.rawPayload(label))),
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
  rejoin: () => command('rejoin (joined-meeting after left-meeting)', (w) => w.rejoin()),
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
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        fc.nat({ max: 7 }),
        fc.constantFrom(...DTMF_TONES),
        fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.constantFrom(...DTMF_OPTIONS) }),
        fc.constantFrom(false, true, 'answer-first' as const),
      )
      .map(([i, tones, options, answered]) => C.sendDTMF(i, tones, options, answered)),
  },
  { weight: 10, arbitrary: fc.constantFrom('resolveStop', 'rejectStop', 'resolveDTMF', 'rejectDTMF' as const).map((what) => C.settle(what)) },
  { weight: 12, arbitrary: fc.constantFrom(...TIMER_STEPS).map((ms) => C.advance(ms)) },
  { weight: 4, arbitrary: fc.constant(null).map(() => C.emitAgain()) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...EVENT_TYPES), fc.constantFrom(...SESSION_IDS, 'R1', 'R2'), fc.integer({ min: -5, max: 5 }), fc.nat({ max: 9 }))
      .map(([type, sessionId, skew, id]) => C.webhook(type, sessionId, skew, id)),
  },
  // the phone leg (issue 11): legs of known sessions answered and ended, transfers and REFERs, calltransfer.* webhooks,
  // received DTMF, participants
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom('dialout-connected', 'dialout-answered', 'dialout-stopped' as const), fc.nat({ max: 7 }))
      .map(([type, i]) => C.emitFor(type, i)),
  },
  {
    weight: 4,
    arbitrary: fc.oneof(
      // mostly valid options on an answered session; refusals (bad options, not answered, in flight) too
      {
        weight: 3,
        arbitrary: fc
          .tuple(fc.nat({ max: 7 }), fc.constantFrom(...TRANSFER_OPTIONS.filter((o) => o.valid)))
          .map(([i, o]) => C.transfer(i, o.method, o.options, true, 'answer-first')),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.nat({ max: 7 }), fc.constantFrom(...TRANSFER_OPTIONS), fc.boolean())
          .map(([i, o, answered]) => C.transfer(i, o.method, o.options, o.valid, answered)),
      },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.oneof(
      { weight: 3, arbitrary: fc.constant(null).map(() => C.settleTransfer(true)) },
      { weight: 2, arbitrary: fc.constantFrom(...TRANSFER_REJECTIONS).map(({ label, reason }) => C.settleTransfer(false, reason, label)) },
    ),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(...TRANSFER_WEBHOOK_TYPES),
        sessionRefs,
        fc.constantFrom(true, false, undefined),
        fc.constantFrom('+15555550199', 'sip:desk@example.com', undefined),
        fc.nat({ max: 9 }),
      )
      .map(([type, ref, refer, to, id]) => C.transferWebhook(type, ref, refer, to, id)),
  },
  {
    weight: 4,
    arbitrary: fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .tuple(fc.constantFrom(...PARTICIPANT_EVENTS), fc.constantFrom('pstn-dial-out', 'sip-dial-out'), sessionRefs, participantTracks)
          .map(([type, participantType, ref, tracks]) => C.participant(type, participantType, ref, tracks)),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom(...PARTICIPANT_EVENTS), fc.constantFrom(undefined, 'remote-media-player', 'unknown'), sessionRefs, participantTracks, fc.boolean())
          .map(([type, participantType, ref, tracks, local]) => C.participant(type, participantType, ref, tracks, local)),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom(...PARTICIPANT_EVENTS), fc.constantFrom('{ participant: null }', '{}', 'null', "'participant'"))
          .map(([type, label]) => C.participantRaw(type, label)),
      },
    ),
  },
  {
    weight: 4,
    arbitrary: fc.oneof(
      {
        weight: 8,
        arbitrary: fc
          .tuple(fc.constantFrom(...'0123456789ABCD*#'), sessionRefs, fc.constantFrom('telephone-event', 'sip-info', undefined))
          .map(([tone, ref, method]) => C.dtmfEvent({ tone, ...(method === undefined ? {} : { method }) }, ref, `'${tone}', sessionId ${ref.label}${method === undefined ? '' : `, ${method}`}`)),
      },
      {
        weight: 2,
        arbitrary: fc
          .tuple(fc.constantFrom<{ label: string; fields: { tone?: unknown; method?: unknown } }>(
            { label: "tone ''", fields: { tone: '' } },
            { label: 'tone 42', fields: { tone: 42 } },
            { label: 'no tone', fields: {} },
            { label: "tone 'xy'", fields: { tone: 'xy' } },
            { label: 'method 5', fields: { tone: '5', method: 5 } },
          ), sessionRefs)
          .map(([{ label, fields }, ref]) => C.dtmfEvent(fields, ref, `${label}, sessionId ${ref.label}`)),
      },
      { weight: 1, arbitrary: fc.constantFrom('null', "'dtmf'", '42', '[]').map((label) => C.dtmfEvent(undefined, undefined, label)) },
    ),
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
  noAudioWarningMs: fc.constantFrom(1_000, 5_000, Number.POSITIVE_INFINITY),
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
    for (const c of [...world.call.startCalls, ...world.call.stopCalls, ...world.call.dtmfCalls, ...world.call.transferCalls]) {
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
