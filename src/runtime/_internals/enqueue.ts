/**
 * A message sent into a running system from outside it (`LiveActor.send`): appended to the
 * receiver's mailbox by the same mailbox rules the step function applies to sends (FIFO,
 * plain data, the actor's capacity; design.md semantics 3), through the same interned tables.
 *
 * The step API (`src/system/step.ts`) has no entry point for this yet — the checker never needs
 * one, since a checked system is closed — so this is the one place the runtime reaches past it,
 * to the compiled system's own mailbox append. It appends; it never runs a transition.
 */
import type { EventObject } from 'xstate';
import type { CompiledSystem, GlobalState } from '../../system/step.ts';

/** `state` with `event` appended to the mailbox of actor `name`; throws when it cannot be. */
export function enqueueMessage(compiled: CompiledSystem, state: GlobalState, name: string, event: EventObject): GlobalState {
  const actor = compiled.actorIndex(name);
  if (actor === undefined) throw new Error(`no actor named '${name}' (actors: ${compiled.names.join(', ')})`);
  let message: number;
  try {
    message = compiled.messages.intern(event);
  } catch (error) {
    throw new TypeError(`cannot send to ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const components = compiled.actors[actor]!;
  const next = components.append(state[actor]!, message);
  if (next < 0) {
    throw new Error(`cannot send ${event.type} to ${name}: its mailbox is full (capacity ${components.capacity}); a send into a full mailbox is never dropped silently`);
  }
  const after = Int32Array.from(state);
  after[actor] = next;
  return after;
}
