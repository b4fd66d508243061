/**
 * `interleave help`, `interleave help <command>` and `interleave <command> --help`: what a user
 * types first on a fresh machine. Each command's help lists every option the command accepts,
 * with what it does, and the README's command-line section documents them all.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const COMMANDS = ['check', 'list', 'ci', 'viz', 'run', 'replay', 'simulate'];

/** The options a command's help lists, as `--name`. */
const optionsIn = (help: string) => [...help.matchAll(/^ {2}(--[a-z-]+)/gm)].map((match) => match[1]!);

/** The options a command's parser accepts, from the message it gives for an unknown one. */
async function acceptedOptions(command: string): Promise<string[]> {
  const run = await runCli(command, '--no-such-option');
  const list = /\(options: ([^)]*)\)/.exec(run.stderr);
  if (!list) throw new Error(`no option list in: ${run.stderr}`);
  return list[1]!.split(', ');
}

describe('help', () => {
  it('--help, -h and `help check` print the same help for check, with every option explained', async () => {
    const runs = await Promise.all([runCli('check', '--help'), runCli('check', 'models/no-such-model.ts', '-h'), runCli('help', 'check')]);
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(runs[0]!.stdout);
    }
    const help = runs[0]!.stdout;
    expect(help.startsWith('Usage:\n  interleave check <model.ts> [--config NAME | --all]')).toBe(true);
    expect(help).toContain('\n  --exact                      store whole states instead of 64-bit fingerprints\n');
    expect(help).toContain('\n  --set key=value              override a parameter of the configuration (repeatable)\n');
    expect(help).toMatch(/\n {2}--max-local-states N {9}stop when an actor reaches N distinct local states \(default\n {31}200,000\): a context that grows without bound\n/);
  });

  it.each(COMMANDS)('the help of %s lists exactly the options it accepts, one line each at most 96 columns wide', async (command) => {
    const run = await runCli('help', command);
    expect(run.code).toBe(0);
    expect(optionsIn(run.stdout).sort()).toEqual((await acceptedOptions(command)).sort());
    for (const line of run.stdout.split('\n').filter((l) => l.startsWith('  --'))) expect(line.length).toBeLessThanOrEqual(96);
  });

  it("the README's command line documents every option of every command", async () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## The command line'), readme.indexOf('### JSON output'));
    const missing: string[] = [];
    for (const command of COMMANDS) {
      for (const option of optionsIn((await runCli('help', command)).stdout)) if (!section.includes(option)) missing.push(`${command} ${option}`);
    }
    expect(missing).toEqual([]);
  });

  it('`help` alone lists every command and says how to see one command\'s options', async () => {
    const run = await runCli('help');
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toContain(`\n  interleave ${command} `);
    expect(run.stdout).toContain("Run 'interleave help <command>' (or 'interleave <command> --help') for a command's options.");
  });

  it('help for an unknown command is a usage error naming it', async () => {
    const run = await runCli('help', 'verify');
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe("error: unknown command 'verify' (commands: check, list, ci, viz, run, replay, simulate)");
    expect(run.stdout).toBe('');
  });
});
