/**
 * The properties checked on the whole explored state space once the search has finished:
 * liveness (`eventually`, `leadsTo`, under fairness) and properties stated per item
 * (`forEach`), whose items are only known once every state has been seen.
 */
import type { CompiledSystem } from '../system/step.ts';
import { StateViews } from '../system/stateView.ts';
import { canonicalJson } from '../system/_internals/plainData.ts';
import { diagnoseInvariant } from './diagnosis.ts';
import { diagnoseLiveness } from './liveness/diagnoseLiveness.ts';
import { LivenessChecker, type ExploredSpace } from './liveness/checkLiveness.ts';
import type { Fairness } from './liveness/fairness.ts';
import type { StateGraph } from './liveness/stateGraph.ts';
import { ModelError } from '../system/errors.ts';
import type { AlwaysProperty, EventuallyProperty, ForEachProperty, LeadsToProperty, LivenessProperty, Properties, Property } from './properties.ts';
import type { Violation } from './result.ts';
import type { StateStore } from './store/stateStore.ts';
import { describeInitial, rebuildTrace, traceAlongHops } from './trace.ts';

type Simple = AlwaysProperty | EventuallyProperty | LeadsToProperty;

/** Whether `properties` need the state graph (liveness), or a pass over all states (`forEach`). */
export function needsGraph(properties: Properties): boolean {
  return Object.values(properties).some((p) => p.kind === 'eventually' || p.kind === 'leadsTo' || p.kind === 'forEach');
}

/**
 * Checks every `forEach`, `eventually` and `leadsTo` property, in declaration order, on the
 * explored space. Returns the first violation (undefined when all hold), and whether any
 * liveness property was checked.
 */
export function checkGraphProperties(
  compiled: CompiledSystem,
  store: StateStore,
  graph: StateGraph,
  properties: Properties,
  fairness: Fairness,
): { violation: Violation | undefined; livenessChecked: boolean } {
  const views = new StateViews(compiled);
  const vector = new Int32Array(compiled.width);
  const space: ExploredSpace = {
    graph,
    store,
    view: (index) => {
      store.read(index, vector);
      return views.view(vector);
    },
  };
  const liveness = new LivenessChecker(space, fairness);
  let livenessChecked = false;
  for (const [name, property] of Object.entries(properties)) {
    if (property.kind === 'always' || property.kind === 'reachable') continue; // checked during the search
    for (const { item, simple } of expand(name, property, space)) {
      livenessChecked ||= simple.kind !== 'always';
      const violation =
        simple.kind === 'always'
          ? checkItemInvariant(compiled, store, space, name, item, simple)
          : checkLivenessProperty(compiled, store, liveness, name, item, simple, fairness);
      if (violation) return { violation, livenessChecked };
    }
  }
  return { violation: undefined, livenessChecked };
}

/** A property, or one per item for `forEach` (items in the order they are first met). */
function expand(name: string, property: LivenessProperty | ForEachProperty, space: ExploredSpace): { item: unknown; simple: Simple }[] {
  if (property.kind !== 'forEach') return [{ item: undefined, simple: property }];
  const items = new Map<string, unknown>();
  for (let state = 0; state < space.graph.stateCount; state++) {
    for (const item of property.items(space.view(state))) {
      const key = canonicalJson(item);
      if (!items.has(key)) items.set(key, item);
    }
  }
  return [...items.values()].map((item) => {
    const simple = property.property(item) as Property; // a model in JavaScript may return anything
    if (simple.kind === 'reachable' || simple.kind === 'forEach') throw new ModelError(`property '${name}': forEach states always, eventually or leadsTo properties, not ${simple.kind}`);
    return { item, simple };
  });
}

function checkItemInvariant(
  compiled: CompiledSystem,
  store: StateStore,
  space: ExploredSpace,
  name: string,
  item: unknown,
  property: AlwaysProperty,
): Violation | undefined {
  for (let state = 0; state < space.graph.stateCount; state++) {
    if (property.predicate(space.view(state))) continue;
    const { trace, states } = rebuildTrace(compiled, store, state);
    const label = `${name}[${canonicalJson(item)}]`;
    return { kind: 'invariant', property: name, item, trace, diagnosis: diagnoseInvariant(compiled, states[states.length - 1]!, trace, label) };
  }
  return undefined;
}

function checkLivenessProperty(
  compiled: CompiledSystem,
  store: StateStore,
  liveness: LivenessChecker,
  name: string,
  item: unknown,
  property: EventuallyProperty | LeadsToProperty,
  fairness: Fairness,
): Violation | undefined {
  const lasso =
    property.kind === 'eventually' ? liveness.leadsTo(undefined, property.predicate) : liveness.leadsTo(property.from, property.to);
  if (!lasso) return undefined;
  const steps = traceAlongHops(compiled, store, [...lasso.prefix, ...lasso.cycle]);
  const trace = { initial: describeInitial(compiled), steps, cycleStart: lasso.prefix.length };
  const last = lasso.prefix.length > 0 ? lasso.prefix[lasso.prefix.length - 1]!.to : 0;
  const entry = new Int32Array(compiled.width);
  store.read(last, entry);
  const diagnosis = diagnoseLiveness(compiled, entry, trace, {
    property: item === undefined ? name : `${name}[${canonicalJson(item)}]`,
    kind: property.kind,
    triggerStep: lasso.toTrigger,
    obliged: lasso.obliged.map((a) => compiled.names[a]!),
    fairness,
  });
  return { kind: 'liveness', property: name, ...(item === undefined ? {} : { item }), trace, diagnosis };
}
