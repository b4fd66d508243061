/**
 * Checking one configuration of a model: resolve its parameters, build its system and
 * properties, run the checker, and compare the verdict with the expected one.
 */
import { check, type CheckOptions } from '../checker/check.ts';
import type { Properties } from '../checker/properties.ts';
import type { CheckResult, Verdict } from '../checker/result.ts';
import { ModelError } from '../system/errors.ts';
import { modelFileOf } from './loadModel.ts';
import { expectedProperty, expectedVerdict, type AnyModel, type Budget, type Expectation, type Model, type Parameters, type Widen } from './defineModel.ts';

export interface ConfigurationRun {
  readonly model: string;
  readonly config: string;
  readonly parameters: Parameters;
  readonly expected: Expectation;
  readonly result: CheckResult;
  /** Whether the verdict is the expected one. */
  readonly asExpected: boolean;
  /** The limits the model's budget set for this run (those the options did not override), if any. */
  readonly budget?: Budget;
}

/**
 * Checks configuration `config` of `model`, with parameters overridden by `set`. The
 * configuration's budget (or the model's) limits the run unless `options` set a limit.
 *
 * @example
 * ```ts
 * const run = checkConfiguration(philosophers, 'ordered', { set: { n: 4 } });
 * run.result.verdict.kind; // 'pass'
 * ```
 */
export function checkConfiguration(
  model: AnyModel,
  config: string,
  options: CheckOptions & { set?: Readonly<Record<string, unknown>> } = {},
): ConfigurationRun {
  const parameters = resolveParameters(model, config, options.set ?? {});
  const system = model.system(parameters);
  const properties = propertiesOf(model, parameters);
  const configuration = model.configurations[config]!;
  const fairness = options.fairness ?? configuration.fairness ?? model.fairness ?? 'weak';
  const budget = resolveBudget(model, config, options);
  // Workers load the model file themselves, so they can only check the model's own properties
  // under its own symmetry.
  const file = modelFileOf(model);
  const ownDefinitions = !options.properties && (options.symmetry === undefined || options.symmetry === false);
  const source = file && ownDefinitions ? { source: { file, config, set: options.set ?? {} } } : {};
  const symmetry = options.symmetry === false ? undefined : (options.symmetry ?? model.symmetry?.(parameters));
  const result = check(system, { ...options, ...budget, ...source, symmetry, fairness, properties: { ...properties, ...options.properties } });
  const expected = configuration.expect;
  const run = { model: model.name, config, parameters, expected, result, asExpected: verdictMatches(expected, result.verdict) };
  return Object.keys(budget).length > 0 ? { ...run, budget } : run;
}

/** The model's properties for these parameters. */
export function propertiesOf(model: AnyModel, parameters: Parameters): Properties {
  return typeof model.properties === 'function' ? model.properties(parameters) : (model.properties ?? {});
}

/** The budget limits that apply to a run: the configuration's, else the model's, unless `options` set that limit. */
export function resolveBudget(model: AnyModel, config: string, options: CheckOptions = {}): Budget {
  const own = model.configurations[config]?.budget ?? {};
  const maxStates = options.maxStates === undefined ? (own.maxStates ?? model.budget?.maxStates) : undefined;
  const maxSeconds = options.maxSeconds === undefined ? (own.maxSeconds ?? model.budget?.maxSeconds) : undefined;
  return { ...(maxStates !== undefined ? { maxStates } : {}), ...(maxSeconds !== undefined ? { maxSeconds } : {}) };
}

/** The parameters of a configuration: the model's defaults, the configuration's, then `set`. */
export function resolveParameters<M extends AnyModel>(model: M, config: string, set: Readonly<Record<string, unknown>>): ParametersOf<M> {
  const configuration = model.configurations[config];
  if (!configuration) {
    const known = Object.keys(model.configurations).join(', ');
    throw new ModelError(`model '${model.name}' has no configuration '${config}' (configurations: ${known})`);
  }
  const parameters: Parameters = { ...model.parameters, ...(configuration.parameters as Parameters) };
  for (const [key, value] of Object.entries(set)) {
    if (!(key in model.parameters)) {
      const known = Object.keys(model.parameters).join(', ') || 'none';
      throw new ModelError(`model '${model.name}' has no parameter '${key}' (parameters: ${known})`);
    }
    parameters[key] = coerce(model, key, value);
  }
  return parameters as ParametersOf<M>;
}

/** The parameter type of a model, as its `system` function takes it. */
export type ParametersOf<M extends AnyModel> = M extends Model<infer P> ? Widen<P> : Parameters;

/** A verdict matches when its kind is the expected one, and its property too if one is named. */
export function verdictMatches(expected: Expectation, verdict: Verdict): boolean {
  if (verdict.kind !== expectedVerdict(expected)) return false;
  const property = expectedProperty(expected);
  return property === undefined || ('property' in verdict && verdict.property === property);
}

/** Converts a `--set` value (a string from the command line, or a value) to the parameter's type. */
function coerce(model: AnyModel, key: string, value: unknown): number | boolean | string {
  const type = typeof model.parameters[key];
  const text = String(value);
  if (type === 'number') {
    const number = typeof value === 'number' ? value : text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(number)) throw new ModelError(`parameter '${key}' of model '${model.name}' is a number; got '${text}'`);
    return number;
  }
  if (type === 'boolean') {
    if (value === true || text === 'true') return true;
    if (value === false || text === 'false') return false;
    throw new ModelError(`parameter '${key}' of model '${model.name}' is true or false; got '${text}'`);
  }
  return text;
}
