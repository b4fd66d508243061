/**
 * The set of visited global states as 64-bit fingerprints (hash compaction, as TLC does by
 * default): a state is taken as seen when its fingerprint is. Two different states share a
 * fingerprint with a probability bounded by `collisionProbability()` (printed with each
 * result), and such a collision could hide states — never invent a violation. `--exact`
 * keeps whole states instead.
 *
 * Memory: an open-addressing table of fingerprint pairs, grown by a quarter when three quarters
 * full (so 10.7 to 13.3 bytes a state: growing by half would mean up to 16, and growing more
 * often costs little, as the table is rebuilt in slot order), plus only the frontier's packed
 * rows, each with its state's hash (freed as the search expands them); the parent log goes to
 * a temporary file.
 */
import type { StatePatch } from '../../system/step.ts';
import { doubled } from '../../system/_internals/doubled.ts';
import { hashPatched, hashPatchedHigh, hashVector, hashVectorHigh, spread } from './hash.ts';
import { PackedRows } from './packedRows.ts';
import { FileParentLog, type ParentLog } from './parentLog.ts';
import { RecentFingerprints } from './recentFingerprints.ts';
import type { StateStore } from './stateStore.ts';

const TWO_TO_32 = 4294967296;
/** What `commit` returns for a state seen before: a fingerprint store does not keep state numbers. */
const SEEN = -1;

/**
 * The low word under which the table and the recent cache keep a fingerprint: (0, 0) marks an
 * empty entry, so the one hash (0, 0) is kept as (1, 0). Rows keep the hash itself, from which
 * their successors' hashes are computed.
 */
function tableLow(low: number, high: number): number {
  return low === 0 && high === 0 ? 1 : low;
}

export class FingerprintStore implements StateStore {
  readonly kind = 'fingerprint';
  private readonly rows: PackedRows;
  private readonly log: ParentLog = new FileParentLog();
  /** Pairs (low, high) per slot; (0, 0) is empty, so no fingerprint is (0, 0). */
  private table = new Int32Array(2 * 1024);
  private capacity = 1024;
  private count = 0;
  private readonly recent: RecentFingerprints;

  // The state whose successors are being staged, and the batch's staged successors.
  private base: Int32Array = new Int32Array(0);
  private baseIndex = -1;
  private baseLow = 0;
  private baseHigh = 0;
  private staged = 0;
  private stagedParents: Int32Array = new Int32Array(64);
  private stagedLow: Int32Array = new Int32Array(64);
  private stagedHigh: Int32Array = new Int32Array(64);
  private stagedSteps: Int32Array = new Int32Array(64);
  private stagedSeen: Uint8Array = new Uint8Array(64);
  /** The table slot each staged successor's search starts at (for the current capacity). */
  private stagedSlots: Int32Array = new Int32Array(64);
  private stagedCapacity = 0;
  /** What each staged successor is made of; its row is packed only if it turns out new. */
  private readonly stagedPatches: (StatePatch | Int32Array)[] = [];
  /** The table slots read before committing, folded into a field so that the reads happen. */
  private touched = 0;

  /**
   * `recentCache`: cache the fingerprints met last (see `RecentFingerprints`). Not worth it
   * with sleep sets, which leave few successors to meet again: 2% of lookups hit on dining n=7.
   */
  constructor(width: number, recentCache = true) {
    this.rows = new PackedRows(width, 2); // each row keeps its fingerprint, for `expand`
    this.recent = new RecentFingerprints(recentCache ? undefined : 0);
  }

  get size(): number {
    return this.count;
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
    if (index < 0) return;
    this.baseLow = this.rows.extra(index, 0);
    this.baseHigh = this.rows.extra(index, 1);
    // Rows below the batch's first state are expanded: their chunks can go.
    if (this.staged === 0) this.rows.release(index);
  }

  stage(patch: StatePatch, step: number): void {
    const k = this.staged++;
    if (k === this.stagedLow.length) this.growStaging();
    this.stagedPatches[k] = patch;
    this.lookUpStaged(k, hashPatched(this.baseLow, this.base, patch), hashPatchedHigh(this.baseHigh, this.base, patch), step);
  }

  stageVector(state: Int32Array, step: number): void {
    const k = this.staged++;
    if (k === this.stagedLow.length) this.growStaging();
    this.stagedPatches[k] = state;
    this.lookUpStaged(k, hashVector(state), hashVectorHigh(state), step);
  }

  /** Records staged successor `k` with its hash: it is looked up when the batch's commits begin. */
  private lookUpStaged(k: number, low: number, high: number, step: number): void {
    this.stagedLow[k] = low;
    this.stagedHigh[k] = high;
    this.stagedSteps[k] = step;
    this.stagedParents[k] = this.baseIndex;
  }

  commit(k: number): number {
    if (k === 0) this.lookUpBatch();
    if (this.stagedSeen[k]) return SEEN;
    const high = this.stagedHigh[k]!;
    const low = tableLow(this.stagedLow[k]!, high);
    const spreadLow = spread(low);
    this.recent.add(spreadLow, low, high);
    const table = this.table;
    let slot = this.stagedCapacity === this.capacity ? this.stagedSlots[k]! : this.slotOfSpread(spreadLow);
    for (;;) {
      const at = slot * 2;
      const storedLow = table[at]!;
      const storedHigh = table[at + 1]!;
      if (storedLow === 0 && storedHigh === 0) break;
      if (storedLow === low && storedHigh === high) return SEEN;
      if (++slot === this.capacity) slot = 0;
    }
    table[slot * 2] = low;
    table[slot * 2 + 1] = high;
    const made = this.stagedPatches[k]!;
    const parent = this.stagedParents[k]!;
    if (made instanceof Int32Array) this.rows.packVector(k, made);
    else this.rows.packPatched(k, parent, made);
    this.rows.setExtra(k, 0, this.stagedLow[k]!);
    this.rows.setExtra(k, 1, high);
    const index = this.rows.append(k);
    this.count++;
    this.log.record(index, parent, this.stagedSteps[k]!);
    if (this.count * 4 > this.capacity * 3) this.grow();
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

  /** The birthday bound n(n−1)/2 · 2⁻⁶⁴ on a collision among the n states stored. */
  collisionProbability(): number {
    return (this.count * (this.count - 1)) / 2 / 2 ** 64;
  }

  bytes(): number {
    return this.table.byteLength + this.recent.bytes() + this.rows.peakBytes() + this.log.bytes();
  }

  close(): void {
    this.log.close();
  }

  /**
   * Looks every staged successor up in the recent cache, then reads the table slot of each one
   * not found there: two tight loops, whose reads miss the CPU's caches but, issued back to
   * back, overlap — the commits that follow find what they need cached.
   */
  private lookUpBatch(): void {
    const { stagedLow, stagedHigh, stagedSeen, stagedSlots, recent } = this;
    for (let k = 0; k < this.staged; k++) {
      const low = tableLow(stagedLow[k]!, stagedHigh[k]!);
      const spreadLow = spread(low);
      const seen = recent.has(spreadLow, low, stagedHigh[k]!);
      stagedSeen[k] = seen ? 1 : 0;
      stagedSlots[k] = this.slotOfSpread(spreadLow);
    }
    this.stagedCapacity = this.capacity;
    let touched = 0;
    for (let k = 0; k < this.staged; k++) if (!stagedSeen[k]) touched ^= this.table[stagedSlots[k]! * 2]!;
    this.touched ^= touched;
  }

  /** Maps a spread hash onto [0, capacity) (multiply-shift; the capacity need not be a power of two). */
  private slotOfSpread(spreadLow: number): number {
    return Math.floor(((spreadLow >>> 0) * this.capacity) / TWO_TO_32);
  }

  /** Grows the table by a quarter and reinserts every fingerprint. */
  private grow(): void {
    const old = this.table;
    this.capacity = Math.floor(this.capacity * 1.25);
    this.table = new Int32Array(this.capacity * 2);
    for (let at = 0; at < old.length; at += 2) {
      const low = old[at]!;
      const high = old[at + 1]!;
      if (low === 0 && high === 0) continue;
      let slot = this.slotOfSpread(spread(low));
      while (this.table[slot * 2] !== 0 || this.table[slot * 2 + 1] !== 0) if (++slot === this.capacity) slot = 0;
      this.table[slot * 2] = low;
      this.table[slot * 2 + 1] = high;
    }
  }

  private growStaging(): void {
    this.stagedLow = doubled(this.stagedLow);
    this.stagedHigh = doubled(this.stagedHigh);
    this.stagedSteps = doubled(this.stagedSteps);
    this.stagedParents = doubled(this.stagedParents);
    this.stagedSeen = doubled(this.stagedSeen);
    this.stagedSlots = doubled(this.stagedSlots);
  }
}
