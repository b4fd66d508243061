/**
 * `interleave replay <trace.json> [--model FILE] [--config NAME]`: drives the runtime through
 * exactly the schedule of a trace written by `check --json` / `check --trace-out` (or by
 * `run --json` / `simulate --json`), and confirms that every step, the final state and the
 * verdict are the trace's — or reports the first step where they diverge. The model file is
 * the document's `modelFile` unless `--model` names one; `--config` picks a document from the
 * array `check --all --json` writes.
 *
 * `interleave replay <model.ts> --config NAME [--set key=value ...] --path 0,1,2`: replays bare
 * step indices and prints the trace they lead to.
 *
 * Exit 0 when the replay matches, 1 when it diverges, 2 for bad input.
 */
import { readFileSync } from 'node:fs';
import { loadModel } from '../../model/loadModel.ts';
import { formatDiagnosis, formatTrace } from '../../report/text.ts';
import { describeOutcome, formatReplay } from '../../report/runText.ts';
import { replay, type ReplayDocument } from '../../runtime/replay.ts';
import { keyValues, parseArgs, UsageError, type OptionSpec } from '../args.ts';
import type { CommandHelp } from '../help.ts';
import type { Output } from '../output.ts';
import { inFileAsync, loadTarget } from './live.ts';

const OPTIONS = {
  model: { kind: 'value', value: 'FILE', help: "the model to replay against (default: the document's modelFile)" },
  config: { kind: 'value', value: 'NAME', help: "the configuration: picks a document of 'check --all --json', or the configuration of --path" },
  set: { kind: 'list', value: 'key=value', help: 'override a parameter of the configuration, with --path' },
  path: { kind: 'value', value: '0,1,2', help: 'replay these step indices and print the trace they lead to' },
} as const satisfies Record<string, OptionSpec>;

export const replayHelp: CommandHelp = {
  synopsis: [
    'interleave replay <trace.json> [--model <model.ts>] [--config NAME]',
    'interleave replay <model.ts> [--config NAME] [--set key=value ...] --path 0,1,2',
  ],
  summary:
    "Drives the runtime through exactly a trace's schedule (from 'check --json', 'check --trace-out', 'run --json' or 'simulate --json') and confirms every step, the final state and the verdict, or says where they diverge.",
  options: OPTIONS,
};

interface TraceDocument extends ReplayDocument {
  readonly model?: string;
  readonly config?: string;
  readonly parameters?: Record<string, unknown>;
  readonly modelFile?: string;
  readonly injected?: readonly unknown[];
}

export async function runReplay(argv: string[], out: Output): Promise<number> {
  const args = parseArgs(argv, OPTIONS);
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('replay needs a trace: interleave replay <trace.json> [--model <model.ts>], or interleave replay <model.ts> --config NAME --path 0,1,2');
  if (extra.length > 0) throw new UsageError(`replay takes one trace file; unexpected '${extra[0]}'`);
  if (args.values.has('path')) return replayPath(file, args, out);
  if (args.lists.has('set')) throw new UsageError('--set goes with --path; a trace file carries its own parameters');
  const document = readDocument(file, args.values.get('config'));
  const modelFile = args.values.get('model') ?? document.modelFile;
  if (!modelFile) throw new UsageError(`${file} does not say which model file it came from; name it: interleave replay ${file} --model <model.ts>`);
  const model = await loadModel(modelFile);
  if (document.model !== undefined && document.model !== model.name) {
    throw new UsageError(`${file} is a trace of model '${document.model}', but ${modelFile} defines '${model.name}'`);
  }
  const live = await loadTarget(modelFile, document.config, document.parameters ?? {}, 'replay');
  const replayed = await inFileAsync(modelFile, replay(live.system, document, { properties: live.properties }));
  out.stdout(formatReplay(replayed, live.title, document.path.length));
  return replayed.ok ? 0 : 1;
}

/** `--path 0,1,2` on a model: replays the indices and prints where they lead. */
async function replayPath(file: string, args: ReturnType<typeof parseArgs>, out: Output): Promise<number> {
  const text = args.values.get('path')!;
  const path = text.trim() === '' ? [] : text.split(',').map((part) => Number(part.trim()));
  if (path.some((index) => !Number.isInteger(index) || index < 0)) throw new UsageError(`--path takes step indices separated by commas, e.g. 0,2,1; got '${text}'`);
  const live = await loadTarget(file, args.values.get('config'), keyValues(args, 'set'), 'replay');
  const replayed = await inFileAsync(file, replay(live.system, { path }, { properties: live.properties }));
  if (!replayed.ok) {
    out.stdout(formatReplay(replayed, live.title, path.length));
    return 1;
  }
  const { run } = replayed;
  const lines = [`✓ replayed ${path.length} step${path.length === 1 ? '' : 's'}: ${live.title}; ${describeOutcome(run.outcome)} at the end`, '', ...formatTrace(run.trace)];
  if ('diagnosis' in run.outcome) lines.push('', ...formatDiagnosis(run.outcome.diagnosis));
  out.stdout(lines.join('\n'));
  return 0;
}

/** The trace document in `file`: one document, or the one of `config` in an array. */
function readDocument(file: string, config: string | undefined): TraceDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new UsageError(`cannot read the trace ${file}: ${reason}; replay reads the JSON that check --json or --trace-out writes`);
  }
  const documents = (Array.isArray(parsed) ? parsed : [parsed]) as TraceDocument[];
  let document: TraceDocument | undefined;
  if (config !== undefined) {
    document = documents.find((d) => d?.config === config);
    if (!document) throw new UsageError(`${file} has no trace of configuration '${config}' (it has: ${documents.map((d) => d?.config).join(', ')})`);
  } else if (documents.length === 1) {
    document = documents[0];
  } else {
    const withTraces = documents.filter((d) => Array.isArray(d?.path)).map((d) => d.config);
    throw new UsageError(`${file} holds ${documents.length} documents; pick one with --config NAME (with traces: ${withTraces.join(', ') || 'none'})`);
  }
  if (!document || typeof document !== 'object' || !Array.isArray(document.path)) {
    const verdict = (document as { verdict?: string } | undefined)?.verdict;
    throw new UsageError(`${file}${document?.config ? ` (${document.config})` : ''} has no path to replay${verdict ? ` (verdict ${verdict}: only violations have traces)` : ''}`);
  }
  if (document.injected && document.injected.length > 0) {
    throw new UsageError(`${file} is a run that received messages from outside the system (injected); its path alone does not replay it`);
  }
  return document;
}
