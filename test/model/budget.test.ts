/** Budgets in the model definition: validated like the other fields, applied by checkConfiguration, overridden by options. */
import { describe, expect, it } from 'vitest';
import { checkConfiguration, defineModel, type AnyModel } from '../../src/index.ts';
import { resolveBudget } from '../../src/model/checkModel.ts';
import philosophers from '../../models/dining-philosophers.ts';

const withBudgets = (model: AnyModel, budget: object | undefined, configBudget: object | undefined) =>
  defineModel({
    ...model,
    ...(budget ? { budget } : {}),
    configurations: { ...model.configurations, ordered: { ...model.configurations.ordered!, ...(configBudget ? { budget: configBudget } : {}) } },
  } as never) as AnyModel;

describe('budgets', () => {
  it('end a run over budget as inconclusive, never as pass, and say which budget', () => {
    const model = withBudgets(philosophers, undefined, { maxStates: 50 });
    const run = checkConfiguration(model, 'ordered', { set: { n: 3 } });
    expect(run.result.verdict.kind).toBe('inconclusive');
    expect(run.asExpected).toBe(false);
    expect(run.budget).toEqual({ maxStates: 50 });
  });

  it("take the configuration's limit over the model's, key by key, and the options' over both", () => {
    const model = withBudgets(philosophers, { maxStates: 10, maxSeconds: 60 }, { maxStates: 1000 });
    expect(resolveBudget(model, 'ordered')).toEqual({ maxStates: 1000, maxSeconds: 60 });
    expect(resolveBudget(model, 'circular')).toEqual({ maxStates: 10, maxSeconds: 60 });
    expect(resolveBudget(model, 'ordered', { maxStates: 5 })).toEqual({ maxSeconds: 60 });
    const run = checkConfiguration(model, 'ordered', { set: { n: 3 }, maxStates: 100_000 });
    expect(run.result.verdict.kind).toBe('pass');
    expect(run.budget).toEqual({ maxSeconds: 60 });
    expect(checkConfiguration(philosophers, 'ordered', { set: { n: 2 } }).budget).toBeUndefined();
  });

  it.each([
    [{ maxStates: 0 }, "model 'dining-philosophers', configuration 'ordered': budget maxStates must be a positive number, got 0"],
    [{ maxSeconds: '10' }, 'model \'dining-philosophers\', configuration \'ordered\': budget maxSeconds must be a positive number, got "10"'],
    [{ maxState: 10 }, "model 'dining-philosophers', configuration 'ordered': unknown budget key 'maxState' (budget keys: maxStates, maxSeconds)"],
  ])('refuses a bad budget %j, naming the model and the configuration', (budget, message) => {
    expect(() => withBudgets(philosophers, undefined, budget)).toThrow(message);
  });

  it("refuses a bad model-level budget", () => {
    expect(() => withBudgets(philosophers, { maxStates: -1 }, undefined)).toThrow("model 'dining-philosophers': budget maxStates must be a positive number, got -1");
  });
});
