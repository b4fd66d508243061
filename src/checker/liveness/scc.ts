/**
 * Strongly connected components of subgraphs of the state graph, by Tarjan's algorithm
 * (Tarjan, "Depth-first search and linear graph algorithms", SIAM J. Comput. 1972), written
 * iteratively over typed arrays so that it runs on millions of states without recursion. The
 * work arrays are allocated once and reused, because fairness may split components again.
 */
import type { StateGraph } from './stateGraph.ts';

/** One strongly connected component with a cycle (more than one state, or a self-loop). */
export interface Component {
  readonly states: Int32Array;
  readonly cyclic: true;
}

export class SccFinder {
  private readonly index: Int32Array;
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly stack: Int32Array;
  private readonly callState: Int32Array;
  private readonly callEdge: Int32Array;

  constructor(private readonly graph: StateGraph) {
    const n = graph.stateCount;
    this.index = new Int32Array(n).fill(-1);
    this.low = new Int32Array(n);
    this.onStack = new Uint8Array(n);
    this.stack = new Int32Array(n);
    this.callState = new Int32Array(n);
    this.callEdge = new Int32Array(n);
  }

  /**
   * The SCCs that have a cycle, of the subgraph induced by `states` (those with
   * `inside[state] === 1`; edges leaving the subgraph are ignored), in the order Tarjan
   * completes them. Components without a cycle cannot hold a behaviour forever; they are
   * skipped.
   */
  cyclicComponents(states: Iterable<number>, inside: Uint8Array): Component[] {
    const { graph, index, low, onStack, stack, callState, callEdge } = this;
    const found: Component[] = [];
    const visited: number[] = [];
    let stackTop = 0;
    let next = 0;
    for (const root of states) {
      if (!inside[root] || index[root] !== -1) continue;
      let depth = 0;
      callState[0] = root;
      callEdge[0] = graph.firstEdge(root);
      index[root] = low[root] = next++;
      visited.push(root);
      stack[stackTop++] = root;
      onStack[root] = 1;
      while (depth >= 0) {
        const v = callState[depth]!;
        const edge = callEdge[depth]!;
        if (edge < graph.endEdge(v)) {
          callEdge[depth] = edge + 1;
          const w = graph.target(edge);
          if (!inside[w]) continue;
          if (index[w] === -1) {
            index[w] = low[w] = next++;
            visited.push(w);
            stack[stackTop++] = w;
            onStack[w] = 1;
            depth++;
            callState[depth] = w;
            callEdge[depth] = graph.firstEdge(w);
          } else if (onStack[w] && index[w]! < low[v]!) {
            low[v] = index[w]!;
          }
          continue;
        }
        // Every edge of v is done: v closes a component if it is its root.
        if (low[v] === index[v]) {
          const bottom = stack.lastIndexOf(v, stackTop - 1);
          const size = stackTop - bottom;
          for (let i = bottom; i < stackTop; i++) onStack[stack[i]!] = 0;
          if (size > 1 || this.hasSelfLoop(v)) found.push({ states: stack.slice(bottom, stackTop), cyclic: true });
          stackTop = bottom;
        }
        depth--;
        if (depth >= 0) {
          const parent = callState[depth]!;
          if (low[v]! < low[parent]!) low[parent] = low[v]!;
        }
      }
    }
    for (const v of visited) index[v] = -1;
    return found;
  }

  private hasSelfLoop(v: number): boolean {
    for (let e = this.graph.firstEdge(v); e < this.graph.endEdge(v); e++) if (this.graph.target(e) === v) return true;
    return false;
  }
}
