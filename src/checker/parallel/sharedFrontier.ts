/**
 * One breadth-first level of states shared by the workers: rows of global component ids in a
 * growable shared buffer. Workers add new states concurrently (an atomic counter gives each
 * block of rows its place); after the level's barrier, the rows are the next level's work,
 * handed out in chunks by a second atomic counter.
 */
import { growShared, MAX_SHARED_BYTES } from './protocol.ts';
import { fixedView } from './sharedTable.ts';

// Control words.
const COUNT = 0; // places taken
const CURSOR = 1; // rows handed out
const LOCK = 2; // held while growing

export interface FrontierMemory {
  readonly rows: SharedArrayBuffer;
  readonly control: SharedArrayBuffer;
}

export class SharedFrontier {
  private readonly control: Int32Array;
  private rows: Int32Array;

  constructor(
    readonly memory: FrontierMemory,
    private readonly width: number,
  ) {
    this.control = new Int32Array(memory.control);
    this.rows = fixedView(memory.rows);
  }

  static create(width: number): SharedFrontier {
    const memory = {
      rows: new SharedArrayBuffer(1024 * width * 4, { maxByteLength: MAX_SHARED_BYTES }),
      control: new SharedArrayBuffer(16),
    };
    return new SharedFrontier(memory, width);
  }

  get count(): number {
    return Atomics.load(this.control, COUNT);
  }

  /** Appends a row; returns its position in the level. */
  append(row: Int32Array): number {
    const index = this.reserve(1);
    this.write(index, row, this.width);
    return index;
  }

  /**
   * Takes `count` places at the end of the level; returns the position of the first. (A worker
   * takes them in blocks, so that workers seldom write into one cache line.)
   */
  reserve(count: number): number {
    const index = Atomics.add(this.control, COUNT, count);
    this.reach((index + count) * this.width);
    return index;
  }

  /** Writes the first `words` words of `row` into the row at `index`, a place taken by `reserve`. */
  write(index: number, row: Int32Array, words: number): void {
    for (let w = 0; w < words; w++) this.rows[index * this.width + w] = row[w]!;
  }

  /** Sets word `word` of the row at `index`, a place this thread took. */
  setWord(index: number, word: number, value: number): void {
    this.rows[index * this.width + word] = value;
  }

  /** ANDs `bits` into word `word` of the row at `index`, which any thread may have taken. */
  andWord(index: number, word: number, bits: number): void {
    const at = index * this.width + word;
    if (at >= this.rows.length) this.refresh();
    Atomics.and(this.rows, at, bits);
  }

  /** The next chunk of at most `size` rows to expand: its first position, or -1 when none is left. */
  take(size: number): number {
    const start = Atomics.add(this.control, CURSOR, size);
    return start < this.count ? start : -1;
  }

  /** The next row to expand counting from the level's end (see `WorkerStart.lastFirst`), or -1 when none is left. */
  takeFromEnd(): number {
    const taken = Atomics.add(this.control, CURSOR, 1);
    return taken < this.count ? this.count - 1 - taken : -1;
  }

  read(index: number, out: Int32Array): void {
    const at = index * this.width;
    for (let i = 0; i < this.width; i++) out[i] = this.rows[at + i]!;
  }

  /** Re-reads the buffer's length after another thread grew it. */
  refresh(): void {
    if (this.rows.length !== this.memory.rows.byteLength >>> 2) this.rows = fixedView(this.memory.rows);
  }

  /** Empties the level for reuse (between levels only). */
  clear(): void {
    Atomics.store(this.control, COUNT, 0);
    Atomics.store(this.control, CURSOR, 0);
  }

  bytes(): number {
    return this.memory.rows.byteLength;
  }

  /** Makes this thread's view reach `end` words, growing the buffer if no thread has. */
  private reach(end: number): void {
    if (end <= this.rows.length) return;
    while (Atomics.compareExchange(this.control, LOCK, 0, 1) !== 0) Atomics.wait(this.control, LOCK, 1, 1);
    try {
      if (this.memory.rows.byteLength < end * 4) growShared(this.memory.rows, end * 4, 'a level of states');
    } finally {
      Atomics.store(this.control, LOCK, 0);
      Atomics.notify(this.control, LOCK);
    }
    this.refresh();
  }
}
