/**
 * Rebuilding a trace from the store's parent log: for each state on the path, the position of
 * the step that reached it among its parent's enabled steps. Replaying those steps from the
 * initial state with the step function gives back every state and step exactly, whatever the
 * store keeps (whole states, or only fingerprints).
 */
import { findStep, NO_OVERFLOW, StepKind, type CompiledSystem, type ComponentStep, type StateVector } from '../system/step.ts';
import type { LogLine } from '../system/send.ts';
import type { ActorState, Trace, TraceLog, TraceSend, TraceStart, TraceStep } from './result.ts';
import type { StateStore } from './store/stateStore.ts';
import type { Symmetry } from './symmetry/symmetry.ts';

/** Where each state came from: its parent's number and the position of the step from it. */
export type ParentIndex = Pick<StateStore, 'parentOf' | 'stepOf'>;

/** A trace together with the global states it passes through (`states[0]` is initial). */
export interface RebuiltTrace {
  readonly trace: Trace;
  readonly states: readonly StateVector[];
  /** After a violating last step: the state it left, up to the send that did not fit. */
  readonly afterLastStep?: StateVector;
  /** Maps an actor of the last stored state (a representative, with symmetry) to the trace's actor. */
  realActor(actor: number): number;
}

/**
 * The trace from the initial state to the state numbered `end`, followed by `lastStep` when
 * the violation is a step that could not complete (an unhandled message, a full mailbox).
 */
export function rebuildTrace(
  compiled: CompiledSystem,
  store: ParentIndex,
  end: number,
  lastStep?: { actor: number; step: ComponentStep; overflow: boolean },
  symmetry?: Symmetry,
): RebuiltTrace {
  const path: number[] = [];
  for (let index = end; index > 0; index = store.parentOf(index)) path.push(store.stepOf(index));
  path.reverse();
  // With symmetry the store holds representatives: the steps are positions in those. Replay
  // them there, and undo the permutation gathered so far to show the real execution.
  const real: StateVector[] = [compiled.initialState().state];
  let representative: StateVector = new Int32Array(compiled.width);
  let permutation = symmetry ? symmetry.canonical(real[0]!, representative) : 0;
  if (!symmetry) representative = real[0]!;
  const steps: TraceStep[] = [];
  const scratch = new Int32Array(compiled.width);
  for (const position of path) {
    const found = findStep(compiled, representative, position);
    if (!found) throw new Error(`internal error: state ${real.length - 1} of the trace has no step ${position}`);
    const next = new Int32Array(compiled.width);
    compiled.successorState(representative, found.actor, found.step, next);
    if (!symmetry) {
      steps.push(describeStep(compiled, position, found.actor, found.step, next, 'handled'));
      real.push(next);
      representative = next;
      continue;
    }
    const from = real[real.length - 1]!;
    const to = new Int32Array(compiled.width);
    symmetry.apply(next, symmetry.inverse(permutation), to);
    const step = findStepBetween(compiled, from, to, scratch);
    if (!step) throw new Error(`internal error: no step leads from trace state ${real.length - 1} to the next one`);
    steps.push(describeStep(compiled, step.index, step.actor, step.step, to, 'handled'));
    real.push(to);
    representative = new Int32Array(compiled.width);
    permutation = symmetry.compose(permutation, symmetry.canonical(next, representative));
  }
  const undo = symmetry ? symmetry.inverse(permutation) : 0;
  const realActor = (actor: number): number => (symmetry ? symmetry.actorUnder(undo, actor) : actor);
  if (lastStep) {
    const from = real[real.length - 1]!;
    const { actor, step } = symmetry ? symmetry.matchingStep(from, undo, lastStep.actor, lastStep.step) : lastStep;
    const after = new Int32Array(compiled.width);
    compiled.successorState(from, actor, step, after);
    steps.push(describeStep(compiled, stepIndex(compiled, from, actor, step), actor, step, after, lastStep.overflow ? 'overflow' : 'handled'));
    return { trace: { initial: describeInitial(compiled), steps }, states: real, afterLastStep: after, realActor };
  }
  return { trace: { initial: describeInitial(compiled), steps }, states: real, realActor };
}

/**
 * The trace along `hops` (consecutive transitions from the initial state, each with the
 * actor that took it), as for a liveness lasso: each hop becomes the step of that actor that
 * leads from its source to its target.
 */
export function traceAlongHops(
  compiled: CompiledSystem,
  store: StateStore,
  hops: readonly { from: number; to: number; actor: number }[],
): TraceStep[] {
  const from = new Int32Array(compiled.width);
  const to = new Int32Array(compiled.width);
  const scratch = new Int32Array(compiled.width);
  return hops.map((hop) => {
    store.read(hop.from, from);
    store.read(hop.to, to);
    const found = findStepBetween(compiled, from, to, scratch, hop.actor);
    if (!found) throw new Error(`internal error: no step of actor ${hop.actor} leads from state ${hop.from} to ${hop.to}`);
    return describeStep(compiled, found.index, found.actor, found.step, to, 'handled');
  });
}

function findStepBetween(
  compiled: CompiledSystem,
  from: StateVector,
  to: StateVector,
  scratch: StateVector,
  onlyActor = -1,
): { index: number; actor: number; step: ComponentStep } | undefined {
  let index = 0;
  for (let actor = 0; actor < from.length; actor++) {
    for (const step of compiled.actors[actor]!.stepsOf(from[actor]!)) {
      const candidate = onlyActor < 0 || actor === onlyActor;
      if (candidate && compiled.successorState(from, actor, step, scratch) === NO_OVERFLOW && equal(scratch, to)) return { index, actor, step };
      index++;
    }
  }
  return undefined;
}

function stepIndex(compiled: CompiledSystem, from: StateVector, actor: number, step: ComponentStep): number {
  let index = 0;
  for (let a = 0; a < actor; a++) index += compiled.actors[a]!.stepsOf(from[a]!).length;
  return index + compiled.actors[actor]!.stepsOf(from[actor]!).indexOf(step);
}

function describeStep(
  compiled: CompiledSystem,
  index: number,
  actor: number,
  step: ComponentStep,
  after: StateVector,
  completed: 'handled' | 'overflow',
): TraceStep {
  const { outcome } = step;
  const outcomeName =
    step.kind === StepKind.Unhandled ? 'unhandled' : step.kind === StepKind.Ignore ? 'ignored' : completed;
  return {
    index,
    actor: compiled.names[actor]!,
    kind: step.kind === StepKind.Choose ? 'choose' : 'deliver',
    event: compiled.messages.event(step.message),
    outcome: outcomeName,
    sends: describeSends(compiled, outcome.sends),
    logs: traceLogs(outcome.logs, compiled.names[actor]!),
    drops: outcome.drops,
    state: actorState(compiled, actor, after[actor]!),
  };
}

/** Each actor's initial state and entry-action sends: the start of every trace. */
export function describeInitial(compiled: CompiledSystem): TraceStart[] {
  const initial = compiled.initialState().state;
  return compiled.names.map((name, actor) => {
    const outcome = compiled.initialOutcome(actor);
    return {
      actor: name,
      state: actorState(compiled, actor, initial[actor]!),
      sends: describeSends(compiled, outcome.sends),
      logs: traceLogs(outcome.logs, name),
    };
  });
}

function traceLogs(logs: readonly LogLine[], actor: string): TraceLog[] {
  return logs.map((line) => ({ text: line.text, source: line.source ?? actor }));
}

function describeSends(compiled: CompiledSystem, sends: Int32Array): TraceSend[] {
  const list: TraceSend[] = [];
  for (let k = 0; k < sends.length; k += 2) {
    list.push({ to: compiled.names[sends[k]!]!, event: compiled.messages.event(sends[k + 1]!) });
  }
  return list;
}

/** The local state of `actor` in a component, as traces show it. */
export function actorState(compiled: CompiledSystem, actor: number, component: number): ActorState {
  const components = compiled.actors[actor]!;
  const info = components.machine.info(components.local(component));
  return { value: info.value, label: info.label, context: info.context };
}

function equal(a: StateVector, b: StateVector): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
