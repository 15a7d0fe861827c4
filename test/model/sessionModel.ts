/**
 * The model of `dialOutSessionMachine` the model-based test walks.
 *
 * `getShortestPaths` / `getSimplePaths` (xstate/graph) traverse the real
 * `dialOutSessionMachine` — its states, guards, delays (`xstate.after.*`
 * events) and its requests to the parent — wrapped in a small transition
 * logic that adds what the manager knows about a session and the machine does
 * not: whether a `startDialOut()` is still pending, and whether the session
 * waits to adopt an unknown sessionId (its start resolved without a session).
 * Those facts decide which events the manager can deliver to a session in a
 * state: for example, a `dialout-connected` can only reach a session that has
 * a sessionId, that is waiting for its pending start (the event is held, then
 * applied when the start resolves), or that adopts the next unknown sessionId.
 *
 * The only change to the machine is that its two parent requests
 * (`requestStart`, `requestStop`, which `sendParent`) are replaced by no-ops,
 * because a machine traversed on its own has no parent; the executor checks
 * that the manager really calls `startDialOut` / `stopDialOut` at each step
 * where the machine asks for it.
 */
import { type AnyMachineSnapshot, type SnapshotFrom, fromTransition, initialTransition, transition } from 'xstate';
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

/** The machine as traversed: parent requests stubbed (see the file comment). */
export const modelMachine = dialOutSessionMachine.provide({
  actions: { requestStart: () => {}, requestStop: () => {} },
});

export type SessionSnapshot = SnapshotFrom<typeof dialOutSessionMachine>;

export const AFTER = {
  startTimeout: 'xstate.after.startTimeout.dialOutSession.connecting',
  retryDelay: 'xstate.after.retryDelay.dialOutSession.connecting.retryWait',
  ringTimeout: 'xstate.after.ringTimeout.dialOutSession.connected',
  maxDuration: 'xstate.after.maxDuration.dialOutSession.answered',
  stopTimeout: 'xstate.after.stopTimeout.dialOutSession.stopping',
} as const;
export type AfterEventType = (typeof AFTER)[keyof typeof AFTER];

export type ModelEvent = DialOutSessionEvent | { type: AfterEventType };

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
}

export type ModelSnapshot = SnapshotFrom<typeof modelLogic>;
export type ModelPath = StatePath<ModelSnapshot, ModelEvent>;

function startError(code: 'TEMPORARILY_NOT_AVAILABLE' | 'NOT_ALLOWED'): DialOutError {
  return Object.freeze({ code, message: code, retryable: code === 'TEMPORARILY_NOT_AVAILABLE', at: 0, cause: code });
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
  { type: 'stop.resolved' },
  { type: 'stop.rejected', error: new Error('stopDialOut failed') },
  { type: 'detach', at: AT },
  { type: AFTER.startTimeout },
  { type: AFTER.retryDelay },
  { type: AFTER.ringTimeout },
  { type: AFTER.maxDuration },
  { type: AFTER.stopTimeout },
]);

export function hasSid(state: ModelState): boolean {
  return state.s.context.sessionId !== undefined;
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
    case 'stop.resolved':
    case 'stop.rejected':
      return inState(state, { stopping: 'requesting' });
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
export function deliveries(state: ModelState, event: ModelEvent): DialOutSessionEvent[] {
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
      return [event as DialOutSessionEvent];
  }
}

/** Applies the deliveries of one model event; returns the new state and the actions the machine took. */
export function applyModelEvent(state: ModelState, event: ModelEvent) {
  let s = state.s;
  const actions: { type: string }[] = [];
  for (const delivered of deliveries(state, event)) {
    if (s.status !== 'active') break;
    const [next, taken] = transition(modelMachine, s, delivered);
    s = next;
    actions.push(...taken);
  }
  let { pending, adopting } = state;
  switch (event.type) {
    case 'start.resolved':
      pending = false;
      adopting = event.sessionId === undefined && s.context.sessionId === undefined && s.status === 'active';
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
  return { state: { kind: state.kind, s, pending, adopting } as ModelState, actions };
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
    return { kind: input, s, pending: input === 'local', adopting: false };
  },
);

/** What identifies a model state: the machine state, the facts its guards and outcome read, and the manager's knowledge. */
export function serializeModel(snapshot: ModelSnapshot): string {
  const { s, pending, adopting } = snapshot.context;
  const c = s.context;
  return JSON.stringify({
    value: s.value,
    sid: c.sessionId !== undefined,
    attempt: c.attempt,
    pending,
    adopting,
    stopReason: c.stopReason ?? null,
    answered: c.answeredAt !== undefined,
    outcome: c.outcome ?? null,
    code: s.status === 'done' ? (c.error?.code ?? null) : null,
  });
}

const traversal = (kind: RootKind) => ({
  input: kind,
  events: (snapshot: ModelSnapshot) => ALL_EVENTS.filter((e) => canDeliver(snapshot.context, e)),
  serializeState: serializeModel,
});

export function shortestPaths(kind: RootKind): ModelPath[] {
  return getShortestPaths(modelLogic, traversal(kind));
}

export function simplePaths(kind: RootKind): ModelPath[] {
  return getSimplePaths(modelLogic, traversal(kind));
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
      if ((e.type === 'daily.error' || e.type === 'daily.warning') && e.fields.sessionId === undefined) return `${e.type}(no sessionId)`;
      return e.type;
    });
  return `${kind}: ${['init', ...events].join(' → ')} ⇒ ${JSON.stringify(path.state.context.s.value)}`;
}
