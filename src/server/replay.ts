/**
 * `createWebhookReplayGuard`: refuses a webhook that was already accepted,
 * in bounded memory.
 */
import { Buffer } from 'node:buffer';

/** Options of {@link createWebhookReplayGuard}. Durations in ms. */
export interface WebhookReplayGuardOptions {
  /**
   * How long an accepted webhook is remembered, ms; an integer ≥ 1. Default
   * 600 000 (10 minutes): twice the 300 s tolerance of `verifyDailyWebhook`,
   * because a signed request verifies from 300 s before its timestamp to
   * 300 s after it, so a copy can arrive up to 600 s after the first. Use at
   * least `2 × toleranceSec × 1000`.
   */
  windowMs?: number;
  /**
   * How many accepted webhooks are remembered at most; an integer ≥ 1.
   * Default 10 000. When full, the oldest is forgotten first (a copy of it
   * would then be accepted again), so size it above the number of webhooks
   * Daily sends you in `windowMs`.
   */
  maxEntries?: number;
  /** The clock, epoch ms; default `Date.now`. */
  now?: () => number;
}

/**
 * A verified webhook, as {@link WebhookReplayGuard.admit} takes it: its
 * signature, and the envelope's `type` and `id` when the body has them.
 */
export interface WebhookToAdmit {
  /** The verified `X-Webhook-Signature` (`verification.signature` of `verifyDailyWebhook`), base64. */
  readonly signature: string;
  /** The envelope's `type` (e.g. `dialout.answered`); ignored unless a non-empty string. */
  readonly type?: unknown;
  /** The envelope's `id`; ignored unless a non-empty string. */
  readonly id?: unknown;
}

/** Why {@link WebhookReplayGuard.admit} refused a webhook. */
export type WebhookReplayRejection = 'replayed-signature' | 'replayed-event';

/** The answer of {@link WebhookReplayGuard.admit}. */
export type WebhookReplayVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: WebhookReplayRejection };

/** Made by {@link createWebhookReplayGuard}. */
export interface WebhookReplayGuard {
  /**
   * Accepts a verified webhook and remembers it, or refuses it when its
   * signature, or its (`type`, `id`), was accepted within the window.
   *
   * @param webhook - `signature` (required), `type`, `id`.
   * @returns `{ ok: true }` (now remembered), or `{ ok: false, reason }` (nothing changes).
   * @throws `TypeError` when `signature` is not a non-empty string.
   */
  admit(webhook: WebhookToAdmit): WebhookReplayVerdict;
  /** How many webhooks are remembered now (expired ones are forgotten on the next `admit`). */
  readonly size: number;
  /** Forgets everything. */
  clear(): void;
}

const DEFAULT_WINDOW_MS = 600_000;
const DEFAULT_MAX_ENTRIES = 10_000;
const ACCEPTED: WebhookReplayVerdict = Object.freeze({ ok: true });
const REPLAYED_SIGNATURE: WebhookReplayVerdict = Object.freeze({ ok: false, reason: 'replayed-signature' });
const REPLAYED_EVENT: WebhookReplayVerdict = Object.freeze({ ok: false, reason: 'replayed-event' });

interface Entry {
  readonly signature: string;
  readonly event: string | undefined;
  readonly expiresAt: number;
}

/** The same signature written with or without `=` padding is one key. */
function canonicalSignature(signature: string): string {
  const text = signature.trim();
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return Buffer.from(text, 'base64').toString('base64');
  return text;
}

function checkCount(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`createWebhookReplayGuard: ${name} must be an integer ≥ 1`);
  }
  return value;
}

/**
 * Makes a guard that refuses a webhook already accepted: the same signature,
 * or the same (`type`, `id`), within `windowMs`. Memory is bounded by
 * `maxEntries`.
 *
 * @remarks
 * Daily signs each webhook request (`X-Webhook-Signature`, "Webhooks" docs),
 * and `verifyDailyWebhook` accepts a signed request for 300 s either side of
 * its timestamp: within that time, a copy of it (a replay by whoever saw it)
 * verifies as well. The guard remembers what was accepted:
 *
 * - by **signature**: the exact same request sent again;
 * - by **(`type`, `id`)**: the same event in another request (Daily's `id`
 *   identifies the event; its docs do not say whether a retried delivery
 *   keeps it, so a retry with a new timestamp is refused too once the first
 *   delivery was accepted).
 *
 * Call it only **after** the signature is verified: otherwise anyone could
 * fill it with the ids of events to come, and the real ones would be
 * refused. A refused webhook is Daily's own message that you already have:
 * acknowledge it (Daily counts non-2xx answers as delivery failures) and do
 * not act on it again.
 *
 * Entries expire `windowMs` after they were accepted; when there are
 * `maxEntries`, the oldest is forgotten first. Each entry holds two short
 * strings, so the default 10 000 entries stay around 2 MB at most.
 * Everything is in this process's memory: servers behind a load balancer
 * need a shared store (the same two keys, with a time to live, in Redis for
 * example).
 *
 * @param options - `windowMs` (default 600 000), `maxEntries` (default
 * 10 000), `now` (epoch ms, default `Date.now`); see
 * {@link WebhookReplayGuardOptions}.
 * @returns The {@link WebhookReplayGuard}.
 * @throws `RangeError` when `windowMs` or `maxEntries` is not an integer ≥ 1.
 * @throws `TypeError` when `now` is not a function.
 *
 * @example
 * ```ts
 * const replays = createWebhookReplayGuard({ windowMs: 600_000, maxEntries: 10_000 });
 * const check = webhooks.verify({ rawBody, headers: req.headers });
 * if (!check.ok) return res.writeHead(401).end();
 * const body = JSON.parse(rawBody);
 * if (!replays.admit({ signature: check.signature, type: body.type, id: body.id }).ok) return res.writeHead(200).end(); // seen
 * relay(parseDialOutWebhook(body));
 * ```
 */
export function createWebhookReplayGuard(options: WebhookReplayGuardOptions = {}): WebhookReplayGuard {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createWebhookReplayGuard(options): options must be an object { windowMs?, maxEntries?, now? }');
  }
  const windowMs = checkCount(options.windowMs, 'windowMs', DEFAULT_WINDOW_MS);
  const maxEntries = checkCount(options.maxEntries, 'maxEntries', DEFAULT_MAX_ENTRIES);
  const now = options.now ?? Date.now;
  if (typeof now !== 'function') throw new TypeError('createWebhookReplayGuard: now must be a function returning epoch ms');

  /** By signature, oldest first (a Map keeps insertion order). */
  const bySignature = new Map<string, Entry>();
  /** `type \0 id` → the signature it was accepted with. */
  const byEvent = new Map<string, string>();

  function forget(entry: Entry): void {
    bySignature.delete(entry.signature);
    if (entry.event !== undefined && byEvent.get(entry.event) === entry.signature) byEvent.delete(entry.event);
  }

  function expire(at: number): void {
    for (const entry of bySignature.values()) {
      if (entry.expiresAt > at) break; // the rest are younger
      forget(entry);
    }
  }

  return {
    admit(webhook) {
      if (typeof webhook !== 'object' || webhook === null || typeof webhook.signature !== 'string' || webhook.signature.trim() === '') {
        throw new TypeError('WebhookReplayGuard.admit: signature must be the verified X-Webhook-Signature, a non-empty string');
      }
      const at = now();
      expire(at);
      const signature = canonicalSignature(webhook.signature);
      if (bySignature.has(signature)) return REPLAYED_SIGNATURE;
      const { type, id } = webhook;
      const event = typeof type === 'string' && type !== '' && typeof id === 'string' && id !== '' ? `${type}\u0000${id}` : undefined;
      if (event !== undefined && byEvent.has(event)) return REPLAYED_EVENT;

      const entry: Entry = { signature, event, expiresAt: at + windowMs };
      bySignature.set(signature, entry);
      if (event !== undefined) byEvent.set(event, signature);
      while (bySignature.size > maxEntries) {
        const oldest = bySignature.values().next().value;
        if (oldest === undefined) break;
        forget(oldest);
      }
      return ACCEPTED;
    },
    get size() {
      return bySignature.size;
    },
    clear() {
      bySignature.clear();
      byEvent.clear();
    },
  };
}
