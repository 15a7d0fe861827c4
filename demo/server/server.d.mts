// Types of server.mjs (plain JavaScript), for the demo's Vite config and the tests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DailyRestMock } from 'daily-dialout-machine/server';

/** Options of {@link startDemoServer}. */
export interface DemoServerOptions {
  /** Port on `host`; default 0 (a free port). */
  port?: number;
  /** Default `'127.0.0.1'`. */
  host?: string;
  /** A Daily API key. Without it the server runs offline (REST mock + offline webhooks). */
  apiKey?: string;
  /** The webhook's `hmac` secret (base64). Default: a random one. */
  webhookSecret?: string;
  /** Daily's REST base URL (default `https://api.daily.co/v1`; offline: the mock's). */
  dailyBaseUrl?: string;
  /** Where to log one line per request outcome; default none. */
  log?: (line: string) => void;
}

/** A running demo server. */
export interface DemoServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
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
  /** Stops the server, ends SSE streams, cancels offline webhooks. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the demo backend: REST start/stop, webhook verification and parsing, relay over Server-Sent Events.
 *
 * @param options - See {@link DemoServerOptions}.
 * @returns The running server.
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
 * The demo server's options from `DAILY_API_KEY`, `DAILY_WEBHOOK_HMAC`, `DAILY_API_URL`, `PORT`.
 *
 * @param env - Usually `process.env`.
 * @returns The options.
 */
export function demoServerOptionsFromEnv(env: Record<string, string | undefined>): DemoServerOptions;

/**
 * Prints how the server runs.
 *
 * @param server - The running server.
 * @param print - One line at a time.
 */
export function describeDemoServer(server: DemoServer, print: (line: string) => void): void;
