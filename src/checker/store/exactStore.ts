/**
 * The set of visited global states, stored exactly (research/xstate-internals.md §2): each
 * state vector packed into a row of a chunked arena (see `PackedRows`), indexed by an
 * open-addressing hash table. States are numbered in insertion order, which for breadth-first
 * search is the frontier order, and each keeps its parent's number so that traces can be
 * rebuilt, and its hash so that the table can grow without hashing again.
 */
import type { StatePatch } from '../../system/step.ts';
import { spread } from './hash.ts';
import { PackedRows } from './packedRows.ts';
import type { StateStore } from './stateStore.ts';

const RECENT_BITS = 16;
const RECENT = 1 << RECENT_BITS;
const RECENT_SHIFT = 32 - RECENT_BITS;

export class ExactStore implements StateStore {
  readonly kind = 'exact';
  private readonly rows: PackedRows;
  private parents: Int32Array = new Int32Array(1024);
  private hashes: Int32Array = new Int32Array(1024);
  /**
   * One int per slot: the state number + 1 in the low `indexBits` bits (0 = empty), and the
   * high bits of the state's spread hash as a tag above them, so that most probes that do not
   * match are rejected without touching the arena. The table has 2^indexBits slots and is at
   * most half full, so a state number always fits.
   */
  private slots = new Int32Array(1024);
  private indexBits = 10;
  private mask = 1023;
  /**
   * A small direct-mapped cache (hash → state number) of the states most recently added or
   * found. Successors found again in breadth-first search are mostly states met a moment ago
   * (82% for dining philosophers), and this cache and their rows are still in the CPU's
   * caches, while the big table's slot would be a cache miss. A hit is confirmed by comparing
   * rows, so the store stays exact.
   */
  private readonly recentHashes = new Int32Array(RECENT);
  private readonly recentStates = new Int32Array(RECENT).fill(-1);

  constructor(width: number) {
    this.rows = new PackedRows(width);
  }

  get size(): number {
    return this.rows.size;
  }

  add(base: Int32Array, patch: StatePatch | undefined, hash: number, parent: number): number {
    const rows = this.rows;
    rows.packCandidate(base, patch, parent);
    const spreadHash = spread(hash);
    const recent = spreadHash >>> RECENT_SHIFT;
    if (this.recentHashes[recent] === hash) {
      const known = this.recentStates[recent]!;
      if (known >= 0 && rows.candidateEquals(known)) return -1;
    }
    const { slots, mask, indexBits } = this;
    const tag = (spreadHash >>> indexBits) << indexBits;
    let slot = spreadHash & mask;
    for (let entry = slots[slot]!; entry !== 0; entry = slots[slot]!) {
      if ((entry & ~mask) === tag && rows.candidateEquals((entry & mask) - 1)) {
        this.recentHashes[recent] = hash;
        this.recentStates[recent] = (entry & mask) - 1;
        return -1;
      }
      slot = (slot + 1) & mask;
    }
    const index = rows.appendCandidate();
    this.recentHashes[recent] = hash;
    this.recentStates[recent] = index;
    if (index === this.parents.length) {
      this.parents = grow(this.parents);
      this.hashes = grow(this.hashes);
    }
    this.parents[index] = parent;
    this.hashes[index] = hash;
    slots[slot] = tag | (index + 1);
    if (rows.size * 8 > mask * 5) this.rehash();
    return index;
  }

  reserve(largest: number): void {
    this.rows.reserve(largest);
  }

  touch(hash: number): number {
    const spreadHash = spread(hash);
    const recent = spreadHash >>> RECENT_SHIFT;
    return this.recentHashes[recent] === hash ? recent : this.slots[spreadHash & this.mask]!;
  }

  read(index: number, out: Int32Array): void {
    this.rows.read(index, out);
  }

  hashOf(index: number): number {
    return this.hashes[index]!;
  }

  parentOf(index: number): number {
    return this.parents[index]!;
  }

  bytes(): number {
    return this.rows.bytes() + this.parents.byteLength + this.hashes.byteLength + this.slots.byteLength;
  }

  /** Doubles the table. Tags lose a bit, so every slot is rebuilt from the stored hashes. */
  private rehash(): void {
    const indexBits = this.indexBits + 1;
    const mask = (1 << indexBits) - 1;
    const slots = new Int32Array(mask + 1);
    const hashes = this.hashes;
    for (let index = 0; index < this.rows.size; index++) {
      const spreadHash = spread(hashes[index]!);
      let slot = spreadHash & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = ((spreadHash >>> indexBits) << indexBits) | (index + 1);
    }
    this.slots = slots;
    this.indexBits = indexBits;
    this.mask = mask;
  }
}

function grow(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
