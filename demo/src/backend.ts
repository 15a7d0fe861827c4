/**
 * "Start via the demo server" mode: the manager's `starter` POSTs to /api/dial-out (Daily's REST
 * API on the server), and the server relays Daily's webhooks over Server-Sent Events (/events),
 * which the page hands to `manager.ingest()`.
 *
 * The demo server answers /api/* and /events only with this run's token, which the dev server
 * injects into the page (`<meta name="daily-dialout-demo-token">`): every request here carries it
 * (the `X-Demo-Token` header; `?token=` for the EventSource, which cannot send headers).
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import type { DialOutManager } from 'daily-dialout-machine';
import type { DialOutWebhookEvent } from 'daily-dialout-machine';
import type { RemoteScript } from './remote.js';

/** The request header the demo server reads the token from (`DEMO_TOKEN_HEADER` of demo/server/server.mjs). */
export const DEMO_TOKEN_HEADER = 'x-demo-token';
/** The `<meta name>` the token is injected with (`DEMO_TOKEN_META` of demo/server/server.mjs). */
export const DEMO_TOKEN_META = 'daily-dialout-demo-token';

/**
 * The token the dev server injected into this page.
 *
 * @returns It, or `''` when the page was served without one (the demo server then answers 401).
 */
export function demoToken(): string {
  return document.querySelector<HTMLMetaElement>(`meta[name="${DEMO_TOKEN_META}"]`)?.content ?? '';
}

/**
 * `fetch` to the demo server, with the token; JSON bodies are sent as `application/json` (the
 * only type the server accepts).
 *
 * @param path - e.g. `/api/config`.
 * @param init - As for `fetch`.
 * @returns The response.
 */
export function backendFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set(DEMO_TOKEN_HEADER, demoToken());
  if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return fetch(path, { ...init, headers });
}

/**
 * Makes the manager's `starter`: a POST to the demo server, which calls Daily's REST `dialOut/start`.
 *
 * @param room - The room URL (the server takes its name).
 * @param remote - The Remote side script to send along (the offline server plays it), if any.
 * @returns The starter; it rejects with an `Error` whose message carries the server's error code
 *   (e.g. `DIALOUT_IN_PROGRESS: …`), which the manager maps to its error codes.
 */
export function serverStarter(room: string, remote: () => RemoteScript | undefined): (options: DailyStartDialoutOptions) => Promise<{ sessionId: string }> {
  return async (options) => {
    const response = await backendFetch('/api/dial-out', {
      method: 'POST',
      body: JSON.stringify({ room, options, remote: remote() }),
    });
    const body = (await response.json().catch(() => ({}))) as { sessionId?: unknown; error?: unknown; info?: unknown };
    if (!response.ok || typeof body.sessionId !== 'string') {
      throw new Error(`${String(body.error ?? `HTTP ${response.status}`)}: ${String(body.info ?? 'the demo server did not start the dial-out')}`);
    }
    return { sessionId: body.sessionId };
  };
}

/**
 * Asks the demo server to stop a dial-out through Daily's REST `dialOut/stop`.
 *
 * @param room - The room URL.
 * @param sessionId - The dial-out's sessionId.
 */
export async function serverStop(room: string, sessionId: string): Promise<void> {
  const response = await backendFetch('/api/dial-out/stop', {
    method: 'POST',
    body: JSON.stringify({ room, sessionId }),
  });
  if (!response.ok) throw new Error(`the demo server could not stop ${sessionId}: HTTP ${response.status}`);
}

/**
 * Relays the demo server's Server-Sent Events (Daily's dial-out webhooks) into `manager.ingest()`.
 *
 * @param manager - The manager.
 * @param onState - Told `connecting` / `open` / `error: …` as the stream's state changes.
 * @returns The `EventSource` (close it to stop).
 */
export function relayWebhooks(manager: DialOutManager, onState: (state: string) => void): EventSource {
  const source = new EventSource(`/events?token=${encodeURIComponent(demoToken())}`);
  onState('connecting');
  source.onopen = () => onState('open');
  source.onerror = () => onState(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  source.onmessage = (message: MessageEvent<string>) => {
    try {
      manager.ingest(JSON.parse(message.data) as DialOutWebhookEvent);
    } catch (error) {
      onState(`error: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return source;
}
