/**
 * The session lifecycle as the README states it (and, for the phone leg,
 * issue 11's "Details decided"), written independently of
 * `dialOutSessionMachine`: which status one event may lead to, and how a
 * final session's outcome, `endedBy` and error code follow from what
 * happened.
 *
 * The model-based test walks paths generated from the machine itself, so on
 * its own it would only prove that the manager executes the machine
 * faithfully. This spec is the oracle that catches a wrong transition in the
 * machine (a changed target, a dropped handler).
 */
import type { DialOutEndedBy, DialOutErrorCode, DialOutOutcome, DialOutStatus } from '../../src/index.js';
import { AFTER, type ModelEvent, type RootKind, SETTLED } from './sessionModel.js';

const RANK: Record<DialOutStatus, number> = {
  idle: 0,
  connecting: 1,
  connected: 2,
  answered: 3,
  stopping: 4,
  stopped: 5,
  error: 5,
};

/** Lifecycle rank: a session never moves to a lower one; `stopped` and `error` share the last. */
export function rank(status: DialOutStatus): number {
  return RANK[status];
}

export function isFinalStatus(status: DialOutStatus): boolean {
  return status === 'stopped' || status === 'error';
}

/** Who asked for a transfer, and where it is, as far as the outcome is concerned. */
export interface SpecTransfer {
  /** `local`: `transfer()` / `refer()`; `remote`: seen only in `calltransfer.*` webhooks (started elsewhere). */
  by: 'local' | 'remote';
  /** `requested`: daily-js has not answered; `accepted`: it resolved; `reported`: a webhook reported it; `failed`: daily-js rejected it. */
  state: 'requested' | 'accepted' | 'reported' | 'failed';
}

/** What happened to a session so far, as far as the outcome is concerned. */
export interface SpecFacts {
  /** Answered, or counts as answered (restored / recovered with its participant in the room). */
  answered: boolean;
  userStopBeforeAnswer: boolean;
  /** This app asked the leg to end: `stop()`, `ringTimeoutMs`, `maxDurationMs`. */
  localStop: boolean;
  detached: boolean;
  /** The last error the session was told about. */
  code: DialOutErrorCode | undefined;
  /** The latest transfer. */
  transfer: SpecTransfer | undefined;
  /** The leg left (`dialout-stopped`, `participant-left`) while this one's transfer was in flight. */
  transferredBy: SpecTransfer['by'] | undefined;
}

export const initialFacts = (kind: RootKind): SpecFacts => ({
  // "A session recovered from a present participant without a stored answer counts as answered for its outcome";
  // a restored one was stored answered, with its participant in the room too
  answered: kind === 'recovered' || kind === 'restored',
  userStopBeforeAnswer: false,
  localStop: false,
  detached: false,
  code: kind === 'notJoined' ? 'NOT_JOINED' : undefined,
  transfer: undefined,
  transferredBy: undefined,
});

/** "A transfer is in flight while requested or accepted (or any later webhook status)"; after `failed`, a hang-up is a hang-up. */
export const transferInFlight = (facts: SpecFacts): boolean => facts.transfer !== undefined && facts.transfer.state !== 'failed';

/**
 * The statuses the README allows after `event` in `status`.
 *
 * @returns Every allowed status (more than one where the README leaves a choice, such as a retry).
 */
export function allowedNext(status: DialOutStatus, event: ModelEvent): DialOutStatus[] {
  if (isFinalStatus(status)) return [status]; // final states absorb everything
  switch (event.type) {
    case 'daily.connected':
      // "late dialout-connected after dialout-answered: ignored"
      return status === 'idle' || status === 'connecting' ? ['connected'] : [status];
    case 'daily.answered':
      return rank(status) < rank('answered') ? ['answered'] : [status];
    case 'daily.stopped':
    case 'participant.left': // "participant-left of that participant ends a live session like dialout-stopped"
    case 'detach':
      return ['stopped'];
    case 'daily.error':
      return ['error'];
    case 'daily.warning': // "Warnings never change the status"
    case 'session.bound':
    case SETTLED.stopResolved: // still waiting for dialout-stopped
    case SETTLED.stopRejected: // stop() may be called again; the stop timeout still runs
    case 'dtmf.send': // DTMF is sent within answered: no lifecycle change
    case SETTLED.dtmfResolved:
    case SETTLED.dtmfRejected:
    case 'daily.dtmf': // received tones, the participant's audio and its warning change no status
    case 'participant.updated':
    case AFTER.noAudio:
    case 'transfer.request': // "a rejection sets status: 'failed' … and the session stays answered"
    case SETTLED.transferResolved:
    case SETTLED.transferRejected:
    case 'daily.transfer': // a transfer's progress; the session ends only when the leg leaves
      return [status];
    case 'stop':
      // a stop during a retry backoff has nothing to hang up
      return status === 'connecting' ? ['stopping', 'stopped'] : ['stopping'];
    case 'start.resolved':
      return [status];
    case 'start.rejected':
      // a retryable one may retry (still connecting); after a local stop there is nothing to stop
      if (status === 'stopping') return ['stopped'];
      return event.error.retryable ? ['connecting', 'error'] : ['error'];
    case AFTER.startTimeout:
      return ['error'];
    case AFTER.retryDelay:
      return ['connecting'];
    case AFTER.ringTimeout:
    case AFTER.maxDuration:
      return ['stopping'];
    case AFTER.stopTimeout:
      return ['stopped'];
    default:
      return [status];
  }
}

/** Updates the facts with an event delivered in `status` (before the event). */
export function recordFacts(facts: SpecFacts, status: DialOutStatus, event: ModelEvent): void {
  if (isFinalStatus(status)) return;
  switch (event.type) {
    case 'daily.answered':
      facts.answered = true;
      break;
    case 'stop':
      if (!facts.answered) facts.userStopBeforeAnswer = true;
      facts.localStop = true;
      break;
    case AFTER.ringTimeout:
    case AFTER.maxDuration:
      facts.localStop = true;
      break;
    case 'detach':
      facts.detached = true;
      break;
    case 'daily.error':
      facts.code = 'DIALOUT_ERROR';
      break;
    case 'start.rejected':
      facts.code = event.error.code;
      break;
    case AFTER.retryDelay:
      // the next attempt starts: the failure that waited for it is over
      facts.code = undefined;
      break;
    case AFTER.startTimeout:
      // a retryable failure still waiting for its retry is why it never started (README: error codes)
      facts.code = facts.code === 'TEMPORARILY_NOT_AVAILABLE' ? facts.code : 'START_TIMEOUT';
      break;
    case 'transfer.request':
      // "Only an answered session can be transferred"; one already in flight is refused and changes nothing
      if (status === 'answered' && !transferInFlight(facts)) facts.transfer = { by: 'local', state: 'requested' };
      break;
    case SETTLED.transferResolved:
      if (facts.transfer?.state === 'requested') facts.transfer.state = 'accepted';
      break;
    case SETTLED.transferRejected:
      // "a rejection sets status: 'failed'". The README does not say what a rejection does once Daily's webhooks
      // already reported the transfer under way; the status "moves only forward" and Daily's report stands
      if (facts.transfer?.state === 'requested') facts.transfer.state = 'failed';
      break;
    case 'daily.transfer':
      // moves the one in flight; otherwise "a transfer started elsewhere … gives transfer on the session and endedBy remote"
      if (transferInFlight(facts)) (facts.transfer as SpecTransfer).state = 'reported';
      else facts.transfer = { by: 'remote', state: 'reported' };
      break;
    case 'daily.stopped':
    case 'participant.left':
      // "the leg leaving then (dialout-stopped, … or participant-left, whichever comes first) ends the session transferred"
      if (transferInFlight(facts)) facts.transferredBy = (facts.transfer as SpecTransfer).by;
      break;
    default:
      break;
  }
}

/** The README's outcome table. */
export function expectedOutcome(status: DialOutStatus, facts: SpecFacts): DialOutOutcome | undefined {
  if (status === 'error') return 'failed';
  if (status !== 'stopped') return undefined;
  if (facts.detached) return 'detached';
  if (facts.transferredBy !== undefined) return 'transferred';
  if (facts.answered) return 'completed';
  if (facts.userStopBeforeAnswer) return 'canceled';
  return 'no-answer';
}

/**
 * The README's `endedBy` table: `local` when this app ended it (`stop()`, whatever Daily answers, `ringTimeoutMs`,
 * `maxDurationMs`); `system` for a failure or detaching; `remote` for an end Daily reported that this manager did not
 * ask for; for a transfer, the transfer's initiator (`local` for `transfer()` / `refer()`, `remote` for one seen only
 * in webhooks), unless a local stop or detaching decided it first.
 */
export function expectedEndedBy(status: DialOutStatus, facts: SpecFacts): DialOutEndedBy | undefined {
  if (!isFinalStatus(status)) return undefined;
  if (facts.localStop) return 'local';
  if (status === 'error' || facts.detached) return 'system';
  return facts.transferredBy ?? 'remote';
}
