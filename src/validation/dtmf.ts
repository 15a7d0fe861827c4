/**
 * Validation of the DTMF tones given to `session.sendDTMF()`.
 */
import { DialOutValidationError, type DialOutValidationIssue } from '../errors.js';

/** daily-js 0.92.2 rejects tone strings longer than this. */
const MAX_TONES = 20;
/** One valid DTMF tone (daily-js accepts uppercase `A`-`D` only). */
const TONE = /^[0-9A-D*#]$/;

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'number':
      return Number.isNaN(value) ? 'NaN' : `the number ${String(value)}`;
    case 'boolean':
      return `the boolean ${String(value)}`;
    case 'object':
      return 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/**
 * Checks a string of DTMF tones against the rules of daily-js's `sendDTMF()`.
 *
 * @remarks
 * Mirrors the checks daily-js 0.92.2 makes in `sendDTMF()` on `tones`: a
 * string, at most 20 characters, only `0`-`9`, `A`-`D`, `*` and `#`
 * (uppercase letters only, like daily-js). It is stricter in one way: an empty
 * string is reported as "must not be empty" rather than daily-js's generic
 * "mandatory parameter" error. Unlike daily-js, every broken rule is reported
 * (too long *and* a bad character), and the first bad character is named with
 * its index. Every issue has the path `tones`. Never throws.
 *
 * @param tones - The value to check; anything is accepted.
 * @returns The broken rules, in the order checked; `[]` when `tones` is valid.
 *
 * @example
 * ```ts
 * validateDtmfTones('1234#'); // []
 * validateDtmfTones('12e');
 * // [{ path: 'tones', message: '"e" at index 2 is not a valid DTMF tone (allowed: 0-9, A-D, *, #)' }]
 * ```
 */
export function validateDtmfTones(tones: unknown): DialOutValidationIssue[] {
  const path = 'tones';
  if (typeof tones !== 'string') {
    return [{ path, message: `must be a string of DTMF tones, got ${describeValue(tones)}` }];
  }
  if (tones.length === 0) {
    return [{ path, message: `must not be empty (give 1 to ${MAX_TONES} DTMF tones)` }];
  }
  const issues: DialOutValidationIssue[] = [];
  if (tones.length > MAX_TONES) {
    issues.push({
      path,
      message: `must be at most ${MAX_TONES} characters long (daily-js limit), got ${tones.length}`,
    });
  }
  let index = 0;
  for (const char of tones) {
    if (!TONE.test(char)) {
      const hint = /^[a-d]$/.test(char) ? ' (use uppercase A-D)' : '';
      issues.push({
        path,
        message: `${JSON.stringify(char)} at index ${index} is not a valid DTMF tone (allowed: 0-9, A-D, *, #)${hint}`,
      });
      break;
    }
    index += char.length;
  }
  return issues;
}

/**
 * Returns the DTMF tones when they are valid, else throws.
 *
 * @remarks
 * Runs {@link validateDtmfTones} (the rules of daily-js 0.92.2 `sendDTMF()`,
 * plus the non-empty rule) and throws with every broken rule.
 *
 * @param tones - The value to check.
 * @returns `tones`, unchanged, typed as a string.
 * @throws {@link DialOutValidationError} (subject `DTMF tones`) with every
 * broken rule in `issues` when `tones` is not valid.
 *
 * @example
 * ```ts
 * const tones = parseDtmfTones('*72#'); // '*72#'
 * parseDtmfTones(''); // throws DialOutValidationError: Invalid DTMF tones: tones: must not be empty ...
 * ```
 */
export function parseDtmfTones(tones: unknown): string {
  const issues = validateDtmfTones(tones);
  if (issues.length > 0 || typeof tones !== 'string') {
    throw new DialOutValidationError(issues, 'DTMF tones');
  }
  return tones;
}
