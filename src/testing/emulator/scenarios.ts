/**
 * Scripted remote-side stories for the emulator, as plain data.
 *
 * @packageDocumentation
 */

/**
 * The `dialout-*` events a scenario step can emit.
 *
 * @example
 * ```ts
 * const step: EmulatorScenarioStep = { afterMs: 100, event: 'dialout-answered' satisfies EmulatorScenarioEvent };
 * ```
 */
export type EmulatorScenarioEvent =
  | 'dialout-connected'
  | 'dialout-answered'
  | 'dialout-stopped'
  | 'dialout-error'
  | 'dialout-warning';

/**
 * One step of an {@link EmulatorScenario}: answer the `dialout-start` request, or emit an event.
 *
 * @remarks
 * `afterMs` counts from the previous step (the first step from the moment
 * daily-js's `dialout-start` arrived). `0` runs the step at once, in order
 * with the previous one; `Infinity` means "never": the scenario ends there.
 *
 * - `reply: 'session'`: resolve `startDialOut()` with `{ session: { sessionId } }`
 *   (a fresh UUID, chosen when the request arrives so that earlier steps can
 *   already carry it).
 * - `reply: 'empty'`: resolve it with `{}` (daily-js types `session` as optional).
 * - `reply: { error }`: reject it with `error` exactly (Daily's codes are bare strings).
 * - `event`: emit that `dialout-*` event with the session's `sessionId`
 *   (unless `withSessionId: false`) and Daily's fields filled in from the
 *   session, plus `fields`.
 *
 * @example
 * ```ts
 * const ringThenDrop: EmulatorScenarioStep[] = [
 *   { afterMs: 0, reply: 'session' },
 *   { afterMs: 0, event: 'dialout-connected' },
 *   { afterMs: 500, event: 'dialout-stopped' },
 * ];
 * ```
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
 * A scripted story of the far end of a dial-out: how `dialout-start` is
 * answered and which events follow, with delays.
 *
 * @remarks
 * Plain, serialisable data (apart from `Infinity` delays): make one with
 * {@link scenario}, or write or tweak one by hand. A controller plays it for
 * every `dialout-start` with {@link EmulatorController.play}. A step list
 * without a `reply` step leaves `startDialOut()` pending.
 *
 * @example
 * ```ts
 * const custom: EmulatorScenario = {
 *   name: 'connected-before-reply',
 *   steps: [
 *     { afterMs: 0, event: 'dialout-connected' },
 *     { afterMs: 0, reply: 'session' },
 *   ],
 * };
 * emulator.play(custom);
 * ```
 */
export interface EmulatorScenario {
  /** A label for logs and the demo. */
  readonly name: string;
  /** Run in order; see {@link EmulatorScenarioStep}. */
  readonly steps: readonly EmulatorScenarioStep[];
}

/**
 * Options of each named scenario of {@link scenario}. Every duration is in ms;
 * `Infinity` means "never".
 *
 * @example
 * ```ts
 * const options: EmulatorScenarioOptions['answer'] = { ringMs: 800, talkMs: 3000 };
 * ```
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

/**
 * The names {@link scenario} knows.
 *
 * @example
 * ```ts
 * const name: EmulatorScenarioName = 'busy-then-hangup';
 * emulator.play(scenario(name));
 * ```
 */
export type EmulatorScenarioName = keyof EmulatorScenarioOptions;

/**
 * The names {@link scenario} knows, in a stable order (for pickers such as the demo's).
 *
 * @example
 * ```ts
 * for (const name of EMULATOR_SCENARIO_NAMES) console.log(name); // answer, no-answer, …
 * ```
 */
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
 * Makes one of the named remote-side stories as {@link EmulatorScenario} data.
 *
 * @remarks
 * The stories are made up to exercise a client, not recorded from Daily:
 *
 * | name | `startDialOut()` | then |
 * |---|---|---|
 * | `answer` | resolves | `connected`, `answered` after `ringMs`, `stopped` after `talkMs` |
 * | `no-answer` | resolves | `connected`, `stopped` after `ringMs` |
 * | `busy-then-hangup` | resolves | `connected`, `dialout-error` after `busyMs`, `stopped` |
 * | `hangup-after` | resolves | `connected`, `answered` after `ringMs`, `stopped` after `ms` |
 * | `reject` | rejects with `code` | nothing |
 * | `error-before-session` | resolves `{}` after the error | `dialout-error` without `sessionId` first |
 * | `warning` | resolves | as `answer`, with a `dialout-warning` after answering |
 *
 * A local `stopDialOut()` ends the story early (the emulator's default reply
 * emits `dialout-stopped`).
 *
 * @param name - One of {@link EMULATOR_SCENARIO_NAMES}.
 * @param options - Durations in ms and texts; see {@link EmulatorScenarioOptions}.
 * @returns The scenario, frozen.
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
