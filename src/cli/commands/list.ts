/** `interleave list <model>`: a model's description, parameters, properties and configurations. */
import type { Properties } from '../../checker/properties.ts';
import { propertiesOf, resolveParameters } from '../../model/checkModel.ts';
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
  summary: "A model's description, parameters with their defaults, its properties (name and kind), and configurations with their expected verdicts.",
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
    properties: kinds(propertiesOf(model, resolveParameters(model, name, {}))),
  }));
  if (args.flags.has('json')) {
    out.stdout(JSON.stringify({ model: model.name, description: model.description, parameters: model.parameters, configurations }, null, 2));
    return 0;
  }
  const lines = [`${model.name}: ${model.description}`, ''];
  const defaults = Object.entries(model.parameters).map(([k, v]) => `${k}=${v}`).join(' ');
  // The properties with the default parameters; a configuration whose own differ lists them.
  const usual = describe(kinds(propertiesOf(model, model.parameters)));
  lines.push(`parameters (defaults): ${defaults || 'none'}`, `properties (defaults): ${usual || 'none'}`, '', 'configurations:');
  const width = Math.max(...configurations.map((c) => c.name.length));
  for (const c of configurations) {
    const overrides = Object.entries(model.configurations[c.name]!.parameters ?? {}).map(([k, v]) => `${k}=${v}`).join(' ');
    const expect = c.property ? `${c.expect} (${c.property})` : c.expect;
    lines.push(`  ${c.name.padEnd(width)}  expect ${expect}${overrides ? `  [${overrides}]` : ''}`);
    if (c.description) lines.push(`  ${''.padEnd(width)}  ${c.description}`);
    if (describe(c.properties) !== usual) lines.push(`  ${''.padEnd(width)}  properties: ${describe(c.properties) || 'none'}`);
  }
  out.stdout(lines.join('\n'));
  return 0;
}

/** Each property's name and kind (`always`, `reachable`, `eventually`, `leadsTo`, `forEach`). */
function kinds(properties: Properties): { name: string; kind: string }[] {
  return Object.entries(properties).map(([name, property]) => ({ name, kind: property.kind }));
}

function describe(properties: { name: string; kind: string }[]): string {
  return properties.map((p) => `${p.name} (${p.kind})`).join(', ');
}
