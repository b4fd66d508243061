/**
 * `interleave check <model> --config NAME --simulate [--seed N]` (issue 3: "a `--simulate` run
 * prints as a driver log"): one live run, in virtual time, printed as a driver log — the same
 * as `interleave run <model> --config NAME --virtual-time [--seed N]`, of which it is an alias
 * that prints the log only (with the outcome and diagnosis after it). Exit 1 for a violation.
 */
import { formatRunEnd } from '../../report/runText.ts';
import { createSeed } from '../../runtime/random.ts';
import { DEFAULT_MAX_STEPS } from '../../runtime/runSystem.ts';
import { keyValues, UsageError, type ParsedArgs } from '../args.ts';
import type { Output } from '../output.ts';
import { loadTarget, setFlags, wholeNumberOption } from './live.ts';
import { runLive } from './run.ts';

const ALLOWED = new Set(['config', 'set', 'seed', 'simulate']);

export async function runCheckSimulate(file: string, args: ParsedArgs, out: Output): Promise<number> {
  const other = [...args.flags, ...args.values.keys(), ...args.lists.keys()].find((name) => !ALLOWED.has(name));
  if (other) throw new UsageError(`--${other} does not go with --simulate, which makes one live run (options: --config, --set, --seed); use interleave run for more`);
  const set = keyValues(args, 'set');
  const live = await loadTarget(file, args.values.get('config'), set, 'check --simulate');
  const options = { seed: wholeNumberOption(args, 'seed', 0) ?? createSeed(), maxSteps: DEFAULT_MAX_STEPS, time: 'virtual' as const, order: 'random' as const };
  out.stdout('Driver log:');
  const result = await runLive(live, options, { out, verbose: false, quiet: true });
  const repeat = `interleave check ${file} --config ${live.config}${setFlags(set)} --simulate --seed ${options.seed}`;
  out.stdout(['', ...formatRunEnd(result, live.title, repeat)].join('\n'));
  return 'diagnosis' in result.outcome ? 1 : 0;
}
