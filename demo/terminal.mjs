// A terminal demo of daily-dialout-machine on the fake call from its testing entry point.
// It needs no Daily account and no browser: `npm run demo:terminal` builds the package, then runs this.
// The browser console on real daily-js is `npm run demo` (demo/index.html); this shows the model at work.
import { createDialOutManager } from 'daily-dialout-machine';
import { FakeDailyCall } from 'daily-dialout-machine/testing';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const call = new FakeDailyCall();
const manager = createDialOutManager(call, { ringTimeoutMs: 5_000 });
const t0 = Date.now();
const stamp = () => `+${String(Date.now() - t0).padStart(5)} ms`;

manager.status$.subscribe((status) => console.log(`${stamp()}  status$   ${status}`));
manager.events$.subscribe((e) => console.log(`${stamp()}  events$   ${e.type} sessionId=${e.sessionId ?? '-'} → ${e.localId ?? 'unattributed'}`));
manager.warnings$.subscribe((w) => console.log(`${stamp()}  warnings$ ${w.message}`));
manager.errors$.subscribe((e) => console.log(`${stamp()}  errors$   ${e.code}: ${e.message}`));

console.log('1) A call that is answered, gets a late duplicate event, then hangs up');
const session = manager.start({ phoneNumber: '+12268077097', displayName: 'Support Line' });
call.emit('dialout-connected', { sessionId: 'demo-1' }); // arrives before startDialOut() resolves: held
await sleep(300);
call.resolveStart('demo-1');
await sleep(700);
call.emit('dialout-answered', { sessionId: 'demo-1' });
call.emit('dialout-connected', { sessionId: 'demo-1' }); // late duplicate: ignored, never backwards
call.emit('dialout-warning', { sessionId: 'demo-1', errorMsg: 'codec fallback to PCMU' });
await sleep(1_000);
call.emit('dialout-stopped', { sessionId: 'demo-1' });
const final = await session.done;
console.log(`   final: ${final.status}, outcome ${final.outcome}, talked ${final.durationMs} ms, ${final.warnings.length} warning(s)`);

console.log('2) A start rejected with DIALOUT_IN_PROGRESS, and an error without sessionId from someone else');
const second = manager.start({ sipUri: 'sip:bob@example.com' });
call.rejectStart('DIALOUT_IN_PROGRESS');
await second.done;
call.emit('dialout-error', { errorMsg: 'no route to destination' });

manager.dispose();
console.log(`listeners left on the call after dispose(): ${call.listenerCount()}`);
