/**
 * A worker's translation between its own component ids (interned by its compiled system) and
 * the global ids shared rows carry (see `SharedRegistry`). A component met for the first time
 * either way costs one look into the registry; after that, a lookup in a typed array.
 */
import type { CompiledSystem } from '../../system/step.ts';

export interface IdRegistry {
  idOf(actor: number, key: string): number;
  keyOf(actor: number, id: number): string;
}

export class GlobalIds {
  private readonly toGlobal: Int32Array[];
  private readonly toLocal: Int32Array[];

  constructor(
    private readonly compiled: CompiledSystem,
    private readonly registry: IdRegistry,
  ) {
    this.toGlobal = compiled.actors.map(() => new Int32Array(64).fill(-1));
    this.toLocal = compiled.actors.map(() => new Int32Array(64).fill(-1));
  }

  global(actor: number, local: number): number {
    const known = local < this.toGlobal[actor]!.length ? this.toGlobal[actor]![local]! : -1;
    if (known >= 0) return known;
    const global = this.registry.idOf(actor, this.compiled.actors[actor]!.keyOf(local));
    this.remember(actor, local, global);
    return global;
  }

  local(actor: number, global: number): number {
    const known = global < this.toLocal[actor]!.length ? this.toLocal[actor]![global]! : -1;
    if (known >= 0) return known;
    const local = this.compiled.actors[actor]!.fromKey(this.registry.keyOf(actor, global));
    this.remember(actor, local, global);
    return local;
  }

  /** Writes the local form of a row of global ids into `out` (one entry per actor; `row` may hold more after them). */
  toLocalRow(row: Int32Array, out: Int32Array): void {
    for (let actor = 0; actor < out.length; actor++) out[actor] = this.local(actor, row[actor]!);
  }

  /** Writes the global form of a row of local ids into `out`. */
  toGlobalRow(row: Int32Array, out: Int32Array): void {
    for (let actor = 0; actor < row.length; actor++) out[actor] = this.global(actor, row[actor]!);
  }

  private remember(actor: number, local: number, global: number): void {
    this.toGlobal[actor] = ensure(this.toGlobal[actor]!, local);
    this.toLocal[actor] = ensure(this.toLocal[actor]!, global);
    this.toGlobal[actor]![local] = global;
    this.toLocal[actor]![global] = local;
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
