/**
 * Loading a model module from a file (TypeScript or JavaScript). Every way this can fail
 * becomes a ModelError naming the file, never a raw stack trace.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ModelError } from '../system/errors.ts';
import { isModel, type AnyModel } from './defineModel.ts';

export async function loadModel(file: string): Promise<AnyModel> {
  const path = resolve(file);
  if (!existsSync(path)) throw new ModelError(`cannot find model file '${file}'`, { file });
  if (statSync(path).isDirectory()) throw new ModelError(`'${file}' is a directory, not a model file`, { file });
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(path).href);
  } catch (error) {
    if (error instanceof ModelError) throw new ModelError(`${file}: ${error.message}`, { ...error.where, file });
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelError(`model file '${file}' failed to load: ${firstLine(message)}`, { file });
  }
  const model = module.default;
  if (model === undefined) {
    throw new ModelError(`model file '${file}' has no default export; end it with: export default defineModel({ ... })`, { file });
  }
  if (!isModel(model)) {
    throw new ModelError(`the default export of '${file}' is not a model; build it with defineModel() from 'interleave'`, { file });
  }
  files.set(model, path);
  return model;
}

const files = new WeakMap<AnyModel, string>();

/** The absolute path a model was loaded from with `loadModel`, if it was. */
export function modelFileOf(model: AnyModel): string | undefined {
  return files.get(model);
}

function firstLine(message: string): string {
  return message.split('\n').find((line) => line.trim() !== '') ?? message;
}
