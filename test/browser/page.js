// The page side of test/browser/chromium.test.ts: runs the core dial-out scenario with
// the real daily-js, the emulator bundle and the built package, and reports what a user
// of the manager saw. Plain browser JavaScript (no build step).
import Daily from '@daily-co/daily-js';
import { firstValueFrom, filter } from 'rxjs';
import { createDialOutManager } from 'daily-dialout-machine';
import { createEmulatorController, emulatorBundleInfo, scenario } from '/dist/testing/index.js';

const ROOM_URL = 'https://example.daily.co/room';

function listenerCounts(call) {
  const out = {};
  for (const name of call.eventNames()) {
    const count = call.listenerCount(name);
    if (count > 0) out[String(name)] = count;
  }
  return out;
}

function pick(snapshot) {
  return {
    status: snapshot.status,
    outcome: snapshot.outcome,
    attempt: snapshot.attempt,
    sessionId: snapshot.sessionId,
    provider: snapshot.provider,
    sipCallId: snapshot.sipCallId,
    errorCode: snapshot.error?.code,
    errorCause: typeof snapshot.error?.cause === 'string' ? snapshot.error.cause : undefined,
  };
}

/**
 * answer + remote hang-up, local stop while ringing, DIALOUT_IN_PROGRESS, then destroy().
 * @param {{ bundlePathOverride: string, avoidEval: boolean }} options
 */
async function runCoreScenario({ bundlePathOverride, avoidEval }) {
  const call = Daily.createCallObject({ dailyConfig: { bundlePathOverride, avoidEval } });
  const emulator = createEmulatorController(call);
  try {
    const joined = await call.join({ url: ROOM_URL });
    const baseline = listenerCounts(call);
    const manager = createDialOutManager(call);
    const statuses = [];
    manager.status$.subscribe((status) => statuses.push(status));

    emulator.play(scenario('answer', { ringMs: 20, talkMs: 20 }));
    const answered = manager.start({ phoneNumber: '+15555550100' });
    const completed = await answered.done;

    emulator.play(scenario('no-answer'));
    const ringing = manager.start({ phoneNumber: '+15555550101' });
    await firstValueFrom(ringing.snapshot$.pipe(filter((s) => s.status === 'connected')));
    await ringing.stop();

    emulator.failNext('dialout-start', 'DIALOUT_IN_PROGRESS');
    const failed = await manager.start({ phoneNumber: '+15555550102' }).done;

    manager.dispose();
    const afterDispose = listenerCounts(call);
    const meetingState = call.meetingState();
    await call.destroy();
    return {
      userAgent: navigator.userAgent,
      dailyJsVersion: Daily.version(),
      joinedLocal: Boolean(joined && joined.local && joined.local.local),
      statuses,
      completed: pick(completed),
      canceled: pick(ringing.snapshot),
      failed: pick(failed),
      emulatorSessions: emulator.sessions.map((s) => ({ sessionId: s.sessionId, destination: s.destination, state: s.state })),
      received: emulator.received.map((r) => ({
        action: r.action,
        answer: r.answer ? r.answer.kind : undefined,
        payload: r.action.startsWith('dialout-') ? r.payload : undefined,
      })),
      baseline,
      afterDispose,
      meetingState,
      destroyed: call.isDestroyed(),
      attachedAfterDestroy: emulator.attached,
      bundle: emulatorBundleInfo(),
    };
  } finally {
    emulator.dispose();
    if (!call.isDestroyed()) await call.destroy();
  }
}

window.runCoreScenario = runCoreScenario;
window.pageReady = true;
