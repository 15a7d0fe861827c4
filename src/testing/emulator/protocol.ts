/**
 * The contract between the emulator bundle (the fake call machine that
 * daily-js loads) and its controller: the global registry on `window`, its
 * per-call-client records, and the request and answer shapes.
 *
 * @remarks
 * The bundle is a self-contained script and cannot import this module, so it
 * repeats the constants below as literals; a test checks that both agree.
 * Everything here is browser-safe (no Node API).
 *
 * @packageDocumentation
 */

/**
 * The name of the emulator's registry on `window`: `window.__dailyDialOutEmulator`.
 *
 * @remarks
 * The bundle and {@link createEmulatorController} both create the registry if
 * it is missing, so a controller can be set up before daily-js loads the
 * bundle (for example to make `join()` fail). It holds one
 * {@link EmulatorClientRecord} per daily-js `callClientId`.
 *
 * @example
 * ```ts
 * const registry = (window as any)[EMULATOR_GLOBAL] as EmulatorRegistry | undefined;
 * console.log(Object.keys(registry?.clients ?? {})); // call clients the emulator knows
 * ```
 */
export const EMULATOR_GLOBAL = '__dailyDialOutEmulator';

/**
 * Version of the registry contract between bundle and controller.
 *
 * @remarks
 * Bumped whenever {@link EmulatorRegistry} or {@link EmulatorClientRecord}
 * changes incompatibly; a controller refuses to drive a bundle with another
 * version.
 *
 * @example
 * ```ts
 * if (registry.bundle?.protocol !== EMULATOR_PROTOCOL) throw new Error('stale emulator bundle');
 * ```
 */
export const EMULATOR_PROTOCOL = 1;

/**
 * The daily-js versions whose call-machine protocol the emulator speaks.
 *
 * @remarks
 * The emulator emulates the call-machine protocol of daily-js 0.92.x *as
 * daily-js accepts it*, read from `@daily-co/daily-js` 0.92.2 (its replies are
 * shaped to what daily-js accepts, not recorded from Daily's real bundle). It
 * does not emulate Daily's servers.
 *
 * @example
 * ```ts
 * console.log(`emulating daily-js ${EMULATED_DAILY_JS_VERSIONS}`); // "0.92.x"
 * ```
 */
export const EMULATED_DAILY_JS_VERSIONS = '0.92.x';

/**
 * The file name daily-js appends to `dailyConfig.bundlePathOverride`.
 *
 * @example
 * ```ts
 * fetch(`${url}/${EMULATOR_BUNDLE_FILENAME}`); // what daily-js does on join()
 * ```
 */
export const EMULATOR_BUNDLE_FILENAME = 'call-machine-object-bundle.js';

/**
 * How the emulator answered one request of daily-js.
 *
 * @remarks
 * - `reply`: a reply carrying the request's `callbackStamp` was posted;
 *   daily-js resolves its promise with `value` (plus `callClientId`).
 * - `error`: a reply `{ callbackStamp, error: value }` was posted; daily-js
 *   rejects its promise with `value` exactly.
 * - `event`: the request carries no `callbackStamp` and was answered with an
 *   event (`leave-meeting` → `left-meeting`).
 * - `none`: nothing was posted: the request needs no answer (`transmit-log`),
 *   or a script chose to hold it for good.
 *
 * @example
 * ```ts
 * const request = await emulator.waitFor('dialout-start');
 * if (request.answer?.kind === 'error') console.log('rejected with', request.answer.value);
 * ```
 */
export type EmulatorAnswerRecord =
  | { readonly kind: 'reply'; readonly value: Readonly<Record<string, unknown>> }
  | { readonly kind: 'error'; readonly value: unknown }
  | { readonly kind: 'event'; readonly value: Readonly<Record<string, unknown>> }
  | { readonly kind: 'none' };

/**
 * One message daily-js sent to the call machine, as the emulator received it.
 *
 * @remarks
 * `payload` is a copy of the message without the envelope fields (`what`,
 * `from`, `callClientId`, `callbackStamp`, `action`). `answer` is
 * `undefined` while the request waits for its answer (a script holds it), and
 * set once when it is answered.
 *
 * @example
 * ```ts
 * const start = await emulator.waitFor('dialout-start');
 * expect(start.payload).toMatchObject({ phoneNumber: '+15555550100', provider: 'signalwire' });
 * expect(start.expectsAnswer).toBe(true);
 * ```
 */
export interface EmulatorRequest {
  /** Position in {@link EmulatorClientRecord.received}, 1-based. */
  readonly seq: number;
  /** The `action` daily-js sent, e.g. `'join-meeting'`, `'dialout-start'`, `'transmit-log'`. */
  readonly action: string;
  /** The message without its envelope fields. */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Whether daily-js waits for an answer (the message carried a `callbackStamp`). */
  readonly expectsAnswer: boolean;
  /** daily-js's `callbackStamp`, when it waits for an answer. */
  readonly callbackStamp: number | string | undefined;
  /** When it was received, epoch ms. */
  readonly at: number;
  /** How it was answered; `undefined` while it is held. */
  answer: EmulatorAnswerRecord | undefined;
}

/**
 * A dial-out the emulator knows: one it answered `dialout-start` for.
 *
 * @remarks
 * Events emitted through the controller for this `sessionId` get the
 * missing Daily fields (`provider`, `sipCallId`, `destination`, `userId`,
 * `callerId`) filled in from it.
 *
 * @example
 * ```ts
 * const [session] = emulator.sessions;
 * expect(session).toMatchObject({ destination: '+15555550100', state: 'started' });
 * ```
 */
export interface EmulatorSessionRecord {
  /** Daily's `sessionId` (a UUID unless a script chose one). */
  readonly sessionId: string;
  /** The `seq` of the `dialout-start` request it answers. */
  readonly requestSeq: number;
  /** `provider` as daily-js sent it (daily-js defaults it to `'signalwire'`). */
  readonly provider: string;
  /** A made-up SIP `Call-ID`. */
  readonly sipCallId: string;
  /** The `phoneNumber` or `sipUri` dialed. */
  readonly destination: string | undefined;
  readonly userId: string | undefined;
  readonly callerId: string | undefined;
  /** `'started'` until a `dialout-stopped` or `dialout-error` for it was emitted, then `'ended'`. */
  state: 'started' | 'ended';
}

/**
 * What a controller asks the bundle to do with a request.
 *
 * @remarks
 * `default` runs the bundle's built-in behaviour (see
 * {@link callMachineEmulatorBundle}); the other kinds map to
 * {@link EmulatorAnswerRecord}.
 *
 * @example
 * ```ts
 * record.answer?.(request, { kind: 'error', error: 'DIALOUT_IN_PROGRESS' });
 * ```
 */
export type EmulatorDecision =
  | { readonly kind: 'default' }
  | { readonly kind: 'reply'; readonly payload: Readonly<Record<string, unknown>> }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'none' };

/**
 * The shared state of one daily-js call client, in {@link EmulatorRegistry.clients}.
 *
 * @remarks
 * Created by whichever side comes first (bundle or controller). The bundle
 * fills `attached`, `send`, `answer` and `openSession` when daily-js loads it
 * for this call client; a controller sets `handler` and adds `observers`.
 * This is internal plumbing: use {@link createEmulatorController}.
 *
 * @example
 * ```ts
 * const record = (window as any).__dailyDialOutEmulator.clients[call.callClientId] as EmulatorClientRecord;
 * console.log(record.received.map((r) => r.action));
 * ```
 */
export interface EmulatorClientRecord {
  readonly callClientId: string;
  /** The bundle has attached to this call client (daily-js loaded it for it). */
  attached: boolean;
  /** How many times the bundle initialized for it (`1`, plus one per `join()` after `leave()`). */
  initializations: number;
  /** Between the `joined-meeting` the emulator posted and the next `left-meeting` / fatal error. */
  joined: boolean;
  /** daily-js destroyed the instance (`window._daily.instances[id]` is gone). */
  destroyed: boolean;
  /** `properties.dailyJsVersion` of the last `join-meeting`. */
  dailyJsVersion: string | undefined;
  /** Every request daily-js sent, in order. */
  readonly received: EmulatorRequest[];
  /** Dial-outs by `sessionId`, in creation order. */
  readonly sessions: Record<string, EmulatorSessionRecord>;
  /** Consulted for each request; returns `true` when it answers the request itself (now or later). */
  handler: ((request: EmulatorRequest) => boolean) | undefined;
  /** Called after each request was handled. */
  readonly observers: Array<(request: EmulatorRequest) => void>;
  /**
   * Installed by the bundle: posts `{ action, ...payload }` to daily-js for this call client (the envelope is
   * added). With `fill`, missing Daily fields of `dialout-*` events are filled in from the session, and
   * `participant.tracks` defaults to `{}`. Returns the message posted (without the envelope), or `undefined`
   * when the instance is gone.
   */
  send: ((action: string, payload: Readonly<Record<string, unknown>>, fill: boolean) => Readonly<Record<string, unknown>> | undefined) | undefined;
  /** Installed by the bundle: answers a request; returns the posted reply or event, if any. */
  answer: ((request: EmulatorRequest, decision: EmulatorDecision) => Readonly<Record<string, unknown>> | undefined) | undefined;
  /** Installed by the bundle: records a dial-out for a `dialout-start` request (idempotent per sessionId). */
  openSession: ((request: EmulatorRequest, sessionId?: string) => EmulatorSessionRecord) | undefined;
}

/**
 * The emulator's registry: `window.__dailyDialOutEmulator`.
 *
 * @example
 * ```ts
 * const registry = (window as any).__dailyDialOutEmulator as EmulatorRegistry;
 * console.log(registry.bundle?.emulates); // "0.92.x"
 * ```
 */
export interface EmulatorRegistry {
  readonly protocol: number;
  /** One record per daily-js `callClientId`. */
  readonly clients: Record<string, EmulatorClientRecord>;
  /** Set by the bundle when it is evaluated. */
  bundle:
    | {
        readonly protocol: number;
        readonly emulates: string;
        /** How many times the bundle was evaluated in this window. */
        evaluations: number;
        /** The bundle's `message` listener on `window` (one per window). */
        listener: (event: MessageEvent) => void;
      }
    | undefined;
}

/**
 * Returns the registry, creating it if missing (the same steps as the bundle).
 *
 * @param target - The window (default `globalThis`).
 * @returns The registry.
 * @internal
 *
 * @example
 * ```ts
 * const registry = ensureRegistry(window);
 * ```
 */
export function ensureRegistry(target: object = globalThis): EmulatorRegistry {
  const holder = target as Record<string, unknown>;
  let registry = holder[EMULATOR_GLOBAL] as EmulatorRegistry | undefined;
  if (!registry) {
    registry = { protocol: EMULATOR_PROTOCOL, clients: {}, bundle: undefined };
    holder[EMULATOR_GLOBAL] = registry;
  }
  return registry;
}

/**
 * Returns the record of a call client, creating it if missing (the same steps as the bundle).
 *
 * @param registry - The registry.
 * @param callClientId - daily-js's `callClientId`.
 * @returns The record.
 * @internal
 *
 * @example
 * ```ts
 * const record = ensureClientRecord(ensureRegistry(window), call.callClientId);
 * ```
 */
export function ensureClientRecord(registry: EmulatorRegistry, callClientId: string): EmulatorClientRecord {
  let record = registry.clients[callClientId];
  if (!record) {
    record = {
      callClientId,
      attached: false,
      initializations: 0,
      joined: false,
      destroyed: false,
      dailyJsVersion: undefined,
      received: [],
      sessions: {},
      handler: undefined,
      observers: [],
      send: undefined,
      answer: undefined,
      openSession: undefined,
    };
    registry.clients[callClientId] = record;
  }
  return record;
}
