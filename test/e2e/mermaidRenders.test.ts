/**
 * Every kind of Mermaid diagram interleave writes renders with Mermaid itself (the library
 * GitHub renders Markdown diagrams with), in headless Chromium: statecharts of every machine
 * (compound, parallel, history, final, root-level transitions), communication graphs, and
 * counterexamples of each verdict kind, for the dining philosophers, the print spooler and,
 * when it is there, the SCSI model. The rendered SVG must name what the text names.
 */
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { AnyStateMachine } from 'xstate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import philosophers from '../../models/dining-philosophers.ts';
import spooler from '../../models/print-spooler.ts';
import { check, checkConfiguration, compileSystem, type AnyModel, type System, type Violation } from '../../src/index.ts';
import { loadModel } from '../../src/model/loadModel.ts';
import { observeCommunication } from '../../src/report/communication.ts';
import { communicationToMermaid, sequenceToMermaid, statechartToMermaid } from '../../src/report/mermaid.ts';
import { replayTrace } from '../../src/report/replay.ts';
import { createSequenceDiagram } from '../../src/report/sequence.ts';
import { createStatechart } from '../../src/report/statechart.ts';
import { chromiumPath, launchChromium, SKIP_MESSAGE } from '../helpers/chromium.ts';
import { decodeMermaid } from '../helpers/diagrams.ts';
import { dropSystem } from '../report/fixtures/dropSystem.ts';
import { nested } from '../report/fixtures/nestedMachine.ts';

const SCSI = 'models/scsi-target-creation.ts';

if (!chromiumPath) console.warn(`test/e2e/mermaidRenders.test.ts ${SKIP_MESSAGE}`);

function statecharts(system: System): [string, string][] {
  const machines = new Set<AnyStateMachine>(system.actors.map((a) => a.machine));
  return [...machines].map((m) => [`statechart ${m.id}`, statechartToMermaid(createStatechart(m))]);
}

function counterexample(name: string, system: System, violation: Violation): [string, string] {
  const capacities = Object.fromEntries(system.actors.map((a) => [a.name, a.capacity]));
  return [name, sequenceToMermaid(createSequenceDiagram(violation, replayTrace(compileSystem(system), violation.trace), { capacities }))];
}

function modelDiagrams(model: AnyModel, configs: string[], set: Record<string, unknown> = {}): [string, string][] {
  const diagrams: [string, string][] = [];
  for (const config of configs) {
    const run = checkConfiguration(model, config, { set });
    const system = model.system(run.parameters);
    if (config === configs[0]) diagrams.push(...statecharts(system), [`communication ${model.name}`, communicationToMermaid(observeCommunication(system, { maxStates: 2000 }))]);
    if ('trace' in run.result.verdict) {
      diagrams.push(counterexample(`${model.name} ${config}`, system, run.result.verdict));
    }
  }
  return diagrams;
}

describe.skipIf(!chromiumPath)('Mermaid renders every diagram', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    await page.setContent('<!DOCTYPE html><html><body><div id="out"></div></body></html>');
    await page.addScriptTag({ path: 'node_modules/mermaid/dist/mermaid.min.js' });
    await page.evaluate(() => (globalThis as unknown as { mermaid: { initialize(o: object): void } }).mermaid.initialize({ startOnLoad: false }));
  });
  afterAll(async () => browser?.close());

  async function render(text: string): Promise<string> {
    return page.evaluate(async (source) => {
      const mermaid = (globalThis as unknown as { mermaid: { render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
      try {
        return (await mermaid.render(`d${Math.random().toString(36).slice(2)}`, source)).svg;
      } catch (error) {
        return `ERROR ${(error as Error).message}`;
      }
    }, text);
  }

  it('renders statecharts, communication graphs and counterexamples of every verdict kind', async () => {
    const drop = check(dropSystem).verdict as Violation;
    const diagrams: [string, string][] = [
      ['statechart nested', statechartToMermaid(createStatechart(nested))],
      counterexample('ignored and dropped', dropSystem, drop),
      ...modelDiagrams(philosophers, ['circular', 'ordered-unfair'], { n: 3 }),
      ...modelDiagrams(spooler, ['cancel-while-printing', 'tiny-mailbox', 'reprint']),
    ];
    if (existsSync(SCSI)) diagrams.push(...modelDiagrams(await loadModel(SCSI), ['create-on-default-queue']));
    for (const [name, text] of diagrams) {
      const svg = await render(text);
      expect(svg.startsWith('<svg'), `${name}: ${svg.slice(0, 300)}`).toBe(true);
      // every state name, participant and message label written is drawn
      const names = [...text.matchAll(/^\s*(?:state "([^"]+)" as|participant (\w+)$)/gm)].map((m) => decodeMermaid(m[1] ?? m[2]!));
      for (const label of names) expect(svg, `${name}: ${label}`).toContain(label.replace(/&/g, '&amp;'));
    }
    expect(diagrams.length).toBeGreaterThan(12);
  });
});
