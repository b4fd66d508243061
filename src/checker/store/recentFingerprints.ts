/**
 * A direct-mapped cache of the 64-bit fingerprints most recently stored or found. Successors
 * found again in breadth-first search are mostly states met a moment ago (82% for dining
 * philosophers), so most lookups end here, in the CPU's caches, instead of in the big table.
 * A cached fingerprint is always in the table too: a hit means "seen", never a guess.
 */
const BITS = 16;
const SHIFT = 32 - BITS;

export class RecentFingerprints {
  private readonly pairs: Int32Array;
  private readonly mask: number;

  /** `bits`: 2^bits entries; 0 (one entry) where few successors are met again, as with sleep sets. */
  constructor(bits = BITS) {
    this.pairs = new Int32Array(2 << bits);
    this.mask = (1 << bits) - 1;
  }

  /** Whether (low, high) is cached; `spreadLow` is `spread(low)`, which picks its entry. */
  has(spreadLow: number, low: number, high: number): boolean {
    const at = ((spreadLow >>> SHIFT) & this.mask) * 2;
    return this.pairs[at] === low && this.pairs[at + 1] === high;
  }

  /** Caches (low, high), evicting what its entry held. */
  add(spreadLow: number, low: number, high: number): void {
    const at = ((spreadLow >>> SHIFT) & this.mask) * 2;
    this.pairs[at] = low;
    this.pairs[at + 1] = high;
  }

  bytes(): number {
    return this.pairs.byteLength;
  }
}
