/**
 * `check(system)`: explores every interleaving of a system and returns a verdict with the
 * shortest trace to a violation, or `pass`, or `inconclusive` when a limit ended the run.
 */
import './jitBudget.ts';
import type { System } from '../system/defineSystem.ts';
import { canonicalJson } from '../system/_internals/plainData.ts';
import { compileSystem, type CompiledSystem } from '../system/step.ts';
import { diagnoseDeadlock, diagnoseInvariant, diagnoseOverflow, diagnoseUnhandled } from './diagnosis.ts';
import { ModelError } from '../system/errors.ts';
import { checkGraphProperties, needsGraph } from './graphProperties.ts';
import { coverageOf } from './coverage.ts';
import { defaultMaxMemory, describeMemoryLimit } from './memoryLimit.ts';
import { FAIRNESS, type Fairness } from './liveness/fairness.ts';
import { StateGraph } from './liveness/stateGraph.ts';
import { Symmetry, type SymmetryDefinition } from './symmetry/symmetry.ts';
import { SymmetryValidator } from './symmetry/validateSymmetry.ts';
import { PartialOrder, visibleActors } from './reductions/partialOrder.ts';
import { MAX_ACTORS, SleepSets } from './reductions/sleepSets.ts';
import { guardProperties, type Properties } from './properties.ts';
import type { CheckResult, InconclusiveVerdict, Stats, Trace, UnreachableVerdict, Verdict } from './result.ts';
import { parallelSearch } from './parallel/parallelSearch.ts';
import type { ModelSource } from './parallel/protocol.ts';
import { breadthFirstSearch, type Finding, type Invariant, type Progress, type SearchLimits, type SearchOutcome } from './search.ts';
import { GoalTracker, goalsOf, invariantsOf } from './invariants.ts';
import { ExactStore } from './store/exactStore.ts';
import { FingerprintStore } from './store/fingerprintStore.ts';
import type { StateStore } from './store/stateStore.ts';
import { describeInitial, rebuildTrace, type ParentIndex } from './trace.ts';

export interface CheckOptions {
  /** Named properties to check besides the built-in ones (deadlock, unhandled, overflow). */
  properties?: Properties;
  /** Stop as `inconclusive` once this many distinct states are stored. Default: no limit. */
  maxStates?: number;
  /** Stop as `inconclusive` after this many seconds. Default: no limit. */
  maxSeconds?: number;
  /**
   * Stop as `inconclusive` when one actor reaches this many distinct local states: its context
   * most likely grows without bound. Default {@link DEFAULT_MAX_LOCAL_STATES}.
   */
  maxLocalStates?: number;
  /**
   * Stop as `inconclusive` when the process holds more than this many bytes, or V8's heap
   * nears its own limit. Default {@link defaultMaxMemory}: three quarters of the memory the
   * machine (or its container) has.
   */
  maxMemory?: number;
  /**
   * Explore every reachable state even after a violation (as TLC's -continue does); the first
   * violation found is still the verdict. Default false: stop at the first violation.
   */
  exhaustive?: boolean;
  /**
   * How visited states are kept: `fingerprint` (default: 64-bit fingerprints, with a printed
   * bound on the chance of a collision) or `exact` (whole states). Liveness needs the state
   * graph, which only the exact store keeps: with liveness properties the store is exact.
   */
  store?: 'exact' | 'fingerprint';
  /**
   * The fairness liveness properties are checked under: `weak` (default; an actor enabled in
   * every state of a cycle must step in it), `strong`, or `none`.
   */
  fairness?: Fairness;
  /**
   * Search with this many worker threads (`--workers N`; default 1). Parallel search keeps
   * fingerprints, needs `source` (the model file, which each worker loads), and cannot build
   * the state graph for liveness; otherwise the search runs on one thread, with a warning.
   */
  workers?: number;
  /**
   * Interchangeable elements of the model (see `SymmetryDefinition`): states that differ by a
   * permutation of them are explored once. Not used with liveness properties (not proven
   * sound there); a warning says so. Workers use the model file's own declaration.
   */
  symmetry?: SymmetryDefinition | false;
  /**
   * Partial-order reduction (default on): expand only an ample set of steps where no
   * interleaving can matter. It needs actors' `sendsTo` declarations to reduce anything, and
   * is not used with liveness properties or several workers (a warning says so).
   */
  partialOrder?: boolean;
  /**
   * Sleep sets (default on): skip steps to states that another path of the same length reaches
   * first. They change no count, trace or verdict, only the time; not used with the state graph
   * (liveness), nor while partial-order reduction looks for ample sets; up to 32 actors.
   */
  sleepSets?: boolean;
  /**
   * Report which state nodes and event transitions of each machine the search reached
   * (`result.coverage`). It reads the local states one thread met: with several workers the
   * search runs on one thread, with a warning.
   */
  coverage?: boolean;
  /** Where workers find the model: set by `checkConfiguration` for models loaded from a file. */
  source?: ModelSource;
  /** Called about once a second during long runs. */
  onProgress?: (progress: Progress) => void;
}

export const DEFAULT_MAX_LOCAL_STATES = 200_000;

export type { Progress };

/**
 * Checks every reachable global state of `system`. Returns data; it never throws for a
 * violation (a mistake in the model throws a `ModelError`).
 *
 * @example
 * ```ts
 * const result = check(system, { properties: { atMostOneEating: always((s) => ...) } });
 * if (result.verdict.kind !== 'pass') console.log(result.verdict.diagnosis.summary);
 * ```
 */
export function check(system: System | CompiledSystem, options: CheckOptions = {}): CheckResult {
  // Coverage reads what the local machines met, so it needs ones that met nothing before.
  const compiled = 'successor' in system ? (options.coverage ? compileSystem(system.system) : system) : compileSystem(system);
  const properties = guardProperties(options.properties ?? {});
  // The actors the invariants read; a declared read of an unknown actor is an error, reduction or not.
  const visible = visibleActors(compiled, Object.entries(properties).map(([name, p]) => [name, p.kind === 'always' || p.kind === 'reachable' ? p.reads : undefined] as const));
  const invariants = invariantsOf(properties);
  const goals = goalsOf(properties);
  const fairness = options.fairness ?? 'weak';
  if (!FAIRNESS.includes(fairness)) throw new ModelError(`fairness must be one of ${FAIRNESS.join(', ')}, got '${fairness}'`);
  const graph = needsGraph(properties) ? new StateGraph() : undefined;
  const warnings: string[] = [];
  const symmetry = symmetryFor(compiled, options, graph !== undefined, warnings);
  const workers = workersFor(options, graph !== undefined, warnings);
  if (workers > 1) {
    if (options.partialOrder !== false && new PartialOrder(compiled, visible).applicable) warnings.push('partial-order reduction was off: parallel search does not use it yet');
    return checkInParallel(compiled, invariants, goals, workers, symmetry?.definition, options, warnings);
  }
  // Sleep sets leave few successors to meet again: the stores' caches of recent states would not pay.
  const recentCache = graph !== undefined || !sleepSetsWanted(compiled, options);
  const store: StateStore =
    graph || options.store === 'exact' ? new ExactStore(compiled.width, recentCache) : new FingerprintStore(compiled.width, recentCache);
  try {
    const partialOrder = partialOrderFor(compiled, visible, options, graph !== undefined, warnings);
    return checkWith(compiled, store, graph, symmetry, partialOrder, invariants, goals, properties, fairness, options, warnings);
  } finally {
    store.close();
  }
}

/** Whether to skip steps by sleep sets: unless switched off, for systems whose actors fit a sleep set's bit mask. */
function sleepSetsWanted(compiled: CompiledSystem, options: CheckOptions): boolean {
  return options.sleepSets !== false && compiled.width <= MAX_ACTORS;
}

/** The partial-order reduction to use, if it is on and can reduce something here. */
function partialOrderFor(
  compiled: CompiledSystem,
  visible: Uint8Array,
  options: CheckOptions,
  needsGraph: boolean,
  warnings: string[],
): PartialOrder | undefined {
  if (options.partialOrder === false) return undefined;
  const reduction = new PartialOrder(compiled, visible);
  if (!reduction.applicable) return undefined;
  if (needsGraph) {
    warnings.push('partial-order reduction was off: it is not proven sound for liveness and forEach properties here');
    return undefined;
  }
  return reduction;
}

/** The symmetry to reduce by, if the model declares one and it can be used here. */
function symmetryFor(compiled: CompiledSystem, options: CheckOptions, needsGraph: boolean, warnings: string[]): Symmetry | undefined {
  if (!options.symmetry || options.symmetry.size <= 1) return undefined;
  if (needsGraph) {
    warnings.push('symmetry reduction was off: it is not proven sound for liveness and forEach properties here');
    return undefined;
  }
  return new Symmetry(compiled, options.symmetry);
}

/** How many workers to search with: `options.workers` when parallel search can run, else 1 (with a warning why). */
function workersFor(options: CheckOptions, needsGraph: boolean, warnings: string[]): number {
  const workers = options.workers ?? 1;
  if (!Number.isInteger(workers) || workers < 1) throw new ModelError(`workers must be a whole number ≥ 1, got ${workers}`);
  if (workers === 1) return 1;
  const why = needsGraph
    ? 'liveness and forEach properties need the state graph, which one thread builds'
    : options.coverage
      ? 'coverage reads the local states that one thread met'
      : options.exhaustive
        ? 'parallel search stops at the first violation, and --continue explores past it'
        : options.store === 'exact'
          ? 'parallel search keeps fingerprints, and --exact asks for whole states'
          : !options.source
            ? "parallel search needs the model file, to load it in each worker, and checks only the model's own properties and symmetry"
            : undefined;
  if (why) {
    warnings.push(`searched on one thread, not ${workers}: ${why}`);
    return 1;
  }
  return workers;
}

function checkInParallel(
  compiled: CompiledSystem,
  invariants: Invariant[],
  goals: Invariant[],
  workers: number,
  declaredSymmetry: SymmetryDefinition | undefined,
  options: CheckOptions,
  warnings: string[],
): CheckResult {
  const sleepSets = sleepSetsWanted(compiled, options);
  const { outcome, parents, goalsReached, bytes, symmetry } = parallelSearch(compiled, {
    workers,
    source: options.source!,
    limits: limitsOf(options),
    invariants,
    goals: goals.length,
    sleepSets,
    ...(declaredSymmetry ? { symmetry: declaredSymmetry } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  // The workers see the states they add; the initial state is seen here.
  const initial = new GoalTracker(compiled, goals);
  initial.see(compiled.initialState().state, 0);
  const reachedAt = goalsReached.map((state, i) => (initial.reachedAt[i] === 0 ? 0 : state));
  const examples = goals.length > 0 ? examplesOf(compiled, parents, goals, reachedAt, symmetry) : undefined;
  const validator = symmetry ? new SymmetryValidator(compiled, symmetry, [...invariants, ...goals]) : undefined;
  const verdict = withGoals(judge(compiled, parents, outcome, symmetry, validator), goals, reachedAt, outcome);
  const depth = 'trace' in verdict ? Math.max(outcome.depth, verdict.trace.steps.length) : outcome.depth;
  const n = outcome.states;
  return {
    verdict,
    stats: statistics(compiled, bytes, outcome, depth, undefined, sleepSets),
    store: 'fingerprint',
    collisionProbability: (n * (n - 1)) / 2 / 2 ** 64,
    reductions: reductionsOf(undefined, symmetry),
    workers,
    warnings,
    ...(examples ? { examples } : {}),
  };
}

function limitsOf(options: CheckOptions): SearchLimits {
  return {
    maxStates: options.maxStates ?? Number.POSITIVE_INFINITY,
    maxSeconds: options.maxSeconds ?? Number.POSITIVE_INFINITY,
    maxLocalStates: options.maxLocalStates ?? DEFAULT_MAX_LOCAL_STATES,
    maxMemory: options.maxMemory ?? defaultMaxMemory(),
  };
}

function checkWith(
  compiled: CompiledSystem,
  store: StateStore,
  graph: StateGraph | undefined,
  symmetry: Symmetry | undefined,
  partialOrder: PartialOrder | undefined,
  invariants: Invariant[],
  goals: Invariant[],
  properties: Properties,
  fairness: Fairness,
  options: CheckOptions,
  warnings: string[],
): CheckResult {
  const sleepSets = sleepSetsWanted(compiled, options) && !graph ? new SleepSets(compiled) : undefined;
  const goalTracker = goals.length > 0 ? new GoalTracker(compiled, goals) : undefined;
  // Tests a declared symmetry on the first states, and on the state of an invariant violation (see `judge`).
  const validator = symmetry ? new SymmetryValidator(compiled, symmetry, [...invariants, ...goals]) : undefined;
  const outcome = breadthFirstSearch(compiled, store, invariants, {
    limits: limitsOf(options),
    exhaustive: options.exhaustive ?? false,
    ...(graph ? { graph } : {}),
    ...(symmetry ? { symmetry, checkSymmetry: (state: Int32Array, index: number) => validator!.check(state, index) } : {}),
    ...(partialOrder ? { partialOrder } : {}),
    ...(sleepSets ? { sleepSets } : {}),
    ...(goalTracker ? { goals: goalTracker } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  let verdict = judge(compiled, store, outcome, symmetry, validator);
  const examples = goalTracker ? examplesOf(compiled, store, goals, goalTracker.reachedAt, symmetry) : undefined;
  if (goalTracker) verdict = withGoals(verdict, goals, goalTracker.reachedAt, outcome);
  const graphStarted = performance.now();
  let livenessChecked = false;
  let graphChecked = false;
  if (verdict.kind === 'pass' && graph) {
    graphChecked = true;
    graph.close(store.size);
    const graphCheck = checkGraphProperties(compiled, store, graph, properties, fairness);
    livenessChecked = graphCheck.livenessChecked;
    if (graphCheck.violation) verdict = graphCheck.violation;
  }
  if (livenessChecked && fairness === 'none') {
    warnings.push('liveness was checked without fairness: a behaviour may simply stop scheduling an actor, so counterexamples may be unfair (use fairness weak or strong)');
  }
  const depth = 'trace' in verdict ? Math.max(outcome.depth, verdict.trace.steps.length) : outcome.depth;
  const graphSeconds = graphChecked ? (performance.now() - graphStarted) / 1000 : undefined;
  const stats = {
    ...statistics(compiled, store.bytes() + (graph?.bytes() ?? 0), outcome, depth, graphSeconds, sleepSets !== undefined),
    ...(partialOrder ? { ampleStates: partialOrder.ampleStates } : {}),
  };
  if (graph && options.store === 'fingerprint') warnings.push('the exact store was used: liveness and forEach properties need the state graph');
  return {
    verdict,
    stats,
    store: store.kind,
    ...(store.kind === 'fingerprint' ? { collisionProbability: store.collisionProbability() } : {}),
    reductions: reductionsOf(partialOrder, symmetry),
    ...(livenessChecked ? { fairness } : {}),
    warnings,
    ...(options.coverage ? { coverage: coverageOf(compiled, outcome.explored) } : {}),
    ...(examples ? { examples } : {}),
  };
}

/** The names of the reductions that ran, as results report them. */
function reductionsOf(partialOrder: PartialOrder | undefined, symmetry: Symmetry | undefined): string[] {
  return [...(partialOrder ? ['partial-order'] : []), ...(symmetry ? [`symmetry (${symmetry.size} elements)`] : [])];
}

/** The shortest path found to each reached goal (`reachedAt`: per goal, the state number or -1). */
function examplesOf(compiled: CompiledSystem, store: ParentIndex, goals: Invariant[], reachedAt: Float64Array, symmetry: Symmetry | undefined): Record<string, Trace> {
  const examples: Record<string, Trace> = {};
  goals.forEach(({ name }, i) => {
    const state = reachedAt[i]!;
    if (state >= 0) examples[name] = rebuildTrace(compiled, store, state, undefined, symmetry).trace;
  });
  return examples;
}

/** `verdict`, unless it is a pass and a goal was never reached: then the first such goal is `unreachable`. */
function withGoals(verdict: Verdict, goals: Invariant[], reachedAt: Float64Array, outcome: SearchOutcome): Verdict {
  const unreached = goals.find((_, i) => reachedAt[i]! < 0);
  if (verdict.kind !== 'pass' || !unreached) return verdict;
  const states = outcome.states.toLocaleString('en-US');
  return {
    kind: 'unreachable',
    property: unreached.name,
    message: `No reachable state satisfies '${unreached.name}': all ${states} states were explored, to depth ${outcome.depth}.`,
  } satisfies UnreachableVerdict;
}

/** The verdict of a search's outcome; with symmetry, `validator` confirms a property before its violation is reported. */
function judge(compiled: CompiledSystem, store: ParentIndex, outcome: SearchOutcome, symmetry?: Symmetry, validator?: SymmetryValidator): Verdict {
  const finding: Finding = outcome.finding;
  switch (finding.kind) {
    case 'complete':
      return { kind: 'pass' };
    case 'limit':
      return inconclusive(compiled, outcome, finding);
    case 'deadlock': {
      const { trace, states } = rebuildTrace(compiled, store, finding.state, undefined, symmetry);
      return { kind: 'deadlock', property: 'deadlock', trace, diagnosis: diagnoseDeadlock(compiled, states[states.length - 1]!, trace) };
    }
    case 'invariant': {
      const { trace, states } = rebuildTrace(compiled, store, finding.state, undefined, symmetry);
      validator?.checkViolation(states[states.length - 1]!);
      const diagnosis = diagnoseInvariant(compiled, states[states.length - 1]!, trace, finding.property);
      return { kind: 'invariant', property: finding.property, trace, diagnosis };
    }
    case 'unhandled': {
      const { trace, states, realActor } = rebuildTrace(compiled, store, finding.state, { actor: finding.actor, step: finding.step, overflow: false }, symmetry);
      const diagnosis = diagnoseUnhandled(compiled, states[states.length - 1]!, trace, realActor(finding.actor));
      return { kind: 'unhandled', property: 'unhandled', trace, diagnosis };
    }
    case 'overflow': {
      const rebuilt = rebuildTrace(compiled, store, finding.state, { actor: finding.actor, step: finding.step, overflow: true }, symmetry);
      // `afterLastStep` holds the state up to the send that did not fit: the receiver's full mailbox.
      const diagnosis = diagnoseOverflow(compiled, rebuilt.afterLastStep!, rebuilt.trace, rebuilt.realActor(finding.receiver));
      return { kind: 'overflow', property: 'overflow', trace: rebuilt.trace, diagnosis };
    }
    case 'initial-overflow': {
      const trace = { initial: describeInitial(compiled), steps: [] };
      const { state } = compiled.initialState();
      return { kind: 'overflow', property: 'overflow', trace, diagnosis: diagnoseOverflow(compiled, state, trace, finding.receiver) };
    }
  }
}

function inconclusive(compiled: CompiledSystem, outcome: SearchOutcome, { reason, actor, memory }: Extract<Finding, { kind: 'limit' }>): InconclusiveVerdict {
  const limit = {
    'max-states': 'the state limit (--max-states)',
    'max-seconds': 'the time limit (--max-seconds)',
    'max-local-states': 'the local-state limit (--max-local-states)',
    'max-memory': memory ? describeMemoryLimit(memory) : 'the memory limit (--max-memory)',
  }[reason];
  const covered =
    `Stopped by ${limit} after ${outcome.states.toLocaleString('en-US')} states and ` +
    `${outcome.transitions.toLocaleString('en-US')} transitions, to depth ${outcome.depth}, in ${outcome.seconds.toFixed(1)} s; ` +
    `${outcome.queue.toLocaleString('en-US')} states were not expanded. Nothing is proven.`;
  return { kind: 'inconclusive', reason, message: `${covered} ${describeGrowth(compiled, actor)}`.trim() };
}

/**
 * Names the actor with the most local states and the context keys that keep changing, when
 * that actor is why the run stopped or its local states are many (a context growing without
 * bound is the usual reason a small model does not finish).
 */
function describeGrowth(compiled: CompiledSystem, actor: number | undefined): string {
  const sizes = compiled.actors.map((a) => a.machine.size);
  const largest = actor ?? sizes.indexOf(Math.max(...sizes));
  const machine = compiled.actors[largest]!.machine;
  if (actor === undefined && machine.size < 1000) return '';
  const recent = Array.from({ length: Math.min(machine.size, 64) }, (_, i) => machine.info(machine.size - 1 - i).context);
  const varying = new Set<string>();
  for (const context of recent) {
    if (!context || typeof context !== 'object') continue;
    for (const key of Object.keys(context)) {
      const values = new Set(recent.map((c) => canonicalJson((c as Record<string, unknown> | null)?.[key])));
      if (values.size > 1) varying.add(key);
    }
  }
  const keys = varying.size > 0 ? `; context keys that keep changing: ${[...varying].map((k) => `context.${k}`).join(', ')}` : '';
  return `Actor '${compiled.names[largest]}' has the most distinct local states (${machine.size.toLocaleString('en-US')})${keys}. If its context grows without bound, bound it in the model.`;
}

function statistics(
  compiled: CompiledSystem,
  bytes: number,
  outcome: SearchOutcome,
  depth: number,
  graphSeconds: number | undefined,
  sleepSets: boolean,
): Stats {
  const seconds = outcome.seconds + (graphSeconds ?? 0);
  return {
    states: outcome.states,
    transitions: outcome.transitions,
    ...(sleepSets ? { stepsFollowed: outcome.followed } : {}),
    depth,
    seconds,
    statesPerSecond: seconds > 0 ? Math.round(outcome.states / seconds) : outcome.states,
    bytesPerState: outcome.states > 0 ? Math.round(bytes / outcome.states) : 0,
    localStates: Object.fromEntries(compiled.names.map((name, i) => [name, compiled.actors[i]!.machine.size])),
    ...(graphSeconds !== undefined ? { graphSeconds } : {}),
  };
}
