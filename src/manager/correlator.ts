/**
 * Which session an event belongs to. A reducer over `Map`s with no XState,
 * no RxJS and no daily-js: the runtime asks, applies the answer, and tells it
 * what happened (a start settled, a session ended). Every lookup is O(1).
 *
 * One liveness rule: a session is live until a terminal event
 * (`dialout-stopped`, `dialout-error`) is routed to it or it is reported
 * {@link Correlator.ended}. Final sessions absorb what is routed to them.
 */
import { type EventFields, type Incoming, targetKey } from '../daily/events.js';

interface Leg {
  readonly local: boolean;
  /** A local session's target as a {@link targetKey}, and its start options' `userId`. */
  readonly target?: string | undefined;
  readonly userId?: string | undefined;
  /** The Daily sessionIds bound to it (one, in practice). */
  readonly sessionIds: string[];
  final: boolean;
  /** Lifecycle events applied, as a bit set of {@link BIT}. */
  applied: number;
  /** Per event name, how often each source delivered it: `[daily-js, webhook]`. */
  readonly seen: Map<string, [number, number]>;
  /** The same for warnings and errors, per name and message. */
  warnings?: Map<string, [number, number]>;
  /** Its participant left the room first: a later `dialout-stopped` is the same end. */
  left?: boolean;
}

/** Where an event goes. `apply`: send it to the session (otherwise it would change nothing). */
export type Route =
  | {
      readonly kind: 'session';
      readonly localId: string;
      readonly duplicate: boolean;
      readonly apply: boolean;
      /** A sessionId the session just took (adoption): tell it first. */
      readonly bound?: string;
      /** A remote session to create first, with this sessionId. */
      readonly created?: string;
    }
  | { readonly kind: 'held' }
  | { readonly kind: 'unattributed' };

/** Options of a {@link Correlator}. */
export interface CorrelatorOptions {
  readonly trackRemoteSessions: boolean;
  /** Final sessions kept; older ones are pruned. */
  readonly maxEndedSessions: number;
  /** sessionIds of pruned sessions remembered, to report their late events unattributed. */
  readonly retiredLimit: number;
}

const BIT: Partial<Record<Incoming['name'], number>> = { 'dialout-connected': 1, 'dialout-answered': 2 };
const TERMINAL = new Set<Incoming['name']>(['dialout-stopped', 'dialout-error']);

const without = (list: string[], id: string): string[] => (list.includes(id) ? list.filter((x) => x !== id) : list);

/** The correlation state of one manager. Every lookup is O(1); `awaiting`, `adopting` and `held` hold only pending starts' business. */
export function createCorrelator(options: CorrelatorOptions) {
  /** Retained sessions by local id, creation order. */
  const legs = new Map<string, Leg>();
  const bySessionId = new Map<string, string>();
  /** Live local sessions without a sessionId, oldest first. */
  let awaiting: string[] = [];
  /** Those of `awaiting` whose start resolved without a session: they take the next unknown sessionId. */
  let adopting: string[] = [];
  const pendingStarts = new Set<string>();
  let held: Incoming[] = [];
  /** Final retained sessions, oldest first. */
  const ended = new Set<string>();
  /** sessionIds of pruned sessions, oldest first. */
  const retired = new Set<string>();
  let remoteCount = 0;

  const newLeg = (local: boolean, sessionIds: string[], target?: string, userId?: string): Leg => ({
    local,
    target,
    userId,
    sessionIds,
    final: false,
    applied: 0,
    seen: new Map(),
  });
  const isLive = (localId: string) => legs.get(localId)?.final === false;

  function bind(sessionId: string, localId: string, leg: Leg): void {
    bySessionId.set(sessionId, localId);
    if (!leg.sessionIds.includes(sessionId)) leg.sessionIds.push(sessionId);
    awaiting = without(awaiting, localId);
    adopting = without(adopting, localId);
  }

  function retire(sessionId: string): void {
    retired.delete(sessionId);
    retired.add(sessionId);
    if (retired.size > options.retiredLimit) retired.delete(retired.values().next().value as string);
  }

  function takeHeld(): Incoming[] {
    const out = held;
    held = [];
    return out;
  }

  /** Counts the event for its source: `true` when the other source already delivered as many of it. */
  function fromOtherSource(leg: Leg, event: Incoming): boolean {
    if (event.fields.sessionId === undefined) return false;
    // lifecycle events are counted by name, warnings and errors by name and message
    const byMessage = event.name === 'dialout-warning' || event.name === 'dialout-error';
    const seen = byMessage ? (leg.warnings ??= new Map()) : leg.seen;
    const key = byMessage ? `${event.name}\u0000${event.fields.errorMsg ?? ''}` : event.name;
    let counts = seen.get(key);
    if (!counts) seen.set(key, (counts = [0, 0]));
    if (event.source === 'webhook') return ++counts[1] <= counts[0];
    return ++counts[0] <= counts[1];
  }

  /** The pending session an event names by `userId` (which wins) or by target; with `unique`, only a `userId` no other pending session shares. */
  function pendingNamedBy(fields: EventFields, unique: boolean): string | undefined {
    const key = fields.destination === undefined ? undefined : targetKey(fields.destination);
    let byUser: string | undefined;
    let byTarget: string | undefined;
    for (const id of awaiting) {
      const leg = legs.get(id) as Leg;
      if (fields.userId !== undefined && leg.userId === fields.userId) {
        if (byUser !== undefined) return undefined;
        byUser = id;
        if (!unique) return id;
      }
      if (key !== undefined && byTarget === undefined && leg.target === key) byTarget = id;
    }
    return unique ? byUser : (byUser ?? byTarget);
  }

  function toSession(localId: string, event: Incoming): Extract<Route, { kind: 'session' }> {
    const leg = legs.get(localId) as Leg;
    const duplicate = fromOtherSource(leg, event);
    const bit = BIT[event.name] ?? 0;
    if (leg.left && event.name === 'dialout-stopped') return { kind: 'session', localId, duplicate: true, apply: false };
    const apply = !duplicate && !leg.final && (leg.applied & bit) === 0;
    if (apply) {
      leg.applied |= bit;
      if (TERMINAL.has(event.name)) leg.final = true;
    }
    return { kind: 'session', localId, duplicate, apply };
  }

  return {
    /** The local id a sessionId is bound to. */
    localIdOf: (sessionId: string): string | undefined => bySessionId.get(sessionId),
    /** Events held while a start is unresolved. */
    heldCount: (): number => held.length,
    /** Retained sessions (live and ended). */
    size: (): number => legs.size,

    /** A local session was created, calling `target` (a phone number or SIP URI) with the start options' `userId`. */
    created(localId: string, target?: string, userId?: string): void {
      legs.set(localId, newLeg(true, [], target === undefined ? undefined : targetKey(target), userId));
    },

    /**
     * A session recovered after a reload: a local one restored from storage (with its sessionId, if it had one), or
     * a remote one for a phone-leg participant in the room, which takes its sessionId over from an ended session.
     * @returns The local id (a new `remote-<n>` for a remote one).
     */
    recovered(sessionId: string | undefined, localId?: string, target?: string, userId?: string): string {
      const id = localId ?? `remote-${++remoteCount}`;
      const leg = newLeg(localId !== undefined, [], target === undefined ? undefined : targetKey(target), userId);
      legs.set(id, leg);
      if (sessionId !== undefined) {
        retired.delete(sessionId);
        bind(sessionId, id, leg);
      }
      return id;
    },

    /** The phone leg's participant left the room: the leg ended. @returns Whether that is news (the session was live). */
    left(localId: string): boolean {
      const leg = legs.get(localId);
      if (!leg || leg.final) return false;
      leg.final = true;
      leg.left = true;
      return true;
    },

    /** A local session asked for a `startDialOut()` attempt. */
    startRequested(localId: string): void {
      pendingStarts.add(localId);
      if (isLive(localId) && !awaiting.includes(localId)) awaiting.push(localId);
    },

    /**
     * `startDialOut()` resolved.
     *
     * @returns `live`: tell the session; otherwise it had ended or was pruned (an orphan).
     * `release`: held events to route again, its own first, each in arrival order.
     */
    startResolved(localId: string, sessionId: string | undefined): { live: boolean; release: Incoming[] } {
      pendingStarts.delete(localId);
      const leg = legs.get(localId);
      const live = leg?.final === false;
      if (sessionId !== undefined) {
        if (leg) bind(sessionId, localId, leg);
        else retire(sessionId);
      } else if (live && !adopting.includes(localId)) {
        adopting.push(localId);
      }
      const all = takeHeld();
      const release = sessionId === undefined ? all : [...all.filter((h) => h.fields.sessionId === sessionId), ...all.filter((h) => h.fields.sessionId !== sessionId)];
      return { live, release };
    },

    /** `startDialOut()` rejected. */
    startRejected(localId: string): { live: boolean; release: Incoming[] } {
      pendingStarts.delete(localId);
      return { live: isLive(localId), release: takeHeld() };
    },

    /** Where an event goes; records what it must (held, bound, a new remote session, dedupe counts). */
    route(event: Incoming): Route {
      const sessionId = event.fields.sessionId;
      if (sessionId === undefined) {
        const waiting =
          event.name === 'dialout-error' || event.name === 'dialout-warning' ? (pendingNamedBy(event.fields, false) ?? awaiting[0]) : undefined;
        return waiting === undefined ? { kind: 'unattributed' } : toSession(waiting, event);
      }
      const known = bySessionId.get(sessionId);
      if (known !== undefined) return toSession(known, event);
      // only a dial-out's own events make, bind or wait for a session
      if (retired.has(sessionId) || !event.name.startsWith('dialout-')) return { kind: 'unattributed' };
      const named = event.fields.userId === undefined ? undefined : pendingNamedBy(event.fields, true);
      if (named !== undefined) {
        bind(sessionId, named, legs.get(named) as Leg);
        return { ...toSession(named, event), bound: sessionId };
      }
      if (pendingStarts.size > 0) {
        held.push(event);
        return { kind: 'held' };
      }
      const adopter = adopting[0];
      if (adopter !== undefined) {
        bind(sessionId, adopter, legs.get(adopter) as Leg);
        return { ...toSession(adopter, event), bound: sessionId };
      }
      if (!options.trackRemoteSessions) return { kind: 'unattributed' };
      const localId = `remote-${++remoteCount}`;
      legs.set(localId, newLeg(false, [sessionId]));
      bySessionId.set(sessionId, localId);
      return { ...toSession(localId, event), created: sessionId };
    },

    /**
     * A session reached its final state.
     *
     * @returns The local ids pruned to keep at most `maxEndedSessions` ended sessions.
     */
    ended(localId: string): string[] {
      const leg = legs.get(localId);
      if (!leg) return [];
      leg.final = true;
      awaiting = without(awaiting, localId);
      adopting = without(adopting, localId);
      ended.add(localId);
      const pruned: string[] = [];
      while (ended.size > options.maxEndedSessions) {
        const oldest = ended.values().next().value as string;
        ended.delete(oldest);
        for (const sid of (legs.get(oldest) as Leg).sessionIds) {
          // a session recovered after a rejoin may have taken this sessionId over: it keeps it
          if (bySessionId.get(sid) !== oldest) continue;
          bySessionId.delete(sid);
          retire(sid);
        }
        legs.delete(oldest);
        pruned.push(oldest);
      }
      return pruned;
    },

    /** The call left or the manager is disposed: nothing will answer the pending starts. @returns The held events, to report unattributed. */
    detachAll(): Incoming[] {
      pendingStarts.clear();
      return takeHeld();
    },
  };
}

/** A correlator: see {@link createCorrelator}. */
export type Correlator = ReturnType<typeof createCorrelator>;
