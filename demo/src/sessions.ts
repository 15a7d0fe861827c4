/**
 * The sessions list, driven only by the manager's observables: `sessions$` for which sessions
 * exist, each session's `snapshot$` for what it shows, and one RxJS timer per live session for
 * the "ringing for" / "talking for" clocks (derived from `connectedAt` / `answeredAt`).
 */
import type { DialOutManager, DialOutSessionSnapshot, DialOutStatus } from 'daily-dialout-machine';
import { isFinalStatus } from 'daily-dialout-machine';
import { map, of, startWith, switchMap, timer, type Subscription } from 'rxjs';
import { formatDuration, h, setText } from './dom.js';
import { maskTarget, maskText } from './mask.js';

/** What the list needs from the page. */
export interface SessionsListOptions {
  /** The `<ol>` to fill, newest first. */
  readonly list: HTMLElement;
  /** The text shown while there is no session. */
  readonly empty: HTMLElement;
  readonly manager: DialOutManager;
  /** Whether to show phone numbers in full. */
  readonly reveal: () => boolean;
  /** The user picked a session. */
  readonly onSelect: (id: string) => void;
  /** A session appeared (newest last). */
  readonly onAdded: (snapshot: DialOutSessionSnapshot) => void;
  /** A session changed (status, timers aside). `previous` is its status before, if it had one. */
  readonly onChange: (snapshot: DialOutSessionSnapshot, previous: DialOutStatus | undefined) => void;
}

/** The mounted list. */
export interface SessionsList {
  /** The statuses a session went through, oldest first (what the page saw). */
  history(id: string): readonly DialOutStatus[];
  /** The latest snapshot the list shows for a session. */
  snapshot(id: string): DialOutSessionSnapshot | undefined;
  /** Re-renders every card (after the "show full numbers" toggle). */
  refresh(): void;
  /** Marks the selected card. */
  markSelected(id: string | undefined): void;
  /** Unsubscribes everything. */
  dispose(): void;
}

interface Card {
  readonly id: string;
  readonly root: HTMLLIElement;
  readonly fields: Record<string, HTMLElement>;
  readonly rows: Record<string, HTMLElement>;
  readonly heading: HTMLElement;
  readonly select: HTMLButtonElement;
  readonly hangUp: HTMLButtonElement;
  readonly note: HTMLElement;
  readonly history: DialOutStatus[];
  snapshot: DialOutSessionSnapshot;
  subscription: Subscription | undefined;
}

const FIELDS: ReadonlyArray<readonly [key: string, label: string]> = [
  ['status', 'Status'],
  ['initiator', 'Initiator'],
  ['target', 'Target'],
  ['displayName', 'Display name'],
  ['ringing', 'Ringing for'],
  ['talking', 'Talking for'],
  ['attempt', 'Attempt'],
  ['sessionId', 'Daily sessionId'],
  ['warnings', 'Warnings'],
  ['error', 'Error'],
  ['outcome', 'Outcome'],
  ['path', 'Path'],
];

/**
 * The text of a session's target.
 *
 * @param snapshot - The session.
 * @param reveal - Show the number or URI in full.
 * @returns The target, masked unless revealed, or `unknown`.
 */
export function targetText(snapshot: DialOutSessionSnapshot, reveal: boolean): string {
  const target = snapshot.target;
  if (!target) return 'unknown';
  return maskTarget(target.kind === 'sip' ? target.sipUri : target.phoneNumber, reveal);
}

/**
 * A session's title.
 *
 * @param snapshot - The session.
 * @param reveal - Show the number or URI in full.
 * @returns e.g. `Call to +•••••••0100` or `Remote dial-out to +•••••••0199`.
 */
export function sessionTitle(snapshot: DialOutSessionSnapshot, reveal: boolean): string {
  return `${snapshot.initiator === 'remote' ? 'Remote dial-out' : 'Call'} to ${targetText(snapshot, reveal)}`;
}

function ticking(s: DialOutSessionSnapshot): number | undefined {
  if (s.endedAt !== undefined || isFinalStatus(s.status)) return undefined;
  return s.answeredAt ?? s.connectedAt;
}

/**
 * Mounts the sessions list.
 *
 * @param options - See {@link SessionsListOptions}.
 * @returns The list's handle.
 */
export function mountSessionsList(options: SessionsListOptions): SessionsList {
  const { list, empty, manager } = options;
  const cards = new Map<string, Card>();
  let newestId: string | undefined;

  function render(card: Card, now: number): void {
    const s = card.snapshot;
    const reveal = options.reveal();
    const f = card.fields;
    setText(card.heading, sessionTitle(s, reveal));
    setText(f.status!, s.status);
    f.status!.className = `status status-${s.status}`;
    setText(f.initiator!, s.initiator);
    setText(f.target!, targetText(s, reveal));
    setText(f.displayName!, s.displayName ?? '');
    card.rows.displayName!.hidden = s.displayName === undefined;
    const ringEnd = s.answeredAt ?? s.endedAt ?? now;
    setText(f.ringing!, s.connectedAt === undefined ? '—' : formatDuration(ringEnd - s.connectedAt));
    setText(f.talking!, s.answeredAt === undefined ? '—' : formatDuration((s.endedAt ?? now) - s.answeredAt));
    setText(f.attempt!, String(s.attempt));
    card.rows.attempt!.hidden = s.initiator === 'remote';
    setText(f.sessionId!, s.sessionId ?? '—');
    const warnings = s.warnings.map((w) => maskText(w.message, reveal));
    if (f.warnings!.childElementCount !== warnings.length || warnings.some((w, i) => f.warnings!.children[i]?.textContent !== w)) {
      f.warnings!.replaceChildren(...warnings.map((w) => h('li', {}, w)));
    }
    card.rows.warnings!.hidden = warnings.length === 0;
    if (s.error) {
      const text = `${s.error.code}: ${maskText(s.error.message, reveal)}`;
      if (f.error!.textContent !== text) f.error!.replaceChildren(h('code', {}, s.error.code), `: ${maskText(s.error.message, reveal)}`);
    } else f.error!.replaceChildren();
    card.rows.error!.hidden = !s.error;
    setText(f.outcome!, s.outcome ?? '');
    card.rows.outcome!.hidden = s.outcome === undefined;
    setText(f.path!, card.history.join(' → '));
    const final = isFinalStatus(s.status);
    card.hangUp.disabled = final || s.status === 'stopping';
    card.root.classList.toggle('final', final);
    card.root.classList.toggle('newest', card.id === newestId);
    card.root.setAttribute('aria-label', `${sessionTitle(s, reveal)}: ${s.status}${card.id === newestId ? ' (newest)' : ''}`);
  }

  function createCard(snapshot: DialOutSessionSnapshot): Card {
    const fields: Record<string, HTMLElement> = {};
    const rows: Record<string, HTMLElement> = {};
    const dl = h('dl', {});
    for (const [key, label] of FIELDS) {
      const value = key === 'warnings' ? h('ul', { class: 'warnings' }) : h('span', {});
      value.dataset.field = key;
      fields[key] = value;
      const row = h('div', { class: `row row-${key}` }, h('dt', {}, label), h('dd', {}, value));
      rows[key] = row;
      dl.append(row);
    }
    const heading = h('h3', {});
    const select = h('button', { type: 'button', class: 'select', 'aria-pressed': 'false' }, 'Show in diagram');
    const hangUp = h('button', { type: 'button', class: 'hang-up danger' }, 'Hang up');
    const note = h('p', { class: 'card-note', role: 'alert' });
    const root = h(
      'li',
      { class: 'session', 'data-id': snapshot.id },
      h('div', { class: 'card-head' }, heading, h('span', { class: 'badge newest-badge' }, 'Newest'), h('span', { class: 'local-id' }, snapshot.id)),
      dl,
      h('div', { class: 'actions' }, select, hangUp),
      note,
    );
    const card: Card = { id: snapshot.id, root, fields, rows, heading, select, hangUp, note, history: [], snapshot, subscription: undefined };
    select.addEventListener('click', () => options.onSelect(card.id));
    hangUp.addEventListener('click', () => {
      const session = manager.session(card.id);
      if (!session) return;
      hangUp.disabled = true;
      session.stop().catch((error: unknown) => setText(note, `Hang up failed: ${String(error)}`));
    });
    return card;
  }

  function follow(card: Card): void {
    const session = manager.session(card.id);
    if (!session) return;
    card.subscription = session.snapshot$
      .pipe(
        switchMap((s) => {
          const anchor = ticking(s);
          if (anchor === undefined) return of({ s, now: Date.now() });
          // tick on the whole seconds of the running clock
          const first = 1000 - ((Date.now() - anchor) % 1000);
          return timer(first, 1000).pipe(
            startWith(-1),
            map(() => ({ s, now: Date.now() })),
          );
        }),
      )
      .subscribe(({ s, now }) => {
        const previous = card.history.at(-1);
        const changed = s !== card.snapshot || previous === undefined;
        card.snapshot = s;
        if (previous !== s.status) card.history.push(s.status);
        render(card, now);
        if (changed) options.onChange(s, previous);
      });
  }

  const subscription = manager.sessions$.subscribe((sessions) => {
    const ids = new Set(sessions.map((s) => s.id));
    for (const [id, card] of cards) {
      if (ids.has(id)) continue;
      card.subscription?.unsubscribe();
      card.root.remove();
      cards.delete(id);
    }
    const previousNewest = newestId;
    newestId = sessions.at(-1)?.id;
    const added: DialOutSessionSnapshot[] = [];
    for (const snapshot of sessions) {
      if (cards.has(snapshot.id)) continue;
      const card = createCard(snapshot);
      cards.set(snapshot.id, card);
      list.prepend(card.root); // newest first
      added.push(snapshot);
      follow(card);
    }
    if (previousNewest !== newestId) for (const card of cards.values()) render(card, Date.now());
    empty.hidden = cards.size > 0;
    for (const snapshot of added) options.onAdded(snapshot);
  });

  return {
    history: (id) => cards.get(id)?.history ?? [],
    snapshot: (id) => cards.get(id)?.snapshot,
    refresh() {
      for (const card of cards.values()) render(card, Date.now());
    },
    markSelected(id) {
      for (const card of cards.values()) {
        const on = card.id === id;
        card.root.classList.toggle('selected', on);
        card.select.setAttribute('aria-pressed', String(on));
        setText(card.select, on ? 'Shown in diagram' : 'Show in diagram');
      }
    },
    dispose() {
      subscription.unsubscribe();
      for (const card of cards.values()) card.subscription?.unsubscribe();
    },
  };
}
