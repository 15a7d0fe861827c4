/**
 * `daily-dialout-machine/server`: Daily's dial-out REST API and webhooks, for Node ≥ 20.
 *
 * - {@link createDailyDialOutClient}: `dialOut/start`, `dialOut/stop`,
 *   `dialOut/sendDTMF` with validation, timeouts, cancelling, and retries
 *   that never repeat an action Daily may have taken;
 * - {@link createDailyWebhookVerifier} / {@link verifyDailyWebhook}: the
 *   HMAC-SHA256 signature of a webhook request;
 * - {@link createWebhookReplayGuard}: refuses a webhook already accepted;
 * - {@link parseDialOutWebhook}: a typed dial-out webhook event from its body
 *   (browser-safe; the same function the manager's `ingest()` uses);
 * - {@link startDailyRestMock}: a local stand-in for the three REST endpoints
 *   on 127.0.0.1, to test a backend (or run a demo) without a Daily account.
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
  DailyRestSendDtmfOptions,
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
export type { DialOutWebhookEvent, DialOutWebhookPayload, DialOutWebhookType } from '../webhook/types.js';
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
