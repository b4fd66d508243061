/**
 * The search trusts a declared symmetry (as TLC trusts SYMMETRY), and a declaration that is not
 * a symmetry of the model hides states: a verdict of pass could be wrong. So the declaration is
 * tested where that is cheap, on the first states the search expands. For a state `s` and a
 * permutation π (a different one each time):
 * - the steps of π(s) must lead exactly to the images of the steps of `s` (violations
 *   included: an overflow of actor `a` becomes an overflow of π(a));
 * - every invariant must have the same value in `s` and in π(s) — a property that singles out
 *   one element ("target 0 is created") cannot be checked up to symmetry.
 * A failure is a `ModelError` that names the step or the property.
 */
import { ModelError } from '../../system/errors.ts';
import { StateViews } from '../../system/stateView.ts';
import { NO_OVERFLOW, StepKind, type CompiledSystem, type StateVector } from '../../system/step.ts';
import type { Invariant } from '../search.ts';
import type { Symmetry } from './symmetry.ts';

/** How many of the first expanded states are tested. */
export const SYMMETRY_SAMPLE = 1000;

export class SymmetryValidator {
  private readonly views: StateViews;
  private readonly image: Int32Array;
  private readonly next: Int32Array;
  private readonly nextImage: Int32Array;

  constructor(
    private readonly compiled: CompiledSystem,
    private readonly symmetry: Symmetry,
    private readonly invariants: readonly Invariant[],
  ) {
    this.views = new StateViews(compiled);
    this.image = new Int32Array(compiled.width);
    this.next = new Int32Array(compiled.width);
    this.nextImage = new Int32Array(compiled.width);
  }

  /** Tests the symmetry on `state`, the `index`-th state expanded. */
  check(state: StateVector, index: number): void {
    const permutations = this.symmetry.permutations.length;
    if (index >= SYMMETRY_SAMPLE || permutations < 2) return;
    const p = 1 + (index % (permutations - 1));
    const { symmetry, image } = this;
    symmetry.apply(state, p, image);
    const mapped = this.successors(state, (actor) => symmetry.actorUnder(p, actor), (next, out) => symmetry.apply(next, p, out));
    const direct = this.successors(image, (actor) => actor, (next, out) => out.set(next));
    for (const [key, step] of mapped) {
      if (!direct.has(key)) throw this.notASymmetry(p, `${step} leads to a state whose image is not a successor of the image`);
    }
    for (const [key, step] of direct) {
      if (!mapped.has(key)) throw this.notASymmetry(p, `in the image, ${step} leads to a state that is not the image of a successor`);
    }
    this.checkProperties(state, p);
  }

  /**
   * Tests the properties on `state` under every permutation: a violation met in a
   * representative is reported only if the property treats the elements alike there (were it
   * not to, another state of the orbit could hold it, and the verdict would be a guess).
   */
  checkViolation(state: StateVector): void {
    for (let p = 1; p < this.symmetry.permutations.length; p++) {
      this.symmetry.apply(state, p, this.image);
      this.checkProperties(state, p);
    }
  }

  /** Throws unless every property has the same value in `state` and in its image under `p` (in `image`). */
  private checkProperties(state: StateVector, p: number): void {
    for (const { name, predicate } of this.invariants) {
      const here = predicate(this.views.view(state));
      const there = predicate(this.views.view(this.image));
      if (here !== there) {
        throw new ModelError(
          `symmetry: property '${name}' is ${here} in a state and ${there} in its image under ${this.describe(p)}; a property checked up to symmetry must treat the elements alike (or use --no-symmetry)`,
        );
      }
    }
  }

  /** The successors of `state` as keys (each `place`d in the image space), with a description of a step that reaches each. */
  private successors(
    state: StateVector,
    actorAt: (actor: number) => number,
    place: (next: StateVector, out: Int32Array) => void,
  ): Map<string, string> {
    const { compiled, next, nextImage } = this;
    const result = new Map<string, string>();
    for (let actor = 0; actor < state.length; actor++) {
      for (const step of compiled.actors[actor]!.stepsOf(state[actor]!)) {
        const described = `the step of ${compiled.names[actor]} on ${compiled.messages.event(step.message).type}`;
        let key: string;
        if (step.kind === StepKind.Unhandled) {
          key = `unhandled by ${actorAt(actor)}`;
        } else {
          const receiver = compiled.successorState(state, actor, step, next);
          if (receiver !== NO_OVERFLOW) {
            key = `overflow of ${actorAt(receiver)}`;
          } else {
            place(next, nextImage);
            key = nextImage.join(',');
          }
        }
        if (!result.has(key)) result.set(key, described);
      }
    }
    return result;
  }

  private notASymmetry(p: number, what: string): ModelError {
    return new ModelError(
      `symmetry: the declared symmetry is not a symmetry of the model: under ${this.describe(p)}, ${what}; check the symmetry's actors, context and event functions (or use --no-symmetry)`,
    );
  }

  private describe(p: number): string {
    const moves = Array.from(this.symmetry.permutations[p]!, (to, from) => `${from}→${to}`);
    return `the permutation of elements ${moves.join(', ')}`;
  }
}
