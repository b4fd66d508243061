/**
 * Command-line parsing: positionals, `--flag`, `--option value` / `--option=value`, and
 * repeatable options. Unknown options are usage errors (exit code 2), never ignored.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface OptionSpec {
  /** `flag` takes no value; `value` takes one; `list` takes one and may repeat. */
  readonly kind: 'flag' | 'value' | 'list';
  /** The value's placeholder in help (`N`, `FILE`, `key=value`); options with a value only. */
  readonly value?: string;
  /** What the option does, for `interleave <command> --help`. */
  readonly help: string;
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly flags: Set<string>;
  readonly values: Map<string, string>;
  readonly lists: Map<string, string[]>;
}

export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, OptionSpec>>): ParsedArgs {
  const parsed: ParsedArgs = { positionals: [], flags: new Set(), values: new Map(), lists: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--') || arg === '--') {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const option = spec[name];
    if (!option) {
      const known = Object.keys(spec).map((k) => `--${k}`).join(', ');
      throw new UsageError(`unknown option --${name} (options: ${known})`);
    }
    if (option.kind === 'flag') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      parsed.flags.add(name);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (option.kind === 'value') parsed.values.set(name, value);
    else parsed.lists.set(name, [...(parsed.lists.get(name) ?? []), value]);
  }
  return parsed;
}

/** A whole positive number from `--name`, or `undefined` when absent. */
export function positiveNumber(args: ParsedArgs, name: string): number | undefined {
  const text = args.values.get(name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`--${name} needs a positive number, got '${text}'`);
  return value;
}

/** `--set key=value` pairs, values kept as strings (the model converts them). */
export function keyValues(args: ParsedArgs, name: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const item of args.lists.get(name) ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${name} takes key=value, got '${item}'`);
    pairs[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return pairs;
}
