// The demo's backend: the whole server-side path of a Daily dial-out, in one small node:http server.
//
//   POST /api/dial-out         { room, options, remote? } → Daily REST dialOut/start → { sessionId }
//   POST /api/dial-out/stop    { room, sessionId }        → Daily REST dialOut/stop  → {}
//   POST /webhooks/daily       Daily's webhook: signature verified, body parsed, relayed over SSE
//   GET  /events               Server-Sent Events: one `data:` line per dial-out webhook event
//   GET  /api/config           { offline, webhookPath, eventsPath }
//
// With a Daily API key it talks to Daily. Without one it runs offline: the REST client points at a
// local Daily REST mock, and an "offline Daily" sends the signed webhooks Daily would send
// (dialout.connected / answered / stopped, …) to this server's own /webhooks/daily, so the path
// REST start → webhook → SSE → manager.ingest() is visible with no account and no network.
//
// Plain ESM JavaScript for Node ≥ 20; it imports the built package (`npm run build`).
//   npm run demo:server            # offline
//   DAILY_API_KEY=… DAILY_WEBHOOK_HMAC=… PORT=8787 npm run demo:server
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import {
  createDailyDialOutClient,
  DailyApiError,
  DialOutValidationError,
  DialOutWebhookError,
  parseDialOutWebhook,
  startDailyRestMock,
  verifyDailyWebhook,
} from 'daily-dialout-machine/server';

const MAX_BODY_BYTES = 1_000_000;
const OFFLINE_API_KEY = 'offline-demo-key';
const KEEPALIVE_MS = 15_000;
/** The offline Daily's default far end: rings 1.5 s, answers, stays until hung up. */
const DEFAULT_REMOTE = Object.freeze({ behaviour: 'answer', ringMs: 1500, talkMs: null });
/** What the offline Daily's REST mock answers for each scripted start rejection. */
const REJECT_STATUS = Object.freeze({ DIALOUT_IN_PROGRESS: 409, TEMPORARILY_NOT_AVAILABLE: 400, NOT_ALLOWED: 403 });

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
 * The room name of Daily's REST paths, from a room name or a room URL (`https://your-domain.daily.co/my-room`).
 *
 * @param {unknown} room
 * @returns {string} The name.
 * @throws {HttpError} 400 when it is neither.
 */
function roomNameOf(room) {
  if (typeof room !== 'string' || room.trim() === '') {
    throw new HttpError(400, { error: 'invalid-request', info: 'room must be a room name or a Daily room URL' });
  }
  const text = room.trim();
  if (!/^https?:\/\//i.test(text)) return text;
  const name = new URL(text).pathname.split('/').filter(Boolean)[0];
  if (!name) throw new HttpError(400, { error: 'invalid-request', info: `no room name in ${text}` });
  return decodeURIComponent(name);
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {Promise<string>}
 */
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, { error: 'too-large', info: `bodies are limited to ${MAX_BODY_BYTES} bytes` }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
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
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/**
 * The far end the offline Daily plays for one dial-out, from the page's "Remote side" panel.
 *
 * @param {unknown} remote
 */
function remoteScript(remote) {
  if (typeof remote !== 'object' || remote === null) return DEFAULT_REMOTE;
  const r = /** @type {Record<string, unknown>} */ (remote);
  const ms = (value, fallback) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.min(value, 3_600_000) : fallback);
  const behaviour = ['answer', 'no-answer', 'error', 'warning', 'reject'].includes(/** @type {string} */ (r.behaviour))
    ? /** @type {string} */ (r.behaviour)
    : 'answer';
  const code = typeof r.code === 'string' && r.code in REJECT_STATUS ? r.code : 'DIALOUT_IN_PROGRESS';
  return { behaviour, code, ringMs: ms(r.ringMs, DEFAULT_REMOTE.ringMs), talkMs: ms(r.talkMs, null) };
}

/**
 * An offline stand-in for Daily's side of a REST dial-out: after each start it sends the
 * dial-out webhooks Daily would send, signed with the webhook secret, to `webhookUrl`.
 *
 * @param {{ webhookUrl: () => string, secret: string, onError: (error: unknown) => void }} options
 */
function createOfflineDaily({ webhookUrl, secret, onError }) {
  /** @type {Map<string, { timers: Set<NodeJS.Timeout>, room: string, destination?: string, ended: boolean }>} */
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
    if (!response.ok) throw new Error(`offline Daily: ${type} webhook answered ${response.status}`);
  }

  function emit(sessionId, type, extra = {}) {
    const session = sessions.get(sessionId);
    if (!session || session.ended) return;
    if (type === 'dialout.stopped') {
      session.ended = true;
      for (const timer of session.timers) clearTimeout(timer);
      session.timers.clear();
      sessions.delete(sessionId);
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
      const destination = typeof options.phoneNumber === 'string' ? options.phoneNumber : typeof options.sipUri === 'string' ? options.sipUri : undefined;
      sessions.set(sessionId, { timers: new Set(), room, destination, ended: false });
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
    close() {
      for (const session of sessions.values()) for (const timer of session.timers) clearTimeout(timer);
      sessions.clear();
    },
  };
}

/**
 * @typedef {object} DemoServerOptions
 * @property {number} [port] - Port on `host`; default 0 (a free port).
 * @property {string} [host] - Default `'127.0.0.1'`.
 * @property {string} [apiKey] - A Daily API key. Without it the server runs offline (REST mock + offline webhooks).
 * @property {string} [webhookSecret] - The webhook's `hmac` secret (base64). Default: a random one (see `webhookSecretGenerated`).
 * @property {string} [dailyBaseUrl] - Daily's REST base URL (default `https://api.daily.co/v1`; offline: the mock's).
 * @property {(line: string) => void} [log] - Where to log one line per request outcome; default none.
 */

/**
 * @typedef {object} DemoServer
 * @property {string} url - `http://127.0.0.1:<port>`.
 * @property {number} port
 * @property {boolean} offline - No API key: the REST client talks to the local mock, and webhooks come from the offline Daily.
 * @property {string} webhookSecret - The secret webhooks are verified with (base64).
 * @property {boolean} webhookSecretGenerated - Whether `webhookSecret` was generated here.
 * @property {string} restBaseUrl - Where the REST client sends its requests.
 * @property {import('daily-dialout-machine/server').DailyRestMock | undefined} restMock - The REST mock (offline only).
 * @property {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next?: () => void) => void} handle -
 *   The request handler, to mount in another server (the demo's Vite dev server does); calls `next` for other paths.
 * @property {() => Promise<void>} close - Stops the server, ends SSE streams, cancels offline webhooks. Idempotent.
 */

/**
 * Starts the demo backend: REST start/stop, webhook verification and parsing, relay over Server-Sent Events.
 *
 * @remarks
 * Offline (no `apiKey`) it also starts `startDailyRestMock()` and sends itself the signed
 * webhooks Daily would send after each start. It listens on 127.0.0.1 unless told otherwise.
 *
 * @param {DemoServerOptions} [options]
 * @returns {Promise<DemoServer>} The running server; `close()` it when done.
 *
 * @example
 * ```js
 * const server = await startDemoServer({ port: 0 });
 * const { sessionId } = await (await fetch(`${server.url}/api/dial-out`, {
 *   method: 'POST', body: JSON.stringify({ room: 'demo', options: { phoneNumber: '+15555550100' } }),
 * })).json();
 * await server.close();
 * ```
 */
export async function startDemoServer(options = {}) {
  const log = options.log ?? (() => {});
  const offline = !options.apiKey;
  const webhookSecretGenerated = !options.webhookSecret;
  const webhookSecret = options.webhookSecret ?? randomBytes(32).toString('base64');
  const restMock = offline ? await startDailyRestMock({ apiKey: OFFLINE_API_KEY }) : undefined;
  const restBaseUrl = restMock ? restMock.baseUrl : options.dailyBaseUrl ?? 'https://api.daily.co/v1';
  const daily = createDailyDialOutClient({
    apiKey: options.apiKey || OFFLINE_API_KEY,
    baseUrl: restBaseUrl,
    retry: { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 2000 },
  });
  /** @type {Set<import('node:http').ServerResponse>} */
  const streams = new Set();
  let url = '';
  const offlineDaily = offline
    ? createOfflineDaily({ webhookUrl: () => `${url}/webhooks/daily`, secret: webhookSecret, onError: (e) => log(`offline Daily: ${String(e)}`) })
    : undefined;

  function relay(event) {
    const frame = `id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`;
    for (const stream of streams) stream.write(frame);
  }

  async function onWebhook(req, res) {
    const rawBody = await readBody(req);
    const verdict = verifyDailyWebhook({ rawBody, headers: req.headers, secret: webhookSecret });
    if (!verdict.ok) {
      // Daily checks a new webhook's endpoint with a test request when it is created; answer it, relay nothing.
      if (isCreationCheck(rawBody)) return sendJson(res, 200, { ok: true, relayed: false });
      log(`webhook rejected: ${verdict.reason}`);
      return sendJson(res, 401, { error: 'unauthorized', info: verdict.reason });
    }
    const body = parseJsonObject(rawBody);
    let event;
    try {
      event = parseDialOutWebhook(body);
    } catch (error) {
      if (!(error instanceof DialOutWebhookError)) throw error;
      // a signed webhook of another type (or a malformed one): acknowledge it, so Daily keeps the webhook enabled
      log(`webhook ignored: ${error.message}`);
      return sendJson(res, 200, { ok: true, relayed: false, info: error.message });
    }
    relay(event);
    log(`webhook ${event.type} ${event.payload.session_id ?? ''} → ${streams.size} stream(s)`);
    sendJson(res, 200, { ok: true, relayed: true });
  }

  async function onDialOut(req, res) {
    const body = parseJsonObject(await readBody(req));
    const room = roomNameOf(body.room);
    const dialOptions = /** @type {Record<string, unknown>} */ (body.options);
    const script = remoteScript(body.remote);
    if (restMock && script.behaviour === 'reject') {
      restMock.script('start', { status: REJECT_STATUS[script.code], body: { error: script.code, info: `offline Daily rejected the start: ${script.code}` } });
    }
    const { sessionId } = await daily.startDialOut(room, /** @type {never} */ (dialOptions));
    offlineDaily?.started(room, sessionId, dialOptions, script);
    log(`dial-out started in ${room}: ${sessionId}`);
    sendJson(res, 200, { sessionId });
  }

  async function onStop(req, res) {
    const body = parseJsonObject(await readBody(req));
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
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n: connected\n\n');
    streams.add(res);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
    keepAlive.unref();
    const drop = () => {
      clearInterval(keepAlive);
      streams.delete(res);
    };
    req.on('close', drop);
    res.on('close', drop);
  }

  const routes = {
    'POST /webhooks/daily': onWebhook,
    'POST /api/dial-out': onDialOut,
    'POST /api/dial-out/stop': onStop,
    'GET /events': onEvents,
    'GET /api/config': (_req, res) => sendJson(res, 200, { offline, webhookPath: '/webhooks/daily', eventsPath: '/events' }),
  };

  /** @type {DemoServer['handle']} */
  function handle(req, res, next) {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes[`${req.method} ${path}`];
    if (!route) {
      if (next) return next();
      return sendJson(res, 404, { error: 'not-found', info: `${req.method} ${path}` });
    }
    Promise.resolve()
      .then(() => route(req, res))
      .catch((error) => {
        if (res.headersSent) return void res.end();
        if (error instanceof HttpError) return sendJson(res, error.status, error.body);
        if (error instanceof DialOutValidationError) {
          return sendJson(res, 400, { error: 'validation', info: error.message, issues: error.issues });
        }
        if (error instanceof DailyApiError) {
          log(`Daily REST: ${error.message}`);
          const status = error.status !== undefined && error.status >= 400 && error.status < 600 ? error.status : 502;
          return sendJson(res, status, { error: error.error ?? 'daily-api-error', info: error.info ?? error.message });
        }
        log(`error: ${String(error)}`);
        sendJson(res, 500, { error: 'internal', info: 'the demo server failed; see its log' });
      });
  }

  const server = createServer((req, res) => handle(req, res));
  try {
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve(undefined));
    });
  } catch (error) {
    await restMock?.close();
    throw error;
  }
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  url = `http://${host}:${address.port}`;

  /** @type {Promise<void> | undefined} */
  let closing;
  return {
    url,
    port: address.port,
    offline,
    webhookSecret,
    webhookSecretGenerated,
    restBaseUrl,
    restMock,
    handle,
    close() {
      closing ??= (async () => {
        offlineDaily?.close();
        for (const stream of streams) stream.end();
        streams.clear();
        await new Promise((resolve) => {
          server.close(() => resolve(undefined));
          server.closeAllConnections();
        });
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
 * The demo server's options from environment variables: `DAILY_API_KEY`, `DAILY_WEBHOOK_HMAC`, `DAILY_API_URL`, `PORT`.
 *
 * @param {Record<string, string | undefined>} env - Usually `process.env`.
 * @returns {DemoServerOptions} The options (no key: offline).
 */
export function demoServerOptionsFromEnv(env) {
  const port = env.PORT === undefined || env.PORT === '' ? 0 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer from 0 to 65535, got ${env.PORT}`);
  return {
    port,
    ...(env.DAILY_API_KEY ? { apiKey: env.DAILY_API_KEY } : {}),
    ...(env.DAILY_WEBHOOK_HMAC ? { webhookSecret: env.DAILY_WEBHOOK_HMAC } : {}),
    ...(env.DAILY_API_URL ? { dailyBaseUrl: env.DAILY_API_URL } : {}),
  };
}

/**
 * Prints how the server runs (mode, URLs, the generated secret).
 *
 * @param {DemoServer} server
 * @param {(line: string) => void} print
 */
export function describeDemoServer(server, print) {
  print(`demo server: ${server.url}`);
  print(
    server.offline
      ? `  offline: Daily REST mock at ${server.restBaseUrl}; signed webhooks are sent to ${server.url}/webhooks/daily after each start`
      : `  Daily REST API at ${server.restBaseUrl}; point a Daily webhook at <your public URL>/webhooks/daily`,
  );
  if (server.webhookSecretGenerated) print(`  webhook secret (generated; set DAILY_WEBHOOK_HMAC to choose it): ${server.webhookSecret}`);
  print(`  POST ${server.url}/api/dial-out   GET ${server.url}/events`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startDemoServer({ ...demoServerOptionsFromEnv(process.env), log: (line) => console.log(`[demo-server] ${line}`) });
  describeDemoServer(server, (line) => console.log(line));
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
