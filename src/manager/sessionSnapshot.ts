/**
 * Projection of session actor snapshots to the public, frozen
 * {@link DialOutSessionSnapshot}, and the manager snapshot built from them.
 */
import type { SnapshotFrom } from 'xstate';
import { type dialOutSessionMachine, statusOfStateValue } from '../machine/sessionMachine.js';
import type { DialOutManagerSnapshot, DialOutSessionSnapshot, DialOutStatus } from '../types.js';

type SessionActorSnapshot = SnapshotFrom<typeof dialOutSessionMachine>;

const FINAL: ReadonlySet<DialOutStatus> = new Set(['stopped', 'error']);

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
  return FINAL.has(status);
}

/**
 * Builds the public snapshot of a session actor snapshot.
 *
 * @param snapshot - `actor.getSnapshot()` of a {@link dialOutSessionMachine} actor.
 * @returns A frozen, serialisable {@link DialOutSessionSnapshot} without `undefined` fields.
 */
export function toSessionSnapshot(snapshot: SessionActorSnapshot): DialOutSessionSnapshot {
  const c = snapshot.context;
  const status = statusOfStateValue(snapshot.value as string | Record<string, unknown>);
  const out: { -readonly [K in keyof DialOutSessionSnapshot]: DialOutSessionSnapshot[K] } = {
    id: c.id,
    status,
    initiator: c.initiator,
    attempt: c.attempt,
    warnings: c.warnings,
    createdAt: c.createdAt,
  };
  if (c.sessionId !== undefined) out.sessionId = c.sessionId;
  if (c.target !== undefined) out.target = c.target;
  if (c.displayName !== undefined) out.displayName = c.displayName;
  if (c.userId !== undefined) out.userId = c.userId;
  if (c.provider !== undefined) out.provider = c.provider;
  if (c.sipCallId !== undefined) out.sipCallId = c.sipCallId;
  if (c.callerId !== undefined) out.callerId = c.callerId;
  if (c.error !== undefined) out.error = c.error;
  if (c.outcome !== undefined && isFinalStatus(status)) out.outcome = c.outcome;
  if (c.connectedAt !== undefined) out.connectedAt = c.connectedAt;
  if (c.answeredAt !== undefined) out.answeredAt = c.answeredAt;
  if (c.endedAt !== undefined) out.endedAt = c.endedAt;
  if (c.endedAt !== undefined && c.answeredAt !== undefined) out.durationMs = Math.max(0, c.endedAt - c.answeredAt);
  return Object.freeze(out);
}

/**
 * Shallow equality of two session snapshots (nested values are frozen and compared by identity).
 *
 * @param a - A snapshot.
 * @param b - Another snapshot.
 * @returns Whether every field is the same.
 */
export function sameSessionSnapshot(a: DialOutSessionSnapshot, b: DialOutSessionSnapshot): boolean {
  if (a === b) return true;
  const ka = Object.keys(a) as (keyof DialOutSessionSnapshot)[];
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}

/** The manager snapshot with no session. */
export const EMPTY_MANAGER_SNAPSHOT: DialOutManagerSnapshot = Object.freeze({
  sessions: Object.freeze([]) as readonly DialOutSessionSnapshot[],
  current: undefined,
  status: 'idle',
});

/**
 * Builds the manager snapshot, reusing `previous` when nothing changed.
 *
 * @param sessions - Session snapshots in creation order.
 * @param previous - The last manager snapshot.
 * @returns `previous` itself when equal, else a new frozen snapshot.
 */
export function toManagerSnapshot(
  sessions: readonly DialOutSessionSnapshot[],
  previous: DialOutManagerSnapshot,
): DialOutManagerSnapshot {
  let current: DialOutSessionSnapshot | undefined;
  for (let i = sessions.length - 1; i >= 0; i--) {
    const s = sessions[i] as DialOutSessionSnapshot;
    if (!isFinalStatus(s.status)) {
      current = s;
      break;
    }
  }
  current ??= sessions[sessions.length - 1];
  const status: DialOutStatus = current?.status ?? 'idle';
  const sameList =
    sessions.length === previous.sessions.length && sessions.every((s, i) => s === previous.sessions[i]);
  if (sameList && current === previous.current && status === previous.status) return previous;
  return Object.freeze({
    sessions: sameList ? previous.sessions : Object.freeze([...sessions]),
    current,
    status,
  });
}
