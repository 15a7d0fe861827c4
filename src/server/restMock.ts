/// <reference types="node" />
/** A local stand-in for Daily's dial-out, call-transfer and pinless dial-in REST endpoints (Node `http`, 127.0.0.1 only), for tests and demos. */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPlainObject } from '../values.js';

/**
 * The endpoints the mock serves: the three dial-out ones (`/rooms/{room}/dialOut/start|stop|sendDTMF`), the two
 * call-transfer ones (`/rooms/{room}/sipCallTransfer`, `/rooms/{room}/sipRefer`) and the pinless dial-in one
 * (`/dialin/pinlessCallUpdate`, not under a room).
 */
export type DailyMockEndpoint = 'start' | 'stop' | 'sendDTMF' | 'sipCallTransfer' | 'sipRefer' | 'pinlessCallUpdate';

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
  /** The endpoint, when the path is one of the six. */
  readonly endpoint: DailyMockEndpoint | undefined;
  /** The decoded room name, when the path is one of the five under `/rooms/{room}/` (never for `pinlessCallUpdate`). */
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
  /** Session ids started here and not stopped nor transferred, by room. */
  readonly activeSessions: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * The pinless calls Daily holds (see {@link DailyRestMock.holdCall}) and not yet forwarded nor hung up: `callDomain`
   * by `callId`.
   */
  readonly heldCalls: ReadonlyMap<string, string>;
  /** Queues answers for the next requests to `endpoint`, in order. */
  script(endpoint: DailyMockEndpoint, ...responses: DailyMockScript[]): void;
  /**
   * Daily ended this dial-out by itself (the callee hung up, the call failed): `stop`, `sendDTMF`, `sipCallTransfer` and
   * `sipRefer` for it now get 404. Also a held pinless call of that `callId` (the caller hung up while on hold):
   * `pinlessCallUpdate` for it now gets 404. Returns whether it was active (or held).
   */
  endSession(sessionId: string): boolean;
  /**
   * A caller dials your pinless number or SIP URI and Daily puts them on hold, as it does before POSTing
   * `{ callId, callDomain, … }` to your `room_creation_api`: `pinlessCallUpdate` with this `callId` and `callDomain`
   * then gets `200 { ok: 'true' }` (once: the call is then forwarded, no longer held). Holding a `callId` again replaces
   * its `callDomain`.
   *
   * @throws `TypeError` when `callId` or `callDomain` is not a non-empty string.
   */
  holdCall(callId: string, callDomain: string): void;
  /** Forgets requests, scripts, sessions and held calls. */
  reset(): void;
  /** Stops the server, dropping open connections and pending slow answers. */
  close(): Promise<void>;
}

const PATH = /^\/v1\/rooms\/([^/]+)\/(?:dialOut\/(start|stop|sendDTMF)|(sipCallTransfer|sipRefer))$/;
const PINLESS_PATH = '/v1/dialin/pinlessCallUpdate';
/** The body fields of `pinlessCallUpdate` (Daily's REST reference). */
const PINLESS_KEYS = new Set(['callId', 'callDomain', 'sipUri']);
/** The body fields of `sipCallTransfer` (Daily's REST reference) and of `sipRefer`. */
const TRANSFER_KEYS = new Set(['sessionId', 'toEndPoint', 'callerId', 'extension', 'waitBeforeExtensionDialSec']);
const REFER_KEYS = new Set(['sessionId', 'toEndPoint']);
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
 * - `…/sipCallTransfer` (`{ sessionId, toEndPoint, callerId?, extension?, waitBeforeExtensionDialSec? }`, `toEndPoint`
 *   starting `sip:` or `+`) and `…/sipRefer` (`{ sessionId, toEndPoint }`, `toEndPoint` starting `sip:`): `200 { ok: 'true' }`
 *   for a session started here in that room, which then leaves the room (as the transferred leg does: `stop` for it
 *   gets 404 afterwards); `404 { error: 'not-found', info: 'Room is not hosting a call' }` when the room has no session,
 *   `404 { …, info: 'invalid sessionId' }` when it has others (Daily's documented texts); `400` for a bad body. Daily's
 *   other documented failures (400 "Room not in SFU mode", 400 "Call closed before command could be delivered") are
 *   scripted with `script()`;
 * - `POST /v1/dialin/pinlessCallUpdate` (`{ callId, callDomain, sipUri }`, not under a room, so `rooms` does not apply):
 *   `200 { ok: 'true' }` for a call held here ({@link DailyRestMock.holdCall}) with that `callDomain`, which is then
 *   forwarded (no longer held); Daily's documented failures, whose bodies Daily does not document, in its usual shape:
 *   `400 { error: 'invalid-request-error', info: 'Missing fields' }` when a field is missing or not a non-empty string,
 *   `404 { error: 'not-found', info: 'Call Forwarding Failed' }` for a call not held here (unknown, already forwarded,
 *   hung up: {@link DailyRestMock.endSession}, or another `callDomain`); and `400` (the mock's own `info`) for an unknown
 *   field or a `sipUri` not starting `sip:`;
 * - a wrong `Authorization: Bearer` (when `apiKey` is set): `401 { error: 'authentication-error', info }`;
 * - a room not in `rooms` (when set), or any other path or method: `404 { error: 'not-found', info }`.
 *
 * `script()` queues answers per endpoint (429 with `Retry-After`, 500, slow answers …), after which the defaults apply
 * again. Memory stays bounded: `requests` keeps the newest `maxRecordedRequests`, `endSession()` forgets a dial-out or
 * a held call, and a forwarded call is forgotten.
 *
 * @returns The running {@link DailyRestMock}; `close()` it when done.
 * @throws `RangeError` when `maxRecordedRequests` is not an integer ≥ 1; rejects when the port is taken.
 * @example
 * ```ts
 * const mock = await startDailyRestMock({ apiKey: 'test-key' });
 * mock.script('start', { status: 429, headers: { 'Retry-After': '0' } });
 * const daily = createDailyDialOutClient({ apiKey: 'test-key', baseUrl: mock.baseUrl });
 * const { sessionId } = await daily.startDialOut('room', { phoneNumber: '+15555550100' }); // retried once, then 200
 * mock.requests.length; // 2
 * mock.script('sipCallTransfer', { status: 400, body: { error: 'invalid-request-error', info: 'Room not in SFU mode' } });
 * await daily.sipCallTransfer('room', { sessionId, toEndPoint: '+15555550111' }).catch((e) => e.status); // 400
 * mock.holdCall('call-1', 'domain-1'); // a pinless caller on hold
 * await daily.pinlessCallUpdate({ callId: 'call-1', callDomain: 'domain-1', sipUri: 'sip:room.0@sip.example.com' }); // 200
 * await mock.close();
 * ```
 */
export async function startDailyRestMock(options: DailyMockOptions = {}): Promise<DailyRestMock> {
  const requests: DailyMockRequest[] = [];
  const scripts = new Map<DailyMockEndpoint, DailyMockScript[]>();
  const active = new Map<string, Set<string>>();
  const held = new Map<string, string>();
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
    if (request.method === 'POST' && endpoint === 'pinlessCallUpdate') return pinless(body);
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
    if (endpoint === 'sipCallTransfer' || endpoint === 'sipRefer') return transfer(endpoint, roomName, body, sessions);
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

  function transfer(
    endpoint: 'sipCallTransfer' | 'sipRefer',
    roomName: string,
    body: Record<string, unknown>,
    sessions: Set<string>,
  ): DailyMockResponse {
    const allowed = endpoint === 'sipRefer' ? REFER_KEYS : TRANSFER_KEYS;
    const unknown = Object.keys(body).find((k) => !allowed.has(k));
    if (unknown !== undefined) return invalid(`unknown field ${unknown}`);
    if (typeof body.sessionId !== 'string') return invalid('missing required field: sessionId');
    if (typeof body.toEndPoint !== 'string') return invalid('missing required field: toEndPoint');
    if (endpoint === 'sipRefer' && !body.toEndPoint.startsWith('sip:')) return invalid('"toEndPoint" must be a "sip" address');
    if (!/^(sip:|\+)/.test(body.toEndPoint)) return invalid('toEndPoint must start with either "sip:" or "+"');
    if (sessions.size === 0) return notFound('Room is not hosting a call');
    if (!sessions.has(body.sessionId)) return notFound('invalid sessionId');
    // the transferred (or referred) leg leaves the room
    sessions.delete(body.sessionId);
    if (sessions.size === 0) active.delete(roomName);
    return { status: 200, body: { ok: 'true' } };
  }

  function pinless(body: unknown): DailyMockResponse {
    if (!isPlainObject(body)) return invalid('body must be a JSON object');
    const unknown = Object.keys(body).find((k) => !PINLESS_KEYS.has(k));
    if (unknown !== undefined) return invalid(`unknown field ${unknown}`);
    const { callId, callDomain, sipUri } = body;
    if (![callId, callDomain, sipUri].every((v) => typeof v === 'string' && v.length > 0)) return invalid('Missing fields');
    if (!(sipUri as string).startsWith('sip:')) return invalid('sipUri must be a SIP URI ("sip:…")');
    if (held.get(callId as string) !== callDomain) return notFound('Call Forwarding Failed');
    held.delete(callId as string); // forwarded: no longer on hold
    return { status: 200, body: { ok: 'true' } };
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
      const inRoom = roomName === undefined ? undefined : ((match?.[2] ?? match?.[3]) as DailyMockEndpoint | undefined);
      const request: DailyMockRequest = Object.freeze({
        method: req.method ?? 'GET',
        path,
        endpoint: path === PINLESS_PATH ? 'pinlessCallUpdate' : inRoom,
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
    heldCalls: held,
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
      return held.delete(sessionId);
    },
    holdCall(callId, callDomain) {
      if (typeof callId !== 'string' || callId === '' || typeof callDomain !== 'string' || callDomain === '') {
        throw new TypeError('holdCall: callId and callDomain must be non-empty strings');
      }
      held.set(callId, callDomain);
    },
    reset() {
      requests.length = 0;
      scripts.clear();
      active.clear();
      held.clear();
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
