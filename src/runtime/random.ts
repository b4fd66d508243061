/**
 * A seeded pseudo-random generator for schedules (style.md §5: randomized runs print their
 * seed, and the same seed gives the same run). mulberry32: 32 bits of state, fast, and good
 * enough to pick among a handful of enabled steps; not for cryptography.
 */

/** A stream of pseudo-random numbers fixed by its seed. */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An exponentially distributed number with this mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
}

/** A fresh seed for a run that was not given one: printed, so the run can be repeated. */
export function createSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
