/** The five dial-out webhook types Daily sends (there is no `dialout.started`). */
export type DialOutWebhookType =
  | 'dialout.connected'
  | 'dialout.answered'
  | 'dialout.stopped'
  | 'dialout.warning'
  | 'dialout.error';

/** The `payload` of a dial-out webhook; fields absent (or `null`) in the body are left out. */
export interface DialOutWebhookPayload {
  /** The dial-out's `sessionId` (the dialed participant's `session_id`); in every documented example, but optional for `dialout.warning` / `dialout.error`. */
  readonly session_id?: string;
  /** When the event happened, Unix epoch **seconds**; a number even when Daily sent a string. */
  readonly timestamp?: number;
  /** Name of the room. */
  readonly room?: string;
  /** Daily domain id. */
  readonly domain_id?: string;
  /** Dialed phone number (E.164) or SIP URI (`connected`, `answered`, `stopped`). */
  readonly destination?: string;
  /** Originating number or SIP URI. */
  readonly origin?: string;
  /** Caller ID presented to the far end. */
  readonly caller_id?: string;
  /** The `userId` given at start, when there was one. */
  readonly user_id?: string;
  /** Error or warning text (`dialout.error`, `dialout.warning`). */
  readonly error_msg?: string;
}

/**
 * A validated dial-out webhook event: the envelope Daily POSTs, with Daily's snake_case field names, as on Daily's
 * webhook event pages ("Dial-out connected", "Dial-out answered", "Dial-out stopped", "Dial-out warning", "Dial-out error").
 */
export interface DialOutWebhookEvent {
  /** Semantic version of the event schema, e.g. `'1.0.0'`. */
  readonly version: string;
  readonly type: DialOutWebhookType;
  /** Unique id of this webhook event (stable across Daily's delivery retries). */
  readonly id: string;
  /** When the webhook was **sent**, Unix epoch seconds (may have a fraction); not when the event happened. */
  readonly event_ts: number;
  readonly payload: DialOutWebhookPayload;
}
