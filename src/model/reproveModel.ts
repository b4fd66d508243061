/**
 * Re-proving a model in CI: every configuration is checked against its expected verdict and
 * against the model's proof record (`proofRecord.ts`), as the TLA+ Examples repository re-runs
 * TLC and compares with each spec's recorded state counts. This is what `interleave ci` runs;
 * it returns data and leaves the printing to the command.
 */
import type { Progress } from '../checker/check.ts';
import { ModelError } from '../system/errors.ts';
import { checkConfiguration, type ConfigurationRun } from './checkModel.ts';
import { expectedVerdict, type AnyModel } from './defineModel.ts';
import { hashConfiguration } from './modelHash.ts';
import { readProofRecord, recordPath, RECORD_COMMENT, RECORD_FORMAT, toRecordEntry, writeProofRecord, type RecordEntry } from './proofRecord.ts';
import { compareRecord, describeDrift, explainDrifts, type Drift } from './recordDrift.ts';

/**
 * How one configuration fared, worst first: `unexpected` (the verdict is not the expected
 * one), `drifted` (a figure differs from the record), `unrecorded` (no record to compare with),
 * `inconclusive` (a budget or limit stopped the run: nothing is proven), `proved`.
 */
export type ProofOutcome = 'proved' | 'unexpected' | 'drifted' | 'unrecorded' | 'inconclusive';

export type ConfigurationProof =
  | {
      readonly kind: ProofOutcome;
      readonly config: string;
      readonly run: ConfigurationRun;
      readonly hash: string;
      /** Differences from the record (with `update`: what the update changed). */
      readonly drifts: readonly Drift[];
      /** One line each, `model/config: …`: why this configuration fails CI. */
      readonly problems: readonly string[];
      /** One line each: what changed that is not a failure (a record written by `update`). */
      readonly notes: readonly string[];
    }
  | { readonly kind: 'error'; readonly config: string; readonly message: string };

export type ModelProof =
  | { readonly kind: 'error'; readonly file: string; readonly message: string }
  | {
      readonly kind: 'checked';
      readonly file: string;
      readonly model: AnyModel;
      readonly recordPath: string;
      /** Whether there was no record file at all. */
      readonly recordMissing: boolean;
      readonly configurations: readonly ConfigurationProof[];
      /** Configurations the record holds that the model no longer has (dropped by `update`). */
      readonly stale: readonly string[];
      /** Whether `update` rewrote the record file. */
      readonly written: boolean;
    };

export interface ReproveOptions {
  /** Rewrite the record from this run (only conclusive, expected verdicts are recorded). */
  readonly update?: boolean;
  /** Called before each configuration; what it returns gets the run's progress. */
  readonly progress?: (config: string) => ((progress: Progress) => void) | undefined;
  /** Called after each configuration. */
  readonly done?: () => void;
}

/**
 * Checks every configuration of `model` (loaded from `file`) and compares each with the record
 * next to `file`; with `update`, rewrites that record.
 *
 * @example
 * ```ts
 * const proof = reproveModel(philosophers, 'models/dining-philosophers.ts');
 * proof.kind === 'checked' && proof.configurations.every((c) => c.kind === 'proved');
 * ```
 */
export function reproveModel(model: AnyModel, file: string, options: ReproveOptions = {}): ModelProof {
  const path = recordPath(file);
  let recorded: Readonly<Record<string, RecordEntry>> | undefined;
  let recordMissing = false;
  try {
    recorded = readProofRecord(path)?.configurations;
    recordMissing = recorded === undefined;
  } catch (error) {
    // A malformed record is a model error, unless it is about to be rewritten.
    if (!(error instanceof ModelError) || !options.update) throw error;
  }
  const entries: Record<string, RecordEntry> = {};
  const configurations: ConfigurationProof[] = [];
  for (const config of Object.keys(model.configurations)) {
    const proof = reproveConfiguration(model, config, file, path, recorded?.[config], options);
    configurations.push(proof);
    const previous = recorded?.[config];
    if (proof.kind !== 'error' && isRecordable(proof.run)) entries[config] = toRecordEntry(proof.run, proof.hash);
    else if (previous) entries[config] = previous;
  }
  const stale = Object.keys(recorded ?? {}).filter((config) => !(config in model.configurations));
  const written =
    !!options.update && writeProofRecord(path, { $comment: RECORD_COMMENT, format: RECORD_FORMAT, model: model.name, configurations: entries });
  return { kind: 'checked', file, model, recordPath: path, recordMissing, configurations, stale, written };
}

/** Problems of a model proof that are not about one configuration: stale record entries. */
export function staleProblems(proof: Extract<ModelProof, { kind: 'checked' }>, update: boolean): string[] {
  if (update) return [];
  return proof.stale.map(
    (config) => `${proof.model.name}/${config}: recorded in ${proof.recordPath} but no longer a configuration of the model; run 'interleave ci ${proof.file} --update' to drop it`,
  );
}

/**
 * The exit code of `interleave ci` (design.md, "Outputs"): 2 if a model could not be checked
 * (a model error), else 1 if a verdict differs, a record drifted, is missing or is stale,
 * else 3 if a configuration was inconclusive, else 0.
 */
export function ciExitCode(proofs: readonly ModelProof[], update = false): number {
  const configurations = proofs.flatMap((p) => (p.kind === 'checked' ? p.configurations : []));
  if (proofs.some((p) => p.kind === 'error') || configurations.some((c) => c.kind === 'error')) return 2;
  const failed = configurations.some((c) => c.kind === 'unexpected' || c.kind === 'drifted' || c.kind === 'unrecorded');
  if (failed || proofs.some((p) => p.kind === 'checked' && staleProblems(p, update).length > 0)) return 1;
  if (configurations.some((c) => c.kind === 'inconclusive')) return 3;
  return 0;
}

function reproveConfiguration(
  model: AnyModel,
  config: string,
  file: string,
  path: string,
  recorded: RecordEntry | undefined,
  options: ReproveOptions,
): ConfigurationProof {
  const name = `${model.name}/${config}`;
  let run: ConfigurationRun;
  let hash: string;
  try {
    hash = hashConfiguration(model, config, { file });
    const onProgress = options.progress?.(config);
    run = checkConfiguration(model, config, onProgress ? { onProgress } : {});
  } catch (error) {
    if (error instanceof ModelError) return { kind: 'error', config, message: error.message };
    throw error;
  } finally {
    options.done?.();
  }
  const problems: string[] = [];
  const notes: string[] = [];
  if (run.result.verdict.kind === 'inconclusive') {
    const budget = run.budget ? ` (budget ${Object.entries(run.budget).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')})` : '';
    problems.push(`${name}: inconclusive${budget}: ${run.result.verdict.message}`);
    return { kind: 'inconclusive', config, run, hash, drifts: [], problems, notes };
  }
  if (!run.asExpected) problems.push(`${name}: ${describeMismatch(run)}`);
  const drifts = recorded ? compareRecord(recorded, toRecordEntry(run, hash)) : [];
  if (options.update) {
    if (isRecordable(run) && (!recorded || drifts.length > 0)) {
      notes.push(recorded ? `${name}: record updated: ${drifts.map(describeDrift).join('; ')}` : `${name}: recorded in ${path}`);
    }
    return { kind: run.asExpected ? 'proved' : 'unexpected', config, run, hash, drifts, problems, notes };
  }
  if (!recorded) {
    problems.push(`${name}: not recorded in ${path}; create the record with 'interleave ci ${file} --update', review it and commit it`);
  }
  for (const drift of drifts) problems.push(`${name}: ${describeDrift(drift)}`);
  const why = explainDrifts(drifts);
  if (why) problems.push(`${name}: ${why}; if the change is intended, run 'interleave ci ${file} --update' and commit ${path}`);
  const kind: ProofOutcome = !run.asExpected ? 'unexpected' : drifts.length > 0 ? 'drifted' : recorded ? 'proved' : 'unrecorded';
  return { kind, config, run, hash, drifts, problems, notes };
}

/** Only conclusive, expected verdicts go into a record: a record is a proof, not a log. */
function isRecordable(run: ConfigurationRun): boolean {
  return run.asExpected && run.result.verdict.kind !== 'inconclusive';
}

/** `expected deadlock, found pass (every property holds in 18,951 states)`. */
function describeMismatch(run: ConfigurationRun): string {
  const { verdict, stats } = run.result;
  const expected = expectedVerdict(run.expected);
  const expectedProperty = typeof run.expected === 'object' && run.expected.property ? ` '${run.expected.property}'` : '';
  const found =
    verdict.kind === 'pass'
      ? `pass (every property holds in ${stats.states.toLocaleString('en-US')} states)`
      : verdict.kind === 'inconclusive'
        ? 'inconclusive'
        : verdict.kind === 'unreachable'
          ? `unreachable '${verdict.property}'`
          : `${verdict.kind}${verdict.property !== verdict.kind ? ` '${verdict.property}'` : ''}: ${verdict.diagnosis.summary}`;
  return `expected ${expected}${expectedProperty}, found ${found}`;
}
