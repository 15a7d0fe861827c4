// @vitest-environment node
/**
 * `redactTelephonyData`: no phone number survives, in any format, inside strings, arrays and
 * objects (property-based, fast-check), while what a person needs (the last four digits, UUIDs,
 * short numbers, the shape of the value) stays. `FUZZ_RUNS` / `FUZZ_SEED` as in test/property.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactTelephonyData } from '../../src/index.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED =
  process.env.FUZZ_SEED === 'random' || process.env.FUZZ_SEED === undefined
    ? process.env.FUZZ_SEED === 'random'
      ? Date.now() ^ (Math.random() * 0x100000000)
      : 20_251_128
    : Number(process.env.FUZZ_SEED);
const params = { numRuns: RUNS, seed: SEED };
/** Time for one property: a few ms per run, at least 10 s. */
const TIMEOUT = Math.max(10_000, RUNS * 4);

/** Every decimal digit of a text, of any script. */
function digitsOf(text: string): string {
  return [...text].filter((c) => /\p{Nd}/u.test(c)).join('');
}

/** Digits written in another script (full-width, Arabic-Indic, Devanagari), to check \p{Nd}. */
function inScript(digits: string, zero: number): string {
  return [...digits].map((d) => String.fromCodePoint(zero + Number(d))).join('');
}

// ---------------------------------------------------------------------------
// Generators

const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digitString = (min: number, max: number) => fc.array(digit, { minLength: min, maxLength: max }).map((d) => d.join(''));
const nonZero = fc.integer({ min: 1, max: 9 }).map(String);
/** A national significant number, 7 to 13 digits, not starting with 0. */
const nationalNumber = fc.tuple(nonZero, digitString(6, 12)).map(([a, b]) => a + b);
const countryCode = fc.constantFrom('1', '44', '33', '49', '81', '353', '972');
const separator = fc.constantFrom(' ', '-', '.', ' - ', '/', '\u00A0', '\u2010', '\u2013', '\u202F', '. ');

/** Splits digits into groups of 2 to 4 joined by one separator. */
const grouped = (digits: string) =>
  fc.tuple(fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 8, maxLength: 8 }), separator).map(([sizes, sep]) => {
    const groups: string[] = [];
    let rest = digits;
    for (const size of sizes) {
      if (rest.length === 0) break;
      groups.push(rest.slice(0, size));
      rest = rest.slice(size);
    }
    if (rest) groups.push(rest);
    return groups.join(sep);
  });

/** Phone numbers in every written format; `kind` says which. */
const phoneNumber: fc.Arbitrary<{ kind: string; text: string }> = fc.oneof(
  fc.tuple(countryCode, nationalNumber).map(([cc, n]) => ({ kind: 'E.164', text: `+${cc}${n}`.slice(0, 16) })),
  fc.tuple(countryCode, nationalNumber).map(([cc, n]) => ({ kind: 'E.164 without +', text: `${cc}${n}`.slice(0, 15) })),
  fc.tuple(countryCode, nationalNumber).chain(([cc, n]) => grouped(n).map((g) => ({ kind: 'international, grouped', text: `+${cc} ${g}` }))),
  fc.tuple(countryCode, nationalNumber).chain(([cc, n]) => grouped(n).map((g) => ({ kind: '00 prefix', text: `00${cc} ${g}` }))),
  nationalNumber.chain((n) => grouped(`0${n}`).map((g) => ({ kind: 'national with trunk 0', text: g }))),
  fc.tuple(digitString(3, 3), digitString(3, 3), digitString(4, 4), fc.constantFrom('', '1 ', '+1 ', '1-')).map(([a, b, c, p]) => ({
    kind: 'NANP with brackets',
    text: `${p}(${a}) ${b}-${c}`,
  })),
  fc.tuple(digitString(3, 3), digitString(3, 3), digitString(4, 4)).map(([a, b, c]) => ({ kind: 'NANP with dots', text: `${a}.${b}.${c}` })),
  fc.tuple(digitString(2, 2), digitString(4, 4), digitString(4, 4)).map(([a, b, c]) => ({ kind: 'UK with (0)', text: `+44 (0)${a} ${b} ${c}` })),
  fc.tuple(countryCode, nationalNumber).chain(([cc, n]) => grouped(n).map((g) => ({ kind: 'tel: URI', text: `tel:+${cc}-${g.replace(/[^\d]+/g, '-')}` }))),
  fc.tuple(countryCode, nationalNumber).map(([cc, n]) => ({ kind: 'sip: URI', text: `sip:+${cc}${n}@sip.example.com` })),
  fc.tuple(countryCode, nationalNumber).map(([cc, n]) => ({ kind: 'sips: URI with user=phone', text: `sips:+${cc}${n};user=phone@pstn.example.org` })),
  fc.tuple(nationalNumber, fc.constantFrom(0xff10, 0x0660, 0x0966)).map(([n, zero]) => ({ kind: 'other script', text: inScript(n, zero) })),
);

/** Free text without any digit: words of letters (and a few signs) joined by spaces. */
const word = fc.stringMatching(/^[A-Za-z]{1,9}$/);
const text = fc.array(fc.oneof(word, fc.constantFrom(',', '!', '?', 'é', '—', '«', '»')), { minLength: 1, maxLength: 6 }).map((w) => w.join(' '));

/** Text with numbers inside: text, number, text, number, …, text (a word always separates two numbers). */
const textWithNumbers = fc
  .tuple(text, fc.array(fc.tuple(phoneNumber, text), { minLength: 1, maxLength: 4 }))
  .map(([first, rest]) => ({
    numbers: rest.map(([n]) => n),
    text: first + rest.map(([n, t]) => ` ${n.text} x${t}`).join(''),
  }));

// ---------------------------------------------------------------------------

describe('redactTelephonyData: property-based, no number survives', () => {
  it('in a string: only the last four digits of each number are left (formats other than SIP users)', () => {
    fc.assert(
      fc.property(textWithNumbers, ({ numbers, text: input }) => {
        fc.pre(numbers.every((n) => !n.kind.startsWith('sip')));
        const out = redactTelephonyData(input);
        expect(digitsOf(out)).toBe(numbers.map((n) => digitsOf(n.text).slice(-4)).join(''));
        for (const n of numbers) expect(out).not.toContain(n.text);
      }),
      params,
    );
  }, TIMEOUT);

  it('in a string, SIP URIs included: at most four digits of each number are left, and none is whole', () => {
    fc.assert(
      fc.property(textWithNumbers, ({ numbers, text: input }) => {
        const out = redactTelephonyData(input);
        expect(digitsOf(out).length).toBeLessThanOrEqual(4 * numbers.length);
        for (const n of numbers) {
          expect(out).not.toContain(n.text);
          expect(digitsOf(out)).not.toContain(digitsOf(n.text));
        }
      }),
      params,
    );
  }, TIMEOUT);

  it('in arrays and objects at any depth, keys included, keeping their shape', () => {
    const leaf = textWithNumbers.map((t) => ({ value: t.text, count: t.numbers.length }));
    const { tree } = fc.letrec<{ tree: { value: unknown; count: number } }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('tree'), { maxLength: 4 }).map((items) => ({
          value: items.map((i) => i.value),
          count: items.reduce((sum, i) => sum + i.count, 0),
        })),
        fc
          .array(fc.tuple(fc.oneof(word, phoneNumber.map((n) => n.text)), tie('tree')), { maxLength: 4 })
          .map((entries) => {
            const value: Record<string, unknown> = {};
            let count = 0;
            for (const [key, inner] of entries) {
              if (Object.prototype.hasOwnProperty.call(value, key)) continue;
              value[key] = inner.value;
              count += inner.count + (/\p{Nd}/u.test(key) ? 1 : 0);
            }
            return { value, count };
          }),
      ),
    }));
    fc.assert(
      fc.property(tree, ({ value, count }) => {
        const out = redactTelephonyData(value);
        const json = JSON.stringify(out);
        expect(digitsOf(json).length).toBeLessThanOrEqual(4 * count);
        // same shape: the same nesting of arrays and objects, the same number of entries
        const shape = (v: unknown): unknown =>
          Array.isArray(v) ? v.map(shape) : typeof v === 'object' && v !== null ? Object.values(v).map(shape) : typeof v;
        expect(shape(out)).toEqual(shape(value));
      }),
      params,
    );
  }, TIMEOUT);

  it('under phone keys, whatever the value’s type: only the last four digits are left', () => {
    const key = fc.constantFrom('phoneNumber', 'phone_number', 'sipUri', 'destination', 'origin', 'callerId', 'caller_id', 'target', 'toEndPoint', 'to', 'From');
    fc.assert(
      fc.property(key, nationalNumber, fc.boolean(), (k, n, asNumber) => {
        const value = asNumber ? Number(n) : `+${n}`;
        const out = redactTelephonyData({ nested: [{ [k]: value }] });
        const masked = out.nested[0]?.[k];
        expect(typeof masked).toBe('string');
        expect(digitsOf(String(masked))).toBe(n.slice(-4));
      }),
      params,
    );
  }, TIMEOUT);

  it('under name, user id and tone keys: nothing is left, at any depth', () => {
    const key = fc.constantFrom('displayName', 'display_name', 'userId', 'user_id', 'userName', 'tones', 'tone', 'dtmf', 'digits', 'pin', 'extension');
    const secret = fc.oneof(fc.string({ minLength: 1 }), digitString(1, 20), fc.integer(), fc.array(digitString(1, 6), { minLength: 1, maxLength: 3 }));
    fc.assert(
      fc.property(key, secret, (k, value) => {
        const out = redactTelephonyData({ [k]: value, other: 'kept' });
        expect(out).toEqual({ [k]: Array.isArray(value) ? value.map(() => '[redacted]') : '[redacted]', other: 'kept' });
      }),
      params,
    );
  }, TIMEOUT);

  it('never throws, and never changes its input', () => {
    fc.assert(
      fc.property(fc.anything({ withMap: true, withSet: true, withDate: true, withNullPrototype: true, withObjectString: true }), (value) => {
        const before = fc.stringify(value);
        expect(() => redactTelephonyData(value)).not.toThrow();
        expect(fc.stringify(value)).toBe(before);
      }),
      params,
    );
  }, TIMEOUT);
});

describe('redactTelephonyData: examples', () => {
  it.each([
    ['E.164', 'Busy: +15555550100', 'Busy: +•••••••0100'],
    ['E.164 without +, in Daily’s error text', 'Dial-out to 15555550100 failed (SIP 486)', 'Dial-out to •••••••0100 failed (SIP 486)'],
    ['national, brackets and dash', 'call (555) 555-0100 now', 'call (•••) •••-0100 now'],
    ['dots', '555.555.0100', '•••.•••.0100'],
    ['00 prefix', 'to 0044 20 7946 0958', 'to •••• •• •••• 0958'],
    ['UK with (0)', '+44 (0)20 7946 0958', '+•• (•)•• •••• 0958'],
    ['tel: URI', 'tel:+1-555-555-0100;ext=42', 'tel:+•-•••-•••-0100;ext=42'],
    ['short tel: URI', 'tel:12345', 'tel:•2345'],
    ['sip: URI with a number', 'sip:+15555550100@sip.example.com', 'sip:••••••••0100@sip.example.com'],
    ['sip: URI with a name', 'from sip:alice.smith@example.com', 'from sip:•••••••mith@example.com'],
    ['short SIP user', 'sip:bob@example.com', 'sip:••b@example.com'],
    ['full-width digits', '１５５５５５５０１００', '•••••••０１００'],
    ['two numbers', '+15555550100 then +15555550199', '+•••••••0100 then +•••••••0199'],
  ])('%s', (_name, input, expected) => {
    expect(redactTelephonyData(input)).toBe(expected);
  });

  it.each([
    ['a UUID (Daily’s sessionId)', 'session 3f2a9c1e-1234-4567-8901-446655440000 stopped'],
    ['short numbers', 'Busy Here (SIP 486), attempt 3 of 5, port 5060'],
    ['a SIP URI without a user', 'sip:example.com'],
    ['no digits', 'hello world'],
  ])('keeps %s', (_name, input) => {
    expect(redactTelephonyData(input)).toBe(input);
  });

  it('keeps numbers, booleans, null, undefined, functions, dates and class instances outside the telephony keys', () => {
    class Ref {
      phoneNumber = '+15555550100';
    }
    const ref = new Ref();
    const fn = () => 1;
    const date = new Date(0);
    const input = { at: 1_728_025_069_000, ok: true, none: null, gone: undefined, fn, date, ref, big: 15555550100n };
    const out = redactTelephonyData(input);
    expect(out).toEqual(input);
    expect(out.ref).toBe(ref);
    expect(out).not.toBe(input);
  });

  it('redacts by key, in any case, camelCase or snake_case, and keeps other fields', () => {
    expect(
      redactTelephonyData({
        phoneNumber: '+15555550100',
        sip_uri: 'sip:alice.smith@example.com',
        callerId: 15555550111,
        destination: '+1 555 555 0102',
        displayName: 'Ada Lovelace',
        user_id: 'ada-42',
        tones: '1234#',
        extension: '5678',
        sessionId: '3f2a9c1e-1234-4567-8901-446655440000',
        status: 'answered',
        attempt: 2,
      }),
    ).toEqual({
      phoneNumber: '+•••••••0100',
      sip_uri: 'sip:•••••••mith@example.com',
      callerId: '•••••••0111',
      destination: '+• ••• ••• 0102',
      displayName: '[redacted]',
      user_id: '[redacted]',
      tones: '[redacted]',
      extension: '[redacted]',
      sessionId: '3f2a9c1e-1234-4567-8901-446655440000',
      status: 'answered',
      attempt: 2,
    });
  });

  it('copies Errors (message, stack, cause, own fields) with their prototype', () => {
    class DailyError extends Error {
      override name = 'DailyError';
      constructor(
        message: string,
        readonly code: string,
        options?: ErrorOptions,
      ) {
        super(message, options);
      }
    }
    const error = new DailyError('call to 15555550100 failed', 'E1', { cause: new Error('sip:+15555550100@x.example') });
    const out = redactTelephonyData({ error });
    expect(out.error).toBeInstanceOf(DailyError);
    expect(out.error.message).toBe('call to •••••••0100 failed');
    expect(out.error.code).toBe('E1');
    expect(out.error.name).toBe('DailyError');
    expect(String(out.error.stack)).not.toContain('15555550100');
    expect((out.error.cause as Error).message).toBe('sip:••••••••0100@x.example');
    expect(error.message).toBe('call to 15555550100 failed'); // the original is untouched
  });

  it('copies Maps and Sets, keys included', () => {
    const out = redactTelephonyData({ byNumber: new Map([['+15555550100', { phoneNumber: '+15555550100' }]]), seen: new Set(['15555550100']) });
    expect([...out.byNumber]).toEqual([['+•••••••0100', { phoneNumber: '+•••••••0100' }]]);
    expect([...out.seen]).toEqual(['•••••••0100']);
  });

  it('keeps every entry when two keys redact to the same text', () => {
    expect(redactTelephonyData({ '+15555550100': 'a', '+15555560100': 'b', '+15555570100': 'c' })).toEqual({
      '+•••••••0100': 'a',
      '+•••••••0100 #b': 'b',
      '+•••••••0100 #c': 'c',
    });
  });

  it('keeps cycles and shared objects as they are', () => {
    const shared = { phoneNumber: '+15555550100' };
    const loop: Record<string, unknown> = { shared, again: shared };
    loop.self = loop;
    const out = redactTelephonyData(loop) as Record<string, Record<string, unknown>>;
    expect(out.self).toBe(out);
    expect(out.shared).toBe(out.again);
    expect(out.shared?.phoneNumber).toBe('+•••••••0100');
  });

  it('survives throwing getters, hostile proxies, deep nesting and __proto__ keys', () => {
    const getter = Object.defineProperty({ ok: 'yes' }, 'phoneNumber', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    let deep: unknown = '+15555550100';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const polluting = JSON.parse('{"__proto__": {"phoneNumber": "+15555550100"}}') as object;

    expect(redactTelephonyData(getter)).toEqual({ ok: 'yes', phoneNumber: '[unreadable]' });
    expect(redactTelephonyData({ proxy })).toEqual({ proxy: '[unreadable]' });
    expect(JSON.stringify(redactTelephonyData(deep))).toContain('[too deep]');
    const out = redactTelephonyData(polluting) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ phoneNumber: '+•••••••0100' });
    expect(({} as Record<string, unknown>).phoneNumber).toBeUndefined();
  });

  it('is exported from daily-dialout-machine/server too, for server logs', async () => {
    const server = await import('../../src/server/index.js');
    expect(server.redactTelephonyData).toBe(redactTelephonyData);
  });
});
