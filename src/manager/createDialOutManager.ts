/**
 * `createDialOutManager`: the façade over the manager machine, with RxJS
 * streams and a `getSnapshot()` / `subscribe()` pair.
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import { BehaviorSubject, Observable, Subject, skip } from 'rxjs';
import { type Actor, createActor } from 'xstate';
import { createDailyActors } from '../bridge/dailyActors.js';
import { DialOutStateError, DialOutValidationError } from '../errors.js';
import { type DialOutSessionActorRef, dialOutManagerMachine } from '../machine/managerMachine.js';
import type { DialOutManagerEmitted } from './correlation.js';
import { resolveManagerOptions } from './options.js';
import {
  EMPTY_MANAGER_SNAPSHOT,
  isFinalStatus,
  sameSessionSnapshot,
  toManagerSnapshot,
  toSessionSnapshot,
} from './sessionSnapshot.js';
import { createStateStreams } from '../streams/stateStreams.js';
import { parseStartDialOutOptions } from '../validation/startDialOutOptions.js';
import { parseDtmfTones } from '../validation/dtmf.js';
import { parseDialOutWebhook } from '../webhook/parse.js';
import { webhookToDialOutFields } from '../webhook/fields.js';
import type { DialOutWebhookEvent } from '../webhook/types.js';
import type {
  DailyCallLike,
  DialOutError,
  DialOutEvent,
  DialOutManager,
  DialOutManagerOptions,
  DialOutManagerSnapshot,
  DialOutSession,
  DialOutSessionSnapshot,
  DialOutWarning,
} from '../types.js';

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
}

/** Book-keeping of one session on the façade side. */
interface SessionBox {
  readonly id: string;
  ref: DialOutSessionActorRef | undefined;
  subscription: { unsubscribe(): void } | undefined;
  snapshot: DialOutSessionSnapshot;
  final: boolean;
  readonly subject: BehaviorSubject<DialOutSessionSnapshot>;
  readonly done: Promise<DialOutSessionSnapshot>;
  resolveDone(snapshot: DialOutSessionSnapshot): void;
  stopWaiters: Waiter[];
  readonly handle: DialOutSession;
}

const CALL_METHODS = ['on', 'off', 'startDialOut', 'stopDialOut', 'sendDTMF', 'meetingState'] as const;

/**
 * Creates the observable model of every dial-out of a Daily call.
 *
 * @remarks
 * Listens to the call's `dialout-connected`, `dialout-answered`,
 * `dialout-stopped`, `dialout-error`, `dialout-warning`, `left-meeting` and
 * `call-instance-destroyed` events (Daily's "Telephony events" page) and
 * runs one {@link dialOutSessionMachine} actor per dial-out, whether started
 * here with {@link DialOutManager.start} or by someone else in the room
 * (`initiator: 'remote'`). Events that arrive late, twice, out of order or
 * without a `sessionId` never move a session backwards and are never
 * dropped: each is reported on `events$`.
 *
 * @param call - A daily-js call object (`Daily.createCallObject()`), or
 * anything with its `on`, `off`, `startDialOut`, `stopDialOut`, `sendDTMF`
 * and `meetingState` methods (see `FakeDailyCall` in
 * `daily-dialout-machine/testing`).
 * @param options - Timers (ms), retry policy, remote tracking, retention,
 * clock and inspector; see {@link DialOutManagerOptions}.
 * @returns The {@link DialOutManager}. Call `dispose()` when done.
 * @throws {@link DialOutValidationError} when `call` lacks a method or an option is invalid.
 *
 * @example
 * ```ts
 * import Daily from '@daily-co/daily-js';
 * import { createDialOutManager } from 'daily-dialout-machine';
 *
 * const call = Daily.createCallObject();
 * await call.join({ url: 'https://your-domain.daily.co/room', token });
 * const manager = createDialOutManager(call, { ringTimeoutMs: 45_000 });
 *
 * manager.status$.subscribe((status) => console.log('dial-out:', status));
 * const session = manager.start({ phoneNumber: '+12268077097' });
 * const final = await session.done;
 * console.log(final.outcome, final.durationMs);
 * manager.dispose();
 * ```
 */
export function createDialOutManager(call: DailyCallLike, options?: DialOutManagerOptions): DialOutManager {
  if (call === null || typeof call !== 'object') {
    throw new DialOutValidationError([{ path: 'call', message: 'must be a daily-js call object' }], 'createDialOutManager arguments');
  }
  const missing = CALL_METHODS.filter((m) => typeof (call as unknown as Record<string, unknown>)[m] !== 'function');
  if (missing.length > 0) {
    throw new DialOutValidationError(
      missing.map((m) => ({ path: `call.${m}`, message: 'must be a function (a daily-js DailyCall method)' })),
      'createDialOutManager arguments',
    );
  }
  const resolved = resolveManagerOptions(options);
  const now = resolved.input.now ?? Date.now;
  const logic = dialOutManagerMachine.provide({ actors: createDailyActors(call, { starter: resolved.starter }) });
  const actor = createActor(logic, {
    input: resolved.input,
    ...(resolved.inspect ? { inspect: resolved.inspect } : {}),
  });

  const state$ = new BehaviorSubject<DialOutManagerSnapshot>(EMPTY_MANAGER_SNAPSHOT);
  const events$ = new Subject<DialOutEvent>();
  const warnings$ = new Subject<DialOutWarning>();
  const errors$ = new Subject<DialOutError>();
  const boxes = new Map<string, SessionBox>();
  const dtmfWaiters = new Map<string, Waiter>();
  let localCount = 0;
  let dtmfCount = 0;
  let disposed = false;
  let syncing = false;
  let dirty = false;

  function box(id: string, provisional?: () => DialOutSessionSnapshot): SessionBox {
    let b = boxes.get(id);
    if (b) return b;
    const initial =
      provisional?.() ??
      Object.freeze({ id, status: 'idle', initiator: 'local', attempt: 0, warnings: Object.freeze([]), createdAt: now() });
    let resolveDone!: (s: DialOutSessionSnapshot) => void;
    const done = new Promise<DialOutSessionSnapshot>((resolve) => {
      resolveDone = resolve;
    });
    const subject = new BehaviorSubject<DialOutSessionSnapshot>(initial);
    const fields: Omit<SessionBox, 'handle'> = {
      id,
      ref: undefined,
      subscription: undefined,
      snapshot: initial,
      final: false,
      subject,
      done,
      resolveDone,
      stopWaiters: [],
    };
    const created: SessionBox = Object.assign(fields, { handle: makeHandle(fields) });
    boxes.set(id, created);
    return created;
  }

  function makeHandle(b: Omit<SessionBox, 'handle'>): DialOutSession {
    const snapshot$ = new Observable<DialOutSessionSnapshot>((subscriber) => {
      if (b.final || b.subject.closed || b.subject.isStopped) {
        subscriber.next(b.snapshot);
        subscriber.complete();
        return undefined;
      }
      return b.subject.subscribe(subscriber);
    });
    return Object.freeze({
      id: b.id,
      get sessionId() {
        return b.snapshot.sessionId;
      },
      get snapshot() {
        return b.snapshot;
      },
      snapshot$,
      done: b.done,
      stop: () => stopSession(b),
      sendDTMF: (tones: string) => sendDtmf(b, tones),
    });
  }

  function stopSession(b: Omit<SessionBox, 'handle'>): Promise<void> {
    if (b.final || disposed) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      b.stopWaiters.push({ resolve, reject });
      actor.send({ type: 'stop', id: b.id });
    });
  }

  function sendDtmf(b: Omit<SessionBox, 'handle'>, tones: string): Promise<void> {
    let parsed: string;
    try {
      parsed = parseDtmfTones(tones);
    } catch (err) {
      return Promise.reject(err);
    }
    if (disposed) return Promise.reject(new DialOutStateError('sendDTMF(): the manager is disposed'));
    if (b.snapshot.status !== 'answered') {
      return Promise.reject(
        new DialOutStateError(`sendDTMF() needs an answered session; ${b.id} is '${b.snapshot.status}'`),
      );
    }
    dtmfCount += 1;
    const requestId = `${b.id}-dtmf-${dtmfCount}`;
    return new Promise<void>((resolve, reject) => {
      dtmfWaiters.set(requestId, { resolve, reject });
      actor.send({ type: 'dtmf.send', id: b.id, tones: parsed, requestId });
    });
  }

  /** Reads the actors and publishes what changed. Re-entrant calls are folded into the running one. */
  function sync(): void {
    if (syncing) {
      dirty = true;
      return;
    }
    syncing = true;
    try {
      do {
        dirty = false;
        syncOnce();
      } while (dirty);
    } finally {
      syncing = false;
    }
  }

  function syncOnce(): void {
    const context = actor.getSnapshot().context;
    const pendingWarnings: DialOutWarning[] = [];
    const pendingErrors: DialOutError[] = [];
    const finished: SessionBox[] = [];
    const list: DialOutSessionSnapshot[] = [];
    for (const id of context.order) {
      const ref = context.sessions[id];
      if (!ref) continue;
      const b = box(id);
      if (b.ref !== ref) {
        b.subscription?.unsubscribe();
        b.ref = ref;
        b.subscription = ref.subscribe({ next: sync, complete: sync, error: sync });
      }
      if (!b.final) {
        const next = toSessionSnapshot(ref.getSnapshot());
        const prev = b.snapshot;
        if (!sameSessionSnapshot(prev, next)) {
          b.snapshot = next;
          for (let i = prev.warnings === next.warnings ? next.warnings.length : 0; i < next.warnings.length; i++) {
            if (!prev.warnings.includes(next.warnings[i] as DialOutWarning)) pendingWarnings.push(next.warnings[i] as DialOutWarning);
          }
          if (next.error && next.error !== prev.error) pendingErrors.push(next.error);
          if (isFinalStatus(next.status)) {
            b.final = true;
            finished.push(b);
          }
        }
      }
      list.push(b.snapshot);
    }
    // sessions pruned from the manager: stop following them
    for (const b of boxes.values()) {
      if (b.ref && context.sessions[b.id] !== b.ref) {
        b.subscription?.unsubscribe();
        b.subscription = undefined;
        boxes.delete(b.id);
      }
    }
    const next = toManagerSnapshot(list, state$.getValue());
    if (next !== state$.getValue()) state$.next(next);
    for (const b of boxes.values()) if (!b.final && b.subject.getValue() !== b.snapshot) b.subject.next(b.snapshot);
    for (const b of finished) {
      b.subject.next(b.snapshot);
      b.subject.complete();
      b.resolveDone(b.snapshot);
      const waiters = b.stopWaiters;
      b.stopWaiters = [];
      for (const w of waiters) w.resolve();
    }
    for (const w of pendingWarnings) warnings$.next(w);
    for (const e of pendingErrors) errors$.next(e);
  }

  function onEmitted(event: DialOutManagerEmitted): void {
    switch (event.type) {
      case 'dialout.event':
        events$.next(event.event);
        break;
      case 'dialout.unattributed-error':
        errors$.next(event.error);
        break;
      case 'dialout.unattributed-warning':
        warnings$.next(event.warning);
        break;
      case 'stop.settled': {
        if (event.ok) break;
        const b = boxes.get(event.localId);
        if (!b) break;
        const waiters = b.stopWaiters;
        b.stopWaiters = [];
        for (const w of waiters) w.reject(event.error);
        break;
      }
      case 'dtmf.settled': {
        const waiter = dtmfWaiters.get(event.requestId);
        if (!waiter) break;
        dtmfWaiters.delete(event.requestId);
        if (event.ok) waiter.resolve();
        else waiter.reject(event.error);
        break;
      }
    }
  }

  const emittedSubscription = actor.on('*', (event) => onEmitted(event as DialOutManagerEmitted));
  const actorSubscription = actor.subscribe({ next: sync, complete: sync, error: sync });
  actor.start();

  const streams = createStateStreams(state$);

  function start(options: DailyStartDialoutOptions): DialOutSession {
    if (disposed) throw new DialOutStateError('start(): the manager is disposed');
    const parsed = parseStartDialOutOptions(options);
    let joined = false;
    try {
      joined = call.meetingState() === 'joined-meeting';
    } catch {
      joined = false;
    }
    localCount += 1;
    const id = `dialout-${localCount}`;
    const at = now();
    const b = box(id, () => {
      const target =
        'sipUri' in parsed && typeof parsed.sipUri === 'string'
          ? Object.freeze({ kind: 'sip' as const, sipUri: parsed.sipUri })
          : Object.freeze({ kind: 'phone' as const, phoneNumber: (parsed as { phoneNumber: string }).phoneNumber });
      return Object.freeze({ id, status: 'idle', initiator: 'local', target, attempt: 0, warnings: Object.freeze([]), createdAt: at });
    });
    actor.send({ type: 'start', id, options: parsed, joined });
    return b.handle;
  }

  function session(id: string): DialOutSession | undefined {
    if (typeof id !== 'string') return undefined;
    const context = actor.getSnapshot().context;
    const localId = Object.prototype.hasOwnProperty.call(context.sessions, id)
      ? id
      : Object.prototype.hasOwnProperty.call(context.bySessionId, id)
        ? context.bySessionId[id]
        : undefined;
    if (localId === undefined || !context.sessions[localId]) return undefined;
    return box(localId).handle;
  }

  function ingest(event: DialOutWebhookEvent): void {
    if (disposed) throw new DialOutStateError('ingest(): the manager is disposed');
    const parsed = parseDialOutWebhook(event);
    const mapped = webhookToDialOutFields(parsed, now());
    actor.send({ type: 'webhook.event', name: mapped.name, payload: event, fields: mapped.fields, at: mapped.at });
  }

  function dispose(): void {
    if (disposed) return;
    disposed = true;
    if (actor.getSnapshot().status === 'active') actor.send({ type: 'dispose', at: now() });
    actor.stop();
    sync();
    for (const b of boxes.values()) {
      b.subscription?.unsubscribe();
      const waiters = b.stopWaiters;
      b.stopWaiters = [];
      for (const w of waiters) w.resolve();
      if (!b.final) {
        // only reachable if the machine failed: still settle everything
        b.final = true;
        b.subject.complete();
        b.resolveDone(b.snapshot);
      }
    }
    for (const [requestId, waiter] of dtmfWaiters) {
      dtmfWaiters.delete(requestId);
      waiter.reject(new DialOutStateError('sendDTMF(): the manager was disposed before daily-js answered'));
    }
    emittedSubscription.unsubscribe();
    actorSubscription.unsubscribe();
    state$.complete();
    events$.complete();
    warnings$.complete();
    errors$.complete();
  }

  return Object.freeze({
    start,
    session,
    sessions$: streams.sessions$,
    current$: streams.current$,
    status$: streams.status$,
    events$: events$.asObservable(),
    warnings$: warnings$.asObservable(),
    errors$: errors$.asObservable(),
    getSnapshot: () => state$.getValue(),
    subscribe(listener: () => void): () => void {
      if (typeof listener !== 'function') {
        throw new DialOutValidationError([{ path: 'listener', message: 'must be a function' }], 'subscribe() arguments');
      }
      const subscription = state$.pipe(skip(1)).subscribe(() => listener());
      return () => subscription.unsubscribe();
    },
    ingest,
    actor: actor as Actor<typeof dialOutManagerMachine>,
    dispose,
  });
}
