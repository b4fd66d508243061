/**
 * Mermaid text that renders on GitHub: an actor's statechart as a `stateDiagram-v2`, the
 * communication graph as a `flowchart`, and a counterexample as a `sequenceDiagram`.
 *
 * @example
 * ```ts
 * statechartToMermaid(createStatechart(philosopher));
 * // stateDiagram-v2
 * //   state "thinking" as thinking
 * //   thinking : resting
 * //   …
 * //   thinking --> waitingForFirst : hungry / send take
 * ```
 */
import type { CommunicationGraph } from './communication.ts';
import type { SequenceDiagram, SequenceItem } from './sequence.ts';
import { isLeaf, stateLines, transitionGroupLabel, transitionGroups, type ChartState, type Statechart, type TransitionGroup } from './statechart.ts';
import { MermaidIds, mermaidQuoted, mermaidText } from './_internals/mermaidText.ts';

/** The pseudo state that root-level transitions (`on` of the machine itself) leave from. */
export const ANY_STATE = '(any state)';

const STATE_CLASSES = {
  blocked: 'classDef blocked fill:#fde2e1,stroke:#c0392b,color:#000',
  resting: 'classDef resting fill:#e6f4ea,stroke:#2e7d32,color:#000',
  anyState: 'classDef anyState fill:#fff,stroke:#999,stroke-dasharray:4 3,color:#555',
};

/**
 * An actor's statechart: nested `state … { }` blocks for compound states, `--` between the
 * regions of a parallel state, `[*]` for initial and final, one description line per
 * annotation (`blocked: waits for kernel`, `resting`, `defers job`, …), transitions labelled
 * `event [guard] / sends` (those differing only in their event share one arrow: `a, b / send
 * Run`), and the classes `blocked` and `resting` on leaf states.
 */
export function statechartToMermaid(chart: Statechart, options: { title?: string } = {}): string {
  const ids = new MermaidIds('s');
  const idOf = (path: string) => (path === '' ? ids.id(ANY_STATE) : ids.id(path));
  for (const state of chart.states) if (state.path !== '') idOf(state.path);
  const lines = ['stateDiagram-v2'];
  if (options.title) lines.push(`  %% ${mermaidText(options.title)}`);
  const placed = placeTransitions(chart);
  const emit = (state: ChartState, indent: string) => {
    const children = state.children;
    if (state.initial !== undefined) lines.push(`${indent}[*] --> ${idOf(state.initial)}`);
    children.forEach((child, k) => {
      if (k > 0 && state.type === 'parallel') lines.push(`${indent}--`);
      const id = idOf(child.path);
      const name = child.type === 'history' ? (child.history === 'deep' ? 'H*' : 'H') : child.key;
      if (isLeaf(child)) {
        lines.push(`${indent}state ${mermaidQuoted(name)} as ${id}`);
        for (const line of stateLines(child, chart)) lines.push(`${indent}${id} : ${mermaidText(line)}`);
      } else {
        lines.push(`${indent}state ${mermaidQuoted(name)} as ${id} {`);
        emit(child, `${indent}  `);
        lines.push(`${indent}}`);
      }
      if (child.type === 'final') lines.push(`${indent}${id} --> [*]`);
    });
    for (const group of placed.get(state.path) ?? []) {
      const label = mermaidText(transitionGroupLabel(group));
      for (const target of group.targets) lines.push(`${indent}${idOf(group.source)} --> ${idOf(target)} : ${label}`);
    }
  };
  const anyState = chart.transitions.some((t) => t.source === '');
  if (anyState) {
    lines.push(`  state ${mermaidQuoted(ANY_STATE)} as ${idOf('')}`);
    for (const line of stateLines(chart.root, chart)) lines.push(`  ${idOf('')} : ${mermaidText(line)}`);
  }
  emit(chart.root, '  ');
  const { blocked, resting } = leafClasses(chart);
  if (blocked.length > 0) lines.push(`  ${STATE_CLASSES.blocked}`, `  class ${blocked.map(idOf).join(',')} blocked`);
  if (resting.length > 0) lines.push(`  ${STATE_CLASSES.resting}`, `  class ${resting.map(idOf).join(',')} resting`);
  if (anyState) lines.push(`  ${STATE_CLASSES.anyState}`, `  class ${idOf('')} anyState`);
  return lines.join('\n');
}

/**
 * The communication graph as a left-to-right flowchart: one node per actor (with its machine
 * when the names differ), one arrow per sender and receiver labelled with the event types,
 * and dotted arrows from `environment` for the choices each actor takes.
 */
export function communicationToMermaid(graph: CommunicationGraph): string {
  const ids = new MermaidIds('a');
  const lines = ['flowchart LR'];
  if (!graph.complete) lines.push(`  %% observed in the first ${graph.states} states only: edges may be missing`);
  for (const actor of graph.actors) {
    const label = actor.machineId === actor.name ? actor.name : `${actor.name}: ${actor.machineId}`;
    lines.push(`  ${ids.id(actor.name)}[${mermaidQuoted(label)}]`);
  }
  if (graph.choices.length > 0) lines.push(`  ${ids.id('environment')}([${mermaidQuoted('environment')}])`);
  for (const edge of graph.edges) lines.push(`  ${ids.id(edge.from)} -->|${mermaidQuoted(edge.events.join(', '))}| ${ids.id(edge.to)}`);
  for (const choice of graph.choices) {
    lines.push(`  ${ids.id('environment')} -.->|${mermaidQuoted(choice.events.join(', '))}| ${ids.id(choice.actor)}`);
  }
  return lines.join('\n');
}

const ARROWS: Record<string, string> = {
  handled: '->>',
  choice: '->>',
  ignored: '-x',
  dropped: '-x',
  unhandled: '-x',
  overflow: '-x',
  queued: '--)',
  waits: '-->>',
};

const GROUP_OPEN: Record<string, string> = {
  cycle: 'rect rgba(220, 38, 38, 0.14)',
  end: 'rect rgba(245, 158, 11, 0.14)',
  lasso: 'rect rgba(37, 99, 235, 0.10)',
};

/**
 * A counterexample: one participant per actor; `->>` for a message taken or a choice made,
 * `-x` for one ignored, dropped, unhandled or overflowing, `--)` for one still queued at the
 * end, `-->>` for a wait-for edge; notes for state changes; `activate` while an actor is
 * blocked; the wait-for cycle inside a red `rect`, a lasso's cycle inside a blue `rect` and a `loop`.
 */
export function sequenceToMermaid(diagram: SequenceDiagram): string {
  const ids = new MermaidIds('p');
  const lines = ['sequenceDiagram'];
  for (const p of diagram.participants) {
    const id = ids.id(p);
    lines.push(id === p ? `  participant ${id}` : `  participant ${id} as ${mermaidText(p)}`);
  }
  const emit = (items: readonly SequenceItem[], indent: string) => {
    for (const item of items) {
      switch (item.kind) {
        case 'message':
          lines.push(`${indent}${ids.id(item.from)}${ARROWS[item.style]}${ids.id(item.to)}: ${mermaidText(item.text)}`);
          break;
        case 'note':
          lines.push(`${indent}Note over ${item.actors.map((a) => ids.id(a)).join(',')}: ${mermaidText(item.text)}`);
          break;
        case 'activate':
        case 'deactivate':
          lines.push(`${indent}${item.kind} ${ids.id(item.actor)}`);
          break;
        case 'group':
          lines.push(`${indent}${GROUP_OPEN[item.tone]}`);
          if (item.tone === 'lasso') lines.push(`${indent}  loop ${mermaidText(item.label)}`);
          emit(item.items, `${indent}${item.tone === 'lasso' ? '    ' : '  '}`);
          if (item.tone === 'lasso') lines.push(`${indent}  end`);
          lines.push(`${indent}end`);
          break;
      }
    }
  };
  emit(diagram.items, '  ');
  return lines.join('\n');
}

/**
 * Which block each transition is written in: the innermost compound state that contains both
 * its source and its targets, so that Mermaid keeps every state in its own block.
 */
function placeTransitions(chart: Statechart): Map<string, TransitionGroup[]> {
  const placed = new Map<string, TransitionGroup[]>();
  for (const t of transitionGroups(chart)) {
    let block = parentPath(t.source);
    for (const target of t.targets) block = commonAncestor(block, parentPath(target));
    if (t.source === '') block = '';
    placed.set(block, [...(placed.get(block) ?? []), t]);
  }
  return placed;
}

function parentPath(path: string): string {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? '' : path.slice(0, dot);
}

function commonAncestor(a: string, b: string): string {
  const x = a === '' ? [] : a.split('.');
  const y = b === '' ? [] : b.split('.');
  const common: string[] = [];
  for (let i = 0; i < Math.min(x.length, y.length) && x[i] === y[i]; i++) common.push(x[i]!);
  return common.join('.');
}

/** Leaf states that are blocked or resting, by their own `meta` or an ancestor's. */
export function leafClasses(chart: Statechart): { blocked: string[]; resting: string[] } {
  const blocked: string[] = [];
  const resting: string[] = [];
  const visit = (state: ChartState, isBlocked: boolean, isResting: boolean) => {
    const b = isBlocked || state.annotations.waitsFor !== undefined;
    const r = isResting || state.annotations.resting;
    if (isLeaf(state) && state.path !== '') {
      if (b) blocked.push(state.path);
      else if (r) resting.push(state.path);
    }
    for (const child of state.children) visit(child, b, r);
  };
  visit(chart.root, false, false);
  return { blocked, resting };
}
