/** Validation of Daily's dial-out webhook bodies: pure and browser-safe (no Node import, no I/O). */
import { describeKind, isPlainObject, own } from '../values.js';
import { DialOutWebhookError } from './errors.js';
import type { DialOutWebhookEvent, DialOutWebhookPayload, DialOutWebhookType } from './types.js';

const TYPES: readonly DialOutWebhookType[] = [
  'dialout.connected',
  'dialout.answered',
  'dialout.stopped',
  'dialout.warning',
  'dialout.error',
];

const STRING_FIELDS = ['room', 'domain_id', 'destination', 'origin', 'caller_id', 'user_id', 'error_msg'] as const;

/** Throws for `field`: the rule it breaks and the kind of value it has (never the value: it may be a phone number). */
function fail(field: string, rule: string, value: unknown): never {
  throw new DialOutWebhookError(field, `${rule}, got ${describeKind(value)}`);
}

function text(value: unknown, field: string): string {
  return typeof value == 'string' && value ? value : fail(field, 'must be a non-empty string', value);
}

/** Unix seconds: a number ≥ 0, or (as in Daily's examples, e.g. `"1728025068"`) a string of digits. */
function seconds(value: unknown, field: string): number {
  if (typeof value == 'number' && value >= 0 && value < Infinity) return value || 0; // -0 becomes 0
  if (typeof value == 'string' && /^\d{1,16}(\.\d{1,9})?$/.test(value)) return +value;
  return fail(field, 'must be Unix seconds (a number ≥ 0, or a string of digits)', value);
}

/**
 * Validates the body of a Daily dial-out webhook, per Daily's webhook event pages ("Dial-out connected", "… answered",
 * "… stopped", "… warning", "… error") but tolerating what Daily actually sends:
 *
 * - envelope: `version` and `id` non-empty strings, `type` one of {@link DialOutWebhookType}, `event_ts` Unix seconds
 *   (a number, fraction allowed), `payload` an object;
 * - `payload.session_id`, a non-empty string, is required but for `dialout.warning` / `dialout.error`, which (like
 *   the daily-js events) may come before a session exists and where `null` and `''` count as absent;
 * - `payload.timestamp` is optional, Unix seconds as a number or (as in Daily's examples, though its schema says
 *   integer) a string of digits;
 * - `room`, `domain_id`, `destination`, `origin`, `caller_id`, `user_id`, `error_msg`: strings when present, `null`
 *   (Daily sends `user_id: null`) counting as absent;
 * - unknown fields are ignored and not copied; only own properties are read, each once (a getter that throws reads as
 *   missing).
 *
 * Messages name the field, the rule and the kind of value (`got a number`), never the value itself.
 * Parsing its own result gives an equal result. It does not check the signature: call `verifyDailyWebhook`
 * (`daily-dialout-machine/server`) on the raw body first.
 *
 * @param body - The parsed JSON body (`JSON.parse(rawBody)`); anything is accepted.
 * @returns The event, deep-frozen, with only the documented fields.
 * @throws {@link DialOutWebhookError} naming the first offending field (`''` when `body` is not an object, e.g. the
 * unparsed string).
 *
 * @example
 * ```ts
 * const event = parseDialOutWebhook(JSON.parse(rawBody));
 * if (event.type === 'dialout.error') console.error(event.payload.session_id, event.payload.error_msg);
 * ```
 */
export function parseDialOutWebhook(body: unknown): DialOutWebhookEvent {
  if (!isPlainObject(body)) {
    return fail('', `the body must be a plain JSON object${typeof body == 'string' ? ' (JSON.parse the raw body first)' : ''}`, body);
  }
  const version = text(own(body, 'version'), 'version');
  const type = own(body, 'type') as DialOutWebhookType;
  if (!TYPES.includes(type)) fail('type', `must be one of ${TYPES.join(', ')}`, type);
  const id = text(own(body, 'id'), 'id');
  const event_ts = seconds(own(body, 'event_ts'), 'event_ts');
  const source = own(body, 'payload');
  if (!isPlainObject(source)) return fail('payload', 'must be an object', source);

  const payload: { -readonly [K in keyof DialOutWebhookPayload]: DialOutWebhookPayload[K] } = {};
  const sessionId = own(source, 'session_id');
  const optional = type == 'dialout.warning' || type == 'dialout.error';
  if (sessionId != null && (sessionId !== '' || !optional)) payload.session_id = text(sessionId, 'payload.session_id');
  else if (!optional) fail('payload.session_id', `is required for ${type}`, sessionId);
  const timestamp = own(source, 'timestamp');
  if (timestamp != null) payload.timestamp = seconds(timestamp, 'payload.timestamp');
  for (const key of STRING_FIELDS) {
    const value = own(source, key);
    if (value != null) payload[key] = typeof value == 'string' ? value : fail(`payload.${key}`, 'must be a string', value);
  }
  return Object.freeze({ version, type, id, event_ts, payload: Object.freeze(payload) });
}
