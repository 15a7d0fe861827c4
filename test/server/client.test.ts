// @vitest-environment node
import { inspect } from 'node:util';
import { asapScheduler, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  DailyApiError,
  DialOutValidationError,
  createDailyDialOutClient,
  type DailyApiRetryEvent,
  type DailyDialOutClientOptions,
} from '../../src/server/index.js';
import { type DailyRestMock, startDailyRestMock } from '../../src/server/restMock.js';

const KEY = 'dk_live_5f2c9a0e7b3d41c8a6e2SECRET';
const ROOM = 'support-room';
const PHONE = '+15555550100';

let mock: DailyRestMock;

beforeEach(async () => {
  mock = await startDailyRestMock({ apiKey: KEY, sessionId: () => 'S1' });
});
afterEach(async () => {
  await mock.close();
});

/** A client of the mock; retry waits are a few ms. */
function client(extra: Partial<DailyDialOutClientOptions> = {}) {
  return createDailyDialOutClient({
    apiKey: KEY,
    baseUrl: mock.baseUrl,
    retry: { baseDelayMs: 1, maxDelayMs: 20 },
    ...extra,
  });
}

/** Resolves with the rejection of `promise` (fails when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

async function apiError(promise: Promise<unknown>): Promise<DailyApiError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(DailyApiError);
  return error as DailyApiError;
}

/** An RxJS scheduler that records each delay asked of it and runs the work at once. */
function recordingScheduler(): { scheduler: SchedulerLike; delays: number[] } {
  const delays: number[] = [];
  const scheduler: SchedulerLike = {
    now: () => Date.now(),
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T) {
      delays.push(delay);
      return asapScheduler.schedule(work, 0, state);
    },
  };
  return { scheduler, delays };
}

/** Every way a user could see or log an error. */
function everyRendering(error: unknown): string {
  const e = error as Error;
  return [String(e), e.message, e.stack ?? '', JSON.stringify(e), inspect(e, { depth: 10, showHidden: true })].join('\n');
}

describe('createDailyDialOutClient: the three dial-out endpoints', () => {
  it('starts a dial-out: POSTs the options as JSON with the Bearer key and returns Daily’s sessionId', async () => {
    const options = { phoneNumber: PHONE, displayName: 'Support', extension: '12', waitBeforeExtensionDialSec: 2 };
    await expect(client().startDialOut(ROOM, options)).resolves.toEqual({ sessionId: 'S1' });
    expect(mock.requests).toHaveLength(1);
    const [request] = mock.requests;
    expect(request).toMatchObject({ method: 'POST', path: `/v1/rooms/${ROOM}/dialOut/start`, body: options });
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.headers['content-type']).toBe('application/json');
  });

  it('stops a dial-out with { sessionId }', async () => {
    const daily = client();
    const { sessionId } = await daily.startDialOut(ROOM, { sipUri: 'sip:bob@example.com', video: false });
    await expect(daily.stopDialOut(ROOM, sessionId)).resolves.toBeUndefined();
    expect(mock.requests[1]).toMatchObject({ path: `/v1/rooms/${ROOM}/dialOut/stop`, body: { sessionId: 'S1' } });
    expect(mock.activeSessions.has(ROOM)).toBe(false); // no dial-out left in the room
  });

  it('sends DTMF with { sessionId, tones } and digitDurationMs when given', async () => {
    const daily = client();
    const { sessionId } = await daily.startDialOut(ROOM, { phoneNumber: PHONE });
    await expect(daily.sendDTMF(ROOM, { sessionId, tones: '1234#' })).resolves.toBeUndefined();
    await daily.sendDTMF(ROOM, { sessionId, tones: '*9', digitDurationMs: 200 });
    expect(mock.requests.slice(1).map((r) => [r.path, r.body])).toEqual([
      [`/v1/rooms/${ROOM}/dialOut/sendDTMF`, { sessionId: 'S1', tones: '1234#' }],
      [`/v1/rooms/${ROOM}/dialOut/sendDTMF`, { sessionId: 'S1', tones: '*9', digitDurationMs: 200 }],
    ]);
  });

  it('URL-encodes room names', async () => {
    const room = 'team a/b?c#d%é';
    await client().startDialOut(room, { phoneNumber: PHONE });
    expect(mock.requests[0]?.path).toBe('/v1/rooms/team%20a%2Fb%3Fc%23d%25%C3%A9/dialOut/start');
    expect(mock.requests[0]?.roomName).toBe(room);
  });

  it('accepts a baseUrl with a trailing slash', async () => {
    await client({ baseUrl: `${mock.baseUrl}/` }).startDialOut(ROOM, { phoneNumber: PHONE });
    expect(mock.requests[0]?.path).toBe(`/v1/rooms/${ROOM}/dialOut/start`);
  });

  it('calls https://api.daily.co/v1 by default, through the given fetch', async () => {
    const fetch = vi.fn(async () => Response.json({ ok: 'true', sessionId: 'F1' }));
    const daily = createDailyDialOutClient({ apiKey: KEY, fetch });
    await expect(daily.startDialOut(ROOM, { phoneNumber: PHONE })).resolves.toEqual({ sessionId: 'F1' });
    expect(fetch).toHaveBeenCalledWith(
      `https://api.daily.co/v1/rooms/${ROOM}/dialOut/start`,
      expect.objectContaining({ method: 'POST', body: JSON.stringify({ phoneNumber: PHONE }) }),
    );
  });
});

describe('validation before any request', () => {
  it.each([
    ['an invalid phone number', ROOM, { phoneNumber: '555-0100' }, ['phoneNumber']],
    ['neither sipUri nor phoneNumber', ROOM, { displayName: 'x' }, ['sipUri']],
    ['an unknown option', ROOM, { phoneNumber: PHONE, ringTimeout: 5 }, ['ringTimeout']],
    ['provider, which the REST schema lacks', ROOM, { sipUri: 'sip:bob@example.com', provider: 'daily' }, ['provider']],
    ['an empty room name', '', { phoneNumber: PHONE }, ['roomName']],
    ['the room name ..', '..', { phoneNumber: PHONE }, ['roomName']],
    ['the room name .', '.', { phoneNumber: PHONE }, ['roomName']],
    ['a room name with a lone surrogate', 'room\uD800', { phoneNumber: PHONE }, ['roomName']],
    ['a room name that is not a string', 42, { phoneNumber: PHONE }, ['roomName']],
    ['a bad room and bad options together', '', { phoneNumber: 'x' }, ['roomName', 'phoneNumber']],
  ])('startDialOut rejects %s with DialOutValidationError, sending nothing', async (_name, room, options, paths) => {
    const error = await rejection(client().startDialOut(room as string, options as never));
    expect(error).toBeInstanceOf(DialOutValidationError);
    expect((error as DialOutValidationError).issues.map((i) => i.path)).toEqual(paths);
    expect(mock.requests).toEqual([]);
  });

  it.each([
    ['an empty sessionId', ROOM, '', ['sessionId']],
    ['a sessionId that is not a string', ROOM, 7, ['sessionId']],
    ['an empty room name', '', 'S1', ['roomName']],
  ])('stopDialOut rejects %s, sending nothing', async (_name, room, sessionId, paths) => {
    const error = await rejection(client().stopDialOut(room, sessionId as string));
    expect(error).toBeInstanceOf(DialOutValidationError);
    expect((error as DialOutValidationError).issues.map((i) => i.path)).toEqual(paths);
    expect(mock.requests).toEqual([]);
  });

  it.each([
    ['bad tones', { sessionId: 'S1', tones: '12e' }, ['tones']],
    ['too many tones', { sessionId: 'S1', tones: '1'.repeat(21) }, ['tones']],
    ['no tones', { sessionId: 'S1' }, ['tones']],
    ['no sessionId', { tones: '1' }, ['sessionId']],
    ['digitDurationMs out of range', { sessionId: 'S1', tones: '1', digitDurationMs: 20 }, ['digitDurationMs']],
    ['an unknown field', { sessionId: 'S1', tones: '1', method: 'auto' }, ['method']],
    ['not an object', null, ['']],
  ])('sendDTMF rejects %s, sending nothing', async (_name, dtmf, paths) => {
    const error = await rejection(client().sendDTMF(ROOM, dtmf as never));
    expect(error).toBeInstanceOf(DialOutValidationError);
    expect((error as DialOutValidationError).issues.map((i) => i.path)).toEqual(paths);
    expect(mock.requests).toEqual([]);
  });
});

describe('errors from Daily', () => {
  it('turns HTTP 400 { error, info } into a DailyApiError, without retrying', async () => {
    mock.script('start', { status: 400, body: { error: 'invalid-request-error', info: 'missing required field' } });
    const error = await apiError(client().startDialOut(ROOM, { phoneNumber: PHONE }));
    expect(error).toMatchObject({
      name: 'DailyApiError',
      kind: 'http',
      status: 400,
      error: 'invalid-request-error',
      info: 'missing required field',
      endpoint: `POST /rooms/${ROOM}/dialOut/start`,
      attempts: 1,
    });
    expect(error.message).toContain('invalid-request-error: missing required field');
    expect(mock.requests).toHaveLength(1);
  });

  it('reports 404 for an unknown session (not retried)', async () => {
    const error = await apiError(client().stopDialOut(ROOM, 'nobody'));
    expect(error).toMatchObject({ status: 404, error: 'not-found', info: 'dial-out session nobody not found', attempts: 1 });
    expect(mock.requests).toHaveLength(1);
  });

  it('reports 401 for a wrong key', async () => {
    const daily = createDailyDialOutClient({ apiKey: 'not-the-key', baseUrl: mock.baseUrl });
    const error = await apiError(daily.startDialOut(ROOM, { phoneNumber: PHONE }));
    expect(error).toMatchObject({ kind: 'http', status: 401, error: 'authentication-error' });
  });

  it('gives a status without error/info when the body is not JSON', async () => {
    mock.script('stop', { status: 502, body: '<html>Bad Gateway</html>' });
    const error = await apiError(client({ retry: { maxAttempts: 1 } }).stopDialOut(ROOM, 'S1'));
    expect(error).toMatchObject({ kind: 'http', status: 502, error: undefined, info: undefined });
  });

  it('rejects a 2xx start answer without a sessionId as an invalid response', async () => {
    mock.script('start', { status: 200, body: { ok: 'true' } });
    const error = await apiError(client().startDialOut(ROOM, { phoneNumber: PHONE }));
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200, attempts: 1 });
    expect(error.message).toContain('without a sessionId');
    expect(mock.requests).toHaveLength(1);
  });

  it('rejects a 2xx answer that is not JSON as an invalid response', async () => {
    mock.script('sendDTMF', { status: 200, body: 'OK!' });
    const error = await apiError(client().sendDTMF(ROOM, { sessionId: 'S1', tones: '1' }));
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200 });
  });

  it('accepts an empty 2xx answer to stop', async () => {
    mock.script('stop', { status: 204 });
    await expect(client().stopDialOut(ROOM, 'S1')).resolves.toBeUndefined();
  });
});

describe('retries', () => {
  it('retries 429 after Retry-After: 0 and then succeeds', async () => {
    const retries: DailyApiRetryEvent[] = [];
    mock.script('start', { status: 429, headers: { 'Retry-After': '0' }, body: { error: 'rate-limit', info: 'slow down' } });
    await expect(client({ onRetry: (e) => retries.push(e) }).startDialOut(ROOM, { phoneNumber: PHONE })).resolves.toEqual({
      sessionId: 'S1',
    });
    expect(mock.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ endpoint: `POST /rooms/${ROOM}/dialOut/start`, attempt: 1, delayMs: 0 });
    expect(retries[0]?.error).toMatchObject({ status: 429, error: 'rate-limit', retryAfterMs: 0 });
  });

  it('retries a stop after 500 and 503 (stop is idempotent) and succeeds on the third attempt', async () => {
    const daily = client();
    const { sessionId } = await daily.startDialOut(ROOM, { phoneNumber: PHONE });
    mock.script('stop', { status: 500 }, { status: 503 });
    await expect(daily.stopDialOut(ROOM, sessionId)).resolves.toBeUndefined();
    expect(mock.requests.map((r) => r.endpoint)).toEqual(['start', 'stop', 'stop', 'stop']);
  });

  it('gives up after maxAttempts (default 3) with the last error and the attempt count', async () => {
    mock.script('stop', { status: 500 }, { status: 500 }, { status: 503, body: { error: 'unavailable', info: 'try later' } }, { status: 200 });
    const error = await apiError(client().stopDialOut(ROOM, 'S1'));
    expect(error).toMatchObject({ status: 503, error: 'unavailable', attempts: 3 });
    expect(error.message).toContain('after 3 attempts');
    expect(mock.requests).toHaveLength(3);
  });

  it('does not retry with maxAttempts: 1', async () => {
    mock.script('start', { status: 429 });
    const error = await apiError(client({ retry: { maxAttempts: 1 } }).startDialOut(ROOM, { phoneNumber: PHONE }));
    expect(error).toMatchObject({ status: 429, attempts: 1, mayHaveSucceeded: false });
    expect(mock.requests).toHaveLength(1);
  });

  it('waits exactly Retry-After seconds', async () => {
    const { scheduler, delays } = recordingScheduler();
    mock.script('start', { status: 429, headers: { 'Retry-After': '2' } });
    await client({ scheduler, retry: { maxDelayMs: 5_000 } }).startDialOut(ROOM, { phoneNumber: PHONE });
    expect(delays).toEqual([2_000]);
    expect(mock.requests).toHaveLength(2);
  });

  it('waits until a Retry-After HTTP date', async () => {
    const { scheduler, delays } = recordingScheduler();
    mock.script('start', { status: 429, headers: { 'Retry-After': new Date(Date.now() + 5_000).toUTCString() } });
    await client({ scheduler, retry: { maxDelayMs: 10_000 } }).startDialOut(ROOM, { phoneNumber: PHONE });
    expect(delays).toHaveLength(1);
    // HTTP dates have whole seconds: between 4 and 5 s from now.
    expect(delays[0]).toBeGreaterThan(3_000);
    expect(delays[0]).toBeLessThanOrEqual(5_000);
  });

  it('gives up at once when Retry-After is longer than maxDelayMs, reporting it', async () => {
    const { scheduler, delays } = recordingScheduler();
    mock.script('start', { status: 429, headers: { 'Retry-After': '60' } });
    const error = await apiError(client({ scheduler }).startDialOut(ROOM, { phoneNumber: PHONE }));
    expect(error).toMatchObject({ status: 429, retryAfterMs: 60_000, attempts: 1 });
    expect(delays).toEqual([]);
    expect(mock.requests).toHaveLength(1);
  });

  it('backs off exponentially up to maxDelayMs without Retry-After (full jitter)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const { scheduler, delays } = recordingScheduler();
    mock.script('start', { status: 429 }, { status: 429 }, { status: 429 });
    await client({ scheduler, retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 150 } }).startDialOut(ROOM, {
      phoneNumber: PHONE,
    });
    expect(delays).toEqual([100, 150, 150]);
    expect(mock.requests).toHaveLength(4);
  });

  it('ignores an exception thrown by onRetry', async () => {
    mock.script('start', { status: 429 });
    const onRetry = vi.fn(() => {
      throw new Error('logger down');
    });
    await expect(client({ onRetry }).startDialOut(ROOM, { phoneNumber: PHONE })).resolves.toEqual({ sessionId: 'S1' });
    expect(onRetry).toHaveBeenCalledTimes(1);
  });
});

describe('timeouts and network failures', () => {
  it('times out a slow answer after timeoutMs and does not retry it (a start may have reached Daily)', async () => {
    mock.script('start', { status: 200, body: { ok: 'true', sessionId: 'LATE' }, delayMs: 10_000 });
    const error = await apiError(client({ timeoutMs: 50 }).startDialOut(ROOM, { phoneNumber: PHONE }));
    expect(error).toMatchObject({ kind: 'timeout', status: undefined, attempts: 1, mayHaveSucceeded: true });
    expect(error.message).toContain('timed out after 50 ms');
    expect(mock.requests).toHaveLength(1);
  });

  it('answers normally when the slow answer is within timeoutMs', async () => {
    mock.script('start', { status: 200, body: { ok: 'true', sessionId: 'SLOW' }, delayMs: 30 });
    await expect(client({ timeoutMs: 5_000 }).startDialOut(ROOM, { phoneNumber: PHONE })).resolves.toEqual({ sessionId: 'SLOW' });
  });

  it('reports a refused connection as kind network, retried (nothing was sent), mayHaveSucceeded false', async () => {
    const closed = await startDailyRestMock();
    await closed.close();
    const daily = createDailyDialOutClient({ apiKey: KEY, baseUrl: closed.baseUrl, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
    const error = await apiError(daily.startDialOut(ROOM, { phoneNumber: PHONE }));
    expect(error).toMatchObject({ kind: 'network', status: undefined, attempts: 3, mayHaveSucceeded: false });
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('refuses to follow a redirect (the Authorization header stays with Daily)', async () => {
    mock.script('start', { status: 307, headers: { Location: `${mock.baseUrl}/rooms/elsewhere/dialOut/start` } });
    const error = await apiError(client().startDialOut(ROOM, { phoneNumber: PHONE }));
    expect(error).toMatchObject({ kind: 'network', mayHaveSucceeded: true });
    expect(mock.requests).toHaveLength(1);
  });
});

describe('the API key stays secret', () => {
  it.each([
    ['a 400 whose info echoes the key', () => mock.script('start', { status: 400, body: { error: `bad ${KEY}`, info: `key ${KEY} is not allowed` } })],
    ['a 401', () => mock.script('start', { status: 401, body: { error: 'authentication-error', info: 'invalid key' } })],
    ['a 500 after retries', () => mock.script('start', { status: 500 }, { status: 500 }, { status: 500, body: `oops ${KEY}` })],
    ['a timeout', () => mock.script('start', { status: 200, delayMs: 10_000 })],
    ['an invalid response', () => mock.script('start', { status: 200, body: { sessionId: 7, echo: KEY } })],
  ])('is in no rendering of the error after %s', async (_name, arrange) => {
    arrange();
    const error = await apiError(client({ timeoutMs: 100 }).startDialOut(ROOM, { phoneNumber: PHONE }));
    expect(mock.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(everyRendering(error)).not.toContain(KEY);
  });

  it('is in no rendering of a network error, even when fetch puts it in its error and cause', async () => {
    const fetch = async (_url: string, init: RequestInit) => {
      const headers = JSON.stringify(init.headers);
      throw new TypeError(`fetch failed for ${headers}`, { cause: new Error(`socket said ${headers}`) });
    };
    const error = await apiError(createDailyDialOutClient({ apiKey: KEY, fetch }).startDialOut(ROOM, { phoneNumber: PHONE }));
    expect(error.kind).toBe('network');
    expect(error.message).toContain('[redacted]');
    expect(String((error.cause as Error).cause)).toContain('socket said');
    expect(everyRendering(error)).not.toContain(KEY);
  });

  it('is not in option errors, and the client object does not show it', () => {
    const badKey = `${KEY}\n`;
    let thrown: unknown;
    try {
      createDailyDialOutClient({ apiKey: badKey, timeoutMs: -1 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DialOutValidationError);
    expect((thrown as DialOutValidationError).issues.map((i) => i.path)).toEqual(['apiKey', 'timeoutMs']);
    expect(everyRendering(thrown)).not.toContain(KEY);
    const daily = client();
    expect(JSON.stringify(daily)).not.toContain(KEY);
    expect(inspect(daily, { depth: 10, showHidden: true })).not.toContain(KEY);
  });
});

describe('createDailyDialOutClient: sipCallTransfer and sipRefer', () => {
  const SIP = 'sip:supervisor@pbx.example.com';
  const TO = '+15555550111';

  it('transfers to a phone: POSTs /rooms/{room}/sipCallTransfer with every field, resolves undefined', async () => {
    const daily = client();
    const { sessionId } = await daily.startDialOut(ROOM, { phoneNumber: PHONE });
    const options = { sessionId, toEndPoint: TO, callerId: 'a1b2c3d4-purchased-number', extension: '1234', waitBeforeExtensionDialSec: 3 };
    await expect(daily.sipCallTransfer(ROOM, options)).resolves.toBeUndefined();
    const request = mock.requests[1];
    expect(request).toMatchObject({ method: 'POST', path: `/v1/rooms/${ROOM}/sipCallTransfer`, endpoint: 'sipCallTransfer', body: options });
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(mock.activeSessions.has(ROOM)).toBe(false); // the transferred leg left the room
  });

  it('transfers to a SIP URI and refers to one, sending only sessionId and toEndPoint', async () => {
    let n = 0;
    await mock.close();
    mock = await startDailyRestMock({ apiKey: KEY, sessionId: () => `S${++n}` });
    const daily = client();
    await daily.startDialOut(ROOM, { phoneNumber: PHONE });
    await daily.startDialOut(ROOM, { sipUri: 'sip:bob@example.com' });
    await expect(daily.sipCallTransfer(ROOM, { sessionId: 'S1', toEndPoint: SIP })).resolves.toBeUndefined();
    await expect(daily.sipRefer(ROOM, { sessionId: 'S2', toEndPoint: `${SIP};transport=tls` })).resolves.toBeUndefined();
    expect(mock.requests.slice(2).map((r) => [r.path, r.rawBody])).toEqual([
      [`/v1/rooms/${ROOM}/sipCallTransfer`, JSON.stringify({ sessionId: 'S1', toEndPoint: SIP })],
      [`/v1/rooms/${ROOM}/sipRefer`, JSON.stringify({ sessionId: 'S2', toEndPoint: `${SIP};transport=tls` })],
    ]);
  });

  it('leaves out fields given as undefined, and never changes the caller’s object', async () => {
    const fetch = vi.fn(async () => Response.json({ ok: 'true' }));
    const daily = createDailyDialOutClient({ apiKey: KEY, fetch });
    const options = Object.freeze({ sessionId: 'S1', toEndPoint: SIP, callerId: undefined, extension: undefined });
    await daily.sipCallTransfer(ROOM, options);
    const refer = { sessionId: 'S1', toEndPoint: SIP, callerId: undefined };
    await daily.sipRefer(ROOM, refer as never);
    expect(refer).toEqual({ sessionId: 'S1', toEndPoint: SIP, callerId: undefined }); // no useSipRefer written into it
    expect(fetch.mock.calls.map((call) => (call as unknown as [string, RequestInit])[1].body)).toEqual([
      JSON.stringify({ sessionId: 'S1', toEndPoint: SIP }),
      JSON.stringify({ sessionId: 'S1', toEndPoint: SIP }),
    ]);
  });

  it('calls https://api.daily.co/v1/rooms/{room}/sipCallTransfer and …/sipRefer by default, room URL-encoded', async () => {
    const fetch = vi.fn(async () => Response.json({ ok: 'true' }));
    const daily = createDailyDialOutClient({ apiKey: KEY, fetch });
    await daily.sipCallTransfer('team a/b', { sessionId: 'S1', toEndPoint: TO });
    await daily.sipRefer('team a/b', { sessionId: 'S1', toEndPoint: SIP });
    expect(fetch.mock.calls.map((call) => (call as unknown as [string])[0])).toEqual([
      'https://api.daily.co/v1/rooms/team%20a%2Fb/sipCallTransfer',
      'https://api.daily.co/v1/rooms/team%20a%2Fb/sipRefer',
    ]);
  });

  it('accepts any 2xx answer: Daily’s { ok: "true" } (a string), an empty 204, other JSON', async () => {
    mock.script('sipCallTransfer', { status: 200, body: { ok: 'true' } }, { status: 204 }, { status: 200, body: { ok: true } });
    const daily = client();
    for (let i = 0; i < 3; i++) await expect(daily.sipCallTransfer(ROOM, { sessionId: 'S1', toEndPoint: TO })).resolves.toBeUndefined();
    mock.script('sipRefer', { status: 200, body: 'OK!' });
    const error = await apiError(daily.sipRefer(ROOM, { sessionId: 'S1', toEndPoint: SIP }));
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200, mayHaveSucceeded: true, endpoint: `POST /rooms/${ROOM}/sipRefer` });
  });

  it.each([
    ['an empty room name', '', { sessionId: 'S1', toEndPoint: TO }, ['roomName']],
    ['the room name ..', '..', { sessionId: 'S1', toEndPoint: TO }, ['roomName']],
    ['an empty sessionId', ROOM, { sessionId: '', toEndPoint: TO }, ['sessionId']],
    ['a number sessionId', ROOM, { sessionId: 7, toEndPoint: TO }, ['sessionId']],
    ['no toEndPoint', ROOM, { sessionId: 'S1' }, ['toEndPoint']],
    ['a number toEndPoint', ROOM, { sessionId: 'S1', toEndPoint: 15555550111 }, ['toEndPoint']],
    ['a toEndPoint without sip: or +', ROOM, { sessionId: 'S1', toEndPoint: '15555550111' }, ['toEndPoint']],
    ['a tel: toEndPoint', ROOM, { sessionId: 'S1', toEndPoint: 'tel:+15555550111' }, ['toEndPoint']],
    ['a sips: toEndPoint (daily-js refuses it)', ROOM, { sessionId: 'S1', toEndPoint: 'sips:bob@example.com' }, ['toEndPoint']],
    ['an uppercase SIP: toEndPoint', ROOM, { sessionId: 'S1', toEndPoint: 'SIP:bob@example.com' }, ['toEndPoint']],
    ['a + target that is not E.164', ROOM, { sessionId: 'S1', toEndPoint: '+1 555 555 0111' }, ['toEndPoint']],
    ['a + target starting with 0', ROOM, { sessionId: 'S1', toEndPoint: '+0155555501' }, ['toEndPoint']],
    ['a SIP URI without a host', ROOM, { sessionId: 'S1', toEndPoint: 'sip:bob@' }, ['toEndPoint']],
    ['a SIP URI with a space', ROOM, { sessionId: 'S1', toEndPoint: 'sip:bob smith@example.com' }, ['toEndPoint']],
    ['callerId with a SIP target', ROOM, { sessionId: 'S1', toEndPoint: SIP, callerId: 'c1' }, ['callerId']],
    ['extension with a SIP target (Daily: PSTN only)', ROOM, { sessionId: 'S1', toEndPoint: SIP, extension: '12' }, ['extension']],
    ['a number callerId', ROOM, { sessionId: 'S1', toEndPoint: TO, callerId: 15555550100 }, ['callerId']],
    ['an empty callerId', ROOM, { sessionId: 'S1', toEndPoint: TO, callerId: '' }, ['callerId']],
    ['an extension of 21 characters', ROOM, { sessionId: 'S1', toEndPoint: TO, extension: '1'.repeat(21) }, ['extension']],
    ['a number extension', ROOM, { sessionId: 'S1', toEndPoint: TO, extension: 1234 }, ['extension']],
    ['waitBeforeExtensionDialSec without extension', ROOM, { sessionId: 'S1', toEndPoint: TO, waitBeforeExtensionDialSec: 2 }, ['waitBeforeExtensionDialSec']],
    ['waitBeforeExtensionDialSec 61', ROOM, { sessionId: 'S1', toEndPoint: TO, extension: '1', waitBeforeExtensionDialSec: 61 }, ['waitBeforeExtensionDialSec']],
    ['waitBeforeExtensionDialSec 1.5', ROOM, { sessionId: 'S1', toEndPoint: TO, extension: '1', waitBeforeExtensionDialSec: 1.5 }, ['waitBeforeExtensionDialSec']],
    ['waitBeforeExtensionDialSec -1', ROOM, { sessionId: 'S1', toEndPoint: TO, extension: '1', waitBeforeExtensionDialSec: -1 }, ['waitBeforeExtensionDialSec']],
    [
      'extension and wait with a SIP target',
      ROOM,
      { sessionId: 'S1', toEndPoint: SIP, extension: '1', waitBeforeExtensionDialSec: 2 },
      ['extension', 'waitBeforeExtensionDialSec'],
    ],
    ['toEndpoint (small p)', ROOM, { sessionId: 'S1', toEndpoint: TO }, ['toEndpoint', 'toEndPoint']],
    ['an unknown field', ROOM, { sessionId: 'S1', toEndPoint: TO, useSipRefer: true }, ['useSipRefer']],
    ['not an object', ROOM, TO, ['']],
    ['null', ROOM, null, ['']],
    ['everything wrong at once', '', { sessionId: 0, toEndPoint: 'x', callerId: 1 }, ['roomName', 'sessionId', 'toEndPoint', 'callerId']],
  ])('sipCallTransfer rejects %s with DialOutValidationError, sending nothing', async (_name, room, options, paths) => {
    const error = await rejection(client().sipCallTransfer(room as string, options as never));
    expect(error).toBeInstanceOf(DialOutValidationError);
    expect((error as DialOutValidationError).message).toMatch(/^Invalid sipCallTransfer request: /);
    expect((error as DialOutValidationError).issues.map((i) => i.path)).toEqual(paths);
    expect(mock.requests).toEqual([]);
  });

  it('accepts waitBeforeExtensionDialSec 0 and 60, and extension of 20 characters', async () => {
    const daily = client();
    for (const [wait, extension] of [[0, '1'], [60, '1'.repeat(20)]] as const) {
      mock.script('sipCallTransfer', { status: 200, body: { ok: 'true' } });
      await expect(daily.sipCallTransfer(ROOM, { sessionId: 'S1', toEndPoint: TO, extension, waitBeforeExtensionDialSec: wait })).resolves.toBeUndefined();
    }
    expect(mock.requests.map((r) => (r.body as { waitBeforeExtensionDialSec: number }).waitBeforeExtensionDialSec)).toEqual([0, 60]);
  });

  it.each([
    ['a phone number (a REFER goes to SIP only)', { sessionId: 'S1', toEndPoint: TO }, ['toEndPoint']],
    ['a malformed SIP URI', { sessionId: 'S1', toEndPoint: 'sip:bob@exa mple.com' }, ['toEndPoint']],
    ['no toEndPoint', { sessionId: 'S1' }, ['toEndPoint']],
    ['no sessionId', { toEndPoint: SIP }, ['sessionId']],
    ['callerId (not a sipRefer field)', { sessionId: 'S1', toEndPoint: SIP, callerId: 'c1' }, ['callerId']],
    ['extension (not a sipRefer field)', { sessionId: 'S1', toEndPoint: SIP, extension: '1' }, ['extension']],
    ['not an object', undefined, ['']],
  ])('sipRefer rejects %s, sending nothing', async (_name, options, paths) => {
    const error = await rejection(client().sipRefer(ROOM, options as never));
    expect(error).toBeInstanceOf(DialOutValidationError);
    expect((error as DialOutValidationError).message).toMatch(/^Invalid sipRefer request: /);
    expect((error as DialOutValidationError).issues.map((i) => i.path)).toEqual(paths);
    expect(mock.requests).toEqual([]);
  });

  it('says what is wrong without the value', async () => {
    const issues = async (promise: Promise<unknown>) => ((await rejection(promise)) as DialOutValidationError).issues;
    const daily = client();
    expect(await issues(daily.sipCallTransfer(ROOM, { sessionId: 'S1', toEndPoint: '15555550111' }))).toEqual([
      { path: 'toEndPoint', message: "must start with 'sip:' (a SIP URI) or '+' (an E.164 phone number)" },
    ]);
    expect(await issues(daily.sipRefer(ROOM, { sessionId: 'S1', toEndPoint: TO }))).toEqual([
      { path: 'toEndPoint', message: "must be a SIP URI starting with 'sip:' (a REFER goes to a SIP endpoint, never a phone number)" },
    ]);
    expect(await issues(daily.sipCallTransfer(ROOM, { sessionId: 'S1', toEndPoint: SIP, callerId: 'c1' }))).toEqual([
      { path: 'callerId', message: "is only allowed when toEndPoint is a phone number ('+…')" },
    ]);
    expect(await issues(daily.sipCallTransfer(ROOM, { sessionId: 'S1', toEndpoint: TO } as never))).toEqual([
      {
        path: 'toEndpoint',
        message:
          'is not a sipCallTransfer field (allowed: sessionId, toEndPoint, callerId, extension, waitBeforeExtensionDialSec) (did you mean toEndPoint, with a capital P?)',
      },
      { path: 'toEndPoint', message: "must be a SIP URI ('sip:…') or an E.164 phone number ('+…'), got nothing" },
    ]);
    const secret = '15555550123';
    const errors = await Promise.all(
      [
        daily.sipCallTransfer(ROOM, { sessionId: 'S1', toEndPoint: Number(secret) } as never),
        daily.sipCallTransfer(ROOM, { sessionId: 'S1', toEndPoint: secret }),
        daily.sipCallTransfer(ROOM, { sessionId: 'S1', toEndPoint: `+${secret}x` }),
        daily.sipCallTransfer(ROOM, { sessionId: 'S1', toEndPoint: `+${secret}`.repeat(2) }),
        daily.sipCallTransfer(ROOM, { sessionId: 'S1', toEndPoint: `sip:${secret} @example.com` }),
        daily.sipCallTransfer(ROOM, { sessionId: 'S1', toEndPoint: `sip:bob@${secret}_host.example.com` }),
        daily.sipCallTransfer(ROOM, { sessionId: 'S1', toEndPoint: TO, callerId: Number(secret) } as never),
        daily.sipCallTransfer(ROOM, { sessionId: 'S1', toEndPoint: TO, extension: secret.repeat(2) }),
        daily.sipCallTransfer(ROOM, `+${secret}` as never),
        daily.sipRefer(ROOM, { sessionId: 'S1', toEndPoint: `+${secret}` }),
        daily.sipRefer(ROOM, { sessionId: 'S1', toEndPoint: `sip:${secret}@example.com`, [`x${secret}`]: 1 } as never),
      ].map((promise) => rejection(promise)),
    );
    for (const error of errors) {
      expect(error).toBeInstanceOf(DialOutValidationError);
      const text = JSON.stringify({ message: (error as Error).message, issues: (error as DialOutValidationError).issues });
      if (!text.includes(`x${secret}`)) expect(text).not.toContain(secret.slice(0, 7)); // an unknown key's name is shown
    }
    expect(mock.requests).toEqual([]);
  });

  describe('Daily’s documented failures, as DailyApiError like the other endpoints’ (not retried, mayHaveSucceeded false)', () => {
    const failures = [
      [404, 'not-found', 'Room is not hosting a call'],
      [404, 'not-found', 'invalid sessionId'],
      [400, 'invalid-request-error', 'Room not in SFU mode'],
      [400, 'invalid-request-error', 'Call closed before command could be delivered'],
    ] as const;
    for (const endpoint of ['sipCallTransfer', 'sipRefer'] as const) {
      it.each(failures)(`${endpoint}: %i %s: %s`, async (status, code, info) => {
        mock.script(endpoint, { status, body: { error: code, info } });
        const daily = client();
        const pending =
          endpoint === 'sipRefer'
            ? daily.sipRefer(ROOM, { sessionId: 'S1', toEndPoint: SIP })
            : daily.sipCallTransfer(ROOM, { sessionId: 'S1', toEndPoint: TO });
        const error = await apiError(pending);
        expect(error).toMatchObject({
          name: 'DailyApiError',
          kind: 'http',
          status,
          error: code,
          info,
          endpoint: `POST /rooms/${ROOM}/${endpoint}`,
          attempts: 1,
          mayHaveSucceeded: false,
        });
        expect(error.message).toBe(`Daily API POST /rooms/${ROOM}/${endpoint} failed with HTTP ${status} (${code}: ${info})`);
        expect(mock.requests).toHaveLength(1);
      });
    }

    it('the mock answers the two 404s by itself: no call in the room, then an unknown session', async () => {
      const daily = client();
      expect(await apiError(daily.sipCallTransfer(ROOM, { sessionId: 'S1', toEndPoint: TO }))).toMatchObject({
        status: 404,
        info: 'Room is not hosting a call',
      });
      await daily.startDialOut(ROOM, { phoneNumber: PHONE });
      expect(await apiError(daily.sipRefer(ROOM, { sessionId: 'nobody', toEndPoint: SIP }))).toMatchObject({
        status: 404,
        info: 'invalid sessionId',
      });
    });
  });

  it('keeps the API key out of a transfer’s error', async () => {
    mock.script('sipCallTransfer', { status: 400, body: { error: `bad ${KEY}`, info: `key ${KEY}` } });
    const error = await apiError(client().sipCallTransfer(ROOM, { sessionId: 'S1', toEndPoint: TO }));
    expect(everyRendering(error)).not.toContain(KEY);
  });
});

describe('createDailyDialOutClient: pinlessCallUpdate', () => {
  // the shape of the room_creation_api request Daily POSTs (callId, callDomain) and of a dialin-ready sipEndpoint
  const CALL = '80305750-70e0-41d3-ba3a-65341d877f21';
  const DOMAIN = '11819ca6-14ed-42ce-b33b-fbd050a43597';
  const SIP_URI = 'sip:236fed48c3a13d39--1749708775591@daily-236fed48c3a13d39-pinless-sip.dapp.signalwire.com';
  const UPDATE = { callId: CALL, callDomain: DOMAIN, sipUri: SIP_URI };

  it('forwards a held call: POSTs /dialin/pinlessCallUpdate (no room) with the three fields, resolves undefined', async () => {
    mock.holdCall(CALL, DOMAIN);
    await expect(client().pinlessCallUpdate(UPDATE)).resolves.toBeUndefined();
    expect(mock.requests).toHaveLength(1);
    const [request] = mock.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/dialin/pinlessCallUpdate', endpoint: 'pinlessCallUpdate', roomName: undefined });
    expect(request?.rawBody).toBe(JSON.stringify(UPDATE));
    expect(request?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(mock.heldCalls.size).toBe(0); // forwarded
  });

  it('accepts the SIP URIs of Daily’s docs: a signalwire endpoint, sip.daily.co, with x-daily_display_name', async () => {
    const fetch = vi.fn(async () => Response.json({ ok: 'true' }));
    const daily = createDailyDialOutClient({ apiKey: KEY, fetch });
    const uris = [
      'sip:my-sip-room.0@daily-23097230720-app.dapp.signalwire.com',
      'sip:room-name@sip.daily.co',
      'sip:123456780@example.sip.daily.co?x-daily_display_name=Jane%20Doe',
    ];
    for (const sipUri of uris) await daily.pinlessCallUpdate({ callId: CALL, callDomain: DOMAIN, sipUri });
    expect(fetch.mock.calls.map((call) => JSON.parse((call as unknown as [string, RequestInit])[1].body as string).sipUri)).toEqual(uris);
  });

  it('calls https://api.daily.co/v1/dialin/pinlessCallUpdate by default, sending only the three fields, the caller’s object unchanged', async () => {
    const fetch = vi.fn(async () => Response.json({ ok: 'true' }));
    const daily = createDailyDialOutClient({ apiKey: KEY, fetch });
    const update = Object.freeze({ ...UPDATE, extra: undefined });
    await daily.pinlessCallUpdate(update as never);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('https://api.daily.co/v1/dialin/pinlessCallUpdate');
    expect(init).toMatchObject({ method: 'POST', body: JSON.stringify(UPDATE), redirect: 'error' });
    expect(update).toEqual({ ...UPDATE, extra: undefined });
  });

  it('accepts any 2xx answer: Daily’s { ok: "true" } (a string), an empty 204, other JSON; a 2xx that is not JSON may have acted', async () => {
    mock.script('pinlessCallUpdate', { status: 200, body: { ok: 'true' } }, { status: 204 }, { status: 200, body: { ok: true } }, { status: 200, body: 'OK!' });
    const daily = client();
    for (let i = 0; i < 3; i++) await expect(daily.pinlessCallUpdate(UPDATE)).resolves.toBeUndefined();
    const error = await apiError(daily.pinlessCallUpdate(UPDATE));
    expect(error).toMatchObject({ kind: 'invalid-response', status: 200, mayHaveSucceeded: true, endpoint: 'POST /dialin/pinlessCallUpdate' });
  });

  it.each([
    ['no callId', { callDomain: DOMAIN, sipUri: SIP_URI }, ['callId']],
    ['an empty callId', { ...UPDATE, callId: '' }, ['callId']],
    ['a number callId', { ...UPDATE, callId: 7 }, ['callId']],
    ['no callDomain', { callId: CALL, sipUri: SIP_URI }, ['callDomain']],
    ['a null callDomain', { ...UPDATE, callDomain: null }, ['callDomain']],
    ['no sipUri', { callId: CALL, callDomain: DOMAIN }, ['sipUri']],
    ['a phone number sipUri', { ...UPDATE, sipUri: '+15555550111' }, ['sipUri']],
    ['a sipUri without sip: (the static SIP URI’s form)', { ...UPDATE, sipUri: 'static-address--0@example.sip.daily.co' }, ['sipUri']],
    ['a sips: sipUri', { ...UPDATE, sipUri: 'sips:room@sip.daily.co' }, ['sipUri']],
    ['a sipUri with a space', { ...UPDATE, sipUri: 'sip:my room@sip.daily.co' }, ['sipUri']],
    ['a sipUri without a host', { ...UPDATE, sipUri: 'sip:room@' }, ['sipUri']],
    ['a sipUri with a non-X- header', { ...UPDATE, sipUri: 'sip:room@sip.daily.co?subject=hi' }, ['sipUri']],
    ['a sipUri over 2048 characters', { ...UPDATE, sipUri: `sip:${'a'.repeat(2048)}@b.c` }, ['sipUri']],
    ['callID (capital D)', { callID: CALL, callDomain: DOMAIN, sipUri: SIP_URI }, ['callID', 'callId']],
    ['sip_uri', { callId: CALL, callDomain: DOMAIN, sip_uri: SIP_URI }, ['sip_uri', 'sipUri']],
    ['sipEndpoint (the dialin-ready field)', { callId: CALL, callDomain: DOMAIN, sipEndpoint: SIP_URI }, ['sipEndpoint', 'sipUri']],
    ['an unknown field', { ...UPDATE, roomName: 'r' }, ['roomName']],
    ['not an object', SIP_URI, ['']],
    ['null', null, ['']],
    ['everything wrong at once', { callId: 1, callDomain: '', sipUri: 'x', to: 'y' }, ['to', 'callId', 'callDomain', 'sipUri']],
  ])('rejects %s with DialOutValidationError, sending nothing', async (_name, update, paths) => {
    const error = await rejection(client().pinlessCallUpdate(update as never));
    expect(error).toBeInstanceOf(DialOutValidationError);
    expect((error as DialOutValidationError).message).toMatch(/^Invalid pinlessCallUpdate request: /);
    expect((error as DialOutValidationError).issues.map((i) => i.path)).toEqual(paths);
    expect(mock.requests).toEqual([]);
  });

  it('says what is wrong, with hints for misspelt fields, without the value', async () => {
    const issues = async (promise: Promise<unknown>) => ((await rejection(promise)) as DialOutValidationError).issues;
    const daily = client();
    expect(await issues(daily.pinlessCallUpdate({ callID: CALL, callDomain: DOMAIN, sipUri: SIP_URI } as never))).toEqual([
      { path: 'callID', message: 'is not a pinlessCallUpdate field (allowed: callId, callDomain, sipUri) (did you mean callId?)' },
      { path: 'callId', message: 'must be a non-empty string, got nothing' },
    ]);
    expect(await issues(daily.pinlessCallUpdate({ callId: CALL, callDomain: DOMAIN, sipEndpoint: SIP_URI } as never))).toEqual([
      { path: 'sipEndpoint', message: 'is not a pinlessCallUpdate field (allowed: callId, callDomain, sipUri) (the dialin-ready sipEndpoint goes in sipUri)' },
      { path: 'sipUri', message: 'must be a string, got nothing' },
    ]);
    expect(await issues(daily.pinlessCallUpdate({ ...UPDATE, sipUri: 'room@sip.daily.co' }))).toEqual([
      { path: 'sipUri', message: "must start with 'sip:' (not SIP: or sips:)" },
    ]);
    expect(await issues(daily.pinlessCallUpdate(undefined as never))).toEqual([
      { path: '', message: 'the pinlessCallUpdate options must be an object { callId, callDomain, sipUri }, got nothing' },
    ]);
    expect(await issues(daily.pinlessCallUpdate(UPDATE, { signal: 'stop' } as never))).toEqual([
      { path: 'signal', message: 'must be an AbortSignal, got a string' },
    ]);
    const secret = '15555550123';
    const errors = await Promise.all(
      [
        daily.pinlessCallUpdate({ ...UPDATE, sipUri: `+${secret}` }),
        daily.pinlessCallUpdate({ ...UPDATE, sipUri: `sip:${secret} @example.com` }),
        daily.pinlessCallUpdate({ ...UPDATE, sipUri: `sip:${secret}@exa_mple.com` }),
        daily.pinlessCallUpdate({ ...UPDATE, sipUri: `sip:${secret}@example.com?X-Caller=<${secret}>` }),
        daily.pinlessCallUpdate({ ...UPDATE, sipUri: Number(secret) } as never),
        daily.pinlessCallUpdate(`sip:${secret}@example.com` as never),
      ].map((promise) => rejection(promise)),
    );
    for (const error of errors) {
      expect(error).toBeInstanceOf(DialOutValidationError);
      const text = JSON.stringify({ message: (error as Error).message, issues: (error as DialOutValidationError).issues });
      expect(text).not.toContain(secret.slice(0, 7));
    }
    expect(mock.requests).toEqual([]);
  });

  describe('Daily’s documented failures, as DailyApiError like the other endpoints’ (not retried, mayHaveSucceeded false)', () => {
    it.each([
      [400, 'invalid-request-error', 'Missing fields'],
      [404, 'not-found', 'Call Forwarding Failed'],
    ] as const)('%i %s: %s', async (status, code, info) => {
      mock.script('pinlessCallUpdate', { status, body: { error: code, info } });
      const error = await apiError(client().pinlessCallUpdate(UPDATE));
      expect(error).toMatchObject({
        name: 'DailyApiError',
        kind: 'http',
        status,
        error: code,
        info,
        endpoint: 'POST /dialin/pinlessCallUpdate',
        attempts: 1,
        mayHaveSucceeded: false,
      });
      expect(error.message).toBe(`Daily API POST /dialin/pinlessCallUpdate failed with HTTP ${status} (${code}: ${info})`);
      expect(mock.requests).toHaveLength(1);
    });

    it('keeps the status when the body is not in Daily’s usual shape (Daily does not document these bodies)', async () => {
      mock.script('pinlessCallUpdate', { status: 404, body: 'Call Forwarding Failed' }, { status: 400, body: { message: 'Missing fields' } });
      const daily = client();
      expect(await apiError(daily.pinlessCallUpdate(UPDATE))).toMatchObject({ kind: 'http', status: 404, error: undefined, info: undefined, mayHaveSucceeded: false });
      expect(await apiError(daily.pinlessCallUpdate(UPDATE))).toMatchObject({ kind: 'http', status: 400, error: undefined, info: undefined, mayHaveSucceeded: false });
    });

    it('the mock answers 404 Call Forwarding Failed by itself: a call not held, another callDomain, a call already forwarded', async () => {
      const daily = client();
      const forwardingFailed = { kind: 'http', status: 404, error: 'not-found', info: 'Call Forwarding Failed', mayHaveSucceeded: false };
      expect(await apiError(daily.pinlessCallUpdate(UPDATE))).toMatchObject(forwardingFailed);
      mock.holdCall(CALL, DOMAIN);
      expect(await apiError(daily.pinlessCallUpdate({ ...UPDATE, callDomain: 'another-domain' }))).toMatchObject(forwardingFailed);
      await expect(daily.pinlessCallUpdate(UPDATE)).resolves.toBeUndefined();
      expect(await apiError(daily.pinlessCallUpdate(UPDATE))).toMatchObject(forwardingFailed); // sent twice: the second fails
      expect(mock.requests).toHaveLength(4);
    });
  });

  it('keeps the API key out of a pinless update’s error', async () => {
    mock.script('pinlessCallUpdate', { status: 404, body: { error: `bad ${KEY}`, info: `key ${KEY}` } });
    const error = await apiError(client().pinlessCallUpdate(UPDATE));
    expect(everyRendering(error)).not.toContain(KEY);
  });
});

describe('client options', () => {
  it.each([
    ['no apiKey', {}, ['apiKey']],
    ['an empty apiKey', { apiKey: '' }, ['apiKey']],
    ['a baseUrl that is not http(s)', { apiKey: KEY, baseUrl: 'ftp://x' }, ['baseUrl']],
    ['a baseUrl with credentials', { apiKey: KEY, baseUrl: 'https://u:p@api.daily.co/v1' }, ['baseUrl']],
    ['a misspelt option', { apiKey: KEY, timeout: 5 }, ['timeout']],
    ['fractional timeoutMs', { apiKey: KEY, timeoutMs: 1.5 }, ['timeoutMs']],
    ['maxAttempts 0', { apiKey: KEY, retry: { maxAttempts: 0 } }, ['retry.maxAttempts']],
    ['maxAttempts 11', { apiKey: KEY, retry: { maxAttempts: 11 } }, ['retry.maxAttempts']],
    ['a negative delay', { apiKey: KEY, retry: { baseDelayMs: -1 } }, ['retry.baseDelayMs']],
    ['an unknown retry option', { apiKey: KEY, retry: { jitter: true } }, ['retry.jitter']],
    ['fetch not a function', { apiKey: KEY, fetch: 'fetch' }, ['fetch']],
    ['onRetry not a function', { apiKey: KEY, onRetry: 1 }, ['onRetry']],
  ])('rejects %s', (_name, options, paths) => {
    let thrown: unknown;
    try {
      createDailyDialOutClient(options as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DialOutValidationError);
    expect((thrown as DialOutValidationError).issues.map((i) => i.path)).toEqual(paths);
  });

  it('accepts timeoutMs: Infinity (no time limit)', async () => {
    await expect(client({ timeoutMs: Infinity }).startDialOut(ROOM, { phoneNumber: PHONE })).resolves.toEqual({ sessionId: 'S1' });
  });

  it('runs in Node, where there is no window', () => {
    expect(typeof window).toBe('undefined');
    expect(() => createDailyDialOutClient({ apiKey: KEY })).not.toThrow();
  });
});
