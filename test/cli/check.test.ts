/** The `interleave` CLI as a user runs it: verdicts, exit codes, text and JSON output. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

describe('interleave check', () => {
  it('finds the circular table deadlock with a shortest trace and exits 1', async () => {
    const run = await runCli('check', 'models/dining-philosophers.ts', '--config', 'circular', '--set', 'n=3');
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('✗ deadlock: dining-philosophers / circular (n=3 ordered=false starvation=true) (as expected)');
    expect(run.stdout).toContain('Trace (9 steps, shortest):');
    expect(run.stdout).toContain('Wait-for cycle: fork0 → phil0 → fork1 → phil1 → fork2 → phil2 → fork0.');
    expect(run.stdout).toContain('Replay path: 0,0,1,0,0,1,0,0,0');
    expect(lines.at(-1)).toMatch(/^states 273, transitions 590, depth 9, /);
  });

  it('proves the ordered table and prints the state count; exits 0', async () => {
    const run = await runCli('check', 'models/dining-philosophers.ts', '--config', 'ordered', '--set', 'n=4');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('✓ pass: dining-philosophers / ordered (n=4 ordered=true starvation=true): every property holds in all 9,004 states (as expected)');
    expect(run.stdout).toMatch(/states 9,004, transitions 37,672, depth 27, .* \(exact, weak fairness\)$/);
  });

  it('writes one JSON document with the verdict, stats, trace and diagnosis', async () => {
    const run = await runCli('check', 'models/dining-philosophers.ts', '--config', 'circular', '--set', 'n=2', '--json');
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout);
    expect(doc).toMatchObject({
      model: 'dining-philosophers',
      config: 'circular',
      parameters: { n: 2, ordered: false },
      verdict: 'deadlock',
      property: 'deadlock',
      expected: { verdict: 'deadlock' },
      asExpected: true,
      store: 'exact',
      reductions: [],
      stats: { states: 33, transitions: 43, depth: 6 },
      path: [0, 0, 1, 0, 0, 0],
    });
    expect(Object.keys(doc.stats).sort()).toEqual(['bytesPerState', 'depth', 'localStates', 'seconds', 'states', 'statesPerSecond', 'transitions']);
    expect(doc.trace.steps).toHaveLength(6);
    expect(doc.trace.steps[0]).toEqual({
      index: 0,
      actor: 'phil0',
      kind: 'choose',
      event: { type: 'hungry' },
      outcome: 'handled',
      sends: [{ to: 'fork0', event: { type: 'take', by: 'phil0' } }],
      logs: [],
      drops: [],
      state: { value: 'waitingForFirst', label: 'waitingForFirst', context: { self: 'phil0', first: 'fork0', second: 'fork1' } },
    });
    expect(doc.diagnosis.cycle).toEqual(['fork0', 'phil0', 'fork1', 'phil1', 'fork0']);
  });

  it('checks every configuration with --all, as a JSON array', async () => {
    const run = await runCli('check', 'models/print-spooler.ts', '--all', '--json');
    expect(run.code).toBe(1);
    const docs = JSON.parse(run.stdout);
    expect(docs.map((d: { config: string; verdict: string; property?: string; asExpected: boolean }) => [d.config, d.verdict, d.property ?? '', d.asExpected])).toEqual([
      ['correct', 'pass', '', true],
      ['cancel-while-printing', 'unhandled', 'unhandled', true],
      ['tiny-mailbox', 'overflow', 'overflow', true],
      ['reprint', 'invariant', 'eachJobPrintedOnce', true],
    ]);
  });

  it('reports the same with --no-sleep-sets: the circular table\'s trace and counts, the ordered table\'s proof', async () => {
    for (const [config, code] of [['circular', 1], ['ordered', 0]] as const) {
      const args = ['check', 'models/dining-philosophers.ts', '--config', config, '--set', 'n=4', '--set', 'starvation=false', '--json'];
      const [on, off] = [await runCli(...args), await runCli(...args, '--no-sleep-sets')];
      expect([on.code, off.code]).toEqual([code, code]);
      const [docOn, docOff] = [JSON.parse(on.stdout), JSON.parse(off.stdout)];
      expect(docOn.trace).toEqual(docOff.trace);
      expect([docOn.stats.states, docOn.stats.transitions, docOn.stats.depth]).toEqual([docOff.stats.states, docOff.stats.transitions, docOff.stats.depth]);
      // Only the steps followed differ: at least one edge into each state but the first, fewer than all.
      expect(docOn.stats.stepsFollowed).toBeGreaterThanOrEqual(docOn.stats.states - 1);
      expect(docOn.stats.stepsFollowed).toBeLessThan(docOn.stats.transitions);
      expect(docOff.stats.stepsFollowed).toBeUndefined();
    }
  });

  it('says in the summary line how many steps sleep sets followed', async () => {
    const args = ['check', 'models/dining-philosophers.ts', '--config', 'ordered', '--set', 'n=4', '--set', 'starvation=false'];
    const [on, off] = [await runCli(...args), await runCli(...args, '--no-sleep-sets')];
    expect(on.stdout).toMatch(/states 9,004, transitions 37,672 \([\d,]+ followed: sleep sets\), depth 27,/);
    expect(off.stdout).toContain('states 9,004, transitions 37,672, depth 27,');
  });

  it('explores past the violation with --continue: the same verdict and trace, every reachable state counted', async () => {
    const { exploreReference } = await import('../helpers/referenceExplorer.ts');
    const { default: philosophers } = await import('../../models/dining-philosophers.ts');
    const { resolveParameters } = await import('../../src/model/checkModel.ts');
    const reference = exploreReference(philosophers.system(resolveParameters(philosophers, 'circular', { n: 3 })));
    const stop = JSON.parse((await runCli('check', 'models/dining-philosophers.ts', '--config', 'circular', '--set', 'n=3', '--json')).stdout);
    const run = await runCli('check', 'models/dining-philosophers.ts', '--config', 'circular', '--set', 'n=3', '--continue', '--coverage', '--json');
    expect(run.code).toBe(1);
    const all = JSON.parse(run.stdout);
    expect([all.verdict, all.path]).toEqual(['deadlock', stop.path]);
    expect([stop.stats.states, all.stats.states, all.stats.transitions]).toEqual([273, reference.states, reference.transitions]);
    expect(all.coverage.complete).toBe(true);
    expect(stop.coverage).toBeUndefined();
    const workers = await runCli('check', 'models/dining-philosophers.ts', '--config', 'circular', '--set', 'n=3', '--set', 'starvation=false', '--continue', '--workers', '2');
    expect(workers.stderr).toBe('warning: circular: searched on one thread, not 2: parallel search stops at the first violation, and --continue explores past it');
    expect(workers.stdout.split('\n').at(-1)).toMatch(new RegExp(`^states ${reference.states.toLocaleString('en-US')}, `));
  });

  it('says how many workers searched, and by which reductions', async () => {
    const run = await runCli('check', 'models/lock-server.ts', '--config', 'correct', '--set', 'clients=4', '--workers', '2');
    expect([run.code, run.stderr]).toEqual([0, '']);
    // Workers narrow each sleep set by every edge into its state: which they follow may vary.
    expect(run.stdout.split('\n').at(-1)).toMatch(/^states 80, transitions 177 \(\d+ followed: sleep sets\), depth 11, .* \(fingerprint, P\(collision\) ≤ [\d.e-]+, symmetry \(4 elements\), 2 workers\)$/);
    const one = await runCli('check', 'models/lock-server.ts', '--config', 'correct', '--set', 'clients=4');
    expect(one.stdout.split('\n').at(-1)).toMatch(/^states 80, transitions 177 \(108 followed: sleep sets\), depth 11, .* \(fingerprint, P\(collision\) ≤ [\d.e-]+, symmetry \(4 elements\)\)$/);
  });

  it('calls a liveness counterexample a lasso, not a shortest trace', async () => {
    const run = await runCli('check', 'models/dining-philosophers.ts', '--config', 'ordered-unfair', '--set', 'n=3');
    expect(run.stdout.split('\n')[0]).toBe(`✗ liveness 'hungryEats' violated for "phil0": dining-philosophers / ordered-unfair (n=3 ordered=true starvation=true) (as expected)`);
    expect(run.stdout).toContain('\nTrace (9 steps, a lasso):\n');
  });

  it('prints only the driver log with --log', async () => {
    const run = await runCli('check', 'models/print-spooler.ts', '--config', 'cancel-while-printing', '--log');
    expect(run.stdout).toContain('Driver log:\ncannot handle cancel in printing: UNHANDLED - spooler');
  });
});

describe('interleave list', () => {
  it('lists parameters and configurations with their expected verdicts', async () => {
    const run = await runCli('list', 'models/print-spooler.ts');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('parameters (defaults): jobs=2 mayCancel=false capacity=3 reprint=false');
    expect(run.stdout).toContain('  reprint                expect invariant (eachJobPrintedOnce)  [reprint=true]');
    expect(run.stdout).toContain('properties (defaults): eachJobPrintedOnce (always), aJobIsPrinted (reachable)');
  });

  it("lists each configuration's properties where they differ from the defaults, and in JSON", async () => {
    const run = await runCli('list', 'models/scsi-target-creation.ts');
    expect(run.stdout).toContain(
      'properties (defaults): completedOnce (always), targetsHaveInquiryData (always), everyTargetCreated (reachable), everyTaskCompletes (forEach), everyCreateReturns (forEach)',
    );
    const hotUnplug = run.stdout.split('\n').findIndex((line) => line.startsWith('  hot-unplug '));
    expect(run.stdout.split('\n')[hotUnplug + 2]?.trim()).toBe(
      'properties: completedOnce (always), targetsHaveInquiryData (always), everyTargetCreated (reachable), unplugFailsACreate (reachable), everyTaskCompletes (forEach), everyCreateReturns (forEach)',
    );
    expect(run.stdout.match(/^ +properties: /gm)).toHaveLength(3); // hot-unplug, stop-waits-for-create and stop-async
    const document = JSON.parse((await runCli('list', 'models/print-spooler.ts', '--json')).stdout);
    expect(document.configurations[0].properties).toEqual([
      { name: 'eachJobPrintedOnce', kind: 'always' },
      { name: 'aJobIsPrinted', kind: 'reachable' },
    ]);
  });
});

describe('interleave ci', () => {
  it('checks every configuration against its expected verdict and its committed record, and prints a table', async () => {
    const run = await runCli('ci', 'models/print-spooler.ts');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^model +config +expected +verdict +states +transitions +depth +seconds +states\/s +result$/);
    expect(lines.filter((l) => l.startsWith('print-spooler'))).toHaveLength(4);
    expect(lines.at(-1)).toBe('all 4 configurations proved as expected and as recorded');
  });
});
