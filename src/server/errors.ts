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
 *   `dialOut/start` without a `sessionId`).
 */
export type DailyApiErrorKind = 'http' | 'timeout' | 'network' | 'invalid-response';

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
  /** Attempts made, the first included (more than 1 after retries of 429 / 5xx). */
  readonly attempts: number;
  /** Daily's `Retry-After`, in ms, when the last answer had one. */
  readonly retryAfterMs: number | undefined;

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
  }

  /**
   * A plain object for logs (`JSON.stringify(err)`), message included.
   *
   * @returns `name`, `message`, `kind`, `status`, `error`, `info`, `endpoint`, `attempts`, `retryAfterMs`.
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
    };
  }
}
