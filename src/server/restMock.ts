/// <reference types="node" />
/** A local stand-in for Daily's dial-out REST endpoints (Node `http`, 127.0.0.1 only), for tests and demos. */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPlainObject } from '../values.js';

/** The three dial-out endpoints. */
export type DailyMockEndpoint = 'start' | 'stop' | 'sendDTMF';

/** One scripted answer. */
export interface DailyMockResponse {
  readonly status: number;
  /** Sent as JSON, or as-is when a string; nothing when absent. */
  readonly body?: unknown;
  /** Extra response headers (e.g. `{ 'Retry-After': '1' }`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Wait this long (ms) before answering: a slow Daily. */
  readonly delayMs?: number;
}

/** A scripted answer, or a function of the request that makes one. */
export type DailyMockScript = DailyMockResponse | ((request: DailyMockRequest) => DailyMockResponse);

/** A request as the mock received it. */
export interface DailyMockRequest {
  readonly method: string;
  /** Path as sent, still URL-encoded (e.g. `/v1/rooms/my%20room/dialOut/start`). */
  readonly path: string;
  /** The endpoint, when the path is one of the three. */
  readonly endpoint: DailyMockEndpoint | undefined;
  /** The decoded room name, when the path is one of the three. */
  readonly roomName: string | undefined;
  /** Lower-cased header names, as Node gives them. */
  readonly headers: IncomingHttpHeaders;
  /** The body, decoded as UTF-8. */
  readonly rawBody: string;
  /** The body parsed as JSON, `undefined` when it is not JSON. */
  readonly body: unknown;
}

/** Options of {@link startDailyRestMock}. */
export interface DailyMockOptions {
  /** When set, requests must carry `Authorization: Bearer <apiKey>` (else 401). */
  readonly apiKey?: string;
  /** When set, only these rooms exist (others: 404). */
  readonly rooms?: readonly string[];
  /** Port on 127.0.0.1; default 0 (a free port). */
  readonly port?: number;
  /** Makes the `sessionId` of each started dial-out; default `randomUUID()`. */
  readonly sessionId?: () => string;
  /** How many requests `requests` keeps (the newest); an integer ≥ 1, default 1000. */
  readonly maxRecordedRequests?: number;
}

/** A running mock. */
export interface DailyRestMock {
  /** `http://127.0.0.1:<port>/v1`, the `baseUrl` for the client. */
  readonly baseUrl: string;
  /** The requests received, oldest first: the newest `maxRecordedRequests` of them. */
  readonly requests: readonly DailyMockRequest[];
  /** Session ids started here and not stopped, by room. */
  readonly activeSessions: ReadonlyMap<string, ReadonlySet<string>>;
  /** Queues answers for the next requests to `endpoint`, in order. */
  script(endpoint: DailyMockEndpoint, ...responses: DailyMockScript[]): void;
  /**
   * Daily ended this dial-out by itself (the callee hung up, the call failed): `stop` and `sendDTMF` for it now get 404.
   * Returns whether it was active.
   */
  endSession(sessionId: string): boolean;
  /** Forgets requests, scripts and sessions. */
  reset(): void;
  /** Stops the server, dropping open connections and pending slow answers. */
  close(): Promise<void>;
}

const PATH = /^\/v1\/rooms\/([^/]+)\/dialOut\/(start|stop|sendDTMF)$/;
const START_KEYS = new Set([
  'sipUri',
  'phoneNumber',
  'extension',
  'waitBeforeExtensionDialSec',
  'displayName',
  'userId',
  'callerId',
  'video',
  'videoSettings',
  'codecs',
]);

function invalid(info: string): DailyMockResponse {
  return { status: 400, body: { error: 'invalid-request-error', info } };
}

function notFound(info: string): DailyMockResponse {
  return { status: 404, body: { error: 'not-found', info } };
}

/**
 * Starts the mock on 127.0.0.1. Unscripted requests get what Daily's OpenAPI describes:
 * - `POST /v1/rooms/{room}/dialOut/start`: `200 { ok: 'true', sessionId }` for a body with `sipUri` or `phoneNumber` and
 *   only the schema's fields, else `400 { error: 'invalid-request-error', info }`;
 * - `…/dialOut/stop` (`{ sessionId }`) and `…/dialOut/sendDTMF` (`{ sessionId, tones }`): `200 { ok: 'true', sessionId }`
 *   for a session started here, `404 { error: 'not-found', info }` otherwise, `400` for a bad body;
 * - a wrong `Authorization: Bearer` (when `apiKey` is set): `401 { error: 'authentication-error', info }`;
 * - a room not in `rooms` (when set), or any other path or method: `404 { error: 'not-found', info }`.
 *
 * `script()` queues answers per endpoint (429 with `Retry-After`, 500, slow answers …), after which the defaults apply
 * again. Memory stays bounded: `requests` keeps the newest `maxRecordedRequests`, and `endSession()` forgets a dial-out.
 *
 * @returns The running {@link DailyRestMock}; `close()` it when done.
 * @throws `RangeError` when `maxRecordedRequests` is not an integer ≥ 1; rejects when the port is taken.
 * @example
 * ```ts
 * const mock = await startDailyRestMock({ apiKey: 'test-key' });
 * mock.script('start', { status: 429, headers: { 'Retry-After': '0' } });
 * const daily = createDailyDialOutClient({ apiKey: 'test-key', baseUrl: mock.baseUrl });
 * await daily.startDialOut('room', { phoneNumber: '+15555550100' }); // retried once, then 200
 * mock.requests.length; // 2
 * await mock.close();
 * ```
 */
export async function startDailyRestMock(options: DailyMockOptions = {}): Promise<DailyRestMock> {
  const requests: DailyMockRequest[] = [];
  const scripts = new Map<DailyMockEndpoint, DailyMockScript[]>();
  const active = new Map<string, Set<string>>();
  const timers = new Set<NodeJS.Timeout>();
  const makeSessionId = options.sessionId ?? (() => randomUUID());
  const maxRecorded = options.maxRecordedRequests ?? 1000;
  if (!Number.isInteger(maxRecorded) || maxRecorded < 1) {
    throw new RangeError('startDailyRestMock: maxRecordedRequests must be an integer ≥ 1');
  }

  function byDefault(request: DailyMockRequest): DailyMockResponse {
    const { endpoint, roomName, body } = request;
    if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      return { status: 401, body: { error: 'authentication-error', info: 'missing or invalid API key' } };
    }
    if (request.method !== 'POST' || endpoint === undefined || roomName === undefined) {
      return notFound(`no such endpoint: ${request.method} ${request.path}`);
    }
    if (options.rooms !== undefined && !options.rooms.includes(roomName)) {
      return notFound(`room ${roomName} not found`);
    }
    if (!isPlainObject(body)) return invalid('body must be a JSON object');
    const sessions = active.get(roomName) ?? new Set<string>();
    if (endpoint === 'start') {
      const unknown = Object.keys(body).find((k) => !START_KEYS.has(k));
      if (unknown !== undefined) return invalid(`unknown field ${unknown}`);
      if (typeof body.sipUri !== 'string' && typeof body.phoneNumber !== 'string') {
        return invalid('missing required field: sipUri or phoneNumber');
      }
      const sessionId = makeSessionId();
      sessions.add(sessionId);
      active.set(roomName, sessions);
      return { status: 200, body: { ok: 'true', sessionId } };
    }
    if (typeof body.sessionId !== 'string') return invalid('missing required field: sessionId');
    if (!sessions.has(body.sessionId)) return notFound(`dial-out session ${body.sessionId} not found`);
    if (endpoint === 'stop') {
      sessions.delete(body.sessionId);
      if (sessions.size === 0) active.delete(roomName);
    } else if (typeof body.tones !== 'string' || !/^[0-9A-D*#]{1,20}$/.test(body.tones)) {
      return invalid('tones must be 1 to 20 of 0-9, A-D, *, #');
    }
    return { status: 200, body: { ok: 'true', sessionId: body.sessionId } };
  }

  function send(res: ServerResponse, answer: DailyMockResponse): void {
    const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    const type = typeof answer.body === 'string' ? 'text/plain' : 'application/json';
    res.writeHead(answer.status, { 'Content-Type': type, ...answer.headers });
    res.end(text);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = undefined;
      }
      const path = req.url ?? '/';
      const match = PATH.exec(path);
      let roomName: string | undefined;
      try {
        roomName = match?.[1] === undefined ? undefined : decodeURIComponent(match[1]);
      } catch {
        roomName = undefined;
      }
      const request: DailyMockRequest = Object.freeze({
        method: req.method ?? 'GET',
        path,
        endpoint: roomName === undefined ? undefined : (match?.[2] as DailyMockEndpoint | undefined),
        roomName,
        headers: { ...req.headers },
        rawBody,
        body,
      });
      requests.push(request);
      if (requests.length > maxRecorded) requests.splice(0, requests.length - maxRecorded);
      const queued = request.endpoint === undefined ? undefined : scripts.get(request.endpoint)?.shift();
      const answer = queued === undefined ? byDefault(request) : typeof queued === 'function' ? queued(request) : queued;
      if (answer.delayMs === undefined || answer.delayMs <= 0) {
        send(res, answer);
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!res.destroyed) send(res, answer);
      }, answer.delayMs);
      timers.add(timer);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    activeSessions: active,
    script(endpoint, ...responses) {
      const queue = scripts.get(endpoint) ?? [];
      queue.push(...responses);
      scripts.set(endpoint, queue);
    },
    endSession(sessionId) {
      for (const [room, sessions] of active) {
        if (sessions.delete(sessionId)) {
          if (sessions.size === 0) active.delete(room);
          return true;
        }
      }
      return false;
    },
    reset() {
      requests.length = 0;
      scripts.clear();
      active.clear();
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
