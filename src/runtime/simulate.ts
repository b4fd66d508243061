/**
 * `simulate(system, { runs, seed, strategy })`: many runs in virtual time, for models too large
 * to check exhaustively, stopping at the first violation. Run i (from 0) uses seed `seed + i`,
 * so any run can be repeated alone (`--runs 1 --seed <its seed>`). A simulation that finds
 * nothing proves nothing: it reports how many runs it made, never `pass`.
 *
 * Strategies: `random` picks uniformly among the enabled steps; `pct` is PCT (`pct.ts`,
 * Burckhardt et al., ASPLOS 2010), which finds bugs that need an actor to stall while others
 * run ahead in far fewer runs.
 *
 * @example
 * ```ts
 * const found = await simulate(system, { runs: 100, seed: 1, strategy: 'pct', properties });
 * if (found.violation) console.log(`run ${found.violation.run} (seed ${found.violation.seed})`, found.violation.result.outcome.kind);
 * ```
 */
import { GoalTracker, goalsOf } from '../checker/invariants.ts';
import { guardProperties, type Properties } from '../checker/properties.ts';
import type { System } from '../system/defineSystem.ts';
import { coverageOf, RunVisits, type Coverage } from '../checker/coverage.ts';
import { applyStep, compileSystem, findStep, initialState, StepKind, type CompiledSystem } from '../system/step.ts';
import { PctScheduler } from './pct.ts';
import { createSeed } from './random.ts';
import { DEFAULT_MAX_STEPS, runSystem, type RunResult } from './runSystem.ts';
import { FirstStepScheduler, UniformScheduler, type Scheduler } from './scheduler.ts';

export type Strategy = 'random' | 'pct';
export const STRATEGIES: readonly Strategy[] = ['random', 'pct'];

export interface SimulateOptions {
  /** How many runs at most. */
  readonly runs: number;
  /** The seed of the first run; run i uses `seed + i`. Default: a fresh one (reported). */
  readonly seed?: number;
  /** `random` (default) or `pct`. */
  readonly strategy?: Strategy;
  /** For `pct`: the bug depth d (default 3). */
  readonly depth?: number;
  /** Steps per run at most (default {@link DEFAULT_MAX_STEPS}). */
  readonly maxSteps?: number;
  /** Invariants to watch; liveness needs the checker. */
  readonly properties?: Properties;
  /** Called after each run. */
  readonly onRun?: (run: number, seed: number, result: RunResult) => void;
  /** Also report which states and transitions of each machine the runs reached (`result.coverage`). */
  readonly coverage?: boolean;
}

export interface SimulationResult {
  readonly strategy: Strategy;
  /** How each run was scheduled, e.g. `pct (depth 3, length 110)`. */
  readonly scheduler: string;
  readonly firstSeed: number;
  /** Runs made (up to and including the one that found a violation). */
  readonly runs: number;
  /** Runs asked for. */
  readonly maxRuns: number;
  /** The first run that ended in a violation: its number (from 1), seed and result. */
  readonly violation?: { readonly run: number; readonly seed: number; readonly result: RunResult };
  /** How the runs without a violation ended: `valid-end`, `steps-limit`. */
  readonly endings: Readonly<Record<string, number>>;
  /** With the `coverage` option: what of each machine the runs reached (never `complete`). */
  readonly coverage?: Coverage;
  /**
   * Per `reachable` property, in declaration order: the first run that reached it (its number,
   * seed, and the step after which it held; 0 for the initial state), or null if no run did.
   */
  readonly reached?: Readonly<Record<string, { readonly run: number; readonly seed: number; readonly step: number } | null>>;
}

const VIOLATIONS = new Set(['deadlock', 'unhandled', 'overflow', 'invariant']);

export async function simulate(system: System | CompiledSystem, options: SimulateOptions): Promise<SimulationResult> {
  const compiled = 'successor' in system ? system : compileSystem(system);
  const strategy = options.strategy ?? 'random';
  if (!STRATEGIES.includes(strategy)) throw new RangeError(`strategy must be one of ${STRATEGIES.join(', ')}, got '${strategy}'`);
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new RangeError(`runs must be a whole number ≥ 1, got ${options.runs}`);
  const firstSeed = options.seed ?? createSeed();
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const common = { time: 'virtual' as const, maxSteps, properties: options.properties ?? {} };
  const length = strategy === 'pct' ? await estimateLength(compiled, common) : 0;
  const schedulerFor = (seed: number): Scheduler =>
    strategy === 'pct'
      ? new PctScheduler(seed, compiled.names, { length, ...(options.depth !== undefined ? { depth: options.depth } : {}) })
      : new UniformScheduler(seed);
  const endings: Record<string, number> = {};
  const visits = options.coverage ? new RunVisits(compiled) : undefined;
  const goals = new GoalTracker(compiled, goalsOf(guardProperties(options.properties ?? {})));
  const reached: Record<string, { run: number; seed: number; step: number } | null> = Object.fromEntries(goals.goals.map((goal) => [goal.name, null]));
  /** What the runs so far reached: machine coverage, if asked for, and the reachable properties. */
  const reachedByRuns = () => ({
    ...(visits ? { coverage: coverageOf(compiled, false, visits) } : {}),
    ...(goals.goals.length > 0 ? { reached } : {}),
  });
  let description = '';
  for (let run = 1; run <= options.runs; run++) {
    const seed = firstSeed + run - 1;
    const scheduler = schedulerFor(seed);
    description = scheduler.description;
    const result = await runSystem(compiled, { ...common, seed, scheduler }).done;
    if (visits || goals.searching) replayRun(compiled, result.path, visits, goals);
    goals.goals.forEach(({ name }, i) => {
      if (reached[name] === null && goals.reachedAt[i]! >= 0) reached[name] = { run, seed, step: goals.reachedAt[i]! };
    });
    options.onRun?.(run, seed, result);
    if (VIOLATIONS.has(result.outcome.kind)) {
      return { strategy, scheduler: description, firstSeed, runs: run, maxRuns: options.runs, violation: { run, seed, result }, endings, ...reachedByRuns() };
    }
    endings[result.outcome.kind] = (endings[result.outcome.kind] ?? 0) + 1;
  }
  return { strategy, scheduler: description, firstSeed, runs: options.runs, maxRuns: options.runs, endings, ...reachedByRuns() };
}

/**
 * Replays a run's path once: records the states it went through and the steps it took (for
 * coverage), and shows the reachable properties not reached yet each state, numbered by the
 * steps taken (0: the initial state).
 */
function replayRun(compiled: CompiledSystem, path: readonly number[], visits: RunVisits | undefined, goals: GoalTracker): void {
  let state = initialState(compiled);
  visits?.state(state);
  if (goals.searching) goals.see(state, 0);
  for (let k = 0; k < path.length && (visits || goals.searching); k++) {
    const index = path[k]!;
    if (visits) {
      const { actor, step } = findStep(compiled, state, index)!;
      if (step.kind === StepKind.Deliver || step.kind === StepKind.Choose) visits.step(actor, compiled.actors[actor]!.local(state[actor]!), step.message);
    }
    state = applyStep(compiled, state, index).state;
    visits?.state(state);
    if (goals.searching) goals.see(state, k + 1);
  }
}

/**
 * PCT's k: the length of a run that always takes the first enabled step. It depends on the
 * model alone, so every run of a simulation, and any one repeated alone, gets the same k.
 */
async function estimateLength(compiled: CompiledSystem, common: { time: 'virtual'; maxSteps: number }): Promise<number> {
  const probe = await runSystem(compiled, { ...common, seed: 0, scheduler: new FirstStepScheduler() }).done;
  return Math.max(10, probe.path.length);
}
