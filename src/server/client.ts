/**
 * `createDailyDialOutClient`: Daily's dial-out REST endpoints
 * (`/rooms/{room_name}/dialOut/start|stop|sendDTMF`) for Node ≥ 20.
 */
import type { DailyStartDialoutPhoneOptions, DailyStartDialoutSipOptions } from '@daily-co/daily-js';
import { type SchedulerLike, defer, lastValueFrom, retry, throwError, timer } from 'rxjs';
import { DialOutValidationError, type DialOutValidationIssue } from '../errors.js';
import { validateDtmfTones } from '../validation/dtmf.js';
import { parseStartDialOutOptions } from '../validation/startDialOutOptions.js';
import { DailyApiError, type DailyApiErrorKind } from './errors.js';

/**
 * The options of Daily's REST `dialOut/start`: daily-js's
 * `startDialOut()` options without `provider` and `permissions`, which the
 * endpoint's schema does not list (it has `additionalProperties: false`).
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

/** The part of `fetch` the client uses (the global `fetch` of Node ≥ 20 by default). */
export type DailyFetch = (url: string, init: RequestInit) => Promise<Response>;

/** Retries of HTTP 429 and 5xx answers. */
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
  /** Why the attempt failed (`kind: 'http'`, status 429 or 5xx). */
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
  /** Retries of HTTP 429 and 5xx; see {@link DailyApiRetryOptions}. */
  retry?: DailyApiRetryOptions;
  /** Set to `true` to allow creating a client where `window` exists (e.g. a jsdom test); default `false`. */
  allowBrowser?: boolean;
  /** RxJS scheduler of the waits between retries (default RxJS's `asyncScheduler`); for tests. */
  scheduler?: SchedulerLike;
  /** Called before each retry (e.g. to log it); exceptions it throws are ignored. */
  onRetry?: (event: DailyApiRetryEvent) => void;
}

/** The dial-out REST client made by {@link createDailyDialOutClient}. */
export interface DailyDialOutClient {
  /**
   * `POST /rooms/{room_name}/dialOut/start`: starts a dial-out in a room.
   *
   * @param roomName - The room's name (URL-encoded by the client).
   * @param options - `phoneNumber` or `sipUri` and the other start options, checked like `manager.start()` checks them.
   * @returns Daily's `sessionId` of the new dial-out.
   * @throws (rejects with) `DialOutValidationError` before any request when an argument is invalid; {@link DailyApiError} when the request fails.
   */
  startDialOut(roomName: string, options: DailyRestDialOutOptions): Promise<{ sessionId: string }>;
  /**
   * `POST /rooms/{room_name}/dialOut/stop`: hangs up a dial-out.
   *
   * @param roomName - The room's name.
   * @param sessionId - The dial-out's `sessionId`.
   * @throws (rejects with) `DialOutValidationError` before any request when an argument is invalid; {@link DailyApiError} when the request fails.
   */
  stopDialOut(roomName: string, sessionId: string): Promise<void>;
  /**
   * `POST /rooms/{room_name}/dialOut/sendDTMF`: sends DTMF tones on a dial-out.
   *
   * @param roomName - The room's name.
   * @param options - `sessionId`, `tones` and optionally `digitDurationMs`.
   * @throws (rejects with) `DialOutValidationError` before any request when an argument is invalid; {@link DailyApiError} when the request fails.
   */
  sendDTMF(roomName: string, options: DailyRestSendDtmfOptions): Promise<void>;
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
const REDACTED = '[redacted]';
const MAX_TEXT = 500;

type Operation = 'start' | 'stop' | 'sendDTMF';
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function own(source: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
}

function orDefault(value: unknown, fallback: number): unknown {
  return value === undefined ? fallback : value;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length === 0 ? 'an empty string' : 'a string';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `the number ${String(value)}`;
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
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
    issues.push({ path, message: `must be an integer from ${min} to ${max}, got ${kindOf(value)}` });
  }
}

function resolveSettings(options: unknown): Settings {
  const issues: Issues = [];
  if (!isPlainObject(options)) {
    throw new DialOutValidationError(
      [{ path: '', message: `must be an object with at least apiKey, got ${kindOf(options)}` }],
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
          : `must be a string (your Daily API key), got ${kindOf(apiKey)}`,
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
      issues.push({ path: 'baseUrl', message: `must be an absolute http: or https: URL, got ${kindOf(givenBase)}` });
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
    else issues.push({ path: 'fetch', message: `must be a function, got ${kindOf(givenFetch)}` });
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
      issues.push({ path: 'retry', message: `must be an object { maxAttempts?, baseDelayMs?, maxDelayMs? }, got ${kindOf(givenRetry)}` });
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
    issues.push({ path: 'allowBrowser', message: `must be a boolean, got ${kindOf(allowBrowser)}` });
  }
  const scheduler = own(options, 'scheduler');
  if (scheduler !== undefined && (typeof scheduler !== 'object' || scheduler === null || typeof (scheduler as SchedulerLike).schedule !== 'function')) {
    issues.push({ path: 'scheduler', message: `must be an RxJS scheduler, got ${kindOf(scheduler)}` });
  }
  const onRetry = own(options, 'onRetry');
  if (onRetry !== undefined && typeof onRetry !== 'function') {
    issues.push({ path: 'onRetry', message: `must be a function, got ${kindOf(onRetry)}` });
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

/** Checks a room name and returns it URL-encoded. */
function encodeRoomName(roomName: unknown, issues: Issues): string {
  if (typeof roomName !== 'string' || roomName.length === 0) {
    issues.push({ path: 'roomName', message: `must be a non-empty string, got ${kindOf(roomName)}` });
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
    issues.push({ path: 'sessionId', message: `must be a non-empty string, got ${kindOf(sessionId)}` });
  }
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

/** `stop` and `sendDTMF` only need a 2xx answer; their body is not used. */
const acceptAnything = (): true => true;

function isRetryable(error: unknown): error is DailyApiError {
  return (
    error instanceof DailyApiError &&
    error.kind === 'http' &&
    error.status !== undefined &&
    (error.status === 429 || error.status >= 500)
  );
}

function createRequester(settings: Settings) {
  const redact = makeRedact(settings.apiKey);

  function apiError(
    kind: DailyApiErrorKind,
    endpoint: string,
    attempt: number,
    detail: string,
    extra: { status?: number; error?: string; info?: string; retryAfterMs?: number; cause?: unknown } = {},
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
      message: redact(`Daily API ${endpoint} ${detail}${tries}`),
      cause: extra.cause === undefined ? undefined : scrub(extra.cause, redact),
    });
  }

  /** One attempt: resolves with the status and parsed JSON body of a 2xx answer (`json` is `undefined` when empty). */
  async function attemptOnce(
    url: string,
    endpoint: string,
    body: string,
    attempt: number,
  ): Promise<{ status: number; json: unknown }> {
    const signal = settings.timeoutMs === Infinity ? undefined : AbortSignal.timeout(settings.timeoutMs);
    const onFailure = (reason: unknown): never => {
      if (signal?.aborted) {
        throw apiError('timeout', endpoint, attempt, `timed out after ${settings.timeoutMs} ms`);
      }
      const text = reason instanceof Error ? reason.message : String(reason);
      throw apiError('network', endpoint, attempt, `could not reach Daily: ${clip(text)}`, { cause: reason });
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
        throw apiError('invalid-response', endpoint, attempt, `answered HTTP ${status} with a body that is not JSON`, { status });
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
    });
  }

  /**
   * POSTs `body` to the operation's endpoint, retrying 429 and 5xx answers;
   * `accept` turns a 2xx body into the result, or `undefined` when it is unusable.
   */
  return function request<T>(
    operation: Operation,
    encodedRoom: string,
    body: unknown,
    accept: (json: unknown) => T | undefined,
  ): Promise<T> {
    const path = `/rooms/${encodedRoom}/dialOut/${operation}`;
    const endpoint = `POST ${path}`;
    const url = `${settings.baseUrl}${path}`;
    const json = JSON.stringify(body);
    let attempt = 0;
    const attempts = defer(async () => {
      attempt += 1;
      const answer = await attemptOnce(url, endpoint, json, attempt);
      const result = accept(answer.json);
      if (result === undefined) {
        throw apiError('invalid-response', endpoint, attempt, `answered HTTP ${answer.status} without a sessionId`, {
          status: answer.status,
        });
      }
      return result;
    });
    return lastValueFrom(
      attempts.pipe(
        retry({
          count: settings.maxAttempts - 1,
          delay: (error: unknown, retryCount: number) => {
            if (!isRetryable(error)) return throwError(() => error);
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
      ),
    );
  };
}

// ---------------------------------------------------------------------------
// The client

/**
 * Creates a client for Daily's dial-out REST endpoints, for your server.
 *
 * @remarks
 * Follows Daily's REST reference ("Room Dial Out Start", "Room Dial Out
 * Stop", "Room Dial Out Send DTMF"): `POST {baseUrl}/rooms/{room_name}/dialOut/start`
 * (body: the start options) → `{ sessionId }`, `…/dialOut/stop`
 * (`{ sessionId }`) and `…/dialOut/sendDTMF` (`{ sessionId, tones }`), with
 * `Authorization: Bearer <apiKey>` and JSON bodies.
 *
 * - **Validation first.** Every argument is checked before any request: the
 *   start options by the same validator as `manager.start()`
 *   (`parseStartDialOutOptions`; plus: `provider` and `permissions` are
 *   refused, the REST schema does not have them), tones like
 *   `parseDtmfTones`, room names and session ids non-empty strings. A bad
 *   argument rejects with `DialOutValidationError` and nothing is sent.
 *   Room names are URL-encoded (`encodeURIComponent`).
 * - **Errors.** Any failure rejects with a {@link DailyApiError}; an HTTP 400
 *   `{ error, info }` body gives `status`, `error`, `info`.
 * - **Retries.** HTTP 429 and 5xx answers are retried, up to
 *   `retry.maxAttempts` attempts in all: after `Retry-After` (seconds or an
 *   HTTP date) when Daily sends one, else after a random delay up to
 *   `min(maxDelayMs, baseDelayMs × 2^(retry − 1))`. A `Retry-After` longer
 *   than `maxDelayMs` ends the retries at once (the error has
 *   `retryAfterMs`). Timeouts and network failures are not retried: the
 *   request may have reached Daily, and starting twice would dial twice.
 * - **Timeouts.** `timeoutMs` limits each attempt, body included
 *   (`AbortSignal.timeout`).
 * - **The key** is only ever put in the `Authorization` header: it never
 *   appears in an error's message, `cause`, `toString()` or JSON, and the
 *   client logs nothing. Redirects are refused, so the header never follows
 *   one.
 * - **Not in browsers.** It throws where `window` exists, unless
 *   `allowBrowser: true`: an API key in a web page is everyone's key.
 *
 * @param options - `apiKey` (required), `baseUrl`, `fetch`, `timeoutMs`,
 * `retry`, `allowBrowser`, `scheduler`, `onRetry`; see
 * {@link DailyDialOutClientOptions}.
 * @returns The {@link DailyDialOutClient}; it holds no resources, so there is nothing to close.
 * @throws `Error` where `window` exists, unless `allowBrowser: true`.
 * @throws `DialOutValidationError` (subject `Daily client options`) when an
 * option is invalid; the message never contains the key.
 *
 * @example
 * ```ts
 * import { createDailyDialOutClient, DailyApiError } from 'daily-dialout-machine/server';
 *
 * const daily = createDailyDialOutClient({ apiKey: process.env.DAILY_API_KEY! });
 * const { sessionId } = await daily.startDialOut('support-room', {
 *   phoneNumber: '+12268077097',
 *   displayName: 'Support',
 * });
 * await daily.sendDTMF('support-room', { sessionId, tones: '1#' });
 * await daily.stopDialOut('support-room', sessionId);
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

  async function startDialOut(roomName: string, startOptions: DailyRestDialOutOptions): Promise<{ sessionId: string }> {
    const issues: Issues = [];
    const room = encodeRoomName(roomName, issues);
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

    return request('start', room, body, (answer) => {
      const sessionId = isPlainObject(answer) ? own(answer, 'sessionId') : undefined;
      return typeof sessionId === 'string' && sessionId.length > 0 ? { sessionId } : undefined;
    });
  }

  async function stopDialOut(roomName: string, sessionId: string): Promise<void> {
    const issues: Issues = [];
    const room = encodeRoomName(roomName, issues);
    checkSessionId(sessionId, issues);
    if (issues.length > 0) fail(issues, 'stopDialOut request');
    await request('stop', room, { sessionId }, acceptAnything);
  }

  async function sendDTMF(roomName: string, dtmf: DailyRestSendDtmfOptions): Promise<void> {
    const issues: Issues = [];
    const room = encodeRoomName(roomName, issues);
    const body: Record<string, unknown> = {};
    if (!isPlainObject(dtmf)) {
      issues.push({ path: '', message: `the DTMF options must be an object { sessionId, tones }, got ${kindOf(dtmf)}` });
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
    await request('sendDTMF', room, body, acceptAnything);
  }

  return Object.freeze({ startDialOut, stopDialOut, sendDTMF });
}
