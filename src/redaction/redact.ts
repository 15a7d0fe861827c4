/**
 * Redaction of telephony data (phone numbers, SIP URIs, caller ids, names,
 * user ids, DTMF tones) before a value leaves the place it belongs to: a log
 * line, an error report, the Stately inspector. Pure and browser-safe: no
 * Node import, no I/O.
 */
import type { InspectionEvent, Observer } from 'xstate';
import { isPlainObject } from '../values.js';

/** What replaces a hidden digit or character. */
const MASK = '•';
/** What replaces a whole value that identifies a person or holds a secret. */
const REDACTED = '[redacted]';
/** What replaces a value that could not be read (a throwing getter or proxy). */
const UNREADABLE = '[unreadable]';
/** Nesting deeper than this is replaced by {@link TOO_DEEP}. */
const MAX_DEPTH = 64;
const TOO_DEEP = '[too deep]';
/** Digits a person needs to tell two calls apart; the others are masked. */
const KEEP_DIGITS = 4;
/** A run of at least this many digits (separators allowed between them) is treated as a phone number. */
const MIN_PHONE_DIGITS = 7;

/**
 * Separators that may sit between the digits of a written phone number: white
 * space (including no-break and narrow spaces), brackets, dots, slashes and
 * every dash (ASCII, Unicode hyphens, minus, full-width).
 */
const SEP = String.raw`[\s().\/\-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D\uFF08\uFF09\uFF0E\uFF0F]`;
/** A run of digits (any script) with at most three separators between two digits, and an optional leading plus. */
const DIGIT_RUN = new RegExp(String.raw`[+\uFF0B]?\p{Nd}(?:${SEP}{0,3}\p{Nd})*`, 'gu');
/** `sip:` / `sips:` URIs with a user part (`user@host`); group 1 is the scheme, group 2 the user (with any password). */
const SIP_USER = /\b(sips?:)([^@\s"'<>]+)@/giu;
/** `tel:` URIs (RFC 3966): the number, up to its first `;parameter` or a character that cannot be part of it. */
const TEL_URI = /\btel:[^\s"'<>,;]+/giu;
/** RFC 9562 UUIDs (Daily's `sessionId`s): left as they are, they identify a call, not a person. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/giu;
/** One digit of any script. */
const DIGIT = /\p{Nd}/u;

/**
 * Keys whose values are phone numbers or SIP URIs (Daily's names, in camel and
 * snake case, and the transfer / pinless fields): the value is masked but for
 * its last four digits (or, for a SIP user, its last four characters).
 * Compared after lower-casing and removing `_` and `-`.
 */
const PHONE_KEYS = new Set([
  'phonenumber',
  'phone',
  'sipuri',
  'destination',
  'origin',
  'callerid',
  'target',
  'toendpoint',
  'to',
  'from',
]);

/**
 * Keys whose values identify a person or are secrets (names, user ids, DTMF
 * tones, which may be PINs, extensions): the whole value is replaced by
 * `'[redacted]'`. Compared like {@link PHONE_KEYS}.
 */
const SECRET_KEYS = new Set(['displayname', 'username', 'userid', 'tones', 'tone', 'dtmf', 'digits', 'pin', 'extension']);

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

/** Masks every digit of `text` but the last {@link KEEP_DIGITS}; other characters stay. */
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

/**
 * Masks a SIP user part (`user[;params][:password]`, RFC 3261): the user but
 * its last four characters (and never more than half of it shows), a
 * password entirely; parameters are redacted as free text.
 */
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

/** Masks the numbers of free text that are not inside a UUID. */
function maskRuns(text: string): string {
  return text.replace(DIGIT_RUN, (run) => {
    let digits = 0;
    for (const char of run) if (DIGIT.test(char)) digits++;
    return digits >= MIN_PHONE_DIGITS ? maskDigits(run) : run;
  });
}

/** Redacts the phone numbers, `tel:` numbers and SIP users of free text; UUIDs are kept. */
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
 * A copy of a value with its telephony data redacted: phone numbers, SIP and
 * `tel:` URIs, caller ids, display names, user ids and DTMF tones.
 *
 * @remarks
 * Made to be called on anything that leaves the page or the server for
 * somewhere less trusted (a log, an error tracker, the Stately inspector).
 * Strings, arrays, plain objects, `Map`s, `Set`s and `Error`s (their
 * `message`, `stack` and `cause` included) are copied, at any depth; cycles
 * are kept as cycles. Keys are redacted like strings; when two keys redact
 * to the same text (two numbers ending in the same four digits), the later
 * ones get ` #b`, ` #c`… so that no entry is lost.
 *
 * - **In any string** (values and keys): every run of 7 or more digits is a
 *   phone number, whatever its format: E.164 with or without `+`
 *   (`+15555550100`, `15555550100`), national formats with spaces, dashes,
 *   dots, slashes or brackets (`(555) 555-0100`, `555.555.0100`,
 *   `+44 (0)20 7946 0958`, `0044 20 7946 0958`), digits of any script, and
 *   numbers inside free text such as Daily's `errorMsg`. All its digits but
 *   the last four are replaced by `•` (`+•••••••0100`), so that a person can
 *   still tell calls apart. The number of a `tel:` URI is masked the same way
 *   whatever its length, and the user part of a `sip:` / `sips:` URI keeps at
 *   most its last four characters (and never more than half of it):
 *   `sip:•••••••mith@example.com` (a password in it is masked entirely).
 *   UUIDs (such as Daily's `sessionId`) are
 *   kept. Shorter numbers (`SIP 486`, `attempt 3`) are kept; runs of 7 or
 *   more digits that are not phone numbers (a date written `2024-10-01`, an
 *   epoch time in a string) are masked too: when in doubt, it redacts.
 * - **By key** (any case, `snake_case` or `camelCase`): under `phoneNumber`,
 *   `phone`, `sipUri`, `destination`, `origin`, `callerId`, `target`,
 *   `toEndPoint`, `to` and `from`, a string or number is masked but for its
 *   last four digits (a SIP URI: its user, as above), whatever its length.
 *   Under `displayName`, `userName`, `userId`, `tones`, `tone`, `dtmf`,
 *   `digits`, `pin` and `extension`, every string or number, at any depth,
 *   becomes `'[redacted]'`.
 * - **Left as they are**: numbers and bigints outside those keys (epoch
 *   times, counts, durations), booleans, `null`, `undefined`, functions,
 *   `Date`s, and instances of other classes, which are returned without being
 *   read (convert them to plain data first). Symbol keys and non-enumerable
 *   properties (except an `Error`'s) are dropped.
 *
 * It never throws: a property whose getter throws becomes `'[unreadable]'`,
 * nesting deeper than 64 levels becomes `'[too deep]'`. The input is not
 * changed. Runs in linear time in the size of the input.
 *
 * The data it redacts is what Daily's dial-out API carries (daily-js
 * `startDialOut()` options and `dialout-*` events, the REST `dialOut/*`
 * bodies, the `dialout.*` webhooks, and the transfer and pinless dial-in
 * fields of Daily's REST reference).
 *
 * @typeParam T - The type of the value; the copy has the same shape, except
 * that a number or bigint under one of the keys above becomes a string.
 * @param value - Anything.
 * @returns The redacted copy (a string for a string; the same value for a
 * number, boolean, `null`, `undefined`, function or class instance).
 *
 * @example
 * ```ts
 * redactTelephonyData('Busy: call to 1 (555) 555-0100 failed');
 * // 'Busy: call to • (•••) •••-0100 failed'
 * redactTelephonyData({ phoneNumber: '+15555550100', displayName: 'Ada', sessionId: 'f1d2…' });
 * // { phoneNumber: '+•••••••0100', displayName: '[redacted]', sessionId: 'f1d2…' }
 * ```
 */
export function redactTelephonyData<T>(value: T): T {
  return createWalker(undefined)(value, 'text', 0) as T;
}

/** An actor reference as an inspector sees it: it has a `sessionId` and a `getSnapshot()`. */
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
 * Wraps an XState inspector so that every inspection event handed to it has
 * its telephony data redacted by {@link redactTelephonyData}.
 *
 * @remarks
 * Use it where XState takes an `inspect` option (`createActor(logic, {
 * inspect })`, or the manager's `inspect` option), around any inspector: the
 * Stately inspector (`@statelyai/inspect`), a logger, a test recorder.
 *
 * Every field of every inspection event (`event`, `snapshot`, `action`,
 * `_transitions`, and any other) is a redacted copy. Actor references
 * (`actorRef`, `sourceRef`, and the actors in a snapshot's `children`) are
 * handed on as proxies of the real actors: `sessionId`, `id`, `logic` and
 * `send` work as usual, while `getSnapshot()`, `getPersistedSnapshot()`,
 * `options` (which holds the actor's `input`) and `_parent` give redacted
 * copies or wrapped references (the Stately inspector reads the snapshot
 * of a new actor through `getSnapshot()`, later). The same actor always gets
 * the same proxy. The actors themselves are not changed.
 *
 * If redacting an event throws (it should not), the event is dropped rather
 * than handed on unredacted. Errors thrown by the inspector itself reach
 * XState as they would without the wrapper.
 *
 * @param inspect - The inspector: an observer (`{ next }`, as
 * `createBrowserInspector().inspect` is) or a function of the inspection event.
 * @returns An inspect function for XState's `inspect` option.
 *
 * @example
 * ```ts
 * import { createBrowserInspector } from '@statelyai/inspect';
 * import { createDialOutManager, redactedInspect } from 'daily-dialout-machine';
 *
 * const inspector = createBrowserInspector();
 * const manager = createDialOutManager(call, { inspect: redactedInspect(inspector.inspect) });
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
