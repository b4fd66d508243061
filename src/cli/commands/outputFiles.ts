/**
 * Files the commands write besides their stdout: `check --report DIR` (one HTML report per
 * configuration), `check --summary FILE` (Markdown for a CI job summary) and `viz --out DIR`.
 * Where they go is checked before any work starts, so that a bad path fails fast with exit
 * code 2 instead of after a long check.
 */
import { accessSync, appendFileSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConfigurationRun } from '../../model/checkModel.ts';
import type { AnyModel } from '../../model/defineModel.ts';
import { createHtmlReport } from '../../report/html.ts';
import { createSummary } from '../../report/summary.ts';
import { UsageError } from '../args.ts';
import type { Output } from '../output.ts';

/** Creates `dir` if needed and checks that files can be written in it; a UsageError otherwise. */
export function prepareDirectory(dir: string, option: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory()) throw new Error('it is not a directory');
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new UsageError(`${option} ${dir}: cannot write there (${reason(error)})`);
  }
}

/** Checks that `file` can be created or appended to; a UsageError otherwise. */
export function prepareFile(file: string, option: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, '');
  } catch (error) {
    throw new UsageError(`${option} ${file}: cannot write there (${reason(error)})`);
  }
}

/** A file name made of the model's and configuration's names: `dining-philosophers.circular.html`. */
export function reportFileName(run: ConfigurationRun): string {
  return `${safeName(run.model)}.${safeName(run.config)}.html`;
}

/**
 * Writes what `--report` and `--summary` ask for, after the runs. The summary is appended, as
 * GitHub's `$GITHUB_STEP_SUMMARY` expects. Tells on stderr where the reports went.
 */
export async function writeRunOutputs(
  model: AnyModel,
  file: string,
  runs: readonly ConfigurationRun[],
  targets: { report?: string | undefined; summary?: string | undefined; example?: string | undefined },
  out: Output,
): Promise<void> {
  if (targets.report !== undefined) {
    for (const run of runs) {
      const path = join(targets.report, reportFileName(run));
      const command = `interleave check ${file} --config ${run.config}${setOptions(model, run)}`;
      const example = targets.example !== undefined ? { example: targets.example } : {};
      writeFileSync(path, await createHtmlReport(run, model.system(run.parameters), { command, ...example }));
      out.stderr(`report: ${path}`);
    }
  }
  if (targets.summary !== undefined) {
    appendFileSync(targets.summary, createSummary(runs, (run) => model.system(run.parameters)));
  }
}

/** `--set` options for the parameters that differ from the configuration's own. */
function setOptions(model: AnyModel, run: ConfigurationRun): string {
  const own = { ...model.parameters, ...(model.configurations[run.config]?.parameters ?? {}) };
  return Object.entries(run.parameters)
    .filter(([key, value]) => own[key] !== value)
    .map(([key, value]) => ` --set ${key}=${value}`)
    .join('');
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ?? (error instanceof Error ? error.message : String(error));
}
