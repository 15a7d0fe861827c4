// `npm run bench`: the figures of issue #9 ("Core on one straight path"), measured on the
// built package through its public API only (createDialOutManager from the package entry,
// FakeDailyCall and dialOutEvent from /testing), in one process run with --expose-gc.
// It prints figures; it asserts no timing. See bench/README.md for what each figure means.
//
// Environment (all optional):
//   BENCH_LIVE=1,1000,10000     live-session counts for the per-event figures
//   BENCH_SAMPLES=301           samples per event and live count (at most)
//   BENCH_LEVEL_S=10            stop sampling a live count after this many seconds (once 31 samples are in)
//   BENCH_SETUP_BUDGET_S=60     skip a live count whose setup is projected to take longer
//   BENCH_LIFECYCLE=5000        dial-outs timed for the lifecycle mean
//   BENCH_DIALOUTS=100000       dial-outs measured for heap growth
//   BENCH_WARMUP_DIALOUTS=5000  dial-outs run before the first heap reading
//   BENCH_HEAP_BUDGET_S=120     stop the heap run early after this many seconds (printed)
//   BENCH_ONLY=events,lifecycle,heap,create,size   run only these sections
//   BENCH_JSON=path             also write the figures as JSON to path
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createBaseline } from './baseline.mjs';
import { bytes, measureAll } from '../scripts/size-lib.mjs';

if (typeof globalThis.gc !== 'function') {
  console.error('bench: run node with --expose-gc (npm run bench does)');
  process.exit(1);
}

let createDialOutManager, FakeDailyCall, dialOutEvent;
try {
  ({ createDialOutManager } = await import('daily-dialout-machine'));
  ({ FakeDailyCall, dialOutEvent } = await import('daily-dialout-machine/testing'));
} catch (error) {
  console.error(`bench: cannot import the built package (run \`npm run build\`, or use \`npm run bench\`): ${error.message}`);
  process.exit(1);
}

const env = (name, fallback) => process.env[name] ?? fallback;
const int = (name, fallback) => {
  const value = Number(env(name, String(fallback)));
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got ${process.env[name]}`);
  return value;
};
const LIVE = env('BENCH_LIVE', '1,1000,10000').split(',').map(Number);
if (LIVE.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`BENCH_LIVE must list whole numbers ≥ 1, got ${process.env.BENCH_LIVE}`);
const SAMPLES = int('BENCH_SAMPLES', 301);
const MIN_SAMPLES = Math.min(31, SAMPLES);
const LEVEL_MS = int('BENCH_LEVEL_S', 10) * 1000;
const SETUP_BUDGET_MS = int('BENCH_SETUP_BUDGET_S', 60) * 1000;
const LIFECYCLE = int('BENCH_LIFECYCLE', 5000);
const DIALOUTS = int('BENCH_DIALOUTS', 100_000);
const WARMUP_DIALOUTS = int('BENCH_WARMUP_DIALOUTS', 5000);
const HEAP_BUDGET_MS = int('BENCH_HEAP_BUDGET_S', 120) * 1000;
const ONLY = new Set(env('BENCH_ONLY', 'events,lifecycle,heap,create,size').split(','));

const pkg = createRequire(import.meta.url)('daily-dialout-machine/package.json');
let commit = 'no git';
try {
  commit = execFileSync('git', ['describe', '--always', '--dirty'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {}
const results = { package: `${pkg.name}@${pkg.version}`, commit, node: process.version, date: new Date().toISOString() };
const notes = [];

// ---------------------------------------------------------------------------
// helpers

const now = () => performance.now();
const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
function us(x) {
  if (x === undefined || Number.isNaN(x)) return 'n/a';
  if (x < 10) return x.toFixed(2);
  if (x < 100) return x.toFixed(1);
  return Math.round(x).toLocaleString('en-US');
}
const int3 = (n) => n.toLocaleString('en-US');
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Waits for `cond()` through microtasks, then macrotasks (at most `maxMs`). */
async function until(cond, maxMs = 2000) {
  for (let i = 0; i < 100; i++) {
    await null;
    if (cond()) return true;
  }
  const end = now() + maxMs;
  while (now() < end) {
    await tick();
    if (cond()) return true;
  }
  return cond();
}

async function fullGc() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await tick();
  }
}

const START_OPTIONS = Object.freeze({ phoneNumber: '+15555550100' });

// ---------------------------------------------------------------------------
// per event, at N live sessions, library vs baseline

/**
 * One side of the comparison: a FakeDailyCall, what `getSnapshot()` shows and what a
 * sessions$ subscriber last saw.
 */
function librarySide() {
  const call = new FakeDailyCall();
  const manager = createDialOutManager(call, { maxEndedSessions: 0 });
  const side = { name: 'library', call, seen: undefined, sessions: () => manager.getSnapshot().sessions };
  const sub = manager.sessions$.subscribe((s) => {
    side.seen = s;
  });
  side.dispose = () => {
    sub.unsubscribe();
    manager.dispose();
  };
  return side;
}

function baselineSide() {
  const call = new FakeDailyCall();
  const baseline = createBaseline(call);
  const side = { name: 'baseline', call, seen: undefined, sessions: baseline.getSnapshot };
  const sub = baseline.sessions$.subscribe((s) => {
    side.seen = s;
  });
  side.dispose = () => {
    sub.unsubscribe();
    baseline.dispose();
  };
  return side;
}

const stats = { async: 0, invisible: 0, wrong: 0, dupChanged: 0 };

/** µs from emit until the change shows in getSnapshot() and in the sessions$ subscriber. */
async function timeChange(side, type, payload) {
  const before = side.seen;
  const t0 = now();
  side.call.emit(type, payload);
  let visible = side.seen !== before && side.sessions() === side.seen;
  if (!visible) {
    stats.async++;
    visible = await until(() => side.seen !== before && side.sessions() === side.seen);
  }
  const t1 = now();
  if (!visible) stats.invisible++;
  return (t1 - t0) * 1000;
}

/** µs from emit until it returns; nothing may change. */
function timeDuplicate(side, type, payload) {
  const before = side.seen;
  const snapshotBefore = side.sessions();
  const t0 = now();
  side.call.emit(type, payload);
  const t1 = now();
  if (side.seen !== before || side.sessions() !== snapshotBefore) stats.dupChanged++;
  return (t1 - t0) * 1000;
}

function find(side, sessionId) {
  return side.sessions().find((s) => s.sessionId === sessionId);
}

const connected = (sessionId) => dialOutEvent('dialout-connected', { sessionId });

/**
 * Brings `ids.length` remote sessions to `connected`. Gives up early when the whole setup
 * is projected past `budgetMs`: the cost per event is fitted as a + b·(live sessions) from
 * the 100-event windows around k/2 and k.
 */
function setUp(side, ids, budgetMs) {
  const n = ids.length;
  const t0 = now();
  const windows = []; // mean ms per event of events 100j … 100j+99
  let windowStart = t0;
  for (let i = 0; i < n; i++) {
    side.call.emit('dialout-connected', connected(ids[i]));
    const k = i + 1;
    if (k % 100 !== 0) continue;
    const t = now();
    windows.push((t - windowStart) / 100);
    windowStart = t;
    if (t - t0 > budgetMs) return { ok: false, reached: k, ms: t - t0, projectedMs: Infinity };
    if (k < 1000 || k % 500 !== 0 || k === n) continue;
    const hi = windows.length - 1;
    const lo = Math.floor(hi / 2);
    const cHi = windows[hi];
    const cLo = windows[lo];
    const b = Math.max(0, (cHi - cLo) / ((hi - lo) * 100));
    const a = Math.max(0, cHi - b * (hi * 100 + 50));
    const remaining = a * (n - k) + (b * (n * n - k * k)) / 2;
    if (t - t0 + remaining > budgetMs) return { ok: false, reached: k, ms: t - t0, projectedMs: t - t0 + remaining };
  }
  return { ok: true, reached: n, ms: now() - t0 };
}

const EVENTS = ['warning', 'answered', 'duplicate'];

async function runLevel(n, { samples, maxMs, record }) {
  const ids = Array.from({ length: n }, (_, i) => `live-${n}-${i}`);
  let fresh = 0;
  const lib = librarySide();
  const base = baselineSide();
  const setupLib = setUp(lib, ids, SETUP_BUDGET_MS);
  if (!setupLib.ok) {
    lib.dispose();
    base.dispose();
    return { live: n, skipped: setupLib };
  }
  const setupBase = setUp(base, ids, Infinity);
  for (const side of [lib, base]) {
    const s = side.sessions();
    if (s.length !== n || s.some((x) => x.status !== 'connected') || side.seen !== s) {
      throw new Error(`bench: ${side.name} did not bring ${n} sessions to connected`);
    }
  }
  const times = { library: { warning: [], answered: [], duplicate: [] }, baseline: { warning: [], answered: [], duplicate: [] } };
  const t0 = now();
  let k = 0;
  for (; k < samples && (k < MIN_SAMPLES || now() - t0 < maxMs); k++) {
    const slot = k % n;
    const sessionId = ids[slot];
    const order = k % 2 === 0 ? [lib, base] : [base, lib];
    const warning = dialOutEvent('dialout-warning', { sessionId, errorMsg: 'bench warning' });
    const answered = dialOutEvent('dialout-answered', { sessionId });
    for (const side of order) times[side.name].warning.push(await timeChange(side, 'dialout-warning', warning));
    for (const side of order) times[side.name].answered.push(await timeChange(side, 'dialout-answered', answered));
    for (const side of order) times[side.name].duplicate.push(timeDuplicate(side, 'dialout-answered', answered));
    for (const side of order) {
      const s = find(side, sessionId);
      if (s?.status !== 'answered' || s.warnings.length !== 1) stats.wrong++;
    }
    // untimed: replace the answered session with a fresh connected one, so the live
    // count stays n, every answer is a real change and no session collects warnings
    const next = `live-${n}-fresh-${fresh++}`;
    for (const side of [lib, base]) {
      side.call.emit('dialout-stopped', dialOutEvent('dialout-stopped', { sessionId }));
      side.call.emit('dialout-connected', connected(next));
      if (side.sessions().length !== n) throw new Error(`bench: ${side.name} no longer has ${n} live sessions`);
    }
    ids[slot] = next;
  }
  const disposeStart = now();
  lib.dispose();
  const disposeMs = now() - disposeStart;
  base.dispose();
  if (!record) return undefined;
  const row = { live: n, samples: k, setupMs: { library: setupLib.ms, baseline: setupBase.ms }, disposeMs };
  for (const event of EVENTS) {
    const l = times.library[event];
    const b = times.baseline[event];
    row[event] = {
      library: { median: median(l), p90: quantile(l, 0.9) },
      baseline: { median: median(b), p90: quantile(b, 0.9) },
      ratio: median(l) / median(b),
    };
  }
  return row;
}

async function perEvent() {
  console.log('\nPer event, µs: call.emit() until the change is in manager.getSnapshot() and a sessions$ subscriber');
  console.log('(duplicate: the same dialout-answered again, until emit returns; it must change nothing).');
  console.log('Interleaved sample by sample with the hand-written reducer (bench/baseline.mjs).');
  console.log('Live sessions: remote sessions brought to connected by dialout-connected for unknown sessionIds;');
  console.log('maxEndedSessions: 0, so sessions holds exactly the live ones.');
  // warm-up: XState's code takes a couple of thousand events to be optimised
  await runLevel(1, { samples: 3000, maxMs: 5000, record: false });
  const header = `  ${'live'.padStart(6)}  ${'event'.padEnd(9)}  ${'library med'.padStart(11)} ${'p90'.padStart(8)}   ${'baseline med'.padStart(12)} ${'p90'.padStart(7)}   ${'lib/base'.padStart(8)}`;
  console.log(header);
  const rows = [];
  for (const n of LIVE) {
    const row = await runLevel(n, { samples: SAMPLES, maxMs: LEVEL_MS, record: true });
    rows.push(row);
    if (row.skipped) {
      const s = row.skipped;
      console.log(
        `  ${int3(n).padStart(6)}  not measured: setup ${Number.isFinite(s.projectedMs) ? `projected at ~${Math.round(s.projectedMs / 1000)} s` : 'took too long'} ` +
          `(> BENCH_SETUP_BUDGET_S=${SETUP_BUDGET_MS / 1000}); ${int3(s.reached)} sessions took ${(s.ms / 1000).toFixed(1)} s`,
      );
      continue;
    }
    for (const event of EVENTS) {
      const e = row[event];
      console.log(
        `  ${int3(n).padStart(6)}  ${event.padEnd(9)}  ${us(e.library.median).padStart(11)} ${us(e.library.p90).padStart(8)}   ` +
          `${us(e.baseline.median).padStart(12)} ${us(e.baseline.p90).padStart(7)}   ${(e.ratio.toFixed(1) + '×').padStart(8)}`,
      );
    }
    console.log(
      `  ${''.padStart(6)}  (${row.samples} samples each; setup ${(row.setupMs.library / 1000).toFixed(2)} s library, ` +
        `${(row.setupMs.baseline / 1000).toFixed(3)} s baseline; dispose() with ${int3(n)} live ${us(row.disposeMs * 1000)} µs)`,
    );
  }
  const at = (n) => rows.find((r) => r.live === n && !r.skipped);
  const one = at(1);
  const thousand = at(1000);
  if (one && thousand) {
    const growth = EVENTS.map((e) => `${e} ${(thousand[e].library.median / one[e].library.median).toFixed(1)}×`).join(', ');
    console.log(`  library median at 1,000 live / at 1 live: ${growth}`);
  }
  if (stats.async) notes.push(`${stats.async} per-event samples were not visible synchronously after emit (waited)`);
  if (stats.invisible) notes.push(`${stats.invisible} per-event samples never became visible`);
  if (stats.wrong) notes.push(`${stats.wrong} times a session was not answered with one warning after its sample`);
  if (stats.dupChanged) notes.push(`${stats.dupChanged} duplicates changed a snapshot or notified a subscriber`);
  results.perEvent = rows;
}

// ---------------------------------------------------------------------------
// one dial-out, start to stopped

/**
 * A DailyCallLike whose events come from a FakeDailyCall and whose dial-out methods
 * resolve at once and keep nothing. FakeDailyCall records every call (and its
 * resolveStart looks for the oldest pending one), so over 100,000 dial-outs the test
 * double itself would grow in time and heap.
 */
function leanCall() {
  const fake = new FakeDailyCall();
  let count = 0;
  const lean = {
    fake,
    lastStop: undefined,
    call: {
      on(event, handler) {
        fake.on(event, handler);
        return this;
      },
      off(event, handler) {
        fake.off(event, handler);
        return this;
      },
      meetingState: () => fake.meetingState(),
      startDialOut: () => Promise.resolve({ session: { sessionId: `lean-${++count}` } }),
      stopDialOut: () => (lean.lastStop = Promise.resolve()),
      sendDTMF: () => Promise.resolve(),
    },
  };
  return lean;
}

let badDialOuts = 0;

/** start → startDialOut resolves → connected → answered → stop() → stopDialOut resolves → dialout-stopped → done. */
async function dialOut(manager, lean) {
  const session = manager.start(START_OPTIONS);
  if (session.sessionId === undefined && !(await until(() => session.sessionId !== undefined))) {
    throw new Error(`bench: the session never got its sessionId (status ${session.snapshot.status})`);
  }
  const sessionId = session.sessionId;
  lean.fake.emit('dialout-connected', dialOutEvent('dialout-connected', { sessionId }));
  lean.fake.emit('dialout-answered', dialOutEvent('dialout-answered', { sessionId }));
  lean.lastStop = undefined;
  const stopped = session.stop();
  if (lean.lastStop === undefined && !(await until(() => lean.lastStop !== undefined))) {
    throw new Error(`bench: stop() never called stopDialOut (status ${session.snapshot.status})`);
  }
  await lean.lastStop;
  lean.fake.emit('dialout-stopped', dialOutEvent('dialout-stopped', { sessionId }));
  await stopped;
  const final = await session.done;
  if (final.status !== 'stopped' || final.outcome !== 'completed') badDialOuts++;
}

async function lifecycle() {
  const lean = leanCall();
  const manager = createDialOutManager(lean.call);
  const sub = manager.sessions$.subscribe(() => {});
  for (let i = 0; i < 1000; i++) await dialOut(manager, lean);
  const t0 = now();
  for (let i = 0; i < LIFECYCLE; i++) await dialOut(manager, lean);
  const meanUs = ((now() - t0) * 1000) / LIFECYCLE;
  sub.unsubscribe();
  manager.dispose();
  results.lifecycle = { dialOuts: LIFECYCLE, meanUs };
  console.log(
    `\nLifecycle per dial-out (start → startDialOut resolves → connected → answered → stop() → stopDialOut resolves → ` +
      `dialout-stopped → done), one manager, default options, ${int3(LIFECYCLE)} dial-outs after 1,000: mean ${us(meanUs)} µs`,
  );
}

async function heap() {
  const lean = leanCall();
  const manager = createDialOutManager(lean.call);
  const sub = manager.sessions$.subscribe(() => {});
  for (let i = 0; i < WARMUP_DIALOUTS; i++) await dialOut(manager, lean);
  await fullGc();
  const before = process.memoryUsage().heapUsed;
  const t0 = now();
  // mean µs per dial-out in each tenth of the run, to show whether a dial-out gets slower
  const tenth = Math.max(1, Math.floor(DIALOUTS / 10));
  const tenths = [];
  let tenthStart = t0;
  let done = 0;
  while (done < DIALOUTS && now() - t0 < HEAP_BUDGET_MS) {
    await dialOut(manager, lean);
    done++;
    if (done % tenth === 0) {
      const t = now();
      tenths.push(((t - tenthStart) * 1000) / tenth);
      tenthStart = t;
    }
  }
  const seconds = (now() - t0) / 1000;
  await fullGc();
  const after = process.memoryUsage().heapUsed;
  const retained = manager.getSnapshot().sessions.length;
  const perDialOut = (after - before) / done;
  sub.unsubscribe();
  manager.dispose();
  results.heap = { warmup: WARMUP_DIALOUTS, planned: DIALOUTS, dialOuts: done, before, after, bytesPerDialOut: perDialOut, seconds, retained, tenthsMeanUs: tenths };
  const stopped = done < DIALOUTS ? ` (stopped by BENCH_HEAP_BUDGET_S=${HEAP_BUDGET_MS / 1000} after ${int3(done)} of ${int3(DIALOUTS)})` : '';
  console.log(
    `\nHeap after GC, one manager (default options, maxEndedSessions 50), ${int3(done)} sequential dial-outs ` +
      `after ${int3(WARMUP_DIALOUTS)}${stopped}:\n  ${(before / 2 ** 20).toFixed(1)} MiB → ${(after / 2 ** 20).toFixed(1)} MiB, ` +
      `${perDialOut.toFixed(1)} bytes per dial-out; ${seconds.toFixed(1)} s; ${retained} sessions retained`,
  );
  if (tenths.length >= 2) {
    console.log(`  mean µs per dial-out by tenth of the run: ${tenths.map(us).join(', ')}`);
  }
}

// ---------------------------------------------------------------------------
// create + dispose

async function createDispose() {
  const call = new FakeDailyCall();
  const samples = [];
  for (let i = 0; i < 600; i++) {
    const t0 = now();
    const manager = createDialOutManager(call);
    manager.dispose();
    const t1 = now();
    if (i >= 100) samples.push((t1 - t0) * 1000);
  }
  if (call.listenerCount() !== 0) notes.push(`create + dispose left ${call.listenerCount()} listeners on the call`);
  results.createDispose = { samples: samples.length, medianUs: median(samples), p90Us: quantile(samples, 0.9) };
  console.log(
    `\ncreateDialOutManager(call) + dispose(): median ${us(median(samples))} µs, p90 ${us(quantile(samples, 0.9))} µs ` +
      `(${samples.length} samples after 100)`,
  );
}

// ---------------------------------------------------------------------------
// size

async function size() {
  const entries = await measureAll();
  results.size = entries;
  console.log('\nSize, min+gzip bytes (esbuild bundle + minify, ESM; gzip -9; peers and node: builtins external):');
  for (const e of entries) {
    const budget = e.budget === null ? '' : `  budget ${bytes(e.budget)}${e.gzip > e.budget ? ' (over)' : ''}`;
    console.log(`  ${e.name.padEnd(42)} ${bytes(e.gzip).padStart(7)}  (minified ${bytes(e.minified)})${budget}`);
  }
}

// ---------------------------------------------------------------------------

console.log(`bench: ${results.package} (dist/; repository at ${commit}), node ${process.version}, ${results.date}`);
const started = now();
if (ONLY.has('events')) await perEvent();
if (ONLY.has('lifecycle')) await lifecycle();
if (ONLY.has('heap')) await heap();
if (ONLY.has('create')) await createDispose();
if (ONLY.has('size')) await size();
if (badDialOuts) notes.push(`${badDialOuts} dial-outs did not end stopped/completed`);
// every manager is disposed by now: what still holds the event loop would keep an app's Node process alive
const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
if (timers) notes.push(`${timers} timer(s) still scheduled after every manager was disposed`);
for (const note of notes) console.log(`note: ${note}`);
results.notes = notes;
console.log(`\nbench: done in ${((now() - started) / 1000).toFixed(1)} s`);
if (process.env.BENCH_JSON) {
  writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2) + '\n');
  console.log(`bench: figures written to ${process.env.BENCH_JSON}`);
}
process.exit(0); // do not wait for timers a manager may have left behind (reported above)
