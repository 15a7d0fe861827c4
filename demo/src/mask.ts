/**
 * Masking of phone numbers and SIP URIs on the page (last 4 digits shown until "Show full phone
 * numbers" is ticked). Free text is masked with the library's `redactTelephonyData`, which knows
 * every written format (with or without `+`, brackets, dots, `tel:`, `sip:`). What leaves the page
 * for the Stately inspector goes through `redactedInspect` (see inspector.ts).
 */
import { redactTelephonyData } from 'daily-dialout-machine';

const MASK = '•';

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
