import type { parseDialOutWebhook } from './parse.js';

/**
 * Thrown by {@link parseDialOutWebhook} when a body is not a dial-out webhook Daily could have sent; `field` names the
 * first offending field. A webhook of another type (e.g. `meeting.started`, sent to the same endpoint) fails with
 * `field: 'type'`, so a handler can tell "not a dial-out webhook" from "broken dial-out webhook".
 *
 * @example
 * ```ts
 * try { manager.ingest(parseDialOutWebhook(JSON.parse(rawBody))); }
 * catch (err) { if (err instanceof DialOutWebhookError) console.warn(`ignored: ${err.field}: ${err.message}`); }
 * ```
 */
export class DialOutWebhookError extends Error {
  override readonly name = 'DialOutWebhookError';
  /** Dotted path: `version`, `type`, `id`, `event_ts`, `payload` or `payload.<name>` (e.g. `payload.session_id`); `''` for the body itself. */
  readonly field: string;

  /** @param problem - What is wrong with `field`, in plain words. */
  constructor(field: string, problem: string) {
    super(`Invalid dial-out webhook: ${field ? `${field}: ` : ''}${problem}`);
    this.field = field;
  }
}
