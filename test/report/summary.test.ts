/** The Markdown summary for CI job pages: a verdict table, then each counterexample's diagram. */
import { describe, expect, it } from 'vitest';
import philosophers from '../../models/dining-philosophers.ts';
import { checkConfiguration, type AnyModel } from '../../src/index.ts';
import { createSummary } from '../../src/report/summary.ts';
import { parseSequence } from '../helpers/diagrams.ts';

describe('createSummary', () => {
  const runs = [
    checkConfiguration(philosophers, 'circular', { set: { n: 3 } }),
    checkConfiguration(philosophers, 'ordered', { set: { n: 3 } }),
  ];
  const summary = createSummary(runs, (run) => (philosophers as AnyModel).system(run.parameters));

  it('has one table row per run', () => {
    const rows = summary.split('\n').filter((l) => l.startsWith('| dining-philosophers'));
    expect(rows).toHaveLength(2);
    expect(rows[0]!.split('|').map((c) => c.trim()).slice(1, -1)).toEqual([
      'dining-philosophers', 'circular', 'deadlock', '✗ deadlock', '273', expect.any(String), '9', expect.any(String), 'as expected',
    ]);
    expect(rows[1]).toContain('| ✓ pass | 872 |');
  });

  it('lists the reachable properties each run reached, with the length of its example', () => {
    // Hungry, the first fork takes the request and grants it, the philosopher asks the second, which grants it: 5 steps.
    expect(summary).toContain('Reached:\n\n- dining-philosophers / circular: `someoneEats` after 5 steps\n- dining-philosophers / ordered: `someoneEats` after 5 steps\n');
  });

  it('shows the diagnosis and the Mermaid sequence diagram of each counterexample only', () => {
    const blocks = summary.split('```mermaid\n').slice(1).map((b) => b.slice(0, b.indexOf('\n```')));
    expect(blocks).toHaveLength(1);
    const parsed = parseSequence(blocks[0]!);
    expect(parsed.participants).toEqual(['fork0', 'fork1', 'fork2', 'phil0', 'phil1', 'phil2']);
    expect(summary).toContain('#### ✗ dining-philosophers / circular: deadlock');
    expect(summary).toContain('Wait-for cycle: fork0 → phil0 → fork1 → phil1 → fork2 → phil2 → fork0.');
    expect(summary).toContain('Replay path: `0,0,1,0,0,1,0,0,0`');
    expect(summary).not.toContain('ordered: pass');
    expect(summary).not.toContain('Coverage');
  });

  it('adds what each configuration reached when the runs have coverage', async () => {
    const { loadModel } = await import('../../src/model/loadModel.ts');
    const lamp = await loadModel('test/fixtures/systems/lamp.ts');
    const withCoverage = createSummary([checkConfiguration(lamp, 'twice', { coverage: true })]);
    const block = withCoverage.slice(withCoverage.indexOf('#### Coverage: lamp / twice\n\n```text\n'));
    expect(block.split('\n').slice(3, 6)).toEqual([
      'Coverage (every reachable state): 7/8 states, 5/7 transitions',
      '  lamp (lamp): 4/5 states, 3/5 transitions',
      '    never reached: state smoking',
    ]);
  });
});
