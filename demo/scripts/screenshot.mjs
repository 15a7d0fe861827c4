// Makes the README's screenshot of the console (demo/screenshot.png) in headless Chromium, offline:
// a completed call, a start rejected with DIALOUT_IN_PROGRESS, another participant's dial-out
// ringing, and an answered SIP call with a warning and DTMF sent.
//   npm run build && node demo/scripts/screenshot.mjs [output.png]
import { statSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';

const output = process.argv[2] ?? fileURLToPath(new URL('../screenshot.png', import.meta.url));
const configFile = fileURLToPath(new URL('../vite.config.ts', import.meta.url));
// the screenshot is of the offline console, whatever the environment says
delete process.env.DAILY_API_KEY;
delete process.env.DEMO_SERVER_URL;

async function freePort() {
  const server = createNetServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(() => resolve(undefined)));
  return port;
}

const vite = await createServer({ configFile, logLevel: 'error', server: { port: await freePort() } });
await vite.listen();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 1180 } });
  page.setDefaultTimeout(10_000);
  await page.goto(vite.resolvedUrls.local[0]);
  await page.locator('#call-state', { hasText: 'Joined' }).waitFor();

  const remote = async (behaviour, ring, hangUp) => {
    await page.getByLabel('Does').selectOption('answer');
    await page.getByLabel('Answers (or fails) after, s').fill(ring);
    await page.getByLabel('Hangs up after, s').fill(hangUp);
    await page.getByLabel('Does').selectOption(behaviour);
  };
  const dial = async (target, name = '') => {
    await page.getByLabel('Phone number or SIP URI').fill(target);
    await page.getByLabel('Display name').fill(name);
    await page.getByRole('button', { name: 'Call', exact: true }).click();
  };
  const newestStatus = (status) => page.locator('#sessions > li').first().locator('[data-field="status"]', { hasText: status }).waitFor();

  await remote('answer', '0.4', '1.2');
  await dial('+15555550100', 'Support');
  await newestStatus('stopped');
  await remote('no-answer', '0.4', '');
  await page.getByRole('button', { name: /Start a remote dial-out/ }).click();
  await newestStatus('connected');
  await remote('reject:DIALOUT_IN_PROGRESS', '0.4', '');
  await dial('+15555550101');
  await newestStatus('error');
  await remote('warning', '0.6', '');
  await dial('sip:alice.smith@example.com', 'Alice');
  await newestStatus('answered');
  await page.getByRole('button', { name: '1', exact: true }).click();
  await page.getByRole('button', { name: '2', exact: true }).click();
  await page.getByRole('button', { name: 'Pound' }).click();
  await page.locator('#dtmf-sent', { hasText: 'Sent: 12#' }).waitFor();
  await page.locator('#sessions > li').first().locator('[data-field="talking"]', { hasText: '0:03' }).waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.mouse.move(0, 0);
  // the top of the page (the oldest card is cut): the PNG stays under 300 KB
  await page.screenshot({ path: output, clip: { x: 0, y: 0, width: 1360, height: 1180 } });
  console.log(`${output}: ${statSync(output).size} bytes`);
} finally {
  await browser.close();
  await vite.close();
}
