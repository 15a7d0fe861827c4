/**
 * Node-side support of the Chromium test: make sure dist/ is built and fresh,
 * and serve the test page, dist/ and the few node_modules it needs on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

export const root = process.cwd();

/** Debian's Chromium (CI installs it with apt when missing). */
export const CHROMIUM = '/usr/bin/chromium';
/** Headless flags that keep Chromium off the network: no background traffic, and no name but 127.0.0.1 resolves. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
];

/** A headless Chromium whose context aborts every request off 127.0.0.1 and records it in `offHost`. */
export interface OfflineChromium {
  readonly browser: Browser;
  readonly context: BrowserContext;
  /** URLs the pages tried to reach off 127.0.0.1 (aborted); tests expect it empty. */
  readonly offHost: string[];
}

/**
 * Launches Debian's Chromium with {@link CHROMIUM_ARGS} and a context that may reach nothing but 127.0.0.1.
 *
 * @param contextOptions - Extra `browser.newContext()` options (service workers are always blocked).
 * @returns The browser, its context, and the list of refused URLs.
 * @throws When /usr/bin/chromium is missing, with how to install it.
 */
export async function launchOfflineChromium(contextOptions: BrowserContextOptions = {}): Promise<OfflineChromium> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), or run .ci/run`);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ ...contextOptions, serviceWorkers: 'block' });
  const offHost: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (new URL(url).hostname === '127.0.0.1') await route.continue();
    else {
      offHost.push(url);
      await route.abort('blockedbyclient');
    }
  });
  return { browser, context, offHost };
}

/**
 * Records what goes wrong in a page into `errors`: uncaught errors, `console.error`, HTTP responses ≥ 400.
 *
 * @param page - A Playwright page.
 * @param errors - The list to append to; tests expect it empty.
 */
export function recordPageErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()}: ${response.url()}`);
  });
}

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

/** What the browser page loads from dist/ (written by `npm run build`). */
export const BUILD_OUTPUTS = ['dist/index.js', 'dist/testing/index.js', 'dist/testing/call-machine-object-bundle.js'];
const BUILD_INPUTS = ['src', 'scripts/build-emulator-bundle.mjs', 'tsconfig.json', 'tsconfig.build.json'];

/**
 * Builds dist/ when it is missing or older than its sources: the same steps as
 * `npm run build`, minus its `rm -rf dist` (so that other test files reading
 * dist/ at the same time never see it vanish).
 *
 * @returns Whether it had to build.
 */
export function ensureBuilt(): boolean {
  const inputs = Math.max(...BUILD_INPUTS.map((p) => newest(join(root, p))));
  const fresh = BUILD_OUTPUTS.every((p) => existsSync(join(root, p)) && statSync(join(root, p)).mtimeMs >= inputs);
  if (fresh) return false;
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
    execFileSync(process.execPath, [join(root, 'scripts/build-emulator-bundle.mjs')], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer; message: string };
    throw new Error(`building dist/ for the browser test failed (run \`npm run build\`):\n${e.stdout ?? ''}${e.stderr ?? ''}${e.message}`);
  }
  return true;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** URL prefix → directory. Nothing outside these is served. */
const MOUNTS: ReadonlyArray<readonly [string, string]> = [
  ['/test/browser/', 'test/browser'],
  ['/dist/', 'dist'],
  ['/node_modules/@daily-co/daily-js/', 'node_modules/@daily-co/daily-js'],
  ['/node_modules/rxjs/', 'node_modules/rxjs'],
  ['/node_modules/xstate/', 'node_modules/xstate'],
  ['/node_modules/tslib/', 'node_modules/tslib'],
];

function locate(pathname: string): string | undefined {
  if (pathname === '/' || pathname === '/index.html') return join(root, 'test/browser/index.html');
  for (const [prefix, dir] of MOUNTS) {
    if (!pathname.startsWith(prefix)) continue;
    const base = resolve(root, dir);
    const file = normalize(join(base, decodeURIComponent(pathname.slice(prefix.length))));
    if (file !== base && !file.startsWith(base + sep)) return undefined;
    // rxjs's ESM imports omit the extension ('./internal/Observable'): resolve as a bundler would
    for (const candidate of [file, `${file}.js`, join(file, 'index.js')]) {
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    return undefined;
  }
  return undefined;
}

export interface PageServer {
  readonly url: string;
  /** Paths requested, in order. */
  readonly requested: string[];
  close(): Promise<void>;
}

/** Serves the page, dist/ and the page's node_modules on 127.0.0.1 (random port). */
export async function servePage(): Promise<PageServer> {
  const requested: string[] = [];
  const server: Server = createServer((request, response) => {
    const pathname = (request.url ?? '/').split('?')[0] ?? '/';
    requested.push(pathname);
    const file = request.method === 'GET' ? locate(pathname) : undefined;
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requested,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
