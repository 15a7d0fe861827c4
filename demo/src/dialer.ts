/**
 * The dialer (target, display name, Call) and the DTMF keypad and Tones form of the selected session.
 * Validation errors come from the library's `DialOutValidationError`, shown next to the field
 * they name before anything is sent.
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import { DialOutValidationError, type DialOutDtmfOptions, type DialOutManager, type DialOutSession, type DialOutValidationIssue } from 'daily-dialout-machine';
import { byId, h, setText } from './dom.js';

/** Which input each option path belongs to. */
const FIELD_OF_PATH: Record<string, string> = { phoneNumber: 'target', sipUri: 'target', displayName: 'display-name' };

/**
 * The start options a person typed: a SIP URI (`sip:` or with an `@`) or a phone number, as typed.
 *
 * @param target - The "Phone number or SIP URI" text.
 * @param displayName - The "Display name" text.
 * @returns daily-js start options (empty fields left out, so the validator names what is missing).
 */
export function optionsFromForm(target: string, displayName: string): DailyStartDialoutOptions {
  const text = target.trim();
  const name = displayName.trim();
  const options: Record<string, string> = {};
  if (/^sips?:/i.test(text) || text.includes('@')) options.sipUri = text;
  else if (text !== '') options.phoneNumber = text;
  if (name !== '') options.displayName = name;
  return options as unknown as DailyStartDialoutOptions;
}

/** What the dialer needs from the page. */
export interface DialerOptions {
  readonly manager: DialOutManager;
  /** Called just before `manager.start()` (the Remote side panel scripts the callee here). */
  readonly beforeStart?: () => void;
  /** A session was started. */
  readonly onStarted: (session: DialOutSession) => void;
}

/**
 * Wires the dialer form (`#dialer` in index.html).
 *
 * @param options - See {@link DialerOptions}.
 * @returns A function that shows validation issues (for tests and other entry points).
 */
export function mountDialer(options: DialerOptions): { showIssues(issues: readonly DialOutValidationIssue[]): void } {
  const form = byId<HTMLFormElement>('dialer');
  const target = byId<HTMLInputElement>('target');
  const displayName = byId<HTMLInputElement>('display-name');
  const formError = byId('form-error');
  const inputs: Record<string, HTMLInputElement> = { target, 'display-name': displayName };

  function clear(): void {
    for (const [id, input] of Object.entries(inputs)) {
      input.removeAttribute('aria-invalid');
      const error = byId(`${id}-error`);
      error.hidden = true;
      error.replaceChildren();
    }
    formError.hidden = true;
    formError.replaceChildren();
  }

  function showIssues(issues: readonly DialOutValidationIssue[]): void {
    clear();
    let first: HTMLInputElement | undefined;
    for (const issue of issues) {
      const field = FIELD_OF_PATH[issue.path.split(/[.[]/)[0] ?? ''];
      const text = `${issue.path ? `${issue.path} ` : ''}${issue.message}`;
      if (field) {
        const input = inputs[field]!;
        input.setAttribute('aria-invalid', 'true');
        const error = byId(`${field}-error`);
        error.append(h('span', { class: 'issue' }, text));
        error.hidden = false;
        first ??= input;
      } else {
        formError.append(h('span', { class: 'issue' }, text));
        formError.hidden = false;
      }
    }
    first?.focus();
  }

  for (const input of Object.values(inputs)) input.addEventListener('input', () => input.removeAttribute('aria-invalid'));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clear();
    const startOptions = optionsFromForm(target.value, displayName.value);
    let session: DialOutSession;
    try {
      options.beforeStart?.();
      session = options.manager.start(startOptions);
    } catch (error) {
      if (error instanceof DialOutValidationError) {
        showIssues(error.issues);
        return;
      }
      formError.replaceChildren(h('span', { class: 'issue' }, String(error)));
      formError.hidden = false;
      return;
    }
    options.onStarted(session);
  });

  return { showIssues };
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
const KEY_NAMES: Record<string, string> = { '*': 'Star', '#': 'Pound' };
/** How many of the tones sent last the keypad shows. */
const SHOWN_TONES = 32;

/** The keypad's handle. */
export interface Keypad {
  /**
   * Enables the keypad for one answered session, or disables it.
   *
   * @param session - The session to send tones to, or `undefined`.
   * @param label - Who it is for, e.g. `Call to +•••0100`.
   */
  target(session: DialOutSession | undefined, label: string): void;
}

/**
 * The `sendDTMF()` options of the keypad's Method and Tone length fields, as typed (the library
 * validates them: a tone length that is not an integer 50–2000 is its error to report).
 *
 * @param method - The Method select's value (`auto`, `sip-info`, `telephone-event`).
 * @param duration - The "Tone length, ms" text; empty: daily-js's default (500 ms).
 * @returns The options.
 */
export function dtmfOptionsFromForm(method: string, duration: string): DialOutDtmfOptions {
  const options: { method?: DialOutDtmfOptions['method']; digitDurationMs?: number } = {};
  if (method !== '') options.method = method as DialOutDtmfOptions['method'];
  if (duration.trim() !== '') options.digitDurationMs = Number(duration);
  return options;
}

/**
 * Builds the DTMF keypad into `#keypad`: 12 buttons, and typing `0-9 * # A-D` while it has focus;
 * and wires the Tones form (`#dtmf-form`): any number of tones in one `sendDTMF()` (the library
 * sends them in chunks of 20), with the method and tone length of its fields.
 *
 * @returns The keypad's handle.
 */
export function mountKeypad(): Keypad {
  const pad = byId('keypad');
  const caption = byId('keypad-for');
  const sent = byId<HTMLOutputElement>('dtmf-sent');
  const form = byId<HTMLFormElement>('dtmf-form');
  const tonesInput = byId<HTMLInputElement>('dtmf-tones');
  const method = byId<HTMLSelectElement>('dtmf-method');
  const duration = byId<HTMLInputElement>('dtmf-duration');
  const formError = byId('dtmf-error');
  const formControls = [tonesInput, method, duration, byId<HTMLButtonElement>('dtmf-send')];
  let session: DialOutSession | undefined;
  let tones = '';

  const buttons = KEYS.map((key) => {
    const button = h('button', { type: 'button', class: 'key', 'data-tone': key, disabled: true, ...(KEY_NAMES[key] ? { 'aria-label': KEY_NAMES[key] } : {}) }, key);
    button.addEventListener('click', () => send(key));
    return button;
  });
  pad.replaceChildren(...buttons);

  function showError(text: string | undefined): void {
    formError.replaceChildren(...(text === undefined ? [] : [h('span', { class: 'issue' }, text)]));
    formError.hidden = text === undefined;
    if (text === undefined) tonesInput.removeAttribute('aria-invalid');
    else tonesInput.setAttribute('aria-invalid', 'true');
  }

  /** Sends tones to the session; resolves with whether they went. */
  function send(toSend: string, onError?: (error: unknown) => void): Promise<boolean> {
    const current = session;
    if (!current) return Promise.resolve(false);
    return current.sendDTMF(toSend, dtmfOptionsFromForm(method.value, duration.value)).then(
      () => {
        if (session !== current) return true;
        tones = `${tones}${toSend}`.slice(-SHOWN_TONES);
        setText(sent, `Sent: ${tones}`);
        return true;
      },
      (error: unknown) => {
        if (onError) onError(error);
        else setText(sent, `Not sent (${toSend}): ${error instanceof Error ? error.message : String(error)}`);
        return false;
      },
    );
  }

  pad.addEventListener('keydown', (event) => {
    const key = event.key.length === 1 ? event.key.toUpperCase() : '';
    if (!/^[0-9*#A-D]$/.test(key) || !session || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    void send(key);
  });

  tonesInput.addEventListener('input', () => showError(undefined));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    showError(undefined);
    void send(tonesInput.value, (error) => {
      if (error instanceof DialOutValidationError) {
        showError(error.issues.map((issue) => `${issue.path ? `${issue.path} ` : ''}${issue.message}`).join('; '));
        tonesInput.focus();
      } else showError(`Not sent: ${error instanceof Error ? error.message : String(error)}`);
    }).then((went) => {
      if (went) tonesInput.value = '';
    });
  });

  return {
    target(next, label) {
      if (next !== session) {
        tones = '';
        setText(sent, '');
        showError(undefined);
      }
      session = next;
      for (const button of buttons) button.disabled = !next;
      for (const control of formControls) control.disabled = !next;
      setText(caption, next ? `Keypad for ${label} (answered)` : 'Keypad (enabled when the selected session is answered)');
    },
  };
}
