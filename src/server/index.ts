/**
 * `daily-dialout-machine/server`: Daily's dial-out REST API and webhooks, for Node ≥ 20.
 *
 * @packageDocumentation
 */
export type { DialOutWebhookEvent, DialOutWebhookPayload, DialOutWebhookType } from '../webhook/types.js';
