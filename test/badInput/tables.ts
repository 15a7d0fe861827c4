/**
 * Tables of `startDialOut()` options for `manager.start()`: invalid ones, each
 * with the path of the rule it breaks, and valid ones.
 *
 * Exported as data so the same tables can be run through the real daily-js
 * (in a browser, through the emulator) to record where daily-js is looser
 * than this library. Each entry is independent; `options` may be any value
 * (getters, proxies and odd prototypes included), so copy nothing and pass it
 * as it is.
 */

/** An option object `manager.start()` must refuse, naming `path` among the issues. */
export interface InvalidStartOptions {
  readonly name: string;
  readonly options: unknown;
  /** A path `DialOutValidationError.issues` must contain (`''` is the options object itself). */
  readonly path: string;
}

/** An option object `manager.start()` must accept. */
export interface ValidStartOptions {
  readonly name: string;
  readonly options: unknown;
}

const PHONE = '+12268077097';
const SIP = 'sip:bob@example.com';
const FULL_BASE = {
  video: true,
  audio: true,
  screenVideo: false,
  screenAudio: false,
  customVideo: { '*': false, whiteboard: true },
  customAudio: { '*': true },
};

function throwingGetter(key: string, base: Record<string, unknown>): object {
  return Object.defineProperty({ ...base }, key, {
    enumerable: true,
    get() {
      throw new Error(`getter of ${key}`);
    },
  });
}

/** Invalid options: every rule, type confusions, prototype tricks, huge strings, Unicode look-alikes. */
export const INVALID_START_OPTIONS: readonly InvalidStartOptions[] = [
  // --- the options object itself
  { name: 'undefined', options: undefined, path: '' },
  { name: 'null', options: null, path: '' },
  { name: 'a string (a bare SIP URI)', options: SIP, path: '' },
  { name: 'a number', options: 12268077097, path: '' },
  { name: 'a boolean', options: true, path: '' },
  { name: 'an array holding valid options', options: [{ phoneNumber: PHONE }], path: '' },
  { name: 'a Map', options: new Map([['phoneNumber', PHONE]]), path: '' },
  { name: 'a Date', options: new Date(0), path: '' },
  { name: 'a function with a phoneNumber property', options: Object.assign(() => undefined, { phoneNumber: PHONE }), path: '' },
  { name: 'a boxed String', options: Object('sip:bob@example.com'), path: '' },
  {
    name: 'a Proxy whose ownKeys trap throws',
    options: new Proxy({ phoneNumber: PHONE }, { ownKeys: () => { throw new Error('ownKeys'); } }),
    path: '',
  },

  // --- sipUri xor phoneNumber
  { name: 'empty object', options: {}, path: 'sipUri' },
  { name: 'only a displayName', options: { displayName: 'Support' }, path: 'sipUri' },
  { name: 'both undefined', options: { sipUri: undefined, phoneNumber: undefined }, path: 'sipUri' },
  { name: 'both sipUri and phoneNumber', options: { sipUri: SIP, phoneNumber: PHONE }, path: 'phoneNumber' },
  { name: 'inherited phoneNumber (Object.create)', options: Object.create({ phoneNumber: PHONE }) as unknown, path: 'sipUri' },
  {
    name: 'non-enumerable phoneNumber',
    options: Object.defineProperty({}, 'phoneNumber', { value: PHONE, enumerable: false }),
    path: 'sipUri',
  },
  { name: 'null sipUri next to a phoneNumber', options: { sipUri: null, phoneNumber: PHONE }, path: 'sipUri' },

  // --- prototype tricks and unknown keys
  { name: '__proto__ own key (JSON.parse)', options: JSON.parse(`{"phoneNumber":"${PHONE}","__proto__":{"video":true}}`) as unknown, path: '__proto__' },
  { name: 'constructor key', options: { phoneNumber: PHONE, constructor: { prototype: {} } }, path: 'constructor' },
  { name: 'prototype key', options: { sipUri: SIP, prototype: {} }, path: 'prototype' },
  { name: 'a typo (phonenumber)', options: { phonenumber: PHONE }, path: 'phonenumber' },
  { name: 'a typo next to a valid target (displayname)', options: { phoneNumber: PHONE, displayname: 'x' }, path: 'displayname' },
  { name: 'a startDialIn option (sipEndpoint)', options: { sipUri: SIP, sipEndpoint: 'x' }, path: 'sipEndpoint' },
  { name: 'a getter that throws', options: throwingGetter('displayName', { phoneNumber: PHONE }), path: 'displayName' },
  {
    name: '__proto__ user id in byUserId (JSON.parse)',
    options: JSON.parse(`{"phoneNumber":"${PHONE}","permissions":{"canReceive":{"byUserId":{"__proto__":true}}}}`) as unknown,
    path: 'permissions.canReceive.byUserId.__proto__',
  },

  // --- phoneNumber
  { name: 'phoneNumber as a number', options: { phoneNumber: 12268077097 }, path: 'phoneNumber' },
  { name: 'phoneNumber as an array', options: { phoneNumber: [PHONE] }, path: 'phoneNumber' },
  { name: 'phoneNumber null', options: { phoneNumber: null }, path: 'phoneNumber' },
  { name: 'phoneNumber empty', options: { phoneNumber: '' }, path: 'phoneNumber' },
  { name: 'phoneNumber without +', options: { phoneNumber: '12268077097' }, path: 'phoneNumber' },
  { name: 'phoneNumber with dashes', options: { phoneNumber: '+1-226-807-7097' }, path: 'phoneNumber' },
  { name: 'phoneNumber with spaces', options: { phoneNumber: '+1 226 807 7097' }, path: 'phoneNumber' },
  { name: 'phoneNumber starting with +0', options: { phoneNumber: '+012268077097' }, path: 'phoneNumber' },
  { name: 'phoneNumber of 16 digits', options: { phoneNumber: '+1226807709712345' }, path: 'phoneNumber' },
  { name: 'phoneNumber + alone', options: { phoneNumber: '+' }, path: 'phoneNumber' },
  { name: 'phoneNumber with a trailing newline', options: { phoneNumber: `${PHONE}\n` }, path: 'phoneNumber' },
  { name: 'phoneNumber with fullwidth plus (＋1555…)', options: { phoneNumber: '＋15555550100' }, path: 'phoneNumber' },
  { name: 'phoneNumber with fullwidth digits', options: { phoneNumber: '+１５５５５５５０１００' }, path: 'phoneNumber' },
  { name: 'phoneNumber with Arabic-Indic digits', options: { phoneNumber: '+١٥٥٥٥٥٥٠١٠٠' }, path: 'phoneNumber' },
  { name: 'phoneNumber with a zero-width space', options: { phoneNumber: '+1555\u200b5550100' }, path: 'phoneNumber' },
  { name: 'phoneNumber with a tel: scheme', options: { phoneNumber: `tel:${PHONE}` }, path: 'phoneNumber' },
  { name: 'huge phoneNumber (1 MB of digits)', options: { phoneNumber: `+1${'5'.repeat(1_000_000)}` }, path: 'phoneNumber' },

  // --- sipUri
  { name: 'sipUri as a number', options: { sipUri: 5 }, path: 'sipUri' },
  { name: 'sipUri as an object', options: { sipUri: { uri: SIP } }, path: 'sipUri' },
  { name: 'sipUri empty', options: { sipUri: '' }, path: 'sipUri' },
  { name: 'sipUri without scheme', options: { sipUri: 'bob@example.com' }, path: 'sipUri' },
  { name: 'sipUri with sips:', options: { sipUri: 'sips:bob@example.com' }, path: 'sipUri' },
  { name: 'sipUri with uppercase SIP:', options: { sipUri: 'SIP:bob@example.com' }, path: 'sipUri' },
  { name: 'sipUri sip: alone', options: { sipUri: 'sip:' }, path: 'sipUri' },
  { name: 'sipUri with a space', options: { sipUri: 'sip:bob smith@example.com' }, path: 'sipUri' },
  { name: 'sipUri with a non-ASCII host (exämple)', options: { sipUri: 'sip:bob@exämple.com' }, path: 'sipUri' },
  { name: 'sipUri with a Cyrillic ѕ in the scheme', options: { sipUri: 'ѕip:bob@example.com' }, path: 'sipUri' },
  { name: 'sipUri with an empty user', options: { sipUri: 'sip:@example.com' }, path: 'sipUri' },
  { name: 'sipUri with port 0', options: { sipUri: 'sip:bob@example.com:0' }, path: 'sipUri' },
  { name: 'sipUri with port 70000', options: { sipUri: 'sip:bob@example.com:70000' }, path: 'sipUri' },
  { name: 'sipUri with a bad IPv4', options: { sipUri: 'sip:bob@256.1.1.1' }, path: 'sipUri' },
  { name: 'sipUri with a non-X- header', options: { sipUri: 'sip:bob@example.com?Subject=hi' }, path: 'sipUri' },
  { name: 'sipUri with an empty query', options: { sipUri: 'sip:bob@example.com?' }, path: 'sipUri' },
  { name: 'huge sipUri (1 MB)', options: { sipUri: `sip:${'a'.repeat(1_000_000)}@example.com` }, path: 'sipUri' },

  // --- displayName / userId
  { name: 'displayName as a number', options: { phoneNumber: PHONE, displayName: 5 }, path: 'displayName' },
  { name: 'displayName null', options: { phoneNumber: PHONE, displayName: null }, path: 'displayName' },
  { name: 'displayName of 200 characters', options: { phoneNumber: PHONE, displayName: 'd'.repeat(200) }, path: 'displayName' },
  { name: 'huge displayName (1 MB)', options: { phoneNumber: PHONE, displayName: 'd'.repeat(1_000_000) }, path: 'displayName' },
  { name: 'userId as an object', options: { sipUri: SIP, userId: { id: 'u1' } }, path: 'userId' },
  { name: 'userId of 37 characters', options: { sipUri: SIP, userId: 'u'.repeat(37) }, path: 'userId' },

  // --- PSTN-only options
  { name: 'callerId with sipUri', options: { sipUri: SIP, callerId: 'caller-1' }, path: 'callerId' },
  { name: 'callerId empty', options: { phoneNumber: PHONE, callerId: '' }, path: 'callerId' },
  { name: 'callerId as a number', options: { phoneNumber: PHONE, callerId: 42 }, path: 'callerId' },
  { name: 'callerId of 256 characters', options: { phoneNumber: PHONE, callerId: 'c'.repeat(256) }, path: 'callerId' },
  { name: 'extension with sipUri', options: { sipUri: SIP, extension: '12' }, path: 'extension' },
  { name: 'extension as a number', options: { phoneNumber: PHONE, extension: 1234 }, path: 'extension' },
  { name: 'extension of 21 characters', options: { phoneNumber: PHONE, extension: '1'.repeat(21) }, path: 'extension' },
  { name: 'waitBeforeExtensionDialSec without extension', options: { phoneNumber: PHONE, waitBeforeExtensionDialSec: 4 }, path: 'waitBeforeExtensionDialSec' },
  { name: 'waitBeforeExtensionDialSec as a string', options: { phoneNumber: PHONE, extension: '1', waitBeforeExtensionDialSec: '4' }, path: 'waitBeforeExtensionDialSec' },
  { name: 'waitBeforeExtensionDialSec NaN', options: { phoneNumber: PHONE, extension: '1', waitBeforeExtensionDialSec: Number.NaN }, path: 'waitBeforeExtensionDialSec' },
  { name: 'waitBeforeExtensionDialSec Infinity', options: { phoneNumber: PHONE, extension: '1', waitBeforeExtensionDialSec: Number.POSITIVE_INFINITY }, path: 'waitBeforeExtensionDialSec' },
  { name: 'waitBeforeExtensionDialSec 4.5', options: { phoneNumber: PHONE, extension: '1', waitBeforeExtensionDialSec: 4.5 }, path: 'waitBeforeExtensionDialSec' },
  { name: 'waitBeforeExtensionDialSec -1', options: { phoneNumber: PHONE, extension: '1', waitBeforeExtensionDialSec: -1 }, path: 'waitBeforeExtensionDialSec' },
  { name: 'waitBeforeExtensionDialSec 61', options: { phoneNumber: PHONE, extension: '1', waitBeforeExtensionDialSec: 61 }, path: 'waitBeforeExtensionDialSec' },

  // --- SIP-only options
  { name: 'video with phoneNumber', options: { phoneNumber: PHONE, video: true }, path: 'video' },
  { name: 'video as the string "true"', options: { sipUri: SIP, video: 'true' }, path: 'video' },
  { name: 'video as 1', options: { sipUri: SIP, video: 1 }, path: 'video' },
  { name: 'videoSettings without video', options: { sipUri: SIP, videoSettings: { width: 640 } }, path: 'videoSettings' },
  { name: 'videoSettings as an array', options: { sipUri: SIP, video: true, videoSettings: [640, 480] }, path: 'videoSettings' },
  { name: 'videoSettings.width as a string', options: { sipUri: SIP, video: true, videoSettings: { width: '640' } }, path: 'videoSettings.width' },
  { name: 'videoSettings.width 0', options: { sipUri: SIP, video: true, videoSettings: { width: 0 } }, path: 'videoSettings.width' },
  { name: 'videoSettings.height 721', options: { sipUri: SIP, video: true, videoSettings: { height: 721 } }, path: 'videoSettings.height' },
  { name: 'videoSettings.fps 31', options: { sipUri: SIP, video: true, videoSettings: { fps: 31 } }, path: 'videoSettings.fps' },
  { name: 'videoSettings.videoBitrate 1001', options: { sipUri: SIP, video: true, videoSettings: { videoBitrate: 1001 } }, path: 'videoSettings.videoBitrate' },
  { name: 'videoSettings unknown key (bitrate)', options: { sipUri: SIP, video: true, videoSettings: { bitrate: 500 } }, path: 'videoSettings.bitrate' },
  { name: 'provider with phoneNumber', options: { phoneNumber: PHONE, provider: 'daily' }, path: 'provider' },
  { name: 'provider unknown (twilio)', options: { sipUri: SIP, provider: 'twilio' }, path: 'provider' },
  { name: 'provider with a Cyrillic а (dаily)', options: { sipUri: SIP, provider: 'd\u0430ily' }, path: 'provider' },
  { name: 'provider uppercase', options: { sipUri: SIP, provider: 'DAILY' }, path: 'provider' },

  // --- codecs
  { name: 'codecs as a string', options: { phoneNumber: PHONE, codecs: 'OPUS' }, path: 'codecs' },
  { name: 'codecs null', options: { phoneNumber: PHONE, codecs: null }, path: 'codecs' },
  { name: 'codecs.audio as a string', options: { phoneNumber: PHONE, codecs: { audio: 'OPUS' } }, path: 'codecs.audio' },
  { name: 'codecs.audio empty', options: { phoneNumber: PHONE, codecs: { audio: [] } }, path: 'codecs.audio' },
  { name: 'codecs.audio lowercase opus', options: { phoneNumber: PHONE, codecs: { audio: ['opus'] } }, path: 'codecs.audio[0]' },
  { name: 'codecs.audio with a Cyrillic О (ОPUS)', options: { phoneNumber: PHONE, codecs: { audio: ['\u041ePUS'] } }, path: 'codecs.audio[0]' },
  { name: 'codecs.audio repeated', options: { phoneNumber: PHONE, codecs: { audio: ['OPUS', 'OPUS'] } }, path: 'codecs.audio[1]' },
  { name: 'codecs.audio too many', options: { phoneNumber: PHONE, codecs: { audio: ['OPUS', 'PCMU', 'PCMA', 'G722', 'OPUS'] } }, path: 'codecs.audio' },
  { name: 'codecs.audio with a video codec', options: { sipUri: SIP, codecs: { audio: ['H264'] } }, path: 'codecs.audio[0]' },
  { name: 'codecs.video with phoneNumber', options: { phoneNumber: PHONE, codecs: { video: ['H264'] } }, path: 'codecs.video' },
  { name: 'codecs.video unknown (AV1)', options: { sipUri: SIP, codecs: { video: ['AV1'] } }, path: 'codecs.video[0]' },
  { name: 'codecs unknown key', options: { sipUri: SIP, codecs: { screen: ['VP8'] } }, path: 'codecs.screen' },
  { name: 'huge codecs.audio array', options: { phoneNumber: PHONE, codecs: { audio: new Array(100_000).fill('OPUS') } }, path: 'codecs.audio' },

  // --- permissions
  { name: 'permissions as a boolean', options: { phoneNumber: PHONE, permissions: true }, path: 'permissions' },
  { name: 'permissions without canReceive', options: { phoneNumber: PHONE, permissions: {} }, path: 'permissions.canReceive' },
  { name: 'permissions with canSend', options: { phoneNumber: PHONE, permissions: { canReceive: {}, canSend: true } }, path: 'permissions.canSend' },
  { name: 'canReceive as an array', options: { sipUri: SIP, permissions: { canReceive: [] } }, path: 'permissions.canReceive' },
  { name: 'canReceive.base partial object', options: { sipUri: SIP, permissions: { canReceive: { base: { video: true } } } }, path: 'permissions.canReceive.base.audio' },
  { name: 'canReceive.base.video as a string', options: { sipUri: SIP, permissions: { canReceive: { base: { ...FULL_BASE, video: 'yes' } } } }, path: 'permissions.canReceive.base.video' },
  { name: 'canReceive.base.customVideo without *', options: { sipUri: SIP, permissions: { canReceive: { base: { ...FULL_BASE, customVideo: { cam2: true } } } } }, path: 'permissions.canReceive.base.customVideo' },
  { name: 'canReceive unknown key (byRole)', options: { sipUri: SIP, permissions: { canReceive: { byRole: {} } } }, path: 'permissions.canReceive.byRole' },
  { name: 'byUserId value as a number', options: { sipUri: SIP, permissions: { canReceive: { byUserId: { alice: 1 } } } }, path: 'permissions.canReceive.byUserId.alice' },
  { name: 'byParticipantId media type unknown', options: { sipUri: SIP, permissions: { canReceive: { byParticipantId: { p1: { webcam: true } } } } }, path: 'permissions.canReceive.byParticipantId.p1.webcam' },
];

/** Valid options: the documented shapes, limits, and odd-but-allowed objects. */
export const VALID_START_OPTIONS: readonly ValidStartOptions[] = [
  { name: 'minimal phone call', options: { phoneNumber: PHONE } },
  { name: 'minimal SIP call', options: { sipUri: SIP } },
  { name: 'shortest E.164 (+ and 2 digits)', options: { phoneNumber: '+12' } },
  { name: 'longest E.164 (15 digits)', options: { phoneNumber: '+123456789012345' } },
  {
    name: 'docs: SIP video call',
    options: {
      sipUri: 'sip:boardroom@example.com',
      video: true,
      displayName: 'Board Room',
      codecs: { video: ['H264'], audio: ['OPUS'] },
      videoSettings: { width: 1280, height: 720, fps: 15, videoBitrate: 900 },
    },
  },
  {
    name: 'docs: PSTN call with extension',
    options: { phoneNumber: PHONE, displayName: 'Support Line', extension: '1234', waitBeforeExtensionDialSec: 4 },
  },
  {
    name: 'phone with every PSTN option at its limit',
    options: {
      phoneNumber: PHONE,
      displayName: 'd'.repeat(199),
      userId: 'u'.repeat(36),
      callerId: 'c'.repeat(255),
      extension: '1'.repeat(20),
      waitBeforeExtensionDialSec: 60,
      codecs: { audio: ['OPUS', 'PCMU', 'PCMA', 'G722'] },
    },
  },
  {
    name: 'SIP with every SIP option',
    options: {
      sipUri: 'sip:bob@example.com:5060;transport=tls?X-myHeader=value',
      displayName: 'Bob',
      userId: 'bob',
      video: true,
      videoSettings: { width: 1, height: 1, fps: 1, videoBitrate: 1 },
      codecs: { audio: ['G722'], video: ['VP8', 'H264'] },
      provider: 'daily',
      permissions: { canReceive: { base: FULL_BASE } },
    },
  },
  { name: 'provider signalwire', options: { sipUri: SIP, provider: 'signalwire' } },
  { name: 'video false', options: { sipUri: SIP, video: false } },
  { name: 'empty videoSettings with video', options: { sipUri: SIP, video: true, videoSettings: {} } },
  { name: 'waitBeforeExtensionDialSec 0', options: { phoneNumber: PHONE, extension: '9', waitBeforeExtensionDialSec: 0 } },
  { name: 'empty displayName and userId', options: { phoneNumber: PHONE, displayName: '', userId: '' } },
  { name: 'Unicode displayName (emoji, RTL, CJK)', options: { phoneNumber: PHONE, displayName: 'Support 📞 دعم 支持' } },
  { name: 'undefined keys are absent', options: { sipUri: SIP, phoneNumber: undefined, callerId: undefined, bogus: undefined } },
  { name: 'null-prototype object', options: Object.assign(Object.create(null) as Record<string, unknown>, { phoneNumber: PHONE }) },
  { name: 'frozen object', options: Object.freeze({ sipUri: SIP, displayName: 'Frozen' }) },
  { name: 'inherited keys are ignored', options: Object.assign(Object.create({ sipUri: SIP, bogus: 1 }) as Record<string, unknown>, { phoneNumber: PHONE }) },
  { name: 'literal __proto__ sets the prototype, not a key', options: { phoneNumber: PHONE, __proto__: { video: true } } },
  { name: 'symbol keys are ignored', options: { phoneNumber: PHONE, [Symbol('meta')]: 1 } },
  { name: 'SIP to an IPv4 host', options: { sipUri: 'sip:bob@192.0.2.4' } },
  { name: 'SIP to an IPv6 host with port', options: { sipUri: 'sip:bob@[2001:db8::1]:5061' } },
  { name: 'SIP with a percent-encoded E.164 user', options: { sipUri: 'sip:%2B15555550100@example.com;user=phone' } },
  { name: 'SIP without user part', options: { sipUri: 'sip:example.com' } },
  { name: 'empty codecs object', options: { phoneNumber: PHONE, codecs: {} } },
  { name: 'permissions with empty canReceive', options: { phoneNumber: PHONE, permissions: { canReceive: {} } } },
  {
    name: 'permissions by user and participant id',
    options: {
      sipUri: SIP,
      permissions: {
        canReceive: {
          base: false,
          byUserId: { alice: { video: false }, 'carol.smith@example.com': { customAudio: { mic2: true } } },
          byParticipantId: { 'a1b2-c3': true },
        },
      },
    },
  },
];
