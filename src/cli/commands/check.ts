/** `interleave check <model> [--config NAME | --all] ...`: check configurations of one model. */
import { FAIRNESS, type Fairness } from '../../checker/liveness/fairness.ts';
import type { Properties } from '../../checker/properties.ts';
import { checkConfiguration, propertiesOf, resolveParameters, type ConfigurationRun } from '../../model/checkModel.ts';
import { loadModel } from '../../model/loadModel.ts';
import { writeFileSync } from 'node:fs';
import { toRunDocument } from '../../report/json.ts';
import { formatRun } from '../../report/text.ts';
import { keyValues, parseArgs, positiveNumber, UsageError, type OptionSpec } from '../args.ts';
import type { CommandHelp } from '../help.ts';
import { progressPrinter, type Output } from '../output.ts';
import { runCheckSimulate } from './checkSimulate.ts';
import { exitCodeOf, inFile } from './common.ts';
import { parseSize } from '../../checker/memoryLimit.ts';
import { prepareDirectory, prepareFile, writeRunOutputs } from './outputFiles.ts';

const OPTIONS = {
  config: { kind: 'value', value: 'NAME', help: 'the configuration to check (needed when the model has several)' },
  all: { kind: 'flag', help: 'check every configuration of the model' },
  set: { kind: 'list', value: 'key=value', help: "override a parameter of the configuration" },
  'max-states': { kind: 'value', value: 'N', help: 'stop after N states: inconclusive, never pass' },
  'max-seconds': { kind: 'value', value: 'S', help: 'stop after S seconds: inconclusive, never pass' },
  'max-local-states': { kind: 'value', value: 'N', help: 'stop when an actor reaches N distinct local states (default 200,000): a context that grows without bound' },
  'max-memory': { kind: 'value', value: 'SIZE', help: "stop when the process holds SIZE (4G, 512M; a bare number is MiB; default: 3/4 of the machine's memory): inconclusive, never pass" },
  fairness: { kind: 'value', value: 'weak|strong|none', help: "the fairness of liveness properties (default: the model's, else weak)" },
  continue: { kind: 'flag', help: "explore every reachable state even after a violation (TLC's -continue): the first one found is still the verdict" },
  exact: { kind: 'flag', help: 'store whole states instead of 64-bit fingerprints' },
  workers: { kind: 'value', value: 'N', help: 'search on N threads, with symmetry but without partial-order reduction (on one, with a warning, where liveness, --exact, --continue or --coverage need it)' },
  'no-symmetry': { kind: 'flag', help: "explore every permutation of the model's interchangeable elements" },
  'no-por': { kind: 'flag', help: 'no partial-order reduction: expand every actor in every state' },
  'no-sleep-sets': { kind: 'flag', help: 'follow every step, even those whose successor another path of the same length reaches' },
  coverage: { kind: 'flag', help: "also list each machine's states and event transitions that no reachable state reaches or takes" },
  example: { kind: 'value', value: 'NAME', help: 'print the shortest path found to a state where the reachable property NAME holds (and show it in the --report)' },
  json: { kind: 'flag', help: 'print the result as JSON (an array with --all)' },
  log: { kind: 'flag', help: "print the counterexample as a driver log only (the lines of the model's log actions)" },
  report: { kind: 'value', value: 'DIR', help: 'write an HTML report per configuration into DIR' },
  summary: { kind: 'value', value: 'FILE', help: 'append a Markdown summary to FILE' },
  'trace-out': { kind: 'value', value: 'FILE', help: "also write the --json document to FILE, for 'interleave replay'" },
  simulate: { kind: 'flag', help: "make one live run in virtual time instead of a check, and print its driver log ('run --virtual-time')" },
  seed: { kind: 'value', value: 'N', help: 'the seed of the --simulate run' },
} as const satisfies Record<string, OptionSpec>;

export const checkHelp: CommandHelp = {
  synopsis: [
    'interleave check <model.ts> [--config NAME | --all] [--set key=value ...]',
    '                 [--max-states N] [--max-seconds S] [--max-local-states N] [--max-memory SIZE]',
    '                 [--fairness weak|strong|none] [--continue] [--exact] [--workers N]',
    '                 [--no-symmetry] [--no-por] [--no-sleep-sets] [--coverage] [--example NAME]',
    '                 [--json] [--log]',
    '                 [--report DIR] [--summary FILE] [--trace-out FILE]',
    'interleave check <model.ts> --config NAME --simulate [--seed N]   (one live run\'s driver log)',
  ],
  summary:
    'Explores every reachable state of a configuration and proves its properties (no deadlock, no unhandled message, no mailbox overflow, the invariants, the liveness properties), or prints the shortest trace that breaks one, with a diagnosis.',
  options: OPTIONS,
};

export async function runCheck(argv: string[], out: Output): Promise<number> {
  const args = parseArgs(argv, OPTIONS);
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('check needs a model file: interleave check <model.ts> --config NAME');
  if (extra.length > 0) throw new UsageError(`check takes one model file; unexpected '${extra[0]}'`);
  if (args.flags.has('simulate')) return runCheckSimulate(file, args, out);
  if (args.values.has('seed')) throw new UsageError('--seed goes with --simulate (one live run); check explores every schedule');
  const model = await loadModel(file);
  const names = Object.keys(model.configurations);
  const config = args.values.get('config');
  if (config !== undefined && args.flags.has('all')) throw new UsageError('use either --config NAME or --all, not both');
  let configs: string[];
  if (args.flags.has('all')) configs = names;
  else if (config !== undefined) configs = [config];
  else if (names.length === 1) configs = names;
  else throw new UsageError(`model '${model.name}' has several configurations; pick one with --config NAME or check them all with --all (configurations: ${names.join(', ')})`);

  const options = {
    set: keyValues(args, 'set'),
    maxStates: positiveNumber(args, 'max-states'),
    maxSeconds: positiveNumber(args, 'max-seconds'),
    maxLocalStates: positiveNumber(args, 'max-local-states'),
    maxMemory: memorySize(args.values.get('max-memory')),
    ...fairnessOption(args.values.get('fairness')),
    ...(args.flags.has('continue') ? { exhaustive: true } : {}),
    ...(args.flags.has('exact') ? { store: 'exact' as const } : {}),
    ...(args.values.has('workers') ? { workers: wholeNumber(args, 'workers') } : {}),
    ...(args.flags.has('no-symmetry') ? { symmetry: false as const } : {}),
    ...(args.flags.has('no-por') ? { partialOrder: false } : {}),
    ...(args.flags.has('no-sleep-sets') ? { sleepSets: false } : {}),
    ...(args.flags.has('coverage') ? { coverage: true } : {}),
  };
  // Mistakes in the command line, reported without the file prefix of a model mistake.
  const example = args.values.get('example');
  for (const name of configs) {
    const parameters = resolveParameters(model, name, options.set);
    if (example !== undefined) checkExampleName(example, `${model.name}/${name}`, propertiesOf(model, parameters));
  }
  const targets = { report: args.values.get('report'), summary: args.values.get('summary') };
  if (targets.report !== undefined) prepareDirectory(targets.report, '--report');
  if (targets.summary !== undefined) prepareFile(targets.summary, '--summary');
  const traceOut = args.values.get('trace-out');
  if (traceOut !== undefined) prepareFile(traceOut, '--trace-out');
  const runs: ConfigurationRun[] = [];
  for (const name of configs) {
    const onProgress = progressPrinter(out, `${model.name}/${name}`);
    runs.push(inFile(file, () => checkConfiguration(model, name, { ...options, onProgress })));
    out.endProgress();
    for (const warning of runs[runs.length - 1]!.result.warnings) out.stderr(`warning: ${name}: ${warning}`);
    if (!args.flags.has('json')) {
      if (runs.length > 1) out.stdout('');
      out.stdout(formatRun(runs[runs.length - 1]!, { logOnly: args.flags.has('log'), ...(example !== undefined ? { example } : {}) }));
    }
  }
  // --trace-out writes the --json document(s), which `interleave replay` reads.
  const documents = runs.map((run) => toRunDocument(run, { modelFile: file }));
  const json = JSON.stringify(args.flags.has('all') ? documents : documents[0], null, 2);
  if (args.flags.has('json')) out.stdout(json);
  if (traceOut !== undefined) writeFileSync(traceOut, `${json}\n`);
  await writeRunOutputs(model, file, runs, { ...targets, example }, out);
  return exitCodeOf(runs.map((r) => r.result.verdict.kind));
}

/** `--example NAME` must name a `reachable` property of every configuration checked. */
function checkExampleName(name: string, where: string, properties: Properties): void {
  if (properties[name]?.kind === 'reachable') return;
  const reachable = Object.keys(properties).filter((p) => properties[p]!.kind === 'reachable');
  const known = reachable.length > 0 ? `its reachable properties: ${reachable.join(', ')}` : 'it has none';
  throw new UsageError(`--example: '${name}' is not a reachable property of ${where} (${known})`);
}

function fairnessOption(value: string | undefined): { fairness?: Fairness } {
  if (value === undefined) return {};
  if (!FAIRNESS.includes(value as Fairness)) throw new UsageError(`--fairness takes ${FAIRNESS.join(', ')}; got '${value}'`);
  return { fairness: value as Fairness };
}

function wholeNumber(args: { values: Map<string, string> }, name: string): number {
  const text = args.values.get(name)!;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} needs a whole number ≥ 1, got '${text}'`);
  return value;
}

function memorySize(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const bytes = parseSize(text);
  if (bytes === undefined) throw new UsageError(`--max-memory needs a size such as 4G, 512M or 2048 (MiB), got '${text}'`);
  return bytes;
}
