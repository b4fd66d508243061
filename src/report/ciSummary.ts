/**
 * The Markdown summary of a `ci` run (`interleave ci --summary FILE`, e.g. GitHub's
 * `$GITHUB_STEP_SUMMARY`): the verdict table with each counterexample's diagnosis and sequence
 * diagram (`summary.ts`), then what CI adds — the records that drifted, are missing or stale,
 * the inconclusive runs and the model errors.
 */
import type { ModelProof } from '../model/reproveModel.ts';
import { ciProblems } from './ciText.ts';
import { createSummary } from './summary.ts';

/** The Markdown to append to a CI job's summary for `proofs` (`update`: the run rewrote the records). */
export function createCiSummary(proofs: readonly ModelProof[], update = false): string {
  const checked = proofs.flatMap((p) => (p.kind === 'checked' ? [p] : []));
  const runs = checked.flatMap((p) => p.configurations.flatMap((c) => (c.kind === 'error' ? [] : [{ run: c.run, model: p.model }])));
  const modelOf = new Map(runs.map(({ run, model }) => [run, model]));
  const table = runs.length > 0 ? createSummary(runs.map((r) => r.run), (run) => modelOf.get(run)!.system(run.parameters)) : '### interleave\n\n';
  const problems = ciProblems(proofs, update);
  const records = checked.map((p) => `\`${p.recordPath}\``).join(', ');
  const lines = ['#### Proof records', ''];
  if (problems.length === 0) lines.push(`✓ Every configuration is proved as expected${update ? '; records written' : ` and matches its record (${records})`}.`);
  else lines.push(`✗ ${problems.length} problem${problems.length === 1 ? '' : 's'}:`, '', ...problems.map((p) => `- ${p.replace(/\s+/g, ' ')}`));
  return `${table}${lines.join('\n')}\n\n`;
}
