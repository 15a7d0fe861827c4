/**
 * The live state diagram: an SVG drawn from the session machine's own definition
 * (`machineEdges(dialOutSessionMachine)` and its top-level states), the selected session's
 * state highlighted.
 */
import { machineEdges, type MachineEdge } from 'daily-dialout-machine';
import type { AnyStateMachine } from 'xstate';
import { h, setText } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const NODE_W = 100;
const NODE_H = 36;
const TOP = 96;
const BOTTOM = 236;
const MIDDLE = 166;
/** Where the 7 known states go; states the machine gains later are placed in the free spots. */
const COL = 150;
const X0 = 100;
const col = (i: number): number => X0 + COL * i;
const KNOWN: Record<string, { x: number; y: number }> = {
  idle: { x: col(0), y: TOP },
  connecting: { x: col(1), y: TOP },
  connected: { x: col(2), y: TOP },
  answered: { x: col(3), y: TOP },
  stopping: { x: col(4), y: TOP },
  error: { x: col(2), y: BOTTOM },
  stopped: { x: col(4), y: BOTTOM },
};
const SPARE = [
  { x: col(0), y: BOTTOM },
  { x: col(1), y: BOTTOM },
  { x: col(3), y: BOTTOM },
  { x: col(0), y: MIDDLE },
  { x: col(1), y: MIDDLE },
  { x: col(3), y: MIDDLE },
];
const WIDTH = col(4) + 80;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (Node | string)[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

interface StateInfo {
  readonly key: string;
  readonly final: boolean;
}

/** The machine's top-level states, in definition order, and its initial state. */
function statesOf(machine: AnyStateMachine): { states: StateInfo[]; initial: string | undefined } {
  const root = machine.root as unknown as { states: Record<string, { key: string; type: string }> };
  const states = Object.values(root.states).map((s) => ({ key: s.key, final: s.type === 'final' }));
  const initial = (machine.config as { initial?: unknown }).initial;
  return { states, initial: typeof initial === 'string' ? initial : states[0]?.key };
}

/** Positions: fixed for the known states, free spots (then a new row) for any other. */
function layout(states: readonly StateInfo[]): Map<string, { x: number; y: number }> {
  const at = new Map<string, { x: number; y: number }>();
  const spare = [...SPARE];
  let extraRow = 0;
  for (const { key } of states) {
    const known = KNOWN[key];
    if (known) at.set(key, known);
  }
  for (const { key } of states) {
    if (at.has(key)) continue;
    let spot = spare.shift();
    if (!spot) {
      spot = { x: col(extraRow % 5), y: BOTTOM + 70 * (1 + Math.floor(extraRow / 5)) };
      extraRow += 1;
    }
    at.set(key, spot);
  }
  return at;
}

/** A path from one state to another: arcs over the top row, S-curves down to the bottom row. */
function edgePath(from: { x: number; y: number }, to: { x: number; y: number }, spread: number): { d: string; labelX: number; labelY: number } {
  const hw = NODE_W / 2;
  const hh = NODE_H / 2;
  if (from.y === to.y) {
    const dir = Math.sign(to.x - from.x) || 1;
    const steps = Math.round(Math.abs(to.x - from.x) / COL);
    if (steps <= 1) {
      const x1 = from.x + dir * hw;
      const x2 = to.x - dir * hw;
      // the gap between neighbours is narrow: the label goes above the nodes
      return { d: `M ${x1} ${from.y} L ${x2} ${to.y}`, labelX: (x1 + x2) / 2, labelY: from.y - hh - 6 };
    }
    // over the top (top row) or under the bottom (other rows), higher for longer jumps
    const up = from.y <= TOP ? -1 : 1;
    const y1 = from.y + up * hh;
    const cy = y1 + up * (22 * steps);
    const x1 = from.x + dir * 16;
    const x2 = to.x - dir * 16;
    return { d: `M ${x1} ${y1} Q ${(x1 + x2) / 2} ${cy} ${x2} ${y1}`, labelX: (x1 + x2) / 2, labelY: (y1 + cy) / 2 + up * 2 };
  }
  const down = to.y > from.y ? 1 : -1;
  const x1 = from.x + spread * 0.5;
  const y1 = from.y + down * hh;
  const x2 = to.x + spread;
  const y2 = to.y - down * hh;
  const mid = (y1 + y2) / 2;
  return { d: `M ${x1} ${y1} C ${x1} ${mid} ${x2} ${mid} ${x2} ${y2}`, labelX: (x1 + x2) / 2, labelY: mid };
}

/** The handle of a drawn diagram. */
export interface StateDiagram {
  /** The figure element (SVG, caption, transitions list). */
  readonly element: HTMLElement;
  /** The transitions drawn, from `machineEdges`. */
  readonly edges: readonly MachineEdge[];
  /**
   * Highlights a state (and the states a session went through).
   *
   * @param current - The top-level state to highlight, or `undefined` for none.
   * @param visited - States passed through before it.
   * @param caption - Who is shown (e.g. `dialout-3`).
   */
  highlight(current: string | undefined, visited: readonly string[], caption: string): void;
}

/**
 * Draws the top-level state diagram of a machine.
 *
 * @param machine - e.g. `dialOutSessionMachine`.
 * @returns The diagram; call `highlight()` as the selected session changes.
 */
export function createStateDiagram(machine: AnyStateMachine): StateDiagram {
  const { states, initial } = statesOf(machine);
  const edges = machineEdges(machine);
  const at = layout(states);
  const height = Math.max(...[...at.values()].map((p) => p.y)) + NODE_H;

  const defs = svg(
    'defs',
    {},
    svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' })),
    svg('marker', { id: 'arrow-hot', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-hot' })),
  );
  const edgeLayer = svg('g', { class: 'edges' });
  const labelLayer = svg('g', { class: 'edge-labels' });
  const nodeLayer = svg('g', { class: 'nodes' });

  // spread the S-curves that end on the same state so they do not overlap
  const incoming = new Map<string, MachineEdge[]>();
  for (const edge of edges) {
    const f = at.get(edge.from);
    const t = at.get(edge.to);
    if (f && t && f.y !== t.y) incoming.set(edge.to, [...(incoming.get(edge.to) ?? []), edge]);
  }
  const edgeEls: { edge: MachineEdge; path: SVGPathElement; label: SVGTextElement }[] = [];
  for (const edge of edges) {
    const f = at.get(edge.from);
    const t = at.get(edge.to);
    if (!f || !t) continue;
    const siblings = incoming.get(edge.to) ?? [];
    const i = siblings.indexOf(edge);
    const spread = i < 0 ? 0 : (i - (siblings.length - 1) / 2) * 14;
    const { d, labelX, labelY } = edgePath(f, t, spread);
    const text = edge.events.join(', ');
    const path = svg('path', { d, class: 'edge', 'marker-end': 'url(#arrow)', 'data-from': edge.from, 'data-to': edge.to }, svg('title', {}, `${edge.from} → ${edge.to}: ${text}`));
    const label = svg('text', { x: labelX, y: labelY, class: 'edge-label', 'text-anchor': 'middle' }, text);
    edgeLayer.append(path);
    labelLayer.append(label);
    edgeEls.push({ edge, path, label });
  }

  const nodeEls = new Map<string, SVGGElement>();
  for (const state of states) {
    const p = at.get(state.key);
    if (!p) continue;
    const group = svg('g', { class: `node${state.final ? ' final' : ''}${KNOWN[state.key] ? '' : ' unknown'}`, 'data-state': state.key });
    group.append(svg('rect', { x: p.x - NODE_W / 2, y: p.y - NODE_H / 2, width: NODE_W, height: NODE_H, rx: 10 }));
    if (state.final) group.append(svg('rect', { x: p.x - NODE_W / 2 + 3, y: p.y - NODE_H / 2 + 3, width: NODE_W - 6, height: NODE_H - 6, rx: 8, class: 'inner' }));
    group.append(svg('text', { x: p.x, y: p.y + 4, 'text-anchor': 'middle' }, state.key));
    nodeLayer.append(group);
    nodeEls.set(state.key, group);
  }
  const start = initial ? at.get(initial) : undefined;
  if (start) {
    nodeLayer.append(svg('circle', { cx: start.x - NODE_W / 2 - 30, cy: start.y, r: 6, class: 'initial' }));
    edgeLayer.append(svg('path', { d: `M ${start.x - NODE_W / 2 - 24} ${start.y} L ${start.x - NODE_W / 2} ${start.y}`, class: 'edge', 'marker-end': 'url(#arrow)' }));
  }

  const title = h('span', { id: 'diagram-caption' }, 'No session yet.');
  const drawing = svg(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${height + 14}`, role: 'img', 'aria-labelledby': 'diagram-title diagram-caption', class: 'diagram' },
    defs,
    edgeLayer,
    labelLayer,
    nodeLayer,
  );
  const list = h(
    'ul',
    { class: 'transitions' },
    ...edges.map((e) => h('li', {}, h('code', {}, e.from), ' → ', h('code', {}, e.to), `: ${e.events.join(', ')}`)),
  );
  const element = h(
    'figure',
    { class: 'diagram-figure' },
    drawing,
    h('figcaption', {}, title),
    h('details', {}, h('summary', {}, `All ${edges.length} transitions (from machineEdges(dialOutSessionMachine))`), list),
  );

  return {
    element,
    edges,
    highlight(current, visited, caption) {
      for (const [key, group] of nodeEls) {
        group.classList.toggle('current', key === current);
        group.classList.toggle('visited', key !== current && visited.includes(key));
        if (key === current) group.setAttribute('aria-current', 'step');
        else group.removeAttribute('aria-current');
      }
      const trail = current ? [...visited, current] : [...visited];
      const steps = new Set(trail.slice(1).map((to, i) => `${trail[i]}\u0000${to}`));
      for (const { edge, path, label } of edgeEls) {
        const out = edge.from === current;
        const taken = steps.has(`${edge.from}\u0000${edge.to}`);
        path.classList.toggle('hot', out);
        path.classList.toggle('taken', !out && taken);
        path.setAttribute('marker-end', out ? 'url(#arrow-hot)' : 'url(#arrow)');
        label.classList.toggle('shown', out);
      }
      setText(title, current ? `${caption} is in state “${current}”.${visited.length ? ` Path: ${[...visited, current].join(' → ')}.` : ''}` : caption);
    },
  };
}
