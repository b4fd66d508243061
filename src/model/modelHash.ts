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
 * - the model's properties for those parameters, functions as normalized source.
 *
 * What stays out: names and descriptions of the model and configuration, the expected
 * verdict, budgets, and anything a function reads from outside itself (a constant it
 * closes over): such a change shows up in the figures instead.
 */
import { createHash } from 'node:crypto';
import type { Properties } from '../checker/properties.ts';
import { canonicalJson } from '../system/_internals/plainData.ts';
import { resolveParameters } from './checkModel.ts';
import type { AnyModel } from './defineModel.ts';
import { describeMachine, describeValue } from './_internals/describeValue.ts';

/** Bumped when what goes into the hash changes, so that every record drifts at once, visibly. */
export const HASH_FORMAT = 1;

/**
 * The hash of configuration `config` of `model`: 16 hex digits of SHA-256 over
 * {@link describeConfiguration}.
 *
 * @example
 * ```ts
 * hashConfiguration(philosophers, 'ordered'); // e.g. '3f9c0a7d12e4b856'
 * ```
 */
export function hashConfiguration(model: AnyModel, config: string, set: Readonly<Record<string, unknown>> = {}): string {
  return createHash('sha256').update(canonicalJson(describeConfiguration(model, config, set))).digest('hex').slice(0, 16);
}

/** The canonical description the hash is taken of (see the file comment); useful to see why a hash changed. */
export function describeConfiguration(model: AnyModel, config: string, set: Readonly<Record<string, unknown>> = {}): unknown {
  const parameters = resolveParameters(model, config, set);
  const system = model.system(parameters);
  const properties: Properties = typeof model.properties === 'function' ? model.properties(parameters) : (model.properties ?? {});
  const configuration = model.configurations[config]!;
  const machines: Record<string, unknown> = {};
  for (const actor of system.actors) machines[actor.machine.id] ??= describeMachine(actor.machine);
  return {
    format: HASH_FORMAT,
    parameters,
    fairness: configuration.fairness ?? model.fairness ?? 'weak',
    actors: system.actors.map((a) => ({ name: a.name, machine: a.machine.id, input: describeValue(a.input), capacity: a.capacity })),
    machines,
    properties: describeValue(properties),
  };
}
