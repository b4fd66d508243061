/**
 * Global ids for parallel search. Each thread interns components (an actor's local state with
 * its mailbox), local states and messages to its own local ids; rows shared between threads
 * carry global ids, given to a canonical key by whichever thread meets it first. Ids are
 * numbered per space (see `idSpaces`: per actor its components and its local states, and one
 * space of messages).
 *
 * The ids live in shared memory as a log of entries (space, id, key), which every thread reads
 * without a lock and appends to under one. A thread mirrors the log in its own maps: a key or
 * an id it does not know sends it to the log (catching up on what others appended), and only a
 * key nobody has met takes the lock. No thread waits for another to be scheduled — with as
 * many workers as cores, a question to the main thread would wait for a time slice.
 */

import { growShared, MAX_SHARED_BYTES } from './protocol.ts';

const LOCK = 0;
/** Bytes of the log written completely (published after the entry is written). */
const COMMITTED = 1;
/** Then, per id space, how many ids it has. */
const COUNTS = 2;
const ENTRY_HEADER = 12; // space, id, key length (int32 each); then the key's UTF-8 bytes, padded to 4

/** The memory the threads' registries share. */
export interface RegistryMemory {
  readonly control: SharedArrayBuffer;
  readonly log: SharedArrayBuffer;
}

export function createRegistryMemory(spaces: number): RegistryMemory {
  return {
    control: new SharedArrayBuffer((COUNTS + spaces) * 4),
    log: new SharedArrayBuffer(1 << 20, { maxByteLength: MAX_SHARED_BYTES }),
  };
}

export class SharedRegistry {
  private readonly control: Int32Array;
  private bytes: Uint8Array;
  private words: Int32Array;
  /** Bytes of the log taken into `ids` and `keys`. */
  private read = 0;
  private readonly ids: Map<string, number>[];
  private readonly keys: string[][];

  constructor(
    private readonly memory: RegistryMemory,
    spaces: number,
  ) {
    this.control = new Int32Array(memory.control);
    this.ids = Array.from({ length: spaces }, () => new Map());
    this.keys = Array.from({ length: spaces }, () => []);
    [this.bytes, this.words] = this.views();
  }

  /** The global id in `space` of the canonical key `key`. */
  idOf(space: number, key: string): number {
    const known = this.ids[space]!.get(key);
    if (known !== undefined) return known;
    // Most keys this thread has not met, another has: look in the log before taking the lock.
    this.catchUp();
    const appended = this.ids[space]!.get(key);
    if (appended !== undefined) return appended;
    this.lock();
    try {
      this.catchUp();
      const found = this.ids[space]!.get(key);
      if (found !== undefined) return found;
      const id = this.control[COUNTS + space]!;
      this.control[COUNTS + space] = id + 1;
      this.append(space, id, key);
      return id;
    } finally {
      this.unlock();
    }
  }

  /** The canonical key with global id `id` in `space`. */
  keyOf(space: number, id: number): string {
    if (this.keys[space]![id] === undefined) this.catchUp();
    const key = this.keys[space]![id];
    if (key === undefined) throw new Error(`internal error: no id ${id} in space ${space} of the registry`);
    return key;
  }

  /** Takes in the entries other threads appended since this one last looked. */
  private catchUp(): void {
    const committed = Atomics.load(this.control, COMMITTED);
    if (committed > this.bytes.length) [this.bytes, this.words] = this.views();
    while (this.read < committed) {
      const at = this.read >>> 2;
      const [space, id, length] = [this.words[at]!, this.words[at + 1]!, this.words[at + 2]!];
      const key = decoder.decode(this.bytes.slice(this.read + ENTRY_HEADER, this.read + ENTRY_HEADER + length));
      this.remember(space, id, key);
      this.read += ENTRY_HEADER + padded(length);
    }
  }

  /** Appends an entry (under the lock, caught up, so `read` is the log's end). */
  private append(space: number, id: number, key: string): void {
    const encoded = encoder.encode(key);
    const start = this.read;
    const end = start + ENTRY_HEADER + padded(encoded.length);
    if (end > this.bytes.length) {
      growShared(this.memory.log, end, 'the log of component keys');
      [this.bytes, this.words] = this.views();
    }
    this.words.set([space, id, encoded.length], start >>> 2);
    this.bytes.set(encoded, start + ENTRY_HEADER);
    this.remember(space, id, key);
    this.read = end;
    Atomics.store(this.control, COMMITTED, end);
  }

  private remember(space: number, id: number, key: string): void {
    this.ids[space]!.set(key, id);
    this.keys[space]![id] = key;
  }

  private lock(): void {
    while (Atomics.compareExchange(this.control, LOCK, 0, 1) !== 0) Atomics.wait(this.control, LOCK, 1, 1);
  }

  private unlock(): void {
    Atomics.store(this.control, LOCK, 0);
    Atomics.notify(this.control, LOCK, 1);
  }

  /** Fixed-length views of the log (see `fixedView` for why not length-tracking ones). */
  private views(): [Uint8Array, Int32Array] {
    const length = this.memory.log.byteLength;
    return [new Uint8Array(this.memory.log, 0, length), new Int32Array(this.memory.log, 0, length >>> 2)];
  }
}

const padded = (length: number): number => (length + 3) & ~3;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
