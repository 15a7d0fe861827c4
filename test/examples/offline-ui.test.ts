// @vitest-environment jsdom
import Daily from '@daily-co/daily-js';
import { afterAll, expect, it } from 'vitest';
import { createDialOutManager, isFinalStatus } from 'daily-dialout-machine';
import { createEmulatorController, installWebRTCShim, scenario, serveEmulator } from 'daily-dialout-machine/testing';

installWebRTCShim(); // jsdom has no WebRTC; daily-js refuses to construct without it
const server = await serveEmulator(); // serves the call-machine bundle on 127.0.0.1
afterAll(() => server.close());

/** The UI under test: a status line and a hang-up button, driven only by the manager. */
function mountDialer(manager: ReturnType<typeof createDialOutManager>) {
  const status = document.createElement('p');
  const hangUp = document.createElement('button');
  manager.current$.subscribe((s) => {
    status.textContent = s ? `${s.status}${s.outcome ? ` (${s.outcome})` : ''}` : 'idle';
    hangUp.disabled = !s || isFinalStatus(s.status);
    hangUp.onclick = () => s && manager.session(s.id)?.stop();
  });
  return { status, hangUp };
}

it('shows ringing, then lets the user hang up', async () => {
  const call = Daily.createCallObject({ dailyConfig: { bundlePathOverride: server.url } });
  const emulator = createEmulatorController(call); // scripts the far end of this call
  await call.join({ url: 'https://example.daily.co/room' }); // no network: the emulator answers
  const manager = createDialOutManager(call);
  const ui = mountDialer(manager);

  emulator.play(scenario('no-answer')); // the far end rings until stopped
  const session = manager.start({ phoneNumber: '+15555550100' });
  await emulator.waitFor('dialout-start');
  await new Promise((r) => setTimeout(r, 20));
  expect(ui.status.textContent).toBe('connected');

  ui.hangUp.click();
  await session.done;
  expect(ui.status.textContent).toBe('stopped (canceled)');
  expect((await emulator.waitFor('dialout-stop')).payload).toEqual({ sessionId: session.sessionId });

  manager.dispose();
  await call.destroy();
  emulator.dispose();
});
