/**
 * Defaults and validation of {@link DialOutManagerOptions}.
 */
import type { InspectionEvent } from 'xstate';
import { DialOutValidationError, type DialOutValidationIssue } from '../errors.js';
import { type DialOutSessionTiming, MAX_TIMER_DELAY_MS } from '../session/machine.js';
import type { DialOutManagerOptions } from '../types.js';
import { isPlainObject, own } from '../values.js';

/**
 * The defaults of {@link DialOutManagerOptions}.
 *
 * @remarks
 * Daily documents no ring timeout and no maximum call duration for dial-out,
 * so these are ours: 20 s to start, 60 s of ringing, 10 s to confirm a stop,
 * no maximum duration; 3 start attempts with 1 s base and 8 s cap backoff;
 * remote sessions tracked; 50 ended sessions kept.
 */
export const DEFAULT_DIAL_OUT_MANAGER_OPTIONS = Object.freeze({
  startTimeoutMs: 20_000,
  ringTimeoutMs: 60_000,
  stopTimeoutMs: 10_000,
  maxDurationMs: Number.POSITIVE_INFINITY,
  noAudioWarningMs: 5_000,
  retry: Object.freeze({ maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 8_000 }),
  trackRemoteSessions: true,
  maxEndedSessions: 50,
});

type Rule = (value: unknown) => boolean;
const isFn: Rule = (v) => typeof v === 'function';
const isTimeout: Rule = (v) => v === Infinity || (typeof v === 'number' && v > 0 && v <= MAX_TIMER_DELAY_MS);
const isDelay: Rule = (v) => typeof v === 'number' && v >= 0 && v <= MAX_TIMER_DELAY_MS;
const isCount = (min: number): Rule => (v) => Number.isInteger(v) && (v as number) >= min;
const TIMEOUT = `must be a number of milliseconds greater than 0 and at most ${MAX_TIMER_DELAY_MS} (setTimeout's limit), or Infinity to turn the timer off`;

/** Each option: its rule and, when broken, what it must be. */
const RULES: Record<string, readonly [Rule, string]> = {
  startTimeoutMs: [isTimeout, TIMEOUT],
  ringTimeoutMs: [isTimeout, TIMEOUT],
  stopTimeoutMs: [isTimeout, TIMEOUT],
  maxDurationMs: [isTimeout, TIMEOUT],
  retry: [isPlainObject, 'must be a plain object { maxAttempts?, baseDelayMs?, maxDelayMs? }'],
  trackRemoteSessions: [(v) => typeof v === 'boolean', 'must be a boolean'],
  maxEndedSessions: [(v) => v === Infinity || isCount(0)(v), 'must be an integer ≥ 0, or Infinity to keep every ended session'],
  now: [isFn, 'must be a function returning epoch ms'],
  inspect: [isFn, 'must be a function (an XState inspector)'],
  starter: [isFn, 'must be a function (options) => Promise<{ sessionId }>'],
  noAudioWarningMs: [isTimeout, TIMEOUT],
  storage: [
    (v) => v !== null && typeof v === 'object' && ['getItem', 'setItem', 'removeItem'].every((m) => typeof (v as Record<string, unknown>)[m] === 'function'),
    'must have getItem, setItem and removeItem (such as sessionStorage)',
  ],
  storeTargets: [(v) => typeof v === 'boolean', 'must be a boolean'],
};
const RETRY_RULES: Record<string, readonly [Rule, string]> = {
  maxAttempts: [isCount(1), 'must be an integer ≥ 1 (attempts in all, the first included)'],
  baseDelayMs: [isDelay, `must be a finite number of milliseconds from 0 to ${MAX_TIMER_DELAY_MS}`],
  maxDelayMs: [isDelay, `must be a finite number of milliseconds from 0 to ${MAX_TIMER_DELAY_MS}`],
};

/** The valid own keys of `source` by `rules`, each broken rule or unknown key reported under `prefix`. */
function pick(source: Record<string, unknown>, rules: Record<string, readonly [Rule, string]>, prefix: string, issues: DialOutValidationIssue[], what: string) {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const rule = Object.prototype.hasOwnProperty.call(rules, key) ? rules[key] : undefined;
    const value = own(source, key);
    if (!rule) issues.push({ path: prefix + key, message: `is not a ${what} option` });
    else if (value !== undefined && !rule[0](value)) issues.push({ path: prefix + key, message: rule[1] });
    else if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Options with every default filled in. */
export interface ResolvedDialOutManagerOptions {
  readonly timing: DialOutSessionTiming;
  readonly trackRemoteSessions: boolean;
  readonly maxEndedSessions: number;
  readonly now: () => number;
  readonly inspect: ((event: InspectionEvent) => void) | undefined;
  readonly starter: DialOutManagerOptions['starter'];
  readonly storage: DialOutManagerOptions['storage'];
  readonly storeTargets: boolean;
}

/**
 * Checks {@link DialOutManagerOptions} and fills in the defaults.
 *
 * @remarks
 * Timeouts must be > 0 ms and at most 2 147 483 647 ms, or `Infinity` (off);
 * retry delays finite and ≥ 0; `retry.maxAttempts` an integer ≥ 1;
 * `maxEndedSessions` an integer ≥ 0 or `Infinity`; `now`, `inspect` and
 * `starter` functions; `storage` with `getItem`, `setItem`, `removeItem`; no other keys.
 *
 * @param options - What the user passed to `createDialOutManager`.
 * @returns The options with every default filled in: `timing` (the session timers, `noAudioWarningMs` and retry policy), `trackRemoteSessions`, `maxEndedSessions`, `now`, `inspect`, `starter`, `storage`, `storeTargets`.
 * @throws {@link DialOutValidationError} naming each bad field.
 *
 * @example
 * ```ts
 * const { timing } = resolveManagerOptions({ ringTimeoutMs: 30_000 });
 * timing.ringTimeoutMs; // 30000
 * ```
 */
export function resolveManagerOptions(options?: DialOutManagerOptions): ResolvedDialOutManagerOptions {
  if (options !== undefined && !isPlainObject(options)) {
    throw new DialOutValidationError([{ path: '', message: 'options must be a plain object' }], 'DialOutManagerOptions');
  }
  const issues: DialOutValidationIssue[] = [];
  const o = { ...DEFAULT_DIAL_OUT_MANAGER_OPTIONS, ...pick(options ?? {}, RULES, '', issues, 'DialOutManagerOptions') };
  const retry = { ...DEFAULT_DIAL_OUT_MANAGER_OPTIONS.retry, ...(o.retry === DEFAULT_DIAL_OUT_MANAGER_OPTIONS.retry ? {} : pick(o.retry as Record<string, unknown>, RETRY_RULES, 'retry.', issues, 'retry')) };
  if (issues.length > 0) throw new DialOutValidationError(issues, 'DialOutManagerOptions');
  const { startTimeoutMs, ringTimeoutMs, stopTimeoutMs, maxDurationMs, noAudioWarningMs } = o as typeof DEFAULT_DIAL_OUT_MANAGER_OPTIONS;
  return {
    timing: { startTimeoutMs, ringTimeoutMs, stopTimeoutMs, maxDurationMs, noAudioWarningMs, retry: retry as DialOutSessionTiming['retry'] },
    trackRemoteSessions: o.trackRemoteSessions as boolean,
    maxEndedSessions: o.maxEndedSessions as number,
    now: (o as { now?: () => number }).now ?? Date.now,
    inspect: (o as { inspect?: (event: InspectionEvent) => void }).inspect,
    starter: (o as { starter?: DialOutManagerOptions['starter'] }).starter,
    storage: (o as { storage?: DialOutManagerOptions['storage'] }).storage,
    storeTargets: (o as { storeTargets?: boolean }).storeTargets ?? false,
  };
}
