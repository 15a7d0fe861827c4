// The demo's backend: the whole server-side path of a Daily dial-out, in one small node:http server.
//
//   POST /api/dial-out         { room, options, remote? } → Daily REST dialOut/start → { sessionId }
//   POST /api/dial-out/stop    { room, sessionId }        → Daily REST dialOut/stop  → {}
//   GET  /api/config           { offline, webhookPath, eventsPath }
//   GET  /events               Server-Sent Events: one message per dial-out webhook event
//   POST /webhooks/daily       Daily's webhook: signature verified, replays refused, body parsed, relayed over SSE
//
// Who may call what:
// - /api/* and /events need this run's token (X-Demo-Token header; for GET /events, which
//   EventSource cannot give headers, also ?token=). Only the page served with this server gets it
//   (the demo's Vite config injects it); the standalone server prints it. No token: 401, nothing
//   started. They also refuse other origins (Origin), other host names (Host, against DNS
//   rebinding) and, for POST, anything but application/json (no form or text/plain CSRF).
// - /webhooks/daily needs nothing but Daily's signature. With `webhookPort` it is served alone on
//   its own port: that is the only port to expose through a tunnel.
//
// With a Daily API key it talks to Daily. Without one it runs offline: the REST client points at a
// local Daily REST mock, and an "offline Daily" sends the signed webhooks Daily would send
// (dialout.connected / answered / stopped, …) to this server's own webhook receiver, so the path
// REST start → webhook → SSE → manager.ingest() is visible with no account and no network.
//
// Plain ESM JavaScript for Node ≥ 20; it imports the built package (`npm run build`).
//   npm run demo:server            # offline
//   DAILY_API_KEY=… DAILY_WEBHOOK_HMAC=… PORT=8787 WEBHOOK_PORT=8788 npm run demo:server
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import {
  createDailyDialOutClient,
  createDailyWebhookVerifier,
  createWebhookReplayGuard,
  DailyApiError,
  DialOutValidationError,
  DialOutWebhookError,
  parseDialOutWebhook,
  startDailyRestMock,
} from 'daily-dialout-machine/server';

/** The request header that carries the token. */
export const DEMO_TOKEN_HEADER = 'x-demo-token';
/** The `<meta name>` the token is injected into the page with. */
export const DEMO_TOKEN_META = 'daily-dialout-demo-token';
/** Where Daily's webhooks are received. */
export const WEBHOOK_PATH = '/webhooks/daily';

const DEFAULT_MAX_BODY_BYTES = 1_000_000;
/** A slow SSE client is dropped once more than this waits to be sent to it. */
const DEFAULT_MAX_STREAM_BACKLOG_BYTES = 1_048_576;
/** After a 413, at most this much more of the body is read (and dropped) before the connection is cut. */
const DISCARD_LIMIT_BYTES = 16 * 1_048_576;
const OFFLINE_API_KEY = 'offline-demo-key';
const KEEPALIVE_MS = 15_000;
/** The offline Daily's default far end: rings 1.5 s, answers, stays until hung up. */
const DEFAULT_REMOTE = Object.freeze({ behaviour: 'answer', code: 'DIALOUT_IN_PROGRESS', ringMs: 1500, talkMs: null });
/** The longest ring or talk time the offline Daily plays, ms. */
const MAX_SCRIPT_MS = 600_000;
/** Calls the offline Daily keeps live at once; starting one more hangs up the oldest. */
const MAX_OFFLINE_CALLS = 50;
/** What the offline Daily's REST mock answers for each scripted start rejection. */
const REJECT_STATUS = Object.freeze({ DIALOUT_IN_PROGRESS: 409, TEMPORARILY_NOT_AVAILABLE: 400, NOT_ALLOWED: 403 });
/** Host names the API answers to (DNS rebinding: another name pointing at 127.0.0.1 is refused). */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];
/** The one answer to every refused credential, token or signature alike: it tells a prober nothing. */
const UNAUTHORIZED = Object.freeze({ error: 'unauthorized' });

class HttpError extends Error {
  /**
   * @param {number} status
   * @param {Record<string, unknown>} body
   */
  constructor(status, body) {
    super(String(body.info ?? body.error));
    this.status = status;
    this.body = body;
  }
}

/**
 * Signs a webhook body as Daily does: base64(HMAC-SHA256(key = base64-decoded secret, `${timestamp}.${body}`)).
 *
 * @param {string} rawBody - The exact body text that will be sent.
 * @param {string} secret - The webhook's `hmac` secret, base64.
 * @param {number} [timestampSec] - Unix seconds; default now.
 * @returns {{ 'x-webhook-signature': string, 'x-webhook-timestamp': string }} The two headers to send.
 */
export function signDailyWebhook(rawBody, secret, timestampSec = Math.floor(Date.now() / 1000)) {
  const timestamp = String(timestampSec);
  const signature = createHmac('sha256', Buffer.from(secret, 'base64')).update(`${timestamp}.${rawBody}`).digest('base64');
  return { 'x-webhook-signature': signature, 'x-webhook-timestamp': timestamp };
}

/**
 * One Server-Sent Events message whose fields no value can break: every line of a value gets its
 * own `field:` prefix (so a CR or LF in it can neither end the message nor start another field),
 * and the `id` loses its CR, LF and NUL (an id is one line, and a NUL makes browsers ignore it).
 *
 * @param {{ id?: string, event?: string, data: string }} message
 * @returns {string} The message, ending with the blank line that dispatches it.
 */
export function serverSentEvent({ id, event, data }) {
  const lines = (field, value) => value.split(/\r\n|\r|\n/).map((line) => `${field}: ${line}\n`).join('');
  return [
    id === undefined ? '' : `id: ${id.replace(/[\r\n\0]/g, '')}\n`,
    event === undefined ? '' : lines('event', event.replace(/[\r\n]/g, ' ')),
    lines('data', data),
    '\n',
  ].join('');
}

/**
 * The room name of Daily's REST paths, from a room name or a room URL (`https://your-domain.daily.co/my-room`).
 *
 * @param {unknown} room
 * @returns {string} The name.
 * @throws {HttpError} 400 when it is neither (a malformed URL included).
 */
function roomNameOf(room) {
  const invalid = (info) => new HttpError(400, { error: 'invalid-request', info });
  if (typeof room !== 'string' || room.trim() === '') throw invalid('room must be a room name or a Daily room URL');
  const text = room.trim();
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) return text;
  let url;
  try {
    url = new URL(text);
  } catch {
    throw invalid('room is not a valid URL (give a room name or a Daily room URL such as https://your-domain.daily.co/my-room)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('room URL must be an http: or https: URL');
  const name = url.pathname.split('/').filter(Boolean)[0];
  if (!name) throw invalid('the room URL has no room name in its path');
  try {
    return decodeURIComponent(name);
  } catch {
    throw invalid('the room name in the URL is not valid percent-encoding');
  }
}

/** Reads and drops the rest of a request body (at most DISCARD_LIMIT_BYTES), so that the client sees the answer. */
function discard(req) {
  let dropped = 0;
  req.on('data', (chunk) => {
    dropped += chunk.length;
    if (dropped > DISCARD_LIMIT_BYTES) req.destroy();
  });
  req.resume();
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {number} limit - Bytes.
 * @returns {Promise<string>}
 */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const tooLarge = () => new HttpError(413, { error: 'too-large', info: `bodies are limited to ${limit} bytes` });
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      discard(req);
      reject(tooLarge());
      return;
    }
    const chunks = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        discard(req);
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (error) => {
      if (done) return;
      done = true;
      reject(error);
    });
  });
}

/**
 * @param {string} text
 * @returns {Record<string, unknown>}
 */
function parseJsonObject(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, { error: 'invalid-json', info: 'the body must be JSON' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, { error: 'invalid-request', info: 'the body must be a JSON object' });
  }
  return value;
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {unknown} body
 */
function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}

/** Constant-time comparison of a given token with the expected one (hashed first: equal lengths, no length leak). */
function sameToken(given, expected) {
  if (typeof given !== 'string' || given === '') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The host name of a Host header, lower-cased, with its port removed (`[::1]` keeps its brackets). */
function hostnameOf(host) {
  if (typeof host !== 'string' || host === '') return '';
  const text = host.trim().toLowerCase();
  if (text.startsWith('[')) return text.slice(0, text.indexOf(']') + 1);
  return text.replace(/:\d*$/, '');
}

/**
 * The far end the offline Daily plays for one dial-out, from the page's "Remote side" panel.
 *
 * @param {unknown} remote
 */
function remoteScript(remote) {
  if (typeof remote !== 'object' || remote === null) return DEFAULT_REMOTE;
  const r = /** @type {Record<string, unknown>} */ (remote);
  const ms = (value, fallback) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.min(value, MAX_SCRIPT_MS) : fallback);
  const behaviour = ['answer', 'no-answer', 'error', 'warning', 'reject'].includes(/** @type {string} */ (r.behaviour))
    ? /** @type {string} */ (r.behaviour)
    : 'answer';
  const code = typeof r.code === 'string' && Object.hasOwn(REJECT_STATUS, r.code) ? r.code : 'DIALOUT_IN_PROGRESS';
  return { behaviour, code, ringMs: ms(r.ringMs, DEFAULT_REMOTE.ringMs), talkMs: ms(r.talkMs, null) };
}

/**
 * An offline stand-in for Daily's side of a REST dial-out: after each start it sends the
 * dial-out webhooks Daily would send, signed with the webhook secret, to `webhookUrl`.
 * At most MAX_OFFLINE_CALLS calls are live at once (the oldest is hung up), so memory stays flat.
 *
 * @param {{ webhookUrl: () => string, secret: string, onError: (error: unknown) => void, onEnded: (sessionId: string) => void }} options
 */
function createOfflineDaily({ webhookUrl, secret, onError, onEnded }) {
  /** @type {Map<string, { timers: Set<NodeJS.Timeout>, room: string, destination?: string }>} */
  const sessions = new Map();

  async function send(type, payload) {
    const body = JSON.stringify({
      version: '1.0.0',
      type,
      id: `offline-${randomUUID()}`,
      payload: { ...payload, timestamp: String(Math.floor(Date.now() / 1000)) },
      event_ts: Date.now() / 1000,
    });
    const response = await fetch(webhookUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signDailyWebhook(body, secret) },
      body,
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`offline Daily: ${type} webhook answered ${response.status}`);
  }

  function emit(sessionId, type, extra = {}) {
    const session = sessions.get(sessionId);
    if (!session) return;
    if (type === 'dialout.stopped') {
      for (const timer of session.timers) clearTimeout(timer);
      sessions.delete(sessionId);
      onEnded(sessionId);
    }
    send(type, {
      session_id: sessionId,
      room: session.room,
      domain_id: 'offline-demo-domain',
      ...(session.destination ? { destination: session.destination } : {}),
      ...extra,
    }).catch(onError);
  }

  function at(sessionId, ms, type, extra) {
    const session = sessions.get(sessionId);
    if (!session) return;
    const timer = setTimeout(() => {
      session.timers.delete(timer);
      emit(sessionId, type, extra);
    }, ms);
    session.timers.add(timer);
  }

  return {
    /**
     * A dial-out was started through the REST mock: play the far end.
     *
     * @param {string} room
     * @param {string} sessionId
     * @param {Record<string, unknown>} options
     * @param {ReturnType<typeof remoteScript>} script
     */
    started(room, sessionId, options, script) {
      while (sessions.size >= MAX_OFFLINE_CALLS) {
        const oldest = sessions.keys().next().value;
        if (oldest === undefined) break;
        emit(oldest, 'dialout.stopped'); // the callee of the oldest call hangs up
      }
      const destination = typeof options.phoneNumber === 'string' ? options.phoneNumber : typeof options.sipUri === 'string' ? options.sipUri : undefined;
      sessions.set(sessionId, { timers: new Set(), room, destination });
      const connectMs = 200;
      const { behaviour, ringMs, talkMs } = script;
      at(sessionId, connectMs, 'dialout.connected');
      if (behaviour === 'answer' || behaviour === 'warning') {
        at(sessionId, connectMs + ringMs, 'dialout.answered');
        if (behaviour === 'warning') at(sessionId, connectMs + ringMs + 1, 'dialout.warning', { error_msg: 'Requested codec not available; using a fallback' });
        if (talkMs !== null) at(sessionId, connectMs + ringMs + talkMs, 'dialout.stopped');
      } else if (behaviour === 'error') {
        at(sessionId, connectMs + ringMs, 'dialout.error', { error_msg: 'Busy Here (SIP 486)' });
        at(sessionId, connectMs + ringMs + 1, 'dialout.stopped');
      } else if (behaviour === 'no-answer' && talkMs !== null) {
        at(sessionId, connectMs + talkMs, 'dialout.stopped');
      }
    },
    /** @param {string} sessionId - Stopped through the REST mock: Daily reports `dialout.stopped`. */
    stopped(sessionId) {
      emit(sessionId, 'dialout.stopped');
    },
    /** Live calls and pending timers. */
    stats() {
      let timers = 0;
      for (const session of sessions.values()) timers += session.timers.size;
      return { calls: sessions.size, timers };
    },
    close() {
      for (const session of sessions.values()) for (const timer of session.timers) clearTimeout(timer);
      sessions.clear();
    },
  };
}

/**
 * @typedef {object} DemoServerOptions
 * @property {number} [port] - Port of the API (and, without `webhookPort`, of the webhook receiver) on `host`; default 0 (a free port).
 * @property {string} [host] - Default `'127.0.0.1'`.
 * @property {number} [webhookPort] - Serve the webhook receiver alone on this port (0: a free one), and not on the API's port:
 *   the port to expose to Daily through a tunnel. Default: the receiver is at /webhooks/daily on the API's port.
 * @property {string} [token] - The token /api/* and /events require (at least 32 characters of A-Z a-z 0-9 - _ . ~). Default: a random one per run.
 * @property {readonly string[]} [allowedOrigins] - Origins allowed besides the server's own (`http://<Host header>`); default none.
 * @property {readonly string[]} [allowedHosts] - Host names the API answers besides 127.0.0.1, localhost and [::1]; default none.
 * @property {string} [apiKey] - A Daily API key. Without it the server runs offline (REST mock + offline webhooks).
 * @property {string} [webhookSecret] - The webhook's `hmac` secret (base64; anything else throws). Default: a random one (see `webhookSecretGenerated`).
 * @property {string} [dailyBaseUrl] - Daily's REST base URL (default `https://api.daily.co/v1`; offline: the mock's).
 * @property {number} [maxBodyBytes] - Largest request body; larger ones get 413. Default 1 000 000.
 * @property {number} [maxStreamBacklogBytes] - An SSE client with more than this waiting to be sent is dropped. Default 1 048 576.
 * @property {{ windowMs?: number, maxEntries?: number }} [replay] - The webhook replay guard's window (default 600 000 ms) and size (default 1000).
 * @property {(line: string) => void} [log] - Where to log one line per request outcome; default none.
 */

/**
 * @typedef {object} DemoServerStats
 * @property {number} streams - Open SSE streams.
 * @property {number} offlineCalls - Calls the offline Daily keeps live.
 * @property {number} offlineTimers - Its pending timers.
 * @property {number} restMockRequests - Requests the REST mock keeps.
 * @property {number} restMockActiveSessions - Dial-outs the REST mock counts as active.
 * @property {number} replayEntries - Webhooks the replay guard remembers.
 */

/**
 * @typedef {object} DemoServer
 * @property {string} url - `http://127.0.0.1:<port>`: the API and events (never expose it).
 * @property {number} port
 * @property {string} token - What /api/* and /events require (X-Demo-Token header, or ?token= for GET /events).
 * @property {string} webhookUrl - The webhook receiver's URL (on its own port with `webhookPort`).
 * @property {number} webhookPort - The receiver's port (the API's port without `webhookPort`).
 * @property {boolean} offline - No API key: the REST client talks to the local mock, and webhooks come from the offline Daily.
 * @property {string} webhookSecret - The secret webhooks are verified with (base64).
 * @property {boolean} webhookSecretGenerated - Whether `webhookSecret` was generated here.
 * @property {string} restBaseUrl - Where the REST client sends its requests.
 * @property {import('daily-dialout-machine/server').DailyRestMock | undefined} restMock - The REST mock (offline only).
 * @property {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next?: () => void) => void} handle -
 *   The request handler, to mount in another server (the demo's Vite dev server does); calls `next` for other paths.
 * @property {() => DemoServerStats} stats - What it holds now (memory stays bounded by these).
 * @property {() => Promise<void>} close - Stops the servers, ends SSE streams, cancels offline webhooks. Idempotent.
 */

/**
 * @param {unknown} value
 * @param {string} name
 * @param {number} fallback
 */
function positiveInteger(value, name, fallback) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new RangeError(`startDemoServer: ${name} must be an integer ≥ 1`);
  return value;
}

/**
 * Starts the demo backend: REST start/stop, webhook verification and parsing, relay over Server-Sent Events.
 *
 * @remarks
 * Offline (no `apiKey`) it also starts `startDailyRestMock()` and sends itself the signed
 * webhooks Daily would send after each start. It listens on 127.0.0.1 unless told otherwise.
 * /api/* and /events require `token`; see the top of this file for every check.
 *
 * @param {DemoServerOptions} [options]
 * @returns {Promise<DemoServer>} The running server; `close()` it when done.
 * @throws {TypeError} (rejects) when `webhookSecret` is not base64 or `token` is too short; {RangeError} for bad sizes.
 *
 * @example
 * ```js
 * const server = await startDemoServer({ port: 0 });
 * const { sessionId } = await (await fetch(`${server.url}/api/dial-out`, {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json', 'x-demo-token': server.token },
 *   body: JSON.stringify({ room: 'demo', options: { phoneNumber: '+15555550100' } }),
 * })).json();
 * await server.close();
 * ```
 */
export async function startDemoServer(options = {}) {
  const log = options.log ?? (() => {});
  const offline = !options.apiKey;
  const token = options.token ?? randomBytes(32).toString('base64url');
  if (typeof token !== 'string' || !/^[A-Za-z0-9\-_.~]{32,}$/.test(token)) {
    throw new TypeError('startDemoServer: token must be at least 32 characters of A-Z, a-z, 0-9, -, _, . or ~ (e.g. openssl rand -hex 32)');
  }
  const webhookSecretGenerated = !options.webhookSecret;
  const webhookSecret = options.webhookSecret ?? randomBytes(32).toString('base64');
  const webhooks = createDailyWebhookVerifier({ secret: webhookSecret }); // throws now when the secret is not base64
  const replays = createWebhookReplayGuard({ windowMs: options.replay?.windowMs ?? 600_000, maxEntries: options.replay?.maxEntries ?? 1_000 });
  const maxBodyBytes = positiveInteger(options.maxBodyBytes, 'maxBodyBytes', DEFAULT_MAX_BODY_BYTES);
  const maxBacklog = positiveInteger(options.maxStreamBacklogBytes, 'maxStreamBacklogBytes', DEFAULT_MAX_STREAM_BACKLOG_BYTES);
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const allowedHosts = new Set([...LOOPBACK_HOSTS, ...(options.allowedHosts ?? []).map((h) => h.toLowerCase())]);
  const separateWebhookPort = options.webhookPort !== undefined;

  const restMock = offline ? await startDailyRestMock({ apiKey: OFFLINE_API_KEY, maxRecordedRequests: 100 }) : undefined;
  const restBaseUrl = restMock ? restMock.baseUrl : options.dailyBaseUrl ?? 'https://api.daily.co/v1';
  const daily = createDailyDialOutClient({
    apiKey: options.apiKey || OFFLINE_API_KEY,
    baseUrl: restBaseUrl,
    retry: { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 2000 },
  });
  /** @type {Set<import('node:http').ServerResponse>} */
  const streams = new Set();
  let url = '';
  let webhookUrl = '';
  const offlineDaily = offline
    ? createOfflineDaily({
        webhookUrl: () => webhookUrl,
        secret: webhookSecret,
        onError: (e) => log(`offline Daily: ${String(e)}`),
        onEnded: (sessionId) => restMock?.endSession(sessionId),
      })
    : undefined;

  function drop(stream, why) {
    if (!streams.delete(stream)) return;
    log(`SSE client dropped: ${why}`);
    stream.destroy();
  }

  /** Writes to every stream; a stream that does not keep up (backlog over the bound) is dropped. */
  function broadcast(frame) {
    for (const stream of streams) {
      if (stream.writableLength > maxBacklog) drop(stream, `more than ${maxBacklog} bytes waiting`);
      else stream.write(frame);
    }
  }

  function relay(event) {
    broadcast(serverSentEvent({ id: event.id, data: JSON.stringify(event) }));
  }

  async function onWebhook(req, res) {
    const rawBody = await readBody(req, maxBodyBytes);
    const verdict = webhooks.verify({ rawBody, headers: req.headers });
    if (!verdict.ok) {
      // Daily checks a new webhook's endpoint with a test request when it is created; answer it, relay nothing.
      if (isCreationCheck(rawBody)) return sendJson(res, 200, { ok: true, relayed: false });
      log(`webhook refused: ${verdict.reason}`);
      return sendJson(res, 401, UNAUTHORIZED);
    }
    const body = parseJsonObject(rawBody);
    const seen = replays.admit({ signature: verdict.signature, type: body.type, id: body.id });
    if (!seen.ok) {
      // Daily's own message, already handled: acknowledge it (an error would count as a failed delivery), relay nothing.
      log(`webhook not relayed again: ${seen.reason}`);
      return sendJson(res, 200, { ok: true, relayed: false });
    }
    let event;
    try {
      event = parseDialOutWebhook(body);
    } catch (error) {
      if (!(error instanceof DialOutWebhookError)) throw error;
      // a signed webhook of another type (or a malformed one): acknowledge it, so Daily keeps the webhook enabled
      log(`webhook ignored: ${error.field || 'body'} is not a dial-out event field`);
      return sendJson(res, 200, { ok: true, relayed: false });
    }
    relay(event);
    log(`webhook ${event.type} → ${streams.size} stream(s)`);
    sendJson(res, 200, { ok: true, relayed: true });
  }

  async function onDialOut(req, res) {
    const body = parseJsonObject(await readBody(req, maxBodyBytes));
    const room = roomNameOf(body.room);
    const dialOptions = /** @type {Record<string, unknown>} */ (body.options);
    const script = remoteScript(body.remote);
    if (restMock && script.behaviour === 'reject') {
      restMock.script('start', { status: REJECT_STATUS[script.code], body: { error: script.code, info: `offline Daily rejected the start: ${script.code}` } });
    }
    const { sessionId } = await daily.startDialOut(room, /** @type {never} */ (dialOptions));
    offlineDaily?.started(room, sessionId, typeof dialOptions === 'object' && dialOptions !== null ? dialOptions : {}, script);
    log(`dial-out started in ${room}: ${sessionId}`);
    sendJson(res, 200, { sessionId });
  }

  async function onStop(req, res) {
    const body = parseJsonObject(await readBody(req, maxBodyBytes));
    const room = roomNameOf(body.room);
    if (typeof body.sessionId !== 'string' || body.sessionId === '') {
      throw new HttpError(400, { error: 'invalid-request', info: 'sessionId must be a non-empty string' });
    }
    await daily.stopDialOut(room, body.sessionId);
    offlineDaily?.stopped(body.sessionId);
    log(`dial-out stopped in ${room}: ${body.sessionId}`);
    sendJson(res, 200, {});
  }

  function onEvents(req, res) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n: connected\n\n');
    streams.add(res);
    const keepAlive = setInterval(() => {
      if (res.writableLength > maxBacklog) drop(res, `more than ${maxBacklog} bytes waiting`);
      else res.write(': keep-alive\n\n');
    }, KEEPALIVE_MS);
    keepAlive.unref();
    const forget = () => {
      clearInterval(keepAlive);
      streams.delete(res);
    };
    req.on('close', forget);
    res.on('close', forget);
  }

  /** Routes that need the token, the right host and origin. */
  const apiRoutes = {
    'POST /api/dial-out': onDialOut,
    'POST /api/dial-out/stop': onStop,
    'GET /events': onEvents,
    'GET /api/config': (_req, res) => sendJson(res, 200, { offline, webhookPath: WEBHOOK_PATH, eventsPath: '/events' }),
  };

  /**
   * Refuses a request to /api/* or /events that is not from this run's page; `undefined` when it may go on.
   *
   * @returns {[number, Record<string, unknown>] | undefined}
   */
  function refusal(req, path, query) {
    const given = req.headers[DEMO_TOKEN_HEADER] ?? (req.method === 'GET' && path === '/events' ? query.get('token') : undefined);
    if (!sameToken(given, token)) return [401, UNAUTHORIZED];
    const host = req.headers.host;
    if (!allowedHosts.has(hostnameOf(host))) return [403, { error: 'forbidden', info: 'this host name is not allowed' }];
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}` && !allowedOrigins.has(origin)) {
      return [403, { error: 'forbidden', info: 'cross-origin requests are refused' }];
    }
    if (req.method === 'POST') {
      const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/json') return [415, { error: 'unsupported-media-type', info: 'send application/json' }];
    }
    return undefined;
  }

  function fail(res, error) {
    if (res.headersSent) return void res.end();
    if (error instanceof HttpError) return sendJson(res, error.status, error.body);
    if (error instanceof DialOutValidationError) {
      return sendJson(res, 400, { error: 'validation', info: error.message, issues: error.issues });
    }
    if (error instanceof DailyApiError) {
      log(`Daily REST: ${error.message}`);
      const status = error.status !== undefined && error.status >= 400 && error.status < 600 ? error.status : 502;
      return sendJson(res, status, {
        error: error.error ?? 'daily-api-error',
        info: error.info ?? error.message,
        ...(error.mayHaveSucceeded ? { mayHaveSucceeded: true } : {}),
      });
    }
    log(`error: ${String(error)}`);
    sendJson(res, 500, { error: 'internal', info: 'the demo server failed; see its log' });
  }

  function run(route, req, res) {
    Promise.resolve()
      .then(() => route(req, res))
      .catch((error) => fail(res, error));
  }

  /** @type {DemoServer['handle']} */
  function handle(req, res, next) {
    const target = new URL(req.url ?? '/', 'http://demo.invalid');
    const path = target.pathname;
    if (path === WEBHOOK_PATH && !separateWebhookPort) {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'method-not-allowed', info: 'POST only' });
      return run(onWebhook, req, res);
    }
    if (path === '/events' || path === '/api' || path.startsWith('/api/')) {
      const refused = refusal(req, path, target.searchParams);
      if (refused) {
        discard(req); // read and drop its body (within a bound) so that the client gets the answer
        return sendJson(res, refused[0], refused[1]);
      }
      const route = apiRoutes[`${req.method} ${path}`];
      if (!route) return sendJson(res, 404, { error: 'not-found', info: 'no such endpoint' });
      return run(route, req, res);
    }
    if (next) return next();
    sendJson(res, 404, { error: 'not-found', info: 'no such endpoint' });
  }

  /** The webhook receiver alone (own port): POST /webhooks/daily, nothing else. */
  function handleWebhookOnly(req, res) {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== WEBHOOK_PATH) return sendJson(res, 404, { error: 'not-found', info: 'no such endpoint' });
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'method-not-allowed', info: 'POST only' });
    run(onWebhook, req, res);
  }

  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => handle(req, res));
  const webhookServer = separateWebhookPort ? createServer(handleWebhookOnly) : undefined;
  const listen = (target, port) =>
    new Promise((resolve, reject) => {
      target.once('error', reject);
      target.listen(port, host, () => resolve(/** @type {import('node:net').AddressInfo} */ (target.address())));
    });
  let address;
  let webhookAddress;
  try {
    address = await listen(server, options.port ?? 0);
    webhookAddress = webhookServer ? await listen(webhookServer, options.webhookPort) : address;
  } catch (error) {
    server.close();
    webhookServer?.close();
    await restMock?.close();
    throw error;
  }
  const origin = (a) => `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
  url = origin(address);
  webhookUrl = `${origin(webhookAddress)}${WEBHOOK_PATH}`;

  /** @type {Promise<void> | undefined} */
  let closing;
  const shut = (target) =>
    new Promise((resolve) => {
      target.close(() => resolve(undefined));
      target.closeAllConnections();
    });
  return {
    url,
    port: address.port,
    token,
    webhookUrl,
    webhookPort: webhookAddress.port,
    offline,
    webhookSecret,
    webhookSecretGenerated,
    restBaseUrl,
    restMock,
    handle,
    stats() {
      const calls = offlineDaily?.stats() ?? { calls: 0, timers: 0 };
      let active = 0;
      for (const sessions of restMock?.activeSessions.values() ?? []) active += sessions.size;
      return {
        streams: streams.size,
        offlineCalls: calls.calls,
        offlineTimers: calls.timers,
        restMockRequests: restMock?.requests.length ?? 0,
        restMockActiveSessions: active,
        replayEntries: replays.size,
      };
    },
    close() {
      closing ??= (async () => {
        offlineDaily?.close();
        for (const stream of streams) stream.end();
        streams.clear();
        await Promise.all([shut(server), ...(webhookServer ? [shut(webhookServer)] : [])]);
        await restMock?.close();
      })();
      return closing;
    },
  };
}

/**
 * Whether an unsigned body is Daily's endpoint check, sent when a webhook is created (`{"test":"test"}`).
 *
 * @param {string} rawBody
 */
function isCreationCheck(rawBody) {
  try {
    const body = JSON.parse(rawBody);
    return typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 1 && 'test' in body;
  } catch {
    return false;
  }
}

/**
 * @param {string | undefined} value
 * @param {string} name
 * @returns {number | undefined}
 */
function portOf(value, name) {
  if (value === undefined || value === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be an integer from 0 to 65535, got ${value}`);
  return port;
}

/**
 * The demo server's options from environment variables: `DAILY_API_KEY`, `DAILY_WEBHOOK_HMAC`, `DAILY_API_URL`,
 * `PORT`, `WEBHOOK_PORT`, `DEMO_SERVER_TOKEN`, `DEMO_ALLOWED_ORIGINS` (comma-separated).
 *
 * @param {Record<string, string | undefined>} env - Usually `process.env`.
 * @returns {DemoServerOptions} The options (no key: offline).
 * @throws {Error} When a port is not an integer from 0 to 65535.
 */
export function demoServerOptionsFromEnv(env) {
  const webhookPort = portOf(env.WEBHOOK_PORT, 'WEBHOOK_PORT');
  return {
    port: portOf(env.PORT, 'PORT') ?? 0,
    ...(webhookPort !== undefined ? { webhookPort } : {}),
    ...(env.DEMO_SERVER_TOKEN ? { token: env.DEMO_SERVER_TOKEN } : {}),
    ...(env.DEMO_ALLOWED_ORIGINS ? { allowedOrigins: env.DEMO_ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean) } : {}),
    ...(env.DAILY_API_KEY ? { apiKey: env.DAILY_API_KEY } : {}),
    ...(env.DAILY_WEBHOOK_HMAC ? { webhookSecret: env.DAILY_WEBHOOK_HMAC } : {}),
    ...(env.DAILY_API_URL ? { dailyBaseUrl: env.DAILY_API_URL } : {}),
  };
}

/**
 * Prints how the server runs: mode, what to expose and what not, the token, the generated secret.
 *
 * @param {DemoServer} server
 * @param {(line: string) => void} print
 */
export function describeDemoServer(server, print) {
  print(`demo server: ${server.url}  (API and events for the page; keep it on 127.0.0.1, never expose it)`);
  print(`  API token (the page gets it injected; DEMO_SERVER_TOKEN to choose it): ${server.token}`);
  print(
    server.offline
      ? `  offline: Daily REST mock at ${server.restBaseUrl}; signed webhooks are sent to ${server.webhookUrl} after each start`
      : `  Daily REST API at ${server.restBaseUrl}`,
  );
  print(
    server.webhookPort !== server.port
      ? `  webhook receiver: ${server.webhookUrl}  (the only port to expose: point a Daily webhook at <your tunnel>${WEBHOOK_PATH})`
      : `  webhook receiver: ${server.webhookUrl}  (set WEBHOOK_PORT to serve it on its own port, the one to expose)`,
  );
  if (server.webhookSecretGenerated) print(`  webhook secret (generated; set DAILY_WEBHOOK_HMAC to choose it): ${server.webhookSecret}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startDemoServer({ ...demoServerOptionsFromEnv(process.env), log: (line) => console.log(`[demo-server] ${line}`) });
  describeDemoServer(server, (line) => console.log(line));
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
