import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { DialOutValidationError } from '../../src/errors.js';
import { parseDtmfTones, validateDtmfTones } from '../../src/validation/dtmf.js';

describe('validateDtmfTones', () => {
  it.each([
    ['a single digit', '0'],
    ['digits', '123'],
    ['uppercase A', 'A'],
    ['uppercase D', 'D'],
    ['star and pound', '*#'],
    ['every tone', '0123456789ABCD*#'],
    ['exactly 20 tones', '12345678901234567890'],
  ])('accepts %s', (_name, tones) => {
    expect(validateDtmfTones(tones)).toEqual([]);
  });

  it.each([
    ['a number', 123, /^must be a string of DTMF tones, got a number$/],
    ['null', null, /must be a string.*null/],
    ['undefined', undefined, /must be a string.*got nothing/],
    ['an array', ['1'], /must be a string.*array/],
    ['an object', { tones: '1' }, /must be a string.*object/],
    ['a boolean', true, /must be a string.*got a boolean$/],
  ])('rejects %s with a single type issue', (_name, tones, message) => {
    const issues = validateDtmfTones(tones);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('tones');
    expect(issues[0]?.message).toMatch(message);
  });

  it('rejects the empty string', () => {
    expect(validateDtmfTones('')).toEqual([{ path: 'tones', message: expect.stringMatching(/must not be empty/) }]);
  });

  it('rejects more than 20 tones (daily-js limit)', () => {
    const issues = validateDtmfTones('1'.repeat(21));
    expect(issues).toEqual([{ path: 'tones', message: expect.stringMatching(/at most 20 characters.*got 21/) }]);
  });

  it.each([
    ['E', 'E', 0],
    ['lowercase a', '12a', 2],
    ['a space', '12 3', 2],
    ['a comma pause', '1,2', 1],
    ['a plus', '+1', 0],
    ['a fullwidth digit', '1\uFF11', 1],
  ])('gives the index of the bad character, not the character: %s', (_name, tones, index) => {
    const issues = validateDtmfTones(tones);
    expect(issues).toEqual([
      { path: 'tones', message: `has a character that is not a DTMF tone at index ${index} (allowed: 0-9, A-D, *, #)${/[a-d]/.test(tones) ? '; letters must be uppercase A-D' : ''}` },
    ]);
  });

  it('hints at uppercase for lowercase a-d', () => {
    expect(validateDtmfTones('d')[0]?.message).toMatch(/letters must be uppercase A-D/);
    expect(validateDtmfTones('x')[0]?.message).not.toMatch(/uppercase/);
  });

  it('counts an astral character as one place, and a control character is not shown', () => {
    expect(validateDtmfTones('1\n')[0]?.message).toMatch(/^has a character that is not a DTMF tone at index 1 /);
    expect(validateDtmfTones('1😀9x')[0]?.message).toMatch(/at index 1 /);
    expect(validateDtmfTones('1😀9x')[0]?.message).not.toContain('😀');
  });

  it('reports only the first bad character', () => {
    const issues = validateDtmfTones('1xy');
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toContain('at index 1');
  });

  it('collects both the length and the character issue', () => {
    const issues = validateDtmfTones(`${'1'.repeat(25)}e`);
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/at most 20 characters/),
      expect.stringMatching(/at index 25/),
    ]);
  });

  it('never puts the tones, nor any of their characters, in a message: tones may be a PIN', () => {
    const marker = fc.stringMatching(/^[0-9A-D*#]{4,8}$/);
    const tones = fc.oneof(
      marker,
      fc.tuple(marker, fc.string({ minLength: 1, maxLength: 3 }), marker).map(([a, b, c]) => `${a}${b}${c}`),
      fc.stringMatching(/^[0-9]{4,8}$/).map(Number),
      fc.stringMatching(/^[0-9]{4,8}$/).map((n) => [n]),
    );
    fc.assert(
      fc.property(tones, (value) => {
        const text = JSON.stringify(validateDtmfTones(value));
        const secret = String(Array.isArray(value) ? value[0] : value).slice(0, 4);
        expect(text).not.toContain(secret);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('handles a huge string quickly', () => {
    const issues = validateDtmfTones('1'.repeat(1_000_000));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toMatch(/got 1000000/);
  });
});

describe('parseDtmfTones', () => {
  it('returns valid tones unchanged', () => {
    expect(parseDtmfTones('*72#')).toBe('*72#');
  });

  it('throws DialOutValidationError with the issues', () => {
    let caught: unknown;
    try {
      parseDtmfTones('12e');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DialOutValidationError);
    const error = caught as DialOutValidationError;
    expect(error.issues).toEqual(validateDtmfTones('12e'));
    expect(error.issues[0]?.path).toBe('tones');
    expect(error.message).toBe('Invalid DTMF tones: tones: has a character that is not a DTMF tone at index 2 (allowed: 0-9, A-D, *, #)');
  });

  it.each([[''], [null], [42]])('throws for %j', (tones) => {
    expect(() => parseDtmfTones(tones)).toThrow(DialOutValidationError);
  });
});
