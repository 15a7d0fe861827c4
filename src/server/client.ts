/** `createDailyDialOutClient`: Daily's dial-out, call-transfer and pinless dial-in REST endpoints, for Node ≥ 20. */
import type { DailyStartDialoutPhoneOptions, DailyStartDialoutSipOptions } from '@daily-co/daily-js';
import { type SchedulerLike, defer, retry, throwError, timer } from 'rxjs';
import { DialOutValidationError, type DialOutValidationIssue } from '../errors.js';
import { validateDtmfTones } from '../validation/dtmf.js';
import { checkSipUri } from '../validation/startDialOutOptions.js';
import { parseStartDialOutOptions, validateStartDialOutOptions } from '../validation/startDialOutOptions.js';
import { describeKind, describeValue, isPlainObject, own } from '../values.js';
import { DailyApiError, type DailyApiErrorKind } from './errors.js';

/**
 * The body of Daily's REST `dialOut/start`: daily-js's `startDialOut()` options without `provider` and `permissions`,
 * which the endpoint's schema (`additionalProperties: false`) does not list.
 */
export type DailyRestDialOutOptions =
  | Omit<DailyStartDialoutSipOptions, 'provider' | 'permissions'>
  | Omit<DailyStartDialoutPhoneOptions, 'permissions'>;

/** What `sendDTMF` sends: Daily's REST `dialOut/sendDTMF` body. */
export interface DailyRestSendDtmfOptions {
  /** The dial-out's `sessionId`, as `startDialOut` returned it. */
  sessionId: string;
  /** 1 to 20 DTMF tones of `0-9`, `A-D`, `*`, `#` (e.g. `'1234#'`). */
  tones: string;
  /** Duration of each digit, ms; an integer from 50 to 2000 (Daily's default 500). */
  digitDurationMs?: number;
}

/**
 * What `sipCallTransfer` sends: the body of Daily's REST `POST /rooms/{room_name}/sipCallTransfer` ("Room SIP Call
 * Transfer", https://docs.daily.co/reference/rest-api/rooms/callTransfer/sip-call-transfer), the same fields as daily-js
 * 0.92.2's `DailySipCallTransferOptions`. The client checks them first (see {@link DailyDialOutClient.sipCallTransfer}).
 */
export interface DailyRestSipCallTransferOptions {
  /** The `sessionId` of the SIP or PSTN participant to transfer (a dial-out's, as `startDialOut` returned it, or a dial-in's). */
  sessionId: string;
  /**
   * Where to transfer the call (capital **P**, as daily-js spells it): a SIP URI (`sip:…`, RFC 3261) or an E.164 phone
   * number (`+` then 2 to 15 digits).
   */
  toEndPoint: string;
  /** Caller ID shown on the called phone (Daily: a number purchased on Daily, by its id); 1 to 255 characters; only with a `+` `toEndPoint`. */
  callerId?: string;
  /** Digits dialed once the call is answered, 1 to 20 characters; only with a `+` `toEndPoint`. */
  extension?: string;
  /** Seconds to wait after the answer before dialing `extension`; an integer from 0 to 60 (Daily's default 0); only with `extension`. */
  waitBeforeExtensionDialSec?: number;
}

/**
 * What `sipRefer` sends: the body of Daily's REST `POST /rooms/{room_name}/sipRefer` ("Room SIP Refer",
 * https://docs.daily.co/reference/rest-api/rooms/call-transfer/sip-refer.md), the same fields as daily-js 0.92.2's
 * `DailySipReferOptions`. Daily's stored REST schema is cut after `sessionId`: `toEndPoint` as the REST field name is
 * inferred from daily-js and the older docs page, not seen in the schema.
 */
export interface DailyRestSipReferOptions {
  /** The `sessionId` of the SIP participant to refer. */
  sessionId: string;
  /** Where the far end is referred to: a SIP URI (`sip:…`, RFC 3261). A REFER cannot go to a phone number. */
  toEndPoint: string;
}

/**
 * What `pinlessCallUpdate` sends: the body of Daily's REST `POST /dialin/pinlessCallUpdate` ("Pinless call update",
 * https://docs.daily.co/reference/rest-api/dial-in/pinless-update), which forwards a caller Daily holds (a pinless
 * dial-in or SIP Interconnect call, with hold music) to a room. The client checks it first (see
 * {@link DailyDialOutClient.pinlessCallUpdate}).
 */
export interface DailyRestPinlessCallUpdateOptions {
  /** The held call's id in the SIP network (a UUID): the `callId` of the request Daily POSTed to your `room_creation_api`. */
  callId: string;
  /** Your Daily domain's id on the SIP network (a UUID): the `callDomain` of that same request. */
  callDomain: string;
  /**
   * Where the caller goes: the target room's SIP URI (`sip:…`, RFC 3261, as `startDialOut`'s `sipUri`), e.g. the
   * `sipEndpoint` of that room's `dialin-ready` event or the `sip_endpoint` of its `dialin.ready` webhook.
   */
  sipUri: string;
}

/** The part of `fetch` the client uses (the global `fetch` of Node ≥ 20 by default). */
export type DailyFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Options of one request: the last argument of every {@link DailyDialOutClient} method. */
export interface DailyRequestOptions {
  /**
   * Cancels the request: the attempt in flight is aborted, no retry is made, and the method rejects with a
   * {@link DailyApiError} of kind `aborted` (`cause`: `signal.reason`). An already-aborted signal rejects before anything is sent.
   */
  signal?: AbortSignal;
}

/** When the client may send a request again, and how long it waits (the rule: {@link createDailyDialOutClient}). */
export interface DailyApiRetryOptions {
  /** Attempts in all, the first included; an integer from 1 (no retry) to 10. Default 3. */
  maxAttempts?: number;
  /** Base of the exponential backoff, ms. Default 500. */
  baseDelayMs?: number;
  /** Longest wait before a retry, ms; a `Retry-After` longer than this ends the retries. Default 8000. */
  maxDelayMs?: number;
}

/** Given to {@link DailyDialOutClientOptions.onRetry} before each retry. */
export interface DailyApiRetryEvent {
  /** Method and path, e.g. `POST /rooms/my-room/dialOut/start`. */
  readonly endpoint: string;
  /** The attempt that failed (1 for the first). */
  readonly attempt: number;
  /** How long the client waits before the next attempt, ms. */
  readonly delayMs: number;
  /** Why the attempt failed: HTTP 429, a connection that failed before the request was sent, or (only for `dialOut/stop`) a 5xx answer. */
  readonly error: DailyApiError;
}

/** Options of {@link createDailyDialOutClient}. Durations in ms. */
export interface DailyDialOutClientOptions {
  /** Your Daily API key (sent as `Authorization: Bearer …`; never put in errors). */
  apiKey: string;
  /** Default `'https://api.daily.co/v1'`. An `http:` or `https:` URL without query, fragment or credentials. */
  baseUrl?: string;
  /** Default the global `fetch`. */
  fetch?: DailyFetch;
  /** Time limit of one attempt (answer and body), ms; an integer ≥ 1 or `Infinity`. Default 15 000. */
  timeoutMs?: number;
  /** Retries of failures where repeating cannot repeat an action; see {@link DailyApiRetryOptions} and {@link createDailyDialOutClient}. */
  retry?: DailyApiRetryOptions;
  /** Set to `true` to allow creating a client where `window` exists (e.g. a jsdom test); default `false`. */
  allowBrowser?: boolean;
  /** RxJS scheduler of the waits between retries (default RxJS's `asyncScheduler`); for tests. */
  scheduler?: SchedulerLike;
  /** Called before each retry (e.g. to log it); exceptions it throws are ignored. */
  onRetry?: (event: DailyApiRetryEvent) => void;
}

/**
 * The dial-out REST client made by {@link createDailyDialOutClient}. Each method checks its arguments first and rejects
 * with `DialOutValidationError`, before any request, when one is invalid, or with a {@link DailyApiError} when the
 * request fails.
 */
export interface DailyDialOutClient {
  /** `POST /rooms/{room_name}/dialOut/start`: starts a dial-out in the room; resolves with Daily's `sessionId`. */
  startDialOut(roomName: string, options: DailyRestDialOutOptions, request?: DailyRequestOptions): Promise<{ sessionId: string }>;
  /** `POST /rooms/{room_name}/dialOut/stop`: hangs up the dial-out `sessionId`. */
  stopDialOut(roomName: string, sessionId: string, request?: DailyRequestOptions): Promise<void>;
  /** `POST /rooms/{room_name}/dialOut/sendDTMF`: sends DTMF tones on a dial-out. */
  sendDTMF(roomName: string, options: DailyRestSendDtmfOptions, request?: DailyRequestOptions): Promise<void>;
  /**
   * `POST /rooms/{room_name}/sipCallTransfer` ("Room SIP Call Transfer",
   * https://docs.daily.co/reference/rest-api/rooms/callTransfer/sip-call-transfer): transfers the SIP or PSTN leg
   * `sessionId` to `toEndPoint`; the call stays anchored to Daily (both legs are billed) and the leg leaves the room
   * (`participant-left`, then `dialout-stopped` / `dialin-stopped` there). Progress comes only as `calltransfer.*`
   * webhooks (`parseDialOutWebhook`).
   *
   * Checked first: `roomName` and `sessionId` non-empty strings; `toEndPoint` a SIP URI (`sip:…`, RFC 3261 as
   * `startDialOut`'s `sipUri`) or an E.164 number (`+…`, as its `phoneNumber`); `callerId` (1–255 characters),
   * `extension` (1–20 characters) and `waitBeforeExtensionDialSec` (an integer 0–60 s, only with `extension`) only with a
   * `+` target, as Daily documents them PSTN-only (daily-js 0.92.2 lets `extension` through with `sip:`); no other field.
   *
   * Not idempotent, like `start`: sent again only after HTTP 429 or a connection that failed before sending; a 5xx, a
   * timeout or a connection lost after sending rejects at once with `mayHaveSucceeded: true` (a second request could
   * transfer again: wait for the `calltransfer.triggered` webhook instead).
   *
   * @returns Resolves `undefined` on any 2xx answer (Daily documents `{ "ok": "true" }`, a string).
   * @throws Rejects with `DialOutValidationError` (subject `sipCallTransfer request`, each issue naming its field, never
   * its value) before sending anything; with a {@link DailyApiError} when the request fails. Daily's documented
   * failures come as `kind: 'http'` with `status` and Daily's `error` / `info`, `mayHaveSucceeded: false`, not retried:
   * 404 "Room is not hosting a call", 404 "invalid sessionId", 400 "Room not in SFU mode", 400 "Call closed before
   * command could be delivered".
   */
  sipCallTransfer(roomName: string, options: DailyRestSipCallTransferOptions, request?: DailyRequestOptions): Promise<void>;
  /**
   * `POST /rooms/{room_name}/sipRefer` ("Room SIP Refer", https://docs.daily.co/reference/rest-api/rooms/call-transfer/sip-refer.md):
   * sends a SIP REFER so that the far end of the SIP leg `sessionId` connects to `toEndPoint` directly; Daily leaves the
   * media path (and stops billing that leg) once the REFER succeeds. Daily sends `calltransfer.triggered` /
   * `calltransfer.initiated` (with `is_sip_refer: true`) but no `answered` / `completed` for a REFER.
   *
   * Checked first: `roomName` and `sessionId` non-empty strings; `toEndPoint` a SIP URI (`sip:…`, RFC 3261), not a
   * phone number; no other field. The REST field name `toEndPoint` is inferred (from daily-js and Daily's older page):
   * the stored REST schema is cut after `sessionId`.
   *
   * Not idempotent, like `start` and `sipCallTransfer`: same retry rule and `mayHaveSucceeded` meaning.
   *
   * @returns Resolves `undefined` on any 2xx answer (Daily documents `{ "ok": "true" }`, a string).
   * @throws Rejects with `DialOutValidationError` (subject `sipRefer request`) before sending anything; with a
   * {@link DailyApiError} when the request fails, Daily's documented failures (the same four as `sipCallTransfer`)
   * as `kind: 'http'` with `status`, `error` and `info`.
   */
  sipRefer(roomName: string, options: DailyRestSipReferOptions, request?: DailyRequestOptions): Promise<void>;
  /**
   * `POST /dialin/pinlessCallUpdate` ("Pinless call update", https://docs.daily.co/reference/rest-api/dial-in/pinless-update):
   * forwards a caller Daily holds (pinless dial-in, SIP Interconnect) to a room's SIP URI. Daily's flow: the caller
   * dials your number or static SIP URI and is put on hold; Daily POSTs `{ callId, callDomain, … }` to your
   * `room_creation_api`; you create (or pick) a room with SIP dial-in, a participant joins it, and **only after that
   * room's `dialin-ready`** (or `dialin.ready` webhook) do you call this with its `sipEndpoint` as `sipUri`. Calling
   * earlier is not supported by Daily's docs (what then happens is undocumented). Not room-scoped: no `roomName`.
   *
   * Checked first: `callId` and `callDomain` non-empty strings; `sipUri` a SIP URI (`sip:…`, RFC 3261, by the rules
   * of `startDialOut`'s `sipUri`: e.g. `sip:room.0@….dapp.signalwire.com`, `?x-daily_display_name=…` allowed); no other field.
   *
   * **Not idempotent**, like `start` and the transfers: Daily does not document that repeating it is harmless. Once a
   * first request has forwarded the held call, a second one could forward the caller again (to an endpoint that
   * already serves them: each SIP endpoint takes one call at a time), or fail with 404 "Call Forwarding Failed" and
   * hide the first one's success. So it is sent again only after HTTP 429 or a connection that failed before sending;
   * a 5xx, a timeout or a connection lost after sending rejects at once with `mayHaveSucceeded: true`: wait for the
   * room's `dialin-connected` (`dialin.connected`) before trying again.
   *
   * @returns Resolves `undefined` on any 2xx answer (Daily documents `{ "ok": "true" }`, a string).
   * @throws Rejects with `DialOutValidationError` (subject `pinlessCallUpdate request`, each issue naming its field,
   * never its value) before sending anything; with a {@link DailyApiError} when the request fails. Daily's documented
   * failures (their bodies are not documented; Daily's usual `{ error, info }` is read when present) come as
   * `kind: 'http'` with `status`, `mayHaveSucceeded: false`, not retried: 400 "Missing fields", 404 "Call Forwarding
   * Failed" (e.g. no such held call, or it was already forwarded or hung up).
   */
  pinlessCallUpdate(update: DailyRestPinlessCallUpdateOptions, request?: DailyRequestOptions): Promise<void>;
}

const DEFAULT_BASE_URL = 'https://api.daily.co/v1';
const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_RETRY = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8_000 } as const;
const MAX_ATTEMPTS = 10;
/** setTimeout's limit. */
const MAX_DELAY_MS = 2_147_483_647;
const OPTION_KEYS = ['apiKey', 'baseUrl', 'fetch', 'timeoutMs', 'retry', 'allowBrowser', 'scheduler', 'onRetry'];
const RETRY_KEYS = ['maxAttempts', 'baseDelayMs', 'maxDelayMs'];
/** The body fields of `dialOut/start` (Daily's `dialout-properties` schema, `additionalProperties: false`). */
const REST_START_KEYS = new Set([
  'sipUri',
  'phoneNumber',
  'extension',
  'waitBeforeExtensionDialSec',
  'displayName',
  'userId',
  'callerId',
  'video',
  'videoSettings',
  'codecs',
]);
const DTMF_KEYS = ['sessionId', 'tones', 'digitDurationMs'];
const TRANSFER_KEYS = ['sessionId', 'toEndPoint', 'callerId', 'extension', 'waitBeforeExtensionDialSec'];
const REFER_KEYS = ['sessionId', 'toEndPoint'];
const PINLESS_KEYS = ['callId', 'callDomain', 'sipUri'];
const REDACTED = '[redacted]';
const MAX_TEXT = 500;

/**
 * Each endpoint's path (under `/rooms/{room_name}/` when `inRoom`) and whether a second request could act twice.
 * {@link mayRetry} reads only `idempotent`, so every endpoint added here gets the same retry rule. A transfer or REFER
 * sent twice could move the call twice; a pinless update sent twice could forward the held caller twice (Daily does not
 * document it as harmless).
 */
const ENDPOINTS = {
  start: { path: 'dialOut/start', inRoom: true, idempotent: false },
  stop: { path: 'dialOut/stop', inRoom: true, idempotent: true },
  sendDTMF: { path: 'dialOut/sendDTMF', inRoom: true, idempotent: false },
  sipCallTransfer: { path: 'sipCallTransfer', inRoom: true, idempotent: false },
  sipRefer: { path: 'sipRefer', inRoom: true, idempotent: false },
  pinlessCallUpdate: { path: 'dialin/pinlessCallUpdate', inRoom: false, idempotent: false },
} as const satisfies Record<string, { readonly path: string; readonly inRoom: boolean; readonly idempotent: boolean }>;

type Operation = keyof typeof ENDPOINTS;
type Issues = DialOutValidationIssue[];
type Redact = (text: string) => string;

interface Settings {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly fetch: DailyFetch;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly scheduler: SchedulerLike | undefined;
  readonly onRetry: ((event: DailyApiRetryEvent) => void) | undefined;
}

// ---------------------------------------------------------------------------
// Validation

function orDefault(value: unknown, fallback: number): unknown {
  return value === undefined ? fallback : value;
}

function unknownKeys(source: Record<string, unknown>, allowed: readonly string[], prefix: string, what: string, issues: Issues): void {
  for (const key of Object.keys(source)) {
    if (!allowed.includes(key)) {
      issues.push({ path: `${prefix}${key}`, message: `is not ${what} (allowed: ${allowed.join(', ')})` });
    }
  }
}

function checkInteger(value: unknown, path: string, min: number, max: number, issues: Issues): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    issues.push({ path, message: `must be an integer from ${min} to ${max}, got ${describeValue(value)}` });
  }
}

function resolveSettings(options: unknown): Settings {
  const issues: Issues = [];
  if (!isPlainObject(options)) {
    throw new DialOutValidationError(
      [{ path: '', message: `must be an object with at least apiKey, got ${describeKind(options)}` }],
      'Daily client options',
    );
  }
  unknownKeys(options, OPTION_KEYS, '', 'a client option', issues);

  const apiKey = own(options, 'apiKey');
  if (typeof apiKey !== 'string' || !/^[\x21-\x7E]+$/.test(apiKey)) {
    // Never echo the value: it may be the key.
    issues.push({
      path: 'apiKey',
      message:
        typeof apiKey === 'string'
          ? 'must be a non-empty string of printable ASCII without spaces or line breaks'
          : `must be a string (your Daily API key), got ${describeKind(apiKey)}`,
    });
  }
  const key = typeof apiKey === 'string' ? apiKey : '';

  let baseUrl = DEFAULT_BASE_URL;
  const givenBase = own(options, 'baseUrl');
  if (givenBase !== undefined) {
    let url: URL | undefined;
    if (typeof givenBase === 'string') {
      try {
        url = new URL(givenBase);
      } catch {
        url = undefined;
      }
    }
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      issues.push({ path: 'baseUrl', message: `must be an absolute http: or https: URL, got ${describeKind(givenBase)}` });
    } else if (url.username || url.password || url.search || url.hash) {
      issues.push({ path: 'baseUrl', message: 'must not contain credentials, a query or a fragment' });
    } else {
      baseUrl = url.href.replace(/\/+$/, '');
    }
  }

  const givenFetch = own(options, 'fetch');
  let fetchImpl: DailyFetch | undefined;
  if (givenFetch !== undefined) {
    if (typeof givenFetch === 'function') fetchImpl = givenFetch as DailyFetch;
    else issues.push({ path: 'fetch', message: `must be a function, got ${describeKind(givenFetch)}` });
  } else if (typeof globalThis.fetch === 'function') {
    fetchImpl = (url, init) => globalThis.fetch(url, init);
  } else {
    issues.push({ path: 'fetch', message: 'is required: there is no global fetch here (Node ≥ 20 has one)' });
  }

  const timeoutMs = orDefault(own(options, 'timeoutMs'), DEFAULT_TIMEOUT_MS);
  if (timeoutMs !== Infinity) checkInteger(timeoutMs, 'timeoutMs', 1, MAX_DELAY_MS, issues);

  let retryOptions: Record<string, unknown> = {};
  const givenRetry = own(options, 'retry');
  if (givenRetry !== undefined) {
    if (isPlainObject(givenRetry)) {
      retryOptions = givenRetry;
      unknownKeys(givenRetry, RETRY_KEYS, 'retry.', 'a retry option', issues);
    } else {
      issues.push({ path: 'retry', message: `must be an object { maxAttempts?, baseDelayMs?, maxDelayMs? }, got ${describeKind(givenRetry)}` });
    }
  }
  const maxAttempts = orDefault(own(retryOptions, 'maxAttempts'), DEFAULT_RETRY.maxAttempts);
  const baseDelayMs = orDefault(own(retryOptions, 'baseDelayMs'), DEFAULT_RETRY.baseDelayMs);
  const maxDelayMs = orDefault(own(retryOptions, 'maxDelayMs'), DEFAULT_RETRY.maxDelayMs);
  checkInteger(maxAttempts, 'retry.maxAttempts', 1, MAX_ATTEMPTS, issues);
  checkInteger(baseDelayMs, 'retry.baseDelayMs', 0, MAX_DELAY_MS, issues);
  checkInteger(maxDelayMs, 'retry.maxDelayMs', 0, MAX_DELAY_MS, issues);

  const allowBrowser = own(options, 'allowBrowser');
  if (allowBrowser !== undefined && typeof allowBrowser !== 'boolean') {
    issues.push({ path: 'allowBrowser', message: `must be a boolean, got ${describeValue(allowBrowser)}` });
  }
  const scheduler = own(options, 'scheduler');
  if (scheduler !== undefined && (typeof scheduler !== 'object' || scheduler === null || typeof (scheduler as SchedulerLike).schedule !== 'function')) {
    issues.push({ path: 'scheduler', message: `must be an RxJS scheduler, got ${describeKind(scheduler)}` });
  }
  const onRetry = own(options, 'onRetry');
  if (onRetry !== undefined && typeof onRetry !== 'function') {
    issues.push({ path: 'onRetry', message: `must be a function, got ${describeKind(onRetry)}` });
  }

  if (issues.length > 0) {
    const redact = makeRedact(key);
    throw new DialOutValidationError(
      issues.map((i) => ({ path: redact(i.path), message: redact(i.message) })),
      'Daily client options',
    );
  }
  return {
    apiKey: key,
    baseUrl,
    fetch: fetchImpl as DailyFetch,
    timeoutMs: timeoutMs as number,
    maxAttempts: maxAttempts as number,
    baseDelayMs: baseDelayMs as number,
    maxDelayMs: maxDelayMs as number,
    scheduler: scheduler as SchedulerLike | undefined,
    onRetry: onRetry as ((event: DailyApiRetryEvent) => void) | undefined,
  };
}

function encodeRoomName(roomName: unknown, issues: Issues): string {
  if (typeof roomName !== 'string' || roomName.length === 0) {
    issues.push({ path: 'roomName', message: `must be a non-empty string, got ${describeValue(roomName)}` });
    return '';
  }
  if (roomName === '.' || roomName === '..') {
    // URL parsers resolve these as path segments (even %2E%2E), which would leave /rooms/.
    issues.push({ path: 'roomName', message: `must not be ${JSON.stringify(roomName)}` });
    return '';
  }
  try {
    return encodeURIComponent(roomName);
  } catch {
    issues.push({ path: 'roomName', message: 'must be well-formed UTF-16 (it has a lone surrogate)' });
    return '';
  }
}

function checkSessionId(sessionId: unknown, issues: Issues): void {
  if (typeof sessionId !== 'string' || sessionId.length === 0) {
    issues.push({ path: 'sessionId', message: `must be a non-empty string, got ${describeValue(sessionId)}` });
  }
}

/**
 * Checks a transfer's `toEndPoint` (`refer`: a SIP URI only) with `startDialOut`'s `sipUri` / `phoneNumber` rules;
 * returns its kind when it has a usable prefix. Messages never contain the value.
 */
function checkEndPoint(value: unknown, refer: boolean, issues: Issues): 'sip' | 'phone' | undefined {
  const path = 'toEndPoint';
  if (typeof value !== 'string' || value.length === 0) {
    const what = refer ? "a SIP URI ('sip:…')" : "a SIP URI ('sip:…') or an E.164 phone number ('+…')";
    issues.push({ path, message: `must be ${what}, got ${describeKind(value)}` });
    return undefined;
  }
  const kind = value.startsWith('sip:') ? 'sip' : value.startsWith('+') ? 'phone' : undefined;
  if (refer && kind !== 'sip') {
    issues.push({ path, message: "must be a SIP URI starting with 'sip:' (a REFER goes to a SIP endpoint, never a phone number)" });
    return undefined;
  }
  if (kind === undefined) {
    issues.push({ path, message: "must start with 'sip:' (a SIP URI) or '+' (an E.164 phone number)" });
    return undefined;
  }
  for (const issue of validateStartDialOutOptions(kind === 'sip' ? { sipUri: value } : { phoneNumber: value })) {
    issues.push({ path, message: issue.message });
  }
  return kind;
}

/** Checks the body of `sipCallTransfer` (`refer` false) or `sipRefer`; returns the copy to send. `undefined` counts as absent. */
function transferBody(options: unknown, refer: boolean, issues: Issues): Record<string, unknown> {
  const name = refer ? 'sipRefer' : 'sipCallTransfer';
  const allowed = refer ? REFER_KEYS : TRANSFER_KEYS;
  const body: Record<string, unknown> = {};
  if (!isPlainObject(options)) {
    issues.push({ path: '', message: `the ${name} options must be an object { sessionId, toEndPoint${refer ? '' : ', …'} }, got ${describeKind(options)}` });
    return body;
  }
  for (const key of Object.keys(options)) {
    if (allowed.includes(key) || own(options, key) === undefined) continue;
    const hint = key.toLowerCase() === 'toendpoint' ? ' (did you mean toEndPoint, with a capital P?)' : '';
    issues.push({ path: key, message: `is not a ${name} field (allowed: ${allowed.join(', ')})${hint}` });
  }
  const sessionId = own(options, 'sessionId');
  const toEndPoint = own(options, 'toEndPoint');
  checkSessionId(sessionId, issues);
  const kind = checkEndPoint(toEndPoint, refer, issues);
  Object.assign(body, { sessionId, toEndPoint });
  if (refer) return body;

  const callerId = own(options, 'callerId');
  const extension = own(options, 'extension');
  const wait = own(options, 'waitBeforeExtensionDialSec');
  /** Daily documents these PSTN-only; with an unusable `toEndPoint` that is already reported, so not again. */
  const pstnOnly = (path: string): void => {
    if (kind === 'sip') issues.push({ path, message: "is only allowed when toEndPoint is a phone number ('+…')" });
  };
  const text = (value: unknown, path: string, max: number): void => {
    pstnOnly(path);
    if (typeof value !== 'string') issues.push({ path, message: `must be a string, got ${describeKind(value)}` });
    else if (value.length === 0 || value.length > max) issues.push({ path, message: `must be 1 to ${max} characters, got ${value.length}` });
  };
  if (callerId !== undefined) {
    text(callerId, 'callerId', 255);
    body.callerId = callerId;
  }
  if (extension !== undefined) {
    text(extension, 'extension', 20);
    body.extension = extension;
  }
  if (wait !== undefined) {
    if (extension === undefined) issues.push({ path: 'waitBeforeExtensionDialSec', message: 'requires extension' });
    else pstnOnly('waitBeforeExtensionDialSec');
    checkInteger(wait, 'waitBeforeExtensionDialSec', 0, 60, issues);
    body.waitBeforeExtensionDialSec = wait;
  }
  return body;
}

/** The field `key` may have been meant as (another case, `_` or `-`: `callID`, `sip_uri`), for a hint. */
function meant(key: string, allowed: readonly string[]): string | undefined {
  const plain = key.toLowerCase().replace(/[_-]/g, '');
  return allowed.find((name) => name !== key && name.toLowerCase() === plain);
}

/** Checks the body of `pinlessCallUpdate`; returns the copy to send. `undefined` counts as absent. */
function pinlessBody(options: unknown, issues: Issues): Record<string, unknown> {
  if (!isPlainObject(options)) {
    issues.push({ path: '', message: `the pinlessCallUpdate options must be an object { callId, callDomain, sipUri }, got ${describeKind(options)}` });
    return {};
  }
  for (const key of Object.keys(options)) {
    if (PINLESS_KEYS.includes(key) || own(options, key) === undefined) continue;
    const name = meant(key, PINLESS_KEYS);
    const hint = name
      ? ` (did you mean ${name}?)`
      : /^sip_?endpoint$/i.test(key)
        ? ' (the dialin-ready sipEndpoint goes in sipUri)'
        : '';
    issues.push({ path: key, message: `is not a pinlessCallUpdate field (allowed: ${PINLESS_KEYS.join(', ')})${hint}` });
  }
  const callId = own(options, 'callId');
  const callDomain = own(options, 'callDomain');
  const sipUri = own(options, 'sipUri');
  for (const [path, value] of [['callId', callId], ['callDomain', callDomain]] as const) {
    if (typeof value !== 'string' || value.length === 0) {
      issues.push({ path, message: `must be a non-empty string, got ${describeValue(value)}` });
    }
  }
  checkSipUri((path, message) => issues.push({ path, message }), sipUri, 'sipUri');
  return { callId, callDomain, sipUri };
}

function readSignal(requestOptions: unknown, issues: Issues): AbortSignal | undefined {
  if (requestOptions === undefined) return undefined;
  if (!isPlainObject(requestOptions)) {
    issues.push({ path: '(request options)', message: `must be an object { signal? }, got ${describeKind(requestOptions)}` });
    return undefined;
  }
  for (const key of Object.keys(requestOptions)) {
    if (key !== 'signal') issues.push({ path: key, message: 'is not a request option (allowed: signal)' });
  }
  const signal = own(requestOptions, 'signal');
  if (signal === undefined) return undefined;
  if (!(signal instanceof AbortSignal)) {
    issues.push({ path: 'signal', message: `must be an AbortSignal, got ${describeKind(signal)}` });
    return undefined;
  }
  return signal;
}

function fail(issues: Issues, subject: string): never {
  throw new DialOutValidationError(issues, subject);
}

// ---------------------------------------------------------------------------
// Requests

function makeRedact(apiKey: string): Redact {
  if (apiKey === '') return (text) => text;
  return (text) => text.split(apiKey).join(REDACTED);
}

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/** A copy of an error chain with the key removed from every message and stack. */
function scrub(value: unknown, redact: Redact, depth = 0): Error {
  const source = value instanceof Error ? value : undefined;
  const inner = depth < 4 && source?.cause !== undefined ? scrub(source.cause, redact, depth + 1) : undefined;
  const copy = new Error(redact(source ? source.message : String(value)), inner ? { cause: inner } : undefined);
  if (source) {
    copy.name = redact(source.name);
    copy.stack = source.stack === undefined ? undefined : redact(source.stack);
    const code = (source as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code });
  }
  return copy;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  if (/[A-Za-z]/.test(text)) {
    const at = Date.parse(text);
    if (!Number.isNaN(at)) return Math.max(0, at - Date.now());
  }
  return undefined;
}

/** `stop`, `sendDTMF`, `sipCallTransfer`, `sipRefer` and `pinlessCallUpdate` only need a 2xx answer; their body is not used. */
const acceptAnything = (): true => true;

/**
 * Codes of a connection that failed before any byte was sent (Node's `net` / `dns`, undici's connect timeout): Daily
 * cannot have acted. Others (`ECONNRESET`, `UND_ERR_SOCKET`, TLS errors, …) may come after the request left.
 */
const BEFORE_SEND_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Whether the `cause` chain (and an `AggregateError`'s errors: Node tries several addresses) has codes, all of them above. */
function failedBeforeSending(reason: unknown): boolean {
  const codes: unknown[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 6 || typeof value !== 'object' || value === null) return;
    const code = (value as { code?: unknown }).code;
    const errors = (value as { errors?: unknown }).errors;
    const cause = (value as { cause?: unknown }).cause;
    if (Array.isArray(errors) && errors.length > 0) {
      for (const inner of errors) visit(inner, depth + 1);
      return;
    }
    if (cause !== undefined) visit(cause, depth + 1);
    else if (code !== undefined) codes.push(code);
    else codes.push(undefined);
  };
  visit(reason, 0);
  return codes.length > 0 && codes.every((code) => typeof code === 'string' && BEFORE_SEND_CODES.has(code));
}

function mayRetry(error: unknown, idempotent: boolean): error is DailyApiError {
  if (!(error instanceof DailyApiError)) return false;
  if (error.kind === 'http' && error.status === 429) return true;
  if (error.kind === 'network' && !error.mayHaveSucceeded) return true;
  return idempotent && error.kind === 'http' && error.status !== undefined && error.status >= 500;
}

interface AttemptContext {
  readonly url: string;
  readonly endpoint: string;
  readonly body: string;
  readonly attempt: number;
  readonly signal: AbortSignal | undefined;
}

function createRequester(settings: Settings) {
  const redact = makeRedact(settings.apiKey);

  function apiError(
    kind: DailyApiErrorKind,
    endpoint: string,
    attempt: number,
    detail: string,
    extra: { status?: number; error?: string; info?: string; retryAfterMs?: number; cause?: unknown; mayHaveSucceeded?: boolean } = {},
  ): DailyApiError {
    const tries = attempt > 1 ? ` (after ${attempt} attempts)` : '';
    return new DailyApiError({
      kind,
      endpoint,
      attempts: attempt,
      status: extra.status,
      error: extra.error === undefined ? undefined : redact(extra.error),
      info: extra.info === undefined ? undefined : redact(extra.info),
      retryAfterMs: extra.retryAfterMs,
      mayHaveSucceeded: extra.mayHaveSucceeded === true,
      message: redact(`Daily API ${endpoint} ${detail}${tries}`),
      cause: extra.cause === undefined ? undefined : scrub(extra.cause, redact),
    });
  }

  function abortError(endpoint: string, attempt: number, signal: AbortSignal, inFlight: boolean): DailyApiError {
    const when = inFlight ? 'while the request was in flight' : attempt === 0 ? 'before it was sent' : 'while waiting to retry';
    return apiError('aborted', endpoint, Math.max(attempt, 0), `was aborted ${when}`, {
      cause: signal.reason,
      mayHaveSucceeded: inFlight,
    });
  }

  /** One attempt: resolves with the status and parsed JSON body of a 2xx answer (`json` is `undefined` when empty). */
  async function attemptOnce({ url, endpoint, body, attempt, signal: callerSignal }: AttemptContext): Promise<{ status: number; json: unknown }> {
    const timeout = settings.timeoutMs === Infinity ? undefined : AbortSignal.timeout(settings.timeoutMs);
    const signals = [callerSignal, timeout].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const onFailure = (reason: unknown): never => {
      if (callerSignal?.aborted) throw abortError(endpoint, attempt, callerSignal, true);
      if (timeout?.aborted) {
        throw apiError('timeout', endpoint, attempt, `timed out after ${settings.timeoutMs} ms`, { mayHaveSucceeded: true });
      }
      const text = reason instanceof Error ? reason.message : String(reason);
      const before = failedBeforeSending(reason);
      throw apiError('network', endpoint, attempt, `could not reach Daily: ${clip(text)}`, { cause: reason, mayHaveSucceeded: !before });
    };
    let status: number;
    let ok: boolean;
    let retryAfter: string | null;
    let text: string;
    try {
      const headers = {
        Authorization: `Bearer ${settings.apiKey}`,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      };
      const response = await settings.fetch(url, { method: 'POST', headers, body, signal, redirect: 'error' });
      status = response.status;
      ok = response.ok;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (reason) {
      return onFailure(reason);
    }

    let json: unknown;
    let isJson = false;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
        isJson = true;
      } catch {
        json = undefined;
      }
    }
    if (ok) {
      if (text.trim() !== '' && !isJson) {
        throw apiError('invalid-response', endpoint, attempt, `answered HTTP ${status} with a body that is not JSON`, {
          status,
          mayHaveSucceeded: true,
        });
      }
      return { status, json };
    }
    const fields = isPlainObject(json) ? json : {};
    const error = typeof fields.error === 'string' ? fields.error : undefined;
    const info = typeof fields.info === 'string' ? fields.info : undefined;
    const retryAfterMs = status === 429 || status >= 500 ? parseRetryAfter(retryAfter) : undefined;
    const reason = [error, info].filter((s) => s !== undefined).join(': ');
    throw apiError('http', endpoint, attempt, `failed with HTTP ${status}${reason ? ` (${clip(reason)})` : ''}`, {
      status,
      error,
      info,
      retryAfterMs,
      // a 4xx is Daily refusing the request; anything else does not prove that it did nothing
      mayHaveSucceeded: !(status >= 400 && status < 500),
    });
  }

  /**
   * POSTs `body`, retrying by {@link mayRetry}; `accept` turns a 2xx body into the result, `undefined` when unusable.
   * `encodedRoom` is used only by the endpoints `inRoom`.
   */
  return function request<T>(
    operation: Operation,
    encodedRoom: string,
    body: unknown,
    accept: (json: unknown) => T | undefined,
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const { path: suffix, inRoom, idempotent } = ENDPOINTS[operation];
    const path = inRoom ? `/rooms/${encodedRoom}/${suffix}` : `/${suffix}`;
    const endpoint = `POST ${path}`;
    const url = `${settings.baseUrl}${path}`;
    const json = JSON.stringify(body);
    let attempt = 0;
    /** Whether an attempt so far may have been acted on by Daily. */
    let mayHaveActed = false;
    /** Whether a request is on its way (between fetch() and its answer). */
    let inFlight = false;
    const withHistory = (error: unknown): unknown =>
      error instanceof DailyApiError && mayHaveActed && !error.mayHaveSucceeded
        ? new DailyApiError({ ...error, message: error.message, cause: error.cause, mayHaveSucceeded: true })
        : error;

    const attempts = defer(async () => {
      attempt += 1;
      inFlight = true;
      try {
        const answer = await attemptOnce({ url, endpoint, body: json, attempt, signal });
        const result = accept(answer.json);
        if (result === undefined) {
          throw apiError('invalid-response', endpoint, attempt, `answered HTTP ${answer.status} without a sessionId`, {
            status: answer.status,
            mayHaveSucceeded: true,
          });
        }
        return result;
      } catch (error) {
        if (error instanceof DailyApiError && error.mayHaveSucceeded) mayHaveActed = true;
        throw error;
      } finally {
        inFlight = false;
      }
    });
    const retried = attempts.pipe(
      retry({
        count: settings.maxAttempts - 1,
        delay: (error: unknown, retryCount: number) => {
          if (!mayRetry(error, idempotent)) return throwError(() => error);
          let delayMs: number;
          if (error.retryAfterMs !== undefined) {
            // Never retry sooner than Daily asked; when it asks for more than we may wait, give up.
            if (error.retryAfterMs > settings.maxDelayMs) return throwError(() => error);
            delayMs = error.retryAfterMs;
          } else {
            const cap = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (retryCount - 1));
            delayMs = Math.round(Math.random() * cap); // full jitter
          }
          try {
            settings.onRetry?.(Object.freeze({ endpoint, attempt, delayMs, error }));
          } catch {
            // a logging hook must not change the request
          }
          return timer(delayMs, settings.scheduler);
        },
      }),
    );

    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(endpoint, 0, signal, false));
        return;
      }
      let settled = false;
      let result: T | undefined;
      let hasResult = false;
      const onAbort = (): void => {
        if (settled || !signal) return;
        settled = true;
        subscription.unsubscribe();
        reject(withHistory(abortError(endpoint, attempt, signal, inFlight)));
      };
      const subscription = retried.subscribe({
        next: (value) => {
          result = value;
          hasResult = true;
        },
        error: (error: unknown) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          reject(withHistory(error));
        },
        complete: () => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          if (hasResult) resolve(result as T);
          else reject(apiError('invalid-response', endpoint, attempt, 'gave no answer', { mayHaveSucceeded: true }));
        },
      });
      if (!settled) signal?.addEventListener('abort', onAbort, { once: true });
    });
  };
}

// ---------------------------------------------------------------------------
// The client

/**
 * Creates a client for Daily's dial-out REST endpoints, for your server, following Daily's REST reference ("Room Dial Out
 * Start", "Room Dial Out Stop", "Room Dial Out Send DTMF", "Room SIP Call Transfer", "Room SIP Refer", "Pinless call
 * update"): `POST {baseUrl}/rooms/{room_name}/dialOut/start|stop|sendDTMF`, `POST {baseUrl}/rooms/{room_name}/sipCallTransfer|sipRefer`
 * and `POST {baseUrl}/dialin/pinlessCallUpdate` with JSON bodies and `Authorization: Bearer <apiKey>`.
 *
 * - **Validation first.** Start options are checked by `manager.start()`'s validator (`parseStartDialOutOptions`), and
 *   `provider` and `permissions`, which the REST schema lacks, are refused; tones as `parseDtmfTones` checks them; a
 *   transfer's `toEndPoint` by the start options' `sipUri` / `phoneNumber` rules (`sipRefer`: a SIP URI only), a pinless
 *   update's `sipUri` by the `sipUri` rule; room names, session ids, `callId` and `callDomain` must be non-empty
 *   strings. Room names are URL-encoded.
 * - **Retries never repeat an action Daily may have taken.** Any request is sent again after HTTP 429 or a connection
 *   that failed before sending (refused, DNS, connect timeout); `dialOut/stop`, idempotent, also after a 5xx. A 5xx on
 *   `dialOut/start`, `sendDTMF`, `sipCallTransfer`, `sipRefer` or `pinlessCallUpdate` (a second request would dial, send
 *   the tones, transfer or forward the held caller, again), a timeout or a connection lost after sending rejects at once
 *   with `mayHaveSucceeded: true`. One table declares which endpoints are idempotent, so
 *   endpoints added later follow the same rule.
 * - **Waits.** Up to `retry.maxAttempts` attempts, after `Retry-After` (seconds or an HTTP date) when Daily sends one,
 *   else after a random delay up to `min(maxDelayMs, baseDelayMs × 2^(retry − 1))` ms.
 * - **The key** is only ever in the `Authorization` header, never in an error's message, `cause` or JSON; redirects are
 *   refused, so the header never follows one. The client logs nothing and holds no resources: nothing to close.
 *
 * @throws `Error` where `window` exists, unless `allowBrowser: true` (an API key in a web page is everyone's key);
 * `DialOutValidationError` (subject `Daily client options`) when an option is invalid, without the key in its message.
 * @example
 * ```ts
 * const daily = createDailyDialOutClient({ apiKey: process.env.DAILY_API_KEY! });
 * try {
 *   const { sessionId } = await daily.startDialOut('support-room', { phoneNumber: '+12268077097' }, { signal: AbortSignal.timeout(30_000) });
 *   await daily.sendDTMF('support-room', { sessionId, tones: '1#' });
 *   // pinless dial-in: after the target room's dialin-ready, forward the caller Daily holds
 *   await daily.pinlessCallUpdate({ callId, callDomain, sipUri: dialinReady.sipEndpoint });
 * } catch (err) {
 *   if (err instanceof DailyApiError && err.mayHaveSucceeded) await waitForTheWebhooks(); // it may have dialed: never start again blindly
 * }
 * ```
 */
export function createDailyDialOutClient(options: DailyDialOutClientOptions): DailyDialOutClient {
  const allowBrowser = isPlainObject(options) && own(options, 'allowBrowser') === true;
  if (typeof window !== 'undefined' && !allowBrowser) {
    throw new Error(
      'createDailyDialOutClient() refuses to run where `window` exists: a Daily API key in a browser is readable by ' +
        'anyone. Call Daily from your server, or pass allowBrowser: true (e.g. in a jsdom test).',
    );
  }
  const settings = resolveSettings(options);
  const request = createRequester(settings);

  async function startDialOut(
    roomName: string,
    startOptions: DailyRestDialOutOptions,
    requestOptions?: DailyRequestOptions,
  ): Promise<{ sessionId: string }> {
    const issues: Issues = [];
    const room = encodeRoomName(roomName, issues);
    const signal = readSignal(requestOptions, issues);
    let body: Record<string, unknown> | undefined;
    try {
      body = { ...parseStartDialOutOptions(startOptions) };
      for (const key of Object.keys(body)) {
        if (!REST_START_KEYS.has(key)) {
          issues.push({ path: key, message: "is not accepted by Daily's REST dialOut/start (its schema does not list it)" });
        }
      }
    } catch (error) {
      if (!(error instanceof DialOutValidationError)) throw error;
      issues.push(...error.issues);
    }
    if (issues.length > 0 || body === undefined) fail(issues, 'startDialOut request');

    return request(
      'start',
      room,
      body,
      (answer) => {
        const sessionId = isPlainObject(answer) ? own(answer, 'sessionId') : undefined;
        return typeof sessionId === 'string' && sessionId.length > 0 ? { sessionId } : undefined;
      },
      signal,
    );
  }

  async function stopDialOut(roomName: string, sessionId: string, requestOptions?: DailyRequestOptions): Promise<void> {
    const issues: Issues = [];
    const room = encodeRoomName(roomName, issues);
    checkSessionId(sessionId, issues);
    const signal = readSignal(requestOptions, issues);
    if (issues.length > 0) fail(issues, 'stopDialOut request');
    await request('stop', room, { sessionId }, acceptAnything, signal);
  }

  async function sendDTMF(roomName: string, dtmf: DailyRestSendDtmfOptions, requestOptions?: DailyRequestOptions): Promise<void> {
    const issues: Issues = [];
    const room = encodeRoomName(roomName, issues);
    const signal = readSignal(requestOptions, issues);
    const body: Record<string, unknown> = {};
    if (!isPlainObject(dtmf)) {
      issues.push({ path: '', message: `the DTMF options must be an object { sessionId, tones }, got ${describeKind(dtmf)}` });
    } else {
      unknownKeys(dtmf, DTMF_KEYS, '', 'a sendDTMF field', issues);
      const sessionId = own(dtmf, 'sessionId');
      const tones = own(dtmf, 'tones');
      const digitDurationMs = own(dtmf, 'digitDurationMs');
      checkSessionId(sessionId, issues);
      issues.push(...validateDtmfTones(tones));
      if (digitDurationMs !== undefined) checkInteger(digitDurationMs, 'digitDurationMs', 50, 2000, issues);
      Object.assign(body, { sessionId, tones });
      if (digitDurationMs !== undefined) body.digitDurationMs = digitDurationMs;
    }
    if (issues.length > 0) fail(issues, 'sendDTMF request');
    await request('sendDTMF', room, body, acceptAnything, signal);
  }

  async function sipCallTransfer(
    roomName: string,
    transfer: DailyRestSipCallTransferOptions,
    requestOptions?: DailyRequestOptions,
  ): Promise<void> {
    const issues: Issues = [];
    const room = encodeRoomName(roomName, issues);
    const signal = readSignal(requestOptions, issues);
    const body = transferBody(transfer, false, issues);
    if (issues.length > 0) fail(issues, 'sipCallTransfer request');
    await request('sipCallTransfer', room, body, acceptAnything, signal);
  }

  async function sipRefer(roomName: string, refer: DailyRestSipReferOptions, requestOptions?: DailyRequestOptions): Promise<void> {
    const issues: Issues = [];
    const room = encodeRoomName(roomName, issues);
    const signal = readSignal(requestOptions, issues);
    const body = transferBody(refer, true, issues);
    if (issues.length > 0) fail(issues, 'sipRefer request');
    await request('sipRefer', room, body, acceptAnything, signal);
  }

  async function pinlessCallUpdate(update: DailyRestPinlessCallUpdateOptions, requestOptions?: DailyRequestOptions): Promise<void> {
    const issues: Issues = [];
    const signal = readSignal(requestOptions, issues);
    const body = pinlessBody(update, issues);
    if (issues.length > 0) fail(issues, 'pinlessCallUpdate request');
    await request('pinlessCallUpdate', '', body, acceptAnything, signal);
  }

  return Object.freeze({ startDialOut, stopDialOut, sendDTMF, sipCallTransfer, sipRefer, pinlessCallUpdate });
}
