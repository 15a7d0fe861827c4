// @vitest-environment node
import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createDailyWebhookVerifier, verifyDailyWebhook, type VerifyDailyWebhookOptions } from '../../src/server/index.js';

const SECRET = randomBytes(32).toString('base64');
const NOW_MS = 1_728_025_069_500;
const TS = '1728025069';
const BODY = JSON.stringify({
  version: '1.0.0',
  type: 'dialout.answered',
  id: 'evt-1',
  payload: { session_id: 'S1', timestamp: '1728025069', room: 'r' },
  event_ts: 1_728_025_069.1,
});

/** Daily's signature: base64(HMAC-SHA256(base64-decoded secret, `${timestamp}.${body}`)). */
function sign(body: string | Buffer, timestamp = TS, secret = SECRET): string {
  return createHmac('sha256', Buffer.from(secret, 'base64')).update(`${timestamp}.`).update(body).digest('base64');
}

function verify(overrides: Partial<VerifyDailyWebhookOptions> = {}) {
  return verifyDailyWebhook({
    rawBody: BODY,
    headers: { 'x-webhook-signature': sign(BODY), 'x-webhook-timestamp': TS },
    secret: SECRET,
    now: () => NOW_MS,
    ...overrides,
  });
}

describe('verifyDailyWebhook', () => {
  it('accepts a request Daily signed, and returns its signature (canonical base64) and timestamp', () => {
    expect(verify()).toEqual({ ok: true, signature: sign(BODY), timestampSec: Number(TS) });
    const unpadded = sign(BODY).replace(/=+$/, '');
    expect(verify({ headers: { 'x-webhook-signature': unpadded, 'x-webhook-timestamp': TS } })).toEqual({
      ok: true,
      signature: sign(BODY),
      timestampSec: Number(TS),
    });
  });

  it('matches a vector computed independently (openssl dgst -sha256 -mac HMAC)', () => {
    const result = verifyDailyWebhook({
      rawBody: '{"version":"1.0.0","type":"dialout.error"}',
      headers: { 'X-Webhook-Signature': 'UdnDMys+Oc/N97tBJ9vgRD+7gJ5PBTLuWMArLH631RU=', 'X-Webhook-Timestamp': '1728025069' },
      secret: 'ZGFpbHktdGVzdC1zZWNyZXQtMDEyMzQ1Njc4OQ==', // base64 of "daily-test-secret-0123456789"
      now: () => 1_728_025_069_000,
    });
    expect(result).toMatchObject({ ok: true });
  });

  it('accepts the body as bytes (a Buffer or a Uint8Array)', () => {
    const bytes = Buffer.from(BODY, 'utf8');
    expect(verify({ rawBody: bytes })).toMatchObject({ ok: true });
    expect(verify({ rawBody: new Uint8Array(bytes) })).toMatchObject({ ok: true });
  });

  it('signs the bytes as sent: non-ASCII bodies verify as strings and as bytes', () => {
    const body = '{"payload":{"error_msg":"Échec — 呼叫失败"}}';
    const headers = { 'x-webhook-signature': sign(body), 'x-webhook-timestamp': TS };
    expect(verify({ rawBody: body, headers })).toMatchObject({ ok: true });
    expect(verify({ rawBody: Buffer.from(body), headers })).toMatchObject({ ok: true });
  });

  it('reads header names case-insensitively, from a plain object or a Headers', () => {
    const signature = sign(BODY);
    expect(verify({ headers: { 'X-Webhook-Signature': signature, 'X-WEBHOOK-TIMESTAMP': TS } })).toMatchObject({ ok: true });
    expect(verify({ headers: new Headers({ 'X-Webhook-Signature': signature, 'x-webhook-timestamp': TS }) })).toMatchObject({ ok: true });
    expect(verify({ headers: { 'x-webhook-signature': [signature], 'x-webhook-timestamp': TS } })).toMatchObject({ ok: true });
    const nodeHeaders: IncomingHttpHeaders = { 'x-webhook-signature': signature, 'x-webhook-timestamp': TS, host: 'example.com' };
    expect(verify({ headers: nodeHeaders })).toMatchObject({ ok: true });
  });

  it('tolerates spaces around header values and around the secret', () => {
    expect(verify({ headers: { 'x-webhook-signature': ` ${sign(BODY)} `, 'x-webhook-timestamp': ` ${TS}` } })).toMatchObject({ ok: true });
    expect(verify({ secret: `${SECRET}\n` })).toMatchObject({ ok: true });
  });

  it('accepts a secret written without its = padding', () => {
    const secret = randomBytes(31).toString('base64');
    expect(secret.endsWith('=')).toBe(true);
    const headers = { 'x-webhook-signature': sign(BODY, TS, secret), 'x-webhook-timestamp': TS };
    expect(verify({ secret: secret.replace(/=+$/, ''), headers })).toMatchObject({ ok: true });
  });

  it.each([
    ['a modified body', { rawBody: BODY.replace('dialout.answered', 'dialout.stopped') }],
    ['one extra space in the body', { rawBody: `${BODY} ` }],
    ['a wrong secret', { secret: randomBytes(32).toString('base64') }],
    ['a timestamp header other than the signed one', { headers: { 'x-webhook-signature': sign(BODY), 'x-webhook-timestamp': '1728025070' } }],
    ['a signature of another body', { headers: { 'x-webhook-signature': sign('{}'), 'x-webhook-timestamp': TS } }],
  ])('rejects %s as signature-mismatch', (_name, overrides) => {
    expect(verify(overrides)).toEqual({ ok: false, reason: 'signature-mismatch' });
  });

  it('rejects a stale timestamp, and accepts one exactly toleranceSec old', () => {
    const old = String(Math.floor(NOW_MS / 1000) - 301);
    const headers = { 'x-webhook-signature': sign(BODY, old), 'x-webhook-timestamp': old };
    expect(verify({ headers })).toEqual({ ok: false, reason: 'timestamp-too-old' });
    expect(verify({ headers, now: () => (Number(old) + 300) * 1000 })).toMatchObject({ ok: true });
    expect(verify({ headers, toleranceSec: 600 })).toMatchObject({ ok: true });
  });

  it('rejects a timestamp in the future', () => {
    const future = String(Math.ceil(NOW_MS / 1000) + 301);
    const headers = { 'x-webhook-signature': sign(BODY, future), 'x-webhook-timestamp': future };
    expect(verify({ headers })).toEqual({ ok: false, reason: 'timestamp-in-future' });
    expect(verify({ headers, toleranceSec: Infinity })).toMatchObject({ ok: true });
  });

  it('uses Date.now by default', () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const headers = { 'x-webhook-signature': sign(BODY, ts), 'x-webhook-timestamp': ts };
    expect(verifyDailyWebhook({ rawBody: BODY, headers, secret: SECRET })).toMatchObject({ ok: true });
    expect(verifyDailyWebhook({ rawBody: BODY, headers: { 'x-webhook-signature': sign(BODY), 'x-webhook-timestamp': TS }, secret: SECRET })).toEqual({
      ok: false,
      reason: 'timestamp-too-old',
    });
  });

  it('reports a forged stale request as a signature mismatch, not as stale', () => {
    const old = '1000000000';
    expect(verify({ headers: { 'x-webhook-signature': sign(BODY), 'x-webhook-timestamp': old } })).toEqual({
      ok: false,
      reason: 'signature-mismatch',
    });
  });

  it.each([
    ['no signature header', { 'x-webhook-timestamp': TS }, 'missing-signature'],
    ['an empty signature header', { 'x-webhook-signature': '', 'x-webhook-timestamp': TS }, 'missing-signature'],
    ['no timestamp header', { 'x-webhook-signature': 'c2ln' }, 'missing-timestamp'],
    ['no headers at all', {}, 'missing-signature'],
    ['a timestamp that is not seconds', { 'x-webhook-signature': 'c2ln', 'x-webhook-timestamp': 'yesterday' }, 'malformed-timestamp'],
    ['a negative timestamp', { 'x-webhook-signature': 'c2ln', 'x-webhook-timestamp': '-5' }, 'malformed-timestamp'],
    ['two timestamps', { 'x-webhook-signature': 'c2ln', 'x-webhook-timestamp': [TS, TS] }, 'malformed-timestamp'],
    ['a signature that is not base64', { 'x-webhook-signature': 'not base64!', 'x-webhook-timestamp': TS }, 'malformed-signature'],
    ['a signature of the wrong length', { 'x-webhook-signature': Buffer.alloc(16).toString('base64'), 'x-webhook-timestamp': TS }, 'malformed-signature'],
    ['a hex signature', { 'x-webhook-signature': 'ab'.repeat(32), 'x-webhook-timestamp': TS }, 'malformed-signature'],
  ])('rejects %s', (_name, headers, reason) => {
    expect(verify({ headers })).toEqual({ ok: false, reason });
  });

  it('rejects two signature values (a list, or two names differing in case)', () => {
    const s = sign(BODY);
    expect(verify({ headers: { 'x-webhook-signature': [s, s], 'x-webhook-timestamp': TS } })).toEqual({
      ok: false,
      reason: 'malformed-signature',
    });
    expect(verify({ headers: { 'x-webhook-signature': s, 'X-Webhook-Signature': s, 'x-webhook-timestamp': TS } })).toEqual({
      ok: false,
      reason: 'malformed-signature',
    });
  });

  it.each([
    ['not base64', 'this is not base64!'],
    ['empty', ''],
    ['base64url', '-_-_'],
    ['truncated base64', 'ZGFpbH'.slice(0, 5)],
    ['hex text with base64 padding in the middle', 'ab=cd'],
  ])('throws a TypeError for a secret that is %s (a configuration error), without the secret in it', (_name, secret) => {
    let thrown: unknown;
    try {
      verify({ secret });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(/^verifyDailyWebhook: secret is not base64/);
    if (secret.length > 2) expect((thrown as Error).message).not.toContain(secret);
  });

  it('answers every refusal with a reason to log, never with the secret', () => {
    const refusals = [verify({ rawBody: `${BODY} ` }), verify({ headers: {} }), verify({ headers: { 'x-webhook-signature': 'x', 'x-webhook-timestamp': TS } })];
    for (const refusal of refusals) {
      expect(refusal.ok).toBe(false);
      expect(JSON.stringify(refusal)).not.toContain(SECRET);
    }
  });

  it('throws TypeError for an already-parsed body, and for other wrong types', () => {
    expect(() => verify({ rawBody: JSON.parse(BODY) as string })).toThrow(/raw|parsed/);
    expect(() => verify({ secret: undefined as never })).toThrow(TypeError);
    expect(() => verify({ headers: null as never })).toThrow(TypeError);
    expect(() => verify({ now: () => Number.NaN })).toThrow(TypeError);
    expect(() => verify({ toleranceSec: -1 })).toThrow(RangeError);
  });
});

describe('createDailyWebhookVerifier', () => {
  const request = { rawBody: BODY, headers: { 'x-webhook-signature': sign(BODY), 'x-webhook-timestamp': TS } };

  it('verifies like verifyDailyWebhook, with the secret checked once', () => {
    const verifier = createDailyWebhookVerifier({ secret: SECRET, now: () => NOW_MS });
    expect(verifier.verify(request)).toEqual({ ok: true, signature: sign(BODY), timestampSec: Number(TS) });
    expect(verifier.verify({ ...request, rawBody: `${BODY} ` })).toEqual({ ok: false, reason: 'signature-mismatch' });
    expect(verifier.verify({ rawBody: BODY, headers: {} })).toEqual({ ok: false, reason: 'missing-signature' });
    const stale = createDailyWebhookVerifier({ secret: SECRET, now: () => NOW_MS + 301_000 });
    expect(stale.verify(request)).toEqual({ ok: false, reason: 'timestamp-too-old' });
    expect(createDailyWebhookVerifier({ secret: SECRET, toleranceSec: Infinity, now: () => 0 }).verify(request)).toMatchObject({ ok: true });
  });

  it.each([
    ['not base64', 'my webhook secret'],
    ['empty', ''],
    ['base64url', 'c2VjcmV0-_w'],
    ['not a string', 42],
  ])('refuses at construction a secret that is %s, with a clear error that does not show it', (_name, secret) => {
    let thrown: unknown;
    try {
      createDailyWebhookVerifier({ secret: secret as string });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect((thrown as Error).message).toMatch(/^createDailyWebhookVerifier: secret (is not base64|must be a string)/);
    if (typeof secret === 'string' && secret.length > 2) expect((thrown as Error).message).not.toContain(secret);
  });

  it('refuses bad options at construction, and bad requests when verifying', () => {
    expect(() => createDailyWebhookVerifier({ secret: SECRET, toleranceSec: -1 })).toThrow(RangeError);
    expect(() => createDailyWebhookVerifier({ secret: SECRET, now: 5 as never })).toThrow(TypeError);
    expect(() => createDailyWebhookVerifier(null as never)).toThrow(TypeError);
    const verifier = createDailyWebhookVerifier({ secret: SECRET, now: () => NOW_MS });
    expect(() => verifier.verify({ rawBody: JSON.parse(BODY) as string, headers: {} })).toThrow(/raw/);
    expect(() => verifier.verify(undefined as never)).toThrow(TypeError);
  });

  it('does not show the secret or the key', () => {
    const verifier = createDailyWebhookVerifier({ secret: SECRET });
    expect(JSON.stringify(verifier)).not.toContain(SECRET);
    expect(Object.keys(verifier)).toEqual(['verify']);
  });
});
