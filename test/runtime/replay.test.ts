/**
 * Replay on the live runtime: every counterexample the checker writes for the SCSI and dining
 * philosophers models (`check --all --json`) replays to the trace's final state and verdict; a
 * live run's own path replays too; and a tampered trace reports the first step that diverges.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/loadModel.ts';
import philosophers from '../../models/dining-philosophers.ts';
import scsi from '../../models/scsi-target-creation.ts';
import type { AnyModel } from '../../src/model/defineModel.ts';
import { replay, type ReplayDocument } from '../../src/runtime/replay.ts';
import { runSystem } from '../../src/runtime/runSystem.ts';
import { toLiveRunDocument } from '../../src/report/runJson.ts';
import { runCli } from '../helpers/cli.ts';
import { configurationOf } from './helpers.ts';

interface CheckDocument extends ReplayDocument {
  config: string;
  parameters: Record<string, unknown>;
}

async function counterexamples(...argv: string[]): Promise<CheckDocument[]> {
  const { stdout } = await runCli('check', ...argv, '--all', '--json');
  return (JSON.parse(stdout) as CheckDocument[]).filter((d) => Array.isArray(d.path));
}

async function replayDocument(model: AnyModel, document: CheckDocument) {
  const { compiled, properties } = configurationOf(model, document.config, document.parameters);
  return replay(compiled, document, { properties });
}

describe('every counterexample replays on the runtime to the same final state and verdict', () => {
  it('scsi-target-creation: all twelve, the retry lasso among them', async () => {
    const documents = await counterexamples('models/scsi-target-creation.ts');
    expect(documents.map((d) => d.config)).toEqual([
      'create-on-default-queue',
      'missing-response-version',
      'inquiry-without-data-buffer',
      'interrupts-on-create-queue',
      'aux-queue-not-registered',
      'aux-create-routed-through-aux',
      'double-completion',
      'wrong-task-identifier',
      'highest-id-too-low',
      'stop-waits-for-create',
      'no-ring-recheck',
      'retry-forever-on-not-ready',
    ]);
    for (const document of documents) {
      const replayed = await replayDocument(scsi, document);
      expect({ config: document.config, ok: replayed.ok, divergence: replayed.divergence }).toEqual({ config: document.config, ok: true, divergence: undefined });
      expect(replayed.run.path).toEqual(document.path);
      // A lasso replays as its prefix and one round of its cycle; the run stops there, at the end of the path.
      expect(replayed.run.outcome.kind).toBe(document.verdict === 'liveness' ? 'steps-limit' : document.verdict);
      if (replayed.run.outcome.kind === 'deadlock') expect(replayed.run.outcome.diagnosis).toEqual(document.diagnosis);
    }
  });

  it('dining-philosophers (n=3): the circular deadlock and the unfair starvation lasso', async () => {
    const documents = await counterexamples('models/dining-philosophers.ts', '--set', 'n=3');
    expect(documents.map((d) => [d.config, d.verdict])).toEqual([
      ['circular', 'deadlock'],
      ['ordered-unfair', 'liveness'],
    ]);
    for (const document of documents) {
      const replayed = await replayDocument(philosophers, document);
      expect(replayed.divergence).toBeUndefined();
      expect(replayed.ok).toBe(true);
    }
  });

  it('dining-philosophers circular at its default size (n=5)', async () => {
    const { stdout } = await runCli('check', 'models/dining-philosophers.ts', '--config', 'circular', '--json');
    const document = JSON.parse(stdout) as CheckDocument;
    const replayed = await replayDocument(philosophers, document);
    expect(replayed.ok).toBe(true);
    expect(replayed.run.outcome).toMatchObject({ kind: 'deadlock', diagnosis: { cycle: document.diagnosis!.cycle } });
  });

  it('the law over every other model in models/: each counterexample replays', async () => {
    const files = readdirSync('models').filter((f) => f.endsWith('.ts') && !['scsi-target-creation.ts', 'dining-philosophers.ts'].includes(f));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const model = await loadModel(`models/${file}`);
      for (const document of await counterexamples(`models/${file}`)) {
        const replayed = await replayDocument(model, document);
        expect({ file, config: document.config, divergence: replayed.divergence }).toEqual({ file, config: document.config, divergence: undefined });
      }
    }
  });

  it('a live run replays from its own path, including a deadlock caught as a wait-for cycle', async () => {
    for (const [config, seed] of [['no-ring-recheck', 28], ['correct', 4], ['create-on-default-queue', 2]] as const) {
      const { compiled, properties, parameters } = configurationOf(scsi, config);
      const run = await runSystem(compiled, { seed, time: 'virtual', properties }).done;
      const document = JSON.parse(JSON.stringify(toLiveRunDocument({ model: scsi.name, config, parameters }, run))) as CheckDocument;
      const replayed = await replayDocument(scsi, document);
      expect(replayed.divergence).toBeUndefined();
      expect(replayed.run.final).toEqual(run.final);
    }
  });
});

describe('a tampered trace reports the step where it diverges', () => {
  const original = async () => (await runCli('check', 'models/scsi-target-creation.ts', '--config', 'missing-response-version', '--json')).stdout;

  it('a step index with no step there', async () => {
    const document = JSON.parse(await original()) as CheckDocument;
    (document.path as number[])[20] = 7;
    const replayed = await replayDocument(scsi, document);
    expect(replayed.divergence).toMatchObject({ kind: 'no-such-step', step: 21, index: 7, expected: { actor: document.trace!.steps[20]!.actor } });
    expect(replayed.run.path).toHaveLength(20);
  });

  it('a step index that names another enabled step', async () => {
    const document = JSON.parse((await runCli('check', 'models/scsi-target-creation.ts', '--config', 'no-ring-recheck', '--json')).stdout) as CheckDocument;
    const at = document.path.findIndex((index) => index === 1);
    (document.path as number[])[at] = 0;
    const replayed = await replayDocument(scsi, document);
    expect(replayed.divergence).toMatchObject({ kind: 'other-step', step: at + 1, index: 0, expected: { index: 1 } });
    if (replayed.divergence?.kind === 'other-step') expect(replayed.divergence.enabled.length).toBeGreaterThan(1);
  });

  it('a changed event', async () => {
    const document = JSON.parse(await original()) as CheckDocument;
    const step = document.trace!.steps[30] as { event: { type: string } };
    step.event = { ...step.event, type: 'Tampered' };
    const replayed = await replayDocument(scsi, document);
    expect(replayed.divergence).toMatchObject({ kind: 'other-step', step: 31, expected: { event: { type: 'Tampered' } } });
  });

  it('a changed result: the state the trace says a step led to', async () => {
    const document = JSON.parse(await original()) as CheckDocument;
    const last = document.trace!.steps.at(-1) as { state: { context: Record<string, unknown> } };
    last.state.context = { ...last.state.context, tampered: true };
    const replayed = await replayDocument(scsi, document);
    expect(replayed.divergence).toMatchObject({ kind: 'other-result', step: document.path.length, fields: ['state'] });
  });

  it('a trace of other parameters: the initial state differs', async () => {
    const document = JSON.parse(await original()) as CheckDocument;
    const { compiled } = configurationOf(scsi, 'missing-response-version', { targets: 2 });
    const replayed = await replay(compiled, document);
    expect(replayed.divergence?.kind).toBe('initial-state');
    expect(replayed.divergence?.step).toBe(0);
  });

  it('a path cut short: the verdict differs', async () => {
    const document = JSON.parse(await original()) as CheckDocument;
    const cut = { ...document, path: document.path.slice(0, 10), trace: { ...document.trace!, steps: document.trace!.steps.slice(0, 10) } };
    const replayed = await replayDocument(scsi, cut);
    expect(replayed.divergence).toMatchObject({ kind: 'verdict', step: 10, expected: 'deadlock', outcome: { kind: 'steps-limit' } });
  });
});
