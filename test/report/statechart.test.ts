/** Walking XState machines into statecharts: every state node kind, trigger and annotation. */
import { describe, expect, it } from 'vitest';
import { fork, philosopher } from '../../machines/philosopher.ts';
import { spooler } from '../../machines/printSpooler.ts';
import { createMachine } from 'xstate';
import { activePaths, createStatechart, stateLines, transitionGroupLabel, transitionGroups, transitionLabel } from '../../src/report/statechart.ts';
import { nested } from './fixtures/nestedMachine.ts';

describe('createStatechart', () => {
  it('lists every state of the philosopher with its annotations', () => {
    const chart = createStatechart(philosopher);
    expect(chart.machineId).toBe('philosopher');
    expect(chart.states.map((s) => [s.path, s.type])).toEqual([
      ['', 'compound'],
      ['thinking', 'atomic'],
      ['waitingForFirst', 'atomic'],
      ['waitingForSecond', 'atomic'],
      ['eating', 'atomic'],
    ]);
    expect(chart.states.map((s) => s.index)).toEqual([0, 1, 2, 3, 4]);
    expect(chart.root.initial).toBe('thinking');
    const [, thinking, first, , eating] = chart.states;
    expect(thinking!.annotations).toMatchObject({ resting: true, choices: ['hungry'] });
    expect(first!.annotations).toMatchObject({ waitsFor: 'dynamic', expressions: { waitsFor: 'context.first' }, resting: false });
    expect(stateLines(first!, chart)).toEqual(['blocked: waits for context.first']);
    expect(stateLines(eating!, chart)).toEqual(['chooses full']);
  });

  it('labels transitions with their trigger and the messages they send', () => {
    const chart = createStatechart(philosopher);
    expect(chart.transitions.map((t) => [t.source, t.trigger, t.targets.join(), transitionLabel(t)])).toEqual([
      ['thinking', 'choice', 'waitingForFirst', 'hungry / send take'],
      ['waitingForFirst', 'event', 'waitingForSecond', 'granted / send take'],
      ['waitingForSecond', 'event', 'eating', 'granted'],
      ['eating', 'choice', 'thinking', 'full / send release ×2'],
    ]);
    const forkChart = createStatechart(fork);
    expect(forkChart.transitions.map(transitionLabel)).toEqual(['take / send granted', 'release']);
  });

  it('shows targetless transitions, drops, defers and ignores inside the state', () => {
    const chart = createStatechart(spooler);
    const idle = chart.states.find((s) => s.path === 'idle')!;
    const printing = chart.states.find((s) => s.path === 'printing')!;
    expect(stateLines(idle, chart)).toEqual(['resting', 'ignores cancel', 'status / drop']);
    expect(stateLines(printing, chart)).toEqual(['defers job', 'ignores status']);
    const guarded = chart.transitions.find((t) => t.guard !== undefined)!;
    expect(transitionLabel(guarded)).toBe('done [context.reprint && !context.reprinted] / send print to printer');
  });

  it('walks compound, parallel, final and history states and every kind of trigger', () => {
    const chart = createStatechart(nested);
    const byPath = new Map(chart.states.map((s) => [s.path, s]));
    expect([...byPath.keys()]).toEqual([
      '',
      'idle',
      'working',
      'working.calling',
      'working.checking',
      'working.timedOut',
      'working.done',
      'both',
      'both.left',
      'both.left.a',
      'both.left.b',
      'both.left.hist',
      'both.right',
      'both.right.x',
      'both.right.y',
    ]);
    expect(byPath.get('working')).toMatchObject({ type: 'compound', initial: 'working.calling', entry: ['send hello to peer'] });
    expect(byPath.get('both')!.type).toBe('parallel');
    expect(byPath.get('both')!.initial).toBeUndefined();
    expect(byPath.get('working.done')!.type).toBe('final');
    expect(byPath.get('both.left.hist')).toMatchObject({ type: 'history', history: 'deep' });
    expect(byPath.get('idle')!.tags).toEqual(['quiet']);
    expect(byPath.get('working.calling')!.annotations).toMatchObject({ waitsFor: ['peer'], defer: '*' });
    expect(byPath.get('both.left.a')!.annotations.choices).toBe('dynamic');
    const labels = chart.transitions.map((t) => `${t.source || '(root)'}: ${t.trigger} ${transitionLabel(t)} → ${t.targets.join(',') || '(internal)'}`);
    expect(labels).toEqual([
      '(root): event reset → idle',
      'idle: choice start [isReady] / send ping to peer → working',
      'idle: event poke / drop → (internal)',
      'working: done done → both',
      'working.calling: event reply [and(isReady, not(isLate))] → working.checking',
      'working.calling: after after 100ms → working.timedOut',
      'working.checking: always always [context.n > 2] → working.done',
      'working.checking: always always → working.calling',
      'working.timedOut: after after slow → working.calling',
      'both: event stop / send bye → idle',
      'both.left.a: event flip → both.left.b',
      'both.left.b: event back → both.left.hist',
      'both.right.x: event go → both.right.y',
    ]);
    // `after` adds timer actions to entry/exit; they are not sends and are left out.
    expect(byPath.get('working.calling')!.entry).toEqual([]);
    expect(byPath.get('working.calling')!.exit).toEqual([]);
  });
});

describe('transitionGroups', () => {
  it('draws transitions that differ only in their event as one edge', () => {
    const queue = createMachine({
      id: 'queue',
      initial: 'idle',
      states: {
        idle: { on: { a: 'busy', b: 'busy', c: { target: 'busy', guard: 'ok' }, d: 'idle' } },
        busy: { on: { done: 'idle' } },
      },
    });
    const groups = transitionGroups(createStatechart(queue));
    expect(groups.map((g) => `${g.source} → ${g.targets.join()}: ${transitionGroupLabel(g)}`)).toEqual([
      'idle → busy: a, b',
      'idle → busy: c [ok]',
      'idle → idle: d',
      'busy → idle: done',
    ]);
    expect(transitionGroupLabel(groups[0]!, '\n')).toBe('a\nb');
  });
});

describe('activePaths', () => {
  it('lists the active states with their ancestors, for atomic, nested and parallel values', () => {
    expect(activePaths('idle')).toEqual(['', 'idle']);
    expect(activePaths({ working: 'calling' })).toEqual(['', 'working', 'working.calling']);
    expect(activePaths({ both: { left: 'a', right: 'x' } })).toEqual(['', 'both', 'both.left', 'both.left.a', 'both.right', 'both.right.x']);
  });
});
