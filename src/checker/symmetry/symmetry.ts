/**
 * Symmetry reduction (Ip & Dill, "Better verification through symmetry", FMSD 1996; TLC's
 * SYMMETRY sets): when a model's elements (RAID targets, philosophers around a table) are
 * interchangeable, states that differ only by a permutation of the elements are explored once.
 *
 * The model declares the elements and how a permutation renames them (see
 * {@link SymmetryDefinition}). Renaming works on interned components and is memoized per
 * (actor, component, permutation), so a state's permuted forms cost a few array reads each.
 * The representative of a state is the smallest of its permuted forms (as a vector of
 * component ids, or in the order a `ComponentOrder` gives): a true canonical form of the
 * orbit. With at most 6 elements (720 permutations) that is cheaper than computing
 * per-element signatures, which data spread over shared actors (the kernel's per-target
 * tables) would make model-specific anyway.
 *
 * A declaration that is not a symmetry of the model would be unsound, as it is in TLC. Two
 * checks catch the usual mistakes: renaming must be a bijection (renaming back gives the
 * component back), and an element's actors must all run the same machine.
 */
import type { EventObject } from 'xstate';
import { ModelError } from '../../system/errors.ts';
import { canonicalJson } from '../../system/_internals/plainData.ts';
import type { CompiledSystem, ComponentStep, StateVector } from '../../system/step.ts';

/** How a model's elements may be permuted; returned by the model's `symmetry` function. */
export interface SymmetryDefinition {
  /** The number of interchangeable elements, numbered 0 … size − 1. */
  readonly size: number;
  /** The actors that belong to element `element` (e.g. its private queue); a permutation moves them along. */
  readonly actors?: (element: number) => readonly string[];
  /**
   * The context of `actor` with every reference to an element renamed: element `i` becomes
   * `rename(i)` (ids, indices, keys, and the names of element actors). Must return new objects.
   */
  readonly context?: (actor: string, context: any, rename: (element: number) => number) => unknown;
  /** A message with every reference to an element renamed. */
  readonly event?: (event: EventObject, rename: (element: number) => number) => EventObject;
}

export const MAX_ELEMENTS = 6;

/**
 * A total order on each actor's components other than by their ids. Workers of a parallel
 * search number components each in their own order; compared by what they share (`GlobalIds`),
 * every thread picks the same representative.
 */
export interface ComponentOrder {
  /** Negative, 0 or positive as `a` comes before, is, or comes after `b` (components of `actor`). */
  compare(actor: number, a: number, b: number): number;
}

/** `state`'s representative under `symmetry` (a new vector), or `state` itself without one. */
export function representativeOf(state: StateVector, symmetry: Symmetry | undefined): StateVector {
  if (!symmetry) return state;
  const representative = new Int32Array(state.length);
  symmetry.canonical(state, representative);
  return representative;
}

export class Symmetry {
  /** Every permutation of the elements; 0 is the identity. */
  readonly permutations: Int32Array[];
  /** Per permutation, where each actor goes. */
  private readonly actorMaps: Int32Array[];
  /** Per permutation, which actor comes to each position (the inverse of `actorMaps`). */
  private readonly sources: Int32Array[];
  /** Per permutation, its inverse's number. */
  private readonly inverses: Int32Array;
  /**
   * Per actor: component × permutation → renamed component (in the mapped actor), -1 unknown.
   * A component's renamings sit side by side, so that `canonical`, which renames the same
   * components under every permutation, reads one or two cache lines per component.
   */
  private readonly memo: Int32Array[];
  /** Per permutation and actor: local state → renamed local state (of the mapped actor), -1 unknown. */
  private readonly localMemo: Int32Array[][];
  /** Per permutation: message → renamed message, -1 unknown. */
  private readonly messageMemo: Int32Array[];
  private readonly scratch: Int32Array;

  constructor(
    private readonly compiled: CompiledSystem,
    readonly definition: SymmetryDefinition,
    /** How components compare; by default, by their ids. */
    private readonly order?: ComponentOrder,
  ) {
    const { size } = definition;
    if (!Number.isInteger(size) || size < 1 || size > MAX_ELEMENTS) {
      throw new ModelError(`symmetry: size must be a whole number from 1 to ${MAX_ELEMENTS}, got ${size}`);
    }
    this.permutations = allPermutations(size);
    const elementOf = new Int32Array(compiled.width).fill(-1);
    const slotOf = new Int32Array(compiled.width).fill(-1);
    const members: number[][] = [];
    for (let element = 0; element < size; element++) {
      const names = definition.actors?.(element) ?? [];
      members.push(
        names.map((name, slot) => {
          const actor = compiled.actorIndex(name);
          if (actor === undefined) throw new ModelError(`symmetry: element ${element} names unknown actor '${name}'`);
          elementOf[actor] = element;
          slotOf[actor] = slot;
          return actor;
        }),
      );
    }
    for (let element = 1; element < size; element++) {
      const here = members[element]!.map((a) => compiled.system.actors[a]!.machine);
      const first = members[0]!.map((a) => compiled.system.actors[a]!.machine);
      if (here.length !== first.length || here.some((machine, i) => machine !== first[i])) {
        throw new ModelError(`symmetry: the actors of element ${element} must run the same machines, in the same order, as those of element 0`);
      }
    }
    this.actorMaps = this.permutations.map((permutation) =>
      Int32Array.from({ length: compiled.width }, (_, actor) =>
        elementOf[actor]! < 0 ? actor : members[permutation[elementOf[actor]!]!]![slotOf[actor]!]!,
      ),
    );
    this.sources = this.actorMaps.map((map) => {
      const source = new Int32Array(map.length);
      map.forEach((to, from) => (source[to] = from));
      return source;
    });
    this.inverses = Int32Array.from(this.permutations, (permutation) => {
      const inverse = new Int32Array(size);
      permutation.forEach((to, from) => (inverse[to] = from));
      return this.permutations.findIndex((p) => p.every((v, i) => v === inverse[i]));
    });
    this.memo = compiled.actors.map(() => new Int32Array(64 * this.permutations.length).fill(-1));
    this.localMemo = this.permutations.map(() => compiled.actors.map(() => new Int32Array(64).fill(-1)));
    this.messageMemo = this.permutations.map(() => new Int32Array(64).fill(-1));
    this.scratch = new Int32Array(compiled.width);
  }

  get size(): number {
    return this.definition.size;
  }

  /**
   * Writes the representative of `state`'s orbit into `out` and returns the number of the
   * permutation that maps `state` onto it.
   */
  canonical(state: StateVector, out: StateVector): number {
    let best = 0;
    out.set(state);
    const candidate = this.scratch;
    const width = state.length;
    const order = this.order;
    for (let p = 1; p < this.permutations.length; p++) {
      // Build the permuted vector position by position, and give up at the first position
      // where it is larger than the best so far: most permutations stop after a few.
      const source = this.sources[p]!;
      let i = 0;
      for (; i < width; i++) {
        const actor = source[i]!;
        const value = this.rename(actor, state[actor]!, p);
        candidate[i] = value;
        if (value !== out[i]) break;
      }
      if (i === width || (order ? order.compare(i, candidate[i]!, out[i]!) > 0 : candidate[i]! > out[i]!)) continue;
      for (i++; i < width; i++) {
        const actor = source[i]!;
        candidate[i] = this.rename(actor, state[actor]!, p);
      }
      out.set(candidate);
      best = p;
    }
    return best;
  }

  /** Writes `state` with permutation `p` applied into `out` (which must not be `state`). */
  apply(state: StateVector, p: number, out: StateVector): void {
    const map = this.actorMaps[p]!;
    for (let actor = 0; actor < state.length; actor++) out[map[actor]!] = this.rename(actor, state[actor]!, p);
  }

  /** Where permutation `p` moves `actor` (itself, unless it belongs to an element). */
  actorUnder(p: number, actor: number): number {
    return this.actorMaps[p]![actor]!;
  }

  inverse(p: number): number {
    return this.inverses[p]!;
  }

  /** The number of the permutation `first` then `second`. */
  compose(first: number, second: number): number {
    const a = this.permutations[first]!;
    const b = this.permutations[second]!;
    return this.permutations.findIndex((p) => p.every((v, i) => v === b[a[i]!]));
  }

  /**
   * In `state`, the step that corresponds, under permutation `p`, to `step` of `actor` in the
   * permuted state: the same kind of step of the moved actor, with the renamed event.
   */
  matchingStep(state: StateVector, p: number, actor: number, step: ComponentStep): { actor: number; step: ComponentStep } {
    const moved = this.actorMaps[p]![actor]!;
    const renamed = this.renameMessage(step.message, p);
    const match = this.compiled.actors[moved]!.stepsOf(state[moved]!).find((candidate) => candidate.kind === step.kind && candidate.message === renamed);
    if (!match) throw new Error(`internal error: no step of ${this.compiled.names[moved]} matches ${this.compiled.names[actor]}'s under the symmetry`);
    return { actor: moved, step: match };
  }

  /** The component `component` of `actor` renamed by permutation `p` (a component of the actor `p` moves it to). */
  private rename(actor: number, component: number, p: number): number {
    if (p === 0) return component;
    const at = component * this.permutations.length + p;
    let row = this.memo[actor]!;
    if (at >= row.length) row = this.memo[actor] = grow(row, at);
    const known = row[at]!;
    return known >= 0 ? known : (row[at] = this.computeRenamed(actor, component, p));
  }

  /**
   * `rename` when not memoized. Apart from it, so that `rename` has no closure: a function
   * whose variables a closure captures allocates their context on every call, hit or miss.
   */
  private computeRenamed(actor: number, component: number, p: number): number {
    const components = this.compiled.actors[actor]!;
    const local = this.renameLocal(actor, components.local(component), p);
    const mailbox = components.mailbox(component).map((message) => this.renameMessage(message, p));
    return this.compiled.actors[this.actorMaps[p]![actor]!]!.intern(local, mailbox);
  }

  private renameLocal(actor: number, local: number, p: number): number {
    let row = this.localMemo[p]![actor]!;
    if (local >= row.length) row = this.localMemo[p]![actor] = grow(row, local);
    const known = row[local]!;
    if (known >= 0) return known;
    const renamed = this.computeLocal(actor, local, p);
    // A renaming that is not a bijection is not a symmetry: renaming back must give the state
    // back. Renaming back is a renaming too, kept for when it is asked (it mostly is: the
    // renamed state is reachable as well), so the test costs nothing extra.
    const moved = this.actorMaps[p]![actor]!;
    const inverse = this.inverses[p]!;
    let back = this.localMemo[inverse]![moved]!;
    if (renamed >= back.length) back = this.localMemo[inverse]![moved] = grow(back, renamed);
    if (back[renamed]! < 0) back[renamed] = this.computeLocal(moved, renamed, inverse);
    if (back[renamed] !== local) {
      throw new ModelError(
        `symmetry: renaming ${this.compiled.names[actor]}'s state ${this.compiled.actors[actor]!.machine.keyOf(local)} and renaming it back does not give it back; the symmetry's context/event functions must rename consistently`,
        { actor: this.compiled.names[actor]! },
      );
    }
    return (this.localMemo[p]![actor]![local] = renamed); // not `row`: growing `back` may have replaced it
  }

  private computeLocal(actor: number, local: number, p: number): number {
    const [value, context, ...history] = JSON.parse(this.compiled.actors[actor]!.machine.keyOf(local)) as [unknown, unknown, ...unknown[]];
    const renamedContext = this.definition.context ? this.definition.context(this.compiled.names[actor]!, context, this.renamer(p)) : context;
    return this.compiled.actors[this.actorMaps[p]![actor]!]!.machine.fromKey(canonicalJson([value, renamedContext, ...history]));
  }

  private renameMessage(message: number, p: number): number {
    let row = this.messageMemo[p]!;
    if (message >= row.length) row = this.messageMemo[p] = grow(row, message);
    const known = row[message]!;
    if (known >= 0) return known;
    const event = this.compiled.messages.event(message);
    const renamed = this.definition.event ? this.definition.event(structuredClone(event), this.renamer(p)) : event;
    return (row[message] = this.compiled.messages.intern(renamed));
  }

  private renamer(p: number): (element: number) => number {
    const permutation = this.permutations[p]!;
    return (element: number): number => {
      if (!Number.isInteger(element) || element < 0 || element >= permutation.length) {
        throw new ModelError(`symmetry: asked to rename element ${element}, but elements are 0 … ${permutation.length - 1}`);
      }
      return permutation[element]!;
    };
  }
}

function allPermutations(size: number): Int32Array[] {
  const result: Int32Array[] = [];
  const permute = (prefix: number[], rest: number[]): void => {
    if (rest.length === 0) result.push(Int32Array.from(prefix));
    rest.forEach((element, i) => permute([...prefix, element], [...rest.slice(0, i), ...rest.slice(i + 1)]));
  };
  permute([], Array.from({ length: size }, (_, i) => i));
  return result;
}

function grow(row: Int32Array, index: number): Int32Array {
  let length = row.length;
  while (length <= index) length *= 2;
  const bigger = new Int32Array(length).fill(-1);
  bigger.set(row);
  return bigger;
}
