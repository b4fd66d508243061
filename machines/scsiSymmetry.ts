/**
 * The RAID targets of the SCSIControllerDriverKit model are interchangeable: each virtual array
 * is created from its own private queue and probed the same way (research/driverkit-scsi.md
 * §3.2, §8.5). This says how a permutation of the targets renames everything that refers to
 * one: target ids, the task slots that follow them, and the names of their `TargetQueue<n>`.
 *
 * It is a symmetry only where the model treats targets alike, which `targetSymmetry` checks:
 * - each target has its own create queue (`createQueue: 'private'`) — creates dispatched to one
 *   shared queue are taken in target order;
 * - the interrupt source is not bound to `TargetQueue0` (`interruptQueue: 'create'`);
 * - the task pool has a slot per target (`maxTaskCount ≥ targets`): the kernel then gives
 *   target t slot t every time (`freeSlot` in kernelProbe.ts), so slot t is renamed with t;
 * - completions name the task's own slot (not `wrongTaskId`, whose off-by-one id is the next
 *   target's slot, and is not renamed with its target);
 * - the kernel accepts every target (not `highestIdTooLow`, which refuses the last one);
 * - no `Stop`, which synchronizes with target 0's queue alone.
 */
import type { EventObject } from 'xstate';
import { targetQueue } from './scsiProtocol.ts';

/** How the elements are permuted, in the shape `defineModel`'s `symmetry` returns. */
export interface TargetSymmetry {
  readonly size: number;
  readonly actors: (element: number) => readonly string[];
  readonly context: (actor: string, context: any, rename: (element: number) => number) => unknown;
  readonly event: (event: EventObject, rename: (element: number) => number) => EventObject;
}

/** The symmetry of `targets` targets, or undefined where targets are not interchangeable. */
export function targetSymmetry(p: {
  targets: number;
  createQueue: string;
  interruptQueue: string;
  maxTaskCount: number;
  wrongTaskId: boolean;
  highestIdTooLow: boolean;
  stop: string;
}): TargetSymmetry | undefined {
  const n = p.targets;
  if (n < 2 || n > 6 || p.createQueue !== 'private' || p.interruptQueue === 'create' || p.maxTaskCount < n || p.wrongTaskId || p.highestIdTooLow || p.stop !== 'none') {
    return undefined;
  }
  return {
    size: n,
    actors: (t) => [targetQueue(t)],
    context: (actor, context, rename) => renameContext(actor, context, renamer(n, rename)),
    event: (event, rename) => renameEvent(event, renamer(n, rename)),
  };
}

interface Renamer {
  /** A target id (ids outside 0 … n − 1, e.g. a refused one, stay). */
  target(t: number): number;
  /** A task slot: slot t belongs to target t; slots past the targets stay. */
  slot(s: number): number;
  /** A queue name: `TargetQueue<t>` follows its target. */
  queue(name: string): string;
}

function renamer(n: number, rename: (element: number) => number): Renamer {
  const target = (t: number) => (Number.isInteger(t) && t >= 0 && t < n ? rename(t) : t);
  return {
    target,
    slot: target,
    queue: (name) => {
      const match = /^TargetQueue(\d+)$/.exec(name);
      return match ? targetQueue(target(Number(match[1]))) : name;
    },
  };
}

/** `list` with the entry at index i moved to index `move(i)`, for indices that move. */
function permuted<T>(list: readonly T[], move: (i: number) => number, entry: (value: T) => T): T[] {
  const out = list.slice();
  list.forEach((value, i) => (out[move(i)] = entry(value)));
  return out;
}

function renameContext(actor: string, context: any, r: Renamer): unknown {
  if (actor === 'kernel') {
    return {
      ...context,
      slots: permuted(context.slots as number[], r.slot, (owner) => (owner >= 0 ? r.target(owner) : owner)),
      probes: permuted(context.probes as any[], r.target, (probe) =>
        probe ? { ...probe, caller: r.queue(probe.caller), slot: probe.slot >= 0 ? r.slot(probe.slot) : probe.slot } : probe,
      ),
      rejected: (context.rejected as number[]).map(r.target),
    };
  }
  if (actor === 'dext') {
    return {
      ...context,
      tasks: permuted(context.tasks as any[], r.slot, (task) => (task ? { ...task, target: r.target(task.target) } : task)),
      ring: (context.ring as { taskId: number }[]).map((entry) => ({ ...entry, taskId: r.slot(entry.taskId) })),
    };
  }
  if (actor === 'hardware') {
    return { ...context, outstanding: (context.outstanding as { taskId: number }[]).map((c) => ({ ...c, taskId: r.slot(c.taskId) })) };
  }
  // A dispatch queue: its name, and the work item it runs.
  return { ...context, name: r.queue(context.name), work: context.work ? renameFields(context.work, r) : context.work };
}

function renameEvent(event: EventObject, r: Renamer): EventObject {
  return renameFields(event as EventObject & Record<string, unknown>, r);
}

/** Renames the fields of a message or work item that refer to a target, a slot or a queue. */
function renameFields<T extends Record<string, unknown>>(value: T, r: Renamer): T {
  const out: Record<string, unknown> = { ...value };
  for (const key of ['target', 'fTargetID'] as const) if (typeof out[key] === 'number') out[key] = r.target(out[key] as number);
  for (const key of ['taskId', 'fControllerTaskIdentifier'] as const) if (typeof out[key] === 'number') out[key] = r.slot(out[key] as number);
  for (const key of ['from', 'queue'] as const) if (typeof out[key] === 'string') out[key] = r.queue(out[key] as string);
  return out as T;
}
