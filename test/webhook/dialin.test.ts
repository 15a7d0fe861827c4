// Runs in jsdom (the default environment): parseDialOutWebhook is browser-safe.
// Daily's dialin.* webhooks (../shared/daily-docs/ref-dialin.md §3), parsed by the same parseDialOutWebhook.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { DialInWebhookType as ServerDialInWebhookType } from '../../src/server/index.js';
import { DialOutWebhookError } from '../../src/webhook/errors.js';
import { parseDialOutWebhook } from '../../src/webhook/parse.js';
import type { DialInWebhookType, DialOutWebhookEvent, DialOutWebhookPayload, DialOutWebhookType } from '../../src/webhook/types.js';

/** Daily's example of `dialin.ready`, verbatim. */
const READY = `{
  "version": "1.0.0",
  "type": "dialin.ready",
  "id": "3602-dial-in-ready-1744186319",
  "payload": {
    "domain_id": "04b89420-cf8b-4ea5-a428-02c40b0e2a59",
    "room": "my-sip-room",
    "timestamp": "1744186319",
    "sip_endpoint": "sip:my-sip-room.0@daily-23097230720-app.dapp.signalwire.com"
  },
  "event_ts": 1744186319.195
}`;

/** Daily's example of `dialin.connected`, verbatim. */
const CONNECTED = `{
  "version": "1.0.0",
  "type": "dialin.connected",
  "id": "2868-dial-in-con-ff1e7130-7752-4304-9cf4-08d2583a41dc",
  "payload": {
    "domain_id": "04b89420-cf8b-4ea5-a428-02c40b0e2a59",
    "room": "my-dialin-room",
    "timestamp": "1728036610",
    "session_id": "ff1e7130-7752-4304-9cf4-08d2583a41dc",
    "sip_from": "sip:myuser@mysip.sip.twilio.com",
    "sip_headers": {
      "X-New-Hdr": "myhdr"
    },
    "display_name": "sip-user"
  },
  "event_ts": 1728036610.899
}`;

/** Daily's example of `dialin.warning`, verbatim. */
const WARNING = `{
  "version": "1.0.0",
  "type": "dialin.warning",
  "id": "2868-dial-in-warn-ff1e7130-7752-4304-9cf4-08d2583a41dc",
  "payload": {
    "domain_id": "04b89420-cf8b-4ea5-a428-02c40b0e2a59",
    "room": "my-dialin-room",
    "timestamp": "1728036639",
    "session_id": "ff1e7130-7752-4304-9cf4-08d2583a41dc",
    "error_msg": "Dialin codec did not match, using fallback."
  },
  "event_ts": 1728036639.433
}`;

/**
 * `dialin.stopped`: Daily's stored example is cut after `"domain_id": "04b8…`; its envelope as given, its payload with
 * the fields of `dialin.connected` (Daily: "same fields").
 */
const STOPPED = {
  version: '1.0.0',
  type: 'dialin.stopped',
  id: '2868-dial-in-stop-ff1e7130-7752-4304-9cf4-08d2583a41dc',
  payload: {
    domain_id: '04b89420-cf8b-4ea5-a428-02c40b0e2a59',
    room: 'my-dialin-room',
    timestamp: '1728036700',
    session_id: 'ff1e7130-7752-4304-9cf4-08d2583a41dc',
    sip_from: 'sip:myuser@mysip.sip.twilio.com',
    sip_headers: { 'X-New-Hdr': 'myhdr' },
    display_name: 'sip-user',
  },
  event_ts: 1728036700.123,
};

/** `dialin.error`: Daily's example is not retrievable; the fields of its table (timestamp, session_id, domain_id, room, error_msg). */
const ERROR = {
  version: '1.0.0',
  type: 'dialin.error',
  id: '2868-dial-in-err-ff1e7130-7752-4304-9cf4-08d2583a41dc',
  payload: {
    domain_id: '04b89420-cf8b-4ea5-a428-02c40b0e2a59',
    room: 'my-dialin-room',
    timestamp: '1728036612',
    session_id: 'ff1e7130-7752-4304-9cf4-08d2583a41dc',
    error_msg: 'SDP negotiation failed',
  },
  event_ts: 1728036612.5,
};

const TYPES = ['dialin.ready', 'dialin.connected', 'dialin.stopped', 'dialin.warning', 'dialin.error'] as const;
/** The types that need a `session_id`: all but `dialin.ready`. */
const WITH_SESSION = ['dialin.connected', 'dialin.stopped', 'dialin.warning', 'dialin.error'] as const;

/** A dial-in webhook of `type` with this payload (the envelope of Daily's connected example). */
function dialin(payload: Record<string, unknown>, type: DialInWebhookType = 'dialin.connected') {
  return { ...(JSON.parse(CONNECTED) as Record<string, unknown>), type, payload };
}

function fieldOf(body: unknown): string {
  try {
    parseDialOutWebhook(body);
  } catch (error) {
    expect(error).toBeInstanceOf(DialOutWebhookError);
    return (error as DialOutWebhookError).field;
  }
  throw new Error('expected parseDialOutWebhook to throw');
}

function messageOf(body: unknown): string {
  try {
    parseDialOutWebhook(body);
  } catch (error) {
    return (error as Error).message;
  }
  return 'accepted';
}

/** `count` headers `X-H0`, `X-H1`, …, each with the value `v`. */
function headers(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`X-H${i}`, 'v']));
}

describe('parseDialOutWebhook: dialin.* webhooks', () => {
  it('parses Daily’s dialin.ready example: the string timestamp as a number, no session_id', () => {
    const event = parseDialOutWebhook(JSON.parse(READY));
    expect(event).toStrictEqual({
      version: '1.0.0',
      type: 'dialin.ready',
      id: '3602-dial-in-ready-1744186319',
      event_ts: 1744186319.195,
      payload: {
        timestamp: 1744186319,
        room: 'my-sip-room',
        domain_id: '04b89420-cf8b-4ea5-a428-02c40b0e2a59',
        sip_endpoint: 'sip:my-sip-room.0@daily-23097230720-app.dapp.signalwire.com',
      },
    });
    expect(Object.isFrozen(event)).toBe(true);
    expect(Object.isFrozen(event.payload)).toBe(true);
  });

  it('parses Daily’s dialin.connected example with every field, the SIP headers as a frozen copy', () => {
    const body = JSON.parse(CONNECTED) as { payload: { sip_headers: Record<string, string> } };
    const event = parseDialOutWebhook(body);
    expect(event).toStrictEqual({
      version: '1.0.0',
      type: 'dialin.connected',
      id: '2868-dial-in-con-ff1e7130-7752-4304-9cf4-08d2583a41dc',
      event_ts: 1728036610.899,
      payload: {
        session_id: 'ff1e7130-7752-4304-9cf4-08d2583a41dc',
        timestamp: 1728036610,
        room: 'my-dialin-room',
        domain_id: '04b89420-cf8b-4ea5-a428-02c40b0e2a59',
        sip_from: 'sip:myuser@mysip.sip.twilio.com',
        display_name: 'sip-user',
        sip_headers: { 'X-New-Hdr': 'myhdr' },
      },
    });
    expect(Object.isFrozen(event.payload.sip_headers)).toBe(true);
    expect(event.payload.sip_headers).not.toBe(body.payload.sip_headers);
    body.payload.sip_headers['X-New-Hdr'] = 'changed';
    expect(event.payload.sip_headers?.['X-New-Hdr']).toBe('myhdr');
  });

  it('parses Daily’s dialin.warning example', () => {
    expect(parseDialOutWebhook(JSON.parse(WARNING))).toStrictEqual({
      version: '1.0.0',
      type: 'dialin.warning',
      id: '2868-dial-in-warn-ff1e7130-7752-4304-9cf4-08d2583a41dc',
      event_ts: 1728036639.433,
      payload: {
        session_id: 'ff1e7130-7752-4304-9cf4-08d2583a41dc',
        timestamp: 1728036639,
        room: 'my-dialin-room',
        domain_id: '04b89420-cf8b-4ea5-a428-02c40b0e2a59',
        error_msg: 'Dialin codec did not match, using fallback.',
      },
    });
  });

  it('parses a dialin.stopped (Daily’s example is cut off) with the fields of dialin.connected', () => {
    const event = parseDialOutWebhook(STOPPED);
    expect(event.type).toBe('dialin.stopped');
    expect(event.payload).toStrictEqual({ ...STOPPED.payload, timestamp: 1728036700 });
  });

  it('parses a dialin.error (Daily has no example) with the fields of its table', () => {
    const event = parseDialOutWebhook(ERROR);
    expect(event.type).toBe('dialin.error');
    expect(event.payload).toStrictEqual({ ...ERROR.payload, timestamp: 1728036612 });
  });

  it.each(WITH_SESSION)('accepts %s with a number timestamp and only a session_id', (type) => {
    const event = parseDialOutWebhook(dialin({ session_id: 'S1', timestamp: 1728036610 }, type));
    expect(event.type).toBe(type);
    expect(event.payload).toStrictEqual({ session_id: 'S1', timestamp: 1728036610 });
  });

  it('accepts dialin.ready with nothing but an empty payload; a session_id there is kept, null or empty absent', () => {
    expect(parseDialOutWebhook(dialin({}, 'dialin.ready')).payload).toStrictEqual({});
    expect(parseDialOutWebhook(dialin({ session_id: null, sip_endpoint: 'sip:a@b.c' }, 'dialin.ready')).payload).toStrictEqual({
      sip_endpoint: 'sip:a@b.c',
    });
    expect(parseDialOutWebhook(dialin({ session_id: '' }, 'dialin.ready')).payload).toStrictEqual({});
    expect(parseDialOutWebhook(dialin({ session_id: 'S1' }, 'dialin.ready')).payload).toStrictEqual({ session_id: 'S1' });
  });

  it.each(TYPES)('%s: null counts as absent for the optional fields', (type) => {
    const payload = {
      session_id: 'S1',
      timestamp: null,
      room: null,
      domain_id: null,
      sip_endpoint: null,
      sip_from: null,
      display_name: null,
      sip_headers: null,
      error_msg: null,
    };
    expect(parseDialOutWebhook(dialin(payload, type)).payload).toStrictEqual({ session_id: 'S1' });
  });

  it('accepts a phone-number sip_from (PSTN) and empty strings as given', () => {
    const payload = { session_id: 'S1', sip_from: '+12268077097', display_name: '', sip_endpoint: '', error_msg: '' };
    expect(parseDialOutWebhook(dialin(payload)).payload).toStrictEqual(payload);
  });

  it('accepts the dial-in fields on any dialin.* type (they are split by family, as Daily’s fields are)', () => {
    const payload = { session_id: 'S1', sip_endpoint: 'sip:a@b.c', sip_from: 'sip:c@d.e', error_msg: 'x', sip_headers: { 'X-A': '1' } };
    for (const type of TYPES) expect(parseDialOutWebhook(dialin(payload, type)).payload).toStrictEqual(payload);
  });

  it('drops unknown fields, user_id (Daily documents none on dial-in) and the other families’ fields, both ways', () => {
    const withOthers = dialin({
      session_id: 'S1',
      user_id: 'user_123',
      destination: '+12268077097',
      caller_id: 42, // not even checked: not a dial-in field
      to_endpoint: 'sip:a@b.c',
      mtg_session_id: 7,
      is_sip_refer: 'yes',
      sip_call_id: 'abc123@sip.daily.co',
      provider: 'daily',
    });
    expect(parseDialOutWebhook(withOthers).payload).toStrictEqual({ session_id: 'S1' });
    const dialInFields = { session_id: 'S1', sip_from: 5, display_name: [], sip_endpoint: {}, sip_headers: 'X-A: 1' };
    for (const type of ['dialout.stopped', 'calltransfer.completed'] as const) {
      expect(parseDialOutWebhook({ ...dialin(dialInFields), type }).payload).toStrictEqual({ session_id: 'S1' });
    }
  });

  it('keeps up to 64 SIP headers, names up to 256 characters, values up to 8192, empty values; leaves null values out', () => {
    const many = headers(64);
    expect(parseDialOutWebhook(dialin({ session_id: 'S1', sip_headers: many })).payload.sip_headers).toStrictEqual(many);
    const edges = { ['X'.repeat(256)]: '', 'X-Big': 'v'.repeat(8192), 'X-Null': null, 'x_lower.case~': 'ok' };
    expect(parseDialOutWebhook(dialin({ session_id: 'S1', sip_headers: edges })).payload.sip_headers).toStrictEqual({
      ['X'.repeat(256)]: '',
      'X-Big': 'v'.repeat(8192),
      'x_lower.case~': 'ok',
    });
    expect(parseDialOutWebhook(dialin({ session_id: 'S1', sip_headers: {} })).payload.sip_headers).toStrictEqual({});
  });

  it('keeps a "__proto__" header as an own key, polluting nothing', () => {
    const body = JSON.parse('{"version":"1.0.0","type":"dialin.connected","id":"x","event_ts":1,"payload":{"session_id":"S1","sip_headers":{"__proto__":"p","X-A":"a"}}}');
    const sipHeaders = parseDialOutWebhook(body).payload.sip_headers as Record<string, string>;
    expect(Object.keys(sipHeaders)).toEqual(['__proto__', 'X-A']);
    expect(Object.getPrototypeOf(sipHeaders)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });

  it('gives an equal result when parsing its own result', () => {
    for (const body of [JSON.parse(READY), JSON.parse(CONNECTED), JSON.parse(WARNING), STOPPED, ERROR]) {
      const once = parseDialOutWebhook(body);
      expect(parseDialOutWebhook(once)).toStrictEqual(once);
    }
  });

  it.each<[name: string, body: unknown, field: string]>([
    ...WITH_SESSION.flatMap((type): [string, unknown, string][] => [
      [`${type} without session_id`, dialin({ timestamp: 1 }, type), 'payload.session_id'],
      [`${type} with session_id null`, dialin({ session_id: null }, type), 'payload.session_id'],
      [`${type} with an empty session_id`, dialin({ session_id: '' }, type), 'payload.session_id'],
    ]),
    ['a number session_id', dialin({ session_id: 7 }), 'payload.session_id'],
    ['a number session_id on dialin.ready', dialin({ session_id: 7 }, 'dialin.ready'), 'payload.session_id'],
    ['a number sip_endpoint', dialin({ sip_endpoint: 5060 }, 'dialin.ready'), 'payload.sip_endpoint'],
    ['an array sip_from', dialin({ session_id: 'S1', sip_from: ['sip:a@b.c'] }), 'payload.sip_from'],
    ['an object display_name', dialin({ session_id: 'S1', display_name: { name: 'x' } }, 'dialin.stopped'), 'payload.display_name'],
    ['a boolean error_msg', dialin({ session_id: 'S1', error_msg: true }, 'dialin.error'), 'payload.error_msg'],
    ['a number room', dialin({ session_id: 'S1', room: 42 }, 'dialin.warning'), 'payload.room'],
    ['a word timestamp', dialin({ session_id: 'S1', timestamp: 'yesterday' }), 'payload.timestamp'],
    ['a negative timestamp', dialin({ timestamp: -1 }, 'dialin.ready'), 'payload.timestamp'],
    ['string sip_headers', dialin({ session_id: 'S1', sip_headers: 'X-New-Hdr: myhdr' }), 'payload.sip_headers'],
    ['array sip_headers', dialin({ session_id: 'S1', sip_headers: [['X-New-Hdr', 'myhdr']] }), 'payload.sip_headers'],
    ['number sip_headers', dialin({ session_id: 'S1', sip_headers: 1 }, 'dialin.stopped'), 'payload.sip_headers'],
    ['a Map as sip_headers', dialin({ session_id: 'S1', sip_headers: new Map([['X-A', '1']]) }), 'payload.sip_headers'],
    ['a number header value', dialin({ session_id: 'S1', sip_headers: { 'X-New-Hdr': 1 } }), 'payload.sip_headers.X-New-Hdr'],
    ['an object header value', dialin({ session_id: 'S1', sip_headers: { 'X-A': 'a', 'X-B': { v: 1 } } }), 'payload.sip_headers.X-B'],
    ['an array header value', dialin({ session_id: 'S1', sip_headers: { 'X-List': ['a', 'b'] } }, 'dialin.stopped'), 'payload.sip_headers.X-List'],
    ['a boolean header value', dialin({ session_id: 'S1', sip_headers: { 'X-Flag': true } }, 'dialin.warning'), 'payload.sip_headers.X-Flag'],
    ['a bad value under a name that is not a word', dialin({ session_id: 'S1', sip_headers: { 'X A': 1 } }), 'payload.sip_headers["X A"]'],
    ['a header value of 8193 characters', dialin({ session_id: 'S1', sip_headers: { 'X-Big': 'v'.repeat(8193) } }), 'payload.sip_headers.X-Big'],
    ['65 headers', dialin({ session_id: 'S1', sip_headers: headers(65) }), 'payload.sip_headers'],
    ['a header name of 257 characters', dialin({ session_id: 'S1', sip_headers: { ['X'.repeat(257)]: 'v' } }), 'payload.sip_headers'],
    ['an empty header name', dialin({ session_id: 'S1', sip_headers: { '': 'v' } }), 'payload.sip_headers'],
    ['a missing payload', { ...dialin({}), payload: undefined }, 'payload'],
  ])('rejects %s, naming the field', (_name, body, field) => {
    expect(fieldOf(body)).toBe(field);
  });

  it.each([
    ['dialin.started', 'not a documented type'],
    ['dialin.Connected', 'types are case-sensitive'],
    ['dialin-connected', 'the daily-js event’s name, not the webhook’s'],
    ['dialin', 'no kind'],
    ['dialin.ready ', 'a trailing space'],
  ])('still rejects the unknown type %s (%s), naming type', (type) => {
    expect(fieldOf({ ...dialin({ session_id: 'S1' }), type })).toBe('type');
  });

  it('lists the dial-in types in the type error', () => {
    expect(messageOf({ ...dialin({}), type: 'meeting.started' })).toMatch(
      /^Invalid dial-out webhook: type: must be one of .*calltransfer\.completed, dialin\.ready, dialin\.connected, dialin\.stopped, dialin\.warning, dialin\.error, got a string$/,
    );
    expect(messageOf(dialin({ timestamp: 1 }, 'dialin.warning'))).toBe('Invalid dial-out webhook: payload.session_id: is required for dialin.warning, got nothing');
  });

  it('names the rule and the kind of a bad value, never the value (it may be a phone number or a SIP URI)', () => {
    const secret = '15555550123';
    const messages = [
      dialin({ session_id: 'S1', sip_from: Number(secret) }),
      dialin({ session_id: 'S1', display_name: [`+${secret}`] }),
      dialin({ sip_endpoint: { uri: `sip:${secret}@example.com` } }, 'dialin.ready'),
      dialin({ session_id: 'S1', sip_headers: `X-Caller: +${secret}` }),
      dialin({ session_id: 'S1', sip_headers: { 'X-Caller': Number(secret) } }),
      dialin({ session_id: 'S1', sip_headers: { 'X-Caller': `+${secret}`.repeat(1000) } }),
      dialin({ session_id: 'S1', sip_headers: headers(100) }),
      dialin({ session_id: Number(secret) }, 'dialin.error'),
      { ...dialin({ session_id: 'S1' }), type: `dialin.${secret}` },
    ].map(messageOf);
    expect(messages).toEqual([
      'Invalid dial-out webhook: payload.sip_from: must be a string, got a number',
      'Invalid dial-out webhook: payload.display_name: must be a string, got an array',
      'Invalid dial-out webhook: payload.sip_endpoint: must be a string, got an object',
      'Invalid dial-out webhook: payload.sip_headers: must be an object of header names to strings, got a string',
      'Invalid dial-out webhook: payload.sip_headers.X-Caller: must be a string, got a number',
      'Invalid dial-out webhook: payload.sip_headers.X-Caller: must be at most 8192 characters, got 12000',
      'Invalid dial-out webhook: payload.sip_headers: must have at most 64 headers, got 100',
      'Invalid dial-out webhook: payload.session_id: must be a non-empty string, got a number',
      expect.stringMatching(/^Invalid dial-out webhook: type: must be one of .*dialin\.error, got a string$/),
    ]);
    for (const message of messages) expect(message).not.toContain(secret.slice(0, 7));
  });

  it('reads each field and each header once; a getter that throws reads as missing', () => {
    let reads = 0;
    const sipHeaders = Object.defineProperty({ 'X-A': 'a' }, 'X-B', {
      enumerable: true,
      get: () => {
        reads += 1;
        return 'b';
      },
    });
    let headerReads = 0;
    const payload = Object.defineProperty({ session_id: 'S1' }, 'sip_headers', {
      enumerable: true,
      get: () => {
        headerReads += 1;
        return sipHeaders;
      },
    });
    expect(parseDialOutWebhook(dialin(payload)).payload).toStrictEqual({ session_id: 'S1', sip_headers: { 'X-A': 'a', 'X-B': 'b' } });
    expect([reads, headerReads]).toEqual([1, 1]);
    const throwing = <T extends object>(target: T, key: string): T =>
      Object.defineProperty(target, key, {
        enumerable: true,
        get: () => {
          throw new Error('getter');
        },
      });
    expect(parseDialOutWebhook(dialin(throwing({ session_id: 'S1', sip_from: 'sip:a@b.c' }, 'sip_headers'))).payload).toStrictEqual({
      session_id: 'S1',
      sip_from: 'sip:a@b.c',
    });
    expect(parseDialOutWebhook(dialin({ session_id: 'S1', sip_headers: throwing({ 'X-A': 'a' }, 'X-B') })).payload).toStrictEqual({
      session_id: 'S1',
      sip_headers: { 'X-A': 'a' },
    });
    expect(parseDialOutWebhook(dialin(throwing({ session_id: 'S1' }, 'display_name'))).payload).toStrictEqual({ session_id: 'S1' });
    expect(fieldOf(dialin(throwing({}, 'session_id'), 'dialin.stopped'))).toBe('payload.session_id');
    expect(parseDialOutWebhook(dialin(throwing({}, 'session_id'), 'dialin.ready')).payload).toStrictEqual({});
  });

  it('types: DialOutWebhookType includes the five dial-in types, and the payload their fields', () => {
    expectTypeOf<DialInWebhookType>().toEqualTypeOf<'dialin.ready' | 'dialin.connected' | 'dialin.stopped' | 'dialin.warning' | 'dialin.error'>();
    expectTypeOf<DialInWebhookType>().toMatchTypeOf<DialOutWebhookType>();
    expectTypeOf<ServerDialInWebhookType>().toEqualTypeOf<DialInWebhookType>();
    expectTypeOf<DialOutWebhookEvent['type']>().toEqualTypeOf<DialOutWebhookType>();
    expectTypeOf<DialOutWebhookPayload['sip_headers']>().toEqualTypeOf<Readonly<Record<string, string>> | undefined>();
    expectTypeOf<DialOutWebhookPayload['sip_endpoint']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<DialOutWebhookPayload['sip_from']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<DialOutWebhookPayload['display_name']>().toEqualTypeOf<string | undefined>();
    const event = parseDialOutWebhook(JSON.parse(READY));
    const sipUri = event.type === 'dialin.ready' ? event.payload.sip_endpoint : undefined;
    expect(sipUri).toBe('sip:my-sip-room.0@daily-23097230720-app.dapp.signalwire.com');
  });
});
