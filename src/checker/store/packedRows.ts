/**
 * State vectors packed into fixed-size rows. Each component is stored in the narrowest element
 * (1, 2 or 4 bytes) that holds every id seen so far, and rows are padded to whole 32-bit words
 * so that two rows compare word by word. Components per actor are usually few, so a state of
 * 14 actors takes 16 bytes instead of 56.
 *
 * `PackedRows` is the arena of stored rows, in insertion order, plus a small batch of
 * candidate rows: the successors of the states being expanded, built from a row and a patch.
 * A row can end with `extraWords` whole 32-bit words that its owner keeps with it (a
 * fingerprint store keeps each row's fingerprint there).
 */
import type { StatePatch } from '../../system/step.ts';

const CHUNK_BITS = 16;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_ROWS - 1;

type Elements = Uint8Array | Uint16Array | Int32Array;

interface Buffer {
  words: Int32Array;
  elements: Elements;
  rows: number;
}

const LIMIT: Record<number, number> = { 1: 0xff, 2: 0xffff, 4: 0x7fffffff };

export class PackedRows {
  size = 0;
  private elementBytes = 1;
  private rowWords = 0;
  private rowElements = 0;
  /** Chunks of rows; a released chunk (all its rows expanded, in fingerprint mode) is undefined. */
  private chunks: (Buffer | undefined)[] = [];
  private liveChunks = 0;
  private peakChunks = 0;
  /** Candidate rows; grows with the largest number of successors staged in one batch. */
  private batch: Buffer;

  constructor(
    readonly width: number,
    private readonly extraWords = 0,
  ) {
    this.layout();
    this.batch = this.allocate(16);
  }

  /** Widens every row, if needed, so that values up to `largest` fit. */
  reserve(largest: number): void {
    if (largest <= LIMIT[this.elementBytes]!) return;
    const oldElements = this.rowElements;
    const oldWords = this.rowWords;
    while (largest > LIMIT[this.elementBytes]!) this.elementBytes *= 2;
    this.layout();
    const widen = (buffer: Buffer): Buffer => {
      const wider = this.allocate(buffer.rows);
      for (let row = 0; row < buffer.rows; row++) {
        for (let i = 0; i < this.width; i++) wider.elements[row * this.rowElements + i] = buffer.elements[row * oldElements + i]!;
        for (let j = 1; j <= this.extraWords; j++) wider.words[(row + 1) * this.rowWords - j] = buffer.words[(row + 1) * oldWords - j]!;
      }
      return wider;
    };
    this.chunks = this.chunks.map((chunk) => chunk && widen(chunk));
    this.batch = widen(this.batch);
  }

  /** Writes `vector` as candidate `k`. Every value must fit (see {@link reserve}). */
  packVector(k: number, vector: Int32Array): void {
    this.ensureBatch(k);
    const elements = this.batch.elements;
    const offset = k * this.rowElements;
    for (let i = 0; i < this.width; i++) elements[offset + i] = vector[i]!;
  }

  /** Writes stored row `base` with `patch` applied as candidate `k`. */
  packPatched(k: number, base: number, patch: StatePatch): void {
    this.ensureBatch(k);
    const { words, elements } = this.batch;
    const chunk = this.chunks[base >>> CHUNK_BITS]!.words;
    const from = (base & CHUNK_MASK) * this.rowWords;
    const to = k * this.rowWords;
    for (let w = 0; w < this.rowWords; w++) words[to + w] = chunk[from + w]!;
    const offset = k * this.rowElements;
    for (let e = 0; e < patch.count; e++) elements[offset + patch.positions[e]!] = patch.values[e]!;
  }

  /** Whether candidate `k` equals stored row `index`. */
  equals(k: number, index: number): boolean {
    const chunk = this.chunks[index >>> CHUNK_BITS]!.words;
    const offset = (index & CHUNK_MASK) * this.rowWords;
    const words = this.batch.words;
    const at = k * this.rowWords;
    for (let w = 0; w < this.rowWords; w++) if (chunk[offset + w] !== words[at + w]) return false;
    return true;
  }

  /** Stores candidate `k`; returns its number. */
  append(k: number): number {
    const index = this.size++;
    if ((index & CHUNK_MASK) === 0) {
      this.chunks.push(this.allocate(CHUNK_ROWS));
      this.peakChunks = Math.max(this.peakChunks, ++this.liveChunks);
    }
    const chunk = this.chunks[index >>> CHUNK_BITS]!.words;
    const offset = (index & CHUNK_MASK) * this.rowWords;
    const words = this.batch.words;
    const at = k * this.rowWords;
    for (let w = 0; w < this.rowWords; w++) chunk[offset + w] = words[at + w]!;
    return index;
  }

  /** Sets extra word `j` of candidate `k`. */
  setExtra(k: number, j: number, value: number): void {
    this.batch.words[(k + 1) * this.rowWords - this.extraWords + j] = value;
  }

  /** Extra word `j` of stored row `index`. */
  extra(index: number, j: number): number {
    return this.chunks[index >>> CHUNK_BITS]!.words[((index & CHUNK_MASK) + 1) * this.rowWords - this.extraWords + j]!;
  }

  read(index: number, out: Int32Array): void {
    const chunk = this.chunks[index >>> CHUNK_BITS]!.elements;
    const offset = (index & CHUNK_MASK) * this.rowElements;
    for (let i = 0; i < this.width; i++) out[i] = chunk[offset + i]!;
  }

  /**
   * Frees the rows below `index` whose whole chunk lies below it: a store that keeps only the
   * frontier calls this as the search expands states in order.
   */
  release(index: number): void {
    for (let chunk = (index >>> CHUNK_BITS) - 1; chunk >= 0 && this.chunks[chunk]; chunk--) {
      this.chunks[chunk] = undefined;
      this.liveChunks--;
    }
  }

  /** Bytes the stored rows take (the last chunk's unused rows are not counted). */
  bytes(): number {
    return this.size * this.rowWords * 4;
  }

  /** The most bytes the rows held at once (for a store that releases rows). */
  peakBytes(): number {
    return this.peakChunks * CHUNK_ROWS * this.rowWords * 4;
  }

  private ensureBatch(k: number): void {
    if (k < this.batch.rows) return;
    const bigger = this.allocate(this.batch.rows * 2);
    bigger.words.set(this.batch.words);
    this.batch = bigger;
  }

  private layout(): void {
    this.rowWords = Math.max(1, Math.ceil((this.width * this.elementBytes) / 4)) + this.extraWords;
    this.rowElements = (this.rowWords * 4) / this.elementBytes;
  }

  private allocate(rows: number): Buffer {
    const words = new Int32Array(rows * this.rowWords);
    const elements =
      this.elementBytes === 1 ? new Uint8Array(words.buffer) : this.elementBytes === 2 ? new Uint16Array(words.buffer) : words;
    return { words, elements, rows };
  }
}
