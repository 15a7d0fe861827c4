/**
 * The event log: every `events$` item, newest first, phone numbers masked unless revealed.
 */
import type { DialOutEvent, DialOutManager } from 'daily-dialout-machine';
import { byId, formatClock, h } from './dom.js';
import { maskTarget, maskText } from './mask.js';

const MAX_ENTRIES = 200;

/**
 * The fields of an event worth showing, from a daily-js payload or a webhook event.
 *
 * @param event - An `events$` item.
 * @returns Its destination and error/warning text, when it has them.
 */
export function eventDetails(event: DialOutEvent): { destination?: string; message?: string } {
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  const inner = (event.source === 'webhook' ? payload.payload : payload) as Record<string, unknown> | undefined;
  const destination = inner?.destination;
  const message = inner?.errorMsg ?? inner?.error_msg;
  return {
    ...(typeof destination === 'string' ? { destination } : {}),
    ...(typeof message === 'string' ? { message } : {}),
  };
}

/**
 * Mounts the log into `#event-log`, fed by `manager.events$`.
 *
 * @param manager - The manager.
 * @param reveal - Whether phone numbers are shown in full.
 * @returns `refresh()` (re-render after the reveal toggle).
 */
export function mountEventLog(manager: DialOutManager, reveal: () => boolean): { refresh(): void } {
  const list = byId('event-log');
  const empty = byId('event-log-empty');
  const clear = byId<HTMLButtonElement>('clear-log');
  const events: DialOutEvent[] = [];

  function entry(event: DialOutEvent): HTMLLIElement {
    const { destination, message } = eventDetails(event);
    const show = reveal();
    return h(
      'li',
      { class: `log-entry log-${event.type}${event.duplicate ? ' duplicate' : ''}` },
      h(
        'span',
        { class: 'line' },
        h('time', { datetime: new Date(event.at).toISOString() }, formatClock(event.at)),
        ' ',
        h('code', { class: 'type' }, event.type),
        ' ',
        h('span', { class: 'source' }, event.source),
        event.duplicate ? h('span', { class: 'badge' }, 'duplicate') : null,
      ),
      h(
        'span',
        { class: 'line' },
        h('span', { class: 'attribution' }, event.localId ? `→ ${event.localId}` : '→ unattributed'),
        event.sessionId ? h('span', { class: 'session-id', title: event.sessionId }, ` ${event.sessionId.slice(0, 8)}…`) : null,
        destination ? h('span', { class: 'destination' }, ` ${maskTarget(destination, show)}`) : null,
      ),
      message ? h('span', { class: 'line message' }, `“${maskText(message, show)}”`) : null,
    );
  }

  function render(): void {
    list.replaceChildren(...events.map(entry));
    empty.hidden = events.length > 0;
  }

  manager.events$.subscribe((event) => {
    events.unshift(event);
    if (events.length > MAX_ENTRIES) events.length = MAX_ENTRIES;
    list.prepend(entry(event));
    while (list.childElementCount > MAX_ENTRIES) list.lastElementChild?.remove();
    empty.hidden = true;
  });
  clear.addEventListener('click', () => {
    events.length = 0;
    render();
  });
  render();
  return { refresh: render };
}
