/**
 * The model of `dialOutSessionMachine` the model-based test walks.
 *
 * `getShortestPaths` / `getSimplePaths` (xstate/graph) traverse the real
 * `dialOutSessionMachine`, unchanged — its states, guards, delays
 * (`xstate.after.*` events), the settlements of the actors it invokes
 * (`xstate.done.actor.*` / `xstate.error.actor.*`) and the requests it emits
 * to whoever runs it — wrapped in a small transition
 * logic that adds what the manager knows about a session and the machine does
 * not: whether a `startDialOut()` is still pending, and whether the session
 * waits to adopt an unknown sessionId (its start resolved without a session).
 * Those facts decide which events the manager can deliver to a session in a
 * state: for example, a `dialout-connected` can only reach a session that has
 * a sessionId, that is waiting for its pending start (the event is held, then
 * applied when the start resolves), or that adopts the next unknown sessionId.
 *
 * A pure `transition()` executes nothing: it returns the machine's emits
 * (`start.request`, `hangup.request`) and the actors it would invoke
 * (`stopDialOut`, `sendDTMF`) as actions, which {@link requestsOf} counts;
 * the executor checks that the manager really calls `startDialOut`,
 * `stopDialOut` and `sendDTMF` at each step where the machine asks for it.
 */
import { type AnyMachineSnapshot, type EventFrom, type SnapshotFrom, fromTransition, initialTransition, transition } from 'xstate';
import { type StatePath, getShortestPaths, getSimplePaths } from 'xstate/graph';
import { dialOutSessionMachine, statusOfStateValue } from '../../src/index.js';
import type {
  DialOutError,
  DialOutSessionEvent,
  DialOutSessionInput,
  DialOutSessionTiming,
  DialOutStatus,
} from '../../src/index.js';

/** Manager options of every executed path; the model's session timing is the same. */
export const MODEL_OPTIONS = {
  startTimeoutMs: 10_000,
  ringTimeoutMs: 60_000,
  stopTimeoutMs: 5_000,
  maxDurationMs: 120_000,
  retry: { maxAttempts: 2, baseDelayMs: 30_000, maxDelayMs: 30_000 },
} as const;

export const MODEL_TIMING: DialOutSessionTiming = MODEL_OPTIONS;

/** The Daily sessionId of the modelled session. */
export const SID = 'S1';
export const PHONE = '+15555550100';

/** The machine as traversed: the real one (a pure transition runs no action and starts no actor). */
export const modelMachine = dialOutSessionMachine;

export type SessionSnapshot = SnapshotFrom<typeof dialOutSessionMachine>;

/** The settlements of the actors the machine invokes, as XState delivers them to it. */
export const SETTLED = {
  stopResolved: 'xstate.done.actor.stopDialOut',
  stopRejected: 'xstate.error.actor.stopDialOut',
  dtmfResolved: 'xstate.done.actor.sendDTMF',
  dtmfRejected: 'xstate.error.actor.sendDTMF',
} as const;
export type SettledEvent =
  | { type: typeof SETTLED.stopResolved | typeof SETTLED.dtmfResolved; output: undefined; actorId: string }
  | { type: typeof SETTLED.stopRejected | typeof SETTLED.dtmfRejected; error: Error; actorId: string };

/** At most this many DTMF requests outstanding in the model (one in flight, the rest queued): keeps the state space finite. */
export const MAX_DTMF = 2;

export const AFTER = {
  startTimeout: 'xstate.after.startTimeout.dialOutSession.connecting',
  retryDelay: 'xstate.after.retryDelay.dialOutSession.connecting.retryWait',
  ringTimeout: 'xstate.after.ringTimeout.dialOutSession.connected',
  maxDuration: 'xstate.after.maxDuration.dialOutSession.answered',
  stopTimeout: 'xstate.after.stopTimeout.dialOutSession.stopping',
} as const;
export type AfterEventType = (typeof AFTER)[keyof typeof AFTER];

export type ModelEvent = DialOutSessionEvent | SettledEvent | { type: AfterEventType };

/** How the session starts: a local start while joined, a local start before join, or a dial-out someone else started. */
export type RootKind = 'local' | 'notJoined' | 'remote';

/** The model state: the session machine's snapshot and what the manager knows. */
export interface ModelState {
  readonly kind: RootKind;
  readonly s: SessionSnapshot;
  /** A `startDialOut()` is unresolved. */
  readonly pending: boolean;
  /** The start resolved without a session: the next unknown sessionId is adopted. */
  readonly adopting: boolean;
  /**
   * How the last `sendDTMF()` settled, while the session stays answered (the
   * manager's promise is the outcome; without it a settlement would lead back
   * to a state already seen, and no path would take it).
   */
  readonly dtmfSettled: 'resolved' | 'rejected' | undefined;
}

export type ModelSnapshot = SnapshotFrom<typeof modelLogic>;
export type ModelPath = StatePath<ModelSnapshot, ModelEvent>;

function startError(code: 'TEMPORARILY_NOT_AVAILABLE' | 'NOT_ALLOWED'): DialOutError {
  return Object.freeze({ code, message: code, retryable: code === 'TEMPORARILY_NOT_AVAILABLE', at: 0, cause: code, category: code === 'NOT_ALLOWED' ? 'not-allowed' : 'capacity' });
}

const AT = 0;
const WITH_SID = { sessionId: SID } as const;

/** Every event the model may try, before the realisability filter. */
export const ALL_EVENTS: readonly ModelEvent[] = Object.freeze([
  { type: 'start.resolved', sessionId: SID, at: AT },
  { type: 'start.resolved', at: AT },
  { type: 'start.rejected', error: startError('TEMPORARILY_NOT_AVAILABLE') },
  { type: 'start.rejected', error: startError('NOT_ALLOWED') },
  { type: 'session.bound', sessionId: SID },
  { type: 'daily.connected', fields: WITH_SID, at: AT },
  { type: 'daily.answered', fields: WITH_SID, at: AT },
  { type: 'daily.stopped', fields: WITH_SID, at: AT },
  { type: 'daily.error', fields: { ...WITH_SID, errorMsg: 'SIP 503' }, at: AT, payload: { sessionId: SID, errorMsg: 'SIP 503' } },
  { type: 'daily.error', fields: { errorMsg: 'no route' }, at: AT, payload: { errorMsg: 'no route' } },
  { type: 'daily.warning', fields: { ...WITH_SID, errorMsg: 'codec' }, at: AT },
  { type: 'daily.warning', fields: { errorMsg: 'codec' }, at: AT },
  { type: 'stop' },
  { type: SETTLED.stopResolved, output: undefined, actorId: 'stopDialOut' },
  { type: SETTLED.stopRejected, error: new Error('stopDialOut failed'), actorId: 'stopDialOut' },
  { type: 'dtmf.send', requestId: 1, tones: '1' },
  { type: SETTLED.dtmfResolved, output: undefined, actorId: 'sendDTMF' },
  { type: SETTLED.dtmfRejected, error: new Error('sendDTMF failed'), actorId: 'sendDTMF' },
  { type: 'detach', at: AT },
  { type: AFTER.startTimeout },
  { type: AFTER.retryDelay },
  { type: AFTER.ringTimeout },
  { type: AFTER.maxDuration },
  { type: AFTER.stopTimeout },
]);

/**
 * What the model reads of the machine's context: the one place that knows
 * its shape (the facts its guards and outcome depend on).
 */
export function machineFacts(s: SessionSnapshot) {
  const c = s.context;
  return {
    sessionId: c.info.sessionId,
    attempt: c.attempt,
    stopReason: c.stopReason,
    /** DTMF requests outstanding (in flight and queued). */
    dtmf: c.dtmf.length,
    answered: c.answeredAt !== undefined,
    outcome: c.outcome,
    errorCode: c.error?.code,
  };
}

export function hasSid(state: ModelState): boolean {
  return machineFacts(state.s).sessionId !== undefined;
}

export function isFinal(state: ModelState): boolean {
  return state.s.status === 'done';
}

export function statusOf(state: ModelState): DialOutStatus {
  return statusOfStateValue(state.s.value as string | Record<string, unknown>);
}

function inState(state: ModelState, value: Record<string, string>): boolean {
  return (state.s as AnyMachineSnapshot).matches(value);
}

/**
 * Whether the manager can deliver `event` to the session in `state` (the
 * manager's contract with its sessions, see `manager/correlation.ts`).
 */
export function canDeliver(state: ModelState, event: ModelEvent): boolean {
  if (isFinal(state)) return false;
  const bound = hasSid(state);
  switch (event.type) {
    case 'start.resolved':
    case 'start.rejected':
      return state.pending;
    case 'session.bound':
      return state.adopting;
    case 'daily.connected':
    case 'daily.answered':
    case 'daily.stopped':
      // by sessionId: known, or held until the pending start resolves with it, or adopted
      return bound || state.pending || state.adopting;
    case 'daily.error':
    case 'daily.warning':
      // with a sessionId only once it is known; without one, to the session still waiting for its sessionId
      return event.fields.sessionId !== undefined ? bound : !bound && state.kind !== 'remote';
    case SETTLED.stopResolved:
    case SETTLED.stopRejected:
      return inState(state, { stopping: 'requesting' });
    case 'dtmf.send':
      // DialOutSession.sendDTMF() refuses outside answered without asking the machine
      return statusOf(state) === 'answered' && machineFacts(state.s).dtmf < MAX_DTMF;
    case SETTLED.dtmfResolved:
    case SETTLED.dtmfRejected:
      return inState(state, { answered: 'sendingDtmf' });
    case AFTER.startTimeout:
      return statusOf(state) === 'connecting';
    case AFTER.retryDelay:
      return inState(state, { connecting: 'retryWait' });
    case AFTER.ringTimeout:
      return statusOf(state) === 'connected';
    case AFTER.maxDuration:
      return statusOf(state) === 'answered';
    case AFTER.stopTimeout:
      return statusOf(state) === 'stopping';
    default:
      return true;
  }
}

/**
 * The events the manager sends to the session for one model event, in order.
 *
 * @remarks
 * A lifecycle event for a sessionId the session does not have yet reaches it
 * in two parts: a held event is applied right after `start.resolved` (with
 * that sessionId), and an adopted one right after `session.bound`.
 */
export function deliveries(state: ModelState, event: ModelEvent): (DialOutSessionEvent | SettledEvent | { type: AfterEventType })[] {
  switch (event.type) {
    case 'daily.connected':
    case 'daily.answered':
    case 'daily.stopped':
    case 'daily.error':
    case 'daily.warning': {
      const sessionId = event.fields.sessionId;
      if (sessionId === undefined || hasSid(state)) return [event];
      if (state.pending) return [{ type: 'start.resolved', sessionId, at: event.at }, event];
      return [{ type: 'session.bound', sessionId }, event];
    }
    default:
      return [event];
  }
}

type MachineEvent = EventFrom<typeof dialOutSessionMachine>;

/** What the machine asked of whoever runs it, from the actions of a pure transition. */
export function requestsOf(actions: readonly { type: string; params?: unknown }[]) {
  const emitted = (type: string) =>
    actions.filter((a) => a.type === 'xstate.emit' && (a.params as { event?: { type?: string } } | undefined)?.event?.type === type).length;
  const invoked = (src: string) =>
    actions.filter((a) => a.type === 'xstate.spawnChild' && (a.params as { src?: unknown } | undefined)?.src === src).length;
  return {
    /** `start.request`: the manager calls `startDialOut()`. */
    starts: emitted('start.request'),
    /** `stopDialOut` invoked (stopping.requesting), or `hangup.request` (START_TIMEOUT with a sessionId): the manager calls `stopDialOut()`. */
    stops: invoked('stopDialOut') + emitted('hangup.request'),
    /** `sendDTMF` invoked (answered.sendingDtmf). */
    dtmfs: invoked('sendDTMF'),
  };
}

/** Applies the deliveries of one model event; returns the new state and the actions the machine took. */
export function applyModelEvent(state: ModelState, event: ModelEvent) {
  let s = state.s;
  const actions: { type: string; params?: unknown }[] = [];
  for (const delivered of deliveries(state, event)) {
    if (s.status !== 'active') break;
    const [next, taken] = transition(modelMachine, s, delivered as MachineEvent);
    s = next;
    actions.push(...taken);
  }
  let { pending, adopting } = state;
  let dtmfSettled =
    event.type === SETTLED.dtmfResolved ? 'resolved' : event.type === SETTLED.dtmfRejected ? 'rejected' : state.dtmfSettled;
  if (statusOfStateValue(s.value as string | Record<string, unknown>) !== 'answered') dtmfSettled = undefined;
  switch (event.type) {
    case 'start.resolved':
      pending = false;
      adopting = event.sessionId === undefined && machineFacts(s).sessionId === undefined && s.status === 'active';
      break;
    case 'start.rejected':
      pending = false;
      break;
    case 'session.bound':
      adopting = false;
      break;
    case 'daily.connected':
    case 'daily.answered':
    case 'daily.stopped':
    case 'daily.error':
    case 'daily.warning':
      if (event.fields.sessionId !== undefined && !hasSid(state)) {
        // the held event came with the start's result / the adopting session took it
        if (state.pending) pending = false;
        else adopting = false;
      }
      break;
    case AFTER.retryDelay:
      pending = true; // the next attempt calls startDialOut()
      break;
    default:
      break;
  }
  return { state: { kind: state.kind, s, pending, adopting, dtmfSettled } as ModelState, actions };
}

export function inputOf(kind: RootKind): DialOutSessionInput {
  if (kind === 'remote') return { id: 'remote-1', initiator: 'remote', sessionId: SID, timing: MODEL_TIMING, now: () => 0 };
  return {
    id: 'dialout-1',
    initiator: 'local',
    options: { phoneNumber: PHONE },
    joined: kind === 'local',
    timing: MODEL_TIMING,
    now: () => 0,
  };
}

/** The session machine plus the manager's knowledge, as actor logic for xstate/graph. */
export const modelLogic = fromTransition<ModelState, ModelEvent, never, RootKind>(
  (state, event) => applyModelEvent(state, event).state,
  ({ input }) => {
    const [s] = initialTransition(modelMachine, inputOf(input));
    return { kind: input, s, pending: input === 'local', adopting: false, dtmfSettled: undefined };
  },
);

/** What identifies a model state: the machine state, the facts its guards and outcome read, and the manager's knowledge. */
export function serializeModel(snapshot: ModelSnapshot): string {
  const { s, pending, adopting, dtmfSettled } = snapshot.context;
  const f = machineFacts(s);
  return JSON.stringify({
    value: s.value,
    sid: f.sessionId !== undefined,
    attempt: f.attempt,
    pending,
    adopting,
    stopReason: f.stopReason ?? null,
    dtmf: f.dtmf,
    dtmfSettled: dtmfSettled ?? null,
    answered: f.answered,
    outcome: f.outcome ?? null,
    code: s.status === 'done' ? (f.errorCode ?? null) : null,
  });
}

/** The DTMF events: `sendDTMF()` and the settlements of the `sendDTMF` actor. */
export const DTMF_EVENT_TYPES: ReadonlySet<string> = new Set(['dtmf.send', SETTLED.dtmfResolved, SETTLED.dtmfRejected]);

const traversal = (kind: RootKind, events: readonly ModelEvent[]) => ({
  input: kind,
  events: (snapshot: ModelSnapshot) => events.filter((e) => canDeliver(snapshot.context, e)),
  serializeState: serializeModel,
});

/** The shortest path to every model state, DTMF included. */
export function shortestPaths(kind: RootKind): ModelPath[] {
  return getShortestPaths(modelLogic, traversal(kind, ALL_EVENTS));
}

/**
 * Every simple path (no state twice) to every model state, without DTMF.
 *
 * @remarks
 * DTMF happens inside `answered` and changes no status; with it, every path
 * through `answered` multiplies by its DTMF detours (25,196 simple paths from
 * a local start instead of 2,400). The shortest paths cover each DTMF state
 * and settlement (queued, resolved, rejected, interrupted by a stop or a
 * timer, …).
 */
export function simplePaths(kind: RootKind): ModelPath[] {
  return getSimplePaths(modelLogic, traversal(kind, ALL_EVENTS.filter((e) => !DTMF_EVENT_TYPES.has(e.type))));
}

/** The first step of a generated path is the initial state, reached by `xstate.init`. */
export function isInitStep(event: { type: string }): boolean {
  return event.type === 'xstate.init';
}

/** A readable one-line description of a path. */
export function describePath(kind: RootKind, path: ModelPath): string {
  const events = path.steps
    .filter((s) => !isInitStep(s.event))
    .map((s) => {
      const e = s.event;
      if (e.type.startsWith('xstate.after.')) return `after ${e.type.split('.')[2]}`;
      if (e.type === 'start.resolved') return e.sessionId ? 'start.resolved(S1)' : 'start.resolved()';
      if (e.type === 'start.rejected') return `start.rejected(${e.error.code})`;
      if (e.type.startsWith('xstate.done.actor.')) return `${e.type.slice('xstate.done.actor.'.length)} resolved`;
      if (e.type.startsWith('xstate.error.actor.')) return `${e.type.slice('xstate.error.actor.'.length)} rejected`;
      if ((e.type === 'daily.error' || e.type === 'daily.warning') && e.fields.sessionId === undefined) return `${e.type}(no sessionId)`;
      return e.type;
    });
  return `${kind}: ${['init', ...events].join(' → ')} ⇒ ${JSON.stringify(path.state.context.s.value)}`;
}
