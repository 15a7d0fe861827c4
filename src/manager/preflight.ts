/** What daily-js can tell, without dialing, about whether a dial-out can start: {@link DialOutManager.preflight}. */
import { DialOutValidationError } from '../errors.js';
import type {
  DailyCallLike,
  DialOutPreflight,
  DialOutPreflightCode,
  DialOutPreflightIssue,
  DialOutPreflightOptions,
  DialOutSessionSnapshot,
} from '../types.js';

/** Daily's default per-room limit of SIP/PSTN sessions, dial-in included. */
const DEFAULT_SESSION_LIMIT = 5;

/** The `participantType`s that count against the limit (daily-js's `DailyParticipantTypeValues`). */
const SIP_PSTN_TYPES: ReadonlySet<unknown> = new Set(['sip-dial-in', 'sip-dial-out', 'pstn-dial-in', 'pstn-dial-out']);

type AnyRecord = Record<string, unknown>;

function isRecord(value: unknown): value is AnyRecord {
  return value !== null && typeof value === 'object';
}

function issue(code: DialOutPreflightCode, message: string): DialOutPreflightIssue {
  return Object.freeze({ code, message });
}

function result(issues: DialOutPreflightIssue[]): DialOutPreflight {
  return Object.freeze({ ok: issues.length === 0, issues: Object.freeze(issues) });
}

function sessionLimitOf(options: DialOutPreflightOptions | undefined): number {
  if (options === undefined) return DEFAULT_SESSION_LIMIT;
  if (!isRecord(options)) {
    throw new DialOutValidationError([{ path: '', message: 'options must be an object' }], 'preflight options');
  }
  const limit: unknown = options.sessionLimit;
  if (limit === undefined) return DEFAULT_SESSION_LIMIT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
    throw new DialOutValidationError([{ path: 'sessionLimit', message: 'must be an integer ≥ 1' }], 'preflight options');
  }
  return limit;
}

/** `true` owner or admin, `false` known to be neither, `undefined` cannot tell. */
function isOwnerOrAdmin(participants: AnyRecord | undefined): boolean | undefined {
  const local = participants?.['local'];
  if (!isRecord(local)) return undefined;
  if (local['owner'] === true) return true;
  const permissions = local['permissions'];
  const canAdmin = isRecord(permissions) ? permissions['canAdmin'] : undefined;
  if (canAdmin === true) return true;
  if (Array.isArray(canAdmin) && canAdmin.length > 0) return true;
  // Set across realms (daily-js may run in another window than this library).
  if (Object.prototype.toString.call(canAdmin) === '[object Set]' && (canAdmin as Set<unknown>).size > 0) return true;
  return local['owner'] === false ? false : undefined;
}

function readParticipants(call: DailyCallLike): AnyRecord | undefined {
  try {
    const participants: unknown = call.participants?.();
    return isRecord(participants) ? participants : undefined;
  } catch {
    return undefined;
  }
}

/** How long `room()` may take (daily-js sets no limit): later counts as "cannot tell". */
const ROOM_TIMEOUT_MS = 5_000;

async function dialOutEnabled(call: DailyCallLike): Promise<boolean | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const room: unknown = await Promise.race([
      call.room?.(),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), ROOM_TIMEOUT_MS);
      }),
    ]);
    if (!isRecord(room) || 'roomUrlPendingJoin' in room) return undefined;
    const config = room['config'];
    const enabled = isRecord(config) ? config['enable_dialout'] : undefined;
    return typeof enabled === 'boolean' ? enabled : undefined;
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

/** The room's SIP/PSTN participants plus the live sessions not among them (a session without sessionId counts). */
function countSessions(participants: AnyRecord | undefined, live: readonly DialOutSessionSnapshot[]): number {
  const inRoom = new Set<unknown>();
  let count = 0;
  if (participants) {
    for (const participant of Object.values(participants)) {
      if (!isRecord(participant) || !SIP_PSTN_TYPES.has(participant['participantType'])) continue;
      count += 1;
      if (typeof participant['session_id'] === 'string') inRoom.add(participant['session_id']);
    }
  }
  for (const session of live) {
    if (session.sessionId === undefined || !inRoom.has(session.sessionId)) count += 1;
  }
  return count;
}

async function check(
  call: DailyCallLike,
  live: readonly DialOutSessionSnapshot[],
  sessionLimit: number,
): Promise<DialOutPreflight> {
  let joined: boolean | undefined;
  try {
    joined = call.meetingState() === 'joined-meeting';
  } catch {
    joined = undefined;
  }
  if (joined === false) return result([issue('NOT_JOINED', 'Join the call before dialing out')]);
  if (joined === undefined) return result([]);

  // Read synchronously, with `live`, before awaiting room(): one moment's view of the room.
  const participants = readParticipants(call);
  const issues: DialOutPreflightIssue[] = [];
  if (isOwnerOrAdmin(participants) === false) {
    issues.push(issue('NOT_OWNER', 'Only a room owner or an admin can dial out'));
  }
  const count = countSessions(participants, live);
  if ((await dialOutEnabled(call)) === false) {
    issues.push(issue('DIALOUT_DISABLED', 'Dial-out is not enabled for this room (enable_dialout)'));
  }
  if (count >= sessionLimit) {
    issues.push(
      issue(
        'SESSION_LIMIT',
        `The room has reached its limit of ${sessionLimit} phone and SIP ${sessionLimit === 1 ? 'call' : 'calls'} (${count} in use)`,
      ),
    );
  }
  return result(issues);
}

/**
 * See {@link DialOutManager.preflight}. `live` are the manager's live sessions (their `sessionId`s, once known,
 * tell which of the room's SIP/PSTN participants are already counted).
 */
export function preflight(
  call: DailyCallLike,
  live: readonly DialOutSessionSnapshot[],
  options?: DialOutPreflightOptions,
): Promise<DialOutPreflight> {
  const sessionLimit = sessionLimitOf(options);
  return check(call, live, sessionLimit).catch(() => result([]));
}
