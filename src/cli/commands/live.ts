/** What `run`, `simulate`, `replay` and `check --simulate` share: loading one configuration to run live. */
import type { Properties } from '../../checker/properties.ts';
import { propertiesOf, resolveParameters } from '../../model/checkModel.ts';
import type { AnyModel, Parameters } from '../../model/defineModel.ts';
import { loadModel } from '../../model/loadModel.ts';
import type { RunTarget } from '../../report/runJson.ts';
import { describeTarget } from '../../report/runText.ts';
import type { System } from '../../system/defineSystem.ts';
import { ModelError } from '../../system/errors.ts';
import { UsageError, type ParsedArgs } from '../args.ts';
import { inFile } from './common.ts';

/** One configuration of a model, ready to run. */
export interface LiveTarget {
  readonly file: string;
  readonly model: AnyModel;
  readonly config: string;
  readonly parameters: Parameters;
  readonly system: System;
  readonly properties: Properties;
  /** For JSON documents. */
  readonly target: RunTarget;
  /** `model / config (k=v …)`, for headlines. */
  readonly title: string;
}

/** Loads `file` and builds configuration `config` (or the only one) with `set` applied. */
export async function loadTarget(file: string, config: string | undefined, set: Readonly<Record<string, unknown>>, command: string): Promise<LiveTarget> {
  const model = await loadModel(file);
  const names = Object.keys(model.configurations);
  const name = config ?? (names.length === 1 ? names[0]! : undefined);
  if (name === undefined) {
    throw new UsageError(`model '${model.name}' has several configurations; pick one with --config NAME (configurations: ${names.join(', ')}); e.g. interleave ${command} ${file} --config ${names[0]}`);
  }
  const parameters = resolveParameters(model, name, set) as Parameters;
  const system = inFile(file, () => model.system(parameters));
  const properties = inFile(file, () => propertiesOf(model, parameters));
  return {
    file,
    model,
    config: name,
    parameters,
    system,
    properties,
    target: { model: model.name, config: name, parameters, modelFile: file },
    title: describeTarget(model.name, name, parameters),
  };
}

/** Awaits `promise`, prefixing the message of a ModelError with the model file, as `inFile` does. */
export async function inFileAsync<T>(file: string, promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ModelError && !error.where.file) throw new ModelError(`${file}: ${error.message}`, { ...error.where, file });
    throw error;
  }
}

/** A whole number ≥ `min` from `--name`, or undefined when absent. */
export function wholeNumberOption(args: ParsedArgs, name: string, min: number): number | undefined {
  const text = args.values.get(name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new UsageError(`--${name} needs a whole number ≥ ${min}, got '${text}'`);
  return value;
}

/** One of `allowed` from `--name`, or `fallback`. */
export function choiceOption<T extends string>(args: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const text = args.values.get(name);
  if (text === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(text)) throw new UsageError(`--${name} takes ${allowed.join(' or ')}; got '${text}'`);
  return text as T;
}

/** ` --set k=v` for each parameter given on the command line, to repeat a command. */
export function setFlags(set: Readonly<Record<string, string>>): string {
  return Object.entries(set)
    .map(([k, v]) => ` --set ${k}=${v}`)
    .join('');
}
