/**
 * A Markdown summary for a CI job (GitHub renders it in the job's summary page, Mermaid
 * included): a table of verdicts, the `reachable` properties each run reached (evidence that a
 * pass is not vacuous), then for each counterexample its diagnosis and its Mermaid sequence
 * diagram; with coverage, what each configuration reached.
 *
 * @example
 * ```ts
 * appendFileSync(process.env.GITHUB_STEP_SUMMARY!, createSummary(runs, (run) => model.system(run.parameters)));
 * ```
 */
import type { ConfigurationRun } from '../model/checkModel.ts';
import { expectedVerdict } from '../model/defineModel.ts';
import type { System } from '../system/defineSystem.ts';
import { compileSystem } from '../system/step.ts';
import { sequenceToMermaid } from './mermaid.ts';
import { replayTrace } from './replay.ts';
import { createSequenceDiagram } from './sequence.ts';
import { formatCoverage } from './text.ts';

/**
 * The summary of `runs`. `systemOf` gives the system a run checked, to replay its trace for
 * the diagram; without it, counterexamples get their diagnosis only.
 */
export function createSummary(runs: readonly ConfigurationRun[], systemOf?: (run: ConfigurationRun) => System): string {
  const models = [...new Set(runs.map((r) => r.model))];
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `### interleave: ${models.join(', ')}`,
    '',
    '| model | config | expected | verdict | states | transitions | depth | seconds | result |',
    '|---|---|---|---|--:|--:|--:|--:|---|',
  ];
  for (const run of runs) {
    const { verdict, stats } = run.result;
    const mark = verdict.kind === 'pass' ? '✓' : verdict.kind === 'inconclusive' ? '?' : '✗';
    const found = verdict.kind === 'invariant' || verdict.kind === 'unreachable' ? `${verdict.kind} \`${verdict.property}\`` : verdict.kind;
    const cells = [
      run.model,
      run.config,
      expectedVerdict(run.expected),
      `${mark} ${found}`,
      n(stats.states),
      n(stats.transitions),
      String(stats.depth),
      stats.seconds.toFixed(2),
      run.asExpected ? 'as expected' : '**differs**',
    ];
    lines.push(`| ${cells.map(cell).join(' | ')} |`);
  }
  const reached = runs.filter((run) => Object.keys(run.result.examples ?? {}).length > 0);
  if (reached.length > 0) lines.push('', 'Reached:', '');
  for (const run of reached) {
    const examples = Object.entries(run.result.examples!).map(([name, trace]) => `\`${name}\` after ${n(trace.steps.length)} steps`);
    lines.push(`- ${run.model} / ${run.config}: ${examples.join(', ')}`);
  }
  for (const run of runs) {
    const { verdict } = run.result;
    if (verdict.kind === 'pass') continue;
    lines.push('', `#### ${verdict.kind === 'inconclusive' ? '?' : '✗'} ${run.model} / ${run.config}: ${verdict.kind}`, '');
    if (verdict.kind === 'inconclusive' || verdict.kind === 'unreachable') {
      lines.push(verdict.message);
      continue;
    }
    lines.push(verdict.diagnosis.summary);
    if (systemOf) {
      const system = systemOf(run);
      const capacities = Object.fromEntries(system.actors.map((a) => [a.name, a.capacity]));
      const diagram = createSequenceDiagram(verdict, replayTrace(compileSystem(system), verdict.trace), { capacities });
      lines.push('', '```mermaid', sequenceToMermaid(diagram), '```');
    }
    lines.push('', `Replay path: \`${verdict.trace.steps.map((s) => s.index).join(',') || '(initial state)'}\``);
  }
  for (const run of runs) {
    if (run.result.coverage) lines.push('', `#### Coverage: ${run.model} / ${run.config}`, '', '```text', ...formatCoverage(run.result.coverage), '```');
  }
  return `${lines.join('\n')}\n\n`;
}

/** A table cell: pipes escaped, one line. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}
