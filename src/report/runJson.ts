/**
 * The `--json` documents of the live runtime. A `run --json` document has the fields of a
 * `check --json` document that describe a trace (`model`, `config`, `parameters`, `verdict`,
 * `property`, `trace`, `path`, `diagnosis`), so `interleave replay` reads both; `verdict` is the
 * run's outcome: `valid-end`, `steps-limit`, `stopped`, or a violation kind.
 */
import type { Diagnosis, Trace } from '../checker/result.ts';
import type { Parameters } from '../model/defineModel.ts';
import type { RunResult } from '../runtime/runSystem.ts';
import type { SimulationResult } from '../runtime/simulate.ts';

export interface LiveRunDocument {
  readonly model: string;
  readonly config: string;
  readonly parameters: Parameters;
  /** The model file, as given on the command line (`replay` uses it when no --model is given). */
  readonly modelFile?: string;
  readonly verdict: string;
  readonly property?: string;
  readonly item?: unknown;
  /** A deadlock caught as a wait-for cycle while other actors could still step. */
  readonly partial?: boolean;
  /** Why a `stopped` run stopped. */
  readonly reason?: string;
  readonly seed: number;
  readonly scheduler: string;
  readonly time: 'real' | 'virtual';
  readonly steps: number;
  readonly elapsedMs: number;
  readonly trace: Trace;
  readonly path: readonly number[];
  readonly diagnosis?: Diagnosis;
  /** Messages sent from outside the system during the run. */
  readonly injected?: RunResult['injected'];
}

export interface RunTarget {
  readonly model: string;
  readonly config: string;
  readonly parameters: Parameters;
  readonly modelFile?: string;
}

export function toLiveRunDocument(target: RunTarget, result: RunResult): LiveRunDocument {
  const { outcome } = result;
  return {
    ...target,
    verdict: outcome.kind,
    ...('property' in outcome ? { property: outcome.property } : {}),
    ...('item' in outcome && outcome.item !== undefined ? { item: outcome.item } : {}),
    ...('partial' in outcome && outcome.partial ? { partial: true } : {}),
    ...(outcome.kind === 'stopped' ? { reason: outcome.reason } : {}),
    seed: result.seed,
    scheduler: result.scheduler,
    time: result.time,
    steps: result.path.length,
    elapsedMs: result.elapsed,
    trace: result.trace,
    path: result.path,
    ...('diagnosis' in outcome ? { diagnosis: outcome.diagnosis } : {}),
    ...(result.injected.length > 0 ? { injected: result.injected } : {}),
  };
}

/** `simulate --json`: the simulation, and for a violation the run that found it (replayable). */
export function toSimulationDocument(target: RunTarget, simulation: SimulationResult) {
  const base = {
    ...target,
    strategy: simulation.strategy,
    scheduler: simulation.scheduler,
    firstSeed: simulation.firstSeed,
    runs: simulation.runs,
    maxRuns: simulation.maxRuns,
    endings: simulation.endings,
    ...(simulation.coverage ? { coverage: simulation.coverage } : {}),
    ...(simulation.reached ? { reached: simulation.reached } : {}),
  };
  const { violation } = simulation;
  if (!violation) return { ...base, found: false };
  return { ...base, found: true, run: violation.run, ...toLiveRunDocument(target, violation.result) };
}
