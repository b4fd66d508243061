/**
 * Simulation: many seeded runs, random or PCT. The SCSI bugs are found in few runs (seeds
 * pinned), `correct` shows nothing in 20 runs of each strategy, and a run found can be repeated
 * alone from its seed.
 */
import { describe, expect, it } from 'vitest';
import scsi from '../../models/scsi-target-creation.ts';
import { PctScheduler } from '../../src/runtime/pct.ts';
import { simulate } from '../../src/runtime/simulate.ts';
import { configurationOf } from './helpers.ts';

async function simulateConfig(config: string, strategy: 'random' | 'pct', runs: number, seed: number) {
  const { compiled, properties } = configurationOf(scsi, config);
  return simulate(compiled, { runs, seed, strategy, properties });
}

describe('simulate finds the SCSI bugs in few runs', () => {
  it.each(['random', 'pct'] as const)('missing-response-version, %s, seed 1: run 1 deadlocks with the dropped completion', async (strategy) => {
    const found = await simulateConfig('missing-response-version', strategy, 5, 1);
    expect(found.runs).toBe(1);
    expect(found.violation).toMatchObject({ run: 1, seed: 1, result: { outcome: { kind: 'deadlock' } } });
    const outcome = found.violation!.result.outcome;
    if (outcome.kind === 'deadlock') expect(outcome.diagnosis.dropped.at(-1)).toMatchObject({ actor: 'kernel', reason: 'version 0 ≠ 1' });
  });

  it('no-ring-recheck: pct finds it in run 1 (seed 1); uniform random needs 82 runs (seeds 1–82)', async () => {
    const pct = await simulateConfig('no-ring-recheck', 'pct', 100, 1);
    expect(pct.violation).toMatchObject({ run: 1, seed: 1, result: { outcome: { kind: 'deadlock' } } });
    expect(pct.scheduler).toMatch(/^pct \(depth 3, length \d+\)$/);
    const random = await simulateConfig('no-ring-recheck', 'random', 100, 1);
    expect(random.violation).toMatchObject({ run: 82, seed: 82 });
  });

  it('pct finds no-ring-recheck in a few runs from every first seed tried (1, 1001, …, 9001: 1 to 27 runs, 7.7 on average)', async () => {
    const runs: number[] = [];
    for (let k = 0; k < 10; k++) {
      const found = await simulateConfig('no-ring-recheck', 'pct', 30, 1000 * k + 1);
      expect(found.violation?.result.outcome.kind).toBe('deadlock');
      runs.push(found.runs);
    }
    expect(runs).toEqual([1, 13, 6, 27, 7, 3, 1, 10, 4, 5]);
  });

  it.each(['random', 'pct'] as const)('correct, %s: no violation in 20 runs', async (strategy) => {
    const found = await simulateConfig('correct', strategy, 20, 1);
    expect(found.violation).toBeUndefined();
    expect(found).toMatchObject({ runs: 20, maxRuns: 20, firstSeed: 1, endings: { 'valid-end': 20 } });
  });

  it('a run found can be repeated alone from its seed', async () => {
    const found = await simulateConfig('no-ring-recheck', 'random', 100, 1);
    const again = await simulateConfig('no-ring-recheck', 'random', 1, found.violation!.seed);
    expect(again.violation!.result.path).toEqual(found.violation!.result.path);
  });
});

describe('PctScheduler', () => {
  const step = (actor: string, index: number) => ({ index, actor, kind: 'deliver' as const, event: { type: 'm' }, reaction: 'handled' as const });

  it('runs the enabled actor of highest priority until a change point lowers it', () => {
    const pct = new PctScheduler(7, ['a', 'b', 'c'], { depth: 2, length: 5 });
    const enabled = [step('a', 0), step('b', 1), step('c', 2)];
    const picks = Array.from({ length: 5 }, (_, stepCount) => enabled[(pct.next(enabled, { now: 0, stepCount }) as { index: number }).index]!.actor);
    // One actor runs first; after the single change point another one runs, and keeps running.
    const first = picks[0]!;
    const switchAt = picks.findIndex((actor) => actor !== first);
    expect(switchAt).toBeGreaterThanOrEqual(0);
    expect(new Set(picks.slice(0, switchAt))).toEqual(new Set([first]));
    expect(new Set(picks.slice(switchAt)).size).toBe(1);
  });

  it('is fixed by its seed', () => {
    const picks = (seed: number) => {
      const pct = new PctScheduler(seed, ['a', 'b', 'c', 'd'], { depth: 3, length: 20 });
      const enabled = [step('a', 0), step('b', 1), step('c', 2), step('d', 3)];
      return Array.from({ length: 20 }, (_, stepCount) => (pct.next(enabled, { now: 0, stepCount }) as { index: number }).index);
    };
    expect(picks(3)).toEqual(picks(3));
    expect(new PctScheduler(1, ['a'], {}).description).toBe('pct (depth 3, length 100)');
    expect(() => new PctScheduler(1, ['a'], { depth: 0 })).toThrow('pct depth must be a whole number ≥ 1, got 0');
  });
});

describe('reachable properties in a simulation', () => {
  it('names the first run that reached each, and the step after which it first held in that run', async () => {
    const { loadModel } = await import('../../src/model/loadModel.ts');
    const { applyStep, initialState } = await import('../../src/system/step.ts');
    const { StateViews } = await import('../../src/system/stateView.ts');
    const { runSystem } = await import('../../src/runtime/runSystem.ts');
    const { UniformScheduler } = await import('../../src/runtime/scheduler.ts');
    const scsiModel = await loadModel('models/scsi-target-creation.ts');
    const { compiled, properties } = configurationOf(scsiModel, 'hot-unplug', { targets: 2, liveness: false });
    const simulation = await simulate(compiled, { runs: 30, seed: 1, properties });
    const first = simulation.reached!.unplugFailsACreate!;
    expect(first).not.toBeNull();
    // Run it again alone: the property first holds after exactly that step.
    const run = await runSystem(compiled, { time: 'virtual', seed: first.seed, scheduler: new UniformScheduler(first.seed), properties }).done;
    const holds = (state: Int32Array) => (properties.unplugFailsACreate as { predicate: (v: unknown) => boolean }).predicate(new StateViews(compiled).view(state));
    let state = initialState(compiled);
    for (const index of run.path.slice(0, first.step - 1)) state = applyStep(compiled, state, index).state;
    expect(holds(state)).toBe(false);
    state = applyStep(compiled, state, run.path[first.step - 1]!).state;
    expect(holds(state)).toBe(true);
    expect(Object.keys(simulation.reached!)).toEqual(['everyTargetCreated', 'unplugFailsACreate']);
  });
});
