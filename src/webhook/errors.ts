/**
 * The error of {@link parseDialOutWebhook}: a webhook body that is not a
 * dial-out webhook Daily could have sent.
 */
import type { parseDialOutWebhook } from './parse.js';

/**
 * Thrown by {@link parseDialOutWebhook} when a body is not a valid dial-out
 * webhook event; `field` names the first offending field.
 *
 * @remarks
 * The envelope fields (`version`, `type`, `id`, `payload`, `event_ts`) and
 * the payload fields follow Daily's webhook event pages ("Dial-out
 * connected", "Dial-out answered", "Dial-out stopped", "Dial-out warning",
 * "Dial-out error"). A webhook of another type (e.g. `meeting.started`,
 * delivered to the same endpoint) fails with `field: 'type'`, so a handler
 * can tell "not a dial-out webhook" apart from "broken dial-out webhook".
 *
 * @example
 * ```ts
 * try {
 *   const event = parseDialOutWebhook(JSON.parse(rawBody));
 *   manager.ingest(event);
 * } catch (err) {
 *   if (err instanceof DialOutWebhookError) {
 *     console.warn(`ignored webhook: ${err.field}: ${err.message}`);
 *   }
 * }
 * ```
 */
export class DialOutWebhookError extends Error {
  override readonly name = 'DialOutWebhookError';
  /**
   * Dotted path of the offending field: `version`, `type`, `id`, `event_ts`,
   * `payload` or `payload.<name>` (e.g. `payload.session_id`); `''` for the
   * body itself.
   */
  readonly field: string;

  /**
   * @param field - Dotted path of the offending field (`''` for the body itself).
   * @param problem - What is wrong with it, in plain words.
   */
  constructor(field: string, problem: string) {
    super(`Invalid dial-out webhook: ${field ? `${field}: ` : ''}${problem}`);
    this.field = field;
  }
}
