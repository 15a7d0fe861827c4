/**
 * The demo's Vite dev server (`npm run demo`): the page in demo/, the call-machine emulator bundle
 * at /emulator/call-machine-object-bundle.js, and the demo backend (demo/server/server.mjs) under
 * /api, /events and /webhooks, all on 127.0.0.1.
 *
 * Environment: `PORT` (default 5173, the next free one if taken), `DAILY_API_KEY`,
 * `DAILY_WEBHOOK_HMAC`, `DAILY_API_URL` (for the embedded demo server; without a key it runs
 * offline), `DEMO_SERVER_URL` and `DEMO_SERVER_TOKEN` (proxy /api and /events to a demo server
 * you run yourself with `npm run demo:server`, with the token it printed, instead of embedding one).
 *
 * The demo server's per-run token is injected into the page (`<meta name="daily-dialout-demo-token">`),
 * and the page sends it with every /api and /events request. CORS is off (`server.cors: false`), so
 * that no other origin, even on localhost, can read the page and its token.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import {
  DEMO_TOKEN_META,
  demoServerOptionsFromEnv,
  describeDemoServer,
  startDemoServer,
  type DemoServer,
  type DemoServerOptions,
} from './server/server.mjs';

const demoRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Where the page tells daily-js to load its call machine from (`bundlePathOverride: origin + EMULATOR_PATH`). */
export const EMULATOR_PATH = '/emulator';

/** The paths the embedded demo backend answers. */
const BACKEND_PATHS = ['/api', '/events', '/webhooks'];
/** The paths proxied to a demo server run separately (its webhook receiver is reached by Daily, not by the page). */
const PROXIED_PATHS = ['/api', '/events'];

/**
 * Puts the demo server's token into the page, as `<meta name="daily-dialout-demo-token" content="…">`
 * (read by demo/src/backend.ts).
 *
 * @param token - The token the demo server printed (`DEMO_SERVER_TOKEN`).
 * @returns The Vite plugin.
 */
export function demoTokenPlugin(token: string): Plugin {
  return {
    name: 'daily-dialout-demo:token',
    transformIndexHtml() {
      return [{ tag: 'meta', attrs: { name: DEMO_TOKEN_META, content: token }, injectTo: 'head' }];
    },
  };
}

/**
 * Serves the call-machine emulator (`emulatorBundleSource` of the built package) at
 * `/emulator/call-machine-object-bundle.js`.
 *
 * @returns The Vite plugin.
 */
export function emulatorBundlePlugin(): Plugin {
  return {
    name: 'daily-dialout-demo:emulator-bundle',
    configureServer(server) {
      server.middlewares.use(`${EMULATOR_PATH}/`, (req, res, next) => {
        const path = (req.url ?? '/').split('?')[0];
        if (path !== '/call-machine-object-bundle.js' || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
        import('daily-dialout-machine/testing').then(
          ({ emulatorBundleSource }) => {
            res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
            res.end(req.method === 'HEAD' ? undefined : emulatorBundleSource);
          },
          (error: unknown) => next(error),
        );
      });
    },
  };
}

/**
 * Starts the demo backend with the dev server and mounts it under /api, /events and /webhooks
 * (same origin as the page: no CORS, no proxy), and injects its token into the page. It is
 * closed with the dev server.
 *
 * @param options - The demo server's options (no `apiKey`: offline).
 * @returns The Vite plugin.
 */
export function demoServerPlugin(options: DemoServerOptions): Plugin {
  let demo: DemoServer | undefined;
  return {
    name: 'daily-dialout-demo:server',
    transformIndexHtml() {
      return demo ? [{ tag: 'meta', attrs: { name: DEMO_TOKEN_META, content: demo.token }, injectTo: 'head' }] : [];
    },
    async configureServer(server) {
      demo = await startDemoServer({ ...options, log: options.log ?? ((line) => server.config.logger.info(`[demo-server] ${line}`)) });
      const started = demo;
      server.httpServer?.once('close', () => void started.close());
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        if (BACKEND_PATHS.some((p) => path === p || path.startsWith(`${p}/`))) started.handle(req, res, () => next());
        else next();
      });
      if (server.config.logLevel !== 'silent') {
        describeDemoServer(started, (line) => server.config.logger.info(line));
        server.config.logger.info('  also mounted in this dev server: /api, /events (token injected into the page), /webhooks');
      }
    },
    // the dev server's close() waits for this: the demo server and its REST mock are closed with it
    async closeBundle() {
      await demo?.close();
    },
  };
}

/**
 * Prints how to use the page: both modes, and where the demo backend is.
 *
 * @param proxyTo - The demo server the dev server proxies to, if any.
 * @param proxyToken - The token given for it (`DEMO_SERVER_TOKEN`), if any.
 * @returns The Vite plugin.
 */
export function demoHintsPlugin(proxyTo: string | undefined, proxyToken?: string): Plugin {
  return {
    name: 'daily-dialout-demo:hints',
    configureServer(server) {
      const info = (line: string) => server.config.logger.info(line);
      if (proxyTo) info(`demo backend: /api and /events are proxied to ${proxyTo} (the page gets DEMO_SERVER_TOKEN)`);
      if (proxyTo && !proxyToken) info('  DEMO_SERVER_TOKEN is not set: the demo server will answer 401; set it to the token it printed');
      info('emulator mode (default): open the Local URL below; no Daily account, no network');
      info('real Daily room:          <Local URL>?room=<Daily room URL>&token=<owner meeting token>');
      info('start via the demo server: add &via=server (or ?via=server), or use the switch on the page');
    },
  };
}

/** Options of {@link demoViteConfig}. */
export interface DemoViteOptions {
  /** Port on 127.0.0.1; default 5173 (the next free one if taken); 0: any free port. */
  port?: number;
  /**
   * The embedded demo server's options, or `{ url, token }` of a demo server to proxy to (the
   * token it printed, injected into the page), or `false` for none.
   */
  demoServer?: DemoServerOptions | { url: string; token?: string } | false;
}

/**
 * The demo's Vite configuration (also used by the end-to-end test, with port 0).
 *
 * @param options - Port and demo-server choice.
 * @returns A Vite `UserConfig` rooted at demo/, serving 127.0.0.1 only.
 */
export function demoViteConfig(options: DemoViteOptions = {}): UserConfig {
  const backend = options.demoServer ?? {};
  const proxyTo = backend !== false && 'url' in backend ? backend.url : undefined;
  const proxyToken = backend !== false && 'url' in backend ? backend.token : undefined;
  return {
    root: demoRoot,
    cacheDir: fileURLToPath(new URL('../node_modules/.vite/demo', import.meta.url)),
    envDir: false,
    clearScreen: false,
    plugins: [
      emulatorBundlePlugin(),
      ...(backend !== false && proxyTo === undefined ? [demoServerPlugin(backend as DemoServerOptions)] : []),
      ...(proxyToken ? [demoTokenPlugin(proxyToken)] : []),
      demoHintsPlugin(proxyTo, proxyToken),
    ],
    server: {
      host: '127.0.0.1',
      port: options.port ?? 5173,
      strictPort: false,
      open: false,
      fs: { allow: [repoRoot] },
      // no other origin may read the page (and the token in it); the page needs no CORS
      cors: false,
      // the Host header is kept, so that the demo server sees the page's origin as its own
      ...(proxyTo ? { proxy: Object.fromEntries(PROXIED_PATHS.map((p) => [p, { target: proxyTo, changeOrigin: false }])) } : {}),
    },
    // pre-bundle everything the page may load up front, so that no late discovery reloads the page
    optimizeDeps: {
      entries: ['index.html'],
      include: ['@daily-co/daily-js', 'rxjs', 'xstate', '@statelyai/inspect'],
    },
    build: { outDir: fileURLToPath(new URL('../test/artifacts/demo-dist', import.meta.url)), emptyOutDir: true },
  };
}

export default defineConfig(() => {
  const env = process.env;
  const port = env.PORT ? Number(env.PORT) : 5173;
  return demoViteConfig({
    port,
    demoServer: env.DEMO_SERVER_URL
      ? { url: env.DEMO_SERVER_URL, ...(env.DEMO_SERVER_TOKEN ? { token: env.DEMO_SERVER_TOKEN } : {}) }
      : { ...demoServerOptionsFromEnv({ ...env, PORT: '0', WEBHOOK_PORT: '' }) },
  });
});
