/**
 * Evaluates invariants on the states a search finds. An invariant that declares it reads one
 * actor (`always(p, { reads: ['kernel'] })`) sees only that actor's component — its local state
 * and mailbox; `guardProperties` makes reading any other actor an error — so its verdict is a
 * function of that component, and is computed once per component rather than once per state.
 * Components recur across millions of states (the SCSI kernel has ~73,000 in 1.26 million
 * states), and the predicate, not the lookup, was the cost.
 */
import type { CompiledSystem, StateVector } from '../system/step.ts';
import { StateViews } from '../system/stateView.ts';
import type { Properties, StatePredicate } from './properties.ts';
import { doubled } from '../system/_internals/doubled.ts';

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

const UNKNOWN = 0;
const HOLDS = 1;
const BROKEN = 2;

export class InvariantChecker {
  private readonly views: StateViews;
  /** Per invariant: the one actor it reads, or -1 when it reads several or does not say. */
  private readonly actorOf: Int32Array;
  /** Per invariant that reads one actor: component → UNKNOWN, HOLDS or BROKEN. */
  private readonly verdicts: Uint8Array[];

  constructor(
    compiled: CompiledSystem,
    private readonly invariants: readonly Invariant[],
  ) {
    this.views = new StateViews(compiled);
    this.actorOf = Int32Array.from(invariants, ({ reads }) => (reads?.length === 1 ? (compiled.actorIndex(reads[0]!) ?? -1) : -1));
    this.verdicts = invariants.map(() => new Uint8Array(64));
  }

  /** The index of the first invariant `state` breaks, or -1 when it breaks none. */
  firstBroken(state: StateVector): number {
    const view = this.views.view(state);
    for (let i = 0; i < this.invariants.length; i++) {
      const actor = this.actorOf[i]!;
      if (actor < 0) {
        if (!this.invariants[i]!.predicate(view)) return i;
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
