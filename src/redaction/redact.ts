/** Redaction of telephony data before a value leaves for a log, an error tracker or an inspector. Pure, browser-safe. */
import type { InspectionEvent, Observer } from 'xstate';
import { isPlainObject } from '../values.js';

const MASK = '•';
const REDACTED = '[redacted]';
const UNREADABLE = '[unreadable]';
const MAX_DEPTH = 64;
const TOO_DEEP = '[too deep]';
/** Digits a person needs to tell two calls apart; the others are masked. */
const KEEP_DIGITS = 4;
const MIN_PHONE_DIGITS = 7;

/** White space, brackets, dots, slashes and every dash (ASCII, Unicode hyphens, minus, full-width). */
const SEP = String.raw`[\s().\/\-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D\uFF08\uFF09\uFF0E\uFF0F]`;
/** A run of digits (any script) with at most three separators between two digits, and an optional leading plus. */
const DIGIT_RUN = new RegExp(String.raw`[+\uFF0B]?\p{Nd}(?:${SEP}{0,3}\p{Nd})*`, 'gu');
/** `sip:` / `sips:` URIs with a user part (`user@host`); group 1 is the scheme, group 2 the user (with any password). */
const SIP_USER = /\b(sips?:)([^@\s"'<>]+)@/giu;
/** `tel:` URIs (RFC 3966): the number, up to its first `;parameter` or a character that cannot be part of it. */
const TEL_URI = /\btel:[^\s"'<>,;]+/giu;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/giu;
const DIGIT = /\p{Nd}/u;

/** Keys of phone numbers and SIP URIs, compared after {@link normaliseKey}. */
const PHONE_KEYS = new Set([
  'phonenumber',
  'phone',
  'sipuri',
  'destination',
  'origin',
  'callerid',
  'target',
  'toendpoint',
  'fromendpoint',
  'sipfrom',
  'sipendpoint',
  'to',
  'from',
]);

/** Keys of values that identify a person or may be secret (a PIN in DTMF tones), replaced whole. */
const SECRET_KEYS = new Set(['displayname', 'username', 'userid', 'tones', 'tone', 'chunks', 'dtmf', 'digits', 'pin', 'extension']);

type Mode = 'text' | 'phone' | 'secret';

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

function modeOfKey(key: string, inherited: Mode): Mode {
  if (inherited === 'secret') return 'secret';
  const normal = normaliseKey(key);
  if (SECRET_KEYS.has(normal)) return 'secret';
  if (PHONE_KEYS.has(normal)) return 'phone';
  return inherited;
}

function maskDigits(text: string): string {
  let total = 0;
  for (const char of text) if (DIGIT.test(char)) total++;
  let seen = 0;
  let out = '';
  for (const char of text) {
    if (DIGIT.test(char)) {
      seen++;
      out += seen <= total - KEEP_DIGITS ? MASK : char;
    } else out += char;
  }
  return out;
}

/** `user[;params][:password]` (RFC 3261): the user keeps at most its last four characters and half its length. */
function maskSipUser(userinfo: string): string {
  const match = /^([^;:]*)((?:;[^:]*)?)((?::.*)?)$/su.exec(userinfo);
  const user = match?.[1] ?? userinfo;
  const params = match?.[2] ?? '';
  const password = match?.[3] ?? '';
  const chars = [...user];
  const keep = Math.min(KEEP_DIGITS, Math.floor(chars.length / 2));
  const masked = MASK.repeat(chars.length - keep) + chars.slice(chars.length - keep).join('');
  return masked + maskRuns(params) + (password ? `:${MASK.repeat([...password].length - 1)}` : '');
}

function maskRuns(text: string): string {
  return text.replace(DIGIT_RUN, (run) => {
    let digits = 0;
    for (const char of run) if (DIGIT.test(char)) digits++;
    return digits >= MIN_PHONE_DIGITS ? maskDigits(run) : run;
  });
}

function redactText(text: string): string {
  if (!DIGIT.test(text) && !/sips?:/i.test(text)) return text; // fast path: nothing to find
  const withUris = text
    .replace(SIP_USER, (_match, scheme: string, user: string) => `${scheme}${maskSipUser(user)}@`)
    .replace(TEL_URI, (uri) => maskDigits(uri));
  // UUIDs are cut out first, so that their digit groups are never read as a number.
  let out = '';
  let last = 0;
  for (const match of withUris.matchAll(UUID)) {
    out += maskRuns(withUris.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + maskRuns(withUris.slice(last));
}

/** A value under a phone key: a SIP URI keeps its host, anything else keeps its last four digits. */
function redactPhone(text: string): string {
  const sip = /^(sips?:)([^@]*)@(.*)$/isu.exec(text);
  if (sip) return `${sip[1] ?? ''}${maskSipUser(sip[2] ?? '')}@${redactText(sip[3] ?? '')}`;
  return maskDigits(text);
}

function redactPrimitive(value: unknown, mode: Mode): unknown {
  switch (typeof value) {
    case 'string':
      if (mode === 'secret') return value === '' ? value : REDACTED;
      return mode === 'phone' ? redactPhone(value) : redactText(value);
    case 'number':
    case 'bigint':
      if (mode === 'secret') return REDACTED;
      return mode === 'phone' ? redactPhone(String(value)) : value;
    default:
      return value;
  }
}

/** What {@link walk} does with class instances other than `Error`, `Map`, `Set` and `Date`; for {@link redactedInspect}. */
type InstanceHook = (value: object) => unknown;

/** `b`, `c`, … `z`, `aa`, …: a suffix without digits (a digit would look like a leaked one). */
function letters(n: number): string {
  let out = '';
  for (let rest = n - 1; rest >= 0; rest = Math.floor(rest / 26) - 1) out = String.fromCharCode(97 + (rest % 26)) + out;
  return out;
}

/** Adds an own, enumerable data property, also for keys such as `__proto__`. */
function put(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function read(source: object, key: PropertyKey): unknown {
  try {
    return (source as Record<PropertyKey, unknown>)[key];
  } catch {
    return UNREADABLE;
  }
}

function createWalker(onInstance: InstanceHook | undefined) {
  const copies = new WeakMap<object, unknown>();

  function walk(value: unknown, mode: Mode, depth: number): unknown {
    if (typeof value !== 'object' || value === null) {
      return typeof value === 'function' ? value : redactPrimitive(value, mode);
    }
    const known = copies.get(value);
    if (known !== undefined) return known;
    if (depth >= MAX_DEPTH) return TOO_DEEP;
    try {
      return copy(value, mode, depth);
    } catch {
      return UNREADABLE; // a hostile proxy: nothing of it leaves
    }
  }

  function copyEntries(source: object, target: object, mode: Mode, depth: number, keys: readonly string[]): void {
    for (const key of keys) {
      const inner = modeOfKey(key, mode);
      // keys are text too: a map may be keyed by a phone number or an error message
      const redactedKey = mode === 'secret' ? key : redactText(key);
      // two numbers with the same last four digits make the same key: number the others, keep every entry
      let safeKey = redactedKey;
      for (let n = 2; Object.prototype.hasOwnProperty.call(target, safeKey); n++) safeKey = `${redactedKey} #${letters(n)}`;
      put(target, safeKey, walk(read(source, key), inner, depth + 1));
    }
  }

  function copy(value: object, mode: Mode, depth: number): unknown {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      copies.set(value, out);
      const length = value.length;
      for (let i = 0; i < length; i++) out.push(walk(read(value, i), mode, depth + 1));
      return out;
    }
    if (isPlainObject(value)) {
      const out: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
      copies.set(value, out);
      copyEntries(value, out, mode, depth, Object.keys(value));
      return out;
    }
    if (value instanceof Error) {
      // message, stack and cause are own but not enumerable: copy them too, keeping the prototype
      const out = Object.create(Object.getPrototypeOf(value) as object) as Error;
      copies.set(value, out);
      const keys = Object.getOwnPropertyNames(value).filter((k) => k !== 'constructor');
      copyEntries(value, out, mode, depth, keys);
      return out;
    }
    if (value instanceof Map) {
      const out = new Map<unknown, unknown>();
      copies.set(value, out);
      for (const [key, inner] of value) {
        const redactedKey = walk(key, mode, depth + 1);
        let safeKey = redactedKey;
        for (let n = 2; typeof redactedKey === 'string' && out.has(safeKey); n++) safeKey = `${redactedKey} #${letters(n)}`;
        out.set(safeKey, walk(inner, typeof key === 'string' ? modeOfKey(key, mode) : mode, depth + 1));
      }
      return out;
    }
    if (value instanceof Set) {
      const out = new Set<unknown>();
      copies.set(value, out);
      for (const inner of value) out.add(walk(inner, mode, depth + 1));
      return out;
    }
    if (value instanceof Date) return value;
    return onInstance ? onInstance(value) : value;
  }

  return walk;
}

/**
 * A copy of any value with its telephony data redacted, for whatever leaves for somewhere less trusted (a log, an error
 * tracker, the Stately inspector). It covers what Daily's dial-out API carries: daily-js `startDialOut()` options and
 * `dialout-*` events, the REST `dialOut/*` bodies, the `dialout.*` webhooks, and the transfer and pinless dial-in fields.
 *
 * - **Any string** (values and keys): a run of 7 or more digits, in any format or script (`+15555550100`,
 *   `(555) 555-0100`, `+44 (0)20 7946 0958`, inside Daily's `errorMsg` …), keeps only its last four digits
 *   (`+•••••••0100`) so that a person can still tell calls apart; so does a `tel:` number of any length. A `sip:` /
 *   `sips:` user keeps at most its last four characters and half its length (`sip:•••••••mith@example.com`); a
 *   password in it is masked whole. UUIDs (Daily's `sessionId`) and shorter numbers (`SIP 486`) are kept; other long runs of digits (a
 *   date `2024-10-01`) are masked too: when in doubt, it redacts.
 * - **By key** (any case, `snake_case` or `camelCase`): under `phoneNumber`, `phone`, `sipUri`, `destination`, `origin`,
 *   `callerId`, `target`, `toEndPoint`, `to` and `from`, a string or number keeps its last four digits (a SIP URI: as
 *   above) whatever its length; under `displayName`, `userName`, `userId`, `tones`, `tone`, `dtmf`, `digits`, `pin` and
 *   `extension`, any string or number, at any depth, becomes `'[redacted]'`.
 * - **Copied** at any depth: arrays, plain objects, `Map`s, `Set`s and `Error`s (`message`, `stack`, `cause` included);
 *   cycles stay cycles; keys that redact to the same text get ` #b`, ` #c`… so that no entry is lost. **Returned as
 *   they are**: other numbers and bigints (times, counts), booleans, `null`, `undefined`, functions, `Date`s and
 *   instances of other classes (not read: convert them to plain data first). Symbol keys and non-enumerable properties
 *   (but an `Error`'s) are dropped.
 *
 * Never throws (a throwing getter gives `'[unreadable]'`, nesting beyond 64 levels `'[too deep]'`), never changes the
 * input, and runs in time linear in its size.
 *
 * @typeParam T - The copy has the same shape, except that a number or bigint under a key above becomes a string.
 * @example
 * ```ts
 * redactTelephonyData('Busy: call to 1 (555) 555-0100 failed'); // 'Busy: call to • (•••) •••-0100 failed'
 * redactTelephonyData({ phoneNumber: '+15555550100', displayName: 'Ada' }); // { phoneNumber: '+•••••••0100', displayName: '[redacted]' }
 * ```
 */
export function redactTelephonyData<T>(value: T): T {
  return createWalker(undefined)(value, 'text', 0) as T;
}

function isActorRefLike(value: object): value is { sessionId: string; getSnapshot(): unknown } {
  return typeof (value as { sessionId?: unknown }).sessionId === 'string' && typeof (value as { getSnapshot?: unknown }).getSnapshot === 'function';
}

/** Actor reference properties whose values may hold telephony data (a snapshot, the actor's input). */
const REF_DATA = new Set<PropertyKey>(['options', '_snapshot', 'input']);
const REF_SNAPSHOT_METHODS = new Set<PropertyKey>(['getSnapshot', 'getPersistedSnapshot']);
const REF_LINKS = new Set<PropertyKey>(['_parent', 'parent', 'sourceRef']);

function createRefWrapper(): (ref: object) => unknown {
  const proxies = new WeakMap<object, object>();
  const redactDeep = (value: unknown): unknown => createWalker(wrap)(value, 'text', 0);

  function wrap(ref: object): unknown {
    if (!isActorRefLike(ref)) return ref;
    const known = proxies.get(ref);
    if (known) return known;
    const proxy = new Proxy(ref, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property, target);
        const own = Reflect.getOwnPropertyDescriptor(target, property);
        if (own && !own.configurable && !own.writable && 'value' in own) return value; // a proxy must return it unchanged
        if (REF_SNAPSHOT_METHODS.has(property) && typeof value === 'function') {
          return (...args: unknown[]) => redactDeep((value as (...a: unknown[]) => unknown).apply(target, args));
        }
        if (REF_DATA.has(property)) return redactDeep(value);
        if (REF_LINKS.has(property) && typeof value === 'object' && value !== null) return wrap(value);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    proxies.set(ref, proxy);
    return proxy;
  }
  return wrap;
}

/**
 * Wraps an XState inspector (an observer such as `createBrowserInspector().inspect`, or a function) so that every
 * inspection event it gets is a copy redacted by {@link redactTelephonyData}; pass the result as XState's or the
 * manager's `inspect` option. Actor references (`actorRef`, `sourceRef`, a snapshot's `children`) are handed on as
 * proxies, one per actor: `sessionId`, `id`, `logic` and `send` work as usual, while `getSnapshot()`,
 * `getPersistedSnapshot()`, `options` (the actor's `input`) and `_parent` give redacted copies or wrapped references
 * (the Stately inspector reads a new actor's snapshot later, through `getSnapshot()`). The actors are not changed. An
 * event that cannot be redacted is dropped, never handed on; errors thrown by the inspector reach XState unchanged.
 *
 * @example
 * ```ts
 * const manager = createDialOutManager(call, { inspect: redactedInspect(createBrowserInspector().inspect) });
 * ```
 */
export function redactedInspect(
  inspect: Observer<InspectionEvent> | ((event: InspectionEvent) => void),
): (event: InspectionEvent) => void {
  const wrapRef = createRefWrapper();
  const deliver = typeof inspect === 'function' ? inspect : (event: InspectionEvent) => inspect.next?.(event);
  return (event) => {
    let redacted: InspectionEvent;
    try {
      const walk = createWalker(wrapRef);
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(event)) {
        const value = read(event, key);
        out[key] = typeof value === 'object' && value !== null && isActorRefLike(value) ? wrapRef(value) : walk(value, modeOfKey(key, 'text'), 0);
      }
      redacted = out as unknown as InspectionEvent;
    } catch {
      return; // never hand on what could not be redacted
    }
    deliver(redacted);
  };
}
