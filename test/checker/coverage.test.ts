/**
 * Coverage (src/checker/coverage.ts): which state nodes and event transitions of each machine
 * a check reached. The same with every reduction on or off; partial when the search stopped.
 */
import { describe, expect, it } from 'vitest';
import { checkConfiguration, type AnyModel } from '../../src/index.ts';
import { loadModel } from '../../src/model/loadModel.ts';
import { runCli } from '../helpers/cli.ts';

const lamp = await loadModel('test/fixtures/systems/lamp.ts');

/** The lamp's coverage, worked out by hand from its 8 states (see the fixture). */
const LAMP = {
  complete: true,
  machines: [
    {
      machine: 'lamp',
      actors: ['lamp'],
      // off, lit, lit.steady, lit.flicker and smoking; the root is not counted.
      states: { total: 5, unreached: ['smoking'] },
      // unplug at the root, toggle's two branches in off, toggle in lit, steady's timer.
      transitions: {
        total: 5,
        untaken: [
          { state: '(machine)', event: 'unplug', targets: ['off'] },
          { state: 'off', event: 'toggle', targets: ['smoking'], branch: 1, guard: 'broken' },
        ],
      },
    },
    { machine: 'switcher', actors: ['switcher'], states: { total: 3, unreached: [] }, transitions: { total: 2, untaken: [] } },
  ],
};

describe('coverage', () => {
  it('lists the states never reached and the transitions never taken, per machine', () => {
    const { result } = checkConfiguration(lamp, 'twice', { coverage: true });
    expect(result.verdict.kind).toBe('pass');
    expect(result.coverage).toEqual(LAMP);
  });

  it('counts the states a step only passes through, and leaves out transitions on raised events', async () => {
    // One heat step: cold → heating.warm → (always) heating.hot, final → (onDone) boiled →
    // (entry raises whistle) quiet. Only cold and quiet are ever a state between steps.
    const { check, defineSystem } = await import('../../src/index.ts');
    const { createMachine, raise } = await import('xstate');
    const kettle = createMachine({
      id: 'kettle',
      initial: 'cold',
      states: {
        cold: { meta: { choices: ['heat'] }, on: { heat: 'heating' } },
        heating: { initial: 'warm', onDone: 'boiled', states: { warm: { always: 'hot' }, hot: { type: 'final' } } },
        boiled: { entry: raise({ type: 'whistle' }), on: { whistle: 'quiet' } },
        quiet: { meta: { resting: true }, on: { whistle: 'broken' } },
        broken: { meta: { resting: true } },
      },
    });
    const result = check(defineSystem({ actors: { kettle: { machine: kettle } } }), { coverage: true });
    expect(result.stats.states).toBe(2);
    expect(result.coverage?.machines).toEqual([
      { machine: 'kettle', actors: ['kettle'], states: { total: 7, unreached: ['broken'] }, transitions: { total: 1, untaken: [], raised: ['whistle'] } },
    ]);
  });

  it('counts nothing a system compiled before met elsewhere: a live run that was sent unplug from outside', async () => {
    const { check, compileSystem, runSystem } = await import('../../src/index.ts');
    const compiled = compileSystem(lamp.system({}));
    const live = runSystem(compiled, { time: 'virtual', seed: 1 });
    live.actor('lamp').send({ type: 'unplug' });
    await live.done;
    expect(check(compiled, { coverage: true }).coverage).toEqual(LAMP);
  });

  it('is absent unless asked for', () => {
    expect(checkConfiguration(lamp, 'twice').result.coverage).toBeUndefined();
  });

  it('is the same with every reduction switched off, and with exact states', () => {
    const offs = [{ partialOrder: false }, { sleepSets: false }, { store: 'exact' as const }, { partialOrder: false, sleepSets: false, store: 'exact' as const }];
    for (const off of offs) expect(checkConfiguration(lamp, 'twice', { ...off, coverage: true }).result.coverage).toEqual(LAMP);
  });

  it('says it is partial when the search stopped early', () => {
    const { result } = checkConfiguration(lamp, 'twice', { coverage: true, maxStates: 2 });
    expect(result.verdict.kind).toBe('inconclusive');
    expect(result.coverage?.complete).toBe(false);
    // Two states: the lamp is off with the first toggle queued; it never took it.
    expect(result.coverage?.machines[0]?.states.unreached).toEqual(['lit', 'lit.steady', 'lit.flicker', 'smoking']);
  });

  it('prints a section after the statistics with --coverage, and adds it to --json', async () => {
    const text = await runCli('check', 'test/fixtures/systems/lamp.ts', '--coverage');
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n').slice(-6)).toEqual([
      'Coverage (every reachable state): 7/8 states, 5/7 transitions',
      '  lamp (lamp): 4/5 states, 3/5 transitions',
      '    never reached: state smoking',
      '    never taken: (machine) on unplug → off',
      '    never taken: off on toggle [branch 1, guard broken] → smoking',
      '  switcher (switcher): 3/3 states, 2/2 transitions',
    ]);
    const json = await runCli('check', 'test/fixtures/systems/lamp.ts', '--coverage', '--json');
    expect(JSON.parse(json.stdout).coverage).toEqual(LAMP);
    const without = await runCli('check', 'test/fixtures/systems/lamp.ts', '--json');
    expect(JSON.parse(without.stdout)).not.toHaveProperty('coverage');
  });

  it('searches on one thread, with a warning, when workers are asked for', async () => {
    const run = await runCli('check', 'test/fixtures/systems/lamp.ts', '--coverage', '--workers', '2', '--json');
    expect(run.stderr).toContain('warning: twice: searched on one thread, not 2: coverage reads the local states that one thread met');
    expect(JSON.parse(run.stdout).coverage).toEqual(LAMP);
  });
});

const models = ['models/print-spooler.ts', 'models/dining-philosophers.ts', 'models/lock-server.ts', 'models/pipelines.ts', 'models/scsi-target-creation.ts'];
const loaded: Record<string, AnyModel> = {};
for (const file of models) loaded[file] = await loadModel(file);
const setOf = (file: string) => (file.includes('dining') ? { n: 3, starvation: false } : file.includes('scsi') ? { liveness: false } : {});
// Coverage is compared where the search explored everything: the configurations that pass.
const cases = models.flatMap((file) =>
  Object.entries(loaded[file]!.configurations)
    .filter(([, configuration]) => configuration.expect === 'pass')
    .map(([config]) => ({ file, config, set: setOf(file) as Record<string, unknown> })),
);
// Two targets, so that symmetry renames states (one target has nothing to permute).
cases.push({ file: 'models/scsi-target-creation.ts', config: 'correct', set: { liveness: false, targets: 2 } });

describe('coverage of simulations', () => {
  it('covers only what the runs did: a run that never waits for the timer never flickers', async () => {
    const { simulate } = await import('../../src/index.ts');
    // Seed 6: press, toggle on, press, toggle off (path 0,0,1,0): the timer never fires.
    const one = await simulate(lamp.system({}), { runs: 1, seed: 6, coverage: true });
    expect(one.violation).toBeUndefined();
    const [lampCoverage, switcher] = one.coverage!.machines;
    expect(one.coverage!.complete).toBe(false);
    expect(lampCoverage!.states.unreached).toEqual(['lit.flicker', 'smoking']);
    expect(lampCoverage!.transitions.untaken.map((t) => `${t.state} on ${t.event}`)).toEqual([
      '(machine) on unplug',
      'off on toggle',
      'lit.steady on xstate.after.1000.lamp.lit.steady',
    ]);
    expect(switcher).toEqual(LAMP.machines[1]);
    // Twenty runs reach what the check does (yet say they are not complete).
    const twenty = await simulate(lamp.system({}), { runs: 20, seed: 1, coverage: true });
    expect(twenty.coverage).toEqual({ ...LAMP, complete: false });
  });

  it('prints it after the summary with simulate --coverage, and adds it to --json', async () => {
    const text = await runCli('simulate', 'test/fixtures/systems/lamp.ts', '--runs', '1', '--seed', '6', '--coverage');
    expect(text.stdout).toContain('\nCoverage (what 1 run reached): 6/8 states, 4/7 transitions\n  lamp (lamp): 3/5 states, 2/5 transitions\n');
    expect(text.stdout).toContain('\n    never taken: lit.steady after 1000ms → lit.flicker\n');
    const json = await runCli('simulate', 'test/fixtures/systems/lamp.ts', '--runs', '20', '--seed', '1', '--coverage', '--json');
    expect(JSON.parse(json.stdout).coverage).toEqual({ ...LAMP, complete: false });
  });
});

describe('coverage is the same with each reduction on and off, on every model', () => {
  it.each(cases)('$file $config $set', ({ file, config, set }) => {
    const all = checkConfiguration(loaded[file]!, config, { set, coverage: true }).result;
    const none = checkConfiguration(loaded[file]!, config, { set, coverage: true, partialOrder: false, symmetry: false, sleepSets: false, store: 'exact' }).result;
    expect(all.verdict.kind).toBe('pass');
    expect(all.coverage?.complete).toBe(true);
    expect(all.coverage).toEqual(none.coverage);
  });
});
