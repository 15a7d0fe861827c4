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

describe('the Daily REST mock (defaults from the OpenAPI text)', () => {
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
