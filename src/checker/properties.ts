/**
 * Properties: named predicates over global states, as in Stateright and TLA+. `always` is an
 * invariant, checked on every state as it is found; `reachable` asks for one state where its
 * predicate holds (Stateright's `sometimes`), so that a proof cannot pass vacuously. `eventually` and `leadsTo` are liveness
 * properties, checked on the whole explored state graph under fairness (see `liveness/`).
 * `forEach` states a property once per item (every task id, every target). Deadlock freedom,
 * unhandled messages and mailbox overflow are built in and need no declaration.
 */
import { ModelError } from '../system/errors.ts';
import type { ActorView, StateView } from '../system/stateView.ts';

/** A predicate over one global state. It must be pure; the view it gets must not be kept. */
export type StatePredicate = (state: StateView) => boolean;

/** An invariant: the predicate holds in every reachable state. */
export interface AlwaysProperty {
  readonly kind: 'always';
  readonly predicate: StatePredicate;
  /** The actors the predicate reads, if declared (partial-order reduction needs it); else every actor. */
  readonly reads?: readonly string[];
}

/** Some reachable state satisfies the predicate. */
export interface ReachableProperty {
  readonly kind: 'reachable';
  readonly predicate: StatePredicate;
  /** The actors the predicate reads, if declared (as for `always`); else every actor. */
  readonly reads?: readonly string[];
}

/** `p` is eventually true on every fair behaviour from the initial state. */
export interface EventuallyProperty {
  readonly kind: 'eventually';
  readonly predicate: StatePredicate;
}

/** Every state where `p` holds is followed, on every fair behaviour, by one where `q` holds. */
export interface LeadsToProperty {
  readonly kind: 'leadsTo';
  readonly from: StatePredicate;
  readonly to: StatePredicate;
}

/** A property stated once per item; the items are those `items` returns in any reachable state. */
export interface ForEachProperty {
  readonly kind: 'forEach';
  readonly items: (state: StateView) => Iterable<unknown>;
  readonly property: (item: any) => AlwaysProperty | EventuallyProperty | LeadsToProperty;
}

export type LivenessProperty = EventuallyProperty | LeadsToProperty;
export type Property = AlwaysProperty | ReachableProperty | LivenessProperty | ForEachProperty;

/**
 * An invariant: `predicate` holds in every reachable global state. A state where it is false
 * is an `invariant` violation with the shortest trace to it. `reads` names the actors the
 * predicate looks at; partial-order reduction may then reorder steps of the others (the
 * predicate must then not look at any other actor). A predicate that reads one actor is
 * evaluated once per distinct state of that actor (its local state and mailbox), so it must
 * be a pure function of what it reads, as every predicate should be.
 *
 * @example
 * ```ts
 * properties: {
 *   forkHeldByOne: always((s) => s.actors.filter((a) => a.matches('eating')).length <= 1),
 * }
 * ```
 */
export function always(predicate: StatePredicate, options: { reads?: readonly string[] } = {}): AlwaysProperty {
  const property = { kind: 'always' as const, predicate: checkPredicate(predicate, 'always') };
  return options.reads ? { ...property, reads: [...options.reads] } : property;
}

/**
 * Reachability: some reachable state satisfies `predicate` — a scenario the model must be able
 * to play out, e.g. that a target does get created. A proof of invariants holds vacuously in a
 * model that never gets anywhere; this property fails it (verdict `unreachable`) when the
 * search explored every state and none satisfies `predicate`. When it holds, the result keeps
 * the shortest path to such a state as an example (`result.examples`, `check --example NAME`).
 * `reads` works as for `always`.
 *
 * @example
 * ```ts
 * properties: { someoneEats: reachable((s) => s.actors.some((a) => a.matches('eating'))) }
 * ```
 */
export function reachable(predicate: StatePredicate, options: { reads?: readonly string[] } = {}): ReachableProperty {
  const property = { kind: 'reachable' as const, predicate: checkPredicate(predicate, 'reachable') };
  return options.reads ? { ...property, reads: [...options.reads] } : property;
}

/**
 * Liveness: on every fair behaviour, a state where `predicate` holds is eventually reached. A
 * failure is a `liveness` violation with a lasso: a path to a cycle (or a final state) that
 * never reaches such a state.
 *
 * @example
 * ```ts
 * properties: { allTargetsCreated: eventually((s) => s.actor('kernel').context.created.length === 2) }
 * ```
 */
export function eventually(predicate: StatePredicate): EventuallyProperty {
  return { kind: 'eventually', predicate: checkPredicate(predicate, 'eventually') };
}

/**
 * Liveness: every reachable state where `from` holds is followed, on every fair behaviour, by
 * a state where `to` holds (TLA+'s `from ~> to`).
 *
 * @example
 * ```ts
 * properties: { hungryEats: leadsTo((s) => s.actor('phil0').matches('waitingForFirst'), (s) => s.actor('phil0').matches('eating')) }
 * ```
 */
export function leadsTo(from: StatePredicate, to: StatePredicate): LeadsToProperty {
  return { kind: 'leadsTo', from: checkPredicate(from, 'leadsTo'), to: checkPredicate(to, 'leadsTo') };
}

/**
 * States `property(item)` for every item that `items` returns in some reachable state, e.g.
 * every task id the kernel ever issued. A failure names the item.
 *
 * @example
 * ```ts
 * properties: {
 *   everyTaskCompletes: forEach(
 *     (s) => s.actor('kernel').context.issued,
 *     (id) => leadsTo((s) => s.actor('kernel').context.pending.includes(id), (s) => !s.actor('kernel').context.pending.includes(id)),
 *   ),
 * }
 * ```
 */
export function forEach<T>(
  items: (state: StateView) => Iterable<T>,
  property: (item: T) => AlwaysProperty | EventuallyProperty | LeadsToProperty,
): ForEachProperty {
  if (typeof items !== 'function' || typeof property !== 'function') {
    throw new TypeError('forEach() takes (state) => items and (item) => property');
  }
  return { kind: 'forEach', items, property };
}

/** Named properties, as a model declares them. */
export type Properties = Readonly<Record<string, Property>>;

/**
 * `properties` as the checker and the runtime evaluate them: a predicate that throws names its
 * property (a mistake in the model, exit code 2, not a crash), and an invariant that declares
 * `reads` is held to it — partial-order reduction trusts the declaration, so reading any other
 * actor is an error rather than a silently missed violation.
 */
export function guardProperties(properties: Properties): Properties {
  return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, guardProperty(name, property)]));
}

function guardProperty<P extends Property>(name: string, property: P): P;
function guardProperty(name: string, property: Property): Property {
  switch (property.kind) {
    case 'always':
    case 'reachable': {
      const predicate = property.reads ? declaredReadsOnly(name, property.reads, property.predicate) : property.predicate;
      return { ...property, predicate: naming(name, predicate) };
    }
    case 'eventually':
      return { ...property, predicate: naming(name, property.predicate) };
    case 'leadsTo':
      return { ...property, from: naming(name, property.from), to: naming(name, property.to) };
    case 'forEach':
      return { ...property, items: naming(name, property.items), property: (item) => guardProperty(name, property.property(item)) };
  }
}

/** `evaluate`, rethrowing what it throws as a `ModelError` that names the property. */
function naming<R>(name: string, evaluate: (state: StateView) => R): (state: StateView) => R {
  return (state) => {
    try {
      return evaluate(state);
    } catch (error) {
      if (error instanceof ModelError && error.message.startsWith('property ')) throw error;
      throw new ModelError(`property '${name}' failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

/** `predicate`, given a view that lets it read only the actors in `reads`. */
function declaredReadsOnly(name: string, reads: readonly string[], predicate: StatePredicate): StatePredicate {
  const allowed = new Set(reads);
  const declared = reads.length === 0 ? 'no actor' : reads.join(', ');
  // One view, pointed at each state in turn (as the checker's own view is).
  const view = new (class implements StateView {
    state!: StateView;
    actor(actor: string): ActorView {
      if (!allowed.has(actor)) throw new ModelError(`property '${name}' reads actor '${actor}', which its declared reads (${declared}) leave out: add it, or drop reads`);
      return this.state.actor(actor);
    }
    get actors(): readonly ActorView[] {
      throw new ModelError(`property '${name}' reads every actor (state.actors) but declares reads (${declared}): read actors by name, or drop reads`);
    }
  })();
  return (state) => {
    view.state = state;
    return predicate(view);
  };
}

function checkPredicate(predicate: StatePredicate, name: string): StatePredicate {
  if (typeof predicate !== 'function') throw new TypeError(`${name}() takes predicates: (state) => boolean`);
  return predicate;
}
