/** Validation of the DTMF tones and options given to `session.sendDTMF()`. */
import { DialOutValidationError, type DialOutValidationIssue } from '../errors.js';
import type { DialOutDtmfMethod, DialOutDtmfOptions } from '../types.js';
import { describeKind } from '../values.js';
import { readObject, SKIP, UNREADABLE, wantIssue, type AddIssue, type Value } from './startDialOutOptions.js';

/** daily-js 0.92.2's limit per `sendDTMF()` request. */
const REQUEST_MAX = 20;
/** The longest sequence {@link validateDtmfSequence} takes. */
const SEQUENCE_MAX = 1000;
const METHODS: readonly DialOutDtmfMethod[] = ['sip-info', 'telephone-event', 'auto'];

/** The tones rules with a length limit; `limit` words it in the message. */
function tonesIssues(tones: unknown, max: number, limit: string): DialOutValidationIssue[] {
  const issues: DialOutValidationIssue[] = [];
  const add = (message: string): void => void issues.push({ path: 'tones', message });
  if (typeof tones != 'string') add(`must be a string of DTMF tones, got ${describeKind(tones)}`);
  else if (!tones) add('must not be empty');
  else {
    if (tones.length > max) add(`must be at most ${max} characters${limit}, got ${tones.length}`);
    const bad = /[^\dA-D*#]/.exec(tones);
    if (bad) {
      add(`has a character that is not a DTMF tone at index ${bad.index} (allowed: 0-9, A-D, *, #)${/[a-d]/.test(bad[0]) ? '; letters must be uppercase A-D' : ''}`);
    }
  }
  return issues;
}

/**
 * Checks any value as DTMF tones by daily-js 0.92.2 `sendDTMF()`'s rules: a string of 1 to 20 of `0-9`, `A-D`
 * (uppercase only), `*`, `#`. Unlike daily-js it reports every broken rule (path `tones`), `''` as "must not be empty",
 * and the first bad character by its UTF-16 index; messages never contain the tones (they may be a PIN). Never throws.
 *
 * @returns The broken rules in the order checked; `[]` when valid.
 * @example
 * ```ts
 * validateDtmfTones('12e'); // [{ path: 'tones', message: 'has a character that is not a DTMF tone at index 2 (allowed: 0-9, A-D, *, #)' }]
 * ```
 */
export function validateDtmfTones(tones: unknown): DialOutValidationIssue[] {
  return tonesIssues(tones, REQUEST_MAX, ' (daily-js limit)');
}

/**
 * Returns `tones` unchanged, typed as a string, when {@link validateDtmfTones} finds nothing wrong.
 *
 * @throws {@link DialOutValidationError} (subject `DTMF tones`) with every broken rule in `issues`.
 * @example
 * ```ts
 * parseDtmfTones('*72#'); // '*72#'; parseDtmfTones('') throws "Invalid DTMF tones: tones: must not be empty"
 * ```
 */
export function parseDtmfTones(tones: unknown): string {
  const issues = validateDtmfTones(tones);
  if (issues.length > 0) throw new DialOutValidationError(issues, 'DTMF tones');
  return tones as string;
}

/**
 * Checks any value as a DTMF sequence for `session.sendDTMF()`, which sends it as several requests: the rules of
 * {@link validateDtmfTones} with a limit of 1,000 characters instead of 20 (50 requests; at daily-js's default
 * 500 ms a tone, over 8 minutes of tones). Never throws; messages never contain the tones.
 *
 * @returns The broken rules in the order checked (path `tones`); `[]` when valid.
 * @example
 * ```ts
 * validateDtmfSequence('1'.repeat(1001)); // [{ path: 'tones', message: 'must be at most 1000 characters, got 1001' }]
 * ```
 */
export function validateDtmfSequence(tones: unknown): DialOutValidationIssue[] {
  return tonesIssues(tones, SEQUENCE_MAX, '');
}

/**
 * Validates the whole sequence by {@link validateDtmfSequence}, then splits it, in order, into chunks of at most 20
 * tones: one per daily-js `sendDTMF()` request (its limit). Returns a fresh array.
 *
 * @throws {@link DialOutValidationError} (subject `DTMF tones`) with every broken rule in `issues`; nothing is split.
 * @example
 * ```ts
 * parseDtmfSequence('1234567890123456789012345#'); // ['12345678901234567890', '12345#']
 * ```
 */
export function parseDtmfSequence(tones: unknown): string[] {
  const issues = validateDtmfSequence(tones);
  if (issues.length > 0) throw new DialOutValidationError(issues, 'DTMF tones');
  const chunks: string[] = [];
  for (let at = 0; at < (tones as string).length; at += REQUEST_MAX) chunks.push((tones as string).slice(at, at + REQUEST_MAX));
  return chunks;
}

/** One pass over DTMF options: every broken rule, and a frozen copy of what was read (meaningful when valid). */
function inspectOptions(options: unknown): [DialOutValidationIssue[], Value] {
  const issues: DialOutValidationIssue[] = [];
  const add: AddIssue = (path, message) => void issues.push({ path, message });
  if (options === undefined) return [issues, Object.freeze({})];
  const copy = readObject(add, options, '', 'a plain object or undefined', (inner, at, key) => {
    if (inner === undefined) return SKIP;
    if (key == 'method') {
      if (!METHODS.includes(inner as DialOutDtmfMethod)) {
        wantIssue(add, at, `one of ${METHODS.map((m) => `'${m}'`).join(', ')}`, inner, typeof inner == 'string');
      }
      return undefined;
    }
    if (key == 'digitDurationMs') {
      return Number.isInteger(inner) && (inner as number) >= 50 && (inner as number) <= 2000
        ? undefined
        : wantIssue(add, at, 'an integer number of ms from 50 to 2000', inner);
    }
    add(at, 'is not one of method, digitDurationMs');
    return SKIP;
  });
  if (!copy) return [issues, {}];
  // a fixed key order, whatever the input's
  const value: Value = {};
  for (const key of ['method', 'digitDurationMs']) if (key in copy) value[key] = copy[key];
  return [issues, Object.freeze(value)];
}

function safeInspectOptions(options: unknown): [DialOutValidationIssue[], Value] {
  try {
    return inspectOptions(options);
  } catch {
    return [[{ path: '', message: UNREADABLE }], {}];
  }
}

/**
 * Checks any value as {@link DialOutDtmfOptions} by daily-js 0.92.2 `sendDTMF()`'s rules
 * (https://docs.daily.co/reference/daily-js/instance-methods/send-dtmf), stricter where daily-js tests truthiness or
 * forwards: `undefined` (no options) is valid; otherwise a plain object of own enumerable keys, none unknown
 * (`undefined` counts as absent); `method` one of `'sip-info'`, `'telephone-event'`, `'auto'` (`''` too is refused,
 * which daily-js turns into `'auto'`); `digitDurationMs` an integer number of milliseconds from 50 to 2000.
 * Never throws; messages never contain a string's content.
 *
 * @returns Every broken rule in the order checked; `[]` when valid.
 * @example
 * ```ts
 * validateDtmfOptions({ method: 'rfc2833', digitDurationMs: 20 });
 * // [{ path: 'method', message: "must be one of 'sip-info', 'telephone-event', 'auto', got a string" },
 * //  { path: 'digitDurationMs', message: 'must be an integer number of ms from 50 to 2000, got the number 20' }]
 * ```
 */
export function validateDtmfOptions(options: unknown): DialOutValidationIssue[] {
  return safeInspectOptions(options)[0];
}

/**
 * Validates by {@link validateDtmfOptions} and returns a fresh frozen object holding only the given known keys
 * (`{}` for `undefined`), as read while validating. daily-js 0.92.2 writes its defaults (`method: 'auto'`,
 * `digitDurationMs: 500`) into the object it is given: hand it `{ sessionId, tones, ...parsed }`.
 *
 * @throws {@link DialOutValidationError} (subject `DTMF options`) listing every broken rule in `issues`.
 * @example
 * ```ts
 * parseDtmfOptions({ method: 'telephone-event', digitDurationMs: 100 }); // the same, frozen
 * parseDtmfOptions(undefined); // {}
 * ```
 */
export function parseDtmfOptions(options: unknown): DialOutDtmfOptions {
  const [issues, value] = safeInspectOptions(options);
  if (issues.length > 0) throw new DialOutValidationError(issues, 'DTMF options');
  return value as DialOutDtmfOptions;
}
