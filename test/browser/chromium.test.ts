// @vitest-environment node
/**
 * The core dial-out scenario in headless Chromium (Debian `chromium`, driven by
 * playwright-core): a page on 127.0.0.1 loads the real daily-js 0.92.2, the
 * emulator bundle and our built package (dist/, from `npm run build`; built
 * here first if missing or stale), and runs answer + remote hang-up, a local
 * stop while ringing and DIALOUT_IN_PROGRESS, through both daily-js bundle
 * loaders. Chromium may reach no host but 127.0.0.1: its resolver maps every
 * other name to nothing, and every request off 127.0.0.1 is aborted and fails
 * the test.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, launchOfflineChromium, recordPageErrors, root, servePage, type PageServer } from './support.js';


interface Picked {
  status: string;
  outcome?: string;
  attempt: number;
  sessionId?: string;
  provider?: string;
  sipCallId?: string;
  errorCode?: string;
  errorCause?: string;
}

interface PageResult {
  userAgent: string;
  dailyJsVersion: string;
  joinedLocal: boolean;
  statuses: string[];
  completed: Picked;
  canceled: Picked;
  failed: Picked;
  emulatorSessions: Array<{ sessionId: string; destination?: string; state: string }>;
  received: Array<{ action: string; answer?: string; payload?: Record<string, unknown> }>;
  baseline: Record<string, number>;
  afterDispose: Record<string, number>;
  meetingState: string;
  destroyed: boolean;
  attachedAfterDestroy: boolean;
  bundle: { protocol: number; emulates: string; evaluations: number } | undefined;
}

type EmulatorServer = { url: string; close(): Promise<void> };

let pageServer: PageServer;
let emulatorServer: EmulatorServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let offHost: string[] = [];
const requested: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  ensureBuilt();
  // the built package's serveEmulator(), as a user would import it
  const testing = (await import(pathToFileURL(join(root, 'dist/testing/index.js')).href)) as {
    serveEmulator(): Promise<EmulatorServer>;
  };
  emulatorServer = await testing.serveEmulator();
  pageServer = await servePage();

  ({ browser, context, offHost } = await launchOfflineChromium());
  page = await context.newPage();
  page.on('request', (request) => requested.push(request.url()));
  recordPageErrors(page, pageErrors);
  page.on('requestfailed', (request) => pageErrors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  await page.goto(`${pageServer.url}/`);
  try {
    await page.waitForFunction(() => (window as unknown as { pageReady?: boolean }).pageReady === true, undefined, { timeout: 15_000 });
  } catch (error) {
    throw new Error(`the test page did not load: ${String(error)}\n${pageErrors.join('\n')}`);
  }
}, 120_000);

afterEach(() => {
  expect(offHost, 'requests off 127.0.0.1').toEqual([]);
  expect(requested.filter((url) => !url.startsWith('http://127.0.0.1:')), 'requests off 127.0.0.1').toEqual([]);
  expect(pageErrors, 'errors in the page').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await pageServer?.close();
  await emulatorServer?.close();
});

function run(options: { bundlePathOverride: string; avoidEval: boolean }): Promise<PageResult> {
  return page.evaluate(
    (o) => (window as unknown as { runCoreScenario(o: unknown): Promise<PageResult> }).runCoreScenario(o),
    options,
  );
}

function expectCoreScenario(result: PageResult): void {
  expect(result.userAgent).toMatch(/Chrome\/\d+/);
  expect(result.dailyJsVersion).toMatch(/^0\.92\./);
  expect(result.joinedLocal).toBe(true);
  expect(result.statuses).toEqual([
    'idle',
    'connecting',
    'connected',
    'answered',
    'stopped', // answered, then the far end hung up
    'connecting',
    'connected',
    'stopping',
    'stopped', // stopped locally while ringing
    'connecting',
    'error', // DIALOUT_IN_PROGRESS
  ]);
  const [first, second] = result.emulatorSessions;
  expect(result.completed).toMatchObject({ status: 'stopped', outcome: 'completed', attempt: 1, sessionId: first?.sessionId, provider: 'signalwire' });
  expect(result.canceled).toMatchObject({ status: 'stopped', outcome: 'canceled', sessionId: second?.sessionId });
  expect(result.failed).toMatchObject({ status: 'error', outcome: 'failed', errorCode: 'DIALOUT_IN_PROGRESS', errorCause: 'DIALOUT_IN_PROGRESS' });
  expect(result.emulatorSessions).toEqual([
    { sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/), destination: '+15555550100', state: 'ended' },
    { sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/), destination: '+15555550101', state: 'ended' },
  ]);
  expect(result.received.filter((r) => r.action !== 'transmit-log')).toEqual([
    { action: 'join-meeting', answer: 'reply' },
    { action: 'dialout-start', answer: 'reply', payload: { phoneNumber: '+15555550100', provider: 'signalwire' } },
    { action: 'dialout-start', answer: 'reply', payload: { phoneNumber: '+15555550101', provider: 'signalwire' } },
    { action: 'dialout-stop', answer: 'reply', payload: { sessionId: second?.sessionId } },
    { action: 'dialout-start', answer: 'error', payload: { phoneNumber: '+15555550102', provider: 'signalwire' } },
    { action: 'leave-meeting', answer: 'event' },
  ]);
  expect(result.afterDispose).toEqual(result.baseline); // the manager left no listener behind
  expect(result.meetingState).toBe('joined-meeting');
  expect(result.destroyed).toBe(true);
  expect(result.attachedAfterDestroy).toBe(false);
}

describe('headless Chromium: real daily-js + emulator + built package', () => {
  it('fetch + eval loader, bundle from serveEmulator() (cross-origin, CORS)', async () => {
    const result = await run({ bundlePathOverride: emulatorServer.url, avoidEval: false });

    expectCoreScenario(result);
    expect(result.bundle).toEqual({ protocol: 1, emulates: '0.92.x', evaluations: 1 });
    expect(requested).toContain(`${emulatorServer.url}/call-machine-object-bundle.js`);
  });

  it('<script> loader (avoidEval), bundle = dist/testing/call-machine-object-bundle.js', async () => {
    const result = await run({ bundlePathOverride: `${pageServer.url}/dist/testing`, avoidEval: true });

    expectCoreScenario(result);
    expect(result.bundle?.evaluations).toBe(2);
    expect(requested).toContain(`${pageServer.url}/dist/testing/call-machine-object-bundle.js`);
    // the built file is exactly emulatorBundleSource of the built module, as plain Node loads it
    // (vitest transforms the modules it imports, which reformats the function text it serves above)
    const built = readFileSync(join(root, 'dist/testing/call-machine-object-bundle.js'), 'utf8');
    const source = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "process.stdout.write((await import('./dist/testing/emulator/bundle.js')).emulatorBundleSource)"],
      { cwd: root, encoding: 'utf8' },
    );
    expect(built).toBe(source);
  });
});
