// Runs in jsdom (the default environment): parseDialOutWebhook is browser-safe.
// Daily's calltransfer.* webhooks (../shared/daily-docs/ref-transfers.md §5), parsed by the same parseDialOutWebhook.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { DialOutTransferWebhookType } from '../../src/types.js';
import { DialOutWebhookError } from '../../src/webhook/errors.js';
import { parseDialOutWebhook } from '../../src/webhook/parse.js';
import type { DialOutWebhookEvent, DialOutWebhookPayload, DialOutWebhookType } from '../../src/webhook/types.js';

/** Daily's example of `calltransfer.triggered` (requested without sip-refer), verbatim. */
const TRIGGERED = `{
  "version": "1.0.0",
  "type": "calltransfer.triggered",
  "id": "3602-call-transfer-trig-07efe77a-74e8-4e69-81b0-41ca454c06e01770005095",
  "payload": {
    "domain_id": "04b89420-cf8b-4ea5-a428-02c40b0e2a59",
    "room": "sip-test",
    "timestamp": "1770005095",
    "session_id": "07efe77a-74e8-4e69-81b0-41ca454c06e0",
    "mtg_session_id": "34888835-dadc-4874-a2a8-be38da1f8296",
    "to_endpoint": "sip:user-b@user-a.my-domain.com",
    "from_endpoint": "sip:user-a@user-a.my-domain.com",
    "is_sip_refer": false
  },
  "event_ts": 1770005095.25
}`;

/** Daily's two examples of `calltransfer.initiated` (without, then with sip-refer), verbatim. */
const INITIATED = `{
  "version": "1.0.0",
  "type": "calltransfer.initiated",
  "id": "3602-call-transfer-init-07efe77a-74e8-4e69-81b0-41ca454c06e01770005095",
  "payload": {
    "domain_id": "04b89420-cf8b-4ea5-a428-02c40b0e2a59",
    "room": "sip-test",
    "timestamp": "1770005095",
    "session_id": "07efe77a-74e8-4e69-81b0-41ca454c06e0",
    "mtg_session_id": "34888835-dadc-4874-a2a8-be38da1f8296",
    "to_endpoint": "sip:user-b@user-a.my-domain.com",
    "from_endpoint": "sip:user-a@user-a.my-domain.com",
    "is_sip_refer": false
  },
  "event_ts": 1770005095.25
}`;
const INITIATED_REFER = `{
  "version": "1.0.0",
  "type": "calltransfer.initiated",
  "id": "3602-call-transfer-init-07efe77a-74e8-4e69-81b0-41ca454c06e01770005095",
  "payload": {
    "domain_id": "04b89420-cf8b-4ea5-a428-02c40b0e2a59",
    "room": "sip-test",
    "timestamp": "1770005095",
    "session_id": "07efe77a-74e8-4e69-81b0-41ca454c06e0",
    "mtg_session_id": "34888835-dadc-4874-a2a8-be38da1f8296",
    "to_endpoint": "sip:user-b@user-a.my-domain.com",
    "from_endpoint": "sip:user-a@user-a.my-domain.com",
    "is_sip_refer": true
  },
  "event_ts": 1770005095.25
}`;

/** Daily's example of `calltransfer.completed`, verbatim: no `is_sip_refer`. */
const COMPLETED = `{
  "version": "1.0.0",
  "type": "calltransfer.completed",
  "id": "3602-call-transfer-completed-07efe77a-74e8-4e69-81b0-41ca454c06e01770005095",
  "payload": {
    "domain_id": "04b89420-cf8b-4ea5-a428-02c40b0e2a59",
    "room": "sip-test",
    "timestamp": "1770005095",
    "session_id": "07efe77a-74e8-4e69-81b0-41ca454c06e0",
    "mtg_session_id": "34888835-dadc-4874-a2a8-be38da1f8296",
    "to_endpoint": "sip:user-b@user-a.my-domain.com",
    "from_endpoint": "sip:user-a@user-a.my-domain.com"
  },
  "event_ts": 1770005095.25
}`;

/** What every example above parses to (the payload, without `is_sip_refer`). */
const PAYLOAD: DialOutWebhookPayload = {
  session_id: '07efe77a-74e8-4e69-81b0-41ca454c06e0',
  timestamp: 1770005095,
  room: 'sip-test',
  domain_id: '04b89420-cf8b-4ea5-a428-02c40b0e2a59',
  mtg_session_id: '34888835-dadc-4874-a2a8-be38da1f8296',
  to_endpoint: 'sip:user-b@user-a.my-domain.com',
  from_endpoint: 'sip:user-a@user-a.my-domain.com',
};

const TYPES = ['calltransfer.triggered', 'calltransfer.initiated', 'calltransfer.answered', 'calltransfer.completed'] as const;

/** A transfer webhook of `type` with this payload (the envelope of Daily's triggered example). */
function transfer(payload: Record<string, unknown>, type: DialOutTransferWebhookType = 'calltransfer.triggered') {
  return { ...(JSON.parse(TRIGGERED) as Record<string, unknown>), type, payload };
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

describe('parseDialOutWebhook: calltransfer.* webhooks', () => {
  it('parses Daily’s calltransfer.triggered example: every field, the string timestamp as a number', () => {
    const event = parseDialOutWebhook(JSON.parse(TRIGGERED));
    expect(event).toStrictEqual({
      version: '1.0.0',
      type: 'calltransfer.triggered',
      id: '3602-call-transfer-trig-07efe77a-74e8-4e69-81b0-41ca454c06e01770005095',
      event_ts: 1770005095.25,
      payload: { ...PAYLOAD, is_sip_refer: false },
    });
    expect(Object.isFrozen(event)).toBe(true);
    expect(Object.isFrozen(event.payload)).toBe(true);
  });

  it('parses Daily’s two calltransfer.initiated examples (transfer and REFER)', () => {
    expect(parseDialOutWebhook(JSON.parse(INITIATED))).toMatchObject({
      type: 'calltransfer.initiated',
      id: '3602-call-transfer-init-07efe77a-74e8-4e69-81b0-41ca454c06e01770005095',
    });
    expect(parseDialOutWebhook(JSON.parse(INITIATED)).payload).toStrictEqual({ ...PAYLOAD, is_sip_refer: false });
    expect(parseDialOutWebhook(JSON.parse(INITIATED_REFER)).payload).toStrictEqual({ ...PAYLOAD, is_sip_refer: true });
  });

  it('parses Daily’s calltransfer.completed example, which has no is_sip_refer', () => {
    const event = parseDialOutWebhook(JSON.parse(COMPLETED));
    expect(event.type).toBe('calltransfer.completed');
    expect(event.event_ts).toBe(1770005095.25);
    expect(event.payload).toStrictEqual(PAYLOAD);
    expect('is_sip_refer' in event.payload).toBe(false);
  });

  it('parses a calltransfer.answered (Daily’s page has no example) with or without is_sip_refer', () => {
    const fields = JSON.parse(COMPLETED).payload as Record<string, unknown>;
    expect(parseDialOutWebhook(transfer(fields, 'calltransfer.answered')).payload).toStrictEqual(PAYLOAD);
    expect(parseDialOutWebhook(transfer({ ...fields, is_sip_refer: false }, 'calltransfer.answered')).payload).toStrictEqual({
      ...PAYLOAD,
      is_sip_refer: false,
    });
  });

  it.each(TYPES)('accepts %s with a number timestamp and only a session_id', (type) => {
    const event = parseDialOutWebhook(transfer({ session_id: 'S1', timestamp: 1770005095 }, type));
    expect(event.type).toBe(type);
    expect(event.payload).toStrictEqual({ session_id: 'S1', timestamp: 1770005095 });
  });

  it.each(TYPES)('%s: null counts as absent for the optional fields', (type) => {
    const payload = { session_id: 'S1', timestamp: null, room: null, mtg_session_id: null, to_endpoint: null, from_endpoint: null, is_sip_refer: null };
    expect(parseDialOutWebhook(transfer(payload, type)).payload).toStrictEqual({ session_id: 'S1' });
  });

  it('keeps a phone-number to_endpoint / from_endpoint as given, and an empty string too', () => {
    const payload = { session_id: 'S1', to_endpoint: '+12268077097', from_endpoint: '', is_sip_refer: false };
    expect(parseDialOutWebhook(transfer(payload)).payload).toStrictEqual(payload);
  });

  it('drops unknown fields and the other family’s fields, both ways', () => {
    const withDialOutFields = transfer({
      session_id: 'S1',
      destination: '+12268077097',
      caller_id: 42, // not even checked: not a calltransfer field
      user_id: 'u',
      error_msg: 'x',
      // unconfirmed fields of a daily-ruby model (ref-transfers.md §5): not parsed
      complete_status: 'completed',
      refer_sip_response_code: 202,
    }, 'calltransfer.completed');
    expect(parseDialOutWebhook(withDialOutFields).payload).toStrictEqual({ session_id: 'S1' });
    const dialout = {
      ...transfer({ session_id: 'S1', to_endpoint: 'sip:a@b.c', mtg_session_id: 7, is_sip_refer: 'yes' }),
      type: 'dialout.answered',
    };
    expect(parseDialOutWebhook(dialout).payload).toStrictEqual({ session_id: 'S1' });
  });

  it('gives an equal result when parsing its own result', () => {
    for (const text of [TRIGGERED, INITIATED, INITIATED_REFER, COMPLETED]) {
      const once = parseDialOutWebhook(JSON.parse(text));
      expect(parseDialOutWebhook(once)).toStrictEqual(once);
    }
  });

  it.each<[name: string, body: unknown, field: string]>([
    ...TYPES.flatMap((type): [string, unknown, string][] => [
      [`${type} without session_id`, transfer({ timestamp: 1 }, type), 'payload.session_id'],
      [`${type} with session_id null`, transfer({ session_id: null }, type), 'payload.session_id'],
      [`${type} with an empty session_id`, transfer({ session_id: '' }, type), 'payload.session_id'],
    ]),
    ['a number session_id', transfer({ session_id: 7 }), 'payload.session_id'],
    ['a number mtg_session_id', transfer({ session_id: 'S1', mtg_session_id: 7 }), 'payload.mtg_session_id'],
    ['an array to_endpoint', transfer({ session_id: 'S1', to_endpoint: ['sip:a@b.c'] }), 'payload.to_endpoint'],
    ['an object from_endpoint', transfer({ session_id: 'S1', from_endpoint: { uri: 'sip:a@b.c' } }, 'calltransfer.completed'), 'payload.from_endpoint'],
    ['a string is_sip_refer', transfer({ session_id: 'S1', is_sip_refer: 'true' }), 'payload.is_sip_refer'],
    ['a number is_sip_refer', transfer({ session_id: 'S1', is_sip_refer: 1 }, 'calltransfer.initiated'), 'payload.is_sip_refer'],
    ['a bad is_sip_refer on answered', transfer({ session_id: 'S1', is_sip_refer: 0 }, 'calltransfer.answered'), 'payload.is_sip_refer'],
    ['a word timestamp', transfer({ session_id: 'S1', timestamp: 'yesterday' }), 'payload.timestamp'],
    ['a negative timestamp', transfer({ session_id: 'S1', timestamp: -1 }, 'calltransfer.completed'), 'payload.timestamp'],
    ['a number room', transfer({ session_id: 'S1', room: 42 }), 'payload.room'],
    ['a boolean domain_id', transfer({ session_id: 'S1', domain_id: true }), 'payload.domain_id'],
    ['a missing event_ts', { ...transfer({ session_id: 'S1' }), event_ts: undefined }, 'event_ts'],
    ['a missing payload', { ...transfer({}), payload: undefined }, 'payload'],
  ])('rejects %s, naming the field', (_name, body, field) => {
    expect(fieldOf(body)).toBe(field);
  });

  it.each([
    ['calltransfer.failed', 'not a documented type'],
    ['calltransfer.complete', 'the transfers guide’s name for calltransfer.completed'],
    ['calltransfer.Triggered', 'types are case-sensitive'],
    ['calltransfer', 'no kind'],
    ['dialin.transfer', 'not a dial-in webhook either'],
    ['meeting.started', 'another webhook sent to the same endpoint'],
  ])('still rejects the unknown type %s (%s), naming type', (type) => {
    expect(fieldOf({ ...transfer({ session_id: 'S1' }), type })).toBe('type');
  });

  it('names the rule and the kind of a bad value, never the value (it may be a phone number or a SIP URI)', () => {
    const secret = '15555550123';
    const bodies = [
      transfer({ session_id: 'S1', to_endpoint: Number(secret) }),
      transfer({ session_id: 'S1', from_endpoint: [`+${secret}`] }),
      transfer({ session_id: 'S1', is_sip_refer: `sip:${secret}@example.com` }),
      transfer({ session_id: 'S1', mtg_session_id: { id: secret } }),
      transfer({ session_id: Number(secret) }, 'calltransfer.answered'),
      { ...transfer({ session_id: 'S1' }), type: `calltransfer.${secret}` },
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
      'Invalid dial-out webhook: payload.to_endpoint: must be a string, got a number',
      'Invalid dial-out webhook: payload.from_endpoint: must be a string, got an array',
      'Invalid dial-out webhook: payload.is_sip_refer: must be a boolean, got a string',
      'Invalid dial-out webhook: payload.mtg_session_id: must be a string, got an object',
      'Invalid dial-out webhook: payload.session_id: must be a non-empty string, got a number',
      expect.stringMatching(/^Invalid dial-out webhook: type: must be one of .*calltransfer\.completed, .*got a string$/),
    ]);
    for (const message of messages) expect(message).not.toContain(secret.slice(0, 7));
  });

  it('reads each field once; a getter that throws reads as missing', () => {
    let reads = 0;
    const payload = Object.defineProperty({ session_id: 'S1' }, 'is_sip_refer', {
      enumerable: true,
      get: () => {
        reads += 1;
        return true;
      },
    });
    expect(parseDialOutWebhook(transfer(payload)).payload).toStrictEqual({ session_id: 'S1', is_sip_refer: true });
    expect(reads).toBe(1);
    const throwing = (key: string) =>
      Object.defineProperty({ session_id: 'S1', to_endpoint: 'sip:a@b.c' }, key, {
        enumerable: true,
        get: () => {
          throw new Error('getter');
        },
      });
    expect(parseDialOutWebhook(transfer(throwing('is_sip_refer'))).payload).toStrictEqual({ session_id: 'S1', to_endpoint: 'sip:a@b.c' });
    expect(parseDialOutWebhook(transfer(throwing('to_endpoint'))).payload).toStrictEqual({ session_id: 'S1' });
    expect(fieldOf(transfer(throwing('session_id')))).toBe('payload.session_id');
  });

  it('types: DialOutWebhookType includes the four transfer types, and the payload their fields', () => {
    expectTypeOf<DialOutTransferWebhookType>().toMatchTypeOf<DialOutWebhookType>();
    expectTypeOf<DialOutWebhookEvent['type']>().toEqualTypeOf<DialOutWebhookType>();
    expectTypeOf<DialOutWebhookPayload['is_sip_refer']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<DialOutWebhookPayload['to_endpoint']>().toEqualTypeOf<string | undefined>();
    const event = parseDialOutWebhook(JSON.parse(INITIATED_REFER));
    const kind = event.type === 'calltransfer.initiated' && event.payload.is_sip_refer ? 'refer' : 'other';
    expect(kind).toBe('refer');
  });
});
