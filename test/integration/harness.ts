/**
 * Shared setup of the integration suite: the real daily-js 0.92.2 in jsdom,
 * talking to the emulator bundle served on 127.0.0.1.
 *
 * Importing this module installs the WebRTC shim, then imports daily-js (it
 * probes the environment on import), and guards the network: any `fetch` or
 * XHR to a host other than 127.0.0.1 is refused and recorded.
 */
import type { DailyCall, DailyCallFactory, DailyCallStaticUtils, DailyEventObject } from '@daily-co/daily-js';
import { firstValueFrom, filter, type Observable } from 'rxjs';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createDialOutManager } from '../../src/index.js';
import type {
  DialOutError,
  DialOutEvent,
  DialOutManager,
  DialOutManagerOptions,
  DialOutStatus,
  DialOutWarning,
} from '../../src/index.js';
import {
  createEmulatorController,
  installWebRTCShim,
  serveEmulator,
  type EmulatorController,
  type EmulatorServer,
} from '../../src/testing/index.js';

export const ROOM_URL = 'https://example.daily.co/room';
export const PHONE = '+15555550100';

// --- the network guard: nothing but 127.0.0.1 -------------------------------------------------

/** URLs the code under test tried to reach off 127.0.0.1 (refused). */
export const blockedRequests: string[] = [];

function isLocal(url: string): boolean {
  try {
    const parsed = new URL(url, 'http://127.0.0.1/');
    return parsed.hostname === '127.0.0.1' || parsed.protocol === 'data:' || parsed.protocol === 'blob:';
  } catch {
    return false;
  }
}

const realFetch = globalThis.fetch;
globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (!isLocal(url)) {
    blockedRequests.push(url);
    return Promise.reject(new TypeError(`network guard: refused ${url} (tests may only reach 127.0.0.1)`));
  }
  return realFetch(input, init);
}) as typeof fetch;
if (typeof XMLHttpRequest === 'function') {
  const realOpen = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function open(this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    const href = String(url);
    if (!isLocal(href)) {
      blockedRequests.push(href);
      throw new TypeError(`network guard: refused ${href} (tests may only reach 127.0.0.1)`);
    }
    return (realOpen as (...args: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof XMLHttpRequest.prototype.open;
}

// --- daily-js, after the shim ----------------------------------------------------------------

export const uninstallShim = installWebRTCShim();
// daily-js ships CommonJS-style typings (no "type": "module"): under NodeNext its default import
// is typed as the module namespace, while vitest loads its ESM build, whose default is the factory.
const dailyModule = (await import('@daily-co/daily-js')) as unknown as { default: DailyCallFactory & DailyCallStaticUtils };
export const Daily = dailyModule.default;

// --- helpers ------------------------------------------------------------------------------------

type Emitter = { eventNames(): (string | symbol)[]; listenerCount(event: string | symbol): number };

/** Listener count per event name (only names with listeners). */
export function listenerCounts(call: DailyCall): Record<string, number> {
  const emitter = call as unknown as Emitter;
  const out: Record<string, number> = {};
  for (const name of emitter.eventNames()) {
    const count = emitter.listenerCount(name);
    if (count > 0) out[String(name)] = count;
  }
  return out;
}

/** Resolves with the first value of `source$` that passes `predicate`; rejects if it completes first. */
export function until<T>(source$: Observable<T>, predicate: (value: T) => boolean): Promise<T> {
  return firstValueFrom(source$.pipe(filter(predicate)));
}

/** Lets messages already posted (jsdom delivers `postMessage` from a `setTimeout(0)`) be delivered. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Resolves with the next `event` daily-js emits on `call`. */
export function nextEvent<E extends string>(call: DailyCall, event: E): Promise<DailyEventObject> {
  return new Promise((resolve) => {
    const handler = (e: unknown) => {
      call.off(event as never, handler as never);
      resolve(e as DailyEventObject);
    };
    call.on(event as never, handler as never);
  });
}

export interface EmulatedCall {
  readonly call: DailyCall;
  readonly emulator: EmulatorController;
}

export interface ManagedCall extends EmulatedCall {
  readonly manager: DialOutManager;
  /** Every value of `manager.status$`, in order. */
  readonly statuses: DialOutStatus[];
  readonly events: DialOutEvent[];
  readonly errors: DialOutError[];
  readonly warnings: DialOutWarning[];
  /** Listener counts on the call just before the manager was created. */
  readonly baseline: Record<string, number>;
}

/**
 * Registers the suite's hooks: one emulator server per file; after each test
 * the manager is disposed (and must have removed every listener it added),
 * the call object destroyed and the controller disposed.
 */
export function useEmulatedCalls() {
  let server: EmulatorServer | undefined;
  const open: Array<EmulatedCall & { manager?: DialOutManager; baseline?: Record<string, number> }> = [];

  beforeAll(async () => {
    server = await serveEmulator();
  });

  afterEach(async () => {
    const entries = open.splice(0);
    for (const entry of entries) {
      if (entry.manager) {
        entry.manager.dispose();
        expect(listenerCounts(entry.call), 'listeners left on the call after manager.dispose()').toEqual(entry.baseline);
      }
      if (!entry.call.isDestroyed()) await entry.call.destroy();
      entry.emulator.dispose();
    }
    expect(blockedRequests, 'requests off 127.0.0.1').toEqual([]);
  });

  afterAll(async () => {
    await server?.close();
  });

  function url(): string {
    if (!server) throw new Error('the emulator server is not running (useEmulatedCalls() registers it in beforeAll)');
    return server.url;
  }

  /** A call object on the emulator and its controller; not joined. */
  function create(): EmulatedCall {
    const call = Daily.createCallObject({ dailyConfig: { bundlePathOverride: url() } });
    const emulator = createEmulatorController(call);
    const entry = { call, emulator };
    open.push(entry);
    return entry;
  }

  /** A joined call object with a manager on it, everything the manager emits recorded. */
  async function joinWithManager(options: DialOutManagerOptions = {}): Promise<ManagedCall> {
    const { call, emulator } = create();
    await call.join({ url: ROOM_URL });
    const baseline = listenerCounts(call);
    const manager = createDialOutManager(call, options);
    const entry = open.find((e) => e.call === call);
    if (entry) {
      entry.manager = manager;
      entry.baseline = baseline;
    }
    const statuses: DialOutStatus[] = [];
    const events: DialOutEvent[] = [];
    const errors: DialOutError[] = [];
    const warnings: DialOutWarning[] = [];
    manager.status$.subscribe((s) => statuses.push(s));
    manager.events$.subscribe((e) => events.push(e));
    manager.errors$.subscribe((e) => errors.push(e));
    manager.warnings$.subscribe((w) => warnings.push(w));
    return { call, emulator, manager, statuses, events, errors, warnings, baseline };
  }

  return { url, create, joinWithManager };
}
