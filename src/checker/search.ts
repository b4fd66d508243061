/**
 * Breadth-first exploration of the global state space. Breadth-first, so that the first
 * violation found has a shortest trace (design.md, "Checking"). The loop calls the system's one
 * step function (`CompiledSystem.successor`) and touches only integer vectors and memo tables.
 */
import { NO_OVERFLOW, StatePatch, StepKind, type CompiledSystem, type ComponentStep } from '../system/step.ts';
import { StateViews } from '../system/stateView.ts';
import type { StatePredicate } from './properties.ts';
import type { StateGraph } from './liveness/stateGraph.ts';
import type { PartialOrder } from './reductions/partialOrder.ts';
import type { Symmetry } from './symmetry/symmetry.ts';
import type { StateStore } from './store/stateStore.ts';

export interface SearchLimits {
  readonly maxStates: number;
  readonly maxSeconds: number;
  /** Distinct local states any one actor may reach: catches contexts that grow without bound. */
  readonly maxLocalStates: number;
}

export interface Invariant {
  readonly name: string;
  readonly predicate: StatePredicate;
}

/** Where the search stopped, and why. States are numbers in the store. */
export type Finding =
  | { readonly kind: 'complete' }
  | { readonly kind: 'deadlock'; readonly state: number }
  | { readonly kind: 'invariant'; readonly state: number; readonly property: string }
  /** The step taken from `state` by `actor` is unhandled, or overflows `receiver`'s mailbox. */
  | { readonly kind: 'unhandled'; readonly state: number; readonly actor: number; readonly step: ComponentStep }
  | {
      readonly kind: 'overflow';
      readonly state: number;
      readonly actor: number;
      readonly step: ComponentStep;
      readonly receiver: number;
    }
  /** The entry actions of the initial state overflow `receiver`'s mailbox. */
  | { readonly kind: 'initial-overflow'; readonly receiver: number }
  | { readonly kind: 'limit'; readonly reason: 'max-states' | 'max-seconds' | 'max-local-states'; readonly actor?: number };

export interface Progress {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  /** States discovered but not yet expanded. */
  readonly queue: number;
  readonly seconds: number;
}

export interface SearchOutcome extends Progress {
  readonly finding: Finding;
}

const CHECK_EVERY = 1024;

export interface SearchOptions {
  readonly limits: SearchLimits;
  /**
   * Explore the whole state space even after a violation (TLC's -continue): the first
   * violation found is still the one reported, and the counts cover every reachable state.
   */
  readonly exhaustive?: boolean;
  /** Records every edge, with its actor, for liveness. */
  readonly graph?: StateGraph;
  /** Stores each state as the representative of its orbit under the model's symmetry. */
  readonly symmetry?: Symmetry;
  /** Tests the symmetry on each expanded state, by its number (see `SymmetryValidator`). */
  readonly checkSymmetry?: (state: Int32Array, index: number) => void;
  /** Expands only an ample set of steps where it can (see `PartialOrder`). */
  readonly partialOrder?: PartialOrder;
  readonly onProgress?: (progress: Progress) => void;
}

export function breadthFirstSearch(
  compiled: CompiledSystem,
  store: StateStore,
  invariants: readonly Invariant[],
  { limits, exhaustive = false, graph, symmetry, checkSymmetry, partialOrder, onProgress }: SearchOptions,
): SearchOutcome {
  const started = performance.now();
  const width = compiled.width;
  const actors = compiled.actors;
  const views = invariants.length > 0 ? new StateViews(compiled) : undefined;
  const current = new Int32Array(width);
  const next = new Int32Array(width);
  // The successors of the state being expanded (kept for the invariants of new states), and
  // the actor of each (kept for the graph).
  const patches: StatePatch[] = [];
  const stepActors: number[] = [];
  // With symmetry: each successor whole, then its representative (the state stored).
  const representatives: Int32Array[] = [];
  let transitions = 0;
  let depth = 0;
  let expanded = 0;
  let lastReport = started;
  let first: Finding | undefined;

  const outcome = (finding: Finding): SearchOutcome => ({
    finding,
    states: store.size,
    transitions,
    depth,
    queue: store.size - expanded,
    seconds: (performance.now() - started) / 1000,
  });
  /** Records a violation; true when the search should stop now. */
  const violated = (finding: Finding): boolean => {
    first ??= finding;
    return !exhaustive;
  };
  const violatedInvariant = (state: Int32Array): string | undefined => {
    const view = views!.view(state);
    for (const { name, predicate } of invariants) if (!predicate(view)) return name;
    return undefined;
  };

  const initial = compiled.initialState();
  if (initial.overflow !== NO_OVERFLOW) return outcome({ kind: 'initial-overflow', receiver: initial.overflow });
  const start = symmetry ? represent(symmetry, initial.state, new Int32Array(width)) : initial.state;
  store.reserve(compiled.largestComponent);
  store.addInitial(start);
  if (views) {
    const property = violatedInvariant(start);
    if (property && violated({ kind: 'invariant', state: 0, property })) return outcome(first!);
  }

  let levelEnd = 1;
  while (expanded < store.size) {
    if (expanded === levelEnd) {
      depth++;
      levelEnd = store.size;
    }
    const from = expanded;
    store.read(from, current);
    checkSymmetry?.(current, from);
    graph?.open(from);
    // With partial-order reduction, round 0 expands only the ample actor's steps; if one of
    // its successors was seen before (the cycle proviso), round 1 expands the other actors.
    const ample = partialOrder ? partialOrder.ampleActor(current) : -1;
    let enabled = 0;
    for (let round = ample >= 0 ? 0 : 1; round < 2; round++) {
      store.expand(from, current);
      // Two passes: compute and stage every successor, then commit them. A step that breaks a
      // built-in rule is recorded with its position, so that violations are found in the
      // stable step order.
      let count = 0;
      let broken: Finding | undefined;
      let brokenAt = -1;
      let position = 0;
      compute: for (let actor = 0; actor < width; actor++) {
        const steps = actors[actor]!.stepsOf(current[actor]!);
        if (round === 0 ? actor !== ample : actor === ample) {
          position += steps.length;
          continue;
        }
        for (let s = 0; s < steps.length; s++) {
          const step = steps[s]!;
          const stepIndex = position++;
          transitions++;
          let finding: Finding | undefined;
          const patch = patches[count] ?? (patches[count] = new StatePatch());
          if (step.kind === StepKind.Unhandled) {
            finding = { kind: 'unhandled', state: from, actor, step };
          } else {
            const receiver = compiled.successor(current, actor, step, patch);
            if (receiver !== NO_OVERFLOW) finding = { kind: 'overflow', state: from, actor, step, receiver };
          }
          if (finding) {
            if (!broken) {
              broken = finding;
              brokenAt = count;
            }
            if (!exhaustive) break compute;
            continue;
          }
          if (symmetry) {
            patch.applyTo(current, next);
            const representative = (representatives[count] ??= new Int32Array(width));
            symmetry.canonical(next, representative);
            store.reserve(compiled.largestComponent);
            store.stageVector(representative, stepIndex);
          } else {
            store.reserve(compiled.largestComponent);
            store.stage(patch, stepIndex);
          }
          stepActors[count++] = actor;
        }
      }
      enabled = Math.max(enabled, position);
      let seenBefore = false;
      for (let k = 0; k < count; k++) {
        if (k === brokenAt && violated(broken!)) return outcome(first!);
        const added = store.commit(k);
        seenBefore ||= added < 0;
        graph?.addEdge(added >= 0 ? added : ~added, stepActors[k]!);
        if (added >= 0 && views) {
          if (symmetry) next.set(representatives[k]!);
          else patches[k]!.applyTo(current, next);
          const property = violatedInvariant(next);
          if (property && violated({ kind: 'invariant', state: added, property })) return outcome(first!);
        }
      }
      if (broken && brokenAt >= count && violated(broken)) return outcome(first!);
      if (round === 0 && !seenBefore && count > 0) break;
    }
    if (enabled === 0 && !compiled.isValidEnd(current) && violated({ kind: 'deadlock', state: from })) return outcome(first!);
    expanded++;

    if (store.size >= limits.maxStates && expanded < store.size) return outcome(first ?? { kind: 'limit', reason: 'max-states' });
    if (expanded % CHECK_EVERY === 0) {
      const now = performance.now();
      if (now - started > limits.maxSeconds * 1000) return outcome(first ?? { kind: 'limit', reason: 'max-seconds' });
      const grown = actors.findIndex((a) => a.machine.size > limits.maxLocalStates);
      if (grown >= 0) return outcome(first ?? { kind: 'limit', reason: 'max-local-states', actor: grown });
      if (onProgress && now - lastReport >= 1000) {
        lastReport = now;
        onProgress(outcome({ kind: 'complete' }));
      }
    }
  }
  const grown = actors.findIndex((a) => a.machine.size > limits.maxLocalStates);
  if (grown >= 0) return outcome(first ?? { kind: 'limit', reason: 'max-local-states', actor: grown });
  return outcome(first ?? { kind: 'complete' });
}

/** Writes the representative of `state`'s orbit into `out`; returns `out`. */
function represent(symmetry: Symmetry, state: Int32Array, out: Int32Array): Int32Array {
  symmetry.canonical(state, out);
  return out;
}
