/**
 * Proof records: the committed shape of each configuration's state space, one file per model
 * file (`models/<name>.proof.json` next to `models/<name>.ts`), as the TLA+ Examples
 * repository records TLC's distinct states, total states and depth in each `manifest.json`.
 * `interleave ci` re-proves every configuration and fails when a figure drifts from its record;
 * `interleave ci --update` rewrites the records on purpose.
 *
 * The file is JSON with sorted keys, two-space indentation and a trailing newline, so that a
 * change shows as a small diff. Seconds are not recorded: they differ from run to run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { ConfigurationRun } from './checkModel.ts';
import type { Parameters } from './defineModel.ts';
import { ModelError } from '../system/errors.ts';

/** Bumped when the record's layout changes. */
export const RECORD_FORMAT = 1;

/** One configuration's recorded proof. */
export interface RecordEntry {
  /** `pass` or the kind of violation (never `inconclusive`: nothing is recorded for those). */
  readonly verdict: string;
  /** For a violation: the property violated. */
  readonly property?: string;
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  /** How states were stored, and the reductions that were on: they change the figures. */
  readonly store: string;
  readonly reductions: readonly string[];
  /** The fairness liveness was checked under, when there were liveness properties. */
  readonly fairness?: string;
  /** The configuration hash (`modelHash.ts`): the machines, inputs, properties and parameters. */
  readonly hash: string;
  /** The resolved parameters, for the reader (they are part of the hash). */
  readonly parameters: Parameters;
}

export interface ProofRecord {
  readonly $comment: string;
  readonly format: number;
  readonly model: string;
  readonly configurations: Readonly<Record<string, RecordEntry>>;
}

export const RECORD_COMMENT =
  'Written by `interleave ci --update`; checked by `interleave ci`, which fails when a figure drifts. ' +
  'hash: SHA-256 (16 hex digits) of the configuration\'s resolved parameters and fairness, each actor\'s ' +
  'machine id, input and capacity, each machine\'s configuration and setup() implementations, and the ' +
  'properties, with functions as normalized source, and the local modules the model file imports, without ' +
  'comments and white space (README, "Regression proofs in CI").';

/** The record file of a model file: `models/foo.ts` → `models/foo.proof.json`. */
export function recordPath(modelFile: string): string {
  return join(dirname(modelFile), `${basename(modelFile, extname(modelFile))}.proof.json`);
}

/** The record entry of a run with hash `hash`. */
export function toRecordEntry(run: ConfigurationRun, hash: string): RecordEntry {
  const { verdict, stats, store, reductions, fairness } = run.result;
  return {
    verdict: verdict.kind,
    ...('property' in verdict ? { property: verdict.property } : {}),
    states: stats.states,
    transitions: stats.transitions,
    depth: stats.depth,
    store,
    reductions: [...reductions],
    ...(fairness ? { fairness } : {}),
    hash,
    parameters: run.parameters,
  };
}

/** Reads the record at `path`; `undefined` when there is none. A malformed record is a ModelError. */
export function readProofRecord(path: string): ProofRecord | undefined {
  if (!existsSync(path)) return undefined;
  let record: ProofRecord;
  try {
    record = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ModelError(`proof record '${path}' is not valid JSON (${error instanceof Error ? error.message : error}); fix it, or delete it and run 'interleave ci --update'`, { file: path });
  }
  if (!record || typeof record !== 'object' || !record.configurations || typeof record.configurations !== 'object') {
    throw new ModelError(`proof record '${path}' has no "configurations" object; delete it and run 'interleave ci --update'`, { file: path });
  }
  return record;
}

/** A record as its file holds it: sorted keys, two-space indentation, trailing newline. */
export function formatProofRecord(record: ProofRecord): string {
  return `${JSON.stringify(sortKeys(record), null, 2)}\n`;
}

/** Writes `record` to `path` if its text differs from the file's; returns whether it wrote. */
export function writeProofRecord(path: string, record: ProofRecord): boolean {
  const text = formatProofRecord(record);
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  writeFileSync(path, text);
  return true;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
