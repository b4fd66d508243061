/**
 * The `--json` document of one configuration run: a stable, machine-readable contract
 * (documented in README.md, "JSON output"). Fields are only ever added, never renamed.
 */
import type { Coverage } from '../checker/coverage.ts';
import type { Diagnosis, Stats, Trace } from '../checker/result.ts';
import type { ConfigurationRun } from '../model/checkModel.ts';
import { expectedProperty, expectedVerdict, type Parameters } from '../model/defineModel.ts';

export interface RunDocument {
  readonly model: string;
  readonly config: string;
  readonly parameters: Parameters;
  /** The model file as given on the command line (`check`): `interleave replay` loads it. */
  readonly modelFile?: string;
  readonly verdict: string;
  /** For violations: the property violated (an invariant's name, or the built-in check). */
  readonly property?: string;
  readonly expected: { readonly verdict: string; readonly property?: string };
  readonly asExpected: boolean;
  readonly stats: Stats;
  readonly store: string;
  /** For the fingerprint store: a bound on the chance that a collision hid states. */
  readonly collisionProbability?: number;
  readonly reductions: readonly string[];
  /** When liveness properties were checked: the fairness assumed. */
  readonly fairness?: string;
  readonly warnings: readonly string[];
  /** For a violation of a `forEach` property: the item it fails for. */
  readonly item?: unknown;
  /** For violations: the steps from the initial state. */
  readonly trace?: Trace;
  /** For violations: the step indices to replay the trace. */
  readonly path?: readonly number[];
  readonly diagnosis?: Diagnosis;
  /** For inconclusive and unreachable runs: what was explored (and why it stopped). */
  readonly message?: string;
  /** For inconclusive runs: the limit that stopped it (`max-states`, `max-seconds`, `max-local-states` or `max-memory`). */
  readonly reason?: string;
  /** For each `reachable` property reached: the shortest path found to a state that satisfies it. */
  readonly examples?: Readonly<Record<string, Trace>>;
  /** With `--coverage`: the state nodes and event transitions of each machine the search reached. */
  readonly coverage?: Coverage;
}

export function toRunDocument(run: ConfigurationRun, where: { modelFile?: string } = {}): RunDocument {
  const { verdict, stats, store, reductions, fairness, warnings, collisionProbability, coverage, examples } = run.result;
  const property = expectedProperty(run.expected);
  const base = {
    model: run.model,
    config: run.config,
    parameters: run.parameters,
    ...(where.modelFile !== undefined ? { modelFile: where.modelFile } : {}),
    verdict: verdict.kind,
    expected: { verdict: expectedVerdict(run.expected), ...(property ? { property } : {}) },
    asExpected: run.asExpected,
    stats,
    store,
    ...(collisionProbability === undefined ? {} : { collisionProbability }),
    reductions,
    ...(fairness ? { fairness } : {}),
    warnings,
    ...(coverage ? { coverage } : {}),
    ...(examples ? { examples } : {}),
  };
  if (verdict.kind === 'pass') return base;
  if (verdict.kind === 'inconclusive') return { ...base, reason: verdict.reason, message: verdict.message };
  if (verdict.kind === 'unreachable') return { ...base, property: verdict.property, message: verdict.message };
  return {
    ...base,
    property: verdict.property,
    ...(verdict.item === undefined ? {} : { item: verdict.item }),
    trace: verdict.trace,
    path: verdict.trace.steps.map((s) => s.index),
    diagnosis: verdict.diagnosis,
  };
}
