/**
 * Defining a system of actors (design.md, semantics 1 and 3).
 */
import type { AnyStateMachine } from 'xstate';
import { ModelError } from './errors.ts';
import { findNonPlainData } from './_internals/plainData.ts';

/** One actor of a system: an XState v5 machine, its input and its mailbox capacity. */
export interface ActorDefinition {
  /** The actor's behaviour. It needs an explicit `id`; use `send()` to talk to other actors. */
  machine: AnyStateMachine;
  /** Passed to the machine's `context` factory as `input`. Plain data. */
  input?: unknown;
  /** How many messages the mailbox holds; one more is a "mailbox overflow" violation. */
  capacity?: number;
  /**
   * The actors this one may ever send to. Optional; when every actor of a system declares it,
   * partial-order reduction can tell which steps are independent. Every send the checker
   * computes is checked against it (a send to an undeclared actor is a model error).
   */
  sendsTo?: readonly string[];
}

export interface SystemDefinition {
  /** The actors, by name. Names are what `send(to, …)` and `meta.waitsFor` refer to. */
  actors: Record<string, ActorDefinition>;
  /** Mailbox capacity for actors that do not set their own. Default {@link DEFAULT_CAPACITY}. */
  capacity?: number;
}

/** A validated actor of a {@link System}. */
export interface ActorSpec {
  readonly name: string;
  readonly machine: AnyStateMachine;
  readonly input: unknown;
  readonly capacity: number;
  /** The declared receivers (`undefined`: it may send to any actor). */
  readonly sendsTo: readonly string[] | undefined;
}

/** A validated system: the actors in a fixed order (their order of definition). */
export interface System {
  readonly actors: readonly ActorSpec[];
}

export const DEFAULT_CAPACITY = 4;

/**
 * Validates a system of actors. The actor order is the order of definition; it fixes the order
 * of enabled steps and so of traces.
 *
 * @example
 * ```ts
 * const system = defineSystem({
 *   actors: {
 *     client: { machine: clientMachine, input: { server: 'server' } },
 *     server: { machine: serverMachine, capacity: 2 },
 *   },
 * });
 * ```
 */
export function defineSystem(definition: SystemDefinition): System {
  if (!definition || typeof definition !== 'object' || !definition.actors || typeof definition.actors !== 'object') {
    throw new ModelError('defineSystem() needs { actors: { name: { machine, input?, capacity? } } }');
  }
  const defaultCapacity = definition.capacity ?? DEFAULT_CAPACITY;
  checkCapacity(defaultCapacity, 'the system');
  const machineIds = new Map<string, { machine: AnyStateMachine; actor: string }>();
  const actors: ActorSpec[] = [];
  for (const [name, actor] of Object.entries(definition.actors)) {
    if (!actor || typeof actor !== 'object' || !isMachine(actor.machine)) {
      throw new ModelError(`actor '${name}' needs a machine: an XState v5 machine from createMachine() or setup().createMachine()`, { actor: name });
    }
    const { machine } = actor;
    if (!machine.id || machine.id === '(machine)') {
      throw new ModelError(`actor '${name}': its machine has no explicit id; give it one, e.g. createMachine({ id: '${name}', ... })`, { actor: name });
    }
    const sameId = machineIds.get(machine.id);
    if (sameId && sameId.machine !== machine) {
      throw new ModelError(`actors '${sameId.actor}' and '${name}' use two different machines with the same id '${machine.id}'; machine ids must be unique`, { actor: name });
    }
    machineIds.set(machine.id, { machine, actor: name });
    const nonPlain = findNonPlainData(actor.input, 'input');
    if (nonPlain) throw new ModelError(`actor '${name}': ${nonPlain}; input must be plain data`, { actor: name });
    const capacity = actor.capacity ?? defaultCapacity;
    checkCapacity(capacity, `actor '${name}'`);
    if (actor.sendsTo !== undefined && (!Array.isArray(actor.sendsTo) || actor.sendsTo.some((t) => typeof t !== 'string'))) {
      throw new ModelError(`actor '${name}': sendsTo must list actor names`, { actor: name });
    }
    actors.push(Object.freeze({ name, machine, input: actor.input, capacity, sendsTo: actor.sendsTo ? Object.freeze([...actor.sendsTo]) : undefined }));
  }
  if (actors.length === 0) throw new ModelError('defineSystem() needs at least one actor');
  const names = new Set(actors.map((a) => a.name));
  for (const actor of actors) {
    const unknown = actor.sendsTo?.find((target) => !names.has(target));
    if (unknown) throw new ModelError(`actor '${actor.name}': sendsTo names unknown actor '${unknown}' (actors: ${[...names].join(', ')})`, { actor: actor.name });
  }
  return Object.freeze({ actors: Object.freeze(actors) });
}

function isMachine(value: unknown): value is AnyStateMachine {
  return !!value && typeof value === 'object' && typeof (value as AnyStateMachine).transition === 'function' && 'root' in value;
}

function checkCapacity(capacity: unknown, owner: string): void {
  if (!Number.isInteger(capacity) || (capacity as number) < 1 || (capacity as number) > 64) {
    throw new ModelError(`${owner}: mailbox capacity must be a whole number from 1 to 64, got ${String(capacity)}`);
  }
}
