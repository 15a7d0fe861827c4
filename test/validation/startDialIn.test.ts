import type { DailyStartDialinOptions } from '@daily-co/daily-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DialOutValidationError, type DialOutValidationIssue } from '../../src/errors.js';
import { parseStartDialInOptions, validateStartDialInOptions } from '../../src/validation/startDialIn.js';
import { validateStartDialOutOptions } from '../../src/validation/startDialOutOptions.js';

const NAME = 'Front desk';
const ENDPOINT = 'sip:room-name@sip.daily.co';
const KEYS = /^is not one of displayName, userId, video, sipEndpoint, codecs, permissions, provider$/;
const RESERVED = /^is not an option: daily-js sets it, and a value here would replace it$/;
const FULL_BASE = {
  video: true,
  audio: true,
  screenVideo: false,
  screenAudio: false,
  customVideo: { '*': false, whiteboard: true },
  customAudio: { '*': true },
};

/** Asserts exactly one issue, at `path`, whose message matches `message`. */
function expectOnlyIssue(options: unknown, path: string, message: RegExp): void {
  expect(validateStartDialInOptions(options)).toEqual([{ path, message: expect.stringMatching(message) }]);
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

/** The `startDialOut()` validator's issues for `value` at `key` of a SIP dial-out. */
function dialOutIssues(key: string, value: unknown): DialOutValidationIssue[] {
  return validateStartDialOutOptions({ sipUri: 'sip:bob@example.com', [key]: value });
}

describe('validateStartDialInOptions: valid options', () => {
  it.each<[string, unknown]>([
    ['only a displayName', { displayName: NAME }],
    ['a displayName of one character', { displayName: 'x' }],
    ['a displayName of 199 characters', { displayName: 'x'.repeat(199) }],
    ['every option at its limits', {
      displayName: 'd'.repeat(199),
      userId: 'u'.repeat(36),
      video: true,
      sipEndpoint: 'sip:bob:pw@[2001:db8::1]:5061;transport=tls?X-Ticket=42',
      codecs: { audio: ['OPUS', 'PCMU', 'PCMA', 'G722'], video: ['VP8', 'H264'] },
      permissions: { canReceive: { base: FULL_BASE, byUserId: { alice: { video: false } }, byParticipantId: { p1: true } } },
      provider: 'daily',
    }],
    ['provider signalwire', { displayName: NAME, provider: 'signalwire' }],
    ["Daily's docs' dialin-ready endpoint", { displayName: NAME, sipEndpoint: ENDPOINT }],
    ["Daily's docs' SignalWire endpoint", { displayName: NAME, sipEndpoint: 'sip:my-sip-room.0@daily-23097230720-app.dapp.signalwire.com' }],
    ['an endpoint without a user', { displayName: NAME, sipEndpoint: 'sip:sip.daily.co' }],
    ['an empty userId (as for startDialOut)', { displayName: NAME, userId: '' }],
    ['video false', { displayName: NAME, video: false }],
    ['video codecs without video (as for startDialOut)', { displayName: NAME, codecs: { video: ['H264'] } }],
    ['an empty codecs object', { displayName: NAME, codecs: {} }],
    ['permissions with an empty canReceive', { displayName: NAME, permissions: { canReceive: {} } }],
    ['permissions with a boolean base', { displayName: NAME, permissions: { canReceive: { base: false } } }],
    ['undefined keys are absent', {
      displayName: NAME, userId: undefined, video: undefined, sipEndpoint: undefined, codecs: undefined, permissions: undefined,
      provider: undefined, sipUri: undefined, action: undefined,
    }],
    ['a null-prototype object', Object.assign(Object.create(null) as Record<string, unknown>, { displayName: NAME })],
    ['a class instance', new (class Options { displayName = NAME })()],
    ['inherited keys are ignored', Object.assign(Object.create({ sipUri: 'x', provider: 5 }) as Record<string, unknown>, { displayName: NAME })],
    ['symbol keys are ignored', { displayName: NAME, [Symbol('x')]: 1 }],
  ])('accepts %s', (_name, options) => {
    expect(validateStartDialInOptions(options)).toEqual([]);
  });
});

describe('validateStartDialInOptions: the options object', () => {
  it.each<[string, unknown, RegExp]>([
    ['undefined', undefined, /^must be a plain object, got nothing$/],
    ['null', null, /plain object, got null$/],
    ['an array (daily-js takes it)', Object.assign([], { displayName: NAME }), /plain object, got an array$/],
    ['a string (a bare name)', NAME, /plain object, got a string$/],
    ['a number', 5, /plain object, got a number$/],
    ['a boolean', true, /plain object, got a boolean$/],
    ['a function with a displayName', Object.assign(() => undefined, { displayName: NAME }), /plain object, got a function$/],
    ['a Date with a displayName (daily-js takes it)', Object.assign(new Date(0), { displayName: NAME }), /plain object, got a Date object$/],
    ['a Map', new Map([['displayName', NAME]]), /plain object, got a Map object$/],
    ['a bigint', 1n, /plain object, got a bigint$/],
  ])('refuses %s with one issue at the root', (_name, options, message) => {
    expectOnlyIssue(options, '', message);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['sipUri (a startDialOut option)', { displayName: NAME, sipUri: ENDPOINT }, 'sipUri', KEYS],
    ['phoneNumber', { displayName: NAME, phoneNumber: '+12268077097' }, 'phoneNumber', KEYS],
    ['videoSettings', { displayName: NAME, videoSettings: { width: 640 } }, 'videoSettings', KEYS],
    ['callerId', { displayName: NAME, callerId: 'c' }, 'callerId', KEYS],
    ['the typo displayname', { displayName: NAME, displayname: NAME }, 'displayname', KEYS],
    ['sessionId', { displayName: NAME, sessionId: 's' }, 'sessionId', KEYS],
    ['__proto__ (from JSON.parse)', JSON.parse(`{"displayName":"${NAME}","__proto__":{"video":true}}`), '__proto__', KEYS],
    ['constructor', { displayName: NAME, constructor: {} }, 'constructor', KEYS],
    ['a key that is not an identifier', { displayName: NAME, 'a b': 1 }, 'a b', KEYS],
    ["daily-js's action", { displayName: NAME, action: 'dialout-start' }, 'action', RESERVED],
    ["daily-js's sipMode", { displayName: NAME, sipMode: 'dial-out' }, 'sipMode', RESERVED],
  ])('refuses the unknown key %s', (_name, options, path, message) => {
    expectOnlyIssue(options, path, message);
  });

  it('does not see a __proto__ written as a literal (it sets the prototype)', () => {
    expect(validateStartDialInOptions({ displayName: NAME, __proto__: { video: 1 } })).toEqual([]);
  });

  it('turns a throwing getter into one issue at its path', () => {
    expectOnlyIssue(throwingGetter({}, 'displayName'), 'displayName', /^could not be read$/);
    expectOnlyIssue(throwingGetter({ displayName: NAME }, 'codecs'), 'codecs', /^could not be read$/);
  });

  it('turns a proxy that throws into one issue at its path', () => {
    const proxy = new Proxy({}, { ownKeys: () => { throw new Error('trap'); } });
    expectOnlyIssue(proxy, '', /^could not be read$/);
    const tagged = { get [Symbol.toStringTag]() { throw new Error('trap'); } };
    expectOnlyIssue(tagged, '', /^could not be read$/);
    expectOnlyIssue({ displayName: NAME, codecs: proxy }, 'codecs', /^could not be read$/);
    expectOnlyIssue({ displayName: NAME, permissions: tagged }, 'permissions', /^could not be read$/);
  });
});

describe('validateStartDialInOptions: displayName', () => {
  it.each<[string, unknown, RegExp]>([
    ['missing', {}, /^is required$/],
    ['undefined', { displayName: undefined }, /^is required$/],
    ['inherited (daily-js checks it, then drops it from its copy)', Object.create({ displayName: NAME }), /^is required$/],
    ['not enumerable', Object.defineProperty({}, 'displayName', { value: NAME }), /^is required$/],
    ['null', { displayName: null }, /^must be a string, got null$/],
    ['a number', { displayName: 42 }, /^must be a string, got a number$/],
    ['a boolean', { displayName: true }, /^must be a string, got a boolean$/],
    ['an array', { displayName: [NAME] }, /^must be a string, got an array$/],
    ['a boxed String', { displayName: Object(NAME) }, /^must be a string, got a String object$/],
    ['empty', { displayName: '' }, /^must not be empty$/],
    ['200 characters', { displayName: 'x'.repeat(200) }, /^must be shorter than 200 characters, got 200$/],
  ])('refuses %s', (_name, options, message) => {
    expectOnlyIssue(options, 'displayName', message);
  });

  it('refuses a 1 MB displayName quickly, by its length only', () => {
    const started = performance.now();
    const issues = validateStartDialInOptions({ displayName: 'n'.repeat(1_000_000) });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(issues).toEqual([{ path: 'displayName', message: 'must be shorter than 200 characters, got 1000000' }]);
  });

  it('asks for displayName next to its lowercase typo', () => {
    expect(validateStartDialInOptions({ displayname: NAME })).toEqual([
      { path: 'displayname', message: expect.stringMatching(KEYS) },
      { path: 'displayName', message: 'is required' },
    ]);
  });
});

describe('validateStartDialInOptions: userId, video, provider', () => {
  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['userId of 37 characters', { userId: 'u'.repeat(37) }, 'userId', /^must be at most 36 characters, got 37$/],
    ['userId as a number', { userId: 7 }, 'userId', /^must be a string, got a number$/],
    ['userId null', { userId: null }, 'userId', /^must be a string, got null$/],
    ['userId as an array', { userId: ['u'] }, 'userId', /^must be a string, got an array$/],
    ['video as a string', { video: 'true' }, 'video', /^must be a boolean, got a string$/],
    ['video 1', { video: 1 }, 'video', /^must be a boolean, got the number 1$/],
    ['video 0', { video: 0 }, 'video', /^must be a boolean, got the number 0$/],
    ['video null', { video: null }, 'video', /^must be a boolean, got null$/],
    ['provider empty (daily-js sends signalwire)', { provider: '' }, 'provider', /^must be 'daily' or 'signalwire', got an empty string$/],
    ['provider null (daily-js sends signalwire)', { provider: null }, 'provider', /^must be 'daily' or 'signalwire', got null$/],
    ['provider false (daily-js sends signalwire)', { provider: false }, 'provider', /got the boolean false$/],
    ['provider 0 (daily-js sends signalwire)', { provider: 0 }, 'provider', /got the number 0$/],
    ['provider Daily', { provider: 'Daily' }, 'provider', /^must be 'daily' or 'signalwire', got a string$/],
    ['provider twilio', { provider: 'twilio' }, 'provider', /got a string$/],
    ['provider as an array', { provider: ['daily'] }, 'provider', /got an array$/],
  ])('refuses %s', (_name, options, path, message) => {
    expectOnlyIssue({ displayName: NAME, ...options }, path, message);
  });
});

describe('validateStartDialInOptions: sipEndpoint', () => {
  it.each<[string, unknown, RegExp]>([
    ['empty', '', /^must start with 'sip:' \(not SIP: or sips:\)$/],
    ['not a URI', 'front desk', /^must start with 'sip:'/],
    ['uppercase SIP:', 'SIP:room@sip.daily.co', /^must start with 'sip:'/],
    ['sips:', 'sips:room@sip.daily.co', /^must start with 'sip:'/],
    ['tel:', 'tel:+12268077097', /^must start with 'sip:'/],
    ['sip: alone', 'sip:', /^has an empty host$/],
    ['a space', 'sip:front desk@sip.daily.co', /^must be printable ASCII without spaces$/],
    ['an empty user', 'sip:@sip.daily.co', /^has an empty user$/],
    ['port 0', 'sip:room@sip.daily.co:0', /^has a port that is not 1 to 65535$/],
    ['port 70000', 'sip:room@sip.daily.co:70000', /^has a port that is not 1 to 65535$/],
    ['a non-X- header', 'sip:room@sip.daily.co?Subject=hi', /^may only carry X- headers \(header 1\)$/],
    ['a non-ASCII host', 'sip:room@sïp.daily.co', /^must be printable ASCII without spaces$/],
    ['1 MB', `sip:${'a'.repeat(1_000_000)}@sip.daily.co`, /^must be at most 2048 characters, got 1000017$/],
    ['a number', 5060, /^must be a string, got a number$/],
    ['null', null, /^must be a string, got null$/],
    ['an object', { uri: ENDPOINT }, /^must be a string, got an object$/],
  ])('refuses %s', (_name, sipEndpoint, message) => {
    expectOnlyIssue({ displayName: NAME, sipEndpoint }, 'sipEndpoint', message);
  });

  it("applies startDialOut's sipUri rules, with the same messages", () => {
    const uris = ['sip:bob@example.com:70000', 'sip:bob@example.com?X-a', 'sip:a@b;=x', 'sip:bob@example.com?', 'sip:b@256.1.1.1', 'sip:a:b c@x', 'x'];
    for (const uri of uris) {
      const start = validateStartDialOutOptions({ sipUri: uri });
      expect(start.length, uri).toBeGreaterThan(0);
      expect(validateStartDialInOptions({ displayName: NAME, sipEndpoint: uri }), uri).toEqual(start.map((issue) => ({ ...issue, path: 'sipEndpoint' })));
    }
  });
});

describe('validateStartDialInOptions: codecs and permissions, as for startDialOut', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['codecs as an array (daily-js takes it)', [], 'codecs', /^must be an object, got an array$/],
    ['codecs null', null, 'codecs', /^must be an object, got null$/],
    ['codecs as a string', 'OPUS', 'codecs', /^must be an object, got a string$/],
    ['an unknown codec kind', { data: ['T140'] }, 'codecs.data', /^is not one of audio, video$/],
    ['audio not an array', { audio: 'OPUS' }, 'codecs.audio', /^must be an array of OPUS, PCMU, PCMA, G722, got a string$/],
    ['audio empty', { audio: [] }, 'codecs.audio', /^must have 1 to 4 entries, got 0$/],
    ['a lowercase audio codec', { audio: ['opus'] }, 'codecs.audio[0]', /^must be one of OPUS, PCMU, PCMA, G722 \(uppercase\), got a string$/],
    ['an unknown audio codec', { audio: ['OPUS', 'AAC'] }, 'codecs.audio[1]', /^must be one of OPUS, PCMU, PCMA, G722, got a string$/],
    ['a repeated audio codec', { audio: ['PCMU', 'OPUS', 'PCMU'] }, 'codecs.audio[2]', /^repeats codecs\.audio\[0\]$/],
    ['five audio codecs', { audio: ['OPUS', 'PCMU', 'PCMA', 'G722', 'OPUS'] }, 'codecs.audio', /^must have 1 to 4 entries, got 5$/],
    ['VP9', { video: ['VP9'] }, 'codecs.video[0]', /^must be one of H264, VP8, got a string$/],
    ['a repeated video codec', { video: ['H264', 'H264'] }, 'codecs.video[1]', /^repeats codecs\.video\[0\]$/],
  ])('refuses %s', (_name, codecs, path, message) => {
    expectOnlyIssue({ displayName: NAME, codecs }, path, message);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['permissions as an array (daily-js takes it)', [], 'permissions', /^must be an object, got an array$/],
    ['permissions null', null, 'permissions', /^must be an object, got null$/],
    ['permissions true', true, 'permissions', /^must be an object, got the boolean true$/],
    ['no canReceive', {}, 'permissions.canReceive', /^is required$/],
    ['canSend', { canSend: true, canReceive: { base: true } }, 'permissions.canSend', /^is not one of canReceive$/],
    ['canReceive as a string', { canReceive: 'all' }, 'permissions.canReceive', /^must be an object, got a string$/],
    ['canReceive.byRole', { canReceive: { byRole: {} } }, 'permissions.canReceive.byRole', /^is not one of base, byUserId, byParticipantId$/],
    ['base as a string', { canReceive: { base: 'yes' } }, 'permissions.canReceive.base', /^must be a boolean or an object, got a string$/],
    ['customVideo without *', { canReceive: { base: { ...FULL_BASE, customVideo: {} } } }, 'permissions.canReceive.base.customVideo', /'\*' entry/],
    ['a string permission', { canReceive: { byUserId: { alice: 'yes' } } }, 'permissions.canReceive.byUserId.alice', /^must be a boolean or an object, got a string$/],
  ])('refuses %s', (_name, permissions, path, message) => {
    expectOnlyIssue({ displayName: NAME, permissions }, path, message);
  });

  it('a base object must list all six media types', () => {
    expect(validateStartDialInOptions({ displayName: NAME, permissions: { canReceive: { base: { video: true } } } })).toEqual(
      ['audio', 'screenVideo', 'screenAudio', 'customVideo', 'customAudio'].map((key) => ({ path: `permissions.canReceive.base.${key}`, message: 'is required' })),
    );
  });

  it("gives exactly startDialOut's issues for the same values", () => {
    const values: Record<string, unknown[]> = {
      codecs: [
        {}, [], null, 5, { audio: ['OPUS'] }, { audio: ['opus', 'G729', null, 'OPUS', 'OPUS'] }, { video: [] }, { video: 'VP8' },
        { audio: ['G722'], video: ['VP8', 'VP8'] }, { audio: undefined, x: 1 }, JSON.parse('{"__proto__":["OPUS"]}'),
      ],
      permissions: [
        {}, [], null, 'all', { canReceive: {} }, { canReceive: { base: true } }, { canReceive: { base: { video: 1 } } },
        { canReceive: { byUserId: { alice: { camera: true } }, byParticipantId: null } },
        JSON.parse('{"canReceive":{"byUserId":{"__proto__":true}}}'), { canReceive: undefined, other: 1 },
      ],
    };
    for (const [key, list] of Object.entries(values)) {
      for (const value of list) {
        expect(validateStartDialInOptions({ displayName: NAME, [key]: value }), `${key}: ${JSON.stringify(value)}`).toEqual(dialOutIssues(key, value));
      }
    }
  });
});

describe('validateStartDialInOptions: collecting issues', () => {
  it("lists every broken rule, unknown keys first, then in daily-js's order of checks", () => {
    expect(validateStartDialInOptions({
      provider: '',
      permissions: {},
      codecs: { audio: ['opus'] },
      sipEndpoint: 'desk',
      video: 'yes',
      userId: 'u'.repeat(40),
      displayName: '',
      sipMode: 'dial-out',
      sipUri: ENDPOINT,
    })).toEqual([
      { path: 'sipMode', message: expect.stringMatching(RESERVED) },
      { path: 'sipUri', message: expect.stringMatching(KEYS) },
      { path: 'displayName', message: 'must not be empty' },
      { path: 'userId', message: 'must be at most 36 characters, got 40' },
      { path: 'video', message: 'must be a boolean, got a string' },
      { path: 'sipEndpoint', message: "must start with 'sip:' (not SIP: or sips:)" },
      { path: 'codecs.audio[0]', message: 'must be one of OPUS, PCMU, PCMA, G722 (uppercase), got a string' },
      { path: 'permissions.canReceive', message: 'is required' },
      { path: 'provider', message: "must be 'daily' or 'signalwire', got an empty string" },
    ]);
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything(), fc.dictionary(fc.constantFrom('displayName', 'userId', 'video', 'sipEndpoint', 'codecs', 'permissions', 'provider', 'x'), fc.anything()), (any, options) => {
        expect(Array.isArray(validateStartDialInOptions(any))).toBe(true);
        expect(Array.isArray(validateStartDialInOptions(options))).toBe(true);
      }),
      { numRuns: 300, seed: 12 },
    );
  });
});

describe('parseStartDialInOptions', () => {
  it('returns a fresh frozen object with only the given known keys, in a fixed order', () => {
    const input = {
      provider: 'daily',
      permissions: { canReceive: { base: true } },
      codecs: { audio: ['OPUS'] },
      sipEndpoint: ENDPOINT,
      video: false,
      userId: 'u-1',
      displayName: NAME,
      sipUri: undefined,
    };
    const parsed = parseStartDialInOptions(input);
    expect(parsed).toEqual({ displayName: NAME, userId: 'u-1', video: false, sipEndpoint: ENDPOINT, codecs: { audio: ['OPUS'] }, permissions: { canReceive: { base: true } }, provider: 'daily' });
    expect(Object.keys(parsed)).toEqual(['displayName', 'userId', 'video', 'sipEndpoint', 'codecs', 'permissions', 'provider']);
    expect(parsed).not.toBe(input);
    expect(Object.isFrozen(parsed)).toBe(true);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parsed.codecs).not.toBe(input.codecs);
    expect(Object.isFrozen(parsed.codecs)).toBe(true);
    expect(Object.isFrozen(parsed.codecs?.audio)).toBe(true);
    expect(Object.isFrozen(parsed.permissions?.canReceive)).toBe(true);
  });

  it('adds no default provider (daily-js adds signalwire on its own copy)', () => {
    expect(parseStartDialInOptions({ displayName: NAME })).toEqual({ displayName: NAME });
  });

  it('is not changed by later changes to the input, nested ones included', () => {
    const audio = ['OPUS'];
    const input: Record<string, unknown> = { displayName: NAME, codecs: { audio } };
    const parsed = parseStartDialInOptions(input);
    input.displayName = 'Someone else';
    input.provider = 'twilio';
    audio.push('G729');
    expect(parsed).toEqual({ displayName: NAME, codecs: { audio: ['OPUS'] } });
  });

  it('reads each value once: a getter that changes its answer cannot slip a value past the checks', () => {
    let reads = 0;
    let audioReads = 0;
    const input = {
      get displayName() {
        reads += 1;
        return reads == 1 ? NAME : '';
      },
      codecs: {
        get audio() {
          audioReads += 1;
          return audioReads == 1 ? ['OPUS'] : ['opus'];
        },
      },
    };
    expect(parseStartDialInOptions(input)).toEqual({ displayName: NAME, codecs: { audio: ['OPUS'] } });
    expect([reads, audioReads]).toEqual([1, 1]);
  });

  it('copies a class instance or null-prototype object into a plain object', () => {
    const parsed = parseStartDialInOptions(new (class { displayName = NAME })());
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parsed).toEqual({ displayName: NAME });
    expect(parseStartDialInOptions(Object.assign(Object.create(null), { displayName: NAME }))).toEqual({ displayName: NAME });
  });

  it("is typed as daily-js's DailyStartDialinOptions", () => {
    const options: DailyStartDialinOptions = parseStartDialInOptions({ displayName: NAME, provider: 'signalwire' });
    expect(options.provider).toBe('signalwire');
  });

  it('throws DialOutValidationError naming the path and the rule', () => {
    const error = thrown(() => parseStartDialInOptions({ displayName: NAME, userId: 'u'.repeat(37), provider: 'Daily' }));
    expect(error.issues).toEqual(validateStartDialInOptions({ displayName: NAME, userId: 'u'.repeat(37), provider: 'Daily' }));
    expect(error.message).toBe("Invalid startDialIn options: userId: must be at most 36 characters, got 37; provider: must be 'daily' or 'signalwire', got a string");
    expect(thrown(() => parseStartDialInOptions(undefined)).message).toBe('Invalid startDialIn options: must be a plain object, got nothing');
    expect(thrown(() => parseStartDialInOptions({})).message).toBe('Invalid startDialIn options: displayName: is required');
  });

  it.each([[undefined], [null], [{}], [{ displayName: '' }], [{ displayName: NAME, sipEndpoint: 'desk' }], [{ displayName: NAME, action: 'x' }]])('throws for %j', (options) => {
    expect(() => parseStartDialInOptions(options)).toThrow(DialOutValidationError);
  });
});

// Strings are never shown; numbers and booleans are, outside the string options (as for startDialOut: `got the number 61`).
describe('startDialIn messages never contain a string value', () => {
  const digits = fc.stringMatching(/^[1-9][0-9]{9,13}$/);
  const word = fc.stringMatching(/^zq[a-z]{6}$/);
  const around = (secret: string): fc.Arbitrary<unknown> =>
    fc.constantFrom<unknown>(
      secret,
      Number(secret) || secret.length,
      '',
      `+${secret}`,
      [secret],
      { value: secret },
      { [secret]: true },
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

  const STRING_OPTIONS = ['displayName', 'userId', 'sipEndpoint'];

  for (const field of ['displayName', 'userId', 'sipEndpoint', 'provider', 'video', 'codecs.audio'] as const) {
    it(`of ${field}`, () => {
      fc.assert(
        fc.property(fc.oneof(digits, word).chain((secret) => around(secret).map((value) => ({ secret, value }))), ({ secret, value }) => {
          fc.pre(STRING_OPTIONS.includes(field) || typeof value != 'number');
          const options: Record<string, unknown> =
            field == 'codecs.audio' ? { displayName: NAME, codecs: { audio: [value] } } : { displayName: NAME, [field]: value };
          expect(leaks(JSON.stringify(validateStartDialInOptions(options)), secret)).toBe(false);
          let message = '';
          try {
            parseStartDialInOptions(options);
          } catch (error) {
            message = (error as Error).message;
          }
          expect(leaks(message, secret)).toBe(false);
        }),
        { numRuns: 200, seed: 12 },
      );
    });
  }
});
