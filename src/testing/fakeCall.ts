/**
 * A typed, framework-free fake of daily-js's `DailyCall` for tests.
 *
 * @remarks
 * {@link FakeDailyCall} implements {@link DailyCallLike} (the part of
 * `DailyCall` the dial-out manager uses) and mirrors the behaviour of
 * `@daily-co/daily-js` 0.92.2 that matters to it: synchronous event delivery
 * with Node `EventEmitter` semantics, the "only supported after join" checks,
 * and promises that stay pending until the test settles them.
 *
 * This module depends on no test framework and uses no Node-only API, so it
 * runs in Node and in browsers.
 *
 * @packageDocumentation
 */
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
  DailySendDtmfOptions,
  DailyStartDialoutOptions,
} from '@daily-co/daily-js';
import type { DailyCallLike, DialOutEventType } from '../types.js';

/**
 * One call the code under test made to a {@link FakeDailyCall} method
 * (`startDialOut`, `stopDialOut` or `sendDTMF`), with the means to settle the
 * promise that method returned.
 *
 * @remarks
 * The promise stays pending until the test calls {@link PendingCall.resolve}
 * or {@link PendingCall.reject} (or the `FakeDailyCall.resolve*` /
 * `FakeDailyCall.reject*` shortcuts, or an auto-responder set with
 * {@link FakeDailyCall.autoRespond}). Only the first settlement counts; later
 * ones are ignored, as with a native promise.
 *
 * @typeParam TArgs - The options object the method was called with.
 * @typeParam TResult - What the method's promise resolves with.
 *
 * @example
 * ```ts
 * const call = new FakeDailyCall();
 * const promise = call.startDialOut({ phoneNumber: '+15555550100' });
 * const pending = call.startCalls[0]!;
 * expect(pending.args).toEqual({ phoneNumber: '+15555550100' });
 * pending.resolve({ session: { sessionId: 'abc' } });
 * await expect(promise).resolves.toEqual({ session: { sessionId: 'abc' } });
 * ```
 */
export interface PendingCall<TArgs, TResult> {
  /**
   * A deep, frozen copy of the options the method was called with (plain
   * objects and arrays are copied; other values are kept as they are).
   * Mutating the caller's object afterwards does not change it.
   */
  readonly args: TArgs;
  /** Whether the promise has been resolved or rejected. */
  readonly settled: boolean;
  /** `'pending'` until settled, then `'resolved'` or `'rejected'`. */
  readonly status: PendingCallStatus;
  /**
   * Resolves the method's promise.
   *
   * @param value - What the promise resolves with.
   * @returns Nothing; does nothing if the call is already settled.
   */
  resolve(value: TResult): void;
  /**
   * Rejects the method's promise.
   *
   * @param reason - What the promise rejects with (daily-js rejects
   * `startDialOut` with bare strings such as `'NOT_ALLOWED'`).
   * @returns Nothing; does nothing if the call is already settled.
   */
  reject(reason: unknown): void;
}

/**
 * Where a {@link PendingCall} is: `'pending'`, `'resolved'` or `'rejected'`.
 *
 * @example
 * ```ts
 * call.rejectStart('NOT_ALLOWED');
 * expect(call.startCalls[0]!.status).toBe('rejected');
 * ```
 */
export type PendingCallStatus = 'pending' | 'resolved' | 'rejected';

/**
 * What `startDialOut()` resolves with in daily-js 0.92.2.
 *
 * @example
 * ```ts
 * const result: StartDialOutResult = { session: { sessionId: 'abc' } };
 * call.startCalls[0]!.resolve(result);
 * ```
 */
export interface StartDialOutResult {
  /** The new dial-out session; daily-js may resolve without it. */
  session?: { sessionId: string };
}

/**
 * A recorded `startDialOut()` call.
 *
 * @example
 * ```ts
 * const pending: PendingStartCall = call.resolveStart('abc');
 * expect(pending.args).toEqual({ sipUri: 'sip:bob@example.com' });
 * ```
 */
export type PendingStartCall = PendingCall<DailyStartDialoutOptions, StartDialOutResult>;

/**
 * A recorded `stopDialOut()` call.
 *
 * @example
 * ```ts
 * const pending: PendingStopCall = call.resolveStop();
 * expect(pending.args).toEqual({ sessionId: 'abc' });
 * ```
 */
export type PendingStopCall = PendingCall<{ sessionId: string }, void>;

/**
 * A recorded `sendDTMF()` call.
 *
 * @example
 * ```ts
 * const pending: PendingDtmfCall = call.resolveDTMF();
 * expect(pending.args).toEqual({ sessionId: 'abc', tones: '12#' });
 * ```
 */
export type PendingDtmfCall = PendingCall<DailySendDtmfOptions, void>;

/**
 * How an auto-responder settles calls of one method (see
 * {@link FakeDailyCall.autoRespond}).
 *
 * @remarks
 * - `'resolve'`: resolve at once (for `startDialOut`, with a fresh unique
 *   sessionId such as `'fake-session-1'`).
 * - `{ reject: reason }`: reject at once with `reason`.
 * - a function: called synchronously with the recorded (copied) args; the call
 *   is resolved with what it returns, or with what its promise resolves with,
 *   and rejected with what it throws or its promise rejects with.
 *
 * @typeParam TArgs - The options object the method was called with.
 * @typeParam TResult - What the method's promise resolves with.
 *
 * @example
 * ```ts
 * const slowStart: AutoResponse<DailyStartDialoutOptions, StartDialOutResult> = async () => {
 *   await new Promise((r) => setTimeout(r, 10));
 *   return { session: { sessionId: 'late' } };
 * };
 * call.autoRespond({ start: slowStart });
 * ```
 */
export type AutoResponse<TArgs, TResult> =
  | 'resolve'
  | { readonly reject: unknown }
  | ((args: TArgs) => TResult | PromiseLike<TResult>);

/**
 * The configuration of {@link FakeDailyCall.autoRespond}: one optional
 * {@link AutoResponse} per method. A method without one is not auto-settled.
 *
 * @example
 * ```ts
 * call.autoRespond({ start: 'resolve', stop: 'resolve', dtmf: { reject: new Error('busy') } });
 * ```
 */
export interface AutoRespondConfig {
  /** How to settle `startDialOut()` calls. */
  start?: AutoResponse<DailyStartDialoutOptions, StartDialOutResult>;
  /** How to settle `stopDialOut()` calls. */
  stop?: AutoResponse<{ sessionId: string }, void>;
  /** How to settle `sendDTMF()` calls. */
  dtmf?: AutoResponse<DailySendDtmfOptions, void>;
}

/**
 * Options of the {@link FakeDailyCall} constructor.
 *
 * @example
 * ```ts
 * const call = new FakeDailyCall({ meetingState: 'new', callClientId: 'client-a' });
 * ```
 */
export interface FakeDailyCallOptions {
  /** The initial `meetingState()`. Default `'joined-meeting'`. */
  meetingState?: DailyMeetingState;
  /** The `callClientId` put in every emitted event object. Default a unique `'fake-call-client-<n>'`. */
  callClientId?: string;
}

type AnyHandler = (event: unknown) => void;

let nextCallClientNumber = 1;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Deep-copies plain objects and arrays (cycle-safe) and freezes the copies; keeps other values as they are. */
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
  // daily-js 0.92.2 builds "<method> only supported after join." (optionally
  // followed by more text), so the fake keeps that prefix after destroy too.
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

/**
 * A fake daily-js call object for tests: a {@link DailyCallLike} whose
 * dial-out methods are recorded and settled by the test, and whose events are
 * emitted by the test.
 *
 * @remarks
 * Mirrors `@daily-co/daily-js` 0.92.2:
 *
 * - **Events.** `on`/`off` follow Node `EventEmitter` semantics, as daily-js
 *   does: handlers run synchronously in registration order; registering the
 *   same handler twice registers it twice; `off` removes one registration (the
 *   most recent); a non-function handler throws a `TypeError`. Handlers
 *   receive `{ action: <event name>, callClientId, ...payload }`, the same
 *   object for every handler. The handler list is copied before delivery, so
 *   handlers added or removed during an emit take effect from the next one.
 *   If a handler throws, later handlers are not called (as in daily-js) and
 *   the error is rethrown from {@link FakeDailyCall.emit} (daily-js would only
 *   log it), so tests see it.
 * - **Meeting state.** `startDialOut()` and `sendDTMF()` return a promise that
 *   rejects with `Error("startDialOut() only supported after join.")` /
 *   `Error("sendDTMF() only supported after join.")` when `meetingState()` is
 *   not `'joined-meeting'`; `stopDialOut()` throws
 *   `Error("stopDialOut() only supported after join.")` synchronously. Such
 *   calls are not recorded. After {@link FakeDailyCall.destroy} the three
 *   methods always fail this way, with `" This call object was destroyed."`
 *   appended to the message.
 * - **Dial-out methods.** Each accepted call is recorded as a
 *   {@link PendingCall} in {@link FakeDailyCall.startCalls},
 *   {@link FakeDailyCall.stopCalls} or {@link FakeDailyCall.dtmfCalls}, and
 *   its promise stays pending until the test settles it (or an auto-responder
 *   does; see {@link FakeDailyCall.autoRespond}). daily-js's argument checks
 *   (codec arrays, DTMF tones, …) are not mirrored: every options value is
 *   accepted and recorded.
 *
 * The fake never emits `dialout-*` events by itself: use
 * {@link FakeDailyCall.emit} (with {@link dialOutEvent} for realistic
 * payloads). It depends on no test framework and no Node-only API.
 *
 * @example
 * ```ts
 * import { FakeDailyCall, dialOutEvent } from 'daily-dialout-machine/testing';
 *
 * it('reports an answered dial-out', async () => {
 *   const call = new FakeDailyCall();
 *   const manager = createDialOutManager(call);
 *   const session = manager.start({ phoneNumber: '+15555550100' });
 *
 *   call.resolveStart('session-1');
 *   await Promise.resolve();
 *   call.emit('dialout-connected', dialOutEvent('dialout-connected', { sessionId: 'session-1' }));
 *   call.emit('dialout-answered', dialOutEvent('dialout-answered', { sessionId: 'session-1' }));
 *
 *   expect(session.snapshot.status).toBe('answered');
 * });
 * ```
 */
export class FakeDailyCall implements DailyCallLike {
  /**
   * The `callClientId` put in every event object {@link FakeDailyCall.emit}
   * delivers (and by {@link FakeDailyCall.leave} / {@link FakeDailyCall.destroy}).
   */
  readonly callClientId: string;

  readonly #handlers = new Map<string, AnyHandler[]>();
  readonly #startCalls: PendingCallRecord<DailyStartDialoutOptions, StartDialOutResult>[] = [];
  readonly #stopCalls: PendingCallRecord<{ sessionId: string }, void>[] = [];
  readonly #dtmfCalls: PendingCallRecord<DailySendDtmfOptions, void>[] = [];
  readonly #sessionIds: string[] = [];
  #meetingState: DailyMeetingState;
  #destroyed = false;
  #auto: AutoRespondConfig = {};
  #nextSessionNumber = 1;

  /**
   * Makes a fake call object.
   *
   * @param options - Initial meeting state (default `'joined-meeting'`) and
   * `callClientId` (default a unique `'fake-call-client-<n>'`).
   *
   * @example
   * ```ts
   * const call = new FakeDailyCall({ meetingState: 'joining-meeting' });
   * expect(call.meetingState()).toBe('joining-meeting');
   * ```
   */
  constructor(options: FakeDailyCallOptions = {}) {
    this.#meetingState = options.meetingState ?? 'joined-meeting';
    this.callClientId = options.callClientId ?? `fake-call-client-${nextCallClientNumber++}`;
  }

  // ---------------------------------------------------------------------------
  // DailyCallLike
  // ---------------------------------------------------------------------------

  /**
   * Registers `handler` for `event` (daily-js's `call.on`).
   *
   * @remarks
   * Node `EventEmitter` semantics: registering the same handler twice makes it
   * run twice per event.
   *
   * @param event - The daily-js event name.
   * @param handler - Called synchronously with the event object.
   * @returns This fake. It is typed as also being a `DailyCall` only so that the
   * class satisfies {@link DailyCallLike}; just the members of this class exist.
   * @throws `TypeError` when `handler` is not a function (as daily-js).
   *
   * @example
   * ```ts
   * const handler = vi.fn();
   * call.on('dialout-stopped', handler);
   * call.emit('dialout-stopped', { sessionId: 'abc' });
   * expect(handler).toHaveBeenCalledWith({ action: 'dialout-stopped', callClientId: call.callClientId, sessionId: 'abc' });
   * ```
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
   * Removes one registration of `handler` for `event` (daily-js's `call.off`).
   *
   * @remarks
   * Node `EventEmitter` semantics: when the handler is registered more than
   * once, the most recent registration is removed; an unknown handler is
   * ignored.
   *
   * @param event - The daily-js event name.
   * @param handler - A handler given to {@link FakeDailyCall.on}.
   * @returns This fake (typed as in {@link FakeDailyCall.on}).
   * @throws `TypeError` when `handler` is not a function (as daily-js).
   *
   * @example
   * ```ts
   * call.on('left-meeting', handler).on('left-meeting', handler);
   * call.off('left-meeting', handler);
   * expect(call.listenerCount('left-meeting')).toBe(1);
   * ```
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

  /**
   * The current meeting state (daily-js's `call.meetingState()`).
   *
   * @returns `'joined-meeting'` unless changed by the constructor options,
   * {@link FakeDailyCall.setMeetingState}, {@link FakeDailyCall.leave} or
   * {@link FakeDailyCall.destroy}.
   *
   * @example
   * ```ts
   * call.leave();
   * expect(call.meetingState()).toBe('left-meeting');
   * ```
   */
  meetingState(): DailyMeetingState {
    return this.#meetingState;
  }

  /**
   * Records a `startDialOut()` call in {@link FakeDailyCall.startCalls}.
   *
   * @remarks
   * The promise stays pending until the test settles it
   * ({@link FakeDailyCall.resolveStart}, {@link FakeDailyCall.rejectStart},
   * the {@link PendingCall}, or an auto-responder).
   *
   * @param options - daily-js's start options; a copy is recorded.
   * @returns A promise of `{ session?: { sessionId } }`.
   * @throws Rejects (never throws) with
   * `Error("startDialOut() only supported after join.")` when not in
   * `'joined-meeting'` or after {@link FakeDailyCall.destroy}; such calls are
   * not recorded.
   *
   * @example
   * ```ts
   * const promise = call.startDialOut({ sipUri: 'sip:bob@example.com' });
   * call.rejectStart('DIALOUT_IN_PROGRESS');
   * await expect(promise).rejects.toBe('DIALOUT_IN_PROGRESS');
   * ```
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
   * Records a `stopDialOut()` call in {@link FakeDailyCall.stopCalls}.
   *
   * @param options - `{ sessionId }`; a copy is recorded.
   * @returns A promise that stays pending until the test settles it.
   * @throws `Error("stopDialOut() only supported after join.")`,
   * synchronously (as daily-js), when not in `'joined-meeting'` or after
   * {@link FakeDailyCall.destroy}; such calls are not recorded.
   *
   * @example
   * ```ts
   * const promise = call.stopDialOut({ sessionId: 'abc' });
   * call.resolveStop();
   * await expect(promise).resolves.toBeUndefined();
   * ```
   */
  stopDialOut(options: { sessionId: string }): Promise<void> {
    if (!this.#isJoined()) throw notJoinedError('stopDialOut()', this.#destroyed);
    const record = new PendingCallRecord<{ sessionId: string }, void>(options);
    this.#stopCalls.push(record);
    this.#applyAuto(record, this.#auto.stop, () => undefined);
    return record.promise;
  }

  /**
   * Records a `sendDTMF()` call in {@link FakeDailyCall.dtmfCalls}.
   *
   * @param options - daily-js's DTMF options; a copy is recorded. Tones are
   * not validated.
   * @returns A promise that stays pending until the test settles it.
   * @throws Rejects (never throws) with
   * `Error("sendDTMF() only supported after join.")` when not in
   * `'joined-meeting'` or after {@link FakeDailyCall.destroy}; such calls are
   * not recorded.
   *
   * @example
   * ```ts
   * const promise = call.sendDTMF({ sessionId: 'abc', tones: '1#' });
   * call.rejectDTMF(new Error('no such session'));
   * await expect(promise).rejects.toThrow('no such session');
   * ```
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

  // ---------------------------------------------------------------------------
  // Recorded calls
  // ---------------------------------------------------------------------------

  /**
   * Every recorded `startDialOut()` call, oldest first (settled ones included).
   *
   * @example
   * ```ts
   * void call.startDialOut({ phoneNumber: '+15555550100' });
   * expect(call.startCalls).toHaveLength(1);
   * expect(call.startCalls[0]!.settled).toBe(false);
   * ```
   */
  get startCalls(): readonly PendingStartCall[] {
    return this.#startCalls.slice();
  }

  /**
   * Every recorded `stopDialOut()` call, oldest first (settled ones included).
   *
   * @example
   * ```ts
   * void call.stopDialOut({ sessionId: 'abc' });
   * expect(call.stopCalls[0]!.args).toEqual({ sessionId: 'abc' });
   * ```
   */
  get stopCalls(): readonly PendingStopCall[] {
    return this.#stopCalls.slice();
  }

  /**
   * Every recorded `sendDTMF()` call, oldest first (settled ones included).
   *
   * @example
   * ```ts
   * void call.sendDTMF({ sessionId: 'abc', tones: '9' });
   * expect(call.dtmfCalls.map((c) => c.args.tones)).toEqual(['9']);
   * ```
   */
  get dtmfCalls(): readonly PendingDtmfCall[] {
    return this.#dtmfCalls.slice();
  }

  /**
   * Every sessionId a `startDialOut()` call was resolved with, in order,
   * however it was resolved ({@link FakeDailyCall.resolveStart},
   * {@link PendingCall.resolve} or an auto-responder).
   *
   * @example
   * ```ts
   * call.autoRespond({ start: 'resolve' });
   * await call.startDialOut({ phoneNumber: '+15555550100' });
   * expect(call.dialOutSessionIds).toEqual(['fake-session-1']);
   * ```
   */
  get dialOutSessionIds(): readonly string[] {
    return this.#sessionIds.slice();
  }

  // ---------------------------------------------------------------------------
  // Settling
  // ---------------------------------------------------------------------------

  /**
   * Resolves the oldest unsettled `startDialOut()` call.
   *
   * @param sessionId - Resolve with `{ session: { sessionId } }`; when `null`
   * or omitted, resolve with `{}` (no session, which daily-js allows).
   * @returns The settled call.
   * @throws `Error` when no `startDialOut()` call is pending.
   *
   * @example
   * ```ts
   * const promise = call.startDialOut({ phoneNumber: '+15555550100' });
   * call.resolveStart('session-1');
   * await expect(promise).resolves.toEqual({ session: { sessionId: 'session-1' } });
   * ```
   */
  resolveStart(sessionId?: string | null): PendingStartCall {
    const record = oldestPending(this.#startCalls, 'resolveStart', 'startDialOut()');
    record.resolve(sessionId == null ? {} : { session: { sessionId } });
    return record;
  }

  /**
   * Rejects the oldest unsettled `startDialOut()` call.
   *
   * @param reason - What to reject with; daily-js uses the bare strings
   * `'NOT_ALLOWED'`, `'DIALOUT_IN_PROGRESS'` and `'TEMPORARILY_NOT_AVAILABLE'`.
   * @returns The settled call.
   * @throws `Error` when no `startDialOut()` call is pending.
   *
   * @example
   * ```ts
   * const promise = call.startDialOut({ phoneNumber: '+15555550100' });
   * call.rejectStart('TEMPORARILY_NOT_AVAILABLE');
   * await expect(promise).rejects.toBe('TEMPORARILY_NOT_AVAILABLE');
   * ```
   */
  rejectStart(reason: unknown): PendingStartCall {
    const record = oldestPending(this.#startCalls, 'rejectStart', 'startDialOut()');
    record.reject(reason);
    return record;
  }

  /**
   * Resolves the oldest unsettled `stopDialOut()` call.
   *
   * @returns The settled call.
   * @throws `Error` when no `stopDialOut()` call is pending.
   *
   * @example
   * ```ts
   * const promise = call.stopDialOut({ sessionId: 'abc' });
   * expect(call.resolveStop().args).toEqual({ sessionId: 'abc' });
   * await promise;
   * ```
   */
  resolveStop(): PendingStopCall {
    const record = oldestPending(this.#stopCalls, 'resolveStop', 'stopDialOut()');
    record.resolve();
    return record;
  }

  /**
   * Rejects the oldest unsettled `stopDialOut()` call.
   *
   * @param reason - What to reject with.
   * @returns The settled call.
   * @throws `Error` when no `stopDialOut()` call is pending.
   *
   * @example
   * ```ts
   * const promise = call.stopDialOut({ sessionId: 'abc' });
   * call.rejectStop(new Error('unknown session'));
   * await expect(promise).rejects.toThrow('unknown session');
   * ```
   */
  rejectStop(reason: unknown): PendingStopCall {
    const record = oldestPending(this.#stopCalls, 'rejectStop', 'stopDialOut()');
    record.reject(reason);
    return record;
  }

  /**
   * Resolves the oldest unsettled `sendDTMF()` call.
   *
   * @returns The settled call.
   * @throws `Error` when no `sendDTMF()` call is pending.
   *
   * @example
   * ```ts
   * const promise = call.sendDTMF({ sessionId: 'abc', tones: '1' });
   * call.resolveDTMF();
   * await expect(promise).resolves.toBeUndefined();
   * ```
   */
  resolveDTMF(): PendingDtmfCall {
    const record = oldestPending(this.#dtmfCalls, 'resolveDTMF', 'sendDTMF()');
    record.resolve();
    return record;
  }

  /**
   * Rejects the oldest unsettled `sendDTMF()` call.
   *
   * @param reason - What to reject with.
   * @returns The settled call.
   * @throws `Error` when no `sendDTMF()` call is pending.
   *
   * @example
   * ```ts
   * const promise = call.sendDTMF({ sessionId: 'abc', tones: '1' });
   * call.rejectDTMF(new Error('not answered'));
   * await expect(promise).rejects.toThrow('not answered');
   * ```
   */
  rejectDTMF(reason: unknown): PendingDtmfCall {
    const record = oldestPending(this.#dtmfCalls, 'rejectDTMF', 'sendDTMF()');
    record.reject(reason);
    return record;
  }

  /**
   * Settles later `startDialOut()` / `stopDialOut()` / `sendDTMF()` calls
   * automatically.
   *
   * @remarks
   * Replaces any previous configuration; `autoRespond({})` turns it off. Calls
   * already pending are not touched. Auto-settled calls are still recorded.
   * See {@link AutoResponse} for the forms: `'resolve'` settles synchronously
   * inside the method call (a `startDialOut()` gets a fresh unique sessionId,
   * `'fake-session-<n>'`, skipping ids already in
   * {@link FakeDailyCall.dialOutSessionIds}); `{ reject }` rejects at once; a
   * function decides per call. Calls refused because the call is not joined
   * are never auto-settled (they fail as described on the methods).
   *
   * @param config - One optional {@link AutoResponse} per method.
   * @returns Nothing.
   *
   * @example
   * ```ts
   * call.autoRespond({
   *   start: (args) => ('phoneNumber' in args ? { session: { sessionId: 'pstn-1' } } : Promise.reject('NOT_ALLOWED')),
   *   stop: 'resolve',
   * });
   * await expect(call.startDialOut({ phoneNumber: '+15555550100' })).resolves.toEqual({
   *   session: { sessionId: 'pstn-1' },
   * });
   * ```
   */
  autoRespond(config: AutoRespondConfig): void {
    this.#auto = { ...config };
  }

  // ---------------------------------------------------------------------------
  // Meeting state and events
  // ---------------------------------------------------------------------------

  /**
   * Sets what {@link FakeDailyCall.meetingState} returns.
   *
   * @remarks
   * Emits nothing; emit the matching event yourself if the code under test
   * needs it. After {@link FakeDailyCall.destroy} the state still changes, but
   * the dial-out methods keep failing.
   *
   * @param state - The new meeting state.
   * @returns Nothing.
   *
   * @example
   * ```ts
   * call.setMeetingState('joining-meeting');
   * await expect(call.startDialOut({ phoneNumber: '+15555550100' })).rejects.toThrow(
   *   'startDialOut() only supported after join.',
   * );
   * ```
   */
  setMeetingState(state: DailyMeetingState): void {
    this.#meetingState = state;
  }

  /**
   * Delivers `{ action: event, callClientId, ...payload }` synchronously to every
   * handler registered for `event`, in registration order.
   *
   * @remarks
   * One object is made per emit and given to every handler. The payload is
   * spread last, so a payload holding `action` or `callClientId` overrides
   * them (daily-js never does that; use it only on purpose). Use
   * {@link FakeDailyCall.emitRaw} to deliver a value that is not an object.
   *
   * @param event - The event name.
   * @param payload - The event's fields (e.g. from {@link dialOutEvent}).
   * @returns Nothing.
   * @throws What a handler throws; later handlers are then not called.
   *
   * @example
   * ```ts
   * call.emit('dialout-error', dialOutEvent('dialout-error', { sessionId: 'abc', errorMsg: 'busy' }));
   * ```
   */
  emit(event: DailyEvent | (string & {}), payload?: object): void {
    this.emitRaw(event, { action: event, callClientId: this.callClientId, ...payload });
  }

  /**
   * Delivers `value` exactly as given to every handler registered for `event`.
   *
   * @remarks
   * For malformed-payload tests (strings, `null`, arrays, objects without
   * `action`); daily-js itself always delivers an object.
   *
   * @param event - The event name.
   * @param value - What each handler receives.
   * @returns Nothing.
   * @throws What a handler throws; later handlers are then not called.
   *
   * @example
   * ```ts
   * call.emitRaw('dialout-connected', null);
   * call.emitRaw('dialout-stopped', 'not an object');
   * ```
   */
  emitRaw(event: DailyEvent | (string & {}), value: unknown): void {
    const list = this.#handlers.get(event);
    if (!list) return;
    for (const handler of list.slice()) handler(value);
  }

  /**
   * Leaves the meeting, as daily-js's `call.leave()` does once the call
   * machine confirmed it.
   *
   * @remarks
   * Sets the meeting state to `'left-meeting'`, then emits `left-meeting`.
   * Like daily-js, does nothing when the state is already `'left-meeting'` or
   * `'error'`. Pending dial-out calls stay pending.
   *
   * @returns Nothing.
   * @throws What a `left-meeting` handler throws.
   *
   * @example
   * ```ts
   * const handler = vi.fn();
   * call.on('left-meeting', handler);
   * call.leave();
   * expect(handler).toHaveBeenCalledWith({ action: 'left-meeting', callClientId: call.callClientId });
   * ```
   */
  leave(): void {
    if (this.#meetingState === 'left-meeting' || this.#meetingState === 'error') return;
    this.#meetingState = 'left-meeting';
    this.emit('left-meeting');
  }

  /**
   * Destroys the call object, as daily-js's `call.destroy()` does.
   *
   * @remarks
   * Runs {@link FakeDailyCall.leave} (so `left-meeting` is emitted first when
   * the call had not left; the state ends `'left-meeting'` unless it was
   * `'error'`), then emits `call-instance-destroyed`. Afterwards
   * `startDialOut()`/`sendDTMF()` reject and `stopDialOut()` throws an `Error`
   * whose message starts with daily-js's "… only supported after join." and
   * ends with "This call object was destroyed.". Handlers stay registered.
   * A second call does nothing.
   *
   * @returns Nothing.
   * @throws What a `left-meeting` or `call-instance-destroyed` handler throws.
   *
   * @example
   * ```ts
   * const order: string[] = [];
   * call.on('left-meeting', () => order.push('left'));
   * call.on('call-instance-destroyed', () => order.push('destroyed'));
   * call.destroy();
   * expect(order).toEqual(['left', 'destroyed']);
   * expect(call.isDestroyed()).toBe(true);
   * ```
   */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.leave();
    this.emit('call-instance-destroyed');
  }

  /**
   * Whether {@link FakeDailyCall.destroy} was called (daily-js's `call.isDestroyed()`).
   *
   * @returns `true` after `destroy()`.
   *
   * @example
   * ```ts
   * call.destroy();
   * expect(call.isDestroyed()).toBe(true);
   * ```
   */
  isDestroyed(): boolean {
    return this.#destroyed;
  }

  /**
   * Counts handler registrations.
   *
   * @param event - One event name; omit to count across all events.
   * @returns The number of registrations (a handler registered twice counts twice).
   *
   * @example
   * ```ts
   * manager.dispose();
   * expect(call.listenerCount()).toBe(0);
   * ```
   */
  listenerCount(event?: string): number {
    if (event !== undefined) return this.#handlers.get(event)?.length ?? 0;
    let total = 0;
    for (const list of this.#handlers.values()) total += list.length;
    return total;
  }

  /**
   * The handlers registered for `event`, in registration order (a copy).
   *
   * @param event - The event name.
   * @returns The handlers; one entry per registration.
   *
   * @example
   * ```ts
   * call.on('dialout-warning', handler);
   * expect(call.listeners('dialout-warning')).toEqual([handler]);
   * ```
   */
  listeners(event: string): readonly Function[] {
    return this.#handlers.get(event)?.slice() ?? [];
  }

  // ---------------------------------------------------------------------------
  // Internals
  // ---------------------------------------------------------------------------

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

function oldestPending<TArgs, TResult>(
  records: readonly PendingCallRecord<TArgs, TResult>[],
  control: string,
  method: string,
): PendingCallRecord<TArgs, TResult> {
  const record = records.find((r) => !r.settled);
  if (!record) {
    throw new Error(
      `FakeDailyCall.${control}(): no pending ${method} call to settle ` +
        `(${records.length} recorded, all settled). Did the code under test call ${method}?`,
    );
  }
  return record;
}

// -----------------------------------------------------------------------------
// dialOutEvent
// -----------------------------------------------------------------------------

/**
 * The daily-js event object type of each `dialout-*` event.
 *
 * @example
 * ```ts
 * type Connected = DialOutEventObjects['dialout-connected']; // DailyEventObjectDialOutConnected
 * ```
 */
export interface DialOutEventObjects {
  'dialout-connected': DailyEventObjectDialOutConnected;
  'dialout-answered': DailyEventObjectDialOutAnswered;
  'dialout-stopped': DailyEventObjectDialOutStopped;
  'dialout-error': DailyEventObjectDialOutError;
  'dialout-warning': DailyEventObjectDialOutWarning;
}

/**
 * The fields {@link dialOutEvent} takes for event `T`: the event's own fields
 * (required ones stay required: `sessionId` for connected/answered/stopped,
 * `errorMsg` for error/warning), with `provider` and `sipCallId` optional.
 *
 * @typeParam T - A `dialout-*` event name.
 *
 * @example
 * ```ts
 * const fields: DialOutEventFields<'dialout-error'> = { sessionId: 'abc', errorMsg: 'busy' };
 * ```
 */
export type DialOutEventFields<T extends DialOutEventType> = Omit<
  DialOutEventObjects[T],
  'action' | 'callClientId' | 'provider' | 'sipCallId'
> & { provider?: string; sipCallId?: string };

/**
 * What {@link dialOutEvent} returns for event `T`: daily-js's event object
 * without `callClientId` (which {@link FakeDailyCall.emit} adds).
 *
 * @typeParam T - A `dialout-*` event name.
 *
 * @example
 * ```ts
 * const payload: DialOutEventPayload<'dialout-stopped'> = dialOutEvent('dialout-stopped', { sessionId: 'abc' });
 * ```
 */
export type DialOutEventPayload<T extends DialOutEventType> = Omit<
  DialOutEventObjects[T],
  'callClientId'
>;

/**
 * Builds a realistic `dialout-*` event payload for {@link FakeDailyCall.emit}.
 *
 * @remarks
 * Pure: returns a new object and emits nothing. It holds `action: type`,
 * `provider: 'signalwire'` and, for `dialout-connected` and
 * `dialout-answered` with a string `sessionId`,
 * `sipCallId: 'fake-sip-call-<sessionId>'`, then
 * `fields` (which override those defaults). A field given as `undefined` is
 * left out, e.g. `{ sipCallId: undefined }` for an event without a SIP
 * Call-ID.
 *
 * @param type - The `dialout-*` event name.
 * @param fields - The event's fields; see {@link DialOutEventFields}.
 * @returns The payload, without `callClientId`.
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
