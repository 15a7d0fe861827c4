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
import { parseStartDialInOptions, validateStartDialInOptions } from '../../src/validation/startDialIn.js';
import { parseReferOptions, parseTransferOptions, validateReferOptions, validateTransferOptions } from '../../src/validation/transfer.js';
import { INVALID_START_OPTIONS, VALID_START_OPTIONS } from '../badInput/tables.js';
import { ROOM_URL, useEmulatedCalls } from './harness.js';

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

// --- transfers: daily-js's client-side verdict on `sipCallTransfer()` / `sipRefer()` -------------------------------
// Whatever the emulator answers a `sip-call-transfer` request with, daily-js either refuses an options object itself
// (no request sent) or sends it: the verdict is read from the emulator's `received` list.

const SESSION = 'session-1';
const T_SIP = 'sip:agent@pbx.example.com';
const T_PHONE = '+12268077097';

interface TransferCase {
  readonly name: string;
  readonly method: 'sipCallTransfer' | 'sipRefer';
  /** Our options (without the sessionId, which the session adds). */
  readonly options: Record<string, unknown>;
  /** The path we refuse at (first issue). */
  readonly path: string;
}

const transfer = (name: string, options: Record<string, unknown>, path: string): TransferCase => ({ name, method: 'sipCallTransfer', options, path });
const refer = (name: string, options: Record<string, unknown>, path: string): TransferCase => ({ name, method: 'sipRefer', options, path });

/** Transfer options we refuse. */
const INVALID_TRANSFERS: readonly TransferCase[] = [
  transfer('no toEndPoint', {}, 'toEndPoint'),
  transfer('toEndPoint as a number', { toEndPoint: 12268077097 }, 'toEndPoint'),
  transfer('toEndPoint tel:', { toEndPoint: `tel:${T_PHONE}` }, 'toEndPoint'),
  transfer('toEndPoint +0…', { toEndPoint: '+02268077097' }, 'toEndPoint'),
  transfer('toEndPoint + and 16 digits', { toEndPoint: `+1${'2'.repeat(15)}` }, 'toEndPoint'),
  transfer('toEndPoint + with spaces and dashes', { toEndPoint: '+1 226-807-7097' }, 'toEndPoint'),
  transfer('toEndPoint sip: alone', { toEndPoint: 'sip:' }, 'toEndPoint'),
  transfer('toEndPoint sip: with a space', { toEndPoint: 'sip:bob smith@example.com' }, 'toEndPoint'),
  transfer('toEndPoint sip: with port 70000', { toEndPoint: 'sip:bob@example.com:70000' }, 'toEndPoint'),
  transfer('toEndPoint sip: with a non-X- header', { toEndPoint: 'sip:bob@example.com?Subject=hi' }, 'toEndPoint'),
  transfer('huge sip: toEndPoint (1 MB)', { toEndPoint: `sip:${'a'.repeat(1_000_000)}@example.com` }, 'toEndPoint'),
  transfer('callerId with a sip: target', { toEndPoint: T_SIP, callerId: 'caller-1' }, 'callerId'),
  transfer('callerId empty with a sip: target', { toEndPoint: T_SIP, callerId: '' }, 'callerId'),
  transfer('callerId empty', { toEndPoint: T_PHONE, callerId: '' }, 'callerId'),
  transfer('callerId of 256 characters', { toEndPoint: T_PHONE, callerId: 'c'.repeat(256) }, 'callerId'),
  transfer('extension with a sip: target', { toEndPoint: T_SIP, extension: '12' }, 'extension'),
  transfer('extension empty', { toEndPoint: T_PHONE, extension: '' }, 'extension'),
  transfer('extension of 21 characters', { toEndPoint: T_PHONE, extension: '1'.repeat(21) }, 'extension'),
  transfer('extension as a number', { toEndPoint: T_PHONE, extension: 12 }, 'extension'),
  transfer('waitBeforeExtensionDialSec 4 without extension', { toEndPoint: T_PHONE, waitBeforeExtensionDialSec: 4 }, 'waitBeforeExtensionDialSec'),
  transfer('waitBeforeExtensionDialSec 0 without extension', { toEndPoint: T_PHONE, waitBeforeExtensionDialSec: 0 }, 'waitBeforeExtensionDialSec'),
  transfer('waitBeforeExtensionDialSec 61', { toEndPoint: T_PHONE, extension: '1', waitBeforeExtensionDialSec: 61 }, 'waitBeforeExtensionDialSec'),
  transfer('waitBeforeExtensionDialSec -1', { toEndPoint: T_PHONE, extension: '1', waitBeforeExtensionDialSec: -1 }, 'waitBeforeExtensionDialSec'),
  transfer('waitBeforeExtensionDialSec 4.5', { toEndPoint: T_PHONE, extension: '1', waitBeforeExtensionDialSec: 4.5 }, 'waitBeforeExtensionDialSec'),
  transfer('waitBeforeExtensionDialSec NaN', { toEndPoint: T_PHONE, extension: '1', waitBeforeExtensionDialSec: NaN }, 'waitBeforeExtensionDialSec'),
  transfer('a typo next to a valid target (toEndpoint)', { toEndPoint: T_SIP, toEndpoint: T_SIP }, 'toEndpoint'),
  transfer('a startDialOut option (displayName)', { toEndPoint: T_SIP, displayName: 'Desk' }, 'displayName'),
  transfer('a sessionId of its own', { toEndPoint: T_SIP, sessionId: 'another-session' }, 'sessionId'),
  refer('refer to a + target', { toEndPoint: T_PHONE }, 'toEndPoint'),
  refer('refer toEndPoint sip: with port 0', { toEndPoint: 'sip:bob@example.com:0' }, 'toEndPoint'),
  refer('refer with callerId', { toEndPoint: T_SIP, callerId: 'caller-1' }, 'callerId'),
  refer('refer with callerId empty', { toEndPoint: T_SIP, callerId: '' }, 'callerId'),
  refer('refer with extension', { toEndPoint: T_SIP, extension: '12' }, 'extension'),
  refer('refer with waitBeforeExtensionDialSec 99', { toEndPoint: T_SIP, waitBeforeExtensionDialSec: 99 }, 'waitBeforeExtensionDialSec'),
];

/** Transfer options we accept. */
const VALID_TRANSFERS: readonly TransferCase[] = [
  transfer('sip: target', { toEndPoint: T_SIP }, ''),
  transfer('sip: target with port, parameter and X- header', { toEndPoint: 'sip:bob@192.0.2.4:5060;transport=tls?X-Ticket=42' }, ''),
  transfer('+ target', { toEndPoint: T_PHONE }, ''),
  transfer('+ target with every option', { toEndPoint: T_PHONE, callerId: '99ae8efd-d32c-4786-9bb4-77735a4e7d22', extension: '1'.repeat(20), waitBeforeExtensionDialSec: 60 }, ''),
  transfer('+ target, waitBeforeExtensionDialSec 0', { toEndPoint: T_PHONE, extension: '9', waitBeforeExtensionDialSec: 0 }, ''),
  refer('refer to a sip: target', { toEndPoint: T_SIP }, ''),
];

/** The invalid ones daily-js 0.92.2 sends on (for the README's table: option object → the path we refuse at). */
const LOOSER_TRANSFERS = [
  'toEndPoint +0…',
  'toEndPoint + and 16 digits',
  'toEndPoint + with spaces and dashes',
  'toEndPoint sip: alone',
  'toEndPoint sip: with a space',
  'toEndPoint sip: with port 70000',
  'toEndPoint sip: with a non-X- header',
  'huge sip: toEndPoint (1 MB)',
  'callerId empty with a sip: target',
  'callerId empty',
  'callerId of 256 characters',
  'extension with a sip: target',
  'extension empty',
  'waitBeforeExtensionDialSec 0 without extension',
  'waitBeforeExtensionDialSec -1',
  'waitBeforeExtensionDialSec 4.5',
  'waitBeforeExtensionDialSec NaN',
  'a typo next to a valid target (toEndpoint)',
  'a startDialOut option (displayName)',
  'a sessionId of its own',
  'refer toEndPoint sip: with port 0',
  'refer with callerId empty',
  'refer with extension',
  'refer with waitBeforeExtensionDialSec 99',
];

describe('daily-js 0.92.2 sipCallTransfer() / sipRefer() against our transfer rules', () => {
  it('sends on exactly the invalid options listed, and every valid one with the request shape we expect', async () => {
    const { call, emulator } = calls.create();
    await call.join({ url: ROOM_URL });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const sent = () => emulator.received.filter((r) => r.action === 'sip-call-transfer');
    /** daily-js gets a fresh object with the session's id, as the library hands it (daily-js writes `useSipRefer` into it). */
    const send = (entry: TransferCase, options: Record<string, unknown>) => {
      const request = call[entry.method]({ sessionId: SESSION, ...options } as never).catch(() => undefined);
      // whatever the emulator answers, or if it holds the request: the verdict is in `received`
      return Promise.race([request, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    };

    const forwarded: string[] = [];
    for (const entry of INVALID_TRANSFERS) {
      const issues = (entry.method === 'sipRefer' ? validateReferOptions : validateTransferOptions)(entry.options);
      expect(issues[0]?.path, entry.name).toBe(entry.path);
      const before = sent().length;
      await send(entry, entry.options);
      if (sent().length > before) forwarded.push(entry.name);
    }

    const refusedValid: string[] = [];
    for (const entry of VALID_TRANSFERS) {
      const parsed = entry.method === 'sipRefer' ? parseReferOptions(entry.options) : parseTransferOptions(entry.options);
      const before = sent().length;
      await send(entry, { ...parsed });
      const request = sent()[before];
      if (!request) {
        refusedValid.push(entry.name);
        continue;
      }
      expect(request.payload, entry.name).toEqual({ sessionId: SESSION, ...parsed, useSipRefer: entry.method === 'sipRefer' });
    }

    expect(refusedValid, 'valid options that daily-js refuses').toEqual([]);
    expect(forwarded, 'invalid transfer options daily-js sends on').toEqual(LOOSER_TRANSFERS);
  });
});

// --- dial-in: daily-js's client-side verdict on `startDialIn()` ----------------------------------------------------
// Whatever the emulator answers a `dialin-start` request with, daily-js either refuses an options object itself (no
// request sent) or sends it: the verdict is read from the emulator's `received` list. daily-js sends
// `{ action: 'dialin-start', sipMode: 'dial-in', ...options }`, so an `action` of the caller's replaces its own: a
// request counts as sent when its action is `dialin-start` or it carries a `sipMode`.

const NAME = 'Front desk';
const FULL_BASE = { video: true, audio: true, screenVideo: false, screenAudio: false, customVideo: { '*': false }, customAudio: { '*': true } };

interface DialInCase {
  readonly name: string;
  readonly options: unknown;
  /** The path we refuse at (first issue); `''` for valid ones. */
  readonly path: string;
}

const dialIn = (name: string, options: unknown, path = ''): DialInCase => ({ name, options, path });
/** `{ displayName, ...extra }`, the one option daily-js requires. */
const named = (name: string, extra: Record<string, unknown>, path: string): DialInCase => dialIn(name, { displayName: NAME, ...extra }, path);

/** startDialIn options we refuse. */
const INVALID_DIAL_INS: readonly DialInCase[] = [
  dialIn('no options', undefined, ''),
  dialIn('null', null, ''),
  dialIn('a bare name', NAME, ''),
  dialIn('a function with a displayName', Object.assign(() => undefined, { displayName: NAME }), ''),
  dialIn('an array with a displayName', Object.assign([], { displayName: NAME }), ''),
  dialIn('a Date with a displayName', Object.assign(new Date(0), { displayName: NAME }), ''),
  dialIn('no displayName', {}, 'displayName'),
  dialIn('an inherited displayName', Object.create({ displayName: NAME }), 'displayName'),
  dialIn('displayName empty', { displayName: '' }, 'displayName'),
  dialIn('displayName of 200 characters', { displayName: 'x'.repeat(200) }, 'displayName'),
  dialIn('huge displayName (1 MB)', { displayName: 'x'.repeat(1_000_000) }, 'displayName'),
  dialIn('displayName as a number', { displayName: 42 }, 'displayName'),
  named('userId of 37 characters', { userId: 'u'.repeat(37) }, 'userId'),
  named('userId as a number', { userId: 7 }, 'userId'),
  named('userId null', { userId: null }, 'userId'),
  named('video as a string', { video: 'true' }, 'video'),
  named('video 0', { video: 0 }, 'video'),
  named('video null', { video: null }, 'video'),
  named('sipEndpoint empty', { sipEndpoint: '' }, 'sipEndpoint'),
  named('sipEndpoint not a URI', { sipEndpoint: 'front desk' }, 'sipEndpoint'),
  named('sipEndpoint SIP: (uppercase)', { sipEndpoint: 'SIP:room@sip.daily.co' }, 'sipEndpoint'),
  named('sipEndpoint sip: alone', { sipEndpoint: 'sip:' }, 'sipEndpoint'),
  named('sipEndpoint with a space', { sipEndpoint: 'sip:front desk@sip.daily.co' }, 'sipEndpoint'),
  named('sipEndpoint with port 70000', { sipEndpoint: 'sip:room@sip.daily.co:70000' }, 'sipEndpoint'),
  named('sipEndpoint with a non-X- header', { sipEndpoint: 'sip:room@sip.daily.co?Subject=hi' }, 'sipEndpoint'),
  named('huge sipEndpoint (1 MB)', { sipEndpoint: `sip:${'a'.repeat(1_000_000)}@sip.daily.co` }, 'sipEndpoint'),
  named('sipEndpoint as a number', { sipEndpoint: 5060 }, 'sipEndpoint'),
  named('codecs as an array', { codecs: [] }, 'codecs'),
  named('codecs null', { codecs: null }, 'codecs'),
  named('codecs as a string', { codecs: 'OPUS' }, 'codecs'),
  named('codecs with an unknown kind', { codecs: { data: ['T140'] } }, 'codecs.data'),
  named('codecs.audio empty', { codecs: { audio: [] } }, 'codecs.audio'),
  named('codecs.audio lowercase', { codecs: { audio: ['opus'] } }, 'codecs.audio[0]'),
  named('codecs.audio repeated', { codecs: { audio: ['OPUS', 'OPUS'] } }, 'codecs.audio[1]'),
  named('codecs.video VP9', { codecs: { video: ['VP9'] } }, 'codecs.video[0]'),
  named('permissions as an array', { permissions: [] }, 'permissions'),
  named('permissions null', { permissions: null }, 'permissions'),
  named('permissions true', { permissions: true }, 'permissions'),
  named('permissions without canReceive', { permissions: {} }, 'permissions.canReceive'),
  named('permissions with canSend', { permissions: { canSend: true, canReceive: { base: true } } }, 'permissions.canSend'),
  named('permissions.canReceive.base as a string', { permissions: { canReceive: { base: 'yes' } } }, 'permissions.canReceive.base'),
  named('permissions.canReceive.base missing media types', { permissions: { canReceive: { base: { video: true } } } }, 'permissions.canReceive.base.audio'),
  named('provider empty', { provider: '' }, 'provider'),
  named('provider null', { provider: null }, 'provider'),
  named('provider false', { provider: false }, 'provider'),
  named('provider Daily', { provider: 'Daily' }, 'provider'),
  named('provider twilio', { provider: 'twilio' }, 'provider'),
  named('a startDialOut option (sipUri)', { sipUri: 'sip:room@sip.daily.co' }, 'sipUri'),
  named('a startDialOut option (videoSettings)', { videoSettings: { width: 640 } }, 'videoSettings'),
  named('a typo next to displayName (displayname)', { displayname: NAME }, 'displayname'),
  named('sipMode of its own', { sipMode: 'dial-out' }, 'sipMode'),
  named('action of its own', { action: 'x-not-dialin-start' }, 'action'),
];

/** startDialIn options we accept. */
const VALID_DIAL_INS: readonly DialInCase[] = [
  dialIn('only a displayName', { displayName: NAME }),
  dialIn('displayName of 199 characters', { displayName: 'x'.repeat(199) }),
  dialIn('every option', {
    displayName: NAME,
    userId: 'u'.repeat(36),
    video: true,
    sipEndpoint: 'sip:room-name@sip.daily.co',
    codecs: { audio: ['OPUS', 'PCMU', 'PCMA', 'G722'], video: ['VP8', 'H264'] },
    permissions: { canReceive: { base: FULL_BASE, byUserId: { alice: { video: false } } } },
    provider: 'daily',
  }),
  dialIn('provider signalwire, SignalWire endpoint', { displayName: NAME, provider: 'signalwire', sipEndpoint: 'sip:my-sip-room.0@daily-23097230720-app.dapp.signalwire.com' }),
  dialIn('userId empty, video false', { displayName: NAME, userId: '', video: false }),
  dialIn('empty codecs, empty canReceive', { displayName: NAME, codecs: {}, permissions: { canReceive: {} } }),
  dialIn('a class instance', new (class Options { displayName = NAME })()),
];

/** The invalid ones daily-js 0.92.2 sends on (for the README's table: option object → the path we refuse at). */
const LOOSER_DIAL_INS = [
  'an array with a displayName',
  'a Date with a displayName',
  'an inherited displayName',
  'sipEndpoint empty',
  'sipEndpoint not a URI',
  'sipEndpoint SIP: (uppercase)',
  'sipEndpoint sip: alone',
  'sipEndpoint with a space',
  'sipEndpoint with port 70000',
  'sipEndpoint with a non-X- header',
  'huge sipEndpoint (1 MB)',
  'codecs as an array',
  'codecs with an unknown kind',
  'codecs.audio empty',
  'codecs.audio lowercase',
  'codecs.audio repeated',
  'codecs.video VP9',
  'permissions as an array',
  'permissions without canReceive',
  'permissions with canSend',
  'permissions.canReceive.base as a string',
  'permissions.canReceive.base missing media types',
  'provider empty',
  'provider null',
  'provider false',
  'a startDialOut option (sipUri)',
  'a startDialOut option (videoSettings)',
  'a typo next to displayName (displayname)',
  'sipMode of its own',
  'action of its own',
];

describe('daily-js 0.92.2 startDialIn() against our dial-in rules', () => {
  it('sends on exactly the invalid options listed, and every valid one with the request shape we expect', async () => {
    const { call, emulator } = calls.create();
    await call.join({ url: ROOM_URL });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const sent = () => emulator.received.filter((r) => r.action === 'dialin-start' || r.payload.sipMode !== undefined);
    const send = (options: unknown) => {
      const request = Promise.resolve()
        .then(() => call.startDialIn(options as never))
        .catch(() => undefined);
      // whatever the emulator answers, or if it holds the request: the verdict is in `received`
      return Promise.race([request, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    };

    const forwarded: string[] = [];
    for (const entry of INVALID_DIAL_INS) {
      const issues = validateStartDialInOptions(entry.options);
      expect(issues[0]?.path, entry.name).toBe(entry.path);
      expect(() => parseStartDialInOptions(entry.options), entry.name).toThrow(DialOutValidationError);
      const before = sent().length;
      await send(entry.options);
      if (sent().length > before) forwarded.push(entry.name);
    }

    // the frozen parsed object is handed over as is: daily-js 0.92.2 copies it before adding a default provider
    const refusedValid: string[] = [];
    for (const entry of VALID_DIAL_INS) {
      expect(validateStartDialInOptions(entry.options), entry.name).toEqual([]);
      const parsed = parseStartDialInOptions(entry.options);
      const before = sent().length;
      await send(parsed);
      const request = sent()[before];
      if (!request) {
        refusedValid.push(entry.name);
        continue;
      }
      expect(request.action, entry.name).toBe('dialin-start');
      expect(request.payload, entry.name).toEqual({ sipMode: 'dial-in', ...parsed, provider: parsed.provider ?? 'signalwire' });
    }

    expect(refusedValid, 'valid options that daily-js refuses').toEqual([]);
    expect(forwarded, 'invalid startDialIn options daily-js sends on').toEqual(LOOSER_DIAL_INS);
  });
});
