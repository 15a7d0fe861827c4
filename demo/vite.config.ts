/**
 * The demo's Vite dev server (`npm run demo`): the page in demo/, the call-machine emulator bundle
 * at /emulator/call-machine-object-bundle.js, and the demo backend (demo/server/server.mjs) under
 * /api, /events and /webhooks, all on 127.0.0.1.
 *
 * Environment: `PORT` (default 5173, the next free one if taken), `DAILY_API_KEY`,
 * `DAILY_WEBHOOK_HMAC`, `DAILY_API_URL` (for the embedded demo server; without a key it runs
 * offline), `DEMO_SERVER_URL` (proxy to a demo server you run yourself with `npm run demo:server`
 * instead of embedding one).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { demoServerOptionsFromEnv, describeDemoServer, startDemoServer, type DemoServer, type DemoServerOptions } from './server/server.mjs';

const demoRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** Where the page tells daily-js to load its call machine from (`bundlePathOverride: origin + EMULATOR_PATH`). */
export const EMULATOR_PATH = '/emulator';

/** The paths the demo backend answers. */
const BACKEND_PATHS = ['/api', '/events', '/webhooks'];

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
 * (same origin as the page: no CORS, no proxy). It is closed with the dev server.
 *
 * @param options - The demo server's options (no `apiKey`: offline).
 * @returns The Vite plugin.
 */
export function demoServerPlugin(options: DemoServerOptions): Plugin {
  let demo: DemoServer | undefined;
  return {
    name: 'daily-dialout-demo:server',
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
        server.config.logger.info('  also mounted in this dev server: /api, /events, /webhooks (the page uses these)');
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
 * @returns The Vite plugin.
 */
export function demoHintsPlugin(proxyTo: string | undefined): Plugin {
  return {
    name: 'daily-dialout-demo:hints',
    configureServer(server) {
      const info = (line: string) => server.config.logger.info(line);
      if (proxyTo) info(`demo backend: /api, /events and /webhooks are proxied to ${proxyTo}`);
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
  /** The embedded demo server's options, or `{ url }` of a demo server to proxy to, or `false` for none. */
  demoServer?: DemoServerOptions | { url: string } | false;
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
  return {
    root: demoRoot,
    cacheDir: fileURLToPath(new URL('../node_modules/.vite/demo', import.meta.url)),
    envDir: false,
    clearScreen: false,
    plugins: [
      emulatorBundlePlugin(),
      ...(backend !== false && proxyTo === undefined ? [demoServerPlugin(backend as DemoServerOptions)] : []),
      demoHintsPlugin(proxyTo),
    ],
    server: {
      host: '127.0.0.1',
      port: options.port ?? 5173,
      strictPort: false,
      open: false,
      fs: { allow: [repoRoot] },
      ...(proxyTo ? { proxy: Object.fromEntries(BACKEND_PATHS.map((p) => [p, { target: proxyTo, changeOrigin: true }])) } : {}),
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
    demoServer: env.DEMO_SERVER_URL ? { url: env.DEMO_SERVER_URL } : { ...demoServerOptionsFromEnv({ ...env, PORT: '0' }) },
  });
});
