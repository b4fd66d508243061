/**
 * `interleave simulate <model.ts> --config NAME --runs N [--seed S] [--strategy random|pct]`:
 * many runs in virtual time (seeds S, S+1, …) for models too large to check exhaustively; stops
 * at the first violation and prints it as a driver log with its diagnosis, or says how many
 * runs found none. Exit 1 for a violation, 0 otherwise (which proves nothing).
 */
import { toSimulationDocument } from '../../report/runJson.ts';
import { formatSimulation } from '../../report/runText.ts';
import { createSeed } from '../../runtime/random.ts';
import { DEFAULT_MAX_STEPS } from '../../runtime/runSystem.ts';
import { simulate, STRATEGIES, type Strategy } from '../../runtime/simulate.ts';
import { keyValues, parseArgs, UsageError, type OptionSpec } from '../args.ts';
import type { CommandHelp } from '../help.ts';
import type { Output } from '../output.ts';
import { choiceOption, inFileAsync, loadTarget, setFlags, wholeNumberOption } from './live.ts';

const OPTIONS = {
  config: { kind: 'value', value: 'NAME', help: 'the configuration to simulate (needed when the model has several)' },
  set: { kind: 'list', value: 'key=value', help: 'override a parameter of the configuration' },
  runs: { kind: 'value', value: 'N', help: 'make at most N runs (required)' },
  seed: { kind: 'value', value: 'S', help: 'the first run\'s seed; run k has seed S + k − 1 (default: a random one, printed)' },
  strategy: { kind: 'value', value: 'random|pct', help: 'uniform over the enabled steps (default), or PCT: random actor priorities with --depth − 1 priority changes' },
  depth: { kind: 'value', value: 'D', help: 'the bug depth of --strategy pct (default 3)' },
  steps: { kind: 'value', value: 'N', help: 'stop each run after N steps (default 10,000)' },
  coverage: { kind: 'flag', help: "also list each machine's states and event transitions that no run reached or took" },
  json: { kind: 'flag', help: "print the violating run as 'run --json' does" },
} as const satisfies Record<string, OptionSpec>;

export const simulateHelp: CommandHelp = {
  synopsis: [
    'interleave simulate <model.ts> [--config NAME] [--set key=value ...] --runs N [--seed S]',
    '                    [--strategy random|pct] [--depth D] [--steps N] [--coverage] [--json]',
  ],
  summary:
    'For models too large to check: many runs in virtual time, stopping at the first violation with its driver log, its diagnosis and the command that repeats it. Finding nothing proves nothing.',
  options: OPTIONS,
};

export async function runSimulate(argv: string[], out: Output): Promise<number> {
  const args = parseArgs(argv, OPTIONS);
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('simulate needs a model file: interleave simulate <model.ts> --config NAME --runs N');
  if (extra.length > 0) throw new UsageError(`simulate takes one model file; unexpected '${extra[0]}'`);
  const runs = wholeNumberOption(args, 'runs', 1);
  if (runs === undefined) throw new UsageError('simulate needs --runs N: how many runs to make at most');
  const set = keyValues(args, 'set');
  const live = await loadTarget(file, args.values.get('config'), set, 'simulate');
  const strategy: Strategy = choiceOption(args, 'strategy', STRATEGIES, 'random');
  const depth = wholeNumberOption(args, 'depth', 1);
  if (depth !== undefined && strategy !== 'pct') throw new UsageError('--depth is the bug depth of --strategy pct');
  const seed = wholeNumberOption(args, 'seed', 0) ?? createSeed();
  const maxSteps = wholeNumberOption(args, 'steps', 1) ?? DEFAULT_MAX_STEPS;
  const simulation = await inFileAsync(
    file,
    simulate(live.system, {
      runs,
      seed,
      strategy,
      maxSteps,
      properties: live.properties,
      ...(depth !== undefined ? { depth } : {}),
      ...(args.flags.has('coverage') ? { coverage: true } : {}),
    }),
  );
  if (args.flags.has('json')) {
    out.stdout(JSON.stringify(toSimulationDocument(live.target, simulation), null, 2));
  } else {
    const options = `${strategy === 'pct' ? ' --strategy pct' : ''}${depth !== undefined ? ` --depth ${depth}` : ''}${args.values.has('steps') ? ` --steps ${maxSteps}` : ''}`;
    const repeat = (runSeed: number) => `interleave simulate ${file} --config ${live.config}${setFlags(set)} --runs 1 --seed ${runSeed}${options}`;
    out.stdout(formatSimulation(simulation, live.title, repeat));
  }
  return simulation.violation ? 1 : 0;
}
