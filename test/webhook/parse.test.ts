// Runs in jsdom (the default environment): parseDialOutWebhook is browser-safe.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DialOutWebhookError } from '../../src/webhook/errors.js';
import { parseDialOutWebhook } from '../../src/webhook/parse.js';
import * as server from '../../src/server/index.js';
import type { DialOutWebhookType } from '../../src/webhook/types.js';

/** Daily's example of `dialout.error` ("Dial-out error" webhook page), verbatim. */
const SEED_DIALOUT_ERROR = `{
  "version": "1.0.0",
  "type": "dialout.error",
  "id": "2868-dial-out-err-22b32b65-cd65-42b2-9665-db05ef3e1255",
  "payload": {
    "domain_id": "04b89420-cf8b-4ea5-a428-02c40b0e2a59",
    "room": "my-dialout-room",
    "timestamp": "1728025068",
    "session_id": "22b32b65-cd65-42b2-9665-db05ef3e1255",
    "user_id": null,
    "error_msg": "DialOut failed with error: process error, Channel closed)."
  },
  "event_ts": 1728025068.748
}`;

/** Daily's example of `dialout.connected` (PSTN), "Dial-out Connected" webhook page. */
const CONNECTED = {
  version: '1.0.0',
  type: 'dialout.connected',
  id: '2868-dial-out-con-7d208e2a-520b-4a8d-a2c9-3a36dfa0d342',
  payload: {
    domain_id: '04b89420-cf8b-4ea5-a428-02c40b0e2a59',
    room: 'my-dialout-room',
    timestamp: '1728023426',
    session_id: '7d208e2a-520b-4a8d-a2c9-3a36dfa0d342',
    destination: '+12098888888',
    origin: '+13977888822',
    caller_id: '34b0eb2b-4f6d-41e2-8189-c836e830ffbb',
  },
  event_ts: 1728023426.552,
};

function fieldOf(body: unknown): string {
  try {
    parseDialOutWebhook(body);
  } catch (error) {
    expect(error).toBeInstanceOf(DialOutWebhookError);
    return (error as DialOutWebhookError).field;
  }
  throw new Error('expected parseDialOutWebhook to throw');
}

function withPayload(payload: Record<string, unknown>, type: DialOutWebhookType = 'dialout.connected') {
  return { ...CONNECTED, type, payload };
}

describe('parseDialOutWebhook', () => {
  it('parses the seed example of dialout.error: string timestamp becomes a number, user_id: null is left out', () => {
    const event = parseDialOutWebhook(JSON.parse(SEED_DIALOUT_ERROR));
    expect(event).toStrictEqual({
      version: '1.0.0',
      type: 'dialout.error',
      id: '2868-dial-out-err-22b32b65-cd65-42b2-9665-db05ef3e1255',
      event_ts: 1728025068.748,
      payload: {
        session_id: '22b32b65-cd65-42b2-9665-db05ef3e1255',
        timestamp: 1728025068,
        room: 'my-dialout-room',
        domain_id: '04b89420-cf8b-4ea5-a428-02c40b0e2a59',
        error_msg: 'DialOut failed with error: process error, Channel closed).',
      },
    });
    expect(Object.isFrozen(event)).toBe(true);
    expect(Object.isFrozen(event.payload)).toBe(true);
  });

  it('parses Daily’s dialout.connected example with every payload field', () => {
    expect(parseDialOutWebhook(CONNECTED).payload).toStrictEqual({
      session_id: '7d208e2a-520b-4a8d-a2c9-3a36dfa0d342',
      timestamp: 1728023426,
      room: 'my-dialout-room',
      domain_id: '04b89420-cf8b-4ea5-a428-02c40b0e2a59',
      destination: '+12098888888',
      origin: '+13977888822',
      caller_id: '34b0eb2b-4f6d-41e2-8189-c836e830ffbb',
    });
  });

  it.each(['dialout.connected', 'dialout.answered', 'dialout.stopped', 'dialout.warning', 'dialout.error'] as const)(
    'accepts %s with a number timestamp and a user_id',
    (type) => {
      const event = parseDialOutWebhook(withPayload({ session_id: 'S1', timestamp: 1728023426, user_id: 'agent-7' }, type));
      expect(event.type).toBe(type);
      expect(event.payload).toStrictEqual({ session_id: 'S1', timestamp: 1728023426, user_id: 'agent-7' });
    },
  );

  it.each(['dialout.warning', 'dialout.error'] as const)('accepts %s without a session_id (null or empty counts as absent)', (type) => {
    expect(parseDialOutWebhook(withPayload({ error_msg: 'no workers' }, type)).payload).toStrictEqual({ error_msg: 'no workers' });
    expect(parseDialOutWebhook(withPayload({ session_id: null }, type)).payload).toStrictEqual({});
    expect(parseDialOutWebhook(withPayload({ session_id: '' }, type)).payload).toStrictEqual({});
  });

  it('accepts a payload without timestamp (it is optional) and event_ts as a numeric string', () => {
    const event = parseDialOutWebhook({ ...withPayload({ session_id: 'S1' }), event_ts: '1728023426.552' });
    expect(event.payload).toStrictEqual({ session_id: 'S1' });
    expect(event.event_ts).toBe(1728023426.552);
  });

  it('drops unknown fields, envelope and payload', () => {
    const event = parseDialOutWebhook({ ...withPayload({ session_id: 'S1', sip_headers: { a: 1 } }), retry: 2 });
    expect(Object.keys(event).sort()).toEqual(['event_ts', 'id', 'payload', 'type', 'version']);
    expect(event.payload).toStrictEqual({ session_id: 'S1' });
  });

  it('gives an equal result when parsing its own result (the manager validates again in ingest())', () => {
    const once = parseDialOutWebhook(JSON.parse(SEED_DIALOUT_ERROR));
    expect(parseDialOutWebhook(once)).toStrictEqual(once);
  });

  it('reads own properties only', () => {
    const body = JSON.parse('{"__proto__": {"polluted": true}, "version": "1.0.0", "type": "dialout.stopped", "id": "x", "event_ts": 1, "payload": {"session_id": "S1"}}');
    expect(parseDialOutWebhook(body).payload).toStrictEqual({ session_id: 'S1' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const inherited = Object.assign(Object.create({ version: '1.0.0' }) as object, { ...CONNECTED, version: undefined });
    expect(fieldOf(inherited)).toBe('');
  });

  it.each([
    ['null', null, ''],
    ['the unparsed JSON string', SEED_DIALOUT_ERROR, ''],
    ['an array', [CONNECTED], ''],
    ['a missing version', { ...CONNECTED, version: undefined }, 'version'],
    ['a number version', { ...CONNECTED, version: 1 }, 'version'],
    ['an empty version', { ...CONNECTED, version: '' }, 'version'],
    ['another webhook type', { ...CONNECTED, type: 'meeting.started' }, 'type'],
    ['a made-up dial-out type', { ...CONNECTED, type: 'dialout.started' }, 'type'],
    ['a missing type', { ...CONNECTED, type: undefined }, 'type'],
    ['a missing id', { ...CONNECTED, id: undefined }, 'id'],
    ['a number id', { ...CONNECTED, id: 42 }, 'id'],
    ['a missing event_ts', { ...CONNECTED, event_ts: undefined }, 'event_ts'],
    ['a negative event_ts', { ...CONNECTED, event_ts: -1 }, 'event_ts'],
    ['an infinite event_ts', { ...CONNECTED, event_ts: Infinity }, 'event_ts'],
    ['a date string event_ts', { ...CONNECTED, event_ts: '2024-10-04' }, 'event_ts'],
    ['a missing payload', { ...CONNECTED, payload: undefined }, 'payload'],
    ['an array payload', { ...CONNECTED, payload: [] }, 'payload'],
    ['a string payload', { ...CONNECTED, payload: '{}' }, 'payload'],
    ['connected without session_id', withPayload({ timestamp: 1 }), 'payload.session_id'],
    ['answered with session_id null', withPayload({ session_id: null }, 'dialout.answered'), 'payload.session_id'],
    ['stopped with an empty session_id', withPayload({ session_id: '' }, 'dialout.stopped'), 'payload.session_id'],
    ['error with a number session_id', withPayload({ session_id: 7 }, 'dialout.error'), 'payload.session_id'],
    ['a word timestamp', withPayload({ session_id: 'S1', timestamp: 'yesterday' }), 'payload.timestamp'],
    ['an empty timestamp', withPayload({ session_id: 'S1', timestamp: '' }), 'payload.timestamp'],
    ['a NaN timestamp', withPayload({ session_id: 'S1', timestamp: Number.NaN }), 'payload.timestamp'],
    ['a boolean timestamp', withPayload({ session_id: 'S1', timestamp: true }), 'payload.timestamp'],
    ['a number room', withPayload({ session_id: 'S1', room: 42 }), 'payload.room'],
    ['an object error_msg', withPayload({ error_msg: { text: 'x' } }, 'dialout.error'), 'payload.error_msg'],
    ['a number user_id', withPayload({ session_id: 'S1', user_id: 7 }), 'payload.user_id'],
    ['an array destination', withPayload({ session_id: 'S1', destination: ['+1'] }), 'payload.destination'],
  ])('rejects %s, naming the field', (_name, body, field) => {
    expect(fieldOf(body)).toBe(field);
  });

  it('says what is wrong in the message', () => {
    expect(() => parseDialOutWebhook({ ...CONNECTED, type: 'meeting.started' })).toThrow(
      /^Invalid dial-out webhook: type: must be one of dialout\.connected, dialout\.answered, dialout\.stopped, dialout\.warning, dialout\.error, calltransfer\.triggered, calltransfer\.initiated, calltransfer\.answered, calltransfer\.completed, dialin\.ready, dialin\.connected, dialin\.stopped, dialin\.warning, dialin\.error, got a string$/,
    );
    expect(() => parseDialOutWebhook(SEED_DIALOUT_ERROR)).toThrow(/JSON\.parse/);
    expect(() => parseDialOutWebhook(withPayload({ timestamp: 1 }))).toThrow(/payload\.session_id: is required for dialout\.connected/);
    const error = (() => {
      try {
        parseDialOutWebhook({});
      } catch (e) {
        return e as DialOutWebhookError;
      }
      return undefined;
    })();
    expect(error?.name).toBe('DialOutWebhookError');
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).toBe('Invalid dial-out webhook: version: must be a non-empty string, got nothing');
  });

  it('names the kind of a bad value, never the value (it may be a phone number or a SIP URI)', () => {
    const secret = '15555550123';
    const bodies = [
      withPayload({ session_id: 'S1', destination: Number(secret) }),
      withPayload({ session_id: 'S1', caller_id: [`+${secret}`] }),
      withPayload({ session_id: Number(secret) }),
      withPayload({ session_id: 'S1', timestamp: `+${secret}` }),
      { ...CONNECTED, type: `sip:${secret}@example.com` },
      { ...CONNECTED, version: Number(secret) },
      { ...CONNECTED, event_ts: `tel:+${secret}` },
      `+${secret}`,
    ];
    const messages = bodies.map((body) => {
      try {
        parseDialOutWebhook(body);
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    });
    expect(messages).toEqual([
      'Invalid dial-out webhook: payload.destination: must be a string, got a number',
      'Invalid dial-out webhook: payload.caller_id: must be a string, got an array',
      'Invalid dial-out webhook: payload.session_id: must be a non-empty string, got a number',
      'Invalid dial-out webhook: payload.timestamp: must be Unix seconds (a number ≥ 0, or a string of digits), got a string',
      expect.stringMatching(/^Invalid dial-out webhook: type: must be one of .*, got a string$/),
      'Invalid dial-out webhook: version: must be a non-empty string, got a number',
      'Invalid dial-out webhook: event_ts: must be Unix seconds (a number ≥ 0, or a string of digits), got a string',
      'Invalid dial-out webhook: the body must be a plain JSON object (JSON.parse the raw body first), got a string',
    ]);
    for (const message of messages) expect(message).not.toContain(secret.slice(0, 7));
  });

  it('reads each field once, and a getter that throws as a missing field', () => {
    let reads = 0;
    const body = Object.defineProperty({ ...CONNECTED }, 'id', {
      enumerable: true,
      get: () => {
        reads += 1;
        return 'evt-1';
      },
    });
    expect(parseDialOutWebhook(body).id).toBe('evt-1');
    expect(reads).toBe(1);
    const throwing = Object.defineProperty({ ...CONNECTED }, 'version', {
      enumerable: true,
      get: () => {
        throw new Error('getter');
      },
    });
    expect(fieldOf(throwing)).toBe('version');
  });

  it('is exported from daily-dialout-machine/server, with its error', () => {
    expect(server.parseDialOutWebhook).toBe(parseDialOutWebhook);
    expect(server.DialOutWebhookError).toBe(DialOutWebhookError);
  });

  it('imports nothing from Node (browser-safe)', () => {
    // parse.ts, errors.ts and what they import: the value helpers (src/values.ts) and the types
    for (const file of ['src/webhook/parse.ts', 'src/webhook/errors.ts', 'src/values.ts']) {
      const source = readFileSync(`${process.cwd()}/${file}`, 'utf8');
      expect(source).not.toMatch(/from ['"]node:|require\(|import\(/);
      for (const [, specifier] of source.matchAll(/^import .* from '([^']+)'/gm)) {
        expect(specifier).toMatch(/^(\.\/[a-z]+|\.\.\/values)\.js$/);
      }
    }
  });
});
