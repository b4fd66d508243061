/**
 * For each stored state, the state it was first reached from and the step that led there (its
 * index among the parent's enabled steps): enough to rebuild any trace by replaying steps from
 * the initial state. `MemoryParentLog` keeps the log in typed arrays; `FileParentLog` appends it
 * to a temporary file, as TLC keeps its trace on disk, so that fingerprint mode needs only its
 * fingerprint table in memory.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ParentLog {
  /** Records state `index` (states are recorded in order 0, 1, 2, …). */
  record(index: number, parent: number, step: number): void;
  parentOf(index: number): number;
  stepOf(index: number): number;
  /** Bytes held in memory. */
  bytes(): number;
  /** Releases what the log holds (the file of a `FileParentLog`). */
  close(): void;
}

export class MemoryParentLog implements ParentLog {
  private parents = new Int32Array(1024);
  private steps = new Uint16Array(1024);

  record(index: number, parent: number, step: number): void {
    if (index === this.parents.length) {
      this.parents = grow(this.parents);
      this.steps = grow(this.steps);
    }
    this.parents[index] = parent;
    this.steps[index] = step;
  }

  parentOf(index: number): number {
    return this.parents[index]!;
  }

  stepOf(index: number): number {
    return this.steps[index]!;
  }

  bytes(): number {
    return this.parents.byteLength + this.steps.byteLength;
  }

  close(): void {}
}

const RECORD = 8; // int32 parent, uint16 step, 2 bytes padding (so both fit typed-array views)
const BUFFER_RECORDS = 1 << 16;

export class FileParentLog implements ParentLog {
  private readonly directory = mkdtempSync(join(tmpdir(), 'interleave-'));
  private readonly fd = openSync(join(this.directory, 'parents.bin'), 'w+');
  private readonly buffer = Buffer.alloc(BUFFER_RECORDS * RECORD);
  private readonly parents = new Int32Array(this.buffer.buffer, this.buffer.byteOffset, BUFFER_RECORDS * 2);
  private readonly steps = new Uint16Array(this.buffer.buffer, this.buffer.byteOffset, BUFFER_RECORDS * 4);
  private buffered = 0;
  private written = 0;
  private readonly scratch = Buffer.alloc(RECORD);

  record(index: number, parent: number, step: number): void {
    this.parents[this.buffered * 2] = parent;
    this.steps[this.buffered * 4 + 2] = step;
    if (++this.buffered === BUFFER_RECORDS) this.flush();
  }

  parentOf(index: number): number {
    return this.read(index).readInt32LE(0);
  }

  stepOf(index: number): number {
    return this.read(index).readUInt16LE(4);
  }

  bytes(): number {
    return this.buffer.byteLength;
  }

  close(): void {
    closeSync(this.fd);
    rmSync(this.directory, { recursive: true, force: true });
  }

  private read(index: number): Buffer {
    if (index >= this.written) {
      const at = (index - this.written) * RECORD;
      return this.buffer.subarray(at, at + RECORD);
    }
    readSync(this.fd, this.scratch, 0, RECORD, index * RECORD);
    return this.scratch;
  }

  private flush(): void {
    writeSync(this.fd, this.buffer, 0, this.buffered * RECORD, this.written * RECORD);
    this.written += this.buffered;
    this.buffered = 0;
  }
}

function grow<T extends Int32Array | Uint16Array>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
