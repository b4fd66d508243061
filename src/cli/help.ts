/**
 * `interleave help [command]` and `interleave <command> --help`: the usage of every command,
 * and one command's options with what each does. Both are built from the commands' own option
 * tables, which the parser reads too, so help cannot list an option the parser refuses.
 */
import type { OptionSpec } from './args.ts';

export interface CommandHelp {
  /** The command's synopsis lines, each starting with `interleave <command>`. */
  readonly synopsis: readonly string[];
  /** What the command does, in a sentence or two. */
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
}

const EXIT_CODES = `Exit codes: 0 every property holds (ci: every verdict as expected and every record unchanged),
1 a property is violated (ci: a verdict differs, or a proof record drifted, is missing or
stale), 2 the model or the command is wrong, 3 inconclusive (a limit or budget stopped the run;
ci: only when nothing else failed).`;

/** The usage of every command, for `interleave help`. */
export function usage(commands: Readonly<Record<string, CommandHelp>>): string {
  const synopses = Object.values(commands).flatMap((command) => command.synopsis.map((line) => `  ${line}`));
  return `interleave — XState actors, model-checked

Usage:
${synopses.join('\n')}

Run 'interleave help <command>' (or 'interleave <command> --help') for a command's options.

${EXIT_CODES}`;
}

/** One command's synopsis, summary and options, for `interleave help <command>`. */
export function commandHelp(command: CommandHelp): string {
  const names = Object.entries(command.options).map(([name, option]) => [`--${name}${option.value ? ` ${option.value}` : ''}`, option] as const);
  const width = Math.max(...names.map(([name]) => name.length));
  const indent = ' '.repeat(width + 4);
  const lines = names.map(([name, option]) => wrap(`  ${name.padEnd(width)}  `, `${option.help}${option.kind === 'list' ? ' (repeatable)' : ''}`, indent));
  return `Usage:\n${command.synopsis.map((line) => `  ${line}`).join('\n')}\n\n${wrap('', command.summary, '')}\n\nOptions:\n${lines.join('\n')}\n\n${EXIT_CODES}`;
}

const COLUMNS = 96;

/** `prefix` and `text`, broken at spaces into lines of at most {@link COLUMNS} characters that go on after `indent`. */
function wrap(prefix: string, text: string, indent: string): string {
  const lines: string[] = [];
  let line = prefix;
  let empty = true;
  for (const word of text.split(' ')) {
    if (!empty && line.length + 1 + word.length > COLUMNS) {
      lines.push(line);
      line = indent;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  return [...lines, line].join('\n');
}
