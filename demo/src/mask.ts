/**
 * Masking of phone numbers and SIP URIs on the page (last 4 digits shown until "Show full phone
 * numbers" is ticked). Free text is masked with the library's `redactTelephonyData`, which knows
 * every written format (with or without `+`, brackets, dots, `tel:`, `sip:`). What leaves the page
 * for the Stately inspector goes through `redactedInspect` (see inspector.ts).
 */
import { redactTelephonyData } from 'daily-dialout-machine';

const MASK = '•';
/** An E.164-looking number inside free text. */
const PHONE_IN_TEXT = /\+\d[\d\s().-]{5,}\d/g;
/** A SIP URI inside free text. */
const SIP_IN_TEXT = /\bsips?:[^\s"'<>,;]+/gi;
/** Context and event keys whose values are phone numbers or SIP URIs (Daily's names, camel and snake case). */
const SENSITIVE_KEYS = new Set(['phoneNumber', 'sipUri', 'destination', 'origin', 'callerId', 'caller_id', 'target']);

/**
 * Masks every digit of a phone number but the last 4.
 *
 * @param phone - e.g. `+15555550100`.
 * @returns e.g. `+•••••••0100` (non-digits are kept).
 */
export function maskPhoneNumber(phone: string): string {
  const digits = phone.replace(/\D/g, '').length;
  let seen = 0;
  return phone.replace(/\d/g, (d) => (++seen <= digits - 4 ? MASK : d));
}

/**
 * Masks the user part of a SIP URI but its last 4 characters (at most half of it); the host stays readable.
 *
 * @param uri - e.g. `sip:alice.smith@example.com`.
 * @returns e.g. `sip:•••••••mith@example.com`.
 */
export function maskSipUri(uri: string): string {
  const match = /^(sips?:)([^@]*)(@.*)?$/i.exec(uri);
  if (!match) return maskPhoneNumber(uri);
  const [, scheme = '', user = '', rest] = match;
  if (rest === undefined) return `${scheme}${user}`; // sip:host only: nothing personal to hide
  const keep = Math.min(4, Math.floor(user.length / 2)); // short users: at most half shows
  return `${scheme}${MASK.repeat(user.length - keep)}${user.slice(user.length - keep)}${rest}`;
}

/**
 * Masks a dial-out target: a SIP URI or a phone number.
 *
 * @param target - What was dialed.
 * @param reveal - `true` to show it as is.
 * @returns The text to show.
 */
export function maskTarget(target: string, reveal = false): string {
  if (reveal) return target;
  return /^sips?:/i.test(target) ? maskSipUri(target) : maskPhoneNumber(target);
}

/** A calendar date written YYYY-MM-DD: shown as it is on the page (it is not a phone number). */
const ISO_DATE = /\b(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b/g;

/**
 * Masks the phone numbers, `tel:` numbers and SIP users found inside free text (e.g. Daily's
 * error message), in any written format, with `redactTelephonyData`; dates written YYYY-MM-DD
 * are left readable.
 *
 * @param text - Any text.
 * @param reveal - `true` to show it as is.
 * @returns The text with all but the last 4 digits of each number masked.
 */
export function maskText(text: string, reveal = false): string {
  if (reveal) return text;
  let out = '';
  let last = 0;
  for (const date of text.matchAll(ISO_DATE)) {
    out += redactTelephonyData(text.slice(last, date.index)) + date[0];
    last = date.index + date[0].length;
  }
  return out + redactTelephonyData(text.slice(last));
}

function redactString(text: string): string {
  return text.replace(SIP_IN_TEXT, 'sip:[redacted]').replace(PHONE_IN_TEXT, '[redacted phone]');
}

function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return Array.isArray(value) || proto === Object.prototype || proto === null;
}

/**
 * A copy of a value with `+` phone numbers and SIP URIs redacted.
 *
 * @deprecated The demo's `?inspect` no longer uses it: it misses numbers without `+`, names,
 * user ids and DTMF tones. Use `redactTelephonyData` / `redactedInspect` from
 * `daily-dialout-machine`. Kept until its tests in test/demo/page.test.ts are removed.
 *
 * @remarks
 * Values under Daily's target keys (`phoneNumber`, `sipUri`, `destination`, `origin`,
 * `callerId`, `caller_id`, `target`) become `'[redacted]'`; other strings, and keys, have E.164
 * numbers and SIP URIs replaced. Only plain objects and arrays are copied (actor refs and other class
 * instances are kept as they are); depth is limited, cycles are cut.
 *
 * @param value - A machine context or an event.
 * @returns The redacted copy.
 */
export function redactForInspector<T>(value: T): T {
  const seen = new WeakMap<object, unknown>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redactString(v);
    if (typeof v !== 'object' || v === null || !isPlain(v)) return v;
    if (seen.has(v)) return seen.get(v);
    if (depth > 16) return '[deep]';
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      seen.set(v, out);
      for (const item of v) out.push(walk(item, depth + 1));
      return out;
    }
    const out: Record<string, unknown> = {};
    seen.set(v, out);
    for (const [key, item] of Object.entries(v)) {
      // keys too: a dedupe map may be keyed by a warning's text
      out[redactString(key)] = SENSITIVE_KEYS.has(key) && item !== undefined && item !== null ? '[redacted]' : walk(item, depth + 1);
    }
    return out;
  };
  return walk(value, 0) as T;
}

/**
 * A JSON copy of a value: what `JSON.stringify` makes of it (`toJSON()` applied, functions
 * dropped), with an object met again inside itself as `'[circular]'` and a bigint as a string.
 *
 * @param value - Anything.
 * @returns The JSON value (`value` itself when JSON has nothing for it, e.g. `undefined`).
 */
export function toJsonValue<T>(value: T): T {
  const ancestors: object[] = [];
  const text = JSON.stringify(value, function replacer(this: unknown, _key: string, item: unknown) {
    // `this` is the object holding the key: drop the ancestors we have left
    while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
    if (typeof item === 'bigint') return item.toString();
    if (typeof item === 'object' && item !== null) {
      if (ancestors.includes(item)) return '[circular]';
      ancestors.push(item);
    }
    return item;
  });
  return text === undefined ? value : (JSON.parse(text) as T);
}

/**
 * A JSON copy of a value ({@link toJsonValue}) with `+` phone numbers and SIP URIs redacted as
 * {@link redactForInspector} does.
 *
 * @deprecated See {@link redactForInspector}.
 *
 * @param value - Anything.
 * @returns The redacted JSON value.
 */
export function redactJson<T>(value: T): T {
  return redactForInspector(toJsonValue(value));
}
