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
    ['a number', 123, /must be a string.*number 123/],
    ['null', null, /must be a string.*null/],
    ['undefined', undefined, /must be a string.*undefined/],
    ['an array', ['1'], /must be a string.*array/],
    ['an object', { tones: '1' }, /must be a string.*object/],
    ['a boolean', true, /must be a string.*boolean/],
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
  ])('names the bad character: %s', (_name, tones, index) => {
    const issues = validateDtmfTones(tones);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('tones');
    const bad = [...tones.slice(index)][0] ?? '';
    expect(issues[0]?.message).toContain(`${JSON.stringify(bad)} at index ${index} is not a valid DTMF tone`);
  });

  it('hints at uppercase for lowercase a-d', () => {
    expect(validateDtmfTones('d')[0]?.message).toMatch(/use uppercase A-D/);
    expect(validateDtmfTones('x')[0]?.message).not.toMatch(/uppercase/);
  });

  it('escapes control characters in the message', () => {
    expect(validateDtmfTones('1\n')[0]?.message).toContain('"\\n" at index 1');
  });

  it('names a whole astral character, not half of it', () => {
    expect(validateDtmfTones('1😀')[0]?.message).toContain('"😀" at index 1');
  });

  it('names only the first bad character', () => {
    const issues = validateDtmfTones('1xy');
    expect(issues).toHaveLength(1);
    expect(issues[0]?.message).toContain('"x"');
    expect(issues[0]?.message).not.toContain('"y"');
  });

  it('collects both the length and the character issue', () => {
    const issues = validateDtmfTones(`${'1'.repeat(25)}e`);
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/at most 20 characters/),
      expect.stringMatching(/"e" at index 25/),
    ]);
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
    expect(error.message).toMatch(/^Invalid DTMF tones: tones: "e" at index 2/);
  });

  it.each([[''], [null], [42]])('throws for %j', (tones) => {
    expect(() => parseDtmfTones(tones)).toThrow(DialOutValidationError);
  });
});
