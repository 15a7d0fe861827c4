/** The error of the dial-out REST client. */
import type { createDailyDialOutClient } from './client.js';

/**
 * How a request to Daily's REST API failed: `http` (a non-2xx answer), `timeout` (no complete answer within `timeoutMs`),
 * `network` (no answer: DNS, connection refused, TLS, a redirect), `invalid-response` (a 2xx that is not JSON, or a
 * `dialOut/start` answer without `sessionId`), `aborted` (the caller's `AbortSignal` fired; `cause` is its reason).
 */
export type DailyApiErrorKind = 'http' | 'timeout' | 'network' | 'invalid-response' | 'aborted';

/** The fields of a {@link DailyApiError} (see its members); `message` and `cause` must already be free of the API key. */
export interface DailyApiErrorInit {
  readonly kind: DailyApiErrorKind;
  readonly endpoint: string;
  readonly attempts: number;
  readonly status?: number | undefined;
  readonly error?: string | undefined;
  readonly info?: string | undefined;
  readonly retryAfterMs?: number | undefined;
  /** Default `false`. */
  readonly mayHaveSucceeded?: boolean | undefined;
  readonly message: string;
  readonly cause?: unknown;
}

/**
 * A request to Daily's REST API failed (see {@link DailyApiErrorKind}). Daily's documented 400 answer ("Room Dial Out
 * Start" OpenAPI) gives `status: 400`, `error: 'invalid-request-error'`, `info: 'missing required field'`. The message
 * includes `error` and `info`, so a failed start passed on as the manager's `starter` rejection keeps Daily's reason
 * (e.g. `TEMPORARILY_NOT_AVAILABLE`) visible to `toStartError`. Message, `cause`, `toString()` and JSON never contain the API key.
 */
export class DailyApiError extends Error {
  override readonly name = 'DailyApiError';
  /** How it failed. */
  readonly kind: DailyApiErrorKind;
  /** The HTTP status Daily answered with; `undefined` when there was no answer (`timeout`, `network`). */
  readonly status: number | undefined;
  /** Daily's `error` field (e.g. `invalid-request-error`), when the body had one. */
  readonly error: string | undefined;
  /** Daily's `info` field (e.g. `missing required field`), when the body had one. */
  readonly info: string | undefined;
  /** Method and path, e.g. `POST /rooms/my-room/dialOut/start` (never the host or the key). */
  readonly endpoint: string;
  /** Attempts made, the first included. */
  readonly attempts: number;
  /** Daily's `Retry-After`, in ms, when the last answer had one. */
  readonly retryAfterMs: number | undefined;
  /**
   * Whether Daily may have acted on the request in any attempt: `false` only when it provably did not (a 4xx answer; a
   * connection failed, or an abort, before sending); `true` after a 5xx, a timeout, a connection lost after sending, an
   * unusable 2xx or an abort in flight. Then a start may have dialed, a `sendDTMF` sent its tones: check Daily's
   * `dialout.*` webhooks before trying again.
   */
  readonly mayHaveSucceeded: boolean;

  /** Made by {@link createDailyDialOutClient}; exported for `instanceof` and for test doubles. */
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

  /** A plain object for logs (`JSON.stringify(err)`): `name`, `message` and every field above. */
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
