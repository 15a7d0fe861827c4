/**
 * The edge where Daily's formats become one internal shape: every daily-js
 * `dialout-*` event and every ingested webhook is read here into an
 * {@link Incoming}, and every start result into its sessionId; nothing past
 * this module reads a Daily payload.
 */
import type { DialInEventType, DialOutEventSource, DialOutEventType, DialOutTarget, DialOutTransferWebhookType, DialOutWarning } from '../types.js';
import type { DialOutWebhookEvent, DialOutWebhookType } from '../webhook/types.js';
import { stringsOf } from '../classify.js';
import { makeError } from '../errors.js';
import type { DialOutError } from '../types.js';
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
  'calltransfer.triggered': 'daily.transfer',
  'calltransfer.initiated': 'daily.transfer',
  'calltransfer.answered': 'daily.transfer',
  'calltransfer.completed': 'daily.transfer',
  'dialin-connected': 'daily.connected',
  'dialin-stopped': 'daily.stopped',
  'dialin-error': 'daily.error',
  'dialin-warning': 'daily.warning',
} as const satisfies Record<Exclude<Incoming['name'], 'dialin-ready'>, string>;

const WEBHOOK_EVENT_OF: Readonly<Record<DialOutWebhookType, Incoming['name']>> = {
  'dialout.connected': 'dialout-connected',
  'dialout.answered': 'dialout-answered',
  'dialout.stopped': 'dialout-stopped',
  'dialout.warning': 'dialout-warning',
  'dialout.error': 'dialout-error',
  'calltransfer.triggered': 'calltransfer.triggered',
  'calltransfer.initiated': 'calltransfer.initiated',
  'calltransfer.answered': 'calltransfer.answered',
  'calltransfer.completed': 'calltransfer.completed',
  'dialin.ready': 'dialin-ready',
  'dialin.connected': 'dialin-connected',
  'dialin.stopped': 'dialin-stopped',
  'dialin.warning': 'dialin-warning',
  'dialin.error': 'dialin-error',
};

/** The payload fields the model uses; each present only when it was a non-empty string. */
export interface EventFields {
  readonly sessionId?: string;
  readonly provider?: string;
  readonly sipCallId?: string;
  readonly callerId?: string;
  readonly userId?: string;
  /** Top level, or `details.destination` (a `dialout-error` has it there). */
  readonly destination?: string;
  readonly origin?: string;
  readonly actionTraceId?: string;
  readonly errorMsg?: string;
  /** A transfer webhook's `to_endpoint`. */
  readonly toEndPoint?: string;
  /** A transfer webhook's `is_sip_refer`, as `'true'` / `'false'`. */
  readonly sipRefer?: string;
}

/** One received event, whatever its source. */
export interface Incoming {
  readonly name: DialOutEventType | DialOutTransferWebhookType | DialInEventType;
  readonly source: DialOutEventSource;
  /** As received: the daily-js event object (maybe malformed) or the webhook event. */
  readonly payload: unknown;
  readonly fields: EventFields;
  /** The strings of a `dialout-error`'s `details` (`destination`, `sipHeaders`), for classifying the failure. */
  readonly texts?: readonly string[];
  /** Receipt time on the manager's clock, epoch ms. */
  readonly at: number;
  /** The source's own time of the event, epoch ms (a webhook's `payload.timestamp` × 1000). */
  readonly occurredAt?: number;
}

const FIELDS = ['sessionId', 'provider', 'sipCallId', 'callerId', 'userId', 'destination', 'origin', 'actionTraceId', 'errorMsg'] as const;



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
    const details = own(payload, 'details');
    if (details !== null && typeof details === 'object') {
      const destination = clipField(own(details, 'destination'));
      if (fields.destination === undefined && destination !== undefined) fields.destination = destination;
      const texts = stringsOf(details);
      if (texts.length > 0) return { name, source: 'daily-js', payload, fields, texts, at };
    }
  }
  return { name, source: 'daily-js', payload, fields, at };
}


/** Reads a validated webhook event (snake_case payload) into the same shape; `occurredAt` is its `timestamp` × 1000. */
export function fromWebhook(event: DialOutWebhookEvent, receivedAt: number): Incoming {
  const p = event.payload;
  const fields: Record<string, string> = {};
  const pairs = [
    ['sessionId', p.session_id],
    ['destination', p.destination],
    ['origin', p.origin],
    ['callerId', p.caller_id],
    ['userId', p.user_id],
    ['errorMsg', p.error_msg],
    ['toEndPoint', p.to_endpoint],
    ['sipRefer', p.is_sip_refer === undefined ? undefined : String(p.is_sip_refer)],
  ] as const;
  for (const [key, raw] of pairs) {
    const value = clipField(raw);
    if (value !== undefined) fields[key] = value;
  }
  const incoming: Incoming = { name: WEBHOOK_EVENT_OF[event.type], source: 'webhook', payload: event, fields, at: receivedAt };
  return typeof p.timestamp === 'number' && Number.isFinite(p.timestamp) ? { ...incoming, occurredAt: p.timestamp * 1000 } : incoming;
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

/**
 * A target as a comparable key: a phone number as E.164 (`+` and digits), a SIP URI (RFC 3261 §19.1.4) as its
 * scheme and host lower-cased and its user exact, parameters and headers dropped.
 */
export function targetKey(target: string): string {
  const sip = /^(sips?):(?:([^@;?]*)@)?([^;?]*)/i.exec(target);
  if (sip) return `${(sip[1] as string).toLowerCase()}:${sip[2] ?? ''}@${(sip[3] as string).toLowerCase()}`;
  return target.replace(/[^+\d]/g, '');
}

/** The frozen {@link DialOutError} of a `dialout-error`, classified from its `errorMsg` and `details`. */
export function toDailyError(
  event: { readonly fields: EventFields; readonly at: number; readonly payload: unknown; readonly texts?: readonly string[] | undefined },
  localId?: string,
  sessionId = event.fields.sessionId,
): DialOutError {
  const { fields } = event;
  return makeError('DIALOUT_ERROR', fields.errorMsg ?? 'dialout-error without errorMsg', event.at, {
    sessionId,
    localId,
    cause: event.payload,
    actionTraceId: fields.actionTraceId,
    sipCallId: fields.sipCallId,
    texts: event.texts,
  });
}

/** The frozen warning record of a `dialout-warning`. */
export function toWarning(fields: EventFields, at: number, localId?: string): DialOutWarning {
  const warning: { -readonly [K in keyof DialOutWarning]: DialOutWarning[K] } = {
    message: fields.errorMsg ?? 'dialout-warning without errorMsg',
    at,
  };
  if (fields.sessionId !== undefined) warning.sessionId = fields.sessionId;
  if (localId !== undefined) warning.localId = localId;
  if (fields.actionTraceId !== undefined) warning.actionTraceId = fields.actionTraceId;
  if (fields.sipCallId !== undefined) warning.sipCallId = fields.sipCallId;
  return Object.freeze(warning);
}
