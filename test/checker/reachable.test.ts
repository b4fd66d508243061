/**
 * `reachable` properties: a scenario some reachable state must play out. Unreached after a
 * complete search, the verdict is `unreachable`; reached, the result keeps the shortest path
 * as an example. The lamp's 8 states are worked out by hand in test/fixtures/systems/lamp.ts.
 */
import { describe, expect, it } from 'vitest';
import { always, check, checkConfiguration, defineSystem, forEach, reachable } from '../../src/index.ts';
import { loadModel } from '../../src/model/loadModel.ts';
import { runCli } from '../helpers/cli.ts';

const scenarios = await loadModel('test/fixtures/systems/lampScenarios.ts');
const FILE = 'test/fixtures/systems/lampScenarios.ts';

describe('reachable', () => {
  it('keeps the shortest path to a state where the property holds', () => {
    const { result } = checkConfiguration(scenarios, 'flickers', { partialOrder: false });
    expect(result.verdict).toEqual({ kind: 'pass' });
    const example = result.examples!.flickers!;
    expect(example.steps.map((s) => [s.actor, s.event.type, s.state.label])).toEqual([
      ['switcher', 'press', 'pressed'],
      ['lamp', 'toggle', 'lit.steady'],
      ['lamp', 'xstate.after.1000.lamp.lit.steady', 'lit.flicker'],
    ]);
  });

  it('fails as unreachable when every state was explored and none satisfies it', () => {
    const { result, asExpected } = checkConfiguration(scenarios, 'smokes', { partialOrder: false });
    expect(result.verdict).toEqual({
      kind: 'unreachable',
      property: 'smokes',
      message: "No reachable state satisfies 'smokes': all 8 states were explored, to depth 4.",
    });
    expect(asExpected).toBe(true);
    expect(Object.keys(result.examples!)).toEqual(['flickers']); // reached ones keep their example
  });

  it('gives the same verdicts with every reduction on and off', () => {
    const switches = [{}, { partialOrder: false }, { sleepSets: false }, { store: 'exact' as const }, { partialOrder: false, sleepSets: false, store: 'exact' as const }];
    for (const config of ['flickers', 'smokes']) {
      const verdicts = switches.map((options) => checkConfiguration(scenarios, config, options).result.verdict.kind);
      expect(new Set(verdicts)).toEqual(new Set([config === 'flickers' ? 'pass' : 'unreachable']));
    }
  });

  it('is reached in the initial state with an empty example', async () => {
    const { createMachine } = await import('xstate');
    const idle = createMachine({ id: 'idle', initial: 'waiting', states: { waiting: { meta: { resting: true } } } });
    const result = check(defineSystem({ actors: { idle: { machine: idle } } }), {
      properties: { waits: reachable((s) => s.actor('idle').matches('waiting')) },
    });
    expect(result.verdict.kind).toBe('pass');
    expect(result.examples?.waits?.steps).toEqual([]);
  });

  it('is not one of the properties forEach states per item: a clear error names the property', () => {
    const perItem = forEach(() => ['lamp'], (name) => reachable((s) => s.actor(name).matches('smoking')) as never);
    expect(() => checkConfiguration(scenarios, 'flickers', { properties: { perLamp: perItem } })).toThrow(
      "property 'perLamp': forEach states always, eventually or leadsTo properties, not reachable",
    );
  });

  it('does not hide a violation: an invariant broken first is the verdict', () => {
    const { result } = checkConfiguration(scenarios, 'smokes', {
      properties: { neverLit: always((s) => !s.actor('lamp').matches('lit')) },
    });
    expect(result.verdict.kind).toBe('invariant');
  });

  it('says nothing is proven when a limit stopped the search', () => {
    const { result } = checkConfiguration(scenarios, 'smokes', { maxStates: 3 });
    expect(result.verdict.kind).toBe('inconclusive');
  });

  it('is watched by workers too: the same verdict, and an example as short', () => {
    for (const workers of [1, 2]) {
      const { result } = checkConfiguration(scenarios, 'smokes', { workers, partialOrder: false });
      expect(result.workers ?? 1).toBe(workers);
      expect(result.verdict).toEqual({ kind: 'unreachable', property: 'smokes', message: "No reachable state satisfies 'smokes': all 8 states were explored, to depth 4." });
      expect(result.examples!.flickers!.steps).toHaveLength(3);
    }
  });
});

describe('examples are real paths', () => {
  // Symmetry, partial-order reduction and workers each rebuild the path another way.
  const cases: [string, string, Record<string, unknown>, object][] = [
    ['models/scsi-target-creation.ts', 'correct', { targets: 2, liveness: false }, {}],
    ['models/scsi-target-creation.ts', 'hot-unplug', { targets: 2, liveness: false }, {}],
    ['models/lock-server.ts', 'correct', {}, {}],
    ['models/dining-philosophers.ts', 'ordered', { n: 4, starvation: false }, { workers: 2 }],
  ];
  it.each(cases)('%s %s %j %j: replaying each example by its step indices ends where the property holds', async (file, config, set, options) => {
    const { compileSystem, initialState, applyStep } = await import('../../src/system/step.ts');
    const { StateViews } = await import('../../src/system/stateView.ts');
    const { propertiesOf } = await import('../../src/model/checkModel.ts');
    const model = await loadModel(file);
    const run = checkConfiguration(model, config, { set, ...options });
    expect(run.result.verdict.kind).toBe('pass');
    const compiled = compileSystem(model.system(run.parameters));
    const properties = propertiesOf(model, run.parameters);
    const examples = Object.entries(run.result.examples!);
    expect(examples.length).toBeGreaterThan(0);
    for (const [name, trace] of examples) {
      let state = initialState(compiled);
      for (const step of trace.steps) state = applyStep(compiled, state, step.index).state;
      const property = properties[name]!;
      expect(property.kind === 'reachable' && property.predicate(new StateViews(compiled).view(state))).toBe(true);
    }
  });
});

describe('check --example and the unreachable verdict on the command line', () => {
  it('prints the reached properties, and the example asked for', async () => {
    const run = await runCli('check', FILE, '--config', 'flickers', '--no-por', '--example', 'flickers');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Reached:\n  flickers: after 3 steps (--example flickers prints them)');
    expect(run.stdout).toContain('Example: how flickers is reached (3 steps, shortest):');
    expect(run.stdout).toContain('Replay path: ');
  });

  it('exits 1 on an unreachable property, naming it', async () => {
    const run = await runCli('check', FILE, '--config', 'smokes', '--no-por');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("✗ unreachable 'smokes': lamp-scenarios / smokes (smoke=true) (as expected)");
    expect(run.stdout).toContain("No reachable state satisfies 'smokes': all 8 states were explored, to depth 4.");
  });

  it('puts examples and the unreachable property in the JSON document', async () => {
    const run = await runCli('check', FILE, '--config', 'smokes', '--no-por', '--json');
    const document = JSON.parse(run.stdout);
    expect(document.verdict).toBe('unreachable');
    expect(document.property).toBe('smokes');
    expect(document.message).toMatch(/^No reachable state satisfies 'smokes'/);
    expect(document.examples.flickers.steps).toHaveLength(3);
  });

  it('refuses an --example that is not a reachable property, with exit code 2', async () => {
    const run = await runCli('check', FILE, '--config', 'flickers', '--example', 'smokes');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--example: 'smokes' is not a reachable property of lamp-scenarios/flickers (its reachable properties: flickers)");
  });
});
