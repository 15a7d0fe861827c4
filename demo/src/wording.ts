/**
 * Plain words for what a session card shows: who ended a call and why (from the snapshot's
 * `endedBy`, `outcome` and `error.category` / `error.sipStatus`), the retry countdown (from
 * `snapshot.retry`), the transfer (`snapshot.transfer`), the phone leg's audio
 * (`snapshot.participant`) and where a recovered session came from (`snapshot.recovered`).
 * Pure functions, no DOM.
 */
import type { DialOutError, DialOutParticipant, DialOutRetry, DialOutSessionSnapshot, DialOutTransfer, DialOutTransferStatus } from 'daily-dialout-machine';

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
      if (error.code === 'TRANSFER_FAILED') return 'Daily refused the transfer';
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
 * - outcome `transferred`: `Transferred` (this app's `transfer()` / `refer()`), or `Transferred by
 *   someone else` (`endedBy: 'remote'`: a transfer seen only in Daily's webhooks);
 * - `endedBy: 'local'`: `You hung up` (also after a ring or duration timeout of this app, and when
 *   Daily answered the hang-up with `NOT_FOUND` because the far end had just hung up);
 * - `endedBy: 'remote'`: `They hung up` (the callee, or another participant, ended it);
 * - `endedBy: 'system'`: the failure's reason ({@link failureText}), or, for a detached session,
 *   that the page stopped following it (or, for a session restored after a reload, that its leg
 *   was no longer in the room).
 *
 * @param snapshot - The session.
 * @returns e.g. `You hung up`, `They hung up before answering`, `Busy (SIP 486)`, `Transferred`.
 */
export function endedText(snapshot: DialOutSessionSnapshot): string | undefined {
  const { endedBy, outcome, error } = snapshot;
  if (endedBy === undefined) return undefined;
  if (outcome === 'transferred') return endedBy === 'remote' ? 'Transferred by someone else' : 'Transferred';
  if (endedBy === 'local') {
    if (outcome === 'no-answer') return 'You hung up: no answer before the ring timeout';
    if (outcome === 'canceled') return 'You hung up before they answered';
    return 'You hung up';
  }
  if (endedBy === 'remote') return outcome === 'no-answer' ? 'They hung up before answering' : 'They hung up';
  if (error) return failureText(error);
  if (outcome === 'detached') {
    // reconciled after a reload: the leg was not in the room any more (a leg in the room is linked at once)
    if (snapshot.recovered && snapshot.participant === undefined) return 'Not in the room after the reload: no longer followed (Daily may still run it)';
    return 'No longer followed: the page left the room (Daily may still run it)';
  }
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


/** How each transfer status reads on a card. */
const TRANSFER_STATUS: Record<DialOutTransferStatus, string> = {
  requested: 'requested',
  accepted: 'accepted by Daily',
  triggered: 'triggered',
  initiated: 'initiated: dialing the destination',
  answered: 'answered by the destination',
  completed: 'completed',
  failed: 'failed',
};

/**
 * A session's transfer, in plain words: method, destination, status and, when it failed, why.
 *
 * @param transfer - The snapshot's `transfer`.
 * @param mask - Shows the destination (e.g. masked to its last four digits); default: as it is.
 * @returns e.g. `Transfer to +•••••••0123: accepted by Daily`, `REFER to sip:desk@example.com:
 *   requested`, `Transfer to +•••••••0123: failed: Busy (SIP 486)`.
 */
export function transferText(transfer: DialOutTransfer, mask: (target: string) => string = (target) => target): string {
  const method = transfer.method === 'refer' ? 'REFER' : 'Transfer';
  const status = TRANSFER_STATUS[transfer.status] ?? transfer.status;
  const why = transfer.status === 'failed' && transfer.error ? `: ${failureText(transfer.error)}` : '';
  return `${method} to ${mask(transfer.toEndPoint)}: ${status}${why}`;
}

/**
 * The phone leg's audio as daily-js reports its track, in plain words.
 *
 * @param participant - The snapshot's `participant`, if Daily's phone-leg participant was seen.
 * @returns e.g. `playable`, `interrupted: no audio from the phone`, `left the room`, or `not in
 *   the room yet` without a participant.
 */
export function audioText(participant: DialOutParticipant | undefined): string {
  if (!participant) return 'not in the room yet';
  if (participant.leftAt !== undefined) return 'left the room';
  switch (participant.audio) {
    case 'playable':
      return 'playable';
    case 'loading':
      return 'loading';
    case 'interrupted':
      return 'interrupted: no audio from the phone';
    case 'off':
      return 'off: the phone sends no audio';
    case 'blocked':
      return 'blocked';
    case 'sendable':
      return 'sendable: not received here';
    default:
      return String(participant.audio);
  }
}

/**
 * Where a recovered session came from; `undefined` for one this page followed from the start.
 *
 * @param snapshot - The session.
 * @returns `Restored after a reload (from sessionStorage)` for this app's own sessions, `Found in
 *   the room (its phone leg is a participant)` for the others.
 */
export function recoveredText(snapshot: DialOutSessionSnapshot): string | undefined {
  if (!snapshot.recovered) return undefined;
  return snapshot.initiator === 'local' ? 'Restored after a reload (from sessionStorage)' : 'Found in the room (its phone leg is a participant)';
}
