/**
 * Apple's SCSIControllerDriverKit: a Thunderbolt RAID controller's dext creates one SCSI
 * target per virtual RAID array with `UserCreateTargetForID`, and the kernel probes each target
 * with TEST UNIT READY and three INQUIRY commands through `UserProcessParallelTask`, completed by
 * the dext's interrupt handler with `ParallelTaskCompletion`. The call returns only when the
 * whole probe has completed. Facts and sources: research/driverkit-scsi.md §1–3 and §8 (§8.8 is
 * the catalogue of mistakes reproduced here, §4.1 the conflict made a switch).
 *
 * Actors: the dext's dispatch queues (`DefaultQueue`, `AuxiliaryQueue` when registered,
 * `InterruptQueue` when the interrupt source has a queue of its own, `TargetQueue<n>` when
 * targets are created from private queues), the `kernel` SCSI framework, the `dext` (driver code
 * and memory) and the RAID `hardware`.
 *
 * Besides the invariants, two liveness properties, under weak fairness per actor: every task
 * the kernel issues is completed (`everyTaskCompletes`) and every `UserCreateTargetForID`
 * returns (`everyCreateReturns`). A dext that resubmits a command the array answers NOT READY
 * without bound breaks the first (`retry-forever-on-not-ready`, a lasso whose cycle is the
 * retry loop: fairness per actor makes the hardware step, not succeed); one that gives up after
 * a bound keeps both (`retry-bounded`). Liveness needs the whole state graph, so it turns
 * symmetry and partial-order reduction off: `--set liveness=false` checks safety only.
 *
 * Every switch is a plain parameter, so configurations combine: e.g.
 * `--config correct --set targets=3 --set dataPath=dma --set liveness=false`.
 */
import { always, reachable, defineModel, defineSystem, forEach, leadsTo, ModelError, type ActorDefinition, type StateView } from '../src/index.ts';
import type { DextConfig } from '../machines/dextHandlers.ts';
import { dispatchQueue } from '../machines/dispatchQueue.ts';
import type { Probe } from '../machines/kernelProbe.ts';
import { raidHardware } from '../machines/raidHardware.ts';
import { scsiDext } from '../machines/scsiDext.ts';
import { scsiKernel } from '../machines/scsiKernel.ts';
import { isCreating, isInFlight, tasksInFlight } from '../machines/scsiLiveness.ts';
import { AUXILIARY_QUEUE, DEFAULT_QUEUE, INTERRUPT_QUEUE, targetQueue } from '../machines/scsiProtocol.ts';
import { targetSymmetry } from '../machines/scsiSymmetry.ts';

/** The switches of the model, with the values of a correctly built dext. */
export const scsiParameters = {
  /** Targets created concurrently, ids 0 … targets − 1. */
  targets: 1,
  /** Which queue calls `UserCreateTargetForID`: `private` (one `TargetQueue<n>` per target), `aux` (AuxiliaryQueue, Apple's sample), `default` (inside `UserStartController`, on Default). */
  createQueue: 'private',
  /** The dext created AuxiliaryQueue and registered it with `SetDispatchQueue` (§4, §8.3). Without it, aux-bound handlers run on Default. */
  auxRegistered: true,
  /** The queue of the interrupt source: `interrupt` (its own InterruptQueue), `create` (the queue that calls `UserCreateTargetForID`), `default` (Default, as QLE2560 does, §5). */
  interruptQueue: 'interrupt',
  /** The `version` of each `SCSIUserParallelResponse`; the kernel drops any but 1 (§1.2). */
  responseVersion: 1,
  /** How INQUIRY data reaches the task's buffer: `buffer` (`UserGetDataBuffer`), `dma` (the hardware writes it), `none` (§6 answer 3). */
  dataPath: 'buffer',
  /** Bug: the interrupt handler completes each task twice (it does not advance the ring's consumer index). */
  completeTwice: false,
  /** Bug: each completion names the dext's own command tag (counting from 1), not the kernel's task id (§8.4). */
  wrongTaskId: false,
  /** Bug: the highest supported target id is reported one too low, so the kernel refuses the last target (§8.8). */
  highestIdTooLow: false,
  /** The interrupt handler re-reads the ring after unmasking interrupts. */
  recheckRing: true,
  /** What `UserReportMaximumTaskCount` answers: the slots of the kernel's task pool (§8.1). */
  maxTaskCount: 4,
  /** §4.1 [CONFLICT]: the framework routes each `UserCreateTargetForID` through AuxiliaryQueue (ASFW's reading); false is Apple's sample and QLE2560. */
  createRoutedThroughAux: false,
  /** Hardware fault: TEST UNIT READY may answer CHECK CONDITION / NOT READY (§7). */
  notReady: false,
  /**
   * Teardown (§3.5): `none`, or the kernel may call `Stop` at any time after start, and Stop
   * dispatches its last block to the create queue (`async`) or waits for it with DispatchSync
   * (`sync`, the mistake: the create queue may be inside UserCreateTargetForID, §8.8).
   */
  stop: 'none',
  /** Hardware fault: the array may be unplugged mid-probe; its commands then fail with DeviceNotPresent (§8.7). */
  unplug: false,
  /**
   * How often the dext resubmits a command the hardware answered NOT READY before it completes it
   * with CHECK CONDITION: a whole number, or `forever` (a string, so `--set notReadyRetries=2`
   * and `--set notReadyRetries=forever` both work). 0 completes it at once (§7, §8.7).
   */
  notReadyRetries: '0',
  /**
   * Check the liveness properties `everyTaskCompletes` and `everyCreateReturns`. They need the
   * state graph (the exact store, no symmetry or partial-order reduction); `--set
   * liveness=false` checks safety only, with the reductions, on more targets.
   */
  liveness: true,
};

export type ScsiParameters = {
  [K in keyof typeof scsiParameters]: (typeof scsiParameters)[K] extends number ? number : (typeof scsiParameters)[K] extends boolean ? boolean : string;
};

function choose<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ModelError(`scsi-target-creation: parameter '${name}' is one of ${allowed.join(', ')}; got '${value}'`);
  }
  return value as T;
}

function retriesOf(value: string): number | 'forever' {
  if (value === 'forever') return value;
  if (!/^\d+$/.test(String(value))) throw new ModelError(`scsi-target-creation: parameter 'notReadyRetries' is a whole number or 'forever'; got '${value}'`);
  return Number(value);
}

/**
 * The liveness properties (machines/scsiLiveness.ts), checked under weak fairness per actor.
 * `everyTaskCompletes` comes first: when a task never completes, its create never returns
 * either, and the task is the cause.
 */
function livenessProperties(targets: number, stop: string) {
  const ids = Array.from({ length: targets }, (_, target) => ({ target }));
  const stopping = (s: StateView) => s.actor('kernel').context.teardown === 'stopping';
  return {
    /** Every task the kernel issues (a probe command, per target) is eventually completed: its completion accepted. */
    everyTaskCompletes: forEach(tasksInFlight, (task) => leadsTo((s) => isInFlight(s, task), (s) => !isInFlight(s, task))),
    /** Every `UserCreateTargetForID` eventually returns to the queue that called it, whether the target was created or not. */
    everyCreateReturns: forEach(() => ids, ({ target }) => leadsTo((s) => isCreating(s, target), (s) => !isCreating(s, target))),
    /** With teardown: every `Stop` the kernel calls returns. */
    ...(stop !== 'none' ? { everyStopReturns: leadsTo(stopping, (s) => !stopping(s)) } : {}),
  };
}

/** Builds the actors of one configuration: which queues exist, and what is bound to which. */
export function scsiSystem(p: ScsiParameters) {
  const { targets, maxTaskCount } = p;
  if (!Number.isInteger(targets) || targets < 1 || targets > 8) throw new ModelError(`scsi-target-creation: targets is 1 … 8; got ${targets}`);
  if (!Number.isInteger(maxTaskCount) || maxTaskCount < 1) throw new ModelError(`scsi-target-creation: maxTaskCount must be ≥ 1 (§8.6); got ${maxTaskCount}`);
  const createQueue = choose('createQueue', p.createQueue, ['private', 'aux', 'default'] as const);
  const interruptQueue = choose('interruptQueue', p.interruptQueue, ['interrupt', 'create', 'default'] as const);
  const dataPath = choose('dataPath', p.dataPath, ['buffer', 'dma', 'none'] as const);
  const notReadyRetries = retriesOf(p.notReadyRetries);
  const stop = choose('stop', p.stop, ['none', 'async', 'sync'] as const);
  if (stop !== 'none' && createQueue === 'default') throw new ModelError(`scsi-target-creation: stop=${stop} needs a create queue (createQueue private or aux), not createQueue=default`);

  // §4: a handler bound to a queue that was never registered runs on Default.
  const aux = p.auxRegistered ? AUXILIARY_QUEUE : DEFAULT_QUEUE;
  const createQueues: string[] | 'inline' =
    createQueue === 'private' ? Array.from({ length: targets }, (_, t) => targetQueue(t)) : createQueue === 'aux' ? Array.from({ length: targets }, () => aux) : 'inline';
  const interruptOn =
    interruptQueue === 'interrupt' ? INTERRUPT_QUEUE : interruptQueue === 'default' ? DEFAULT_QUEUE : createQueues === 'inline' ? DEFAULT_QUEUE : createQueues[0]!;

  const queues = new Set<string>([DEFAULT_QUEUE]);
  if (p.auxRegistered) queues.add(AUXILIARY_QUEUE);
  if (interruptQueue === 'interrupt') queues.add(INTERRUPT_QUEUE);
  if (createQueues !== 'inline') for (const q of createQueues) queues.add(q);

  const config: DextConfig = {
    targets,
    maxTaskCount,
    createQueues,
    dataPath,
    responseVersion: p.responseVersion,
    completeTwice: p.completeTwice,
    wrongTaskId: p.wrongTaskId,
    highestIdTooLow: p.highestIdTooLow,
    stop,
    recheckRing: p.recheckRing,
    notReadyRetries,
  };
  const queueNames = [...queues];
  const actors: Record<string, ActorDefinition> = {};
  // Queues first: a wait-for cycle is reported from the first stuck actor, so it reads from the queue.
  // `sendsTo` lets partial-order reduction tell independent steps apart (README, "Scaling up").
  // With stop=sync, Default's Stop waits for the first create queue (DispatchSync), which answers it.
  const stopSync = stop === 'sync' && createQueues !== 'inline' ? { waiter: DEFAULT_QUEUE, waited: createQueues[0]! } : undefined;
  for (const name of queues) {
    const blocks = name === DEFAULT_QUEUE ? 3 * targets : 2 * targets; // upcalls, create blocks, routed dispatches
    // Every queue runs handlers in the dext; all but InterruptQueue return upcalls or call the
    // kernel; Default (UserStartController) and the interrupt queue unmask the hardware's interrupts.
    const sendsTo = [
      'dext',
      ...(name === INTERRUPT_QUEUE ? [] : ['kernel']),
      ...(name === DEFAULT_QUEUE || name === interruptOn ? ['hardware'] : []),
      ...(stopSync && name === stopSync.waiter ? [stopSync.waited] : []),
      ...(stopSync && name === stopSync.waited ? [stopSync.waiter] : []),
    ];
    actors[name] = { machine: dispatchQueue, input: { name }, capacity: blocks + 4, sendsTo };
  }
  actors.kernel = {
    machine: scsiKernel,
    input: { routeVia: p.createRoutedThroughAux ? aux : null, terminates: stop !== 'none' },
    capacity: 4 * targets + 2 * maxTaskCount + 4,
    sendsTo: queueNames,
  };
  actors.dext = {
    machine: scsiDext,
    input: { config, interruptQueue: interruptOn },
    capacity: queues.size + maxTaskCount + 2,
    sendsTo: [...queueNames, 'kernel', 'hardware'],
  };
  actors.hardware = {
    machine: raidHardware,
    input: { interruptQueue: interruptOn, notReady: p.notReady, unplug: p.unplug },
    capacity: maxTaskCount + 4,
    // Completions to the dext's ring, MSIs to the interrupt queue, read-backs to the queues that unmask.
    sendsTo: [...new Set(['dext', DEFAULT_QUEUE, interruptOn])],
  };
  return defineSystem({ actors });
}

export default defineModel({
  name: 'scsi-target-creation',
  description:
    "SCSIControllerDriverKit target creation: UserCreateTargetForID, the kernel's probe (TEST UNIT READY, INQUIRY 6/44/36) through UserProcessParallelTask, and ParallelTaskCompletion from the interrupt handler.",
  parameters: scsiParameters,
  configurations: {
    correct: {
      description: 'create from a private queue, version 1, INQUIRY data through UserGetDataBuffer, interrupts on InterruptQueue',
      expect: 'pass',
    },
    'correct-aux': {
      description: "create from AuxiliaryQueue (Apple's sample; §4.1 Apple's reading)",
      parameters: { createQueue: 'aux' },
      expect: 'pass',
    },
    'correct-dma': {
      description: 'as correct, but the hardware writes INQUIRY data by DMA (no UserGetDataBuffer)',
      parameters: { dataPath: 'dma' },
      expect: 'pass',
    },
    'correct-routed': {
      description: "create from a private queue under ASFW's reading of §4.1 (the framework routes the create through AuxiliaryQueue): still safe",
      parameters: { createRoutedThroughAux: true },
      expect: 'pass',
    },
    'create-on-default-queue': {
      description: 'UserStartController calls UserCreateTargetForID on Default: the kernel calls back on Default (§8.8)',
      parameters: { createQueue: 'default' },
      expect: 'deadlock',
    },
    'missing-response-version': {
      description: 'the response has version 0: the kernel drops the completion of TEST UNIT READY (§6)',
      parameters: { responseVersion: 0 },
      expect: 'deadlock',
    },
    'inquiry-without-data-buffer': {
      description: 'INQUIRY completes GOOD without data (no UserGetDataBuffer, no DMA): the probe fails (§6 answer 3)',
      parameters: { dataPath: 'none' },
      expect: { verdict: 'invariant', property: 'targetsHaveInquiryData' },
    },
    'interrupts-on-create-queue': {
      description: 'two queues: the interrupt source shares AuxiliaryQueue, which calls UserCreateTargetForID (§8.4, §8.8)',
      parameters: { createQueue: 'aux', interruptQueue: 'create' },
      expect: 'deadlock',
    },
    'aux-queue-not-registered': {
      description: 'the create handler is bound to AuxiliaryQueue, which was never registered: it runs on Default (§4, §8.8)',
      parameters: { createQueue: 'aux', auxRegistered: false },
      expect: 'deadlock',
    },
    'aux-create-routed-through-aux': {
      description: "create from AuxiliaryQueue under ASFW's reading of §4.1: the framework needs AuxiliaryQueue, which is blocked in the call",
      parameters: { createQueue: 'aux', createRoutedThroughAux: true },
      expect: 'deadlock',
    },
    'double-completion': {
      description: 'the interrupt handler completes each task twice (the ring consumer index is not advanced)',
      parameters: { completeTwice: true },
      expect: { verdict: 'invariant', property: 'completedOnce' },
    },
    'wrong-task-identifier': {
      description:
        "each completion names the dext's own command tag (counting from 1), not the kernel's fControllerTaskIdentifier: the kernel drops it as an unknown task, and TEST UNIT READY never completes (§8.4)",
      parameters: { wrongTaskId: true },
      expect: 'deadlock',
    },
    'highest-id-too-low': {
      description: "UserReportHighestSupportedDeviceID answers one less than the highest target id: the kernel refuses that target's UserCreateTargetForID (§8.8)",
      parameters: { highestIdTooLow: true },
      expect: { verdict: 'invariant', property: 'targetsHaveInquiryData' },
    },
    'stop-waits-for-create': {
      description:
        'Stop, on Default, waits with DispatchSync for the create queue, which may be inside UserCreateTargetForID, whose probe needs Default: Default → TargetQueue0 → kernel → Default (§3.5, §8.8)',
      parameters: { stop: 'sync' },
      expect: 'deadlock',
    },
    'stop-async': {
      description: 'as stop-waits-for-create, but Stop dispatches its last block to the create queue and returns: the controller stops whenever the kernel asks, creates in flight or not',
      parameters: { stop: 'async' },
      expect: 'pass',
    },
    'no-ring-recheck': {
      description: 'after unmasking interrupts the handler does not re-read the ring: a completion posted while masked is never delivered',
      parameters: { recheckRing: false },
      expect: 'deadlock',
    },
    'retry-forever-on-not-ready': {
      description: 'the array may answer TEST UNIT READY with NOT READY any number of times, and the dext resubmits it without bound: the task need never complete (§7, §8.7)',
      parameters: { notReady: true, notReadyRetries: 'forever' },
      expect: { verdict: 'liveness', property: 'everyTaskCompletes' },
    },
    'hot-unplug': {
      description:
        'the array may be unplugged mid-probe: its commands then complete with DeviceNotPresent, so every create still returns (without a target) and every task completes (§7, §8.7)',
      parameters: { unplug: true },
      expect: 'pass',
    },
    'retry-bounded': {
      description: 'as retry-forever-on-not-ready, but the dext gives up after 2 resubmissions and completes the task with CHECK CONDITION, which the probe counts as present',
      parameters: { notReady: true, notReadyRetries: '2' },
      expect: 'pass',
    },
  },
  system: (parameters) => scsiSystem(parameters as ScsiParameters),
  properties: ({ targets, liveness, unplug, stop }) => ({
    /** Every task the kernel issued is completed at most once: no completion arrives for a task already completed (§8.6). */
    completedOnce: always((s) => s.actor('kernel').context.doubleCompletions === 0, { reads: ['kernel'] }),
    /**
     * Every `UserCreateTargetForID` that returned created its target, and the target received
     * valid INQUIRY data (a create that returns because the probe failed, or was refused, breaks
     * it) — unless the array was unplugged, which fails the probe.
     */
    targetsHaveInquiryData: always((s) => {
      const kernel = s.actor('kernel').context;
      if (kernel.rejected.length > 0) return false;
      const gone = unplug && s.actor('hardware').context.unplugged;
      return (kernel.probes as (Probe | null)[]).every((p) => !p || p.outcome === 'probing' || (p.outcome === 'created' && p.inquiry) || (p.outcome === 'failed' && gone));
    }, { reads: unplug ? ['kernel', 'hardware'] : ['kernel'] }),
    /** Every target is created with its INQUIRY data in some run: the properties above do not hold by creating none. */
    everyTargetCreated: reachable((s) => {
      const probes = s.actor('kernel').context.probes as (Probe | null)[];
      return probes.filter((p) => p?.outcome === 'created' && p.inquiry).length === targets;
    }, { reads: ['kernel'] }),
    /** With unplug: a create returns without its target because the array is gone (the path the configuration is about). */
    /** With stop: the controller gets stopped — Stop called and returned (the teardown path the configuration is about). */
    ...(stop !== 'none' ? { controllerStopped: reachable((s) => s.actor('kernel').context.teardown === 'stopped', { reads: ['kernel'] }) } : {}),
    ...(unplug ? { unplugFailsACreate: reachable((s) => (s.actor('kernel').context.probes as (Probe | null)[]).some((p) => p?.outcome === 'failed'), { reads: ['kernel'] }) } : {}),
    ...(liveness ? livenessProperties(targets, stop) : {}),
  }),
  /** Targets created from private queues are interchangeable (see machines/scsiSymmetry.ts). */
  symmetry: (parameters) => targetSymmetry(parameters),
});
