/**
 * DOT output, checked on its structure (nodes, clusters and their nesting, edges with labels
 * and cluster ends, classes), and its SVG from Graphviz in WebAssembly, where the classes the
 * HTML report highlights by must survive.
 */
import { describe, expect, it } from 'vitest';
import { philosopher } from '../../machines/philosopher.ts';
import { diningTable } from '../../models/dining-philosophers.ts';
import { observeCommunication } from '../../src/report/communication.ts';
import { communicationToDot, statechartToDot } from '../../src/report/dot.ts';
import { createStatechart } from '../../src/report/statechart.ts';
import { renderSvg } from '../../src/report/svg.ts';
import { parseDot } from '../helpers/diagrams.ts';
import { nested } from './fixtures/nestedMachine.ts';

describe('statechartToDot', () => {
  it('draws the philosopher: a box per state with its class, an edge per transition', () => {
    const chart = createStatechart(philosopher);
    const dot = parseDot(statechartToDot(chart, { title: 'philosopher (phil0, phil1)' }));
    expect(dot.graph.label).toBe('<b>philosopher (phil0, phil1)</b>');
    expect(dot.clusters.size).toBe(0);
    const states = [...dot.nodes].filter(([, n]) => n.attributes.class?.startsWith('state'));
    expect(states.map(([name, n]) => [name, n.attributes.class])).toEqual([
      ['thinking', 'state s1 resting'],
      ['waitingForFirst', 'state s2 blocked'],
      ['waitingForSecond', 'state s3 blocked'],
      ['eating', 'state s4'],
    ]);
    expect(dot.nodes.get('waitingForFirst')!.attributes.label).toContain('blocked: waits for context.first');
    expect(dot.edges.map((e) => [e.from, e.to, e.attributes.label, e.attributes.style ?? ''])).toEqual([
      ['[*]', 'thinking', undefined, ''],
      ['thinking', 'waitingForFirst', 'hungry / send take', 'dashed'],
      ['waitingForFirst', 'waitingForSecond', 'granted / send take', ''],
      ['waitingForSecond', 'eating', 'granted', ''],
      ['eating', 'thinking', 'full / send release ×2', 'dashed'],
    ]);
  });

  it('draws compound and parallel states as nested clusters, with lhead/ltail on edges to and from them', () => {
    const chart = createStatechart(nested);
    const dot = parseDot(statechartToDot(chart));
    expect(dot.graph.compound).toBe('true');
    expect([...dot.clusters].map(([name, c]) => [name, c.parents.join('/'), c.attributes.class])).toEqual([
      ['cluster_working', '', 'state s2 compound'],
      ['cluster_both', '', 'state s7 parallel'],
      ['cluster_both.left', 'cluster_both', 'state s8 compound'],
      ['cluster_both.right', 'cluster_both', 'state s12 compound'],
    ]);
    // every leaf state is a node inside the clusters of its ancestors, classed by its index
    for (const state of chart.states.filter((s) => s.children.length === 0)) {
      const node = dot.nodes.get(state.path)!;
      expect(node.attributes.class.split(' ').slice(0, 2), state.path).toEqual(['state', `s${state.index}`]);
      const parts = state.path.split('.');
      const ancestors = parts.slice(0, -1).map((_, k) => `cluster_${parts.slice(0, k + 1).join('.')}`);
      expect(node.clusters, state.path).toEqual(ancestors);
    }
    expect(dot.nodes.get('working.done')!.attributes.peripheries).toBe('2');
    expect(dot.nodes.get('both.left.hist')!.attributes.label).toBe('H*');
    const edge = (label: string) => dot.edges.find((e) => e.attributes.label === label)!;
    expect(edge('start [isReady] / send ping to peer')).toMatchObject({ from: 'idle', to: 'working/[*]', attributes: { lhead: 'cluster_working', style: 'dashed' } });
    expect(edge('done')).toMatchObject({ attributes: { ltail: 'cluster_working', lhead: 'cluster_both' } });
    expect(edge('stop / send bye')).toMatchObject({ from: 'both.left/[*]', to: 'idle', attributes: { ltail: 'cluster_both' } });
    expect(edge('after 100ms').attributes.style).toBe('dotted');
    expect(edge('reset')).toMatchObject({ from: '(any state)', to: 'idle' });
  });
});

describe('statechartToDot with coverage', () => {
  it('draws the states never reached and the edges never taken grey and dashed, with their own classes', async () => {
    const { loadModel } = await import('../../src/model/loadModel.ts');
    const { checkConfiguration } = await import('../../src/index.ts');
    const lamp = await loadModel('test/fixtures/systems/lamp.ts');
    const { result } = checkConfiguration(lamp, 'twice', { coverage: true });
    const machine = lamp.system({}).actors.find((a) => a.name === 'lamp')!.machine;
    const dot = parseDot(statechartToDot(createStatechart(machine), { coverage: result.coverage!.machines[0]! }));
    const smoking = dot.nodes.get('smoking')!.attributes;
    expect([smoking.class, smoking.style, smoking.color]).toEqual(['state s5 unreached', 'rounded,filled,dashed', '#a0a0a0']);
    expect(smoking.label).toContain('never reached');
    expect(dot.nodes.get('off')!.attributes.class).toBe('state s1 resting');
    // unplug (from any state) and toggle's guarded branch into smoking; the other edges were taken.
    const untaken = dot.edges.filter((e) => e.attributes.class?.includes('untaken'));
    expect(untaken.map((e) => [e.from, e.to, e.attributes.label, e.attributes.style])).toEqual([
      ['(any state)', 'off', 'unplug', 'dashed'],
      ['off', 'smoking', 'toggle [broken]', 'dashed'],
    ]);
    expect(dot.edges.filter((e) => e.attributes.label !== undefined)).toHaveLength(5);
  });
});

describe('communicationToDot', () => {
  it('draws one edge per sender and receiver, and dashed environment choices', () => {
    const dot = parseDot(communicationToDot(observeCommunication(diningTable(3, false))));
    expect([...dot.nodes.keys()]).toEqual(['fork0', 'fork1', 'fork2', 'phil0', 'phil1', 'phil2', 'environment']);
    const messages = dot.edges.filter((e) => e.attributes.class === 'message');
    expect(messages).toHaveLength(12);
    expect(messages.find((e) => e.from === 'phil1' && e.to === 'fork2')!.attributes.label).toBe('release, take');
    const choices = dot.edges.filter((e) => e.attributes.class === 'choice');
    expect(choices.map((e) => [e.from, e.to, e.attributes.label, e.attributes.style])).toEqual([
      ['environment', 'phil0', 'full, hungry', 'dashed'],
      ['environment', 'phil1', 'full, hungry', 'dashed'],
      ['environment', 'phil2', 'full, hungry', 'dashed'],
    ]);
  });
});

describe('renderSvg', () => {
  it('renders with Graphviz in WebAssembly and keeps the state classes, without numbered ids', async () => {
    const chart = createStatechart(nested);
    const svg = await renderSvg(statechartToDot(chart));
    expect(svg.startsWith('<svg')).toBe(true);
    for (const state of chart.states.slice(1)) expect(svg, state.path).toMatch(new RegExp(`class="(node|cluster) state s${state.index}[ "]`));
    expect(svg).not.toMatch(/ id="(node|clust|edge)\d+"/);
  });

  it('reports invalid DOT as an error', async () => {
    await expect(renderSvg('digraph { a -> }')).rejects.toThrow(/Graphviz could not render/);
  });
});
