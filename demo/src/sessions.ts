/**
 * The sessions list, driven only by the manager's observables: `sessions$` for which sessions
 * exist, each session's `snapshot$` for what it shows, and one RxJS timer per live session for
 * the "ringing for" / "talking for" clocks (derived from `connectedAt` / `answeredAt`) and the
 * retry countdown (to `retry.at`). A final session says who ended it and why (wording.ts), and
 * each session shows Daily's `actionTraceId`, with a Copy button, for Daily support.
 *
 * Each card also shows the phone leg's audio (`snapshot.participant`), the DTMF tones received
 * from it (`snapshot.digits`), its transfer (`snapshot.transfer`) and whether it was recovered
 * after a reload (`snapshot.recovered`); an answered card has a destination field with Transfer
 * (`session.transfer()`) and REFER (`session.refer()`) buttons, whose validation errors
 * (`DialOutValidationError`) show under the field.
 */
import type { DialOutManager, DialOutSessionSnapshot, DialOutStatus, DialOutTransferStatus } from 'daily-dialout-machine';
import { DialOutStateError, DialOutValidationError, isFinalStatus } from 'daily-dialout-machine';
import { map, of, startWith, switchMap, timer, type Subscription } from 'rxjs';
import { formatDuration, h, setText } from './dom.js';
import { maskTarget, maskText } from './mask.js';
import { audioText, endedText, recoveredText, retryText, transferText } from './wording.js';

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
  /**
   * Why Transfer and REFER are off on this page, if they are (e.g. the demo server's offline
   * Daily, which cannot move a call); `undefined`: they work on answered sessions.
   */
  readonly transfersOff?: string;
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
  readonly transfer: TransferForm;
  readonly history: DialOutStatus[];
  snapshot: DialOutSessionSnapshot;
  subscription: Subscription | undefined;
}

/** The destination field and the Transfer / REFER buttons of a card. */
interface TransferForm {
  readonly root: HTMLElement;
  readonly input: HTMLInputElement;
  readonly transfer: HTMLButtonElement;
  readonly refer: HTMLButtonElement;
  readonly error: HTMLElement;
  /** A transfer() / refer() call of this page is pending. */
  busy: boolean;
}

/** A transfer in these states is on its way: no second one until it settles (or fails). */
const IN_FLIGHT: ReadonlySet<DialOutTransferStatus> = new Set(['requested', 'accepted', 'triggered', 'initiated', 'answered']);

const FIELDS: ReadonlyArray<readonly [key: string, label: string]> = [
  ['status', 'Status'],
  ['ended', 'Ended'],
  ['recovered', 'Recovered'],
  ['retry', 'Retry'],
  ['transfer', 'Transfer'],
  ['initiator', 'Initiator'],
  ['target', 'Target'],
  ['displayName', 'Display name'],
  ['ringing', 'Ringing for'],
  ['talking', 'Talking for'],
  ['audio', 'Audio'],
  ['digits', 'Digits received'],
  ['attempt', 'Attempt'],
  ['sessionId', 'Daily sessionId'],
  ['trace', 'Trace ID'],
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

/** The time a live session's clock counts from (or, for a retry, down to); `undefined`: nothing ticks. */
function ticking(s: DialOutSessionSnapshot): number | undefined {
  if (s.endedAt !== undefined || isFinalStatus(s.status)) return undefined;
  return s.retry?.at ?? s.answeredAt ?? s.connectedAt;
}

/** Daily's `actionTraceId` of a session: the last event's, else its error's. */
function traceOf(s: DialOutSessionSnapshot): string | undefined {
  return s.actionTraceId ?? s.error?.actionTraceId ?? s.retry?.error.actionTraceId;
}

/**
 * Copies text to the clipboard; where the Clipboard API is missing or refused, selects the
 * element's text instead (so that Ctrl+C copies it).
 *
 * @param text - The text.
 * @param element - The element showing it.
 * @returns Whether it was copied.
 */
async function copyText(text: string, element: HTMLElement): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    return false;
  }
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
    const ended = endedText(s);
    setText(f.ended!, ended === undefined ? '' : maskText(ended, reveal));
    f.ended!.className = s.endedBy === undefined ? '' : `ended ended-${s.endedBy}`;
    card.rows.ended!.hidden = ended === undefined;
    setText(f.retry!, s.retry ? retryText(s.retry, now) : '');
    card.rows.retry!.hidden = !s.retry;
    const trace = traceOf(s) ?? '';
    setText(f.trace!, trace);
    card.rows.trace!.hidden = trace === '';
    setText(f.path!, card.history.join(' → '));
    const recovered = recoveredText(s);
    setText(f.recovered!, recovered ?? '');
    card.rows.recovered!.hidden = recovered === undefined;
    card.root.classList.toggle('recovered', recovered !== undefined);
    setText(f.transfer!, s.transfer ? transferText(s.transfer, (t) => maskTarget(t, reveal)) : '');
    f.transfer!.className = s.transfer ? `transfer transfer-${s.transfer.status}` : '';
    card.rows.transfer!.hidden = !s.transfer;
    // the phone leg's audio, once Daily's participant for it was seen (or while answered: not yet)
    setText(f.audio!, audioText(s.participant));
    f.audio!.className = `audio audio-${s.participant ? (s.participant.leftAt === undefined ? s.participant.audio : 'left') : 'none'}`;
    card.rows.audio!.hidden = !s.participant && s.status !== 'answered';
    setText(f.digits!, s.digits ?? '');
    card.rows.digits!.hidden = !s.digits;
    const final = isFinalStatus(s.status);
    card.hangUp.disabled = final || s.status === 'stopping';
    renderTransfer(card);
    card.root.classList.toggle('final', final);
    card.root.classList.toggle('newest', card.id === newestId);
    card.root.setAttribute('aria-label', `${sessionTitle(s, reveal)}: ${s.status}${recovered ? ' (recovered)' : ''}${card.id === newestId ? ' (newest)' : ''}`);
  }

  /** The transfer form: shown while the session is live, usable while it is answered and no transfer is on its way. */
  function renderTransfer(card: Card): void {
    const s = card.snapshot;
    const form = card.transfer;
    form.root.hidden = isFinalStatus(s.status);
    const inFlight = form.busy || (s.transfer !== undefined && IN_FLIGHT.has(s.transfer.status));
    const usable = s.status === 'answered' && !inFlight && options.transfersOff === undefined;
    form.input.disabled = !usable;
    form.transfer.disabled = !usable;
    form.refer.disabled = !usable;
  }

  function createTransferForm(sessionId: string): TransferForm {
    const id = `transfer-${sessionId}`;
    const card = (): Card | undefined => cards.get(sessionId);
    const input = h('input', { type: 'text', id: `${id}-to`, class: 'transfer-to', autocomplete: 'off', spellcheck: 'false', placeholder: '+15555550123 or sip:desk@example.com', 'aria-describedby': `${id}-error ${id}-hint` });
    const transfer = h('button', { type: 'button', class: 'transfer-button', title: 'session.transfer(): Daily’s sipCallTransfer (cold transfer, the leg stays anchored to Daily)' }, 'Transfer');
    const refer = h('button', { type: 'button', class: 'refer-button', title: 'session.refer(): a SIP REFER (the far end connects to the destination directly)' }, 'REFER');
    const error = h('p', { id: `${id}-error`, class: 'field-error', role: 'alert', hidden: true });
    const hint = h('p', { id: `${id}-hint`, class: 'hint' }, options.transfersOff ?? 'Transfer: E.164 or sip:…; REFER: sip:… only. Checked by the library before Daily is asked.');
    const root = h(
      'div',
      { class: 'transfer-form' },
      h('label', { for: `${id}-to` }, 'Transfer destination'),
      h('div', { class: 'transfer-row' }, input, transfer, refer),
      error,
      hint,
    );
    const form: TransferForm = { root, input, transfer, refer, error, busy: false };

    function showError(text: string | undefined): void {
      error.replaceChildren(...(text === undefined ? [] : [h('span', { class: 'issue' }, text)]));
      error.hidden = text === undefined;
      if (text === undefined) input.removeAttribute('aria-invalid');
      else input.setAttribute('aria-invalid', 'true');
    }

    function run(method: 'transfer' | 'refer'): void {
      const c = card();
      const session = c && manager.session(c.id);
      if (!c || !session) return;
      showError(undefined);
      const toEndPoint = input.value.trim();
      form.busy = true;
      renderTransfer(c);
      const done = method === 'refer' ? session.refer({ toEndPoint }) : session.transfer({ toEndPoint });
      done
        .then(
          () => undefined,
          (reason: unknown) => {
            if (reason instanceof DialOutValidationError) {
              showError(reason.issues.map((issue) => `${issue.path ? `${issue.path} ` : ''}${issue.message}`).join('; '));
              input.focus();
            } else if (reason instanceof DialOutStateError) showError(reason.message);
            // else Daily refused it: the Transfer row says why (snapshot.transfer.error)
          },
        )
        .finally(() => {
          form.busy = false;
          const latest = card();
          if (latest) renderTransfer(latest);
        });
    }

    input.addEventListener('input', () => showError(undefined));
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        run('transfer');
      }
    });
    transfer.addEventListener('click', () => run('transfer'));
    refer.addEventListener('click', () => run('refer'));
    return form;
  }

  function createCard(snapshot: DialOutSessionSnapshot): Card {
    const fields: Record<string, HTMLElement> = {};
    const rows: Record<string, HTMLElement> = {};
    const dl = h('dl', {});
    const copy = h('button', { type: 'button', class: 'small copy', title: 'Copy the actionTraceId (Daily support asks for it)' }, 'Copy');
    for (const [key, label] of FIELDS) {
      const value = key === 'warnings' ? h('ul', { class: 'warnings' }) : key === 'trace' ? h('code', { class: 'trace-id' }) : h('span', {});
      value.dataset.field = key;
      fields[key] = value;
      const row = h('div', { class: `row row-${key}` }, h('dt', {}, label), h('dd', {}, value, key === 'trace' ? copy : null));
      if (key === 'retry') value.setAttribute('role', 'timer');
      rows[key] = row;
      dl.append(row);
    }
    const heading = h('h3', {});
    const select = h('button', { type: 'button', class: 'select', 'aria-pressed': 'false' }, 'Show in diagram');
    const hangUp = h('button', { type: 'button', class: 'hang-up danger' }, 'Hang up');
    const note = h('p', { class: 'card-note', role: 'alert' });
    const transfer = createTransferForm(snapshot.id);
    const root = h(
      'li',
      { class: 'session', 'data-id': snapshot.id },
      h(
        'div',
        { class: 'card-head' },
        heading,
        h('span', { class: 'badge newest-badge' }, 'Newest'),
        h('span', { class: 'badge recovered-badge', title: 'Recovered after a reload (snapshot.recovered)' }, 'Recovered'),
        h('span', { class: 'local-id' }, snapshot.id),
      ),
      dl,
      h('div', { class: 'actions' }, select, hangUp),
      transfer.root,
      note,
    );
    const card: Card = { id: snapshot.id, root, fields, rows, heading, select, hangUp, note, transfer, history: [], snapshot, subscription: undefined };
    copy.addEventListener('click', () => {
      const trace = traceOf(card.snapshot);
      if (!trace) return;
      void copyText(trace, fields.trace!).then((copied) => {
        setText(copy, copied ? 'Copied' : 'Selected: press Ctrl+C');
        setTimeout(() => setText(copy, 'Copy'), 1500);
      });
    });
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
          // tick on the whole seconds of the running clock (or of the countdown to a retry)
          const first = 1000 - ((((Date.now() - anchor) % 1000) + 1000) % 1000);
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
