/**
 * Symmetry reduction: the same verdicts with and without it, fewer states with it, traces that
 * are real executions of the model (not of representatives), and declarations that are not
 * symmetries refused.
 */
import { describe, expect, it } from 'vitest';
import { always, applyStep, check, checkConfiguration, compileSystem, describeState, initialState, ModelError, type AnyModel, type SymmetryDefinition } from '../../src/index.ts';
import { Symmetry } from '../../src/checker/symmetry/symmetry.ts';
import lockServer from '../../models/lock-server.ts';
import { resolveParameters } from '../../src/model/checkModel.ts';

/**
 * Checks `config` with and without symmetry: both find the same invariant violation, by
 * traces of one length, and the one found with symmetry replays step by step on the real
 * model, each step sending what the trace says. Returns the trace's length.
 */
function expectTraceReplays(model: AnyModel, config: string, set: Record<string, unknown>): number {
  const on = checkConfiguration(model, config, { set }).result;
  const off = checkConfiguration(model, config, { set, symmetry: false }).result;
  expect(on.reductions.some((reduction) => reduction.startsWith('symmetry'))).toBe(true);
  if (on.verdict.kind !== 'invariant' || off.verdict.kind !== 'invariant') throw new Error('expected invariant violations');
  expect(on.verdict.trace.steps.length).toBe(off.verdict.trace.steps.length);
  expectStepsReplay(model, config, set, on.verdict.trace.steps);
  return on.verdict.trace.steps.length;
}

/** Replays `steps` on the real model, each sending what it says; returns the state and its description. */
function expectStepsReplay(model: AnyModel, config: string, set: Record<string, unknown>, steps: readonly { index: number; sends: unknown }[]) {
  const compiled = compileSystem(model.system(resolveParameters(model, config, set)));
  let state = initialState(compiled);
  for (const step of steps) {
    const result = applyStep(compiled, state, step.index);
    expect(result.sends).toEqual(step.sends);
    state = result.state;
  }
  return describeState(compiled, state);
}

describe('symmetry reduction on the lock server', () => {
  it.each([
    [3, 41, 226],
    [4, 80, 1653],
    [5, 141, 13646],
  ])('clients=%i: %i states with symmetry, %i without, same verdict', (clients, reduced, full) => {
    const on = checkConfiguration(lockServer, 'correct', { set: { clients } }).result;
    const off = checkConfiguration(lockServer, 'correct', { set: { clients }, symmetry: false }).result;
    expect([on.verdict.kind, off.verdict.kind]).toEqual(['pass', 'pass']);
    expect([on.stats.states, off.stats.states]).toEqual([reduced, full]);
    expect(on.reductions).toEqual([`symmetry (${clients} elements)`]);
    expect(off.reductions).toEqual([]);
  });

  it('reports a violation with a trace that replays on the real model, as long as without symmetry', () => {
    expectTraceReplays(lockServer, 'grant-while-held', { clients: 4 });
  });

  it.each([
    ['busy', 'unhandled', /^caller1 in state waiting received busy/],
    ['flood', 'overflow', /^The mailbox of caller1 \(capacity 1, holding ack\) overflowed/],
  ] as const)('names the real actor where a last step breaks a rule (%s: %s at the second of three interchangeable callers)', async (config, kind, summary) => {
    // The search meets the violation in a representative, where the second caller may sit
    // elsewhere: the last step and its receiver are mapped back through the permutation.
    const secondCaller = (await import('../fixtures/systems/secondCaller.ts')).default;
    const on = checkConfiguration(secondCaller, config).result;
    const off = checkConfiguration(secondCaller, config, { symmetry: false }).result;
    expect(on.reductions).toEqual(['symmetry (3 elements)']);
    if (on.verdict.kind !== kind || off.verdict.kind !== kind || !('diagnosis' in on.verdict) || !('diagnosis' in off.verdict)) throw new Error(`expected ${kind}`);
    const steps = (trace: { steps: readonly { actor: string; index: number }[] }) => trace.steps.map((step) => `${step.actor} ${step.index}`);
    expect(steps(on.verdict.trace)).toEqual(steps(off.verdict.trace));
    expect(on.verdict.diagnosis.summary).toBe(off.verdict.diagnosis.summary);
    expect(on.verdict.diagnosis.summary).toMatch(summary);
  });

  it('replays a trace whose states were stored under permutations of three, not only swaps (SCSI double-completion, 3 targets)', async () => {
    // The lock server's traces here meet only swaps, which are their own inverses: mapping
    // representatives back by the permutation instead of its inverse went unseen there.
    const scsi = (await import('../../models/scsi-target-creation.ts')).default;
    expect(expectTraceReplays(scsi, 'double-completion', { targets: 3, liveness: false })).toBe(57);
  });

  const system = () => lockServer.system(resolveParameters(lockServer, 'correct', { clients: 2 }));
  const declared = lockServer.symmetry!(resolveParameters(lockServer, 'correct', { clients: 2 }))!;

  it('refuses a renaming that is not a bijection', () => {
    const broken: SymmetryDefinition = { ...declared, context: (actor, context) => (actor === 'server' ? { ...context, holders: [] } : context) };
    // The search tests the declaration on its first states and finds that it is no symmetry…
    expect(() => check(system(), { symmetry: broken })).toThrow(ModelError);
    // …and renaming itself refuses it, on any state where the server holds a client.
    const compiled = compileSystem(system());
    let state = initialState(compiled);
    const holders = () => (describeState(compiled, state).find((a) => a.actor === 'server')!.context as { holders: string[] }).holders;
    while (holders().length === 0) state = applyStep(compiled, state, 0).state;
    expect(() => new Symmetry(compiled, broken).canonical(state, new Int32Array(state.length))).toThrow(/renaming it back does not give it back/);
  });

  it('refuses a declaration that is a bijection but no symmetry (a reference left unrenamed)', () => {
    // Renames the clients in the server's context but forgets each client's own name.
    const forgetful: SymmetryDefinition = { ...declared, context: (actor, context, rename) => (actor === 'server' ? declared.context!(actor, context, rename) : context) };
    expect(() => check(system(), { symmetry: forgetful })).toThrow(
      'symmetry: the declared symmetry is not a symmetry of the model: under the permutation of elements 0→1, 1→0, the step of client0 on want leads to a state whose image is not a successor of the image; check the symmetry\'s actors, context and event functions (or use --no-symmetry)',
    );
  });

  it.each([
    ['clientZeroFirst', 'client0', 'client1'],
    ['clientOneFirst', 'client1', 'client0'],
  ])('refuses a property that tells the elements apart (%s), which would otherwise pass or fail by chance', (name, first, second) => {
    // Of the two mirror images, the representatives break one and never the other: the first
    // is refused where its violation is met, the second on the states expanded first.
    const property = always((s) => !(s.actor(second).matches('working') && s.actor(first).matches('idle')));
    expect(check(system(), { properties: { [name]: property } }).verdict.kind).toBe('invariant');
    expect(() => check(system(), { symmetry: declared, properties: { [name]: property } })).toThrow(
      new RegExp(
        `^symmetry: property '${name}' is (true|false) in a state and (true|false) in its image under the permutation of elements 0→1, 1→0; a property checked up to symmetry must treat the elements alike \\(or use --no-symmetry\\)$`,
      ),
    );
  });

  it('refuses elements whose actors run different machines, and unknown actors', () => {
    expect(() => check(system(), { symmetry: { ...declared, actors: (i) => (i === 0 ? ['client0'] : ['server']) } })).toThrow(
      /the actors of element 1 must run the same machines/,
    );
    expect(() => check(system(), { symmetry: { ...declared, actors: (i) => [`ghost${i}`] } })).toThrow(/element 0 names unknown actor 'ghost0'/);
  });

  it('is not used with liveness properties, with a warning', async () => {
    const { eventually } = await import('../../src/index.ts');
    const result = check(system(), { symmetry: declared, properties: { someoneWorks: eventually((s) => s.actor('client0').matches('working')) } });
    expect(result.reductions).toEqual([]);
    expect(result.warnings).toContain('symmetry reduction was off: it is not proven sound for liveness and forEach properties here');
  });
});

describe('symmetry on two workers', async () => {
  const { loadModel } = await import('../../src/model/loadModel.ts');
  const scsi = await loadModel('models/scsi-target-creation.ts');
  const lock = await loadModel('models/lock-server.ts');
  const callers = await loadModel('test/fixtures/systems/secondCaller.ts');

  // Workers order components by the ids they share, one thread by its own: the representatives
  // differ, the orbits do not.
  it.each([
    ['lock server, 4 clients', lock, 'correct', { clients: 4 }],
    ['lock server, grant while held', lock, 'grant-while-held', { clients: 4 }],
    ['SCSI, 2 targets', scsi, 'correct', { targets: 2, liveness: false }],
    ['SCSI, 3 targets, double completion', scsi, 'double-completion', { targets: 3, liveness: false }],
    ['SCSI, 2 targets, response without version 1', scsi, 'missing-response-version', { targets: 2, liveness: false }],
    ['SCSI, 2 targets, INQUIRY without data', scsi, 'inquiry-without-data-buffer', { targets: 2, liveness: false }],
    ['callers, unhandled', callers, 'busy', {}],
    ['callers, overflow', callers, 'flood', {}],
  ] as const)('%s: the verdict, counts and trace of one thread', (_, model, config, set) => {
    const one = checkConfiguration(model, config, { set, partialOrder: false }).result;
    const two = checkConfiguration(model, config, { set, workers: 2 }).result;
    expect(two.workers).toBe(2);
    // The SCSI model declares who sends to whom, so partial-order reduction could run on one thread.
    expect(two.warnings).toEqual(model === scsi ? ['partial-order reduction was off: parallel search does not use it yet'] : []);
    expect(two.reductions).toEqual(one.reductions);
    expect(two.reductions[0]).toMatch(/^symmetry/);
    expect(two.verdict.kind).toBe(one.verdict.kind);
    if (one.verdict.kind === 'pass') expect([two.stats.states, two.stats.transitions, two.stats.depth]).toEqual([one.stats.states, one.stats.transitions, one.stats.depth]);
    if (!('trace' in one.verdict) || !('trace' in two.verdict)) return;
    // A real execution of the model, as short as one thread's. Which of several equally short
    // ones workers find may differ from run to run, so the elements it names may too.
    expect(two.verdict.trace.steps.length).toBe(one.verdict.trace.steps.length);
    if (one.verdict.kind === 'invariant' && two.verdict.kind === 'invariant') expect(two.verdict.property).toBe(one.verdict.property);
    const named = (summary: string) => summary.replace(/caller\d/g, 'caller#');
    if (model === callers && 'diagnosis' in one.verdict && 'diagnosis' in two.verdict) expect(named(two.verdict.diagnosis.summary)).toBe(named(one.verdict.diagnosis.summary));
    expectStepsReplay(model, config, set, two.verdict.trace.steps);
  });

  it('counts as one thread does without sleep sets too', () => {
    // Workers skip canonicalizing a successor met before in the same form, with sleep sets or without.
    const set = { targets: 2, liveness: false };
    const one = checkConfiguration(scsi, 'correct', { set, partialOrder: false, sleepSets: false }).result;
    const two = checkConfiguration(scsi, 'correct', { set, sleepSets: false, workers: 2 }).result;
    expect([two.verdict.kind, two.stats.states, two.stats.transitions]).toEqual(['pass', one.stats.states, one.stats.transitions]);
  });

  it('gives the examples of reachable properties as real executions', () => {
    const set = { targets: 2, liveness: false };
    const one = checkConfiguration(scsi, 'correct', { set }).result;
    const two = checkConfiguration(scsi, 'correct', { set, workers: 2 }).result;
    expect(two.examples!.everyTargetCreated!.steps.length).toBe(one.examples!.everyTargetCreated!.steps.length);
    const reached = expectStepsReplay(scsi, 'correct', set, two.examples!.everyTargetCreated!.steps);
    expect(reached.find((a) => a.actor === 'kernel')!.context).toMatchObject({ probes: [{ outcome: 'created' }, { outcome: 'created' }] });
  });

  it('tests the declaration in the workers, and refuses one that is no symmetry', async () => {
    const forgetful = await loadModel('test/fixtures/systems/forgetfulSymmetry.ts');
    expect(() => checkConfiguration(forgetful, 'correct', { set: { clients: 2 }, workers: 2 })).toThrow(
      /^symmetry: the declared symmetry is not a symmetry of the model: under the permutation of elements 0→1, 1→0, the step of client0 on want leads to a state whose image is not a successor of the image/,
    );
  });

  it('runs on one thread when the symmetry is not the model file\'s own, which workers could not load', () => {
    const declared = lock.symmetry!(resolveParameters(lock, 'correct', { clients: 3 }))!;
    const result = checkConfiguration(lock, 'correct', { set: { clients: 3 }, workers: 2, symmetry: { ...declared } }).result;
    expect(result.workers).toBeUndefined();
    expect(result.stats.states).toBe(41);
    expect(result.warnings).toEqual([
      "searched on one thread, not 2: parallel search needs the model file, to load it in each worker, and checks only the model's own properties and symmetry",
    ]);
  });
});

describe('the reduced counts are the number of orbits, counted independently', async () => {
  const { exploreReference } = await import('../helpers/referenceExplorer.ts');
  const { canonicalJson } = await import('../../src/system/_internals/plainData.ts');
  it.each([3, 4])('clients=%i', (clients) => {
    const parameters = resolveParameters(lockServer, 'correct', { clients });
    const system = lockServer.system(parameters);
    const symmetry = lockServer.symmetry!(parameters)!;
    const { graph } = exploreReference(system);
    const names = system.actors.map((a) => a.name);
    const permutations: number[][] = [];
    const permute = (prefix: number[], rest: number[]): void => {
      if (rest.length === 0) permutations.push(prefix);
      rest.forEach((x, i) => permute([...prefix, x], [...rest.slice(0, i), ...rest.slice(i + 1)]));
    };
    permute([], Array.from({ length: clients }, (_, i) => i));
    const orbits = new Set(
      graph.states.map((state) => {
        const forms = permutations.map((p) => {
          const rename = (i: number) => p[i]!;
          const moved = new Map<string, string>();
          state.forEach((actor, index) => {
            const name = names[index]!;
            const target = name.startsWith('client') ? `client${rename(Number(name.slice(6)))}` : name;
            const context = symmetry.context!(name, actor.snapshot.context, rename);
            const mailbox = actor.mailbox.map((event) => symmetry.event!(event, rename));
            moved.set(target, canonicalJson([actor.snapshot.value, context, mailbox]));
          });
          return names.map((name) => moved.get(name)).join('|');
        });
        return forms.sort()[0];
      }),
    );
    const reduced = checkConfiguration(lockServer, 'correct', { set: { clients } }).result.stats.states;
    expect(reduced).toBe(orbits.size);
  });

  it('SCSI, 2 targets, under any order of components, in both stores: no representative loses a component the renaming had just interned', async () => {
    const { loadModel } = await import('../../src/model/loadModel.ts');
    const { breadthFirstSearch } = await import('../../src/checker/search.ts');
    const { ExactStore } = await import('../../src/checker/store/exactStore.ts');
    const { FingerprintStore } = await import('../../src/checker/store/fingerprintStore.ts');
    const scsi = await loadModel('models/scsi-target-creation.ts');
    const parameters = resolveParameters(scsi, 'correct', { targets: 2, liveness: false });
    const declared = scsi.symmetry!(parameters)!;
    const limits = { maxStates: Infinity, maxSeconds: Infinity, maxLocalStates: Infinity, maxMemory: Infinity };
    // Burnside's lemma: the orbits are (the states + the states the swap of the targets fixes) / 2.
    const compiled = compileSystem(scsi.system(parameters));
    const all = new ExactStore(compiled.width);
    expect(breadthFirstSearch(compiled, all, [], { limits, exhaustive: true }).states).toBe(82_539);
    const swap = new Symmetry(compiled, declared);
    const state = new Int32Array(compiled.width);
    const swapped = new Int32Array(compiled.width);
    let fixed = 0;
    for (let i = 0; i < all.size; i++) {
      all.read(i, state);
      swap.apply(state, 1, swapped);
      if (swapped.every((component, actor) => component === state[actor])) fixed++;
    }
    const orbits = (all.size + fixed) / 2;
    expect(orbits).toBe(41_301);
    // Preferring the newest components picks representatives made of components the renaming
    // interned a moment before, one of them the first to need wider rows in the store.
    const newestFirst = { compare: (_actor: number, a: number, b: number) => b - a };
    for (const order of [undefined, newestFirst]) {
      for (const Store of [ExactStore, FingerprintStore]) {
        const fresh = compileSystem(scsi.system(parameters));
        const store = new Store(fresh.width);
        const outcome = breadthFirstSearch(fresh, store, [], { limits, exhaustive: true, symmetry: new Symmetry(fresh, declared, order) });
        store.close();
        expect([outcome.finding.kind, outcome.states]).toEqual(['complete', orbits]);
      }
    }
  });
});

describe('symmetry gives the same verdicts and counts under any order of components', async () => {
  // Any total order on components picks one representative per orbit; which one must change
  // nothing a search reports (the order above picked representatives made of new components).
  const { loadModel } = await import('../../src/model/loadModel.ts');
  const { propertiesOf } = await import('../../src/model/checkModel.ts');
  const { breadthFirstSearch } = await import('../../src/checker/search.ts');
  const { ExactStore } = await import('../../src/checker/store/exactStore.ts');
  const { invariantsOf } = await import('../../src/checker/invariants.ts');
  const { guardProperties } = await import('../../src/checker/properties.ts');
  const limits = { maxStates: Infinity, maxSeconds: Infinity, maxLocalStates: Infinity, maxMemory: Infinity };
  const models = await Promise.all(['models/lock-server.ts', 'models/scsi-target-creation.ts'].map((file) => loadModel(file)));
  const parametersOf = (model: AnyModel, config: string) => resolveParameters(model, config, model.name.includes('scsi') ? { liveness: false, targets: 2 } : {});
  // The configurations that declare a symmetry (the SCSI model's need private create queues, and more).
  const cases = models.flatMap((model) =>
    Object.keys(model.configurations)
      .filter((config) => model.symmetry?.(parametersOf(model, config)))
      .map((config) => ({ name: model.name, model, config })),
  );

  /** The outcome of a safety search with the model's symmetry, components compared by `order`. */
  const search = (model: AnyModel, config: string, order?: { compare(actor: number, a: number, b: number): number }) => {
    const parameters = parametersOf(model, config);
    const declared = model.symmetry!(parameters)!;
    const compiled = compileSystem(model.system(parameters));
    const invariants = invariantsOf(guardProperties(propertiesOf(model, parameters)));
    const store = new ExactStore(compiled.width); // packs each successor as it is staged: a row too narrow shows at once
    try {
      const outcome = breadthFirstSearch(compiled, store, invariants, { limits, symmetry: new Symmetry(compiled, declared, order) });
      const { finding } = outcome;
      // A search stops at the first violation it meets: its kind and depth are the same, not the states counted so far.
      return finding.kind === 'complete' ? [finding.kind, outcome.states, outcome.transitions] : [finding.kind, outcome.depth, 'property' in finding ? finding.property : undefined];
    } finally {
      store.close();
    }
  };

  it('covers both models', () => expect(new Set(cases.map(({ name }) => name))).toEqual(new Set(['lock-server', 'scsi-target-creation'])));

  it.each(cases)('$name $config', ({ model, config }) => {
    expect(search(model, config, { compare: (_actor, a, b) => b - a })).toEqual(search(model, config));
  });

  it.each(cases)('$name $config, exact and fingerprints', ({ model, config }) => {
    const set = model.name.includes('scsi') ? { liveness: false, targets: 2 } : {};
    const [exact, fingerprint] = (['exact', 'fingerprint'] as const).map((store) => checkConfiguration(model, config, { set, store }).result);
    expect(fingerprint.verdict.kind).toBe(exact.verdict.kind);
    expect([fingerprint.stats.states, fingerprint.stats.transitions]).toEqual([exact.stats.states, exact.stats.transitions]);
  });

  // Workers order components by the ids the threads share: the same law, through the API.
  it.each(cases)('$name $config on two workers', ({ model, config }) => {
    const set = model.name.includes('scsi') ? { liveness: false, targets: 2 } : {};
    const one = checkConfiguration(model, config, { set, partialOrder: false }).result;
    const two = checkConfiguration(model, config, { set, workers: 2 }).result;
    expect([two.workers, two.verdict.kind]).toEqual([2, one.verdict.kind]);
    if (one.verdict.kind === 'pass') expect([two.stats.states, two.stats.transitions]).toEqual([one.stats.states, one.stats.transitions]);
    if ('trace' in one.verdict && 'trace' in two.verdict) expect(two.verdict.trace.steps.length).toBe(one.verdict.trace.steps.length);
  });
});
