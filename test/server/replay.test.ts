// @vitest-environment node
/**
 * `createWebhookReplayGuard`: a signed webhook replayed inside the window is refused (by its
 * signature, or by its (type, id) in another request); after the window it is forgotten; memory
 * is bounded by `maxEntries`. Used together with the verifier, as the demo server and the README
 * example use it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDailyWebhookVerifier, createWebhookReplayGuard } from '../../src/server/index.js';

const SECRET = randomBytes(32).toString('base64');

function signed(body: string, timestamp: number): { rawBody: string; headers: Record<string, string> } {
  const signature = createHmac('sha256', Buffer.from(SECRET, 'base64')).update(`${timestamp}.${body}`).digest('base64');
  return { rawBody: body, headers: { 'x-webhook-signature': signature, 'x-webhook-timestamp': String(timestamp) } };
}

function sig(n: number): string {
  return createHmac('sha256', 'k').update(String(n)).digest('base64');
}

describe('createWebhookReplayGuard', () => {
  it('refuses the same signed webhook replayed five times within the window: it is let through once', () => {
    let now = 1_728_025_069_000;
    const verifier = createDailyWebhookVerifier({ secret: SECRET, now: () => now });
    const guard = createWebhookReplayGuard({ now: () => now });
    const body = JSON.stringify({ version: '1.0.0', type: 'dialout.answered', id: 'evt-1', event_ts: 1, payload: { session_id: 'S1' } });
    const request = signed(body, Math.floor(now / 1000));

    const verdicts = [];
    for (let i = 0; i < 6; i++) {
      const check = verifier.verify(request);
      expect(check.ok).toBe(true); // every copy verifies: the signature alone cannot tell
      if (!check.ok) continue;
      const parsed = JSON.parse(body) as { type: string; id: string };
      verdicts.push(guard.admit({ signature: check.signature, type: parsed.type, id: parsed.id }));
      now += 50_000; // five replays over 250 s, inside the 300 s tolerance
    }
    expect(verdicts).toEqual([{ ok: true }, ...Array(5).fill({ ok: false, reason: 'replayed-signature' })]);
  });

  it('refuses the same (type, id) in another request (a new timestamp, a new signature)', () => {
    const guard = createWebhookReplayGuard();
    expect(guard.admit({ signature: sig(1), type: 'dialout.stopped', id: 'evt-9' })).toEqual({ ok: true });
    expect(guard.admit({ signature: sig(2), type: 'dialout.stopped', id: 'evt-9' })).toEqual({ ok: false, reason: 'replayed-event' });
    // another type with the same id, or the same type with another id, is another event
    expect(guard.admit({ signature: sig(3), type: 'dialout.answered', id: 'evt-9' })).toEqual({ ok: true });
    expect(guard.admit({ signature: sig(4), type: 'dialout.stopped', id: 'evt-10' })).toEqual({ ok: true });
    // without a type or id, only the signature counts
    expect(guard.admit({ signature: sig(5) })).toEqual({ ok: true });
    expect(guard.admit({ signature: sig(6), type: 7, id: null })).toEqual({ ok: true });
    expect(guard.admit({ signature: sig(5), type: 'x', id: 'y' })).toEqual({ ok: false, reason: 'replayed-signature' });
  });

  it('treats a signature with and without its = padding, or with spaces around it, as the same', () => {
    const guard = createWebhookReplayGuard();
    const signature = sig(1);
    expect(signature.endsWith('=')).toBe(true);
    expect(guard.admit({ signature })).toEqual({ ok: true });
    expect(guard.admit({ signature: signature.replace(/=+$/, '') })).toEqual({ ok: false, reason: 'replayed-signature' });
    expect(guard.admit({ signature: ` ${signature}\n` })).toEqual({ ok: false, reason: 'replayed-signature' });
  });

  it('forgets a webhook windowMs after accepting it (default 600 000 ms)', () => {
    let now = 0;
    const guard = createWebhookReplayGuard({ now: () => now });
    guard.admit({ signature: sig(1), type: 't', id: 'a' });
    now = 599_999;
    expect(guard.admit({ signature: sig(1) }).ok).toBe(false);
    now = 600_000;
    expect(guard.admit({ signature: sig(1), type: 't', id: 'a' })).toEqual({ ok: true });
    expect(guard.size).toBe(1);

    const short = createWebhookReplayGuard({ windowMs: 1_000, now: () => now });
    short.admit({ signature: sig(2) });
    now += 1_000;
    expect(short.admit({ signature: sig(2) })).toEqual({ ok: true });
  });

  it('keeps at most maxEntries, forgetting the oldest first', () => {
    const guard = createWebhookReplayGuard({ maxEntries: 3 });
    for (let i = 1; i <= 5; i++) expect(guard.admit({ signature: sig(i), type: 't', id: `e${i}` }).ok).toBe(true);
    expect(guard.size).toBe(3);
    expect(guard.admit({ signature: sig(1), type: 't', id: 'e1' })).toEqual({ ok: true }); // forgotten
    expect(guard.admit({ signature: sig(5) })).toEqual({ ok: false, reason: 'replayed-signature' });
    expect(guard.admit({ signature: sig(99), type: 't', id: 'e4' })).toEqual({ ok: false, reason: 'replayed-event' });
    guard.clear();
    expect(guard.size).toBe(0);
  });

  it('stays bounded in memory over 200,000 webhooks', () => {
    const guard = createWebhookReplayGuard({ maxEntries: 1_000 });
    const sizes: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      guard.admit({ signature: sig(i), type: 'dialout.connected', id: `evt-${i}` });
      if (i % 50_000 === 49_999) sizes.push(guard.size);
    }
    expect(sizes).toEqual([1_000, 1_000, 1_000, 1_000]);
  }, 30_000); // ~1 s alone; CI machines running other suites in parallel have taken over 5 s

  it('agrees with a model: refused exactly when the signature or (type, id) was accepted within the window', () => {
    const step = fc.record({
      signature: fc.integer({ min: 0, max: 20 }),
      event: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
      advanceMs: fc.integer({ min: 0, max: 400 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let now = 0;
        const windowMs = 1_000;
        const guard = createWebhookReplayGuard({ windowMs, maxEntries: 1_000, now: () => now });
        const accepted: { signature: number; event: number | undefined; at: number }[] = [];
        for (const s of steps) {
          now += s.advanceMs;
          const live = accepted.filter((a) => a.at + windowMs > now);
          const expectedRefusal = live.some((a) => a.signature === s.signature)
            ? 'replayed-signature'
            : s.event !== undefined && live.some((a) => a.event === s.event)
              ? 'replayed-event'
              : undefined;
          const verdict = guard.admit({ signature: sig(s.signature), type: 'dialout.connected', id: s.event === undefined ? undefined : `e${s.event}` });
          expect(verdict.ok ? undefined : verdict.reason).toBe(expectedRefusal);
          if (verdict.ok) accepted.push({ signature: s.signature, event: s.event, at: now });
        }
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  it('refuses bad options and a missing signature', () => {
    expect(() => createWebhookReplayGuard({ windowMs: 0 })).toThrow(RangeError);
    expect(() => createWebhookReplayGuard({ windowMs: 1.5 })).toThrow(RangeError);
    expect(() => createWebhookReplayGuard({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => createWebhookReplayGuard({ now: 'now' as never })).toThrow(TypeError);
    const guard = createWebhookReplayGuard();
    expect(() => guard.admit({ signature: '' })).toThrow(TypeError);
    expect(() => guard.admit({} as never)).toThrow(TypeError);
  });
});
