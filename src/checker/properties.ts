/**
 * Properties: named predicates over global states, as in Stateright (`always`, and in time
 * `eventually` and `leadsTo`). Deadlock freedom, unhandled messages and mailbox overflow are
 * built in and need no declaration.
 */
import type { StateView } from '../system/stateView.ts';

/** A predicate over one global state. It must be pure; the view it gets must not be kept. */
export type StatePredicate = (state: StateView) => boolean;

/** An invariant: the predicate holds in every reachable state. */
export interface AlwaysProperty {
  readonly kind: 'always';
  readonly predicate: StatePredicate;
}

export type Property = AlwaysProperty;

/**
 * An invariant: `predicate` holds in every reachable global state. A state where it is false
 * is an `invariant` violation with the shortest trace to it.
 *
 * @example
 * ```ts
 * properties: {
 *   forkHeldByOne: always((s) => s.actors.filter((a) => a.matches('eating')).length <= 1),
 * }
 * ```
 */
export function always(predicate: StatePredicate): AlwaysProperty {
  if (typeof predicate !== 'function') throw new TypeError('always() takes a predicate: (state) => boolean');
  return { kind: 'always', predicate };
}

/** Named properties, as a model declares them. */
export type Properties = Readonly<Record<string, Property>>;
