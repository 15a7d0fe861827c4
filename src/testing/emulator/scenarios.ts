/** Scripted remote-side stories for the emulator, as plain data. */
import type { EmulatorTrackState } from './controller.js';

/** The `dialout-*` events a scenario step can emit. */
export type EmulatorScenarioEvent =
  | 'dialout-connected'
  | 'dialout-answered'
  | 'dialout-stopped'
  | 'dialout-error'
  | 'dialout-warning';

/**
 * One step of an {@link EmulatorScenario}. `afterMs` counts from the previous step (the first from the arrival of
 * `dialout-start`); `0` runs it at once, `Infinity` never (the scenario ends there). `reply: 'session'` resolves
 * `startDialOut()` with `{ session: { sessionId } }` (a fresh UUID, chosen on arrival so earlier steps can carry it);
 * `reply: 'empty'` resolves it with `{}`; `reply: { error }` rejects it with `error` exactly (Daily's codes are bare
 * strings); `event` emits that event with the session's `sessionId` and Daily's fields filled in, plus `fields`;
 * `gone` makes later `dialout-stop`s for the session fail with `'NOT_FOUND'`; `dtmf` sends a tone from the far end
 * (`dtmf-event` with the session's `sessionId`); `participantAudio` sets the audio state of the session's phone-leg
 * participant (nothing when it is not in the room).
 */
export type EmulatorScenarioStep =
  | { readonly afterMs: number; readonly reply: 'session' | 'empty' | { readonly error: unknown } }
  | {
      readonly afterMs: number;
      readonly event: EmulatorScenarioEvent;
      /** Extra fields of the event, e.g. `{ errorMsg }`. */
      readonly fields?: Readonly<Record<string, unknown>>;
      /** Whether the event carries the session's `sessionId`. Default `true`. */
      readonly withSessionId?: boolean;
    }
  | {
      readonly afterMs: number;
      /**
       * Daily no longer has the dial-out (the far end hung up) but has not told daily-js yet: from this step on, a
       * `dialout-stop` for the session is rejected with `'NOT_FOUND'` (Daily's answer for a dial-out it does not
       * have) and no longer ends the story, so a later `dialout-stopped` step still arrives.
       */
      readonly gone: true;
    }
  | {
      readonly afterMs: number;
      /** The tone the far end presses, e.g. `'1'` or `'#'`: a `dtmf-event` `{ tone, volume, method, sessionId }`. */
      readonly dtmf: string;
      /** The event's `method`. Default `'telephone-event'`. */
      readonly method?: string;
      /** The event's `volume`. Default `10`. */
      readonly volume?: number;
    }
  | {
      readonly afterMs: number;
      /**
       * The new `tracks.audio.state` of the session's phone-leg participant, posted as `participant-updated` (e.g.
       * `'interrupted'`: answered, but no audio from the phone).
       */
      readonly participantAudio: EmulatorTrackState;
    };

/**
 * A scripted story of the far end of a dial-out: plain, serialisable data (but for `Infinity` delays), made by
 * {@link scenario} or by hand, and played for every `dialout-start` by {@link EmulatorController.play}. Without a
 * `reply` step, `startDialOut()` stays pending.
 *
 * @example
 * ```ts
 * emulator.play({ name: 'connected-before-reply', steps: [
 *   { afterMs: 0, event: 'dialout-connected' },
 *   { afterMs: 0, reply: 'session' },
 * ] });
 * ```
 */
export interface EmulatorScenario {
  /** A label for logs and the demo. */
  readonly name: string;
  /** Run in order. */
  readonly steps: readonly EmulatorScenarioStep[];
  /**
   * Steps of the first `dialout-start`s after {@link EmulatorController.play}: the first start plays
   * `firstAttempts[0]`, the second `firstAttempts[1]`, and so on; every later start plays `steps`. E.g. a first
   * attempt Daily rejects with `TEMPORARILY_NOT_AVAILABLE` before the retry succeeds (see `'retry-then-answer'`).
   */
  readonly firstAttempts?: readonly (readonly EmulatorScenarioStep[])[];
}

/**
 * Options of each named {@link scenario}; durations in ms, `Infinity` meaning "never". Unless said otherwise,
 * `startDialOut()` resolves with a session and `dialout-connected` (ringing) follows at once.
 */
export interface EmulatorScenarioOptions {
  /** Rings `ringMs` (default 1000), is answered, and the far end hangs up after `talkMs` (default `Infinity`: it stays until stopped). */
  answer: { ringMs?: number; talkMs?: number };
  /** Rings and is never answered; the far end gives up after `ringMs` (default `Infinity`: it rings until stopped). */
  'no-answer': { ringMs?: number };
  /** Connects, then after `busyMs` (default 500) fails with a `dialout-error` (`errorMsg`, default `'Busy Here (SIP 486)'`) and hangs up (`dialout-stopped`). */
  'busy-then-hangup': { busyMs?: number; errorMsg?: string };
  /** Rings `ringMs` (default 0), is answered, and the far end hangs up `ms` after answering. */
  'hangup-after': { ms: number; ringMs?: number };
  /** `startDialOut()` rejects with `code` (e.g. `'DIALOUT_IN_PROGRESS'`); no events. */
  reject: { code: string };
  /** A `dialout-error` without `sessionId` (`errorMsg`), then `startDialOut()` resolves without a session after `replyAfterMs` (default 0). */
  'error-before-session': { errorMsg?: string; replyAfterMs?: number };
  /** As `answer`, plus a `dialout-warning` (`errorMsg`) `warningAfterMs` (default 0) after answering. */
  warning: { ringMs?: number; warningAfterMs?: number; talkMs?: number; errorMsg?: string };
  /**
   * The line is busy: `startDialOut()` resolves, and `failMs` later (default 300; no ringing) a `dialout-error` for
   * SIP 486: `errorMsg` (default `'Dial-out failed: 486 Busy Here'`) and `details.sipHeaders.Reason`
   * `'SIP;cause=486;text="Busy Here"'` (RFC 3326), so the status is in both.
   */
  busy: EmulatorFailureOptions;
  /** The callee declines: rings `ringMs` (default 1500), then a `dialout-error` for SIP 603 (`'Dial-out failed: 603 Decline'`). */
  declined: EmulatorFailureOptions;
  /** The number cannot be reached: no ringing, and `failMs` later (default 1000) a `dialout-error` for SIP 480 (`'Dial-out failed: 480 Temporarily Unavailable'`). */
  unreachable: EmulatorFailureOptions;
  /** The number does not exist: no ringing, and `failMs` later (default 300) a `dialout-error` for SIP 404 (`'Dial-out failed: 404 Not Found'`). */
  'invalid-number': EmulatorFailureOptions;
  /**
   * Dial-out is not enabled for the room (or the caller is neither owner nor admin): `startDialOut()` rejects with
   * `message`, by default the text Daily developers report, `'unable to start dialout (is dialout enabled? are you a
   * room owner or participant admin?)'`, as a bare string.
   */
  'not-allowed': { message?: string };
  /**
   * Daily is out of capacity for a moment: the first `failures` (default 1) starts after `play()` are rejected with
   * `code` (default `'TEMPORARILY_NOT_AVAILABLE'`), then a start plays `answer` (`ringMs` default 1000, `talkMs`
   * default `Infinity`). Keep `failures` below the manager's `retry.maxAttempts` (default 3) to see it succeed; play the
   * scenario again before each call to fail each call's first attempt.
   */
  'retry-then-answer': { failures?: number; code?: string; ringMs?: number; talkMs?: number; actionTraceId?: string };
  /**
   * The far end hangs up while you do: rings `ringMs` (default 1000), is answered, and `talkMs` after answering
   * (default 2000) Daily no longer has the dial-out, but its `dialout-stopped` reaches daily-js only `stoppedAfterMs`
   * later (default 5000). A `stopDialOut()` in between is rejected with `'NOT_FOUND'`.
   */
  'hangup-race': { ringMs?: number; talkMs?: number; stoppedAfterMs?: number; actionTraceId?: string };
  /**
   * An IVR, or a person keying in digits: rings `ringMs` (default 1000), is answered, then the far end presses the tones
   * of `digits` (default `'12#'`, each one of `0-9`, `A-D`, `*`, `#`), one `dtmf-event` per tone (with `method`,
   * default `'telephone-event'`), the first `toneGapMs` after answering and each next `toneGapMs` later (default 200),
   * and hangs up `talkMs` after the last tone (default `Infinity`: it stays until stopped).
   */
  ivr: { ringMs?: number; digits?: string; toneGapMs?: number; method?: string; talkMs?: number };
}

/**
 * Options of the failing {@link scenario}s `busy`, `declined`, `unreachable` and `invalid-number`. Their messages are
 * made up (Daily documents none) but carry the SIP status code and RFC 3261 reason phrase.
 */
export interface EmulatorFailureOptions {
  /** For `busy`, `unreachable`, `invalid-number`: ms from the start's reply to the `dialout-error` (no ringing). */
  failMs?: number;
  /** For `declined`: ms of ringing (`dialout-connected` at once) before the `dialout-error`. */
  ringMs?: number;
  /** The `dialout-error`'s `errorMsg` instead of the default; `details` still carries the SIP status. */
  errorMsg?: string;
  /** The `actionTraceId` of the scenario's events (default: a fresh id for each `scenario()` call). */
  actionTraceId?: string;
}

/** A name {@link scenario} knows; all are in {@link EMULATOR_SCENARIO_NAMES}. */
export type EmulatorScenarioName = keyof EmulatorScenarioOptions;

/** Every {@link EmulatorScenarioName}, in a stable order (for pickers such as the demo's). */
export const EMULATOR_SCENARIO_NAMES: readonly EmulatorScenarioName[] = Object.freeze([
  'answer',
  'no-answer',
  'busy-then-hangup',
  'hangup-after',
  'reject',
  'error-before-session',
  'warning',
  'busy',
  'declined',
  'unreachable',
  'invalid-number',
  'not-allowed',
  'retry-then-answer',
  'hangup-race',
  'ivr',
]);

/** Daily's start rejection when dial-out is not enabled for the room or the caller is neither owner nor admin, as Daily developers report it. */
const NOT_ALLOWED_MESSAGE = 'unable to start dialout (is dialout enabled? are you a room owner or participant admin?)';

/** The SIP failures of the failing scenarios: status, RFC 3261 §21 reason phrase, whether it rings first, default delay. */
const FAILURES = {
  busy: { status: 486, phrase: 'Busy Here', rings: false, ms: 300 },
  declined: { status: 603, phrase: 'Decline', rings: true, ms: 1500 },
  unreachable: { status: 480, phrase: 'Temporarily Unavailable', rings: false, ms: 1000 },
  'invalid-number': { status: 404, phrase: 'Not Found', rings: false, ms: 300 },
} as const;

/** @internal A fresh `actionTraceId`-like id (a UUID where the platform has `crypto.randomUUID`); also the controller's. */
export function traceId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const hex = () => Math.floor(Math.random() * 0x10000).toString(16).padStart(4, '0');
  return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-a${hex().slice(1)}-${hex()}${hex()}${hex()}`;
}

function delay(name: string, key: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new TypeError(`scenario('${name}'): ${key} must be a number of milliseconds ≥ 0, or Infinity`);
  }
  return value;
}

function text(name: string, key: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') throw new TypeError(`scenario('${name}'): ${key} must be a non-empty string`);
  return value;
}

/**
 * Makes one of the named stories of {@link EmulatorScenarioOptions} as frozen {@link EmulatorScenario} data. The
 * stories are made up to exercise a client, not recorded from Daily. A local `stopDialOut()` ends one early (the
 * emulator's default reply emits `dialout-stopped`).
 *
 * @throws TypeError for an unknown name, a negative or non-numeric duration, an empty text, or a `failures` that is
 * not an integer ≥ 0.
 *
 * @example
 * ```ts
 * emulator.play(scenario('answer', { ringMs: 800, talkMs: 3000 }));
 * emulator.play(scenario('reject', { code: 'DIALOUT_IN_PROGRESS' }));
 * emulator.play(scenario('busy')); // a dialout-error for SIP 486 Busy Here
 * emulator.play(scenario('retry-then-answer')); // TEMPORARILY_NOT_AVAILABLE once, then answered
 * ```
 */
export function scenario<N extends EmulatorScenarioName>(
  name: N,
  ...options: object extends EmulatorScenarioOptions[N] ? [options?: EmulatorScenarioOptions[N]] : [options: EmulatorScenarioOptions[N]]
): EmulatorScenario {
  const o = (options[0] ?? {}) as Record<string, unknown>;
  if (o === null || typeof o !== 'object') throw new TypeError(`scenario('${String(name)}'): options must be an object`);
  let steps: EmulatorScenarioStep[];
  switch (name as EmulatorScenarioName) {
    case 'answer':
      steps = [
        { afterMs: 0, reply: 'session' },
        { afterMs: 0, event: 'dialout-connected' },
        { afterMs: delay(name, 'ringMs', o.ringMs, 1000), event: 'dialout-answered' },
        { afterMs: delay(name, 'talkMs', o.talkMs, Infinity), event: 'dialout-stopped' },
      ];
      break;
    case 'no-answer':
      steps = [
        { afterMs: 0, reply: 'session' },
        { afterMs: 0, event: 'dialout-connected' },
        { afterMs: delay(name, 'ringMs', o.ringMs, Infinity), event: 'dialout-stopped' },
      ];
      break;
    case 'busy-then-hangup':
      steps = [
        { afterMs: 0, reply: 'session' },
        { afterMs: 0, event: 'dialout-connected' },
        {
          afterMs: delay(name, 'busyMs', o.busyMs, 500),
          event: 'dialout-error',
          fields: { errorMsg: text(name, 'errorMsg', o.errorMsg, 'Busy Here (SIP 486)') },
        },
        { afterMs: 0, event: 'dialout-stopped' },
      ];
      break;
    case 'hangup-after': {
      if (o.ms === undefined) throw new TypeError("scenario('hangup-after'): ms is required");
      steps = [
        { afterMs: 0, reply: 'session' },
        { afterMs: 0, event: 'dialout-connected' },
        { afterMs: delay(name, 'ringMs', o.ringMs, 0), event: 'dialout-answered' },
        { afterMs: delay(name, 'ms', o.ms, 0), event: 'dialout-stopped' },
      ];
      break;
    }
    case 'reject':
      steps = [{ afterMs: 0, reply: { error: text(name, 'code', o.code, '') } }];
      break;
    case 'error-before-session':
      steps = [
        {
          afterMs: 0,
          event: 'dialout-error',
          withSessionId: false,
          fields: { errorMsg: text(name, 'errorMsg', o.errorMsg, 'Dial-out failed before a session was created') },
        },
        { afterMs: delay(name, 'replyAfterMs', o.replyAfterMs, 0), reply: 'empty' },
      ];
      break;
    case 'warning':
      steps = [
        { afterMs: 0, reply: 'session' },
        { afterMs: 0, event: 'dialout-connected' },
        { afterMs: delay(name, 'ringMs', o.ringMs, 1000), event: 'dialout-answered' },
        {
          afterMs: delay(name, 'warningAfterMs', o.warningAfterMs, 0),
          event: 'dialout-warning',
          fields: { errorMsg: text(name, 'errorMsg', o.errorMsg, 'Requested codec not available; using a fallback') },
        },
        { afterMs: delay(name, 'talkMs', o.talkMs, Infinity), event: 'dialout-stopped' },
      ];
      break;
    case 'busy':
    case 'declined':
    case 'unreachable':
    case 'invalid-number': {
      const failure = FAILURES[name as keyof typeof FAILURES];
      const trace = { actionTraceId: text(name, 'actionTraceId', o.actionTraceId, traceId()) };
      const errorMsg = text(name, 'errorMsg', o.errorMsg, `Dial-out failed: ${failure.status} ${failure.phrase}`);
      const error: EmulatorScenarioStep = {
        afterMs: failure.rings ? delay(name, 'ringMs', o.ringMs, failure.ms) : delay(name, 'failMs', o.failMs, failure.ms),
        event: 'dialout-error',
        fields: {
          ...trace,
          errorMsg,
          details: { sipHeaders: { Reason: `SIP;cause=${failure.status};text="${failure.phrase}"` } },
        },
      };
      steps = [
        { afterMs: 0, reply: 'session' },
        ...(failure.rings ? [{ afterMs: 0, event: 'dialout-connected', fields: trace } as const] : []),
        error,
      ];
      break;
    }
    case 'not-allowed':
      steps = [{ afterMs: 0, reply: { error: text(name, 'message', o.message, NOT_ALLOWED_MESSAGE) } }];
      break;
    case 'retry-then-answer': {
      const failures = o.failures === undefined ? 1 : o.failures;
      if (typeof failures !== 'number' || !Number.isInteger(failures) || failures < 0) {
        throw new TypeError(`scenario('${name}'): failures must be an integer ≥ 0`);
      }
      const rejected: readonly EmulatorScenarioStep[] = Object.freeze([
        Object.freeze({ afterMs: 0, reply: { error: text(name, 'code', o.code, 'TEMPORARILY_NOT_AVAILABLE') } }),
      ]);
      const trace = { actionTraceId: text(name, 'actionTraceId', o.actionTraceId, traceId()) };
      steps = [
        { afterMs: 0, reply: 'session' },
        { afterMs: 0, event: 'dialout-connected', fields: trace },
        { afterMs: delay(name, 'ringMs', o.ringMs, 1000), event: 'dialout-answered', fields: trace },
        { afterMs: delay(name, 'talkMs', o.talkMs, Infinity), event: 'dialout-stopped', fields: trace },
      ];
      return freeze(name, steps, Array.from({ length: failures }, () => rejected));
    }
    case 'hangup-race': {
      const trace = { actionTraceId: text(name, 'actionTraceId', o.actionTraceId, traceId()) };
      steps = [
        { afterMs: 0, reply: 'session' },
        { afterMs: 0, event: 'dialout-connected', fields: trace },
        { afterMs: delay(name, 'ringMs', o.ringMs, 1000), event: 'dialout-answered', fields: trace },
        { afterMs: delay(name, 'talkMs', o.talkMs, 2000), gone: true },
        { afterMs: delay(name, 'stoppedAfterMs', o.stoppedAfterMs, 5000), event: 'dialout-stopped', fields: trace },
      ];
      break;
    }
    case 'ivr': {
      const digits = text(name, 'digits', o.digits, '12#');
      if (!/^[0-9A-D*#]+$/.test(digits)) throw new TypeError(`scenario('${name}'): digits must be tones 0-9, A-D, * or #`);
      const gap = delay(name, 'toneGapMs', o.toneGapMs, 200);
      const method = text(name, 'method', o.method, 'telephone-event');
      steps = [
        { afterMs: 0, reply: 'session' },
        { afterMs: 0, event: 'dialout-connected' },
        { afterMs: delay(name, 'ringMs', o.ringMs, 1000), event: 'dialout-answered' },
        ...Array.from(digits, (tone): EmulatorScenarioStep => ({ afterMs: gap, dtmf: tone, method })),
        { afterMs: delay(name, 'talkMs', o.talkMs, Infinity), event: 'dialout-stopped' },
      ];
      break;
    }
    default:
      throw new TypeError(`scenario(): unknown scenario '${String(name)}'; known: ${EMULATOR_SCENARIO_NAMES.join(', ')}`);
  }
  return freeze(name, steps);
}

function freeze(
  name: string,
  steps: readonly EmulatorScenarioStep[],
  firstAttempts?: readonly (readonly EmulatorScenarioStep[])[],
): EmulatorScenario {
  const frozen = Object.freeze(steps.map((s) => Object.freeze(s)));
  return Object.freeze(firstAttempts === undefined ? { name, steps: frozen } : { name, steps: frozen, firstAttempts: Object.freeze([...firstAttempts]) });
}
