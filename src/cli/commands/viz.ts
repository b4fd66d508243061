/**
 * `interleave viz <model> [--config NAME] [--format mermaid|dot|svg] [--out DIR]`: each
 * machine's statechart and the system's communication graph (the observed one, see
 * `report/communication.ts`).
 *
 * Without `--out`, Mermaid is printed as Markdown with one fenced `mermaid` block per diagram
 * (paste it into any GitHub Markdown file) and DOT as one graph after another (`dot -O` reads
 * them all). With `--out DIR`, one file per diagram: `<machine id>.statechart.<ext>` and
 * `communication.<ext>`, with ext `mmd`, `dot` or `svg`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyStateMachine } from 'xstate';
import { resolveParameters } from '../../model/checkModel.ts';
import { loadModel } from '../../model/loadModel.ts';
import { DEFAULT_COMMUNICATION_STATES, observeCommunication } from '../../report/communication.ts';
import { communicationToDot, statechartToDot } from '../../report/dot.ts';
import { communicationToMermaid, statechartToMermaid } from '../../report/mermaid.ts';
import { createStatechart } from '../../report/statechart.ts';
import { renderSvg } from '../../report/svg.ts';
import { keyValues, parseArgs, positiveNumber, UsageError, type OptionSpec } from '../args.ts';
import type { CommandHelp } from '../help.ts';
import type { Output } from '../output.ts';
import { inFile } from './common.ts';
import { prepareDirectory } from './outputFiles.ts';

const OPTIONS = {
  config: { kind: 'value', value: 'NAME', help: 'the configuration to draw (default: the first)' },
  set: { kind: 'list', value: 'key=value', help: 'override a parameter of the configuration' },
  format: { kind: 'value', value: 'mermaid|dot|svg', help: 'the diagrams\' format (default mermaid; svg needs --out)' },
  out: { kind: 'value', value: 'DIR', help: 'write one file per diagram into DIR instead of printing them' },
  'max-states': { kind: 'value', value: 'N', help: 'explore up to N states to observe the communication graph (default 20,000)' },
} as const satisfies Record<string, OptionSpec>;

export const vizHelp: CommandHelp = {
  synopsis: [
    'interleave viz <model.ts> [--config NAME] [--set key=value ...]',
    '               [--format mermaid|dot|svg] [--out DIR] [--max-states N]',
  ],
  summary: "Draws each machine's statechart and the system's observed communication graph.",
  options: OPTIONS,
};

const FORMATS = ['mermaid', 'dot', 'svg'] as const;
type Format = (typeof FORMATS)[number];
const EXTENSIONS: Record<Format, string> = { mermaid: 'mmd', dot: 'dot', svg: 'svg' };

interface Diagram {
  /** File name without extension. */
  readonly name: string;
  readonly title: string;
  readonly mermaid: () => string;
  readonly dot: () => string;
}

export async function runViz(argv: string[], out: Output): Promise<number> {
  const args = parseArgs(argv, OPTIONS);
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('viz needs a model file: interleave viz <model.ts> [--config NAME] [--format mermaid|dot|svg] [--out DIR]');
  if (extra.length > 0) throw new UsageError(`viz takes one model file; unexpected '${extra[0]}'`);
  const format = (args.values.get('format') ?? 'mermaid') as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, got '${format}'`);
  const dir = args.values.get('out');
  if (format === 'svg' && dir === undefined) throw new UsageError('--format svg writes one file per diagram: add --out DIR');
  const maxStates = positiveNumber(args, 'max-states') ?? DEFAULT_COMMUNICATION_STATES;
  if (dir !== undefined) prepareDirectory(dir, '--out');

  const model = await loadModel(file);
  const names = Object.keys(model.configurations);
  let config = args.values.get('config');
  if (config === undefined) {
    config = names[0]!;
    if (names.length > 1) out.stderr(`viz: using configuration '${config}' (configurations: ${names.join(', ')}); pick one with --config NAME`);
  }
  const parameters = resolveParameters(model, config, keyValues(args, 'set'));
  const system = inFile(file, () => model.system(parameters));

  const machines = new Map<AnyStateMachine, string[]>();
  for (const actor of system.actors) machines.set(actor.machine, [...(machines.get(actor.machine) ?? []), actor.name]);
  const diagrams: Diagram[] = [...machines].map(([machine, actors]) => {
    const chart = createStatechart(machine);
    const title = `${machine.id} (${actors.join(', ')})`;
    return {
      name: `${machine.id}.statechart`,
      title: `statechart of ${title}`,
      mermaid: () => statechartToMermaid(chart, { title }),
      dot: () => statechartToDot(chart, { title }),
    };
  });
  const graph = inFile(file, () => observeCommunication(system, { maxStates }));
  if (graph.error) out.stderr(`viz: the communication graph stops at a model error: ${graph.error}`);
  diagrams.push({
    name: 'communication',
    title: `communication graph of ${model.name} / ${config} (observed over ${graph.states.toLocaleString('en-US')} states${graph.complete ? ', all reachable' : ', not all reachable: edges may be missing'})`,
    mermaid: () => communicationToMermaid(graph),
    dot: () => communicationToDot(graph),
  });

  if (dir === undefined) {
    out.stdout(
      diagrams
        .map((d) => (format === 'mermaid' ? `## ${d.title}\n\n\`\`\`mermaid\n${d.mermaid()}\n\`\`\`` : `// ${d.title}\n${d.dot()}`))
        .join('\n\n'),
    );
    return 0;
  }
  for (const d of diagrams) {
    const path = join(dir, `${safeName(d.name)}.${EXTENSIONS[format]}`);
    const text = format === 'mermaid' ? d.mermaid() : format === 'dot' ? d.dot() : await renderSvg(d.dot());
    writeFileSync(path, `${text}\n`);
    out.stdout(`${path}  ${d.title}`);
  }
  return 0;
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}
