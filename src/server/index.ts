/**
 * `daily-dialout-machine/server`, for Node ≥ 20: Daily's dial-out, call-transfer and pinless dial-in REST client, the
 * webhook signature verifier and replay guard, the dial-out, call-transfer and dial-in webhook parser (browser-safe;
 * the one `ingest()` uses) and a local mock of the REST endpoints.
 *
 * @packageDocumentation
 */
export { createDailyDialOutClient } from './client.js';
export type {
  DailyApiRetryEvent,
  DailyApiRetryOptions,
  DailyDialOutClient,
  DailyDialOutClientOptions,
  DailyFetch,
  DailyRequestOptions,
  DailyRestDialOutOptions,
  DailyRestPinlessCallUpdateOptions,
  DailyRestSendDtmfOptions,
  DailyRestSipCallTransferOptions,
  DailyRestSipReferOptions,
} from './client.js';
export { DailyApiError } from './errors.js';
export type { DailyApiErrorInit, DailyApiErrorKind } from './errors.js';
export { createDailyWebhookVerifier, verifyDailyWebhook } from './verify.js';
export type {
  DailyWebhookHeaders,
  DailyWebhookRejection,
  DailyWebhookRequest,
  DailyWebhookVerification,
  DailyWebhookVerifier,
  DailyWebhookVerifierOptions,
  VerifyDailyWebhookOptions,
} from './verify.js';
export { createWebhookReplayGuard } from './replay.js';
export type {
  WebhookReplayGuard,
  WebhookReplayGuardOptions,
  WebhookReplayRejection,
  WebhookReplayVerdict,
  WebhookToAdmit,
} from './replay.js';
export { parseDialOutWebhook } from '../webhook/parse.js';
export { DialOutWebhookError } from '../webhook/errors.js';
export type { DialInWebhookType, DialOutWebhookEvent, DialOutWebhookPayload, DialOutWebhookType } from '../webhook/types.js';
export type { DialOutTransferWebhookType } from '../types.js';
export { startDailyRestMock } from './restMock.js';
export type {
  DailyMockEndpoint,
  DailyMockOptions,
  DailyMockRequest,
  DailyMockResponse,
  DailyMockScript,
  DailyRestMock,
} from './restMock.js';
export { redactTelephonyData } from '../redaction/redact.js';
export { DialOutValidationError } from '../errors.js';
export type { DialOutValidationIssue } from '../errors.js';
