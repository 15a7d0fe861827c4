/** Test double of daily-js's `DailyCall`: {@link FakeDailyCall} and {@link dialOutEvent}. */
import type {
  DailyCall,
  DailyEvent,
  DailyEventObject,
  DailyEventObjectDialOutAnswered,
  DailyEventObjectDialOutConnected,
  DailyEventObjectDialOutError,
  DailyEventObjectDialOutStopped,
  DailyEventObjectDialOutWarning,
  DailyMeetingState,
  DailyParticipant,
  DailyParticipantPermissions,
  DailyParticipantUpdateOptions,
  DailyParticipantsObject,
  DailyPendingRoomInfo,
  DailyRoomInfo,
  DailySendDtmfOptions,
  DailySipCallTransferOptions,
  DailySipReferOptions,
  DailyStartDialinOptions,
  DailyStartDialoutOptions,
} from '@daily-co/daily-js';
import type { DailyCallLike, DialOutEventType } from '../types.js';

/**
 * One `startDialOut` / `stopDialOut` / `sendDTMF` call the code under test made, with the means to settle the
 * promise it got. The promise stays pending until the test settles it here, through a `FakeDailyCall.resolve*` /
 * `reject*` shortcut or through {@link FakeDailyCall.autoRespond}; only the first settlement counts.
 */
export interface PendingCall<TArgs, TResult> {
  /** Deep, frozen copy of the options (plain objects and arrays copied, other values kept as they are). */
  readonly args: TArgs;
  /** Whether the promise was resolved or rejected. */
  readonly settled: boolean;
  /** `'pending'` until settled, then `'resolved'` or `'rejected'`. */
  readonly status: PendingCallStatus;
  /** Resolves the method's promise with `value`; no-op once settled. */
  resolve(value: TResult): void;
  /** Rejects the method's promise with `reason`; no-op once settled. */
  reject(reason: unknown): void;
}

/** The values of {@link PendingCall.status}. */
export type PendingCallStatus = 'pending' | 'resolved' | 'rejected';

/** What `startDialOut()` resolves with in daily-js 0.92.2. */
export interface StartDialOutResult {
  /** The new dial-out session; daily-js may resolve without it. */
  session?: { sessionId: string };
}

/** A recorded `startDialOut()` call. */
export type PendingStartCall = PendingCall<DailyStartDialoutOptions, StartDialOutResult>;

/** A recorded `stopDialOut()` call. */
export type PendingStopCall = PendingCall<{ sessionId: string }, void>;

/** A recorded `sendDTMF()` call. */
export type PendingDtmfCall = PendingCall<DailySendDtmfOptions, void>;

/**
 * A recorded `startDialIn()` call: `args` is a copy of the options the code under test passed (daily-js 0.92.2 sends
 * Daily a copy with `provider` defaulted to `'signalwire'`, leaving the caller's object alone). daily-js resolves
 * with the raw reply, typed `void`.
 */
export type PendingDialInCall = PendingCall<DailyStartDialinOptions, void>;

/** One recorded `updateParticipant()` call ({@link FakeDailyCall.participantUpdates}). */
export interface FakeParticipantUpdate {
  /** The session id as given (daily-js would send the local participant's as `'local'`). */
  readonly sessionId: string;
  /** Deep, frozen copy of the updates, e.g. `{ eject: true }`. */
  readonly updates: DailyParticipantUpdateOptions;
  /** {@link FakeDailyCall.meetingState} at the call: daily-js sends the update whatever the state. */
  readonly meetingState: DailyMeetingState;
}

/** The properties daily-js 0.92.2's `updateParticipant()` knows; any other makes it throw. */
const PARTICIPANT_UPDATE_KEYS: readonly string[] = [
  'styles',
  'setSubscribedTracks',
  'setAudio',
  'setVideo',
  'setScreenShare',
  'eject',
  'updatePermissions',
];

/** Which daily-js method made a {@link PendingTransferCall}: `sipCallTransfer()` or `sipRefer()`. */
export type TransferCallMethod = 'transfer' | 'refer';

/**
 * What a `sipCallTransfer()` / `sipRefer()` call was given, as daily-js 0.92.2 sends it to Daily: the options object
 * after daily-js wrote `useSipRefer` into it (`false` for `sipCallTransfer()`, `true` for `sipRefer()`). A
 * `sipRefer()` may carry the transfer-only fields too: daily-js forwards them untouched.
 */
export type TransferCallArgs = DailySipCallTransferOptions & {
  /** `false`: Daily's transfer (`sipCallTransfer()`); `true`: a SIP REFER (`sipRefer()`). */
  useSipRefer: boolean;
};

/** A recorded `sipCallTransfer()` or `sipRefer()` call; `args` is a copy taken after daily-js's `useSipRefer` write. */
export interface PendingTransferCall extends PendingCall<TransferCallArgs, void> {
  /** `'transfer'` for `sipCallTransfer()`, `'refer'` for `sipRefer()`. */
  readonly method: TransferCallMethod;
}

/**
 * How {@link FakeDailyCall.autoRespond} settles calls of one method: `'resolve'` at once (a `startDialOut` gets a
 * fresh `'fake-session-<n>'` sessionId, skipping ids already in {@link FakeDailyCall.dialOutSessionIds});
 * `{ reject: reason }` at once; or a function, called synchronously with the recorded args, whose return value
 * (or promise) settles the call and whose throw rejects it.
 */
export type AutoResponse<TArgs, TResult> =
  | 'resolve'
  | { readonly reject: unknown }
  | ((args: TArgs) => TResult | PromiseLike<TResult>);

/** One optional {@link AutoResponse} per method; a method without one is not auto-settled. */
export interface AutoRespondConfig {
  /** For `startDialOut()`. */
  start?: AutoResponse<DailyStartDialoutOptions, StartDialOutResult>;
  /** For `stopDialOut()`. */
  stop?: AutoResponse<{ sessionId: string }, void>;
  /** For `sendDTMF()`. */
  dtmf?: AutoResponse<DailySendDtmfOptions, void>;
  /**
   * For `sipCallTransfer()` and `sipRefer()` alike (daily-js sends both as one request); a function tells them apart by
   * `args.useSipRefer`.
   */
  transfer?: AutoResponse<TransferCallArgs, void>;
  /** For `startDialIn()`; `'resolve'` resolves with `undefined`. */
  dialIn?: AutoResponse<DailyStartDialinOptions, void>;
}

/**
 * A participant for {@link FakeDailyCall.setParticipants}: any of daily-js's `DailyParticipant` fields, `permissions`
 * partial too, e.g. `{ session_id: 's1', participantType: 'sip-dial-out' }` or `{ local: true, owner: true }`.
 */
export type FakeParticipant = Partial<Omit<DailyParticipant, 'permissions'>> & {
  permissions?: Partial<DailyParticipantPermissions>;
};

/** What {@link FakeDailyCall.participants} returns: participants by key (daily-js uses `local`, else `session_id`). */
export type FakeParticipants = Readonly<Record<string, FakeParticipant>>;

/**
 * What {@link FakeDailyCall.room} resolves with: daily-js's `DailyRoomInfo` (any of its fields, e.g.
 * `{ config: { enable_dialout: true } }`), its `{ roomUrlPendingJoin }` (before join), or `null` (no room known).
 */
export type FakeRoomInfo = Partial<DailyRoomInfo> | DailyPendingRoomInfo | null;

/**
 * What {@link FakeDailyCall.setParticipants} takes: the participants, or a function called on each `participants()`
 * call whose return value is returned and whose throw propagates.
 */
export type FakeParticipantsSource = FakeParticipants | (() => FakeParticipants);

/**
 * What {@link FakeDailyCall.setRoom} takes: the room info, or a function called on each `room()` call (with its
 * options) whose return value (or promise) settles `room()`'s promise and whose throw rejects it.
 */
export type FakeRoomSource =
  | FakeRoomInfo
  | ((options: { includeRoomConfigDefaults: boolean } | undefined) => FakeRoomInfo | PromiseLike<FakeRoomInfo>);

/** Options of the {@link FakeDailyCall} constructor. */
export interface FakeDailyCallOptions {
  /** The initial `meetingState()`. Default `'joined-meeting'`. */
  meetingState?: DailyMeetingState;
  /** The `callClientId` put in every emitted event object. Default a unique `'fake-call-client-<n>'`. */
  callClientId?: string;
  /** What `participants()` returns, as {@link FakeDailyCall.setParticipants}. Default `{}` (nobody known). */
  participants?: FakeParticipantsSource;
  /** What `room()` resolves with, as {@link FakeDailyCall.setRoom}. Default `null` (no room known). */
  room?: FakeRoomSource;
}

type AnyHandler = (event: unknown) => void;

let nextCallClientNumber = 1;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function frozenCopy<T>(value: T, seen = new Map<object, unknown>()): T {
  if (Array.isArray(value)) {
    const existing = seen.get(value);
    if (existing !== undefined) return existing as T;
    const out: unknown[] = [];
    seen.set(value, out);
    for (const item of value) out.push(frozenCopy(item, seen));
    return Object.freeze(out) as T;
  }
  if (isPlainObject(value)) {
    const existing = seen.get(value);
    if (existing !== undefined) return existing as T;
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    for (const key of Object.keys(value)) out[key] = frozenCopy(value[key], seen);
    return Object.freeze(out) as T;
  }
  return value;
}

function notJoinedError(method: string, destroyed: boolean): Error {
  // daily-js 0.92.2 says "<method> only supported after join." (sometimes with more text after); keep that prefix.
  const message = `${method} only supported after join.`;
  return new Error(destroyed ? `${message} This call object was destroyed.` : message);
}

class PendingCallRecord<TArgs, TResult> implements PendingCall<TArgs, TResult> {
  readonly args: TArgs;
  readonly promise: Promise<TResult>;
  #status: PendingCallStatus = 'pending';
  #resolve!: (value: TResult) => void;
  #reject!: (reason: unknown) => void;
  readonly #onResolve: ((value: TResult) => void) | undefined;

  constructor(args: TArgs, onResolve?: (value: TResult) => void) {
    this.args = frozenCopy(args);
    this.#onResolve = onResolve;
    this.promise = new Promise<TResult>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  get settled(): boolean {
    return this.#status !== 'pending';
  }

  get status(): PendingCallStatus {
    return this.#status;
  }

  resolve(value: TResult): void {
    if (this.#status !== 'pending') return;
    this.#status = 'resolved';
    this.#onResolve?.(value);
    this.#resolve(value);
  }

  reject(reason: unknown): void {
    if (this.#status !== 'pending') return;
    this.#status = 'rejected';
    this.#reject(reason);
  }
}

class PendingTransferRecord extends PendingCallRecord<TransferCallArgs, void> implements PendingTransferCall {
  readonly method: TransferCallMethod;

  constructor(args: TransferCallArgs, method: TransferCallMethod) {
    super(args);
    this.method = method;
  }
}

/**
 * A fake daily-js call object ({@link DailyCallLike}) mirroring `@daily-co/daily-js` 0.92.2, for tests in Node or
 * browsers (no test framework, no Node-only API). Its dial-out methods (`startDialOut`, `stopDialOut`, `sendDTMF`,
 * `sipCallTransfer`, `sipRefer`) are recorded as {@link PendingCall}s that the test settles, and its events are
 * emitted by the test: it never emits `dialout-*`, `dtmf-event` or `participant-*` by itself (use
 * {@link FakeDailyCall.emit}, with {@link dialOutEvent} for `dialout-*`). Outside `'joined-meeting'`, and always after
 * {@link FakeDailyCall.destroy}, the dial-out methods fail as daily-js's do and are not recorded. daily-js's argument
 * checks (codecs, DTMF tones, transfer targets, …) are not mirrored: every options value is accepted. Dial-in:
 * `startDialIn()` is recorded like the dial-out methods ({@link FakeDailyCall.dialInCalls}), and `updateParticipant()`
 * (e.g. `{ eject: true }`, how a dial-in caller is ended) in {@link FakeDailyCall.participantUpdates}; ejecting emits
 * nothing either.
 *
 * @example
 * ```ts
 * import { FakeDailyCall, dialOutEvent } from 'daily-dialout-machine/testing';
 * const call = new FakeDailyCall();
 * const session = createDialOutManager(call).start({ phoneNumber: '+15555550100' });
 * call.resolveStart('session-1');
 * await Promise.resolve();
 * call.emit('dialout-connected', dialOutEvent('dialout-connected', { sessionId: 'session-1' }));
 * call.emit('dialout-answered', dialOutEvent('dialout-answered', { sessionId: 'session-1' }));
 * expect(session.snapshot.status).toBe('answered');
 * ```
 */
export class FakeDailyCall implements DailyCallLike {
  /** The `callClientId` put in every event object the fake emits. */
  readonly callClientId: string;

  readonly #handlers = new Map<string, AnyHandler[]>();
  readonly #startCalls: PendingCallRecord<DailyStartDialoutOptions, StartDialOutResult>[] = [];
  readonly #stopCalls: PendingCallRecord<{ sessionId: string }, void>[] = [];
  readonly #dtmfCalls: PendingCallRecord<DailySendDtmfOptions, void>[] = [];
  readonly #transferCalls: PendingTransferRecord[] = [];
  readonly #dialInCalls: PendingCallRecord<DailyStartDialinOptions, void>[] = [];
  readonly #participantUpdates: FakeParticipantUpdate[] = [];
  readonly #sessionIds: string[] = [];
  #meetingState: DailyMeetingState;
  #destroyed = false;
  #auto: AutoRespondConfig = {};
  #nextSessionNumber = 1;
  #participants: FakeParticipantsSource;
  #room: FakeRoomSource;

  /** Makes a fake call object; see {@link FakeDailyCallOptions} for the defaults. */
  constructor(options: FakeDailyCallOptions = {}) {
    this.#meetingState = options.meetingState ?? 'joined-meeting';
    this.callClientId = options.callClientId ?? `fake-call-client-${nextCallClientNumber++}`;
    this.#participants = options.participants ?? {};
    this.#room = options.room ?? null;
  }

  /**
   * Registers `handler` for `event` (daily-js's `call.on`, Node `EventEmitter` semantics: registered twice, runs twice).
   * @returns This fake, typed as a `DailyCall` too only to satisfy {@link DailyCallLike}.
   * @throws `TypeError` when `handler` is not a function (as daily-js).
   */
  on<T extends DailyEvent>(
    event: T,
    handler: (event: DailyEventObject<T>) => void,
  ): this & DailyCall {
    checkHandler(handler);
    const list = this.#handlers.get(event);
    if (list) list.push(handler as AnyHandler);
    else this.#handlers.set(event, [handler as AnyHandler]);
    return this as this & DailyCall;
  }

  /**
   * Removes the most recent registration of `handler` for `event` (daily-js's `call.off`); ignores an unknown handler.
   * @returns This fake (typed as in {@link FakeDailyCall.on}).
   * @throws `TypeError` when `handler` is not a function (as daily-js).
   */
  off<T extends DailyEvent>(
    event: T,
    handler: (event: DailyEventObject<T>) => void,
  ): this & DailyCall {
    checkHandler(handler);
    const list = this.#handlers.get(event);
    if (list) {
      const index = list.lastIndexOf(handler as AnyHandler);
      if (index >= 0) list.splice(index, 1);
      if (list.length === 0) this.#handlers.delete(event);
    }
    return this as this & DailyCall;
  }

  /** daily-js's `call.meetingState()`: as set by the options, `setMeetingState`, `leave` or `destroy`. */
  meetingState(): DailyMeetingState {
    return this.#meetingState;
  }

  /**
   * daily-js's `call.participants()`: what the options or {@link FakeDailyCall.setParticipants} gave, as given (not
   * copied), whatever the meeting state; default `{}`. A function given there is called each time.
   * @throws What that function throws.
   */
  participants(): DailyParticipantsObject {
    const source = this.#participants;
    return (typeof source === 'function' ? source() : source) as DailyParticipantsObject;
  }

  /**
   * daily-js's `call.room()`: resolves with what the options or {@link FakeDailyCall.setRoom} gave, as given, whatever
   * the meeting state (daily-js's `{ roomUrlPendingJoin }` before join and its `includeRoomConfigDefaults` are not
   * mirrored: set what the test needs); default `null`. A function given there is called each time with `options`.
   * @throws Rejects (never throws) with what that function throws or its promise rejects with.
   */
  room(options?: { includeRoomConfigDefaults: boolean }): Promise<DailyPendingRoomInfo | DailyRoomInfo | null> {
    const source = this.#room;
    if (typeof source !== 'function') return Promise.resolve(source as DailyRoomInfo | DailyPendingRoomInfo | null);
    try {
      return Promise.resolve(source(options)) as Promise<DailyPendingRoomInfo | DailyRoomInfo | null>;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Sets what {@link FakeDailyCall.participants} returns from now on. Emits nothing (emit `participant-*` yourself).
   *
   * @example
   * ```ts
   * call.setParticipants({
   *   local: { local: true, session_id: 'me', owner: false, permissions: { canAdmin: new Set(['participants']) } },
   *   s1: { session_id: 's1', participantType: 'pstn-dial-out' },
   * });
   * call.setParticipants(() => { throw new Error('boom'); }); // participants() throws
   * ```
   */
  setParticipants(participants: FakeParticipantsSource): void {
    this.#participants = participants;
  }

  /**
   * Sets what {@link FakeDailyCall.room} resolves with from now on.
   *
   * @example
   * ```ts
   * call.setRoom({ name: 'room', config: { enable_dialout: false } });
   * call.setRoom(() => Promise.reject(new Error('boom'))); // room() rejects
   * ```
   */
  setRoom(room: FakeRoomSource): void {
    this.#room = room;
  }

  /**
   * Records a `startDialOut()` call in {@link FakeDailyCall.startCalls}; its promise stays pending until settled.
   * @throws Rejects (never throws) with `Error("startDialOut() only supported after join.")` when not joined.
   */
  startDialOut(options: DailyStartDialoutOptions): Promise<StartDialOutResult> {
    if (!this.#isJoined()) {
      return Promise.reject(notJoinedError('startDialOut()', this.#destroyed));
    }
    const record = new PendingCallRecord<DailyStartDialoutOptions, StartDialOutResult>(
      options,
      (result) => this.#recordSessionId(result),
    );
    this.#startCalls.push(record);
    this.#applyAuto(record, this.#auto.start, () => ({
      session: { sessionId: this.#freshSessionId() },
    }));
    return record.promise;
  }

  /**
   * Records a `stopDialOut()` call in {@link FakeDailyCall.stopCalls}; its promise stays pending until settled.
   * @throws `Error("stopDialOut() only supported after join.")`, synchronously (as daily-js), when not joined.
   */
  stopDialOut(options: { sessionId: string }): Promise<void> {
    if (!this.#isJoined()) throw notJoinedError('stopDialOut()', this.#destroyed);
    const record = new PendingCallRecord<{ sessionId: string }, void>(options);
    this.#stopCalls.push(record);
    this.#applyAuto(record, this.#auto.stop, () => undefined);
    return record.promise;
  }

  /**
   * Records a `sendDTMF()` call in {@link FakeDailyCall.dtmfCalls}; its promise stays pending until settled.
   * @throws Rejects (never throws) with `Error("sendDTMF() only supported after join.")` when not joined.
   */
  sendDTMF(options: DailySendDtmfOptions): Promise<void> {
    if (!this.#isJoined()) {
      return Promise.reject(notJoinedError('sendDTMF()', this.#destroyed));
    }
    const record = new PendingCallRecord<DailySendDtmfOptions, void>(options);
    this.#dtmfCalls.push(record);
    this.#applyAuto(record, this.#auto.dtmf, () => undefined);
    return record.promise;
  }

  /**
   * daily-js 0.92.2's `sipCallTransfer()`: writes `useSipRefer = false` into `options` (the caller's object, as
   * daily-js does, so a test can tell whether the code under test handed over a fresh object), then records the call
   * in {@link FakeDailyCall.transferCalls} with `method: 'transfer'`; its promise stays pending until settled
   * ({@link FakeDailyCall.resolveTransfer}, {@link FakeDailyCall.rejectTransfer}, {@link FakeDailyCall.autoRespond}'s
   * `transfer`). daily-js's argument checks are not mirrored, but for a missing `options`.
   * @throws Rejects (never throws) with `Error("sipCallTransfer() only supported after join.")` when not joined
   * (`options` untouched, nothing recorded); with `Error("sipCallTransfer() requires a sessionId and toEndPoint")`
   * without `options`; with the `TypeError` of the write when `options` is frozen (as daily-js would).
   *
   * @example
   * ```ts
   * const options = { sessionId: 's1', toEndPoint: '+15555550123' };
   * const promise = call.sipCallTransfer(options);
   * expect(options).toHaveProperty('useSipRefer', false); // daily-js writes it too
   * call.resolveTransfer();
   * await promise;
   * ```
   */
  sipCallTransfer(options: DailySipCallTransferOptions): Promise<void> {
    return this.#transfer('sipCallTransfer()', 'transfer', options, 'sipCallTransfer() requires a sessionId and toEndPoint');
  }

  /**
   * daily-js 0.92.2's `sipRefer()`: as {@link FakeDailyCall.sipCallTransfer}, but writes `useSipRefer = true` and
   * records `method: 'refer'`.
   * @throws Rejects (never throws) with `Error("sipRefer() only supported after join.")` when not joined; with
   * `Error("sessionId and toEndPoint are mandatory parameter")` without `options` (daily-js's text); with the
   * `TypeError` of the write when `options` is frozen.
   */
  sipRefer(options: DailySipReferOptions): Promise<void> {
    return this.#transfer('sipRefer()', 'refer', options, 'sessionId and toEndPoint are mandatory parameter');
  }

  /**
   * daily-js 0.92.2's `startDialIn()`: records the call in {@link FakeDailyCall.dialInCalls} (the caller's object is
   * neither kept nor changed, as daily-js, which sends a copy); its promise stays pending until settled
   * ({@link FakeDailyCall.resolveDialIn}, {@link FakeDailyCall.rejectDialIn}, {@link FakeDailyCall.autoRespond}'s
   * `dialIn`). daily-js's argument checks are not mirrored, but for `options` not being an object.
   * @throws Rejects (never throws) with `Error("startDialIn() only supported after join.")` when not joined (nothing
   * recorded); with `Error("Error starting dial in: args must be an object")` (daily-js's text) when `options` is not
   * an object.
   *
   * @example
   * ```ts
   * const promise = call.startDialIn({ displayName: 'Front desk' });
   * expect(call.dialInCalls[0]?.args).toEqual({ displayName: 'Front desk' });
   * call.resolveDialIn();
   * await promise;
   * ```
   */
  startDialIn(options: DailyStartDialinOptions): Promise<void> {
    if (!this.#isJoined()) return Promise.reject(notJoinedError('startDialIn()', this.#destroyed));
    if (options === null || typeof options !== 'object') {
      return Promise.reject(new Error('Error starting dial in: args must be an object'));
    }
    const record = new PendingCallRecord<DailyStartDialinOptions, void>(options);
    this.#dialInCalls.push(record);
    this.#applyAuto(record, this.#auto.dialIn, () => undefined);
    return record.promise;
  }

  /**
   * daily-js 0.92.2's `updateParticipant()`: synchronous, returns this call object, and records the update in
   * {@link FakeDailyCall.participantUpdates} whatever the meeting state (daily-js sends it whatever the state, and
   * nothing when `sessionId` or `updates` is missing: then nothing is recorded). Emits nothing: for an ejection, emit
   * `participant-left` (and a dial-in's `dialin-stopped`) yourself.
   * @throws `Error("unrecognized updateParticipant property <name>")` for a property daily-js does not know (its
   * check; the values are not checked); `Error("Use after destroy")` after {@link FakeDailyCall.destroy} (as
   * daily-js). Nothing is recorded then.
   *
   * @example
   * ```ts
   * call.updateParticipant('dial-in-1', { eject: true });
   * expect(call.participantUpdates).toEqual([{ sessionId: 'dial-in-1', updates: { eject: true }, meetingState: 'joined-meeting' }]);
   * ```
   */
  updateParticipant(sessionId: string, updates: DailyParticipantUpdateOptions): this & DailyCall {
    if (this.#destroyed) throw new Error('Use after destroy');
    if (sessionId && updates) {
      for (const key of Object.keys(updates)) {
        if (!PARTICIPANT_UPDATE_KEYS.includes(key)) throw new Error(`unrecognized updateParticipant property ${key}`);
      }
      this.#participantUpdates.push(frozenCopy({ sessionId, updates, meetingState: this.#meetingState }));
    }
    return this as this & DailyCall;
  }

  /** Every recorded `startDialIn()` call, oldest first, settled ones included (a copy). */
  get dialInCalls(): readonly PendingDialInCall[] {
    return this.#dialInCalls.slice();
  }

  /** Every recorded `updateParticipant()` call, oldest first (a copy). */
  get participantUpdates(): readonly FakeParticipantUpdate[] {
    return this.#participantUpdates.slice();
  }

  /** Resolves the oldest unsettled `startDialIn()` call (with `undefined`) and returns it. */
  resolveDialIn(): PendingDialInCall {
    const record = oldestPending(this.#dialInCalls, 'resolveDialIn', 'startDialIn()');
    record.resolve();
    return record;
  }

  /** Rejects the oldest unsettled `startDialIn()` call with `reason` and returns it. */
  rejectDialIn(reason: unknown): PendingDialInCall {
    const record = oldestPending(this.#dialInCalls, 'rejectDialIn', 'startDialIn()');
    record.reject(reason);
    return record;
  }

  /** Every recorded `startDialOut()` call, oldest first, settled ones included (a copy). */
  get startCalls(): readonly PendingStartCall[] {
    return this.#startCalls.slice();
  }

  /** Every recorded `stopDialOut()` call, oldest first, settled ones included (a copy). */
  get stopCalls(): readonly PendingStopCall[] {
    return this.#stopCalls.slice();
  }

  /** Every recorded `sendDTMF()` call, oldest first, settled ones included (a copy). */
  get dtmfCalls(): readonly PendingDtmfCall[] {
    return this.#dtmfCalls.slice();
  }

  /** Every recorded `sipCallTransfer()` and `sipRefer()` call, in one list, oldest first, settled ones included (a copy). */
  get transferCalls(): readonly PendingTransferCall[] {
    return this.#transferCalls.slice();
  }

  /** Every sessionId a `startDialOut()` call was resolved with, in order, however it was resolved. */
  get dialOutSessionIds(): readonly string[] {
    return this.#sessionIds.slice();
  }

  /**
   * Resolves the oldest unsettled `startDialOut()` call with `{ session: { sessionId } }`, or with `{}` (no session,
   * which daily-js allows) when `sessionId` is `null` or omitted, and returns it.
   * @throws `Error` when no `startDialOut()` call is pending (as do all `resolve*` / `reject*` methods).
   */
  resolveStart(sessionId?: string | null): PendingStartCall {
    const record = oldestPending(this.#startCalls, 'resolveStart', 'startDialOut()');
    record.resolve(sessionId == null ? {} : { session: { sessionId } });
    return record;
  }

  /**
   * Rejects the oldest unsettled `startDialOut()` call with `reason` and returns it; daily-js uses the bare strings
   * `'NOT_ALLOWED'`, `'DIALOUT_IN_PROGRESS'` and `'TEMPORARILY_NOT_AVAILABLE'`.
   */
  rejectStart(reason: unknown): PendingStartCall {
    const record = oldestPending(this.#startCalls, 'rejectStart', 'startDialOut()');
    record.reject(reason);
    return record;
  }

  /** Resolves the oldest unsettled `stopDialOut()` call and returns it. */
  resolveStop(): PendingStopCall {
    const record = oldestPending(this.#stopCalls, 'resolveStop', 'stopDialOut()');
    record.resolve();
    return record;
  }

  /** Rejects the oldest unsettled `stopDialOut()` call with `reason` and returns it. */
  rejectStop(reason: unknown): PendingStopCall {
    const record = oldestPending(this.#stopCalls, 'rejectStop', 'stopDialOut()');
    record.reject(reason);
    return record;
  }

  /** Resolves the oldest unsettled `sendDTMF()` call and returns it. */
  resolveDTMF(): PendingDtmfCall {
    const record = oldestPending(this.#dtmfCalls, 'resolveDTMF', 'sendDTMF()');
    record.resolve();
    return record;
  }

  /** Rejects the oldest unsettled `sendDTMF()` call with `reason` and returns it. */
  rejectDTMF(reason: unknown): PendingDtmfCall {
    const record = oldestPending(this.#dtmfCalls, 'rejectDTMF', 'sendDTMF()');
    record.reject(reason);
    return record;
  }

  /** Resolves the oldest unsettled `sipCallTransfer()` or `sipRefer()` call (whichever came first) and returns it. */
  resolveTransfer(): PendingTransferCall {
    const record = oldestPending(this.#transferCalls, 'resolveTransfer', 'sipCallTransfer() / sipRefer()');
    record.resolve();
    return record;
  }

  /** Rejects the oldest unsettled `sipCallTransfer()` or `sipRefer()` call with `reason` and returns it. */
  rejectTransfer(reason: unknown): PendingTransferCall {
    const record = oldestPending(this.#transferCalls, 'rejectTransfer', 'sipCallTransfer() / sipRefer()');
    record.reject(reason);
    return record;
  }

  /**
   * Settles later dial-out calls automatically, per {@link AutoResponse}; replaces any previous configuration
   * (`autoRespond({})` turns it off). Calls already pending, and calls refused because the call is not joined, are
   * not touched; auto-settled calls are still recorded.
   *
   * @example
   * ```ts
   * call.autoRespond({ start: 'resolve', dtmf: { reject: new Error('busy') } });
   * await call.startDialOut({ phoneNumber: '+15555550100' }); // { session: { sessionId: 'fake-session-1' } }
   * ```
   */
  autoRespond(config: AutoRespondConfig): void {
    this.#auto = { ...config };
  }

  /**
   * Sets what {@link FakeDailyCall.meetingState} returns. Emits nothing (emit the matching event yourself); after
   * {@link FakeDailyCall.destroy} the dial-out methods keep failing.
   */
  setMeetingState(state: DailyMeetingState): void {
    this.#meetingState = state;
  }

  /**
   * Delivers one object, `{ action: event, callClientId, ...payload }`, synchronously to every handler of `event` in
   * registration order. The handler list is copied first, so handlers added or removed meanwhile count from the next
   * emit. `payload` is spread last and so may override `action` / `callClientId` (daily-js never does).
   * @param payload - The event's fields, e.g. from {@link dialOutEvent}.
   * @throws What a handler throws; later handlers are then not called (daily-js would only log the error).
   */
  emit(event: DailyEvent | (string & {}), payload?: object): void {
    this.emitRaw(event, { action: event, callClientId: this.callClientId, ...payload });
  }

  /**
   * Delivers `value` exactly as given to every handler of `event`, as {@link FakeDailyCall.emit} does: for
   * malformed-payload tests (`null`, strings, objects without `action`); daily-js always delivers an object.
   */
  emitRaw(event: DailyEvent | (string & {}), value: unknown): void {
    const list = this.#handlers.get(event);
    if (!list) return;
    for (const handler of list.slice()) handler(value);
  }

  /**
   * daily-js's `call.leave()` once confirmed: sets the meeting state to `'left-meeting'`, then emits `left-meeting`.
   * Does nothing when already `'left-meeting'` or `'error'`; pending dial-out calls stay pending.
   * @throws What a `left-meeting` handler throws.
   */
  leave(): void {
    if (this.#meetingState === 'left-meeting' || this.#meetingState === 'error') return;
    this.#meetingState = 'left-meeting';
    this.emit('left-meeting');
  }

  /**
   * daily-js's `call.destroy()`: runs {@link FakeDailyCall.leave}, then emits `call-instance-destroyed`; a second call
   * does nothing. Handlers stay registered. Afterwards the dial-out methods fail as when not joined, with
   * `" This call object was destroyed."` appended to the message.
   * @throws What a `left-meeting` or `call-instance-destroyed` handler throws.
   */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.leave();
    this.emit('call-instance-destroyed');
  }

  /** Whether {@link FakeDailyCall.destroy} was called (daily-js's `call.isDestroyed()`). */
  isDestroyed(): boolean {
    return this.#destroyed;
  }

  /** Counts handler registrations for `event`, or for all events when omitted; a handler registered twice counts twice. */
  listenerCount(event?: string): number {
    if (event !== undefined) return this.#handlers.get(event)?.length ?? 0;
    let total = 0;
    for (const list of this.#handlers.values()) total += list.length;
    return total;
  }

  /** The handlers of `event`, one entry per registration, in registration order (a copy). */
  listeners(event: string): readonly Function[] {
    return this.#handlers.get(event)?.slice() ?? [];
  }

  #transfer(
    name: 'sipCallTransfer()' | 'sipRefer()',
    method: TransferCallMethod,
    options: DailySipCallTransferOptions | DailySipReferOptions,
    missing: string,
  ): Promise<void> {
    if (!this.#isJoined()) return Promise.reject(notJoinedError(name, this.#destroyed));
    if (!options) return Promise.reject(new Error(missing));
    try {
      // daily-js 0.92.2 writes the flag into the caller's object before it validates anything
      (options as TransferCallArgs).useSipRefer = method === 'refer';
    } catch (error) {
      return Promise.reject(error);
    }
    const record = new PendingTransferRecord(options as TransferCallArgs, method);
    this.#transferCalls.push(record);
    this.#applyAuto(record, this.#auto.transfer, () => undefined);
    return record.promise;
  }

  #isJoined(): boolean {
    return !this.#destroyed && this.#meetingState === 'joined-meeting';
  }

  #recordSessionId(result: StartDialOutResult): void {
    const sessionId: unknown = (result as StartDialOutResult | undefined)?.session?.sessionId;
    if (typeof sessionId === 'string') this.#sessionIds.push(sessionId);
  }

  #freshSessionId(): string {
    let id: string;
    do {
      id = `fake-session-${this.#nextSessionNumber++}`;
    } while (this.#sessionIds.includes(id));
    return id;
  }

  #applyAuto<TArgs, TResult>(
    record: PendingCallRecord<TArgs, TResult>,
    response: AutoResponse<TArgs, TResult> | undefined,
    defaultValue: () => TResult,
  ): void {
    if (response === undefined) return;
    if (response === 'resolve') {
      record.resolve(defaultValue());
      return;
    }
    if (typeof response !== 'function') {
      record.reject(response.reject);
      return;
    }
    let value: TResult | PromiseLike<TResult>;
    try {
      value = response(record.args);
    } catch (error) {
      record.reject(error);
      return;
    }
    if (isPromiseLike(value)) {
      value.then(
        (resolved) => record.resolve(resolved),
        (reason: unknown) => record.reject(reason),
      );
    } else {
      record.resolve(value);
    }
  }
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function checkHandler(handler: unknown): void {
  if (typeof handler !== 'function') {
    throw new TypeError(
      `The "listener" argument must be of type Function. Received ${handler === null ? 'null' : `type ${typeof handler}`}`,
    );
  }
}

function oldestPending<R extends { readonly settled: boolean }>(
  records: readonly R[],
  control: string,
  method: string,
): R {
  const record = records.find((r) => !r.settled);
  if (!record) {
    throw new Error(
      `FakeDailyCall.${control}(): no pending ${method} call to settle ` +
        `(${records.length} recorded, all settled). Did the code under test call ${method}?`,
    );
  }
  return record;
}

/** The daily-js event object type of each `dialout-*` event. */
export interface DialOutEventObjects {
  'dialout-connected': DailyEventObjectDialOutConnected;
  'dialout-answered': DailyEventObjectDialOutAnswered;
  'dialout-stopped': DailyEventObjectDialOutStopped;
  'dialout-error': DailyEventObjectDialOutError;
  'dialout-warning': DailyEventObjectDialOutWarning;
}

/**
 * The fields {@link dialOutEvent} takes for event `T`: the event's own fields, required ones staying required
 * (`sessionId` for connected/answered/stopped, `errorMsg` for error/warning), with `provider` and `sipCallId` optional.
 */
export type DialOutEventFields<T extends DialOutEventType> = Omit<
  DialOutEventObjects[T],
  'action' | 'callClientId' | 'provider' | 'sipCallId'
> & { provider?: string; sipCallId?: string };

/** What {@link dialOutEvent} returns: daily-js's event object without `callClientId`, which `emit` adds. */
export type DialOutEventPayload<T extends DialOutEventType> = Omit<
  DialOutEventObjects[T],
  'callClientId'
>;

/**
 * Builds a realistic `dialout-*` payload for {@link FakeDailyCall.emit} (pure: a new object, nothing emitted):
 * `action: type`, `provider: 'signalwire'`, for connected/answered with a string `sessionId` also
 * `sipCallId: 'fake-sip-call-<sessionId>'`, then `fields`, which override those; a field given as `undefined` is
 * left out (e.g. `{ sipCallId: undefined }`).
 *
 * @example
 * ```ts
 * call.emit('dialout-connected', dialOutEvent('dialout-connected', { sessionId: 'abc', userId: 'u1' }));
 * // handlers receive { action: 'dialout-connected', callClientId, provider: 'signalwire',
 * //   sipCallId: 'fake-sip-call-abc', sessionId: 'abc', userId: 'u1' }
 * ```
 */
export function dialOutEvent<T extends DialOutEventType>(
  type: T,
  fields: DialOutEventFields<T>,
): DialOutEventPayload<T> {
  const given = fields as { sessionId?: unknown } & Record<string, unknown>;
  const result: Record<string, unknown> = { action: type, provider: 'signalwire' };
  if (
    (type === 'dialout-connected' || type === 'dialout-answered') &&
    typeof given.sessionId === 'string'
  ) {
    result['sipCallId'] = `fake-sip-call-${given.sessionId}`;
  }
  for (const key of Object.keys(given)) {
    const value = given[key];
    if (value === undefined) delete result[key];
    else result[key] = value;
  }
  return result as DialOutEventPayload<T>;
}
