/** `interleave list <model>`: a model's description, parameters and configurations. */
import { expectedProperty, expectedVerdict } from '../../model/defineModel.ts';
import { loadModel } from '../../model/loadModel.ts';
import { parseArgs, UsageError, type OptionSpec } from '../args.ts';
import type { CommandHelp } from '../help.ts';
import type { Output } from '../output.ts';

const OPTIONS = {
  json: { kind: 'flag', help: 'print the same as JSON' },
} as const satisfies Record<string, OptionSpec>;

export const listHelp: CommandHelp = {
  synopsis: ['interleave list <model.ts> [--json]'],
  summary: "A model's description, parameters with their defaults, and configurations with their expected verdicts.",
  options: OPTIONS,
};

export async function runList(argv: string[], out: Output): Promise<number> {
  const args = parseArgs(argv, OPTIONS);
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('list needs a model file: interleave list <model.ts>');
  if (extra.length > 0) throw new UsageError(`list takes one model file; unexpected '${extra[0]}'`);
  const model = await loadModel(file);
  const configurations = Object.entries(model.configurations).map(([name, c]) => ({
    name,
    description: c.description ?? '',
    parameters: { ...model.parameters, ...c.parameters },
    expect: expectedVerdict(c.expect),
    ...(expectedProperty(c.expect) ? { property: expectedProperty(c.expect) } : {}),
  }));
  if (args.flags.has('json')) {
    out.stdout(JSON.stringify({ model: model.name, description: model.description, parameters: model.parameters, configurations }, null, 2));
    return 0;
  }
  const lines = [`${model.name}: ${model.description}`, ''];
  const defaults = Object.entries(model.parameters).map(([k, v]) => `${k}=${v}`).join(' ');
  lines.push(`parameters (defaults): ${defaults || 'none'}`, '', 'configurations:');
  const width = Math.max(...configurations.map((c) => c.name.length));
  for (const c of configurations) {
    const overrides = Object.entries(model.configurations[c.name]!.parameters ?? {}).map(([k, v]) => `${k}=${v}`).join(' ');
    const expect = c.property ? `${c.expect} (${c.property})` : c.expect;
    lines.push(`  ${c.name.padEnd(width)}  expect ${expect}${overrides ? `  [${overrides}]` : ''}`);
    if (c.description) lines.push(`  ${''.padEnd(width)}  ${c.description}`);
  }
  out.stdout(lines.join('\n'));
  return 0;
}
