/**
 * `interleave ci --json`: an array with one document per configuration — the `check --json`
 * document (`json.ts`) plus what CI adds: the model file, its record, the configuration hash,
 * the outcome, the drifts from the record and the problems. A model file that could not be
 * loaded is one document `{ file, outcome: 'error', problems }`; a configuration the record
 * holds but the model no longer has is `{ file, model, config, outcome: 'stale', problems }`.
 * Fields are only ever added.
 */
import type { Drift } from '../model/recordDrift.ts';
import type { ModelProof } from '../model/reproveModel.ts';
import { staleProblems } from '../model/reproveModel.ts';
import { toRunDocument, type RunDocument } from './json.ts';

export interface CiDocument extends Partial<RunDocument> {
  readonly file: string;
  /** The proof record compared with (and written by `--update`). */
  readonly record?: string;
  readonly hash?: string;
  /** `proved`, `unexpected`, `drifted`, `unrecorded`, `inconclusive`, `error` or `stale`. */
  readonly outcome: string;
  readonly drifts?: readonly Drift[];
  /** Why this configuration fails CI, one line each; empty when it passes. */
  readonly problems: readonly string[];
}

/** The `ci --json` array for `proofs`, in the order the files and configurations were checked. */
export function toCiDocuments(proofs: readonly ModelProof[], update = false): CiDocument[] {
  return proofs.flatMap((proof): CiDocument[] => {
    if (proof.kind === 'error') return [{ file: proof.file, outcome: 'error', problems: [proof.message] }];
    const { file, recordPath: record } = proof;
    const documents: CiDocument[] = proof.configurations.map((c) => {
      if (c.kind === 'error') return { file, record, model: proof.model.name, config: c.config, outcome: 'error', problems: [c.message] };
      return { ...toRunDocument(c.run), file, record, hash: c.hash, outcome: c.kind, drifts: c.drifts, problems: c.problems };
    });
    const stale = staleProblems(proof, update);
    proof.stale.forEach((config, i) => {
      if (stale[i]) documents.push({ file, record, model: proof.model.name, config, outcome: 'stale', problems: [stale[i]!] });
    });
    return documents;
  });
}
