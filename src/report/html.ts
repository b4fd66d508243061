/**
 * The self-contained HTML report of one configuration run (design.md, "Outputs"): one file with
 * inline CSS and script, no network. It shows the verdict and statistics, the diagnosis, the
 * counterexample as a sequence diagram (SVG drawn by `sequenceSvg.ts`, Mermaid text beside it),
 * and a step-through view: a slider and buttons over the trace, each actor's statechart (SVG
 * from Graphviz in WebAssembly) with its active state highlighted, its context and mailbox.
 *
 * Every actor's state at every step comes from replaying the trace with the step function
 * (`replay.ts`) and is embedded as JSON; the script (`assets/report.js`) only displays it.
 *
 * @example
 * ```ts
 * const run = checkConfiguration(model, 'circular');
 * writeFileSync('report.html', await createHtmlReport(run, model.system(run.parameters)));
 * ```
 */
import { readFileSync } from 'node:fs';
import type { AnyStateMachine } from 'xstate';
import type { ConfigurationRun } from '../model/checkModel.ts';
import type { System } from '../system/defineSystem.ts';
import { compileSystem, describeState, initialState, type ActorSnapshot } from '../system/step.ts';
import { observeCommunication } from './communication.ts';
import { communicationToDot, statechartToDot } from './dot.ts';
import { sequenceToMermaid, statechartToMermaid } from './mermaid.ts';
import { replayTrace } from './replay.ts';
import type { Violation } from '../checker/result.ts';
import { createSequenceDiagram, type Example } from './sequence.ts';
import { sequenceToSvg } from './sequenceSvg.ts';
import { activePaths, createStatechart, type Statechart } from './statechart.ts';
import { renderSvg } from './svg.ts';
import { describeStep, formatCoverage, formatEvent } from './text.ts';
import { diagnosisSection, escapeHtml, traceList, verdictSection, verdictTone } from './_internals/htmlSections.ts';

export interface HtmlReportOptions {
  /** The command that reproduces the run, shown under the headline. */
  readonly command?: string;
  /** Global states explored for the communication graph (`communication.ts`); 0 leaves it out. Default 5,000. */
  readonly communicationStates?: number;
  /** Without a counterexample: the `reachable` property whose example to show (default: the first reached). */
  readonly example?: string;
}

/** One step of the step-through view: what happened, and every actor's state after it. */
interface StepData {
  readonly text: string;
  readonly actor: string | null;
  readonly logs: readonly string[];
  readonly actors: readonly ActorData[];
}

interface ActorData {
  readonly state: string;
  /** Indices (in the actor's statechart) of the active leaf states, and of their active ancestors. */
  readonly active: readonly number[];
  readonly ancestors: readonly number[];
  readonly context: unknown;
  readonly mailbox: readonly { text: string; deferred: boolean }[];
  readonly waitsFor: readonly string[];
  readonly final: boolean;
  readonly resting: boolean;
}

/** Builds the report; `system` is the one the run checked (`model.system(run.parameters)`). */
export async function createHtmlReport(run: ConfigurationRun, system: System, options: HtmlReportOptions = {}): Promise<string> {
  const compiled = compileSystem(system);
  const { verdict } = run.result;
  const violation = 'trace' in verdict ? verdict : undefined;
  // Without a counterexample, a `reachable` property's example: how the model gets there.
  const examples = Object.entries(run.result.examples ?? {});
  const [reached, example] = examples.find(([name]) => name === options.example) ?? examples[0] ?? [];
  const shown: Violation | Example | undefined = violation ?? (reached !== undefined ? { kind: 'example', property: reached, trace: example! } : undefined);
  const snapshots = shown ? replayTrace(compiled, shown.trace) : [describeState(compiled, initialState(compiled))];

  const charts = new Map<AnyStateMachine, Statechart>();
  for (const actor of system.actors) if (!charts.has(actor.machine)) charts.set(actor.machine, createStatechart(actor.machine));
  const chartOf = (machine: AnyStateMachine) => charts.get(machine)!;
  const users = (machine: AnyStateMachine) => system.actors.filter((a) => a.machine === machine).map((a) => a.name);

  const steps: StepData[] = snapshots.map((actors, i) => {
    const step = i > 0 ? shown!.trace.steps[i - 1]! : undefined;
    const initialText = shown
      ? shown.trace.initial.map((s) => `${s.actor} starts in ${s.state.label}${s.sends.length ? ` and sends ${s.sends.map((x) => `${formatEvent(x.event)} to ${x.to}`).join(', ')}` : ''}`).join('; ')
      : actors.map((a) => `${a.actor} starts in ${a.label}`).join('; ');
    const logs = step ? step.logs : (shown?.trace.initial.flatMap((s) => s.logs) ?? []);
    return {
      text: step ? `${i}. ${step.actor} ${describeStep(step)}` : `0. ${initialText}`,
      actor: step ? step.actor : null,
      logs: [...logs.map((l) => `${l.text} - ${l.source}`), ...(step?.drops ?? []).map((d) => `dropped ${step!.event.type}: ${d}`)],
      actors: actors.map((a, k) => actorData(a, chartOf(system.actors[k]!.machine))),
    };
  });

  const chartSvgs: string[] = [];
  const chartMermaid: string[] = [];
  const coverage = run.result.coverage;
  for (const [machine, chart] of charts) {
    const title = `${chart.machineId} (${users(machine).join(', ')})`;
    const covered = coverage?.machines.find((m) => m.machine === chart.machineId);
    chartSvgs.push(`<template id="chart-${escapeHtml(chart.machineId)}">${await renderSvg(statechartToDot(chart, { title, ...(covered ? { coverage: covered } : {}) }))}</template>`);
    chartMermaid.push(`<h4>${escapeHtml(title)}</h4><pre class="mermaid-source">${escapeHtml(statechartToMermaid(chart, { title }))}</pre>`);
  }

  const sections: string[] = [verdictSection(run, options.command)];
  if (shown) {
    const capacities = Object.fromEntries(system.actors.map((a) => [a.name, a.capacity]));
    const diagram = createSequenceDiagram(shown, snapshots, { capacities });
    sections.push(
      shown.kind === 'example' ? `<p>${escapeHtml(`Below: the shortest path found to a state where the reachable property '${shown.property}' holds.`)}</p>` : diagnosisSection(shown.diagnosis),
      `<h2 id="sequence">${shown.kind === 'example' ? `Example: how ${escapeHtml(shown.property)} is reached` : 'Counterexample'}</h2>`,
      `<div class="scroll">${sequenceToSvg(diagram)}</div>`,
      `<details><summary>Mermaid source (renders on GitHub)</summary><pre class="mermaid-source" id="sequence-mermaid">${escapeHtml(sequenceToMermaid(diagram))}</pre></details>`,
    );
  }
  sections.push(
    `<h2 id="steps">${shown ? 'Step through the trace' : 'Actors in their initial state'}</h2>`,
    controls(),
    `<div class="actors">${system.actors.map((a) => actorPanel(a.name, chartOf(a.machine).machineId)).join('\n')}</div>`,
  );
  if (shown) sections.push('<h2 id="trace">Trace</h2>', traceList(shown.trace));
  if (coverage) {
    const note = 'States never reached and transitions never taken are drawn grey and dashed in the statecharts above.';
    sections.push('<h2 id="coverage">Coverage</h2>', `<p>${escapeHtml(note)}</p>`, `<pre class="coverage">${escapeHtml(formatCoverage(coverage).join('\n'))}</pre>`);
  }
  const states = options.communicationStates ?? 5000;
  if (states > 0) {
    const graph = observeCommunication(compiled, { maxStates: states });
    const note = graph.complete
      ? `Observed over all ${graph.states.toLocaleString('en-US')} reachable states.`
      : `Observed over the first ${graph.states.toLocaleString('en-US')} states explored: messages sent only in other states are missing.` +
        (graph.error ? ` The exploration stopped at a model error: ${graph.error}` : '');
    sections.push('<h2 id="communication">Communication</h2>', `<p>${escapeHtml(note)}</p>`, `<div class="scroll">${await renderSvg(communicationToDot(graph))}</div>`);
  }
  sections.push('<h2 id="statecharts">Statecharts (Mermaid)</h2>', `<details><summary>Mermaid source of each statechart</summary>${chartMermaid.join('\n')}</details>`);

  const data = {
    actors: system.actors.map((a) => ({ name: a.name, chart: chartOf(a.machine).machineId })),
    steps,
    cycle: violation?.diagnosis.cycle ?? [],
    initialStep: steps.length - 1,
  };
  const title = `interleave: ${run.model} / ${run.config}: ${verdict.kind}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>\n${asset('report.css')}</style>`,
    '</head>',
    `<body class="${verdictTone(verdict.kind)}">`,
    '<main>',
    ...sections,
    '</main>',
    ...chartSvgs,
    `<script type="application/json" id="report-data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`,
    `<script>\n${asset('report.js')}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function actorData(snapshot: ActorSnapshot, chart: Statechart): ActorData {
  const paths = activePaths(snapshot.value).filter((p) => p !== '');
  const index = (path: string) => chart.states.find((s) => s.path === path)?.index;
  const leaves = paths.filter((p) => !paths.some((q) => q.startsWith(`${p}.`)));
  const defined = (xs: (number | undefined)[]) => xs.filter((x): x is number => x !== undefined);
  return {
    state: snapshot.label,
    active: defined(leaves.map(index)),
    ancestors: defined(paths.filter((p) => !leaves.includes(p)).map(index)),
    context: snapshot.context,
    mailbox: snapshot.mailbox.map((m) => ({ text: formatEvent(m.event), deferred: m.deferred })),
    waitsFor: snapshot.waitsFor,
    final: snapshot.final,
    resting: snapshot.resting,
  };
}

function controls(): string {
  return [
    '<div class="controls">',
    '<button id="first" title="first step (Home)">« first</button>',
    '<button id="previous" title="previous step (←)">◀ previous</button>',
    '<input type="range" id="step-slider" min="0" max="0" value="0" aria-label="step">',
    '<button id="next" title="next step (→)">next ▶</button>',
    '<button id="last" title="last step (End)">last »</button>',
    '<span id="step-counter"></span>',
    '<p id="step-text" class="mono"></p>',
    '<pre id="step-logs"></pre>',
    '</div>',
  ].join('\n');
}

function actorPanel(name: string, chart: string): string {
  return [
    `<section class="actor" data-actor="${escapeHtml(name)}">`,
    `<header><h3>${escapeHtml(name)}</h3><span class="machine">${escapeHtml(chart)}</span><span class="badges"></span></header>`,
    '<div class="state-label"></div>',
    '<div class="chart"></div>',
    '<div class="mailbox"><h4>mailbox</h4><ol></ol><span class="empty">empty</span></div>',
    '<div class="context"><h4>context</h4><pre></pre></div>',
    '</section>',
  ].join('\n');
}

/** A file of `assets/`, inlined so that the report makes no network request. */
function asset(name: string): string {
  return readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8');
}
