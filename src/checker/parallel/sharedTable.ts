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
 * workers pause a level that filled it: the main thread grows the shared buffer and moves
 * every fingerprint with its state, in place (see `grow`).
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
      // A plain read: a filled slot never changes while workers run, and a stale 0 only
      // sends this thread to the compare-and-swap, which reads the slot as it is.
      let stored = words[at]!;
      if (stored === 0) {
        stored = Atomics.compareExchange(words, at, 0, low);
        if (stored === 0) {
          Atomics.store(words, at + 1, high);
          Atomics.store(words, at + 2, state + 1);
          return slot;
        }
      }
      if (stored === low) {
        let storedHigh = words[at + 1]!;
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
    let stored = this.words[slot * SLOT + 2]!;
    while (stored === 0) stored = Atomics.load(this.words, slot * SLOT + 2);
    return stored - 1;
  }

  private slotOf(spreadLow: number): number {
    return Math.floor(((spreadLow >>> 0) * this.capacity) / TWO_TO_32);
  }

  /**
   * Grows the table to `slots` slots and moves every fingerprint with its state, in place:
   * no copy of the old table, which for dining philosophers n = 8 on two workers made the main
   * thread's growing take a fifth of the run while the workers waited. Only when no worker
   * touches the table: so plain reads and writes do. Workers `refresh` their views.
   *
   * A slot's home only moves up as the table grows (it scales with the capacity). So, from the
   * old table's last slot down, each entry is taken out and put at or after its new home, which
   * lies at or above the slot it came from: every slot it probes past then holds an entry that
   * was already moved, and stays filled. An entry whose new home lies below its old slot (far
   * from its home, near the bottom) or that would wrap past the end is set aside and inserted
   * at the end, as usual.
   */
  grow(slots: number): void {
    const oldCapacity = this.capacity;
    growShared(this.buffer, slots * SLOT * 4, 'the fingerprint table'); // new memory is all zeros
    const words = (this.words = fixedView(this.buffer));
    const capacity = this.capacity;
    const aside: number[] = [];
    for (let from = oldCapacity - 1; from >= 0; from--) {
      const at = from * SLOT;
      const low = words[at]!;
      if (low === 0) continue;
      const high = words[at + 1]!;
      const state = words[at + 2]!;
      words[at] = words[at + 1] = words[at + 2] = 0;
      let slot = this.slotOf(spread(low));
      if (slot < from) {
        aside.push(low, high, state);
        continue;
      }
      while (slot < capacity && words[slot * SLOT] !== 0) slot++;
      if (slot === capacity) {
        aside.push(low, high, state);
        continue;
      }
      words[slot * SLOT] = low;
      words[slot * SLOT + 1] = high;
      words[slot * SLOT + 2] = state;
    }
    for (let k = 0; k < aside.length; k += 3) {
      let slot = this.slotOf(spread(aside[k]!));
      while (words[slot * SLOT] !== 0) if (++slot === capacity) slot = 0;
      words[slot * SLOT] = aside[k]!;
      words[slot * SLOT + 1] = aside[k + 1]!;
      words[slot * SLOT + 2] = aside[k + 2]!;
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
