/**
 * Global component ids for parallel search. Each worker interns components (an actor's local
 * state with its mailbox) to its own local ids; rows shared between workers carry global ids,
 * which the main thread hands out from the component's canonical key. Workers ask only for
 * components they have not met before — a few thousand times in a run of millions of states —
 * synchronously, by writing the request to shared memory and waiting with `Atomics.wait`.
 *
 * The doorbell word wakes the main thread for any news: a question, or a worker done with its
 * share of a level (`RegistryClient.ring`). The main thread sleeps on it with `Atomics.wait`.
 */

const HEADER = 4;
const SLOT = 8;
const DOORBELL = 0;
// Per-worker slot fields.
const STATE = 0; // 0 idle, 1 request, 2 answer
const KIND = 1; // 1 key → id, 2 id → key
const ACTOR = 2;
const ID = 3;
const LENGTH = 4;
const KEY_BYTES = 1 << 22;

/** The memory a registry and its clients share. */
export interface RegistryMemory {
  readonly control: SharedArrayBuffer;
  readonly keys: readonly SharedArrayBuffer[];
}

export function createRegistryMemory(workers: number): RegistryMemory {
  return {
    control: new SharedArrayBuffer((HEADER + SLOT * workers) * 4),
    keys: Array.from({ length: workers }, () => new SharedArrayBuffer(KEY_BYTES)),
  };
}

/** The main thread's side: the ids, and the service answering workers. */
export class ComponentRegistry {
  private readonly ids: Map<string, number>[];
  private readonly keys: string[][];
  private readonly control: Int32Array;
  private readonly buffers: Uint8Array[];
  private seen = 0;

  constructor(
    actors: number,
    private readonly memory: RegistryMemory,
  ) {
    this.ids = Array.from({ length: actors }, () => new Map());
    this.keys = Array.from({ length: actors }, () => []);
    this.control = new Int32Array(memory.control);
    this.buffers = memory.keys.map((buffer) => new Uint8Array(buffer));
  }

  /** The global id of a component of `actor`, given its canonical key. */
  idOf(actor: number, key: string): number {
    const known = this.ids[actor]!.get(key);
    if (known !== undefined) return known;
    const id = this.keys[actor]!.length;
    this.keys[actor]!.push(key);
    this.ids[actor]!.set(key, id);
    return id;
  }

  keyOf(actor: number, id: number): string {
    const key = this.keys[actor]![id];
    if (key === undefined) throw new Error(`internal error: no component ${id} of actor ${actor} in the registry`);
    return key;
  }

  /** Sleeps until the doorbell rings (or `timeout` ms pass), then answers every question asked. */
  waitAndAnswer(timeout: number): void {
    Atomics.wait(this.control, DOORBELL, this.seen, timeout);
    this.seen = Atomics.load(this.control, DOORBELL);
    this.answerAll();
  }

  private answerAll(): void {
    for (let worker = 0; worker < this.buffers.length; worker++) {
      const base = HEADER + SLOT * worker;
      if (Atomics.load(this.control, base + STATE) !== 1) continue;
      const actor = this.control[base + ACTOR]!;
      if (this.control[base + KIND] === 1) {
        const key = decoder.decode(this.buffers[worker]!.slice(0, this.control[base + LENGTH]!));
        this.control[base + ID] = this.idOf(actor, key);
      } else {
        const written = encoder.encodeInto(this.keyOf(actor, this.control[base + ID]!), this.buffers[worker]!).written;
        this.control[base + LENGTH] = written;
      }
      Atomics.store(this.control, base + STATE, 2);
      Atomics.notify(this.control, base + STATE);
    }
  }
}

/** A worker's side: synchronous questions to the registry. */
export class RegistryClient {
  private readonly control: Int32Array;
  private readonly buffer: Uint8Array;
  private readonly base: number;

  constructor(memory: RegistryMemory, worker: number) {
    this.control = new Int32Array(memory.control);
    this.buffer = new Uint8Array(memory.keys[worker]!);
    this.base = HEADER + SLOT * worker;
  }

  idOf(actor: number, key: string): number {
    const { written, read } = encoder.encodeInto(key, this.buffer);
    if (read !== key.length) throw new Error(`a component key of actor ${actor} is longer than ${KEY_BYTES} bytes`);
    this.control[this.base + LENGTH] = written;
    this.ask(1, actor);
    return this.control[this.base + ID]!;
  }

  keyOf(actor: number, id: number): string {
    this.control[this.base + ID] = id;
    this.ask(2, actor);
    return decoder.decode(this.buffer.slice(0, this.control[this.base + LENGTH]!));
  }

  /** Wakes the main thread (after a worker finished its share of a level). */
  ring(): void {
    Atomics.add(this.control, DOORBELL, 1);
    Atomics.notify(this.control, DOORBELL);
  }

  private ask(kind: number, actor: number): void {
    const { control, base } = this;
    control[base + KIND] = kind;
    control[base + ACTOR] = actor;
    Atomics.store(control, base + STATE, 1);
    this.ring();
    while (Atomics.load(control, base + STATE) === 1) Atomics.wait(control, base + STATE, 1, 1000);
    Atomics.store(control, base + STATE, 0);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
