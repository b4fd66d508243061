/**
 * `interleave ci [paths or globs]` (default `models`): regression proofs. Checks every
 * configuration of every model found against its expected verdict and against the model's
 * proof record (`models/<name>.proof.json`), prints a table and every problem, and fails when
 * a verdict differs or a record drifted (README, "Regression proofs in CI"). `--update`
 * rewrites the records on purpose; `--junit FILE`, `--json` and `--summary FILE` are for CI
 * services. Exit codes: 2 a model error, else 1 a verdict differs or a record drifted, is
 * missing or stale, else 3 a configuration was inconclusive, else 0.
 */
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadModel } from '../../model/loadModel.ts';
import { ciExitCode, reproveModel, type ModelProof } from '../../model/reproveModel.ts';
import { toCiDocuments } from '../../report/ciJson.ts';
import { createCiSummary } from '../../report/ciSummary.ts';
import { formatCi, placedProblems } from '../../report/ciText.ts';
import { githubAnnotations } from '../../report/githubAnnotations.ts';
import { createJUnitReport } from '../../report/junit.ts';
import { ModelError } from '../../system/errors.ts';
import { parseArgs, UsageError, type OptionSpec } from '../args.ts';
import type { CommandHelp } from '../help.ts';
import { findModelFiles } from '../modelFiles.ts';
import { progressPrinter, type Output } from '../output.ts';

const OPTIONS = {
  update: { kind: 'flag', help: 'rewrite the proof records on purpose (review and commit them)' },
  junit: { kind: 'value', value: 'FILE', help: 'write a JUnit XML report to FILE' },
  json: { kind: 'flag', help: 'print an array of JSON documents, one per configuration, instead of the table' },
  summary: { kind: 'value', value: 'FILE', help: 'append a Markdown summary to FILE (e.g. $GITHUB_STEP_SUMMARY)' },
} as const satisfies Record<string, OptionSpec>;

export const ciHelp: CommandHelp = {
  synopsis: [
    'interleave ci [model files, directories or globs ...]   (default: models)',
    '              [--update] [--junit FILE] [--json] [--summary FILE]',
  ],
  summary:
    "Regression proofs: checks every configuration of every model found against its expected verdict and against the model's proof record (<name>.proof.json), and fails when a verdict differs or a record drifted.",
  options: OPTIONS,
};

/** Runs `interleave ci` with the arguments after `ci`; returns the exit code. */
export async function runCi(argv: string[], out: Output): Promise<number> {
  const args = parseArgs(argv, OPTIONS);
  const update = args.flags.has('update');
  const files = findModelFiles(args.positionals.length > 0 ? args.positionals : ['models']);
  const junit = args.values.get('junit');
  const summary = args.values.get('summary');
  // Checked before the long part, so that a bad path fails in a second, not after the proofs.
  if (junit !== undefined) writable(junit, '--junit', () => writeFileSync(junit, ''));
  if (summary !== undefined) writable(summary, '--summary', () => appendFileSync(summary, ''));

  const proofs: ModelProof[] = [];
  for (const file of files) proofs.push(await reproveFile(file, update, out));

  if (args.flags.has('json')) out.stdout(JSON.stringify(toCiDocuments(proofs, update), null, 2));
  else out.stdout(formatCi(proofs, update));
  // In GitHub Actions, each problem also becomes an annotation on its model file.
  if (process.env.GITHUB_ACTIONS === 'true' && !args.flags.has('json')) {
    for (const command of githubAnnotations(placedProblems(proofs, update), readable)) out.stdout(command);
  }
  if (junit !== undefined) {
    writeFileSync(junit, createJUnitReport(proofs, update));
    out.stderr(`junit: ${junit}`);
  }
  if (summary !== undefined) appendFileSync(summary, createCiSummary(proofs, update));
  return ciExitCode(proofs, update);
}

/** Loads and re-proves one model file; a model error becomes an error proof, so that the other files still run. */
async function reproveFile(file: string, update: boolean, out: Output): Promise<ModelProof> {
  try {
    const model = await loadModel(file);
    return reproveModel(model, file, {
      update,
      progress: (config) => progressPrinter(out, `${model.name}/${config}`),
      done: () => out.endProgress(),
    });
  } catch (error) {
    if (error instanceof ModelError) return { kind: 'error', file, message: error.message };
    throw error;
  }
}

function readable(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function writable(file: string, option: string, touch: () => void): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    touch();
  } catch (error) {
    throw new UsageError(`${option} ${file}: cannot write there (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}
