/**
 * A set of 64-bit fingerprints that several workers insert into at once, without locks
 * (in the manner of LTSmin's lockless hash table: Laarman, van de Pol & Weber, FMCAD 2010).
 * A slot is claimed by compare-and-swap on its low word, then its high word is written; a
 * reader that finds a claimed slot whose high word is not written yet waits for it. Neither
 * word is ever 0, so 0 marks an empty slot.
 *
 * Each slot also holds the state's number + 1, written after the fingerprint (so that an edge
 * that finds the state again can find its row, and narrow its sleep set there); 0 until
 * written. An empty slot is all zeros, as new memory is.
 * (Numbers stay below 2^31: the table holds fewer states than its `MAX_SHARED_BYTES` allow.)
 *
 * The table grows only when no worker touches it — between breadth-first levels, or while the
 * workers pause a level that filled it: the main thread grows the shared buffer and reinserts
 * every fingerprint with its state.
 */
import { spread } from '../store/hash.ts';
import { growShared, MAX_SHARED_BYTES } from './protocol.ts';

const TWO_TO_32 = 4294967296;

/** Words per slot: the fingerprint's low and high words, and the state's number. */
const SLOT = 3;

export class SharedFingerprintTable {
  private words: Int32Array;
  /** The slots `touch` read, folded into a field so that the reads happen. */
  private touched = 0;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.words = fixedView(buffer);
  }

  /** An empty table: new memory is all zeros. */
  static create(slots: number): SharedFingerprintTable {
    return new SharedFingerprintTable(new SharedArrayBuffer(slots * SLOT * 4, { maxByteLength: MAX_SHARED_BYTES }));
  }

  get capacity(): number {
    return this.words.length / SLOT;
  }

  get bytes(): number {
    return this.words.byteLength;
  }

  /**
   * Reads the slot where a search for a fingerprint whose low word spreads to `spreadLow`
   * starts, and nothing else: called ahead of `insert`, so that its cache miss overlaps.
   */
  touch(spreadLow: number): void {
    this.touched ^= this.words[this.slotOf(spreadLow) * SLOT]!;
  }

  /**
   * Adds the fingerprint (low, high) of state number `state`: returns its slot if it was not
   * there, and the slot's complement (~slot, negative) if it was.
   */
  insert(low: number, high: number, state: number): number {
    const words = this.words;
    const capacity = this.capacity;
    if (low === 0) low = 1;
    if (high === 0) high = 1;
    let slot = this.slotOf(spread(low));
    let wrapped = false;
    for (;;) {
      const at = slot * SLOT;
      let stored = Atomics.load(words, at);
      if (stored === 0) {
        stored = Atomics.compareExchange(words, at, 0, low);
        if (stored === 0) {
          Atomics.store(words, at + 1, high);
          Atomics.store(words, at + 2, state + 1);
          return slot;
        }
      }
      if (stored === low) {
        let storedHigh = Atomics.load(words, at + 1);
        while (storedHigh === 0) storedHigh = Atomics.load(words, at + 1); // being written
        if (storedHigh === high) return ~slot;
      }
      if (++slot === capacity) {
        // Workers pause before the table fills up; a second lap would never end.
        if (wrapped) throw new Error('internal error: the shared fingerprint table is full');
        [slot, wrapped] = [0, true];
      }
    }
  }

  /** The number of the state in `slot`, waiting for it if the state is being added right now. */
  stateIn(slot: number): number {
    let stored = Atomics.load(this.words, slot * SLOT + 2);
    while (stored === 0) stored = Atomics.load(this.words, slot * SLOT + 2);
    return stored - 1;
  }

  private slotOf(spreadLow: number): number {
    return Math.floor(((spreadLow >>> 0) * this.capacity) / TWO_TO_32);
  }

  /**
   * Grows the table to `slots` slots and reinserts every fingerprint with its state. Only when
   * no worker touches the table: so plain reads and writes do. Workers `refresh` their views.
   */
  grow(slots: number): void {
    const old = this.words.slice();
    growShared(this.buffer, slots * SLOT * 4, 'the fingerprint table');
    const words = (this.words = fixedView(this.buffer));
    words.fill(0, 0, old.length); // the rest is new memory, all zeros
    const capacity = this.capacity;
    for (let from = 0; from < old.length; from += SLOT) {
      const low = old[from]!;
      if (low === 0) continue;
      let slot = this.slotOf(spread(low));
      while (words[slot * SLOT] !== 0) if (++slot === capacity) slot = 0;
      words[slot * SLOT] = low;
      words[slot * SLOT + 1] = old[from + 1]!;
      words[slot * SLOT + 2] = old[from + 2]!;
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
