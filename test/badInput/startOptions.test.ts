/**
 * The bad-input tables (`tables.ts`) through `manager.start()`: every invalid
 * options object is refused with a `DialOutValidationError` naming the broken
 * rule's path, and daily-js's `startDialOut` is never called; every valid one
 * starts a dial-out with exactly what was given.
 */
import { describe, expect, it } from 'vitest';
import { DialOutValidationError } from '../../src/index.js';
import { failOnConsole, setup } from '../helpers.js';
import { INVALID_START_OPTIONS, VALID_START_OPTIONS } from './tables.js';

failOnConsole();

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}

/** What daily-js should receive: the own enumerable string keys, without `undefined` values (deeply). */
function expectedArgs(options: unknown): unknown {
  return JSON.parse(JSON.stringify(options)) as unknown;
}

describe('bad input: the tables', () => {
  it('has at least 60 invalid and 20 valid entries, with unique names', () => {
    expect(INVALID_START_OPTIONS.length).toBeGreaterThanOrEqual(60);
    expect(VALID_START_OPTIONS.length).toBeGreaterThanOrEqual(20);
    const names = [...INVALID_START_OPTIONS, ...VALID_START_OPTIONS].map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('bad input: manager.start() refuses invalid options', () => {
  it.each(INVALID_START_OPTIONS.map((e) => [e.name, e] as const))('%s', (_name, entry) => {
    const t = setup();
    const before = t.manager.getSnapshot();
    const err = thrown(() => t.manager.start(entry.options as never));
    expect(err).toBeInstanceOf(DialOutValidationError);
    const issues = (err as DialOutValidationError).issues;
    expect(issues.map((i) => i.path)).toContain(entry.path);
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
    expect((err as Error).message.length).toBeLessThan(20_000); // a huge input is not echoed back whole
    // nothing started, nothing reported
    expect(t.call.startCalls).toHaveLength(0);
    expect(t.manager.getSnapshot()).toBe(before);
    expect(t.events).toEqual([]);
    expect(t.errors).toEqual([]);
    t.manager.dispose();
    expect(t.call.listenerCount()).toBe(t.baseline);
  });

  it('stays usable after every invalid start: the next valid start is the first session', () => {
    const t = setup();
    for (const entry of INVALID_START_OPTIONS) {
      expect(() => t.manager.start(entry.options as never), entry.name).toThrow(DialOutValidationError);
    }
    const session = t.manager.start({ phoneNumber: '+12268077097' });
    expect(session.id).toBe('dialout-1');
    expect(session.snapshot.status).toBe('connecting');
    expect(t.call.startCalls).toHaveLength(1);
    expect(t.manager.getSnapshot().sessions).toHaveLength(1);
    t.manager.dispose();
  });
});

describe('bad input: manager.start() accepts valid options', () => {
  it.each(VALID_START_OPTIONS.map((e) => [e.name, e] as const))('%s', (_name, entry) => {
    const t = setup();
    const session = t.manager.start(entry.options as never);
    expect(session.snapshot.status).toBe('connecting');
    expect(t.call.startCalls).toHaveLength(1);
    expect(t.call.startCalls[0]?.args).toEqual(expectedArgs(entry.options));
    const given = expectedArgs(entry.options) as { sipUri?: string; phoneNumber?: string };
    expect(session.snapshot.target).toEqual(
      given.sipUri !== undefined ? { kind: 'sip', sipUri: given.sipUri } : { kind: 'phone', phoneNumber: given.phoneNumber },
    );
    expect(t.errors).toEqual([]);
    t.manager.dispose();
  });
});
