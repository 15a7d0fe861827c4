import type { parseDialOutWebhook } from './parse.js';

/**
 * Thrown by {@link parseDialOutWebhook} when a body is not a dial-out (`dialout.*`), call-transfer (`calltransfer.*`)
 * or dial-in (`dialin.*`) webhook Daily could have sent; `field` names the first offending field. A webhook of another
 * type (e.g. `meeting.started`, sent to the same endpoint) fails with `field: 'type'`, so a handler can tell "not a
 * telephony webhook" from "broken telephony webhook". The message begins `Invalid dial-out webhook:` whatever the
 * family.
 *
 * @example
 * ```ts
 * try { manager.ingest(parseDialOutWebhook(JSON.parse(rawBody))); }
 * catch (err) { if (err instanceof DialOutWebhookError) console.warn(`ignored: ${err.field}: ${err.message}`); }
 * ```
 */
export class DialOutWebhookError extends Error {
  override readonly name = 'DialOutWebhookError';
  /**
   * Dotted path: `version`, `type`, `id`, `event_ts`, `payload` or `payload.<name>` (e.g. `payload.session_id`,
   * `payload.is_sip_refer`), `payload.sip_headers.<header>` for one SIP header (`payload.sip_headers["<header>"]` when
   * its name is not a plain word); `''` for the body itself.
   */
  readonly field: string;

  /** @param problem - What is wrong with `field`, in plain words. */
  constructor(field: string, problem: string) {
    super(`Invalid dial-out webhook: ${field ? `${field}: ` : ''}${problem}`);
    this.field = field;
  }
}
