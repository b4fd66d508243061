/**
 * What the liveness properties of the SCSIControllerDriverKit model follow, read off a global
 * state (research/driverkit-scsi.md §3.2, §3.3):
 *
 * - a `UserCreateTargetForID` in progress: from the moment the dext queue that creates a target
 *   makes the call until the call returns to it (the queue is blocked in it meanwhile, §1.2);
 * - a task in flight: a probe command the kernel issued through `UserProcessParallelTask` (it
 *   holds a slot of the task pool) whose `ParallelTaskCompletion` the kernel has not accepted.
 *   The probe sends its commands with an infinite timeout (§3.3), so nothing but the
 *   completion ends a task.
 *
 * Plain functions of the state, in their own module so that the proof record's hash covers them.
 */
import type { StateView } from '../src/index.ts';
import type { DextContext } from './dextHandlers.ts';
import { outstandingCommand } from './kernelProbe.ts';
import type { ScsiKernelContext } from './scsiKernel.ts';
import { DEFAULT_QUEUE, describeCommand } from './scsiProtocol.ts';

/** A task as `everyTaskCompletes` names it: the target and the probe command, e.g. `{ target: 0, command: 'TEST UNIT READY' }`. */
export interface TaskItem {
  readonly target: number;
  readonly command: string;
}

/** The tasks in flight in this state: one per target whose probe has a command outstanding. */
export function tasksInFlight(s: StateView): TaskItem[] {
  const kernel = s.actor('kernel').context as ScsiKernelContext;
  const tasks: TaskItem[] = [];
  kernel.probes.forEach((_, target) => {
    const command = outstandingCommand(kernel, target);
    if (command) tasks.push({ target, command: describeCommand(command) });
  });
  return tasks;
}

/** Whether `task` is in flight: issued to the dext, its completion not yet accepted. */
export function isInFlight(s: StateView, task: TaskItem): boolean {
  const command = outstandingCommand(s.actor('kernel').context as ScsiKernelContext, task.target);
  return command !== undefined && describeCommand(command) === task.command;
}

/**
 * Whether the queue that creates `target` is blocked in its `UserCreateTargetForID`: an
 * `AsyncCreateTargetForID` block for that target, or — the `create-on-default-queue` layout —
 * `UserStartController` making its latest create, on Default.
 */
export function isCreating(s: StateView, target: number): boolean {
  const dext = s.actor('dext').context as DextContext;
  const { createQueues } = dext.config;
  const queue = s.actor(createQueues === 'inline' ? DEFAULT_QUEUE : createQueues[target]!);
  if (!queue.matches('blockedInCall') || queue.context.callee !== 'kernel') return false;
  const work = queue.context.work as { handler: string; target?: number };
  if (work.handler === 'AsyncCreateTargetForID') return work.target === target;
  return work.handler === 'UserStartController' && dext.inlineCreates - 1 === target;
}
