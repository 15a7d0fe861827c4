/** The user agent {@link installWebRTCShim} sets when the current one is not a browser daily-js supports (jsdom's is not). */
export const SHIM_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

const SUPPORTED_UA = /(Chrome|Chromium)\/\d+|Firefox\/\d+|Version\/\d+(\.\d+)*.*Safari\//;

type Restore = () => void;

function defineOwn(target: object, key: string, value: unknown, restores: Restore[]): void {
  const previous = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { configurable: true, enumerable: true, get: () => value });
  restores.push(() => {
    if (previous) Object.defineProperty(target, key, previous);
    else delete (target as Record<string, unknown>)[key];
  });
}

/**
 * Makes a DOM emulation (jsdom) pass daily-js 0.92's "WebRTC supported" check, which wants
 * `navigator.mediaDevices.getUserMedia`, a global `MediaStreamTrack` and a user agent of Chrome ≥ 75, Firefox ≥ 91 or
 * Safari ≥ 13.1. Installs on `target` only what is missing, and no media at all (enough for signalling-only code
 * such as dial-out), and returns a function that restores what it replaced:
 *
 * - `navigator.userAgent` → {@link SHIM_USER_AGENT}, as an own property (vitest 4 with jsdom 29 can instead set
 *   `environmentOptions.jsdom.resources = { userAgent }`, which also turns on jsdom's subresource loading);
 * - `navigator.mediaDevices`: an `EventTarget` with `ondevicechange: null` (so daily-js listens for `devicechange`
 *   instead of polling every 3 s), `enumerateDevices()` → `[]`, `getSupportedConstraints()` → `{}`, and a
 *   `getUserMedia()` that rejects with a `NotAllowedError`;
 * - `globalThis.MediaStreamTrack`: an empty class, for daily-js's `instanceof` checks;
 * - in jsdom only, `HTMLCanvasElement.prototype.getContext` → `null`, which jsdom returns anyway but with a
 *   "Not implemented" message each time daily-js probes WebGL on import.
 *
 * Install it before importing daily-js and before `Daily.createCallObject()`.
 *
 * @throws Error when there is no `navigator` (not a DOM environment).
 *
 * @example
 * ```ts
 * // @vitest-environment jsdom
 * let uninstall: () => void;
 * beforeAll(() => (uninstall = installWebRTCShim()));
 * afterAll(() => uninstall());
 * ```
 */
export function installWebRTCShim(target: object = globalThis): () => void {
  const g = target as Record<string, unknown>;
  const nav = g.navigator as (Navigator & Record<string, unknown>) | undefined;
  if (!nav || typeof nav !== 'object') {
    throw new Error('installWebRTCShim(): no navigator; run it in a DOM environment such as jsdom');
  }
  const restores: Restore[] = [];
  const isJsdom = /\bjsdom\//.test(String(nav.userAgent));
  if (!SUPPORTED_UA.test(String(nav.userAgent))) defineOwn(nav, 'userAgent', SHIM_USER_AGENT, restores);
  const canvas = g.HTMLCanvasElement as { prototype: Record<string, unknown> } | undefined;
  if (isJsdom && canvas && typeof canvas.prototype.getContext === 'function') {
    const proto = canvas.prototype;
    const had = Object.prototype.hasOwnProperty.call(proto, 'getContext');
    const previous = proto.getContext;
    proto.getContext = function getContext(): null {
      return null;
    };
    restores.push(() => {
      if (had) proto.getContext = previous;
      else delete proto.getContext;
    });
  }
  const existing = nav.mediaDevices as MediaDevices | undefined;
  if (!existing || typeof existing.getUserMedia !== 'function') {
    const EventTargetCtor = (g.EventTarget as typeof EventTarget | undefined) ?? EventTarget;
    const DOMExceptionCtor = (g.DOMException as typeof DOMException | undefined) ?? DOMException;
    const devices = new EventTargetCtor() as EventTarget & Record<string, unknown>;
    devices.ondevicechange = null;
    devices.enumerateDevices = () => Promise.resolve([]);
    devices.getSupportedConstraints = () => ({});
    devices.getUserMedia = () =>
      Promise.reject(new DOMExceptionCtor('installWebRTCShim(): no media devices in this environment', 'NotAllowedError'));
    defineOwn(nav, 'mediaDevices', devices, restores);
  }
  if (typeof g.MediaStreamTrack !== 'function') {
    const EventTargetCtor = (g.EventTarget as typeof EventTarget | undefined) ?? EventTarget;
    class MediaStreamTrack extends EventTargetCtor {}
    const had = Object.prototype.hasOwnProperty.call(g, 'MediaStreamTrack');
    const previous = g.MediaStreamTrack;
    g.MediaStreamTrack = MediaStreamTrack;
    restores.push(() => {
      if (had) g.MediaStreamTrack = previous;
      else delete g.MediaStreamTrack;
    });
  }
  let restored = false;
  return () => {
    if (restored) return;
    restored = true;
    for (const restore of restores.reverse()) restore();
  };
}
