/**
 * Model modules (design.md, "Models"): a model file default-exports one definition — a name,
 * a description, named configurations with their expected verdicts, a function building the
 * system from a configuration's parameters, and the properties to check. The CLI, `npm start`
 * and the tests load the same modules; a user's own model in their own repository works the
 * same way.
 */
import { FAIRNESS, type Fairness } from '../checker/liveness/fairness.ts';
import type { Properties } from '../checker/properties.ts';
import type { SymmetryDefinition } from '../checker/symmetry/symmetry.ts';
import type { VerdictKind } from '../checker/result.ts';
import type { System } from '../system/defineSystem.ts';
import { ModelError } from '../system/errors.ts';

/** Configuration parameters: plain numbers, booleans and strings (so `--set key=value` can set them). */
export type Parameters = Record<string, number | boolean | string>;

/** What checking a configuration should find. A violation matches only a violation of the same kind (and property, if named). */
export type Expectation = VerdictKind | { readonly verdict: VerdictKind; readonly property?: string };

/**
 * Limits a check must finish within. A run that reaches one ends as `inconclusive` (in
 * `interleave ci`, a failure, never a pass). `--max-states` / `--max-seconds` override them.
 */
export interface Budget {
  /** Stop once this many distinct states are stored. */
  readonly maxStates?: number;
  /** Stop after this many seconds (of this machine: leave room for a slower CI runner). */
  readonly maxSeconds?: number;
}

export interface Configuration<P extends Parameters> {
  /** One line: what this configuration shows. */
  readonly description?: string;
  /** Limits for this configuration, key by key over the model's `budget`. */
  readonly budget?: Budget;
  /** Fairness for this configuration's liveness properties, if not the model's. */
  readonly fairness?: Fairness;
  /** Overrides of the model's default parameters. */
  readonly parameters?: Partial<P>;
  /** The verdict the checker must find. */
  readonly expect: Expectation;
}

/** Parameter types without literal types: `{ ordered: false }` declares a boolean parameter. */
export type Widen<P> = {
  [K in keyof P]: P[K] extends boolean ? boolean : P[K] extends number ? number : P[K] extends string ? string : P[K];
};

export interface ModelDefinition<P extends Parameters = Parameters> {
  /** Short and file-name friendly, e.g. `dining-philosophers`. */
  readonly name: string;
  readonly description: string;
  /** Every parameter with its default value; configurations override some of them. */
  readonly parameters: P;
  readonly configurations: Readonly<Record<string, Configuration<Widen<P>>>>;
  /** Builds the system of actors for one set of parameters. */
  system(parameters: Widen<P>): System;
  /** The properties to check, beyond the built-in ones (deadlock, unhandled, overflow). */
  properties?: Properties | ((parameters: Widen<P>) => Properties);
  /** Fairness for liveness properties: `weak` (default), `strong` or `none`. */
  readonly fairness?: Fairness;
  /**
   * Interchangeable elements (targets, clients): states that differ by a permutation of them
   * are explored once (`--no-symmetry` turns it off). See `SymmetryDefinition`.
   */
  symmetry?: (parameters: Widen<P>) => SymmetryDefinition | undefined;
  /** Limits for every configuration that does not set its own. */
  readonly budget?: Budget;
}

/** A model definition checked for shape. */
export type Model<P extends Parameters = Parameters> = ModelDefinition<P> & { readonly kind: 'interleave.model' };

/** A model of any parameters, as the CLI and `checkConfiguration` take it. */
export type AnyModel = Model<any>;

const VERDICTS: readonly VerdictKind[] = ['pass', 'inconclusive', 'deadlock', 'unhandled', 'overflow', 'invariant', 'liveness', 'unreachable'];

/**
 * Declares a model. Validates its shape so that a mistake is reported at load time, naming
 * the model and the configuration at fault.
 *
 * @example
 * ```ts
 * export default defineModel({
 *   name: 'ping-pong',
 *   description: 'Two actors exchange a ball a bounded number of times.',
 *   parameters: { rounds: 2 },
 *   configurations: {
 *     normal: { expect: 'pass' },
 *     forgetful: { parameters: { rounds: 0 }, expect: 'deadlock' },
 *   },
 *   system: ({ rounds }) => defineSystem({ actors: { ping: { machine: ping, input: { rounds } }, pong: { machine: pong } } }),
 *   properties: { bounded: always((s) => s.actor('ping').context.hits <= 2) },
 * });
 * ```
 */
export function defineModel<P extends Parameters>(definition: ModelDefinition<P>): Model<Widen<P>> {
  const where = `model '${definition?.name ?? '(unnamed)'}'`;
  if (!definition || typeof definition !== 'object') throw new ModelError('defineModel() needs a model definition object');
  if (typeof definition.name !== 'string' || !definition.name) throw new ModelError('defineModel(): the model needs a name');
  if (typeof definition.system !== 'function') throw new ModelError(`${where}: system must be a function (parameters) => defineSystem(...)`);
  const parameters = definition.parameters ?? ({} as P);
  for (const [key, value] of Object.entries(parameters)) {
    if (!['number', 'boolean', 'string'].includes(typeof value)) {
      throw new ModelError(`${where}: parameter '${key}' must be a number, boolean or string, got ${typeof value}`);
    }
  }
  if (definition.fairness !== undefined && !FAIRNESS.includes(definition.fairness)) {
    throw new ModelError(`${where}: fairness must be one of ${FAIRNESS.join(', ')}, got ${JSON.stringify(definition.fairness)}`);
  }
  checkBudget(definition.budget, where);
  const configurations = definition.configurations ?? {};
  if (Object.keys(configurations).length === 0) throw new ModelError(`${where}: declare at least one configuration`);
  for (const [name, configuration] of Object.entries(configurations)) {
    const at = `${where}, configuration '${name}'`;
    const verdict = expectedVerdict(configuration.expect);
    if (!VERDICTS.includes(verdict)) {
      throw new ModelError(`${at}: expect must be one of ${VERDICTS.join(', ')}, got ${JSON.stringify(configuration.expect)}`);
    }
    if (configuration.fairness !== undefined && !FAIRNESS.includes(configuration.fairness)) {
      throw new ModelError(`${at}: fairness must be one of ${FAIRNESS.join(', ')}, got ${JSON.stringify(configuration.fairness)}`);
    }
    checkBudget(configuration.budget, at);
    for (const key of Object.keys(configuration.parameters ?? {})) {
      if (!(key in parameters)) {
        throw new ModelError(`${at}: unknown parameter '${key}' (parameters: ${Object.keys(parameters).join(', ') || 'none'})`);
      }
    }
  }
  return Object.freeze({ ...definition, parameters, configurations, kind: 'interleave.model' as const }) as unknown as Model<Widen<P>>;
}

const BUDGET_KEYS: readonly (keyof Budget)[] = ['maxStates', 'maxSeconds'];

function checkBudget(budget: Budget | undefined, at: string): void {
  if (budget === undefined) return;
  if (!budget || typeof budget !== 'object') throw new ModelError(`${at}: budget must be { maxStates?, maxSeconds? }, got ${JSON.stringify(budget)}`);
  for (const [key, value] of Object.entries(budget)) {
    if (!BUDGET_KEYS.includes(key as keyof Budget)) {
      throw new ModelError(`${at}: unknown budget key '${key}' (budget keys: ${BUDGET_KEYS.join(', ')})`);
    }
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)) {
      throw new ModelError(`${at}: budget ${key} must be a positive number, got ${JSON.stringify(value)}`);
    }
  }
}

/** The verdict kind an expectation names. */
export function expectedVerdict(expectation: Expectation): VerdictKind {
  return typeof expectation === 'string' ? expectation : expectation?.verdict;
}

/** The property an expectation names, if it names one. */
export function expectedProperty(expectation: Expectation): string | undefined {
  return typeof expectation === 'string' ? undefined : expectation.property;
}

/** Whether a model module's default export looks like a model. */
export function isModel(value: unknown): value is AnyModel {
  return !!value && typeof value === 'object' && (value as AnyModel).kind === 'interleave.model';
}
