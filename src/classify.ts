/**
 * Why a dial-out failed, from evidence only: one table of Daily's known start rejections and the RFC 3261 §21 SIP
 * statuses, each row with its source. Internal (not exported from the package index).
 *
 * Matching rule (case-insensitive, over the first 2000 characters of each of the first 64 texts; the texts are the
 * error's message, then every string of Daily's `details`):
 * - Daily rows: the text contains the pattern.
 * - SIP status: the first text that has one gives it; within a text, in this order:
 *   1. the whole text (trimmed) is a 4xx–6xx number: a `details` value `"486"`;
 *   2. a 4xx–6xx number after `sip` or `status`, with between them at most two of the words `code`, `status`,
 *      `cause`, `error`, `response`, `/2.0`, each word and the number after at most four of `` _:=#;,"'()[]-`` and
 *      blanks: `SIP 486`, `SIP/2.0 486`, `SIP error 486`, `status: 486`, `sip_status=603`, `statusCode":486`, a
 *      Reason header's `SIP;cause=486`. The number must not go on with a letter, a digit, `@`, or `.`/`-` and a
 *      digit, so a phone number (`+14865550100`, `SIP 486-555-0100`), a UUID (`…-486e-…`) or a SIP URI's user
 *      (`sip:486@host`) is never a status;
 *   3. a row's reason phrase, whole words, optionally after its own code (`486 Busy Here`, `Busy Here`). Phrases that
 *      are ordinary English or HTTP too (`Not Found`, `Gone`, `Forbidden`, …) count only after their code (`404 Not
 *      Found`): their row's text starts with the code. So Daily's `NOT_FOUND` and "room not found" match nothing.
 * - Category: a code with a row keeps that row's category whatever the text says; otherwise (`START_FAILED`,
 *   `START_TIMEOUT`, `DIALOUT_ERROR`) a Daily row found in a text, else the SIP status's row, else `unknown`.
 */
import type { DialOutErrorCategory, DialOutErrorCode } from './types.js';

type Row =
  | readonly [pattern: RegExp, category: DialOutErrorCategory, code: DialOutErrorCode]
  | readonly [phrase: string, category: DialOutErrorCategory, sipStatus: number];

/** The table. Daily rows first, in precedence order (the first match gives the code). */
const TABLE: readonly Row[] = [
  // https://docs.daily.co/reference/daily-js/instance-methods/start-dial-out (Errors)
  [/NOT_ALLOWED/i, 'not-allowed', 'NOT_ALLOWED'],
  [/DIALOUT_IN_PROGRESS/i, 'capacity', 'DIALOUT_IN_PROGRESS'],
  [/TEMPORARILY_NOT_AVAILABLE/i, 'capacity', 'TEMPORARILY_NOT_AVAILABLE'],
  // "unable to start dialout (is dialout enabled? are you a room owner or participant admin?)":
  // reported by Daily developers (issue 10)
  [/is dial-?out enabled\?/i, 'not-allowed', 'NOT_ALLOWED'],
  // daily-js 0.92.2 before join: "startDialOut() only supported after join." (daily-docs/README.md)
  [/only supported after join/i, 'not-allowed', 'NOT_JOINED'],
  // RFC 3261 §21, https://www.rfc-editor.org/rfc/rfc3261#section-21 (subsection after each row)
  ['401 unauthorized', 'not-allowed', 401], // §21.4.2
  ['403 forbidden', 'not-allowed', 403], // §21.4.4
  ['404 not found', 'invalid-destination', 404], // §21.4.5
  ['proxy authentication required', 'not-allowed', 407], // §21.4.8
  ['408 request timeout', 'unreachable', 408], // §21.4.9
  ['410 gone', 'invalid-destination', 410], // §21.4.10
  ['480 temporarily unavailable', 'unreachable', 480], // §21.4.18 (alone it is also "service temporarily unavailable")
  ['address incomplete', 'invalid-destination', 484], // §21.4.22
  ['busy here', 'busy', 486], // §21.4.24
  ['request terminated', 'unknown', 487], // §21.4.25
  ['not acceptable here', 'unknown', 488], // §21.4.26
  ['server internal error', 'unknown', 500], // §21.5.1
  ['503 service unavailable', 'unknown', 503], // §21.5.4
  ['busy everywhere', 'busy', 600], // §21.6.1
  ['decline', 'declined', 603], // §21.6.2
  ['does not exist anywhere', 'invalid-destination', 604], // §21.6.3
];

const SIP_STATUS =
  /(?:sip|status)(?:[\s_:=#;,"'()[\]-]{0,4}(?:\/2\.0|code|status|cause|error|response)){0,2}[\s_:=#;,"'()[\]-]{0,4}([4-6]\d\d)(?![\w@]|[.-]\d)/i;

function sipStatusOf(text: string): number | undefined {
  const found = /^\s*([4-6]\d\d)\s*$/.exec(text) ?? SIP_STATUS.exec(text);
  if (found) return Number(found[1]);
  for (const [phrase, , status] of TABLE) {
    if (typeof phrase !== 'string') continue;
    const words = phrase.replace(/ /g, '\\s+');
    if (new RegExp(`\\b(?:${status}\\s+)?${words}\\b`, 'i').test(text)) return status as number;
  }
  return undefined;
}

/**
 * Daily's known start-rejection text → its code (the first Daily row the text contains), e.g. `'NOT_ALLOWED'` for
 * "unable to start dialout (is dialout enabled? …)"; `undefined` when none.
 */
export function codeOfStartMessage(text: string): DialOutErrorCode | undefined {
  for (const [pattern, , code] of TABLE) if (typeof pattern !== 'string' && pattern.test(text)) return code as DialOutErrorCode;
  return undefined;
}

/** Classifies a failure from its code and texts (the message, then every string of `details`); see the module's rule. */
export function classifyFailure(
  code: DialOutErrorCode,
  texts: readonly string[],
): { category: DialOutErrorCategory; sipStatus?: number } {
  const categoryOf = (key: DialOutErrorCode | number | undefined) => TABLE.find((r) => r[2] === key)?.[1];
  let category = categoryOf(code);
  let sipStatus: number | undefined;
  for (const whole of texts.slice(0, 64)) {
    const text = whole.slice(0, 2000);
    category ??= categoryOf(codeOfStartMessage(text));
    sipStatus ??= sipStatusOf(text);
  }
  category ??= categoryOf(sipStatus) ?? 'unknown';
  return sipStatus === undefined ? { category } : { category, sipStatus };
}

/**
 * Every string in `value` (a nested object/array, e.g. Daily's `details`), depth-first, plus `key=number` for a number
 * under an object key (so `{ sipStatus: 486 }` reads as `sipStatus=486`). Bounded so hostile payloads stay cheap: at
 * most `limit` results, `4 × limit` values visited, depth 4; a throwing getter ends the walk with what was read.
 */
export function stringsOf(value: unknown, limit = 32): string[] {
  const out: string[] = [];
  let budget = limit * 4;
  const walk = (v: unknown, key: string, depth: number): void => {
    if (out.length >= limit || budget-- <= 0) return;
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number' && key) out.push(`${key}=${v}`);
    else if (v !== null && typeof v === 'object' && depth < 4) {
      if (Array.isArray(v)) for (let i = 0; i < v.length && budget > 0; i++) walk(v[i], '', depth + 1);
      else for (const k in v) if (budget > 0) walk((v as Record<string, unknown>)[k], k, depth + 1); else break;
    }
  };
  try {
    walk(value, '', 0);
  } catch {
    // a throwing getter or proxy: keep what was read
  }
  return out;
}
