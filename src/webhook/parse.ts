/** Validation of Daily's dial-out, call-transfer and dial-in webhook bodies: pure and browser-safe (no Node import, no I/O). */
import { describeKind, isPlainObject, own } from '../values.js';
import { DialOutWebhookError } from './errors.js';
import type { DialOutWebhookEvent, DialOutWebhookPayload, DialOutWebhookType } from './types.js';

const TRANSFER_TYPES: readonly DialOutWebhookType[] = [
  'calltransfer.triggered',
  'calltransfer.initiated',
  'calltransfer.answered',
  'calltransfer.completed',
];

const DIALIN_TYPES: readonly DialOutWebhookType[] = [
  'dialin.ready',
  'dialin.connected',
  'dialin.stopped',
  'dialin.warning',
  'dialin.error',
];

const TYPES: readonly DialOutWebhookType[] = [
  'dialout.connected',
  'dialout.answered',
  'dialout.stopped',
  'dialout.warning',
  'dialout.error',
  ...TRANSFER_TYPES,
  ...DIALIN_TYPES,
];

/** The types whose `payload.session_id` may be absent: dial-out problems that may come before a session exists, and `dialin.ready` (no session yet). */
const SESSION_OPTIONAL: readonly DialOutWebhookType[] = ['dialout.warning', 'dialout.error', 'dialin.ready'];

/** The string fields of each family of types, after `session_id` and `timestamp`, which all have. */
const DIALOUT_STRING_FIELDS = ['room', 'domain_id', 'destination', 'origin', 'caller_id', 'user_id', 'error_msg'] as const;
const TRANSFER_STRING_FIELDS = ['room', 'domain_id', 'mtg_session_id', 'to_endpoint', 'from_endpoint'] as const;
const DIALIN_STRING_FIELDS = ['room', 'domain_id', 'sip_endpoint', 'sip_from', 'display_name', 'error_msg'] as const;

/** Bounds of `payload.sip_headers`: a SIP INVITE's headers, never a megabyte of them in every session snapshot. */
const MAX_SIP_HEADERS = 64;
const MAX_SIP_HEADER_NAME = 256;
const MAX_SIP_HEADER_VALUE = 8192;

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
 * `payload.sip_headers`: a plain object of string values, bounded; `null` (or `undefined`, or a getter that throws)
 * as a value counts as absent and is left out. A bad value names its header (`payload.sip_headers.X-New-Hdr`, or
 * `payload.sip_headers["a b"]` for a name that is not a plain word), never the value.
 */
function sipHeaders(value: unknown): Readonly<Record<string, string>> {
  const field = 'payload.sip_headers';
  if (!isPlainObject(value)) return fail(field, 'must be an object of header names to strings', value);
  const names = Object.keys(value);
  if (names.length > MAX_SIP_HEADERS) throw new DialOutWebhookError(field, `must have at most ${MAX_SIP_HEADERS} headers, got ${names.length}`);
  const headers: [string, string][] = [];
  for (const name of names) {
    if (name.length == 0 || name.length > MAX_SIP_HEADER_NAME) {
      throw new DialOutWebhookError(field, `header names must be 1 to ${MAX_SIP_HEADER_NAME} characters, got ${name.length}`);
    }
    const at = /^[\w$-]+$/.test(name) ? `${field}.${name}` : `${field}[${JSON.stringify(name)}]`;
    const header = own(value, name);
    if (header == null) continue;
    if (typeof header != 'string') fail(at, 'must be a string', header);
    if (header.length > MAX_SIP_HEADER_VALUE) throw new DialOutWebhookError(at, `must be at most ${MAX_SIP_HEADER_VALUE} characters, got ${header.length}`);
    headers.push([name, header]);
  }
  return Object.freeze(Object.fromEntries(headers)); // defines a `__proto__` header as an own key
}

/**
 * Validates the body of a Daily dial-out, call-transfer or dial-in webhook, per Daily's webhook event pages ("Dial-out
 * connected", "… answered", "… stopped", "… warning", "… error"; `calltransfer.triggered`, `….initiated`,
 * `….answered`, `….completed`: https://docs.daily.co/reference/rest-api/webhooks/events/calltransfer-triggered.md and
 * its siblings; "dialin.ready", "… connected", "… stopped", "… warning", "… error":
 * https://docs.daily.co/reference/rest-api/webhooks/events/dialin-ready and its siblings) but tolerating what Daily
 * actually sends:
 *
 * - envelope: `version` and `id` non-empty strings, `type` one of {@link DialOutWebhookType}, `event_ts` Unix seconds
 *   (a number, fraction allowed), `payload` an object;
 * - `payload.session_id`, a non-empty string, is required but for `dialout.warning` / `dialout.error`, which (like
 *   the daily-js events) may come before a session exists, and `dialin.ready`, which documents none; there `null` and
 *   `''` count as absent. Every `calltransfer.*` needs it (the transferred participant's `session_id`), and every other
 *   `dialin.*` (the dial-in participant's);
 * - `payload.timestamp` is optional, Unix seconds as a number or (as in Daily's examples, though its schema says
 *   integer) a string of digits;
 * - `dialout.*`: `room`, `domain_id`, `destination`, `origin`, `caller_id`, `user_id`, `error_msg`: strings when present,
 *   `null` (Daily sends `user_id: null`) counting as absent;
 * - `calltransfer.*`: `room`, `domain_id`, `mtg_session_id`, `to_endpoint`, `from_endpoint` likewise strings, and
 *   `is_sip_refer` a boolean, when present (`null` counting as absent). `answered` and `completed` are accepted with or
 *   without `is_sip_refer`;
 * - `dialin.*`: `room`, `domain_id`, `sip_endpoint` (`ready`), `sip_from`, `display_name` (`connected`, `stopped`) and
 *   `error_msg` (`warning`, `error`) likewise strings, on any `dialin.*` type, when present; `sip_headers` (`connected`,
 *   `stopped`), when present, a plain object of string values: at most 64 headers, names of 1 to 256 characters,
 *   values of at most 8192, a `null` value left out, a bad value named `payload.sip_headers.<name>`. No `user_id`:
 *   Daily documents none on dial-in webhooks;
 * - unknown fields (including the other family's: a `to_endpoint` on a `dialout.*`) are ignored and not copied; only
 *   own properties are read, each once (a getter that throws reads as missing).
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
 * if (event.type === 'calltransfer.initiated') console.log(event.payload.session_id, event.payload.is_sip_refer ? 'REFER' : 'transfer');
 * // the callId and callDomain Daily POSTed to your room_creation_api, for a pinless dial-in
 * if (event.type === 'dialin.ready' && event.payload.sip_endpoint) await daily.pinlessCallUpdate({ callId, callDomain, sipUri: event.payload.sip_endpoint });
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
  const optional = SESSION_OPTIONAL.includes(type);
  if (sessionId != null && (sessionId !== '' || !optional)) payload.session_id = text(sessionId, 'payload.session_id');
  else if (!optional) fail('payload.session_id', `is required for ${type}`, sessionId);
  const timestamp = own(source, 'timestamp');
  if (timestamp != null) payload.timestamp = seconds(timestamp, 'payload.timestamp');
  const transfer = TRANSFER_TYPES.includes(type);
  const dialIn = DIALIN_TYPES.includes(type);
  for (const key of transfer ? TRANSFER_STRING_FIELDS : dialIn ? DIALIN_STRING_FIELDS : DIALOUT_STRING_FIELDS) {
    const value = own(source, key);
    if (value != null) payload[key] = typeof value == 'string' ? value : fail(`payload.${key}`, 'must be a string', value);
  }
  if (transfer) {
    const refer = own(source, 'is_sip_refer');
    if (refer != null) payload.is_sip_refer = typeof refer == 'boolean' ? refer : fail('payload.is_sip_refer', 'must be a boolean', refer);
  }
  if (dialIn) {
    const headers = own(source, 'sip_headers');
    if (headers != null) payload.sip_headers = sipHeaders(headers);
  }
  return Object.freeze({ version, type, id, event_ts, payload: Object.freeze(payload) });
}
