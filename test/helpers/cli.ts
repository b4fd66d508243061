/** Runs the `interleave` command in-process, capturing what it writes. */
import { main } from '../../src/cli/main.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(...argv: string[]): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(argv, {
    stdout: (text) => stdout.push(text),
    stderr: (text) => stderr.push(text),
    progress: () => {},
    endProgress: () => {},
    isTTY: false,
  });
  return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
}
