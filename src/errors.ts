/** Typed errors, and the mapping of daily-js rejections to {@link DialOutErrorCode}s. */
import { classifyFailure, codeOfStartMessage } from './classify.js';
import type { DialOutError, DialOutErrorCode } from './types.js';

/** One broken rule of a validated input. */
export interface DialOutValidationIssue {
  /** Dotted path of the offending field, e.g. `videoSettings.width` or `codecs.audio[1]`; `''` for the whole input. */
  readonly path: string;
  /** The rule it breaks, in plain words. */
  readonly message: string;
}

/**
 * Thrown (or rejected with) when an input breaks a rule; nothing was started or sent. The rules mirror daily-js 0.92.2
 * and Daily's `startDialOut()` documentation.
 *
 * @example
 * ```ts
 * try { manager.start({ phoneNumber: '555-0100' }); }
 * catch (err) { if (err instanceof DialOutValidationError) for (const i of err.issues) showError(i.path, i.message); }
 * ```
 */
export class DialOutValidationError extends Error {
  override readonly name = 'DialOutValidationError';
  /** Every broken rule, in the order checked. Never empty. */
  readonly issues: readonly DialOutValidationIssue[];

  /** @param subject - What was validated, for the message (e.g. `startDialOut options`). */
  constructor(issues: readonly DialOutValidationIssue[], subject = 'input') {
    super(
      `Invalid ${subject}: ` +
        issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '),
    );
    this.issues = Object.freeze(issues.map((i) => Object.freeze({ ...i })));
  }
}

/**
 * Thrown (or rejected with) when an operation is not possible in the current state: `start()` or `ingest()` after
 * `dispose()`, `sendDTMF()` when the session is not `answered`.
 *
 * @example
 * ```ts
 * await session.sendDTMF('1').catch((err) => err instanceof DialOutStateError && console.warn('not answered yet'));
 * ```
 */
export class DialOutStateError extends Error {
  override readonly name = 'DialOutStateError';
}

/**
 * Whether an error code is worth retrying: only for Daily's `TEMPORARILY_NOT_AVAILABLE` ("no workers available; try
 * again shortly").
 *
 * @example
 * ```ts
 * isRetryableCode('TEMPORARILY_NOT_AVAILABLE'); // true
 * ```
 */
export function isRetryableCode(code: DialOutErrorCode): boolean {
  return code === 'TEMPORARILY_NOT_AVAILABLE';
}

function textOf(reason: unknown): string {
  if (typeof reason === 'string') return reason;
  if (reason instanceof Error) return reason.message;
  if (reason !== null && typeof reason === 'object') {
    const r = reason as Record<string, unknown>;
    for (const key of ['errorMsg', 'code', 'error', 'msg', 'message'] as const) {
      const v = r[key];
      if (typeof v === 'string' && v) return v;
      if (v !== null && typeof v === 'object' && v !== reason) {
        const inner = textOf(v);
        if (inner) return inner;
      }
    }
  }
  return '';
}

/**
 * Maps whatever `startDialOut()` rejected with to a frozen {@link DialOutError}. daily-js rejects with the call
 * machine's reply: for Daily's documented errors the bare string (`'DIALOUT_IN_PROGRESS'`), elsewhere an `Error`
 * whose message contains it or an object with `errorMsg` / `code`. Its text (case-insensitive) gives the `code`:
 * - `NOT_ALLOWED`, `DIALOUT_IN_PROGRESS` or `TEMPORARILY_NOT_AVAILABLE` in it: that code (the errors Daily documents
 *   for `startDialOut()`, https://docs.daily.co/reference/daily-js/instance-methods/start-dial-out);
 * - Daily's "unable to start dialout (is dialout enabled? are you a room owner or participant admin?)": `NOT_ALLOWED`
 *   (reported by Daily developers);
 * - daily-js 0.92.2's "startDialOut() only supported after join.": `NOT_JOINED`;
 * - anything else: `START_FAILED`.
 *
 * `category` and `sipStatus` (see {@link DialOutError.category}) come from the code, else from an RFC 3261 §21 SIP status
 * or reason phrase in the text (`SIP 486`, `486 Busy Here`), else `unknown`.
 *
 * @param reason - The rejection value, kept unchanged as `cause`.
 * @param at - Epoch ms of the failure.
 * @param ids - Daily `sessionId` and local id to record, if known.
 *
 * @example
 * ```ts
 * toStartError('DIALOUT_IN_PROGRESS', Date.now()).code; // 'DIALOUT_IN_PROGRESS'
 * toStartError(new Error('startDialOut() only supported after join.'), Date.now()).code; // 'NOT_JOINED'
 * ```
 */
export function toStartError(
  reason: unknown,
  at: number,
  ids: { sessionId?: string; localId?: string } = {},
): DialOutError {
  const text = textOf(reason);
  const message = text || `startDialOut() failed (${describe(reason)})`;
  return makeError(codeOfStartMessage(text) ?? 'START_FAILED', message, at, { ...ids, cause: reason });
}

/** The `TRANSFER_FAILED` {@link DialOutError} of a `sipCallTransfer()` / `sipRefer()` rejection (`cause`: the reason as-is). */
export function toTransferError(reason: unknown, at: number, ids: { sessionId?: string; localId?: string } = {}): DialOutError {
  return makeError('TRANSFER_FAILED', describeReason(reason), at, { ...ids, cause: reason });
}

/**
 * Whether a `stopDialOut()` rejection is Daily's `NOT_FOUND` (the dial-out is already gone), in any of the
 * forms daily-js rejects with: the bare string, an `Error` whose message has it, an object with `errorMsg` / `code`.
 */
export function isNotFound(reason: unknown): boolean {
  return /\bNOT_FOUND\b/.test(textOf(reason));
}

/**
 * Text for whatever a daily-js promise rejected with: the string, `Error.message`, or `errorMsg` / `code` / `error` /
 * `msg` / `message` (searched in nested objects too), else its JSON, else `String(reason)`.
 */
export function describeReason(reason: unknown): string {
  const text = textOf(reason);
  if (text) return text;
  try {
    return JSON.stringify(reason) ?? String(reason);
  } catch {
    return String(reason);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'rejected with undefined';
  if (value === null) return 'rejected with null';
  return `rejected with ${typeof value}`;
}

/**
 * Builds a frozen {@link DialOutError} (`at` in epoch ms), deriving `retryable` from `code` and `category` / `sipStatus`
 * from `code`, `message` and `extra.texts` (the strings of Daily's `details`, read but not stored).
 */
export function makeError(
  code: DialOutErrorCode,
  message: string,
  at: number,
  extra: {
    sessionId?: string;
    localId?: string;
    cause?: unknown;
    actionTraceId?: string;
    sipCallId?: string;
    texts?: readonly string[];
  } = {},
): DialOutError {
  const { category, sipStatus } = classifyFailure(code, [message, ...(extra.texts ?? [])]);
  const error: { -readonly [K in keyof DialOutError]: DialOutError[K] } = {
    code,
    message,
    retryable: isRetryableCode(code),
    at,
    category,
  };
  if (sipStatus !== undefined) error.sipStatus = sipStatus;
  if (extra.sessionId !== undefined) error.sessionId = extra.sessionId;
  if (extra.localId !== undefined) error.localId = extra.localId;
  if (extra.actionTraceId !== undefined) error.actionTraceId = extra.actionTraceId;
  if (extra.sipCallId !== undefined) error.sipCallId = extra.sipCallId;
  if ('cause' in extra) error.cause = extra.cause;
  return Object.freeze(error);
}
