/** Building live runs of model configurations for the runtime tests. */
import type { AnyModel } from '../../src/model/defineModel.ts';
import { checkConfiguration, resolveParameters } from '../../src/model/checkModel.ts';
import type { Violation } from '../../src/checker/result.ts';
import { compileSystem } from '../../src/system/step.ts';

/** The compiled system and the invariants of one configuration. */
export function configurationOf(model: AnyModel, config: string, set: Record<string, unknown> = {}) {
  const parameters = resolveParameters(model, config, set);
  const properties = typeof model.properties === 'function' ? model.properties(parameters) : (model.properties ?? {});
  return { compiled: compileSystem(model.system(parameters)), properties, parameters };
}

/** The checker's violation for a configuration that must have one. */
export function checkerViolation(model: AnyModel, config: string, set: Record<string, unknown> = {}): Violation {
  const { verdict } = checkConfiguration(model, config, { set }).result;
  if (!('trace' in verdict)) throw new Error(`${config}: the checker found no violation (${verdict.kind})`);
  return verdict;
}

/** The driver log of a trace, as `text - source` lines. */
export function driverLines(trace: { steps: readonly { logs: readonly { text: string; source: string }[] }[] }): string[] {
  return trace.steps.flatMap((step) => step.logs.map((line) => `${line.text} - ${line.source}`));
}
