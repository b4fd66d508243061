/**
 * What the kernel SCSI framework does for one `UserCreateTargetForID` (research/driverkit-scsi.md
 * §3.2, §8.1): the upcalls of target start, then the SAM probe — TEST UNIT READY, INQUIRY 6,
 * INQUIRY 44, INQUIRY 36 — each command sent through `UserProcessParallelTask` on a slot of the
 * task pool and awaited with an infinite timeout (§3.3). The call returns only when the whole
 * probe has completed (§3.2: "UserCreateTargetForID does not return until the whole probe has
 * completed").
 *
 * Plain functions over the kernel's context; `scsiKernel.ts` runs them. Each kernel thread that
 * creates a target is a `Probe` record; the threads share the task pool.
 */
import type { EffectList } from './effects.ts';
import {
  DEFAULT_QUEUE,
  GOOD,
  INQUIRY,
  PROBE_ATTEMPTS,
  PROBE_COMMANDS,
  STANDARD_INQUIRY_LENGTH,
  TASK_COMPLETE,
  TEST_UNIT_READY,
  describeCommand,
  type ParallelTaskCompletion,
  type ProbeCommand,
} from './scsiProtocol.ts';

/** A slot of the task pool that no task has used yet. */
export const NEVER_USED = -2;
/** A slot whose last task was completed. */
export const FREE = -1;

/** One kernel thread inside `UserCreateTargetForID`. */
export interface Probe {
  /** The dext queue blocked in the call, to which the kernel returns. */
  readonly caller: string;
  /** Index into the probe steps. */
  readonly step: number;
  /** An upcall of this thread is outstanding (the thread waits for a dext queue). */
  readonly calling: boolean;
  /** The task slot of the current command, or -1. */
  readonly slot: number;
  /** The current command's completion was accepted, and whether its result is usable. */
  readonly done: boolean;
  readonly good: boolean;
  /** Failed attempts of the current command. */
  readonly attempts: number;
  readonly outcome: 'probing' | 'created' | 'failed';
  /** Valid standard INQUIRY data was received. */
  readonly inquiry: boolean;
}

/** The part of the kernel's context the probe reads and writes. */
export interface ProbeState {
  /** The queue the framework routes each create through first (§4.1, ASFW's reading), or null. */
  readonly routeVia: string | null;
  /** The task pool: per slot `NEVER_USED`, `FREE`, or the target whose task holds it. */
  readonly slots: readonly number[];
  /** Per target id: its creating thread, once `UserCreateTargetForID` was called for it. */
  readonly probes: readonly (Probe | null)[];
}

/** A step of target creation: an upcall on a dext queue, or a probe command. */
export type ProbeStep =
  | { readonly upcall: 'RoutedCreateTargetForID' | 'UserInitializeTargetForID' | 'UserDoesHBASupportMultiPathing'; readonly queue: string }
  | { readonly command: ProbeCommand };

/** The steps of creating one target (§3.2 a, b, d; §4.1 for the routed dispatch). */
export function probeSteps(routeVia: string | null): ProbeStep[] {
  return [
    ...(routeVia ? [{ upcall: 'RoutedCreateTargetForID' as const, queue: routeVia }] : []),
    { upcall: 'UserInitializeTargetForID', queue: DEFAULT_QUEUE },
    { upcall: 'UserDoesHBASupportMultiPathing', queue: DEFAULT_QUEUE },
    ...PROBE_COMMANDS.map((command) => ({ command })),
  ];
}

/** A new thread for `UserCreateTargetForID(target)` called from `caller`. */
export function newProbe(caller: string): Probe {
  return { caller, step: 0, calling: false, slot: -1, done: false, good: false, attempts: 0, outcome: 'probing', inquiry: false };
}

/** The queue the upcall of a probe's current step goes to (probe commands go to Default, §1.1). */
export function queueOfStep(state: ProbeState, probe: Probe): string {
  const step = probeSteps(state.routeVia)[probe.step]!;
  return 'upcall' in step ? step.queue : DEFAULT_QUEUE;
}

function withProbe<S extends ProbeState>(state: S, target: number, probe: Probe): S {
  return { ...state, probes: state.probes.map((p, t) => (t === target ? probe : p)) };
}

/**
 * Starts the probe's current step: an upcall, a command (on a free slot, else it waits for
 * one), or — past the last step — the return of `UserCreateTargetForID`.
 */
export function enterStep<S extends ProbeState>(state: S, target: number, fx: EffectList): S {
  const probe = state.probes[target]!;
  const steps = probeSteps(state.routeVia);
  if (probe.step >= steps.length) {
    fx.send(probe.caller, { type: 'CallReturned', call: 'UserCreateTargetForID', ok: true });
    return withProbe(state, target, { ...probe, outcome: 'created' });
  }
  const step = steps[probe.step]!;
  if ('upcall' in step) {
    fx.send(step.queue, { type: step.upcall, target });
    return withProbe(state, target, { ...probe, calling: true });
  }
  const slot = freeSlot(state.slots, target);
  if (slot < 0) return state; // the pool is exhausted: wait for a completion to free a slot
  const { opcode, length } = step.command;
  fx.send(DEFAULT_QUEUE, { type: 'UserProcessParallelTask', target, taskId: slot, opcode, length });
  return {
    ...withProbe(state, target, { ...probe, calling: true, slot, done: false, good: false }),
    slots: state.slots.map((owner, s) => (s === slot ? target : owner)),
  };
}

/**
 * The slot a target's next command takes: slot `target` when it is free, else the lowest free
 * slot, or -1 when the pool is exhausted. The shim's allocation policy is not public (§8.1 only
 * says the pool has MaxTaskCount slots); this one gives each target the same slot whatever the
 * interleaving while the pool is large enough, so slot numbering adds no states.
 */
export function freeSlot(slots: readonly number[], target: number): number {
  if (target < slots.length && slots[target]! < 0) return target;
  return slots.findIndex((owner) => owner < 0);
}

/**
 * The command target `target`'s probe has issued (it holds a slot of the task pool) and whose
 * completion the kernel has not accepted yet, or undefined: a task in flight, as the liveness
 * property `everyTaskCompletes` follows it.
 */
export function outstandingCommand(state: ProbeState, target: number): ProbeCommand | undefined {
  const probe = state.probes[target];
  if (!probe || probe.slot < 0) return undefined;
  const step = probeSteps(state.routeVia)[probe.step];
  return step && 'command' in step ? step.command : undefined;
}

/** The upcall of the probe's current step returned. */
export function upcallReturned<S extends ProbeState>(state: S, target: number, fx: EffectList): S {
  const probe = state.probes[target]!;
  const step = probeSteps(state.routeVia)[probe.step]!;
  if ('upcall' in step) return enterStep(withProbe(state, target, { ...probe, calling: false, step: probe.step + 1 }), target, fx);
  // UserProcessParallelTask returned Request_In_Process; the result comes with the completion.
  const next = withProbe(state, target, { ...probe, calling: false });
  return probe.done ? evaluate(next, target, fx) : next;
}

/**
 * An accepted completion of the probe's current command: its slot is free again. The thread
 * goes on once both the completion and the return of `UserProcessParallelTask` are in (the
 * completion may come first: §4.2, completion delivery races the return).
 */
export function commandCompleted<S extends ProbeState>(state: S, target: number, response: ParallelTaskCompletion, fx: EffectList): S {
  const probe = state.probes[target]!;
  const step = probeSteps(state.routeVia)[probe.step]!;
  const command = 'command' in step ? step.command : undefined;
  const good = command !== undefined && isUsable(command, response);
  const freed = { ...state, slots: state.slots.map((owner, s) => (s === response.fControllerTaskIdentifier ? FREE : owner)) };
  const next = withProbe(freed, target, { ...probe, slot: -1, done: true, good });
  return probe.calling ? wakeWaiters(next, fx) : evaluate(next, target, fx);
}

/**
 * Whether a completion answers the command (§3.2 d): any TASK_COMPLETE answers TEST UNIT READY
 * ("present"); an INQUIRY needs GOOD and its data (`fBytesTransferred`, §6 answer 3).
 */
export function isUsable(command: ProbeCommand, response: ParallelTaskCompletion): boolean {
  if (response.fServiceResponse !== TASK_COMPLETE) return false;
  if (command.opcode === TEST_UNIT_READY) return true;
  return response.fCompletionStatus === GOOD && response.fBytesTransferred >= Math.min(command.length, STANDARD_INQUIRY_LENGTH);
}

/** The current command is finished: go on, retry (§3.2: 2 attempts), or fail the creation. */
function evaluate<S extends ProbeState>(state: S, target: number, fx: EffectList): S {
  const probe = state.probes[target]!;
  const step = probeSteps(state.routeVia)[probe.step]!;
  const command = (step as { command: ProbeCommand }).command;
  if (probe.good) {
    const inquiry = probe.inquiry || (command.opcode === INQUIRY && command.length >= STANDARD_INQUIRY_LENGTH);
    const next = { ...probe, step: probe.step + 1, done: false, good: false, attempts: 0, inquiry };
    return wakeWaiters(enterStep(withProbe(state, target, next), target, fx), fx);
  }
  const attempts = probe.attempts + 1;
  const name = describeCommand(command);
  fx.log(`${name} for target ${target} failed (attempt ${attempts} of ${PROBE_ATTEMPTS})`, 'kernel');
  if (attempts < PROBE_ATTEMPTS) {
    return wakeWaiters(enterStep(withProbe(state, target, { ...probe, done: false, good: false, attempts }), target, fx), fx);
  }
  fx.log(`Probe of target ${target} failed: the target is not created`, 'kernel');
  fx.send(probe.caller, { type: 'CallReturned', call: 'UserCreateTargetForID', ok: false });
  return wakeWaiters(withProbe(state, target, { ...probe, done: false, good: false, attempts, outcome: 'failed' }), fx);
}

/** Threads waiting for a free slot take the slots freed by a completion, lowest target first. */
function wakeWaiters<S extends ProbeState>(state: S, fx: EffectList): S {
  let next = state;
  next.probes.forEach((probe, target) => {
    if (!probe || probe.outcome !== 'probing' || probe.calling || probe.slot >= 0 || probe.done) return;
    if ('command' in probeSteps(next.routeVia)[probe.step]! && next.slots.some((owner) => owner < 0)) next = enterStep(next, target, fx);
  });
  return next;
}
