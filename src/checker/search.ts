/**
 * Breadth-first exploration of the global state space. Breadth-first, so that the first
 * violation found has a shortest trace (design.md, "Checking"). The loop calls the system's one
 * step function (`CompiledSystem.successor`) and touches only integer vectors and memo tables.
 */
import { NO_OVERFLOW, StatePatch, StepKind, type CompiledSystem, type ComponentStep } from '../system/step.ts';
import { InvariantChecker, type GoalTracker, type Invariant } from './invariants.ts';
import type { StateGraph } from './liveness/stateGraph.ts';
import type { PartialOrder } from './reductions/partialOrder.ts';
import type { SleepSets } from './reductions/sleepSets.ts';
import { representativeOf, type Symmetry } from './symmetry/symmetry.ts';
import { RecentSuccessors } from './symmetry/recentSuccessors.ts';
import { allocationFailed, isAllocationFailure, MEMORY_CHECK_MS, memoryExceeded, type MemoryExceeded } from './memoryLimit.ts';
import type { StateStore } from './store/stateStore.ts';

export interface SearchLimits {
  readonly maxStates: number;
  readonly maxSeconds: number;
  /** Distinct local states any one actor may reach: catches contexts that grow without bound. */
  readonly maxLocalStates: number;
  /** Bytes the process may hold (see `memoryExceeded`). */
  readonly maxMemory: number;
}

export type { Invariant } from './invariants.ts';

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
  | {
      readonly kind: 'limit';
      readonly reason: 'max-states' | 'max-seconds' | 'max-local-states' | 'max-memory';
      readonly actor?: number;
      readonly memory?: MemoryExceeded;
    };

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
  /** The transitions whose successor was computed: all but those sleep sets skipped. */
  readonly followed: number;
  /** Whether the search expanded every reachable state (it ran to its end: no limit, and no violation stopped it). */
  readonly explored: boolean;
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
  /**
   * Skips steps to states that another path reaches first (see `SleepSets`). With partial-order
   * reduction, only once it has stopped looking: the search was plain breadth-first until then.
   */
  readonly sleepSets?: SleepSets;
  /** Notes the first state that satisfies each `reachable` property. */
  readonly goals?: GoalTracker;
  readonly onProgress?: (progress: Progress) => void;
}

/**
 * States expanded together: the successors of all of them are staged before any is committed,
 * so that the store's reads of its big table overlap instead of waiting one after another.
 * Commits keep the order, so the search stays breadth-first and numbers states as one at a
 * time would.
 */
const BATCH = 8;

export function breadthFirstSearch(
  compiled: CompiledSystem,
  store: StateStore,
  invariants: readonly Invariant[],
  { limits, exhaustive = false, graph, symmetry, checkSymmetry, partialOrder, sleepSets, goals, onProgress }: SearchOptions,
): SearchOutcome {
  const started = performance.now();
  const width = compiled.width;
  const actors = compiled.actors;
  const checker = invariants.length > 0 ? new InvariantChecker(compiled, invariants) : undefined;
  const next = new Int32Array(width);
  // The states of the batch, and per state: where its staged successors start, how many steps
  // it has, how many were computed, and the first step that broke a built-in rule.
  const batch = Array.from({ length: BATCH }, () => new Int32Array(width));
  const firstStaged = new Int32Array(BATCH + 1);
  const enabled = new Int32Array(BATCH);
  const computed = new Int32Array(BATCH);
  /** Per batch state: how many of its steps sleep sets skipped. */
  const skipped = new Int32Array(BATCH);
  const broken: (Finding | undefined)[] = [];
  const brokenAt = new Int32Array(BATCH);
  /** With symmetry: successors known to be seen before they were staged (see `RecentSuccessors`). */
  const knownSeen = new Int32Array(BATCH);
  const recentSuccessors = symmetry ? new RecentSuccessors(width) : undefined;
  // Per staged successor: the step's patch (kept for the invariants of new states), its actor
  // (kept for the graph), and with symmetry its representative (the state stored).
  const patches: StatePatch[] = [];
  const stepActors: number[] = [];
  /** With sleep sets: the sleep set of each staged successor. */
  const sleepAfter: number[] = [];
  const representatives: Int32Array[] = [];
  let transitions = 0;
  let skippedSteps = 0;
  let depth = 0;
  let expanded = 0;
  /** Whether sleep sets are in use for the batch (not while partial-order reduction looks for ample sets). */
  let sleeping = false;
  let lastReport = started;
  let lastMemoryCheck = Number.NEGATIVE_INFINITY;
  let first: Finding | undefined;

  const outcome = (finding: Finding, explored = false): SearchOutcome => ({
    finding,
    explored,
    states: store.size,
    transitions,
    followed: transitions - skippedSteps,
    depth,
    queue: store.size - expanded,
    seconds: (performance.now() - started) / 1000,
  });
  /** Records a violation; true when the search should stop now. */
  const violated = (finding: Finding): boolean => {
    first ??= finding;
    return !exhaustive;
  };

  const initial = compiled.initialState();
  if (initial.overflow !== NO_OVERFLOW) return outcome({ kind: 'initial-overflow', receiver: initial.overflow });
  const start = representativeOf(initial.state, symmetry);
  store.reserve(compiled.largestComponent);
  store.addInitial(start);
  goals?.see(start, 0);
  if (checker) {
    const property = checker.violated(start);
    if (property && violated({ kind: 'invariant', state: 0, property })) return outcome(first!);
  }

  /**
   * Computes and stages the successors of batch state `b` (numbered `from`): every step, or in
   * round 0 of partial-order reduction only the ample actor's. A step that breaks a built-in
   * rule is recorded with its position, so that violations are found in the stable step order.
   * Returns the number of successors staged so far in the batch.
   */
  const stageSuccessors = (b: number, from: number, round: number, ample: number, count: number): number => {
    const current = batch[b]!;
    store.expand(from, current);
    firstStaged[b] = count;
    broken[b] = undefined;
    brokenAt[b] = -1;
    knownSeen[b] = 0;
    let position = 0;
    let steps = 0;
    let asleepSteps = 0;
    // With sleep sets: the actors asleep here, and those expanded so far.
    const asleep = sleeping ? sleepSets!.of(from) : 0;
    let expandedActors = 0;
    compute: for (let actor = 0; actor < width; actor++) {
      const actorSteps = actors[actor]!.stepsOf(current[actor]!);
      if (round === 0 ? actor !== ample : actor === ample) {
        position += actorSteps.length;
        continue;
      }
      if ((asleep >>> actor) & 1) {
        // Its steps lead to states already numbered: counted as transitions, not followed.
        position += actorSteps.length;
        steps += actorSteps.length;
        asleepSteps += actorSteps.length;
        continue;
      }
      for (let s = 0; s < actorSteps.length; s++) {
        const step = actorSteps[s]!;
        const stepIndex = position++;
        steps++;
        let finding: Finding | undefined;
        const patch = patches[count] ?? (patches[count] = new StatePatch());
        if (step.kind === StepKind.Unhandled) {
          finding = { kind: 'unhandled', state: from, actor, step };
        } else {
          const receiver = compiled.successor(current, actor, step, patch);
          if (receiver !== NO_OVERFLOW) finding = { kind: 'overflow', state: from, actor, step, receiver };
        }
        if (finding) {
          if (!broken[b]) {
            broken[b] = finding;
            brokenAt[b] = count;
          }
          if (!exhaustive) break compute;
          continue;
        }
        let permutation = 0;
        if (symmetry) {
          patch.applyTo(current, next);
          if (recentSuccessors!.has(next)) {
            knownSeen[b]++;
            continue;
          }
          recentSuccessors!.add(next); // its representative is committed with the batch
          const representative = (representatives[count] ??= new Int32Array(width));
          permutation = symmetry.canonical(next, representative);
          // Renaming interns components: the store's rows must fit them before it takes the representative.
          store.reserve(compiled.largestComponent);
          store.stageVector(representative, stepIndex);
        } else {
          store.reserve(compiled.largestComponent);
          store.stage(patch, stepIndex);
        }
        if (sleeping) sleepAfter[count] = sleepSets!.renamed(sleepSets!.after(current, asleep | expandedActors, actor, step), symmetry, permutation);
        stepActors[count++] = actor;
      }
      if (actorSteps.length > 0) expandedActors |= 1 << actor;
    }
    enabled[b] = position;
    computed[b] = steps;
    skipped[b] = asleepSteps;
    return count;
  };

  let levelEnd = 1;
  try {
    while (expanded < store.size) {
      // Partial-order reduction decides on round 1 from round 0's commits: one state at a time.
      const reducing = partialOrder?.looking ?? false;
      sleeping = sleepSets !== undefined && !reducing;
      const size = reducing ? 1 : Math.min(BATCH, store.size - expanded);
      for (let b = 0; b < size; b++) {
        store.read(expanded + b, batch[b]!);
        checkSymmetry?.(batch[b]!, expanded + b);
      }
      // With partial-order reduction, round 0 expands only the ample actor's steps; if one of
      // its successors was seen before (the cycle proviso), round 1 expands the other actors.
      const ample = reducing ? partialOrder!.ampleActor(batch[0]!) : -1;
      rounds: for (let round = ample >= 0 ? 0 : 1; round < 2; round++) {
        // Stage every successor of the batch, then commit them state by state.
        store.startBatch();
        let count = 0;
        let staged = 0;
        while (staged < size) {
          count = stageSuccessors(staged, expanded + staged, round, ample, count);
          if (broken[staged++] && !exhaustive) break; // the states after it are never committed
        }
        firstStaged[staged] = count;
        let seenBefore = false;
        for (let b = 0; b < staged; b++) {
          const from = expanded;
          if (from === levelEnd) {
            depth++;
            levelEnd = store.size;
          }
          graph?.open(from);
          transitions += computed[b]!;
          skippedSteps += skipped[b]!;
          const finding = broken[b];
          seenBefore ||= knownSeen[b]! > 0;
          for (let k = firstStaged[b]!; k < firstStaged[b + 1]!; k++) {
            if (k === brokenAt[b] && violated(finding!)) return outcome(first!);
            const added = store.commit(k);
            seenBefore ||= added < 0;
            if (sleeping && added >= 0) sleepSets!.set(added, sleepAfter[k]!, expanded);
            graph?.addEdge(added >= 0 ? added : ~added, stepActors[k]!);
            if (added >= 0 && (checker || goals?.searching)) {
              if (symmetry) next.set(representatives[k]!);
              else patches[k]!.applyTo(batch[b]!, next);
              if (goals?.searching) goals.see(next, added);
              const property = checker?.violated(next);
              if (property && violated({ kind: 'invariant', state: added, property })) return outcome(first!);
            }
          }
          if (finding && brokenAt[b] >= firstStaged[b + 1]! && violated(finding)) return outcome(first!);
          if (round === 0 && (seenBefore || firstStaged[1] === 0)) {
            partialOrder!.overrule();
            continue rounds; // the cycle proviso
          }
          if (enabled[b] === 0 && !compiled.isValidEnd(batch[b]!) && violated({ kind: 'deadlock', state: from })) return outcome(first!);
          expanded++;

          if (store.size >= limits.maxStates && expanded < store.size) return outcome(first ?? { kind: 'limit', reason: 'max-states' });
          if (expanded % CHECK_EVERY === 0) {
            const now = performance.now();
            if (now - started > limits.maxSeconds * 1000) return outcome(first ?? { kind: 'limit', reason: 'max-seconds' });
            const grown = actors.findIndex((a) => a.machine.size > limits.maxLocalStates);
            if (grown >= 0) return outcome(first ?? { kind: 'limit', reason: 'max-local-states', actor: grown });
            if (now - lastMemoryCheck >= MEMORY_CHECK_MS) {
              lastMemoryCheck = now;
              const memory = memoryExceeded(limits.maxMemory);
              if (memory) return outcome(first ?? { kind: 'limit', reason: 'max-memory', memory });
            }
            if (onProgress && now - lastReport >= 1000) {
              lastReport = now;
              onProgress(outcome({ kind: 'complete' }));
            }
          }
        }
        break;
      }
    }
  } catch (error) {
    // The system refused memory for a bigger table (a RangeError from an ArrayBuffer): a limit
    // of the run, not a bug, so the verdict is inconclusive like the other memory bounds.
    if (!isAllocationFailure(error)) throw error;
    return outcome(first ?? { kind: 'limit', reason: 'max-memory', memory: allocationFailed() });
  }
  const grown = actors.findIndex((a) => a.machine.size > limits.maxLocalStates);
  if (grown >= 0) return outcome(first ?? { kind: 'limit', reason: 'max-local-states', actor: grown });
  return outcome(first ?? { kind: 'complete' }, true);
}
