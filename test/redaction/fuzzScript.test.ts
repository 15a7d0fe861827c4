// @vitest-environment node
/**
 * `npm run fuzz` honours `FUZZ_RUNS` and `FUZZ_SEED` from the environment (defaults: 100,000 runs,
 * a random seed), and runs the property-based storms and the redaction properties. The script's
 * environment part is run by `sh` exactly as npm runs it, with the test command swapped for one
 * that prints what the tests would see.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const scripts = (JSON.parse(readFileSync(`${process.cwd()}/package.json`, 'utf8')) as { scripts: Record<string, string> }).scripts;
const fuzz = scripts.fuzz ?? '';

/** What `FUZZ_RUNS` / `FUZZ_SEED` the tests get when `npm run fuzz` runs with `env`. */
function seen(env: Record<string, string>): string {
  const printing = fuzz.replace(/vitest run .*$/, `node -e "console.log(process.env.FUZZ_RUNS + ' ' + process.env.FUZZ_SEED)"`);
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('FUZZ_')));
  return execFileSync('sh', ['-c', printing], { env: { ...clean, ...env }, encoding: 'utf8' }).trim();
}

describe('npm run fuzz', () => {
  it('runs the property-based tests: storms and redaction', () => {
    expect(fuzz).toMatch(/vitest run test\/property test\/redaction$/);
  });

  it('defaults to 100,000 runs from a random seed', () => {
    expect(seen({})).toBe('100000 random');
  });

  it('honours FUZZ_RUNS and FUZZ_SEED', () => {
    expect(seen({ FUZZ_RUNS: '250' })).toBe('250 random');
    expect(seen({ FUZZ_RUNS: '7', FUZZ_SEED: '42' })).toBe('7 42');
  });
});
