/**
 * The session lifecycle as the README states it, written independently of
 * `dialOutSessionMachine`: which status one event may lead to, and how a
 * final session's outcome and error code follow from what happened.
 *
 * The model-based test walks paths generated from the machine itself, so on
 * its own it would only prove that the manager executes the machine
 * faithfully. This spec is the oracle that catches a wrong transition in the
 * machine (a changed target, a dropped handler).
 */
import type { DialOutErrorCode, DialOutOutcome, DialOutStatus } from '../../src/index.js';
import { AFTER, type ModelEvent, SETTLED } from './sessionModel.js';

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

/** What happened to a session so far, as far as the outcome is concerned. */
export interface SpecFacts {
  answered: boolean;
  userStopBeforeAnswer: boolean;
  detached: boolean;
  /** The last error the session was told about. */
  code: DialOutErrorCode | undefined;
}

export const initialFacts = (): SpecFacts => ({ answered: false, userStopBeforeAnswer: false, detached: false, code: undefined });

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
    default:
      break;
  }
}

/** The README's outcome table. */
export function expectedOutcome(status: DialOutStatus, facts: SpecFacts): DialOutOutcome | undefined {
  if (status === 'error') return 'failed';
  if (status !== 'stopped') return undefined;
  if (facts.detached) return 'detached';
  if (facts.answered) return 'completed';
  if (facts.userStopBeforeAnswer) return 'canceled';
  return 'no-answer';
}
