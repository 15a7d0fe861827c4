/**
 * The "Remote side" panel (emulator mode): what the callee does, scripted with the emulator
 * controller (`createEmulatorController(call)`) that shares the page's realm with the bundle
 * daily-js loaded: the next call's story, what the selected session's far end does (answer, hang
 * up, fail, warn, press keys: `sendDtmfEvent`, lose or regain its audio: `setParticipantAudio`),
 * how Daily answers transfers, and the DTMF and transfer requests Daily received.
 */
import type { DialOutManager, DialOutSessionSnapshot } from 'daily-dialout-machine';
import { isFinalStatus } from 'daily-dialout-machine';
import { scenario, type EmulatorController, type EmulatorRequest, type EmulatorScenario } from 'daily-dialout-machine/testing';
import { byId, h, setText } from './dom.js';
import { maskTarget } from './mask.js';

/**
 * What the callee of the next call does, as the panel's form says. The failures (`busy`,
 * `declined`, `unreachable`, `invalid-number`), `not-allowed`, `retry` (a start Daily rejects
 * once with `TEMPORARILY_NOT_AVAILABLE`) and `hangup-race` (`stopDialOut()` gets `NOT_FOUND`)
 * are the emulator's named scenarios: in the browser start mode only ({@link BROWSER_ONLY}).
 */
export interface RemoteScript {
  readonly behaviour:
    | 'answer'
    | 'no-answer'
    | 'error'
    | 'warning'
    | 'reject'
    | 'busy'
    | 'declined'
    | 'unreachable'
    | 'invalid-number'
    | 'not-allowed'
    | 'retry'
    | 'hangup-race'
    | 'ivr';
  /** For `reject`: the code `startDialOut()` rejects with. */
  readonly code?: string;
  /** Ring time before answering (or failing), ms. */
  readonly ringMs: number;
  /** Hang-up delay, ms (after answering; for `no-answer`, after the first ring), or `null`: never. */
  readonly talkMs: number | null;
}

const WARNING_TEXT = 'Requested codec not available; using a fallback';
const REMOTE_TARGET = '+15555550199';

/** The behaviours the demo server's offline Daily does not play: the panel offers them in the browser start mode only. */
export const BROWSER_ONLY: ReadonlySet<RemoteScript['behaviour']> = new Set(['busy', 'declined', 'unreachable', 'invalid-number', 'not-allowed', 'retry', 'hangup-race', 'ivr']);

/** The tones the `ivr` callee presses after answering (a menu choice, then `#`). */
export const IVR_DIGITS = '12#';
/** Ms between two tones the far end presses (the `ivr` callee, the "presses keys" button). */
export const TONE_GAP_MS = 150;

/** How Daily answers `sipCallTransfer()` / `sipRefer()` (the panel's "Answers a transfer"); a refusal is a bare string, as Daily's codes are. */
export const TRANSFER_ANSWERS = {
  accept: undefined,
  busy: 'Transfer failed: 486 Busy Here',
  'not-found': 'Transfer failed: 404 Not Found',
} as const;
/** Ms from Daily accepting a transfer until the transferred leg leaves the room (the emulator's `transferLeaveMs`). */
export const TRANSFER_LEAVE_MS = 1000;

/**
 * One line of the "Requests Daily received" list: a `send-dtmf` or `sip-call-transfer` request
 * the emulator got from daily-js, and its answer.
 *
 * @param request - The request (as `EmulatorController.waitFor` returns it).
 * @param reveal - Show destinations in full.
 * @returns e.g. `send-dtmf “123#” (auto, 500 ms)`, `sip-call-transfer to sip:••sk@example.com,
 *   useSipRefer: true: accepted`.
 */
export function requestText(request: Pick<EmulatorRequest, 'action' | 'payload' | 'answer'>, reveal: boolean): string {
  const p = request.payload;
  const answer = request.answer?.kind === 'error' ? `: refused (${String(request.answer.value)})` : request.answer?.kind === 'reply' ? ': accepted' : '';
  if (request.action === 'send-dtmf') {
    const how = [typeof p.method === 'string' ? p.method : undefined, typeof p.digitDurationMs === 'number' ? `${p.digitDurationMs} ms` : undefined].filter(Boolean);
    return `send-dtmf “${String(p.tones)}”${how.length ? ` (${how.join(', ')})` : ''}${answer}`;
  }
  const to = typeof p.toEndPoint === 'string' ? maskTarget(p.toEndPoint, reveal) : '?';
  return `${request.action} to ${to}, useSipRefer: ${String(p.useSipRefer)}${answer}`;
}

/** The SIP failure each failing behaviour ends with (the `dialout-error` of its scenario). */
const FAILURES = {
  busy: { status: 486, phrase: 'Busy Here' },
  declined: { status: 603, phrase: 'Decline' },
  unreachable: { status: 480, phrase: 'Temporarily Unavailable' },
  'invalid-number': { status: 404, phrase: 'Not Found' },
} as const;

/** How long Daily's `dialout-stopped` takes to arrive in `hangup-race` (the window in which a hang-up gets `NOT_FOUND`). */
export const RACE_WINDOW_MS = 5000;
/** `hangup-race`'s hang-up time when the panel says "never". */
const RACE_TALK_MS = 2000;

function isFailure(behaviour: RemoteScript['behaviour']): behaviour is keyof typeof FAILURES {
  return behaviour in FAILURES;
}

/**
 * Builds the emulator scenario of a script (`scenario()` of the testing entry point).
 *
 * @param script - What the callee does.
 * @returns The scenario to `play()`.
 */
export function scenarioOf(script: RemoteScript): EmulatorScenario {
  const talkMs = script.talkMs ?? Infinity;
  switch (script.behaviour) {
    case 'no-answer':
      return scenario('no-answer', { ringMs: talkMs });
    case 'error':
      return scenario('busy-then-hangup', { busyMs: script.ringMs });
    case 'warning':
      return scenario('warning', { ringMs: script.ringMs, warningAfterMs: 0, talkMs, errorMsg: WARNING_TEXT });
    case 'reject':
      return scenario('reject', { code: script.code ?? 'DIALOUT_IN_PROGRESS' });
    case 'busy':
    case 'unreachable':
    case 'invalid-number':
      return scenario(script.behaviour, { failMs: script.ringMs });
    case 'declined':
      return scenario('declined', { ringMs: script.ringMs });
    case 'not-allowed':
      return scenario('not-allowed');
    case 'retry':
      return scenario('retry-then-answer', { ringMs: script.ringMs, talkMs });
    case 'hangup-race':
      return scenario('hangup-race', { ringMs: script.ringMs, talkMs: script.talkMs ?? RACE_TALK_MS, stoppedAfterMs: RACE_WINDOW_MS });
    case 'ivr':
      return scenario('ivr', { ringMs: script.ringMs, digits: IVR_DIGITS, toneGapMs: TONE_GAP_MS, talkMs });
    default:
      return scenario('answer', { ringMs: script.ringMs, talkMs });
  }
}

/**
 * A sentence describing a script.
 *
 * @param script - What the callee does.
 * @returns e.g. "Rings 1.5 s, answers, stays until you hang up."
 */
export function describeScript(script: RemoteScript): string {
  const ring = `${script.ringMs / 1000} s`;
  const talk = script.talkMs === null ? null : `${script.talkMs / 1000} s`;
  switch (script.behaviour) {
    case 'no-answer':
      return `Rings and never answers${talk ? `; gives up after ${talk}` : ', until you hang up'}.`;
    case 'error':
      return `Rings ${ring}, then fails with a dialout-error (Busy Here) and hangs up.`;
    case 'warning':
      return `Rings ${ring}, answers, sends a dialout-warning, ${talk ? `hangs up after ${talk}` : 'stays until you hang up'}.`;
    case 'reject':
      return `Daily rejects the start with ${script.code}.`;
    case 'busy':
    case 'unreachable':
    case 'invalid-number': {
      const { status, phrase } = FAILURES[script.behaviour];
      return `Does not ring: after ${ring}, a dialout-error with SIP ${status} ${phrase}.`;
    }
    case 'declined':
      return `Rings ${ring}, then declines: a dialout-error with SIP 603 Decline.`;
    case 'not-allowed':
      return 'Daily rejects the start: “unable to start dialout (is dialout enabled? are you a room owner or participant admin?)”.';
    case 'retry':
      return `Daily rejects the first start with TEMPORARILY_NOT_AVAILABLE; the manager retries, and the callee rings ${ring}, answers, ${talk ? `hangs up after ${talk}` : 'stays until you hang up'}.`;
    case 'hangup-race': {
      const after = `${(script.talkMs ?? RACE_TALK_MS) / 1000} s`;
      return `Rings ${ring}, answers, hangs up after ${after}, but Daily’s dialout-stopped arrives ${RACE_WINDOW_MS / 1000} s later: hang up in between and stopDialOut() gets NOT_FOUND.`;
    }
    case 'ivr':
      return `Rings ${ring}, answers, presses ${[...IVR_DIGITS].join(' ')} (a dtmf-event each, ${TONE_GAP_MS / 1000} s apart), ${talk ? `hangs up ${talk} after the last` : 'stays until you hang up'}.`;
    default:
      return `Rings ${ring}, answers, ${talk ? `hangs up after ${talk}` : 'stays until you hang up'}.`;
  }
}

/** The panel's handle. */
export interface RemotePanel {
  /** The current "next call" script. */
  script(): RemoteScript;
  /** Enables the selected-session buttons for a session (or disables them). */
  selected(snapshot: DialOutSessionSnapshot | undefined): void;
  /**
   * Plays the script again on the emulator (browser start mode), just before a call starts: a
   * scenario's first attempts (the rejected start of `retry`) then count from this call.
   */
  replay(): void;
  /** Re-renders what shows destinations (after the "show full numbers" toggle). */
  refresh(): void;
}

/**
 * Wires the Remote side panel (`#remote` in index.html).
 *
 * @param emulator - The emulator controller of the page's call, or `undefined` when the callee
 *   is not emulated (a real room): then the panel stays hidden.
 * @param manager - To end the timers of a remote dial-out when it ends.
 * @param playScenarios - Whether to `play()` the next-call script on the emulator (browser
 *   start mode); in server mode the script goes to the demo server with each start instead, and
 *   the demo server's offline Daily neither transfers nor puts phone legs in the room.
 * @param reveal - Whether destinations are shown in full.
 * @returns The panel's handle.
 */
export function mountRemotePanel(
  emulator: EmulatorController | undefined,
  manager: DialOutManager,
  playScenarios: boolean,
  reveal: () => boolean = () => false,
): RemotePanel {
  const panel = byId('remote');
  const behaviour = byId<HTMLSelectElement>('remote-behaviour');
  const ring = byId<HTMLInputElement>('remote-ring');
  const hangup = byId<HTMLInputElement>('remote-hangup');
  const summary = byId('remote-summary');
  const delay = byId<HTMLInputElement>('remote-delay');
  const selectedFor = byId('remote-selected-for');
  const actions = [...panel.querySelectorAll<HTMLButtonElement>('[data-remote-action]')];
  const remoteDialOut = byId<HTMLButtonElement>('remote-dialout');
  const remoteTones = byId<HTMLInputElement>('remote-tones');
  const note = byId('remote-note');
  const transferAnswer = byId<HTMLSelectElement>('remote-transfer');
  const received = byId('remote-received');
  const receivedEmpty = byId('remote-received-empty');
  const requests: EmulatorRequest[] = [];
  let selected: DialOutSessionSnapshot | undefined;
  const timers = new Map<string, Set<ReturnType<typeof setTimeout>>>();

  panel.hidden = !emulator;
  // the demo server's offline Daily plays the basic behaviours only
  for (const option of behaviour.options) {
    if (!playScenarios && BROWSER_ONLY.has(option.value.split(':')[0] as RemoteScript['behaviour'])) option.disabled = true;
  }

  const seconds = (input: HTMLInputElement, fallback: number | null): number | null => {
    const value = input.value.trim() === '' ? NaN : Number(input.value);
    return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : fallback;
  };

  function script(): RemoteScript {
    const [kind, code] = behaviour.value.split(':') as [RemoteScript['behaviour'], string | undefined];
    return { behaviour: kind, ...(code ? { code } : {}), ringMs: seconds(ring, 1500) ?? 1500, talkMs: seconds(hangup, null) };
  }

  function apply(): void {
    const current = script();
    setText(summary, describeScript(current));
    const noStart = current.behaviour === 'reject' || current.behaviour === 'not-allowed';
    ring.disabled = noStart || current.behaviour === 'no-answer';
    hangup.disabled = noStart || current.behaviour === 'error' || isFailure(current.behaviour);
    if (emulator && playScenarios) emulator.play(scenarioOf(current));
  }

  function later(sessionId: string, ms: number, run: () => void): void {
    const set = timers.get(sessionId) ?? new Set();
    const id = setTimeout(() => {
      set.delete(id);
      run();
    }, ms);
    set.add(id);
    timers.set(sessionId, set);
  }

  function showNote(text: string | undefined): void {
    setText(note, text ?? '');
    note.hidden = text === undefined;
  }

  /** The far end presses `tones`, one `dtmf-event` each, {@link TONE_GAP_MS} apart. */
  function press(sessionId: string, tones: string): void {
    [...tones].forEach((tone, i) => {
      const send = () => {
        if (emulator?.attached) emulator.sendDtmfEvent(sessionId, tone);
      };
      if (i === 0) send();
      else later(sessionId, i * TONE_GAP_MS, send);
    });
  }

  function emit(sessionId: string, action: string, errorMsg = 'Service Unavailable (SIP 503)'): void {
    if (!emulator?.attached) return;
    try {
      if (action === 'answer') emulator.emit('dialout-answered', { sessionId });
      else if (action === 'hangup') emulator.emit('dialout-stopped', { sessionId });
      else if (action === 'error') emulator.emit('dialout-error', { sessionId, errorMsg });
      else if (action === 'warning') emulator.emit('dialout-warning', { sessionId, errorMsg: WARNING_TEXT });
      else if (action === 'audio-off') emulator.setParticipantAudio(sessionId, 'interrupted');
      else if (action === 'audio-on') emulator.setParticipantAudio(sessionId, 'playable');
    } catch (error) {
      // e.g. its phone leg left the room in the meantime
      showNote(`The far end could not do that: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  for (const button of actions) {
    button.addEventListener('click', () => {
      const sessionId = selected?.sessionId;
      if (!sessionId) return;
      showNote(undefined);
      const action = button.dataset.remoteAction ?? '';
      const ms = seconds(delay, 0) ?? 0;
      let run = () => emit(sessionId, action);
      if (action === 'dtmf') {
        const tones = remoteTones.value.trim().toUpperCase();
        if (!/^[0-9A-D*#]+$/.test(tones)) {
          showNote('Keys it presses: tones 0-9, A-D, * or # only.');
          remoteTones.focus();
          return;
        }
        run = () => press(sessionId, tones);
      }
      if (ms === 0) run();
      else later(sessionId, ms, run);
    });
  }

  // how Daily answers transfers (browser start mode: the demo server's offline Daily cannot transfer)
  transferAnswer.disabled = !emulator || !playScenarios;
  if (emulator && playScenarios) {
    emulator.respond('sip-call-transfer', () => {
      const refusal = TRANSFER_ANSWERS[transferAnswer.value as keyof typeof TRANSFER_ANSWERS];
      return refusal === undefined ? 'default' : { error: refusal };
    });
  }

  function renderRequests(): void {
    received.replaceChildren(...requests.map((r) => h('li', { 'data-action': r.action }, requestText(r, reveal()))));
    receivedEmpty.hidden = requests.length > 0;
  }

  /** Lists every request of `action` Daily (the emulator) receives, newest first, until the controller is disposed. */
  async function watch(action: string): Promise<void> {
    if (!emulator) return;
    for (;;) {
      let request: EmulatorRequest;
      try {
        request = await emulator.waitFor(action, { timeoutMs: Infinity });
      } catch {
        return; // disposed
      }
      requests.unshift(request);
      if (requests.length > 20) requests.length = 20;
      renderRequests();
    }
  }
  renderRequests();
  void watch('send-dtmf');
  void watch('sip-call-transfer');

  // another participant's dial-out: a dial-out of another call client in the room (restoreRoom
  // puts it there), so that its events are filled, its phone leg joins when it is answered, a
  // transfer or a hang-up from this page reaches it, and it survives a reload
  remoteDialOut.addEventListener('click', () => {
    if (!emulator?.attached) return;
    const sessionId = crypto.randomUUID();
    const current = script();
    emulator.restoreRoom({
      version: 1,
      participants: [],
      sessions: [{ sessionId, provider: 'daily', sipCallId: crypto.randomUUID(), destination: REMOTE_TARGET, userId: 'another-participant' }],
    });
    emulator.emit('dialout-connected', { sessionId });
    if (isFailure(current.behaviour)) {
      const { status, phrase } = FAILURES[current.behaviour];
      later(sessionId, current.ringMs, () => emit(sessionId, 'error', `Dial-out failed: ${status} ${phrase}`));
    } else if (current.behaviour === 'answer' || current.behaviour === 'warning' || current.behaviour === 'retry' || current.behaviour === 'hangup-race' || current.behaviour === 'ivr') {
      later(sessionId, current.ringMs, () => emit(sessionId, 'answer'));
      if (current.behaviour === 'warning') later(sessionId, current.ringMs + 1, () => emit(sessionId, 'warning'));
      const pressing = current.behaviour === 'ivr' ? IVR_DIGITS.length * TONE_GAP_MS : 0;
      if (current.behaviour === 'ivr') later(sessionId, current.ringMs + TONE_GAP_MS, () => press(sessionId, IVR_DIGITS));
      if (current.talkMs !== null) later(sessionId, current.ringMs + pressing + current.talkMs, () => emit(sessionId, 'hangup'));
    } else if (current.behaviour === 'error') {
      later(sessionId, current.ringMs, () => emit(sessionId, 'error'));
    } else if (current.behaviour === 'no-answer' && current.talkMs !== null) {
      later(sessionId, current.talkMs, () => emit(sessionId, 'hangup'));
    }
  });

  // a remote dial-out that ended (stopped here, or by the script) needs no more timers
  manager.events$.subscribe((event) => {
    if (event.type !== 'dialout-stopped' || !event.sessionId) return;
    for (const id of timers.get(event.sessionId) ?? []) clearTimeout(id);
    timers.delete(event.sessionId);
  });

  for (const input of [behaviour, ring, hangup]) input.addEventListener('input', apply);
  behaviour.addEventListener('change', apply);
  apply();

  return {
    script,
    replay() {
      if (emulator && playScenarios) emulator.play(scenarioOf(script()));
    },
    selected(snapshot) {
      selected = snapshot;
      const live = !!snapshot && !isFinalStatus(snapshot.status) && !!snapshot.sessionId;
      // its audio can change only while Daily's phone-leg participant is in the room
      const inRoom = live && !!snapshot.participant && snapshot.participant.leftAt === undefined;
      for (const button of actions) {
        const audio = button.dataset.remoteAction?.startsWith('audio-') ?? false;
        button.disabled = !emulator || !(audio ? inRoom : live);
      }
      setText(selectedFor, snapshot ? `Selected session ${snapshot.id}${live ? '' : ' (not live: nothing to script)'}: the callee…` : 'Selected session: none');
    },
    refresh: renderRequests,
  };
}
