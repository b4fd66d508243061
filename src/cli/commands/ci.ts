/**
 * `interleave ci [paths]`: checks every configuration of every model found against its
 * expected verdict and prints a table — the project's main job (`npm start`). Exit code 0 when
 * every verdict is the expected one, 1 otherwise.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkConfiguration, type ConfigurationRun } from '../../model/checkModel.ts';
import { expectedVerdict } from '../../model/defineModel.ts';
import { loadModel } from '../../model/loadModel.ts';
import { ModelError } from '../../system/errors.ts';
import { toRunDocument } from '../../report/json.ts';
import { parseArgs } from '../args.ts';
import { progressPrinter, type Output } from '../output.ts';
import { inFile } from './common.ts';

const MODEL_FILE = /\.(ts|mts|js|mjs)$/;

export async function runCi(argv: string[], out: Output): Promise<number> {
  const args = parseArgs(argv, { json: { kind: 'flag' } });
  const paths = args.positionals.length > 0 ? args.positionals : ['models'];
  const files = paths.flatMap(findModelFiles);
  if (files.length === 0) throw new ModelError(`no model files found in ${paths.join(', ')}`);
  const runs: ConfigurationRun[] = [];
  for (const file of files) {
    const model = await loadModel(file);
    for (const config of Object.keys(model.configurations)) {
      const onProgress = progressPrinter(out, `${model.name}/${config}`);
      runs.push(inFile(file, () => checkConfiguration(model, config, { onProgress })));
      out.endProgress();
    }
  }
  if (args.flags.has('json')) out.stdout(JSON.stringify(runs.map(toRunDocument), null, 2));
  else out.stdout(formatTable(runs));
  return runs.every((r) => r.asExpected) ? 0 : 1;
}

/** Model files under `path` (a file, or a directory searched recursively). */
export function findModelFiles(path: string): string[] {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new ModelError(`cannot find '${path}'`, { file: path });
  }
  if (!stats.isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.') && !entry.name.startsWith('_') && entry.name !== 'node_modules')
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return findModelFiles(child);
      return MODEL_FILE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [relative('.', child) || child] : [];
    });
}

function formatTable(runs: readonly ConfigurationRun[]): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const rows = runs.map((r) => {
    const s = r.result.stats;
    const property = 'property' in r.result.verdict && r.result.verdict.kind === 'invariant' ? ` (${r.result.verdict.property})` : '';
    return [
      r.model,
      r.config,
      expectedVerdict(r.expected),
      r.result.verdict.kind + property,
      n(s.states),
      n(s.transitions),
      String(s.depth),
      s.seconds.toFixed(2),
      n(s.statesPerSecond),
      r.asExpected ? 'ok' : 'MISMATCH',
    ];
  });
  const header = ['model', 'config', 'expected', 'verdict', 'states', 'transitions', 'depth', 'seconds', 'states/s', 'result'];
  const numeric = new Set([4, 5, 6, 7, 8]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const mismatches = runs.filter((r) => !r.asExpected).length;
  const summary = mismatches === 0 ? `all ${runs.length} verdicts as expected` : `${mismatches} of ${runs.length} verdicts differ from the expected ones`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', summary].join('\n');
}
