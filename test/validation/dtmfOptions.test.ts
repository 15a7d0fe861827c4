import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DialOutValidationError, type DialOutValidationIssue } from '../../src/errors.js';
import {
  parseDtmfOptions,
  parseDtmfSequence,
  validateDtmfOptions,
  validateDtmfSequence,
  validateDtmfTones,
} from '../../src/validation/dtmf.js';

const METHOD = /^must be one of 'sip-info', 'telephone-event', 'auto', got /;
const DURATION = /^must be an integer number of ms from 50 to 2000, got /;
const UNKNOWN = /^is not one of method, digitDurationMs$/;

function expectOnlyIssue(issues: DialOutValidationIssue[], path: string, message: RegExp): void {
  expect(issues).toEqual([{ path, message: expect.stringMatching(message) }]);
}

function thrown(parse: () => unknown): DialOutValidationError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(DialOutValidationError);
    return error as DialOutValidationError;
  }
  throw new Error('did not throw');
}

describe('validateDtmfOptions', () => {
  it.each<[string, unknown]>([
    ['undefined (no options)', undefined],
    ['an empty object', {}],
    ['method sip-info', { method: 'sip-info' }],
    ['method telephone-event', { method: 'telephone-event' }],
    ['method auto', { method: 'auto' }],
    ['digitDurationMs 50', { digitDurationMs: 50 }],
    ['digitDurationMs 2000', { digitDurationMs: 2000 }],
    ['the docs example', { method: 'auto', digitDurationMs: 100 }],
    ['undefined keys are absent', { method: undefined, digitDurationMs: undefined, tones: undefined }],
    ['a null-prototype object', Object.assign(Object.create(null) as Record<string, unknown>, { method: 'auto' })],
    ['inherited keys are ignored', Object.create({ method: 'bogus', extra: 1 })],
  ])('accepts %s', (_name, options) => {
    expect(validateDtmfOptions(options)).toEqual([]);
  });

  it.each<[string, unknown, RegExp]>([
    ['null', null, /^must be a plain object or undefined, got null$/],
    ['a string (tones given as options)', '123', /got a string$/],
    ['a number', 500, /got a number$/],
    ['an array', [{ method: 'auto' }], /got an array$/],
    ['a function', () => undefined, /got a function$/],
    ['a Date', new Date(0), /got a Date object$/],
  ])('refuses %s at the root', (_name, options, message) => {
    expectOnlyIssue(validateDtmfOptions(options), '', message);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['method empty (daily-js turns it into auto)', { method: '' }, 'method', /^must be one of .*, got an empty string$/],
    ['method uppercase', { method: 'AUTO' }, 'method', /got a string$/],
    ['method rfc2833', { method: 'rfc2833' }, 'method', /got a string$/],
    ['method inband', { method: 'inband' }, 'method', METHOD],
    ['method null', { method: null }, 'method', /got null$/],
    ['method as a number', { method: 1 }, 'method', /got the number 1$/],
    ['method as an array', { method: ['auto'] }, 'method', /got an array$/],
    ['method as a boxed String', { method: Object('auto') }, 'method', /got a String object$/],
    ['digitDurationMs 49', { digitDurationMs: 49 }, 'digitDurationMs', /got the number 49$/],
    ['digitDurationMs 2001', { digitDurationMs: 2001 }, 'digitDurationMs', /got the number 2001$/],
    ['digitDurationMs 0 (daily-js: "must be between")', { digitDurationMs: 0 }, 'digitDurationMs', /got the number 0$/],
    ['digitDurationMs 100.5', { digitDurationMs: 100.5 }, 'digitDurationMs', /got the number 100\.5$/],
    ['digitDurationMs NaN', { digitDurationMs: NaN }, 'digitDurationMs', /got NaN$/],
    ['digitDurationMs Infinity', { digitDurationMs: Infinity }, 'digitDurationMs', /got the number Infinity$/],
    ['digitDurationMs as a string', { digitDurationMs: '100' }, 'digitDurationMs', /got a string$/],
    ['digitDurationMs null', { digitDurationMs: null }, 'digitDurationMs', /got null$/],
    ['digitDurationMs as a bigint', { digitDurationMs: 100n }, 'digitDurationMs', /got a bigint$/],
    ['digitDurationMs true', { digitDurationMs: true }, 'digitDurationMs', DURATION],
    ['tones (they are the first argument)', { tones: '123' }, 'tones', UNKNOWN],
    ['sessionId', { sessionId: 's' }, 'sessionId', UNKNOWN],
    ['a typo', { digitDuration: 100 }, 'digitDuration', UNKNOWN],
    ['constructor', { constructor: {} }, 'constructor', UNKNOWN],
  ])('refuses %s', (_name, options, path, message) => {
    expectOnlyIssue(validateDtmfOptions(options), path, message);
  });

  it('refuses an own __proto__ key (JSON.parse) and ignores a literal one', () => {
    expectOnlyIssue(validateDtmfOptions(JSON.parse('{"__proto__":{"method":"auto"}}')), '__proto__', UNKNOWN);
    expect(validateDtmfOptions({ __proto__: { method: 'bogus' } })).toEqual([]);
  });

  it('turns throwing getters and proxies into issues', () => {
    const getter = Object.defineProperty({}, 'method', { enumerable: true, get: () => { throw new Error('boom'); } });
    expectOnlyIssue(validateDtmfOptions(getter), 'method', /^could not be read$/);
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error('trap'); } });
    expectOnlyIssue(validateDtmfOptions(proxy), '', /^could not be read$/);
  });

  it('collects every broken rule', () => {
    expect(validateDtmfOptions({ method: 'x', digitDurationMs: 1, other: 1 }).map((issue) => issue.path)).toEqual(['method', 'digitDurationMs', 'other']);
  });

  it('never shows a string value (a huge one included)', () => {
    const issues = validateDtmfOptions({ method: `zqsecret${'x'.repeat(1_000_000)}`, digitDurationMs: 'zqsecret' });
    expect(JSON.stringify(issues)).not.toContain('zqsecret');
    expect(JSON.stringify(issues).length).toBeLessThan(300);
  });
});

describe('parseDtmfOptions', () => {
  it('returns {} for undefined', () => {
    expect(parseDtmfOptions(undefined)).toEqual({});
  });

  it('returns a fresh frozen object with only the given known keys, in a fixed order', () => {
    const input = { digitDurationMs: 100, method: 'sip-info', other: undefined };
    const parsed = parseDtmfOptions(input);
    expect(parsed).toEqual({ method: 'sip-info', digitDurationMs: 100 });
    expect(Object.keys(parsed)).toEqual(['method', 'digitDurationMs']);
    expect(parsed).not.toBe(input);
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('is not changed by later changes to the input, and each value is read once', () => {
    let reads = 0;
    const input: Record<string, unknown> = { get method() { reads += 1; return reads == 1 ? 'auto' : 'bogus'; }, digitDurationMs: 60 };
    const parsed = parseDtmfOptions(input);
    input.digitDurationMs = 5;
    expect(parsed).toEqual({ method: 'auto', digitDurationMs: 60 });
    expect(reads).toBe(1);
  });

  it('throws DialOutValidationError naming the path and the rule', () => {
    const error = thrown(() => parseDtmfOptions({ digitDurationMs: 20 }));
    expect(error.issues).toEqual(validateDtmfOptions({ digitDurationMs: 20 }));
    expect(error.message).toBe('Invalid DTMF options: digitDurationMs: must be an integer number of ms from 50 to 2000, got the number 20');
  });

  it.each([[null], [{ method: '' }], [{ tones: '1' }], ['auto']])('throws for %j', (options) => {
    expect(() => parseDtmfOptions(options)).toThrow(DialOutValidationError);
  });
});

describe('validateDtmfSequence / parseDtmfSequence', () => {
  it.each<[string, string, string[]]>([
    ['one tone', '5', ['5']],
    ['exactly 20 tones', '0123456789ABCD*#0123', ['0123456789ABCD*#0123']],
    ['21 tones', `${'1'.repeat(20)}#`, ['1'.repeat(20), '#']],
    ['40 tones', `${'1'.repeat(20)}${'2'.repeat(20)}`, ['1'.repeat(20), '2'.repeat(20)]],
    ['the docs example', '1234#', ['1234#']],
  ])('splits %s in order into chunks of at most 20', (_name, tones, chunks) => {
    expect(validateDtmfSequence(tones)).toEqual([]);
    expect(parseDtmfSequence(tones)).toEqual(chunks);
  });

  it('takes up to 1,000 tones (50 chunks) and keeps their order', () => {
    const tones = Array.from({ length: 1000 }, (_, i) => '0123456789ABCD*#'[i % 16]).join('');
    const chunks = parseDtmfSequence(tones);
    expect(chunks).toHaveLength(50);
    expect(chunks.every((chunk) => chunk.length == 20 && validateDtmfTones(chunk).length == 0)).toBe(true);
    expect(chunks.join('')).toBe(tones);
  });

  it('splits any valid sequence into valid requests that join back to it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-D*#]{1,1000}$/), (tones) => {
        const chunks = parseDtmfSequence(tones);
        expect(chunks.join('')).toBe(tones);
        expect(chunks).toHaveLength(Math.ceil(tones.length / 20));
        for (const chunk of chunks) expect(validateDtmfTones(chunk)).toEqual([]);
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it.each<[string, unknown, RegExp[]]>([
    ['empty', '', [/^must not be empty$/]],
    ['1,001 tones', '1'.repeat(1001), [/^must be at most 1000 characters, got 1001$/]],
    ['a number', 1234, [/^must be a string of DTMF tones, got a number$/]],
    ['null', null, [/got null$/]],
    ['undefined', undefined, [/got nothing$/]],
    ['an array of chunks', ['123', '456'], [/got an array$/]],
    ['a lowercase letter', `${'1'.repeat(30)}a`, [/at index 30 .*letters must be uppercase A-D$/]],
    ['a pause comma', '1,2', [/at index 1 /]],
    ['too long and a bad character', `${'1'.repeat(1001)}x`, [/at most 1000 characters, got 1002$/, /at index 1001 /]],
  ])('refuses %s, whole, before any chunk', (_name, tones, messages) => {
    expect(validateDtmfSequence(tones)).toEqual(messages.map((message) => ({ path: 'tones', message: expect.stringMatching(message) })));
    const error = thrown(() => parseDtmfSequence(tones));
    expect(error.message).toMatch(/^Invalid DTMF tones: tones: /);
  });

  it('refuses a 1 MB string quickly, without its content', () => {
    const started = performance.now();
    const issues = validateDtmfSequence('7'.repeat(1_000_000));
    expect(performance.now() - started).toBeLessThan(2000);
    expect(issues).toEqual([{ path: 'tones', message: 'must be at most 1000 characters, got 1000000' }]);
  });

  it('returns a fresh array each time', () => {
    const first = parseDtmfSequence('123');
    first.push('9');
    expect(parseDtmfSequence('123')).toEqual(['123']);
  });

  it('never puts the tones, nor any of their characters, in a message: tones may be a PIN', () => {
    const marker = fc.stringMatching(/^[0-9A-D*#]{4,8}$/);
    const tones = fc.oneof(
      fc.tuple(marker, fc.string({ minLength: 1, maxLength: 3 }), marker).map(([a, b, c]) => `${a}${b}${c}`),
      marker.map((m) => m.repeat(200)),
      fc.stringMatching(/^[1-9][0-9]{3,7}$/).map(Number),
      marker.map((m) => [m]),
    );
    fc.assert(
      fc.property(tones, (value) => {
        const secret = String(Array.isArray(value) ? value[0] : value).slice(0, 4);
        expect(JSON.stringify(validateDtmfSequence(value))).not.toContain(secret);
      }),
      { numRuns: 300, seed: 9 },
    );
  });

  it('keeps validateDtmfTones at daily-js\'s 20 per request', () => {
    expect(validateDtmfTones('1'.repeat(21))).toEqual([{ path: 'tones', message: 'must be at most 20 characters (daily-js limit), got 21' }]);
    expect(validateDtmfSequence('1'.repeat(21))).toEqual([]);
  });
});
