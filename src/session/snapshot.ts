/**
 * The public, frozen picture of a session actor's snapshot.
 */
import type { SnapshotFrom } from 'xstate';
import type { DialOutSessionSnapshot, DialOutStatus } from '../types.js';
import { type dialOutSessionMachine, statusOfStateValue } from './machine.js';

/**
 * Whether a status is final (`stopped` or `error`).
 *
 * @param status - A session status.
 * @returns `true` for `stopped` and `error`.
 *
 * @example
 * ```ts
 * hangUpButton.disabled = isFinalStatus(session.snapshot.status);
 * ```
 */
export function isFinalStatus(status: DialOutStatus): boolean {
  return status === 'stopped' || status === 'error';
}

/**
 * The public {@link DialOutSessionSnapshot} of a {@link dialOutSessionMachine} actor's snapshot: what
 * `DialOutSession.snapshot` shows, for an actor run on its own (tests, the visualiser).
 *
 * @param snapshot - `actor.getSnapshot()` of a session actor.
 * @returns A new frozen, serialisable snapshot without `undefined` fields; `outcome` and `endedBy` only when final,
 * `durationMs = endedAt − answeredAt` (ms) when both are known.
 *
 * @example
 * ```ts
 * const actor = createActor(dialOutSessionMachine, { input }).start();
 * toSessionSnapshot(actor.getSnapshot()).status; // 'connecting'
 * ```
 */
export function toSessionSnapshot(snapshot: SnapshotFrom<typeof dialOutSessionMachine>): DialOutSessionSnapshot {
  const c = snapshot.context;
  const { leg, info } = c;
  const status = statusOfStateValue(snapshot.value as string | Record<string, unknown>);
  const out: { -readonly [K in keyof DialOutSessionSnapshot]: DialOutSessionSnapshot[K] } = {
    id: leg.id,
    status,
    initiator: leg.initiator,
    attempt: c.attempt,
    warnings: c.warnings,
    createdAt: leg.createdAt,
  };
  if (info.sessionId !== undefined) out.sessionId = info.sessionId;
  if (info.target !== undefined) out.target = info.target;
  if (info.displayName !== undefined) out.displayName = info.displayName;
  if (info.userId !== undefined) out.userId = info.userId;
  if (info.provider !== undefined) out.provider = info.provider;
  if (info.sipCallId !== undefined) out.sipCallId = info.sipCallId;
  if (info.callerId !== undefined) out.callerId = info.callerId;
  if (info.origin !== undefined) out.origin = info.origin;
  if (info.actionTraceId !== undefined) out.actionTraceId = info.actionTraceId;
  if (c.retry !== undefined) out.retry = c.retry;
  if (c.error !== undefined) out.error = c.error;
  if (c.outcome !== undefined && isFinalStatus(status)) out.outcome = c.outcome;
  if (c.endedBy !== undefined && isFinalStatus(status)) out.endedBy = c.endedBy;
  const { phone } = c;
  if (phone.transfer !== undefined) out.transfer = phone.transfer;
  if (phone.digits !== '') out.digits = phone.digits;
  if (phone.participant !== undefined) out.participant = phone.participant;
  if (leg.restored !== undefined) out.recovered = true;
  if (c.connectedAt !== undefined) out.connectedAt = c.connectedAt;
  if (c.answeredAt !== undefined) out.answeredAt = c.answeredAt;
  if (c.endedAt !== undefined) out.endedAt = c.endedAt;
  if (c.endedAt !== undefined && c.answeredAt !== undefined) out.durationMs = Math.max(0, c.endedAt - c.answeredAt);
  return Object.freeze(out);
}

/** Whether two snapshots have the same fields (nested values are frozen, so identity decides). */
export function sameSnapshot(a: DialOutSessionSnapshot, b: DialOutSessionSnapshot): boolean {
  if (a === b) return true;
  let n = 0;
  for (const k in a) {
    n++;
    if (a[k as keyof DialOutSessionSnapshot] !== b[k as keyof DialOutSessionSnapshot]) return false;
  }
  for (const _ in b) n--;
  return n === 0;
}
