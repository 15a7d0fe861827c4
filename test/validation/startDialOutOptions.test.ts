import { describe, it, expect } from 'vitest';
import { DialOutValidationError, type DialOutValidationIssue } from '../../src/errors.js';
import {
  parseStartDialOutOptions,
  validateStartDialOutOptions,
} from '../../src/validation/startDialOutOptions.js';

const SIP = 'sip:bob@example.com';
const PHONE = '+12268077097';

/** The Daily docs' SIP video example. */
const DOCS_SIP_VIDEO = {
  sipUri: 'sip:boardroom@example.com',
  video: true,
  displayName: 'Board Room',
  codecs: { video: ['H264'], audio: ['OPUS'] },
  videoSettings: { width: 1280, height: 720, fps: 15, videoBitrate: 900 },
};
/** The Daily docs' PSTN-with-extension example. */
const DOCS_PSTN_EXTENSION = {
  phoneNumber: '+12268077097',
  displayName: 'Support Line',
  extension: '1234',
  waitBeforeExtensionDialSec: 4,
};
const FULL_BASE = {
  video: true,
  audio: true,
  screenVideo: false,
  screenAudio: false,
  customVideo: { '*': false, whiteboard: true },
  customAudio: { '*': true },
};

function issuesOf(options: unknown): DialOutValidationIssue[] {
  return validateStartDialOutOptions(options);
}

/** Asserts exactly one issue, at `path`, whose message matches `message`. */
function expectOnlyIssue(options: unknown, path: string, message: RegExp): void {
  const issues = issuesOf(options);
  expect(issues).toEqual([{ path, message: expect.stringMatching(message) }]);
}

describe('validateStartDialOutOptions: valid options', () => {
  it.each<[string, Record<string, unknown>]>([
    ['docs: plain SIP call', { sipUri: 'sip:bob@example.com' }],
    ['docs: SIP video call', DOCS_SIP_VIDEO],
    ['docs: PSTN call with extension', DOCS_PSTN_EXTENSION],
    ['minimal phone call', { phoneNumber: PHONE }],
    ['SIP with every SIP option', {
      sipUri: 'sip:bob@example.com:5060;transport=tls?X-myHeader=value',
      displayName: 'Bob',
      userId: 'u'.repeat(36),
      video: true,
      videoSettings: { width: 1, height: 1, fps: 1, videoBitrate: 1 },
      codecs: { audio: ['OPUS', 'PCMU', 'PCMA', 'G722'], video: ['VP8', 'H264'] },
      provider: 'daily',
      permissions: { canReceive: { base: FULL_BASE } },
    }],
    ['phone with every PSTN option', {
      phoneNumber: PHONE,
      displayName: 'd'.repeat(199),
      userId: 'alice',
      callerId: 'c'.repeat(255),
      extension: '1'.repeat(20),
      waitBeforeExtensionDialSec: 60,
      codecs: { audio: ['PCMU', 'PCMA'] },
      permissions: { canReceive: { base: false, byUserId: { alice: true } } },
    }],
    ['provider signalwire', { sipUri: SIP, provider: 'signalwire' }],
    ['video false without videoSettings', { sipUri: SIP, video: false }],
    ['empty videoSettings with video', { sipUri: SIP, video: true, videoSettings: {} }],
    ['maximum videoSettings', { sipUri: SIP, video: true, videoSettings: { width: 1280, height: 720, fps: 30, videoBitrate: 1000 } }],
    ['waitBeforeExtensionDialSec 0', { phoneNumber: PHONE, extension: '9', waitBeforeExtensionDialSec: 0 }],
    ['empty displayName and userId', { phoneNumber: PHONE, displayName: '', userId: '' }],
    ['undefined keys are absent', { sipUri: SIP, phoneNumber: undefined, video: undefined, callerId: undefined, bogus: undefined }],
    ['null-prototype object', Object.assign(Object.create(null) as Record<string, unknown>, { sipUri: SIP })],
    ['inherited keys are ignored', Object.assign(Object.create({ sipUri: SIP, bogus: 1 }) as Record<string, unknown>, { phoneNumber: PHONE })],
    ['empty codecs object', { phoneNumber: PHONE, codecs: {} }],
    ['undefined codec lists are absent', { phoneNumber: PHONE, codecs: { audio: undefined, video: undefined } }],
    ['permissions with empty canReceive', { phoneNumber: PHONE, permissions: { canReceive: {} } }],
    ['permissions with partial byUserId / byParticipantId', {
      sipUri: SIP,
      permissions: {
        canReceive: {
          base: true,
          byUserId: { alice: { video: false }, bob: false, 'carol.smith@example.com': { customAudio: { mic2: true } } },
          byParticipantId: { 'a1b2-c3': { customVideo: {} }, other: {} },
        },
      },
    }],
  ])('accepts %s', (_name, options) => {
    expect(issuesOf(options)).toEqual([]);
  });
});

describe('validateStartDialOutOptions: the options object', () => {
  it.each<[string, unknown, RegExp]>([
    ['undefined', undefined, /plain object, got nothing/],
    ['null', null, /plain object, got null/],
    ['an array', [{ sipUri: SIP }], /plain object, got an array/],
    ['a string', SIP, /plain object, got a string/],
    ['a number', 42, /plain object, got a number$/],
    ['a boolean', true, /plain object, got a boolean$/],
    ['a function', Object.assign(() => undefined, { sipUri: SIP }), /plain object, got a function/],
    ['a Date', new Date(0), /plain object, got a Date object/],
    ['a Map', new Map([['sipUri', SIP]]), /plain object, got a Map object/],
    ['a bigint', 1n, /plain object, got a bigint/],
  ])('rejects %s with a single issue at the root', (_name, options, message) => {
    expectOnlyIssue(options, '', message);
  });

  it.each([
    ['__proto__ (from JSON.parse)', JSON.parse(`{"sipUri":"${SIP}","__proto__":{"video":true}}`) as unknown, '__proto__'],
    ['constructor', { sipUri: SIP, constructor: {} }, 'constructor'],
    ['prototype', { sipUri: SIP, prototype: {} }, 'prototype'],
    ['a typo', { sipUri: SIP, displayname: 'Bob' }, 'displayname'],
    ['a daily-js internal', { sipUri: SIP, action: 'dialout-start' }, 'action'],
    ['a startDialIn option', { sipUri: SIP, sipEndpoint: 'x' }, 'sipEndpoint'],
  ])('rejects the unknown key %s', (_name, options, key) => {
    expectOnlyIssue(options, key, /^is not one of sipUri, phoneNumber, displayName, .*, permissions$/);
  });

  it('does not see a __proto__ key written as a literal (it sets the prototype)', () => {
    expect(issuesOf({ sipUri: SIP, __proto__: { phoneNumber: PHONE } })).toEqual([]);
  });

  it('ignores inherited values: Object.create({ sipUri }) has no sipUri', () => {
    expectOnlyIssue(Object.create({ sipUri: SIP }), 'sipUri', /either sipUri or phoneNumber is required/);
  });

  it('ignores non-enumerable own properties', () => {
    const options = Object.defineProperty({}, 'sipUri', { value: SIP, enumerable: false });
    expectOnlyIssue(options, 'sipUri', /either sipUri or phoneNumber is required/);
  });

  it('ignores symbol keys', () => {
    expect(issuesOf({ sipUri: SIP, [Symbol('x')]: 1 })).toEqual([]);
  });
});

describe('validateStartDialOutOptions: sipUri xor phoneNumber', () => {
  it('requires one of them (issue at sipUri)', () => {
    expectOnlyIssue({}, 'sipUri', /either sipUri or phoneNumber is required/);
    expectOnlyIssue({ displayName: 'x' }, 'sipUri', /either sipUri or phoneNumber is required/);
  });

  it('treats undefined as absent', () => {
    expectOnlyIssue({ sipUri: undefined, phoneNumber: undefined }, 'sipUri', /either sipUri or phoneNumber is required/);
  });

  it('rejects both (issue at phoneNumber)', () => {
    expectOnlyIssue({ sipUri: SIP, phoneNumber: PHONE }, 'phoneNumber', /^is not allowed with sipUri$/);
  });

  it('treats null as a value (a type error), not as absent', () => {
    expect(issuesOf({ sipUri: null, phoneNumber: PHONE })).toEqual([
      { path: 'phoneNumber', message: 'is not allowed with sipUri' },
      { path: 'sipUri', message: 'must be a string, got null' },
    ]);
  });

  it('treats an empty string as given (daily-js treats it as absent)', () => {
    expect(issuesOf({ sipUri: '', phoneNumber: PHONE })).toEqual([
      { path: 'phoneNumber', message: 'is not allowed with sipUri' },
      { path: 'sipUri', message: expect.stringMatching(/must start with 'sip:'/) },
    ]);
  });
});

describe('validateStartDialOutOptions: sipUri', () => {
  it.each([
    'sip:bob@example.com',
    'sip:example.com',
    'sip:localhost',
    'sip:bob@example.com.',
    'sip:bob@example.com:5060',
    'sip:bob:secret@example.com;transport=tls',
    'sip:bob@192.0.2.4',
    'sip:bob@[2001:db8::1]',
    'sip:bob@[2001:db8::1]:5061',
    'sip:bob@example.com;lr;maddr=192.0.2.1',
    'sip:%2B15555550100@example.com;user=phone',
    'sip:+15555550100;isub=1@example.com',
    'sip:bob@example.com?X-myHeader=value',
    'sip:bob@example.com?x-lower=1&X-Two=%20two',
    `sip:bob@example.com?X-long=${'v'.repeat(2048 - 'sip:bob@example.com?X-long='.length)}`,
  ])('accepts %s', (sipUri) => {
    expect(issuesOf({ sipUri })).toEqual([]);
  });

  it.each<[string, unknown, RegExp]>([
    ['a number', 5, /must be a string, got a number$/],
    ['an object', { uri: SIP }, /must be a string, got an object/],
    ['an array', [SIP], /must be a string, got an array/],
    ['a boolean', true, /must be a string, got a boolean$/],
    ['sips:', 'sips:bob@example.com', /must start with 'sip:'.*sips/],
    ['uppercase SIP:', 'SIP:bob@example.com', /must start with 'sip:' \(not SIP:/],
    ['no scheme', 'bob@example.com', /must start with 'sip:'/],
    ['a tel: URI', 'tel:+15555550100', /must start with 'sip:'/],
    ['a fullwidth look-alike scheme', '\uFF53ip:bob@example.com', /must start with 'sip:'/],
    ['a leading space', ' sip:bob@example.com', /must start with 'sip:'/],
    ['nothing after sip:', 'sip:', /^has an empty host$/],
    ['an empty host', 'sip:bob@', /^has an empty host$/],
    ['an empty host before a port', 'sip:bob@:5060', /^has an empty host$/],
    ['an empty user', 'sip:@example.com', /^has an empty user$/],
    ['whitespace', 'sip:bob smith@example.com', /^must be printable ASCII without spaces$/],
    ['a trailing newline', 'sip:bob@example.com\n', /printable ASCII without spaces/],
    ['a NUL character', 'sip:bob@example.com\u0000', /printable ASCII without spaces/],
    ['non-ASCII characters', 'sip:b\u00F8b@example.com', /printable ASCII/],
    ['a Cyrillic look-alike host', 'sip:bob@\u0435xample.com', /printable ASCII/],
    ['more than 2048 characters', `sip:bob@example.com?X-long=${'v'.repeat(2048)}`, /at most 2048 characters/],
    ['a bad host', 'sip:bob@-bad-.example.com', /^has a host that is not a hostname, IPv4 or \[IPv6\] address$/],
    ['an underscore host', 'sip:bob@my_host.com', /not a hostname/],
    ['a numeric top label', 'sip:bob@example.123', /not a hostname/],
    ['a bad IPv4 address', 'sip:bob@192.0.2.256', /not a hostname, IPv4/],
    ['an unclosed IPv6 reference', 'sip:bob@[2001:db8::1', /not a hostname, IPv4 or \[IPv6\]/],
    ['a non-numeric port', 'sip:bob@example.com:abc', /^has a port that is not 1 to 65535$/],
    ['a port too large', 'sip:bob@example.com:65536', /port/],
    ['port 0', 'sip:bob@example.com:0', /port/],
    ['an empty port', 'sip:bob@example.com:', /port/],
    ['a forbidden user character', 'sip:bo"b@example.com', /^has a user with characters RFC 3261 does not allow$/],
    ['a forbidden password character', 'sip:bob:se@cret@example.com', /^has a password with characters RFC 3261 does not allow$/],
    ['an empty URI parameter', 'sip:bob@example.com;', /^has a malformed parameter 1$/],
    ['a malformed URI parameter', 'sip:bob@example.com;lr;a=b=c', /^has a malformed parameter 2$/],
    ['a non-X- header', 'sip:bob@example.com?Subject=hello', /^may only carry X- headers \(header 1\)$/],
    ['a header without value', 'sip:bob@example.com?X-myHeader', /^has a header without a value \(header 1\)$/],
    ['a header with an empty value', 'sip:bob@example.com?X-myHeader=', /without a value/],
    ['an empty query', 'sip:bob@example.com?', /empty query/],
    ['a trailing &', 'sip:bob@example.com?X-a=1&', /only carry X- headers/],
    ['a bad header name', 'sip:bob@example.com?X-a"b=1', /^has a header name with characters RFC 3261 does not allow \(header 1\)$/],
    ['a bad header value', 'sip:bob@example.com?X-ok=1&X-a=<b>', /^has a header value with characters RFC 3261 does not allow \(header 2\)$/],
  ])('rejects %s', (_name, sipUri, message) => {
    const issues = issuesOf({ sipUri });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.path === 'sipUri')).toBe(true);
    expect(issues.map((i) => i.message)).toContainEqual(expect.stringMatching(message));
  });

  it('reports every problem of one URI', () => {
    expect(issuesOf({ sipUri: 'sip:@bad_host:99999?Subject=x&X-ok=1&X-empty' })).toEqual([
      { path: 'sipUri', message: 'has an empty user' },
      { path: 'sipUri', message: 'has a host that is not a hostname, IPv4 or [IPv6] address' },
      { path: 'sipUri', message: 'has a port that is not 1 to 65535' },
      { path: 'sipUri', message: 'may only carry X- headers (header 1)' },
      { path: 'sipUri', message: 'has a header without a value (header 3)' },
    ]);
  });

  it('does not echo a huge value into the message', () => {
    const host = `${'h'.repeat(2000)}_`;
    const [issue] = issuesOf({ sipUri: `sip:bob@${host}` });
    expect(issue?.message.length).toBeLessThan(200);
  });
});

describe('validateStartDialOutOptions: phoneNumber (E.164)', () => {
  it.each(['+12', '+12268077097', '+442071838750', '+123456789012345'])('accepts %s', (phoneNumber) => {
    expect(issuesOf({ phoneNumber })).toEqual([]);
  });

  it.each<[string, string]>([
    ['no plus', '12268077097'],
    ['leading zero', '+012268077097'],
    ['a single digit', '+1'],
    ['16 digits', '+1234567890123456'],
    ['spaces', '+1 226 807 7097'],
    ['dashes', '+1-226-807-7097'],
    ['letters', '+1226807709A'],
    ['empty', ''],
    ['only a plus', '+'],
    ['a trailing newline', `${PHONE}\n`],
    ['a double plus', `+${PHONE}`],
  ])('rejects %s', (_name, phoneNumber) => {
    expectOnlyIssue({ phoneNumber }, 'phoneNumber', /must be an E\.164 phone number/);
  });

  it.each<[string, string]>([
    ['a fullwidth plus', '\uFF0B15555550100'],
    ['Arabic-Indic digits', '+\u0661\u0662\u0662\u0666\u0668\u0660\u0667\u0667\u0660\u0669\u0667'],
    ['fullwidth digits', '+\uFF11\uFF12\uFF12\uFF16'],
    ['a superscript digit', '+1555555010\u00B9'],
  ])('rejects Unicode look-alikes: %s', (_name, phoneNumber) => {
    expectOnlyIssue({ phoneNumber }, 'phoneNumber', /^must be an E\.164 phone number: .* \(ASCII only\)$/);
  });

  it.each<[string, unknown]>([
    ['a number', 12268077097],
    ['null', null],
    ['an array', [PHONE]],
    ['an object', { e164: PHONE }],
  ])('rejects %s', (_name, phoneNumber) => {
    expectOnlyIssue({ phoneNumber }, 'phoneNumber', /must be a string/);
  });

  it('says "got a number" for a phone number given as a number, never the number', () => {
    expect(issuesOf({ phoneNumber: 15555550100 })).toEqual([{ path: 'phoneNumber', message: 'must be a string, got a number' }]);
  });

  it('handles a huge string', () => {
    expectOnlyIssue({ phoneNumber: `+${'1'.repeat(100_000)}` }, 'phoneNumber', /E\.164/);
  });
});

describe('validateStartDialOutOptions: callerId', () => {
  it('is only allowed with phoneNumber', () => {
    expectOnlyIssue({ sipUri: SIP, callerId: '+15555550100' }, 'callerId', /only allowed with phoneNumber/);
  });

  it.each<[string, unknown, RegExp]>([
    ['empty', '', /^must be 1 to 255 characters, got 0$/],
    ['too long', 'c'.repeat(256), /^must be 1 to 255 characters, got 256$/],
    ['a number', 15555550100, /must be a string/],
    ['null', null, /must be a string, got null/],
  ])('rejects %s', (_name, callerId, message) => {
    expectOnlyIssue({ phoneNumber: PHONE, callerId }, 'callerId', message);
  });

  it('accepts a caller id with a phone number', () => {
    expect(issuesOf({ phoneNumber: PHONE, callerId: '8f6b9a2e-7d0c-4d7b-9a43-2b1f7d9e3c11' })).toEqual([]);
  });
});

describe('validateStartDialOutOptions: displayName', () => {
  it.each<[string, unknown, RegExp]>([
    ['200 characters', 'd'.repeat(200), /shorter than 200 characters, got 200/],
    ['a huge string', 'a'.repeat(100_000), /shorter than 200 characters, got 100000/],
    ['a number', 42, /must be a string, got a number$/],
    ['null', null, /must be a string, got null/],
    ['an object', { name: 'Bob' }, /must be a string, got an object/],
    ['false', false, /must be a string, got a boolean$/],
  ])('rejects %s', (_name, displayName, message) => {
    expectOnlyIssue({ sipUri: SIP, displayName }, 'displayName', message);
  });

  it('accepts 199 characters', () => {
    expect(issuesOf({ sipUri: SIP, displayName: 'd'.repeat(199) })).toEqual([]);
  });
});

describe('validateStartDialOutOptions: userId', () => {
  it.each<[string, unknown, RegExp]>([
    ['37 characters', 'u'.repeat(37), /^must be at most 36 characters, got 37$/],
    ['a number', 7, /must be a string/],
    ['an array', ['alice'], /must be a string, got an array/],
  ])('rejects %s', (_name, userId, message) => {
    expectOnlyIssue({ phoneNumber: PHONE, userId }, 'userId', message);
  });

  it('accepts 36 characters (a UUID)', () => {
    expect(issuesOf({ phoneNumber: PHONE, userId: '8f6b9a2e-7d0c-4d7b-9a43-2b1f7d9e3c11' })).toEqual([]);
  });
});

describe('validateStartDialOutOptions: extension', () => {
  it('is only allowed with phoneNumber', () => {
    expectOnlyIssue({ sipUri: SIP, extension: '1234' }, 'extension', /only allowed with phoneNumber/);
  });

  it.each<[string, unknown, RegExp]>([
    ['empty', '', /^must be 1 to 20 characters, got 0$/],
    ['21 characters', '1'.repeat(21), /^must be 1 to 20 characters, got 21$/],
    ['a number', 1234, /must be a string, got a number$/],
    ['null', null, /must be a string, got null/],
  ])('rejects %s', (_name, extension, message) => {
    expectOnlyIssue({ phoneNumber: PHONE, extension }, 'extension', message);
  });

  it('accepts 20 characters', () => {
    expect(issuesOf({ phoneNumber: PHONE, extension: '1'.repeat(20) })).toEqual([]);
  });
});

describe('validateStartDialOutOptions: waitBeforeExtensionDialSec', () => {
  it.each<[string, unknown]>([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['a fraction', 1.5],
    ['a negative number', -1],
    ['61', 61],
    ['a numeric string', '5'],
    ['a boolean', true],
    ['null', null],
    ['a bigint', 5n],
    ['an array', [5]],
  ])('rejects %s', (_name, waitBeforeExtensionDialSec) => {
    expectOnlyIssue(
      { phoneNumber: PHONE, extension: '1', waitBeforeExtensionDialSec },
      'waitBeforeExtensionDialSec',
      /^must be an integer from 0 to 60, got /,
    );
  });

  it('requires extension', () => {
    expectOnlyIssue({ phoneNumber: PHONE, waitBeforeExtensionDialSec: 4 }, 'waitBeforeExtensionDialSec', /^requires extension$/);
  });

  it('is only allowed with phoneNumber', () => {
    expect(issuesOf({ sipUri: SIP, waitBeforeExtensionDialSec: 4 })).toEqual([
      { path: 'waitBeforeExtensionDialSec', message: expect.stringMatching(/only allowed with phoneNumber/) },
    ]);
  });

  it.each([0, 4, 60])('accepts %d', (waitBeforeExtensionDialSec) => {
    expect(issuesOf({ phoneNumber: PHONE, extension: '1', waitBeforeExtensionDialSec })).toEqual([]);
  });
});

describe('validateStartDialOutOptions: video', () => {
  it.each<[string, unknown, RegExp]>([
    ['a string', 'true', /must be a boolean, got a string/],
    ['a number', 1, /must be a boolean, got the number 1/],
    ['zero (daily-js lets falsy values through)', 0, /must be a boolean/],
    ['null', null, /must be a boolean, got null/],
  ])('rejects %s', (_name, video, message) => {
    expectOnlyIssue({ sipUri: SIP, video }, 'video', message);
  });

  it.each([true, false])('is only allowed with sipUri (even %s)', (video) => {
    expectOnlyIssue({ phoneNumber: PHONE, video }, 'video', /only allowed with sipUri/);
  });
});

describe('validateStartDialOutOptions: videoSettings', () => {
  const sipVideo = (videoSettings: unknown): Record<string, unknown> => ({ sipUri: SIP, video: true, videoSettings });

  it('is only allowed with sipUri', () => {
    expectOnlyIssue({ phoneNumber: PHONE, videoSettings: { fps: 15 } }, 'videoSettings', /only allowed with sipUri/);
  });

  it.each<[string, unknown]>([
    ['video absent', undefined],
    ['video false', false],
  ])('is only allowed when video is true (%s)', (_name, video) => {
    expectOnlyIssue({ sipUri: SIP, video, videoSettings: { fps: 15 } }, 'videoSettings', /^requires video: true$/);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', [1280, 720]],
    ['a number', 720],
    ['a string', '1280x720'],
  ])('must be an object, not %s', (_name, videoSettings) => {
    expectOnlyIssue(sipVideo(videoSettings), 'videoSettings', /must be an object/);
  });

  it('rejects unknown fields', () => {
    expectOnlyIssue(sipVideo({ bitrate: 900 }), 'videoSettings.bitrate', /^is not one of width, height, fps, videoBitrate$/);
  });

  it.each<[string, unknown, RegExp]>([
    ['width', 0, /^must be an integer from 1 to 1280, got the number 0$/],
    ['width', 1281, /from 1 to 1280, got the number 1281/],
    ['width', 640.5, /integer/],
    ['width', Number.NaN, /got NaN/],
    ['width', '1280', /got a string/],
    ['width', -1, /from 1 to 1280/],
    ['height', 721, /from 1 to 720, got the number 721/],
    ['height', Number.POSITIVE_INFINITY, /got the number Infinity/],
    ['height', null, /got null/],
    ['fps', 31, /from 1 to 30, got the number 31/],
    ['fps', 0, /from 1 to 30/],
    ['fps', true, /got the boolean true/],
    ['videoBitrate', 1001, /from 1 to 1000, got the number 1001/],
    ['videoBitrate', Number.NEGATIVE_INFINITY, /from 1 to 1000, got the number -Infinity/],
  ])('rejects %s = %s', (key, value, message) => {
    expectOnlyIssue(sipVideo({ [key]: value }), `videoSettings.${key}`, message);
  });

  it('collects every bad field', () => {
    expect(issuesOf(sipVideo({ width: 0, height: 0, fps: 0, videoBitrate: 0 })).map((i) => i.path)).toEqual([
      'videoSettings.width',
      'videoSettings.height',
      'videoSettings.fps',
      'videoSettings.videoBitrate',
    ]);
  });
});

describe('validateStartDialOutOptions: codecs', () => {
  it.each<[string, unknown]>([
    ['a string', 'OPUS'],
    ['an array', ['OPUS']],
    ['null', null],
  ])('must be an object, not %s', (_name, codecs) => {
    expectOnlyIssue({ sipUri: SIP, codecs }, 'codecs', /must be an object/);
  });

  it('rejects unknown fields', () => {
    expectOnlyIssue({ sipUri: SIP, codecs: { data: ['T140'] } }, 'codecs.data', /^is not one of audio, video$/);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['not an array', 'OPUS', 'codecs.audio', /^must be an array of OPUS, PCMU, PCMA, G722, got a string$/],
    ['empty', [], 'codecs.audio', /^must have 1 to 4 entries, got 0$/],
    ['lowercase', ['opus'], 'codecs.audio[0]', /^must be one of OPUS, PCMU, PCMA, G722 \(uppercase\), got a string$/],
    ['unknown', ['OPUS', 'AAC'], 'codecs.audio[1]', /^must be one of OPUS, PCMU, PCMA, G722, got a string$/],
    ['a video codec', ['H264'], 'codecs.audio[0]', /one of OPUS/],
    ['null entry', [null], 'codecs.audio[0]', /got null/],
    ['a hole', [, 'OPUS'], 'codecs.audio[0]', /got nothing/], // eslint-disable-line no-sparse-arrays
    ['a duplicate', ['PCMU', 'OPUS', 'PCMU'], 'codecs.audio[2]', /repeats codecs\.audio\[0\]/],
    ['too many entries', ['OPUS', 'PCMU', 'PCMA', 'G722', 'OPUS'], 'codecs.audio', /^must have 1 to 4 entries, got 5$/],
  ])('audio: rejects %s', (_name, audio, path, message) => {
    expectOnlyIssue({ phoneNumber: PHONE, codecs: { audio } }, path, message);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['VP9', ['VP9'], 'codecs.video[0]', /^must be one of H264, VP8, got a string$/],
    ['empty', [], 'codecs.video', /^must have 1 to 2 entries, got 0$/],
    ['a duplicate', ['H264', 'H264'], 'codecs.video[1]', /repeats codecs\.video\[0\]/],
    ['an object', { first: 'H264' }, 'codecs.video', /^must be an array of H264, VP8, got an object$/],
  ])('video: rejects %s', (_name, video, path, message) => {
    expectOnlyIssue({ sipUri: SIP, codecs: { video } }, path, message);
  });

  it('video: is only allowed with sipUri', () => {
    expectOnlyIssue({ phoneNumber: PHONE, codecs: { video: ['H264'] } }, 'codecs.video', /only allowed with sipUri/);
  });

  it('accepts audio codecs with sipUri and phoneNumber', () => {
    expect(issuesOf({ sipUri: SIP, codecs: { audio: ['G722'] } })).toEqual([]);
    expect(issuesOf({ phoneNumber: PHONE, codecs: { audio: ['PCMA', 'PCMU'] } })).toEqual([]);
  });
});

describe('validateStartDialOutOptions: provider', () => {
  it.each<[string, unknown]>([
    ['an unknown provider', 'twilio'],
    ['wrong case', 'Daily'],
    ['empty', ''],
    ['a number', 1],
    ['null', null],
  ])('rejects %s', (_name, provider) => {
    expectOnlyIssue({ sipUri: SIP, provider }, 'provider', /must be 'daily' or 'signalwire'/);
  });

  it('is only allowed with sipUri', () => {
    expectOnlyIssue({ phoneNumber: PHONE, provider: 'daily' }, 'provider', /only allowed with sipUri/);
  });

  it('names the kind of a bad provider, never the value', () => {
    expectOnlyIssue({ sipUri: SIP, provider: 'twilio-secret' }, 'provider', /^must be 'daily' or 'signalwire', got a string$/);
    expectOnlyIssue({ sipUri: SIP, provider: 1 }, 'provider', /^must be 'daily' or 'signalwire', got the number 1$/);
  });

  it.each(['daily', 'signalwire'])('accepts %s', (provider) => {
    expect(issuesOf({ sipUri: SIP, provider })).toEqual([]);
  });
});

describe('validateStartDialOutOptions: permissions', () => {
  const withCanReceive = (canReceive: unknown): Record<string, unknown> => ({
    phoneNumber: PHONE,
    permissions: { canReceive },
  });

  it.each<[string, unknown]>([
    ['true', true],
    ['null', null],
    ['an array', [{ canReceive: { base: true } }]],
  ])('must be an object, not %s', (_name, permissions) => {
    expectOnlyIssue({ sipUri: SIP, permissions }, 'permissions', /^must be an object, got /);
  });

  it('requires canReceive', () => {
    expectOnlyIssue({ sipUri: SIP, permissions: {} }, 'permissions.canReceive', /^is required$/);
  });

  it('rejects other permission fields', () => {
    expectOnlyIssue(
      { sipUri: SIP, permissions: { canSend: true, canReceive: { base: true } } },
      'permissions.canSend',
      /^is not one of canReceive$/,
    );
  });

  it.each<[string, unknown]>([
    ['true', true],
    ['null', null],
    ['a string', 'all'],
    ['an array', []],
  ])('canReceive must be an object, not %s', (_name, canReceive) => {
    expectOnlyIssue(withCanReceive(canReceive), 'permissions.canReceive', /^must be an object, got /);
  });

  it('canReceive rejects unknown fields', () => {
    expectOnlyIssue(withCanReceive({ byRole: {} }), 'permissions.canReceive.byRole', /^is not one of base, byUserId, byParticipantId$/);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['a string', 'yes', 'permissions.canReceive.base', /^must be a boolean or an object, got a string$/],
    ['null', null, 'permissions.canReceive.base', /got null/],
    ['undefined (daily-js rejects it too)', undefined, 'permissions.canReceive.base', /got nothing/],
    ['a non-boolean media type', { ...FULL_BASE, video: 'yes' }, 'permissions.canReceive.base.video', /must be a boolean/],
    ['an unknown media type', { ...FULL_BASE, screenShare: true }, 'permissions.canReceive.base.screenShare', /^is not one of video, audio, screenVideo, screenAudio, customVideo, customAudio$/],
    ['customVideo without *', { ...FULL_BASE, customVideo: { whiteboard: true } }, 'permissions.canReceive.base.customVideo', /'\*' entry/],
    ['customAudio not an object', { ...FULL_BASE, customAudio: true }, 'permissions.canReceive.base.customAudio', /^must be an object, got the boolean true$/],
    ['a non-boolean custom entry', { ...FULL_BASE, customAudio: { '*': 'no' } }, 'permissions.canReceive.base.customAudio["*"]', /must be a boolean/],
  ])('base: rejects %s', (_name, base, path, message) => {
    expectOnlyIssue(withCanReceive({ base }), path, message);
  });

  it('base: an object must list all six media types', () => {
    expect(issuesOf(withCanReceive({ base: { video: true } }))).toEqual(
      ['audio', 'screenVideo', 'screenAudio', 'customVideo', 'customAudio'].map((key) => ({
        path: `permissions.canReceive.base.${key}`,
        message: 'is required',
      })),
    );
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['byUserId not an object', { byUserId: true }, 'permissions.canReceive.byUserId', /^must be an object, got the boolean true$/],
    ['byParticipantId null', { byParticipantId: null }, 'permissions.canReceive.byParticipantId', /got null/],
    ['a string permission', { byUserId: { alice: 'yes' } }, 'permissions.canReceive.byUserId.alice', /^must be a boolean or an object, got a string$/],
    ['a non-boolean media type', { byUserId: { alice: { video: 1 } } }, 'permissions.canReceive.byUserId.alice.video', /must be a boolean/],
    ['an unknown media type', { byUserId: { alice: { camera: true } } }, 'permissions.canReceive.byUserId.alice.camera', /^is not one of video, audio, /],
    ['customVideo null', { byUserId: { alice: { customVideo: null } } }, 'permissions.canReceive.byUserId.alice.customVideo', /got null/],
    ['a non-boolean custom entry', { byParticipantId: { p1: { customAudio: { mic: 0 } } } }, 'permissions.canReceive.byParticipantId.p1.customAudio.mic', /must be a boolean/],
    ['an id with a dot', { byParticipantId: { 'a.b': 5 } }, 'permissions.canReceive.byParticipantId["a.b"]', /got the number 5/],
    ['an undefined entry', { byUserId: { alice: undefined } }, 'permissions.canReceive.byUserId.alice', /got nothing/],
  ])('byUserId / byParticipantId: rejects %s', (_name, canReceive, path, message) => {
    expectOnlyIssue(withCanReceive(canReceive), path, message);
  });

  it('byUserId: rejects a __proto__ id (from JSON.parse)', () => {
    const options = JSON.parse(`{"phoneNumber":"${PHONE}","permissions":{"canReceive":{"byUserId":{"__proto__":true}}}}`) as unknown;
    expectOnlyIssue(options, 'permissions.canReceive.byUserId.__proto__', /not allowed as an id/);
  });

  it('accepts a boolean base and a full base', () => {
    expect(issuesOf(withCanReceive({ base: true }))).toEqual([]);
    expect(issuesOf(withCanReceive({ base: FULL_BASE }))).toEqual([]);
  });
});

describe('validateStartDialOutOptions: collecting issues', () => {
  it('reports every broken rule at once, in a stable order', () => {
    const issues = issuesOf({
      phoneNumber: '555-0100',
      typo: 1,
      displayName: 5,
      video: 'yes',
      provider: 'daily',
      codecs: { audio: ['opus', 'OPUS', 'OPUS'], video: ['H264'] },
      waitBeforeExtensionDialSec: 90,
    });
    expect(issues.map((i) => i.path)).toEqual([
      'typo',
      'phoneNumber',
      'displayName',
      'waitBeforeExtensionDialSec',
      'waitBeforeExtensionDialSec',
      'video',
      'video',
      'codecs.audio[0]',
      'codecs.audio[2]',
      'codecs.video',
      'provider',
    ]);
    for (const issue of issues) expect(issue.message.length).toBeGreaterThan(0);
  });

  it('reports type confusions of every field at once', () => {
    const issues = issuesOf({
      sipUri: 1,
      displayName: [],
      userId: {},
      video: 'true',
      videoSettings: 'hd',
      codecs: 'OPUS',
      provider: null,
      permissions: 'all',
    });
    expect(issues.map((i) => i.path)).toEqual([
      'sipUri',
      'displayName',
      'userId',
      'video',
      'videoSettings', // video is not true
      'videoSettings', // not an object
      'codecs',
      'provider',
      'permissions',
    ]);
  });
});

describe('validateStartDialOutOptions: hostile input never throws', () => {
  it('reports a throwing getter as an issue', () => {
    const options = {
      sipUri: SIP,
      get displayName(): string {
        throw new Error('boom');
      },
    };
    expectOnlyIssue(options, 'displayName', /could not be read/);
  });

  it('reports a throwing nested getter as an issue', () => {
    const videoSettings = Object.defineProperty({}, 'fps', {
      enumerable: true,
      get(): number {
        throw new Error('boom');
      },
    });
    expectOnlyIssue({ sipUri: SIP, video: true, videoSettings }, 'videoSettings.fps', /could not be read/);
  });

  it('reports a throwing Symbol.toStringTag getter at the root', () => {
    const options = {
      sipUri: SIP,
      get [Symbol.toStringTag](): string {
        throw new Error('boom');
      },
    };
    expect(() => issuesOf(options)).not.toThrow();
    expectOnlyIssue(options, '', /could not be read/);
  });

  it('reads each value once', () => {
    let reads = 0;
    const options = {
      get sipUri(): string {
        reads += 1;
        return SIP;
      },
    };
    expect(issuesOf(options)).toEqual([]);
    expect(reads).toBe(1);
    parseStartDialOutOptions(options);
    expect(reads).toBe(2);
  });

  it('returns exactly what it validated, even from a changing getter', () => {
    let reads = 0;
    const options = {
      sipUri: SIP,
      get displayName(): unknown {
        reads += 1;
        return reads === 1 ? 'Bob' : 42;
      },
    };
    expect(parseStartDialOutOptions(options)).toEqual({ sipUri: SIP, displayName: 'Bob' });
  });
});

describe('parseStartDialOutOptions', () => {
  it.each<[string, Record<string, unknown>]>([
    ['docs SIP video example', DOCS_SIP_VIDEO],
    ['docs PSTN example', DOCS_PSTN_EXTENSION],
  ])('returns an equal copy of the %s', (_name, options) => {
    const parsed = parseStartDialOutOptions(options);
    expect(parsed).toEqual(options);
    expect(parsed).not.toBe(options);
  });

  it('returns a deep copy, deep-frozen', () => {
    const input = {
      ...DOCS_SIP_VIDEO,
      permissions: { canReceive: { base: FULL_BASE, byUserId: { alice: { customVideo: { cam2: true } } } } },
    };
    const parsed = parseStartDialOutOptions(input) as typeof input;
    expect(parsed).toEqual(input);
    const nested = [
      parsed,
      parsed.codecs,
      parsed.codecs.audio,
      parsed.codecs.video,
      parsed.videoSettings,
      parsed.permissions,
      parsed.permissions.canReceive,
      parsed.permissions.canReceive.base,
      parsed.permissions.canReceive.base.customVideo,
      parsed.permissions.canReceive.byUserId,
      parsed.permissions.canReceive.byUserId.alice,
      parsed.permissions.canReceive.byUserId.alice.customVideo,
    ];
    for (const value of nested) expect(Object.isFrozen(value)).toBe(true);
    expect(parsed.codecs).not.toBe(input.codecs);
    expect(parsed.codecs.audio).not.toBe(input.codecs.audio);
    expect(parsed.permissions.canReceive.base).not.toBe(FULL_BASE);
    expect(Object.isFrozen(input)).toBe(false);
    expect(Object.isFrozen(FULL_BASE.customVideo)).toBe(false);
    expect(() => (parsed.codecs.audio as string[]).push('PCMU')).toThrow(TypeError);
    expect(() => {
      (parsed.videoSettings as { fps: number }).fps = 30;
    }).toThrow(TypeError);
  });

  it('is not affected by later changes to the input', () => {
    const input = {
      sipUri: SIP,
      displayName: 'Bob',
      video: true,
      videoSettings: { fps: 15 },
      codecs: { audio: ['OPUS'] },
    };
    const parsed = parseStartDialOutOptions(input);
    input.displayName = 'Mallory';
    input.videoSettings.fps = 999;
    input.codecs.audio.push('NOPE');
    (input as Record<string, unknown>)['extra'] = true;
    expect(parsed).toEqual({
      sipUri: SIP,
      displayName: 'Bob',
      video: true,
      videoSettings: { fps: 15 },
      codecs: { audio: ['OPUS'] },
    });
  });

  it('drops keys whose value is undefined, at every level', () => {
    const parsed = parseStartDialOutOptions({
      sipUri: SIP,
      phoneNumber: undefined,
      userId: undefined,
      video: true,
      videoSettings: { fps: 15, width: undefined },
      codecs: { audio: undefined, video: ['VP8'] },
    });
    expect(Object.keys(parsed)).toEqual(['sipUri', 'video', 'videoSettings', 'codecs']);
    expect(parsed).not.toHaveProperty('userId');
    expect(Object.keys((parsed as { videoSettings: object }).videoSettings)).toEqual(['fps']);
    expect(Object.keys((parsed as { codecs: object }).codecs)).toEqual(['video']);
  });

  it('copies -0 as 0', () => {
    const parsed = parseStartDialOutOptions({ phoneNumber: PHONE, extension: '1', waitBeforeExtensionDialSec: -0 }) as { waitBeforeExtensionDialSec: number };
    expect(Object.is(parsed.waitBeforeExtensionDialSec, 0)).toBe(true);
  });

  it('returns plain objects without inherited keys', () => {
    const input = Object.assign(Object.create({ displayName: 'inherited' }) as Record<string, unknown>, { phoneNumber: PHONE });
    const parsed = parseStartDialOutOptions(input);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(parsed).toEqual({ phoneNumber: PHONE });
    expect('displayName' in parsed).toBe(false);
  });

  it('copies odd custom track names as own keys', () => {
    const parsed = parseStartDialOutOptions({
      phoneNumber: PHONE,
      permissions: { canReceive: { byParticipantId: { 'p.1': { customAudio: { 'my mic': true } } } } },
    }) as { permissions: { canReceive: { byParticipantId: Record<string, { customAudio: Record<string, boolean> }> } } };
    expect(parsed.permissions.canReceive.byParticipantId['p.1']?.customAudio['my mic']).toBe(true);
  });

  it('throws DialOutValidationError carrying every issue', () => {
    const input = { phoneNumber: '＋15555550100', video: true, bogus: 1 };
    let caught: unknown;
    try {
      parseStartDialOutOptions(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DialOutValidationError);
    expect(caught).toBeInstanceOf(Error);
    const error = caught as DialOutValidationError;
    expect(error.name).toBe('DialOutValidationError');
    expect(error.issues).toEqual(validateStartDialOutOptions(input));
    expect(error.issues.map((i) => i.path)).toEqual(['bogus', 'phoneNumber', 'video']);
    expect(error.message).toMatch(/^Invalid startDialOut options: bogus: is not one of sipUri, .*; phoneNumber: must be an E\.164 phone number: .* \(ASCII only\); video: is only allowed with sipUri$/);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', []],
    ['an empty object', {}],
    ['a string', 'sip:bob@example.com'],
  ])('throws for %s', (_name, options) => {
    expect(() => parseStartDialOutOptions(options)).toThrow(DialOutValidationError);
  });
});
