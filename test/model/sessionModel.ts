/**
 * The model of `dialOutSessionMachine` the model-based test walks.
 *
 * `getShortestPaths` / `getSimplePaths` (xstate/graph) traverse the real
 * `dialOutSessionMachine`, unchanged — its states (the parallel regions of
 * `answered` included), guards, delays (`xstate.after.*` events), the
 * settlements of the actors it invokes (`xstate.done.actor.*` /
 * `xstate.error.actor.*`) and the requests it emits to whoever runs it —
 * wrapped in a small transition logic that adds what the manager knows about
 * a session and the machine does not: whether a `startDialOut()` is still
 * pending, and whether the session waits to adopt an unknown sessionId (its
 * start resolved without a session). Those facts decide which events the
 * manager can deliver to a session in a state: for example, a
 * `dialout-connected` can only reach a session that has a sessionId, that is
 * waiting for its pending start (the event is held, then applied when the
 * start resolves), or that adopts the next unknown sessionId.
 *
 * A pure `transition()` executes nothing: it returns the machine's emits
 * (`start.request`, `hangup.request`, `transfer.settled`) and the actors it
 * would invoke (`stopDialOut`, `sendDTMF`, `sipCallTransfer`) as actions,
 * which {@link requestsOf} counts; the executor checks that the manager
 * really calls `startDialOut`, `stopDialOut`, `sendDTMF` and
 * `sipCallTransfer` / `sipRefer` at each step where the machine asks for it.
 *
 * The phone leg (issue 11) is modelled inside the live states: `sendDTMF()`,
 * `transfer()` / `refer()` and their settlements, Daily's `calltransfer.*`
 * webhooks, the leg's participant (its audio, the no-audio warning, its
 * leaving), received tones; and two more ways a session starts: recovered
 * from a phone leg in the room, restored from `storage` (see
 * {@link RootKind}). {@link canDeliver} bounds them (see there).
 */
import { type AnyMachineSnapshot, type EventFrom, type SnapshotFrom, fromTransition, initialTransition, transition } from 'xstate';
import { type StatePath, getShortestPaths, getSimplePaths } from 'xstate/graph';
import { dialOutSessionMachine, statusOfStateValue } from '../../src/index.js';
import type {
  DialOutAudioState,
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
  // finite, so that `noAudio` (answered.audio.silent → warned) is on the model's paths
  noAudioWarningMs: 8_000,
  retry: { maxAttempts: 2, baseDelayMs: 30_000, maxDelayMs: 30_000 },
} as const;

export const MODEL_TIMING: DialOutSessionTiming = MODEL_OPTIONS;

/** The Daily sessionId of the modelled session. */
export const SID = 'S1';
export const PHONE = '+15555550100';
/** Where `transfer()` sends the leg, and where `refer()` does. */
export const TRANSFER_TO = '+15555550199';
export const REFER_TO = 'sip:bob@example.com';

/** The machine as traversed: the real one (a pure transition runs no action and starts no actor). */
export const modelMachine = dialOutSessionMachine;

export type SessionSnapshot = SnapshotFrom<typeof dialOutSessionMachine>;

/** The settlements of the actors the machine invokes, as XState delivers them to it. */
export const SETTLED = {
  stopResolved: 'xstate.done.actor.stopDialOut',
  stopRejected: 'xstate.error.actor.stopDialOut',
  dtmfResolved: 'xstate.done.actor.sendDTMF',
  dtmfRejected: 'xstate.error.actor.sendDTMF',
  transferResolved: 'xstate.done.actor.sipCallTransfer',
  transferRejected: 'xstate.error.actor.sipCallTransfer',
} as const;
export type SettledEvent =
  | { type: typeof SETTLED.stopResolved | typeof SETTLED.dtmfResolved | typeof SETTLED.transferResolved; output: undefined; actorId: string }
  | { type: typeof SETTLED.stopRejected | typeof SETTLED.dtmfRejected | typeof SETTLED.transferRejected; error: Error; actorId: string };

/** At most this many DTMF requests outstanding in the model (one in flight, the rest queued): keeps the state space finite. */
export const MAX_DTMF = 2;
/** At most this many transfers asked of daily-js on a path (a second one after the first failed): keeps the state space finite. */
export const MAX_TRANSFERS = 2;

export const AFTER = {
  startTimeout: 'xstate.after.startTimeout.dialOutSession.connecting',
  retryDelay: 'xstate.after.retryDelay.dialOutSession.connecting.retryWait',
  ringTimeout: 'xstate.after.ringTimeout.dialOutSession.connected',
  maxDuration: 'xstate.after.maxDuration.dialOutSession.answered',
  noAudio: 'xstate.after.noAudio.dialOutSession.answered.audio.silent',
  stopTimeout: 'xstate.after.stopTimeout.dialOutSession.stopping',
} as const;
export type AfterEventType = (typeof AFTER)[keyof typeof AFTER];
export type TimerName = keyof typeof AFTER;

export type ModelEvent = DialOutSessionEvent | SettledEvent | { type: AfterEventType };

/**
 * How the session starts: a local start while joined, a local start before
 * join, a dial-out someone else started (first seen in a `dialout-*` event),
 * a phone leg found in the room when the manager is created (`recovered`:
 * remote, restored as `connected`, its participant linked), or a local
 * session restored from `storage` after a reload (`restored`: stored
 * `answered`, its participant in the room).
 */
export type RootKind = 'local' | 'notJoined' | 'remote' | 'recovered' | 'restored';
export const ROOT_KINDS: readonly RootKind[] = ['local', 'notJoined', 'remote', 'recovered', 'restored'];

/** The audio state of the participant found in the room, for the kinds that start with one. */
export const ROOM_AUDIO: Partial<Record<RootKind, DialOutAudioState>> = { recovered: 'off', restored: 'playable' };

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
  /**
   * What the last step did that changes no state the model tells apart: a
   * `transfer()` refused because another one is in flight, or a DTMF tone
   * received. Set by that step only (the next step clears it), so each such
   * detour is one extra state, a leaf of the shortest paths, and multiplies
   * nothing after it.
   */
  readonly blip: 'transferRefused' | 'tone' | undefined;
  /** `transfer()` / `refer()` calls the machine passed on to daily-js (at most {@link MAX_TRANSFERS}). */
  readonly transfers: number;
  /** The no-audio warning was given (what follows it, e.g. the audio coming back, is then told apart). */
  readonly warnedNoAudio: boolean;
  /** The model event that made the session final (its ending tells the outcome apart, e.g. a stop timeout from `dialout-stopped`). */
  readonly endedOn: string | undefined;
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
  { type: 'participant.left', at: AT },
  { type: 'daily.error', fields: { ...WITH_SID, errorMsg: 'SIP 503' }, at: AT, payload: { sessionId: SID, errorMsg: 'SIP 503' } },
  { type: 'daily.error', fields: { errorMsg: 'no route' }, at: AT, payload: { errorMsg: 'no route' } },
  { type: 'daily.warning', fields: { ...WITH_SID, errorMsg: 'codec' }, at: AT },
  { type: 'daily.warning', fields: { errorMsg: 'codec' }, at: AT },
  { type: 'stop' },
  { type: SETTLED.stopResolved, output: undefined, actorId: 'stopDialOut' },
  { type: SETTLED.stopRejected, error: new Error('stopDialOut failed'), actorId: 'stopDialOut' },
  { type: 'dtmf.send', requestId: 1, chunks: ['1'] },
  { type: SETTLED.dtmfResolved, output: undefined, actorId: 'sendDTMF' },
  { type: SETTLED.dtmfRejected, error: new Error('sendDTMF failed'), actorId: 'sendDTMF' },
  { type: 'transfer.request', requestId: 1, method: 'transfer', options: { toEndPoint: TRANSFER_TO } },
  { type: 'transfer.request', requestId: 1, method: 'refer', options: { toEndPoint: REFER_TO } },
  { type: SETTLED.transferResolved, output: undefined, actorId: 'sipCallTransfer' },
  { type: SETTLED.transferRejected, error: new Error('SIP 486 Busy Here'), actorId: 'sipCallTransfer' },
  // calltransfer.* webhooks: Daily's transfer (to a number) and a REFER (to a SIP URI); `completed` never comes for a REFER
  { type: 'daily.transfer', status: 'triggered', toEndPoint: TRANSFER_TO, refer: false, at: AT },
  { type: 'daily.transfer', status: 'initiated', toEndPoint: REFER_TO, refer: true, at: AT },
  { type: 'daily.transfer', status: 'completed', toEndPoint: TRANSFER_TO, refer: false, at: AT },
  { type: 'participant.updated', sessionId: SID, audio: 'playable', at: AT },
  { type: 'participant.updated', sessionId: SID, audio: 'off', at: AT },
  { type: 'daily.dtmf', tone: '5', at: AT },
  { type: 'detach', at: AT },
  { type: AFTER.startTimeout },
  { type: AFTER.retryDelay },
  { type: AFTER.ringTimeout },
  { type: AFTER.maxDuration },
  { type: AFTER.noAudio },
  { type: AFTER.stopTimeout },
]);

/**
 * What the model reads of the machine's context: the one place that knows
 * its shape (the facts its guards and outcome depend on).
 */
export function machineFacts(s: SessionSnapshot) {
  const c = s.context;
  const transfer = c.phone.transfer;
  return {
    sessionId: c.info.sessionId,
    attempt: c.attempt,
    stopReason: c.stopReason,
    /** DTMF requests outstanding (in flight and queued). */
    dtmf: c.dtmf.length,
    answered: c.answeredAt !== undefined,
    outcome: c.outcome,
    endedBy: c.endedBy,
    errorCode: c.error?.code,
    transferStatus: transfer?.status,
    transferMethod: transfer?.method,
    transferBy: c.phone.transferBy,
    transferErrorCode: transfer?.error?.code,
    /** A transfer asked for (here or, seen in a webhook, elsewhere) and not failed. */
    transferInFlight: transfer !== undefined && transfer.status !== 'failed',
    audio: c.phone.participant?.audio,
    digits: c.phone.digits,
    warnings: c.warnings.length,
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

export function inState(state: ModelState, value: Record<string, unknown>): boolean {
  return (state.s as AnyMachineSnapshot).matches(value);
}

const isLocal = (state: ModelState) => state.kind === 'local' || state.kind === 'notJoined' || state.kind === 'restored';

/**
 * The timers running in `state` (the `after` delays of its active state
 * nodes whose guard lets them fire); ring and max-duration timers only run
 * for local sessions (a remote one's are never scheduled).
 */
export function activeTimers(state: ModelState): TimerName[] {
  if (isFinal(state)) return [];
  const status = statusOf(state);
  const timers: TimerName[] = [];
  if (status === 'connecting') timers.push('startTimeout');
  if (inState(state, { connecting: 'retryWait' })) timers.push('retryDelay');
  if (status === 'connected' && isLocal(state)) timers.push('ringTimeout');
  if (status === 'answered' && isLocal(state)) timers.push('maxDuration');
  if (inState(state, { answered: { audio: 'silent' } }) && Number.isFinite(MODEL_TIMING.noAudioWarningMs)) timers.push('noAudio');
  if (status === 'stopping') timers.push('stopTimeout');
  return timers;
}

/**
 * The phone leg's three parts inside a live session, each a region of
 * `answered` (or, for the participant, what it starts from): whether each has
 * left its first state. `D`: DTMF requests outstanding or settled; `T`: a
 * transfer; `A`: the participant's audio other than it was at the start (none,
 * or the one found in the room), or its no-audio warning.
 */
export function legParts(state: ModelState) {
  const f = machineFacts(state.s);
  return {
    D: f.dtmf > 0 || state.dtmfSettled !== undefined,
    T: f.transferStatus !== undefined,
    A: f.audio !== ROOM_AUDIO[state.kind] || state.warnedNoAudio,
  };
}

/**
 * Whether the manager can deliver `event` to the session in `state` (the
 * manager's contract with its sessions, see `manager/correlator.ts`), within
 * the bounds that keep the model finite and small.
 *
 * @remarks
 * The bounds on the phone leg's events keep the model to about 1,300
 * shortest paths (this suite runs in CI; without them, over 17,000). Each
 * bound is a choice of which event to try where, never a claim that the
 * manager could not deliver the others:
 * - at most {@link MAX_DTMF} `sendDTMF()` requests outstanding, and
 *   {@link MAX_TRANSFERS} transfers asked of daily-js;
 * - the phone leg's three parts ({@link legParts}) change one at a time: an
 *   event that would move one part is tried only while the other two are in
 *   their first state (their product is what multiplies the states; the
 *   regions of `answered` share nothing but the context's phone leg). One
 *   exception for the parallel regions: a `sendDTMF()` while a `transfer()`
 *   waits for daily-js (two invoked actors at once, each settled while the
 *   other is in flight). What is in flight is always settled, and the
 *   lifecycle's events (stop, timers, ends) are always tried;
 * - transfers, participant changes and received tones only on a first
 *   attempt (a retry changes nothing of the phone leg); participant changes
 *   only while `connected` or `answered` (the phone leg is in the room once
 *   it rings), only between `playable` and `off`; `participant-left` only of
 *   a participant seen before;
 * - a refused `transfer()` (another in flight) and a received tone are
 *   {@link ModelState.blip}s: one step, then the path goes on as without them;
 * - transfer webhooks only move a transfer's status forward, or start one
 *   seen only there (while `connected` or `answered`); one that would change
 *   nothing (a status already passed) is not tried, nor one whose method
 *   contradicts the transfer in flight;
 * - once the session hangs up or ends, {@link serializeState} keeps of a
 *   transfer only who asked for it and whether it is in flight.
 */
export function canDeliver(state: ModelState, event: ModelEvent): boolean {
  if (isFinal(state)) return false;
  const bound = hasSid(state);
  const f = machineFacts(state.s);
  const status = statusOf(state);
  const { D, T, A } = legParts(state);
  const firstAttempt = f.attempt <= 1;
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
    case 'participant.left':
      // participant-* and dtmf-event are routed by sessionId, never held nor adopted
      return bound && f.audio !== undefined;
    case 'daily.dtmf':
      return bound && firstAttempt && status === 'answered' && !D && !T && !A && state.blip !== 'tone';
    case 'participant.updated':
      return bound && firstAttempt && (status === 'connected' || status === 'answered') && !D && !T && f.audio !== event.audio;
    case 'daily.transfer': {
      // calltransfer.* webhooks (ingest()) are routed by session_id: only to a session that has it
      if (!bound || !firstAttempt || D || A) return false;
      if (!f.transferInFlight) return (status === 'connected' || status === 'answered') && event.status !== 'completed'; // seen only here: starts with triggered / initiated
      if ((f.transferMethod === 'refer') !== (event.refer ?? false)) return false;
      const ranks = ['requested', 'accepted', 'triggered', 'initiated', 'answered', 'completed'];
      return ranks.indexOf(event.status) > ranks.indexOf(f.transferStatus as string);
    }
    case 'daily.error':
    case 'daily.warning':
      // with a sessionId only once it is known; without one, to the session still waiting for its sessionId
      return event.fields.sessionId !== undefined ? bound : !bound && state.kind !== 'remote';
    case SETTLED.stopResolved:
    case SETTLED.stopRejected:
      return inState(state, { stopping: 'requesting' });
    case 'dtmf.send':
      // DialOutSession.sendDTMF() refuses outside answered without asking the machine
      if (status !== 'answered' || f.dtmf >= MAX_DTMF || A) return false;
      // the exception: one request while a transfer() (not yet reported by Daily) waits for daily-js
      return !T || (!D && inState(state, { answered: { transfer: 'requesting' } }) && f.transferMethod === 'transfer' && f.transferStatus === 'requested');
    case SETTLED.dtmfResolved:
    case SETTLED.dtmfRejected:
      return inState(state, { answered: { dtmf: 'sending' } });
    case 'transfer.request':
      // transfer() / refer() refuse outside answered without asking the machine; the machine refuses one while another is in flight
      if (status !== 'answered' || !firstAttempt || D || A) return false;
      if (!f.transferInFlight) return state.transfers < MAX_TRANSFERS;
      return state.blip !== 'transferRefused' && event.method === 'transfer';
    case SETTLED.transferResolved:
    case SETTLED.transferRejected:
      return inState(state, { answered: { transfer: 'requesting' } });
    case AFTER.noAudio:
      return activeTimers(state).includes('noAudio') && !D && !T;
    case AFTER.maxDuration:
      // noAudio (8 s after the audio went silent) always comes before maxDuration (120 s after the answer) on a model path
      return activeTimers(state).includes('maxDuration') && !activeTimers(state).includes('noAudio');
    default: {
      const timer = timerOf(event.type);
      return timer === undefined ? true : activeTimers(state).includes(timer);
    }
  }
}

/** The timer of an `xstate.after.*` event type. */
export function timerOf(type: string): TimerName | undefined {
  return (Object.keys(AFTER) as TimerName[]).find((k) => AFTER[k] === type);
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
type Action = { type: string; params?: unknown };

/** What the machine asked of whoever runs it, from the actions of a pure transition. */
export function requestsOf(actions: readonly Action[]) {
  const emits = (type: string) =>
    actions.filter((a) => a.type === 'xstate.emit' && (a.params as { event?: { type?: string } } | undefined)?.event?.type === type);
  const invoked = (src: string) =>
    actions.filter((a) => a.type === 'xstate.spawnChild' && (a.params as { src?: unknown } | undefined)?.src === src).length;
  return {
    /** `start.request`: the manager calls `startDialOut()`. */
    starts: emits('start.request').length,
    /** `stopDialOut` invoked (stopping.requesting), or `hangup.request` (START_TIMEOUT with a sessionId): the manager calls `stopDialOut()`. */
    stops: invoked('stopDialOut') + emits('hangup.request').length,
    /** `sendDTMF` invoked (answered.dtmf.sending). */
    dtmfs: invoked('sendDTMF'),
    /** `sipCallTransfer` invoked (answered.transfer.requesting): the manager calls `sipCallTransfer()` or `sipRefer()`. */
    transfers: invoked('sipCallTransfer'),
  };
}

/** Runs `events` through the machine from `s`; stops at a final state. */
function run(s: SessionSnapshot, events: readonly unknown[]): { s: SessionSnapshot; actions: Action[] } {
  const actions: Action[] = [];
  for (const delivered of events) {
    if (s.status !== 'active') break;
    const [next, taken] = transition(modelMachine, s, delivered as MachineEvent);
    s = next;
    actions.push(...taken);
  }
  return { s, actions };
}

/** Applies the deliveries of one model event; returns the new state and the actions the machine took. */
export function applyModelEvent(state: ModelState, event: ModelEvent) {
  const { s, actions } = run(state.s, deliveries(state, event));
  let { pending, adopting } = state;
  let dtmfSettled =
    event.type === SETTLED.dtmfResolved ? 'resolved' : event.type === SETTLED.dtmfRejected ? 'rejected' : state.dtmfSettled;
  if (statusOfStateValue(s.value as string | Record<string, unknown>) !== 'answered') dtmfSettled = undefined;
  const asked = requestsOf(actions).transfers;
  const refused = event.type === 'transfer.request' && asked === 0;
  const blip = refused ? 'transferRefused' : event.type === 'daily.dtmf' ? 'tone' : undefined;
  const endedOn = state.endedOn ?? (s.status === 'done' ? event.type : undefined);
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
  const transfers = state.transfers + asked;
  const warnedNoAudio = state.warnedNoAudio || event.type === AFTER.noAudio;
  return { state: { kind: state.kind, s, pending, adopting, dtmfSettled, blip, transfers, warnedNoAudio, endedOn } as ModelState, actions };
}

/** The participant found in the room at creation, as the manager reports it to the session. */
function roomParticipant(kind: RootKind): DialOutSessionEvent[] {
  const audio = ROOM_AUDIO[kind];
  return audio === undefined ? [] : [{ type: 'participant.updated', sessionId: SID, audio, at: 0 }];
}

export function inputOf(kind: RootKind): DialOutSessionInput {
  switch (kind) {
    case 'remote':
      return { id: 'remote-1', initiator: 'remote', sessionId: SID, timing: MODEL_TIMING, now: () => 0 };
    case 'recovered':
      return { id: 'remote-1', initiator: 'remote', sessionId: SID, timing: MODEL_TIMING, now: () => 0, createdAt: 0, restore: { status: 'connected' } };
    case 'restored':
      return {
        id: 'dialout-1',
        initiator: 'local',
        timing: MODEL_TIMING,
        now: () => 0,
        createdAt: 0,
        restore: {
          status: 'answered',
          attempt: 1,
          warnings: [],
          connectedAt: 0,
          answeredAt: 0,
          info: { sessionId: SID, target: { kind: 'phone', phoneNumber: PHONE } },
        },
      };
    default:
      return {
        id: 'dialout-1',
        initiator: 'local',
        options: { phoneNumber: PHONE },
        joined: kind === 'local',
        timing: MODEL_TIMING,
        now: () => 0,
      };
  }
}

/** The first state of a kind, and what the machine asked for to get there (a local start's `start.request`). */
export function initialOf(kind: RootKind): { state: ModelState; actions: Action[] } {
  const [s0, initial] = initialTransition(modelMachine, inputOf(kind));
  const { s, actions } = run(s0, roomParticipant(kind));
  return {
    state: { kind, s, pending: kind === 'local', adopting: false, dtmfSettled: undefined, blip: undefined, transfers: 0, warnedNoAudio: false, endedOn: undefined },
    actions: [...initial, ...actions],
  };
}

/**
 * The model states a path's events produce from its first state, with the
 * actions the machine took at each step.
 *
 * @throws When a replayed state is not the one the path names (by {@link serializeState}).
 */
export function replay(kind: RootKind, path: ModelPath): { state: ModelState; event: ModelEvent; actions: Action[] }[] {
  let state = initialOf(kind).state;
  const out: { state: ModelState; event: ModelEvent; actions: Action[] }[] = [];
  for (const step of path.steps) {
    if (isInitStep(step.event)) continue;
    const next = applyModelEvent(state, step.event);
    if (serializeState(next.state) !== serializeState(step.state.context)) {
      throw new Error(`replaying ${describePath(kind, path)} at ${step.event.type}: ${serializeState(next.state)} ≠ ${serializeState(step.state.context)}`);
    }
    out.push({ state: next.state, event: step.event, actions: next.actions });
    state = next.state;
  }
  return out;
}

/** The session machine plus the manager's knowledge, as actor logic for xstate/graph. */
export const modelLogic = fromTransition<ModelState, ModelEvent, never, RootKind>(
  (state, event) => applyModelEvent(state, event).state,
  ({ input }) => initialOf(input).state,
);

/** What identifies a model state: the machine state, the facts its guards and outcome read, and the manager's knowledge. */
export function serializeModel(snapshot: ModelSnapshot): string {
  return serializeState(snapshot.context);
}

/**
 * {@link serializeModel} of a model state.
 *
 * @remarks
 * Facts it leaves out (received digits, warnings, timestamps) may differ
 * between two states it identifies; xstate/graph keeps one state object per
 * serialisation, not necessarily the one a path's events produce. The
 * executor therefore replays each path's events ({@link replay}) and checks
 * the manager against the states it gets.
 */
export function serializeState(state: ModelState): string {
  const { s, pending, adopting, dtmfSettled, blip, transfers, warnedNoAudio, endedOn } = state;
  const f = machineFacts(s);
  const status = statusOf(state);
  return JSON.stringify({
    value: s.value,
    sid: f.sessionId !== undefined,
    attempt: f.attempt,
    pending,
    adopting,
    stopReason: f.stopReason ?? null,
    dtmf: f.dtmf,
    dtmfSettled: dtmfSettled ?? null,
    // once the session is hanging up or final, only who asked and whether it is in flight matter (the outcome, endedBy)
    transfer:
      f.transferStatus === undefined
        ? null
        : status === 'connected' || status === 'answered'
          ? `${f.transferBy}:${f.transferMethod}:${f.transferStatus}`
          : `${f.transferBy}:${f.transferInFlight ? 'in flight' : 'failed'}`,
    audio: f.audio ?? null,
    blip: blip ?? null,
    // the second transfer's states differ from the first's only while it can be settled
    transfers: status === 'answered' ? transfers : null,
    warnedNoAudio: status === 'answered' ? warnedNoAudio : null,
    answered: f.answered,
    outcome: f.outcome ?? null,
    endedBy: f.endedBy ?? null,
    endedOn: endedOn ?? null,
    code: s.status === 'done' ? (f.errorCode ?? null) : null,
  });
}

/** The DTMF events: `sendDTMF()` and the settlements of the `sendDTMF` actor. */
export const DTMF_EVENT_TYPES: ReadonlySet<string> = new Set(['dtmf.send', SETTLED.dtmfResolved, SETTLED.dtmfRejected]);
/** The transfer events: `transfer()` / `refer()`, the settlements of `sipCallTransfer`, and the `calltransfer.*` webhooks. */
export const TRANSFER_EVENT_TYPES: ReadonlySet<string> = new Set(['transfer.request', SETTLED.transferResolved, SETTLED.transferRejected, 'daily.transfer']);
/** The phone leg's other events inside a live session: its participant's audio, received tones, and the no-audio warning. */
export const LEG_EVENT_TYPES: ReadonlySet<string> = new Set(['participant.updated', 'daily.dtmf', AFTER.noAudio]);

const traversal = (kind: RootKind, events: readonly ModelEvent[]) => ({
  input: kind,
  events: (snapshot: ModelSnapshot) => events.filter((e) => canDeliver(snapshot.context, e)),
  serializeState: serializeModel,
});

/** The shortest path to every model state, DTMF, transfers and the participant included. */
export function shortestPaths(kind: RootKind): ModelPath[] {
  return getShortestPaths(modelLogic, traversal(kind, ALL_EVENTS));
}

/** The events of the simple paths: the lifecycle's (see {@link simplePaths}). */
export const SIMPLE_PATH_EVENTS: readonly ModelEvent[] = ALL_EVENTS.filter(
  (e) => !DTMF_EVENT_TYPES.has(e.type) && !TRANSFER_EVENT_TYPES.has(e.type) && !LEG_EVENT_TYPES.has(e.type),
);

/**
 * Every simple path (no state twice) to every model state, without the phone
 * leg's events inside a live session (DTMF, transfers, participant audio,
 * received tones); `participant.left`, which ends the session like
 * `dialout-stopped`, is on them.
 *
 * @remarks
 * Those events happen inside a live state and change no status; with them,
 * every path through `answered` multiplies by their detours (with DTMF alone,
 * 25,196 simple paths from a local start instead of 2,400). The shortest paths
 * cover each of their states and settlements (queued, resolved, rejected,
 * refused, interrupted by a stop, a timer or an end, …).
 */
export function simplePaths(kind: RootKind): ModelPath[] {
  return getSimplePaths(modelLogic, traversal(kind, SIMPLE_PATH_EVENTS));
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
      if (e.type === 'transfer.request') return `${e.method}()`;
      if (e.type === 'daily.transfer') return `calltransfer.${e.status}${e.refer ? '(REFER)' : ''}`;
      if (e.type === 'participant.updated') return `participant(${e.audio})`;
      return e.type;
    });
  return `${kind}: ${['init', ...events].join(' → ')} ⇒ ${JSON.stringify(path.state.context.s.value)}`;
}
