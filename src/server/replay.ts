/** `createWebhookReplayGuard`: refuses a webhook that was already accepted, in bounded memory. */
import { Buffer } from 'node:buffer';

/** Options of {@link createWebhookReplayGuard}. Durations in ms. */
export interface WebhookReplayGuardOptions {
  /**
   * How long an accepted webhook is remembered, ms; an integer ≥ 1, default 600 000. A signed request verifies for 300 s
   * either side of its timestamp (`verifyDailyWebhook`'s default), so use at least `2 × toleranceSec × 1000`.
   */
  windowMs?: number;
  /**
   * How many webhooks are remembered at most; an integer ≥ 1, default 10 000. When full, the oldest is forgotten first
   * (a copy of it would pass again), so size it above what Daily sends you in `windowMs`.
   */
  maxEntries?: number;
  /** The clock, epoch ms; default `Date.now`. */
  now?: () => number;
}

/** A verified webhook, as {@link WebhookReplayGuard.admit} takes it. */
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
   * Remembers the webhook and returns `{ ok: true }`, or `{ ok: false, reason }` (nothing remembered) when its signature
   * or its (`type`, `id`) was accepted within the window.
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
 * Makes a guard that refuses a webhook already accepted within `windowMs`: the same signature (the same request again),
 * or the same (`type`, `id`) (the same event in another request; Daily's "Webhooks" docs do not say whether a retried
 * delivery keeps its `id`, so a retry is refused once the first delivery was accepted). Call it only after the signature
 * is verified, else anyone could fill it with the ids of events to come. Answer a refused webhook with a 2xx (Daily counts
 * other answers as failed deliveries) but do not act on it again. Memory is bounded by `maxEntries` (about 2 MB at the
 * default) and per process: servers behind a load balancer need a shared store (the same two keys, with a TTL).
 *
 * @throws `RangeError` when `windowMs` or `maxEntries` is not an integer ≥ 1; `TypeError` when `now` is not a function.
 * @example
 * ```ts
 * const replays = createWebhookReplayGuard();
 * if (!replays.admit({ signature: check.signature, type: body.type, id: body.id }).ok) return res.writeHead(200).end(); // seen
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
