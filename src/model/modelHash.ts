/**
 * The hash of a model configuration, recorded in proof records (`proofRecord.ts`) so that CI
 * can tell a changed model from a changed engine: when the state-space figures drift and the
 * hash does not, the model is the same and the exploration changed.
 *
 * What goes in (format 1), as canonical JSON (sorted keys) hashed with SHA-256, first 16 hex
 * digits kept:
 * - the configuration's resolved parameters (defaults, the configuration's, then `set`) and
 *   its fairness;
 * - each actor of the system those parameters build: name, machine id, input and mailbox
 *   capacity, in order;
 * - each machine: its configuration as written (states, `on` / `always` / `after`
 *   transitions with their event types, targets, guards and actions, `meta`, `context`) and
 *   the implementations given to `setup()`, with every function as its normalized source
 *   (`_internals/describeValue.ts`);
 * - the model's properties for those parameters, functions as normalized source;
 * - when the model file is given: each local module it imports, directly or not (machines and
 *   their helper functions, which a machine object does not show), as a digest of its source
 *   without comments and white space (`_internals/modelSources.ts`).
 *
 * What stays out: names and descriptions of the model and configuration, the expected
 * verdict, budgets, comments and formatting, packages and interleave itself (an engine change
 * shows in the figures), and a helper function defined in the model file itself that a
 * machine calls (keep machines and their helpers in their own modules).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../system/_internals/plainData.ts';
import { propertiesOf, resolveParameters } from './checkModel.ts';
import type { AnyModel } from './defineModel.ts';
import { describeMachine, describeValue } from './_internals/describeValue.ts';
import { modelModules } from './_internals/modelSources.ts';

/** Bumped when what goes into the hash changes, so that every record drifts at once, visibly. */
export const HASH_FORMAT = 1;

export interface HashOptions {
  /** Parameters overriding the configuration's. */
  readonly set?: Readonly<Record<string, unknown>>;
  /** The file the model was loaded from: its imported local modules go into the hash. */
  readonly file?: string;
}

/**
 * The hash of configuration `config` of `model`: 16 hex digits of SHA-256 over
 * {@link describeConfiguration}.
 *
 * @example
 * ```ts
 * hashConfiguration(philosophers, 'ordered', { file: 'models/dining-philosophers.ts' }); // e.g. '3f9c0a7d12e4b856'
 * ```
 */
export function hashConfiguration(model: AnyModel, config: string, options: HashOptions = {}): string {
  return createHash('sha256').update(canonicalJson(describeConfiguration(model, config, options))).digest('hex').slice(0, 16);
}

/** The canonical description the hash is taken of (see the file comment); useful to see why a hash changed. */
export function describeConfiguration(model: AnyModel, config: string, { set = {}, file }: HashOptions = {}): unknown {
  const parameters = resolveParameters(model, config, set);
  const system = model.system(parameters);
  const properties = propertiesOf(model, parameters);
  const configuration = model.configurations[config]!;
  const machines: Record<string, unknown> = {};
  for (const actor of system.actors) machines[actor.machine.id] ??= describeMachine(actor.machine);
  return {
    format: HASH_FORMAT,
    parameters,
    fairness: configuration.fairness ?? model.fairness ?? 'weak',
    actors: system.actors.map((a) => ({
      name: a.name,
      machine: a.machine.id,
      input: describeValue(a.input),
      capacity: a.capacity,
      ...(a.sendsTo ? { sendsTo: a.sendsTo } : {}),
    })),
    machines,
    properties: describeValue(properties),
    ...(model.symmetry ? { symmetry: describeValue(model.symmetry(parameters)) } : {}),
    ...(file !== undefined ? { modules: modelModules(file) } : {}),
  };
}
