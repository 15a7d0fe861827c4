/**
 * Validation of `session.transfer()` and `session.refer()` options: daily-js 0.92.2's `sipCallTransfer()` /
 * `sipRefer()` options without the `sessionId`, which the session adds. Each value is read once, so the copy returned
 * is exactly what was validated.
 */
import { DialOutValidationError, type DialOutValidationIssue } from '../errors.js';
import type { DialOutReferOptions, DialOutTransferOptions } from '../types.js';
import {
  checkInt,
  checkPhoneNumber,
  checkSipUri,
  checkString,
  readObject,
  SKIP,
  UNREADABLE,
  wantIssue,
  type AddIssue,
  type Value,
} from './startDialOutOptions.js';

const TARGET = 'toEndPoint';
const TRANSFER_KEYS = [TARGET, 'callerId', 'extension', 'waitBeforeExtensionDialSec'];
const PSTN_ONLY = "is only allowed with a '+' toEndPoint (a phone number)";

/** One pass over the input: every broken rule, and a frozen copy of what was read (meaningful when valid). */
function inspect(options: unknown, refer: boolean): [DialOutValidationIssue[], Value] {
  const issues: DialOutValidationIssue[] = [];
  const add: AddIssue = (path, message) => void issues.push({ path, message });
  const allowed = refer ? [TARGET] : TRANSFER_KEYS;

  const given = readObject(add, options, '', 'a plain object', (inner, at, key) => {
    if (inner === undefined) return SKIP;
    if (allowed.includes(key)) return undefined;
    add(
      at,
      key == 'sessionId'
        ? 'is not an option: the session adds its own sessionId'
        : refer
          ? `is not allowed: refer() takes only ${TARGET}`
          : `is not one of ${allowed.join(', ')}`,
    );
    return SKIP;
  });
  if (!given) return [issues, {}];

  const target = given[TARGET];
  // 'phone' or 'sip' when toEndPoint has a known prefix; the PSTN-only rules apply only when it is known
  const kind = typeof target != 'string' ? undefined : target.startsWith('+') ? 'phone' : target.startsWith('sip:') ? 'sip' : undefined;
  if (!(TARGET in given)) {
    if (!issues.some((issue) => issue.path == TARGET)) add(TARGET, 'is required'); // not twice when its read threw
  } else if (typeof target != 'string') wantIssue(add, TARGET, 'a string', target, 1);
  else if (refer && kind != 'sip') add(TARGET, "must be a SIP URI starting 'sip:' (a REFER hands the call to a SIP endpoint)");
  else if (!kind) add(TARGET, "must start with 'sip:' (a SIP URI) or '+' (an E.164 phone number)");
  else if (kind == 'sip') checkSipUri(add, target, TARGET);
  else checkPhoneNumber(add, target, TARGET);

  /** false, with an issue, when the target is a SIP URI. */
  const pstnOnly = (path: string): boolean => kind != 'sip' || (add(path, PSTN_ONLY), false);
  const rules: Record<string, (value: unknown, path: string) => unknown> = {
    callerId: (value, path) => (pstnOnly(path), checkString(add, value, path, 1, 255)),
    extension: (value, path) => (pstnOnly(path), checkString(add, value, path, 1, 20)),
    waitBeforeExtensionDialSec: (value, path) => (
      pstnOnly(path) && !('extension' in given) && add(path, 'requires extension'), checkInt(add, value, path, 0, 60)
    ),
  };

  const value: Value = {};
  for (const key of allowed) {
    if (key in given) value[key] = rules[key]?.(given[key], key) ?? given[key];
  }
  return [issues, Object.freeze(value)];
}

function safeInspect(options: unknown, refer: boolean): [DialOutValidationIssue[], Value] {
  try {
    return inspect(options, refer);
  } catch {
    return [[{ path: '', message: UNREADABLE }], {}];
  }
}

/**
 * Checks any value as {@link DialOutTransferOptions} (`session.transfer()`, daily-js `sipCallTransfer()` without the
 * `sessionId`) and lists every broken rule. Rules: daily-js 0.92.2's own checks, and Daily's documented ones where
 * daily-js only tests a prefix or truthiness (https://docs.daily.co/reference/daily-js/instance-methods/sip-call-transfer,
 * REST `POST /rooms/:name/sipCallTransfer`):
 * - a plain object of own enumerable keys (inherited ones ignored), none unknown: `sessionId` is refused too (the session
 *   adds it); `undefined` counts as absent, `null` as a value; a getter that throws is an issue;
 * - `toEndPoint` required: `sip:` then an RFC 3261 SIP URI, or `+` then an E.164 number (the rules of
 *   `startDialOut()`'s `sipUri` and `phoneNumber`);
 * - `callerId` a string of 1 to 255 characters, `extension` a string of 1 to 20, `waitBeforeExtensionDialSec` an integer
 *   of seconds from 0 to 60 that requires `extension`: all three only with a `+` target (Daily documents them
 *   PSTN-only; daily-js refuses only `callerId` with a `sip:` target).
 *
 * Messages name the rule and the kind of value, never a string's content (targets and caller IDs are phone numbers).
 * Never throws.
 *
 * @returns Every broken rule in the order checked; `[]` when valid.
 * @example
 * ```ts
 * validateTransferOptions({ toEndPoint: 'sip:desk@example.com', extension: '12' });
 * // [{ path: 'extension', message: "is only allowed with a '+' toEndPoint (a phone number)" }]
 * ```
 */
export function validateTransferOptions(options: unknown): DialOutValidationIssue[] {
  return safeInspect(options, false)[0];
}

/**
 * Validates by {@link validateTransferOptions} and returns a fresh frozen object holding only the given known keys, as
 * read while validating: later changes to `options` do not reach it. daily-js 0.92.2 writes `useSipRefer` into the
 * object it is given: hand it `{ sessionId, ...parsed }`.
 *
 * @throws {@link DialOutValidationError} (subject `transfer options`) listing every broken rule in `issues`.
 * @example
 * ```ts
 * const options = parseTransferOptions({ toEndPoint: '+12268077097', extension: '1234', waitBeforeExtensionDialSec: 4 });
 * await call.sipCallTransfer({ sessionId, ...options });
 * ```
 */
export function parseTransferOptions(options: unknown): DialOutTransferOptions {
  const [issues, value] = safeInspect(options, false);
  if (issues.length > 0) throw new DialOutValidationError(issues, 'transfer options');
  return value as unknown as DialOutTransferOptions;
}

/**
 * Checks any value as {@link DialOutReferOptions} (`session.refer()`, daily-js `sipRefer()` without the `sessionId`)
 * and lists every broken rule: a plain object as for {@link validateTransferOptions}, whose only key is `toEndPoint`, a
 * `sip:` RFC 3261 SIP URI (daily-js 0.92.2 checks only the prefix and forwards any other key;
 * https://docs.daily.co/reference/daily-js/instance-methods/sip-refer). Never throws; messages never contain the
 * target.
 *
 * @returns Every broken rule in the order checked; `[]` when valid.
 * @example
 * ```ts
 * validateReferOptions({ toEndPoint: '+12268077097' });
 * // [{ path: 'toEndPoint', message: "must be a SIP URI starting 'sip:' (a REFER hands the call to a SIP endpoint)" }]
 * ```
 */
export function validateReferOptions(options: unknown): DialOutValidationIssue[] {
  return safeInspect(options, true)[0];
}

/**
 * Validates by {@link validateReferOptions} and returns a fresh frozen `{ toEndPoint }`, as read while validating.
 * daily-js 0.92.2 writes `useSipRefer` into the object it is given: hand it `{ sessionId, ...parsed }`.
 *
 * @throws {@link DialOutValidationError} (subject `refer options`) listing every broken rule in `issues`.
 * @example
 * ```ts
 * await call.sipRefer({ sessionId, ...parseReferOptions({ toEndPoint: 'sip:agent@pbx.example.com' }) });
 * ```
 */
export function parseReferOptions(options: unknown): DialOutReferOptions {
  const [issues, value] = safeInspect(options, true);
  if (issues.length > 0) throw new DialOutValidationError(issues, 'refer options');
  return value as unknown as DialOutReferOptions;
}
