/**
 * Validation of `startDialOut()` options. Each value is read once, so the copy returned is exactly what was validated.
 * The field checkers (`checkSipUri`, `checkPhoneNumber`, `readObject`, …) are shared with the other validators (transfer).
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import { DialOutValidationError, type DialOutValidationIssue } from '../errors.js';
import { describeKind, describeValue } from '../values.js';

/** An object read by {@link readObject}: own enumerable keys only. */
export type Value = Record<string, unknown>;
/** Checks the value read at `path` (`key` in its parent); returns its copy, `undefined` (keep as read) or `SKIP` (drop the key). */
export type Rule = (value: unknown, path: string, key: string) => unknown;

/** The issue of a value whose read threw (a getter, a proxy). */
export const UNREADABLE = 'could not be read';
const OBJECT = 'an object';
const REQUIRED = 'is required';
const PHONE = 'phoneNumber';
const SIP = 'sipUri';
const AUDIO = ['OPUS', 'PCMU', 'PCMA', 'G722'];
const VIDEO = ['H264', 'VP8'];
const VIDEO_SETTINGS = ['width', 'height', 'fps', 'videoBitrate'];
const VIDEO_MAX = [1280, 720, 30, 1000];
const MEDIA = ['video', 'audio', 'screenVideo', 'screenAudio', 'customVideo', 'customAudio'];

// RFC 3261 §25.1, ASCII only (anything else must be %-escaped): unreserved, escaped, and `extra`.
const rfc = (extra: string, count = '+'): string => `(?:[\\w\\-.!~*'()${extra}]|%[\\dA-Fa-f]{2})${count}`;
const whole = (source: string, flags?: string): RegExp => RegExp(`^(?:${source})$`, flags);
const SIP_USER = whole(rfc('&=+$,;?/'));
const SIP_PASSWORD = whole(rfc('&=+$,', '*'));
const PARAM = rfc('\\[\\]/:&+$');
const SIP_PARAM = whole(`${PARAM}(?:=${PARAM})?`);
const SIP_HEADER_VALUE = whole(rfc('\\[\\]/?:+$'));
const LABEL = '[a-z\\d](?:[a-z\\d-]{0,61}[a-z\\d])?';
/** `[IPv6]` (two colons or more), IPv4, or a hostname of at most 253 characters whose last label starts with a letter. */
const HOST = whole(
  `\\[(?=[^\\]]*:[^\\]]*:)[\\da-f:.]+\\]|((25[0-5]|2[0-4]\\d|[01]?\\d?\\d)(\\.(?!$)|$)){4}|(?=.{1,253}\\.?$)(${LABEL}\\.)*(?=[a-z])${LABEL}\\.?`,
  'i',
);

/** Records one broken rule at `path` (`''` for the whole input). The field checkers below report through it. */
export type AddIssue = (path: string, message: string) => void;

/** Returned by a {@link Rule} (or read) to drop a key from the copy. */
export const SKIP: unknown = {};

/** `must be <what>, got <kind>`; `kindOnly` for strings, which may be phone numbers: numbers and booleans are shown otherwise. */
export function wantIssue(add: AddIssue, path: string, what: string, value: unknown, kindOnly?: unknown): undefined {
  return void add(path, `must be ${what}, got ${(kindOnly ? describeKind : describeValue)(value)}`);
}

/** An integer from `min` to `max`: its copy (`-0` becomes `0`), or `undefined` with an issue. */
export function checkInt(add: AddIssue, value: unknown, path: string, min: number, max: number): unknown {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max
    ? (value as number) || 0 // -0 becomes 0
    : wantIssue(add, path, `an integer from ${min} to ${max}`, value);
}

/** A string of `min` to `max` UTF-16 units; the message gives the kind or the length, never the value. */
export function checkString(add: AddIssue, value: unknown, path: string, min: number, max: number): void {
  if (typeof value != 'string') return wantIssue(add, path, 'a string', value, 1);
  const { length } = value;
  if (length < min || length > max) {
    // daily-js words its displayName rule "shorter than 200"
    add(path, `must be ${path == 'displayName' ? `shorter than ${max + 1}` : min ? `${min} to ${max}` : `at most ${max}`} characters, got ${length}`);
  }
}

/** Reads a value with `read`; a throw is an issue (`could not be read`) and gives {@link SKIP}. */
export function readKey(add: AddIssue, path: string, read: () => unknown): unknown {
  try {
    return read();
  } catch {
    return add(path, UNREADABLE), SKIP;
  }
}

/**
 * Reads each own enumerable key once into a frozen copy; `undefined`, with an issue, unless a non-array object tagged
 * `[object Object]`. Unlike `isPlainObject`, the prototype does not matter: daily-js accepts class instances too.
 */
export function readObject(add: AddIssue, value: unknown, path: string, what: string, rule: Rule): Value | undefined {
  if (typeof value != 'object' || Array.isArray(value) || ({}).toString.call(value) != '[object Object]') {
    return wantIssue(add, path, what, value, !path);
  }
  const copy: [string, unknown][] = [];
  for (const key of Object.keys(value as object)) {
    const at = path ? (/^[\w$-]+$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`) : key;
    const inner = readKey(add, at, () => (value as Value)[key]);
    const kept = inner === SKIP ? inner : (rule(inner, at, key) ?? inner);
    if (kept !== SKIP) copy.push([key, kept]);
  }
  return Object.freeze(Object.fromEntries(copy)); // defines keys such as `__proto__` as own keys
}

/** RFC 3261: sip:[user[:password]@]host[:port][;params][?headers], at most 2048 characters, only `X-` headers. */
export function checkSipUri(add: AddIssue, value: unknown, path: string): void {
  if (typeof value != 'string' || value.length > 2048) return checkString(add, value, path, 0, 2048);
  const bad = (message: string): void => add(path, message);
  const rfcBad = (part: string, where = ''): void => bad(`has a ${part} with characters RFC 3261 does not allow${where}`);
  // user and password end at the last '@' before '?'
  const parts = /^sip:(?:([^:?]*)(?::([^?]*))?@)?([^?]*)(?:\?(.*))?/.exec(value);
  if (!parts) return bad("must start with 'sip:' (not SIP: or sips:)");
  if (/[^!-~]/.test(value)) return bad('must be printable ASCII without spaces');
  const [, user, password = '', address = '', query] = parts;
  if (user === '') bad('has an empty user');
  else if (user !== undefined && !SIP_USER.test(user)) rfcBad('user');
  if (!SIP_PASSWORD.test(password)) rfcBad('password');
  const [hostport = '', ...params] = address.split(';');
  // host[:port], where an IPv6 host is bracketed ([::1]:5060); no port reads as a valid one
  const [, host = hostport, port = '1'] = /^(\[[^\]]*\](?=.)|(?!\[)[^:]*(?=:)):?(.*)/.exec(hostport) ?? [];
  if (!host) bad('has an empty host');
  else if (!HOST.test(host)) bad('has a host that is not a hostname, IPv4 or [IPv6] address');
  if (!(/^\d{1,5}$/.test(port) && +port > 0 && +port < 65536)) bad('has a port that is not 1 to 65535');
  params.forEach((param, i) => SIP_PARAM.test(param) || bad(`has a malformed parameter ${i + 1}`));
  if (query === '') return bad('has an empty query');
  query?.split('&').forEach((header, i) => {
    const [name = '', headerValue] = header.split(/=(.*)/);
    const where = ` (header ${i + 1})`;
    if (!/^x-/i.test(name)) bad(`may only carry X- headers${where}`);
    else if (!/^x-[\w\-.!%*+`'~]+$/i.test(name)) rfcBad('header name', where);
    else if (!headerValue) bad(`has a header without a value${where}`);
    else if (!SIP_HEADER_VALUE.test(headerValue)) rfcBad('header value', where);
  });
}

/** E.164: `+`, then 2 to 15 digits, the first not 0. */
export function checkPhoneNumber(add: AddIssue, value: unknown, path: string): void {
  if (typeof value != 'string') return wantIssue(add, path, 'a string', value, 1);
  if (!/^\+[1-9]\d{1,14}$/.test(value)) {
    add(path, `must be an E.164 phone number: '+' then 2 to 15 digits, the first not 0${/^[\0-\x7f]*$/.test(value) ? '' : ' (ASCII only)'}`);
  }
}

/** One pass over the input: every broken rule, and a deep-frozen copy of what was read (meaningful when valid). */
function inspect(options: unknown): [DialOutValidationIssue[], unknown] {
  const issues: DialOutValidationIssue[] = [];
  const add = (path: string, message: string): void => void issues.push({ path, message });
  /** `must be <what>, got <kind>`; `kindOnly` for strings, which may be phone numbers: numbers and booleans are shown otherwise. */
  const want = (path: string, what: string, value: unknown, kindOnly?: unknown): undefined => wantIssue(add, path, what, value, kindOnly);
  const unknown = (path: string, allowed: string[]): unknown => (add(path, `is not one of ${allowed.join(', ')}`), SKIP);
  /** An option allowed with one kind of call only (`need`): false, with an issue, when the options are for the other kind. */
  const only = (path: string, need: string): boolean => !mode || mode == need || (add(path, `is only allowed with ${need}`), false);
  const bool: Rule = (value, path) => void (typeof value == 'boolean' || want(path, 'a boolean', value));
  const int = (value: unknown, path: string, min: number, max: number): unknown => checkInt(add, value, path, min, max);
  const string = (value: unknown, path: string, min: number, max: number): void => checkString(add, value, path, min, max);
  const get = (path: string, read: () => unknown): unknown => readKey(add, path, read);
  const walk = (value: unknown, path: string, what: string, rule: Rule): Value | undefined => readObject(add, value, path, what, rule);

  /** An object of `allowed` keys; a key whose value is `undefined` is absent. */
  const fields = (value: unknown, path: string, allowed: string[], rule: (value: unknown, path: string, index: number) => unknown): unknown =>
    walk(value, path, OBJECT, (inner, at, key) => {
      const index = allowed.indexOf(key);
      return index < 0 ? unknown(at, allowed) : inner === undefined ? SKIP : rule(inner, at, index);
    });

  /** A boolean, or an object of media types; `full` (`canReceive.base`) must list all six and a `'*'` custom track. */
  const media = (value: unknown, path: string, full?: boolean): unknown => {
    if (typeof value == 'boolean') return;
    const copy = walk(value, path, 'a boolean or an object', (inner, at, key) => {
      if (!MEDIA.includes(key)) return unknown(at, MEDIA);
      if (!key.startsWith('custom')) return bool(inner, at, key);
      const tracks = walk(inner, at, OBJECT, bool);
      if (full && tracks && !('*' in tracks)) add(at, "must have a '*' entry");
      return tracks;
    });
    if (full && copy) for (const key of MEDIA) key in copy || add(`${path}.${key}`, REQUIRED);
    return copy;
  };

  const codecs = (value: unknown, path: string, allowed: string[]): unknown => {
    const list = allowed.join(', ');
    if (!Array.isArray(value)) return want(path, `an array of ${list}`, value);
    const { length } = value;
    if (!length || length > allowed.length) return add(path, `must have 1 to ${allowed.length} entries, got ${length}`);
    const copy: unknown[] = [];
    for (let i = 0; i < length; i++) {
      const at = `${path}[${i}]`;
      const item = get(at, () => value[i]);
      if (item === SKIP) continue;
      const first = copy.indexOf(item);
      copy[i] = item;
      if (!allowed.includes(item as string)) {
        want(at, `one of ${list}${typeof item == 'string' && allowed.includes(item.toUpperCase()) ? ' (uppercase)' : ''}`, item);
      } else if (first >= 0) add(at, `repeats ${path}[${first}]`);
    }
    return Object.freeze(copy);
  };

  const sipUri: Rule = (value, path) => checkSipUri(add, value, path);

  let mode: string | false = false; // sipUri or phoneNumber, when exactly one of them is given
  let given: Value = {};

  /** Each option's rule, in the order checked. */
  const rules: Record<string, Rule> = {
    sipUri,
    phoneNumber: (value, path) => checkPhoneNumber(add, value, path),
    displayName: (value, path) => string(value, path, 0, 199),
    userId: (value, path) => string(value, path, 0, 36),
    callerId: (value, path) => (only(path, PHONE), string(value, path, 1, 255)),
    extension: (value, path) => (only(path, PHONE), string(value, path, 1, 20)),
    waitBeforeExtensionDialSec: (value, path) => (
      only(path, PHONE) && !('extension' in given) && add(path, 'requires extension'), int(value, path, 0, 60)
    ),
    video: (value, path, key) => (only(path, SIP), bool(value, path, key)),
    videoSettings: (value, path) => (
      only(path, SIP) && given.video !== true && add(path, 'requires video: true'),
      fields(value, path, VIDEO_SETTINGS, (inner, at, index) => int(inner, at, 1, VIDEO_MAX[index] as number))
    ),
    codecs: (value, path) =>
      fields(value, path, ['audio', 'video'], (inner, at, video) => (video && only(at, SIP), codecs(inner, at, video ? VIDEO : AUDIO))),
    provider: (value, path) => void (only(path, SIP), value === 'daily' || value === 'signalwire' || want(path, "'daily' or 'signalwire'", value)),
    permissions: (value, path) => {
      let canReceive: unknown;
      const copy = walk(value, path, OBJECT, (inner, at, key) =>
        inner === undefined ? SKIP : key == 'canReceive' ? ((canReceive = inner), SKIP) : unknown(at, ['canReceive']),
      );
      if (!copy) return;
      path += '.canReceive';
      if (canReceive === undefined) return add(path, REQUIRED);
      return Object.freeze({
        canReceive: walk(canReceive, path, OBJECT, (inner, at, key) =>
          key == 'base'
            ? media(inner, at, true)
            : key == 'byUserId' || key == 'byParticipantId'
              ? walk(inner, at, OBJECT, (permission, where, id) =>
                  id == '__proto__' ? (add(where, 'is not allowed as an id'), SKIP) : media(permission, where),
                )
              : unknown(at, ['base', 'byUserId', 'byParticipantId']),
        ),
      });
    },
  };

  const read = walk(options, '', 'a plain object', (inner, at, key) =>
    inner === undefined ? SKIP : Object.hasOwn(rules, key) ? undefined : unknown(at, Object.keys(rules)),
  );
  if (!read) return [issues, {}];
  given = read;
  const sip = SIP in given;
  const phone = PHONE in given;
  if (sip == phone) add(sip ? PHONE : SIP, sip ? 'is not allowed with sipUri' : 'either sipUri or phoneNumber is required');
  mode = sip != phone && (sip ? SIP : PHONE);

  const value: Value = {};
  for (const key in rules) if (key in given) value[key] = (rules[key] as Rule)(given[key], key, key) ?? given[key];
  return [issues, Object.freeze(value)];
}

function safeInspect(options: unknown): [DialOutValidationIssue[], unknown] {
  try {
    return inspect(options);
  } catch {
    return [[{ path: '', message: UNREADABLE }], {}];
  }
}

/**
 * Checks any value as `startDialOut()` options and lists every broken rule: the checks daily-js 0.92.2 makes and the
 * rules of Daily's `startDialOut()` docs, stricter where daily-js only tests truthiness or leaves it to Daily's servers:
 * - exactly one of `sipUri` / `phoneNumber` (neither: issue at `sipUri`; both: at `phoneNumber`); `null` is a value;
 * - `sipUri` a sane RFC 3261 URI (ASCII, no whitespace, a host, ≤ 2048 characters, only `X-` headers); `phoneNumber`
 *   real E.164 (`+`, 2 to 15 digits, the first not 0);
 * - no unknown key (daily-js forwards them); no SIP-only option (`video`, `videoSettings`, `codecs.video`, `provider`)
 *   with `phoneNumber`, nor PSTN-only one (`callerId`, `extension`, `waitBeforeExtensionDialSec`) with `sipUri`;
 * - every value type-checked even when falsy (`video: 0`); integers in range (`waitBeforeExtensionDialSec` 0 to 60 s,
 *   `videoSettings` up to 1280 × 720 px, 30 fps, 1000 kbps); no repeated codec; `permissions.canReceive` shaped as
 *   daily-js checks it.
 *
 * Only own enumerable keys are read, each once; `undefined` counts as absent. Never throws. Messages name the rule and
 * the kind of value (`must be a string, got a number`), never a string option's value nor any part of it, so they are
 * safe to log and show; numbers and booleans of other options are shown (`got the number 61`).
 *
 * @returns Every broken rule in the order checked; `[]` when valid.
 * @example
 * ```ts
 * validateStartDialOutOptions({ phoneNumber: '555-0100', video: true });
 * // [{ path: 'phoneNumber', message: "must be an E.164 phone number: ..." }, { path: 'video', message: 'is only allowed with sipUri' }]
 * ```
 */
export function validateStartDialOutOptions(options: unknown): DialOutValidationIssue[] {
  return safeInspect(options)[0];
}

/**
 * Validates `startDialOut()` options by {@link validateStartDialOutOptions} and returns a deep-frozen deep copy built
 * from the values read while validating (plain objects and arrays; the given known keys, `undefined` ones dropped), so
 * later changes to `options` do not reach it. daily-js 0.92.2 writes a default `provider` into the object it is given:
 * hand it `{ ...parsed }`, not the frozen result.
 *
 * @throws {@link DialOutValidationError} (subject `startDialOut options`) listing every broken rule in `issues`.
 * @example
 * ```ts
 * const options = parseStartDialOutOptions({ phoneNumber: '+12268077097', extension: '1234', waitBeforeExtensionDialSec: 4 });
 * await call.startDialOut({ ...options });
 * ```
 */
export function parseStartDialOutOptions(options: unknown): DailyStartDialoutOptions {
  const [issues, value] = safeInspect(options);
  if (issues.length > 0) throw new DialOutValidationError(issues, 'startDialOut options');
  return value as DailyStartDialoutOptions;
}
