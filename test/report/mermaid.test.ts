/**
 * Mermaid output, checked on its structure: every state appears in its block, transitions
 * carry their labels, blocked and resting states have their classes; in counterexamples every
 * step is one arrow between the right lanes, drops and ignores are crossed arrows, and the
 * wait-for cycle (or a lasso's cycle) is inside a highlighted block.
 */
import { describe, expect, it } from 'vitest';
import { fork, philosopher } from '../../machines/philosopher.ts';
import philosophers, { diningTable } from '../../models/dining-philosophers.ts';
import spooler from '../../models/print-spooler.ts';
import { check, checkConfiguration, compileSystem, type AnyModel, type Violation } from '../../src/index.ts';
import { observeCommunication } from '../../src/report/communication.ts';
import { communicationToMermaid, sequenceToMermaid, statechartToMermaid } from '../../src/report/mermaid.ts';
import { replayTrace } from '../../src/report/replay.ts';
import { createSequenceDiagram } from '../../src/report/sequence.ts';
import { createStatechart } from '../../src/report/statechart.ts';
import { parseSequence, parseStateDiagram } from '../helpers/diagrams.ts';
import { dropSystem } from './fixtures/dropSystem.ts';
import { nested } from './fixtures/nestedMachine.ts';

function counterexample(model: AnyModel, config: string, set: Record<string, unknown> = {}) {
  const run = checkConfiguration(model, config, { set });
  const violation = run.result.verdict as Violation;
  const system = model.system(run.parameters);
  const capacities = Object.fromEntries(system.actors.map((a) => [a.name, a.capacity]));
  const mermaid = sequenceToMermaid(createSequenceDiagram(violation, replayTrace(compileSystem(system), violation.trace), { capacities }));
  return { violation, mermaid, parsed: parseSequence(mermaid) };
}

describe('statechartToMermaid', () => {
  it('draws the philosopher: every state, its transitions, blocked and resting classes', () => {
    const parsed = parseStateDiagram(statechartToMermaid(createStatechart(philosopher)));
    expect([...parsed.states.keys()]).toEqual(['thinking', 'waitingForFirst', 'waitingForSecond', 'eating']);
    expect(parsed.initial.get('')).toBe('thinking');
    expect(parsed.transitions.map((t) => `${t.from} --> ${t.to} : ${t.label}`)).toEqual([
      'thinking --> waitingForFirst : hungry / send take',
      'waitingForFirst --> waitingForSecond : granted / send take',
      'waitingForSecond --> eating : granted',
      'eating --> thinking : full / send release ×2',
    ]);
    const classesOf = (id: string) => [...(parsed.classes.get(id) ?? [])];
    expect(classesOf('waitingForFirst')).toEqual(['blocked']);
    expect(classesOf('waitingForSecond')).toEqual(['blocked']);
    expect(classesOf('thinking')).toEqual(['resting']);
    expect(classesOf('eating')).toEqual([]);
    expect(parsed.states.get('waitingForFirst')!.lines).toEqual(['blocked: waits for context.first']);
    expect(parsed.states.get('thinking')!.lines).toEqual(['resting', 'chooses hungry']);
  });

  it('draws the fork', () => {
    const parsed = parseStateDiagram(statechartToMermaid(createStatechart(fork)));
    expect([...parsed.states.keys()]).toEqual(['free', 'taken']);
    expect(parsed.transitions.map((t) => [t.from, t.to, t.label])).toEqual([
      ['free', 'taken', 'take / send granted'],
      ['taken', 'free', 'release'],
    ]);
    expect([...parsed.classes.get('taken')!]).toEqual(['blocked']);
  });

  it('nests compound states, separates parallel regions and writes each transition in the block holding both ends', () => {
    const chart = createStatechart(nested);
    const parsed = parseStateDiagram(statechartToMermaid(chart));
    // every state but the root appears once, under its parent
    for (const state of chart.states.slice(1)) {
      const id = state.path.replace(/\./g, '_');
      const parentPath = state.path.includes('.') ? state.path.slice(0, state.path.lastIndexOf('.')) : '';
      expect(parsed.states.get(id), state.path).toMatchObject({ parent: parentPath.replace(/\./g, '_'), composite: state.children.length > 0 });
    }
    expect(parsed.states.get('both_left_hist')!.name).toBe('H*');
    expect(parsed.parallel).toEqual(new Set(['both']));
    expect(parsed.initial.get('working')).toBe('working_calling');
    expect(parsed.finals).toEqual(new Set(['working_done', 'both_right_y']));
    const edge = (from: string, to: string) => parsed.transitions.find((t) => t.from === from && t.to === to);
    expect(edge('working_calling', 'working_checking')).toMatchObject({ block: 'working', label: 'reply [and(isReady, not(isLate))]' });
    expect(edge('working_calling', 'working_timedOut')!.label).toBe('after 100ms');
    expect(edge('working_checking', 'working_done')!.label).toBe('always [context.n > 2]');
    expect(edge('working', 'both')).toMatchObject({ block: '', label: 'done' });
    expect(edge('both', 'idle')!.label).toBe('stop / send bye');
    // root-level transitions leave from a pseudo state
    expect(parsed.states.get('_any_state_')!.name).toBe('(any state)');
    expect(edge('_any_state_', 'idle')!.label).toBe('reset');
    expect([...parsed.classes.get('working_calling')!]).toEqual(['blocked']);
    expect([...parsed.classes.get('both_right_x')!]).toEqual(['blocked']);
    expect(parsed.states.get('idle')!.lines).toEqual(['resting', 'ignores noise', 'chooses start', 'tags: quiet', 'poke / drop']);
  });
});

describe('communicationToMermaid', () => {
  it('draws the philosophers table: who sends what to whom, and the environment choices', () => {
    const text = communicationToMermaid(observeCommunication(diningTable(3, false)));
    const lines = text.split('\n').slice(1).map((l) => l.trim());
    expect(text.split('\n')[0]).toBe('flowchart LR');
    expect(lines).toContain('phil0 -->|"release, take"| fork0');
    expect(lines).toContain('phil0 -->|"release, take"| fork1');
    expect(lines).toContain('fork0 -->|"granted"| phil2');
    expect(lines).toContain('environment -.->|"full, hungry"| phil1');
    expect(lines.filter((l) => l.includes('-->|'))).toHaveLength(12);
  });
});

describe('sequenceToMermaid', () => {
  it('draws the circular deadlock: one arrow per step between the right lanes, the wait-for cycle in a red block', () => {
    const { violation, parsed } = counterexample(philosophers, 'circular', { n: 3 });
    expect(parsed.participants).toEqual(['fork0', 'fork1', 'fork2', 'phil0', 'phil1', 'phil2']);
    const steps = parsed.lines.filter((l) => l.kind === 'message' && /^\d+\. /.test(l.text));
    expect(steps).toHaveLength(violation.trace.steps.length);
    violation.trace.steps.forEach((step, i) => {
      const line = steps[i]!;
      expect(line).toMatchObject({ kind: 'message', to: step.actor, arrow: '->>' });
      if (line.kind !== 'message') return;
      expect(line.text.startsWith(`${i + 1}. ${step.event.type}`)).toBe(true);
      if (step.kind === 'choose') expect(line).toMatchObject({ from: step.actor, text: `${i + 1}. ${step.event.type} (choice)` });
    });
    // a delivered message comes from its sender: fork0 grants phil0 at step 5
    expect(steps[4]).toMatchObject({ from: 'fork0', to: 'phil0', text: '5. granted' });
    expect(steps[1]).toMatchObject({ from: 'phil0', to: 'fork0', text: '2. take {by: phil0}' });
    // blocked periods are activations, opened when an actor blocks and closed at the end
    const activations = parsed.lines.filter((l) => l.kind === 'activate').map((l) => (l.kind === 'activate' ? l.actor : ''));
    expect(new Set(activations)).toEqual(new Set(parsed.participants));
    // the messages still queued are dashed arrows
    const queued = parsed.lines.filter((l) => l.kind === 'message' && l.arrow === '--)');
    expect(queued.map((l) => (l.kind === 'message' ? `${l.from}->${l.to} ${l.text}` : ''))).toEqual([
      'phil2->fork0 queued: take {by: phil2} (deferred)',
      'phil0->fork1 queued: take {by: phil0} (deferred)',
      'phil1->fork2 queued: take {by: phil1} (deferred)',
    ]);
    // the cycle: every edge is a waits-for arrow inside the red block, after a note naming it
    const inCycle = parsed.lines.filter((l) => l.blocks.some((b) => b.startsWith('rect rgba(220, 38, 38')));
    const cycle = violation.diagnosis.cycle;
    expect(cycle).toEqual(['fork0', 'phil0', 'fork1', 'phil1', 'fork2', 'phil2', 'fork0']);
    expect(inCycle[0]).toMatchObject({ kind: 'note', over: ['fork0', 'phil2'], text: `deadlock: wait-for cycle ${cycle.join(' → ')}` });
    expect(inCycle.slice(1).map((l) => (l.kind === 'message' ? `${l.from}${l.arrow}${l.to}: ${l.text}` : ''))).toEqual(
      cycle.slice(0, -1).map((from, k) => `${from}-->>${cycle[k + 1]}: waits for`),
    );
  });

  it('crosses out an ignored and a dropped message, and starts blocked actors activated', () => {
    const result = check(dropSystem);
    const violation = result.verdict as Violation;
    const parsed = parseSequence(sequenceToMermaid(createSequenceDiagram(violation, replayTrace(compileSystem(dropSystem), violation.trace))));
    expect(parsed.lines.slice(0, 4)).toEqual([
      { kind: 'note', over: ['pinger'], text: 'starts in waiting (waits for ponger)', blocks: [] },
      { kind: 'activate', actor: 'pinger', blocks: [] },
      { kind: 'message', from: 'pinger', arrow: '-x', to: 'ponger', text: '1. noise (ignored)', blocks: [] },
      { kind: 'message', from: 'pinger', arrow: '-x', to: 'ponger', text: '2. poke (dropped: a poke is not a question)', blocks: [] },
    ]);
    expect(parsed.lines.slice(4)).toEqual([
      { kind: 'note', over: ['pinger', 'ponger'], text: 'deadlock: no actor can take a step; ponger dropped poke at step 2', blocks: ['rect rgba(245, 158, 11, 0.14)'] },
      { kind: 'note', over: ['pinger'], text: 'stuck in waiting, waits for ponger', blocks: ['rect rgba(245, 158, 11, 0.14)'] },
      { kind: 'deactivate', actor: 'pinger', blocks: [] },
    ]);
  });

  it('crosses out an unhandled message', () => {
    const { parsed } = counterexample(spooler, 'cancel-while-printing');
    const crossed = parsed.lines.filter((l) => l.kind === 'message' && l.arrow === '-x');
    expect(crossed).toHaveLength(1);
    expect(crossed[0]).toMatchObject({ from: 'client', to: 'spooler', text: '4. cancel UNHANDLED' });
    const last = parsed.lines[parsed.lines.length - 1]!;
    expect(last).toMatchObject({ kind: 'note', over: ['spooler'], text: 'unhandled: spooler cannot take cancel in printing' });
  });

  it('marks the send that overflows a mailbox', () => {
    const { parsed } = counterexample(spooler, 'tiny-mailbox');
    const overflow = parsed.lines.filter((l) => l.kind === 'message' && l.text.includes('MAILBOX OVERFLOW'));
    expect(overflow).toEqual([expect.objectContaining({ from: 'client', arrow: '-x', to: 'spooler', text: '2. job {id: 1} MAILBOX OVERFLOW' })]);
  });

  it('names the broken invariant over every lane', () => {
    const { parsed } = counterexample(spooler, 'reprint');
    expect(parsed.lines[parsed.lines.length - 1]).toMatchObject({ kind: 'note', over: ['client', 'printer'], text: "invariant 'eachJobPrintedOnce' violated" });
  });

  it("puts a liveness lasso's cycle inside a loop", () => {
    const { violation, parsed } = counterexample(philosophers, 'ordered-unfair', { n: 3 });
    const cycleStart = violation.trace.cycleStart!;
    const steps = parsed.lines.filter((l) => l.kind === 'message' && /^\d+\. /.test(l.text));
    expect(steps).toHaveLength(violation.trace.steps.length);
    steps.forEach((line, i) => {
      const inLoop = line.blocks.some((b) => b.startsWith('loop '));
      expect(inLoop, `step ${i + 1}`).toBe(i >= cycleStart);
    });
    expect(steps[cycleStart]!.blocks).toEqual(['rect rgba(37, 99, 235, 0.10)', `loop steps ${cycleStart + 1}–${steps.length} repeat forever`]);
    expect(parsed.lines.find((l) => l.kind === 'note' && l.text.startsWith('liveness'))).toMatchObject({
      text: `liveness 'hungryEats' violated for "phil0": steps ${cycleStart + 1}–${steps.length} repeat forever`,
    });
  });
});
