/**
 * A Mermaid state diagram drawn from a machine's own definition.
 */
import type { AnyStateMachine } from 'xstate';

/** A top-level transition of a machine: `from` → `to` on `events`. */
export interface MachineEdge {
  readonly from: string;
  readonly to: string;
  /** Event types (`daily.connected`, `after ringTimeout`, `always`), sorted, without duplicates. */
  readonly events: readonly string[];
}

interface NodeLike {
  key: string;
  parent?: NodeLike;
  states: Record<string, NodeLike>;
  transitions: Map<string, { target?: readonly NodeLike[] | undefined }[]>;
  always?: { target?: readonly NodeLike[] | undefined }[] | undefined;
  type: string;
}

function topLevel(node: NodeLike): NodeLike {
  let n = node;
  while (n.parent?.parent) n = n.parent;
  return n;
}

function descendants(node: NodeLike): NodeLike[] {
  return [node, ...Object.values(node.states).flatMap(descendants)];
}

/** `xstate.after.ringTimeout.…` → `after ringTimeout`; `xstate.done.actor.stopDialOut` → `stopDialOut resolved` (`error` → `rejected`). */
function label(eventType: string): string {
  const after = /^xstate\.after\.([^.]+)\./.exec(eventType);
  if (after) return `after ${after[1]}`;
  const settled = /^xstate\.(done|error)\.actor\.(.+)$/.exec(eventType);
  return settled ? `${settled[2]} ${settled[1] === 'done' ? 'resolved' : 'rejected'}` : eventType;
}

/**
 * The transitions between the top-level states of a machine, nested states folded into their top-level parent.
 *
 * @remarks
 * Used to draw the session lifecycle (README, demo) straight from
 * {@link dialOutSessionMachine}, so the picture cannot drift from the code.
 *
 * @param machine - An XState machine (e.g. `dialOutSessionMachine`).
 * @returns The edges, in state order then target order.
 *
 * @example
 * ```ts
 * const ringing = machineEdges(dialOutSessionMachine).filter((e) => e.from === 'connected');
 * // [{ from: 'connected', to: 'answered', events: ['daily.answered'] }, …]
 * ```
 */
export function machineEdges(machine: AnyStateMachine): MachineEdge[] {
  const root = machine.root as unknown as NodeLike;
  const edges = new Map<string, Set<string>>();
  for (const state of Object.values(root.states)) {
    for (const node of descendants(state)) {
      const defs: [string, { target?: readonly NodeLike[] | undefined }][] = [];
      for (const [eventType, list] of node.transitions) for (const def of list) defs.push([label(eventType), def]);
      for (const def of node.always ?? []) defs.push(['always', def]);
      for (const [event, def] of defs) {
        for (const target of def.target ?? []) {
          const to = topLevel(target).key;
          if (to === state.key) continue;
          const key = `${state.key}\u0000${to}`;
          const set = edges.get(key) ?? new Set<string>();
          set.add(event);
          edges.set(key, set);
        }
      }
    }
  }
  const order = Object.keys(root.states);
  return [...edges.entries()]
    .map(([key, events]) => {
      const [from, to] = key.split('\u0000') as [string, string];
      return { from, to, events: [...events].sort() };
    })
    .sort((a, b) => order.indexOf(a.from) - order.indexOf(b.from) || order.indexOf(a.to) - order.indexOf(b.to));
}

/**
 * A Mermaid `stateDiagram-v2` of a machine's top-level states.
 *
 * @param machine - An XState machine.
 * @returns Mermaid source (no code fence), one line per edge; initial and final states marked with `[*]`.
 *
 * @example
 * ```ts
 * import { dialOutSessionMachine, toMermaidStateDiagram } from 'daily-dialout-machine';
 * console.log(toMermaidStateDiagram(dialOutSessionMachine));
 * ```
 */
export function toMermaidStateDiagram(machine: AnyStateMachine): string {
  const root = machine.root as unknown as NodeLike & { initial?: { target?: readonly NodeLike[] } };
  const lines = ['stateDiagram-v2'];
  const initial = root.initial?.target?.[0];
  if (initial) lines.push(`  [*] --> ${initial.key}`);
  for (const edge of machineEdges(machine)) lines.push(`  ${edge.from} --> ${edge.to}: ${edge.events.join(', ')}`);
  for (const state of Object.values(root.states)) if (state.type === 'final') lines.push(`  ${state.key} --> [*]`);
  return lines.join('\n');
}
