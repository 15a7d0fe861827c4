/**
 * The edge where Daily's formats become one internal shape: every daily-js
 * `dialout-*` event and every ingested webhook is read here into an
 * {@link Incoming}, and every start result into its sessionId; nothing past
 * this module reads a Daily payload.
 */
import type { DialOutEventSource, DialOutEventType, DialOutTarget, DialOutWarning } from '../types.js';
import type { DialOutWebhookEvent, DialOutWebhookType } from '../webhook/types.js';
import { own } from '../values.js';

/**
 * The daily-js event names the manager listens to, in lifecycle order.
 *
 * @example
 * ```ts
 * for (const name of DIALOUT_EVENT_TYPES) call.on(name, log);
 * ```
 */
export const DIALOUT_EVENT_TYPES: readonly DialOutEventType[] = Object.freeze([
  'dialout-connected',
  'dialout-answered',
  'dialout-stopped',
  'dialout-error',
  'dialout-warning',
]);

/** The session machine event each Daily event becomes: the one table to extend for new session kinds. */
export const SESSION_EVENT_OF = {
  'dialout-connected': 'daily.connected',
  'dialout-answered': 'daily.answered',
  'dialout-stopped': 'daily.stopped',
  'dialout-error': 'daily.error',
  'dialout-warning': 'daily.warning',
} as const satisfies Record<DialOutEventType, string>;

const WEBHOOK_EVENT_OF: Readonly<Record<DialOutWebhookType, DialOutEventType>> = {
  'dialout.connected': 'dialout-connected',
  'dialout.answered': 'dialout-answered',
  'dialout.stopped': 'dialout-stopped',
  'dialout.warning': 'dialout-warning',
  'dialout.error': 'dialout-error',
};

/** The payload fields the model uses; each present only when it was a non-empty string. */
export interface EventFields {
  readonly sessionId?: string;
  readonly provider?: string;
  readonly sipCallId?: string;
  readonly callerId?: string;
  readonly userId?: string;
  readonly destination?: string;
  readonly errorMsg?: string;
}

/** One received event, whatever its source. */
export interface Incoming {
  readonly name: DialOutEventType;
  readonly source: DialOutEventSource;
  /** As received: the daily-js event object (maybe malformed) or the webhook event. */
  readonly payload: unknown;
  readonly fields: EventFields;
  /** Receipt time, epoch ms. */
  readonly at: number;
}

const FIELDS = ['sessionId', 'provider', 'sipCallId', 'callerId', 'userId', 'destination', 'errorMsg'] as const;

/** Longest string kept from a payload field (a huge `errorMsg` must not bloat every snapshot). */
const MAX_FIELD_LENGTH = 2000;

/** A non-empty string cut to {@link MAX_FIELD_LENGTH} characters (with `…`), else `undefined`. */
function clipField(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  return value.length > MAX_FIELD_LENGTH ? `${value.slice(0, MAX_FIELD_LENGTH)}…` : value;
}

/** Reads a daily-js `dialout-*` event object of any shape. */
export function fromDailyJs(name: DialOutEventType, payload: unknown, at: number): Incoming {
  const fields: Record<string, string> = {};
  if (payload !== null && typeof payload === 'object') {
    for (const key of FIELDS) {
      const value = clipField(own(payload, key));
      if (value !== undefined) fields[key] = value;
    }
  }
  return { name, source: 'daily-js', payload, fields, at };
}

/** Reads a validated webhook event (snake_case payload) into the same shape; `at` is its `timestamp` (× 1000) when it has one, else `receivedAt`. */
export function fromWebhook(event: DialOutWebhookEvent, receivedAt: number): Incoming {
  const p = event.payload;
  const fields: Record<string, string> = {};
  const pairs = [
    ['sessionId', p.session_id],
    ['destination', p.destination],
    ['callerId', p.caller_id],
    ['userId', p.user_id],
    ['errorMsg', p.error_msg],
  ] as const;
  for (const [key, raw] of pairs) {
    const value = clipField(raw);
    if (value !== undefined) fields[key] = value;
  }
  const at = typeof p.timestamp === 'number' && Number.isFinite(p.timestamp) ? Math.round(p.timestamp * 1000) : receivedAt;
  return { name: WEBHOOK_EVENT_OF[event.type], source: 'webhook', payload: event, fields, at };
}

/** The sessionId of what `startDialOut()` (or the `starter`) resolved with: `{ session?: { sessionId } }` in daily-js 0.92.2. */
export function fromStartResult(output: unknown): string | undefined {
  const session = output && typeof output === 'object' ? own(output, 'session') : undefined;
  const sessionId = session && typeof session === 'object' ? own(session, 'sessionId') : undefined;
  return typeof sessionId === 'string' && sessionId.length > 0 ? sessionId : undefined;
}

/** A Daily `destination` as a target: a SIP URI when it starts `sip:`/`sips:`, else a phone number. */
export function targetFromDestination(destination: string | undefined): DialOutTarget | undefined {
  if (!destination) return undefined;
  return /^sips?:/i.test(destination)
    ? Object.freeze({ kind: 'sip', sipUri: destination })
    : Object.freeze({ kind: 'phone', phoneNumber: destination });
}

/** The frozen warning record of a `dialout-warning`. */
export function toWarning(fields: EventFields, at: number, localId?: string): DialOutWarning {
  const warning: { -readonly [K in keyof DialOutWarning]: DialOutWarning[K] } = {
    message: fields.errorMsg ?? 'dialout-warning without errorMsg',
    at,
  };
  if (fields.sessionId !== undefined) warning.sessionId = fields.sessionId;
  if (localId !== undefined) warning.localId = localId;
  return Object.freeze(warning);
}
