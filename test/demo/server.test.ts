// @vitest-environment node
/**
 * The demo server (demo/server/server.mjs) over real HTTP on 127.0.0.1: a webhook signed with
 * Node's crypto is POSTed and comes out of the Server-Sent Events stream; a bad signature gets
 * 401 and is not relayed; POST /api/dial-out starts through the Daily REST mock; offline, the
 * mock's "Daily" sends the signed webhooks itself.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../browser/support.js';
import type { DemoServer } from '../../demo/server/server.mjs';

const SECRET = randomBytes(32).toString('base64');
let startDemoServer: typeof import('../../demo/server/server.mjs').startDemoServer;
let server: DemoServer;

beforeAll(async () => {
  ensureBuilt(); // server.mjs imports the built package (daily-dialout-machine/server)
  ({ startDemoServer } = await import('../../demo/server/server.mjs'));
}, 120_000);

beforeEach(async () => {
  server = await startDemoServer({ port: 0, webhookSecret: SECRET });
});

afterEach(async () => {
  await server.close();
});

/** Signs like Daily: base64 HMAC-SHA256 of `${timestamp}.${body}`, keyed with the base64-decoded secret. */
function sign(body: string, secret = SECRET, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = createHmac('sha256', Buffer.from(secret, 'base64')).update(`${timestamp}.${body}`).digest('base64');
  return { 'content-type': 'application/json', 'x-webhook-signature': signature, 'x-webhook-timestamp': String(timestamp) };
}

function webhook(type: string, sessionId: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: '1.0.0',
    type,
    id: `evt-${type}-${sessionId}`,
    event_ts: Date.now() / 1000,
    payload: { session_id: sessionId, timestamp: String(Math.floor(Date.now() / 1000)), room: 'demo', destination: '+15555550100', ...extra },
  });
}

async function post(path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** An SSE client on node:http: collects the `data:` payloads of GET /events. */
async function subscribe(): Promise<{ events: Record<string, unknown>[]; next(count: number): Promise<Record<string, unknown>[]>; close(): void }> {
  const events: Record<string, unknown>[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(`${server.url}/events`, { headers: { accept: 'text/event-stream' } }, resolve);
    req.on('error', reject);
    req.end();
  });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
  let buffer = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    buffer += chunk;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      if (data) events.push(JSON.parse(data) as Record<string, unknown>);
    }
    for (const waiter of [...waiters]) if (events.length >= waiter.count) waiter.resolve();
  });
  return {
    events,
    next: (count) =>
      events.length >= count ? Promise.resolve(events.slice(0, count)) : new Promise((resolve) => waiters.push({ count, resolve: () => resolve(events.slice(0, count)) })),
    close: () => response.destroy(),
  };
}

describe('demo server', () => {
  it('verifies a signed webhook, parses it and relays it over Server-Sent Events', async () => {
    const sse = await subscribe();
    const body = webhook('dialout.answered', 'session-1', { user_id: null });

    const { status, json } = await post('/webhooks/daily', body, sign(body));

    expect(status).toBe(200);
    expect(json).toEqual({ ok: true, relayed: true });
    const [event] = await sse.next(1);
    // what parseDialOutWebhook made of it: the timestamp a number, user_id: null left out
    expect(event).toEqual({
      version: '1.0.0',
      type: 'dialout.answered',
      id: 'evt-dialout.answered-session-1',
      event_ts: expect.any(Number),
      payload: { session_id: 'session-1', timestamp: expect.any(Number), room: 'demo', destination: '+15555550100' },
    });
    sse.close();
  });

  it('answers 401 to a bad signature and relays nothing', async () => {
    const sse = await subscribe();
    const forged = webhook('dialout.stopped', 'session-2');
    const tampered = webhook('dialout.stopped', 'session-3');

    const wrongSecret = await post('/webhooks/daily', forged, sign(forged, randomBytes(32).toString('base64')));
    const modifiedBody = await post('/webhooks/daily', tampered.replace('session-3', 'session-4'), sign(tampered));
    const unsigned = await post('/webhooks/daily', forged);
    const stale = await post('/webhooks/daily', forged, sign(forged, SECRET, Math.floor(Date.now() / 1000) - 3600));

    expect([wrongSecret, modifiedBody, unsigned, stale].map((r) => [r.status, r.json.info])).toEqual([
      [401, 'signature-mismatch'],
      [401, 'signature-mismatch'],
      [401, 'missing-signature'],
      [401, 'timestamp-too-old'],
    ]);
    // a good one afterwards is the first (and only) thing on the stream
    const good = webhook('dialout.connected', 'session-5');
    expect((await post('/webhooks/daily', good, sign(good))).status).toBe(200);
    const [first] = await sse.next(1);
    expect(first).toMatchObject({ type: 'dialout.connected', payload: { session_id: 'session-5' } });
    expect(sse.events).toHaveLength(1);
    sse.close();
  });

  it('acknowledges, without relaying, a signed webhook that is not a dial-out event, and Daily’s creation check', async () => {
    const sse = await subscribe();
    const other = JSON.stringify({ version: '1.0.0', type: 'meeting.started', id: 'evt-m', event_ts: 1, payload: {} });
    const check = JSON.stringify({ test: 'test' });

    const signedOther = await post('/webhooks/daily', other, sign(other));
    const creationCheck = await post('/webhooks/daily', check);

    expect(signedOther.status).toBe(200);
    expect(signedOther.json).toMatchObject({ ok: true, relayed: false });
    expect(creationCheck).toEqual({ status: 200, json: { ok: true, relayed: false } });
    const good = webhook('dialout.connected', 'session-6');
    await post('/webhooks/daily', good, sign(good));
    expect((await sse.next(1)).map((e) => e.type)).toEqual(['dialout.connected']);
    expect(sse.events).toHaveLength(1);
    sse.close();
  });

  it('POST /api/dial-out starts through the Daily REST mock and returns { sessionId }; offline, the signed webhooks follow over SSE', async () => {
    expect(server.offline).toBe(true);
    const sse = await subscribe();

    const { status, json } = await post(
      '/api/dial-out',
      JSON.stringify({ room: 'https://example.daily.co/my-room', options: { phoneNumber: '+15555550100', displayName: 'Support' }, remote: { behaviour: 'answer', ringMs: 10, talkMs: 10 } }),
    );

    expect(status).toBe(200);
    expect(json).toEqual({ sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const sessionId = json.sessionId as string;
    const started = server.restMock?.requests.find((r) => r.endpoint === 'start');
    expect(started).toMatchObject({
      method: 'POST',
      roomName: 'my-room',
      body: { phoneNumber: '+15555550100', displayName: 'Support' },
      headers: { authorization: 'Bearer offline-demo-key' },
    });
    // the offline Daily's webhooks went through /webhooks/daily (signature checked) to the stream
    const events = await sse.next(3);
    expect(events.map((e) => [e.type, (e.payload as { session_id?: string }).session_id])).toEqual([
      ['dialout.connected', sessionId],
      ['dialout.answered', sessionId],
      ['dialout.stopped', sessionId],
    ]);
    expect(events[0]).toMatchObject({ payload: { room: 'my-room', destination: '+15555550100' } });
    sse.close();
  });

  it('POST /api/dial-out/stop stops through the REST mock, and the offline Daily reports dialout.stopped', async () => {
    const sse = await subscribe();
    const { json } = await post('/api/dial-out', JSON.stringify({ room: 'demo', options: { sipUri: 'sip:bob@example.com' }, remote: { behaviour: 'no-answer' } }));
    const sessionId = json.sessionId as string;
    expect((await sse.next(1))[0]).toMatchObject({ type: 'dialout.connected' });

    const stop = await post('/api/dial-out/stop', JSON.stringify({ room: 'demo', sessionId }));

    expect(stop).toEqual({ status: 200, json: {} });
    expect(server.restMock?.requests.map((r) => r.endpoint)).toEqual(['start', 'stop']);
    expect((await sse.next(2))[1]).toMatchObject({ type: 'dialout.stopped', payload: { session_id: sessionId } });
    sse.close();
  });

  it('reports bad requests with the status and error the page shows', async () => {
    const invalid = await post('/api/dial-out', JSON.stringify({ room: 'demo', options: { phoneNumber: '12345' } }));
    const noRoom = await post('/api/dial-out', JSON.stringify({ options: { phoneNumber: '+15555550100' } }));
    const rejected = await post('/api/dial-out', JSON.stringify({ room: 'demo', options: { phoneNumber: '+15555550100' }, remote: { behaviour: 'reject', code: 'DIALOUT_IN_PROGRESS' } }));
    const notJson = await post('/api/dial-out', 'nope');
    const unknownStop = await post('/api/dial-out/stop', JSON.stringify({ room: 'demo', sessionId: 'nobody' }));

    expect(invalid.status).toBe(400);
    expect(invalid.json).toMatchObject({ error: 'validation', issues: [{ path: 'phoneNumber' }] });
    expect(noRoom).toEqual({ status: 400, json: { error: 'invalid-request', info: 'room must be a room name or a Daily room URL' } });
    expect(rejected).toEqual({ status: 409, json: { error: 'DIALOUT_IN_PROGRESS', info: 'offline Daily rejected the start: DIALOUT_IN_PROGRESS' } });
    expect(notJson).toEqual({ status: 400, json: { error: 'invalid-json', info: 'the body must be JSON' } });
    expect(unknownStop.status).toBe(404);
    // nothing but the rejected start reached the REST mock: validation happens first
    expect(server.restMock?.requests.map((r) => r.endpoint)).toEqual(['start', 'stop']);
  });
});
