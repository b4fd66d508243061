/**
 * Liveness verdicts agree with an independent checker: the naive reference explorer's state
 * graph (plain XState, string keys), strongly connected components from @dagrejs/graphlib, and
 * fairness and reachability written out plainly here. Checked on three small systems, under
 * every fairness, for properties that hold and properties that fail.
 */
import * as graphlib from '@dagrejs/graphlib';
import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot, EventObject } from 'xstate';
import { check, eventually, forEach, leadsTo, type Fairness, type Property, type StatePredicate, type StateView, type System } from '../../../src/index.ts';
import spooler from '../../../models/print-spooler.ts';
import { diningTable } from '../../../models/dining-philosophers.ts';
import { resolveParameters } from '../../../src/model/checkModel.ts';
import { exploreReference } from '../../helpers/referenceExplorer.ts';
import { retrySystem } from '../../fixtures/systems/retry.ts';

type RefState = { snapshot: AnyMachineSnapshot; mailbox: EventObject[] }[];

/** Whether `from ~> to` holds on the reference graph, by the textbook construction. */
function oracleLeadsTo(system: System, from: StatePredicate | undefined, to: StatePredicate, fairness: Fairness): boolean {
  const { graph } = exploreReference(system);
  const names = system.actors.map((a) => a.name);
  const view = (state: RefState) =>
    ({
      actor: (name: string) => {
        const a = state[names.indexOf(name)]!;
        return { value: a.snapshot.value, context: a.snapshot.context, mailbox: a.mailbox, final: a.snapshot.status === 'done', matches: (v: string) => a.snapshot.matches(v as never) };
      },
    }) as unknown as StateView;
  const n = graph.states.length;
  const notTo = graph.states.map((s) => !to(view(s)));
  const trigger = graph.states.map((s, i) => notTo[i] && (from ? from(view(s)) : i === 0));
  const enabled = Array.from({ length: n }, () => new Set<number>());
  for (const [u, , a] of graph.edges) enabled[u]!.add(a);
  const fair = (members: Set<number>): boolean => {
    const internal = graph.edges.filter(([u, v]) => members.has(u) && members.has(v));
    if (internal.length === 0) return false; // no cycle
    if (fairness === 'none') return true;
    const taken = new Set(internal.map(([, , a]) => a));
    const sets = [...members].map((s) => enabled[s]!);
    const obliged =
      fairness === 'weak'
        ? [...sets[0]!].filter((a) => sets.every((set) => set.has(a)))
        : [...new Set(sets.flatMap((set) => [...set]))];
    const neglected = obliged.filter((a) => !taken.has(a));
    if (neglected.length === 0) return true;
    if (fairness === 'weak') return false;
    const rest = new Set([...members].filter((s) => !neglected.some((a) => enabled[s]!.has(a))));
    return components(rest).some(fair);
  };
  const components = (members: Set<number>): Set<number>[] => {
    const g = new graphlib.Graph({ directed: true });
    for (const s of members) g.setNode(String(s));
    for (const [u, v] of graph.edges) if (members.has(u) && members.has(v)) g.setEdge(String(u), String(v));
    return graphlib.alg.tarjan(g).map((c: string[]) => new Set(c.map(Number)));
  };
  const inside = new Set(graph.states.map((_, i) => i).filter((i) => notTo[i]));
  const sinks = new Set<number>();
  for (const c of components(inside)) if (fair(c)) for (const s of c) sinks.add(s);
  for (const s of inside) if (enabled[s]!.size === 0) sinks.add(s);
  // Backward reachability to the sinks through `inside`.
  const doomed = new Set(sinks);
  for (let changed = true; changed; ) {
    changed = false;
    for (const [u, v] of graph.edges) if (inside.has(u) && doomed.has(v) && !doomed.has(u)) doomed.add(u), (changed = true);
  }
  return !trigger.some((t, i) => t && doomed.has(i));
}

const hungry = (p: string): StatePredicate => (s) => s.actor(p).matches('waitingForFirst') || s.actor(p).matches('waitingForSecond');
const eating = (p: string): StatePredicate => (s) => s.actor(p).matches('eating');
const spoolerSystem = spooler.system(resolveParameters(spooler, 'correct', {}) as never);

const cases: { name: string; system: System; from?: StatePredicate; to: StatePredicate }[] = [
  { name: 'philosophers n=2: phil0 hungry ~> eats', system: diningTable(2, true), from: hungry('phil0'), to: eating('phil0') },
  { name: 'philosophers n=2: phil1 hungry ~> eats', system: diningTable(2, true), from: hungry('phil1'), to: eating('phil1') },
  { name: 'philosophers n=2: eventually someone eats', system: diningTable(2, true), to: (s) => eating('phil0')(s) || eating('phil1')(s) },
  { name: 'philosophers n=3: phil0 hungry ~> eats', system: diningTable(3, true), from: hungry('phil0'), to: eating('phil0') },
  { name: 'spooler: eventually both jobs printed', system: spoolerSystem, to: (s) => s.actor('printer').context.printed.length === 2 },
  { name: 'spooler: a job submitted ~> printed', system: spoolerSystem, from: (s) => s.actor('client').context.sent > 0, to: (s) => s.actor('printer').context.printed.length > 0 },
  { name: 'retry forever: eventually finished', system: retrySystem(0), to: (s) => s.actor('client').final },
  { name: 'retry at most twice: eventually finished', system: retrySystem(2), to: (s) => s.actor('client').final },
];

describe('liveness agrees with an independent graphlib checker', () => {
  for (const fairness of ['none', 'weak', 'strong'] as const) {
    it.each(cases)(`${fairness} fairness: $name`, ({ system, from, to }) => {
      const property: Property = from ? leadsTo(from, to) : eventually(to);
      const engine = check(system, { properties: { p: property }, fairness });
      const holds = oracleLeadsTo(system, from, to, fairness);
      expect(engine.verdict.kind).toBe(holds ? 'pass' : 'liveness');
    });
  }

  it('pins the verdicts: starvation only without fairness; retrying forever fails even under fairness; a bounded retry holds', () => {
    const verdicts = (['none', 'weak'] as const).map((fairness) =>
      cases.map((c) => check(c.system, { properties: { p: c.from ? leadsTo(c.from, c.to) : eventually(c.to) }, fairness }).verdict.kind),
    );
    expect(verdicts).toEqual([
      ['pass', 'pass', 'pass', 'liveness', 'pass', 'pass', 'liveness', 'pass'],
      ['pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'liveness', 'pass'],
    ]);
  });

  it('states forEach once per item and names the failing item', () => {
    // Three philosophers without fairness: phil0 starves while phil1 eats again and again.
    const names = ['phil0', 'phil1', 'phil2'];
    const result = check(diningTable(3, true), { properties: { hungryEats: forEach(() => names, (p) => leadsTo(hungry(p), eating(p))) }, fairness: 'none' });
    expect(result.verdict).toMatchObject({ kind: 'liveness', property: 'hungryEats', item: 'phil0' });
  });
});
