/**
 * A direct-mapped cache of successors as the search computed them, before symmetry reduction
 * replaced them by their representatives — each one's representative is stored. A successor
 * computed again in the same form (53% of them in the SCSI model with 3 targets) is then
 * known to be seen without canonicalizing it, which costs one renaming per permutation and
 * position. Whole vectors are kept and compared, so a hit is never a guess. An entry can also
 * keep a few numbers about its successor (a worker of a parallel search keeps its
 * representative's fingerprint and the permutation that canonicalized it).
 */
import { hashVector, spread } from '../store/hash.ts';

const BITS = 15;
const SHIFT = 32 - BITS;

export class RecentSuccessors {
  private readonly vectors: Int32Array;
  private readonly hashes = new Int32Array(1 << BITS);
  private readonly used = new Uint8Array(1 << BITS);
  private readonly values: Int32Array;
  private entry = 0;
  private hash = 0;

  /** `valueCount`: the numbers each entry keeps (see `value`). */
  constructor(
    private readonly width: number,
    private readonly valueCount = 0,
  ) {
    this.vectors = new Int32Array((1 << BITS) * width);
    this.values = new Int32Array((1 << BITS) * valueCount);
  }

  /** Whether `state` is cached; remembers its entry, where `add` will put it. */
  has(state: Int32Array): boolean {
    const hash = (this.hash = hashVector(state));
    const entry = (this.entry = spread(hash) >>> SHIFT);
    if (!this.used[entry] || this.hashes[entry] !== hash) return false;
    const { vectors, width } = this;
    const at = entry * width;
    for (let i = 0; i < width; i++) if (vectors[at + i] !== state[i]) return false;
    return true;
  }

  /** Caches `state`, which must be the state last asked about with `has`. */
  add(state: Int32Array): void {
    this.used[this.entry] = 1;
    this.hashes[this.entry] = this.hash;
    this.vectors.set(state, this.entry * this.width);
  }

  /** Number `i` kept with the state last asked about (found, or added). */
  value(i: number): number {
    return this.values[this.entry * this.valueCount + i]!;
  }

  /** Keeps `value` as number `i` with the state last added. */
  setValue(i: number, value: number): void {
    this.values[this.entry * this.valueCount + i] = value;
  }
}
