/**
 * Defaults and validation of {@link DialOutManagerOptions}.
 */
import type { InspectionEvent } from 'xstate';
import { DialOutValidationError, type DialOutValidationIssue } from '../errors.js';
import type { DialOutManagerInput } from '../machine/managerMachine.js';
import { MAX_TIMER_DELAY_MS } from '../machine/sessionMachine.js';
import type { DialOutManagerOptions } from '../types.js';

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
  retry: Object.freeze({ maxAttempts: 3, baseDelayMs: 1_000, maxDelayMs: 8_000 }),
  trackRemoteSessions: true,
  maxEndedSessions: 50,
});

const KEYS = new Set([
  'startTimeoutMs',
  'ringTimeoutMs',
  'stopTimeoutMs',
  'maxDurationMs',
  'retry',
  'trackRemoteSessions',
  'maxEndedSessions',
  'now',
  'inspect',
  'starter',
]);
const RETRY_KEYS = new Set(['maxAttempts', 'baseDelayMs', 'maxDelayMs']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

function timeout(issues: DialOutValidationIssue[], path: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    issues.push({ path, message: 'must be a number of milliseconds greater than 0, or Infinity to turn the timer off' });
    return fallback;
  }
  if (Number.isFinite(value) && value > MAX_TIMER_DELAY_MS) {
    issues.push({ path, message: `must be at most ${MAX_TIMER_DELAY_MS} ms (setTimeout's limit), or Infinity to turn the timer off` });
    return fallback;
  }
  return value;
}

function delay(issues: DialOutValidationIssue[], path: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_TIMER_DELAY_MS) {
    issues.push({ path, message: `must be a finite number of milliseconds from 0 to ${MAX_TIMER_DELAY_MS}` });
    return fallback;
  }
  return value;
}

/** Resolved options: the manager machine's input, the inspector and the starter. */
export interface ResolvedDialOutManagerOptions {
  readonly input: DialOutManagerInput;
  readonly inspect: ((event: InspectionEvent) => void) | undefined;
  readonly starter: DialOutManagerOptions['starter'];
}

/**
 * Checks {@link DialOutManagerOptions} and fills in the defaults.
 *
 * @remarks
 * Timeouts must be > 0 ms and at most 2 147 483 647 ms, or `Infinity` (off);
 * retry delays finite and ≥ 0; `retry.maxAttempts` an integer ≥ 1;
 * `maxEndedSessions` an integer ≥ 0 or `Infinity`; `now`, `inspect` and
 * `starter` functions; no other keys.
 *
 * @param options - What the user passed to `createDialOutManager`.
 * @returns The machine input and the inspector.
 * @throws {@link DialOutValidationError} naming each bad field.
 *
 * @example
 * ```ts
 * const { input } = resolveManagerOptions({ ringTimeoutMs: 30_000 });
 * input.timing.ringTimeoutMs; // 30000
 * ```
 */
export function resolveManagerOptions(options?: DialOutManagerOptions): ResolvedDialOutManagerOptions {
  const issues: DialOutValidationIssue[] = [];
  const d = DEFAULT_DIAL_OUT_MANAGER_OPTIONS;
  if (options !== undefined && !isPlainObject(options)) {
    throw new DialOutValidationError([{ path: '', message: 'options must be a plain object' }], 'DialOutManagerOptions');
  }
  const o = (options ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KEYS.has(key)) issues.push({ path: key, message: 'is not a DialOutManagerOptions option' });
  }
  const startTimeoutMs = timeout(issues, 'startTimeoutMs', own(o, 'startTimeoutMs'), d.startTimeoutMs);
  const ringTimeoutMs = timeout(issues, 'ringTimeoutMs', own(o, 'ringTimeoutMs'), d.ringTimeoutMs);
  const stopTimeoutMs = timeout(issues, 'stopTimeoutMs', own(o, 'stopTimeoutMs'), d.stopTimeoutMs);
  const maxDurationMs = timeout(issues, 'maxDurationMs', own(o, 'maxDurationMs'), d.maxDurationMs);

  let retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number } = { ...d.retry };
  const r = own(o, 'retry');
  if (r !== undefined) {
    if (!isPlainObject(r)) {
      issues.push({ path: 'retry', message: 'must be a plain object { maxAttempts?, baseDelayMs?, maxDelayMs? }' });
    } else {
      for (const key of Object.keys(r)) {
        if (!RETRY_KEYS.has(key)) issues.push({ path: `retry.${key}`, message: 'is not a retry option' });
      }
      const maxAttempts = own(r, 'maxAttempts');
      if (maxAttempts !== undefined && (!Number.isInteger(maxAttempts) || (maxAttempts as number) < 1)) {
        issues.push({ path: 'retry.maxAttempts', message: 'must be an integer ≥ 1 (attempts in all, the first included)' });
      }
      retry = {
        maxAttempts: Number.isInteger(maxAttempts) && (maxAttempts as number) >= 1 ? (maxAttempts as number) : d.retry.maxAttempts,
        baseDelayMs: delay(issues, 'retry.baseDelayMs', own(r, 'baseDelayMs'), d.retry.baseDelayMs),
        maxDelayMs: delay(issues, 'retry.maxDelayMs', own(r, 'maxDelayMs'), d.retry.maxDelayMs),
      };
    }
  }

  const track = own(o, 'trackRemoteSessions');
  if (track !== undefined && typeof track !== 'boolean') issues.push({ path: 'trackRemoteSessions', message: 'must be a boolean' });
  const maxEnded = own(o, 'maxEndedSessions');
  if (
    maxEnded !== undefined &&
    !(maxEnded === Number.POSITIVE_INFINITY || (Number.isInteger(maxEnded) && (maxEnded as number) >= 0))
  ) {
    issues.push({ path: 'maxEndedSessions', message: 'must be an integer ≥ 0, or Infinity to keep every ended session' });
  }
  const now = own(o, 'now');
  if (now !== undefined && typeof now !== 'function') issues.push({ path: 'now', message: 'must be a function returning epoch ms' });
  const inspect = own(o, 'inspect');
  if (inspect !== undefined && typeof inspect !== 'function') issues.push({ path: 'inspect', message: 'must be a function (an XState inspector)' });
  const starter = own(o, 'starter');
  if (starter !== undefined && typeof starter !== 'function') {
    issues.push({ path: 'starter', message: 'must be a function (options) => Promise<{ sessionId }>' });
  }

  if (issues.length > 0) throw new DialOutValidationError(issues, 'DialOutManagerOptions');
  return {
    input: {
      timing: { startTimeoutMs, ringTimeoutMs, stopTimeoutMs, maxDurationMs, retry },
      trackRemoteSessions: typeof track === 'boolean' ? track : d.trackRemoteSessions,
      maxEndedSessions: typeof maxEnded === 'number' ? maxEnded : d.maxEndedSessions,
      now: typeof now === 'function' ? (now as () => number) : Date.now,
    },
    inspect: typeof inspect === 'function' ? (inspect as (event: InspectionEvent) => void) : undefined,
    starter: typeof starter === 'function' ? (starter as DialOutManagerOptions['starter']) : undefined,
  };
}
