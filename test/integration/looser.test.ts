// @vitest-environment jsdom
/**
 * The bad-input tables of test/badInput/tables.ts, run through the real
 * daily-js 0.92.2 `call.startDialOut()` (on the emulator): where does daily-js
 * forward to its call machine options that this library refuses? The answer
 * is recorded in the README ("Where daily-js is looser than we are") and this
 * test fails when the README and daily-js disagree, in either direction.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { DialOutValidationError, parseStartDialOutOptions } from '../../src/index.js';
import { INVALID_START_OPTIONS, VALID_START_OPTIONS } from '../badInput/tables.js';
import { useEmulatedCalls } from './harness.js';

const calls = useEmulatedCalls();

/** What daily-js did with one options value: refused it itself, or sent it to the call machine. */
async function dailyJsVerdict(
  start: (options: unknown) => Promise<unknown>,
  sentStarts: () => number,
  options: unknown,
): Promise<'refused' | 'forwarded'> {
  const before = sentStarts();
  try {
    await start(options);
  } catch {
    // daily-js threw (its own check, or a TypeError on a value it cannot read)
  }
  return sentStarts() > before ? 'forwarded' : 'refused';
}

function readmeList(): string[] {
  const readme = readFileSync(`${process.cwd()}/README.md`, 'utf8');
  const section = /<!-- looser:start -->([\s\S]*?)<!-- looser:end -->/.exec(readme)?.[1] ?? '';
  return [...section.matchAll(/^\| (.+?) \| `/gm)].map((m) => (m[1] as string).replace(/\\\|/g, '|'));
}

describe('daily-js 0.92.2 against our bad-input tables', () => {
  it('forwards exactly the invalid options the README lists, and every valid one', async () => {
    const { call, emulator, manager } = await calls.joinWithManager();
    vi.spyOn(console, 'warn').mockImplementation(() => {}); // daily-js warns about provider 'daily' (pre-beta)
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const sentStarts = () => emulator.received.filter((r) => r.action === 'dialout-start').length;
    const start = (options: unknown) => call.startDialOut(options as never);

    const forwarded: string[] = [];
    for (const entry of INVALID_START_OPTIONS) {
      expect(() => manager.start(entry.options as never), entry.name).toThrow(DialOutValidationError);
      if ((await dailyJsVerdict(start, sentStarts, entry.options)) === 'forwarded') forwarded.push(entry.name);
    }
    // valid options reach daily-js as the manager sends them: the validated own keys, in a fresh mutable copy
    // (daily-js writes `provider` into the object it is given, and reads inherited keys)
    const refusedValid: string[] = [];
    for (const entry of VALID_START_OPTIONS) {
      const sent = JSON.parse(JSON.stringify(parseStartDialOutOptions(entry.options)));
      if ((await dailyJsVerdict(start, sentStarts, sent)) === 'refused') refusedValid.push(entry.name);
    }

    expect(refusedValid, 'valid options that daily-js refuses').toEqual([]);
    expect(forwarded.length, 'invalid options daily-js forwards').toBeGreaterThan(0);
    expect(forwarded).toEqual(readmeList());
    const readme = readFileSync(`${process.cwd()}/README.md`, 'utf8');
    expect(readme).toContain(`all ${INVALID_START_OPTIONS.length} invalid and ${VALID_START_OPTIONS.length} valid option objects`);
    expect(readme).toContain(`daily-js forwards the ${forwarded.length} invalid ones below`);
  });
});
