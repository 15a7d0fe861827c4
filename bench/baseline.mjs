// The hand-written reducer the library is compared with, event for event: what the same
// job costs with no state machine at all.
//
// - One `Map<sessionId, { index, snapshot }>`; each snapshot is a frozen plain object.
// - Status precedence never goes backwards: an event whose status ranks at or below the
//   current one (a duplicate, a late `connected`) changes nothing and notifies nobody.
// - A warning appends to the session's frozen `warnings`.
// - The published value is a `BehaviorSubject` of the frozen sessions array; a change
//   copies it with `Object.freeze([...arr])` and replaces one slot.
// - An unknown sessionId becomes a new remote session (appended). A final session is
//   removed at once, as the library does with `maxEndedSessions: 0` (the bench uses that).
// - It listens to a FakeDailyCall with `call.on` and leaves with `call.off`.
import { BehaviorSubject } from 'rxjs';

const RANK = { connected: 1, answered: 2, stopped: 3, error: 3 };
const NO_WARNINGS = Object.freeze([]);

const text = (value) => (typeof value === 'string' ? value : undefined);

/**
 * @param call - A FakeDailyCall (anything with daily-js's `on`/`off`).
 * @param now - The clock for timestamps.
 * @returns `{ sessions$, getSnapshot(), dispose() }`; `getSnapshot()` is the current array.
 */
export function createBaseline(call, now = Date.now) {
  const byId = new Map();
  let sessions = Object.freeze([]);
  const sessions$ = new BehaviorSubject(sessions);

  function publish(next) {
    sessions = next;
    sessions$.next(next);
  }

  function replace(entry, snapshot) {
    entry.snapshot = snapshot;
    const copy = [...sessions];
    copy[entry.index] = snapshot;
    publish(Object.freeze(copy));
  }

  function remove(sessionId) {
    const entry = byId.get(sessionId);
    byId.delete(sessionId);
    const copy = [...sessions];
    copy.splice(entry.index, 1);
    for (let i = entry.index; i < copy.length; i++) byId.get(copy[i].sessionId).index = i;
    publish(Object.freeze(copy));
  }

  function onStatus(event, status) {
    const sessionId = event?.sessionId;
    if (typeof sessionId !== 'string' || sessionId === '') return;
    const entry = byId.get(sessionId);
    const prev = entry?.snapshot;
    if (prev && RANK[status] <= RANK[prev.status]) return;
    if (RANK[status] === 3) {
      if (entry) remove(sessionId);
      return;
    }
    const at = now();
    const next = {
      ...(prev ?? { id: sessionId, sessionId, initiator: 'remote', warnings: NO_WARNINGS, createdAt: at }),
      status,
    };
    const provider = text(event.provider);
    const sipCallId = text(event.sipCallId);
    const userId = text(event.userId);
    if (provider !== undefined) next.provider = provider;
    if (sipCallId !== undefined) next.sipCallId = sipCallId;
    if (userId !== undefined) next.userId = userId;
    if (status === 'connected') next.connectedAt = at;
    if (status === 'answered') next.answeredAt = at;
    const snapshot = Object.freeze(next);
    if (entry) replace(entry, snapshot);
    else {
      byId.set(sessionId, { index: sessions.length, snapshot });
      publish(Object.freeze([...sessions, snapshot]));
    }
  }

  function onWarning(event) {
    const sessionId = event?.sessionId;
    const entry = typeof sessionId === 'string' ? byId.get(sessionId) : undefined;
    if (!entry) return;
    const warning = Object.freeze({ message: String(event.errorMsg), sessionId, localId: entry.snapshot.id, at: now() });
    replace(entry, Object.freeze({ ...entry.snapshot, warnings: Object.freeze([...entry.snapshot.warnings, warning]) }));
  }

  const handlers = [
    ['dialout-connected', (e) => onStatus(e, 'connected')],
    ['dialout-answered', (e) => onStatus(e, 'answered')],
    ['dialout-stopped', (e) => onStatus(e, 'stopped')],
    ['dialout-error', (e) => onStatus(e, 'error')],
    ['dialout-warning', onWarning],
  ];
  for (const [name, handler] of handlers) call.on(name, handler);

  return {
    sessions$,
    getSnapshot: () => sessions,
    dispose() {
      for (const [name, handler] of handlers) call.off(name, handler);
      sessions$.complete();
    },
  };
}
