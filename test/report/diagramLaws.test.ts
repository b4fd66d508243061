/**
 * Laws every diagram must obey, applied to every model in models/ (the dining philosophers,
 * the print spooler, the DriverKit SCSI model, …) rather than to one snapshot:
 *
 * - statecharts (Mermaid and DOT): every state appears once, inside its parent; every
 *   transition with a target is an edge with its label; blocked and resting leaves carry their
 *   classes; every state keeps the class `s<index>` the HTML report highlights by;
 * - counterexamples (Mermaid): every step is one arrow, in order, to the stepping actor, from
 *   an actor that sent it that message; crossed exactly when ignored, dropped or unhandled;
 *   activations balanced; every message left in a mailbox drawn as queued; a deadlock's
 *   wait-for cycle drawn edge by edge inside the red block.
 */
import { readdirSync } from 'node:fs';
import type { AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { checkConfiguration, compileSystem, type AnyModel } from '../../src/index.ts';
import { loadModel } from '../../src/model/loadModel.ts';
import { statechartToDot } from '../../src/report/dot.ts';
import { leafClasses, sequenceToMermaid, statechartToMermaid } from '../../src/report/mermaid.ts';
import { replayTrace } from '../../src/report/replay.ts';
import { createSequenceDiagram } from '../../src/report/sequence.ts';
import { createStatechart, transitionGroupLabel, transitionGroups, type Statechart } from '../../src/report/statechart.ts';
import { formatEvent } from '../../src/report/text.ts';
import { parseDot, parseSequence, parseStateDiagram } from '../helpers/diagrams.ts';

const files = readdirSync('models').filter((f) => f.endsWith('.ts')).map((f) => `models/${f}`);
const models = await Promise.all(files.map(async (file) => [file, await loadModel(file)] as const));

/** The Mermaid id statechartToMermaid gives a path (these models use plain identifiers). */
const idOf = (path: string) => path.replace(/[^A-Za-z0-9_]/g, '_');

function machinesOf(model: AnyModel): AnyStateMachine[] {
  const machines = new Set<AnyStateMachine>();
  for (const config of Object.keys(model.configurations)) {
    const parameters = { ...model.parameters, ...(model.configurations[config]!.parameters ?? {}) };
    for (const actor of model.system(parameters).actors) machines.add(actor.machine);
  }
  return [...machines];
}

function checkMermaidStatechart(chart: Statechart): void {
  const parsed = parseStateDiagram(statechartToMermaid(chart));
  for (const state of chart.states.slice(1)) {
    const parent = state.path.includes('.') ? state.path.slice(0, state.path.lastIndexOf('.')) : '';
    expect(parsed.states.get(idOf(state.path)), state.path).toMatchObject({ parent: idOf(parent), composite: state.children.length > 0 });
    if (state.initial !== undefined) expect(parsed.initial.get(idOf(state.path) || '')).toBe(idOf(state.initial));
    if (state.type === 'final') expect(parsed.finals.has(idOf(state.path))).toBe(true);
  }
  expect(parsed.initial.get('')).toBe(idOf(chart.root.initial!));
  const edges = parsed.transitions.map((t) => `${t.from} → ${t.to}: ${t.label}`);
  const expected = transitionGroups(chart).flatMap((g) => g.targets.map((to) => `${g.source === '' ? '_any_state_' : idOf(g.source)} → ${idOf(to)}: ${transitionGroupLabel(g)}`));
  expect(edges.sort()).toEqual(expected.sort());
  const { blocked, resting } = leafClasses(chart);
  const withClass = (name: string) => [...parsed.classes].filter(([, c]) => c.has(name)).map(([id]) => id).sort();
  expect(withClass('blocked')).toEqual(blocked.map(idOf).sort());
  expect(withClass('resting')).toEqual(resting.map(idOf).sort());
}

function checkDotStatechart(chart: Statechart): void {
  const dot = parseDot(statechartToDot(chart));
  const { blocked } = leafClasses(chart);
  for (const state of chart.states.slice(1)) {
    if (state.children.length === 0) {
      const node = dot.nodes.get(state.path)!;
      expect(node.attributes.class.split(' ').slice(0, 2), state.path).toEqual(['state', `s${state.index}`]);
      expect(node.attributes.class.includes('blocked'), state.path).toBe(blocked.includes(state.path));
    } else {
      expect(dot.clusters.get(`cluster_${state.path}`)!.attributes.class, state.path).toBe(`state s${state.index} ${state.type}`);
    }
  }
  const initials = chart.states.filter((s) => s.initial !== undefined).length;
  const edges = transitionGroups(chart).reduce((n, g) => n + g.targets.length, 0);
  expect(dot.edges).toHaveLength(initials + edges);
}

function checkCounterexample(model: AnyModel, config: string): void {
  const run = checkConfiguration(model, config);
  if (!('trace' in run.result.verdict)) return; // reported by the model's own tests
  const violation = run.result.verdict;
  const system = model.system(run.parameters);
  const snapshots = replayTrace(compileSystem(system), violation.trace);
  const capacities = Object.fromEntries(system.actors.map((a) => [a.name, a.capacity]));
  const parsed = parseSequence(sequenceToMermaid(createSequenceDiagram(violation, snapshots, { capacities })));
  expect(parsed.participants).toEqual(system.actors.map((a) => a.name));

  const arrows = parsed.lines.filter((l) => l.kind === 'message' && /^\d+\. /.test(l.text) && !l.text.includes('MAILBOX OVERFLOW'));
  expect(arrows).toHaveLength(violation.trace.steps.length);
  const { steps, initial } = violation.trace;
  steps.forEach((step, i) => {
    const line = arrows[i]!;
    if (line.kind !== 'message') throw new Error('not a message');
    expect(line.text.startsWith(`${i + 1}. ${formatEvent(step.event)}`), `step ${i + 1}: ${line.text}`).toBe(true);
    expect(line.to).toBe(step.actor);
    const crossed = step.outcome === 'ignored' || step.outcome === 'unhandled' || step.drops.length > 0;
    expect(line.arrow, `step ${i + 1}`).toBe(crossed ? '-x' : '->>');
    if (step.kind === 'choose') expect(line.from).toBe(step.actor);
    else {
      const senders = [...initial.map((s) => ({ actor: s.actor, sends: s.sends })), ...steps.slice(0, i).map((s) => ({ actor: s.actor, sends: s.sends }))]
        .filter((s) => s.sends.some((send) => send.to === step.actor && JSON.stringify(send.event) === JSON.stringify(step.event)))
        .map((s) => s.actor);
      expect(senders, `step ${i + 1}: sender of ${step.event.type}`).toContain(line.from);
    }
  });

  const active = new Set<string>();
  for (const line of parsed.lines) {
    if (line.kind === 'activate') {
      expect(active.has(line.actor)).toBe(false);
      active.add(line.actor);
    }
    if (line.kind === 'deactivate') {
      expect(active.delete(line.actor), `deactivate ${line.actor}`).toBe(true);
    }
  }
  expect([...active]).toEqual([]);

  const queued = parsed.lines.filter((l) => l.kind === 'message' && l.arrow === '--)');
  const last = snapshots[snapshots.length - 1]!;
  for (const actor of last) expect(queued.filter((l) => l.kind === 'message' && l.to === actor.actor), actor.actor).toHaveLength(actor.mailbox.length);

  const cycle = violation.diagnosis.cycle;
  if (violation.kind === 'deadlock' && cycle.length > 0) {
    const waits = parsed.lines
      .filter((l) => l.kind === 'message' && l.arrow === '-->>' && l.blocks.some((b) => b.startsWith('rect rgba(220, 38, 38')))
      .map((l) => (l.kind === 'message' ? `${l.from}>${l.to}` : ''));
    expect(waits).toEqual(cycle.slice(0, -1).map((from, k) => `${from}>${cycle[k + 1]}`));
  }
}

describe.each(models)('diagrams of %s', (_, model) => {
  it.each(machinesOf(model).map((m) => [m.id, m] as const))('statechart of %s: Mermaid and DOT', (_, machine) => {
    const chart = createStatechart(machine);
    checkMermaidStatechart(chart);
    checkDotStatechart(chart);
  });

  const violating = Object.entries(model.configurations)
    .filter(([, c]) => !['pass', 'inconclusive'].includes(typeof c.expect === 'string' ? c.expect : c.expect.verdict))
    .map(([name]) => name);
  it.each(violating)('counterexample of %s', (config) => checkCounterexample(model, config));
});

const scsi = models.find(([file]) => file === 'models/scsi-target-creation.ts')?.[1];

describe.runIf(scsi)('the SCSI model (DriverKit) in particular', () => {
  it('draws a dispatch queue: blocked while running a handler or in a call, resting when idle', () => {
    const queue = machinesOf(scsi!).find((m) => m.id === 'dispatchQueue')!;
    const parsed = parseStateDiagram(statechartToMermaid(createStatechart(queue)));
    expect([...parsed.classes.get('blockedInCall')!]).toEqual(['blocked']);
    expect([...parsed.classes.get('idle')!]).toEqual(['resting']);
    expect(parsed.transitions.some((t) => t.from === 'runningHandler' && t.to === 'blockedInCall')).toBe(true);
  });

  it('draws create-on-default-queue: DefaultQueue calls UserCreateTargetForID, then the cycle DefaultQueue → kernel → DefaultQueue', () => {
    const run = checkConfiguration(scsi!, 'create-on-default-queue');
    if (run.result.verdict.kind !== 'deadlock') throw new Error(`expected a deadlock, got ${run.result.verdict.kind}`);
    const system = scsi!.system(run.parameters);
    const diagram = createSequenceDiagram(run.result.verdict, replayTrace(compileSystem(system), run.result.verdict.trace));
    const parsed = parseSequence(sequenceToMermaid(diagram));
    const calls = parsed.lines.filter((l) => l.kind === 'message' && l.from === 'DefaultQueue' && l.to === 'kernel' && / UserCreateTargetForID /.test(l.text));
    expect(calls).toHaveLength(1);
    const cycle = parsed.lines.filter((l) => l.blocks.some((b) => b.startsWith('rect rgba(220, 38, 38')));
    expect(cycle.map((l) => (l.kind === 'message' ? `${l.from}-->>${l.to}: ${l.text}` : l.kind === 'note' ? `note: ${l.text}` : l.kind))).toEqual([
      'note: deadlock: wait-for cycle DefaultQueue → kernel → DefaultQueue',
      'DefaultQueue-->>kernel: waits for',
      'kernel-->>DefaultQueue: waits for',
    ]);
    const queued = parsed.lines.filter((l) => l.kind === 'message' && l.arrow === '--)' && l.to === 'DefaultQueue');
    expect(queued.map((l) => (l.kind === 'message' ? l.text : ''))).toEqual([expect.stringMatching(/^queued: UserInitializeTargetForID .*\(deferred\)$/)]);
  });
});
