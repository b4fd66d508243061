/**
 * Global component ids for parallel search. Each thread interns components (an actor's local
 * state with its mailbox) to its own local ids; rows shared between threads carry global ids,
 * given to a component's canonical key by whichever thread meets it first.
 *
 * The ids live in shared memory as a log of entries (actor, id, key), which every thread reads
 * without a lock and appends to under one. A thread mirrors the log in its own maps: a key or
 * an id it does not know sends it to the log (catching up on what others appended), and only a
 * key nobody has met takes the lock. No thread waits for another to be scheduled — with as
 * many workers as cores, a question to the main thread would wait for a time slice.
 */

import { growShared, MAX_SHARED_BYTES } from './protocol.ts';

const LOCK = 0;
/** Bytes of the log written completely (published after the entry is written). */
const COMMITTED = 1;
/** Then, per actor, how many ids it has. */
const COUNTS = 2;
const ENTRY_HEADER = 12; // actor, id, key length (int32 each); then the key's UTF-8 bytes, padded to 4

/** The memory the threads' registries share. */
export interface RegistryMemory {
  readonly control: SharedArrayBuffer;
  readonly log: SharedArrayBuffer;
}

export function createRegistryMemory(actors: number): RegistryMemory {
  return {
    control: new SharedArrayBuffer((COUNTS + actors) * 4),
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
    actors: number,
  ) {
    this.control = new Int32Array(memory.control);
    this.ids = Array.from({ length: actors }, () => new Map());
    this.keys = Array.from({ length: actors }, () => []);
    [this.bytes, this.words] = this.views();
  }

  /** The global id of a component of `actor`, given its canonical key. */
  idOf(actor: number, key: string): number {
    const known = this.ids[actor]!.get(key);
    if (known !== undefined) return known;
    this.lock();
    try {
      this.catchUp();
      const found = this.ids[actor]!.get(key);
      if (found !== undefined) return found;
      const id = this.control[COUNTS + actor]!;
      this.control[COUNTS + actor] = id + 1;
      this.append(actor, id, key);
      return id;
    } finally {
      this.unlock();
    }
  }

  /** The canonical key of the component with global id `id` of `actor`. */
  keyOf(actor: number, id: number): string {
    if (this.keys[actor]![id] === undefined) this.catchUp();
    const key = this.keys[actor]![id];
    if (key === undefined) throw new Error(`internal error: no component ${id} of actor ${actor} in the registry`);
    return key;
  }

  /** Takes in the entries other threads appended since this one last looked. */
  private catchUp(): void {
    const committed = Atomics.load(this.control, COMMITTED);
    if (committed > this.bytes.length) [this.bytes, this.words] = this.views();
    while (this.read < committed) {
      const at = this.read >>> 2;
      const [actor, id, length] = [this.words[at]!, this.words[at + 1]!, this.words[at + 2]!];
      const key = decoder.decode(this.bytes.slice(this.read + ENTRY_HEADER, this.read + ENTRY_HEADER + length));
      this.remember(actor, id, key);
      this.read += ENTRY_HEADER + padded(length);
    }
  }

  /** Appends an entry (under the lock, caught up, so `read` is the log's end). */
  private append(actor: number, id: number, key: string): void {
    const encoded = encoder.encode(key);
    const start = this.read;
    const end = start + ENTRY_HEADER + padded(encoded.length);
    if (end > this.bytes.length) {
      growShared(this.memory.log, end, 'the log of component keys');
      [this.bytes, this.words] = this.views();
    }
    this.words.set([actor, id, encoded.length], start >>> 2);
    this.bytes.set(encoded, start + ENTRY_HEADER);
    this.remember(actor, id, key);
    this.read = end;
    Atomics.store(this.control, COMMITTED, end);
  }

  private remember(actor: number, id: number, key: string): void {
    this.ids[actor]!.set(key, id);
    this.keys[actor]![id] = key;
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
