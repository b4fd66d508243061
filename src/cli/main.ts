/**
 * The `interleave` command. Exit codes (design.md, "Outputs"): 0 every property holds (for
 * `ci`: every verdict is the expected one), 1 a property is violated (or a verdict differs),
 * 2 the model or the command is wrong, 3 inconclusive.
 */
import { ModelError } from '../system/errors.ts';
import { UsageError } from './args.ts';
import { runCheck } from './commands/check.ts';
import { runCi } from './commands/ci.ts';
import { runList } from './commands/list.ts';
import { runReplay } from './commands/replay.ts';
import { runRun } from './commands/run.ts';
import { runSimulate } from './commands/simulate.ts';
import { runViz } from './commands/viz.ts';
import type { Output } from './output.ts';

export const USAGE = `interleave — XState actors, model-checked

Usage:
  interleave check <model.ts> [--config NAME | --all] [--set key=value ...]
                   [--max-states N] [--max-seconds S] [--max-local-states N]
                   [--fairness weak|strong|none] [--exact] [--workers N] [--no-symmetry] [--no-por]
                   [--no-sleep-sets]
                   [--json] [--log]
                   [--report DIR] [--summary FILE] [--trace-out FILE]
  interleave check <model.ts> --config NAME --simulate [--seed N]   (one live run's driver log)
  interleave run <model.ts> [--config NAME] [--set key=value ...] [--seed N] [--steps N]
                 [--virtual-time] [--order random|fifo] [--verbose] [--json]
  interleave replay <trace.json> [--model <model.ts>] [--config NAME]
  interleave replay <model.ts> [--config NAME] [--set key=value ...] --path 0,1,2
  interleave simulate <model.ts> [--config NAME] [--set key=value ...] --runs N [--seed S]
                      [--strategy random|pct] [--depth D] [--steps N] [--json]
  interleave viz <model.ts> [--config NAME] [--set key=value ...]
                 [--format mermaid|dot|svg] [--out DIR] [--max-states N]
  interleave list <model.ts>
  interleave ci [model files, directories or globs ...]   (default: models)
                [--update] [--junit FILE] [--json] [--summary FILE]

Exit codes: 0 every property holds (ci: every verdict as expected and every record unchanged),
1 a property is violated (ci: a verdict differs, or a proof record drifted, is missing or
stale), 2 the model or the command is wrong, 3 inconclusive (a limit or budget stopped the run;
ci: only when nothing else failed).`;

const COMMANDS: Record<string, (argv: string[], out: Output) => Promise<number>> = {
  check: runCheck,
  list: runList,
  ci: runCi,
  viz: runViz,
  run: runRun,
  replay: runReplay,
  simulate: runSimulate,
};

/** Runs the command line `argv` (without `node interleave`); returns the exit code. */
export async function main(argv: string[], out: Output = processOutput()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    out.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    out.stderr(`error: unknown command '${command}' (commands: ${Object.keys(COMMANDS).join(', ')})\n\n${USAGE}`);
    return 2;
  }
  try {
    return await run(rest, out);
  } catch (error) {
    if (error instanceof UsageError) {
      out.stderr(`error: ${error.message}\nRun 'interleave help' for usage.`);
      return 2;
    }
    if (error instanceof ModelError) {
      out.stderr(`error: ${error.message}`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    out.stderr(`internal error: ${message}\nThis is a bug in interleave; set INTERLEAVE_DEBUG=1 to see where it happened.`);
    if (process.env.INTERLEAVE_DEBUG && error instanceof Error) out.stderr(error.stack ?? '');
    return 2;
  }
}

function processOutput(): Output {
  return {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    progress: (text) => {
      if (process.stderr.isTTY) process.stderr.write(`\r${text}\x1b[K`);
      else process.stderr.write(`${text}\n`);
    },
    endProgress: () => {
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    },
    isTTY: !!process.stderr.isTTY,
  };
}
