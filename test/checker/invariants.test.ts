/**
 * Invariants that declare the actors they read are evaluated once per combination of those
 * actors' states (src/checker/invariants.ts), and still report the first state that breaks them.
 */
import { describe, expect, it } from 'vitest';
import { always, check, defineSystem } from '../../src/index.ts';
import { UNKNOWN, VerdictsByTuple } from '../../src/checker/invariants.ts';
import { counter } from '../fixtures/systems/counter.ts';


const system = defineSystem({ actors: { a: { machine: counter('a') }, b: { machine: counter('b') } } });
const three = defineSystem({ actors: { a: { machine: counter('a') }, b: { machine: counter('b') }, c: { machine: counter('c') } } });

describe('invariants', () => {
  it('evaluates an invariant that reads one actor once per state of that actor, and one that reads all once per global state', () => {
    // 3 × 3 global states; a has 3 states (zero, one, two), each with an empty mailbox.
    let readsA = 0;
    let readsAll = 0;
    const result = check(system, {
      properties: {
        aCounts: always((s) => (readsA++, s.actor('a').state !== 'three'), { reads: ['a'] }),
        bothCount: always((s) => (readsAll++, s.actor('b').state !== 'three')),
      },
    });
    expect(result.verdict.kind).toBe('pass');
    expect(result.stats.states).toBe(9);
    expect(readsA).toBe(3);
    expect(readsAll).toBe(9);
  });

  it('reports the first state that breaks it, by the shortest trace, even when its actor state was judged before', () => {
    // b ≠ two is judged broken once; the first state with b at two is reached by b ticking twice.
    for (const store of ['exact', 'fingerprint'] as const) {
      const result = check(system, { store, properties: { bBelowTwo: always((s) => s.actor('b').state !== 'two', { reads: ['b'] }) } });
      expect(result.verdict.kind).toBe('invariant');
      if (result.verdict.kind !== 'invariant') return;
      expect(result.verdict.property).toBe('bBelowTwo');
      expect(result.verdict.trace.steps.map((step) => `${step.actor}:${step.state.label}`)).toEqual(['b:one', 'b:two']);
    }
  });

  it('evaluates an invariant that reads two of three actors once per combination of their states', () => {
    // 3 × 3 × 3 global states; a and b take 3 × 3 combinations.
    let readsAB = 0;
    let readsAll = 0;
    const result = check(three, {
      properties: {
        neverBothThree: always((s) => (readsAB++, !(s.actor('a').state === 'three' && s.actor('b').state === 'three')), { reads: ['a', 'b'] }),
        cBelowThree: always((s) => (readsAll++, s.actor('c').state !== 'three')),
      },
    });
    expect(result.verdict.kind).toBe('pass');
    expect(result.stats.states).toBe(27);
    expect(readsAB).toBe(9);
    expect(readsAll).toBe(27);
  });

  it('reports the first state that breaks an invariant of several actors, by the shortest trace', () => {
    for (const store of ['exact', 'fingerprint'] as const) {
      const result = check(three, { store, properties: { notBothTwo: always((s) => !(s.actor('a').state === 'two' && s.actor('b').state === 'two'), { reads: ['a', 'b'] }) } });
      expect(result.verdict.kind).toBe('invariant');
      if (result.verdict.kind !== 'invariant') return;
      expect(result.verdict.property).toBe('notBothTwo');
      expect(result.verdict.trace.steps.map((step) => `${step.actor}:${step.state.label}`)).toEqual(['a:one', 'a:two', 'b:one', 'b:two']);
    }
  });

  it('remembers a verdict per tuple of components, never mixing up two tuples whose hashes agree', () => {
    // Half a million pairs of components (ids below 2^20, drawn by xorshift32 from a fixed
    // seed): 27 of them share a 32-bit hash with an earlier one, and only comparing the keys
    // tells them apart (taking a hash match for a hit gives 10 wrong verdicts here).
    let seed = 2463534242;
    const draw = () => ((seed ^= seed << 13), (seed ^= seed >>> 17), (seed ^= seed << 5), (seed >>> 0) & 0xfffff);
    const tuples = Array.from({ length: 1 << 19 }, () => Int32Array.of(draw(), draw()));
    const verdictOf = (tuple: Int32Array) => 1 + ((tuple[0]! >>> 7) & 1);
    const memo = new VerdictsByTuple(Int32Array.of(0, 1));
    for (const tuple of tuples) if (memo.find(tuple) === UNKNOWN) memo.remember(tuple, verdictOf(tuple));
    expect(tuples.filter((tuple) => memo.find(tuple) !== verdictOf(tuple))).toEqual([]);
  });

  it('reports an invariant already false in the initial state, by a trace of no steps, on every store and on workers', async () => {
    const { checkConfiguration } = await import('../../src/index.ts');
    const { loadModel } = await import('../../src/model/loadModel.ts');
    const model = await loadModel('test/fixtures/systems/startsBroken.ts');
    for (const options of [{ store: 'fingerprint' }, { store: 'exact' }, { workers: 2 }] as const) {
      const { verdict, stats } = checkConfiguration(model, 'broken', options).result;
      expect(verdict).toMatchObject({ kind: 'invariant', property: 'xPastZero' });
      if (verdict.kind !== 'invariant') continue;
      expect([verdict.trace.steps.length, stats.states, stats.transitions, stats.depth]).toEqual([0, 1, 0, 0]);
      expect(verdict.diagnosis.summary).toBe("Invariant 'xPastZero' is false in the initial state. x is in zero. y is in zero.");
      expect(verdict.diagnosis.hints[0]).toMatch(/^No step was taken: the actors' initial states and contexts/);
    }
  });
});
