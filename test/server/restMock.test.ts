// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { type DailyRestMock, startDailyRestMock } from '../../src/server/restMock.js';

let mock: DailyRestMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function post(path: string, body: unknown, key = 'k'): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${mock?.baseUrl}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe('the Daily REST mock (defaults from the OpenAPI text and the REST reference)', () => {
  it('listens on 127.0.0.1 only', async () => {
    mock = await startDailyRestMock();
    expect(new URL(mock.baseUrl).hostname).toBe('127.0.0.1');
  });

  it('answers 400 invalid-request-error for a start body outside the schema', async () => {
    mock = await startDailyRestMock();
    expect(await post('/rooms/r/dialOut/start', { displayName: 'x' })).toEqual({
      status: 400,
      body: { error: 'invalid-request-error', info: 'missing required field: sipUri or phoneNumber' },
    });
    expect((await post('/rooms/r/dialOut/start', { phoneNumber: '+1555', provider: 'daily' })).body).toEqual({
      error: 'invalid-request-error',
      info: 'unknown field provider',
    });
    expect((await post('/rooms/r/dialOut/start', 'not json')).status).toBe(400);
  });

  it('keeps sessions per room: stop and sendDTMF work for started sessions only', async () => {
    mock = await startDailyRestMock({ sessionId: () => 'S9' });
    expect(await post('/rooms/r/dialOut/start', { phoneNumber: '+15555550100' })).toEqual({
      status: 200,
      body: { ok: 'true', sessionId: 'S9' },
    });
    expect((await post('/rooms/other/dialOut/stop', { sessionId: 'S9' })).status).toBe(404);
    expect((await post('/rooms/r/dialOut/sendDTMF', { sessionId: 'S9', tones: 'x' })).status).toBe(400);
    expect((await post('/rooms/r/dialOut/sendDTMF', { sessionId: 'S9', tones: '1#' })).status).toBe(200);
    expect((await post('/rooms/r/dialOut/stop', { sessionId: 'S9' })).status).toBe(200);
    expect((await post('/rooms/r/dialOut/stop', { sessionId: 'S9' })).status).toBe(404);
  });

  it('checks the key and the rooms when configured, and 404s unknown paths', async () => {
    mock = await startDailyRestMock({ apiKey: 'k', rooms: ['known'] });
    expect((await post('/rooms/known/dialOut/start', { phoneNumber: '+15555550100' }, 'wrong')).status).toBe(401);
    expect((await post('/rooms/unknown/dialOut/start', { phoneNumber: '+15555550100' })).body).toEqual({
      error: 'not-found',
      info: 'room unknown not found',
    });
    expect((await post('/rooms/known/dialOut/pause', {})).status).toBe(404);
    expect(mock.requests.map((r) => [r.endpoint, r.roomName])).toEqual([
      ['start', 'known'],
      ['start', 'unknown'],
      [undefined, undefined],
    ]);
  });

  it('plays scripted answers in order, then the defaults again; reset() forgets everything', async () => {
    mock = await startDailyRestMock({ sessionId: () => 'S1' });
    mock.script('start', { status: 500, body: { error: 'server-error' } }, (request) => ({
      status: 200,
      body: { sessionId: `for-${request.roomName}` },
    }));
    const body = { phoneNumber: '+15555550100' };
    expect((await post('/rooms/r/dialOut/start', body)).status).toBe(500);
    expect((await post('/rooms/r/dialOut/start', body)).body).toEqual({ sessionId: 'for-r' });
    expect((await post('/rooms/r/dialOut/start', body)).body).toEqual({ ok: 'true', sessionId: 'S1' });
    mock.script('start', { status: 503 });
    mock.reset();
    expect(mock.requests).toEqual([]);
    expect(mock.activeSessions.size).toBe(0);
    expect((await post('/rooms/r/dialOut/start', body)).status).toBe(200);
  });

  it('forgets a dial-out Daily ended by itself (endSession): stop and sendDTMF for it get 404', async () => {
    mock = await startDailyRestMock({ sessionId: () => 'S7' });
    await post('/rooms/r/dialOut/start', { phoneNumber: '+15555550100' });
    expect(mock.activeSessions.get('r')?.has('S7')).toBe(true);
    expect(mock.endSession('S7')).toBe(true);
    expect(mock.endSession('S7')).toBe(false);
    expect(mock.activeSessions.size).toBe(0);
    expect((await post('/rooms/r/dialOut/stop', { sessionId: 'S7' })).status).toBe(404);
    expect((await post('/rooms/r/dialOut/sendDTMF', { sessionId: 'S7', tones: '1' })).status).toBe(404);
  });

  it('answers sipCallTransfer and sipRefer: 200 { ok: "true" } for a session here, which then leaves the room', async () => {
    let n = 0;
    mock = await startDailyRestMock({ sessionId: () => `S${++n}` });
    for (let i = 0; i < 3; i++) await post('/rooms/r/dialOut/start', { phoneNumber: '+15555550100' });
    const transfer = { sessionId: 'S1', toEndPoint: '+15555550111', callerId: 'c1', extension: '12', waitBeforeExtensionDialSec: 2 };
    expect(await post('/rooms/r/sipCallTransfer', transfer)).toEqual({ status: 200, body: { ok: 'true' } });
    expect(await post('/rooms/r/sipRefer', { sessionId: 'S2', toEndPoint: 'sip:a@example.com' })).toEqual({ status: 200, body: { ok: 'true' } });
    expect([...(mock.activeSessions.get('r') ?? [])]).toEqual(['S3']);
    expect((await post('/rooms/r/dialOut/stop', { sessionId: 'S1' })).status).toBe(404); // the leg left the room
    expect(mock.requests.slice(3).map((r) => [r.endpoint, r.roomName, r.body])).toEqual([
      ['sipCallTransfer', 'r', transfer],
      ['sipRefer', 'r', { sessionId: 'S2', toEndPoint: 'sip:a@example.com' }],
      ['stop', 'r', { sessionId: 'S1' }],
    ]);
  });

  it('answers Daily’s documented 404s for a transfer: no call in the room, an unknown session, an unknown room', async () => {
    mock = await startDailyRestMock({ sessionId: () => 'S1', rooms: ['r', 'empty'] });
    const body = { sessionId: 'S1', toEndPoint: 'sip:a@example.com' };
    expect(await post('/rooms/empty/sipCallTransfer', body)).toEqual({ status: 404, body: { error: 'not-found', info: 'Room is not hosting a call' } });
    await post('/rooms/r/dialOut/start', { phoneNumber: '+15555550100' });
    expect(await post('/rooms/r/sipRefer', { ...body, sessionId: 'S9' })).toEqual({ status: 404, body: { error: 'not-found', info: 'invalid sessionId' } });
    expect((await post('/rooms/other/sipRefer', body)).body).toEqual({ error: 'not-found', info: 'room other not found' });
    expect(mock.endSession('S1')).toBe(true);
    expect((await post('/rooms/r/sipCallTransfer', body)).body).toEqual({ error: 'not-found', info: 'Room is not hosting a call' });
  });

  it('answers 400 for a transfer body Daily (or daily-js) would refuse', async () => {
    mock = await startDailyRestMock({ sessionId: () => 'S1' });
    await post('/rooms/r/dialOut/start', { phoneNumber: '+15555550100' });
    const info = async (path: string, body: unknown) => {
      const answer = await post(path, body);
      expect(answer.status).toBe(400);
      return (answer.body as { info: string }).info;
    };
    expect(await info('/rooms/r/sipCallTransfer', { sessionId: 'S1', toEndPoint: '15555550111' })).toBe('toEndPoint must start with either "sip:" or "+"');
    expect(await info('/rooms/r/sipRefer', { sessionId: 'S1', toEndPoint: '+15555550111' })).toBe('"toEndPoint" must be a "sip" address');
    expect(await info('/rooms/r/sipRefer', { sessionId: 'S1', toEndPoint: 'sip:a@b.c', callerId: 'c' })).toBe('unknown field callerId');
    expect(await info('/rooms/r/sipCallTransfer', { sessionId: 'S1', toEndpoint: 'sip:a@b.c' })).toBe('unknown field toEndpoint');
    expect(await info('/rooms/r/sipCallTransfer', { toEndPoint: 'sip:a@b.c' })).toBe('missing required field: sessionId');
    expect(await info('/rooms/r/sipCallTransfer', { sessionId: 'S1' })).toBe('missing required field: toEndPoint');
    expect(await info('/rooms/r/sipRefer', 'not json')).toBe('body must be a JSON object');
    expect(mock.activeSessions.get('r')?.has('S1')).toBe(true); // nothing moved
  });

  it('plays scripted answers for the transfer endpoints (Daily’s 400s), then the defaults again', async () => {
    mock = await startDailyRestMock({ sessionId: () => 'S1' });
    await post('/rooms/r/dialOut/start', { phoneNumber: '+15555550100' });
    mock.script('sipCallTransfer', { status: 400, body: { error: 'invalid-request-error', info: 'Room not in SFU mode' } });
    mock.script('sipRefer', (request) => ({ status: 400, body: { error: 'invalid-request-error', info: `Call closed before command could be delivered (${request.roomName})` } }));
    const body = { sessionId: 'S1', toEndPoint: 'sip:a@example.com' };
    expect((await post('/rooms/r/sipCallTransfer', body)).body).toEqual({ error: 'invalid-request-error', info: 'Room not in SFU mode' });
    expect((await post('/rooms/r/sipRefer', body)).body).toEqual({ error: 'invalid-request-error', info: 'Call closed before command could be delivered (r)' });
    expect(await post('/rooms/r/sipRefer', body)).toEqual({ status: 200, body: { ok: 'true' } });
  });

  it('serves the transfer endpoints under /rooms/{room}/ only, by POST only', async () => {
    mock = await startDailyRestMock();
    expect((await post('/rooms/r/dialOut/sipCallTransfer', {})).status).toBe(404);
    expect((await post('/sipRefer', {})).status).toBe(404);
    const get = await fetch(`${mock.baseUrl}/rooms/r/sipRefer`);
    expect(get.status).toBe(404);
    expect(mock.requests.map((r) => [r.method, r.endpoint])).toEqual([
      ['POST', undefined],
      ['POST', undefined],
      ['GET', 'sipRefer'],
    ]);
  });

  it('answers pinlessCallUpdate: 200 { ok: "true" } for a call held here, which is then forwarded (a second update: 404)', async () => {
    mock = await startDailyRestMock({ apiKey: 'k', rooms: ['r'] }); // not room-scoped: `rooms` does not apply
    const update = { callId: 'call-1', callDomain: 'domain-1', sipUri: 'sip:my-sip-room.0@daily-1-app.dapp.signalwire.com' };
    mock.holdCall('call-1', 'domain-1');
    mock.holdCall('call-2', 'domain-1');
    expect([...mock.heldCalls]).toEqual([
      ['call-1', 'domain-1'],
      ['call-2', 'domain-1'],
    ]);
    expect(await post('/dialin/pinlessCallUpdate', update)).toEqual({ status: 200, body: { ok: 'true' } });
    expect([...mock.heldCalls.keys()]).toEqual(['call-2']);
    expect(await post('/dialin/pinlessCallUpdate', update)).toEqual({ status: 404, body: { error: 'not-found', info: 'Call Forwarding Failed' } });
    expect((await post('/dialin/pinlessCallUpdate', { ...update, callId: 'call-2' }, 'wrong')).status).toBe(401);
    expect(mock.requests.map((r) => [r.method, r.path, r.endpoint, r.roomName, r.body])).toEqual([
      ['POST', '/v1/dialin/pinlessCallUpdate', 'pinlessCallUpdate', undefined, update],
      ['POST', '/v1/dialin/pinlessCallUpdate', 'pinlessCallUpdate', undefined, update],
      ['POST', '/v1/dialin/pinlessCallUpdate', 'pinlessCallUpdate', undefined, { ...update, callId: 'call-2' }],
    ]);
  });

  it('answers Daily’s documented pinlessCallUpdate failures: 400 Missing fields, 404 Call Forwarding Failed', async () => {
    mock = await startDailyRestMock();
    mock.holdCall('call-1', 'domain-1');
    const update = { callId: 'call-1', callDomain: 'domain-1', sipUri: 'sip:room@sip.daily.co' };
    const missing = { status: 400, body: { error: 'invalid-request-error', info: 'Missing fields' } };
    const failed = { status: 404, body: { error: 'not-found', info: 'Call Forwarding Failed' } };
    expect(await post('/dialin/pinlessCallUpdate', { callDomain: 'domain-1', sipUri: update.sipUri })).toEqual(missing);
    expect(await post('/dialin/pinlessCallUpdate', { ...update, callDomain: '' })).toEqual(missing);
    expect(await post('/dialin/pinlessCallUpdate', { ...update, sipUri: 42 })).toEqual(missing);
    expect(await post('/dialin/pinlessCallUpdate', { ...update, callId: 'unknown' })).toEqual(failed);
    expect(await post('/dialin/pinlessCallUpdate', { ...update, callDomain: 'domain-2' })).toEqual(failed);
    expect((await post('/dialin/pinlessCallUpdate', { ...update, sipUri: '+15555550100' })).body).toEqual({
      error: 'invalid-request-error',
      info: 'sipUri must be a SIP URI ("sip:…")',
    });
    expect((await post('/dialin/pinlessCallUpdate', { ...update, roomName: 'r' })).body).toEqual({ error: 'invalid-request-error', info: 'unknown field roomName' });
    expect((await post('/dialin/pinlessCallUpdate', 'not json')).body).toEqual({ error: 'invalid-request-error', info: 'body must be a JSON object' });
    expect(mock.heldCalls.get('call-1')).toBe('domain-1'); // nothing forwarded
    expect(mock.endSession('call-1')).toBe(true); // the caller hung up while on hold
    expect(mock.endSession('call-1')).toBe(false);
    expect(await post('/dialin/pinlessCallUpdate', update)).toEqual(failed);
  });

  it('plays scripted answers for pinlessCallUpdate, then the defaults again; reset() forgets held calls', async () => {
    mock = await startDailyRestMock();
    mock.holdCall('call-1', 'domain-1');
    mock.script(
      'pinlessCallUpdate',
      { status: 429, headers: { 'Retry-After': '1' } },
      (request) => ({ status: 404, body: { error: 'not-found', info: `Call Forwarding Failed (${(request.body as { callId: string }).callId})` } }),
    );
    const update = { callId: 'call-1', callDomain: 'domain-1', sipUri: 'sip:room@sip.daily.co' };
    const limited = await fetch(`${mock.baseUrl}/dialin/pinlessCallUpdate`, { method: 'POST', body: JSON.stringify(update) });
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '1']);
    expect((await post('/dialin/pinlessCallUpdate', update)).body).toEqual({ error: 'not-found', info: 'Call Forwarding Failed (call-1)' });
    expect(mock.heldCalls.has('call-1')).toBe(true); // a scripted answer changes nothing
    expect(await post('/dialin/pinlessCallUpdate', update)).toEqual({ status: 200, body: { ok: 'true' } });
    mock.holdCall('call-2', 'domain-1');
    mock.reset();
    expect(mock.heldCalls.size).toBe(0);
    expect(() => mock?.holdCall('', 'domain-1')).toThrow(TypeError);
    expect(() => mock?.holdCall('call-3', 7 as never)).toThrow(TypeError);
  });

  it('serves pinlessCallUpdate at /v1/dialin/pinlessCallUpdate only, by POST only', async () => {
    mock = await startDailyRestMock();
    expect((await post('/rooms/r/pinlessCallUpdate', {})).status).toBe(404);
    expect((await post('/rooms/r/dialin/pinlessCallUpdate', {})).status).toBe(404);
    expect((await post('/dialin/pinlessCallUpdate/x', {})).status).toBe(404);
    const get = await fetch(`${mock.baseUrl}/dialin/pinlessCallUpdate`);
    expect(get.status).toBe(404);
    expect(mock.requests.map((r) => [r.method, r.endpoint, r.roomName])).toEqual([
      ['POST', undefined, undefined],
      ['POST', undefined, undefined],
      ['POST', undefined, undefined],
      ['GET', 'pinlessCallUpdate', undefined],
    ]);
  });

  it('keeps only the newest maxRecordedRequests requests (default 1000), and no empty room', async () => {
    let n = 0;
    mock = await startDailyRestMock({ maxRecordedRequests: 5, sessionId: () => `S${++n}` });
    for (let i = 0; i < 12; i++) {
      const { body } = await post('/rooms/r/dialOut/start', { phoneNumber: '+15555550100' });
      await post('/rooms/r/dialOut/stop', { sessionId: (body as { sessionId: string }).sessionId });
    }
    expect(mock.requests).toHaveLength(5);
    expect(mock.requests.at(-1)?.body).toEqual({ sessionId: 'S12' });
    expect(mock.activeSessions.size).toBe(0);
    await expect(startDailyRestMock({ maxRecordedRequests: 0 })).rejects.toThrow(RangeError);
  });

  it('closes promptly while a slow answer is pending', async () => {
    mock = await startDailyRestMock();
    mock.script('start', { status: 200, body: {}, delayMs: 60_000 });
    const pending = fetch(`${mock.baseUrl}/rooms/r/dialOut/start`, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    while (mock.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    await mock.close();
    mock = undefined;
    expect(await pending).toBeInstanceOf(TypeError);
  });
});
