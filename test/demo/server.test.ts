// @vitest-environment node
/**
 * The demo server (demo/server/server.mjs) over real HTTP on 127.0.0.1.
 *
 * - The path: a webhook signed with Node's crypto is POSTed and comes out of the Server-Sent
 *   Events stream; POST /api/dial-out starts through the Daily REST mock; offline, the mock's
 *   "Daily" sends the signed webhooks itself.
 * - Its refusals: no token, another origin or host name, a body that is not JSON: 401 / 403 / 415,
 *   and nothing started; the webhook receiver alone on its own port; a bad signature: the same
 *   401 body whatever the reason; a replayed webhook: not relayed again; a secret that is not
 *   base64: refused at start; 413 for oversized bodies; 400 for malformed room URLs.
 * - Its bounds: SSE messages no value can break; a client that never reads is dropped; memory flat
 *   over 10,000 offline dial-outs.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../browser/support.js';
import type { DemoServer, DemoServerOptions } from '../../demo/server/server.mjs';

const SECRET = randomBytes(32).toString('base64');
let startDemoServer: typeof import('../../demo/server/server.mjs').startDemoServer;
let serverSentEvent: typeof import('../../demo/server/server.mjs').serverSentEvent;
let server: DemoServer;
const extraServers: DemoServer[] = [];

beforeAll(async () => {
  ensureBuilt(); // server.mjs imports the built package (daily-dialout-machine/server)
  ({ startDemoServer, serverSentEvent } = await import('../../demo/server/server.mjs'));
}, 120_000);

beforeEach(async () => {
  server = await startDemoServer({ port: 0, webhookSecret: SECRET });
});

afterEach(async () => {
  await server.close();
  await Promise.all(extraServers.splice(0).map((s) => s.close()));
});

async function another(options: DemoServerOptions): Promise<DemoServer> {
  const started = await startDemoServer(options);
  extraServers.push(started);
  return started;
}

/** Signs like Daily: base64 HMAC-SHA256 of `${timestamp}.${body}`, keyed with the base64-decoded secret. */
function sign(body: string, secret = SECRET, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = createHmac('sha256', Buffer.from(secret, 'base64')).update(`${timestamp}.${body}`).digest('base64');
  return { 'content-type': 'application/json', 'x-webhook-signature': signature, 'x-webhook-timestamp': String(timestamp) };
}

function webhook(type: string, sessionId: string, extra: Record<string, unknown> = {}, id = `evt-${type}-${sessionId}`): string {
  return JSON.stringify({
    version: '1.0.0',
    type,
    id,
    event_ts: Date.now() / 1000,
    payload: { session_id: sessionId, timestamp: String(Math.floor(Date.now() / 1000)), room: 'demo', destination: '+15555550100', ...extra },
  });
}

type Answer = { status: number; json: Record<string, unknown> };

async function post(path: string, body: string, headers: Record<string, string> = {}, base = server.url): Promise<Answer> {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A POST from this run's page: the token and application/json. */
function api(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return post(path, typeof body === 'string' ? body : JSON.stringify(body), { 'content-type': 'application/json', 'x-demo-token': server.token, ...headers });
}

/**
 * Parses a Server-Sent Events stream as the WHATWG spec says (lines end with CR, LF or CRLF; a
 * blank line dispatches; `data` lines join with LF; `id` sets the last event id).
 */
function parseEventStream(text: string): { data: string; id: string }[] {
  const messages: { data: string; id: string }[] = [];
  let data: string[] = [];
  let id = '';
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === '') {
      if (data.length > 0) messages.push({ data: data.join('\n'), id });
      data = [];
      continue;
    }
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') data.push(value);
    else if (field === 'id' && !value.includes('\0')) id = value;
  }
  return messages;
}

/** An SSE client on node:http: collects the messages of GET /events (parsed as complete messages arrive). */
async function subscribe(headers: Record<string, string> = { 'x-demo-token': server.token }, path = '/events') {
  let raw = '';
  let pending = '';
  const parsed: { data: string; id: string }[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(`${server.url}${path}`, { headers: { accept: 'text/event-stream', ...headers } }, resolve);
    req.on('error', reject);
    req.end();
  });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
  response.setEncoding('utf8');
  const events = () => parsed.map((m) => JSON.parse(m.data) as Record<string, unknown>);
  response.on('data', (chunk: string) => {
    if (raw.length < 100_000) raw += chunk; // kept for the tests that read the raw stream (small ones)
    pending += chunk;
    const end = pending.lastIndexOf('\n\n');
    if (end >= 0) {
      parsed.push(...parseEventStream(pending.slice(0, end + 2)));
      pending = pending.slice(end + 2);
    }
    for (const waiter of [...waiters]) if (parsed.length >= waiter.count) waiter.resolve();
  });
  return {
    raw: () => raw,
    messages: () => parsed,
    events,
    next: (count: number) =>
      parsed.length >= count
        ? Promise.resolve(events().slice(0, count))
        : new Promise<Record<string, unknown>[]>((resolve) => waiters.push({ count, resolve: () => resolve(events().slice(0, count)) })),
    close: () => response.destroy(),
  };
}

const nothingStarted = () => {
  expect(server.restMock?.requests).toEqual([]);
  expect(server.stats().offlineCalls).toBe(0);
};

describe('demo server: the path', () => {
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
    expect(sse.messages()[0]?.id).toBe('evt-dialout.answered-session-1');
    sse.close();
  });

  it('acknowledges, without relaying, a signed webhook that is not a dial-out event, and Daily’s creation check', async () => {
    const sse = await subscribe();
    const other = JSON.stringify({ version: '1.0.0', type: 'meeting.started', id: 'evt-m', event_ts: 1, payload: {} });
    const check = JSON.stringify({ test: 'test' });

    const signedOther = await post('/webhooks/daily', other, sign(other));
    const creationCheck = await post('/webhooks/daily', check, { 'content-type': 'application/json' });

    expect(signedOther).toEqual({ status: 200, json: { ok: true, relayed: false } });
    expect(creationCheck).toEqual({ status: 200, json: { ok: true, relayed: false } });
    const good = webhook('dialout.connected', 'session-6');
    await post('/webhooks/daily', good, sign(good));
    expect((await sse.next(1)).map((e) => e.type)).toEqual(['dialout.connected']);
    expect(sse.events()).toHaveLength(1);
    sse.close();
  });

  it('POST /api/dial-out starts through the Daily REST mock and returns { sessionId }; offline, the signed webhooks follow over SSE', async () => {
    expect(server.offline).toBe(true);
    const sse = await subscribe();

    const { status, json } = await api('/api/dial-out', {
      room: 'https://example.daily.co/my-room',
      options: { phoneNumber: '+15555550100', displayName: 'Support' },
      remote: { behaviour: 'answer', ringMs: 10, talkMs: 10 },
    });

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
    // Daily ended the call: the mock no longer counts it as active
    expect(server.stats()).toMatchObject({ offlineCalls: 0, offlineTimers: 0, restMockActiveSessions: 0 });
    sse.close();
  });

  it('POST /api/dial-out/stop stops through the REST mock, and the offline Daily reports dialout.stopped', async () => {
    const sse = await subscribe();
    const { json } = await api('/api/dial-out', { room: 'demo', options: { sipUri: 'sip:bob@example.com' }, remote: { behaviour: 'no-answer' } });
    const sessionId = json.sessionId as string;
    expect((await sse.next(1))[0]).toMatchObject({ type: 'dialout.connected' });

    const stop = await api('/api/dial-out/stop', { room: 'demo', sessionId });

    expect(stop).toEqual({ status: 200, json: {} });
    expect(server.restMock?.requests.map((r) => r.endpoint)).toEqual(['start', 'stop']);
    expect((await sse.next(2))[1]).toMatchObject({ type: 'dialout.stopped', payload: { session_id: sessionId } });
    sse.close();
  });

  it('GET /api/config tells the page how the server runs', async () => {
    const response = await fetch(`${server.url}/api/config`, { headers: { 'x-demo-token': server.token } });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ offline: true, webhookPath: '/webhooks/daily', eventsPath: '/events' });
  });

  it('reports bad requests with the status and error the page shows', async () => {
    const invalid = await api('/api/dial-out', { room: 'demo', options: { phoneNumber: '12345' } });
    const noRoom = await api('/api/dial-out', { options: { phoneNumber: '+15555550100' } });
    const rejected = await api('/api/dial-out', { room: 'demo', options: { phoneNumber: '+15555550100' }, remote: { behaviour: 'reject', code: 'DIALOUT_IN_PROGRESS' } });
    const notJson = await api('/api/dial-out', 'nope');
    const unknownStop = await api('/api/dial-out/stop', { room: 'demo', sessionId: 'nobody' });

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

describe('demo server: who may start a call (toll fraud, CSRF)', () => {
  const dial = JSON.stringify({ room: 'demo', options: { phoneNumber: '+15555550100' } });

  it('answers 401 and starts nothing without this run’s token, or with another one', async () => {
    const noToken = await post('/api/dial-out', dial, { 'content-type': 'application/json' });
    const wrong = await post('/api/dial-out', dial, { 'content-type': 'application/json', 'x-demo-token': randomBytes(32).toString('base64url') });
    const almost = await post('/api/dial-out', dial, { 'content-type': 'application/json', 'x-demo-token': server.token.slice(0, -1) });
    const inQuery = await post(`/api/dial-out?token=${server.token}`, dial, { 'content-type': 'application/json' });
    const stop = await post('/api/dial-out/stop', JSON.stringify({ room: 'demo', sessionId: 'x' }), { 'content-type': 'application/json' });
    const config = await fetch(`${server.url}/api/config`);
    for (const answer of [noToken, wrong, almost, inQuery, stop]) expect(answer).toEqual({ status: 401, json: { error: 'unauthorized' } });
    expect(config.status).toBe(401);
    nothingStarted();
  });

  it('answers 401 to GET /events without the token (it shows every dialed number), and streams with it', async () => {
    const refused = await fetch(`${server.url}/events`);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ error: 'unauthorized' });
    const wrongQuery = await fetch(`${server.url}/events?token=nope`);
    expect(wrongQuery.status).toBe(401);
    // EventSource cannot send headers: the token may come as ?token= for GET /events only
    const sse = await subscribe({}, `/events?token=${encodeURIComponent(server.token)}`);
    const body = webhook('dialout.connected', 'session-q');
    await post('/webhooks/daily', body, sign(body));
    expect((await sse.next(1))[0]).toMatchObject({ type: 'dialout.connected' });
    sse.close();
  });

  it('refuses another origin (a page elsewhere that got hold of nothing but the URL) with 403, even with the token', async () => {
    const evil = await api('/api/dial-out', dial, { origin: 'https://evil.example' });
    const otherPort = await api('/api/dial-out', dial, { origin: 'http://127.0.0.1:1' });
    const opaque = await api('/api/dial-out', dial, { origin: 'null' });
    for (const answer of [evil, otherPort, opaque]) expect(answer).toEqual({ status: 403, json: { error: 'forbidden', info: 'cross-origin requests are refused' } });
    nothingStarted();
    const same = await api('/api/dial-out', dial, { origin: server.url });
    expect(same.status).toBe(200);
  });

  it('refuses a host name other than 127.0.0.1 / localhost (DNS rebinding) with 403', async () => {
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.url}/api/dial-out`, {
        method: 'POST',
        headers: { host: 'rebound.example:8787', 'content-type': 'application/json', 'x-demo-token': server.token },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end(dial);
    });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({ error: 'forbidden', info: 'this host name is not allowed' });
    nothingStarted();
  });

  it('accepts only application/json: a form or text/plain POST (what any web page can send) gets 415, or 401 without the token', async () => {
    const text = await api('/api/dial-out', dial, { 'content-type': 'text/plain' });
    const form = await api('/api/dial-out', 'room=demo&options=x', { 'content-type': 'application/x-www-form-urlencoded' });
    const none = await post('/api/dial-out', dial, { 'x-demo-token': server.token, 'content-type': '' });
    for (const answer of [text, form, none]) expect(answer).toEqual({ status: 415, json: { error: 'unsupported-media-type', info: 'send application/json' } });
    // what a cross-site form really sends: no token
    const csrf = await post('/api/dial-out', 'room=demo', { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' });
    expect(csrf.status).toBe(401);
    nothingStarted();
    const charset = await api('/api/dial-out', dial, { 'content-type': 'application/json; charset=utf-8' });
    expect(charset.status).toBe(200);
  });

  it('serves the webhook receiver alone on its own port (the only one to expose), and the API not there', async () => {
    const split = await another({ port: 0, webhookPort: 0, webhookSecret: SECRET });
    expect(split.webhookPort).not.toBe(split.port);
    expect(split.webhookUrl).toBe(`http://127.0.0.1:${split.webhookPort}/webhooks/daily`);
    const webhookBase = `http://127.0.0.1:${split.webhookPort}`;
    const headers = { 'content-type': 'application/json', 'x-demo-token': split.token };
    // the exposed port: no API, no events, whatever the token
    expect((await post('/api/dial-out', dial, headers, webhookBase)).status).toBe(404);
    expect((await fetch(`${webhookBase}/events?token=${split.token}`)).status).toBe(404);
    expect((await fetch(`${webhookBase}/webhooks/daily`)).status).toBe(405);
    // the API's port: no webhooks
    const body = webhook('dialout.connected', 's');
    expect((await post('/webhooks/daily', body, sign(body), split.url)).status).toBe(404);
    expect(split.restMock?.requests).toEqual([]);
    // and the offline path works across the two ports
    const events = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(`${split.url}/events`, { headers: { 'x-demo-token': split.token } }, resolve);
      req.on('error', reject);
      req.end();
    });
    let raw = '';
    events.setEncoding('utf8');
    events.on('data', (c: string) => (raw += c));
    const started = await post('/api/dial-out', JSON.stringify({ room: 'demo', options: { phoneNumber: '+15555550100' }, remote: { behaviour: 'answer', ringMs: 0, talkMs: 0 } }), headers, split.url);
    expect(started.status).toBe(200);
    await expect.poll(() => parseEventStream(raw).length, { timeout: 5_000 }).toBe(3);
    events.destroy();
  });
});

describe('demo server: webhooks', () => {
  it('answers every refused webhook with the same 401 body, and relays nothing', async () => {
    const sse = await subscribe();
    const forged = webhook('dialout.stopped', 'session-2');
    const tampered = webhook('dialout.stopped', 'session-3');

    const answers = [
      await post('/webhooks/daily', forged, sign(forged, randomBytes(32).toString('base64'))),
      await post('/webhooks/daily', tampered.replace('session-3', 'session-4'), sign(tampered)),
      await post('/webhooks/daily', forged, { 'content-type': 'application/json' }),
      await post('/webhooks/daily', forged, sign(forged, SECRET, Math.floor(Date.now() / 1000) - 3600)),
      await post('/webhooks/daily', forged, sign(forged, SECRET, Math.floor(Date.now() / 1000) + 3600)),
      await post('/webhooks/daily', forged, { ...sign(forged), 'x-webhook-signature': 'not base64!' }),
      await post('/webhooks/daily', forged, { ...sign(forged), 'x-webhook-timestamp': 'yesterday' }),
    ];

    for (const answer of answers) expect(answer).toEqual({ status: 401, json: { error: 'unauthorized' } });
    // a good one afterwards is the first (and only) thing on the stream
    const good = webhook('dialout.connected', 'session-5');
    expect((await post('/webhooks/daily', good, sign(good))).status).toBe(200);
    const [first] = await sse.next(1);
    expect(first).toMatchObject({ type: 'dialout.connected', payload: { session_id: 'session-5' } });
    expect(sse.events()).toHaveLength(1);
    sse.close();
  });

  it('relays a signed webhook replayed five times inside the 300 s window once', async () => {
    const sse = await subscribe();
    const body = webhook('dialout.answered', 'session-r');
    const headers = sign(body);
    const answers: Answer[] = [];
    for (let i = 0; i < 6; i++) answers.push(await post('/webhooks/daily', body, headers));
    // the same event again, in a request signed later (a retry, or a replay of a copy)
    answers.push(await post('/webhooks/daily', body, sign(body, SECRET, Math.floor(Date.now() / 1000) + 5)));

    expect(answers.map((a) => a.json.relayed)).toEqual([true, false, false, false, false, false, false]);
    expect(answers.every((a) => a.status === 200)).toBe(true); // Daily's own message: acknowledged, not an error
    const next = webhook('dialout.stopped', 'session-r');
    await post('/webhooks/daily', next, sign(next));
    expect((await sse.next(2)).map((e) => e.type)).toEqual(['dialout.answered', 'dialout.stopped']);
    expect(sse.events()).toHaveLength(2);
    expect(server.stats().replayEntries).toBe(2);
    sse.close();
  });

  it('refuses to start with a webhook secret that is not base64, saying so without showing it', async () => {
    await expect(startDemoServer({ port: 0, webhookSecret: 'my webhook secret' })).rejects.toThrow(/secret is not base64/);
    await expect(startDemoServer({ port: 0, webhookSecret: 'my webhook secret' })).rejects.not.toThrow(/my webhook/);
    await expect(startDemoServer({ port: 0, token: 'short' })).rejects.toThrow(/token must be at least 32 characters/);
  });
});

describe('demo server: Server-Sent Events', () => {
  it('builds messages that no value can break: a newline in a webhook id adds no message and no field', async () => {
    const sse = await subscribe();
    const hostileId = 'evt-1\n\ndata: {"type":"dialout.stopped","payload":{"session_id":"forged"}}\n\nid: x\rretry: 1\r\n\r\nevent: boom\0';
    const body = webhook('dialout.answered', 'session-n', {}, hostileId);
    expect((await post('/webhooks/daily', body, sign(body))).json).toEqual({ ok: true, relayed: true });
    const good = webhook('dialout.stopped', 'session-n');
    await post('/webhooks/daily', good, sign(good));

    const events = await sse.next(2);
    expect(events.map((e) => [e.type, e.id])).toEqual([
      ['dialout.answered', hostileId], // the id travels intact, JSON-escaped, inside data
      ['dialout.stopped', 'evt-dialout.stopped-session-n'],
    ]);
    const messages = sse.messages();
    expect(messages).toHaveLength(2);
    expect(messages[0]?.id).toBe('evt-1data: {"type":"dialout.stopped","payload":{"session_id":"forged"}}id: xretry: 1event: boom');
    // every line of the stream is a comment, a field the server wrote, or the blank line between messages
    for (const line of sse.raw().split(/\r\n|\r|\n/)) expect(line).toMatch(/^(|: .*|retry: 2000|id: .*|data: .*)$/);
    expect(sse.raw().match(/^retry:/gm)).toHaveLength(1);
    sse.close();
  });

  it('serverSentEvent: every line of a value keeps its field name', () => {
    expect(serverSentEvent({ id: 'a\r\nb\0', event: 'x\ny', data: 'one\ntwo\r\nthree\rfour' })).toBe(
      'id: ab\nevent: x y\ndata: one\ndata: two\ndata: three\ndata: four\n\n',
    );
    expect(parseEventStream(serverSentEvent({ data: '\n\ndata: evil\n\n' }))).toEqual([{ data: '\n\ndata: evil\n\n', id: '' }]);
  });

  it('drops a client that never reads once its backlog passes the bound, and keeps serving the others', async () => {
    const healthy = await subscribe();
    // a client that sends the request and then never reads a byte
    const slow = connect(Number(new URL(server.url).port), '127.0.0.1');
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    const slowClosed = new Promise<void>((resolve) => slow.once('close', () => resolve()));
    slow.on('error', () => undefined);
    slow.write(`GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Demo-Token: ${server.token}\r\n\r\n`);
    slow.pause();
    await expect.poll(() => server.stats().streams, { timeout: 5_000 }).toBe(2);

    // 0.9 MB webhooks until the server gives up on the slow client (kernel buffers take the first few MB)
    const big = 'x'.repeat(900_000);
    let sent = 0;
    while (server.stats().streams === 2 && sent < 200) {
      const body = webhook('dialout.warning', `session-${sent}`, { error_msg: big }, `evt-big-${sent}`);
      expect((await post('/webhooks/daily', body, sign(body))).status).toBe(200);
      sent += 1;
    }
    expect(server.stats().streams).toBe(1);
    expect(sent).toBeLessThan(200);
    slow.resume(); // reading now shows what the server did: it closed the connection
    await slowClosed;
    // the healthy client got every message
    await healthy.next(sent);
    expect(healthy.messages()).toHaveLength(sent);
    healthy.close();
  }, 60_000);
});

describe('demo server: bodies and rooms', () => {
  it('answers 413 (not a connection reset) to a body over the limit, declared or streamed, and starts nothing', async () => {
    const huge = JSON.stringify({ room: 'demo', options: { phoneNumber: '+15555550100' }, pad: 'x'.repeat(2_000_000) });
    const declared = await api('/api/dial-out', huge);
    const webhookTooBig = await post('/webhooks/daily', huge, sign(huge));
    expect(declared).toEqual({ status: 413, json: { error: 'too-large', info: 'bodies are limited to 1000000 bytes' } });
    expect(webhookTooBig.status).toBe(413);

    // chunked, no Content-Length: found out while reading
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.url}/api/dial-out`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-demo-token': server.token, 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write('x'.repeat(100_000));
      req.end();
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.body)).toEqual({ error: 'too-large', info: 'bodies are limited to 1000000 bytes' });
    nothingStarted();
  });

  it.each([
    ['a URL without a host', 'https://'],
    ['an unclosed IPv6 host', 'https://[::1/room'],
    ['broken percent-encoding', 'https://example.daily.co/%E0%A4%A'],
    ['another scheme', 'ftp://example.daily.co/room'],
    ['no room in the path', 'https://example.daily.co/'],
  ])('answers 400 to a malformed room URL (%s), and starts nothing', async (_name, room) => {
    const answer = await api('/api/dial-out', { room, options: { phoneNumber: '+15555550100' } });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: 'invalid-request', info: expect.stringMatching(/room/) });
    nothingStarted();
  });
});

describe('demo server: memory over 10,000 offline dial-outs', () => {
  it('stays flat: bounded records in the REST mock, the offline Daily and the replay guard', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = async () => {
      for (let i = 0; i < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        gc();
      }
      return process.memoryUsage().heapUsed;
    };
    let next = 0;
    const dialOut = async (): Promise<void> => {
      const i = next++;
      // nine calls in ten end by themselves; the tenth is answered and never hung up (a page closed mid-call)
      const remote = i % 10 === 9 ? undefined : { behaviour: i % 2 === 0 ? 'answer' : 'no-answer', ringMs: 0, talkMs: 0 };
      const answer = await api('/api/dial-out', { room: 'demo', options: { phoneNumber: '+15555550100' }, ...(remote ? { remote } : {}) });
      expect(answer.status).toBe(200);
    };
    const run = async (until: number) => {
      await Promise.all(Array.from({ length: 32 }, async () => {
        while (next < until) await dialOut();
      }));
      await new Promise((resolve) => setTimeout(resolve, 800)); // the last webhooks arrive
    };

    await run(2_000);
    const before = await heap();
    await run(10_000);
    const after = await heap();
    const perDialOut = (after - before) / 8_000;
    console.log(`demo server heap: ${(before / 1e6).toFixed(1)} MB after 2,000 dial-outs, ${(after / 1e6).toFixed(1)} MB after 10,000 (${perDialOut.toFixed(0)} bytes per dial-out)`);

    const stats = server.stats();
    expect(stats.restMockRequests).toBe(100);
    expect(stats.replayEntries).toBe(1_000);
    // the calls that never end: beyond 50 live calls, the offline Daily hangs up the oldest
    expect(stats.offlineCalls).toBeGreaterThan(0);
    expect(stats.offlineCalls).toBeLessThanOrEqual(50);
    expect(stats.offlineTimers).toBeLessThanOrEqual(4 * 50);
    expect(stats.restMockActiveSessions).toBe(stats.offlineCalls);
    // it was about 1 kB per dial-out, kept forever; what is left is measuring noise (about ±200 bytes here)
    expect(perDialOut).toBeLessThan(500);
  }, 180_000);
});

describe('the demo’s dev server: only the page it serves gets the token', () => {
  /** Starts the demo's Vite config on a free port, as `npm run demo` does. */
  async function vite(demoServer: DemoServerOptions | { url: string; token?: string }) {
    const { createServer } = await import('vite');
    const { demoViteConfig } = await import('../../demo/vite.config.js');
    const dev = await createServer({ ...demoViteConfig({ port: 0, demoServer }), configFile: false, logLevel: 'silent' });
    await dev.listen();
    const address = dev.httpServer?.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return { dev, base };
  }

  const tokenIn = (html: string) => /<meta name="daily-dialout-demo-token" content="([^"]+)"/.exec(html)?.[1];

  it('injects the embedded demo server’s token into the page, which the API then accepts; other origins cannot read the page', async () => {
    const { dev, base } = await vite({});
    try {
      const page = await fetch(`${base}/`);
      const token = tokenIn(await page.text());
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await fetch(`${base}/api/config`)).status).toBe(401);
      const config = await fetch(`${base}/api/config`, { headers: { 'x-demo-token': token ?? '' } });
      expect(await config.json()).toEqual({ offline: true, webhookPath: '/webhooks/daily', eventsPath: '/events' });
      // a page on another local port asking for ours: no CORS header, so its browser does not let it read the token
      const crossOrigin = await fetch(`${base}/`, { headers: { origin: 'http://localhost:3000' } });
      expect(crossOrigin.headers.get('access-control-allow-origin')).toBeNull();
      const dial = await fetch(`${base}/api/dial-out`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3000', 'x-demo-token': token ?? '' },
        body: JSON.stringify({ room: 'demo', options: { phoneNumber: '+15555550100' } }),
      });
      expect(dial.status).toBe(403);
    } finally {
      await dev.close();
    }
  }, 60_000);

  it('with DEMO_SERVER_URL, injects DEMO_SERVER_TOKEN and proxies /api and /events (not /webhooks) to the demo server, keeping the page’s host', async () => {
    const split = await another({ port: 0, webhookPort: 0, webhookSecret: SECRET });
    const { dev, base } = await vite({ url: split.url, token: split.token });
    try {
      expect(tokenIn(await (await fetch(`${base}/`)).text())).toBe(split.token);
      const dial = await fetch(`${base}/api/dial-out`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base, 'x-demo-token': split.token },
        body: JSON.stringify({ room: 'demo', options: { phoneNumber: '+15555550100' }, remote: { behaviour: 'no-answer' } }),
      });
      expect(dial.status).toBe(200);
      expect((await fetch(`${base}/api/config`)).status).toBe(401);
      const body = webhook('dialout.connected', 's');
      expect((await fetch(`${base}/webhooks/daily`, { method: 'POST', headers: sign(body), body })).status).toBe(404);
    } finally {
      await dev.close();
    }
  }, 60_000);
});
