/**
 * Validation of Daily's dial-out webhook bodies. Pure and browser-safe: no
 * Node import, no I/O.
 */
import { DialOutWebhookError } from './errors.js';
import type { DialOutWebhookEvent, DialOutWebhookPayload, DialOutWebhookType } from './types.js';

const TYPES: readonly DialOutWebhookType[] = [
  'dialout.connected',
  'dialout.answered',
  'dialout.stopped',
  'dialout.warning',
  'dialout.error',
];

/** The optional string fields of a payload, in the order they are checked. */
const STRING_FIELDS = ['room', 'domain_id', 'destination', 'origin', 'caller_id', 'user_id', 'error_msg'] as const;

/** A non-negative decimal number written as a string, as Daily sends `timestamp` ("1728025068"). */
const NUMERIC_STRING = /^\d{1,16}(?:\.\d{1,9})?$/;

type Record_ = Record<string, unknown>;

function isPlainObject(value: unknown): value is Record_ {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Reads an own property only (never the prototype chain, so `__proto__` and friends are plain keys). */
function own(source: Record_, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(source, key) ? source[key] : undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'undefined':
      return 'nothing (the field is missing)';
    case 'string':
      if (value.length === 0) return 'an empty string';
      return `the string ${value.length > 40 ? `${JSON.stringify(value.slice(0, 40))}…` : JSON.stringify(value)}`;
    case 'number':
      return Number.isNaN(value) ? 'NaN' : `the number ${String(value)}`;
    case 'boolean':
      return `the boolean ${String(value)}`;
    case 'object':
      return 'an object that is not a plain object';
    default:
      return `a ${typeof value}`;
  }
}

function requireString(source: Record_, key: string, field: string): string {
  const value = own(source, key);
  if (typeof value !== 'string' || value.length === 0) {
    throw new DialOutWebhookError(field, `must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

/**
 * A Unix time in seconds: a finite number ≥ 0, or (as Daily's own examples
 * send `timestamp`) a string of decimal digits with an optional fraction.
 */
function toSeconds(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value === 0 ? 0 : value;
  if (typeof value === 'string' && NUMERIC_STRING.test(value)) return Number(value);
  throw new DialOutWebhookError(
    field,
    `must be a Unix time in seconds (a number ≥ 0, or a string of digits), got ${describe(value)}`,
  );
}

function parsePayload(type: DialOutWebhookType, source: unknown): DialOutWebhookPayload {
  if (!isPlainObject(source)) {
    throw new DialOutWebhookError('payload', `must be an object, got ${describe(source)}`);
  }
  const payload: { -readonly [K in keyof DialOutWebhookPayload]: DialOutWebhookPayload[K] } = {};

  const sessionId = own(source, 'session_id');
  const sessionRequired = type !== 'dialout.warning' && type !== 'dialout.error';
  if (sessionId !== undefined && sessionId !== null && !(sessionId === '' && !sessionRequired)) {
    payload.session_id = requireString(source, 'session_id', 'payload.session_id');
  } else if (sessionRequired) {
    throw new DialOutWebhookError('payload.session_id', `is required for ${type}, got ${describe(sessionId)}`);
  }

  const timestamp = own(source, 'timestamp');
  if (timestamp !== undefined && timestamp !== null) payload.timestamp = toSeconds(timestamp, 'payload.timestamp');

  for (const key of STRING_FIELDS) {
    const value = own(source, key);
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string') {
      throw new DialOutWebhookError(`payload.${key}`, `must be a string, got ${describe(value)}`);
    }
    payload[key] = value;
  }
  return Object.freeze(payload);
}

/**
 * Validates the body of a Daily dial-out webhook and returns it as a typed,
 * frozen {@link DialOutWebhookEvent}.
 *
 * @remarks
 * Follows Daily's webhook event pages ("Dial-out connected", "Dial-out
 * answered", "Dial-out stopped", "Dial-out warning", "Dial-out error"),
 * tolerating what Daily actually sends rather than only what its schema says:
 *
 * - envelope: `version`, `id` non-empty strings; `type` one of the five
 *   dial-out types; `event_ts` Unix seconds (a number, fraction allowed);
 *   `payload` an object;
 * - `payload.session_id` (non-empty string) is required for
 *   `dialout.connected`, `dialout.answered` and `dialout.stopped`, optional
 *   for `dialout.warning` / `dialout.error` (like the daily-js events, which
 *   may come before a session exists; there `null` and `''` count as absent);
 * - `payload.timestamp` is optional; Daily's examples send it as a string
 *   (`"1728025068"`) although the schema says integer: both become a number;
 * - `room`, `domain_id`, `destination`, `origin`, `caller_id`, `user_id`,
 *   `error_msg`: strings when present; `null` (Daily sends `user_id: null`)
 *   counts as absent and is left out;
 * - unknown envelope and payload fields are ignored and not copied.
 *
 * Only own properties are read. Parsing its own result gives an equal
 * result. It does not check the signature: call `verifyDailyWebhook`
 * (`daily-dialout-machine/server`) on the raw body first.
 *
 * @param body - The parsed JSON body (`JSON.parse(rawBody)`); anything is accepted.
 * @returns The event, deep-frozen, with only the documented fields.
 * @throws {@link DialOutWebhookError} naming the first offending field
 * (`''` when `body` is not an object, e.g. the unparsed string).
 *
 * @example
 * ```ts
 * const event = parseDialOutWebhook(JSON.parse(rawBody));
 * if (event.type === 'dialout.error') {
 *   console.error(event.payload.session_id, event.payload.error_msg);
 * }
 * ```
 */
export function parseDialOutWebhook(body: unknown): DialOutWebhookEvent {
  if (!isPlainObject(body)) {
    const hint = typeof body === 'string' ? ' (parse the raw body with JSON.parse first)' : '';
    throw new DialOutWebhookError('', `the body must be a JSON object, got ${describe(body)}${hint}`);
  }
  const version = requireString(body, 'version', 'version');
  const typeValue = own(body, 'type');
  if (typeof typeValue !== 'string' || !(TYPES as readonly string[]).includes(typeValue)) {
    throw new DialOutWebhookError('type', `must be one of ${TYPES.join(', ')}, got ${describe(typeValue)}`);
  }
  const type = typeValue as DialOutWebhookType;
  const id = requireString(body, 'id', 'id');
  const eventTs = toSeconds(own(body, 'event_ts'), 'event_ts');
  const payload = parsePayload(type, own(body, 'payload'));
  return Object.freeze({ version, type, id, event_ts: eventTs, payload });
}
