/** Tiny DOM helpers (no framework). */

type Attrs = Record<string, string | number | boolean | undefined | null>;
type Child = Node | string | null | undefined | false;

/**
 * Creates an element with attributes and children.
 *
 * @param tag - The tag name.
 * @param attrs - Attributes; `false`, `null` and `undefined` are left out, `true` sets an empty attribute.
 * @param children - Nodes or text.
 * @returns The element.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/**
 * Finds an element by id, or throws (the page's markup is fixed).
 *
 * @param id - The element's id.
 * @returns The element.
 */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`demo: #${id} is missing from index.html`);
  return element as T;
}

/**
 * Sets an element's text only when it changed (keeps screen readers and the DOM quiet).
 *
 * @param element - The element.
 * @param text - Its new text.
 */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/**
 * Formats a duration as `m:ss` (or `h:mm:ss`).
 *
 * @param ms - Milliseconds (negative counts as 0).
 * @returns The text, e.g. `0:07`, `12:04`, `1:02:03`.
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600);
  const ss = String(s).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * A wall-clock time with milliseconds, for the event log.
 *
 * @param at - Epoch ms.
 * @returns e.g. `14:03:07.512`.
 */
export function formatClock(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
