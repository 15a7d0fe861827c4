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
 *
 * The page survives a reload: the manager keeps its live sessions in `sessionStorage` (its
 * `storage` option) and, on the emulator, the room (its phone-leg participants and live dial-outs,
 * `emulator.snapshotRoom()`) is saved there too, on every change and on `pagehide`, and restored
 * into the new page's controller before it joins: the sessions come back `recovered`. Not with
 * `?via=server` on the emulator: the demo server's offline Daily keeps no room (nor transfers).
 *
 * `window.dialOutDemo` holds `{ call, manager, emulator }` for the browser console (and the e2e).
 */
import Daily, { type DailyCall } from '@daily-co/daily-js';
import { createDialOutManager, dialOutSessionMachine, type DialOutManager, type DialOutSessionSnapshot, type DialOutStatus } from 'daily-dialout-machine';
import {
  createEmulatorController,
  type EmulatorAnswer,
  type EmulatorController,
  type EmulatorRoomSnapshot,
} from 'daily-dialout-machine/testing';
import { backendFetch, relayWebhooks, serverStarter, serverStop } from './backend.js';
import { createStateDiagram } from './diagram.js';
import { mountDialer, mountKeypad } from './dialer.js';
import { byId, setText } from './dom.js';
import { mountEventLog } from './eventLog.js';
import { createDemoInspector, type DemoInspector } from './inspector.js';
import { mountRemotePanel, TRANSFER_LEAVE_MS, type RemotePanel } from './remote.js';
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

/** Where the emulated room is kept across a reload (`sessionStorage`). */
const ROOM_STORAGE_KEY = 'daily-dialout-demo:emulator-room';

declare global {
  interface Window {
    /** The demo's objects, for the browser console. */
    dialOutDemo?: { readonly call: DailyCall; readonly manager: DialOutManager; readonly emulator: EmulatorController | undefined };
  }
}

/** `sessionStorage`, or `undefined` where the browser refuses it (e.g. storage disabled). */
function pageStorage(): Storage | undefined {
  try {
    const storage = window.sessionStorage;
    storage.getItem(ROOM_STORAGE_KEY);
    return storage;
  } catch {
    return undefined;
  }
}

/** The emulated room an earlier page of this tab saved, if any. */
function savedRoom(storage: Storage | undefined): EmulatorRoomSnapshot | undefined {
  try {
    const text = storage?.getItem(ROOM_STORAGE_KEY);
    return text ? (JSON.parse(text) as EmulatorRoomSnapshot) : undefined;
  } catch {
    return undefined;
  }
}

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
        ? 'The demo server runs offline: its REST mock starts the dial-out and it sends itself the signed webhooks Daily would send. It cannot transfer, and keeps no room across a reload: use the browser mode for those.'
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

/**
 * The emulator's controller for the page's call: transferred legs leave {@link TRANSFER_LEAVE_MS}
 * after Daily accepts (long enough to see `accepted`), and the room an earlier page of this tab
 * saved is put back before `join()`, so that the manager finds its phone legs.
 */
function createController(call: DailyCall, storage: Storage | undefined): EmulatorController {
  const room = savedRoom(storage);
  if (room) {
    try {
      return createEmulatorController(call, { transferLeaveMs: TRANSFER_LEAVE_MS, room });
    } catch {
      storage?.removeItem(ROOM_STORAGE_KEY); // not a room this emulator can restore: start empty
    }
  }
  return createEmulatorController(call, { transferLeaveMs: TRANSFER_LEAVE_MS });
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
  // the demo server's offline Daily (?via=server on the emulator) neither transfers nor keeps a room
  const offlineServer = !realRoom && via === 'server';
  const storage = offlineServer ? undefined : pageStorage();
  const emulator: EmulatorController | undefined = realRoom ? undefined : createController(call, storage);
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
    // live sessions survive a reload (phone numbers kept as their last four digits: storeTargets is off)
    ...(storage ? { storage } : {}),
    // on the emulator, retries wait up to 4 s (full jitter) instead of 1 s: long enough to watch the countdown
    ...(emulator ? { retry: { baseDelayMs: 4000 } } : {}),
    ...(inspector ? { inspect: inspector.inspect } : {}),
  });

  window.dialOutDemo = { call, manager, emulator };

  // the emulated room, saved on every change and as the page goes, for the next page of this tab
  let leaving = false; // set on pagehide: the room is saved once more, then no longer
  function saveRoom(): void {
    if (!emulator || offlineServer || !storage || leaving) return;
    try {
      storage.setItem(ROOM_STORAGE_KEY, JSON.stringify(emulator.snapshotRoom()));
    } catch {
      // storage full or refused: the next page starts with an empty room
    }
  }
  manager.subscribe(saveRoom);

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
    ...(offlineServer ? { transfersOff: 'The demo server’s offline Daily cannot transfer: switch to starting dial-outs in the browser.' } : {}),
  });

  function statusSentence(s: DialOutSessionSnapshot): string {
    const detail = s.error ? `, ${s.error.code}` : s.outcome ? `, outcome ${s.outcome}` : s.recovered ? ' (recovered)' : '';
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

  remote = mountRemotePanel(emulator, manager, via === 'browser', () => reveal.checked);
  const log = mountEventLog(manager, () => reveal.checked);
  manager.status$.subscribe((status) => setText(byId('manager-status'), status));
  reveal.addEventListener('change', () => {
    sessions.refresh();
    log.refresh();
    remote?.refresh();
    refreshSelected();
  });
  mountDialer({
    manager,
    beforeStart: () => remote?.replay(), // each call plays its scenario from the start (a retry's first attempt fails again)
    onStarted: (session) => ((selectedId = session.id), refreshSelected()),
  });
  refreshSelected();

  window.addEventListener('pagehide', () => {
    saveRoom(); // before anything is torn down: dispose() forgets the room
    leaving = true;
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
