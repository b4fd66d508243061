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

  it('keeps them when entries crowd both ends of the table: a cluster at the bottom, and one that wraps past the end', async () => {
    const { spread } = await import('../../../src/checker/store/hash.ts');
    const home = (low: number, capacity: number) => Math.floor(((spread(low) >>> 0) * capacity) / 2 ** 32);
    const table = SharedFingerprintTable.create(1024);
    const lows: number[] = [];
    // 40 whose home is among the last 4 slots (they wrap to the start), 40 among the first 4, 400 anywhere.
    for (let low = 1, top = 0, bottom = 0; lows.length < 480; low += 2) {
      const at = home(low, 1024);
      if (at >= 1020 && top < 40) top++;
      else if (at < 4 && bottom < 40) bottom++;
      else if (lows.length - top - bottom >= 400 || at >= 1020 || at < 4) continue;
      lows.push(low);
    }
    lows.forEach((low, state) => expect(table.insert(low, low * 3, state)).toBeGreaterThanOrEqual(0));
    for (const slots of [1280, 2048, 8192]) {
      table.grow(slots);
      lows.forEach((low, state) => {
        const slot = table.insert(low, low * 3, 99_999);
        expect(slot).toBeLessThan(0);
        expect(table.stateIn(~slot)).toBe(state);
      });
    }
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
