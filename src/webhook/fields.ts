/**
 * How a dial-out webhook maps onto the daily-js event model.
 */
import type { DialOutPayloadFields } from '../machine/dailyEvents.js';
import { clipField } from '../machine/dailyEvents.js';
import type { DialOutEventType } from '../types.js';
import type { DialOutWebhookEvent, DialOutWebhookType } from './types.js';

/** The daily-js event name of each dial-out webhook type. */
export const WEBHOOK_TO_DAILY_EVENT: Readonly<Record<DialOutWebhookType, DialOutEventType>> = Object.freeze({
  'dialout.connected': 'dialout-connected',
  'dialout.answered': 'dialout-answered',
  'dialout.stopped': 'dialout-stopped',
  'dialout.warning': 'dialout-warning',
  'dialout.error': 'dialout-error',
});

/**
 * The daily-js event name, model fields and event time of a dial-out webhook.
 *
 * @param event - A validated webhook event.
 * @param receivedAt - Receipt time, epoch ms, used when the payload has no `timestamp`.
 * @returns `name` (e.g. `dialout-answered`), `fields` (`session_id` → `sessionId`, `caller_id` → `callerId`, `user_id` → `userId`, `error_msg` → `errorMsg`, `destination`), and `at` (payload `timestamp` × 1000, else `receivedAt`), epoch ms.
 */
export function webhookToDialOutFields(
  event: DialOutWebhookEvent,
  receivedAt: number,
): { name: DialOutEventType; fields: DialOutPayloadFields; at: number } {
  const p = event.payload;
  const fields: Record<string, string> = {};
  const entries: [keyof DialOutPayloadFields, string | undefined][] = [
    ['sessionId', p.session_id],
    ['destination', p.destination],
    ['callerId', p.caller_id],
    ['userId', p.user_id],
    ['errorMsg', p.error_msg],
  ];
  for (const [key, value] of entries) {
    const v = clipField(value);
    if (v !== undefined) fields[key] = v;
  }
  const at = typeof p.timestamp === 'number' && Number.isFinite(p.timestamp) ? Math.round(p.timestamp * 1000) : receivedAt;
  return { name: WEBHOOK_TO_DAILY_EVENT[event.type], fields, at };
}
