/**
 * Evaluates invariants on the states a search finds. An invariant that declares the actors it
 * reads (`always(p, { reads: ['kernel'] })`) sees only their components — local states and
 * mailboxes; `guardProperties` makes reading any other actor an error — so its verdict is a
 * function of those components, and is computed once per combination of them rather than once
 * per state. Components recur across millions of states (the SCSI kernel has ~73,000 in 1.26
 * million states; the 7 philosophers of dining n=7 take 52,224 combinations in 8.9 million
 * states), and the predicate, not the lookup, was the cost.
 */
import type { CompiledSystem, StateVector } from '../system/step.ts';
import { StateViews } from '../system/stateView.ts';
import type { Properties, StatePredicate } from './properties.ts';
import { doubled } from '../system/_internals/doubled.ts';
import { hashIndex } from '../system/_internals/hashIndex.ts';

export interface Invariant {
  readonly name: string;
  readonly predicate: StatePredicate;
  /** The actors the predicate reads, if it declares them (and is held to it). */
  readonly reads?: readonly string[];
}

/** The invariants among `properties` (the `always` ones), in their order: reports name them by index. */
export function invariantsOf(properties: Properties): Invariant[] {
  return Object.entries(properties).flatMap(([name, p]) => (p.kind === 'always' ? [{ name, predicate: p.predicate, ...(p.reads ? { reads: p.reads } : {}) }] : []));
}

/** The `reachable` properties among `properties`, in their order. */
export function goalsOf(properties: Properties): Invariant[] {
  return Object.entries(properties).flatMap(([name, p]) => (p.kind === 'reachable' ? [{ name, predicate: p.predicate, ...(p.reads ? { reads: p.reads } : {}) }] : []));
}

/** What the memo tables hold for a component or a tuple of them. */
export const UNKNOWN = 0;
const HOLDS = 1;
const BROKEN = 2;

export class InvariantChecker {
  private readonly views: StateViews;
  /** Per invariant: the one actor it reads, or -1 when it reads several or does not say. */
  private readonly actorOf: Int32Array;
  /** Per invariant that reads one actor: component → UNKNOWN, HOLDS or BROKEN. */
  private readonly verdicts: Uint8Array[];
  /** Per invariant that declares several actors: its verdicts by their components. */
  private readonly byTuple: (VerdictsByTuple | undefined)[];

  constructor(
    compiled: CompiledSystem,
    private readonly invariants: readonly Invariant[],
  ) {
    this.views = new StateViews(compiled);
    const declared = invariants.map(({ reads }) => reads?.map((name) => compiled.actorIndex(name) ?? -1));
    this.actorOf = Int32Array.from(declared, (actors) => (actors?.length === 1 ? actors[0]! : -1));
    this.verdicts = invariants.map(() => new Uint8Array(64));
    this.byTuple = declared.map((actors) => (actors && actors.length > 1 && !actors.includes(-1) ? new VerdictsByTuple(Int32Array.from(actors)) : undefined));
  }

  /** The index of the first invariant `state` breaks, or -1 when it breaks none. */
  firstBroken(state: StateVector): number {
    const view = this.views.view(state);
    for (let i = 0; i < this.invariants.length; i++) {
      const actor = this.actorOf[i]!;
      if (actor < 0) {
        const byTuple = this.byTuple[i];
        let verdict = byTuple ? byTuple.find(state) : UNKNOWN;
        if (verdict === UNKNOWN) {
          verdict = this.invariants[i]!.predicate(view) ? HOLDS : BROKEN;
          byTuple?.remember(state, verdict);
        }
        if (verdict === BROKEN) return i;
        continue;
      }
      const component = state[actor]!;
      let verdicts = this.verdicts[i]!;
      while (component >= verdicts.length) verdicts = this.verdicts[i] = doubled(verdicts);
      let verdict = verdicts[component]!;
      if (verdict === UNKNOWN) verdict = verdicts[component] = this.invariants[i]!.predicate(view) ? HOLDS : BROKEN;
      if (verdict === BROKEN) return i;
    }
    return -1;
  }

  /** The name of the first invariant `state` breaks, or undefined. */
  violated(state: StateVector): string | undefined {
    const broken = this.firstBroken(state);
    return broken < 0 ? undefined : this.invariants[broken]!.name;
  }
}

/** Words of keys and hashes a `VerdictsByTuple` keeps at most (about 32 MB); then it stops remembering. */
const TUPLE_WORDS = 1 << 23;

/**
 * The verdicts of an invariant that reads several actors, by their components: an
 * open-addressing table of those tuples. Where they hardly recur it fills up and stops
 * remembering, and the predicate runs as it would without it.
 */
export class VerdictsByTuple {
  private readonly width: number;
  private readonly most: number;
  /** Per slot: an entry's number + 1, or 0 when empty. */
  private slots = new Int32Array(1024);
  private keys: Int32Array;
  private hashes: Int32Array;
  private verdicts: Uint8Array;
  private count = 0;
  /** Where `find` stopped, and the hash it computed: `remember` stores there. */
  private slot = 0;
  private hash = 0;

  constructor(private readonly actors: Int32Array) {
    this.width = actors.length;
    this.most = Math.floor(TUPLE_WORDS / (this.width + 1));
    this.keys = new Int32Array(64 * this.width);
    this.hashes = new Int32Array(64);
    this.verdicts = new Uint8Array(64);
  }

  /** The verdict remembered for the components `state` gives the actors, or UNKNOWN. */
  find(state: StateVector): number {
    const { actors, width, keys, slots } = this;
    let hash = 0;
    for (let i = 0; i < width; i++) hash = Math.imul(hash ^ state[actors[i]!]!, 0x9e3779b1);
    hash ^= hash >>> 15;
    this.hash = hash;
    const mask = slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot]! - 1;
      if (entry < 0) {
        this.slot = slot;
        return UNKNOWN;
      }
      if (this.hashes[entry] !== hash) continue;
      let i = 0;
      while (i < width && keys[entry * width + i] === state[actors[i]!]) i++;
      if (i === width) return this.verdicts[entry]!;
    }
  }

  /** Remembers the verdict for the tuple `find` just missed. */
  remember(state: StateVector, verdict: number): void {
    if (this.count === this.most) return;
    const entry = this.count++;
    if (entry === this.hashes.length) {
      this.keys = doubled(this.keys);
      this.hashes = doubled(this.hashes);
      this.verdicts = doubled(this.verdicts);
    }
    for (let i = 0; i < this.width; i++) this.keys[entry * this.width + i] = state[this.actors[i]!]!;
    this.hashes[entry] = this.hash;
    this.verdicts[entry] = verdict;
    this.slots[this.slot] = entry + 1;
    if (this.count * 2 > this.slots.length) this.slots = hashIndex(this.hashes, this.count, this.slots.length * 2);
  }
}

/**
 * Watches the states a search finds for those of `reachable` properties (goals): records the
 * first state that satisfies each, and stops evaluating a goal once it is reached. Breadth-first,
 * that first state is at the least depth. Predicates are memoized as invariants are (a goal is
 * checked as the invariant "not yet").
 */
export class GoalTracker {
  /** Per goal, in declaration order: the number of the first state that satisfied it, or -1. */
  readonly reachedAt: Float64Array;
  private pending: Invariant[];
  /** Evaluates the pending goals, negated: the first "broken" one is reached. */
  private checker: InvariantChecker;

  constructor(
    private readonly compiled: CompiledSystem,
    readonly goals: readonly Invariant[],
  ) {
    this.reachedAt = new Float64Array(goals.length).fill(-1);
    this.pending = goals.map(negated);
    this.checker = new InvariantChecker(compiled, this.pending);
  }

  /** Whether some goal is not reached yet. */
  get searching(): boolean {
    return this.pending.length > 0;
  }

  /** Notes which pending goals `state` (numbered `index`) satisfies. */
  see(state: StateVector, index: number): void {
    for (let met = this.checker.firstBroken(state); met >= 0; met = this.checker.firstBroken(state)) {
      const name = this.pending[met]!.name;
      this.reachedAt[this.goals.findIndex((goal) => goal.name === name)] = index;
      this.pending = this.pending.filter((_, i) => i !== met);
      this.checker = new InvariantChecker(this.compiled, this.pending);
    }
  }
}

function negated(goal: Invariant): Invariant {
  return { ...goal, predicate: (state) => !goal.predicate(state) };
}
