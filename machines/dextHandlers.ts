/**
 * The driver's code: what each handler of the RAID dext does when a dispatch queue runs it
 * (research/driverkit-scsi.md §8.2–8.6). Plain functions over the dext's memory (its task table
 * and completion ring); `scsiDext.ts` runs them. A handler runs in pieces: up to its first
 * synchronous call, then from each call's return to the next (the queue makes the calls).
 *
 * - Controller start (§3.1, §4): report the HBA's limits, enable the interrupt source in
 *   `UserStartController` (§8.4) and kick off target creation there (§1.2, Apple's sample).
 * - Target creation (§1.2, §4.1, §8.5): `AsyncCreateTargetForID` on the queue the
 *   configuration chose calls `UserCreateTargetForID`; the `create-on-default-queue` mistake
 *   calls it inside `UserStartController`, on Default (§8.8).
 * - `UserProcessParallelTask` (§1.1): record the task, get the data buffer of a data-in command
 *   with `UserGetDataBuffer` (§1.2, §6 answer 3), post the command, return Request_In_Process.
 * - The interrupt handler (§8.4): with interrupts masked (the MSI masks them), drain the
 *   completion ring calling `ParallelTaskCompletion` for each entry, unmask (a register write
 *   the handler reads back: a synchronous call to the hardware, made through its queue), and
 *   re-read the ring for completions posted while interrupts were masked.
 * - Teardown (§3.5): `Stop`, on Default, dispatches its last block to the create queue, or —
 *   the `stop-waits-for-create` mistake — waits for it with DispatchSync (§8.8).
 * - NOT READY (§7, §8.7): a completion with CHECK CONDITION (sense NOT READY: the array is
 *   still spinning up) is either completed to the kernel as it is — the SAM probe counts any
 *   TASK_COMPLETE as "present" (§3.2 d.1) and the peripheral driver has its own ~45 s of
 *   `ClearNotReadyStatus` (§3.2) — or resubmitted to the hardware by the interrupt handler, up
 *   to `notReadyRetries` times, then completed with the CHECK CONDITION. Resubmitting without
 *   bound (`'forever'`) hides the task from the kernel for as long as the array answers NOT
 *   READY: the probe, and the `UserCreateTargetForID` waiting for it, need not ever finish.
 */
import { EffectList, type Outcome } from './effects.ts';
import {
  CHECK_CONDITION,
  DEVICE_NOT_PRESENT,
  GOOD,
  REQUEST_IN_PROCESS,
  SERVICE_DELIVERY_OR_TARGET_FAILURE,
  TASK_COMPLETE,
  describeCompletion,
  describeGiveUp,
  describeRetry,
  describeSend,
  isDataIn,
  type Call,
  type ParallelTaskCompletion,
  type Work,
} from './scsiProtocol.ts';

/** How the driver was written: the switches of the model (plain data). */
export interface DextConfig {
  /** Targets (virtual RAID arrays) to create, ids 0 … targets − 1. */
  readonly targets: number;
  /** What `UserReportMaximumTaskCount` answers. */
  readonly maxTaskCount: number;
  /**
   * The queue each target's `AsyncCreateTargetForID` is dispatched to (by target id), or
   * `'inline'`: `UserStartController` calls `UserCreateTargetForID` itself, on Default.
   */
  readonly createQueues: readonly string[] | 'inline';
  /** `buffer`: copy INQUIRY data through `UserGetDataBuffer`; `dma`: the hardware writes it to `fBufferIOVMAddr`; `none`: neither (§6 answer 3). */
  readonly dataPath: 'buffer' | 'dma' | 'none';
  /** The `version` written into each `SCSIUserParallelResponse` (must be 1, §1.2). */
  readonly responseVersion: number;
  /** Bug: the handler does not advance the ring's consumer index, so the re-read completes the same tasks again. */
  readonly completeTwice: boolean;
  /**
   * Bug: the response's `fControllerTaskIdentifier` is the dext's own command tag, which counts
   * from 1, instead of the kernel's task id (§8.4 "wrong fControllerTaskIdentifier").
   */
  readonly wrongTaskId: boolean;
  /**
   * Bug: `UserReportHighestSupportedDeviceID` answers one less than the highest id it creates
   * (an off-by-one: the count minus 2), so the kernel refuses the last target (§8.8).
   */
  readonly highestIdTooLow: boolean;
  /**
   * What `Stop` (on Default, §3.5) does with the queue that creates target 0: `none` (the
   * kernel never stops the controller here), `async` (dispatches its last block there and
   * returns), or `sync` (the mistake: DispatchSync, waiting for that queue, which may be inside
   * `UserCreateTargetForID`, whose probe needs Default: §7 "do not block Stop", §8.8).
   */
  readonly stop: 'none' | 'async' | 'sync';
  /** Re-read the ring after unmasking interrupts (without it: the `no-ring-recheck` mistake). */
  readonly recheckRing: boolean;
  /**
   * How often the interrupt handler resubmits a command the hardware answered CHECK CONDITION /
   * NOT READY before it completes it to the kernel with that status: 0 (complete it at once),
   * a bound, or `'forever'`.
   */
  readonly notReadyRetries: number | 'forever';
}

/** An entry of the task table: a task the kernel handed over and the hardware has not completed. */
export interface DextTask {
  readonly target: number;
  readonly opcode: number;
  readonly length: number;
  /** `UserGetDataBuffer` returned the task's buffer. */
  readonly buffer: boolean;
  /**
   * How often the handler resubmitted the task after NOT READY. Counted only against a bound:
   * with `notReadyRetries: 'forever'` it stays 0, so a retry loop returns to the state it left.
   */
  readonly retries: number;
}

/** A completion entry the hardware wrote into the ring (host memory). */
export interface RingEntry {
  readonly taskId: number;
  readonly status: number;
}

export interface DextContext {
  readonly config: DextConfig;
  /** The queue the `IOInterruptDispatchSource` is bound to (§4, §8.4): where the interrupt handler runs. */
  readonly interruptQueue: string;
  /** The task table, by `fControllerTaskIdentifier`. */
  readonly tasks: readonly (DextTask | null)[];
  /** The completion ring: entries posted by the hardware, not yet consumed. */
  readonly ring: readonly RingEntry[];
  /** For `createQueues: 'inline'`: how many creates `UserStartController` has made. */
  readonly inlineCreates: number;
}

/** A queue asks the dext to run a work item's handler. */
export type Run = { readonly type: 'Run'; readonly queue: string } & Work;
/** A queue resumes a handler after its synchronous call returned. */
export type Resume = { readonly type: 'Resume'; readonly queue: string; readonly call: Call; readonly ok: boolean } & Work;

type Result = Outcome<DextContext>;

function returns(fx: EffectList, queue: string, value?: number | boolean): EffectList {
  return fx.send(queue, value === undefined ? { type: 'HandlerReturned' } : { type: 'HandlerReturned', value });
}

function calls(fx: EffectList, queue: string, callee: string, call: Call, args: { target?: number; taskId?: number } = {}): EffectList {
  return fx.send(queue, { type: 'HandlerCalls', callee, call, ...args });
}

/** Runs the first piece of a handler. */
export function runHandler(context: DextContext, run: Run): Result {
  const fx = new EffectList();
  const { queue, handler, target } = run;
  const { config } = context;
  switch (handler) {
    case 'UserInitializeController':
      fx.log('UserInitializeController', queue);
      calls(fx, queue, 'kernel', 'UserReportHBAConstraints'); // must happen before this returns (§1.2)
      return { context, effects: fx.list };
    case 'UserReportHighestSupportedDeviceID':
      return { context, effects: returns(fx, queue, config.targets - (config.highestIdTooLow ? 2 : 1)).list };
    case 'UserReportMaximumTaskCount':
      return { context, effects: returns(fx, queue, config.maxTaskCount).list };
    case 'UserStartController':
      fx.log('UserStartController', queue);
      calls(fx, queue, 'hardware', 'UnmaskInterrupts'); // SetEnable(true) on the interrupt source (§4)
      return { context, effects: fx.list };
    case 'UserDoesHBAPerformDeviceManagement':
      return { context, effects: returns(fx, queue, true).list }; // the dext creates its targets itself
    case 'UserDoesHBAPerformAutoSense':
      fx.log('UserDoesHBAPerformAutoSense', queue);
      return { context, effects: returns(fx, queue, true).list };
    case 'UserInitializeTargetForID':
      fx.log(`UserInitializeTargetForID ${target}`, queue);
      return { context, effects: returns(fx, queue, true).list };
    case 'UserDoesHBASupportMultiPathing':
      fx.log('UserDoesHBASupportMultiPathing', queue);
      return { context, effects: returns(fx, queue, false).list };
    case 'UserProcessParallelTask':
      return processParallelTask(context, run, fx);
    case 'AsyncCreateTargetForID':
      fx.log(`Target device try to create for idx:${target}`, queue);
      calls(fx, queue, 'kernel', 'UserCreateTargetForID', { target: target! });
      return { context, effects: fx.list };
    case 'Stop': {
      const createQueue = (config.createQueues as readonly string[])[0]!;
      if (config.stop === 'sync') {
        fx.log(`Stop: waits for ${createQueue} (DispatchSync)`, queue);
        calls(fx, queue, createQueue, 'DispatchSync');
        return { context, effects: fx.list };
      }
      fx.log(`Stop: FinishStop dispatched to ${createQueue}`, queue);
      fx.send(createQueue, { type: 'FinishStop' });
      return { context, effects: returns(fx, queue).list };
    }
    case 'DispatchSync':
    case 'FinishStop':
      fx.log('FinishStop', queue);
      return { context, effects: returns(fx, queue).list };
    case 'InterruptOccurred': {
      const drained = drainRing(context, queue, fx, !config.completeTwice);
      // The register write with read-back happens on the handler's thread, after the drain:
      // the kernel may already have issued (and the hardware completed) the next command.
      calls(fx, queue, 'hardware', 'UnmaskInterrupts');
      return { context: drained, effects: fx.list };
    }
  }
}

/** Runs the next piece of a handler whose synchronous call returned. */
export function resumeHandler(context: DextContext, resume: Resume): Result {
  const fx = new EffectList();
  const { queue, handler, ok } = resume;
  const { config } = context;
  switch (handler) {
    case 'UserStartController':
      if (resume.call === 'UnmaskInterrupts') {
        if (config.createQueues === 'inline') return createInline(context, queue, fx);
        config.createQueues.forEach((createQueue, target) => fx.send(createQueue, { type: 'AsyncCreateTargetForID', target }));
        return { context, effects: returns(fx, queue).list };
      }
      fx.log(ok ? `Target device created for idx:${context.inlineCreates - 1}` : `Target device creation failed for idx:${context.inlineCreates - 1}`, queue);
      return createInline(context, queue, fx);
    case 'AsyncCreateTargetForID':
      fx.log(ok ? `Target device created for idx:${resume.target}` : `Target device creation failed for idx:${resume.target}`, queue);
      return { context, effects: returns(fx, queue).list };
    case 'UserProcessParallelTask': {
      // The handler's own arguments (its stack), not the table: a buggy handler elsewhere may have freed the entry.
      const { taskId, opcode } = resume as Required<Resume>;
      const next = { ...context, tasks: context.tasks.map((t, id) => (id === taskId && t ? { ...t, buffer: ok } : t)) };
      fx.send('hardware', { type: 'PostCommand', taskId, opcode });
      return { context: next, effects: returns(fx, queue, REQUEST_IN_PROCESS).list };
    }
    case 'InterruptOccurred': {
      // Completions posted while interrupts were masked raised no MSI: only a re-read finds them.
      fx.log('Interrupts enabled', queue);
      const next = config.recheckRing ? drainRing(context, queue, fx, true) : context;
      return { context: next, effects: returns(fx, queue).list };
    }
    default:
      // UserInitializeController after UserReportHBAConstraints; Stop after its DispatchSync.
      return { context, effects: returns(fx, queue).list };
  }
}

/** The hardware wrote a completion entry into the ring. */
export function completionPosted(context: DextContext, entry: RingEntry): Result {
  return { context: { ...context, ring: [...context.ring, entry] }, effects: [] };
}

/** The `create-on-default-queue` mistake: `UserStartController` creates each target synchronously, on Default (§8.8). */
function createInline(context: DextContext, queue: string, fx: EffectList): Result {
  const target = context.inlineCreates;
  if (target >= context.config.targets) return { context, effects: returns(fx, queue).list };
  fx.log(`Target device try to create for idx:${target}`, queue);
  calls(fx, queue, 'kernel', 'UserCreateTargetForID', { target });
  return { context: { ...context, inlineCreates: target + 1 }, effects: fx.list };
}

function processParallelTask(context: DextContext, run: Run, fx: EffectList): Result {
  const { queue, target, taskId, opcode, length } = run as Required<Run>;
  const task: DextTask = { target, opcode, length, buffer: false, retries: 0 };
  const next = { ...context, tasks: context.tasks.map((t, id) => (id === taskId ? task : t)) };
  fx.log(describeSend(opcode, target, length), queue);
  if (isDataIn(opcode, length) && context.config.dataPath === 'buffer') {
    // A CPU mapping of the task's buffer, to copy the INQUIRY data into (§1.2, §6 answer 3).
    calls(fx, queue, 'kernel', 'UserGetDataBuffer', { target, taskId });
    return { context: next, effects: fx.list };
  }
  fx.send('hardware', { type: 'PostCommand', taskId, opcode });
  return { context: next, effects: returns(fx, queue, REQUEST_IN_PROCESS).list };
}

/**
 * Completes every task in the ring with `ParallelTaskCompletion` (async, §1.2), or resubmits a
 * task the hardware answered NOT READY while its retries last (`notReadyRetries`). When
 * `consume` is false (the `completeTwice` bug) the consumer index is not advanced: the entries
 * and their tasks stay, and the next read completes them again.
 */
function drainRing(context: DextContext, queue: string, fx: EffectList, consume: boolean): DextContext {
  const retried = new Map<number, DextTask>();
  for (const { taskId, status } of context.ring) {
    const task = context.tasks[taskId];
    if (!task) {
      fx.log(`Completion for unknown task ${taskId} ignored`, queue);
      continue;
    }
    if (status === CHECK_CONDITION && mayRetry(context.config, task)) {
      // Resubmitted from the handler: the kernel does not see this answer, and waits on.
      fx.log(describeRetry(task.opcode, task.target), queue);
      fx.send('hardware', { type: 'PostCommand', taskId, opcode: task.opcode });
      retried.set(taskId, context.config.notReadyRetries === 'forever' ? task : { ...task, retries: task.retries + 1 });
      continue;
    }
    if (status === CHECK_CONDITION && task.retries > 0) fx.log(describeGiveUp(task.opcode, task.target, task.retries), queue);
    fx.log(describeCompletion(task.opcode, task.target, task.length, status), queue);
    fx.send('kernel', buildResponse(context.config, taskId, task, status));
  }
  if (!consume) return context;
  const drained = new Set(context.ring.map((entry) => entry.taskId));
  return { ...context, ring: [], tasks: context.tasks.map((t, id) => retried.get(id) ?? (drained.has(id) ? null : t)) };
}

/** Whether the handler resubmits a task the hardware answered NOT READY, rather than complete it. */
function mayRetry(config: DextConfig, task: DextTask): boolean {
  return config.notReadyRetries === 'forever' || task.retries < config.notReadyRetries;
}

/**
 * The `SCSIUserParallelResponse` of a completed task (§2, §6 answer 3): `version` as
 * configured, TASK_COMPLETE with the hardware's status (SERVICE_DELIVERY_OR_TARGET_FAILURE for a
 * device that is gone), and `fBytesTransferred` only when the data reached the task's buffer.
 */
export function buildResponse(config: DextConfig, taskId: number, task: DextTask, status: number): ParallelTaskCompletion {
  const delivered = isDataIn(task.opcode, task.length) && status === GOOD && (task.buffer || config.dataPath === 'dma');
  return {
    type: 'ParallelTaskCompletion',
    version: config.responseVersion,
    fTargetID: task.target,
    fControllerTaskIdentifier: config.wrongTaskId ? taskId + 1 : taskId,
    fServiceResponse: status === DEVICE_NOT_PRESENT ? SERVICE_DELIVERY_OR_TARGET_FAILURE : TASK_COMPLETE,
    fCompletionStatus: status,
    fBytesTransferred: delivered ? task.length : 0,
  };
}
