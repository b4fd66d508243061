/**
 * Human-readable reports of the live runtime (`run`, `simulate`, `replay`), in the checker's
 * formats: the driver log of `--log`, the trace lines of `formatTrace`, the diagnosis with its
 * numbered hints (style.md §4: headline with replay coordinates, details, hints).
 */
import type { TraceStep } from '../checker/result.ts';
import type { StepLabel, ReplayResult } from '../runtime/replay.ts';
import type { RunOutcome, RunResult } from '../runtime/runSystem.ts';
import type { SimulationResult } from '../runtime/simulate.ts';
import { describeStep, formatCoverage, formatDiagnosis, formatDriverLog, formatEvent, indent } from './text.ts';

/** What was run: `model / config (k=v …)`. */
export function describeTarget(model: string, config: string, parameters: Readonly<Record<string, unknown>>): string {
  const set = Object.entries(parameters)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `${model} / ${config}${set ? ` (${set})` : ''}`;
}

/** The lines one live step prints: its driver-log lines, or with `verbose` the step itself first. */
export function formatLiveStep(step: TraceStep, number: number, options: { verbose?: boolean; width?: number } = {}): string[] {
  const log = formatDriverLog({ initial: [], steps: [step] });
  if (!options.verbose) return log;
  const head = `${String(number).padStart(4)}  ${step.actor.padEnd(options.width ?? 0)}  ${describeStep(step)}`;
  // Verbose: the unhandled/overflow line is the step line itself.
  return [head, ...log.filter((line) => !line.startsWith(describeStep(step))).map((line) => `        ${line}`)];
}

/** The headline of a finished run. */
export function formatRunHeadline(result: RunResult, target: string): string {
  const how = `seed ${result.seed}, ${result.scheduler}, ${result.time} time ${formatMs(result.elapsed)}`;
  return `${outcomeMark(result.outcome)} ${describeOutcome(result.outcome)} after ${plural(result.path.length, 'step')}: ${target} (${how})`;
}

/** The whole end of a run report: headline, diagnosis, replay path, and how to repeat it. */
export function formatRunEnd(result: RunResult, target: string, repeat: string): string[] {
  const lines = [formatRunHeadline(result, target)];
  const { outcome } = result;
  if ('diagnosis' in outcome) lines.push('', ...formatDiagnosis(outcome.diagnosis));
  if (outcome.kind === 'steps-limit') lines.push('', indent(`The run was still going after ${plural(outcome.limit, 'step')}; nothing was violated so far. Raise the limit with --steps N.`));
  if (result.injected.length > 0) lines.push('', indent(`${plural(result.injected.length, 'message')} came from outside the system (LiveActor.send): the path alone does not replay this run.`));
  lines.push('', `Replay path: ${result.path.join(',') || '(initial state)'}`, `Run it again: ${repeat}`);
  return lines;
}

/** `valid end`, `deadlock (a wait-for cycle; other actors were still running)`, `invariant 'x' violated`, … */
export function describeOutcome(outcome: RunOutcome): string {
  switch (outcome.kind) {
    case 'valid-end':
      return 'valid end';
    case 'steps-limit':
      return 'steps limit reached';
    case 'stopped':
      return `stopped (${outcome.reason})`;
    case 'invariant': {
      const item = outcome.item === undefined ? '' : ` for ${JSON.stringify(outcome.item)}`;
      return `invariant '${outcome.property}' violated${item}`;
    }
    case 'deadlock':
      return outcome.partial ? 'deadlock (a wait-for cycle of blocked actors; other actors could still step)' : 'deadlock';
    default:
      return outcome.kind;
  }
}

function outcomeMark(outcome: RunOutcome): string {
  return 'diagnosis' in outcome ? '✗' : outcome.kind === 'valid-end' ? '✓' : '·';
}

/** The report of a simulation: the violation found (with its driver log and diagnosis), or how many runs found none. */
export function formatSimulation(simulation: SimulationResult, target: string, repeat: (seed: number) => string): string {
  const { violation } = simulation;
  const reached = [
    ...formatReachedInRuns(simulation),
    ...(simulation.coverage ? ['', ...formatCoverage(simulation.coverage, `what ${plural(simulation.runs, 'run')} reached`)] : []),
  ];
  if (!violation) {
    const last = simulation.firstSeed + simulation.runs - 1;
    const endings = Object.entries(simulation.endings)
      .map(([kind, n]) => `${n} ${kind === 'valid-end' ? 'ended in a valid end state' : kind === 'steps-limit' ? 'reached the steps limit' : kind}`)
      .join(', ');
    return [
      `✓ no violation in ${plural(simulation.runs, 'run')}: ${target} (seeds ${simulation.firstSeed}–${last}, ${simulation.scheduler}); ${endings}.`,
      indent('A simulation samples schedules and proves nothing; interleave check explores them all.'),
      ...reached,
    ].join('\n');
  }
  const { result } = violation;
  const lines = [
    `✗ ${describeOutcome(result.outcome)} found by run ${violation.run} of at most ${simulation.maxRuns}: ${target} (seed ${violation.seed}, ${simulation.scheduler})`,
    '',
    `Driver log (run ${violation.run}, ${plural(result.path.length, 'step')}):`,
    ...formatDriverLog(result.trace),
  ];
  if ('diagnosis' in result.outcome) lines.push('', ...formatDiagnosis(result.outcome.diagnosis));
  lines.push('', `Replay path: ${result.path.join(',') || '(initial state)'}`, `Repeat this run alone: ${repeat(violation.seed)}`, ...reached);
  return lines.join('\n');
}

/** Which `reachable` properties the runs reached (P's scenario coverage): the first run and step, or that none did. */
function formatReachedInRuns(simulation: SimulationResult): string[] {
  const entries = Object.entries(simulation.reached ?? {});
  if (entries.length === 0) return [];
  return [
    '',
    `Reachable properties (in ${plural(simulation.runs, 'run')}):`,
    ...entries.map(([name, first]) =>
      first ? `  ${name}: reached by run ${first.run} (seed ${first.seed}) after ${plural(first.step, 'step')}` : `  ${name}: not reached by any run (interleave check explores every schedule)`,
    ),
  ];
}

/** The report of a replay: confirmed, or the first step where it diverged and its likely causes. */
export function formatReplay(replayed: ReplayResult, target: string, total: number): string {
  const { run, divergence } = replayed;
  if (!divergence) {
    const { outcome } = run;
    const cycle = outcome.kind === 'deadlock' && outcome.diagnosis.cycle.length > 0 ? `, wait-for cycle ${outcome.diagnosis.cycle.join(' → ')}` : '';
    return `✓ replayed: ${target}: all ${plural(total, 'step')} as the trace says, the same final state, and ${describeOutcome(outcome)}${cycle} at the end`;
  }
  const lines = [`✗ replay diverged at ${divergence.step === 0 ? 'the initial state' : `step ${divergence.step} of ${total}`}: ${target}`];
  switch (divergence.kind) {
    case 'initial-state':
    case 'final-state':
      lines.push(`  ${divergence.kind === 'initial-state' ? 'The actors start' : 'The replay ends'} in other states than the trace says:`);
      for (const d of divergence.actors) {
        const state = d.expected.label === d.found.label ? `in ${d.found.label}` : `the trace has ${d.expected.label}, the replay ${d.found.label}`;
        lines.push(`    ${d.actor}: ${state}`, ...contextDifferences(d.expected.context, d.found.context).map((line) => `      ${line}`));
      }
      break;
    case 'no-such-step':
    case 'other-step':
      lines.push(`  The trace says:  index ${divergence.index}: ${divergence.expected ? describeAction(divergence.expected) : '(no step recorded)'}`);
      lines.push(`  The runtime has: index ${divergence.index}: ${divergence.kind === 'other-step' ? describeAction(divergence.found) : `no such step (${plural(divergence.enabled.length, 'step is', 'steps are')} enabled)`}`);
      lines.push('  Steps enabled there:', ...divergence.enabled.map((s) => `    ${String(s.index).padStart(3)}  ${describeAction(s)}`));
      break;
    case 'other-result':
      lines.push(`  Step ${divergence.step}, ${divergence.found.actor} ${divergence.found.kind === 'choose' ? 'choosing' : 'taking'} ${formatEvent(divergence.found.event)}, differs in ${divergence.fields.join(', ')}:`);
      lines.push(`    the trace has:  ${describeStep(divergence.expected)}`);
      lines.push(`    the replay has: ${describeStep(divergence.found)}`);
      if (divergence.fields.includes('state')) lines.push(...contextDifferences(divergence.expected.state.context, divergence.found.state.context).map((d) => `    ${d}`));
      break;
    case 'stopped-early':
      lines.push(`  The runtime stopped after step ${divergence.step}: ${describeOutcome(divergence.outcome)}, but the trace goes on.`);
      if ('diagnosis' in divergence.outcome) lines.push(indent(divergence.outcome.diagnosis.summary));
      break;
    case 'verdict':
      lines.push(`  Every step replayed and the final state is the trace's, but ${divergence.detail}.`);
      break;
  }
  lines.push(
    '',
    'Hints:',
    '  1. The model changed since the trace was written: check it again and replay the new trace.',
    '  2. The model is not deterministic: a guard or action reads something besides its context and event (the clock, Math.random, a variable outside the machine), so the same step leads elsewhere.',
    '  3. The trace was edited, or it belongs to other parameters or another configuration.',
  );
  return lines.join('\n');
}

function describeAction(step: StepLabel): string {
  return `${step.actor} ${step.kind === 'choose' ? 'chooses' : 'takes'} ${formatEvent(step.event)}`;
}

/** `context.x: the trace has 1, the replay 2`, one line per top-level key that differs. */
function contextDifferences(expected: unknown, found: unknown): string[] {
  const text = (value: unknown) => {
    const json = JSON.stringify(value) ?? 'undefined';
    return json.length > 80 ? `${json.slice(0, 77)}...` : json;
  };
  const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);
  if (!isRecord(expected) || !isRecord(found)) return text(expected) === text(found) ? [] : [`context: the trace has ${text(expected)}, the replay ${text(found)}`];
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(found)])];
  return keys
    .filter((key) => JSON.stringify(expected[key]) !== JSON.stringify(found[key]))
    .map((key) => `context.${key}: the trace has ${text(expected[key])}, the replay ${text(found[key])}`);
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
