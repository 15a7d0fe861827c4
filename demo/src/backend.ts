/**
 * "Start via the demo server" mode: the manager's `starter` POSTs to /api/dial-out (Daily's REST
 * API on the server), and the server relays Daily's webhooks over Server-Sent Events (/events),
 * which the page hands to `manager.ingest()`.
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import type { DialOutManager } from 'daily-dialout-machine';
import type { DialOutWebhookEvent } from 'daily-dialout-machine';
import type { RemoteScript } from './remote.js';

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
    const response = await fetch('/api/dial-out', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
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
  const response = await fetch('/api/dial-out/stop', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
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
  const source = new EventSource('/events');
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
