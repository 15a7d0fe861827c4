// browser: start through the server, apply its webhooks to the same model
import type { DailyCall } from '@daily-co/daily-js';
import { createDialOutManager } from 'daily-dialout-machine';

export function relayDialOuts(call: DailyCall) {
  const manager = createDialOutManager(call, {
    starter: async (options) =>
      (await fetch('/api/dial-out', { method: 'POST', body: JSON.stringify({ room: 'my-room', options }) })).json(),
  });
  new EventSource('/events').onmessage = (m) => manager.ingest(JSON.parse(m.data));
  return manager;
}
