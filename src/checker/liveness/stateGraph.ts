/**
 * The explored state graph, kept for liveness: for each state (numbered as in the store) its
 * outgoing edges, each with the actor that took the step, in compressed sparse rows. Every
 * enabled step is one edge (self-loops included), so an actor is enabled in a state exactly
 * when one of the state's edges is labelled with it — fairness is read off the graph.
 */
export class StateGraph {
  private starts = new Int32Array(1024);
  private targets = new Int32Array(4096);
  private actors = new Uint16Array(4096);
  private edges = 0;
  private states = 0;

  /** Opens the edge list of state `index`; states are opened in order 0, 1, 2, … */
  open(index: number): void {
    while (this.states <= index) {
      if (this.states + 1 >= this.starts.length) this.starts = grow(this.starts);
      this.starts[this.states++] = this.edges;
    }
  }

  addEdge(to: number, actor: number): void {
    if (this.edges === this.targets.length) {
      this.targets = grow(this.targets);
      this.actors = grow(this.actors);
    }
    this.targets[this.edges] = to;
    this.actors[this.edges++] = actor;
  }

  /** Closes the graph once `stateCount` states are known (states never expanded have no edges). */
  close(stateCount: number): void {
    this.open(stateCount - 1);
    if (this.states + 1 >= this.starts.length) this.starts = grow(this.starts);
    this.starts[this.states] = this.edges;
  }

  get stateCount(): number {
    return this.states;
  }

  get edgeCount(): number {
    return this.edges;
  }

  firstEdge(state: number): number {
    return this.starts[state]!;
  }

  /** One past the last edge of `state`. */
  endEdge(state: number): number {
    return this.starts[state + 1]!;
  }

  /** The state an edge leaves (a binary search over the rows). */
  sourceOf(edge: number): number {
    let low = 0;
    let high = this.states - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.starts[middle]! <= edge) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  target(edge: number): number {
    return this.targets[edge]!;
  }

  actor(edge: number): number {
    return this.actors[edge]!;
  }

  /** The same graph with every edge reversed (edge actors kept), for backward reachability. */
  reversed(): StateGraph {
    const n = this.states;
    const reverse = new StateGraph();
    const counts = new Int32Array(n + 1);
    for (let e = 0; e < this.edges; e++) counts[this.targets[e]! + 1]!++;
    for (let v = 0; v < n; v++) counts[v + 1]! += counts[v]!;
    reverse.starts = new Int32Array(n + 1);
    reverse.starts.set(counts);
    reverse.targets = new Int32Array(Math.max(1, this.edges));
    reverse.actors = new Uint16Array(Math.max(1, this.edges));
    const fill = counts.slice(0, n);
    for (let v = 0; v < n; v++) {
      for (let e = this.starts[v]!; e < this.starts[v + 1]!; e++) {
        const at = fill[this.targets[e]!]!++;
        reverse.targets[at] = v;
        reverse.actors[at] = this.actors[e]!;
      }
    }
    reverse.states = n;
    reverse.edges = this.edges;
    return reverse;
  }

  bytes(): number {
    return this.starts.byteLength + this.targets.byteLength + this.actors.byteLength;
  }
}

function grow<T extends Int32Array | Uint16Array>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
