/**
 * A set of 64-bit fingerprints that several workers insert into at once, without locks
 * (in the manner of LTSmin's lockless hash table: Laarman, van de Pol & Weber, FMCAD 2010).
 * A slot is claimed by compare-and-swap on its low word, then its high word is written; a
 * reader that finds a claimed slot whose high word is not written yet waits for it. Neither
 * word is ever 0, so 0 marks an empty slot.
 *
 * The table grows only between breadth-first levels, when no worker touches it: the main
 * thread grows the shared buffer and reinserts every fingerprint.
 */
import { spread } from '../store/hash.ts';

const TWO_TO_32 = 4294967296;
/** Growable shared buffers reserve address space up to this size (not memory). */
const MAX_BYTES = 2 ** 32; // the largest growable SharedArrayBuffer Node 20 allows

export const NEW = 1;
export const SEEN = 0;

export class SharedFingerprintTable {
  private words: Int32Array;
  /** The slots `touch` read, folded into a field so that the reads happen. */
  private touched = 0;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.words = fixedView(buffer);
  }

  static create(slots: number): SharedFingerprintTable {
    return new SharedFingerprintTable(new SharedArrayBuffer(slots * 8, { maxByteLength: MAX_BYTES }));
  }

  get capacity(): number {
    return this.words.length >>> 1;
  }

  /**
   * Reads the slot where a search for a fingerprint whose low word spreads to `spreadLow`
   * starts, and nothing else: called ahead of `insert`, so that its cache miss overlaps.
   */
  touch(spreadLow: number): void {
    this.touched ^= this.words[Math.floor(((spreadLow >>> 0) * (this.words.length >>> 1)) / TWO_TO_32) * 2]!;
  }

  /** Adds the fingerprint (low, high); NEW if it was not there, SEEN if it was. */
  insert(low: number, high: number): number {
    const words = this.words;
    const capacity = words.length >>> 1;
    if (low === 0) low = 1;
    if (high === 0) high = 1;
    let slot = Math.floor(((spread(low) >>> 0) * capacity) / TWO_TO_32);
    for (;;) {
      const at = slot * 2;
      let stored = Atomics.load(words, at);
      if (stored === 0) {
        stored = Atomics.compareExchange(words, at, 0, low);
        if (stored === 0) {
          Atomics.store(words, at + 1, high);
          return NEW;
        }
      }
      if (stored === low) {
        let storedHigh = Atomics.load(words, at + 1);
        while (storedHigh === 0) storedHigh = Atomics.load(words, at + 1); // being written
        if (storedHigh === high) return SEEN;
      }
      if (++slot === capacity) slot = 0;
    }
  }

  /**
   * Grows the table to `slots` slots and reinserts every fingerprint. Between levels only, when
   * no worker touches the table: so plain reads and writes do. Workers `refresh` their views.
   */
  grow(slots: number): void {
    const old = this.words.slice();
    this.buffer.grow(slots * 8);
    const words = (this.words = fixedView(this.buffer));
    words.fill(0);
    for (let from = 0; from < old.length; from += 2) {
      const low = old[from]!;
      if (low === 0) continue;
      let slot = Math.floor(((spread(low) >>> 0) * slots) / TWO_TO_32);
      while (words[slot * 2] !== 0) if (++slot === slots) slot = 0;
      words[slot * 2] = low;
      words[slot * 2 + 1] = old[from + 1]!;
    }
  }

  /** Re-reads the buffer's length after another thread grew it. */
  refresh(): void {
    if (this.words.length !== this.buffer.byteLength >>> 2) this.words = fixedView(this.buffer);
  }
}

/**
 * A view of the buffer's current length. (A length-tracking view of a growable buffer follows
 * it on its own, but V8 reads through one several times slower.)
 */
export function fixedView(buffer: SharedArrayBuffer): Int32Array {
  return new Int32Array(buffer, 0, buffer.byteLength >>> 2);
}
