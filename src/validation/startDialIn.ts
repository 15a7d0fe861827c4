/**
 * Validation of `startDialIn()` options (daily-js 0.92.2's `DailyStartDialinOptions`). Each value is read once, so the
 * copy returned is exactly what was validated. `codecs` and `permissions` go through the `startDialOut()` validator's
 * own rules (by its parser, one key at a time), so both validators accept and refuse exactly the same values there.
 */
import type { DailyStartDialinOptions } from '@daily-co/daily-js';
import { DialOutValidationError, type DialOutValidationIssue } from '../errors.js';
import {
  checkSipUri,
  checkString,
  parseStartDialOutOptions,
  readObject,
  SKIP,
  UNREADABLE,
  wantIssue,
  type AddIssue,
  type Value,
} from './startDialOutOptions.js';

const DISPLAY_NAME = 'displayName';
/** The known keys, in daily-js 0.92.2's order of checks (and of the copy returned). */
const KEYS = [DISPLAY_NAME, 'userId', 'video', 'sipEndpoint', 'codecs', 'permissions', 'provider'];
/** Keys daily-js writes into its request after the caller's: a caller's value would replace its own. */
const RESERVED = ['action', 'sipMode'];
/** A valid target, so that the `startDialOut()` validator checks `codecs` and `permissions` as for a SIP dial-out. */
const PROBE = 'sip:dial-in@example.com';

/**
 * `value` at `key` checked by the `startDialOut()` validator's rule for the same key: its issues (at the same paths; a
 * whole-value failure such as a throwing proxy at `key`) and its deep-frozen copy.
 */
function asForDialOut(add: AddIssue, key: string, value: unknown): unknown {
  try {
    return (parseStartDialOutOptions({ sipUri: PROBE, [key]: value }) as unknown as Value)[key];
  } catch (error) {
    if (!(error instanceof DialOutValidationError)) throw error;
    for (const issue of error.issues) add(issue.path || key, issue.message);
    return undefined;
  }
}

/** One pass over the input: every broken rule, and a frozen copy of what was read (meaningful when valid). */
function inspect(options: unknown): [DialOutValidationIssue[], Value] {
  const issues: DialOutValidationIssue[] = [];
  const add: AddIssue = (path, message) => void issues.push({ path, message });

  const given = readObject(add, options, '', 'a plain object', (inner, at, key) => {
    if (inner === undefined) return SKIP;
    if (KEYS.includes(key)) return undefined;
    add(at, RESERVED.includes(key) ? 'is not an option: daily-js sets it, and a value here would replace it' : `is not one of ${KEYS.join(', ')}`);
    return SKIP;
  });
  if (!given) return [issues, {}];

  const rules: Record<string, (value: unknown, path: string) => unknown> = {
    displayName: (value, path) =>
      value === '' ? add(path, 'must not be empty') : checkString(add, value, path, 1, 199), // "shorter than 200"
    userId: (value, path) => checkString(add, value, path, 0, 36),
    video: (value, path) => void (typeof value == 'boolean' || wantIssue(add, path, 'a boolean', value)),
    sipEndpoint: (value, path) => checkSipUri(add, value, path),
    codecs: (value, path) => asForDialOut(add, path, value),
    permissions: (value, path) => asForDialOut(add, path, value),
    provider: (value, path) => void (value === 'daily' || value === 'signalwire' || wantIssue(add, path, "'daily' or 'signalwire'", value)),
  };

  if (!(DISPLAY_NAME in given) && !issues.some((issue) => issue.path == DISPLAY_NAME)) add(DISPLAY_NAME, 'is required');
  const value: Value = {};
  for (const key of KEYS) {
    if (key in given) value[key] = rules[key]?.(given[key], key) ?? given[key];
  }
  return [issues, Object.freeze(value)];
}

function safeInspect(options: unknown): [DialOutValidationIssue[], Value] {
  try {
    return inspect(options);
  } catch {
    return [[{ path: '', message: UNREADABLE }], {}];
  }
}

/**
 * Checks any value as `startDialIn()` options (daily-js 0.92.2's `DailyStartDialinOptions`) and lists every broken
 * rule. Daily documents nothing about `startDialIn()` beyond its type in daily-js's `index.d.ts` (no reference page;
 * what it does server-side is undocumented), so the rules are daily-js 0.92.2's own checks, made as strict as
 * `validateStartDialOutOptions()` where the same field exists:
 * - a plain object of own enumerable keys (inherited ones ignored; daily-js checks an inherited `displayName`, then
 *   drops it when it copies the options), none unknown (daily-js forwards them; `action` and `sipMode` would even
 *   replace the ones daily-js sends); `undefined` counts as absent, `null` as a value; a getter that throws is an issue;
 * - `displayName` required, a non-empty string shorter than 200 characters (as daily-js);
 * - `userId` a string of at most 36 characters (as daily-js); `video` a boolean (as daily-js);
 * - `sipEndpoint` an RFC 3261 SIP URI, the rules of `startDialOut()`'s `sipUri` (daily-js: any string);
 * - `codecs` as `startDialOut()`'s: `audio` 1 to 4 of OPUS, PCMU, PCMA, G722, `video` 1 to 2 of H264, VP8, no repeats,
 *   no other key (daily-js: any object, arrays included; it checks no codec name for dial-in);
 * - `permissions` as `startDialOut()`'s: `{ canReceive }` shaped as daily-js checks it for dial-out (daily-js: any
 *   object for dial-in);
 * - `provider` `'daily'` or `'signalwire'` (daily-js lets any falsy value through and sends `'signalwire'` instead).
 *
 * Messages name the rule and the kind of value, never a string's content (`must be a string, got a number`), so they
 * are safe to log and show; numbers and booleans of `video`, `provider` and codec entries are shown (`got the number 0`),
 * as for `startDialOut()`. Never throws.
 *
 * @returns Every broken rule in the order checked; `[]` when valid.
 * @example
 * ```ts
 * validateStartDialInOptions({ displayName: '', codecs: { audio: ['opus'] } });
 * // [{ path: 'displayName', message: 'must not be empty' },
 * //  { path: 'codecs.audio[0]', message: 'must be one of OPUS, PCMU, PCMA, G722 (uppercase), got a string' }]
 * ```
 */
export function validateStartDialInOptions(options: unknown): DialOutValidationIssue[] {
  return safeInspect(options)[0];
}

/**
 * Validates by {@link validateStartDialInOptions} and returns a fresh frozen object holding only the given known keys
 * (in the order `displayName`, `userId`, `video`, `sipEndpoint`, `codecs`, `permissions`, `provider`; `codecs` and
 * `permissions` deep-frozen deep copies), as read while validating: later changes to `options` do not reach it. No
 * default is added: daily-js 0.92.2 sends `provider: 'signalwire'` when none is given, on a copy of its own (it does
 * not write into the object it is given, so the frozen result can be handed over as is).
 *
 * @throws {@link DialOutValidationError} (subject `startDialIn options`) listing every broken rule in `issues`.
 * @example
 * ```ts
 * await call.startDialIn(parseStartDialInOptions({ displayName: 'Front desk', codecs: { audio: ['OPUS'] } }));
 * ```
 */
export function parseStartDialInOptions(options: unknown): DailyStartDialinOptions {
  const [issues, value] = safeInspect(options);
  if (issues.length > 0) throw new DialOutValidationError(issues, 'startDialIn options');
  return value as unknown as DailyStartDialinOptions;
}
