/**
 * Normalisation of daily-js `dialout-*` event payloads.
 *
 * daily-js 0.92.2 delivers `{ action, callClientId, ...payload }` objects; the
 * fields are documented in Daily's "Telephony events" page and typed as
 * `DailyEventObjectDialOut*` in `index.d.ts`. Nothing here trusts the shape:
 * a malformed payload normalises to empty fields and is still reported.
 */
import type { DialOutEventType, DialOutTarget, DialOutWarning } from '../types.js';

/** The daily-js event names the manager listens to, in lifecycle order. */
export const DIALOUT_EVENT_TYPES: readonly DialOutEventType[] = Object.freeze([
  'dialout-connected',
  'dialout-answered',
  'dialout-stopped',
  'dialout-error',
  'dialout-warning',
]);

/** Fields of a `dialout-*` payload that the model uses; each is present only when it was a non-empty string. */
export interface DialOutPayloadFields {
  readonly sessionId?: string;
  readonly provider?: string;
  readonly sipCallId?: string;
  readonly callerId?: string;
  readonly userId?: string;
  readonly destination?: string;
  readonly errorMsg?: string;
}

const FIELDS = ['sessionId', 'provider', 'sipCallId', 'callerId', 'userId', 'destination', 'errorMsg'] as const;
/** Longest string kept from a payload field; longer ones are cut (a huge `errorMsg` must not bloat every snapshot). */
export const MAX_FIELD_LENGTH = 2000;

/**
 * Cuts a payload string to {@link MAX_FIELD_LENGTH} characters.
 *
 * @param value - A field value of any type.
 * @returns The string (cut, with `…`), or `undefined` when it was not a non-empty string.
 */
export function clipField(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) return undefined;
  return value.length > MAX_FIELD_LENGTH ? `${value.slice(0, MAX_FIELD_LENGTH)}…` : value;
}

/**
 * Reads the known fields of a daily-js `dialout-*` payload, whatever its shape.
 *
 * @param payload - The event object as daily-js delivered it (any value).
 * @returns The non-empty string fields, cut to {@link MAX_FIELD_LENGTH} characters.
 */
export function readDialOutPayload(payload: unknown): DialOutPayloadFields {
  const out: Record<string, string> = {};
  if (payload === null || typeof payload !== 'object') return out;
  for (const key of FIELDS) {
    let value: unknown;
    try {
      value = Object.prototype.hasOwnProperty.call(payload, key)
        ? (payload as Record<string, unknown>)[key]
        : undefined;
    } catch {
      value = undefined;
    }
    const clipped = clipField(value);
    if (clipped !== undefined) out[key] = clipped;
  }
  return out;
}

/**
 * Tells whether a daily-js `destination`/`origin` is a SIP URI or a phone number.
 *
 * @param destination - Daily's `destination` field (E.164 number or SIP URI).
 * @returns The target, or `undefined` for an empty value.
 */
export function targetFromDestination(destination: string | undefined): DialOutTarget | undefined {
  if (!destination) return undefined;
  return /^sips?:/i.test(destination)
    ? Object.freeze({ kind: 'sip', sipUri: destination })
    : Object.freeze({ kind: 'phone', phoneNumber: destination });
}

/**
 * Builds the frozen {@link DialOutWarning} for a `dialout-warning` payload.
 *
 * @param fields - The normalised payload.
 * @param at - Receipt time, epoch ms.
 * @param localId - The session it was attributed to, if any.
 * @returns The warning record.
 */
export function toWarning(fields: DialOutPayloadFields, at: number, localId?: string): DialOutWarning {
  const warning: { -readonly [K in keyof DialOutWarning]: DialOutWarning[K] } = {
    message: fields.errorMsg ?? 'dialout-warning without errorMsg',
    at,
  };
  if (fields.sessionId !== undefined) warning.sessionId = fields.sessionId;
  if (localId !== undefined) warning.localId = localId;
  return Object.freeze(warning);
}
