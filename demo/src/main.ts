/**
 * The dial-out console: a real daily-js call object, `createDialOutManager(call)`, and a page
 * driven only by the manager's observables.
 *
 * - Default: the call machine is the emulator bundle served by the dev server
 *   (`bundlePathOverride: origin + '/emulator'`), and the Remote side panel scripts the callee.
 * - `?room=<Daily room URL>&token=<owner meeting token>`: Daily's own call machine joins that room.
 * - `?via=server`: dial-outs start through the demo server (REST API), and Daily's webhooks come
 *   back over Server-Sent Events into `manager.ingest()`.
 * - `?inspect`: the Stately inspector (online), phone numbers and SIP URIs redacted.
 */
import Daily from '@daily-co/daily-js';
import { createDialOutManager, dialOutSessionMachine, type DialOutManager, type DialOutSessionSnapshot, type DialOutStatus } from 'daily-dialout-machine';
import { createEmulatorController, type EmulatorAnswer, type EmulatorController } from 'daily-dialout-machine/testing';
import { backendFetch, relayWebhooks, serverStarter, serverStop } from './backend.js';
import { createStateDiagram } from './diagram.js';
import { mountDialer, mountKeypad } from './dialer.js';
import { byId, setText } from './dom.js';
import { mountEventLog } from './eventLog.js';
import { createDemoInspector, type DemoInspector } from './inspector.js';
import { mountRemotePanel, type RemotePanel } from './remote.js';
import { mountSessionsList, sessionTitle } from './sessions.js';
import { endedText } from './wording.js';
import './style.css';

/** The room the emulator "joins": never contacted, the emulator answers for it. */
const OFFLINE_ROOM_URL = 'https://example.daily.co/dial-out-demo';

const params = new URLSearchParams(location.search);
const realRoom = params.get('room')?.trim() || undefined;
const token = params.get('token')?.trim() || undefined;
const via: 'browser' | 'server' = params.get('via') === 'server' ? 'server' : 'browser';
const roomUrl = realRoom ?? OFFLINE_ROOM_URL;

function announce(text: string): void {
  const region = byId('announcer');
  // re-set even when equal, so that a repeated status is announced again
  region.textContent = '';
  region.textContent = text;
}

function roomLabel(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return url;
  }
}

/** The "start dial-outs via" switch: reloads the page with or without `via=server`. */
function wireViaSwitch(serverAvailable: boolean, offlineServer: boolean | undefined): void {
  const radios = [...document.querySelectorAll<HTMLInputElement>('input[name="via"]')];
  for (const radio of radios) {
    radio.checked = radio.value === via;
    if (radio.value === 'server') radio.disabled = !serverAvailable && via !== 'server';
    radio.addEventListener('change', () => {
      const next = new URL(location.href);
      if (radio.value === 'server') next.searchParams.set('via', 'server');
      else next.searchParams.delete('via');
      location.assign(next.href);
    });
  }
  const note = byId('via-note');
  if (!serverAvailable) setText(note, 'The demo server is not reachable (start the page with npm run demo).');
  else if (via === 'server') {
    setText(
      note,
      offlineServer
        ? 'The demo server runs offline: its REST mock starts the dial-out and it sends itself the signed webhooks Daily would send.'
        : 'The demo server calls Daily’s REST API; webhooks reach it through your public URL.',
    );
  } else setText(note, 'Switching reloads the page.');
}

async function backendConfig(): Promise<{ offline: boolean } | undefined> {
  try {
    const response = await backendFetch('/api/config');
    return response.ok ? ((await response.json()) as { offline: boolean }) : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  setText(byId('mode'), realRoom ? `Real Daily room: ${roomLabel(realRoom)}` : 'Emulator (offline): the call machine is emulated, daily-js is real');
  setText(byId('daily-version'), Daily.version());
  const callButton = byId<HTMLButtonElement>('call');
  callButton.disabled = true;

  const backend = await backendConfig();
  wireViaSwitch(backend !== undefined, backend?.offline);

  let inspector: DemoInspector | undefined;
  const inspectButton = byId<HTMLButtonElement>('open-inspector');
  if (params.has('inspect')) {
    try {
      inspector = await createDemoInspector();
      inspectButton.hidden = false;
      inspectButton.addEventListener('click', () => inspector?.start());
    } catch (error) {
      setText(byId('inspect-note'), `The Stately inspector could not load: ${String(error)}`);
    }
  }

  const call = Daily.createCallObject({
    audioSource: false,
    videoSource: false,
    ...(realRoom ? {} : { dailyConfig: { bundlePathOverride: `${location.origin}/emulator` } }),
  });
  const emulator: EmulatorController | undefined = realRoom ? undefined : createEmulatorController(call);
  let remote: RemotePanel | undefined;

  if (emulator && via === 'server') {
    // a local stopDialOut reaches "Daily" (the emulator here); the offline server's Daily learns of it
    // through its REST stop, and sends the dialout.stopped webhook a real Daily would send
    emulator.respond('dialout-stop', async (request): Promise<EmulatorAnswer> => {
      const sessionId = request.payload.sessionId;
      if (typeof sessionId === 'string') await serverStop(roomUrl, sessionId).catch(() => undefined);
      return 'default';
    });
  }

  const manager: DialOutManager = createDialOutManager(call, {
    ...(via === 'server' ? { starter: serverStarter(roomUrl, () => (emulator ? remote?.script() : undefined)) } : {}),
    // on the emulator, retries wait up to 4 s (full jitter) instead of 1 s: long enough to watch the countdown
    ...(emulator ? { retry: { baseDelayMs: 4000 } } : {}),
    ...(inspector ? { inspect: inspector.inspect } : {}),
  });

  if (via === 'server') {
    byId('relay-row').hidden = false;
    relayWebhooks(manager, (state) => setText(byId('relay-state'), `Server-Sent Events: ${state}`));
  }

  const reveal = byId<HTMLInputElement>('reveal');
  const diagram = createStateDiagram(dialOutSessionMachine);
  byId('diagram').append(diagram.element);
  const keypad = mountKeypad();
  let selectedId: string | undefined;

  const sessions = mountSessionsList({
    list: byId('sessions'),
    empty: byId('sessions-empty'),
    manager,
    reveal: () => reveal.checked,
    onSelect: (id) => {
      selectedId = id;
      refreshSelected();
    },
    onAdded: (snapshot) => {
      selectedId = snapshot.id; // a new session is selected
      refreshSelected();
    },
    onChange: (snapshot, previous) => {
      if (snapshot.id === selectedId) refreshSelected();
      if (previous !== snapshot.status) announce(statusSentence(snapshot));
    },
  });

  function statusSentence(s: DialOutSessionSnapshot): string {
    const detail = s.error ? `, ${s.error.code}` : s.outcome ? `, outcome ${s.outcome}` : '';
    const ended = endedText(s);
    return `${sessionTitle(s, reveal.checked)}: ${s.status}${detail}.${ended === undefined ? '' : ` ${ended}.`}`;
  }

  function refreshSelected(): void {
    const snapshot = selectedId ? sessions.snapshot(selectedId) : undefined;
    sessions.markSelected(selectedId);
    if (snapshot) {
      const history = sessions.history(snapshot.id);
      diagram.highlight(snapshot.status, history.slice(0, -1) as DialOutStatus[], `${snapshot.id} (${sessionTitle(snapshot, reveal.checked)})`);
    } else diagram.highlight(undefined, [], 'No session yet: place a call.');
    const session = snapshot?.status === 'answered' ? manager.session(snapshot.id) : undefined;
    keypad.target(session, snapshot ? sessionTitle(snapshot, reveal.checked) : '');
    remote?.selected(snapshot);
  }

  remote = mountRemotePanel(emulator, manager, via === 'browser');
  const log = mountEventLog(manager, () => reveal.checked);
  manager.status$.subscribe((status) => setText(byId('manager-status'), status));
  reveal.addEventListener('change', () => {
    sessions.refresh();
    log.refresh();
    refreshSelected();
  });
  mountDialer({
    manager,
    beforeStart: () => remote?.replay(), // each call plays its scenario from the start (a retry's first attempt fails again)
    onStarted: (session) => ((selectedId = session.id), refreshSelected()),
  });
  refreshSelected();

  window.addEventListener('pagehide', () => {
    manager.dispose();
    emulator?.dispose();
    void call.destroy();
  });

  const callState = byId('call-state');
  setText(callState, `Joining ${roomLabel(roomUrl)}…`);
  try {
    await call.join({ url: roomUrl, ...(token ? { token } : {}) });
  } catch (error) {
    setText(callState, `Could not join: ${error instanceof Error ? error.message : String(error)}`);
    announce('Could not join the room.');
    return;
  }
  setText(callState, `Joined ${roomLabel(roomUrl)}${realRoom ? '' : ' (emulated)'}`);
  callButton.disabled = false;
  announce('Joined. Ready to call.');
}

main().catch((error: unknown) => {
  setText(byId('call-state'), `The page failed: ${String(error)}`);
  throw error;
});
