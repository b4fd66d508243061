/**
 * Checking `leadsTo(from, to)` (and `eventually(p)`, which is `leadsTo(initial, p)`) on the
 * explored state graph under fairness, in the standard way for explicit-state checkers
 * (Lichtenstein & Pnueli, POPL 1985; TLC's liveness checker does the same on its behaviour
 * graph): the property fails exactly when some reachable state satisfies `from ∧ ¬to` and can
 * reach, through `¬to` states only, a fair strongly connected component of `¬to` states (or a
 * `¬to` state where nothing is enabled, where the behaviour stutters forever).
 *
 * The counterexample is a lasso of real transitions: the shortest path to the first such
 * state (in breadth-first order), a shortest path on to the fair component, and a cycle inside
 * it that takes a step of every actor fairness obliges.
 */
import type { StateView } from '../../system/stateView.ts';
import type { StatePredicate } from '../properties.ts';
import type { StateStore } from '../store/stateStore.ts';
import { fairCores, obligedActors, type Fairness } from './fairness.ts';
import { SccFinder, type Component } from './scc.ts';
import type { StateGraph } from './stateGraph.ts';

/** One transition of the graph. */
export interface Hop {
  readonly from: number;
  readonly to: number;
  readonly actor: number;
}

/** A lasso: `prefix` leads from the initial state to the cycle; `cycle` returns to its start (empty: the last state stutters). */
export interface Lasso {
  readonly prefix: readonly Hop[];
  readonly cycle: readonly Hop[];
  /** How many hops of `prefix` lead to the first state where `from` holds and `to` does not. */
  readonly toTrigger: number;
  /** The actors fairness obliged to step in the cycle (all of them do). */
  readonly obliged: readonly number[];
}

/** What a liveness check needs of the explored state space. */
export interface ExploredSpace {
  readonly graph: StateGraph;
  readonly store: StateStore;
  /** A view of the state numbered `index` (valid until the next call). */
  view(index: number): StateView;
}

export class LivenessChecker {
  private readonly finder: SccFinder;
  private reversed: StateGraph | undefined;

  constructor(
    private readonly space: ExploredSpace,
    private readonly fairness: Fairness,
  ) {
    this.finder = new SccFinder(space.graph);
  }

  /** A lasso that violates `from ~> to`, or undefined when the property holds. `from` undefined: the initial state. */
  leadsTo(from: StatePredicate | undefined, to: StatePredicate): Lasso | undefined {
    const { graph } = this.space;
    const n = graph.stateCount;
    const trigger = new Uint8Array(n);
    const inside = new Uint8Array(n); // states where `to` is false
    for (let state = 0; state < n; state++) {
      const view = this.space.view(state);
      if (!to(view)) {
        inside[state] = 1;
        if (from ? from(view) : state === 0) trigger[state] = 1;
      }
    }
    if (!trigger.includes(1)) return undefined;
    const { cores, terminals } = fairCores(graph, this.finder, inside, range(n), this.fairness);
    const inCore = new Int32Array(n).fill(-1);
    cores.forEach((core, i) => core.states.forEach((state) => (inCore[state] = i)));
    const sinks = new Uint8Array(n);
    for (const state of terminals) sinks[state] = 1;
    for (const core of cores) for (const state of core.states) sinks[state] = 1;
    const doomed = this.reachingBackwards(sinks, inside);
    let start = -1;
    for (let state = 0; state < n && start < 0; state++) if (trigger[state] && doomed[state]) start = state;
    if (start < 0) return undefined;

    const prefix = this.pathFromInitial(start);
    const toTrigger = prefix.length;
    const onward = sinks[start] ? [] : pathToEdge(graph, start, inside, (edge) => sinks[graph.target(edge)] === 1)!;
    for (const edge of onward) prefix.push(hop(graph, edge));
    const entry = prefix.length > 0 ? prefix[prefix.length - 1]!.to : start;
    if (inCore[entry]! < 0) return { prefix, cycle: [], toTrigger, obliged: [] };
    const core = cores[inCore[entry]!]!;
    const obliged = obligedActors(graph, core, this.fairness);
    return { prefix, cycle: this.fairCycle(core, entry, obliged), toTrigger, obliged };
  }

  /** A cycle from `entry` back to it inside `core`, taking a step of every obliged actor. */
  private fairCycle(core: Component, entry: number, obliged: readonly number[]): Hop[] {
    const { graph } = this.space;
    const members = new Uint8Array(graph.stateCount);
    for (const state of core.states) members[state] = 1;
    const cycle: Hop[] = [];
    const stepped = new Set<number>();
    let at = entry;
    for (const actor of obliged) {
      if (stepped.has(actor)) continue;
      for (const edge of pathToEdge(graph, at, members, (e) => graph.actor(e) === actor)!) {
        cycle.push(hop(graph, edge));
        stepped.add(graph.actor(edge));
      }
      at = cycle[cycle.length - 1]!.to;
    }
    if (at !== entry || cycle.length === 0) {
      for (const edge of pathToEdge(graph, at, members, (e) => graph.target(e) === entry)!) cycle.push(hop(graph, edge));
    }
    return cycle;
  }

  /** The states of `inside` that reach a state of `targets` through states of `inside`. */
  private reachingBackwards(targets: Uint8Array, inside: Uint8Array): Uint8Array {
    const reverse = (this.reversed ??= this.space.graph.reversed());
    const reached = new Uint8Array(reverse.stateCount);
    const queue: number[] = [];
    targets.forEach((isTarget, state) => {
      if (isTarget) {
        reached[state] = 1;
        queue.push(state);
      }
    });
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (let e = reverse.firstEdge(state); e < reverse.endEdge(state); e++) {
        const previous = reverse.target(e);
        if (inside[previous] && !reached[previous]) {
          reached[previous] = 1;
          queue.push(previous);
        }
      }
    }
    return reached;
  }

  /** The breadth-first tree path from the initial state to `state`, as hops. */
  private pathFromInitial(state: number): Hop[] {
    const { graph, store } = this.space;
    const hops: Hop[] = [];
    for (let to = state, from = store.parentOf(to); from >= 0; to = from, from = store.parentOf(to)) {
      let edge = graph.firstEdge(from);
      while (graph.target(edge) !== to) edge++;
      hops.push(hop(graph, edge));
    }
    return hops.reverse();
  }
}

/**
 * The edges of a shortest path from `start`, through states with `within[state] === 1`,
 * ending with an edge that satisfies `goal` (whose target must also be within).
 */
function pathToEdge(graph: StateGraph, start: number, within: Uint8Array, goal: (edge: number) => boolean): number[] | undefined {
  const reachedBy = new Map<number, number>([[start, -1]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    for (let e = graph.firstEdge(state); e < graph.endEdge(state); e++) {
      const target = graph.target(e);
      if (!within[target]) continue;
      if (goal(e)) {
        const edges = [e];
        for (let back = reachedBy.get(state)!; back >= 0; back = reachedBy.get(graph.sourceOf(back))!) edges.push(back);
        return edges.reverse();
      }
      if (!reachedBy.has(target)) {
        reachedBy.set(target, e);
        queue.push(target);
      }
    }
  }
  return undefined;
}

function hop(graph: StateGraph, edge: number): Hop {
  return { from: graph.sourceOf(edge), to: graph.target(edge), actor: graph.actor(edge) };
}

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}
