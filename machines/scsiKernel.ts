/**
 * The kernel SCSI framework behind `IOUserSCSIParallelInterfaceController` — the DriverKit shim,
 * the parallel family and the SAM probe as one actor (research/driverkit-scsi.md §8.1).
 *
 * - Controller start (§3.1): a sequence of synchronous upcalls to the dext's Default queue;
 *   the dext calls `UserReportHBAConstraints` from inside `UserInitializeController` (§1.2).
 * - `UserCreateTargetForID` (§1.2, §3.2) runs on the calling dext thread's behalf, concurrently
 *   with the start thread and with other creates: each create is a thread of its own (a
 *   `Probe`, see `kernelProbe.ts`) and returns only when the whole probe has completed.
 * - The task pool has `UserReportMaximumTaskCount` slots; a slot is freed only when its
 *   completion is accepted (§8.1).
 * - `ParallelTaskCompletion` is validated (§1.2, §3.4, §8.1): it is dropped when `version` ≠ 1,
 *   when its task id is unknown or already completed, or its target is unknown. A dropped
 *   completion leaves its task outstanding forever: the probe timeout is infinite (§3.3).
 *
 * - Teardown (§3.5), when the configuration has it: once the controller started, the kernel
 *   may at any time (an environment choice, `Terminate`) call `Stop` on Default — while
 *   creates may still be in flight — and waits for it to return.
 *
 * While a thread waits for a dext queue to return an upcall, the kernel is blocked on that
 * queue (`waitsFor`); while a thread waits for a completion, it waits for the dext.
 */
import { assign, setup } from 'xstate';
import { send } from '../src/index.ts';
import { apply, EffectList, type Outcome } from './effects.ts';
import { commandCompleted, enterStep, FREE, NEVER_USED, newProbe, probeSteps, queueOfStep, upcallReturned, type ProbeState } from './kernelProbe.ts';
import { DEFAULT_QUEUE, RESPONSE_VERSION, START_UPCALLS, STOP, type ParallelTaskCompletion, type Upcall } from './scsiProtocol.ts';

export interface ScsiKernelInput {
  /**
   * §4.1 [CONFLICT]: the queue the framework routes each `UserCreateTargetForID` through before
   * it creates the target (ASFW's reading: AuxiliaryQueue, or Default when AuxiliaryQueue is
   * not registered), or null (Apple's sample and QLE2560: the call needs no dext queue).
   */
  routeVia: string | null;
  /** The kernel may stop the controller once it started (§3.5). */
  terminates: boolean;
}

export interface ScsiKernelContext extends ProbeState {
  /** Index of the start upcall in progress; `START_UPCALLS.length` once the controller started. */
  readonly start: number;
  /** From `UserReportHighestSupportedDeviceID`; -1 until reported. */
  readonly highestTarget: number;
  /** Targets whose `UserCreateTargetForID` was refused (above the highest id, or created twice). */
  readonly rejected: readonly number[];
  /** Completions that arrived for a task already completed (§8.6: "exactly one completion per task"). */
  readonly doubleCompletions: number;
  /** Teardown: `off` (not in this configuration), `ready`, `stopping` (Stop called on Default), `stopped`. */
  readonly teardown: 'off' | 'ready' | 'stopping' | 'stopped';
}

export type ScsiKernelEvent =
  /** A dext queue returned an upcall. */
  | { type: 'Returned'; call: Upcall | 'RoutedCreateTargetForID'; target?: number; value?: number | boolean }
  | { type: 'UserReportHBAConstraints'; from: string }
  | { type: 'UserCreateTargetForID'; target: number; from: string }
  | { type: 'UserGetDataBuffer'; target: number; taskId: number; from: string }
  | ParallelTaskCompletion
  /** Environment choice: the controller is terminated (driver unload, device gone). */
  | { type: 'Terminate' };

type Handler<E extends ScsiKernelEvent['type']> = (args: {
  context: ScsiKernelContext;
  event: Extract<ScsiKernelEvent, { type: E }>;
}) => Outcome<ScsiKernelContext>;

/** A start upcall returned: record its value, make the next one. */
const startReturned: Handler<'Returned'> = ({ context, event }) => {
  const fx = new EffectList();
  let next: ScsiKernelContext = { ...context, start: context.start + 1 };
  if (event.call === 'UserReportHighestSupportedDeviceID') {
    const highest = Number(event.value);
    next = { ...next, highestTarget: highest, probes: Array.from({ length: highest + 1 }, () => null) };
  } else if (event.call === 'UserReportMaximumTaskCount') {
    next = { ...next, slots: Array.from({ length: Number(event.value) }, () => NEVER_USED) };
  }
  if (next.start < START_UPCALLS.length) fx.send(DEFAULT_QUEUE, { type: START_UPCALLS[next.start]! });
  return { context: next, effects: fx.list };
};

/** `UserCreateTargetForID` (legacy CreateTargetForID, §3.2 1–4): refuse a bad or duplicate id, else start the probe. */
const createTarget: Handler<'UserCreateTargetForID'> = ({ context, event }) => {
  const fx = new EffectList();
  const { target, from } = event;
  if (target < 0 || target > context.highestTarget || context.probes[target]) {
    fx.log(`UserCreateTargetForID(${target}) refused`, 'kernel');
    fx.send(from, { type: 'CallReturned', call: 'UserCreateTargetForID', ok: false });
    return { context: { ...context, rejected: [...context.rejected, target] }, effects: fx.list };
  }
  const started = { ...context, probes: context.probes.map((p, t) => (t === target ? newProbe(from) : p)) };
  return { context: enterStep(started, target, fx), effects: fx.list };
};

/** `ParallelTaskCompletion` → the kernel's `UserCompleteParallelTask`: validate, then complete (§1.2, §3.4). */
const completeTask: Handler<'ParallelTaskCompletion'> = ({ context, event }) => {
  const fx = new EffectList();
  const { version, fTargetID: target, fControllerTaskIdentifier: taskId } = event;
  const owner = context.slots[taskId];
  if (version !== RESPONSE_VERSION) {
    fx.drop(`version ${version} ≠ ${RESPONSE_VERSION}`);
  } else if (owner === undefined || owner === NEVER_USED) {
    fx.drop(`task id ${taskId} unknown`);
  } else if (owner === FREE) {
    fx.drop(`task ${taskId} already completed`);
    return { context: { ...context, doubleCompletions: context.doubleCompletions + 1 }, effects: fx.list };
  } else if (!context.probes[target]) {
    fx.drop(`target ${target} unknown`);
  } else if (owner !== target) {
    fx.drop(`task ${taskId} belongs to target ${owner}, not ${target}`);
  } else {
    return { context: commandCompleted(context, target, event, fx), effects: fx.list };
  }
  return { context, effects: fx.list };
};

function expectsStartReturn(context: ScsiKernelContext, event: Extract<ScsiKernelEvent, { type: 'Returned' }>): boolean {
  return event.target === undefined && context.start < START_UPCALLS.length && event.call === START_UPCALLS[context.start];
}

function expectsProbeReturn(context: ScsiKernelContext, event: Extract<ScsiKernelEvent, { type: 'Returned' }>): boolean {
  const probe = event.target === undefined ? undefined : context.probes[event.target];
  if (!probe || !probe.calling) return false;
  const step = probeSteps(context.routeVia)[probe.step]!;
  return event.call === ('upcall' in step ? step.upcall : 'UserProcessParallelTask');
}

/** The dext queues the kernel's threads are blocked on, and the dext while tasks are outstanding. */
export function kernelWaitsFor(context: ScsiKernelContext): string[] {
  const waits = new Set<string>();
  if (context.start < START_UPCALLS.length || context.teardown === 'stopping') waits.add(DEFAULT_QUEUE);
  let awaitingCompletion = false;
  for (const probe of context.probes) {
    if (!probe || probe.outcome !== 'probing') continue;
    if (probe.calling) waits.add(queueOfStep(context, probe));
    else awaitingCompletion = true;
  }
  if (awaitingCompletion) waits.add('dext');
  return [...waits];
}

function isIdle(context: ScsiKernelContext): boolean {
  return context.start >= START_UPCALLS.length && context.teardown !== 'stopping' && context.probes.every((p) => !p || p.outcome !== 'probing');
}

/** `Terminate`, while the controller runs and has not been stopped. */
function teardownChoices({ context }: { context: ScsiKernelContext }) {
  return context.teardown === 'ready' && context.start >= START_UPCALLS.length ? [{ type: 'Terminate' }] : [];
}

/** The kernel machine: `busy` while any thread waits, `idle` (resting) once start and every create are done. */
export const scsiKernel = setup({
  types: {
    input: {} as ScsiKernelInput,
    context: {} as ScsiKernelContext,
    events: {} as ScsiKernelEvent,
  },
}).createMachine({
  id: 'scsiKernel',
  context: ({ input }) => ({
    routeVia: input.routeVia,
    start: 0,
    highestTarget: -1,
    slots: [],
    probes: [],
    rejected: [],
    doubleCompletions: 0,
    teardown: input.terminates ? 'ready' : 'off',
  }),
  entry: send(DEFAULT_QUEUE, { type: START_UPCALLS[0] }),
  initial: 'busy',
  on: {
    Returned: [
      { guard: ({ context, event }) => expectsStartReturn(context, event), actions: apply(startReturned) },
      {
        guard: ({ context, event }) => expectsProbeReturn(context, event),
        actions: apply<ScsiKernelContext, Extract<ScsiKernelEvent, { type: 'Returned' }>>(({ context, event }) => {
          const fx = new EffectList();
          return { context: upcallReturned(context, event.target!, fx), effects: fx.list };
        }),
      },
      {
        guard: ({ context, event }) => event.call === STOP && context.teardown === 'stopping',
        actions: assign({ teardown: 'stopped' as const }),
      },
    ],
    Terminate: {
      actions: [assign({ teardown: 'stopping' as const }), send(DEFAULT_QUEUE, { type: STOP })],
    },
    UserReportHBAConstraints: {
      actions: send(({ event }) => event.from, () => ({ type: 'CallReturned', call: 'UserReportHBAConstraints', ok: true })),
    },
    UserCreateTargetForID: { actions: apply(createTarget) },
    UserGetDataBuffer: {
      // The buffer of a task the kernel issued to that target (§1.2: controllerTaskID must be fControllerTaskIdentifier).
      actions: send(
        ({ event }) => event.from,
        ({ context, event }) => ({ type: 'CallReturned', call: 'UserGetDataBuffer', ok: context.slots[event.taskId] === event.target }),
      ),
    },
    ParallelTaskCompletion: { actions: apply(completeTask) },
  },
  states: {
    busy: {
      meta: { waitsFor: ({ context }: { context: ScsiKernelContext }) => kernelWaitsFor(context), choices: teardownChoices },
      always: { guard: ({ context }) => isIdle(context), target: 'idle' },
    },
    idle: {
      meta: { resting: true, choices: teardownChoices },
      always: { guard: ({ context }) => !isIdle(context), target: 'busy' },
    },
  },
});
