/**
 * The XState machine of the dial-out manager.
 *
 * @remarks
 * It invokes the Daily bridge (`dailyBridge`, a callback actor that holds the
 * `call.on/off` listeners), spawns one {@link dialOutSessionMachine} actor per
 * dial-out, correlates daily-js events with sessions (see
 * `manager/correlation.ts`), and runs `startDialOut` / `stopDialOut` /
 * `sendDTMF` as named promise actors on behalf of the sessions. It emits
 * (`actor.on(...)`) what the façade turns into `events$`, `errors$`,
 * `warnings$` and promise settlements.
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import { type ActorRefFrom, type DoneActorEvent, type ErrorActorEvent, enqueueActions, setup } from 'xstate';
import { toStartError } from '../errors.js';
import type { DailyBridgeEvent } from '../bridge/dailyActors.js';
import { type StartDialOutOutput, unboundDailyActors } from '../bridge/dailyActors.js';
import {
  type CorrelationEffect,
  type CorrelationEnv,
  type CorrelationState,
  Correlator,
  type DialOutManagerEmitted,
  createCorrelationState,
} from '../manager/correlation.js';
import { type DialOutPayloadFields, readDialOutPayload } from './dailyEvents.js';
import type { DialOutEventType } from '../types.js';
import {
  type DialOutSessionEvent,
  type DialOutSessionInput,
  type DialOutSessionParentEvent,
  type DialOutSessionTiming,
  dialOutSessionMachine,
  statusOfStateValue,
} from './sessionMachine.js';

/** An actor of {@link dialOutSessionMachine}. */
export type DialOutSessionActorRef = ActorRefFrom<typeof dialOutSessionMachine>;

/** What a running promise actor was started for. */
export type DialOutRequest =
  | { readonly kind: 'start'; readonly localId: string }
  | { readonly kind: 'stop'; readonly localId: string; readonly sessionId: string; readonly orphan: boolean }
  | { readonly kind: 'dtmf'; readonly localId: string; readonly requestId: string };

/** Input of {@link dialOutManagerMachine}. */
export interface DialOutManagerInput {
  readonly timing: DialOutSessionTiming;
  /** Default `true`. */
  readonly trackRemoteSessions?: boolean;
  /** Default 50. */
  readonly maxEndedSessions?: number;
  /** Clock, epoch ms. Default `Date.now`. */
  readonly now?: () => number;
  /** Randomness for backoff jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
}

/** Context of {@link dialOutManagerMachine}. */
export interface DialOutManagerContext extends CorrelationState {
  readonly timing: DialOutSessionTiming;
  readonly trackRemoteSessions: boolean;
  readonly maxEndedSessions: number;
  readonly now: () => number;
  readonly random: () => number;
  /** Retained sessions by local id. */
  readonly sessions: Readonly<Record<string, DialOutSessionActorRef>>;
  /** Running promise actors by actor id. */
  readonly requests: Readonly<Record<string, DialOutRequest>>;
  /** Counter for promise actor ids. */
  readonly requestCount: number;
}

/** Events of {@link dialOutManagerMachine}. */
export type DialOutManagerEvent =
  | { type: 'start'; id: string; options: DailyStartDialoutOptions; joined: boolean }
  | { type: 'stop'; id: string }
  | { type: 'dtmf.send'; id: string; tones: string; requestId: string }
  | { type: 'dispose'; at: number }
  /** A Daily webhook given to `ingest()`, mapped onto the daily-js event model. */
  | { type: 'webhook.event'; name: DialOutEventType; payload: unknown; fields: DialOutPayloadFields; at: number }
  | DailyBridgeEvent
  | DialOutSessionParentEvent
  | DoneActorEvent<unknown>
  | ErrorActorEvent<unknown>;

/** The child id of a session actor. */
export function sessionChildId(localId: string): string {
  return `session.${localId}`;
}

const RETIRED_MIN = 1000;

function correlationEnv(context: DialOutManagerContext): CorrelationEnv {
  return {
    isLive: (localId) => context.sessions[localId]?.getSnapshot().status === 'active',
    sessionIdOf: (localId) => context.sessions[localId]?.getSnapshot().context.sessionId,
    trackRemoteSessions: context.trackRemoteSessions,
    maxEndedSessions: context.maxEndedSessions,
    retiredLimit: Math.max(RETIRED_MIN, context.maxEndedSessions * 4),
  };
}

/** A correlator over the manager's correlation state, for one happening. */
function correlatorFor(context: DialOutManagerContext): Correlator {
  return new Correlator(context, correlationEnv(context));
}

function sessionIdFromResult(output: StartDialOutOutput): string | undefined {
  const sessionId = output && typeof output === 'object' ? output.session?.sessionId : undefined;
  return typeof sessionId === 'string' && sessionId.length > 0 ? sessionId : undefined;
}

/**
 * The manager machine: one `running` state that owns the Daily bridge and the
 * sessions, and a final `disposed` state.
 *
 * @remarks
 * Actors (by name, so tests can `.provide()` fakes): `dailyBridge`,
 * `session` ({@link dialOutSessionMachine}), `startDialOut`, `stopDialOut`,
 * `sendDTMF`. The exported definition has unbound Daily actors;
 * `createDialOutManager(call)` provides ones bound to the call.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * import { createDailyActors, dialOutManagerMachine, resolveManagerOptions } from 'daily-dialout-machine';
 *
 * const actor = createActor(dialOutManagerMachine.provide({ actors: createDailyActors(call) }), {
 *   input: resolveManagerOptions({}).input,
 * }).start();
 * ```
 */
export const dialOutManagerMachine = setup({
  types: {
    context: {} as DialOutManagerContext,
    events: {} as DialOutManagerEvent,
    input: {} as DialOutManagerInput,
    emitted: {} as DialOutManagerEmitted,
  },
  actors: {
    session: dialOutSessionMachine,
    dailyBridge: unboundDailyActors.dailyBridge,
    startDialOut: unboundDailyActors.startDialOut,
    stopDialOut: unboundDailyActors.stopDialOut,
    sendDTMF: unboundDailyActors.sendDTMF,
  },
  actions: {
    /** Spawns a local session actor for `start`. */
    spawnLocalSession: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'start') return;
      const next = correlatorFor(context).created(event.id).state;
      enqueue.assign(({ spawn }) => ({
        ...next,
        sessions: {
          ...context.sessions,
          [event.id]: spawn('session', {
            id: sessionChildId(event.id),
            input: {
              id: event.id,
              initiator: 'local',
              options: event.options,
              joined: event.joined,
              timing: context.timing,
              now: context.now,
              random: context.random,
            },
          }),
        },
      }));
    }),

    /** Normalises a daily-js event (or an ingested webhook) and routes, holds, adopts or reports it. */
    correlateDailyEvent: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'daily.event' && event.type !== 'webhook.event') return;
      const c = correlatorFor(context).received(
        event.type === 'daily.event'
          ? { name: event.name, source: 'daily-js', payload: event.payload, fields: readDialOutPayload(event.payload), at: event.at }
          : { name: event.name, source: 'webhook', payload: event.payload, fields: event.fields, at: event.at },
      );
      applyCorrelation(enqueue, context, c);
    }),

    /** Calls `startDialOut()` for a session (one promise actor per attempt). */
    callStartDialOut: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'session.request.start') return;
      const actorId = `start.${event.id}.${context.requestCount + 1}`;
      const next = correlatorFor(context).startRequested(event.id).state;
      enqueue.assign({
        ...next,
        requestCount: context.requestCount + 1,
        requests: { ...context.requests, [actorId]: { kind: 'start', localId: event.id } },
      });
      enqueue.spawnChild('startDialOut', { id: actorId, input: { options: event.options } });
    }),

    /** Routes a `startDialOut()` result; an orphaned dial-out (its session already ended) is stopped. */
    handleStartResolved: enqueueActions(({ context, event, enqueue }) => {
      const request = requestOf(context, event);
      if (!request || request.kind !== 'start' || !('output' in event)) return;
      const sessionId = sessionIdFromResult(event.output as StartDialOutOutput);
      const c = correlatorFor(context);
      const result = c.startResolved(request.localId, sessionId, context.now());
      const requests = { ...context.requests };
      delete requests[actorIdOf(event)];
      let requestCount = context.requestCount;
      let orphanStop: string | undefined;
      // a dial-out whose session already gave up is hung up, unless the session was detached (the call left)
      const detached = context.sessions[request.localId]?.getSnapshot().context.detached === true;
      if (result === 'orphan' && sessionId !== undefined && !detached) {
        requestCount += 1;
        orphanStop = `stop.${request.localId}.${requestCount}`;
        requests[orphanStop] = { kind: 'stop', localId: request.localId, sessionId, orphan: true };
      }
      enqueue.stopChild(actorIdOf(event));
      enqueue.assign({ requests, requestCount });
      applyCorrelation(enqueue, context, c);
      if (orphanStop !== undefined && sessionId !== undefined) {
        enqueue.spawnChild('stopDialOut', { id: orphanStop, input: { sessionId } });
      }
    }),

    /** Maps a `startDialOut()` rejection to its code and tells the session (which may retry). */
    handleStartRejected: enqueueActions(({ context, event, enqueue }) => {
      const request = requestOf(context, event);
      if (!request || request.kind !== 'start' || !('error' in event)) return;
      const error = toStartError(event.error, context.now(), { localId: request.localId });
      const c = correlatorFor(context);
      c.startRejected(request.localId, error);
      const requests = { ...context.requests };
      delete requests[actorIdOf(event)];
      enqueue.stopChild(actorIdOf(event));
      enqueue.assign({ requests });
      applyCorrelation(enqueue, context, c);
    }),

    /** Forwards a local `stop()` to the session. */
    forwardStop: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'stop') return;
      const ref = context.sessions[event.id];
      if (ref && ref.getSnapshot().status === 'active') enqueue.sendTo(ref, { type: 'stop' });
    }),

    /** Calls `stopDialOut()` for a session. */
    callStopDialOut: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'session.request.stop') return;
      const actorId = `stop.${event.id}.${context.requestCount + 1}`;
      enqueue.assign({
        requestCount: context.requestCount + 1,
        requests: {
          ...context.requests,
          [actorId]: { kind: 'stop', localId: event.id, sessionId: event.sessionId, orphan: false },
        },
      });
      enqueue.spawnChild('stopDialOut', { id: actorId, input: { sessionId: event.sessionId } });
    }),

    /** Tells the session and the façade how `stopDialOut()` went. */
    handleStopSettled: enqueueActions(({ context, event, enqueue }) => {
      const request = requestOf(context, event);
      if (!request || request.kind !== 'stop') return;
      const ok = 'output' in event;
      const requests = { ...context.requests };
      delete requests[actorIdOf(event)];
      enqueue.stopChild(actorIdOf(event));
      enqueue.assign({ requests });
      if (request.orphan) return;
      const ref = context.sessions[request.localId];
      const error = 'error' in event ? event.error : undefined;
      if (ref && ref.getSnapshot().status === 'active') {
        enqueue.sendTo(ref, ok ? { type: 'stop.resolved' } : { type: 'stop.rejected', error });
      }
      enqueue.emit(
        ok
          ? { type: 'stop.settled', localId: request.localId, ok: true }
          : { type: 'stop.settled', localId: request.localId, ok: false, error },
      );
    }),

    /** Calls `sendDTMF()` when the session is `answered`, else reports the refusal. */
    callSendDTMF: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'dtmf.send') return;
      const snapshot = context.sessions[event.id]?.getSnapshot();
      const sessionId = snapshot?.context.sessionId;
      if (!snapshot || snapshot.status !== 'active' || statusOfStateValue(snapshot.value) !== 'answered' || !sessionId) {
        enqueue.emit({
          type: 'dtmf.settled',
          requestId: event.requestId,
          ok: false,
          error: new Error(`sendDTMF() needs an answered session; ${event.id} is not answered`),
        });
        return;
      }
      const actorId = `dtmf.${event.requestId}`;
      enqueue.assign({
        requests: { ...context.requests, [actorId]: { kind: 'dtmf', localId: event.id, requestId: event.requestId } },
      });
      enqueue.spawnChild('sendDTMF', { id: actorId, input: { sessionId, tones: event.tones } });
    }),

    /** Reports how `sendDTMF()` went. */
    handleDtmfSettled: enqueueActions(({ context, event, enqueue }) => {
      const request = requestOf(context, event);
      if (!request || request.kind !== 'dtmf') return;
      const requests = { ...context.requests };
      delete requests[actorIdOf(event)];
      enqueue.stopChild(actorIdOf(event));
      enqueue.assign({ requests });
      enqueue.emit(
        'output' in event
          ? { type: 'dtmf.settled', requestId: request.requestId, ok: true }
          : { type: 'dtmf.settled', requestId: request.requestId, ok: false, error: (event as ErrorActorEvent).error },
      );
    }),

    /** Books a final session: releases held events, prunes the oldest ended sessions beyond `maxEndedSessions`. */
    handleSessionEnded: enqueueActions(({ context, event, enqueue }) => {
      const localId = actorIdOf(event).slice('session.'.length);
      const c = correlatorFor(context).sessionEnded(localId);
      applyCorrelation(enqueue, context, c);
    }),

    /** `left-meeting`, `call-instance-destroyed` or dispose: every live session ends `stopped` / `detached`. */
    detachAll: enqueueActions(({ context, event, enqueue }) => {
      const at = 'at' in event && typeof event.at === 'number' ? event.at : context.now();
      const c = correlatorFor(context).detachAll(at);
      applyCorrelation(enqueue, context, c);
    }),
  },
}).createMachine({
  id: 'dialOutManager',
  context: ({ input }) => ({
    ...createCorrelationState(),
    timing: input.timing,
    trackRemoteSessions: input.trackRemoteSessions ?? true,
    maxEndedSessions: input.maxEndedSessions ?? 50,
    now: input.now ?? Date.now,
    random: input.random ?? Math.random,
    sessions: {},
    requests: {},
    requestCount: 0,
  }),
  initial: 'running',
  states: {
    running: {
      description: 'Listening to the call through the Daily bridge; one child actor per dial-out.',
      invoke: {
        id: 'dailyBridge',
        src: 'dailyBridge',
        input: ({ context }) => ({ now: context.now }),
      },
      on: {
        start: { actions: 'spawnLocalSession' },
        stop: { actions: 'forwardStop' },
        'dtmf.send': { actions: 'callSendDTMF' },
        'daily.event': { actions: 'correlateDailyEvent' },
        'webhook.event': { actions: 'correlateDailyEvent' },
        'daily.left-meeting': { actions: 'detachAll' },
        'daily.call-instance-destroyed': { actions: 'detachAll' },
        'session.request.start': { actions: 'callStartDialOut' },
        'session.request.stop': { actions: 'callStopDialOut' },
        'xstate.done.actor.start.*': { actions: 'handleStartResolved' },
        'xstate.error.actor.start.*': { actions: 'handleStartRejected' },
        'xstate.done.actor.stop.*': { actions: 'handleStopSettled' },
        'xstate.error.actor.stop.*': { actions: 'handleStopSettled' },
        'xstate.done.actor.dtmf.*': { actions: 'handleDtmfSettled' },
        'xstate.error.actor.dtmf.*': { actions: 'handleDtmfSettled' },
        'xstate.done.actor.session.*': { actions: 'handleSessionEnded' },
        dispose: { target: 'disposed', actions: 'detachAll' },
      },
    },
    disposed: {
      description: 'dispose(): listeners removed, sessions detached, children stopped.',
      type: 'final',
    },
  },
});

/** The XState logic type of {@link dialOutManagerMachine}. */
export type DialOutManagerMachine = typeof dialOutManagerMachine;

/** The id of the child actor a done/error event comes from. */
function actorIdOf(event: DialOutManagerEvent): string {
  return 'actorId' in event && typeof event.actorId === 'string' ? event.actorId : '';
}

function requestOf(context: DialOutManagerContext, event: DialOutManagerEvent): DialOutRequest | undefined {
  return context.requests[actorIdOf(event)];
}

/** The part of XState's `enqueue` object that {@link applyCorrelation} uses. */
interface CorrelationEnqueue {
  assign(
    assigner: (args: {
      spawn: (
        src: 'session',
        options: { id: string; input: DialOutSessionInput },
      ) => unknown;
    }) => Partial<DialOutManagerContext>,
  ): void;
  sendTo(to: string, event: DialOutSessionEvent): void;
  emit(event: DialOutManagerEmitted): void;
  stopChild(id: string): void;
}

/** Applies a correlator's state and effects: spawn remote sessions, prune, send, emit, in order. */
function applyCorrelation(enqueue: CorrelationEnqueue, context: DialOutManagerContext, c: Correlator): void {
  const spawns = c.effects.filter((e): e is Extract<CorrelationEffect, { kind: 'spawnRemote' }> => e.kind === 'spawnRemote');
  const prunes = c.effects.filter((e): e is Extract<CorrelationEffect, { kind: 'prune' }> => e.kind === 'prune');
  const state = c.state;
  enqueue.assign(({ spawn }) => {
    const sessions: Record<string, DialOutSessionActorRef> = { ...context.sessions };
    for (const p of prunes) delete sessions[p.localId];
    for (const s of spawns) {
      sessions[s.localId] = <DialOutSessionActorRef>spawn('session', {
        id: sessionChildId(s.localId),
        input: {
          id: s.localId,
          initiator: 'remote',
          sessionId: s.sessionId,
          timing: context.timing,
          now: context.now,
          random: context.random,
        },
      });
    }
    return { ...state, sessions };
  });
  for (const effect of c.effects) {
    if (effect.kind === 'send') enqueue.sendTo(sessionChildId(effect.localId), effect.event);
    else if (effect.kind === 'emit') enqueue.emit(effect.event);
    else if (effect.kind === 'prune') enqueue.stopChild(sessionChildId(effect.localId));
  }
}
