/** The dining philosophers model: verdicts, counts and counterexample shapes users rely on. */
import { describe, expect, it } from 'vitest';
import { checkConfiguration } from '../../src/index.ts';
import philosophers from '../../models/dining-philosophers.ts';
import { runCli } from '../helpers/cli.ts';

describe('dining philosophers', () => {
  it.each([
    ['circular', 3, 'deadlock', 273],
    ['ordered', 3, 'pass', 872],
    ['ordered-strong', 3, 'pass', 872],
    ['ordered-unfair', 3, 'liveness', 872],
  ])('%s with n=%i: %s', (config, n, verdict, states) => {
    const run = checkConfiguration(philosophers, config, { set: { n } });
    expect(run.result.verdict.kind).toBe(verdict);
    expect(run.result.stats.states).toBe(states);
    expect(run.asExpected).toBe(true);
  });

  it('explains starvation without fairness with a lasso: one step to hunger, then a cycle of eight', () => {
    const { result } = checkConfiguration(philosophers, 'ordered-unfair', { set: { n: 3 } });
    expect(result.verdict).toMatchObject({ kind: 'liveness', property: 'hungryEats', item: 'phil0' });
    if (result.verdict.kind !== 'liveness') return;
    const { trace, diagnosis } = result.verdict;
    expect(trace.cycleStart).toBe(1);
    expect(trace.steps.map((s) => `${s.actor} ${s.event.type}`)).toEqual([
      'phil0 hungry',
      'phil1 hungry',
      'fork1 take',
      'phil1 granted',
      'fork2 take',
      'phil1 granted',
      'phil1 full',
      'fork1 release',
      'fork2 release',
    ]);
    expect(diagnosis.summary).toBe(
      `'hungryEats["phil0"]' fails: Its condition holds after step 1; from step 2 the system can repeat steps 2–9 forever (phil1, fork1, fork2 stepping) without reaching a state where its goal holds. No fairness is assumed, so any cycle counts.`,
    );
    expect(result.warnings).toHaveLength(1);
    expect(result.fairness).toBe('none');
  });

  it('prints the cycle of a lasso and warns about checking liveness without fairness', async () => {
    const run = await runCli('check', 'models/dining-philosophers.ts', '--config', 'ordered-unfair', '--set', 'n=3');
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe('✗ liveness \'hungryEats\' violated for "phil0": dining-philosophers / ordered-unfair (n=3 ordered=true starvation=true) (as expected)');
    expect(run.stdout).toContain('   1  phil0  chooses hungry → waitingForFirst; sends take {by: phil0} to fork0\n      ┌─ cycle: the steps below repeat forever\n   2  phil1  chooses hungry');
    expect(run.stdout).toContain('      └─ back to the state before step 2, forever');
    expect(run.stderr).toContain('warning: ordered-unfair: liveness was checked without fairness');
    const json = JSON.parse((await runCli('check', 'models/dining-philosophers.ts', '--config', 'ordered-unfair', '--set', 'n=3', '--json')).stdout);
    expect(json).toMatchObject({ verdict: 'liveness', property: 'hungryEats', item: 'phil0', fairness: 'none', trace: { cycleStart: 1 } });
  });

  it('--fairness overrides the configuration', async () => {
    const run = await runCli('check', 'models/dining-philosophers.ts', '--config', 'ordered-unfair', '--set', 'n=3', '--fairness', 'weak');
    expect(run.code).toBe(0);
  });

  it('reports liveness as inconclusive when a limit cuts the run', () => {
    const run = checkConfiguration(philosophers, 'ordered', { set: { n: 4 }, maxStates: 500 });
    expect(run.result.verdict.kind).toBe('inconclusive');
  });
});
