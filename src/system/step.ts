/**
 * The semantics in one place (design.md, "Semantics"): the initial state of a system, the
 * steps enabled in a global state, and the state one step leads to. Pure: nothing here
 * touches time, I/O or randomness. The checker and the runtime both step systems through
 * `CompiledSystem.successor`, which these functions wrap with readable objects.
 *
 * @example
 * ```ts
 * const compiled = compileSystem(system);
 * let state = initialState(compiled);
 * const [first] = enabledSteps(compiled, state);
 * state = applyStep(compiled, state, first).state;
 * ```
 */
import type { EventObject, StateValue } from 'xstate';
import type { System } from './defineSystem.ts';
import type { LogLine } from './send.ts';
import { StepKind, type ComponentStep } from './_internals/actorComponents.ts';
import { CompiledSystem, NO_OVERFLOW, type StateVector } from './_internals/compiledSystem.ts';
import { Reaction } from './_internals/localMachine.ts';
import { StatePatch } from './_internals/statePatch.ts';

export { CompiledSystem, NO_OVERFLOW, Reaction, StatePatch, StepKind };
export type { ComponentStep, StateVector };

/** A global state: opaque; read it with `describeState` or a `StateView`. */
export type GlobalState = StateVector;

/** One enabled step, in the stable order: actor, then its mailbox step, then its choices. */
export interface Step {
  /** Position in `enabledSteps(state)`; a trace is a list of these. */
  readonly index: number;
  readonly kind: 'deliver' | 'choose';
  readonly actor: string;
  /** The message taken from the mailbox, or the choice event. */
  readonly event: EventObject;
  /** For `deliver`: how the actor's state reacts (semantics 5). */
  readonly reaction: 'handled' | 'ignored' | 'unhandled';
}

/** What one step did. */
export interface StepResult {
  readonly state: GlobalState;
  readonly sends: readonly { to: string; event: EventObject }[];
  readonly logs: readonly LogLine[];
  readonly drops: readonly string[];
  /** Set when the step breaks a built-in rule: a full mailbox, or an unhandled message. */
  readonly violation?: { kind: 'overflow'; actor: string } | { kind: 'unhandled'; actor: string };
}

/** Prepares a system for stepping. One compiled system holds the memo tables of one run. */
export function compileSystem(system: System): CompiledSystem {
  return new CompiledSystem(system);
}

/** The initial global state (entry sends that overflow a mailbox are reported by `compiled.initialState().overflow`). */
export function initialState(compiled: CompiledSystem): GlobalState {
  return compiled.initialState().state;
}

/** The steps enabled in `state`, in the stable order. An empty list is a deadlock or a valid end. */
export function enabledSteps(compiled: CompiledSystem, state: GlobalState): Step[] {
  const steps: Step[] = [];
  forEachStep(compiled, state, (actor, step) => {
    steps.push({
      index: steps.length,
      kind: step.kind === StepKind.Choose ? 'choose' : 'deliver',
      actor: compiled.names[actor]!,
      event: compiled.messages.event(step.message),
      reaction: step.kind === StepKind.Ignore ? 'ignored' : step.kind === StepKind.Unhandled ? 'unhandled' : 'handled',
    });
  });
  return steps;
}

/** Applies the step with `step.index` (or the index itself) to `state`. */
export function applyStep(compiled: CompiledSystem, state: GlobalState, step: Step | number): StepResult {
  const index = typeof step === 'number' ? step : step.index;
  const found = findStep(compiled, state, index);
  if (!found) throw new RangeError(`no step ${index} in this state: ${enabledSteps(compiled, state).length} steps are enabled`);
  const { actor, step: componentStep } = found;
  const next = new Int32Array(state.length);
  const overflow = compiled.successorState(state, actor, componentStep, next);
  const { outcome } = componentStep;
  const sends = [];
  for (let k = 0; k < outcome.sends.length; k += 2) {
    sends.push({ to: compiled.names[outcome.sends[k]!]!, event: compiled.messages.event(outcome.sends[k + 1]!) });
  }
  const name = compiled.names[actor]!;
  return {
    state: next,
    sends,
    logs: outcome.logs,
    drops: outcome.drops,
    ...(overflow !== NO_OVERFLOW
      ? { violation: { kind: 'overflow' as const, actor: compiled.names[overflow]! } }
      : componentStep.kind === StepKind.Unhandled
        ? { violation: { kind: 'unhandled' as const, actor: name } }
        : {}),
  };
}

/** One actor of a global state, as reports and tests read it. */
export interface ActorSnapshot {
  readonly actor: string;
  readonly value: StateValue;
  /** The state value as a dotted path. */
  readonly label: string;
  readonly context: unknown;
  /** Messages waiting, oldest first, each with whether the current state defers it. */
  readonly mailbox: readonly { event: EventObject; deferred: boolean }[];
  readonly final: boolean;
  readonly resting: boolean;
  readonly waitsFor: readonly string[];
  readonly tags: readonly string[];
}

/** Every actor of `state`, in system order. */
export function describeState(compiled: CompiledSystem, state: GlobalState): ActorSnapshot[] {
  return compiled.names.map((actor, i) => {
    const components = compiled.actors[i]!;
    const local = components.local(state[i]!);
    const info = components.machine.info(local);
    return {
      actor,
      value: info.value,
      label: info.label,
      context: info.context,
      mailbox: Array.from(components.mailbox(state[i]!), (message) => ({
        event: compiled.messages.event(message),
        deferred: components.machine.outcome(local, message).reaction === Reaction.Defer,
      })),
      final: info.final,
      resting: info.annotations.resting,
      waitsFor: info.waitsFor.map((w) => compiled.names[w]!),
      tags: info.tags,
    };
  });
}

/**
 * `state` with `event` appended to the mailbox of actor `name`, as if sent from outside the
 * system (a live run's `actor.send(event)`): the mailbox rules of the step function apply —
 * FIFO, plain data, the actor's capacity — and no transition runs. Throws when the event is not
 * plain data or the mailbox is full (a send is never dropped silently). A checked system is
 * closed and never needs this.
 */
export function enqueue(compiled: CompiledSystem, state: GlobalState, name: string, event: EventObject): GlobalState {
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

/** Whether `state` is a valid end state: every mailbox empty, every actor final or resting. */
export function isValidEnd(compiled: CompiledSystem, state: GlobalState): boolean {
  return compiled.isValidEnd(state);
}

/** Calls `visit` for each enabled step of `state`, in the stable order. */
export function forEachStep(
  compiled: CompiledSystem,
  state: GlobalState,
  visit: (actor: number, step: ComponentStep) => void,
): void {
  for (let actor = 0; actor < state.length; actor++) {
    for (const step of compiled.actors[actor]!.stepsOf(state[actor]!)) visit(actor, step);
  }
}

/** The step at `index` in the stable order, with its actor. */
export function findStep(
  compiled: CompiledSystem,
  state: GlobalState,
  index: number,
): { actor: number; step: ComponentStep } | undefined {
  let remaining = index;
  for (let actor = 0; actor < state.length; actor++) {
    const steps = compiled.actors[actor]!.stepsOf(state[actor]!);
    if (remaining < steps.length) return { actor, step: steps[remaining]! };
    remaining -= steps.length;
  }
  return undefined;
}
