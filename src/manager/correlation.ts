/**
 * Correlation of daily-js `dialout-*` events with dial-out sessions.
 *
 * @remarks
 * Pure bookkeeping, no XState or daily-js: the manager machine's named actions
 * feed it the current correlation state and one happening (an event, a start
 * settlement, a session ending), and apply the effects it returns (send to a
 * session, spawn a remote session, emit, prune) in order.
 *
 * Rules (issue "Correlation"):
 * - Events are routed by `sessionId` through a record: O(1).
 * - While a local `startDialOut()` is unresolved, events for unknown
 *   `sessionId`s are held. When it resolves with a sessionId, held events for
 *   it are applied in arrival order; once no start is unresolved, the rest are
 *   released: adopted by a session whose start resolved without a session
 *   (oldest first, first unknown sessionId first), else they become remote
 *   sessions (or, with `trackRemoteSessions: false`, are only reported).
 * - A `dialout-error` / `dialout-warning` without `sessionId` goes to the
 *   oldest local session still waiting for its sessionId; if there is none it
 *   is reported unattributed.
 * - Events for sessionIds of pruned sessions are reported unattributed, never
 *   resurrected as remote sessions.
 * - Every event is reported exactly once (`event` effect), attributed or not.
 */
import { makeError } from '../errors.js';
import type { DialOutError, DialOutEvent, DialOutEventSource, DialOutEventType, DialOutWarning } from '../types.js';
import type { DialOutPayloadFields } from '../machine/dailyEvents.js';
import { toWarning } from '../machine/dailyEvents.js';
import type { DialOutSessionDailyEvent, DialOutSessionEvent } from '../machine/sessionMachine.js';

/** A received daily-js event, normalised. */
export interface ReceivedDailyEvent {
  readonly name: DialOutEventType;
  /** daily-js or a webhook given to `ingest`. */
  readonly source: DialOutEventSource;
  /** The payload exactly as daily-js delivered it. */
  readonly payload: unknown;
  readonly fields: DialOutPayloadFields;
  /** Receipt time, epoch ms. */
  readonly at: number;
}

/** The correlation part of the manager's context. Arrays and records are replaced, never mutated. */
export interface CorrelationState {
  /** Retained local ids, creation order. */
  readonly order: readonly string[];
  /** Daily sessionId → local id. */
  readonly bySessionId: Readonly<Record<string, string>>;
  /** Live local sessions that have no sessionId yet, oldest first. */
  readonly awaiting: readonly string[];
  /** The subset of `awaiting` whose start resolved without a session: they adopt the next unknown sessionId. */
  readonly adopting: readonly string[];
  /** Local ids with an unresolved `startDialOut()`. */
  readonly pendingStarts: readonly string[];
  /** Events for unknown sessionIds held while a start is unresolved, arrival order. */
  readonly held: readonly ReceivedDailyEvent[];
  /** Ended, retained local ids, oldest first. */
  readonly ended: readonly string[];
  /**
   * sessionIds of pruned sessions (at most `retiredLimit`, oldest dropped
   * first), for reporting their late events unattributed. Unlike the rest of
   * the state, this set and its order are mutated in place (they are large and
   * only the correlator reads them), so one manager must own them alone: make
   * the state with {@link createCorrelationState}.
   */
  readonly retired: ReadonlySet<string>;
  readonly retiredOrder: readonly string[];
  /** Number of remote sessions made so far (for their ids). */
  readonly remoteCount: number;
  /**
   * Per Daily sessionId, how many times each event was applied from each
   * source (`[daily-js, webhook]`), so the same event arriving from both is
   * applied once. Keyed by event name (plus the message for warnings).
   */
  readonly dedupe: Readonly<Record<string, Readonly<Record<string, readonly [number, number]>>>>;
}

/** Events the manager emits for the façade (`actor.on(...)`). */
export type DialOutManagerEmitted =
  | { type: 'dialout.event'; event: DialOutEvent }
  | { type: 'dialout.unattributed-error'; error: DialOutError }
  | { type: 'dialout.unattributed-warning'; warning: DialOutWarning }
  | { type: 'stop.settled'; localId: string; ok: true }
  | { type: 'stop.settled'; localId: string; ok: false; error: unknown }
  | { type: 'dtmf.settled'; requestId: string; ok: true }
  | { type: 'dtmf.settled'; requestId: string; ok: false; error: unknown };

/** What the manager must do, in order. */
export type CorrelationEffect =
  | { readonly kind: 'spawnRemote'; readonly localId: string; readonly sessionId: string }
  | { readonly kind: 'send'; readonly localId: string; readonly event: DialOutSessionEvent }
  | { readonly kind: 'emit'; readonly event: DialOutManagerEmitted }
  | { readonly kind: 'prune'; readonly localId: string };

/** What the correlator needs to know about sessions. */
export interface CorrelationEnv {
  /** Whether a retained session is still live (not final). */
  isLive(localId: string): boolean;
  /** The Daily sessionId a session holds in its own context, if any. */
  sessionIdOf(localId: string): string | undefined;
  readonly trackRemoteSessions: boolean;
  readonly maxEndedSessions: number;
  /** How many sessionIds of pruned sessions to remember. */
  readonly retiredLimit: number;
}

/** A new, empty correlation state (with its own `retired` set). */
export function createCorrelationState(): CorrelationState {
  return {
    order: Object.freeze([]),
    bySessionId: Object.freeze({}),
    awaiting: Object.freeze([]),
    adopting: Object.freeze([]),
    pendingStarts: Object.freeze([]),
    held: Object.freeze([]),
    ended: Object.freeze([]),
    retired: new Set<string>(),
    retiredOrder: [],
    remoteCount: 0,
    dedupe: Object.freeze({}),
  };
}

const SESSION_EVENT_TYPE: Record<DialOutEventType, DialOutSessionDailyEvent['type']> = {
  'dialout-connected': 'daily.connected',
  'dialout-answered': 'daily.answered',
  'dialout-stopped': 'daily.stopped',
  'dialout-error': 'daily.error',
  'dialout-warning': 'daily.warning',
};

function without(list: readonly string[], id: string): readonly string[] {
  return list.includes(id) ? list.filter((x) => x !== id) : list;
}

/**
 * Applies one happening to a {@link CorrelationState} and collects the effects.
 *
 * @remarks
 * Make one per happening: `new Correlator(state, env)`, call one or more
 * methods, then read {@link Correlator.state} and {@link Correlator.effects}.
 */
export class Correlator {
  private order: string[];
  private bySessionId: Record<string, string>;
  private awaiting: readonly string[];
  private adopting: readonly string[];
  private pendingStarts: readonly string[];
  private held: readonly ReceivedDailyEvent[];
  private ended: string[];
  private readonly retired: Set<string>;
  private readonly retiredOrder: string[];
  private remoteCount: number;
  private dedupe: Record<string, Readonly<Record<string, readonly [number, number]>>>;
  private readonly spawned = new Set<string>();
  /** Sessions sent a terminal event (`dialout-stopped`, `dialout-error`) in this batch: final once it is applied. */
  private readonly endedNow = new Set<string>();
  private readonly pruned = new Set<string>();
  /** Effects to apply, in order. */
  readonly effects: CorrelationEffect[] = [];

  /**
   * @param initial - The current correlation state (not mutated).
   * @param env - What the correlator may ask about sessions.
   */
  constructor(
    initial: CorrelationState,
    private readonly env: CorrelationEnv,
  ) {
    this.order = [...initial.order];
    this.bySessionId = { ...initial.bySessionId };
    this.awaiting = initial.awaiting;
    this.adopting = initial.adopting;
    this.pendingStarts = initial.pendingStarts;
    this.held = initial.held;
    this.ended = [...initial.ended];
    // large and only read here: shared and mutated in place (see CorrelationState.retired)
    this.retired = initial.retired as Set<string>;
    this.retiredOrder = initial.retiredOrder as string[];
    this.remoteCount = initial.remoteCount;
    this.dedupe = { ...initial.dedupe };
  }

  /** The resulting state. */
  get state(): CorrelationState {
    return {
      order: this.order,
      bySessionId: this.bySessionId,
      awaiting: this.awaiting,
      adopting: this.adopting,
      pendingStarts: this.pendingStarts,
      held: this.held,
      ended: this.ended,
      retired: this.retired,
      retiredOrder: this.retiredOrder,
      remoteCount: this.remoteCount,
      dedupe: this.dedupe,
    };
  }

  /**
   * A local session was created.
   *
   * @param localId - Its id.
   */
  created(localId: string): this {
    this.order.push(localId);
    return this;
  }

  /**
   * A local session asked for a `startDialOut()` attempt.
   *
   * @param localId - The session.
   */
  startRequested(localId: string): this {
    if (!this.pendingStarts.includes(localId)) this.pendingStarts = [...this.pendingStarts, localId];
    if (!this.awaiting.includes(localId)) this.awaiting = [...this.awaiting, localId];
    return this;
  }

  /**
   * `startDialOut()` resolved for a session.
   *
   * @param localId - The session that asked.
   * @param sessionId - Daily's sessionId, or `undefined` when the result had no session.
   * @param at - Epoch ms.
   * @returns `'orphan'` when the session had already ended or was pruned (the
   * caller should stop the dial-out), else `'applied'`.
   */
  startResolved(localId: string, sessionId: string | undefined, at: number): 'applied' | 'orphan' {
    this.pendingStarts = without(this.pendingStarts, localId);
    const retained = this.order.includes(localId);
    if (!retained || !this.env.isLive(localId)) {
      if (sessionId !== undefined) {
        if (retained) this.bySessionId[sessionId] = localId;
        else this.retire(sessionId);
      }
      this.releaseHeldIfIdle();
      return 'orphan';
    }
    this.send(localId, sessionId !== undefined ? { type: 'start.resolved', sessionId, at } : { type: 'start.resolved', at });
    if (sessionId !== undefined) {
      this.bind(sessionId, localId);
      const mine = this.held.filter((h) => h.fields.sessionId === sessionId);
      if (mine.length > 0) {
        this.held = this.held.filter((h) => h.fields.sessionId !== sessionId);
        for (const h of mine) this.route(localId, h);
      }
    } else if (!this.adopting.includes(localId)) {
      this.adopting = [...this.adopting, localId];
    }
    this.releaseHeldIfIdle();
    return 'applied';
  }

  /**
   * `startDialOut()` rejected for a session.
   *
   * @param localId - The session that asked.
   * @param error - The mapped error.
   * @returns Whether the session was live and was told.
   */
  startRejected(localId: string, error: DialOutError): boolean {
    this.pendingStarts = without(this.pendingStarts, localId);
    const live = this.order.includes(localId) && this.env.isLive(localId);
    if (live) this.send(localId, { type: 'start.rejected', error });
    this.releaseHeldIfIdle();
    return live;
  }

  /**
   * A daily-js `dialout-*` event arrived.
   *
   * @param event - The normalised event.
   */
  received(event: ReceivedDailyEvent): this {
    const sessionId = event.fields.sessionId;
    if (sessionId === undefined) {
      const waiting = event.name === 'dialout-error' || event.name === 'dialout-warning' ? this.awaiting[0] : undefined;
      if (waiting !== undefined) this.route(waiting, event);
      else this.unattributed(event);
      return this;
    }
    const known = this.bySessionId[sessionId];
    if (known !== undefined) this.route(known, event);
    else if (this.retired.has(sessionId)) this.unattributed(event);
    else if (this.pendingStarts.length > 0) this.held = [...this.held, event];
    else this.placeUnknown(event, sessionId);
    return this;
  }

  /**
   * A session reached its final state.
   *
   * @param localId - The session.
   */
  sessionEnded(localId: string): this {
    this.awaiting = without(this.awaiting, localId);
    this.adopting = without(this.adopting, localId);
    // An unresolved start stays pending: its dial-out may be running, and
    // events for it keep being held until daily-js answers, then go to this
    // ended session (which absorbs them) rather than to a phantom remote one.
    if (this.order.includes(localId) && !this.ended.includes(localId)) this.ended.push(localId);
    while (this.ended.length > this.env.maxEndedSessions) {
      const oldest = this.ended.shift() as string;
      this.prune(oldest);
    }
    this.releaseHeldIfIdle();
    return this;
  }

  /**
   * The call left the meeting or was destroyed, or the manager is disposed:
   * held events are reported unattributed, pending starts are no longer
   * waited for (nothing more will arrive for them), and every live session is
   * detached.
   */
  detachAll(at: number): this {
    const held = this.held;
    this.held = [];
    this.pendingStarts = [];
    for (const h of held) this.unattributed(h);
    for (const localId of this.order) {
      if (this.endedNow.has(localId)) continue;
      if (this.env.isLive(localId) || this.spawned.has(localId)) this.send(localId, { type: 'detach', at });
    }
    return this;
  }

  private releaseHeldIfIdle(): void {
    if (this.pendingStarts.length > 0 || this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    for (const h of held) {
      const sessionId = h.fields.sessionId as string;
      const known = this.bySessionId[sessionId];
      if (known !== undefined) this.route(known, h);
      else if (this.retired.has(sessionId)) this.unattributed(h);
      else this.placeUnknown(h, sessionId);
    }
  }

  private placeUnknown(event: ReceivedDailyEvent, sessionId: string): void {
    const adopter = this.adopting[0];
    if (adopter !== undefined) {
      this.bind(sessionId, adopter);
      this.send(adopter, { type: 'session.bound', sessionId });
      this.route(adopter, event);
      return;
    }
    if (!this.env.trackRemoteSessions) {
      this.unattributed(event);
      return;
    }
    this.remoteCount += 1;
    const localId = `remote-${this.remoteCount}`;
    this.order.push(localId);
    this.bySessionId[sessionId] = localId;
    this.spawned.add(localId);
    this.effects.push({ kind: 'spawnRemote', localId, sessionId });
    this.route(localId, event);
  }

  private bind(sessionId: string, localId: string): void {
    this.bySessionId[sessionId] = localId;
    this.awaiting = without(this.awaiting, localId);
    this.adopting = without(this.adopting, localId);
  }

  private route(localId: string, event: ReceivedDailyEvent): void {
    const duplicate = this.seenFromOtherSource(event);
    this.emit({ type: 'dialout.event', event: toDialOutEvent(event, localId, duplicate) });
    if (duplicate) return;
    // final states absorb everything; a session ended earlier in this same batch is final too
    if (this.endedNow.has(localId) || (!this.spawned.has(localId) && !this.env.isLive(localId))) return;
    if (event.name === 'dialout-stopped' || event.name === 'dialout-error') this.endedNow.add(localId);
    const type = SESSION_EVENT_TYPE[event.name];
    const sessionEvent: DialOutSessionDailyEvent =
      type === 'daily.error'
        ? { type, fields: event.fields, at: event.at, payload: event.payload }
        : { type, fields: event.fields, at: event.at };
    this.send(localId, sessionEvent);
  }

  /**
   * Counts the event for its source; `true` when the other source already
   * delivered as many of the same event (it is then not applied again).
   */
  private seenFromOtherSource(event: ReceivedDailyEvent): boolean {
    const sessionId = event.fields.sessionId;
    if (sessionId === undefined) return false;
    const key = event.name === 'dialout-warning' ? `${event.name}\u0000${event.fields.errorMsg ?? ''}` : event.name;
    const counts = this.dedupe[sessionId] ?? {};
    const [fromDaily, fromWebhook] = counts[key] ?? [0, 0];
    const next: readonly [number, number] =
      event.source === 'webhook' ? [fromDaily, fromWebhook + 1] : [fromDaily + 1, fromWebhook];
    this.dedupe[sessionId] = { ...counts, [key]: next };
    return event.source === 'webhook' ? next[1] <= next[0] : next[0] <= next[1];
  }

  private unattributed(event: ReceivedDailyEvent): void {
    this.emit({ type: 'dialout.event', event: toDialOutEvent(event, undefined) });
    if (event.name === 'dialout-error') {
      this.emit({
        type: 'dialout.unattributed-error',
        error: makeError('DIALOUT_ERROR', event.fields.errorMsg ?? 'dialout-error without errorMsg', event.at, {
          sessionId: event.fields.sessionId,
          cause: event.payload,
        }),
      });
    } else if (event.name === 'dialout-warning') {
      this.emit({ type: 'dialout.unattributed-warning', warning: toWarning(event.fields, event.at) });
    }
  }

  private prune(localId: string): void {
    this.order = this.order.filter((x) => x !== localId);
    for (const [sessionId, owner] of Object.entries(this.bySessionId)) {
      if (owner === localId) {
        delete this.bySessionId[sessionId];
        this.retire(sessionId);
      }
    }
    const own = this.env.sessionIdOf(localId);
    if (own !== undefined) this.retire(own);
    this.pruned.add(localId);
    this.effects.push({ kind: 'prune', localId });
  }

  private retire(sessionId: string): void {
    delete this.dedupe[sessionId];
    if (this.retired.has(sessionId)) return;
    this.retired.add(sessionId);
    this.retiredOrder.push(sessionId);
    while (this.retiredOrder.length > this.env.retiredLimit) {
      this.retired.delete(this.retiredOrder.shift() as string);
    }
  }

  private send(localId: string, event: DialOutSessionEvent): void {
    this.effects.push({ kind: 'send', localId, event });
  }

  private emit(event: DialOutManagerEmitted): void {
    this.effects.push({ kind: 'emit', event });
  }
}

/**
 * The public {@link DialOutEvent} for a received event.
 *
 * @param event - The received event.
 * @param localId - The session it was attributed to, if any.
 * @param duplicate - Whether the other source already delivered it.
 * @returns A frozen record.
 */
export function toDialOutEvent(event: ReceivedDailyEvent, localId: string | undefined, duplicate = false): DialOutEvent {
  const out: { -readonly [K in keyof DialOutEvent]: DialOutEvent[K] } = {
    type: event.name,
    source: event.source,
    at: event.at,
    payload: event.payload,
  };
  if (event.fields.sessionId !== undefined) out.sessionId = event.fields.sessionId;
  if (localId !== undefined) out.localId = localId;
  if (duplicate) out.duplicate = true;
  return Object.freeze(out);
}
