/**
 * Read-only views of a global state, for properties (invariants, liveness predicates) and
 * reports. Views of one actor's component are built once and cached, so evaluating a property
 * on a state costs what the predicate itself costs.
 */
import { matchesState, type EventObject, type StateValue } from 'xstate';
import type { CompiledSystem, StateVector } from './_internals/compiledSystem.ts';
import { ModelError } from './errors.ts';

/** One actor as a property sees it. */
export interface ActorView {
  readonly name: string;
  /** The XState state value, e.g. `'idle'` or `{ probing: 'inquiry' }`. */
  readonly value: StateValue;
  /** The state value as a dotted path, e.g. `probing.inquiry`. */
  readonly state: string;
  readonly context: any;
  /** The messages waiting in the mailbox, oldest first. */
  readonly mailbox: readonly EventObject[];
  readonly tags: readonly string[];
  /** Whether the actor reached a final state. */
  readonly final: boolean;
  /** The actors this state declares it waits for (`meta.waitsFor`). */
  readonly waitsFor: readonly string[];
  /** XState's `matches`: whether the state value matches `value`, e.g. `'probing'` or `'probing.inquiry'`. */
  matches(value: StateValue): boolean;
  hasTag(tag: string): boolean;
}

/** A global state as a property sees it. */
export interface StateView {
  /** The view of the actor called `name`; throws for an unknown name. */
  actor(name: string): ActorView;
  /** Every actor, in system order. */
  readonly actors: readonly ActorView[];
}

/**
 * Builds views of global states of one compiled system. `view(state)` returns a fresh
 * {@link StateView}; its actor views are shared and cached per component.
 */
export class StateViews {
  private readonly cache: ActorView[][];

  constructor(readonly compiled: CompiledSystem) {
    this.cache = compiled.actors.map(() => []);
  }

  /**
   * A view of `state`. One view object is reused for every state (the search evaluates
   * millions), so a view is valid only until the next call; predicates never need more.
   */
  view(state: StateVector): StateView {
    this.current.state = state;
    return this.current;
  }

  private readonly current = new ReusableView(this);

  actorView(actor: number, component: number): ActorView {
    const row = this.cache[actor]!;
    return row[component] ?? (row[component] = this.build(actor, component));
  }

  private build(actor: number, component: number): ActorView {
    const components = this.compiled.actors[actor]!;
    const info = components.machine.info(components.local(component));
    const messages = this.compiled.messages;
    const mailbox = Object.freeze(Array.from(components.mailbox(component), (id) => messages.event(id)));
    const tags = new Set(info.tags);
    // Predicates ask the same questions of the same few local states millions of times, and
    // mostly the same question again: one remembered answer, then a map of all of them.
    const matched = new Map<string, boolean>();
    let lastValue: string | undefined;
    let lastResult = false;
    const matches = (value: StateValue): boolean => {
      if (value === lastValue) return lastResult;
      if (typeof value !== 'string') return matchesState(value, info.value);
      let result = matched.get(value);
      if (result === undefined) matched.set(value, (result = matchesState(value, info.value)));
      lastValue = value;
      lastResult = result;
      return result;
    };
    return Object.freeze({
      name: this.compiled.names[actor]!,
      value: info.value,
      state: info.label,
      context: info.context,
      mailbox,
      tags: info.tags,
      final: info.final,
      waitsFor: info.waitsFor.map((i) => this.compiled.names[i]!),
      matches,
      hasTag: (tag: string) => tags.has(tag),
    });
  }
}

/** The one view object of a {@link StateViews}, pointed at each state in turn. */
class ReusableView implements StateView {
  state: StateVector = new Int32Array(0);

  constructor(private readonly views: StateViews) {}

  get actors(): readonly ActorView[] {
    return Array.from(this.state, (component, i) => this.views.actorView(i, component));
  }

  actor(name: string): ActorView {
    const index = this.views.compiled.actorIndex(name);
    if (index === undefined) throw new ModelError(`no actor named '${name}' (actors: ${this.views.compiled.names.join(', ')})`);
    return this.views.actorView(index, this.state[index]!);
  }
}
