/**
 * The error of the dial-out REST client.
 */
import type { createDailyDialOutClient } from './client.js';

/**
 * How a request to Daily's REST API failed.
 *
 * - `http`: Daily answered with a status other than 2xx (`status`, and
 *   `error` / `info` when the body had them);
 * - `timeout`: no complete answer within `timeoutMs`;
 * - `network`: no answer at all (DNS, connection refused, TLS, a redirect);
 * - `invalid-response`: a 2xx answer the client cannot use (not JSON, or
 *   `dialOut/start` without a `sessionId`);
 * - `aborted`: the caller's `AbortSignal` fired (`cause` is its reason).
 */
export type DailyApiErrorKind = 'http' | 'timeout' | 'network' | 'invalid-response' | 'aborted';

/** What a {@link DailyApiError} is made of. */
export interface DailyApiErrorInit {
  readonly kind: DailyApiErrorKind;
  /** The method and path, e.g. `POST /rooms/my-room/dialOut/start` (never the host or the key). */
  readonly endpoint: string;
  /** Attempts made, the first included. */
  readonly attempts: number;
  readonly status?: number | undefined;
  readonly error?: string | undefined;
  readonly info?: string | undefined;
  readonly retryAfterMs?: number | undefined;
  /**
   * `true` when Daily may have carried out the request although it failed
   * (see {@link DailyApiError.mayHaveSucceeded}); default `false`.
   */
  readonly mayHaveSucceeded?: boolean | undefined;
  /** The message. */
  readonly message: string;
  /** What went wrong underneath (already stripped of the API key). */
  readonly cause?: unknown;
}

/**
 * A request to Daily's REST API failed: an HTTP error answer, a timeout, a
 * network failure or an unusable answer (see {@link DailyApiErrorKind}).
 *
 * @remarks
 * For Daily's documented HTTP 400 answer (`{ error: 'invalid-request-error',
 * info: 'missing required field' }`, "Room Dial Out Start" OpenAPI) `status`
 * is `400` and `error` / `info` are Daily's fields, unchanged. The message,
 * `cause`, `toString()` and `JSON.stringify()` never contain the API key: the
 * client removes it from every text it puts in an error, and `endpoint` is
 * the method and path only.
 *
 * `mayHaveSucceeded` says whether Daily may have acted on the request: it is
 * `false` only when Daily provably did not (a 4xx answer, such as 400, 404,
 * 409 or 429; a connection that failed before the request was sent; a
 * request the caller aborted before it was sent). After a 5xx answer, a
 * timeout, a connection lost after sending, or an abort while the request
 * was in flight, a `dialOut/start` may have dialed, and a `sendDTMF` may have
 * sent its tones: check with Daily (its `dialout.*` webhooks) before you try
 * again.
 *
 * The message contains Daily's `error` and `info`, so passing a failed
 * `startDialOut` on as a rejection of the manager's `starter` keeps Daily's
 * reason (e.g. `TEMPORARILY_NOT_AVAILABLE`) visible to `toStartError`.
 *
 * @example
 * ```ts
 * try {
 *   await daily.startDialOut('my-room', { phoneNumber: '+12268077097' });
 * } catch (err) {
 *   if (err instanceof DailyApiError && err.status === 400) {
 *     console.warn(`${err.error}: ${err.info}`); // invalid-request-error: missing required field
 *   }
 * }
 * ```
 */
export class DailyApiError extends Error {
  override readonly name = 'DailyApiError';
  /** How it failed; see {@link DailyApiErrorKind}. */
  readonly kind: DailyApiErrorKind;
  /** The HTTP status Daily answered with; `undefined` when there was no answer (`timeout`, `network`). */
  readonly status: number | undefined;
  /** Daily's `error` field (e.g. `invalid-request-error`), when the body had one. */
  readonly error: string | undefined;
  /** Daily's `info` field (e.g. `missing required field`), when the body had one. */
  readonly info: string | undefined;
  /** Method and path of the request, e.g. `POST /rooms/my-room/dialOut/start`. */
  readonly endpoint: string;
  /** Attempts made, the first included (more than 1 after retries; see `createDailyDialOutClient`). */
  readonly attempts: number;
  /** Daily's `Retry-After`, in ms, when the last answer had one. */
  readonly retryAfterMs: number | undefined;
  /**
   * Whether Daily may have carried out the request anyway, in any of the
   * attempts: `true` after a 5xx answer, a timeout, a connection lost after
   * the request was sent, an unusable 2xx answer, or an abort while a
   * request was in flight. `false` when Daily provably did not act (4xx
   * answers, connections refused before anything was sent). Never retry a
   * `dialOut/start` or `sendDTMF` that may have succeeded without checking
   * first: it would dial, or send the tones, twice.
   */
  readonly mayHaveSucceeded: boolean;

  /**
   * Made by {@link createDailyDialOutClient}; exported for `instanceof` and for test doubles.
   *
   * @param init - The fields; the caller must have removed any secret from its texts.
   */
  constructor(init: DailyApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.error = init.error;
    this.info = init.info;
    this.endpoint = init.endpoint;
    this.attempts = init.attempts;
    this.retryAfterMs = init.retryAfterMs;
    this.mayHaveSucceeded = init.mayHaveSucceeded === true;
  }

  /**
   * A plain object for logs (`JSON.stringify(err)`), message included.
   *
   * @returns `name`, `message`, `kind`, `status`, `error`, `info`, `endpoint`, `attempts`, `retryAfterMs`, `mayHaveSucceeded`.
   */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      kind: this.kind,
      status: this.status,
      error: this.error,
      info: this.info,
      endpoint: this.endpoint,
      attempts: this.attempts,
      retryAfterMs: this.retryAfterMs,
      mayHaveSucceeded: this.mayHaveSucceeded,
    };
  }
}
