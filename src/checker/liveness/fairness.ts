/**
 * Fairness (design.md, "Checking"): which cycles of the state graph count as behaviours.
 *
 * - `none`: every cycle, and every state with no enabled step (the behaviour stutters there).
 * - `weak` (the default, per actor): an actor that is enabled in every state of a cycle takes
 *   a step in it. A strongly connected component holds a weakly fair behaviour exactly when
 *   every actor enabled in all its states has an edge inside it (the behaviour can go round the
 *   whole component), so components need no further splitting.
 * - `strong` (per actor): an actor enabled in some state of the cycle takes a step in it.
 *   A component that fails is split: the states where the neglected actor is enabled are
 *   removed, and the rest is searched again (the Streett-style decomposition of Lichtenstein
 *   and Pnueli, "Checking that finite state concurrent programs satisfy their linear
 *   specification", POPL 1985).
 *
 * An actor is enabled in a state when the state has an edge of that actor (every enabled step
 * is an edge), so fairness is read off the graph.
 */
import type { Component, SccFinder } from './scc.ts';
import type { StateGraph } from './stateGraph.ts';

export type Fairness = 'none' | 'weak' | 'strong';

export const FAIRNESS: readonly Fairness[] = ['none', 'weak', 'strong'];

/**
 * The components of the subgraph `inside` in which a fair behaviour can stay forever, and the
 * states of `inside` where no step is enabled at all.
 */
export function fairCores(
  graph: StateGraph,
  finder: SccFinder,
  inside: Uint8Array,
  states: Iterable<number>,
  fairness: Fairness,
): { cores: Component[]; terminals: number[] } {
  const terminals: number[] = [];
  const candidates: number[] = [];
  for (const state of states) {
    if (!inside[state]) continue;
    candidates.push(state);
    if (graph.firstEdge(state) === graph.endEdge(state)) terminals.push(state);
  }
  const cores: Component[] = [];
  let work = finder.cyclicComponents(candidates, inside);
  while (work.length > 0) {
    const component = work.pop()!;
    const neglected = neglectedActors(graph, component, fairness);
    if (neglected.length === 0) {
      cores.push(component);
      continue;
    }
    if (fairness === 'weak') continue; // cannot be repaired by going round a smaller cycle
    // Strong fairness: drop the states where a neglected actor is enabled, and search again.
    const keep = new Uint8Array(graph.stateCount);
    const rest: number[] = [];
    for (const state of component.states) {
      if (!neglected.some((actor) => enables(graph, state, actor))) {
        keep[state] = 1;
        rest.push(state);
      }
    }
    work = work.concat(finder.cyclicComponents(rest, keep));
  }
  return { cores, terminals };
}

/**
 * The actors a fair behaviour must see step inside `component`: those enabled in every state
 * of it (weak fairness) or in some state of it (strong fairness); none without fairness.
 */
export function obligedActors(graph: StateGraph, component: Component, fairness: Fairness): number[] {
  if (fairness === 'none') return [];
  const { enabledIn } = actorUse(graph, component);
  const size = component.states.length;
  return [...enabledIn]
    .filter(([, count]) => fairness === 'strong' || count === size)
    .map(([actor]) => actor)
    .sort((a, b) => a - b);
}

/** The obliged actors (see {@link obligedActors}) that have no edge inside the component. */
export function neglectedActors(graph: StateGraph, component: Component, fairness: Fairness): number[] {
  const { taken } = actorUse(graph, component);
  return obligedActors(graph, component, fairness).filter((actor) => !taken.has(actor));
}

/** In how many states of the component each actor is enabled, and which actors have an edge inside it. */
function actorUse(graph: StateGraph, component: Component): { enabledIn: Map<number, number>; taken: Set<number> } {
  const members = new Set(component.states);
  const enabledIn = new Map<number, number>();
  const taken = new Set<number>();
  for (const state of component.states) {
    const here = new Set<number>();
    for (let e = graph.firstEdge(state); e < graph.endEdge(state); e++) {
      const actor = graph.actor(e);
      here.add(actor);
      if (members.has(graph.target(e))) taken.add(actor);
    }
    for (const actor of here) enabledIn.set(actor, (enabledIn.get(actor) ?? 0) + 1);
  }
  return { enabledIn, taken };
}

function enables(graph: StateGraph, state: number, actor: number): boolean {
  for (let e = graph.firstEdge(state); e < graph.endEdge(state); e++) if (graph.actor(e) === actor) return true;
  return false;
}
