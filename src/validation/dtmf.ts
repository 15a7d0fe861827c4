/** Validation of the DTMF tones given to `session.sendDTMF()`. */
import { DialOutValidationError, type DialOutValidationIssue } from '../errors.js';
import { describeKind } from '../values.js';

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
