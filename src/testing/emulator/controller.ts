/** The emulator's typed control API: scripts the remote side of one daily-js call client. Browser-safe. */
import type { DailyFatalErrorType, DailyTrackState } from '@daily-co/daily-js';
import {
  EMULATOR_GLOBAL,
  EMULATOR_PROTOCOL,
  EMULATED_DAILY_JS_VERSIONS,
  ensureClientRecord,
  ensureRegistry,
  type EmulatorClientRecord,
  type EmulatorDecision,
  type EmulatorDialInEndpoint,
  type EmulatorRegistry,
  type EmulatorRequest,
  type EmulatorRoomSnapshot,
  type EmulatorSessionRecord,
  type EmulatorSessionSnapshot,
} from './protocol.js';
import { traceId, type EmulatorScenario, type EmulatorScenarioStep } from './scenarios.js';

/** The events {@link EmulatorController.emit} can post to daily-js. */
export type EmulatorEventName =
  | 'dialout-connected'
  | 'dialout-answered'
  | 'dialout-stopped'
  | 'dialout-error'
  | 'dialout-warning'
  | 'dtmf-event'
  | 'participant-joined'
  | 'participant-updated'
  | 'participant-left'
  | 'dialin-ready'
  | 'dialin-connected'
  | 'dialin-stopped'
  | 'dialin-error'
  | 'dialin-warning';

/**
 * Fields of a `dialin-*` event (daily-js 0.92.2's `DailyEventObjectDialin*`), by Daily's names; all optional, so a test
 * may send malformed events.
 */
export interface EmulatorDialInFields {
  sessionId?: string;
  provider?: string;
  sipCallId?: string;
  userId?: string;
  sipFrom?: string;
  sipEndpoint?: string;
  sipHeaders?: Record<string, unknown>;
  actionTraceId?: string;
  [field: string]: unknown;
}

/** Fields of a `dialout-*` event, by Daily's names; all optional, so a test may send malformed events. */
export interface EmulatorDialOutFields {
  sessionId?: string;
  provider?: string;
  sipCallId?: string;
  userId?: string;
  origin?: string;
  destination?: string;
  callerId?: string;
  actionTraceId?: string;
  [field: string]: unknown;
}

/** A participant for `participant-joined` / `-left`: daily-js needs `session_id`, and `tracks` on joined (default `{}`). */
export interface EmulatorParticipantFields {
  session_id: string;
  tracks?: Record<string, unknown>;
  [field: string]: unknown;
}

/** The payload of each {@link EmulatorEventName}, without `action`. */
export interface EmulatorEventPayloads {
  'dialout-connected': EmulatorDialOutFields;
  'dialout-answered': EmulatorDialOutFields;
  'dialout-stopped': EmulatorDialOutFields;
  'dialout-error': EmulatorDialOutFields & { errorMsg: string; details?: Record<string, unknown> };
  'dialout-warning': EmulatorDialOutFields & { errorMsg: string };
  'dtmf-event': { tone: string; volume?: number; method?: string; sessionId?: string; [field: string]: unknown };
  'participant-joined': { participant: EmulatorParticipantFields };
  /** daily-js emits it only when the participant differs from the one it has. */
  'participant-updated': { participant: EmulatorParticipantFields };
  'participant-left': { participant: EmulatorParticipantFields };
  /** Posted as given (no session to fill from); see {@link EmulatorController.announceDialIn}. */
  'dialin-ready': { sipEndpoint?: string; provider?: string; [field: string]: unknown };
  'dialin-connected': EmulatorDialInFields;
  'dialin-stopped': EmulatorDialInFields;
  'dialin-error': EmulatorDialInFields & { errorMsg: string; type?: 'start-failed' | null; details?: Record<string, unknown> };
  'dialin-warning': EmulatorDialInFields & { errorMsg: string };
}

/** Options of {@link EmulatorController.announceDialIn}. */
export interface EmulatorDialInReadyOptions {
  /**
   * The room's SIP endpoint, or several (Daily posts one `dialin-ready` per configured endpoint). Default
   * `sip:<room name>@sip.daily.co`, the room name being the last path segment of the joined URL.
   */
  sipEndpoint?: string | readonly string[];
  /** The `provider` of the events. Default `'daily'`. */
  provider?: string;
}

/**
 * A caller dialing in ({@link EmulatorController.dialIn}). Daily documents the events' fields, not their values: the
 * defaults are made up.
 */
export interface EmulatorDialInOptions {
  /** Who calls (`sipFrom`). Default `'+15555550142'` with `phone`, else `'sip:caller@example.com'`. */
  sipFrom?: string;
  /**
   * The room's SIP endpoint the caller dialed. Default: the first endpoint announced with `dialin-ready` (see
   * {@link EmulatorController.dialInEndpoints}), else `sip:<room name>@sip.daily.co`.
   */
  sipEndpoint?: string;
  /** The events' `provider`. Default: that of the announced `sipEndpoint`, else `'daily'`. */
  provider?: string;
  /** The `user_name` of the caller's participant. Default the `sipFrom`. */
  displayName?: string;
  /** The events' `userId` (none by default) and the `user_id` of the caller's participant (default the `sessionId`). */
  userId?: string;
  /** The SIP headers of the call (`sipHeaders` of `dialin-connected` and `dialin-stopped`); none by default. */
  sipHeaders?: Record<string, unknown>;
  /** A PSTN caller (participant `participantType: 'pstn-dial-in'`) rather than a SIP one (`'sip-dial-in'`, the default). */
  phone?: boolean;
  /** The dial-in's `sessionId` (the `session_id` of its participant). Default a fresh UUID. */
  sessionId?: string;
  /** The events' SIP `Call-ID`. Default a fresh UUID. */
  sipCallId?: string;
  /** The events' `actionTraceId`. Default a fresh UUID. */
  actionTraceId?: string;
  /** The `tracks.audio.state` the caller's participant joins with. Default `'playable'`. */
  audio?: EmulatorTrackState;
  /** Whether the caller's participant joins the room. Default `true`. */
  participant?: boolean;
}

/**
 * A caller's whole story ({@link EmulatorController.playDialIn}): a {@link EmulatorDialInOptions} caller connects at
 * once, then each of the steps below that is asked for happens in this order, its delay counted from the previous
 * one: the audio turns playable, a warning, the tones, the end. Durations in ms, `Infinity` meaning "never".
 */
export interface EmulatorDialInStoryOptions extends EmulatorDialInOptions {
  /**
   * Media is still negotiating: the caller joins with audio `'loading'` (unless `audio` says otherwise) and it turns
   * `'playable'` (`participant-updated`) this many ms later. Default: playable from the start.
   */
  playableAfterMs?: number;
  /** ms until a `dialin-warning` (`warningMsg`). Default: no warning. */
  warningAfterMs?: number;
  /** The warning's `errorMsg`. Default `'Dialin codec did not match, using fallback.'` (Daily's example). */
  warningMsg?: string;
  /** Tones the caller presses, one `dtmf-event` each (`0-9`, `A-D`, `*`, `#`). Default none. */
  digits?: string;
  /** ms before each tone. Default 200. */
  toneGapMs?: number;
  /** The tones' `method`. Default `'telephone-event'`. */
  dtmfMethod?: string;
  /**
   * ms until the caller hangs up (`dialin-stopped`, then `participant-left`), or, with `fail`, until the dial-in fails.
   * Default `Infinity`: the caller stays until hung up, failed, ejected or transferred.
   */
  talkMs?: number;
  /**
   * End with a fatal `dialin-error` instead of a hang-up: `errorMsg` (default `'SDP negotiation failed'`) and Daily's
   * `type` (none by default; `'start-failed'` is the only one Daily names).
   */
  fail?: { errorMsg?: string; type?: 'start-failed' | null };
}

/** Options of {@link EmulatorController.failDialIn}. */
export interface EmulatorDialInFailOptions {
  /** Daily's `type` of the `dialin-error`: `'start-failed'` is the only one it names. Default: none. */
  type?: 'start-failed' | null;
  /** The event's `details`. Default `{ sipEndpoint }` of the dial-in. */
  details?: Record<string, unknown>;
}

/**
 * The states of a participant's track in daily-js 0.92.2 (`DailyTrackState['state']`), for
 * {@link EmulatorController.setParticipantAudio}: `'blocked' | 'off' | 'sendable' | 'loading' | 'interrupted' |
 * 'playable'`.
 */
export type EmulatorTrackState = DailyTrackState['state'];

/** Every {@link EmulatorTrackState}. */
const TRACK_STATES: readonly EmulatorTrackState[] = ['blocked', 'off', 'sendable', 'loading', 'interrupted', 'playable'];

/**
 * Fields of a `dtmf-event` the far end sends ({@link EmulatorController.sendDtmfEvent}, a scenario's `dtmf` step).
 * Daily documents neither; the defaults are made up.
 */
export interface EmulatorDtmfOptions {
  /** How the tone was signalled. Default `'telephone-event'` (RTP, RFC 4733). */
  method?: string;
  /** The tone's volume as Daily reports it (units undocumented). Default `10` (RFC 4733's power level, -10 dBm0). */
  volume?: number;
}

/** The default {@link EmulatorDtmfOptions.method}. */
const DEFAULT_DTMF_METHOD = 'telephone-event';
/** The default {@link EmulatorDtmfOptions.volume}. */
const DEFAULT_DTMF_VOLUME = 10;
/** The default {@link EmulatorControllerOptions.transferLeaveMs}. */
const DEFAULT_TRANSFER_LEAVE_MS = 50;

/**
 * The fatal error types {@link EmulatorController.fatal} accepts: not `connection-error`, `end-of-life` or `no-room`,
 * which daily-js reports to its crash service over the network (`no-room` unless its message contains "deleted").
 */
export type EmulatorFatalErrorType = Exclude<DailyFatalErrorType, 'connection-error' | 'end-of-life' | 'no-room'>;

const SENTRY_TYPES: readonly string[] = ['connection-error', 'end-of-life', 'no-room'];

/**
 * How a script answers one request. `'default'` or `undefined`: the bundle's built-in answer (see
 * {@link callMachineEmulatorBundle}). `'hold'`: none until {@link EmulatorController.answer} (daily-js never times
 * out). `{ reply }`: daily-js resolves with `reply` plus `callClientId`; leave `action` out unless the reply is also an
 * event (`join-meeting` needs `{ action: 'joined-meeting', participants }`). `{ error }`: daily-js rejects with `error`.
 */
export type EmulatorAnswer =
  | 'default'
  | 'hold'
  | { readonly reply: Readonly<Record<string, unknown>> }
  | { readonly error: unknown }
  | undefined;

/**
 * A script for one action ({@link EmulatorController.respond}), given the request (already in `received`) and the
 * controller (to emit events around the answer). A returned promise delays the answer; its rejection rejects
 * daily-js's promise with the reason.
 */
export type EmulatorResponder = (
  request: EmulatorRequest,
  emulator: EmulatorController,
) => EmulatorAnswer | void | PromiseLike<EmulatorAnswer | void>;

/** Options of {@link EmulatorController.waitFor}. */
export interface EmulatorWaitOptions {
  /** Reject after this many ms. Default 2000; `Infinity` waits for ever. */
  timeoutMs?: number;
}

/** Options of {@link createEmulatorController}. */
export interface EmulatorControllerOptions {
  /** The window daily-js runs in (where the bundle attaches). Default `globalThis`. */
  window?: object;
  /**
   * Whether an answered dial-out puts Daily's phone-leg participant in the room (`participant-joined` after
   * `dialout-answered`, `participant-left` after its `dialout-stopped`); default `true`. As
   * {@link EmulatorController.setPhoneLegParticipants}.
   */
  phoneLegParticipants?: boolean;
  /**
   * Ms from a successful `sip-call-transfer` reply (either method) until the transferred leg of a live dial-out leaves
   * the room (`participant-left`, then `dialout-stopped`), or the caller of a live dial-in (`participant-left`, then
   * `dialin-stopped`); default 50; `Infinity`: it stays. As
   * {@link EmulatorController.setTransferLeaveMs}.
   */
  transferLeaveMs?: number;
  /**
   * The room as an earlier page left it ({@link EmulatorController.snapshotRoom}): restored at once, as
   * {@link EmulatorController.restoreRoom}, so that this call object's `join()` sees its participants.
   */
  room?: EmulatorRoomSnapshot;
}

/**
 * Scripts the remote side of one daily-js call client; made by {@link createEmulatorController}. Each request is
 * decided by, in order: a queued {@link EmulatorController.failNext}; the {@link EmulatorController.respond} script;
 * for `dialout-start`, the {@link EmulatorController.play} scenario; else the bundle's default. Unless a `respond`
 * script takes it, an `update-participant` / `update-participants` request (daily-js's `updateParticipant()`,
 * `updateParticipants()`) with `eject: true` ejects that remote participant (see
 * {@link EmulatorController.dialIn}). After `dispose()` every method but `dispose` throws (`waitFor` rejects).
 */
export interface EmulatorController {
  /** daily-js's `callClientId` this controller drives. */
  readonly callClientId: string;
  /** daily-js loaded the bundle for this call client (on the first `join()`) and has not destroyed it. */
  readonly attached: boolean;
  /** The emulator answered `join-meeting` and no `left-meeting` or fatal error followed. */
  readonly joined: boolean;
  /** `properties.dailyJsVersion` of the last `join-meeting` (what `Daily.version()` returns). */
  readonly dailyJsVersion: string | undefined;
  /** Every request daily-js sent for this call client, in order (a copy). */
  readonly received: readonly EmulatorRequest[];
  /**
   * The dial-outs the emulator answered `dialout-start` for, the callers of {@link EmulatorController.dialIn} (`kind:
   * 'dial-in'`) and the sessions restored by `restoreRoom`, oldest first.
   */
  readonly sessions: readonly EmulatorSessionRecord[];
  /**
   * The room's SIP endpoints announced with `dialin-ready` ({@link EmulatorController.announceDialIn}, the default
   * answer to `startDialIn()`, or `emit('dialin-ready')`), one entry per `sipEndpoint` (its latest `provider`), oldest
   * first (copies).
   */
  readonly dialInEndpoints: readonly EmulatorDialInEndpoint[];
  /**
   * The room's remote participants the emulator keeps (copies): those of {@link EmulatorController.addParticipant}
   * and {@link EmulatorController.restoreRoom}, the phone legs of answered dial-outs and the callers of
   * {@link EmulatorController.dialIn}. Participants posted with `emit()` alone are not kept.
   */
  readonly participants: readonly EmulatorParticipantFields[];
  /**
   * Posts an event to daily-js as the call machine would; daily-js delivers it to `call.on(event)` handlers
   * asynchronously (`postMessage`). A `dialout-*` event with a `sessionId` the emulator issued gets the fields its
   * daily-js type lists and the payload lacks (`provider`, `sipCallId`, `destination`, `userId`, `callerId`);
   * `participant-joined` / `participant-updated` post a copy of the participant, with `tracks = {}` if missing. A
   * `dialout-answered`, `dialout-stopped` or `dialout-error` of a live dial-out of the emulator brings its phone leg
   * into or out of the room (see {@link EmulatorController.setPhoneLegParticipants}). Likewise a `dialin-*` event with
   * the `sessionId` of a dial-in of {@link EmulatorController.dialIn} gets `provider`, `sipCallId`, `sipFrom`,
   * `sipEndpoint`, `userId`, `sipHeaders` and `actionTraceId` (those its type lists), and a `dialin-stopped` or
   * `dialin-error` of a live one ends it and takes its caller out of the room (`participant-left` after it); a
   * session only gets the events of its own direction filled. `dialin-ready` is posted as given.
   *
   * @throws Error before daily-js loaded the bundle for this call client or once it destroyed it; TypeError for a
   * payload that is not an object, or a participant without `session_id`.
   *
   * @example
   * ```ts
   * emulator.emit('dialout-answered', { sessionId });
   * emulator.emit('dialout-error', { errorMsg: 'SIP 503' }); // no sessionId
   * emulator.emit('dialin-warning', { sessionId: dialInId, errorMsg: 'Dialin codec did not match, using fallback.' });
   * ```
   */
  emit<E extends EmulatorEventName>(event: E, payload: EmulatorEventPayloads[E]): void;
  /**
   * Posts any call-machine message `{ action, ...payload }` as is, e.g. malformed on purpose.
   * @throws As {@link EmulatorController.emit}; TypeError for an empty `action`.
   */
  emitRaw(action: string, payload?: Readonly<Record<string, unknown>>): void;
  /**
   * Ends the meeting with a fatal error as the call machine would, posting
   * `{ action: 'error', errorMsg: message, error: { type, msg: message } }`: daily-js moves to `meetingState()`
   * `'error'`, emits `'error'` and rejects a pending `join()`. Running scenarios stop.
   * @throws Error for the types {@link EmulatorFatalErrorType} excludes, and as {@link EmulatorController.emit}.
   */
  fatal(type: EmulatorFatalErrorType, message: string): void;
  /**
   * Makes the next request of `action` that expects an answer (e.g. `'dialout-start'`, `'send-dtmf'`,
   * `'sip-call-transfer'` (`sipCallTransfer()` and `sipRefer()` alike), `'join-meeting'`) reject with `error` exactly (Daily's dial-out codes are bare strings). Calls queue up; this comes
   * before `respond` scripts and scenarios.
   */
  failNext(action: string, error: unknown): this;
  /**
   * Sets (or with `null` removes) the {@link EmulatorResponder} for every later request of `action`.
   * @throws TypeError when `responder` is neither a function nor `null`.
   *
   * @example
   * ```ts
   * emulator.respond('dialout-start', () => 'hold');
   * const start = await emulator.waitFor('dialout-start');
   * emulator.answer(start, { reply: { session: { sessionId: 'late-id' } } });
   * ```
   */
  respond(action: string, responder: EmulatorResponder | null): this;
  /**
   * Plays `scenario` (see {@link scenario}) for every later `dialout-start`, until replaced or removed with `null`
   * (the first starts after each `play()` play its `firstAttempts`, if any). A story stops early on `dialout-stop` for
   * its session, its leg leaving after a transfer, `leave-meeting`, {@link EmulatorController.fatal}, destruction of
   * the call object and `dispose()`; events emitted by hand do not stop it. After its `gone` step, a `dialout-stop` for its session is rejected with
   * `'NOT_FOUND'` (unless `failNext` or `respond` answers it) and does not stop it.
   * @throws TypeError when the scenario is malformed.
   */
  play(scenario: EmulatorScenario | null): this;
  /**
   * Sets fields of the local participant, merged over the emulator's default (`owner: true`, `permissions:
   * { hasPresence: true, canSend: true, canReceive: { base: true }, canAdmin: false }`, `local: true`, a fresh
   * `session_id`, …) and over earlier calls, `permissions` field by field: used by every later default
   * `joined-meeting` and, while joined, posted at once as `participant-updated`, so that daily-js's
   * `call.participants().local` shows them (after `postMessage` delivery).
   * @throws TypeError when `fields` is not an object; Error while joined once daily-js destroyed the call client.
   *
   * @example
   * ```ts
   * emulator.setLocalParticipant({ owner: false, permissions: { canAdmin: new Set(['participants']) } });
   * ```
   */
  setLocalParticipant(fields: Readonly<Record<string, unknown>>): this;
  /**
   * Puts a remote participant in the room, e.g. a SIP/PSTN leg `{ session_id, participantType: 'sip-dial-in' }`
   * (`tracks` defaults to `{}`): part of every later default `joined-meeting` and, while joined, posted at once as
   * `participant-joined` (`participant-updated` when its `session_id` is already in the room), so that it shows in
   * daily-js's `call.participants()`. An answered dial-out's phone leg joins by itself (see
   * {@link EmulatorController.setPhoneLegParticipants}); with that off, add one with the dial-out's `sessionId` as
   * `session_id` to emulate Daily's dialed participant.
   * @throws TypeError without a non-empty string `session_id`; Error while joined once daily-js destroyed the call
   * client.
   */
  addParticipant(participant: EmulatorParticipantFields): this;
  /**
   * Takes a participant added with {@link EmulatorController.addParticipant} out of the room and, while joined, posts
   * `participant-left` for it; an unknown `sessionId` does nothing.
   */
  removeParticipant(sessionId: string): this;
  /**
   * Turns Daily's phone-leg participants on or off (default on): while on, a `dialout-answered` the emulator posts
   * filled (by `emit()` or a scenario) for one of its live dial-outs is followed, while joined, by `participant-joined`
   * for `{ session_id: sessionId, user_id: userId (else the sessionId), user_name: displayName (else ''),
   * participantType: 'sip-dial-out' | 'pstn-dial-out' (by the target), local: false, owner: false, tracks: { audio:
   * { subscribed: true, state: 'playable' } } }`, which stays in the room (and in later joins) until the dial-out's
   * filled `dialout-stopped` or `dialout-error`, followed by `participant-left` (Daily does not document the order).
   * Participants already in the room stay.
   * @throws TypeError when `enabled` is not a boolean.
   */
  setPhoneLegParticipants(enabled: boolean): this;
  /**
   * Sets the ms from a successful `sip-call-transfer` reply until the transferred leg leaves (see
   * {@link EmulatorControllerOptions.transferLeaveMs}); applies to later replies.
   * @throws TypeError for a negative or non-numeric `ms`.
   */
  setTransferLeaveMs(ms: number): this;
  /**
   * Sets `tracks.audio.state` of a participant in the room (a phone leg, say `'interrupted'` for "answered, but no
   * audio") and, while joined, posts `participant-updated` with it (new objects: daily-js sees the change).
   * @throws TypeError for a state daily-js does not have; Error when no participant with `sessionId` is in the room,
   * or while joined once daily-js destroyed the call client.
   *
   * @example
   * ```ts
   * emulator.setParticipantAudio(sessionId, 'loading');
   * ```
   */
  setParticipantAudio(sessionId: string, state: EmulatorTrackState): this;
  /**
   * Posts a `dtmf-event` as Daily does for a tone the far end pressed: `{ tone, volume, method, sessionId }` (no
   * `sessionId` when `undefined`), with the defaults of {@link EmulatorDtmfOptions}. daily-js hands it to
   * `call.on('dtmf-event')` as it is (a name missing from daily-js's `DailyEvent` type: cast it).
   * @throws TypeError for an empty or non-string `tone`; as {@link EmulatorController.emit}.
   *
   * @example
   * ```ts
   * call.on('dtmf-event' as DailyEvent, handler);
   * emulator.sendDtmfEvent(sessionId, '#', { method: 'sip-info' });
   * ```
   */
  sendDtmfEvent(sessionId: string | undefined, tone: string, options?: EmulatorDtmfOptions): void;
  /**
   * Announces that the room's SIP worker is ready for callers, as Daily does once per configured SIP endpoint: one
   * `dialin-ready` `{ sipEndpoint, provider }` per endpoint (see {@link EmulatorDialInReadyOptions} for the defaults),
   * kept in {@link EmulatorController.dialInEndpoints}. daily-js hands it to `call.on('dialin-ready')`.
   * @returns The endpoints announced, in order.
   * @throws TypeError for an empty or non-string endpoint or provider; as {@link EmulatorController.emit}.
   *
   * @example
   * ```ts
   * call.on('dialin-ready', ({ sipEndpoint }) => pinlessCallUpdate({ callId, callDomain, sipUri: sipEndpoint }));
   * emulator.announceDialIn(); // sip:room@sip.daily.co
   * emulator.announceDialIn({ sipEndpoint: ['sip:room.0@example.sip.daily.co', 'sip:room.1@example.sip.daily.co'] });
   * ```
   */
  announceDialIn(options?: EmulatorDialInReadyOptions): readonly string[];
  /**
   * A caller dials in: the emulator keeps a `kind: 'dial-in'` session (in {@link EmulatorController.sessions}, its
   * `dialin-*` events filled by `emit()`, carried over a reload by `snapshotRoom()` / `restoreRoom()`) and posts
   * `dialin-connected` `{ sessionId, sipCallId, sipFrom, sipEndpoint, provider, actionTraceId, userId?, sipHeaders? }`
   * then `participant-joined` for the caller `{ session_id: sessionId, user_id: userId (else the sessionId), user_name:
   * displayName, participantType: 'pstn-dial-in' (phone) | 'sip-dial-in', local: false, owner: false, tracks: { audio:
   * { subscribed: true, state: 'playable' } } }`, which stays in the room (and in later joins) until the dial-in ends:
   * {@link EmulatorController.hangUpDialIn}, {@link EmulatorController.failDialIn}, a filled `dialin-stopped` /
   * `dialin-error` emitted by hand, a successful `sip-call-transfer` for its `sessionId` (the caller leaves
   * `transferLeaveMs` later: `participant-left`, then `dialin-stopped`), or daily-js's `updateParticipant(sessionId, {
   * eject: true })` (`participant-left`, then `dialin-stopped`, unless the local participant is neither owner nor a
   * participants admin: then nothing happens). DTMF from the caller: {@link EmulatorController.sendDtmfEvent} with the
   * `sessionId`.
   * @returns The dial-in's `sessionId`.
   * @throws TypeError for a malformed option; Error while not joined, or when a session or participant with the
   * chosen `sessionId` exists; as {@link EmulatorController.emit}.
   *
   * @example
   * ```ts
   * const sessionId = emulator.dialIn({ phone: true, sipFrom: '+15555550142' });
   * // call.participants()[sessionId].participantType === 'pstn-dial-in' (after postMessage delivery)
   * emulator.hangUpDialIn(sessionId);
   * ```
   */
  dialIn(options?: EmulatorDialInOptions): string;
  /**
   * {@link EmulatorController.dialIn}, then plays the caller's story of {@link EmulatorDialInStoryOptions} (by default
   * the caller stays). The story stops when the dial-in ends any other way (hang-up, failure, ejection, transfer, an
   * event emitted by hand), on `leave-meeting`, {@link EmulatorController.fatal}, destruction of the call object and
   * `dispose()`.
   * @returns The dial-in's `sessionId`.
   * @throws As {@link EmulatorController.dialIn}; TypeError for a negative or non-numeric duration, an empty text or
   * bad digits (nothing is posted then).
   *
   * @example
   * ```ts
   * emulator.playDialIn({ displayName: 'Customer', talkMs: 5000 }); // talks 5 s, then hangs up
   * emulator.playDialIn({ phone: true, playableAfterMs: 300, warningAfterMs: 0, digits: '1#' }); // stays
   * ```
   */
  playDialIn(options?: EmulatorDialInStoryOptions): string;
  /**
   * The caller of a live dial-in hangs up: posts `dialin-stopped` (filled) then `participant-left` for its caller, and
   * stops its story.
   * @throws Error when `sessionId` is not a live dial-in of this emulator; as {@link EmulatorController.emit}.
   */
  hangUpDialIn(sessionId: string): this;
  /**
   * A live dial-in fails: posts `dialin-error` `{ sessionId, errorMsg, type?, details, …filled }` then
   * `participant-left` for its caller, and stops its story. For an error without a session of the emulator, use
   * `emit('dialin-error', …)`.
   * @throws TypeError for an empty `errorMsg`; Error when `sessionId` is not a live dial-in of this emulator; as
   * {@link EmulatorController.emit}.
   *
   * @example
   * ```ts
   * emulator.failDialIn(sessionId, 'SDP negotiation failed', { type: 'start-failed' });
   * ```
   */
  failDialIn(sessionId: string, errorMsg: string, options?: EmulatorDialInFailOptions): this;
  /**
   * The room as Daily keeps it across a page reload: its remote participants (see
   * {@link EmulatorController.participants}) and the dial-outs and dial-ins not yet ended, as plain data to hand to the next call
   * object's controller (`createEmulatorController(call, { room })` or {@link EmulatorController.restoreRoom}). Take
   * it before `dispose()`, which forgets the room.
   *
   * @example
   * ```ts
   * const room = emulator.snapshotRoom();
   * await call.destroy();
   * emulator.dispose();
   * const reloaded = Daily.createCallObject({ dailyConfig: { bundlePathOverride } });
   * const next = createEmulatorController(reloaded, { room });
   * await reloaded.join({ url }); // reloaded.participants() has the phone legs
   * next.emit('dialout-stopped', { sessionId }); // filled as before the reload
   * ```
   */
  snapshotRoom(): EmulatorRoomSnapshot;
  /**
   * Puts a {@link EmulatorController.snapshotRoom} of another call client into this one's room: its dial-outs and
   * dial-ins become sessions of this client (`requestSeq` 0; events for them are filled as before, a `dialout-stop`
   * ends a dial-out, `hangUpDialIn()` a dial-in), its
   * participants are added as by {@link EmulatorController.addParticipant} (part of the next `joined-meeting`; posted
   * at once while joined). Sessions and participants already known keep their own data (participants are updated).
   * @throws TypeError for a malformed snapshot (nothing is restored then).
   */
  restoreRoom(room: EmulatorRoomSnapshot): this;
  /**
   * Sets the `config` of the room daily-js's `call.room()` resolves with (once joined), replacing the default
   * `{ enable_dialout: true }`: e.g. `{ enable_dialout: false }`, or `{}` for a room whose config says nothing about
   * dial-out; `null` restores the default. Affects later `room()` calls only; posts nothing. A
   * {@link EmulatorController.respond} script for `'lib-room-info'` takes precedence.
   * @throws TypeError when `config` is neither an object nor `null`.
   */
  setRoomConfig(config: Readonly<Record<string, unknown>> | null): this;
  /**
   * Answers a request a script held with `'hold'` (which is not an answer here).
   * @throws Error when the request was already answered, belongs to another call client, or `answer` is `'hold'`.
   */
  answer(request: EmulatorRequest, answer: EmulatorAnswer): void;
  /**
   * Resolves with the next request of `action` that no earlier `waitFor(action)` returned, already received or still
   * to come (so none that arrived before the call is missed), once the emulator handled it (its reply is posted, not
   * yet delivered to daily-js).
   * @throws Rejects after `timeoutMs` (default 2000), listing the actions received so far, or on `dispose()`.
   */
  waitFor(action: string, options?: EmulatorWaitOptions): Promise<EmulatorRequest>;
  /**
   * Stops scripting, idempotently: cancels running scenarios and dial-in stories, rejects pending `waitFor`s, unhooks from the bundle (which
   * falls back to its defaults, forgetting the room set with `setLocalParticipant`, `addParticipant`, `restoreRoom` and
   * `setRoomConfig`, the phone legs in it and `setPhoneLegParticipants`, without posting anything; take
   * `snapshotRoom()` first to keep the room), cancels transferred legs about to leave and, if daily-js already
   * destroyed the call client, drops its record (so destroy first).
   */
  dispose(): void;
}

interface Run {
  /** The `dialout-start` a scenario answers; `undefined` for a dial-in story. */
  readonly request: EmulatorRequest | undefined;
  readonly sessionId: string | undefined;
  /** A dial-in story ({@link EmulatorController.playDialIn}): it stops once its dial-in ended. */
  readonly dialIn: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  done: boolean;
}

/** A step of a run: a scenario's, or one of a dial-in story's `dialin-*` events. */
type Step =
  | EmulatorScenarioStep
  | {
      readonly afterMs: number;
      readonly event: 'dialin-warning' | 'dialin-stopped' | 'dialin-error';
      readonly fields?: Readonly<Record<string, unknown>>;
      readonly withSessionId?: boolean;
    };

interface Waiter {
  readonly action: string;
  readonly index: number;
  readonly resolve: (request: EmulatorRequest) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout> | undefined;
}

const DEFAULT_WAIT_MS = 2000;

/** The default provider of `dialin-*` events and `dialin-ready`. */
const DEFAULT_DIAL_IN_PROVIDER = 'daily';
/** The default {@link EmulatorDialInOptions.sipFrom} of a PSTN caller. */
const DEFAULT_DIAL_IN_PHONE = '+15555550142';
/** The default {@link EmulatorDialInOptions.sipFrom} of a SIP caller (Daily's docs example). */
const DEFAULT_DIAL_IN_SIP_FROM = 'sip:caller@example.com';
/** The default {@link EmulatorDialInStoryOptions.warningMsg} (Daily's `dialin.warning` webhook example). */
const DEFAULT_DIAL_IN_WARNING = 'Dialin codec did not match, using fallback.';
/** The default `errorMsg` of {@link EmulatorDialInStoryOptions.fail}. */
const DEFAULT_DIAL_IN_ERROR = 'SDP negotiation failed';


/** The room's name as the bundle derives it: the last path segment of the last joined URL, else `'emulated-room'`. */
function roomNameOf(record: EmulatorClientRecord): string {
  for (let i = record.received.length - 1; i >= 0; i--) {
    const request = record.received[i] as EmulatorRequest;
    const properties = request.payload.properties as Record<string, unknown> | undefined;
    if (request.action === 'join-meeting' && properties && typeof properties.url === 'string' && properties.url !== '') {
      const path = properties.url.replace(/[?#].*$/, '').split('/');
      return path[path.length - 1] || 'emulated-room';
    }
  }
  return 'emulated-room';
}

/** The room's default SIP endpoint, `sip:<room name>@sip.daily.co` (as the bundle's `dialin-start` answer). */
function defaultSipEndpoint(record: EmulatorClientRecord): string {
  return `sip:${roomNameOf(record)}@sip.daily.co`;
}

function checkText(method: string, key: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new TypeError(`${method}: ${key} must be a non-empty string`);
  return value;
}

/** Checks {@link EmulatorDialInOptions} (and the story's options, when `story`); throws TypeError naming the option. */
function checkDialInOptions(method: string, options: unknown, story: boolean): void {
  if (!isObject(options)) throw new TypeError(`${method}: options must be an object`);
  for (const key of ['sipFrom', 'sipEndpoint', 'provider', 'displayName', 'userId', 'sessionId', 'sipCallId', 'actionTraceId']) {
    checkText(method, key, options[key]);
  }
  if (options.sipHeaders !== undefined && (!isObject(options.sipHeaders) || Array.isArray(options.sipHeaders))) {
    throw new TypeError(`${method}: sipHeaders must be an object`);
  }
  if (options.phone !== undefined && typeof options.phone !== 'boolean') throw new TypeError(`${method}: phone must be a boolean`);
  if (options.participant !== undefined && typeof options.participant !== 'boolean') {
    throw new TypeError(`${method}: participant must be a boolean`);
  }
  if (options.audio !== undefined && !TRACK_STATES.includes(options.audio as EmulatorTrackState)) {
    throw new TypeError(`${method}: audio must be one of ${TRACK_STATES.join(', ')}`);
  }
  if (!story) return;
  for (const key of ['playableAfterMs', 'warningAfterMs', 'toneGapMs', 'talkMs']) {
    if (options[key] !== undefined) checkDelay(method, key, options[key]);
  }
  checkText(method, 'warningMsg', options.warningMsg);
  checkText(method, 'dtmfMethod', options.dtmfMethod);
  const digits = checkText(method, 'digits', options.digits);
  if (digits !== undefined && !/^[0-9A-D*#]+$/.test(digits)) throw new TypeError(`${method}: digits must be tones 0-9, A-D, * or #`);
  if (options.fail !== undefined) {
    if (!isObject(options.fail)) throw new TypeError(`${method}: fail must be an object`);
    checkText(method, 'fail.errorMsg', options.fail.errorMsg);
    checkErrorType(method, options.fail.type);
  }
}

function checkErrorType(method: string, type: unknown): void {
  if (type !== undefined && type !== null && type !== 'start-failed') {
    throw new TypeError(`${method}: type must be 'start-failed', null or undefined`);
  }
}

/** Whether the local participant may eject others: an owner, or an admin of `participants` (Daily's rule for `eject`). */
function mayEject(local: Readonly<Record<string, unknown>> | undefined): boolean {
  if (!local) return true;
  if (local.owner === true) return true;
  const permissions = local.permissions;
  const canAdmin = isObject(permissions) ? permissions.canAdmin : undefined;
  if (canAdmin === true) return true;
  if (canAdmin instanceof Set) return canAdmin.has('participants');
  if (Array.isArray(canAdmin)) return canAdmin.includes('participants');
  return false;
}

/** The session ids an `update-participant` / `update-participants` request ejects (`eject: true`), but `'local'`. */
function ejectedIds(request: EmulatorRequest): string[] {
  const ids: string[] = [];
  const add = (id: unknown, properties: unknown) => {
    if (typeof id === 'string' && id !== '' && id !== 'local' && isObject(properties) && properties.eject === true) ids.push(id);
  };
  if (request.action === 'update-participant') add(request.payload.id, request.payload.properties);
  else if (request.action === 'update-participants' && isObject(request.payload.participants)) {
    for (const [id, properties] of Object.entries(request.payload.participants)) add(id, properties);
  }
  return ids;
}

function checkScenario(scenario: EmulatorScenario): void {
  if (scenario === null || typeof scenario !== 'object' || !Array.isArray(scenario.steps)) {
    throw new TypeError('play(): expected a scenario { name, steps } (see scenario()) or null');
  }
  const attempts = scenario.firstAttempts ?? [];
  if (!Array.isArray(attempts) || attempts.some((steps) => !Array.isArray(steps))) {
    throw new TypeError(`play(): firstAttempts of scenario '${String(scenario.name)}' must be an array of step arrays`);
  }
  for (const steps of [scenario.steps, ...attempts]) {
    let replies = 0;
    for (const step of steps as readonly EmulatorScenarioStep[]) {
      if (step === null || typeof step !== 'object' || typeof step.afterMs !== 'number' || Number.isNaN(step.afterMs) || step.afterMs < 0) {
        throw new TypeError(`play(): every step of scenario '${String(scenario.name)}' needs afterMs ≥ 0 (or Infinity)`);
      }
      if ('reply' in step) replies += 1;
      else if ('gone' in step) continue;
      else if ('dtmf' in step) {
        if (typeof step.dtmf !== 'string' || step.dtmf === '') {
          throw new TypeError(`play(): a dtmf step of scenario '${String(scenario.name)}' needs a non-empty tone`);
        }
      } else if ('participantAudio' in step) {
        if (!TRACK_STATES.includes(step.participantAudio)) {
          throw new TypeError(`play(): a participantAudio step of scenario '${String(scenario.name)}' needs one of ${TRACK_STATES.join(', ')}`);
        }
      } else if (typeof step.event !== 'string' || !step.event.startsWith('dialout-')) {
        throw new TypeError(
          `play(): a step of scenario '${String(scenario.name)}' needs a reply, a dialout-* event, a dtmf tone, a participantAudio state or gone`,
        );
      }
    }
    if (replies > 1) throw new TypeError(`play(): scenario '${String(scenario.name)}' answers dialout-start more than once`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/** Plain objects and arrays copied all the way down, keys with `undefined` left out; other values kept. */
/** The fields of a session that a room snapshot carries across a reload (`snapshotRoom` / `restoreRoom`). */
function portableFields(session: Omit<EmulatorSessionSnapshot, 'sessionId' | 'kind'>) {
  const { provider, sipCallId, destination, userId, callerId, displayName, sipFrom, sipEndpoint, sipHeaders, actionTraceId } = session;
  return { provider, sipCallId, destination, userId, callerId, displayName, sipFrom, sipEndpoint, sipHeaders, actionTraceId };
}

function copyPlain<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => copyPlain(item)) as T;
  if (isObject(value)) {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = copyPlain(item);
    return out as T;
  }
  return value;
}

function checkDelay(method: string, key: string, ms: unknown): number {
  if (typeof ms !== 'number' || Number.isNaN(ms) || ms < 0) {
    throw new TypeError(`${method}: ${key} must be a number of milliseconds ≥ 0, or Infinity`);
  }
  return ms;
}

function checkTone(method: string, tone: unknown): string {
  if (typeof tone !== 'string' || tone === '') throw new TypeError(`${method}: tone must be a non-empty string, e.g. '5' or '#'`);
  return tone;
}

/** The `dtmf-event` payload Daily posts: `{ tone, volume, method, sessionId? }`. */
function dtmfPayload(sessionId: string | undefined, tone: string, options: EmulatorDtmfOptions | undefined): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    tone,
    volume: options?.volume ?? DEFAULT_DTMF_VOLUME,
    method: options?.method ?? DEFAULT_DTMF_METHOD,
  };
  if (sessionId !== undefined) payload.sessionId = sessionId;
  return payload;
}

function optionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

/** Checks a snapshot as restoreRoom takes it; throws TypeError naming what is wrong. */
function checkRoom(room: unknown): asserts room is EmulatorRoomSnapshot {
  const fail = (what: string): never => {
    throw new TypeError(`emulator.restoreRoom(): ${what} (pass what snapshotRoom() returned)`);
  };
  if (!isObject(room)) fail('the snapshot must be an object');
  const r = room as Record<string, unknown>;
  if (r.version !== 1) fail(`unknown snapshot version ${String(r.version)}`);
  if (!Array.isArray(r.participants) || !Array.isArray(r.sessions)) fail('participants and sessions must be arrays');
  for (const participant of r.participants as unknown[]) {
    if (!isObject(participant) || typeof participant.session_id !== 'string' || participant.session_id === '') {
      fail('every participant needs a non-empty string session_id');
    }
  }
  for (const session of r.sessions as unknown[]) {
    if (
      !isObject(session) ||
      typeof session.sessionId !== 'string' ||
      session.sessionId === '' ||
      typeof session.provider !== 'string' ||
      typeof session.sipCallId !== 'string' ||
      !optionalString(session.destination) ||
      !optionalString(session.userId) ||
      !optionalString(session.callerId) ||
      !optionalString(session.displayName) ||
      !optionalString(session.sipFrom) ||
      !optionalString(session.sipEndpoint) ||
      !optionalString(session.actionTraceId) ||
      !(session.sipHeaders === undefined || (isObject(session.sipHeaders) && !Array.isArray(session.sipHeaders))) ||
      !(session.kind === undefined || session.kind === 'dial-out' || session.kind === 'dial-in')
    ) {
      fail(
        "every session needs string sessionId, provider and sipCallId (and strings, if any, for the other fields, an object for sipHeaders, 'dial-out' or 'dial-in' for kind)",
      );
    }
  }
}

/** `fields` over `base`, `permissions` merged field by field (as the bundle merges the local participant). */
function mergeParticipant(base: Readonly<Record<string, unknown>>, fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base, ...fields };
  if (isObject(base.permissions) && isObject(fields.permissions)) merged.permissions = { ...base.permissions, ...fields.permissions };
  return merged;
}

function toDecision(answer: EmulatorAnswer | void): EmulatorDecision | 'hold' {
  if (answer === undefined || answer === 'default') return { kind: 'default' };
  if (answer === 'hold') return 'hold';
  if (answer !== null && typeof answer === 'object') {
    if ('reply' in answer) {
      const reply = answer.reply;
      if (reply === null || typeof reply !== 'object') throw new TypeError('an answer { reply } needs an object');
      return { kind: 'reply', payload: reply };
    }
    if ('error' in answer) return { kind: 'error', error: answer.error };
  }
  throw new TypeError("an emulator answer must be 'default', 'hold', { reply: {...} }, { error } or undefined");
}

/**
 * Creates the controller of the emulator for one daily-js call client; `dispose()` it when done. Call it any time
 * after `Daily.createCallObject()`: scripts set before `join()` apply once daily-js loads the bundle (so
 * `failNext('join-meeting', …)` works). Controller and bundle meet in `window.__dailyDialOutEmulator`, so they must
 * share a realm: a browser page, or vitest's jsdom environment with daily-js's default loader (not `avoidEval`).
 *
 * @param call - The daily-js call object, or its `callClientId`.
 * @throws TypeError without a `callClientId`; Error when another controller drives this call client, or when the
 * loaded bundle speaks another registry protocol.
 *
 * @example
 * ```ts
 * import Daily from '@daily-co/daily-js';
 * import { createEmulatorController, serveEmulator } from 'daily-dialout-machine/testing';
 *
 * const server = await serveEmulator();
 * const call = Daily.createCallObject({ dailyConfig: { bundlePathOverride: server.url } });
 * const emulator = createEmulatorController(call);
 * await call.join({ url: 'https://example.daily.co/room' });
 * emulator.failNext('dialout-start', 'DIALOUT_IN_PROGRESS');
 * await expect(call.startDialOut({ phoneNumber: '+15555550100' })).rejects.toBe('DIALOUT_IN_PROGRESS');
 * ```
 */
export function createEmulatorController(
  call: { readonly callClientId: string } | string,
  options: EmulatorControllerOptions = {},
): EmulatorController {
  const callClientId = typeof call === 'string' ? call : call?.callClientId;
  if (typeof callClientId !== 'string' || callClientId === '') {
    throw new TypeError('createEmulatorController(): pass a daily-js call object (with callClientId) or its callClientId');
  }
  const win = options.window ?? globalThis;
  const registry: EmulatorRegistry = ensureRegistry(win);
  if (registry.bundle && registry.bundle.protocol !== EMULATOR_PROTOCOL) {
    throw new Error(
      `createEmulatorController(): the loaded emulator bundle speaks registry protocol ${registry.bundle.protocol}, this controller ${EMULATOR_PROTOCOL}; serve the bundle of the same daily-dialout-machine version`,
    );
  }
  const record: EmulatorClientRecord = ensureClientRecord(registry, callClientId);
  if (record.handler) {
    throw new Error(`createEmulatorController(): another controller drives call client ${callClientId}; dispose() it first`);
  }

  const failures = new Map<string, unknown[]>();
  const responders = new Map<string, EmulatorResponder>();
  const runs = new Set<Run>();
  const waiters = new Set<Waiter>();
  const claimed = new Map<string, number>();
  let current: EmulatorScenario | null = null;
  /** `dialout-start`s the current scenario played (for its `firstAttempts`). */
  let played = 0;
  /** sessionIds a scenario's `gone` step ended: Daily answers their `dialout-stop` with `NOT_FOUND`. */
  const gone = new Set<string>();
  let disposed = false;
  let transferLeaveMs =
    options.transferLeaveMs === undefined
      ? DEFAULT_TRANSFER_LEAVE_MS
      : checkDelay('createEmulatorController()', 'transferLeaveMs', options.transferLeaveMs);
  if (options.phoneLegParticipants !== undefined && typeof options.phoneLegParticipants !== 'boolean') {
    throw new TypeError('createEmulatorController(): phoneLegParticipants must be a boolean');
  }
  if (options.room !== undefined) checkRoom(options.room);
  /** Timers of transferred legs about to leave. */
  const leaving = new Set<ReturnType<typeof setTimeout>>();
  /** `sip-call-transfer` requests whose successful reply was seen. */
  const transfers = new WeakSet<EmulatorRequest>();

  function isAlive(): boolean {
    const daily = (win as { _daily?: { instances?: Record<string, unknown> } })._daily;
    return !!daily?.instances?.[callClientId as string];
  }

  function assertUsable(method: string): void {
    if (disposed) throw new Error(`emulator.${method}(): the controller is disposed`);
  }

  function assertAttached(method: string): void {
    assertUsable(method);
    if (!record.attached || !record.send) {
      throw new Error(
        `emulator.${method}(): daily-js has not loaded the emulator bundle for call client ${callClientId as string} yet; call join() first (daily-js loads the call machine on join)`,
      );
    }
    if (record.destroyed || !isAlive()) {
      record.destroyed = true;
      throw new Error(`emulator.${method}(): call client ${callClientId as string} was destroyed`);
    }
  }

  function apply(request: EmulatorRequest, answer: EmulatorAnswer | void): void {
    if (request.answer) return;
    let decision: EmulatorDecision | 'hold';
    try {
      decision = toDecision(answer);
    } catch (error) {
      decision = { kind: 'error', error };
    }
    if (decision === 'hold') return;
    record.answer?.(request, decision);
  }

  function stopRun(run: Run): void {
    run.done = true;
    if (run.timer !== undefined) clearTimeout(run.timer);
    run.timer = undefined;
    runs.delete(run);
  }

  function stopAllRuns(): void {
    for (const run of [...runs]) stopRun(run);
    for (const timer of leaving) clearTimeout(timer);
    leaving.clear();
  }

  /** After a successful `sip-call-transfer` reply for a live dial-out or dial-in, its leg leaves the room `transferLeaveMs` later. */
  function afterAnswer(request: EmulatorRequest): void {
    if (request.action !== 'sip-call-transfer' || request.answer?.kind !== 'reply' || transfers.has(request)) return;
    transfers.add(request);
    const sessionId = request.payload.sessionId;
    if (typeof sessionId !== 'string' || record.sessions[sessionId]?.state !== 'started') return;
    if (!Number.isFinite(transferLeaveMs)) return;
    const timer = setTimeout(() => {
      leaving.delete(timer);
      leaveTransferred(sessionId);
    }, transferLeaveMs);
    leaving.add(timer);
  }

  /**
   * The transferred leg leaves as Daily's does: `participant-left` of its participant, then `dialout-stopped` (a
   * dial-in: `dialin-stopped`).
   */
  function leaveTransferred(sessionId: string): void {
    if (disposed || record.destroyed || !record.joined || !isAlive()) return;
    if (record.sessions[sessionId]?.state !== 'started') return;
    leaveRoom(sessionId);
  }

  /** The participant `sessionId` leaves (`participant-left`), then its live session ends (`dialout-` / `dialin-stopped`). */
  function leaveRoom(sessionId: string): void {
    stopRunsOf(sessionId);
    const participant = record.participants[sessionId];
    if (participant) {
      delete record.participants[sessionId];
      record.send?.('participant-left', { participant: copyPlain(participant) }, false);
    }
    const session = record.sessions[sessionId];
    if (session?.state === 'started') record.send?.(session.kind === 'dial-in' ? 'dialin-stopped' : 'dialout-stopped', { sessionId }, true);
  }

  /** daily-js's `updateParticipant(id, { eject: true })`: while joined, a remote participant leaves (see {@link leaveRoom}). */
  function eject(sessionId: string): void {
    if (disposed || record.destroyed || !record.joined || !isAlive()) return;
    if (!record.participants[sessionId] || !mayEject(record.local)) return;
    leaveRoom(sessionId);
  }

  /** The live dial-in `sessionId`, or an Error naming `method`. */
  function liveDialIn(method: string, sessionId: unknown): EmulatorSessionRecord {
    const session = typeof sessionId === 'string' ? record.sessions[sessionId] : undefined;
    if (!session || session.kind !== 'dial-in' || session.state !== 'started') {
      throw new Error(`emulator.${method}(): no live dial-in with sessionId ${String(sessionId)} (see dialIn())`);
    }
    return session;
  }

  function stopRunsOf(sessionId: string): void {
    for (const run of [...runs]) if (run.sessionId === sessionId) stopRun(run);
  }

  /** Posts `dialin-connected` for a new dial-in session, then `participant-joined` for its caller. */
  function startDialIn(method: string, options: EmulatorDialInOptions, audio: EmulatorTrackState | undefined): string {
    assertAttached(method);
    if (!record.joined) throw new Error(`emulator.${method}(): the call is not in the meeting; join() first`);
    const sessionId = options.sessionId ?? traceId();
    if (record.sessions[sessionId] || record.participants[sessionId]) {
      throw new Error(`emulator.${method}(): a session or participant with sessionId ${sessionId} exists already`);
    }
    const endpoints = record.dialInEndpoints ?? [];
    const sipEndpoint = options.sipEndpoint ?? endpoints[0]?.sipEndpoint ?? defaultSipEndpoint(record);
    const announced = endpoints.find((endpoint) => endpoint.sipEndpoint === sipEndpoint);
    const sipFrom = options.sipFrom ?? (options.phone === true ? DEFAULT_DIAL_IN_PHONE : DEFAULT_DIAL_IN_SIP_FROM);
    const session: EmulatorSessionRecord = {
      sessionId,
      kind: 'dial-in',
      requestSeq: 0,
      provider: options.provider ?? (announced?.provider || DEFAULT_DIAL_IN_PROVIDER),
      sipCallId: options.sipCallId ?? traceId(),
      destination: undefined,
      userId: options.userId,
      callerId: undefined,
      displayName: options.displayName ?? sipFrom,
      sipFrom,
      sipEndpoint,
      sipHeaders: options.sipHeaders === undefined ? undefined : copyPlain(options.sipHeaders),
      actionTraceId: options.actionTraceId ?? traceId(),
      state: 'started',
    };
    record.sessions[sessionId] = session;
    record.send?.('dialin-connected', { sessionId }, true);
    if (options.participant !== false) {
      record.participants[sessionId] = {
        session_id: sessionId,
        user_id: session.userId ?? sessionId,
        user_name: session.displayName,
        participantType: options.phone === true ? 'pstn-dial-in' : 'sip-dial-in',
        local: false,
        owner: false,
        tracks: { audio: { subscribed: true, state: audio ?? 'playable' } },
      };
      record.send?.('participant-joined', { participant: record.participants[sessionId] }, true);
    }
    return sessionId;
  }

  /** Sets `tracks.audio.state` of a participant in the room (new objects) and posts `participant-updated` while joined. */
  function updateAudio(sessionId: string, state: EmulatorTrackState): void {
    const participant = record.participants[sessionId];
    if (!participant) return;
    const tracks = isObject(participant.tracks) ? participant.tracks : {};
    const audio = isObject(tracks.audio) ? tracks.audio : { subscribed: true };
    record.participants[sessionId] = { ...participant, tracks: { ...tracks, audio: { ...audio, state } } };
    if (record.joined) {
      assertAttached('setParticipantAudio');
      record.send?.('participant-updated', { participant: record.participants[sessionId] }, true);
    }
  }

  function runStep(run: Run, step: Step): void {
    if ('reply' in step) {
      if (!run.request) return;
      const reply = step.reply;
      const decision: EmulatorDecision =
        reply === 'session'
          ? { kind: 'reply', payload: { session: { sessionId: run.sessionId } } }
          : reply === 'empty'
            ? { kind: 'reply', payload: {} }
            : { kind: 'error', error: reply.error };
      if (!run.request.answer) record.answer?.(run.request, decision);
      return;
    }
    if ('gone' in step) {
      if (run.sessionId !== undefined) gone.add(run.sessionId);
      return;
    }
    if ('dtmf' in step) {
      record.send?.('dtmf-event', dtmfPayload(run.sessionId, step.dtmf, step), true);
      return;
    }
    if ('participantAudio' in step) {
      if (run.sessionId !== undefined && record.participants[run.sessionId]) updateAudio(run.sessionId, step.participantAudio);
      return;
    }
    const payload: Record<string, unknown> = {};
    if (step.withSessionId !== false && run.sessionId !== undefined) payload.sessionId = run.sessionId;
    Object.assign(payload, step.fields);
    record.send?.(step.event, payload, true);
  }

  /** A dial-in story whose dial-in ended (however): it has nothing more to play. */
  function dialInEnded(run: Run): boolean {
    return run.dialIn && run.sessionId !== undefined && record.sessions[run.sessionId]?.state !== 'started';
  }

  function advance(run: Run, steps: readonly Step[], index: number): void {
    let i = index;
    while (!run.done && i < steps.length) {
      if (dialInEnded(run)) break;
      const step = steps[i] as Step;
      if (step.afterMs === Number.POSITIVE_INFINITY) break;
      if (step.afterMs > 0) {
        const next = i;
        run.timer = setTimeout(() => {
          run.timer = undefined;
          if (run.done) return;
          if (disposed || record.destroyed || !isAlive() || dialInEnded(run)) {
            stopRun(run);
            return;
          }
          runStep(run, step);
          advance(run, steps, next + 1);
        }, step.afterMs);
        return;
      }
      runStep(run, step);
      i += 1;
    }
    stopRun(run);
  }

  function startRun(request: EmulatorRequest, scenario: EmulatorScenario): void {
    const steps = scenario.firstAttempts?.[played] ?? scenario.steps;
    played += 1;
    const needsSession = steps.some((s) => 'reply' in s && s.reply === 'session');
    const session = needsSession && record.openSession ? record.openSession(request) : undefined;
    const run: Run = { request, sessionId: session?.sessionId, dialIn: false, timer: undefined, done: false };
    runs.add(run);
    advance(run, steps, 0);
  }

  function handle(request: EmulatorRequest): boolean {
    if (disposed) return false;
    const queue = failures.get(request.action);
    if (request.expectsAnswer && queue && queue.length > 0) {
      const error = queue.shift();
      if (queue.length === 0) failures.delete(request.action);
      record.answer?.(request, { kind: 'error', error });
      return true;
    }
    const responder = responders.get(request.action);
    if (responder) {
      let result: ReturnType<EmulatorResponder>;
      try {
        result = responder(request, controller);
      } catch (error) {
        record.answer?.(request, { kind: 'error', error });
        return true;
      }
      if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
        (result as PromiseLike<EmulatorAnswer | void>).then(
          (answer) => {
            if (!disposed && !record.destroyed) {
              apply(request, answer);
              afterAnswer(request);
            }
          },
          (error: unknown) => {
            if (!disposed && !record.destroyed && !request.answer) record.answer?.(request, { kind: 'error', error });
          },
        );
        return true;
      }
      apply(request, result as EmulatorAnswer | void);
      return true;
    }
    if (request.action === 'update-participant' || request.action === 'update-participants') {
      for (const id of ejectedIds(request)) eject(id);
      return false;
    }
    if (request.action === 'dialout-stop' && request.expectsAnswer && gone.has(String(request.payload.sessionId))) {
      record.answer?.(request, { kind: 'error', error: 'NOT_FOUND' });
      return true;
    }
    if (request.action === 'dialout-start' && current) {
      startRun(request, current);
      return true;
    }
    return false;
  }

  function nth(action: string, index: number): EmulatorRequest | undefined {
    let seen = 0;
    for (const request of record.received) {
      if (request.action === action) {
        seen += 1;
        if (seen === index) return request;
      }
    }
    return undefined;
  }

  function observe(request: EmulatorRequest): void {
    afterAnswer(request);
    if (request.action === 'dialout-stop') {
      const sessionId = request.payload.sessionId;
      for (const run of [...runs]) {
        if (!run.dialIn && run.sessionId !== undefined && run.sessionId === sessionId && !gone.has(run.sessionId)) stopRun(run);
      }
    } else if (request.action === 'leave-meeting') {
      stopAllRuns();
    }
    for (const waiter of [...waiters]) {
      if (waiter.action !== request.action) continue;
      const found = nth(waiter.action, waiter.index);
      if (found) {
        waiters.delete(waiter);
        if (waiter.timer !== undefined) clearTimeout(waiter.timer);
        waiter.resolve(found);
      }
    }
  }

  const handler = (request: EmulatorRequest): boolean => handle(request);
  record.handler = handler;
  record.observers.push(observe);

  const controller: EmulatorController = {
    callClientId,
    get attached() {
      return record.attached && !record.destroyed && isAlive();
    },
    get joined() {
      return record.joined && !record.destroyed && isAlive();
    },
    get dailyJsVersion() {
      return record.dailyJsVersion;
    },
    get received() {
      return record.received.slice();
    },
    get sessions() {
      return Object.values(record.sessions);
    },
    get dialInEndpoints() {
      return (record.dialInEndpoints ?? []).map((endpoint) => ({ ...endpoint }));
    },
    get participants() {
      return Object.values(record.participants).map((participant) => copyPlain(participant) as EmulatorParticipantFields);
    },
    emit(event, payload) {
      assertAttached('emit');
      if (payload === null || typeof payload !== 'object') throw new TypeError('emulator.emit(): payload must be an object');
      if ((event === 'participant-joined' || event === 'participant-updated' || event === 'participant-left') && typeof (payload as { participant?: { session_id?: unknown } }).participant?.session_id !== 'string') {
        throw new TypeError(`emulator.emit('${event}'): payload.participant.session_id is required (daily-js ignores the event without it)`);
      }
      record.send?.(event, payload as Record<string, unknown>, true);
    },
    emitRaw(action, payload = {}) {
      assertAttached('emitRaw');
      if (typeof action !== 'string' || action === '') throw new TypeError('emulator.emitRaw(): action must be a non-empty string');
      record.send?.(action, payload, false);
    },
    fatal(type, message) {
      if (SENTRY_TYPES.includes(type)) {
        throw new Error(
          `emulator.fatal(): daily-js reports '${type}' errors to its crash service over the network; use 'ejected', 'exp-room', 'not-allowed', 'meeting-full', 'nbf-room', 'nbf-token' or 'exp-token'`,
        );
      }
      assertAttached('fatal');
      stopAllRuns();
      record.send?.('error', { errorMsg: message, error: { type, msg: message } }, false);
    },
    failNext(action, error) {
      assertUsable('failNext');
      const queue = failures.get(action) ?? [];
      queue.push(error);
      failures.set(action, queue);
      return this;
    },
    respond(action, responder) {
      assertUsable('respond');
      if (responder === null) responders.delete(action);
      else if (typeof responder === 'function') responders.set(action, responder);
      else throw new TypeError('emulator.respond(): responder must be a function or null');
      return this;
    },
    play(scenario) {
      assertUsable('play');
      if (scenario !== null) checkScenario(scenario);
      current = scenario;
      played = 0;
      return this;
    },
    setLocalParticipant(fields) {
      assertUsable('setLocalParticipant');
      if (!isObject(fields)) throw new TypeError('emulator.setLocalParticipant(): fields must be an object');
      record.localFields = mergeParticipant(record.localFields, fields);
      if (record.joined && record.local) {
        assertAttached('setLocalParticipant');
        record.local = mergeParticipant(record.local, fields);
        record.send?.('participant-updated', { participant: record.local }, true);
      }
      return this;
    },
    addParticipant(participant) {
      assertUsable('addParticipant');
      if (!isObject(participant) || typeof participant.session_id !== 'string' || participant.session_id === '') {
        throw new TypeError('emulator.addParticipant(): participant.session_id must be a non-empty string');
      }
      const id = participant.session_id;
      const known = id in record.participants;
      record.participants[id] = { tracks: {}, ...participant };
      if (record.joined) {
        assertAttached('addParticipant');
        record.send?.(known ? 'participant-updated' : 'participant-joined', { participant: record.participants[id] }, true);
      }
      return this;
    },
    removeParticipant(sessionId) {
      assertUsable('removeParticipant');
      const participant = record.participants[sessionId];
      if (!participant) return this;
      delete record.participants[sessionId];
      if (record.joined) {
        assertAttached('removeParticipant');
        record.send?.('participant-left', { participant }, false);
      }
      return this;
    },
    setRoomConfig(config) {
      assertUsable('setRoomConfig');
      if (config !== null && !isObject(config)) throw new TypeError('emulator.setRoomConfig(): config must be an object or null');
      record.roomConfig = config === null ? undefined : { ...config };
      return this;
    },
    answer(request, answer) {
      assertUsable('answer');
      if (!record.received.includes(request)) {
        throw new Error(`emulator.answer(): request #${String(request?.seq)} was not received by call client ${callClientId}`);
      }
      if (request.answer) throw new Error(`emulator.answer(): request #${request.seq} (${request.action}) was already answered`);
      const decision = toDecision(answer);
      if (decision === 'hold') throw new Error("emulator.answer(): 'hold' is not an answer");
      if (!record.answer) throw new Error('emulator.answer(): the bundle has not attached');
      record.answer(request, decision);
      afterAnswer(request);
    },
    setPhoneLegParticipants(enabled) {
      assertUsable('setPhoneLegParticipants');
      if (typeof enabled !== 'boolean') throw new TypeError('emulator.setPhoneLegParticipants(): enabled must be a boolean');
      record.phoneLegs = enabled;
      return this;
    },
    setTransferLeaveMs(ms) {
      assertUsable('setTransferLeaveMs');
      transferLeaveMs = checkDelay('emulator.setTransferLeaveMs()', 'ms', ms);
      return this;
    },
    setParticipantAudio(sessionId, state) {
      assertUsable('setParticipantAudio');
      if (!TRACK_STATES.includes(state)) {
        throw new TypeError(`emulator.setParticipantAudio(): state must be one of ${TRACK_STATES.join(', ')}`);
      }
      if (!record.participants[sessionId]) {
        throw new Error(`emulator.setParticipantAudio(): no participant with session_id ${String(sessionId)} in the room`);
      }
      updateAudio(sessionId, state);
      return this;
    },
    sendDtmfEvent(sessionId, tone, dtmfOptions) {
      assertAttached('sendDtmfEvent');
      checkTone('emulator.sendDtmfEvent()', tone);
      if (sessionId !== undefined && typeof sessionId !== 'string') {
        throw new TypeError('emulator.sendDtmfEvent(): sessionId must be a string or undefined');
      }
      record.send?.('dtmf-event', dtmfPayload(sessionId, tone, dtmfOptions), false);
    },
    announceDialIn(readyOptions = {}) {
      assertUsable('announceDialIn');
      if (!isObject(readyOptions)) throw new TypeError('emulator.announceDialIn(): options must be an object');
      const given = readyOptions.sipEndpoint;
      const list: readonly unknown[] = given === undefined ? [] : Array.isArray(given) ? given : [given];
      if (given !== undefined && list.length === 0) throw new TypeError('emulator.announceDialIn(): sipEndpoint must not be an empty list');
      list.forEach((endpoint) => checkText('emulator.announceDialIn()', 'sipEndpoint', endpoint));
      const provider = checkText('emulator.announceDialIn()', 'provider', readyOptions.provider) ?? DEFAULT_DIAL_IN_PROVIDER;
      assertAttached('announceDialIn');
      const endpoints = list.length === 0 ? [defaultSipEndpoint(record)] : (list as string[]).slice();
      for (const sipEndpoint of endpoints) record.send?.('dialin-ready', { sipEndpoint, provider }, false);
      return endpoints;
    },
    dialIn(dialInOptions = {}) {
      assertUsable('dialIn');
      checkDialInOptions('emulator.dialIn()', dialInOptions, false);
      return startDialIn('dialIn', dialInOptions, dialInOptions.audio);
    },
    playDialIn(storyOptions = {}) {
      assertUsable('playDialIn');
      const method = 'emulator.playDialIn()';
      checkDialInOptions(method, storyOptions, true);
      const o = storyOptions;
      const steps: Step[] = [];
      if (o.playableAfterMs !== undefined) steps.push({ afterMs: o.playableAfterMs, participantAudio: 'playable' });
      if (o.warningAfterMs !== undefined) {
        steps.push({ afterMs: o.warningAfterMs, event: 'dialin-warning', fields: { errorMsg: o.warningMsg ?? DEFAULT_DIAL_IN_WARNING } });
      }
      for (const tone of o.digits ?? '') steps.push({ afterMs: o.toneGapMs ?? 200, dtmf: tone, method: o.dtmfMethod ?? DEFAULT_DTMF_METHOD });
      const talkMs = o.talkMs ?? Number.POSITIVE_INFINITY;
      const audio = o.audio ?? (o.playableAfterMs !== undefined ? 'loading' : undefined);
      const sessionId = startDialIn('playDialIn', o, audio);
      const session = record.sessions[sessionId] as EmulatorSessionRecord;
      if (o.fail !== undefined) {
        const fields: Record<string, unknown> = { errorMsg: o.fail.errorMsg ?? DEFAULT_DIAL_IN_ERROR };
        if (o.fail.type !== undefined) fields.type = o.fail.type;
        if (session.sipEndpoint !== undefined) fields.details = { sipEndpoint: session.sipEndpoint };
        steps.push({ afterMs: talkMs, event: 'dialin-error', fields });
      } else {
        steps.push({ afterMs: talkMs, event: 'dialin-stopped' });
      }
      const run: Run = { request: undefined, sessionId, dialIn: true, timer: undefined, done: false };
      runs.add(run);
      advance(run, steps, 0);
      return sessionId;
    },
    hangUpDialIn(sessionId) {
      assertUsable('hangUpDialIn');
      liveDialIn('hangUpDialIn', sessionId);
      assertAttached('hangUpDialIn');
      stopRunsOf(sessionId);
      record.send?.('dialin-stopped', { sessionId }, true);
      return this;
    },
    failDialIn(sessionId, errorMsg, failOptions = {}) {
      assertUsable('failDialIn');
      const session = liveDialIn('failDialIn', sessionId);
      checkText('emulator.failDialIn()', 'errorMsg', errorMsg);
      if (errorMsg === undefined) throw new TypeError('emulator.failDialIn(): errorMsg must be a non-empty string');
      if (!isObject(failOptions)) throw new TypeError('emulator.failDialIn(): options must be an object');
      checkErrorType('emulator.failDialIn()', failOptions.type);
      if (failOptions.details !== undefined && !isObject(failOptions.details)) {
        throw new TypeError('emulator.failDialIn(): details must be an object');
      }
      assertAttached('failDialIn');
      stopRunsOf(sessionId);
      const payload: Record<string, unknown> = { sessionId, errorMsg };
      if (failOptions.type !== undefined) payload.type = failOptions.type;
      if (failOptions.details !== undefined) payload.details = copyPlain(failOptions.details);
      else if (session.sipEndpoint !== undefined) payload.details = { sipEndpoint: session.sipEndpoint };
      record.send?.('dialin-error', payload, true);
      return this;
    },
    snapshotRoom() {
      assertUsable('snapshotRoom');
      const sessions: EmulatorSessionSnapshot[] = Object.values(record.sessions)
        .filter((session) => session.state === 'started')
        .map((session) =>
          copyPlain({
            sessionId: session.sessionId,
            // absent for a dial-out, so that snapshots of dial-outs keep their shape
            kind: session.kind === 'dial-in' ? session.kind : undefined,
            ...portableFields(session),
          }),
        );
      return { version: 1, participants: Object.values(record.participants).map((p) => copyPlain(p)), sessions };
    },
    restoreRoom(room) {
      assertUsable('restoreRoom');
      checkRoom(room);
      for (const session of room.sessions) {
        if (record.sessions[session.sessionId]) continue;
        record.sessions[session.sessionId] = {
          sessionId: session.sessionId,
          kind: session.kind === 'dial-in' ? 'dial-in' : 'dial-out',
          requestSeq: 0,
          ...portableFields(session),
          sipHeaders: session.sipHeaders === undefined ? undefined : copyPlain(session.sipHeaders),
          state: 'started',
        };
      }
      for (const participant of room.participants) controller.addParticipant(copyPlain(participant) as EmulatorParticipantFields);
      return this;
    },
    waitFor(action, waitOptions = {}) {
      if (disposed) return Promise.reject(new Error(`emulator.waitFor('${action}'): the controller is disposed`));
      const timeoutMs = waitOptions.timeoutMs ?? DEFAULT_WAIT_MS;
      if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs < 0) {
        return Promise.reject(new TypeError('emulator.waitFor(): timeoutMs must be a number ≥ 0 or Infinity'));
      }
      const index = (claimed.get(action) ?? 0) + 1;
      claimed.set(action, index);
      const found = nth(action, index);
      if (found) return Promise.resolve(found);
      return new Promise<EmulatorRequest>((resolve, reject) => {
        const timer = Number.isFinite(timeoutMs)
          ? setTimeout(() => {
              waiters.delete(waiter);
              const seen = record.received.map((r) => r.action).join(', ') || 'nothing';
              reject(
                new Error(
                  `emulator.waitFor('${action}'): request #${index} of that action did not arrive within ${timeoutMs} ms; call client ${callClientId} received: ${seen}` +
                    (record.attached ? '' : ' (daily-js has not loaded the emulator bundle: was join() called with bundlePathOverride?)'),
                ),
              );
            }, timeoutMs)
          : undefined;
        const waiter: Waiter = { action, index, resolve, reject, timer };
        waiters.add(waiter);
      });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      stopAllRuns();
      for (const waiter of [...waiters]) {
        waiters.delete(waiter);
        if (waiter.timer !== undefined) clearTimeout(waiter.timer);
        waiter.reject(new Error(`emulator.waitFor('${waiter.action}'): the controller was disposed`));
      }
      failures.clear();
      responders.clear();
      current = null;
      record.localFields = {};
      for (const id of Object.keys(record.participants)) delete record.participants[id];
      record.roomConfig = undefined;
      record.phoneLegs = true;
      if (record.handler === handler) record.handler = undefined;
      const at = record.observers.indexOf(observe);
      if (at >= 0) record.observers.splice(at, 1);
      if (record.destroyed || (record.attached && !isAlive())) delete registry.clients[callClientId];
    },
  };
  if (options.phoneLegParticipants !== undefined) record.phoneLegs = options.phoneLegParticipants;
  if (options.room !== undefined) controller.restoreRoom(options.room);
  return controller;
}

/**
 * The `{ protocol, emulates, evaluations }` of the emulator bundle evaluated in `target` (default `globalThis`), or
 * `undefined` when it never was.
 *
 * @example
 * ```ts
 * await call.join({ url });
 * expect(emulatorBundleInfo()?.emulates).toBe('0.92.x');
 * ```
 */
export function emulatorBundleInfo(
  target: object = globalThis,
): { readonly protocol: number; readonly emulates: string; readonly evaluations: number } | undefined {
  const registry = (target as Record<string, unknown>)[EMULATOR_GLOBAL] as EmulatorRegistry | undefined;
  const bundle = registry?.bundle;
  if (!bundle) return undefined;
  return { protocol: bundle.protocol, emulates: bundle.emulates ?? EMULATED_DAILY_JS_VERSIONS, evaluations: bundle.evaluations };
}
