/**
 * The liveness core on tiny hand-built state graphs (style.md §6: test the checker on graphs,
 * not on XState): which cycles count under each fairness, and the lasso's prefix and cycle.
 */
import { describe, expect, it } from 'vitest';
import { LivenessChecker, type ExploredSpace } from '../../../src/checker/liveness/checkLiveness.ts';
import { fairCores, type Fairness } from '../../../src/checker/liveness/fairness.ts';
import { SccFinder } from '../../../src/checker/liveness/scc.ts';
import { StateGraph } from '../../../src/checker/liveness/stateGraph.ts';
import type { StateView } from '../../../src/index.ts';

/** A graph from edges [from, to, actor]; states are numbered 0..n-1 (0 is initial, parents by BFS). */
function graphOf(n: number, edges: [number, number, number][]): { graph: StateGraph; parents: Int32Array } {
  const graph = new StateGraph();
  for (let state = 0; state < n; state++) {
    graph.open(state);
    for (const [from, to, actor] of edges) if (from === state) graph.addEdge(to, actor);
  }
  graph.close(n);
  const parents = new Int32Array(n).fill(-1);
  const seen = new Set([0]);
  const queue = [0];
  for (let head = 0; head < queue.length; head++) {
    for (const [from, to] of edges) if (from === queue[head] && !seen.has(to)) seen.add(to), (parents[to] = from), queue.push(to);
  }
  return { graph, parents };
}

/** Liveness of `eventually(state is in goal)` on a graph. */
function lassoFor(n: number, edges: [number, number, number][], goal: number[], fairness: Fairness) {
  const { graph, parents } = graphOf(n, edges);
  let current = 0;
  const view = { actor: () => ({ context: current }) } as unknown as StateView;
  const space: ExploredSpace = {
    graph,
    store: { parentOf: (i: number) => parents[i]! } as never,
    view: (index) => ((current = index), view),
  };
  const checker = new LivenessChecker(space, fairness);
  return checker.leadsTo(undefined, (s) => goal.includes(s.actor('x').context as number));
}

// 0 → 1 → 2 → 1 (a cycle of actor 0) ; in state 1 actor 1 could also step to the goal 3.
const flicker: [number, number, number][] = [
  [0, 1, 0],
  [1, 2, 0],
  [2, 1, 0],
  [1, 3, 1],
];
// The same, but actor 1 is enabled in both states of the cycle.
const steady: [number, number, number][] = [...flicker, [2, 3, 1]];

describe('fairness on hand-built graphs', () => {
  it('weak fairness accepts a cycle that neglects an actor enabled in only part of it; strong does not', () => {
    expect(lassoFor(4, flicker, [3], 'weak')).toMatchObject({ toTrigger: 0 });
    expect(lassoFor(4, flicker, [3], 'strong')).toBeUndefined();
    expect(lassoFor(4, flicker, [3], 'none')).toBeDefined();
  });

  it('neither accepts a cycle that neglects an actor enabled in all of it', () => {
    expect(lassoFor(4, steady, [3], 'weak')).toBeUndefined();
    expect(lassoFor(4, steady, [3], 'strong')).toBeUndefined();
    expect(lassoFor(4, steady, [3], 'none')).toBeDefined();
  });

  it('builds the lasso from real edges: the prefix to the cycle, then the cycle back to its entry', () => {
    const lasso = lassoFor(4, flicker, [3], 'weak')!;
    expect(lasso.prefix.map((h) => [h.from, h.to, h.actor])).toEqual([[0, 1, 0]]);
    expect(lasso.cycle.map((h) => [h.from, h.to, h.actor])).toEqual([
      [1, 2, 0],
      [2, 1, 0],
    ]);
    expect(lasso.obliged).toEqual([0]);
  });

  it('takes a step of every obliged actor in the cycle', () => {
    // Two actors alternate around 1 → 2 → 1; both are enabled everywhere in the cycle.
    const both: [number, number, number][] = [
      [0, 1, 0],
      [1, 2, 0],
      [2, 1, 0],
      [1, 1, 1],
      [2, 2, 1],
    ];
    const lasso = lassoFor(3, both, [], 'weak')!;
    expect(new Set(lasso.cycle.map((h) => h.actor))).toEqual(new Set([0, 1]));
    expect(lasso.cycle[lasso.cycle.length - 1]!.to).toBe(lasso.prefix[lasso.prefix.length - 1]!.to);
  });

  it('counts a state where nothing is enabled as a behaviour that stays there (empty cycle)', () => {
    const lasso = lassoFor(3, [[0, 1, 0], [1, 2, 0]], [], 'weak')!;
    expect(lasso.prefix).toHaveLength(2);
    expect(lasso.cycle).toEqual([]);
  });

  it('splits a component for strong fairness and keeps the fair part', () => {
    // 1 ⇄ 2 by actor 0, 2 ⇄ 3 by actor 0; actor 1 enabled only in 3 (to the goal 4).
    const { graph } = graphOf(5, [
      [0, 1, 0],
      [1, 2, 0],
      [2, 1, 0],
      [2, 3, 0],
      [3, 2, 0],
      [3, 4, 1],
    ]);
    const inside = Uint8Array.from([1, 1, 1, 1, 0]);
    const { cores } = fairCores(graph, new SccFinder(graph), inside, [0, 1, 2, 3, 4], 'strong');
    expect(cores.map((c) => [...c.states].sort())).toEqual([[1, 2]]);
  });
});
