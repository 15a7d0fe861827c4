// Types of server.mjs (plain JavaScript), for the demo's Vite config and the tests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DailyRestMock } from 'daily-dialout-machine/server';

/** The request header that carries the token (`x-demo-token`). */
export const DEMO_TOKEN_HEADER: 'x-demo-token';
/** The `<meta name>` the token is injected into the page with (`daily-dialout-demo-token`). */
export const DEMO_TOKEN_META: 'daily-dialout-demo-token';
/** Where Daily's webhooks are received (`/webhooks/daily`). */
export const WEBHOOK_PATH: '/webhooks/daily';

/** Options of {@link startDemoServer}. Durations in ms, sizes in bytes. */
export interface DemoServerOptions {
  /** Port of the API (and, without `webhookPort`, of the webhook receiver) on `host`; default 0 (a free port). */
  port?: number;
  /** Default `'127.0.0.1'`. */
  host?: string;
  /**
   * Serve the webhook receiver alone on this port (0: a free one), and not on the API's port: the
   * only port to expose to Daily through a tunnel. Default: the receiver is at /webhooks/daily on the API's port.
   */
  webhookPort?: number;
  /** The token /api/* and /events require (at least 32 characters of `A-Z a-z 0-9 - _ . ~`). Default: a random one per run. */
  token?: string;
  /** Origins allowed besides the server's own (`http://<Host header>`); default none. */
  allowedOrigins?: readonly string[];
  /** Host names the API answers besides 127.0.0.1, localhost and [::1]; default none. */
  allowedHosts?: readonly string[];
  /** A Daily API key. Without it the server runs offline (REST mock + offline webhooks). */
  apiKey?: string;
  /** The webhook's `hmac` secret (base64; anything else makes `startDemoServer` reject). Default: a random one. */
  webhookSecret?: string;
  /** Daily's REST base URL (default `https://api.daily.co/v1`; offline: the mock's). */
  dailyBaseUrl?: string;
  /** Largest request body; larger ones get 413. Default 1 000 000. */
  maxBodyBytes?: number;
  /** An SSE client with more than this waiting to be sent to it is dropped. Default 1 048 576. */
  maxStreamBacklogBytes?: number;
  /** The webhook replay guard: window (default 600 000 ms) and size (default 1000 webhooks). */
  replay?: { windowMs?: number; maxEntries?: number };
  /** Where to log one line per request outcome; default none. */
  log?: (line: string) => void;
}

/** What a running demo server holds; each stays bounded however many dial-outs it serves. */
export interface DemoServerStats {
  /** Open SSE streams. */
  readonly streams: number;
  /** Calls the offline Daily keeps live (at most 50). */
  readonly offlineCalls: number;
  /** Its pending timers. */
  readonly offlineTimers: number;
  /** Requests the REST mock keeps (at most 100). */
  readonly restMockRequests: number;
  /** Dial-outs the REST mock counts as active. */
  readonly restMockActiveSessions: number;
  /** Webhooks the replay guard remembers (at most `replay.maxEntries`). */
  readonly replayEntries: number;
}

/** A running demo server. */
export interface DemoServer {
  /** `http://127.0.0.1:<port>`: the API and events (never expose it). */
  readonly url: string;
  readonly port: number;
  /** What /api/* and /events require: the `x-demo-token` header, or `?token=` for GET /events. */
  readonly token: string;
  /** The webhook receiver's URL (on its own port with `webhookPort`). */
  readonly webhookUrl: string;
  /** The receiver's port (the API's port without `webhookPort`). */
  readonly webhookPort: number;
  /** No API key: the REST client talks to the local mock, and webhooks come from the offline Daily. */
  readonly offline: boolean;
  /** The secret webhooks are verified with (base64). */
  readonly webhookSecret: string;
  /** Whether `webhookSecret` was generated. */
  readonly webhookSecretGenerated: boolean;
  /** Where the REST client sends its requests. */
  readonly restBaseUrl: string;
  /** The REST mock (offline only). */
  readonly restMock: DailyRestMock | undefined;
  /** The request handler, to mount in another server; calls `next` for paths it does not serve. */
  handle(req: IncomingMessage, res: ServerResponse, next?: () => void): void;
  /** What it holds now. */
  stats(): DemoServerStats;
  /** Stops the servers, ends SSE streams, cancels offline webhooks. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the demo backend: REST start/stop, webhook verification, replay refusal and parsing, relay over Server-Sent Events.
 *
 * @param options - See {@link DemoServerOptions}.
 * @returns The running server.
 * @throws (rejects with) `TypeError` when `webhookSecret` is not base64 or `token` is too short; `RangeError` for bad sizes.
 */
export function startDemoServer(options?: DemoServerOptions): Promise<DemoServer>;

/**
 * Signs a webhook body as Daily does.
 *
 * @param rawBody - The exact body text.
 * @param secret - The base64 secret.
 * @param timestampSec - Unix seconds; default now.
 * @returns The `x-webhook-signature` and `x-webhook-timestamp` headers.
 */
export function signDailyWebhook(
  rawBody: string,
  secret: string,
  timestampSec?: number,
): { 'x-webhook-signature': string; 'x-webhook-timestamp': string };

/**
 * One Server-Sent Events message that no value can break (a CR or LF cannot end it or add a field).
 *
 * @param message - `id`, `event` and `data`.
 * @returns The message, ending with the blank line that dispatches it.
 */
export function serverSentEvent(message: { id?: string; event?: string; data: string }): string;

/**
 * The demo server's options from `DAILY_API_KEY`, `DAILY_WEBHOOK_HMAC`, `DAILY_API_URL`, `PORT`, `WEBHOOK_PORT`,
 * `DEMO_SERVER_TOKEN`, `DEMO_ALLOWED_ORIGINS`.
 *
 * @param env - Usually `process.env`.
 * @returns The options.
 * @throws When a port is not an integer from 0 to 65535.
 */
export function demoServerOptionsFromEnv(env: Record<string, string | undefined>): DemoServerOptions;

/**
 * Prints how the server runs.
 *
 * @param server - The running server.
 * @param print - One line at a time.
 */
export function describeDemoServer(server: DemoServer, print: (line: string) => void): void;
