/** A static server for the emulator bundle. */
import { emulatorBundleSource } from './bundle.js';
import { EMULATOR_BUNDLE_FILENAME } from './protocol.js';

/** The part of `node:http` used here, declared locally so the typings need no `@types/node`. */
interface NodeHttpModule {
  createServer(listener: (request: NodeRequest, response: NodeResponse) => void): NodeServer;
}
interface NodeRequest {
  readonly method?: string;
  readonly url?: string;
}
interface NodeResponse {
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  end(body?: string): unknown;
}
interface NodeServer {
  listen(port: number, host: string, callback: () => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
  address(): { port: number } | string | null;
  close(callback: (error?: Error) => void): unknown;
  closeAllConnections?(): void;
}

/** A running emulator server, from {@link serveEmulator}. */
export interface EmulatorServer {
  /** `http://127.0.0.1:<port>`, for `dailyConfig.bundlePathOverride`; the bundle is at `${url}/call-machine-object-bundle.js`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** Stops the server and closes open connections; idempotent. */
  close(): Promise<void>;
}

/** Options of {@link serveEmulator}. */
export interface ServeEmulatorOptions {
  /** Port on 127.0.0.1. Default `0`: a random free port. */
  port?: number;
}

/**
 * Serves {@link emulatorBundleSource} on 127.0.0.1 (Node only; no outgoing connection). `GET`/`HEAD
 * /call-machine-object-bundle.js` get the bundle (`text/javascript`, `cache-control: no-store`), `OPTIONS` the CORS
 * headers, anything else 404; every answer allows any origin, since daily-js fetches from the page's origin.
 * `node:http` is imported dynamically, with a specifier bundlers leave alone, so browser code may import this module.
 *
 * @throws Rejects outside Node (no `node:http`), when the port is taken, or (TypeError) when it is not 0–65535.
 *
 * @example
 * ```ts
 * import Daily from '@daily-co/daily-js';
 * import { serveEmulator } from 'daily-dialout-machine/testing';
 *
 * const server = await serveEmulator();
 * const call = Daily.createCallObject({ dailyConfig: { bundlePathOverride: server.url } });
 * await call.join({ url: 'https://example.daily.co/room' });
 * // …
 * await call.destroy();
 * await server.close();
 * ```
 */
export async function serveEmulator(options: ServeEmulatorOptions = {}): Promise<EmulatorServer> {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError('serveEmulator(): port must be an integer from 0 to 65535');
  }
  const specifier = 'node:http';
  let http: NodeHttpModule;
  try {
    http = (await import(/* webpackIgnore: true */ /* @vite-ignore */ specifier)) as NodeHttpModule;
  } catch (error) {
    throw new Error(`serveEmulator() needs Node (node:http): ${String(error)}`);
  }
  const path = `/${EMULATOR_BUNDLE_FILENAME}`;
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, HEAD, OPTIONS',
    'access-control-allow-headers': '*',
  };
  const server = http.createServer((request, response) => {
    const url = request.url ?? '/';
    const pathname = url.split('?')[0]?.split('#')[0] ?? '/';
    const method = request.method ?? 'GET';
    if (method === 'OPTIONS') {
      response.writeHead(204, cors);
      response.end();
      return;
    }
    if (pathname === path && (method === 'GET' || method === 'HEAD')) {
      response.writeHead(200, {
        ...cors,
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'no-store',
        'content-length': new TextEncoder().encode(emulatorBundleSource).length,
      });
      response.end(method === 'HEAD' ? undefined : emulatorBundleSource);
      return;
    }
    response.writeHead(404, { ...cors, 'content-type': 'text/plain; charset=utf-8' });
    response.end(`daily-dialout-machine emulator: only ${path} is served here\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  let closing: Promise<void> | undefined;
  return Object.freeze({
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections?.();
      });
      return closing;
    },
  });
}
