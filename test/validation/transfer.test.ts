import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DialOutValidationError, type DialOutValidationIssue } from '../../src/errors.js';
import { validateStartDialOutOptions } from '../../src/validation/startDialOutOptions.js';
import {
  parseReferOptions,
  parseTransferOptions,
  validateReferOptions,
  validateTransferOptions,
} from '../../src/validation/transfer.js';

const SIP = 'sip:agent@pbx.example.com';
const PHONE = '+12268077097';
const TRANSFER_KEYS = /^is not one of toEndPoint, callerId, extension, waitBeforeExtensionDialSec$/;
const PSTN_ONLY = /^is only allowed with a '\+' toEndPoint \(a phone number\)$/;

/** Asserts exactly one issue, at `path`, whose message matches `message`. */
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

/** An object whose `key` getter throws. */
function throwingGetter(base: Record<string, unknown>, key: string): Record<string, unknown> {
  return Object.defineProperty({ ...base }, key, {
    enumerable: true,
    get() {
      throw new Error('boom');
    },
  });
}

describe('validateTransferOptions: valid options', () => {
  it.each<[string, unknown]>([
    ['docs: SIP room-to-room', { toEndPoint: 'sip:room-b@example.sip.daily.co' }],
    ['docs: external SIP', { toEndPoint: 'sip:callme@sip.somewhere.com' }],
    ['docs: PSTN with a callerId (a purchased number id)', { toEndPoint: PHONE, callerId: '99ae8efd-d32c-4786-9bb4-77735a4e7d22' }],
    ['docs: PSTN with extension and wait', { toEndPoint: PHONE, extension: '1234', waitBeforeExtensionDialSec: 4 }],
    ['every PSTN option at its limits', { toEndPoint: '+123456789012345', callerId: 'c'.repeat(255), extension: '1'.repeat(20), waitBeforeExtensionDialSec: 60 }],
    ['the shortest E.164 number', { toEndPoint: '+12' }],
    ['callerId of one character', { toEndPoint: PHONE, callerId: 'c' }],
    ['extension of one character', { toEndPoint: PHONE, extension: '9' }],
    ['waitBeforeExtensionDialSec 0', { toEndPoint: PHONE, extension: '9', waitBeforeExtensionDialSec: 0 }],
    ['a SIP URI with port, parameters and an X- header', { toEndPoint: 'sip:bob:pw@[2001:db8::1]:5061;transport=tls?X-Ticket=42' }],
    ['a SIP URI without a user', { toEndPoint: 'sip:pbx.example.com' }],
    ['undefined keys are absent', { toEndPoint: SIP, callerId: undefined, extension: undefined, waitBeforeExtensionDialSec: undefined, sessionId: undefined }],
    ['a null-prototype object', Object.assign(Object.create(null) as Record<string, unknown>, { toEndPoint: SIP })],
    ['a class instance', new (class Options { toEndPoint = PHONE })()],
    ['inherited keys are ignored', Object.assign(Object.create({ sessionId: 'x', extension: 5 }) as Record<string, unknown>, { toEndPoint: SIP })],
    ['symbol keys are ignored', { toEndPoint: SIP, [Symbol('x')]: 1 }],
  ])('accepts %s', (_name, options) => {
    expect(validateTransferOptions(options)).toEqual([]);
  });
});

describe('validateTransferOptions: the options object', () => {
  it.each<[string, unknown, RegExp]>([
    ['undefined', undefined, /^must be a plain object, got nothing$/],
    ['null', null, /plain object, got null$/],
    ['an array', [{ toEndPoint: SIP }], /plain object, got an array$/],
    ['a string (a bare target)', PHONE, /plain object, got a string$/],
    ['a number', 12268077097, /plain object, got a number$/],
    ['a boolean', true, /plain object, got a boolean$/],
    ['a function with a toEndPoint', Object.assign(() => undefined, { toEndPoint: SIP }), /plain object, got a function$/],
    ['a Date', new Date(0), /plain object, got a Date object$/],
    ['a Map', new Map([['toEndPoint', SIP]]), /plain object, got a Map object$/],
    ['a boxed String', Object(SIP) as unknown, /plain object, got a String object$/],
    ['a bigint', 1n, /plain object, got a bigint$/],
  ])('refuses %s with one issue at the root', (_name, options, message) => {
    expectOnlyIssue(validateTransferOptions(options), '', message);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['sessionId (the session adds it)', { toEndPoint: SIP, sessionId: 'abc' }, 'sessionId', /^is not an option: the session adds its own sessionId$/],
    ['__proto__ (from JSON.parse)', JSON.parse(`{"toEndPoint":"${SIP}","__proto__":{"extension":"1"}}`), '__proto__', TRANSFER_KEYS],
    ['constructor', { toEndPoint: SIP, constructor: {} }, 'constructor', TRANSFER_KEYS],
    ['prototype', { toEndPoint: SIP, prototype: {} }, 'prototype', TRANSFER_KEYS],
    ["daily-js's internal useSipRefer", { toEndPoint: SIP, useSipRefer: true }, 'useSipRefer', TRANSFER_KEYS],
    ['a startDialOut option', { toEndPoint: SIP, displayName: 'Desk' }, 'displayName', TRANSFER_KEYS],
    ['a key that is not an identifier', { toEndPoint: SIP, 'a b': 1 }, 'a b', TRANSFER_KEYS],
  ])('refuses the unknown key %s', (_name, options, path, message) => {
    expectOnlyIssue(validateTransferOptions(options), path, message);
  });

  it('refuses the lowercase typo toEndpoint, and asks for toEndPoint', () => {
    expect(validateTransferOptions({ toEndpoint: SIP })).toEqual([
      { path: 'toEndpoint', message: expect.stringMatching(TRANSFER_KEYS) },
      { path: 'toEndPoint', message: 'is required' },
    ]);
  });

  it('does not see a __proto__ written as a literal (it sets the prototype)', () => {
    expect(validateTransferOptions({ toEndPoint: SIP, __proto__: { extension: '1' } })).toEqual([]);
  });

  it('ignores inherited and non-enumerable toEndPoint', () => {
    expectOnlyIssue(validateTransferOptions(Object.create({ toEndPoint: SIP })), 'toEndPoint', /^is required$/);
    expectOnlyIssue(validateTransferOptions(Object.defineProperty({}, 'toEndPoint', { value: SIP })), 'toEndPoint', /^is required$/);
  });

  it('turns a throwing getter into one issue at its path', () => {
    expectOnlyIssue(validateTransferOptions(throwingGetter({}, 'toEndPoint')), 'toEndPoint', /^could not be read$/);
    expectOnlyIssue(validateTransferOptions(throwingGetter({ toEndPoint: PHONE }, 'extension')), 'extension', /^could not be read$/);
  });

  it('turns a proxy that throws into one issue at the root', () => {
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error('trap'); } });
    expectOnlyIssue(validateTransferOptions(proxy), '', /^could not be read$/);
    const tagged = { get [Symbol.toStringTag]() { throw new Error('trap'); } };
    expectOnlyIssue(validateTransferOptions(tagged), '', /^could not be read$/);
  });
});

describe('validateTransferOptions: toEndPoint', () => {
  it.each<[string, unknown, RegExp]>([
    ['missing', {}, /^is required$/],
    ['undefined', { toEndPoint: undefined }, /^is required$/],
    ['null', { toEndPoint: null }, /^must be a string, got null$/],
    ['a number', { toEndPoint: 12268077097 }, /^must be a string, got a number$/],
    ['an array', { toEndPoint: [SIP] }, /^must be a string, got an array$/],
    ['an object', { toEndPoint: { uri: SIP } }, /^must be a string, got an object$/],
    ['a boxed String', { toEndPoint: Object(SIP) }, /^must be a string, got a String object$/],
    ['empty', { toEndPoint: '' }, /^must start with 'sip:' \(a SIP URI\) or '\+' \(an E\.164 phone number\)$/],
    ['tel: URI', { toEndPoint: 'tel:+12268077097' }, /^must start with 'sip:'.* or '\+'/],
    ['sips:', { toEndPoint: 'sips:agent@example.com' }, /^must start with 'sip:'.* or '\+'/],
    ['uppercase SIP:', { toEndPoint: 'SIP:agent@example.com' }, /^must start with 'sip:'.* or '\+'/],
    ['a leading space', { toEndPoint: ` ${PHONE}` }, /^must start with 'sip:'.* or '\+'/],
    ['a national number', { toEndPoint: '2268077097' }, /^must start with 'sip:'.* or '\+'/],
    ['a fullwidth plus', { toEndPoint: '＋12268077097' }, /^must start with 'sip:'.* or '\+'/],
    ['+ alone', { toEndPoint: '+' }, /^must be an E\.164 phone number: '\+' then 2 to 15 digits, the first not 0$/],
    ['+ and one digit', { toEndPoint: '+1' }, /^must be an E\.164/],
    ['+0', { toEndPoint: '+02268077097' }, /^must be an E\.164/],
    ['16 digits', { toEndPoint: `+1${'2'.repeat(15)}` }, /^must be an E\.164/],
    ['formatted', { toEndPoint: '+1 226-807-7097' }, /^must be an E\.164/],
    ['fullwidth digits', { toEndPoint: '+１２２６' }, /^must be an E\.164 .*\(ASCII only\)$/],
    ['sip: alone', { toEndPoint: 'sip:' }, /^has an empty host$/],
    ['a space in the SIP user', { toEndPoint: 'sip:bob smith@example.com' }, /^must be printable ASCII without spaces$/],
    ['an empty SIP user', { toEndPoint: 'sip:@example.com' }, /^has an empty user$/],
    ['port 0', { toEndPoint: 'sip:bob@example.com:0' }, /^has a port that is not 1 to 65535$/],
    ['a bad IPv4', { toEndPoint: 'sip:bob@256.1.1.1' }, /^has a host that is not/],
    ['a non-X- header', { toEndPoint: 'sip:bob@example.com?Subject=hi' }, /^may only carry X- headers \(header 1\)$/],
    ['a non-ASCII host', { toEndPoint: 'sip:bob@exämple.com' }, /^must be printable ASCII without spaces$/],
  ])('refuses %s', (_name, options, message) => {
    expectOnlyIssue(validateTransferOptions(options), 'toEndPoint', message);
  });

  it.each([
    ['sip:', `sip:${'a'.repeat(1_000_000)}@example.com`, /^must be at most 2048 characters, got 1000016$/],
    ['+', `+${'1'.repeat(1_000_000)}`, /^must be an E\.164/],
    ['no prefix', 'x'.repeat(1_000_000), /^must start with 'sip:'/],
  ])('refuses a 1 MB target (%s) quickly, one issue, without the value', (_name, toEndPoint, message) => {
    const started = performance.now();
    const issues = validateTransferOptions({ toEndPoint });
    expect(performance.now() - started).toBeLessThan(2000);
    expectOnlyIssue(issues, 'toEndPoint', message);
    expect(JSON.stringify(issues).length).toBeLessThan(200);
  });

  it("applies startDialOut's sipUri and phoneNumber rules, with the same messages", () => {
    const targets = ['sip:bob@example.com:70000', 'sip:bob@example.com?X-a', 'sip:a@b;=x', 'sip:bob@example.com?', '+0', '+1234567890123456', '+12a'];
    for (const target of targets) {
      const start = validateStartDialOutOptions(target.startsWith('+') ? { phoneNumber: target } : { sipUri: target });
      expect(start.length, target).toBeGreaterThan(0);
      expect(validateTransferOptions({ toEndPoint: target }), target).toEqual(start.map((issue) => ({ ...issue, path: 'toEndPoint' })));
    }
  });
});

describe('validateTransferOptions: callerId, extension, waitBeforeExtensionDialSec', () => {
  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['callerId with a sip: target', { toEndPoint: SIP, callerId: 'caller-1' }, 'callerId', PSTN_ONLY],
    ['callerId empty', { toEndPoint: PHONE, callerId: '' }, 'callerId', /^must be 1 to 255 characters, got 0$/],
    ['callerId of 256 characters', { toEndPoint: PHONE, callerId: 'c'.repeat(256) }, 'callerId', /^must be 1 to 255 characters, got 256$/],
    ['callerId as a number', { toEndPoint: PHONE, callerId: 12268077097 }, 'callerId', /^must be a string, got a number$/],
    ['callerId null', { toEndPoint: PHONE, callerId: null }, 'callerId', /^must be a string, got null$/],
    ['callerId false', { toEndPoint: PHONE, callerId: false }, 'callerId', /^must be a string, got a boolean$/],
    ['extension with a sip: target', { toEndPoint: SIP, extension: '12' }, 'extension', PSTN_ONLY],
    ['extension empty', { toEndPoint: PHONE, extension: '' }, 'extension', /^must be 1 to 20 characters, got 0$/],
    ['extension of 21 characters', { toEndPoint: PHONE, extension: '1'.repeat(21) }, 'extension', /^must be 1 to 20 characters, got 21$/],
    ['extension as a number', { toEndPoint: PHONE, extension: 1234 }, 'extension', /^must be a string, got a number$/],
    ['extension as an array', { toEndPoint: PHONE, extension: ['1'] }, 'extension', /^must be a string, got an array$/],
    ['waitBeforeExtensionDialSec without extension', { toEndPoint: PHONE, waitBeforeExtensionDialSec: 4 }, 'waitBeforeExtensionDialSec', /^requires extension$/],
    ['waitBeforeExtensionDialSec 0 without extension', { toEndPoint: PHONE, waitBeforeExtensionDialSec: 0 }, 'waitBeforeExtensionDialSec', /^requires extension$/],
    ['waitBeforeExtensionDialSec with a sip: target', { toEndPoint: SIP, waitBeforeExtensionDialSec: 4 }, 'waitBeforeExtensionDialSec', PSTN_ONLY],
    ['waitBeforeExtensionDialSec 61', { toEndPoint: PHONE, extension: '1', waitBeforeExtensionDialSec: 61 }, 'waitBeforeExtensionDialSec', /^must be an integer from 0 to 60, got the number 61$/],
    ['waitBeforeExtensionDialSec -1', { toEndPoint: PHONE, extension: '1', waitBeforeExtensionDialSec: -1 }, 'waitBeforeExtensionDialSec', /got the number -1$/],
    ['waitBeforeExtensionDialSec 4.5', { toEndPoint: PHONE, extension: '1', waitBeforeExtensionDialSec: 4.5 }, 'waitBeforeExtensionDialSec', /got the number 4\.5$/],
    ['waitBeforeExtensionDialSec NaN', { toEndPoint: PHONE, extension: '1', waitBeforeExtensionDialSec: NaN }, 'waitBeforeExtensionDialSec', /got NaN$/],
    ['waitBeforeExtensionDialSec Infinity', { toEndPoint: PHONE, extension: '1', waitBeforeExtensionDialSec: Infinity }, 'waitBeforeExtensionDialSec', /got the number Infinity$/],
    ['waitBeforeExtensionDialSec as a string', { toEndPoint: PHONE, extension: '1', waitBeforeExtensionDialSec: '4' }, 'waitBeforeExtensionDialSec', /got a string$/],
    ['waitBeforeExtensionDialSec null', { toEndPoint: PHONE, extension: '1', waitBeforeExtensionDialSec: null }, 'waitBeforeExtensionDialSec', /got null$/],
    ['waitBeforeExtensionDialSec true', { toEndPoint: PHONE, extension: '1', waitBeforeExtensionDialSec: true }, 'waitBeforeExtensionDialSec', /got the boolean true$/],
    ['waitBeforeExtensionDialSec as a bigint', { toEndPoint: PHONE, extension: '1', waitBeforeExtensionDialSec: 4n }, 'waitBeforeExtensionDialSec', /got a bigint$/],
  ])('refuses %s', (_name, options, path, message) => {
    expectOnlyIssue(validateTransferOptions(options), path, message);
  });

  it('does not add PSTN-only issues while the target is unknown or broken', () => {
    expect(validateTransferOptions({ extension: '1', callerId: 'c', waitBeforeExtensionDialSec: 1 })).toEqual([
      { path: 'toEndPoint', message: 'is required' },
    ]);
    expectOnlyIssue(validateTransferOptions({ toEndPoint: 'tel:1', extension: '1' }), 'toEndPoint', /^must start with/);
  });

  it('collects every broken rule, in the order checked', () => {
    expect(validateTransferOptions({ toEndPoint: SIP, callerId: '', extension: 7, waitBeforeExtensionDialSec: 99, sessionId: 's', x: 1 })).toEqual([
      { path: 'sessionId', message: 'is not an option: the session adds its own sessionId' },
      { path: 'x', message: expect.stringMatching(TRANSFER_KEYS) },
      { path: 'callerId', message: expect.stringMatching(PSTN_ONLY) },
      { path: 'callerId', message: 'must be 1 to 255 characters, got 0' },
      { path: 'extension', message: expect.stringMatching(PSTN_ONLY) },
      { path: 'extension', message: 'must be a string, got a number' },
      { path: 'waitBeforeExtensionDialSec', message: expect.stringMatching(PSTN_ONLY) },
      { path: 'waitBeforeExtensionDialSec', message: 'must be an integer from 0 to 60, got the number 99' },
    ]);
  });

  it('refuses a 1 MB callerId and extension by their length only', () => {
    const big = '5'.repeat(1_000_000);
    expect(validateTransferOptions({ toEndPoint: PHONE, callerId: big, extension: big })).toEqual([
      { path: 'callerId', message: 'must be 1 to 255 characters, got 1000000' },
      { path: 'extension', message: 'must be 1 to 20 characters, got 1000000' },
    ]);
  });
});

describe('parseTransferOptions', () => {
  it('returns a fresh frozen object with only the given known keys, in a fixed order', () => {
    const input = { waitBeforeExtensionDialSec: 4, extension: '1234', toEndPoint: PHONE, callerId: undefined };
    const parsed = parseTransferOptions(input);
    expect(parsed).toEqual({ toEndPoint: PHONE, extension: '1234', waitBeforeExtensionDialSec: 4 });
    expect(Object.keys(parsed)).toEqual(['toEndPoint', 'extension', 'waitBeforeExtensionDialSec']);
    expect(parsed).not.toBe(input);
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });

  it('is not changed by later changes to the input', () => {
    const input: Record<string, unknown> = { toEndPoint: PHONE, extension: '1' };
    const parsed = parseTransferOptions(input);
    input.toEndPoint = 'sip:evil@example.com';
    input.extension = '2';
    input.callerId = 'x';
    expect(parsed).toEqual({ toEndPoint: PHONE, extension: '1' });
  });

  it('reads each value once: a getter that changes its answer cannot slip a value past the checks', () => {
    let reads = 0;
    const input = { get toEndPoint() { reads += 1; return reads == 1 ? PHONE : 'not a target'; } };
    expect(parseTransferOptions(input)).toEqual({ toEndPoint: PHONE });
    expect(reads).toBe(1);
  });

  it('copies a class instance or null-prototype object into a plain object', () => {
    const parsed = parseTransferOptions(new (class { toEndPoint = SIP })());
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parsed).toEqual({ toEndPoint: SIP });
    expect(parseTransferOptions(Object.assign(Object.create(null), { toEndPoint: SIP }))).toEqual({ toEndPoint: SIP });
  });

  it('turns -0 into 0', () => {
    expect(Object.is(parseTransferOptions({ toEndPoint: PHONE, extension: '1', waitBeforeExtensionDialSec: -0 }).waitBeforeExtensionDialSec, 0)).toBe(true);
  });

  it('a spread copy is what daily-js gets: mutable, with the sessionId added', () => {
    const sent: Record<string, unknown> = { sessionId: 's-1', ...parseTransferOptions({ toEndPoint: SIP }) };
    sent.useSipRefer = false; // what daily-js does
    expect(sent).toEqual({ sessionId: 's-1', toEndPoint: SIP, useSipRefer: false });
  });

  it('throws DialOutValidationError naming the path and the rule', () => {
    const error = thrown(() => parseTransferOptions({ toEndPoint: SIP, extension: '12' }));
    expect(error.issues).toEqual(validateTransferOptions({ toEndPoint: SIP, extension: '12' }));
    expect(error.message).toBe("Invalid transfer options: extension: is only allowed with a '+' toEndPoint (a phone number)");
  });

  it.each([[undefined], [null], [{}], [{ toEndPoint: 'tel:1' }], [{ toEndPoint: PHONE, sessionId: 'x' }]])('throws for %j', (options) => {
    expect(() => parseTransferOptions(options)).toThrow(DialOutValidationError);
  });
});

describe('validateReferOptions / parseReferOptions', () => {
  it.each([
    'sip:agent@pbx.example.com',
    'sip:pbx.example.com',
    'sip:+15555550100@trunk.example.com;user=phone',
    'sip:bob@192.0.2.4:5060;transport=udp?X-Reason=handoff',
  ])('accepts %s', (toEndPoint) => {
    expect(validateReferOptions({ toEndPoint })).toEqual([]);
    expect(parseReferOptions({ toEndPoint, other: undefined })).toEqual({ toEndPoint });
  });

  it.each<[string, unknown, string, RegExp]>([
    ['a + target', { toEndPoint: PHONE }, 'toEndPoint', /^must be a SIP URI starting 'sip:' \(a REFER hands the call to a SIP endpoint\)$/],
    ['a tel: target', { toEndPoint: 'tel:+12268077097' }, 'toEndPoint', /^must be a SIP URI starting 'sip:'/],
    ['an empty target', { toEndPoint: '' }, 'toEndPoint', /^must be a SIP URI starting 'sip:'/],
    ['a sips: target', { toEndPoint: 'sips:a@example.com' }, 'toEndPoint', /^must be a SIP URI starting 'sip:'/],
    ['a number', { toEndPoint: 5 }, 'toEndPoint', /^must be a string, got a number$/],
    ['no target', {}, 'toEndPoint', /^is required$/],
    ['a non-RFC 3261 target', { toEndPoint: 'sip:bob@example.com:0' }, 'toEndPoint', /^has a port that is not 1 to 65535$/],
    ['a huge target', { toEndPoint: `sip:${'a'.repeat(1_000_000)}` }, 'toEndPoint', /^must be at most 2048 characters/],
    ['callerId', { toEndPoint: SIP, callerId: 'c' }, 'callerId', /^is not allowed: refer\(\) takes only toEndPoint$/],
    ['extension', { toEndPoint: SIP, extension: '1' }, 'extension', /^is not allowed: refer\(\) takes only toEndPoint$/],
    ['waitBeforeExtensionDialSec', { toEndPoint: SIP, waitBeforeExtensionDialSec: 0 }, 'waitBeforeExtensionDialSec', /takes only toEndPoint$/],
    ['sessionId', { toEndPoint: SIP, sessionId: 's' }, 'sessionId', /^is not an option: the session adds its own sessionId$/],
    ['__proto__ (JSON.parse)', JSON.parse(`{"toEndPoint":"${SIP}","__proto__":{}}`), '__proto__', /takes only toEndPoint$/],
    ['the root as a string', SIP, '', /^must be a plain object, got a string$/],
    ['the root as null', null, '', /^must be a plain object, got null$/],
    ['a throwing getter', throwingGetter({}, 'toEndPoint'), 'toEndPoint', /^could not be read$/],
  ])('refuses %s', (_name, options, path, message) => {
    expectOnlyIssue(validateReferOptions(options), path, message);
  });

  it('returns a fresh frozen { toEndPoint } that later changes to the input do not reach', () => {
    const input = { toEndPoint: SIP };
    const parsed = parseReferOptions(input);
    input.toEndPoint = 'sip:other@example.com';
    expect(parsed).toEqual({ toEndPoint: SIP });
    expect(Object.isFrozen(parsed)).toBe(true);
  });

  it('throws DialOutValidationError with the subject refer options', () => {
    const error = thrown(() => parseReferOptions({ toEndPoint: PHONE }));
    expect(error.message).toBe("Invalid refer options: toEndPoint: must be a SIP URI starting 'sip:' (a REFER hands the call to a SIP endpoint)");
  });
});

describe('transfer and refer messages never contain a value', () => {
  const digits = fc.stringMatching(/^[1-9][0-9]{9,13}$/);
  const word = fc.stringMatching(/^zq[a-z]{6}$/);
  const around = (secret: string): fc.Arbitrary<unknown> =>
    fc.constantFrom<unknown>(
      secret,
      Number(secret) || secret.length,
      `+${secret}`,
      `+0${secret}`,
      `+${secret}${secret}`,
      ` +${secret}`,
      [secret],
      { value: secret },
      secret.repeat(30),
      `sip:${secret}@example.com`,
      `sip:${secret} x@example.com`,
      `sip:bob@${secret}_host.example.com`,
      `sip:bob@example.com?${secret}=1`,
      `sip:bob@example.com?X-a=<${secret}>`,
      `SIP:${secret}@example.com`,
      `tel:${secret}`,
    );
  const leaks = (text: string, secret: string): boolean => text.includes(secret) || (/^\d+$/.test(secret) && text.includes(secret.slice(0, 7)));

  for (const field of ['toEndPoint', 'callerId', 'extension', 'sessionId', 'refer toEndPoint'] as const) {
    it(`of ${field}`, () => {
      fc.assert(
        fc.property(
          fc.oneof(digits, word).chain((secret) => around(secret).map((value) => ({ secret, value }))),
          fc.constantFrom(SIP, PHONE),
          ({ secret, value }, target) => {
            const refer = field == 'refer toEndPoint';
            const key = refer ? 'toEndPoint' : field;
            const options = key == 'toEndPoint' ? { [key]: value } : { toEndPoint: target, [key]: value };
            const [validate, parse] = refer ? [validateReferOptions, parseReferOptions] : [validateTransferOptions, parseTransferOptions];
            expect(leaks(JSON.stringify(validate(options)), secret)).toBe(false);
            let message = '';
            try {
              parse(options);
            } catch (error) {
              message = (error as Error).message;
            }
            expect(leaks(message, secret)).toBe(false);
          },
        ),
        { numRuns: 200, seed: 11 },
      );
    });
  }
});
