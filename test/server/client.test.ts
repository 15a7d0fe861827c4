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

describe('createDailyDialOutClient: the three endpoints', () => {
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
