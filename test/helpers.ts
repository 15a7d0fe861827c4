import { afterEach, beforeEach, vi } from 'vitest';
import { createDialOutManager } from '../src/index.js';
import type { DialOutEvent, DialOutManagerOptions, DialOutError, DialOutWarning } from '../src/index.js';
import { FakeDailyCall } from '../src/testing/index.js';

/** Lets promise settlements (daily-js promises → XState promise actors) run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A manager on a fake call, with everything it emits recorded. */
export function setup(options: DialOutManagerOptions = {}, call = new FakeDailyCall()) {
  const baseline = call.listenerCount();
  const manager = createDialOutManager(call, options);
  const events: DialOutEvent[] = [];
  const errors: DialOutError[] = [];
  const warnings: DialOutWarning[] = [];
  manager.events$.subscribe((e) => events.push(e));
  manager.errors$.subscribe((e) => errors.push(e));
  manager.warnings$.subscribe((w) => warnings.push(w));
  return { call, manager, events, errors, warnings, baseline };
}

/** Fails the test on any console.warn / console.error (XState reports problems there). */
export function failOnConsole() {
  let warn: ReturnType<typeof vi.spyOn>;
  let error: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn');
    error = vi.spyOn(console, 'error');
  });
  afterEach(() => {
    const calls = [...warn.mock.calls, ...error.mock.calls];
    if (calls.length > 0) throw new Error(`console was used: ${JSON.stringify(calls.map((c) => String(c[0])))}`);
  });
}

export const PHONE = '+15555550100';
export const SIP = 'sip:bob@example.com';

/** A manager with one local session that started as `S1`, rang and was answered. */
export async function answeredSession(options: DialOutManagerOptions = {}) {
  const t = setup(options);
  const session = t.manager.start({ phoneNumber: PHONE, displayName: 'Support' });
  t.call.resolveStart('S1');
  await flush();
  t.call.emit('dialout-connected', { sessionId: 'S1', provider: 'signalwire', sipCallId: 'call-1' });
  t.call.emit('dialout-answered', { sessionId: 'S1', provider: 'signalwire', sipCallId: 'call-1' });
  return { ...t, session };
}
