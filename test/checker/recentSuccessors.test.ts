/**
 * The cache of successors met before their canonicalization (see `RecentSuccessors`): a hit is
 * a whole vector found again, never a guess, and what a worker keeps with an entry (the
 * representative's fingerprint and the permutation) comes back with it.
 */
import { describe, expect, it } from 'vitest';
import { RecentSuccessors } from '../../src/checker/symmetry/recentSuccessors.ts';
import { hashVector, spread } from '../../src/checker/store/hash.ts';

describe('the cache of recent successors', () => {
  it('finds a vector again with the numbers kept with it, and never another vector', () => {
    const cache = new RecentSuccessors(3, 3);
    const vectors = Array.from({ length: 500 }, (_, i) => Int32Array.of(i, i * 7, 3));
    vectors.forEach((vector, i) => {
      expect(cache.has(vector)).toBe(false);
      cache.add(vector);
      [i, 1000 - i, i % 24].forEach((value, at) => cache.setValue(at, value));
    });
    let found = 0;
    vectors.forEach((vector, i) => {
      if (!cache.has(vector)) return; // evicted by a later vector in its entry
      found++;
      expect([cache.value(0), cache.value(1), cache.value(2)]).toEqual([i, 1000 - i, i % 24]);
    });
    expect(found).toBeGreaterThan(490); // 32,768 entries: few of 500 share one
    expect(cache.has(Int32Array.of(1, 7, 4))).toBe(false);
  });

  it('keeps the last vector of an entry, with its own numbers', () => {
    const cache = new RecentSuccessors(1, 1);
    const entry = (vector: Int32Array) => spread(hashVector(vector)) >>> 17; // 2^15 entries
    const first = Int32Array.of(0);
    let second = Int32Array.of(1);
    while (entry(second) !== entry(first)) second = Int32Array.of(second[0]! + 1);
    for (const [vector, value] of [[first, 11], [second, 22]] as const) {
      expect(cache.has(vector)).toBe(false);
      cache.add(vector);
      cache.setValue(0, value);
    }
    expect(cache.has(first)).toBe(false);
    expect(cache.has(second)).toBe(true);
    expect(cache.value(0)).toBe(22);
  });
});
