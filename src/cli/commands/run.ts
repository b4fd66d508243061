/**
 * `interleave run <model.ts> --config NAME [--seed N] [--steps N] [--virtual-time] ...`: runs one
 * configuration live, printing the driver log as it goes, until a valid end state, a violation
 * the watchdog catches (deadlock, wait-for cycle, unhandled message, mailbox overflow, broken
 * invariant) or the steps limit. Exit 0 for a valid end or the steps limit, 1 for a violation.
 */
import { toLiveRunDocument } from '../../report/runJson.ts';
import { formatLiveStep, formatRunEnd } from '../../report/runText.ts';
import { createSeed } from '../../runtime/random.ts';
import { DEFAULT_MAX_STEPS, runSystem, type RunResult } from '../../runtime/runSystem.ts';
import { keyValues, parseArgs, UsageError, type OptionSpec } from '../args.ts';
import type { CommandHelp } from '../help.ts';
import type { Output } from '../output.ts';
import { choiceOption, inFileAsync, loadTarget, setFlags, wholeNumberOption, type LiveTarget } from './live.ts';

const OPTIONS = {
  config: { kind: 'value', value: 'NAME', help: 'the configuration to run (needed when the model has several)' },
  set: { kind: 'list', value: 'key=value', help: 'override a parameter of the configuration' },
  seed: { kind: 'value', value: 'N', help: "the scheduler's seed (default: a random one, printed)" },
  steps: { kind: 'value', value: 'N', help: 'stop after N steps (default 10,000)' },
  'virtual-time': { kind: 'flag', help: 'the clock jumps to the next due step instead of waiting' },
  order: { kind: 'value', value: 'random|fifo', help: 'each delivery due after a seeded random latency (default), or at once in the order they became deliverable' },
  verbose: { kind: 'flag', help: 'print a line per step besides the driver log' },
  json: { kind: 'flag', help: "print the run as a JSON document ('interleave replay' reads it)" },
} as const satisfies Record<string, OptionSpec>;

export const runHelp: CommandHelp = {
  synopsis: [
    'interleave run <model.ts> [--config NAME] [--set key=value ...] [--seed N] [--steps N]',
    '               [--virtual-time] [--order random|fifo] [--verbose] [--json]',
  ],
  summary:
    "Runs one configuration live with the checker's step function, printing the driver log, until a valid end state, a violation the watchdog catches, or the steps limit.",
  options: OPTIONS,
};

export async function runRun(argv: string[], out: Output): Promise<number> {
  const args = parseArgs(argv, OPTIONS);
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('run needs a model file: interleave run <model.ts> --config NAME');
  if (extra.length > 0) throw new UsageError(`run takes one model file; unexpected '${extra[0]}'`);
  const set = keyValues(args, 'set');
  const live = await loadTarget(file, args.values.get('config'), set, 'run');
  const options = {
    seed: wholeNumberOption(args, 'seed', 0) ?? createSeed(),
    maxSteps: wholeNumberOption(args, 'steps', 1) ?? DEFAULT_MAX_STEPS,
    time: args.flags.has('virtual-time') ? ('virtual' as const) : ('real' as const),
    order: choiceOption(args, 'order', ['random', 'fifo'] as const, 'random'),
  };
  const json = args.flags.has('json');
  const result = await runLive(live, options, json ? undefined : { out, verbose: args.flags.has('verbose') });
  if (json) out.stdout(JSON.stringify(toLiveRunDocument(live.target, result), null, 2));
  else out.stdout(['', ...formatRunEnd(result, live.title, repeatCommand(live, set, options, args.values.has('steps')))].join('\n'));
  return 'diagnosis' in result.outcome ? 1 : 0;
}

/** Runs `live` with `options`, printing its driver log to `print.out` as it goes (when given; `quiet`: without the first line). */
export async function runLive(
  live: LiveTarget,
  options: { seed: number; maxSteps: number; time: 'real' | 'virtual'; order: 'random' | 'fifo' },
  print?: { out: Output; verbose: boolean; quiet?: boolean },
): Promise<RunResult> {
  const width = Math.max(...live.system.actors.map((a) => a.name.length));
  if (print && !print.quiet) print.out.stdout(`run ${live.title}: seed ${options.seed}, ${options.order} order, ${options.time} time`);
  const running = runSystem(live.system, {
    ...options,
    properties: live.properties,
    ...(print
      ? {
          onLog: (line, step) => {
            if (step === 0) print.out.stdout(`${print.verbose ? '        ' : ''}${line.text} - ${line.source}`);
          },
          onStep: (step, number) => {
            for (const line of formatLiveStep(step, number, { verbose: print.verbose, width })) print.out.stdout(line);
          },
        }
      : {}),
  });
  return inFileAsync(live.file, running.done);
}

function repeatCommand(live: LiveTarget, set: Readonly<Record<string, string>>, options: { seed: number; maxSteps: number; time: string; order: string }, steps: boolean): string {
  return (
    `interleave run ${live.file} --config ${live.config}${setFlags(set)} --seed ${options.seed}` +
    `${options.order === 'fifo' ? ' --order fifo' : ''}${steps ? ` --steps ${options.maxSteps}` : ''}${options.time === 'virtual' ? ' --virtual-time' : ''}`
  );
}
