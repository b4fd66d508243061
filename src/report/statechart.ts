/**
 * An actor's statechart as small neutral data, read from the live XState state nodes
 * (research/xstate-internals.md §4): the tree of states with their type, tags and interleave
 * annotations (design.md, semantics 5–8: `meta.waitsFor` = blocked, `meta.resting`,
 * `meta.defer`, `meta.ignore`, `meta.choices`), and every transition with its trigger, guard,
 * targets and the messages it sends. Mermaid and DOT are drawn from this, never from XState.
 *
 * @example
 * ```ts
 * const chart = createStatechart(philosopher);
 * chart.states.map((s) => s.path); // ['', 'thinking', 'waitingForFirst', 'waitingForSecond', 'eating']
 * chart.states[2]!.annotations.waitsFor; // 'dynamic' (a function of the context)
 * ```
 */
import type { AnyStateMachine, AnyStateNode, StateValue } from 'xstate';
import { describeActions, describeGuard, functionBody } from './_internals/labels.ts';

export type ChartStateType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface Statechart {
  /** The machine's `id`. */
  readonly machineId: string;
  readonly root: ChartState;
  /** Every state, root first, in document order; a state's `index` is its position here. */
  readonly states: readonly ChartState[];
  /** Every transition, in document order of their sources. */
  readonly transitions: readonly ChartTransition[];
}

export interface ChartState {
  readonly index: number;
  readonly key: string;
  /** The path from the root, dotted as traces print states (`waitingForFirst`, `b.r1.x`); `''` for the root. */
  readonly path: string;
  readonly type: ChartStateType;
  /** For a history state: shallow or deep. */
  readonly history?: 'shallow' | 'deep';
  /** For a compound state: the path of its initial child. */
  readonly initial?: string;
  readonly tags: readonly string[];
  readonly description?: string;
  readonly annotations: ChartAnnotations;
  /** Sends and drops of the entry and exit actions (timer bookkeeping left out). */
  readonly entry: readonly string[];
  readonly exit: readonly string[];
  readonly children: readonly ChartState[];
}

/** The interleave `meta` keys of one state node (not combined with its ancestors'). */
export interface ChartAnnotations {
  /** `meta.waitsFor`: the state is blocked. Actor names, or `'dynamic'` when it is a function of the context. */
  readonly waitsFor?: readonly string[] | 'dynamic';
  readonly resting: boolean;
  readonly defer?: readonly string[] | '*';
  readonly ignore: readonly string[];
  /** `meta.choices`: event types, or `'dynamic'` when it is a function of the context. */
  readonly choices?: readonly string[] | 'dynamic';
  /** For `'dynamic'` annotations: the function's body when it is a one-liner, e.g. `context.holder`. */
  readonly expressions: { readonly waitsFor?: string; readonly choices?: string };
}

/** What makes a transition fire. */
export type Trigger = 'event' | 'choice' | 'after' | 'always' | 'done';

export interface ChartTransition {
  /** Path of the source state. */
  readonly source: string;
  /** The event type (`''` for `always`; XState's `xstate.after.*` / `xstate.done.*` for timers and done events). */
  readonly event: string;
  /** `choice`: an environment choice listed in `meta.choices` of the source or an ancestor (semantics 6). */
  readonly trigger: Trigger;
  /** For `after`: the delay, in milliseconds or by name. */
  readonly delay?: number | string;
  readonly guard?: string;
  /** Paths of the targets; empty for a targetless (internal) transition. */
  readonly targets: readonly string[];
  /** Sends and drops it performs, e.g. `send take`, `drop`. */
  readonly actions: readonly string[];
  readonly reenter: boolean;
}

/** Walks `machine.root` into a {@link Statechart}. */
export function createStatechart(machine: AnyStateMachine): Statechart {
  const states: ChartState[] = [];
  const transitions: ChartTransition[] = [];
  const walk = (node: AnyStateNode, inheritedChoices: ReadonlySet<string>): ChartState => {
    const annotations = readChartAnnotations(node.meta);
    const choices = new Set(inheritedChoices);
    if (Array.isArray(annotations.choices)) for (const c of annotations.choices) choices.add(c);
    const index = states.length;
    const path = node.path.join('.');
    const placeholder = {} as ChartState;
    states.push(placeholder);
    transitions.push(...readTransitions(node, path, choices, machine));
    const children = Object.values(node.states as Record<string, AnyStateNode>).map((child) => walk(child, choices));
    const initialTarget = node.type === 'compound' ? node.initial?.target?.[0] : undefined;
    const state: ChartState = {
      index,
      key: node.key,
      path,
      type: node.type,
      ...(node.type === 'history' ? { history: node.history === 'deep' ? 'deep' : 'shallow' } : {}),
      ...(initialTarget ? { initial: initialTarget.path.join('.') } : {}),
      tags: [...node.tags],
      ...(node.description ? { description: node.description } : {}),
      annotations,
      entry: describeActions(node.entry, machine),
      exit: describeActions(node.exit, machine),
      children,
    };
    states[index] = state;
    return state;
  };
  const root = walk(machine.root, new Set());
  return { machineId: machine.id, root, states, transitions };
}

/**
 * The paths of the states active in `value` (ancestors included, root `''` first): what a
 * step-through view highlights. `{ b: { r1: 'x', r2: 'p' } }` → `['', 'b', 'b.r1', 'b.r1.x', 'b.r2', 'b.r2.p']`.
 */
export function activePaths(value: StateValue): string[] {
  const paths = [''];
  const visit = (v: StateValue, prefix: string) => {
    if (typeof v === 'string') {
      paths.push(prefix ? `${prefix}.${v}` : v);
      return;
    }
    for (const [key, child] of Object.entries(v)) {
      const path = prefix ? `${prefix}.${key}` : key;
      paths.push(path);
      if (child !== undefined) visit(child as StateValue, path);
    }
  };
  visit(value, '');
  return paths;
}

/** Whether the state is a leaf of the chart (drawn as a box, not a cluster). */
export function isLeaf(state: ChartState): boolean {
  return state.children.length === 0;
}

/** A transition as a label: `event [guard] / send take`, `after 100`, `always [guard]`, `done`. */
export function transitionLabel(t: ChartTransition): string {
  let trigger: string;
  if (t.trigger === 'after') trigger = `after ${typeof t.delay === 'number' ? `${t.delay}ms` : (t.delay ?? '')}`.trim();
  else if (t.trigger === 'always') trigger = 'always';
  else if (t.trigger === 'done') trigger = 'done';
  else trigger = t.event;
  const guard = t.guard ? ` [${t.guard}]` : '';
  const actions = t.actions.length > 0 ? ` / ${t.actions.join(', ')}` : '';
  return `${trigger}${guard}${actions}`;
}

/** Transitions that differ only in their event, drawn as one edge (`a, b, c / send Run`). */
export interface TransitionGroup {
  readonly source: string;
  readonly targets: readonly string[];
  readonly trigger: Trigger;
  readonly transitions: readonly ChartTransition[];
}

/**
 * Groups the transitions with a target that share source, targets, trigger kind, guard and
 * actions, in document order. A dispatch queue that runs any of eleven handlers the same way
 * then gets one edge listing the eleven events instead of eleven parallel edges.
 */
export function transitionGroups(chart: Statechart): TransitionGroup[] {
  const groups = new Map<string, { source: string; targets: readonly string[]; trigger: Trigger; transitions: ChartTransition[] }>();
  for (const t of chart.transitions) {
    if (t.targets.length === 0) continue;
    const mergeable = t.trigger === 'event' || t.trigger === 'choice';
    const key = mergeable ? JSON.stringify([t.source, t.targets, t.trigger, t.guard ?? null, t.actions, t.reenter]) : `${groups.size}`;
    const group = groups.get(key) ?? { source: t.source, targets: t.targets, trigger: t.trigger, transitions: [] };
    group.transitions.push(t);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** A group's label: its events joined by `separator`, then the shared guard and actions. */
export function transitionGroupLabel(group: TransitionGroup, separator = ', '): string {
  const [first] = group.transitions;
  if (group.transitions.length === 1) return transitionLabel(first!);
  const events = group.transitions.map((t) => t.event).join(separator);
  const guard = first!.guard ? ` [${first!.guard}]` : '';
  const actions = first!.actions.length > 0 ? ` / ${first!.actions.join(', ')}` : '';
  return `${events}${guard}${actions}`;
}

/**
 * The lines a state box shows under its name: what it waits for, whether it rests, what it
 * defers, ignores and chooses, its tags, entry/exit sends, and its internal (targetless)
 * transitions as `event / actions`.
 */
export function stateLines(state: ChartState, chart: Statechart): string[] {
  const a = state.annotations;
  const lines: string[] = [];
  if (a.waitsFor !== undefined) {
    lines.push(`blocked: waits for ${a.waitsFor === 'dynamic' ? (a.expressions.waitsFor ?? '(by context)') : a.waitsFor.join(', ')}`);
  }
  if (a.resting) lines.push('resting');
  if (a.defer !== undefined) lines.push(a.defer === '*' ? 'defers every other message' : `defers ${a.defer.join(', ')}`);
  if (a.ignore.length > 0) lines.push(`ignores ${a.ignore.join(', ')}`);
  if (a.choices !== undefined) lines.push(`chooses ${a.choices === 'dynamic' ? (a.expressions.choices ?? '(by context)') : a.choices.join(', ')}`);
  if (state.tags.length > 0) lines.push(`tags: ${state.tags.join(', ')}`);
  if (state.entry.length > 0) lines.push(`entry / ${state.entry.join(', ')}`);
  if (state.exit.length > 0) lines.push(`exit / ${state.exit.join(', ')}`);
  for (const t of chart.transitions) if (t.source === state.path && t.targets.length === 0) lines.push(transitionLabel(t));
  return lines;
}

function readTransitions(node: AnyStateNode, path: string, choices: ReadonlySet<string>, machine: AnyStateMachine): ChartTransition[] {
  const definitions = [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
  return definitions.map((t) => {
    const event = String(t.eventType ?? '');
    const delay = (t as { delay?: number | string }).delay;
    const trigger: Trigger =
      event === ''
        ? 'always'
        : delay !== undefined || event.startsWith('xstate.after.')
          ? 'after'
          : event.startsWith('xstate.done.state.')
            ? 'done'
            : choices.has(event)
              ? 'choice'
              : 'event';
    const guard = describeGuard(t.guard);
    return {
      source: path,
      event,
      trigger,
      ...(delay !== undefined ? { delay } : {}),
      ...(guard ? { guard } : {}),
      targets: (t.target ?? []).map((target: AnyStateNode) => target.path.join('.')),
      actions: describeActions(t.actions, machine),
      reenter: !!t.reenter,
    };
  });
}

function readChartAnnotations(meta: unknown): ChartAnnotations {
  const m = (meta && typeof meta === 'object' ? meta : {}) as Record<string, unknown>;
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : String((x as { type?: unknown })?.type))) : []);
  return {
    ...(m.waitsFor !== undefined
      ? { waitsFor: typeof m.waitsFor === 'function' ? ('dynamic' as const) : typeof m.waitsFor === 'string' ? [m.waitsFor] : list(m.waitsFor) }
      : {}),
    resting: m.resting === true,
    ...(m.defer !== undefined ? { defer: m.defer === '*' ? ('*' as const) : list(m.defer) } : {}),
    ignore: list(m.ignore),
    ...(m.choices !== undefined ? { choices: typeof m.choices === 'function' ? ('dynamic' as const) : list(m.choices) } : {}),
    expressions: {
      ...(typeof m.waitsFor === 'function' ? { waitsFor: functionBody(m.waitsFor as () => unknown) } : {}),
      ...(typeof m.choices === 'function' ? { choices: functionBody(m.choices as () => unknown) } : {}),
    },
  };
}
