/**
 * State vectors packed into fixed-size rows of a chunked arena. Each component is stored in
 * the narrowest element (1, 2 or 4 bytes) that holds every id seen so far, and rows are padded
 * to whole 32-bit words so that two rows compare word by word. Components per actor are
 * usually few, so a state of 14 actors takes 16 bytes instead of 56.
 *
 * A candidate row is built in a scratch buffer (from a stored parent row plus a patch, or
 * from a whole vector), compared against stored rows, and appended if new.
 */
import type { StatePatch } from '../../system/step.ts';

const CHUNK_BITS = 16;
const CHUNK_ROWS = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_ROWS - 1;

type Elements = Uint8Array | Uint16Array | Int32Array;

interface Buffer {
  words: Int32Array;
  elements: Elements;
}

const LIMIT: Record<number, number> = { 1: 0xff, 2: 0xffff, 4: 0x7fffffff };

export class PackedRows {
  size = 0;
  private elementBytes = 1;
  private rowWords = 0;
  private rowElements = 0;
  private chunks: Buffer[] = [];
  private candidate!: Buffer;
  private base!: Buffer;
  /** The stored row currently held in `base`, or -1. */
  private baseIndex = -1;

  constructor(readonly width: number) {
    this.layout();
  }

  /**
   * Builds the candidate row from a whole vector, or from the stored row `parent` plus
   * `patch`. Every value must be at most the `largest` last given to {@link reserve}.
   */
  packCandidate(vector: Int32Array, patch: StatePatch | undefined, parent = -1): void {
    const { words, elements } = this.candidate;
    if (patch && parent >= 0) {
      if (parent !== this.baseIndex) this.loadBase(parent);
      const baseWords = this.base.words;
      for (let w = 0; w < this.rowWords; w++) words[w] = baseWords[w]!;
    } else {
      for (let i = 0; i < this.width; i++) elements[i] = vector[i]!;
    }
    if (patch) for (let k = 0; k < patch.count; k++) elements[patch.positions[k]!] = patch.values[k]!;
  }

  candidateEquals(index: number): boolean {
    const chunk = this.chunks[index >>> CHUNK_BITS]!.words;
    const offset = (index & CHUNK_MASK) * this.rowWords;
    const words = this.candidate.words;
    for (let w = 0; w < this.rowWords; w++) if (chunk[offset + w] !== words[w]) return false;
    return true;
  }

  /** Stores the candidate row; returns its number. */
  appendCandidate(): number {
    const index = this.size++;
    if ((index & CHUNK_MASK) === 0) this.chunks.push(this.allocate(CHUNK_ROWS));
    const chunk = this.chunks[index >>> CHUNK_BITS]!.words;
    const offset = (index & CHUNK_MASK) * this.rowWords;
    const words = this.candidate.words;
    for (let w = 0; w < this.rowWords; w++) chunk[offset + w] = words[w]!;
    return index;
  }

  read(index: number, out: Int32Array): void {
    const chunk = this.chunks[index >>> CHUNK_BITS]!.elements;
    const offset = (index & CHUNK_MASK) * this.rowElements;
    for (let i = 0; i < this.width; i++) out[i] = chunk[offset + i]!;
  }

  /** Bytes the stored rows take (the last chunk's unused rows are not counted). */
  bytes(): number {
    return this.size * this.rowWords * 4;
  }

  private loadBase(index: number): void {
    const chunk = this.chunks[index >>> CHUNK_BITS]!.words;
    const offset = (index & CHUNK_MASK) * this.rowWords;
    const words = this.base.words;
    for (let w = 0; w < this.rowWords; w++) words[w] = chunk[offset + w]!;
    this.baseIndex = index;
  }

  /** Widens every row, if needed, so that values up to `largest` fit. */
  reserve(largest: number): void {
    if (largest <= LIMIT[this.elementBytes]!) return;
    const old = { chunks: this.chunks, rowElements: this.rowElements };
    while (largest > LIMIT[this.elementBytes]!) this.elementBytes *= 2;
    this.layout();
    this.chunks = old.chunks.map((chunk) => {
      const wider = this.allocate(CHUNK_ROWS);
      for (let row = 0; row < CHUNK_ROWS; row++) {
        for (let i = 0; i < this.width; i++) wider.elements[row * this.rowElements + i] = chunk.elements[row * old.rowElements + i]!;
      }
      return wider;
    });
  }

  private layout(): void {
    this.rowWords = Math.max(1, Math.ceil((this.width * this.elementBytes) / 4));
    this.rowElements = (this.rowWords * 4) / this.elementBytes;
    this.candidate = this.allocate(1);
    this.base = this.allocate(1);
    this.baseIndex = -1;
  }

  private allocate(rows: number): Buffer {
    const words = new Int32Array(rows * this.rowWords);
    const elements =
      this.elementBytes === 1 ? new Uint8Array(words.buffer) : this.elementBytes === 2 ? new Uint16Array(words.buffer) : words;
    return { words, elements };
  }
}
