/**
 * Property-based storms (fast-check `fc.commands` + `fc.asyncModelRun`, see
 * `storm.ts`). CI runs `FUZZ_RUNS` (default 1,000) runs from a fixed seed;
 * `npm run fuzz` runs 100,000 from a random one. A failure prints the seed,
 * the fast-check path and the shrunk command sequence; replay only that case
 * with `FUZZ_SEED=<seed> FUZZ_PATH=<path> FUZZ_REPLAY_PATH=<replayPath>
 * npx vitest run test/property/storm.test.ts` (the replayPath is printed in
 * the counterexample, after the commands). `FUZZ_STRICT=1` ignores
 * `KNOWN_BUGS` (see FOUND_BUGS.md); `FUZZ_STRICT=BUG-5,BUG-7` lifts only the named
 * ones. `FUZZ_STATS=1` prints how often the phone-leg paths (transfers, DTMF,
 * participants, recovery) were reached.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { knownBugHits, runStorm, stormCommand, stormOptions, stormStats } from './storm.js';

const DEFAULT_SEED = 20_251_121;
const RUNS = Number(process.env.FUZZ_RUNS ?? 1_000);
const SEED =
  process.env.FUZZ_SEED === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : process.env.FUZZ_SEED !== undefined
      ? Number(process.env.FUZZ_SEED)
      : DEFAULT_SEED;
const PATH = process.env.FUZZ_PATH;
/** The `replayPath` fast-check prints in the counterexample's commands (`/*replayPath="…"*\/`), needed with FUZZ_PATH. */
const REPLAY_PATH = process.env.FUZZ_REPLAY_PATH;
/** Commands per run, at most. */
export const MAX_COMMANDS = 80;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('property: storms of starts, settlements, events, webhooks, stops, DTMF both ways, transfers, participants, timers, left-meeting and dispose', () => {
  it(`keeps every guarantee over ${RUNS} runs (seed ${SEED})`, async () => {
    expect(Number.isInteger(RUNS) && RUNS > 0).toBe(true);
    expect(Number.isInteger(SEED)).toBe(true);
    try {
      await fc.assert(
        fc.asyncProperty(stormOptions, fc.integer(), fc.commands([stormCommand], { maxCommands: MAX_COMMANDS, size: 'max', ...(REPLAY_PATH !== undefined ? { replayPath: REPLAY_PATH } : {}) }), (options, randomSeed, commands) =>
          runStorm(options, randomSeed, commands),
        ),
        { numRuns: RUNS, seed: SEED, ...(PATH !== undefined ? { path: PATH } : {}), includeErrorInReport: true },
      );
      if (process.env.FUZZ_STATS === '1') {
        // how often the phone-leg paths (issue 11) were reached, to see that the weights still reach them
        console.info(`storm: ${JSON.stringify(Object.fromEntries([...stormStats].sort(([a], [b]) => a.localeCompare(b))), null, 1)}`);
      }
      if (knownBugHits.size > 0) {
        // not a failure: these are the open bugs of FOUND_BUGS.md (FUZZ_STRICT=1 fails on them)
        console.info(`storm: tolerated known bugs ${JSON.stringify(Object.fromEntries(knownBugHits))}`);
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(
        `Storm failed with FUZZ_SEED=${SEED} (runs: ${RUNS}). Reproduce: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} npx vitest run test/property/storm.test.ts` +
          ` (only the shrunk case: add FUZZ_PATH=<path> FUZZ_REPLAY_PATH=<replayPath> from below)\n${message}`,
      );
    }
  }, Math.max(300_000, RUNS * 200));
});
