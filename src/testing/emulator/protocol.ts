/** The bundle–controller contract. The bundle cannot import it, so it repeats these constants; a test checks both agree. */

/**
 * Name of the emulator's {@link EmulatorRegistry} on `window`. Bundle and controller each create it if missing, so a
 * controller can be set up before daily-js loads the bundle (e.g. to make `join()` fail).
 */
export const EMULATOR_GLOBAL = '__dailyDialOutEmulator';

/** Version of the registry contract, bumped on incompatible changes; a controller refuses a bundle of another. */
export const EMULATOR_PROTOCOL = 1;

/**
 * The daily-js versions whose call-machine protocol the emulator speaks, as `@daily-co/daily-js` 0.92.2 accepts it
 * (replies are shaped to what daily-js accepts, not recorded from Daily's bundle). Daily's servers are not emulated.
 */
export const EMULATED_DAILY_JS_VERSIONS = '0.92.x';

/** The file name daily-js appends to `dailyConfig.bundlePathOverride`. */
export const EMULATOR_BUNDLE_FILENAME = 'call-machine-object-bundle.js';

/**
 * How the emulator answered one request. `reply`: a reply with the request's `callbackStamp` (daily-js resolves with
 * `value` plus `callClientId`). `error`: `{ callbackStamp, error: value }` (daily-js rejects with `value` exactly).
 * `event`: a request without `callbackStamp` answered by an event (`leave-meeting` → `left-meeting`). `none`: nothing
 * posted (`transmit-log`, or a script held it for good).
 */
export type EmulatorAnswerRecord =
  | { readonly kind: 'reply'; readonly value: Readonly<Record<string, unknown>> }
  | { readonly kind: 'error'; readonly value: unknown }
  | { readonly kind: 'event'; readonly value: Readonly<Record<string, unknown>> }
  | { readonly kind: 'none' };

/** One message daily-js sent to the call machine, as the emulator received it. */
export interface EmulatorRequest {
  /** 1-based position in {@link EmulatorClientRecord.received}. */
  readonly seq: number;
  /** The `action` daily-js sent, e.g. `'join-meeting'`, `'dialout-start'`, `'transmit-log'`. */
  readonly action: string;
  /** A copy of the message without its envelope (`what`, `from`, `callClientId`, `callbackStamp`, `action`). */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Whether daily-js waits for an answer (the message carried a `callbackStamp`). */
  readonly expectsAnswer: boolean;
  /** daily-js's `callbackStamp`, when it waits for an answer. */
  readonly callbackStamp: number | string | undefined;
  /** Receipt time, epoch ms. */
  readonly at: number;
  /** Set once when answered; `undefined` while a script holds it. */
  answer: EmulatorAnswerRecord | undefined;
}

/** Which way an {@link EmulatorSessionRecord} goes: a dial-out of daily-js's `startDialOut()`, or a caller dialing in. */
export type EmulatorSessionKind = 'dial-out' | 'dial-in';

/**
 * A dial-out the emulator answered `dialout-start` for, a caller of `EmulatorController.dialIn()` (`kind: 'dial-in'`),
 * or either restored from an {@link EmulatorRoomSnapshot}.
 */
export interface EmulatorSessionRecord {
  /** Daily's `sessionId` (a UUID unless a script chose one); for a dial-in, the `session_id` of the caller's participant. */
  readonly sessionId: string;
  /**
   * `'dial-in'` for a caller of `EmulatorController.dialIn()`; `'dial-out'` (or absent, in records made before dial-in
   * existed) for a dial-out.
   */
  readonly kind?: EmulatorSessionKind;
  /**
   * The `seq` of its `dialout-start` request; `0` for a dial-in and for a session restored from an
   * {@link EmulatorRoomSnapshot}.
   */
  readonly requestSeq: number;
  /** As daily-js sent it (daily-js defaults it to `'signalwire'`); for a dial-in, that of its SIP endpoint. */
  readonly provider: string;
  /** A made-up SIP `Call-ID`. */
  readonly sipCallId: string;
  /** The `phoneNumber` or `sipUri` dialed; `undefined` for a dial-in. */
  readonly destination: string | undefined;
  readonly userId: string | undefined;
  readonly callerId: string | undefined;
  /** The `displayName` of its `dialout-start` (or of the dial-in): the `user_name` of its participant. */
  readonly displayName?: string | undefined;
  /** Dial-in only: who called (`sipFrom` of the `dialin-*` events), a SIP URI or a phone number. */
  readonly sipFrom?: string | undefined;
  /** Dial-in only: the room's SIP endpoint the caller dialed (`sipEndpoint` of the `dialin-*` events). */
  readonly sipEndpoint?: string | undefined;
  /** Dial-in only: the SIP headers of the call (`sipHeaders` of `dialin-connected` / `dialin-stopped`). */
  readonly sipHeaders?: Readonly<Record<string, unknown>> | undefined;
  /** Dial-in only: the `actionTraceId` of its `dialin-*` events. */
  readonly actionTraceId?: string | undefined;
  /** `'ended'` once a `dialout-stopped` or `dialout-error` (a dial-in: `dialin-stopped` or `dialin-error`) for it was emitted. */
  state: 'started' | 'ended';
}

/** A SIP endpoint of the room announced with `dialin-ready` (see {@link EmulatorClientRecord.dialInEndpoints}). */
export interface EmulatorDialInEndpoint {
  /** The SIP URI callers dial, e.g. `'sip:room@sip.daily.co'`. */
  readonly sipEndpoint: string;
  /** The SIP provider of the endpoint, e.g. `'daily'`. */
  readonly provider: string;
}

/**
 * What a controller asks the bundle to do with a request: `default` is the bundle's built-in answer (see
 * {@link callMachineEmulatorBundle}); the other kinds become the {@link EmulatorAnswerRecord} of the same kind.
 */
export type EmulatorDecision =
  | { readonly kind: 'default' }
  | { readonly kind: 'reply'; readonly payload: Readonly<Record<string, unknown>> }
  | { readonly kind: 'error'; readonly error: unknown }
  | { readonly kind: 'none' };

/**
 * The state bundle and controller share for one daily-js call client; internal plumbing (use
 * {@link createEmulatorController}). Made by whichever side comes first: the bundle sets `attached` and installs
 * `send`, `answer` and `openSession`; a controller sets `handler` and adds `observers`.
 */
export interface EmulatorClientRecord {
  readonly callClientId: string;
  /** daily-js loaded the bundle for this call client. */
  attached: boolean;
  /** `1`, plus one per `join()` after `leave()`. */
  initializations: number;
  /** From the `joined-meeting` the emulator posted until `left-meeting` or a fatal error. */
  joined: boolean;
  /** daily-js destroyed the instance (`window._daily.instances[id]` is gone). */
  destroyed: boolean;
  /** `properties.dailyJsVersion` of the last `join-meeting`. */
  dailyJsVersion: string | undefined;
  /** Every request, in order. */
  readonly received: EmulatorRequest[];
  /** Dial-outs and dial-ins by `sessionId`, in creation order. */
  readonly sessions: Record<string, EmulatorSessionRecord>;
  /** Asked first for each request; returns `true` when it answers it (now or later). */
  handler: ((request: EmulatorRequest) => boolean) | undefined;
  /** Called after each request was handled. */
  readonly observers: Array<(request: EmulatorRequest) => void>;
  /**
   * Posts `{ action, ...payload }` plus the envelope; with `fill`, completes `dialout-*` events of a dial-out and
   * `dialin-*` events of a dial-in from the session and defaults `participant.tracks` to `{}`. Returns what was posted (no envelope), `undefined` once the instance is gone.
   */
  send: ((action: string, payload: Readonly<Record<string, unknown>>, fill: boolean) => Readonly<Record<string, unknown>> | undefined) | undefined;
  /** Answers a request; returns the posted reply or event, if any. */
  answer: ((request: EmulatorRequest, decision: EmulatorDecision) => Readonly<Record<string, unknown>> | undefined) | undefined;
  /** Records a dial-out for a `dialout-start` request (idempotent per sessionId). */
  openSession: ((request: EmulatorRequest, sessionId?: string) => EmulatorSessionRecord) | undefined;
  /**
   * Fields merged over the local participant the bundle makes for a default `joined-meeting` (`permissions` merged
   * field by field), e.g. `{ owner: false }`; set by a controller.
   */
  localFields: Record<string, unknown>;
  /** The local participant of the last `joined-meeting` the emulator posted, with later updates; `undefined` before. */
  local: Record<string, unknown> | undefined;
  /** Remote participants of the room by `session_id`, sent in every default `joined-meeting`; set by a controller. */
  readonly participants: Record<string, Record<string, unknown>>;
  /** The `config` of the room the bundle answers `lib-room-info` (`call.room()`) with; `undefined`: `{ enable_dialout: true }`. */
  roomConfig: Record<string, unknown> | undefined;
  /**
   * Whether the bundle puts a phone-leg participant in {@link EmulatorClientRecord.participants} (posting
   * `participant-joined`) when it posts a filled `dialout-answered` for one of its live sessions, and takes it out
   * (posting `participant-left`) after a filled `dialout-stopped` or `dialout-error` for it. Default `true`; set by a
   * controller.
   */
  phoneLegs: boolean;
  /**
   * The room's SIP endpoints the emulator announced with `dialin-ready` (one entry per `sipEndpoint`, the latest
   * `provider`), oldest first; written by the bundle whenever it posts a `dialin-ready` with a string `sipEndpoint`.
   * Optional for records of bundles older than dial-in.
   */
  dialInEndpoints?: EmulatorDialInEndpoint[];
}

/**
 * A dial-out or dial-in of an {@link EmulatorRoomSnapshot}: the fields of its {@link EmulatorSessionRecord} a new
 * controller needs to go on emitting filled events for it.
 */
export interface EmulatorSessionSnapshot {
  readonly sessionId: string;
  /** `'dial-in'` for a caller dialed in; absent (or `'dial-out'`) for a dial-out. */
  readonly kind?: EmulatorSessionKind | undefined;
  readonly provider: string;
  readonly sipCallId: string;
  readonly destination?: string | undefined;
  readonly userId?: string | undefined;
  readonly callerId?: string | undefined;
  readonly displayName?: string | undefined;
  /** Dial-in only, as {@link EmulatorSessionRecord.sipFrom}. */
  readonly sipFrom?: string | undefined;
  /** Dial-in only, as {@link EmulatorSessionRecord.sipEndpoint}. */
  readonly sipEndpoint?: string | undefined;
  /** Dial-in only, as {@link EmulatorSessionRecord.sipHeaders}. */
  readonly sipHeaders?: Readonly<Record<string, unknown>> | undefined;
  /** Dial-in only, as {@link EmulatorSessionRecord.actionTraceId}. */
  readonly actionTraceId?: string | undefined;
}

/**
 * What survives a page reload in Daily's room: its remote participants (the phone legs and dial-in callers among
 * them) and the live dial-outs and dial-ins, as plain data (JSON-safe when the participants are; the emulator's own phone legs are), made by
 * `EmulatorController.snapshotRoom()` and given to a new call object's controller (`createEmulatorController(call,
 * { room })` or `restoreRoom()`).
 */
export interface EmulatorRoomSnapshot {
  /** The snapshot format, `1`. */
  readonly version: 1;
  /** The room's remote participants (copies), each with its `session_id`. */
  readonly participants: readonly Readonly<Record<string, unknown>>[];
  /** The dial-outs and dial-ins not yet ended. */
  readonly sessions: readonly EmulatorSessionSnapshot[];
}

/** The registry at `window.__dailyDialOutEmulator`. */
export interface EmulatorRegistry {
  readonly protocol: number;
  /** By daily-js `callClientId`. */
  readonly clients: Record<string, EmulatorClientRecord>;
  /** Set by the bundle when evaluated. */
  bundle:
    | {
        readonly protocol: number;
        readonly emulates: string;
        /** Evaluations in this window. */
        evaluations: number;
        /** The bundle's single `message` listener on `window`. */
        listener: (event: MessageEvent) => void;
      }
    | undefined;
}

/** @internal Returns the registry on `target`, creating it as the bundle does. */
export function ensureRegistry(target: object = globalThis): EmulatorRegistry {
  const holder = target as Record<string, unknown>;
  let registry = holder[EMULATOR_GLOBAL] as EmulatorRegistry | undefined;
  if (!registry) {
    registry = { protocol: EMULATOR_PROTOCOL, clients: {}, bundle: undefined };
    holder[EMULATOR_GLOBAL] = registry;
  }
  return registry;
}

/** @internal Returns the record of a call client, creating it as the bundle does. */
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
      localFields: {},
      local: undefined,
      participants: {},
      roomConfig: undefined,
      phoneLegs: true,
      dialInEndpoints: [],
    };
    registry.clients[callClientId] = record;
  }
  return record;
}
