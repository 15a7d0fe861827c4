import type { DialOutTransferWebhookType } from '../types.js';

/**
 * Daily's five dial-in webhooks (https://docs.daily.co/reference/rest-api/webhooks/events/dialin-ready and its
 * siblings), accepted by `parseDialOutWebhook` beside the dial-out and call-transfer ones:
 *
 * - `dialin.ready`: the room's SIP worker is ready to receive a call, once per configured `sip_endpoint` (only then may
 *   a SIP client dial it, or a pinless call be forwarded to it with `pinlessCallUpdate`);
 * - `dialin.connected`: a caller is connected and media is being negotiated (not proof that audio flows);
 * - `dialin.stopped`: the dial-in ended (the caller hung up, the call was terminated or transferred);
 * - `dialin.warning`: a non-fatal problem (e.g. a codec fallback), `error_msg` says which;
 * - `dialin.error`: a fatal one (e.g. SDP negotiation failed), `error_msg` says which.
 */
export type DialInWebhookType = 'dialin.ready' | 'dialin.connected' | 'dialin.stopped' | 'dialin.warning' | 'dialin.error';

/**
 * The webhook types `parseDialOutWebhook` accepts: Daily's five dial-out webhooks (there is no `dialout.started`),
 * its four call-transfer webhooks ({@link DialOutTransferWebhookType}: `calltransfer.triggered`, `…initiated`,
 * `…answered`, `…completed`), which report a `sipCallTransfer` / `sipRefer` of a SIP or PSTN leg, and its five
 * dial-in webhooks ({@link DialInWebhookType}: `dialin.ready`, `…connected`, `…stopped`, `…warning`, `…error`).
 */
export type DialOutWebhookType =
  | 'dialout.connected'
  | 'dialout.answered'
  | 'dialout.stopped'
  | 'dialout.warning'
  | 'dialout.error'
  | DialOutTransferWebhookType
  | DialInWebhookType;

/**
 * The `payload` of a dial-out, call-transfer or dial-in webhook; fields absent (or `null`) in the body are left out.
 * Which fields can be present depends on the family of the type: `destination`, `origin`, `caller_id` and `user_id`
 * on `dialout.*` only; `mtg_session_id`, `to_endpoint`, `from_endpoint` and `is_sip_refer` on `calltransfer.*` only;
 * `sip_endpoint`, `sip_from`, `display_name` and `sip_headers` on `dialin.*` only (Daily documents no `user_id` on
 * them); `error_msg` on `dialout.*` and `dialin.*`.
 */
export interface DialOutWebhookPayload {
  /**
   * `dialout.*`: the dial-out's `sessionId` (the dialed participant's `session_id`); in every documented example, but
   * optional for `dialout.warning` / `dialout.error`. `calltransfer.*`: the `session_id` of the SIP/PSTN participant
   * being transferred (always present). `dialin.*`: the dial-in participant's `session_id`, present on all but
   * `dialin.ready` (which documents none, and where it is optional).
   */
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
  /** Error or warning text (`dialout.error`, `dialout.warning`, `dialin.error`, `dialin.warning`). */
  readonly error_msg?: string;
  /** `calltransfer.*`: the meeting session id of the room (not the transferred participant's `session_id`). */
  readonly mtg_session_id?: string;
  /** `calltransfer.*`: where the call is transferred to, a SIP URI (`sip:…`) or a phone number (`+…`). */
  readonly to_endpoint?: string;
  /** `calltransfer.*`: the transferred leg's own endpoint, a SIP URI or a phone number. */
  readonly from_endpoint?: string;
  /**
   * `calltransfer.*`: `true` for a SIP REFER (`sipRefer`), `false` for a transfer (`sipCallTransfer`). Documented for
   * `calltransfer.triggered` / `calltransfer.initiated`; optional (and unconfirmed) on the other two, which Daily's docs
   * say are not sent for a REFER.
   */
  readonly is_sip_refer?: boolean;
  /**
   * `dialin.ready`: the SIP URI that is ready to be dialed (e.g. `sip:my-sip-room.0@….dapp.signalwire.com`), one
   * webhook per configured endpoint; the `sipUri` to give `pinlessCallUpdate`.
   */
  readonly sip_endpoint?: string;
  /** `dialin.connected` / `dialin.stopped`: who is calling, a SIP URI (`sip:…`) or, for PSTN, a phone number. */
  readonly sip_from?: string;
  /** `dialin.connected` / `dialin.stopped`: the name the dial-in participant has in the room. */
  readonly display_name?: string;
  /**
   * `dialin.connected` / `dialin.stopped`: the SIP headers of the incoming call, by name (e.g. `{ "X-New-Hdr": "myhdr" }`),
   * each value a string; at most 64 headers, names of 1 to 256 characters, values of at most 8192.
   */
  readonly sip_headers?: Readonly<Record<string, string>>;
}

/**
 * A validated dial-out, call-transfer or dial-in webhook event: the envelope Daily POSTs, with Daily's snake_case field
 * names, as on Daily's webhook event pages ("Dial-out connected", "Dial-out answered", "Dial-out stopped", "Dial-out
 * warning", "Dial-out error"; "calltransfer.triggered", "… initiated", "… answered", "… completed":
 * https://docs.daily.co/reference/rest-api/webhooks/events/calltransfer-triggered.md and its siblings; "dialin.ready",
 * "… connected", "… stopped", "… warning", "… error").
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
