/** The emulator's typed control API: scripts the remote side of one daily-js call client. Browser-safe. */
import type { DailyFatalErrorType } from '@daily-co/daily-js';
import {
  EMULATOR_GLOBAL,
  EMULATOR_PROTOCOL,
  EMULATED_DAILY_JS_VERSIONS,
  ensureClientRecord,
  ensureRegistry,
  type EmulatorClientRecord,
  type EmulatorDecision,
  type EmulatorRegistry,
  type EmulatorRequest,
  type EmulatorSessionRecord,
} from './protocol.js';
import type { EmulatorScenario, EmulatorScenarioStep } from './scenarios.js';

/** The events {@link EmulatorController.emit} can post to daily-js. */
export type EmulatorEventName =
  | 'dialout-connected'
  | 'dialout-answered'
  | 'dialout-stopped'
  | 'dialout-error'
  | 'dialout-warning'
  | 'dtmf-event'
  | 'participant-joined'
  | 'participant-left';

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
  'participant-left': { participant: EmulatorParticipantFields };
}

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
}

/**
 * Scripts the remote side of one daily-js call client; made by {@link createEmulatorController}. Each request is
 * decided by, in order: a queued {@link EmulatorController.failNext}; the {@link EmulatorController.respond} script;
 * for `dialout-start`, the {@link EmulatorController.play} scenario; else the bundle's default. After `dispose()`
 * every method but `dispose` throws (`waitFor` rejects).
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
  /** The dial-outs the emulator answered `dialout-start` for, oldest first. */
  readonly sessions: readonly EmulatorSessionRecord[];
  /**
   * Posts an event to daily-js as the call machine would; daily-js delivers it to `call.on(event)` handlers
   * asynchronously (`postMessage`). A `dialout-*` event with a `sessionId` the emulator issued gets the fields its
   * daily-js type lists and the payload lacks (`provider`, `sipCallId`, `destination`, `userId`, `callerId`);
   * `participant-joined` gets `participant.tracks = {}` if missing.
   *
   * @throws Error before daily-js loaded the bundle for this call client or once it destroyed it; TypeError for a
   * payload that is not an object, or a participant without `session_id`.
   *
   * @example
   * ```ts
   * emulator.emit('dialout-answered', { sessionId });
   * emulator.emit('dialout-error', { errorMsg: 'SIP 503' }); // no sessionId
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
   * `'join-meeting'`) reject with `error` exactly (Daily's dial-out codes are bare strings). Calls queue up; this comes
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
   * its session, `leave-meeting`, {@link EmulatorController.fatal}, destruction of the call object and `dispose()`;
   * events emitted by hand do not stop it. After its `gone` step, a `dialout-stop` for its session is rejected with
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
   * daily-js's `call.participants()`. Dial-outs do not join as participants by themselves: add one with the
   * dial-out's `sessionId` as `session_id` to emulate Daily's dialed participant.
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
   * Stops scripting, idempotently: cancels running scenarios, rejects pending `waitFor`s, unhooks from the bundle (which
   * falls back to its defaults, forgetting the room set with `setLocalParticipant`, `addParticipant` and
   * `setRoomConfig`, without posting anything) and, if daily-js already destroyed the call client, drops its record (so
   * destroy first).
   */
  dispose(): void;
}

interface Run {
  readonly request: EmulatorRequest;
  readonly sessionId: string | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  done: boolean;
}

interface Waiter {
  readonly action: string;
  readonly index: number;
  readonly resolve: (request: EmulatorRequest) => void;
  readonly reject: (error: Error) => void;
  readonly timer: ReturnType<typeof setTimeout> | undefined;
}

const DEFAULT_WAIT_MS = 2000;

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
      else if (typeof step.event !== 'string' || !step.event.startsWith('dialout-')) {
        throw new TypeError(`play(): a step of scenario '${String(scenario.name)}' needs a reply, a dialout-* event or gone`);
      }
    }
    if (replies > 1) throw new TypeError(`play(): scenario '${String(scenario.name)}' answers dialout-start more than once`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
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
  }

  function runStep(run: Run, step: EmulatorScenarioStep): void {
    if ('reply' in step) {
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
    const payload: Record<string, unknown> = {};
    if (step.withSessionId !== false && run.sessionId !== undefined) payload.sessionId = run.sessionId;
    Object.assign(payload, step.fields);
    record.send?.(step.event, payload, true);
  }

  function advance(run: Run, steps: readonly EmulatorScenarioStep[], index: number): void {
    let i = index;
    while (!run.done && i < steps.length) {
      const step = steps[i] as EmulatorScenarioStep;
      if (step.afterMs === Number.POSITIVE_INFINITY) break;
      if (step.afterMs > 0) {
        const next = i;
        run.timer = setTimeout(() => {
          run.timer = undefined;
          if (run.done) return;
          if (disposed || record.destroyed || !isAlive()) {
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
    const run: Run = { request, sessionId: session?.sessionId, timer: undefined, done: false };
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
            if (!disposed && !record.destroyed) apply(request, answer);
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
    if (request.action === 'dialout-stop') {
      const sessionId = request.payload.sessionId;
      for (const run of [...runs]) if (run.sessionId !== undefined && run.sessionId === sessionId && !gone.has(run.sessionId)) stopRun(run);
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
    emit(event, payload) {
      assertAttached('emit');
      if (payload === null || typeof payload !== 'object') throw new TypeError('emulator.emit(): payload must be an object');
      if ((event === 'participant-joined' || event === 'participant-left') && typeof (payload as { participant?: { session_id?: unknown } }).participant?.session_id !== 'string') {
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
      if (record.handler === handler) record.handler = undefined;
      const at = record.observers.indexOf(observe);
      if (at >= 0) record.observers.splice(at, 1);
      if (record.destroyed || (record.attached && !isAlive())) delete registry.clients[callClientId];
    },
  };
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
