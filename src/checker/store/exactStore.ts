/**
 * The set of visited global states, stored exactly (research/xstate-internals.md §2): each
 * state vector packed into a row of a chunked arena (see `PackedRows`), indexed by an
 * open-addressing hash table. States are numbered in insertion order, which for breadth-first
 * search is the frontier order; each keeps its parent's number so that traces can be rebuilt,
 * and its hash so that the table grows without hashing again.
 */
import type { StatePatch } from '../../system/step.ts';
import { doubled } from '../../system/_internals/doubled.ts';
import { hashPatched, hashVector, spread } from './hash.ts';
import { PackedRows } from './packedRows.ts';
import { MemoryParentLog } from './parentLog.ts';
import type { StateStore } from './stateStore.ts';

const RECENT_BITS = 16;
const RECENT_SHIFT = 32 - RECENT_BITS;

export class ExactStore implements StateStore {
  readonly kind = 'exact';
  private readonly rows: PackedRows;
  private readonly log = new MemoryParentLog();
  private hashes: Int32Array = new Int32Array(1024);
  /**
   * One int per slot: the state number + 1 in the low `indexBits` bits (0 = empty), and the
   * high bits of the state's spread hash as a tag above them, so that most probes that do not
   * match are rejected without touching the arena. The table has 2^indexBits slots and is at
   * most 5/8 full, so a state number always fits.
   */
  private slots = new Int32Array(1024);
  private indexBits = 10;
  private mask = 1023;
  /**
   * A direct-mapped cache (spread hash → state number) of the states most recently stored or
   * found. Successors found again in breadth-first search are mostly states met a moment ago
   * (82% for dining philosophers); their rows are still in the CPU's caches, while the big
   * table's slot would be a memory access. A hit is confirmed by comparing rows.
   */
  private readonly recent: Int32Array; // (hash, state number) pairs: one cache line a lookup
  private readonly recentMask: number;

  // The state whose successors are being staged, and the batch's staged successors.
  private base: Int32Array = new Int32Array(0);
  private baseIndex = -1;
  private baseHash = 0;
  private staged = 0;
  private stagedHashes: Int32Array = new Int32Array(64);
  private stagedSteps: Int32Array = new Int32Array(64);
  private stagedParents: Int32Array = new Int32Array(64);
  /** Per staged successor: the number of the stored state it was found to be, or -1. */
  private stagedKnown: Int32Array = new Int32Array(64);
  /** The table slots read before committing, folded into a field so that the reads happen. */
  private touched = 0;

  /**
   * `recentCache`: cache the states met last. Without it (with sleep sets, which leave few
   * successors to meet again) the cache has one entry.
   */
  constructor(width: number, recentCache = true) {
    this.rows = new PackedRows(width);
    const bits = recentCache ? RECENT_BITS : 0;
    this.recent = new Int32Array(2 << bits).fill(-1);
    this.recentMask = (1 << bits) - 1;
  }

  get size(): number {
    return this.rows.size;
  }

  reserve(largest: number): void {
    this.rows.reserve(largest);
  }

  addInitial(state: Int32Array): number {
    this.startBatch();
    this.expand(-1, state);
    this.stageVector(state, 0);
    return this.commit(0);
  }

  startBatch(): void {
    this.staged = 0;
  }

  expand(index: number, state: Int32Array): void {
    this.base = state;
    this.baseIndex = index;
    this.baseHash = index >= 0 ? this.hashes[index]! : 0;
  }

  stage(patch: StatePatch, step: number): void {
    const k = this.staged++;
    if (k === this.stagedHashes.length) this.growStaging();
    this.rows.packPatched(k, this.baseIndex, patch);
    this.lookUpStaged(k, hashPatched(this.baseHash, this.base, patch), step);
  }

  stageVector(state: Int32Array, step: number): void {
    const k = this.staged++;
    if (k === this.stagedHashes.length) this.growStaging();
    this.rows.packVector(k, state);
    this.lookUpStaged(k, hashVector(state), step);
  }

  /** Records staged successor `k` (its row already packed): it is looked up when the batch's commits begin. */
  private lookUpStaged(k: number, hash: number, step: number): void {
    this.stagedSteps[k] = step;
    this.stagedParents[k] = this.baseIndex;
    this.stagedHashes[k] = hash;
  }

  commit(k: number): number {
    if (k === 0) this.lookUpBatch();
    const known = this.stagedKnown[k]!;
    if (known >= 0) return ~known;
    const hash = this.stagedHashes[k]!;
    const spreadHash = spread(hash);
    const recent = ((spreadHash >>> RECENT_SHIFT) & this.recentMask) * 2;
    const { slots, mask, indexBits, rows } = this;
    const tag = (spreadHash >>> indexBits) << indexBits;
    let slot = spreadHash & mask;
    for (let entry = slots[slot]!; entry !== 0; entry = slots[slot]!) {
      if ((entry & ~mask) === tag && rows.equals(k, (entry & mask) - 1)) {
        this.recent[recent] = hash;
        this.recent[recent + 1] = (entry & mask) - 1;
        return ~((entry & mask) - 1);
      }
      slot = (slot + 1) & mask;
    }
    const index = rows.append(k);
    if (index === this.hashes.length) this.hashes = doubled(this.hashes);
    this.log.record(index, this.stagedParents[k]!, this.stagedSteps[k]!);
    this.hashes[index] = hash;
    slots[slot] = tag | (index + 1);
    this.recent[recent] = hash;
    this.recent[recent + 1] = index;
    if (rows.size * 8 > mask * 5) this.rehash();
    return index;
  }

  read(index: number, out: Int32Array): void {
    this.rows.read(index, out);
  }

  parentOf(index: number): number {
    return this.log.parentOf(index);
  }

  stepOf(index: number): number {
    return this.log.stepOf(index);
  }

  collisionProbability(): number {
    return 0;
  }

  close(): void {
    this.log.close();
  }

  bytes(): number {
    return this.rows.bytes() + this.log.bytes() + this.hashes.byteLength + this.slots.byteLength;
  }

  /**
   * Looks every staged successor up in the recent cache (confirming a hit by comparing rows),
   * then reads the table slot of each one not found there: tight loops whose reads miss the
   * CPU's caches but, issued back to back, overlap.
   */
  private lookUpBatch(): void {
    const { recent, stagedHashes, stagedKnown, rows } = this;
    for (let k = 0; k < this.staged; k++) {
      const hash = stagedHashes[k]!;
      const at = ((spread(hash) >>> RECENT_SHIFT) & this.recentMask) * 2;
      stagedKnown[k] = recent[at] === hash ? recent[at + 1]! : -1;
    }
    for (let k = 0; k < this.staged; k++) if (stagedKnown[k]! >= 0 && !rows.equals(k, stagedKnown[k]!)) stagedKnown[k] = -1;
    let touched = 0;
    for (let k = 0; k < this.staged; k++) if (stagedKnown[k]! < 0) touched ^= this.slots[spread(stagedHashes[k]!) & this.mask]!;
    this.touched ^= touched;
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

  private growStaging(): void {
    this.stagedHashes = doubled(this.stagedHashes);
    this.stagedSteps = doubled(this.stagedSteps);
    this.stagedParents = doubled(this.stagedParents);
    this.stagedKnown = doubled(this.stagedKnown);
  }
}
