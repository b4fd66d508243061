/**
 * Which parts of each statechart a check reached (SPIN's "unreached in proctype", TLC's action
 * coverage): the state nodes no reached local state is in, and the event transitions no
 * reached state could take. A proof says nothing about a part it never reached — an error path
 * the model cannot enter makes "no deadlock" hold vacuously there.
 *
 * After a search it is read from what the actors' local machines met: every local state the
 * search reached, and every transition XState selected for a message or choice an actor could
 * take in a reached state. Reductions keep both: symmetry's renamed states are states of the
 * same machine; partial-order reduction and sleep sets keep each actor's own sequence of steps
 * (they only reorder independent steps of different actors). After simulation runs it is read
 * from what the runs recorded: the states they were in and the steps they took.
 */
import type { AnyStateMachine, StateValue } from 'xstate';
import type { CompiledSystem } from '../system/step.ts';
// Guards are named as the statecharts name them.
import { describeGuard } from '../report/_internals/labels.ts';

export interface Coverage {
  /** True when the search explored every reachable state; otherwise it covers what the search met before it stopped. */
  readonly complete: boolean;
  /** One entry per machine, in the order of the actors that first run it. */
  readonly machines: readonly MachineCoverage[];
}

export interface MachineCoverage {
  /** The machine's id. */
  readonly machine: string;
  /** The actors that run it. */
  readonly actors: readonly string[];
  /** State nodes (the root and history nodes aside), and the dotted paths of those never reached. */
  readonly states: { readonly total: number; readonly unreached: readonly string[] };
  /**
   * Transitions on events (`on`, `after`; not `always`), and those never taken. Transitions on
   * events the machine raises itself (`raise()`, taken within the step that raised them) are
   * not counted: `raised` lists those event types.
   */
  readonly transitions: { readonly total: number; readonly untaken: readonly UntakenTransition[]; readonly raised?: readonly string[] };
}

export interface UntakenTransition {
  /** The state node the transition leaves, as a dotted path. */
  readonly state: string;
  /** The event type (an `after` timer's is XState's `xstate.after.…`). */
  readonly event: string;
  /** Its targets as dotted paths; empty for a transition that stays. */
  readonly targets: readonly string[];
  /** When several transitions share the event: this one's place among them (1-based) and its guard. */
  readonly branch?: number;
  readonly guard?: string;
}

/** Minimal views of XState's state nodes and transition definitions, as coverage reads them. */
interface StateNodeView {
  readonly path: readonly string[];
  readonly type: string;
  readonly states: Record<string, StateNodeView>;
  readonly transitions: Map<string, readonly TransitionView[]>;
  readonly always?: readonly TransitionView[];
}
interface TransitionView {
  readonly target?: readonly StateNodeView[];
  readonly guard?: unknown;
}

/**
 * What a search or a set of runs met, per actor: the local states it was in, and its steps —
 * the (local state, message) pairs it handled. For a search, everything its actors' local
 * machines met ({@link everythingMet}); for runs, what they recorded ({@link RunVisits}).
 */
export interface Visits {
  locals(actor: number): Iterable<number>;
  steps(actor: number): Iterable<readonly [local: number, message: number]>;
}

/** Everything the actors' local machines met: what an exhaustive search reached. */
export function everythingMet(compiled: CompiledSystem): Visits {
  return {
    locals: (actor) => Array.from({ length: compiled.actors[actor]!.machine.size }, (_, local) => local),
    steps: (actor) => compiled.actors[actor]!.machine.handled(),
  };
}

/** The states and steps of runs, recorded as they go (see `simulate`). */
export class RunVisits implements Visits {
  private readonly visited: Set<number>[];
  private readonly taken: Map<number, Set<number>>[];

  constructor(private readonly compiled: CompiledSystem) {
    this.visited = compiled.actors.map(() => new Set());
    this.taken = compiled.actors.map(() => new Map());
  }

  /** A state a run was in: each actor's local state. */
  state(state: Int32Array): void {
    state.forEach((component, actor) => this.visited[actor]!.add(this.compiled.actors[actor]!.local(component)));
  }

  /** A step a run took: `actor` in its local state `local` handled `message`. */
  step(actor: number, local: number, message: number): void {
    const messages = this.taken[actor]!.get(local) ?? new Set<number>();
    this.taken[actor]!.set(local, messages.add(message));
  }

  locals(actor: number): Iterable<number> {
    return this.visited[actor]!;
  }

  *steps(actor: number): Iterable<readonly [number, number]> {
    for (const [local, messages] of this.taken[actor]!) for (const message of messages) yield [local, message];
  }
}

/** The coverage of every machine of `compiled`: by default, of everything a search met. */
export function coverageOf(compiled: CompiledSystem, complete: boolean, visits: Visits = everythingMet(compiled)): Coverage {
  const byMachine = new Map<AnyStateMachine, number[]>();
  compiled.actors.forEach(({ machine }, actor) => {
    const group = byMachine.get(machine.definition);
    if (group) group.push(actor);
    else byMachine.set(machine.definition, [actor]);
  });
  return { complete, machines: [...byMachine].map(([definition, actors]) => machineCoverage(compiled, definition, actors, visits)) };
}

function machineCoverage(compiled: CompiledSystem, definition: AnyStateMachine, actors: readonly number[], visits: Visits): MachineCoverage {
  const root = definition.root as unknown as StateNodeView;
  const nodes = descendants(root).filter((node) => node.type !== 'history');
  const steps = actors.flatMap((actor) => [...visits.steps(actor)].map(([local, message]) => ({ actor, local, message, outcome: compiled.actors[actor]!.machine.outcome(local, message) })));
  const raised = new Set(steps.flatMap(({ outcome }) => outcome.raised));
  const taken = new Set(steps.flatMap(({ outcome }) => outcome.transitions));
  const reached = new Set<StateNodeView>();
  const values = new Set<string>();
  const mark = (value: StateValue) => {
    const key = JSON.stringify(value);
    if (!values.has(key)) values.add(key), markActive(root, value, reached);
  };
  for (const actor of actors) for (const local of visits.locals(actor)) mark(compiled.actors[actor]!.machine.info(local).value);
  // States a step only passes through (eventless, done or raised transitions move on at once).
  const settles = raised.size > 0 || [root, ...nodes].some((node) => node.always || [...node.transitions.keys()].some(isInternalEvent));
  if (settles) {
    for (const actor of actors) for (const value of compiled.actors[actor]!.machine.passedThrough()) mark(value);
    for (const { actor, local, message } of steps) for (const value of compiled.actors[actor]!.machine.passedThrough(local, message)) mark(value);
  }
  // The root is always active, so not counted as a state; its transitions are counted.
  const transitions = [root, ...nodes].flatMap((node) =>
    [...node.transitions]
      .filter(([event]) => !isInternalEvent(event) && !raised.has(event))
      .flatMap(([event, list]) => list.map((t, i) => ({ node, event, t, i, of: list.length }))),
  );
  return {
    machine: definition.id,
    actors: actors.map((actor) => compiled.names[actor]!),
    states: { total: nodes.length, unreached: nodes.filter((node) => !reached.has(node)).map(pathOf) },
    transitions: {
      total: transitions.length,
      untaken: transitions
        .filter(({ t }) => !taken.has(t))
        .map(({ node, event, t, i, of }) => ({
          state: pathOf(node),
          event,
          targets: (t.target ?? []).map(pathOf),
          ...(of > 1 ? { branch: i + 1, ...(t.guard === undefined ? {} : { guard: describeGuard(t.guard) ?? 'guard' }) } : {}),
        })),
      ...(raised.size > 0 ? { raised: [...raised].sort() } : {}),
    },
  };
}

/** Adds the state nodes active in `value` under `node` (not `node` itself). */
function markActive(node: StateNodeView, value: StateValue, reached: Set<StateNodeView>): void {
  if (typeof value === 'string') {
    const child = node.states[value];
    if (child) reached.add(child);
    return;
  }
  for (const [key, inner] of Object.entries(value)) {
    const child = node.states[key];
    if (!child) continue;
    reached.add(child);
    if (inner !== undefined) markActive(child, inner, reached);
  }
}

function descendants(node: StateNodeView): StateNodeView[] {
  return Object.values(node.states).flatMap((child) => [child, ...descendants(child)]);
}

/** How coverage names the root state node, whose transitions any state can take. */
export const ROOT_STATE = '(machine)';

/** A state node's dotted path; the root's is {@link ROOT_STATE}. */
function pathOf(node: StateNodeView): string {
  return node.path.length === 0 ? ROOT_STATE : node.path.join('.');
}

/** Events XState raises itself within a step (`onDone`, invoked actors): not steps of their own. */
function isInternalEvent(event: string): boolean {
  return /^xstate\.(done|error|snapshot)\./.test(event);
}
