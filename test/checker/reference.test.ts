/**
 * The engine's state and transition counts agree with an independent naive explorer
 * (test/helpers/referenceExplorer.ts) on dining philosophers n = 2..4 and on the print spooler.
 * The engine runs exhaustively (past the first violation), so both count every reachable state.
 */
import { describe, expect, it } from 'vitest';
import { check, type AnyModel } from '../../src/index.ts';
import { resolveParameters } from '../../src/model/checkModel.ts';
import philosophers from '../../models/dining-philosophers.ts';
import spooler from '../../models/print-spooler.ts';
import { exploreReference } from '../helpers/referenceExplorer.ts';

const cases: { model: AnyModel; config: string; set: Record<string, number> }[] = [
  ...[2, 3, 4].flatMap((n) => ['circular', 'ordered'].map((config) => ({ model: philosophers, config, set: { n } }))),
  ...Object.keys(spooler.configurations).map((config) => ({ model: spooler, config, set: {} })),
];

describe('engine counts equal the reference explorer', () => {
  it.each(cases)('$model.name $config $set', ({ model, config, set }) => {
    const system = model.system(resolveParameters(model, config, set));
    const reference = exploreReference(system);
    const engine = check(system, { exhaustive: true });
    expect({ states: engine.stats.states, transitions: engine.stats.transitions }).toEqual({
      states: reference.states,
      transitions: reference.transitions,
    });
  });
});
