/** Scripted remote-side stories for the emulator, as plain data. */

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
 * strings); `event` emits that event with the session's `sessionId` and Daily's fields filled in, plus `fields`.
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
]);

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
 * @throws TypeError for an unknown name, a negative or non-numeric duration, or an empty text.
 *
 * @example
 * ```ts
 * emulator.play(scenario('answer', { ringMs: 800, talkMs: 3000 }));
 * emulator.play(scenario('reject', { code: 'DIALOUT_IN_PROGRESS' }));
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
    default:
      throw new TypeError(`scenario(): unknown scenario '${String(name)}'; known: ${EMULATOR_SCENARIO_NAMES.join(', ')}`);
  }
  return Object.freeze({ name, steps: Object.freeze(steps.map((s) => Object.freeze(s))) });
}
