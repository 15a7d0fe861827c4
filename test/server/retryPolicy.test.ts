// @vitest-environment node
/**
 * Retries never repeat an action Daily may have taken. A local node:http server plays Daily and
 * counts what reaches it: `dialOut/start`, `sendDTMF`, `sipCallTransfer`, `sipRefer` and `pinlessCallUpdate` are sent
 * again only after HTTP 429 or a connection that failed before the request was sent; any other
 * failure rejects at once with `mayHaveSucceeded: true`. `dialOut/stop` (idempotent) is still retried
 * after a 5xx. Every method takes an `AbortSignal`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DailyApiError, DialOutValidationError, createDailyDialOutClient, type DailyFetch } from '../../src/server/index.js';

const KEY = 'dk_test_retry_policy';
const ROOM = 'room';
const START = { phoneNumber: '+15555550100' };
const DTMF = { sessionId: 'S1', tones: '1234#' };
const TRANSFER = { sessionId: 'S1', toEndPoint: '+15555550111' };
const REFER = { sessionId: 'S1', toEndPoint: 'sip:supervisor@pbx.example.com' };
const PINLESS = { callId: 'call-1', callDomain: 'domain-1', sipUri: 'sip:room-name@sip.daily.co' };
const ENDPOINTS = ['start', 'sendDTMF', 'stop', 'sipCallTransfer', 'sipRefer', 'pinlessCallUpdate'] as const;
/** The endpoints that act like `start` (not idempotent), beside it. */
const MOVES = ['sipCallTransfer', 'sipRefer', 'pinlessCallUpdate'] as const;

/** How the local "Daily" answers one request. */
type Behaviour = { status: number; body?: unknown; headers?: Record<string, string> } | 'reset' | 'hang';

let server: Server;
let baseUrl: string;
/** What reached the server, per endpoint ('start' | 'stop' | 'sendDTMF' | 'sipCallTransfer' | 'sipRefer' | 'pinlessCallUpdate'). */
let received: Record<string, number>;
/** Answers per endpoint, in order; the last one repeats. */
let plan: Record<string, Behaviour[]>;

beforeEach(async () => {
  received = {};
  plan = {};
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const endpoint = /\/(?:rooms\/[^/]+\/(?:dialOut\/)?|dialin\/)(\w+)$/.exec(req.url ?? '')?.[1] ?? 'other';
    req.resume();
    req.on('end', () => {
      received[endpoint] = (received[endpoint] ?? 0) + 1;
      const queue = plan[endpoint] ?? [{ status: 200, body: { sessionId: 'S1' } }];
      const behaviour = (queue.length > 1 ? queue.shift() : queue[0]) as Behaviour;
      if (behaviour === 'reset') return void req.socket.destroy(); // the request arrived; the answer never leaves
      if (behaviour === 'hang') return;
      res.writeHead(behaviour.status, { 'content-type': 'application/json', ...behaviour.headers });
      res.end(behaviour.body === undefined ? '' : JSON.stringify(behaviour.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function client(extra: { timeoutMs?: number; fetch?: DailyFetch } = {}) {
  return createDailyDialOutClient({ apiKey: KEY, baseUrl, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 20 }, ...extra });
}

async function failure(promise: Promise<unknown>): Promise<DailyApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DailyApiError);
  return error as DailyApiError;
}

const calls = {
  start: (daily: ReturnType<typeof client>, signal?: AbortSignal) => daily.startDialOut(ROOM, START, { signal }),
  sendDTMF: (daily: ReturnType<typeof client>, signal?: AbortSignal) => daily.sendDTMF(ROOM, DTMF, { signal }),
  stop: (daily: ReturnType<typeof client>, signal?: AbortSignal) => daily.stopDialOut(ROOM, 'S1', { signal }),
  sipCallTransfer: (daily: ReturnType<typeof client>, signal?: AbortSignal) => daily.sipCallTransfer(ROOM, TRANSFER, { signal }),
  sipRefer: (daily: ReturnType<typeof client>, signal?: AbortSignal) => daily.sipRefer(ROOM, REFER, { signal }),
  pinlessCallUpdate: (daily: ReturnType<typeof client>, signal?: AbortSignal) => daily.pinlessCallUpdate(PINLESS, { signal }),
} as const;

describe('a local Daily answering 502 on dialOut/start', () => {
  it('gets exactly one request, and the error says the call may have been placed', async () => {
    plan.start = [{ status: 502, body: { error: 'bad-gateway' } }];
    const error = await failure(client().startDialOut(ROOM, START));
    expect(received.start).toBe(1);
    expect(error).toMatchObject({ kind: 'http', status: 502, attempts: 1, mayHaveSucceeded: true });
    expect(error.toJSON()).toMatchObject({ mayHaveSucceeded: true });
  });
});

describe('which failures are retried, per endpoint (maxAttempts 3)', () => {
  /** Whether each endpoint is retried; `sipCallTransfer`, `sipRefer` and `pinlessCallUpdate` (not idempotent) always as `start`. */
  const failures: [name: string, behaviour: Behaviour, retried: { start: boolean; sendDTMF: boolean; stop: boolean }, mayHaveSucceeded: boolean][] = [
    ['HTTP 500', { status: 500 }, { start: false, sendDTMF: false, stop: true }, true],
    ['HTTP 502', { status: 502 }, { start: false, sendDTMF: false, stop: true }, true],
    ['HTTP 503 with Retry-After', { status: 503, headers: { 'Retry-After': '0' } }, { start: false, sendDTMF: false, stop: true }, true],
    ['HTTP 504', { status: 504 }, { start: false, sendDTMF: false, stop: true }, true],
    ['HTTP 429 with Retry-After', { status: 429, headers: { 'Retry-After': '0' } }, { start: true, sendDTMF: true, stop: true }, false],
    ['HTTP 429 without Retry-After', { status: 429 }, { start: true, sendDTMF: true, stop: true }, false],
    ['HTTP 400', { status: 400, body: { error: 'invalid-request-error' } }, { start: false, sendDTMF: false, stop: false }, false],
    ['HTTP 404', { status: 404 }, { start: false, sendDTMF: false, stop: false }, false],
    ['HTTP 409', { status: 409, body: { error: 'DIALOUT_IN_PROGRESS' } }, { start: false, sendDTMF: false, stop: false }, false],
    ['a connection reset after the request arrived', 'reset', { start: false, sendDTMF: false, stop: false }, true],
  ];

  for (const [name, behaviour, retried, mayHaveSucceeded] of failures) {
    for (const endpoint of ENDPOINTS) {
      const attempts = ((MOVES as readonly string[]).includes(endpoint) ? retried.start : retried[endpoint as 'start' | 'sendDTMF' | 'stop']) ? 3 : 1;
      it(`${name} on ${endpoint}: ${attempts} request(s), mayHaveSucceeded ${String(mayHaveSucceeded)}`, async () => {
        plan[endpoint] = [behaviour];
        const error = await failure(calls[endpoint](client()));
        expect(received[endpoint]).toBe(attempts);
        expect(error.attempts).toBe(attempts);
        expect(error.mayHaveSucceeded).toBe(mayHaveSucceeded);
      });
    }
  }

  it('a timeout is never retried, and may have succeeded', async () => {
    for (const endpoint of ENDPOINTS) {
      plan[endpoint] = ['hang'];
      const error = await failure(calls[endpoint](client({ timeoutMs: 50 })));
      expect(error).toMatchObject({ kind: 'timeout', attempts: 1, mayHaveSucceeded: true });
      expect(received[endpoint]).toBe(1);
    }
  });

  it('a 2xx start without a sessionId is not retried, and may have dialed', async () => {
    plan.start = [{ status: 200, body: { ok: 'true' } }];
    const error = await failure(client().startDialOut(ROOM, START));
    expect(error).toMatchObject({ kind: 'invalid-response', attempts: 1, mayHaveSucceeded: true });
    expect(received.start).toBe(1);
  });

  it('429 then success starts once', async () => {
    plan.start = [{ status: 429, headers: { 'Retry-After': '0' } }, { status: 200, body: { sessionId: 'S2' } }];
    await expect(client().startDialOut(ROOM, START)).resolves.toEqual({ sessionId: 'S2' });
    expect(received.start).toBe(2);
  });

  it.each(MOVES)('a 5xx on %s rejects at once: it may have moved the call, and is not sent again', async (endpoint) => {
    plan[endpoint] = [{ status: 503, headers: { 'Retry-After': '0' } }, { status: 200, body: { ok: 'true' } }];
    const error = await failure(calls[endpoint](client()));
    const path = endpoint === 'pinlessCallUpdate' ? '/dialin/pinlessCallUpdate' : `/rooms/${ROOM}/${endpoint}`;
    expect(error).toMatchObject({ kind: 'http', status: 503, attempts: 1, mayHaveSucceeded: true, endpoint: `POST ${path}` });
    expect(received[endpoint]).toBe(1);
  });

  it.each(MOVES)('429 then success sends %s twice and resolves', async (endpoint) => {
    plan[endpoint] = [{ status: 429, headers: { 'Retry-After': '0' } }, { status: 200, body: { ok: 'true' } }];
    await expect(calls[endpoint](client())).resolves.toBeUndefined();
    expect(received[endpoint]).toBe(2);
  });

  it('remembers that an earlier attempt may have acted: stop 500, then 404, rejects with mayHaveSucceeded', async () => {
    plan.stop = [{ status: 500 }, { status: 404, body: { error: 'not-found' } }];
    const error = await failure(client().stopDialOut(ROOM, 'S1'));
    expect(error).toMatchObject({ status: 404, attempts: 2, mayHaveSucceeded: true });
  });
});

describe('connections that fail before the request is sent', () => {
  /** A fetch whose first `failures` calls fail as Node's fetch does when the connection is refused. */
  function refusingFetch(failures: number, code = 'ECONNREFUSED'): { fetch: DailyFetch; calls: () => number } {
    let count = 0;
    return {
      calls: () => count,
      fetch: async (url, init) => {
        count += 1;
        if (count <= failures) throw new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code }) });
        return fetch(url, init);
      },
    };
  }

  it.each(MOVES)('are retried for %s (nothing was sent): it acts once', async (endpoint) => {
    const refusing = refusingFetch(2);
    await expect(calls[endpoint](client({ fetch: refusing.fetch }))).resolves.toBeUndefined();
    expect(refusing.calls()).toBe(3);
    expect(received[endpoint]).toBe(1);
  });

  it.each(MOVES)('a connection reset after sending is not, for %s', async (endpoint) => {
    const refusing = refusingFetch(1, 'ECONNRESET');
    const error = await failure(calls[endpoint](client({ fetch: refusing.fetch })));
    expect(error).toMatchObject({ kind: 'network', attempts: 1, mayHaveSucceeded: true });
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'])('are retried for a start (%s): it dials once', async (code) => {
    const refusing = refusingFetch(2, code);
    await expect(client({ fetch: refusing.fetch }).startDialOut(ROOM, START)).resolves.toEqual({ sessionId: 'S1' });
    expect(refusing.calls()).toBe(3);
    expect(received.start).toBe(1);
  });

  it('Node’s AggregateError of several refused addresses counts as refused', async () => {
    let first = true;
    const aggregate: DailyFetch = async (url, init) => {
      if (first) {
        first = false;
        const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
        throw new TypeError('fetch failed', { cause: new AggregateError([refused('::1:1'), refused('127.0.0.1:1')]) });
      }
      return fetch(url, init);
    };
    await expect(client({ fetch: aggregate }).sendDTMF(ROOM, DTMF)).resolves.toBeUndefined();
    expect(received.sendDTMF).toBe(1);
  });

  it('a connection reset (ECONNRESET) is not: the request may have left', async () => {
    const refusing = refusingFetch(1, 'ECONNRESET');
    const error = await failure(client({ fetch: refusing.fetch }).sendDTMF(ROOM, DTMF));
    expect(error).toMatchObject({ kind: 'network', attempts: 1, mayHaveSucceeded: true });
    expect(refusing.calls()).toBe(1);
  });
});

describe('AbortSignal', () => {
  it.each(ENDPOINTS)('an aborted signal rejects %s before anything is sent', async (endpoint) => {
    const controller = new AbortController();
    controller.abort(new Error('user left'));
    const error = await failure(calls[endpoint](client(), controller.signal));
    expect(error).toMatchObject({ kind: 'aborted', attempts: 0, mayHaveSucceeded: false });
    expect((error.cause as Error).message).toBe('user left');
    expect(received[endpoint]).toBeUndefined();
  });

  it.each(ENDPOINTS)('aborting %s while the request is in flight rejects at once, saying it may have acted', async (endpoint) => {
    plan[endpoint] = ['hang'];
    const controller = new AbortController();
    const pending = calls[endpoint](client({ timeoutMs: 60_000 }), controller.signal);
    while (received[endpoint] === undefined) await new Promise((r) => setTimeout(r, 2));
    const before = Date.now();
    controller.abort();
    const error = await failure(pending);
    expect(Date.now() - before).toBeLessThan(1_000);
    expect(error).toMatchObject({ kind: 'aborted', attempts: 1, mayHaveSucceeded: true });
  });

  it('aborting during a retry wait stops the retries', async () => {
    plan.start = [{ status: 429, headers: { 'Retry-After': '10' } }, { status: 200, body: { sessionId: 'LATE' } }];
    const controller = new AbortController();
    const daily = createDailyDialOutClient({ apiKey: KEY, baseUrl, retry: { maxDelayMs: 20_000 } });
    const pending = daily.startDialOut(ROOM, START, { signal: controller.signal });
    while (received.start === undefined) await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    const error = await failure(pending);
    expect(error).toMatchObject({ kind: 'aborted', attempts: 1, mayHaveSucceeded: false });
    expect(error.message).toContain('while waiting to retry');
    expect(received.start).toBe(1);
  });

  it('a signal that is never aborted changes nothing, and is let go afterwards', async () => {
    const controller = new AbortController();
    await expect(client().startDialOut(ROOM, START, { signal: controller.signal })).resolves.toEqual({ sessionId: 'S1' });
    controller.abort(); // after the answer: no effect, no unhandled rejection
    expect(received.start).toBe(1);
  });

  it('refuses a signal that is not an AbortSignal, and unknown request options, sending nothing', async () => {
    const bad = await client()
      .startDialOut(ROOM, START, { signal: 'stop' as never })
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(DialOutValidationError);
    expect((bad as DialOutValidationError).issues).toEqual([{ path: 'signal', message: 'must be an AbortSignal, got a string' }]);
    const unknown = await client()
      .stopDialOut(ROOM, 'S1', { timeout: 5 } as never)
      .catch((e: unknown) => e);
    expect((unknown as DialOutValidationError).issues.map((i) => i.path)).toEqual(['timeout']);
    expect(received).toEqual({});
  });
});
