/**
 * Validation of the DTMF tones given to `session.sendDTMF()`.
 */
import { DialOutValidationError, type DialOutValidationIssue } from '../errors.js';
import { describeKind } from '../values.js';

/**
 * Checks a string of DTMF tones against the rules of daily-js's `sendDTMF()`.
 *
 * @remarks
 * Mirrors the checks daily-js 0.92.2 makes in `sendDTMF()` on `tones`: a
 * string, at most 20 characters, only `0`-`9`, `A`-`D`, `*` and `#`
 * (uppercase letters only, like daily-js). It is stricter in one way: an empty
 * string is reported as "must not be empty" rather than daily-js's generic
 * "mandatory parameter" error. Unlike daily-js, every broken rule is reported
 * (too long *and* a bad character), and the first bad character is given by
 * its index (in UTF-16 code units). Every issue has the path `tones`. Never throws.
 *
 * Messages never contain the tones, nor any character of them: tones may be
 * a PIN. They say what kind of value was given (`got a number`) and where
 * the first bad character is.
 *
 * @param tones - The value to check; anything is accepted.
 * @returns The broken rules, in the order checked; `[]` when `tones` is valid.
 *
 * @example
 * ```ts
 * validateDtmfTones('1234#'); // []
 * validateDtmfTones('12e');
 * // [{ path: 'tones', message: 'has a character that is not a DTMF tone at index 2 (allowed: 0-9, A-D, *, #)' }]
 * ```
 */
export function validateDtmfTones(tones: unknown): DialOutValidationIssue[] {
  const issues: DialOutValidationIssue[] = [];
  const add = (message: string): void => void issues.push({ path: 'tones', message });
  if (typeof tones != 'string') add(`must be a string of DTMF tones, got ${describeKind(tones)}`);
  else if (!tones) add('must not be empty');
  else {
    if (tones.length > 20) add(`must be at most 20 characters (daily-js limit), got ${tones.length}`);
    const bad = /[^\dA-D*#]/.exec(tones);
    if (bad) {
      add(`has a character that is not a DTMF tone at index ${bad.index} (allowed: 0-9, A-D, *, #)${/[a-d]/.test(bad[0]) ? '; letters must be uppercase A-D' : ''}`);
    }
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
 * parseDtmfTones(''); // throws DialOutValidationError: Invalid DTMF tones: tones: must not be empty
 * parseDtmfTones(1234); // throws …: tones: must be a string of DTMF tones, got a number
 * ```
 */
export function parseDtmfTones(tones: unknown): string {
  const issues = validateDtmfTones(tones);
  if (issues.length > 0) throw new DialOutValidationError(issues, 'DTMF tones');
  return tones as string;
}
