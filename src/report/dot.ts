/**
 * Graphviz DOT for an actor's statechart and for the communication graph. `svg.ts` renders it
 * with Graphviz compiled to WebAssembly; the HTML report highlights states through the classes
 * written here: every state's node or cluster has class `state s<index>` (its index in
 * `Statechart.states`), plus `blocked`, `resting` or `final`.
 *
 * @example
 * ```ts
 * const dot = statechartToDot(createStatechart(fork), { title: 'fork (fork0, fork1)' });
 * // digraph "fork" { … "free" [class="state s1 resting", …]; "free" -> "taken" [label="take / send granted", …]; }
 * ```
 */
import { ROOT_STATE, type MachineCoverage } from '../checker/coverage.ts';
import type { CommunicationGraph } from './communication.ts';
import { ANY_STATE, leafClasses } from './mermaid.ts';
import { isLeaf, stateLines, transitionGroupLabel, transitionGroups, type ChartState, type Statechart, type TransitionGroup } from './statechart.ts';

const FONT = 'Helvetica,Arial,sans-serif';
const COLORS = {
  line: '#5b6770',
  blocked: { fill: '#fde2e1', line: '#c0392b' },
  resting: { fill: '#e6f4ea', line: '#2e7d32' },
  plain: { fill: '#ffffff', line: '#5b6770' },
  unreached: { fill: '#f2f2f2', line: '#a0a0a0' },
};

/**
 * A statechart: a cluster per compound or parallel state (dashed around parallel regions), a
 * rounded box per leaf state listing its annotations and internal transitions, a point for
 * each initial state, a double border for final states; choices dashed, timers dotted. With a
 * machine's coverage, the states it never reached and the edges it never took grey and dashed.
 */
export function statechartToDot(chart: Statechart, options: { title?: string; coverage?: MachineCoverage } = {}): string {
  const { blocked, resting } = leafClasses(chart);
  const blockedSet = new Set(blocked);
  const restingSet = new Set(resting);
  // With coverage: states never reached and edges never taken are drawn grey and dashed.
  const unreached = new Set(options.coverage?.states.unreached);
  const untaken = new Set(options.coverage?.transitions.untaken.map((t) => transitionKey(t.state === ROOT_STATE ? '' : t.state, t.event, t.targets)));
  const lines = [
    `digraph ${quote(chart.machineId)} {`,
    `  graph [rankdir=TB, compound=true, fontname=${quote(FONT)}, fontsize=12, labelloc=t, nodesep=0.35, ranksep=0.45, label=<<b>${html(options.title ?? chart.machineId)}</b>>];`,
    `  node [shape=box, style="rounded,filled", fillcolor="#ffffff", color=${quote(COLORS.line)}, fontname=${quote(FONT)}, fontsize=11, margin="0.14,0.06"];`,
    `  edge [fontname=${quote(FONT)}, fontsize=10, color=${quote(COLORS.line)}, fontcolor="#333333", arrowsize=0.7];`,
  ];
  const emit = (state: ChartState, indent: string) => {
    if (state.initial !== undefined) {
      lines.push(`${indent}${quote(initialNode(state.path))} [shape=point, width=0.13, style=filled, fillcolor="#333333", color="#333333", class="initial"];`);
      lines.push(`${indent}${quote(initialNode(state.path))} -> ${quote(node(chart, state.initial))}${lhead(chart, state.initial)};`);
    }
    for (const child of state.children) {
      if (isLeaf(child)) {
        const never = unreached.has(child.path);
        const tone = never ? 'unreached' : blockedSet.has(child.path) ? 'blocked' : restingSet.has(child.path) ? 'resting' : undefined;
        const colors = COLORS[tone ?? 'plain'];
        const classes = ['state', `s${child.index}`, ...(tone ? [tone] : []), ...(child.type === 'final' ? ['final'] : [])];
        const shape =
          child.type === 'history'
            ? `shape=circle, width=0.3, label=${quote(child.history === 'deep' ? 'H*' : 'H')}`
            : `label=<${leafLabel(child, chart, never)}>${child.type === 'final' ? ', peripheries=2' : ''}`;
        const style = never ? ', style="rounded,filled,dashed"' : '';
        lines.push(`${indent}${quote(child.path)} [${shape}${style}, fillcolor=${quote(colors.fill)}, color=${quote(colors.line)}, class=${quote(classes.join(' '))}];`);
      } else {
        const never = unreached.has(child.path);
        const classes = ['state', `s${child.index}`, child.type, ...(never ? ['unreached'] : [])];
        const style = state.type === 'parallel' || never ? 'dashed' : 'rounded';
        lines.push(`${indent}subgraph ${quote(cluster(child.path))} {`);
        const color = never ? COLORS.unreached.line : COLORS.line;
        lines.push(`${indent}  graph [label=<${clusterLabel(child, chart, never)}>, style=${quote(style)}, color=${quote(color)}, labeljust=l, class=${quote(classes.join(' '))}];`);
        emit(child, `${indent}  `);
        lines.push(`${indent}}`);
      }
    }
  };
  if (chart.transitions.some((t) => t.source === '')) {
    const label = [ANY_STATE, ...stateLines(chart.root, chart)].map(html).join('<br align="left"/>');
    lines.push(`  ${quote(ANY_STATE)} [label=<${label}<br align="left"/>>, style="rounded,dashed", color="#999999", class="state s0 any"];`);
  }
  emit(chart.root, '  ');
  for (const group of transitionGroups(chart)) {
    const never = untaken.size > 0 && group.transitions.every((t) => untaken.has(transitionKey(t.source, t.event, t.targets)));
    for (const edge of transitionEdges(chart, group, never)) lines.push(`  ${edge}`);
  }
  lines.push('}');
  return lines.join('\n');
}

/**
 * The communication graph: a box per actor (with its machine when the names differ), an arrow
 * per sender and receiver labelled with the event types, and dashed arrows from
 * `environment` for each actor's choices. The graph is the observed one (`communication.ts`).
 */
export function communicationToDot(graph: CommunicationGraph): string {
  const title = graph.complete ? 'communication' : `communication (observed in the first ${graph.states} states)`;
  const lines = [
    'digraph "communication" {',
    `  graph [rankdir=LR, fontname=${quote(FONT)}, fontsize=12, labelloc=t, nodesep=0.4, ranksep=0.9, label=<<b>${html(title)}</b>>];`,
    `  node [shape=box, style="rounded,filled", fillcolor="#eef2ff", color="#4f5d95", fontname=${quote(FONT)}, fontsize=11];`,
    `  edge [fontname=${quote(FONT)}, fontsize=10, color=${quote(COLORS.line)}, arrowsize=0.7];`,
  ];
  graph.actors.forEach((actor, i) => {
    const machine = actor.machineId === actor.name ? '' : `<br/><font point-size="9">${html(actor.machineId)}</font>`;
    lines.push(`  ${quote(actor.name)} [label=<<b>${html(actor.name)}</b>${machine}>, class="actor a${i}"];`);
  });
  if (graph.choices.length > 0) lines.push('  "environment" [shape=ellipse, style=dashed, fillcolor="#ffffff", color="#999999", class="environment"];');
  for (const edge of graph.edges) lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(edge.events.join(', '))}, class="message"];`);
  for (const choice of graph.choices) {
    lines.push(`  "environment" -> ${quote(choice.actor)} [label=${quote(choice.events.join(', '))}, style=dashed, color="#999999", class="choice"];`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** The edges of a group of transitions (targetless transitions are drawn inside their state). */
function transitionEdges(chart: Statechart, t: TransitionGroup, never: boolean): string[] {
  return t.targets.map((target) => {
    const tail = t.source === '' ? ANY_STATE : node(chart, t.source);
    // Graphviz refuses lhead/ltail between a cluster and a state inside it.
    const related = t.source !== '' && (isWithin(target, t.source) || isWithin(t.source, target));
    const attributes = [`label=${quote(transitionGroupLabel(t, '\n'))}`];
    if (t.trigger === 'choice' || never) attributes.push('style=dashed');
    else if (t.trigger === 'after') attributes.push('style=dotted');
    if (never) attributes.push(`color=${quote(COLORS.unreached.line)}`, `fontcolor=${quote(COLORS.unreached.line)}`);
    if (t.source !== '' && !related && !isLeafPath(chart, t.source)) attributes.push(`ltail=${quote(cluster(t.source))}`);
    if (!related && !isLeafPath(chart, target)) attributes.push(`lhead=${quote(cluster(target))}`);
    attributes.push(`class=${quote(`transition ${t.trigger}${never ? ' untaken' : ''}`)}`);
    return `${quote(tail)} -> ${quote(node(chart, target))} [${attributes.join(', ')}];`;
  });
}

/** The node an edge to or from `path` attaches to: the state itself, or the initial point inside its cluster. */
function node(chart: Statechart, path: string): string {
  const state = chart.states.find((s) => s.path === path)!;
  if (isLeaf(state)) return path;
  if (state.initial !== undefined) return initialNode(path);
  return node(chart, state.children[0]!.path); // a parallel state: its first region
}

function lhead(chart: Statechart, path: string): string {
  return isLeafPath(chart, path) ? '' : ` [lhead=${quote(cluster(path))}]`;
}

function isLeafPath(chart: Statechart, path: string): boolean {
  return isLeaf(chart.states.find((s) => s.path === path)!);
}

function isWithin(path: string, ancestor: string): boolean {
  return path.startsWith(`${ancestor}.`);
}

function initialNode(path: string): string {
  return path === '' ? '[*]' : `${path}/[*]`;
}

function cluster(path: string): string {
  return `cluster_${path}`;
}

/** The key by which a drawn transition and an untaken one from coverage meet. */
function transitionKey(source: string, event: string, targets: readonly string[]): string {
  return JSON.stringify([source, event, targets]);
}

/** A state's annotation lines, as small text, with "never reached" first when coverage says so. */
function smallLines(state: ChartState, chart: Statechart, never: boolean): string[] {
  return [...(never ? ['never reached'] : []), ...stateLines(state, chart)].map((line) => `<font point-size="9">${html(line)}</font>`);
}

function leafLabel(state: ChartState, chart: Statechart, never: boolean): string {
  const extra = smallLines(state, chart, never);
  return [`<b>${html(state.key)}</b>`, ...extra].join('<br align="left"/>') + (extra.length > 0 ? '<br align="left"/>' : '');
}

function clusterLabel(state: ChartState, chart: Statechart, never: boolean): string {
  const extra = smallLines(state, chart, never);
  const kind = state.type === 'parallel' ? '&#160;<font point-size="9">(parallel)</font>' : '';
  return [`<b>${html(state.key)}</b>${kind}`, ...extra].join('<br align="left"/>');
}

/** A DOT double-quoted string. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Text inside a DOT HTML-like label. */
function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
