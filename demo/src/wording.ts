/**
 * Plain words for what a session card shows: who ended a call and why (from the snapshot's
 * `endedBy`, `outcome` and `error.category` / `error.sipStatus`), and the retry countdown (from
 * `snapshot.retry`). Pure functions, no DOM.
 */
import type { DialOutError, DialOutRetry, DialOutSessionSnapshot } from 'daily-dialout-machine';

/**
 * Why a dial-out failed, in plain words, from its category (and, where the category says too
 * little, its code); the SIP status is added by {@link failureText}.
 *
 * @param error - The session's error.
 * @returns e.g. `Busy`, `Declined`, `Number not reachable`, `Invalid number`,
 *   `Not allowed: is dial-out enabled for the room?`.
 */
export function failureReason(error: DialOutError): string {
  // NOT_JOINED is in the not-allowed category, but the cure is to join, not to enable dial-out
  if (error.code === 'NOT_JOINED') return 'Not in the room: join before dialing';
  switch (error.category) {
    case 'busy':
      return 'Busy';
    case 'declined':
      return 'Declined';
    case 'unreachable':
      return 'Number not reachable';
    case 'invalid-destination':
      return 'Invalid number';
    case 'not-allowed':
      return 'Not allowed: is dial-out enabled for the room?';
    case 'capacity':
      return error.code === 'DIALOUT_IN_PROGRESS' ? 'A dial-out is already in progress' : 'Daily has no capacity right now: try again later';
    default:
      if (error.code === 'START_TIMEOUT') return 'No answer from Daily: the start timed out';
      return `Failed (${error.code})`;
  }
}

/**
 * {@link failureReason} plus the SIP status, when Daily's message or details carried one.
 *
 * @param error - The session's error.
 * @returns e.g. `Busy (SIP 486)`, `Not allowed: is dial-out enabled for the room?`.
 */
export function failureText(error: DialOutError): string {
  const reason = failureReason(error);
  return error.sipStatus === undefined ? reason : `${reason} (SIP ${error.sipStatus})`;
}

/**
 * Who ended a final session and why, in plain words; `undefined` while it is live.
 *
 * - `endedBy: 'local'`: `You hung up` (also after a ring or duration timeout of this app, and when
 *   Daily answered the hang-up with `NOT_FOUND` because the far end had just hung up);
 * - `endedBy: 'remote'`: `They hung up` (the callee, or another participant, ended it);
 * - `endedBy: 'system'`: the failure's reason ({@link failureText}), or, for a detached session,
 *   that the page stopped following it.
 *
 * @param snapshot - The session.
 * @returns e.g. `You hung up`, `They hung up before answering`, `Busy (SIP 486)`.
 */
export function endedText(snapshot: DialOutSessionSnapshot): string | undefined {
  const { endedBy, outcome, error } = snapshot;
  if (endedBy === undefined) return undefined;
  if (endedBy === 'local') {
    if (outcome === 'no-answer') return 'You hung up: no answer before the ring timeout';
    if (outcome === 'canceled') return 'You hung up before they answered';
    return 'You hung up';
  }
  if (endedBy === 'remote') return outcome === 'no-answer' ? 'They hung up before answering' : 'They hung up';
  if (error) return failureText(error);
  if (outcome === 'detached') return 'No longer followed: the page left the room (Daily may still run it)';
  return 'Ended by Daily';
}

/**
 * The retry countdown while a retryable start failure waits for the next attempt.
 *
 * @param retry - The snapshot's `retry`.
 * @param now - The time to count from, epoch ms.
 * @returns e.g. `Retrying in 3 s (attempt 1 failed: TEMPORARILY_NOT_AVAILABLE)`; `Retrying now (…)`
 *   once the time has come.
 */
export function retryText(retry: DialOutRetry, now: number): string {
  const seconds = Math.ceil((retry.at - now) / 1000);
  const when = seconds > 0 ? `in ${seconds} s` : 'now';
  return `Retrying ${when} (attempt ${retry.attempt} failed: ${retry.error.code})`;
}

