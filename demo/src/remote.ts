/**
 * The "Remote side" panel (emulator mode): what the callee does, scripted with the emulator
 * controller (`createEmulatorController(call)`) that shares the page's realm with the bundle
 * daily-js loaded.
 */
import type { DialOutManager, DialOutSessionSnapshot } from 'daily-dialout-machine';
import { isFinalStatus } from 'daily-dialout-machine';
import { scenario, type EmulatorController, type EmulatorScenario } from 'daily-dialout-machine/testing';
import { byId, setText } from './dom.js';

/** What the callee of the next call does, as the panel's form says. */
export interface RemoteScript {
  readonly behaviour: 'answer' | 'no-answer' | 'error' | 'warning' | 'reject';
  /** For `reject`: the code `startDialOut()` rejects with. */
  readonly code?: string;
  /** Ring time before answering (or failing), ms. */
  readonly ringMs: number;
  /** Hang-up delay, ms (after answering; for `no-answer`, after the first ring), or `null`: never. */
  readonly talkMs: number | null;
}

const WARNING_TEXT = 'Requested codec not available; using a fallback';
const REMOTE_TARGET = '+15555550199';

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
}

/**
 * Wires the Remote side panel (`#remote` in index.html).
 *
 * @param emulator - The emulator controller of the page's call, or `undefined` when the callee
 *   is not emulated (a real room): then the panel stays hidden.
 * @param manager - To end the timers of a remote dial-out when it ends.
 * @param playScenarios - Whether to `play()` the next-call script on the emulator (browser
 *   start mode); in server mode the script goes to the demo server with each start instead.
 * @returns The panel's handle.
 */
export function mountRemotePanel(emulator: EmulatorController | undefined, manager: DialOutManager, playScenarios: boolean): RemotePanel {
  const panel = byId('remote');
  const behaviour = byId<HTMLSelectElement>('remote-behaviour');
  const ring = byId<HTMLInputElement>('remote-ring');
  const hangup = byId<HTMLInputElement>('remote-hangup');
  const summary = byId('remote-summary');
  const delay = byId<HTMLInputElement>('remote-delay');
  const selectedFor = byId('remote-selected-for');
  const actions = [...panel.querySelectorAll<HTMLButtonElement>('[data-remote-action]')];
  const remoteDialOut = byId<HTMLButtonElement>('remote-dialout');
  let selected: DialOutSessionSnapshot | undefined;
  const timers = new Map<string, Set<ReturnType<typeof setTimeout>>>();

  panel.hidden = !emulator;

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
    const rejecting = current.behaviour === 'reject';
    ring.disabled = rejecting || current.behaviour === 'no-answer';
    hangup.disabled = rejecting || current.behaviour === 'error';
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

  function emit(sessionId: string, action: string): void {
    if (!emulator?.attached) return;
    if (action === 'answer') emulator.emit('dialout-answered', { sessionId });
    else if (action === 'hangup') emulator.emit('dialout-stopped', { sessionId });
    else if (action === 'error') emulator.emit('dialout-error', { sessionId, errorMsg: 'Service Unavailable (SIP 503)' });
    else if (action === 'warning') emulator.emit('dialout-warning', { sessionId, errorMsg: WARNING_TEXT });
  }

  for (const button of actions) {
    button.addEventListener('click', () => {
      const sessionId = selected?.sessionId;
      if (!sessionId) return;
      const action = button.dataset.remoteAction ?? '';
      const ms = seconds(delay, 0) ?? 0;
      if (ms === 0) emit(sessionId, action);
      else later(sessionId, ms, () => emit(sessionId, action));
    });
  }

  // another participant's dial-out: events with a sessionId this page never started
  remoteDialOut.addEventListener('click', () => {
    if (!emulator?.attached) return;
    const sessionId = crypto.randomUUID();
    const current = script();
    emulator.emit('dialout-connected', { sessionId, destination: REMOTE_TARGET, provider: 'daily', userId: 'another-participant' });
    if (current.behaviour === 'answer' || current.behaviour === 'warning') {
      later(sessionId, current.ringMs, () => emit(sessionId, 'answer'));
      if (current.behaviour === 'warning') later(sessionId, current.ringMs + 1, () => emit(sessionId, 'warning'));
      if (current.talkMs !== null) later(sessionId, current.ringMs + current.talkMs, () => emit(sessionId, 'hangup'));
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
    selected(snapshot) {
      selected = snapshot;
      const live = !!snapshot && !isFinalStatus(snapshot.status) && !!snapshot.sessionId;
      for (const button of actions) button.disabled = !live || !emulator;
      setText(selectedFor, snapshot ? `Selected session ${snapshot.id}${live ? '' : ' (not live: nothing to script)'}: the callee…` : 'Selected session: none');
    },
  };
}
