/**
 * Validation of the options given to `startDialOut()`: daily-js 0.92.2's
 * checks and Daily's documented rules (see {@link validateStartDialOutOptions}).
 *
 * Every value is read once: the checks run on what was read, and the copy
 * returned is built from it, so it is exactly what was validated.
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import { DialOutValidationError, type DialOutValidationIssue } from '../errors.js';
import { describeKind, describeValue } from '../values.js';

type Value = Record<string, unknown>;
/**
 * Checks a value read at `path` (its `key` in the parent). Returns the copy to
 * keep, `undefined` to keep the value as read, or `SKIP` to leave the key out.
 */
type Rule = (value: unknown, path: string, key: string) => unknown;

const SKIP = {};
const UNREADABLE = 'could not be read';
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

/** One pass over the input: every broken rule, and a deep-frozen copy of what was read (meaningful when valid). */
function inspect(options: unknown): [DialOutValidationIssue[], unknown] {
  const issues: DialOutValidationIssue[] = [];
  const add = (path: string, message: string): void => void issues.push({ path, message });
  /** `must be <what>, got <kind>`; `kindOnly` for strings, which may be phone numbers: numbers and booleans are shown otherwise. */
  const want = (path: string, what: string, value: unknown, kindOnly?: unknown): undefined =>
    void add(path, `must be ${what}, got ${(kindOnly ? describeKind : describeValue)(value)}`);
  const unknown = (path: string, allowed: string[]): unknown => (add(path, `is not one of ${allowed.join(', ')}`), SKIP);
  /** An option allowed with one kind of call only (`need`): false, with an issue, when the options are for the other kind. */
  const only = (path: string, need: string): boolean => !mode || mode == need || (add(path, `is only allowed with ${need}`), false);
  const bool: Rule = (value, path) => void (typeof value == 'boolean' || want(path, 'a boolean', value));
  const int = (value: unknown, path: string, min: number, max: number): unknown =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max
      ? (value as number) || 0 // -0 becomes 0
      : want(path, `an integer from ${min} to ${max}`, value);
  const string = (value: unknown, path: string, min: number, max: number): void => {
    if (typeof value != 'string') return want(path, 'a string', value, 1);
    const { length } = value;
    if (length < min || length > max) {
      // daily-js words its displayName rule "shorter than 200"
      add(path, `must be ${path == 'displayName' ? `shorter than ${max + 1}` : min ? `${min} to ${max}` : `at most ${max}`} characters, got ${length}`);
    }
  };
  const get = (path: string, read: () => unknown): unknown => {
    try {
      return read();
    } catch {
      return add(path, UNREADABLE), SKIP;
    }
  };

  /**
   * Reads each own enumerable key of the object at `path` once, into a frozen
   * copy; `undefined` when it is not an object. An object is tagged
   * `[object Object]` and not an array (so `Date`s, `Map`s and functions are
   * refused); unlike `isPlainObject` of `../values.js`, its prototype does not
   * matter: daily-js accepts `Object.create(proto)` and class instances, and so
   * do we, as the README's "looser" table and the bad-input tables record.
   */
  const walk = (value: unknown, path: string, what: string, rule: Rule): Value | undefined => {
    if (typeof value != 'object' || Array.isArray(value) || ({}).toString.call(value) != '[object Object]') {
      return want(path, what, value, !path);
    }
    const copy: [string, unknown][] = [];
    for (const key of Object.keys(value as object)) {
      const at = path ? (/^[\w$-]+$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`) : key;
      const inner = get(at, () => (value as Value)[key]);
      const kept = inner === SKIP ? inner : (rule(inner, at, key) ?? inner);
      if (kept !== SKIP) copy.push([key, kept]);
    }
    return Object.freeze(Object.fromEntries(copy)); // defines keys such as `__proto__` as own keys
  };

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

  /** RFC 3261: sip:[user[:password]@]host[:port][;params][?headers]. */
  const sipUri: Rule = (value, path) => {
    if (typeof value != 'string' || value.length > 2048) return string(value, path, 0, 2048);
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
  };

  let mode: string | false = false; // sipUri or phoneNumber, when exactly one of them is given
  let given: Value = {};

  /** Each option's rule, in the order checked. */
  const rules: Record<string, Rule> = {
    sipUri,
    phoneNumber: (value, path) =>
      typeof value != 'string'
        ? want(path, 'a string', value, 1)
        : void (
            /^\+[1-9]\d{1,14}$/.test(value) ||
            add(path, `must be an E.164 phone number: '+' then 2 to 15 digits, the first not 0${/^[\0-\x7f]*$/.test(value) ? '' : ' (ASCII only)'}`)
          ),
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
 * Checks `startDialOut()` options and lists every broken rule.
 *
 * @remarks
 * Mirrors the checks daily-js 0.92.2 makes in `startDialOut()` and the rules
 * of Daily's `startDialOut()` documentation, and is stricter where daily-js
 * only tests truthiness or lets a value through to Daily's servers:
 *
 * - exactly one of `sipUri` / `phoneNumber` (neither: issue at `sipUri`;
 *   both: issue at `phoneNumber`); `null` is a value, not "absent";
 * - `sipUri` must also be a sane RFC 3261 URI (non-empty host, no whitespace,
 *   ASCII only, at most 2048 characters, query parameters only `X-` headers);
 * - `phoneNumber` must be real E.164 (`+`, 2 to 15 digits, first not 0);
 * - unknown keys are issues (daily-js forwards them); so are SIP-only options
 *   (`video`, `videoSettings`, `codecs.video`, `provider`) with `phoneNumber`
 *   and PSTN-only options (`callerId`, `extension`,
 *   `waitBeforeExtensionDialSec`) with `sipUri`;
 * - every value is type-checked even when falsy (`video: 0`, `userId: ''` …);
 *   numbers must be finite integers in range (`waitBeforeExtensionDialSec`
 *   0 to 60 seconds, `videoSettings` 1 to 1280 / 720 pixels, 30 fps, 1000 kbps);
 * - codec arrays must not repeat a codec; `permissions` must hold a
 *   `canReceive` whose shape is checked like daily-js's `canReceive` check.
 *
 * Only own enumerable keys are read, each once; a key whose value is
 * `undefined` counts as absent. Never throws, whatever `options` is.
 *
 * Messages name the rule and the kind of value given (`must be a string,
 * got a number`), never a value of a string option (`phoneNumber`, `sipUri`,
 * `callerId`, `displayName`, `userId`, `extension`, `provider`, codecs) nor
 * any part of it: they are safe to log and to show. Numbers and booleans of
 * other options are shown (`got the number 61`).
 *
 * @param options - The value to check; anything is accepted.
 * @returns Every broken rule in the order checked; `[]` when the options are valid.
 *
 * @example
 * ```ts
 * validateStartDialOutOptions({ phoneNumber: '+12268077097' }); // []
 * validateStartDialOutOptions({ phoneNumber: '555-0100', video: true });
 * // [
 * //   { path: 'phoneNumber', message: "must be an E.164 phone number: ..." },
 * //   { path: 'video', message: 'is only allowed with sipUri' },
 * // ]
 * ```
 */
export function validateStartDialOutOptions(options: unknown): DialOutValidationIssue[] {
  return safeInspect(options)[0];
}

/**
 * Validates `startDialOut()` options and returns a frozen copy of them.
 *
 * @remarks
 * Applies the rules of {@link validateStartDialOutOptions}. The result is
 * built from the values read during validation, so it is exactly what was
 * validated: a deep copy made of plain objects and arrays, deep-frozen, with
 * only the given known keys (keys whose value is `undefined` are dropped).
 * Later changes to `options` do not affect it.
 *
 * daily-js 0.92.2 writes a default `provider` into the object given to
 * `startDialOut()`, so hand daily-js a shallow copy (`{ ...parsed }`) rather
 * than the frozen result.
 *
 * @param options - The options to check; anything is accepted.
 * @returns A deep-frozen deep copy of the valid options.
 * @throws {@link DialOutValidationError} (subject `startDialOut options`)
 * listing every broken rule in `issues`, when the options are not valid.
 *
 * @example
 * ```ts
 * const options = parseStartDialOutOptions({
 *   phoneNumber: '+12268077097',
 *   displayName: 'Support Line',
 *   extension: '1234',
 *   waitBeforeExtensionDialSec: 4,
 * });
 * Object.isFrozen(options); // true
 * await call.startDialOut({ ...options });
 * ```
 */
export function parseStartDialOutOptions(options: unknown): DailyStartDialoutOptions {
  const [issues, value] = safeInspect(options);
  if (issues.length > 0) throw new DialOutValidationError(issues, 'startDialOut options');
  return value as DailyStartDialoutOptions;
}
