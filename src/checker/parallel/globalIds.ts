/**
 * A worker's translation between its own component ids (interned by its compiled system) and
 * the global ids shared rows carry (see `SharedRegistry`). A component met for the first time
 * either way costs one look into the registry; after that, a lookup in a typed array.
 *
 * A component is an actor's local state with its mailbox. Its registry key is short — the
 * global id of the local state and those of the messages, `17|3,5` — and the long keys (a
 * local state's JSON, a message's) are registered once per local state and message, which are
 * far fewer: the SCSI kernel with 3 targets has 3,469 local states in 105,183 components, whose
 * whole keys averaged 850 characters that every worker encoded, and decoded from the others.
 */
import type { CompiledSystem } from '../../system/step.ts';

export interface IdRegistry {
  idOf(space: number, key: string): number;
  keyOf(space: number, id: number): string;
}

/** How many id spaces the registry needs for `actors` actors: components and local states per actor, and messages. */
export const idSpaces = (actors: number): number => 2 * actors + 1;

export class GlobalIds {
  private readonly components: IdMap[];
  private readonly locals: IdMap[];
  private readonly messages = new IdMap();
  private readonly width: number;

  constructor(
    private readonly compiled: CompiledSystem,
    private readonly registry: IdRegistry,
  ) {
    this.width = compiled.width;
    this.components = compiled.actors.map(() => new IdMap());
    this.locals = compiled.actors.map(() => new IdMap());
  }

  global(actor: number, component: number): number {
    const known = this.components[actor]!.global(component);
    if (known >= 0) return known;
    const components = this.compiled.actors[actor]!;
    const local = this.globalLocal(actor, components.local(component));
    const mailbox = Array.from(components.mailbox(component), (message) => this.globalMessage(message));
    const global = this.registry.idOf(actor, `${local}|${mailbox.join(',')}`);
    this.components[actor]!.remember(component, global);
    return global;
  }

  local(actor: number, global: number): number {
    const known = this.components[actor]!.local(global);
    if (known >= 0) return known;
    const [local, mailbox] = this.registry.keyOf(actor, global).split('|') as [string, string];
    const messages = mailbox === '' ? [] : mailbox.split(',').map((message) => this.localMessage(Number(message)));
    const component = this.compiled.actors[actor]!.intern(this.localLocal(actor, Number(local)), Int32Array.from(messages));
    this.components[actor]!.remember(component, global);
    return component;
  }

  /**
   * Orders `actor`'s components `a` and `b` alike in every thread: by their local states' global
   * ids, then their mailboxes' messages'. Unlike `global`, it gives no id to the components
   * themselves (symmetry compares many that no state holds).
   */
  compare(actor: number, a: number, b: number): number {
    if (a === b) return 0;
    const components = this.compiled.actors[actor]!;
    const byLocal = this.globalLocal(actor, components.local(a)) - this.globalLocal(actor, components.local(b));
    if (byLocal !== 0) return byLocal;
    // Message by message, without a view of each mailbox: symmetry compares millions.
    const length = components.mailboxLength(a);
    if (length !== components.mailboxLength(b)) return length - components.mailboxLength(b);
    for (let k = 0; k < length; k++) {
      const byMessage = this.globalMessage(components.messageAt(a, k)) - this.globalMessage(components.messageAt(b, k));
      if (byMessage !== 0) return byMessage;
    }
    throw new Error(`internal error: components ${a} and ${b} of actor ${actor} hold the same local state and messages`);
  }

  /** Writes the local form of a row of global ids into `out` (one entry per actor; `row` may hold more after them). */
  toLocalRow(row: Int32Array, out: Int32Array): void {
    const components = this.components;
    for (let actor = 0; actor < out.length; actor++) {
      const known = components[actor]!.local(row[actor]!);
      out[actor] = known >= 0 ? known : this.local(actor, row[actor]!);
    }
  }

  /** Writes the global form of a row of local ids into `out`. */
  toGlobalRow(row: Int32Array, out: Int32Array): void {
    for (let actor = 0; actor < row.length; actor++) out[actor] = this.global(actor, row[actor]!);
  }

  private globalLocal(actor: number, local: number): number {
    const map = this.locals[actor]!;
    const known = map.global(local);
    if (known >= 0) return known;
    const global = this.registry.idOf(this.width + actor, this.compiled.actors[actor]!.machine.keyOf(local));
    map.remember(local, global);
    return global;
  }

  private localLocal(actor: number, global: number): number {
    const map = this.locals[actor]!;
    const known = map.local(global);
    if (known >= 0) return known;
    const local = this.compiled.actors[actor]!.machine.fromKey(this.registry.keyOf(this.width + actor, global));
    map.remember(local, global);
    return local;
  }

  private globalMessage(message: number): number {
    const known = this.messages.global(message);
    if (known >= 0) return known;
    const global = this.registry.idOf(2 * this.width, this.compiled.messages.key(message));
    this.messages.remember(message, global);
    return global;
  }

  private localMessage(global: number): number {
    const known = this.messages.local(global);
    if (known >= 0) return known;
    const message = this.compiled.messages.intern(JSON.parse(this.registry.keyOf(2 * this.width, global)));
    this.messages.remember(message, global);
    return message;
  }
}

/** Local ids ↔ global ids of one kind, both ways, in typed arrays (-1: not known yet). */
class IdMap {
  private toGlobal: Int32Array = new Int32Array(64).fill(-1);
  private toLocal: Int32Array = new Int32Array(64).fill(-1);

  global(local: number): number {
    return local < this.toGlobal.length ? this.toGlobal[local]! : -1;
  }

  local(global: number): number {
    return global < this.toLocal.length ? this.toLocal[global]! : -1;
  }

  remember(local: number, global: number): void {
    this.toGlobal = ensure(this.toGlobal, local);
    this.toLocal = ensure(this.toLocal, global);
    this.toGlobal[local] = global;
    this.toLocal[global] = local;
  }
}

function ensure(array: Int32Array, index: number): Int32Array {
  if (index < array.length) return array;
  let length = array.length;
  while (length <= index) length *= 2;
  const bigger = new Int32Array(length).fill(-1);
  bigger.set(array);
  return bigger;
}
