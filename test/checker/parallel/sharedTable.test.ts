/**
 * The parallel search's shared fingerprint table and levels, on one thread: what the workers
 * rely on when the main thread grows them between (or in the middle of) levels.
 */
import { describe, expect, it } from 'vitest';
import { SharedFingerprintTable } from '../../../src/checker/parallel/sharedTable.ts';
import { SharedFrontier } from '../../../src/checker/parallel/sharedFrontier.ts';
import { ModelError } from '../../../src/system/errors.ts';

describe('the shared fingerprint table', () => {
  it('keeps every fingerprint with its state number when it grows', () => {
    const table = SharedFingerprintTable.create(1024);
    const fingerprints = Array.from({ length: 600 }, (_, i) => [Math.imul(i + 1, 0x9e3779b1) | 1, (i + 1) * 7] as const);
    fingerprints.forEach(([low, high], state) => expect(table.insert(low, high, state)).toBeGreaterThanOrEqual(0));
    table.grow(2048);
    table.grow(4096);
    expect(table.capacity).toBe(4096);
    fingerprints.forEach(([low, high], state) => {
      const slot = table.insert(low, high, 99_999);
      expect(slot).toBeLessThan(0); // seen
      expect(table.stateIn(~slot)).toBe(state);
    });
  });

  it('hands out a level in chunks from its start, or row by row from its end (for tests of order)', () => {
    const level = SharedFrontier.create(2);
    for (let row = 0; row < 5; row++) level.append(Int32Array.of(row, row));
    expect([level.take(2), level.take(2), level.take(2), level.take(2)]).toEqual([0, 2, 4, -1]);
    const backwards = SharedFrontier.create(2);
    for (let row = 0; row < 3; row++) backwards.append(Int32Array.of(row, row));
    expect([backwards.takeFromEnd(), backwards.takeFromEnd(), backwards.takeFromEnd(), backwards.takeFromEnd()]).toEqual([2, 1, 0, -1]);
  });

  it('says which table outgrew a shared buffer, instead of failing inside V8', () => {
    const table = SharedFingerprintTable.create(1024);
    expect(() => table.grow(2 ** 30)).toThrow(ModelError);
    expect(() => table.grow(2 ** 30)).toThrow(
      'parallel search: the fingerprint table would need 12884901888 bytes, more than a shared buffer can hold (4294967296); search on one thread (without --workers), which has no such limit',
    );
    const level = SharedFrontier.create(10);
    expect(() => level.reserve(2 ** 27)).toThrow('parallel search: a level of states would need 5368709120 bytes');
  });
});
