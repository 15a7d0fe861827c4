/// <reference types="node" />
/** Checks the HMAC-SHA256 signature Daily puts on every webhook request. Node only (`node:crypto`). */
import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { describeKind } from '../values.js';

/** Request headers: a fetch `Headers` or a plain object such as Node's `IncomingMessage.headers`; names match in any case. */
export type DailyWebhookHeaders =
  | Pick<Headers, 'get'>
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Options of {@link verifyDailyWebhook}. */
export interface VerifyDailyWebhookOptions {
  /** The request body exactly as received (a string or the bytes), not parsed JSON. */
  rawBody: string | Uint8Array;
  /** The request headers; `X-Webhook-Signature` and `X-Webhook-Timestamp` are read. */
  headers: DailyWebhookHeaders;
  /** The webhook's `hmac` secret, base64, as Daily stores it. */
  secret: string;
  /** How far the timestamp may be from `now`, in seconds, either way; default 300. */
  toleranceSec?: number;
  /** The clock, epoch **milliseconds**; default `Date.now`. */
  now?: () => number;
}

/**
 * Why a webhook request was rejected: `missing-signature` / `missing-timestamp` (header absent or empty),
 * `malformed-signature` (not the base64 of 32 bytes, or repeated), `malformed-timestamp` (not Unix seconds, or repeated),
 * `signature-mismatch` (a wrong secret or a modified body), `timestamp-too-old` / `timestamp-in-future` (correctly
 * signed, but more than `toleranceSec` away from `now`: a replay, or a clock far off).
 */
export type DailyWebhookRejection =
  | 'missing-signature'
  | 'missing-timestamp'
  | 'malformed-signature'
  | 'malformed-timestamp'
  | 'signature-mismatch'
  | 'timestamp-too-old'
  | 'timestamp-in-future';

/** The result of {@link verifyDailyWebhook} and of a {@link DailyWebhookVerifier}. */
export type DailyWebhookVerification =
  | {
      readonly ok: true;
      /** The verified `X-Webhook-Signature` in canonical base64 (`=` padded): the key for `createWebhookReplayGuard`. */
      readonly signature: string;
      /** The verified `X-Webhook-Timestamp`, Unix seconds. */
      readonly timestampSec: number;
    }
  | { readonly ok: false; readonly reason: DailyWebhookRejection };

/** Options of {@link createDailyWebhookVerifier}. */
export interface DailyWebhookVerifierOptions {
  /** The webhook's `hmac` secret, base64, as Daily stores it; checked here, once. */
  secret: string;
  /** How far the timestamp may be from `now`, in seconds, either way; default 300. */
  toleranceSec?: number;
  /** The clock, epoch **milliseconds**; default `Date.now`. */
  now?: () => number;
}

/** A webhook request, as {@link DailyWebhookVerifier.verify} takes it. */
export interface DailyWebhookRequest {
  /** The request body exactly as received (a string or the bytes), not parsed JSON. */
  rawBody: string | Uint8Array;
  /** The request headers; `X-Webhook-Signature` and `X-Webhook-Timestamp` are read. */
  headers: DailyWebhookHeaders;
}

/** Made by {@link createDailyWebhookVerifier}: checks requests against one secret. */
export interface DailyWebhookVerifier {
  /**
   * Checks one request as {@link verifyDailyWebhook} does; never throws for anything the request contains.
   * @throws `TypeError` when `rawBody` is not a string or bytes, or `headers` not an object.
   */
  verify(request: DailyWebhookRequest): DailyWebhookVerification;
}

const SIGNATURE_HEADER = 'x-webhook-signature';
const TIMESTAMP_HEADER = 'x-webhook-timestamp';
const DEFAULT_TOLERANCE_SEC = 300;
const SHA256_BYTES = 32;
const SECONDS = /^\d{1,12}(?:\.\d{1,6})?$/;
function reject(reason: DailyWebhookRejection): DailyWebhookVerification {
  return Object.freeze({ ok: false, reason });
}

/** Strict standard base64 (padding optional); `undefined` for anything else. */
function decodeBase64(text: string): Buffer | undefined {
  if (text.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  const canonical = bytes.toString('base64');
  return text === canonical || text === canonical.replace(/=+$/, '') ? bytes : undefined;
}

/** The key of a webhook secret, or a `TypeError` saying what is wrong with it (never the secret itself). */
function keyOfSecret(secret: unknown, caller: string): Buffer {
  if (typeof secret !== 'string') {
    throw new TypeError(`${caller}: secret must be a string (the webhook's hmac secret, base64), got ${describeKind(secret)}`);
  }
  const key = decodeBase64(secret.trim());
  if (key === undefined) {
    throw new TypeError(
      `${caller}: secret is not base64. Daily's webhook hmac secret is standard base64 (A-Z, a-z, 0-9, +, /, optional = padding), ` +
        "as POST /webhooks returns it or as you gave it; check DAILY_WEBHOOK_HMAC (every webhook would be refused with this secret)",
    );
  }
  return key;
}

function checkTolerance(toleranceSec: unknown, caller: string): number {
  if (typeof toleranceSec !== 'number' || Number.isNaN(toleranceSec) || toleranceSec < 0) {
    throw new RangeError(`${caller}: toleranceSec must be a number of seconds ≥ 0`);
  }
  return toleranceSec;
}

/** Checks one request against a key; the shared core of {@link verifyDailyWebhook} and {@link createDailyWebhookVerifier}. */
function verifyWith(
  key: Buffer,
  rawBody: unknown,
  headers: unknown,
  toleranceSec: number,
  now: () => number,
  caller: string,
): DailyWebhookVerification {
  if (typeof rawBody !== 'string' && !(rawBody instanceof Uint8Array)) {
    throw new TypeError(
      `${caller}: rawBody must be the request body exactly as received, a string or bytes ` +
        '(e.g. express.raw()), not parsed JSON: re-serialising changes the signed text',
    );
  }
  if (typeof headers !== 'object' || headers === null) throw new TypeError(`${caller}: headers must be a Headers or a plain object`);
  const list = headers as DailyWebhookHeaders;

  const signatures = headerValues(list, SIGNATURE_HEADER);
  if (signatures.length === 0) return reject('missing-signature');
  const timestamps = headerValues(list, TIMESTAMP_HEADER);
  if (timestamps.length === 0) return reject('missing-timestamp');
  const timestamp = timestamps[0];
  if (timestamps.length > 1 || timestamp === undefined || !SECONDS.test(timestamp)) return reject('malformed-timestamp');
  const given = signatures.length === 1 && signatures[0] !== undefined ? decodeBase64(signatures[0]) : undefined;
  if (given === undefined || given.length !== SHA256_BYTES) return reject('malformed-signature');

  const expected = createHmac('sha256', key).update(`${timestamp}.`).update(rawBody).digest();
  if (!timingSafeEqual(expected, given)) return reject('signature-mismatch');

  const nowMs = now();
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs)) {
    throw new TypeError(`${caller}: now() must return epoch milliseconds (a finite number)`);
  }
  const nowSec = nowMs / 1000;
  const sentSec = Number(timestamp);
  if (sentSec < nowSec - toleranceSec) return reject('timestamp-too-old');
  if (sentSec > nowSec + toleranceSec) return reject('timestamp-in-future');
  return Object.freeze({ ok: true, signature: given.toString('base64'), timestampSec: sentSec });
}

/** Every value of a header, whatever the case of its name; empty values are left out. */
function headerValues(headers: DailyWebhookHeaders, name: string): string[] {
  const values: string[] = [];
  const add = (value: unknown): void => {
    if (typeof value === 'string' && value.trim() !== '') values.push(value.trim());
  };
  if (typeof (headers as Pick<Headers, 'get'>).get === 'function') {
    add((headers as Pick<Headers, 'get'>).get(name));
    return values;
  }
  const record = headers as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() !== name) continue;
    const value = record[key];
    if (Array.isArray(value)) value.forEach(add);
    else add(value);
  }
  return values;
}

/**
 * Checks that a webhook request comes from Daily, as Daily's "Webhooks" docs sign it: `X-Webhook-Signature` must be
 * base64(HMAC-SHA256(key = base64-decoded `hmac` secret, message = `${X-Webhook-Timestamp}.${rawBody}`)), compared in
 * constant time, and the timestamp (Unix seconds) within `toleranceSec` of `now` (`Infinity` turns that check off). The
 * signature is checked first, so a timestamp rejection means "signed by Daily, but not now", never "forged". Verify the
 * raw body before parsing it (re-serialised JSON is not the signed text), then parse it with `parseDialOutWebhook`. A
 * copy sent again within the tolerance verifies too: refuse replays with `createWebhookReplayGuard`. For many requests,
 * make a verifier once with {@link createDailyWebhookVerifier}, which checks the secret at start.
 *
 * @returns `{ ok: true, signature, timestampSec }` or `{ ok: false, reason }`; never throws for anything the request
 * contains. Answer every refusal the same way and log `reason` (sent back, it only helps someone probing the endpoint).
 * @throws `TypeError` when `secret` is not standard base64 (the message never contains it), or on a wrong type: `rawBody`
 * not a string or bytes (e.g. parsed by `express.json()`), `headers` not an object, `now` not a function returning a
 * finite number. `RangeError` when `toleranceSec` is negative or NaN.
 * @example
 * ```ts
 * // in an express.raw({ type: 'application/json' }) route:
 * const check = verifyDailyWebhook({ rawBody: req.body, headers: req.headers, secret: process.env.DAILY_WEBHOOK_HMAC! });
 * if (!check.ok) return res.status(401).send('unauthorized');
 * relay(parseDialOutWebhook(JSON.parse(req.body.toString('utf8'))));
 * ```
 */
export function verifyDailyWebhook(options: VerifyDailyWebhookOptions): DailyWebhookVerification {
  const caller = 'verifyDailyWebhook';
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('verifyDailyWebhook(options): options must be an object { rawBody, headers, secret }');
  }
  const { rawBody, headers, secret, toleranceSec = DEFAULT_TOLERANCE_SEC, now = Date.now } = options;
  if (typeof now !== 'function') throw new TypeError(`${caller}: now must be a function returning epoch ms`);
  const tolerance = checkTolerance(toleranceSec, caller);
  return verifyWith(keyOfSecret(secret, caller), rawBody, headers, tolerance, now, caller);
}

/**
 * Makes a verifier for one secret, checking the secret once, now: a configuration error shows when your server starts,
 * not as a 401 on every webhook. Each request is checked as {@link verifyDailyWebhook} does; the decoded key stays
 * inside the verifier (it is not a property of it).
 *
 * @throws `TypeError` when `secret` is not standard base64 (the message never contains it) or `now` is not a function;
 * `RangeError` when `toleranceSec` is negative or NaN.
 * @example
 * ```ts
 * const webhooks = createDailyWebhookVerifier({ secret: process.env.DAILY_WEBHOOK_HMAC ?? '' }); // throws now if not base64
 * if (!webhooks.verify({ rawBody, headers: req.headers }).ok) return res.writeHead(401).end(); // same answer for every reason
 * ```
 */
export function createDailyWebhookVerifier(options: DailyWebhookVerifierOptions): DailyWebhookVerifier {
  const caller = 'createDailyWebhookVerifier';
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${caller}(options): options must be an object { secret, toleranceSec?, now? }`);
  }
  const { secret, toleranceSec = DEFAULT_TOLERANCE_SEC, now = Date.now } = options;
  const key = keyOfSecret(secret, caller);
  const tolerance = checkTolerance(toleranceSec, caller);
  if (typeof now !== 'function') throw new TypeError(`${caller}: now must be a function returning epoch ms`);
  return Object.freeze({
    verify(request: DailyWebhookRequest): DailyWebhookVerification {
      if (typeof request !== 'object' || request === null) {
        throw new TypeError('verify(request): request must be an object { rawBody, headers }');
      }
      return verifyWith(key, request.rawBody, request.headers, tolerance, now, 'verify');
    },
  });
}
