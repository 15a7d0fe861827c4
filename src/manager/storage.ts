/**
 * What the manager keeps of its live local sessions in `storage`, so that a manager made after a page reload can
 * restore them: one JSON array of {@link StoredSession} under {@link storageKey}. Pure: the manager decides when to
 * write and what to do with what is read. What is read is validated like any input and nothing here throws.
 */
import type {
  DialOutErrorCategory,
  DialOutSessionSnapshot,
  DialOutStorage,
  DialOutTarget,
  DialOutTransferMethod,
  DialOutTransferStatus,
} from '../types.js';
import { isPlainObject, own } from '../values.js';

/** The statuses a stored session can have: the live ones of a local session. */
export type StoredStatus = 'connecting' | 'connected' | 'answered' | 'stopping';

/** A warning as stored (its `localId` is the session's `id`). */
export interface StoredWarning {
  message: string;
  at: number;
  sessionId?: string;
  actionTraceId?: string;
  sipCallId?: string;
}

/** A transfer as stored: of a failure only its category (daily-js's message may quote the destination). */
export interface StoredTransfer {
  method: DialOutTransferMethod;
  toEndPoint: string;
  status: DialOutTransferStatus;
  requestedAt: number;
  /** The failure's category; the code is always `TRANSFER_FAILED`. */
  error?: { category: DialOutErrorCategory };
}

/**
 * What is kept of one live local session: the snapshot's fields that a restore needs, never received `digits`, the
 * `participant`, `retry`, errors' messages or causes. Targets may be masked (see {@link toStored}).
 */
export interface StoredSession {
  v: 1;
  id: string;
  sessionId?: string;
  status: StoredStatus;
  initiator: 'local';
  target?: DialOutTarget;
  displayName?: string;
  userId?: string;
  callerId?: string;
  provider?: string;
  sipCallId?: string;
  origin?: string;
  actionTraceId?: string;
  attempt: number;
  warnings: StoredWarning[];
  createdAt: number;
  connectedAt?: number;
  answeredAt?: number;
  transfer?: StoredTransfer;
}

/** The library's field clip (2,000 characters) plus its `…`. */
const MAX_FIELD = 2001;
const MAX_SESSIONS = 100;
const MAX_WARNINGS = 100;
/** Characters of the whole entry (about 1 MB; storage quotas count UTF-16 code units). */
const MAX_CHARS = 1_000_000;

/**
 * The storage key of a manager's sessions.
 * @param callClientId - daily-js's `callClientId` of the call, when it has one.
 * @returns `daily-dialout-machine:<callClientId>`, or `daily-dialout-machine:call` without one.
 */
export function storageKey(callClientId: string | undefined): string {
  return `daily-dialout-machine:${callClientId ?? 'call'}`;
}

const clip = (text: string): string => (text.length > MAX_FIELD ? `${text.slice(0, MAX_FIELD - 1)}…` : text);

/** `…` and the last four digits: still readable ("the number ending 0100"), never dialable. */
const lastFour = (number: string): string => `…${number.replace(/\D/g, '').slice(-4)}`;

/** A SIP URI without its user, password and headers; a phone number as {@link lastFour}; anything else unchanged. */
function mask(address: string): string {
  const sip = /^(sips?:)(?:([^?]*)@)?([^?]*)/i.exec(address);
  if (sip) return `${sip[1]}${sip[2] === undefined ? '' : '…@'}${sip[3]}`;
  return /^(tel:)?\+?\(?\d[\d\s().-]*$/i.test(address) ? lastFour(address) : address;
}

/**
 * Writes a manager's live local sessions as one entry (at most the newest 100), or removes the entry when there are
 * none. Over 1,000,000 characters, warnings are dropped; still over, or when `setItem` fails (quota, storage disabled),
 * the entry is removed rather than left outdated. Never throws.
 * @returns Whether the sessions were stored as given (or the entry removed for none).
 */
export function writeStored(storage: DialOutStorage, key: string, sessions: readonly StoredSession[]): boolean {
  try {
    if (sessions.length) {
      const kept = sessions.slice(-MAX_SESSIONS);
      let json = JSON.stringify(kept);
      let whole = kept.length == sessions.length;
      if (json.length > MAX_CHARS) (json = JSON.stringify(kept.map((s) => ({ ...s, warnings: [] })))), (whole = false);
      if (json.length <= MAX_CHARS) {
        try {
          storage.setItem(key, json);
          return whole;
        } catch {
          // quota or storage disabled: remove the outdated entry below
        }
      }
    }
    storage.removeItem(key);
    return !sessions.length;
  } catch {
    return false;
  }
}

/** Checks a value read at `path`; returns what is kept of it or throws the problem. */
type Rule = (value: unknown, path: string) => unknown;

/** While {@link toStored} runs: the rules only copy (a snapshot is trusted; its `transfer.error` need not be plain). */
let lax = false;

function fail(message: string): never {
  throw Error(message);
}
const is =
  (what: string, ok: (value: unknown) => boolean): Rule =>
  (value, path) =>
    lax || ok(value) ? value : fail(`${path} must be ${what}`);
const oneOf = (...list: unknown[]): Rule => is(list.length > 1 ? `one of ${list.join(', ')}` : String(list[0]), (value) => list.includes(value));
const STRING = is(`a string of at most ${MAX_FIELD} characters`, (value) => typeof value == 'string' && value.length <= MAX_FIELD);
const TIME = is('a finite number ≥ 0', (value) => typeof value == 'number' && value >= 0 && value < Infinity);

/** A plain object of the schema's keys (a `?` suffix: optional), copied; other keys are dropped. */
const object =
  (schema: Record<string, Rule>): Rule =>
  (value, path) => {
    if (!lax && !isPlainObject(value)) return fail(`${path} must be an object`);
    const copy: Record<string, unknown> = {};
    for (const name in schema) {
      const key = name.replace('?', '');
      const inner = own(value as object, key);
      if (inner !== undefined) copy[key] = (schema[name] as Rule)(inner, `${path}.${key}`);
      else if (key == name && !lax) fail(`${path}.${key} is missing`);
    }
    return copy;
  };

const WARNING = object({ message: STRING, at: TIME, 'sessionId?': STRING, 'actionTraceId?': STRING, 'sipCallId?': STRING });
const TRANSFER = object({
  method: oneOf('transfer', 'refer'),
  toEndPoint: STRING,
  status: oneOf('requested', 'accepted', 'triggered', 'initiated', 'answered', 'completed', 'failed'),
  requestedAt: TIME,
  'error?': object({ category: oneOf('busy', 'declined', 'unreachable', 'invalid-destination', 'not-allowed', 'capacity', 'unknown') }),
});
const SESSION = object({
  v: oneOf(1),
  id: is(`a string of 1 to ${MAX_FIELD} characters`, (value) => typeof value == 'string' && value.length > 0 && value.length <= MAX_FIELD),
  'sessionId?': STRING,
  status: oneOf('connecting', 'connected', 'answered', 'stopping'),
  initiator: oneOf('local'),
  'target?': (value, path) =>
    object(own(value as object, 'kind') == 'sip' ? { kind: oneOf('sip'), sipUri: STRING } : { kind: oneOf('phone'), phoneNumber: STRING })(
      value,
      path,
    ),
  'displayName?': STRING,
  'userId?': STRING,
  'callerId?': STRING,
  'provider?': STRING,
  'sipCallId?': STRING,
  'origin?': STRING,
  'actionTraceId?': STRING,
  attempt: is('an integer ≥ 1', (value) => Number.isSafeInteger(value) && (value as number) >= 1),
  warnings: (value, path) =>
    Array.isArray(value) && (lax || value.length <= MAX_WARNINGS)
      ? value.slice(-MAX_WARNINGS).map((warning, i) => WARNING(warning, `${path}[${i}]`))
      : fail(`${path} must be an array of at most ${MAX_WARNINGS} warnings`),
  createdAt: TIME,
  'connectedAt?': TIME,
  'answeredAt?': TIME,
  'transfer?': TRANSFER,
});

/**
 * What is stored of a live local session's snapshot (`initiator` is written as `local`, `status` as it is: pass live
 * local sessions only). Warnings keep their newest 100, messages clipped to 2,000 characters.
 *
 * Unless `storeTargets`, addresses are masked:
 * - every phone number (the `phone` target, `callerId`, `origin` and `transfer.toEndPoint` when they are `+…`, digits
 *   or `tel:…`) is stored as `…` (U+2026) and its last four digits: `'+12125550100'` → `'…0100'`;
 * - every SIP URI (the `sip` target, and `callerId`, `origin`, `transfer.toEndPoint` when they start `sip:` or `sips:`)
 *   loses its user, password and headers; host, port and parameters stay: `'sip:alice:pw@pbx.example.com:5061;transport=tls?X-Id=7'`
 *   → `'sip:…@pbx.example.com:5061;transport=tls'` (a URI without a user keeps no `…@`).
 *
 * Both are for display only: neither is valid for dialing again.
 * @param snapshot - The session's snapshot.
 * @param storeTargets - The manager's `storeTargets` option: `true` stores addresses as they are.
 */
export function toStored(snapshot: DialOutSessionSnapshot, storeTargets: boolean): StoredSession {
  const hide = (address: string | undefined): string | undefined => (storeTargets || address === undefined ? address : mask(address));
  const { target, transfer } = snapshot;
  lax = true;
  try {
    // the schema that checks what is read copies what is stored: its fields only, none undefined
    return SESSION(
      {
        ...snapshot,
        v: 1,
        initiator: 'local',
        target:
          target &&
          (target.kind === 'phone'
            ? { kind: 'phone', phoneNumber: storeTargets ? target.phoneNumber : lastFour(target.phoneNumber) }
            : { kind: 'sip', sipUri: hide(target.sipUri) }),
        callerId: hide(snapshot.callerId),
        origin: hide(snapshot.origin),
        warnings: snapshot.warnings.map((warning) => ({ ...warning, message: clip(warning.message) })),
        transfer: transfer && { ...transfer, toEndPoint: hide(transfer.toEndPoint) },
      },
      '',
    ) as StoredSession;
  } finally {
    lax = false;
  }
}

/** One stored session, checked in full: its shape, then what its status needs and the order of its timestamps. */
function readSession(value: unknown, path: string): StoredSession {
  const s = SESSION(value, path) as StoredSession;
  if (s.status == 'connected' && s.connectedAt === undefined) fail(`${path} is connected without connectedAt`);
  if (s.status == 'answered' && s.answeredAt === undefined) fail(`${path} is answered without answeredAt`);
  let last: [string, number] = ['createdAt', s.createdAt];
  for (const key of ['connectedAt', 'answeredAt'] as const) {
    const at = s[key];
    if (at === undefined) continue;
    if (at < last[1]) fail(`${path}.${key} is before ${last[0]}`);
    last = [key, at];
  }
  if (s.transfer && s.transfer.requestedAt < s.createdAt) fail(`${path}.transfer.requestedAt is before createdAt`);
  return s;
}

/**
 * Reads and validates a manager's stored sessions. Entries that break a rule (wrong shape or version, a field of the
 * wrong type or over 2,001 characters, an unknown or final status, a non-finite timestamp, timestamps out of order,
 * an id or sessionId seen before) are ignored and the others kept; over 100 sessions, the rest are ignored; not JSON,
 * not an array, or over 1,000,000 characters, nothing is read. Unknown fields are dropped. Never throws.
 * @returns The valid sessions (copies), and `problem` when anything was ignored: what was wrong and where (`[1].status
 * must be one of …`), never a stored value.
 */
export function readStored(storage: DialOutStorage, key: string): { sessions: StoredSession[]; problem?: string } {
  const sessions: StoredSession[] = [];
  const problems: string[] = [];
  let ignored = 0;
  let list: unknown;
  try {
    let text: unknown;
    try {
      text = storage.getItem(key);
    } catch {
      fail('could not be read (getItem threw)');
    }
    if (text === null) return { sessions };
    if (typeof text != 'string') fail('is not a string');
    if (text.length > MAX_CHARS) fail(`is over ${MAX_CHARS} characters`);
    try {
      list = JSON.parse(text);
    } catch {
      fail('is not JSON');
    }
    if (!Array.isArray(list)) fail("is not an array of sessions (another library's value?)");
  } catch (error) {
    return { sessions, problem: `the stored entry ${(error as Error).message}` };
  }
  const seen = new Set<string>();
  const entries = list as unknown[];
  entries.forEach((value, i) => {
    try {
      if (i >= MAX_SESSIONS) return void ignored++;
      const s = readSession(value, `[${i}]`);
      for (const [what, id] of [['id', s.id], ['sessionId', s.sessionId]]) {
        if (id !== undefined && seen.has(what + id)) fail(`[${i}].${what} repeats an earlier session's`);
      }
      seen.add(`id${s.id}`);
      if (s.sessionId !== undefined) seen.add(`sessionId${s.sessionId}`);
      sessions.push(s);
    } catch (error) {
      ignored++;
      problems.push((error as Error).message);
    }
  });
  if (entries.length > MAX_SESSIONS) problems.unshift(`more than ${MAX_SESSIONS} sessions`);
  if (!ignored) return { sessions };
  const shown = problems.slice(0, 3).join('; ');
  return { sessions, problem: `ignored ${ignored} of ${entries.length} stored sessions: ${shown}${problems.length > 3 ? '; …' : ''}` };
}
