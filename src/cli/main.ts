/**
 * The `interleave` command. Exit codes (design.md, "Outputs"): 0 every property holds (for
 * `ci`: every verdict is the expected one), 1 a property is violated (or a verdict differs),
 * 2 the model or the command is wrong, 3 inconclusive.
 */
import { ModelError } from '../system/errors.ts';
import { UsageError } from './args.ts';
import { checkHelp, runCheck } from './commands/check.ts';
import { ciHelp, runCi } from './commands/ci.ts';
import { listHelp, runList } from './commands/list.ts';
import { replayHelp, runReplay } from './commands/replay.ts';
import { runHelp, runRun } from './commands/run.ts';
import { runSimulate, simulateHelp } from './commands/simulate.ts';
import { runViz, vizHelp } from './commands/viz.ts';
import { commandHelp, usage, type CommandHelp } from './help.ts';
import type { Output } from './output.ts';

interface Command extends CommandHelp {
  readonly run: (argv: string[], out: Output) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  check: { ...checkHelp, run: runCheck },
  list: { ...listHelp, run: runList },
  ci: { ...ciHelp, run: runCi },
  viz: { ...vizHelp, run: runViz },
  run: { ...runHelp, run: runRun },
  replay: { ...replayHelp, run: runReplay },
  simulate: { ...simulateHelp, run: runSimulate },
};

export const USAGE = usage(COMMANDS);

/** Runs the command line `argv` (without `node interleave`); returns the exit code. */
export async function main(argv: string[], out: Output = processOutput()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'help' && rest.length > 0) return printHelp(rest[0]!, out);
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    out.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (rest.includes('--help') || rest.includes('-h')) return printHelp(command, out);
  const run = COMMANDS[command]?.run;
  if (!run) return unknownCommand(command, out);
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

function printHelp(command: string, out: Output): number {
  const help = COMMANDS[command];
  if (!help) return unknownCommand(command, out);
  out.stdout(commandHelp(help));
  return 0;
}

function unknownCommand(command: string, out: Output): number {
  out.stderr(`error: unknown command '${command}' (commands: ${Object.keys(COMMANDS).join(', ')})\n\n${USAGE}`);
  return 2;
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
