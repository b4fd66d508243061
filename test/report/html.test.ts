/**
 * The HTML report without a browser: one self-contained file (no network), one statechart per
 * machine, the trace states embedded for the step-through view, the sequence diagram with a
 * row per step. test/e2e/htmlReport.test.ts drives the same report in Chromium.
 */
import { describe, expect, it } from 'vitest';
import philosophers from '../../models/dining-philosophers.ts';
import { checkConfiguration, type AnyModel } from '../../src/index.ts';
import { createHtmlReport } from '../../src/report/html.ts';
import { createStatechart } from '../../src/report/statechart.ts';
import { philosopher } from '../../machines/philosopher.ts';

async function report(config: string, n: number) {
  const run = checkConfiguration(philosophers, config, { set: { n } });
  const html = await createHtmlReport(run, (philosophers as AnyModel).system(run.parameters), { command: `interleave check models/dining-philosophers.ts --config ${config}` });
  const json = html.slice(html.indexOf('<script type="application/json" id="report-data">') + 49, html.indexOf('</script>', html.indexOf('id="report-data"')));
  return { run, html, data: JSON.parse(json) };
}

describe('createHtmlReport', () => {
  it('is one file that loads nothing from the network', async () => {
    const { html } = await report('circular', 3);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href=/);
    expect(html).not.toMatch(/@import|url\(\s*['"]?https?:/);
    const urls = html.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    expect(html.length).toBeLessThan(200_000);
  });

  it('embeds one statechart per machine and every actor state of every step', async () => {
    const { run, html, data } = await report('circular', 3);
    expect(html.match(/<template id="chart-[^"]+">/g)).toEqual(['<template id="chart-fork">', '<template id="chart-philosopher">']);
    if (run.result.verdict.kind !== 'deadlock') throw new Error('expected a deadlock');
    const { trace, diagnosis } = run.result.verdict;
    expect(data.steps).toHaveLength(trace.steps.length + 1);
    expect(data.initialStep).toBe(trace.steps.length);
    expect(data.cycle).toEqual(diagnosis.cycle);
    expect(data.actors.map((a: { name: string }) => a.name)).toEqual(['fork0', 'fork1', 'fork2', 'phil0', 'phil1', 'phil2']);
    const chart = createStatechart(philosopher);
    const index = (path: string) => chart.states.find((s) => s.path === path)!.index;
    const phil2 = data.actors.findIndex((a: { name: string }) => a.name === 'phil2');
    expect(data.steps[0].actors[phil2]).toMatchObject({ state: 'thinking', active: [index('thinking')], waitsFor: [], resting: true });
    expect(data.steps[trace.steps.length].actors[phil2]).toMatchObject({
      state: 'waitingForSecond',
      active: [index('waitingForSecond')],
      waitsFor: ['fork0'],
      mailbox: [],
    });
    trace.steps.forEach((step, i) => expect(data.steps[i + 1].actor).toBe(step.actor));
    const fork0 = data.steps[trace.steps.length].actors[0];
    expect(fork0.mailbox).toEqual([{ text: 'take {by: phil2}', deferred: true }]);
    expect(fork0.context).toEqual({ holder: 'phil0' });
  });

  it('draws the counterexample with a row per step, and the cycle', async () => {
    const { run, html } = await report('circular', 3);
    if (run.result.verdict.kind !== 'deadlock') throw new Error('expected a deadlock');
    run.result.verdict.trace.steps.forEach((step, i) => {
      const style = step.kind === 'choose' ? 'choice' : 'handled';
      expect(html).toContain(`<g class="row message ${style}" data-step="${i + 1}">`);
    });
    expect(html).toMatch(/<g class="group cycle" data-step="9">/);
    expect(html).toContain('<span class="cycle" id="cycle">fork0 → phil0 → fork1 → phil1 → fork2 → phil2 → fork0</span>');
    expect(html).toContain('sequenceDiagram');
    expect(html).toContain('Reproduce: <code>interleave check models/dining-philosophers.ts --config circular</code>');
  });

  it('shows a passing run with the shortest path to its first reachable property', async () => {
    const { run, html, data } = await report('ordered', 2);
    expect(html).toContain('<span class="verdict pass" id="verdict">pass</span>');
    expect(html).toContain('<h2 id="sequence">Example: how someoneEats is reached</h2>');
    const example = run.result.examples!.someoneEats!;
    expect(data.steps).toHaveLength(example.steps.length + 1);
    example.steps.forEach((step, i) => expect(data.steps[i + 1].actor).toBe(step.actor));
    expect(html).toContain("reachable 'someoneEats' holds here");
    expect(data.cycle).toEqual([]);
    expect(html).not.toContain('<h2 id="coverage">');
  });

  it('shows the example asked for, when there are several', async () => {
    const { loadModel } = await import('../../src/model/loadModel.ts');
    const scsi = await loadModel('models/scsi-target-creation.ts');
    const run = checkConfiguration(scsi, 'hot-unplug', { set: { liveness: false } });
    const system = scsi.system(run.parameters);
    expect(await createHtmlReport(run, system, { communicationStates: 0 })).toContain('<h2 id="sequence">Example: how everyTargetCreated is reached</h2>');
    const html = await createHtmlReport(run, system, { communicationStates: 0, example: 'unplugFailsACreate' });
    expect(html).toContain('<h2 id="sequence">Example: how unplugFailsACreate is reached</h2>');
    expect(html).toContain('The array is unplugged - hardware');
  });

  it('shows a passing run without reachable properties with its actors in their initial states', async () => {
    const { loadModel } = await import('../../src/model/loadModel.ts');
    const lamp = await loadModel('test/fixtures/systems/lamp.ts');
    const html = await createHtmlReport(checkConfiguration(lamp, 'twice'), lamp.system({}));
    expect(html).not.toContain('<svg class="sequence"');
    expect(html).toContain('<h2 id="steps">Actors in their initial state</h2>');
  });

  it('lists the coverage, and greys out what was never reached, when the run has it', async () => {
    const { loadModel } = await import('../../src/model/loadModel.ts');
    const lamp = await loadModel('test/fixtures/systems/lamp.ts');
    const run = checkConfiguration(lamp, 'twice', { coverage: true });
    const html = await createHtmlReport(run, lamp.system({}));
    expect(html).toContain('<h2 id="coverage">Coverage</h2>');
    expect(html).toContain('    never taken: off on toggle [branch 1, guard broken] → smoking');
    expect(html.match(/class="node state s\d+ unreached"/g)).toEqual(['class="node state s5 unreached"']);
    expect(html.match(/class="edge transition \w+ untaken"/g)).toHaveLength(2);
  });
});
