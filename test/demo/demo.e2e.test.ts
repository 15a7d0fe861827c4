// @vitest-environment node
/**
 * The demo console end to end, in headless Chromium (Debian `chromium`, driven by
 * playwright-core): the demo's Vite dev server is started here (its own config, on 127.0.0.1,
 * with the embedded demo server offline), and the page runs the real daily-js against the
 * emulator bundle the dev server serves. Assertions are about what a person sees: texts,
 * enabled/disabled controls, aria attributes. Chromium may reach no host but 127.0.0.1.
 */
import { mkdirSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureBuilt, launchOfflineChromium, recordPageErrors, root } from '../browser/support.js';

const ARTIFACTS = join(root, 'test/artifacts');
const WAIT = { timeout: 10_000, interval: 25 };

let vite: ViteDevServer;
let baseUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let offHost: string[] = [];
const pageErrors: string[] = [];

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  ensureBuilt(); // the page imports the package by name: dist/, through package.json "exports"
  mkdirSync(ARTIFACTS, { recursive: true });
  // the demo's own Vite config; the embedded demo server offline whatever the environment says
  const { demoViteConfig } = await import('../../demo/vite.config.js');
  vite = await createServer({ ...demoViteConfig({ port: await freePort(), demoServer: {} }), configFile: false, logLevel: 'error' });
  await vite.listen();
  baseUrl = (vite.resolvedUrls?.local[0] ?? '').replace(/\/$/, '');
  expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

  ({ browser, context, offHost } = await launchOfflineChromium({ viewport: { width: 1360, height: 960 } }));
}, 120_000);

beforeEach(async () => {
  page = await context.newPage();
  page.setDefaultTimeout(8_000);
  page.on('request', (request) => {
    if (!request.url().startsWith('http://127.0.0.1:') && !request.url().startsWith('data:')) offHost.push(request.url());
  });
  recordPageErrors(page, pageErrors);
});

afterEach(async () => {
  await page?.close();
  expect(offHost, 'requests off 127.0.0.1').toEqual([]);
  expect(pageErrors, 'errors in the page').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await vite?.close();
});

/** Opens the console and waits until the call has joined (the Call button is enabled then). */
async function openConsole(query = ''): Promise<void> {
  await page.goto(`${baseUrl}/${query}`);
  await expect.poll(() => page.locator('#call-state').textContent(), WAIT).toMatch(/^Joined /);
  expect(await page.getByRole('button', { name: 'Call', exact: true }).isEnabled()).toBe(true);
}

/** The newest session's card (the list is newest first). */
function newest(): Locator {
  return page.locator('#sessions > li').first();
}

function field(card: Locator, name: string): Locator {
  return card.locator(`[data-field="${name}"]`);
}

/** Records every status text the newest card shows, as the page renders it. */
async function recordStatuses(): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenStatuses: string[] }).seenStatuses = seen;
    const list = document.getElementById('sessions')!;
    const read = () => {
      const text = list.querySelector('li [data-field="status"]')?.textContent ?? '';
      if (text && seen.at(-1) !== text) seen.push(text);
    };
    new MutationObserver(read).observe(list, { subtree: true, childList: true, characterData: true });
  });
}

async function seenStatuses(): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { seenStatuses: string[] }).seenStatuses);
}

async function setRemote(behaviour: string, ringSeconds: string, hangUpSeconds: string): Promise<void> {
  await page.getByLabel('Does').selectOption('answer');
  await page.getByLabel('Answers (or fails) after, s').fill(ringSeconds);
  await page.getByLabel('Hangs up after, s').fill(hangUpSeconds);
  await page.getByLabel('Does').selectOption(behaviour);
}

async function dial(target: string, displayName = ''): Promise<void> {
  await page.getByLabel('Phone number or SIP URI').fill(target);
  await page.getByLabel('Display name').fill(displayName);
  await page.getByRole('button', { name: 'Call', exact: true }).click();
}

/** The payloads of the requests of `action` the emulator (Daily here) received from daily-js, oldest first. */
async function received(action: string): Promise<Record<string, unknown>[]> {
  return page.evaluate((name) => {
    // main.ts puts the page's objects on window.dialOutDemo
    const demo = (window as unknown as { dialOutDemo?: { emulator?: { received: readonly { action: string; payload: Record<string, unknown> }[] } } }).dialOutDemo;
    return (demo?.emulator?.received ?? []).filter((r) => r.action === name).map((r) => r.payload);
  }, action);
}

/** The card of a local id. */
function card(id: string): Locator {
  return page.locator(`#sessions > li[data-id="${id}"]`);
}

describe('the demo console (npm run demo) in headless Chromium', () => {
  it('places a call the callee answers then hangs up, shows a rejected start, and validation errors', async () => {
    await openConsole();
    await expect.poll(() => page.locator('#mode').textContent()).toMatch(/^Emulator \(offline\)/);
    expect(await page.locator('#sessions-empty').isVisible()).toBe(true);
    // the diagram: every top-level state of the machine, nothing highlighted yet
    expect(await page.locator('svg.diagram g.node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-state')))).toEqual([
      'idle',
      'connecting',
      'connected',
      'answered',
      'stopping',
      'stopped',
      'error',
    ]);
    expect(await page.locator('svg.diagram g.node.current').count()).toBe(0);

    // 1. the callee rings 0.5 s, answers, and hangs up after 4 s
    await setRemote('answer', '0.5', '4');
    await expect.poll(() => page.locator('#remote-summary').textContent()).toBe('Rings 0.5 s, answers, hangs up after 4 s.');
    await recordStatuses();
    await dial('+15555550100', 'Support');
    const first = newest();

    // connected: ringing, the keypad still disabled
    await expect.poll(() => field(first, 'status').textContent(), WAIT).toBe('connected');
    expect(await page.getByRole('button', { name: '5', exact: true }).isDisabled()).toBe(true);
    expect(await field(first, 'ringing').textContent()).toMatch(/^0:0\d$/);
    expect(await field(first, 'target').textContent()).toBe('+•••••••0100');
    expect(await field(first, 'initiator').textContent()).toBe('local');
    expect(await field(first, 'displayName').textContent()).toBe('Support');

    // answered: the talking clock ticks, the keypad works, the diagram follows
    await expect.poll(() => field(first, 'status').textContent(), WAIT).toBe('answered');
    expect(await field(first, 'talking').textContent()).toMatch(/^0:0[01]$/);
    await expect.poll(() => field(first, 'talking').textContent(), WAIT).toBe('0:01');
    expect(await field(first, 'status').textContent()).toBe('answered');
    expect(await page.locator('svg.diagram g.node[data-state="answered"]').getAttribute('class')).toContain('current');
    expect(await page.locator('svg.diagram g.node[data-state="answered"]').getAttribute('aria-current')).toBe('step');
    expect(await page.locator('.diagram-figure figcaption').textContent()).toContain('is in state “answered”');
    expect(await page.locator('#announcer').textContent()).toBe('Call to +•••••••0100: answered.');
    expect(await page.locator('#keypad-for').textContent()).toBe('Keypad for Call to +•••••••0100 (answered)');
    await page.getByRole('button', { name: '5', exact: true }).click();
    await page.getByRole('button', { name: 'Pound' }).focus();
    await page.keyboard.press('1'); // typing works while the keypad has focus
    await expect.poll(() => page.locator('#dtmf-sent').textContent(), WAIT).toBe('Sent: 51');
    expect(await first.getByRole('button', { name: 'Hang up' }).isEnabled()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'demo-answered.png') });
    await expect.poll(() => field(first, 'talking').textContent(), WAIT).toBe('0:02'); // still ticking
    expect(await field(first, 'status').textContent()).toBe('answered');

    // the callee hangs up: stopped, outcome completed; nothing to hang up or dial any more
    await expect.poll(() => field(first, 'status').textContent(), WAIT).toBe('stopped');
    expect(await field(first, 'outcome').textContent()).toBe('completed');
    expect(await field(first, 'talking').textContent()).toMatch(/^0:0[34]$/);
    expect(await first.getByRole('button', { name: 'Hang up' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: '5', exact: true }).isDisabled()).toBe(true);
    expect(await page.locator('#announcer').textContent()).toBe('Call to +•••••••0100: stopped, outcome completed. They hung up.');
    expect(await field(first, 'ended').textContent()).toBe('They hung up');
    expect((await seenStatuses()).filter((s) => s !== 'idle')).toEqual(['connecting', 'connected', 'answered', 'stopped']);
    expect(await field(first, 'path').textContent()).toMatch(/connecting → connected → answered → stopped$/);
    expect(await page.locator('svg.diagram g.node.current').getAttribute('data-state')).toBe('stopped');

    // the event log, newest first, numbers masked
    const log = page.locator('#event-log > li');
    await expect.poll(() => log.first().locator('.type').textContent()).toBe('dialout-stopped');
    expect(await log.locator('.type').allTextContents()).toEqual(['dialout-stopped', 'dialout-answered', 'dialout-connected']);
    expect(await page.locator('#event-log').textContent()).toContain('+•••••••0100');
    expect(await page.locator('#event-log').textContent()).not.toContain('+15555550100');
    await page.getByLabel('Show full phone numbers').check();
    expect(await page.locator('#event-log').textContent()).toContain('+15555550100');
    expect(await field(first, 'target').textContent()).toBe('+15555550100');
    await page.getByLabel('Show full phone numbers').uncheck();

    // 2. Daily rejects the next start with DIALOUT_IN_PROGRESS
    await setRemote('reject:DIALOUT_IN_PROGRESS', '0.5', '');
    expect(await page.getByLabel('Answers (or fails) after, s').isDisabled()).toBe(true);
    await dial('+15555550101');
    await expect.poll(() => page.locator('#sessions > li').count(), WAIT).toBe(2);
    const rejected = newest();
    await expect.poll(() => field(rejected, 'status').textContent(), WAIT).toBe('error');
    expect(await field(rejected, 'error').textContent()).toMatch(/^DIALOUT_IN_PROGRESS: /);
    expect(await field(rejected, 'outcome').textContent()).toBe('failed');
    expect(await field(rejected, 'path').textContent()).toMatch(/connecting → error$/);
    expect(await rejected.getAttribute('class')).toContain('newest');
    expect(await rejected.getAttribute('aria-label')).toBe('Call to +•••••••0101: error (newest)');
    expect(await page.locator('#sessions > li').nth(1).getAttribute('class')).not.toContain('newest');
    expect(await page.locator('#announcer').textContent()).toBe('Call to +•••••••0101: error, DIALOUT_IN_PROGRESS. A dial-out is already in progress.');
    expect(await page.locator('svg.diagram g.node.current').getAttribute('data-state')).toBe('error');

    // 3. validation errors next to the fields they name, nothing started
    const eventsBefore = await log.count();
    await dial('12345', 'x'.repeat(200));
    const targetError = page.locator('#target-error');
    await expect.poll(() => targetError.isVisible()).toBe(true);
    expect(await targetError.textContent()).toContain("phoneNumber must be an E.164 phone number: '+' then 2 to 15 digits");
    expect(await page.getByLabel('Phone number or SIP URI').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#display-name-error').textContent()).toBe('displayName must be shorter than 200 characters, got 200');
    expect(await page.getByLabel('Display name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('target');
    expect(await page.locator('#sessions > li').count()).toBe(2);
    expect(await log.count()).toBe(eventsBefore);
    await dial('', '');
    expect(await targetError.textContent()).toBe('sipUri either sipUri or phoneNumber is required');
    expect(await page.locator('#display-name-error').isVisible()).toBe(false);
    expect(await page.locator('#sessions > li').count()).toBe(2);
  }, 30_000);

  it('says why a call failed: Busy with its SIP status and Daily’s actionTraceId (copyable), Not allowed', async () => {
    await openConsole();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });

    // 1. the callee is busy: Daily's dialout-error carries SIP 486 Busy Here
    await setRemote('busy', '0.3', '');
    await expect.poll(() => page.locator('#remote-summary').textContent()).toBe('Does not ring: after 0.3 s, a dialout-error with SIP 486 Busy Here.');
    expect(await page.getByLabel('Hangs up after, s').isDisabled()).toBe(true);
    await dial('+15555550100');
    const busy = newest();
    await expect.poll(() => field(busy, 'status').textContent(), WAIT).toBe('error');
    await expect.poll(() => field(busy, 'ended').textContent(), WAIT).toBe('Busy (SIP 486)');
    expect(await field(busy, 'ended').isVisible()).toBe(true);
    expect(await field(busy, 'error').textContent()).toBe('DIALOUT_ERROR: Dial-out failed: 486 Busy Here');
    expect(await field(busy, 'outcome').textContent()).toBe('failed');
    expect(await page.locator('#announcer').textContent()).toBe('Call to +•••••••0100: error, DIALOUT_ERROR. Busy (SIP 486).');
    expect(await busy.getByRole('button', { name: 'Hang up' }).isDisabled()).toBe(true);
    // the actionTraceId Daily sent with the event, small and copyable
    const trace = (await field(busy, 'trace').textContent()) ?? '';
    expect(trace).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    await busy.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => busy.locator('button.copy').textContent(), WAIT).toBe('Copied');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(trace);
    // the retry row only shows while a retry waits
    expect(await field(busy, 'retry').isVisible()).toBe(false);

    // 2. Daily refuses the start: dial-out is not enabled for the room
    await setRemote('not-allowed', '0.3', '');
    await dial('+15555550101');
    await expect.poll(() => page.locator('#sessions > li').count(), WAIT).toBe(2);
    const refused = newest();
    await expect.poll(() => field(refused, 'ended').textContent(), WAIT).toBe('Not allowed: is dial-out enabled for the room?');
    expect(await field(refused, 'error').textContent()).toMatch(/^NOT_ALLOWED: unable to start dialout \(is dialout enabled\?/);
    expect(await field(refused, 'trace').isVisible()).toBe(false); // no event, no actionTraceId
    await page.screenshot({ path: join(ARTIFACTS, 'demo-ended-why.png') });
  }, 30_000);

  it('counts down to a retry, then You hung up; a hang-up racing the callee’s (NOT_FOUND) still reads You hung up', async () => {
    await openConsole();
    // every text the newest card's retry row shows, however briefly
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenRetries: string[] }).seenRetries = seen;
      const list = document.getElementById('sessions')!;
      new MutationObserver(() => {
        const text = list.querySelector('li [data-field="retry"]')?.textContent ?? '';
        if (text && seen.at(-1) !== text) seen.push(text);
      }).observe(list, { subtree: true, childList: true, characterData: true });
    });

    // 1. Daily answers the first start TEMPORARILY_NOT_AVAILABLE; the manager retries, the callee answers
    await setRemote('retry', '0.3', '');
    await dial('+15555550100');
    const retried = newest();
    await expect.poll(() => field(retried, 'status').textContent(), { ...WAIT, timeout: 15_000 }).toBe('answered');
    const retries = await page.evaluate(() => (window as unknown as { seenRetries: string[] }).seenRetries);
    expect(retries.length).toBeGreaterThan(0);
    for (const text of retries) expect(text).toMatch(/^Retrying (in [1-4] s|now) \(attempt 1 failed: TEMPORARILY_NOT_AVAILABLE\)$/);
    expect(await field(retried, 'retry').isVisible()).toBe(false);
    expect(await field(retried, 'attempt').textContent()).toBe('2');
    expect(await field(retried, 'error').isVisible()).toBe(false); // retrying is not failing
    expect(await field(retried, 'ended').isVisible()).toBe(false); // live: nobody ended it yet
    await retried.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => field(retried, 'ended').textContent(), WAIT).toBe('You hung up');
    expect(await field(retried, 'status').textContent()).toBe('stopped');
    expect(await page.locator('#announcer').textContent()).toBe('Call to +•••••••0100: stopped, outcome completed. You hung up.');

    // 2. the callee hangs up 0.5 s after answering, but Daily's dialout-stopped takes 5 s: hanging up in
    //    between, Daily answers stopDialOut() with NOT_FOUND, and the page shows no failure
    await setRemote('hangup-race', '0.3', '0.5');
    await dial('+15555550101');
    await expect.poll(() => page.locator('#sessions > li').count(), WAIT).toBe(2);
    const race = newest();
    await expect.poll(() => field(race, 'status').textContent(), WAIT).toBe('answered');
    await expect.poll(() => field(race, 'talking').textContent(), WAIT).toBe('0:01'); // the callee is gone at Daily's end
    await race.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => field(race, 'ended').textContent(), WAIT).toBe('You hung up');
    expect(await field(race, 'status').textContent()).toBe('stopped');
    expect(await field(race, 'outcome').textContent()).toBe('completed');
    expect(await race.locator('.card-note').textContent()).toBe(''); // no "Hang up failed"
    expect(await field(race, 'error').isVisible()).toBe(false);
    // stopped without Daily's dialout-stopped (still on its way)
    expect(await page.locator('#event-log > li').first().locator('.type').textContent()).toBe('dialout-answered');
  }, 40_000);

  it('transfers an answered call (Transfer, REFER): the library validates the destination, Daily refuses one, then the card ends Transferred', async () => {
    await openConsole();
    await setRemote('answer', '0.3', '');
    await dial('+15555550100');
    const first = newest();
    await expect.poll(() => field(first, 'status').textContent(), WAIT).toBe('answered');
    // Daily's phone-leg participant is in the room, its audio playing
    await expect.poll(() => field(first, 'audio').textContent(), WAIT).toBe('playable');
    expect(await field(first, 'transfer').isVisible()).toBe(false);
    const to = first.getByLabel('Transfer destination');
    const transfer = first.getByRole('button', { name: 'Transfer', exact: true });
    const refer = first.getByRole('button', { name: 'REFER', exact: true });
    const error = first.locator('.transfer-form .field-error');
    expect(await transfer.isEnabled()).toBe(true);

    // 1. validated by the library (DialOutValidationError), shown under the field; nothing reaches Daily
    await to.fill('12345');
    await transfer.click();
    await expect.poll(() => error.textContent(), WAIT).toBe("toEndPoint must start with 'sip:' (a SIP URI) or '+' (an E.164 phone number)");
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    await to.fill('+15555550123');
    expect(await error.isVisible()).toBe(false); // typing clears it
    await refer.click();
    await expect.poll(() => error.textContent(), WAIT).toBe("toEndPoint must be a SIP URI starting 'sip:' (a REFER hands the call to a SIP endpoint)");
    expect(await received('sip-call-transfer')).toEqual([]);
    expect(await field(first, 'transfer').isVisible()).toBe(false);

    // 2. Daily refuses the transfer: failed, with its category and SIP status; the call goes on
    await page.getByLabel('Answers a transfer').selectOption('busy');
    await transfer.click();
    await expect.poll(() => field(first, 'transfer').textContent(), WAIT).toBe('Transfer to +•••••••0123: failed: Busy (SIP 486)');
    expect(await field(first, 'status').textContent()).toBe('answered');
    expect(await error.isVisible()).toBe(false); // Daily's refusal is the Transfer row's, not a form error
    await expect.poll(() => transfer.isEnabled(), WAIT).toBe(true); // after a failure, another try

    // 3. Daily accepts: the leg leaves the room 1 s later, and the card ends Transferred
    await page.getByLabel('Answers a transfer').selectOption('accept');
    await transfer.click();
    await expect.poll(() => field(first, 'transfer').textContent(), WAIT).toBe('Transfer to +•••••••0123: accepted by Daily');
    expect(await field(first, 'status').textContent()).toBe('answered');
    expect(await transfer.isDisabled()).toBe(true); // one transfer at a time
    await expect.poll(() => field(first, 'ended').textContent(), WAIT).toBe('Transferred');
    expect(await field(first, 'status').textContent()).toBe('stopped');
    expect(await field(first, 'outcome').textContent()).toBe('transferred');
    expect(await field(first, 'audio').textContent()).toBe('left the room');
    expect(await field(first, 'transfer').textContent()).toBe('Transfer to +•••••••0123: accepted by Daily');
    expect(await first.locator('.transfer-form').isVisible()).toBe(false);
    expect(await page.locator('#announcer').textContent()).toBe('Call to +•••••••0100: stopped, outcome transferred. Transferred.');
    const sessionId = await field(first, 'sessionId').textContent();
    // daily-js got a fresh object each time; sipCallTransfer() sends useSipRefer: false
    expect(await received('sip-call-transfer')).toEqual([
      { sessionId, toEndPoint: '+15555550123', useSipRefer: false },
      { sessionId, toEndPoint: '+15555550123', useSipRefer: false },
    ]);
    expect(await page.locator('#remote-received > li').allTextContents()).toEqual([
      'sip-call-transfer to +•••••••0123, useSipRefer: false: accepted',
      'sip-call-transfer to +•••••••0123, useSipRefer: false: refused (Transfer failed: 486 Busy Here)',
    ]);

    // 4. a REFER: sipRefer() reaches Daily with useSipRefer: true
    await dial('+15555550101');
    await expect.poll(() => page.locator('#sessions > li').count(), WAIT).toBe(2);
    const second = newest();
    await expect.poll(() => field(second, 'status').textContent(), WAIT).toBe('answered');
    await second.getByLabel('Transfer destination').fill('sip:desk@example.com');
    await second.getByRole('button', { name: 'REFER', exact: true }).click();
    await expect.poll(() => field(second, 'ended').textContent(), WAIT).toBe('Transferred');
    expect(await field(second, 'transfer').textContent()).toBe('REFER to sip:••sk@example.com: accepted by Daily');
    expect(await field(second, 'outcome').textContent()).toBe('transferred');
    const referred = (await received('sip-call-transfer')).at(-1);
    expect(referred).toEqual({ sessionId: await field(second, 'sessionId').textContent(), toEndPoint: 'sip:desk@example.com', useSipRefer: true });
    await page.screenshot({ path: join(ARTIFACTS, 'demo-transferred.png') });
  }, 30_000);

  it('DTMF both ways: sends any length in chunks of 20, shows the tones the far end presses, and its audio', async () => {
    await openConsole();
    expect(await page.locator('#remote-behaviour option[value="ivr"]').isDisabled()).toBe(false);
    await setRemote('ivr', '0.3', '');
    await expect.poll(() => page.locator('#remote-summary').textContent()).toBe('Rings 0.3 s, answers, presses 1 2 # (a dtmf-event each, 0.15 s apart), stays until you hang up.');
    expect(await page.getByRole('button', { name: 'Send tones' }).isDisabled()).toBe(true);
    await dial('+15555550100');
    const call = newest();
    await expect.poll(() => field(call, 'status').textContent(), WAIT).toBe('answered');
    // 1. the IVR's callee presses 1 2 #: routed to the session by its sessionId (snapshot.digits)
    await expect.poll(() => field(call, 'digits').textContent(), WAIT).toBe('12#');
    expect(await field(call, 'digits').isVisible()).toBe(true);

    // 2. sent: '123#' in one sendDTMF(), with daily-js's defaults
    const sessionId = await field(call, 'sessionId').textContent();
    await page.getByLabel(/^Tones/).fill('123#');
    await page.getByRole('button', { name: 'Send tones' }).click();
    await expect.poll(() => page.locator('#dtmf-sent').textContent(), WAIT).toBe('Sent: 123#');
    expect(await received('send-dtmf')).toEqual([{ sessionId, tones: '123#', method: 'auto', digitDurationMs: 500 }]);
    await expect.poll(() => page.locator('#remote-received > li').first().textContent(), WAIT).toBe('send-dtmf “123#” (auto, 500 ms): accepted');
    expect(await page.getByLabel(/^Tones/).inputValue()).toBe(''); // sent: the field is cleared

    // 3. 25 tones with a method and a tone length: two requests, 20 then 5, in order
    await page.getByLabel('Method').selectOption('sip-info');
    await page.getByLabel('Tone length, ms').fill('120');
    await page.getByLabel(/^Tones/).fill('12345678901234567890*#ABC');
    await page.getByRole('button', { name: 'Send tones' }).click();
    await expect.poll(() => page.locator('#dtmf-sent').textContent(), WAIT).toBe('Sent: 123#12345678901234567890*#ABC');
    expect((await received('send-dtmf')).slice(1)).toEqual([
      { sessionId, tones: '12345678901234567890', method: 'sip-info', digitDurationMs: 120 },
      { sessionId, tones: '*#ABC', method: 'sip-info', digitDurationMs: 120 },
    ]);

    // 4. refused by the library before anything is sent, shown under the field
    await page.getByLabel(/^Tones/).fill('12e');
    await page.getByRole('button', { name: 'Send tones' }).click();
    await expect.poll(() => page.locator('#dtmf-error').textContent(), WAIT).toBe('tones has a character that is not a DTMF tone at index 2 (allowed: 0-9, A-D, *, #)');
    expect(await page.getByLabel(/^Tones/).getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel(/^Tones/).fill('1');
    await page.getByLabel('Tone length, ms').fill('20');
    await page.getByRole('button', { name: 'Send tones' }).click();
    await expect.poll(() => page.locator('#dtmf-error').textContent(), WAIT).toBe('digitDurationMs must be an integer number of ms from 50 to 2000, got the number 20');
    expect(await received('send-dtmf')).toHaveLength(3);

    // 5. the far end presses keys (Remote side): each a dtmf-event, appended to the card's digits
    await page.getByLabel('Keys it presses').fill('45*');
    await page.getByRole('button', { name: 'presses keys' }).click();
    await expect.poll(() => field(call, 'digits').textContent(), WAIT).toBe('12#45*');

    // 6. the far end's audio stops: the card says so, and after 5 s the library warns
    await page.getByRole('button', { name: 'interrupts its audio' }).click();
    await expect.poll(() => field(call, 'audio').textContent(), WAIT).toBe('interrupted: no audio from the phone');
    await expect.poll(() => field(call, 'warnings').textContent(), { ...WAIT, timeout: 9_000 }).toMatch(/No playable audio from the phone leg/);
    await page.getByRole('button', { name: 'restores its audio' }).click();
    await expect.poll(() => field(call, 'audio').textContent(), WAIT).toBe('playable');
    await page.screenshot({ path: join(ARTIFACTS, 'demo-dtmf.png') });

    await call.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => field(call, 'ended').textContent(), WAIT).toBe('You hung up');
    expect(await field(call, 'digits').textContent()).toBe('12#45*'); // kept on the final card
    expect(await page.getByRole('button', { name: 'Send tones' }).isDisabled()).toBe(true);
  }, 30_000);

  it('survives a reload: the answered sessions come back Recovered, and can still be hung up and transferred', async () => {
    await openConsole();
    await setRemote('answer', '0.3', '');
    await dial('+15555550100', 'Support');
    await expect.poll(() => field(card('dialout-1'), 'status').textContent(), WAIT).toBe('answered');
    await dial('+15555550101');
    await expect.poll(() => field(card('dialout-2'), 'status').textContent(), WAIT).toBe('answered');
    // another participant's dial-out, answered
    await page.getByRole('button', { name: /Start a remote dial-out/ }).click();
    await expect.poll(() => page.locator('#sessions > li').count(), WAIT).toBe(3);
    const remoteBefore = newest();
    await expect.poll(() => field(remoteBefore, 'status').textContent(), WAIT).toBe('answered');
    await expect.poll(() => field(remoteBefore, 'audio').textContent(), WAIT).toBe('playable');
    const ids = [await field(card('dialout-1'), 'sessionId').textContent(), await field(card('dialout-2'), 'sessionId').textContent()];
    const remoteId = await field(remoteBefore, 'sessionId').textContent();
    expect(await card('dialout-1').locator('.recovered-badge').isVisible()).toBe(false);
    // and one still ringing: no phone leg in the room yet
    await setRemote('no-answer', '0.3', '');
    await dial('+15555550103');
    await expect.poll(() => field(card('dialout-3'), 'status').textContent(), WAIT).toBe('connected');
    await expect.poll(() => field(card('dialout-1'), 'talking').textContent(), WAIT).toMatch(/^0:0[1-9]$/);

    await page.reload();
    await expect.poll(() => page.locator('#call-state').textContent(), WAIT).toMatch(/^Joined /);
    await expect.poll(() => page.locator('#sessions > li').count(), WAIT).toBe(4);
    // the ringing one had no participant to find: reconciled as detached
    expect(await card('dialout-3').locator('.recovered-badge').isVisible()).toBe(true);
    await expect.poll(() => field(card('dialout-3'), 'ended').textContent(), WAIT).toBe('Not in the room after the reload: no longer followed (Daily may still run it)');
    expect(await field(card('dialout-3'), 'outcome').textContent()).toBe('detached');
    for (const [i, id] of ['dialout-1', 'dialout-2'].entries()) {
      const restored = card(id);
      expect(await restored.locator('.recovered-badge').isVisible()).toBe(true);
      expect(await field(restored, 'recovered').textContent()).toBe('Restored after a reload (from sessionStorage)');
      expect(await field(restored, 'status').textContent()).toBe('answered');
      expect(await field(restored, 'initiator').textContent()).toBe('local');
      expect(await field(restored, 'sessionId').textContent()).toBe(ids[i]);
      await expect.poll(() => field(restored, 'audio').textContent(), WAIT).toBe('playable');
      // the talking clock goes on from the stored answer
      await expect.poll(() => field(restored, 'talking').textContent(), WAIT).toMatch(/^0:0[1-9]$/);
    }
    // without storeTargets, the library stored the number as its last four digits only
    expect(await field(card('dialout-1'), 'target').textContent()).toBe('…0100');
    expect(await field(card('dialout-1'), 'displayName').textContent()).toBe('Support');
    expect(await card('dialout-1').getAttribute('aria-label')).toBe('Call to …0100: answered (recovered)');
    expect(await page.evaluate(() => sessionStorage.getItem('daily-dialout-machine:call'))).not.toContain('5555550100');
    // the other participant's dial-out is found in the room: alive, whether answered unknown
    const remoteAfter = page.locator('#sessions > li').filter({ has: page.locator('[data-field="sessionId"]', { hasText: remoteId ?? '' }) });
    expect(await remoteAfter.locator('.recovered-badge').isVisible()).toBe(true);
    expect(await field(remoteAfter, 'recovered').textContent()).toBe('Found in the room (its phone leg is a participant)');
    expect(await field(remoteAfter, 'status').textContent()).toBe('connected');
    expect(await field(remoteAfter, 'initiator').textContent()).toBe('remote');
    await page.screenshot({ path: join(ARTIFACTS, 'demo-recovered.png') });

    // hang up one: Daily (the emulator restored from the saved room) still has it
    await card('dialout-1').getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => field(card('dialout-1'), 'ended').textContent(), WAIT).toBe('You hung up');
    expect(await field(card('dialout-1'), 'status').textContent()).toBe('stopped');
    expect(await field(card('dialout-1'), 'outcome').textContent()).toBe('completed');
    expect(await card('dialout-1').locator('.card-note').textContent()).toBe('');
    expect((await received('dialout-stop')).map((p) => p.sessionId)).toEqual([ids[0]]);
    // transfer the other
    await card('dialout-2').getByLabel('Transfer destination').fill('+15555550123');
    await card('dialout-2').getByRole('button', { name: 'Transfer', exact: true }).click();
    await expect.poll(() => field(card('dialout-2'), 'ended').textContent(), WAIT).toBe('Transferred');
    // and a new call numbers on from the restored ones
    await setRemote('answer', '0.3', '');
    await dial('+15555550102');
    await expect.poll(() => page.locator('#sessions > li').count(), WAIT).toBe(5);
    expect(await newest().getAttribute('data-id')).toBe('dialout-4');
    expect(await newest().locator('.recovered-badge').isVisible()).toBe(false);
    await expect.poll(() => field(newest(), 'status').textContent(), WAIT).toBe('answered');
  }, 40_000);

  it('starts via the demo server: REST start, signed webhooks relayed over SSE into manager.ingest()', async () => {
    await openConsole('?via=server');
    expect(await page.getByLabel(/via the demo server/).isChecked()).toBe(true);
    await expect.poll(() => page.locator('#relay-state').textContent(), WAIT).toBe('Server-Sent Events: open');
    // the offline demo server plays the basic callee behaviours only: the emulator's named scenarios are not offered
    expect(await page.locator('#remote-behaviour option[value="busy"]').isDisabled()).toBe(true);
    expect(await page.locator('#remote-behaviour option[value="answer"]').isDisabled()).toBe(false);
    await setRemote('answer', '0.3', '');
    await dial('sip:alice.smith@example.com');
    const card = newest();
    await expect.poll(() => field(card, 'status').textContent(), WAIT).toBe('answered');
    expect(await field(card, 'target').textContent()).toBe('sip:•••••••mith@example.com');
    // the events came from webhooks, attributed to the local session the server started
    const sources = await page.locator('#event-log > li .source').allTextContents();
    expect(sources).toEqual(['webhook', 'webhook']);
    expect(await page.locator('#event-log > li .attribution').allTextContents()).toEqual(['→ dialout-1', '→ dialout-1']);

    // the demo server's offline Daily cannot transfer; DTMF goes through daily-js as in the browser mode
    expect(await card.getByRole('button', { name: 'Transfer', exact: true }).isDisabled()).toBe(true);
    expect(await card.getByRole('button', { name: 'REFER', exact: true }).isDisabled()).toBe(true);
    expect(await card.locator('.transfer-form .hint').textContent()).toMatch(/^The demo server’s offline Daily cannot transfer/);
    expect(await page.getByLabel('Answers a transfer').isDisabled()).toBe(true);
    expect(await page.locator('#remote-behaviour option[value="ivr"]').isDisabled()).toBe(true);
    await page.getByLabel(/^Tones/).fill('7#');
    await page.getByRole('button', { name: 'Send tones' }).click();
    await expect.poll(() => page.locator('#dtmf-sent').textContent(), WAIT).toBe('Sent: 7#');

    await card.getByRole('button', { name: 'Hang up' }).click();
    await expect.poll(() => field(card, 'status').textContent(), WAIT).toBe('stopped');
    expect(await field(card, 'outcome').textContent()).toBe('completed');
    // Daily reports the stop twice (daily-js event and webhook): applied once, the copy is marked
    await expect.poll(() => page.locator('#event-log > li.duplicate').count(), WAIT).toBe(1);
    expect(await page.locator('#event-log > li.duplicate .type').textContent()).toBe('dialout-stopped');
  }, 20_000);

  it('?inspect wires the Stately inspector, and nothing leaves 127.0.0.1 until it is opened', async () => {
    await openConsole('?inspect');
    const open = page.getByRole('button', { name: 'Open the Stately inspector' });
    expect(await open.isVisible()).toBe(true);
    await setRemote('answer', '0.2', '0.2');
    await dial('+15555550100');
    await expect.poll(() => field(newest(), 'outcome').textContent(), WAIT).toBe('completed');
    expect(await page.locator('#inspect-note').textContent()).toBe('');
    // afterEach: no request off 127.0.0.1 (the inspector window is only opened by the button)
  }, 20_000);
});
