/**
 * What `interleave ci` prints: one table row per configuration (expected verdict, verdict,
 * figures, result), then every problem on its own line, then the report of each configuration
 * whose verdict is not the expected one (trace and diagnosis), then a one-line summary.
 */
import type { ConfigurationProof, ModelProof } from '../model/reproveModel.ts';
import { staleProblems } from '../model/reproveModel.ts';
import { expectedVerdict } from '../model/defineModel.ts';
import { formatRun } from './text.ts';

/** The table column `result` for each outcome. */
const RESULT: Record<ConfigurationProof['kind'], string> = {
  proved: 'ok',
  unexpected: 'MISMATCH',
  drifted: 'DRIFT',
  unrecorded: 'UNRECORDED',
  inconclusive: 'INCONCLUSIVE',
  error: 'ERROR',
};

/** The whole stdout of `interleave ci` (without `--json`). */
export function formatCi(proofs: readonly ModelProof[], update = false): string {
  const lines = [formatTable(proofs)];
  const problems = ciProblems(proofs, update);
  const notes = proofs.flatMap((p) => (p.kind === 'checked' ? p.configurations.flatMap((c) => (c.kind === 'error' ? [] : c.notes)) : []));
  if (notes.length > 0) lines.push('', ...notes);
  for (const p of proofs) if (p.kind === 'checked' && p.written) lines.push(`wrote ${p.recordPath}`);
  if (problems.length > 0) lines.push('', ...problems);
  for (const proof of proofs) {
    if (proof.kind !== 'checked') continue;
    for (const c of proof.configurations) if (c.kind === 'unexpected') lines.push('', formatRun(c.run));
  }
  lines.push('', summaryLine(proofs, problems.length, update));
  return lines.join('\n');
}

/**
 * Every reason the run fails, one line each, prefixed `model/config:` (or the file). A model
 * without any record gets one line instead of one per configuration.
 */
export function ciProblems(proofs: readonly ModelProof[], update = false): string[] {
  return placedProblems(proofs, update).map((problem) => problem.text);
}

/** A reason the run fails, with the model file and, when it is one configuration's, that configuration. */
export interface PlacedProblem {
  readonly file: string;
  readonly config?: string;
  readonly text: string;
}

/** {@link ciProblems}, each with where it belongs. */
export function placedProblems(proofs: readonly ModelProof[], update = false): PlacedProblem[] {
  return proofs.flatMap((proof): PlacedProblem[] => {
    const { file } = proof;
    if (proof.kind === 'error') return [{ file, text: `${file}: ${proof.message}` }];
    const unrecorded = proof.configurations.filter((c) => c.kind === 'unrecorded').length;
    const collapse = proof.recordMissing && unrecorded > 1;
    const own = proof.configurations.flatMap((c) => {
      const texts = c.kind === 'error' ? [`${proof.model.name}/${c.config}: ${c.message}`] : collapse && c.kind === 'unrecorded' ? [] : c.problems;
      return texts.map((text) => ({ file, config: c.config, text }));
    });
    const missing = collapse
      ? [{ file, text: `${file}: no proof record (${unrecorded} configurations unrecorded); create ${proof.recordPath} with 'interleave ci ${file} --update', review it and commit it` }]
      : [];
    return [...missing, ...own, ...staleProblems(proof, update).map((text) => ({ file, text }))];
  });
}

/** The failure text of one configuration: its problems, then its report (trace and diagnosis). */
export function describeConfigurationFailure(proof: ConfigurationProof): string {
  if (proof.kind === 'error') return proof.message;
  return [...proof.problems, '', formatRun(proof.run)].join('\n');
}

function summaryLine(proofs: readonly ModelProof[], problems: number, update: boolean): string {
  const configurations = proofs.flatMap((p) => (p.kind === 'checked' ? p.configurations : []));
  const count = (kind: ConfigurationProof['kind']) => configurations.filter((c) => c.kind === kind).length;
  const errors = proofs.filter((p) => p.kind === 'error').length + count('error');
  if (problems === 0) return `all ${configurations.length} configurations proved as expected${update ? '; records up to date' : ' and as recorded'}`;
  const parts = [
    [errors, 'model error'],
    [count('unexpected'), 'verdict differs', 'verdicts differ'],
    [count('drifted'), 'record drifted', 'records drifted'],
    [count('unrecorded'), 'not recorded', 'not recorded'],
    [count('inconclusive'), 'inconclusive', 'inconclusive'],
  ] as const;
  const said = parts
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => `${n} ${n === 1 ? one : (many ?? `${one}s`)}`);
  const stale = proofs.reduce((sum, p) => sum + (p.kind === 'checked' ? staleProblems(p, update).length : 0), 0);
  if (stale > 0) said.push(`${stale} stale record entr${stale === 1 ? 'y' : 'ies'}`);
  return `FAILED: ${said.join(', ')} (of ${configurations.length} configurations)`;
}

function formatTable(proofs: readonly ModelProof[]): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const rows: string[][] = [];
  for (const proof of proofs) {
    if (proof.kind === 'error') {
      rows.push([proof.file, '', '', '', '', '', '', '', '', RESULT.error]);
      continue;
    }
    for (const c of proof.configurations) {
      if (c.kind === 'error') {
        const expected = proof.model.configurations[c.config]?.expect;
        rows.push([proof.model.name, c.config, expected ? expectedVerdict(expected) : '', '', '', '', '', '', '', RESULT.error]);
        continue;
      }
      const { verdict, stats } = c.run.result;
      const property = 'property' in verdict && verdict.property !== verdict.kind ? ` (${verdict.property})` : '';
      rows.push([
        proof.model.name,
        c.config,
        expectedVerdict(c.run.expected),
        verdict.kind + property,
        n(stats.states),
        n(stats.transitions),
        String(stats.depth),
        stats.seconds.toFixed(2),
        n(stats.statesPerSecond),
        RESULT[c.kind],
      ]);
    }
  }
  const header = ['model', 'config', 'expected', 'verdict', 'states', 'transitions', 'depth', 'seconds', 'states/s', 'result'];
  const numeric = new Set([4, 5, 6, 7, 8]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
