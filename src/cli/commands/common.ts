/** Helpers shared by the commands. */
import type { VerdictKind } from '../../checker/result.ts';
import { ModelError } from '../../system/errors.ts';

/** Runs `fn`, prefixing the message of a ModelError with the model file it came from. */
export function inFile<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ModelError && !error.where.file) {
      throw new ModelError(`${file}: ${error.message}`, { ...error.where, file });
    }
    throw error;
  }
}

/** 1 if any verdict is a violation, else 3 if any is inconclusive, else 0. */
export function exitCodeOf(verdicts: readonly VerdictKind[]): number {
  if (verdicts.some((v) => v !== 'pass' && v !== 'inconclusive')) return 1;
  if (verdicts.includes('inconclusive')) return 3;
  return 0;
}
