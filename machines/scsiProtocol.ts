/**
 * The vocabulary shared by the SCSIControllerDriverKit actors: queue names, the upcalls the
 * kernel makes into the dext, the downcalls the dext makes into the kernel, the SCSI commands
 * of the target probe, and the fields of `SCSIUserParallelResponse`.
 *
 * Facts and sources: research/driverkit-scsi.md §1 (the API), §2 (structs and enums),
 * §3.1–3.2 (controller start, target creation and probe), §7 (SCSI basics).
 */

/** The queue DriverKit creates for every service; every upcall without QUEUENAME runs here (§1, §4). */
export const DEFAULT_QUEUE = 'DefaultQueue';
/** The queue named by `UserCreateTargetForID … QUEUENAME(AuxiliaryQueue)` (§1, §8.3). */
export const AUXILIARY_QUEUE = 'AuxiliaryQueue';
/** The dext's queue for its `IOInterruptDispatchSource` (§4, §8.4). */
export const INTERRUPT_QUEUE = 'InterruptQueue';

/** The private queue that creates target `target` (a "lifecycle" / "targetOps" queue, §5, §8.5). */
export function targetQueue(target: number): string {
  return `TargetQueue${target}`;
}

/**
 * The upcalls of controller start, in the order the kernel makes them (§3.1). The shim's exact
 * order is not public (§3.1 step 6 is an inference too). The HBA-wide questions
 * (`UserDoesHBAPerformDeviceManagement`, `UserDoesHBAPerformAutoSense`: neither takes a target)
 * are asked here, before `UserStartController`, and cached for every target: so the order the
 * Q&A observed, AutoSense → InitializeTarget → MultiPathing → TEST UNIT READY (§3.2), holds in
 * every run, and a create made from Default finds `UserInitializeTargetForID` stuck (§8.8).
 */
export const START_UPCALLS = [
  'UserInitializeController',
  'UserReportHighestSupportedDeviceID',
  'UserReportMaximumTaskCount',
  'UserDoesHBAPerformDeviceManagement',
  'UserDoesHBAPerformAutoSense',
  'UserStartController',
] as const;

/** The upcalls the kernel makes while it creates one target (§3.2). */
export const TARGET_UPCALLS = ['UserInitializeTargetForID', 'UserDoesHBASupportMultiPathing', 'UserProcessParallelTask'] as const;

/** Teardown (§3.5): `IOService::Stop`, on Default, while creates may still be in flight. */
export const STOP = 'Stop';

export type StartUpcall = (typeof START_UPCALLS)[number];
export type TargetUpcall = (typeof TARGET_UPCALLS)[number];
export type Upcall = StartUpcall | TargetUpcall | typeof STOP;

/** Whether a work item is a synchronous upcall from the kernel (the queue returns its value to the kernel). */
export function isUpcall(type: string): type is Upcall {
  return (START_UPCALLS as readonly string[]).includes(type) || (TARGET_UPCALLS as readonly string[]).includes(type) || type === STOP;
}

/** SCSI operation codes of the probe (§7). */
export const TEST_UNIT_READY = 0x00;
export const INQUIRY = 0x12;

/** One SCSI command of the probe: its opcode and allocation (transfer) length. */
export interface ProbeCommand {
  readonly opcode: number;
  readonly length: number;
}

/**
 * The virtual RAID disk's standard INQUIRY data has ADDITIONAL LENGTH 39, so the second
 * INQUIRY asks for 39 + 5 = 44 bytes, as in the kext log of the original report (§3.2).
 */
export const INQUIRY_ADDITIONAL_LENGTH = 39;
/** Bytes of standard INQUIRY data with vendor, product and revision (§7). */
export const STANDARD_INQUIRY_LENGTH = 36;

/**
 * The probe of a new target (§3.2 d, kext log of §3.2): TEST UNIT READY, INQUIRY of 6 bytes
 * (the header), INQUIRY of ADDITIONAL LENGTH + 5 bytes, and the INQUIRY of 36 bytes of the
 * later stage.
 */
export const PROBE_COMMANDS: readonly ProbeCommand[] = [
  { opcode: TEST_UNIT_READY, length: 0 },
  { opcode: INQUIRY, length: 6 },
  { opcode: INQUIRY, length: INQUIRY_ADDITIONAL_LENGTH + 5 },
  { opcode: INQUIRY, length: STANDARD_INQUIRY_LENGTH },
];

/** Attempts per probe command: `kTURMaxRetries` = 1 retry of TEST UNIT READY, `kMaxInquiryAttempts` = 2 (§3.2). */
export const PROBE_ATTEMPTS = 2;

/** Whether a command moves data from the target to the initiator (`fTransferDirection` 2, §2). */
export function isDataIn(opcode: number, length: number): boolean {
  return opcode === INQUIRY && length > 0;
}

/** `kScsiUserParallelTaskResponseCurrentVersion1`: any other `version` makes the kernel drop the response (§1.2, §2). */
export const RESPONSE_VERSION = 1;

/** `SCSIServiceResponse` values used here (§2). */
export const SERVICE_DELIVERY_OR_TARGET_FAILURE = 1;
export const TASK_COMPLETE = 2;
/** `kSCSIServiceResponse_Request_In_Process`: what `UserProcessParallelTask` returns (§1.1). */
export const REQUEST_IN_PROCESS = 0;

/** `SCSITaskStatus` values used here (§2). */
export const GOOD = 0x00;
export const CHECK_CONDITION = 0x02;
/** Apple's status with SERVICE_DELIVERY_OR_TARGET_FAILURE for a device that is gone (§2). */
export const DEVICE_NOT_PRESENT = 0x04;

/** The `SCSIUserParallelResponse` fields the model carries (§2), sent with `ParallelTaskCompletion`. */
export interface ParallelTaskCompletion {
  readonly type: 'ParallelTaskCompletion';
  readonly version: number;
  readonly fTargetID: number;
  readonly fControllerTaskIdentifier: number;
  readonly fServiceResponse: number;
  readonly fCompletionStatus: number;
  readonly fBytesTransferred: number;
}

/**
 * A work item a dispatch queue runs: an upcall from the kernel, an async block the dext
 * dispatched (`AsyncCreateTargetForID`, Apple's OSAction handler of §1.2), or the action of the
 * interrupt source (`InterruptOccurred`, §4).
 */
export interface Work {
  /** `DispatchSync`: a block another queue's handler waits for (§4); `FinishStop`: one it does not wait for. */
  readonly handler: Upcall | 'AsyncCreateTargetForID' | 'InterruptOccurred' | 'DispatchSync' | 'FinishStop';
  /** For `DispatchSync`: the queue waiting for the block to finish. */
  readonly from?: string;
  readonly target?: number;
  readonly taskId?: number;
  readonly opcode?: number;
  readonly length?: number;
}

/**
 * A synchronous call a handler makes through its queue: a downcall to the kernel (§1.2), the
 * hardware's interrupt-unmask register write, read back to be sure it took effect, or a
 * `DispatchSync` onto another queue (§4: it waits for the block to finish).
 */
export type Call = 'UserReportHBAConstraints' | 'UserCreateTargetForID' | 'UserGetDataBuffer' | 'UnmaskInterrupts' | 'DispatchSync';

/** A probe command as the kernel's log lines and the liveness properties name it: `TEST UNIT READY`, `INQUIRY (6 bytes)`. */
export function describeCommand(command: ProbeCommand): string {
  return command.opcode === INQUIRY ? `INQUIRY (${command.length} bytes)` : 'TEST UNIT READY';
}

/** The log line of a command the dext resubmits because the hardware answered CHECK CONDITION / NOT READY (§7). */
export function describeRetry(opcode: number, target: number): string {
  return `Retry command ${opcode} for target ${target} (NOT READY)`;
}

/** The log line of a command the dext stops resubmitting: it completes it with the CHECK CONDITION the hardware answered. */
export function describeGiveUp(opcode: number, target: number, retries: number): string {
  return `Give up command ${opcode} for target ${target} after ${retries} ${retries === 1 ? 'retry' : 'retries'} (NOT READY)`;
}

/** The log line of a SCSI command sent to the hardware, as in the kext log of the original report. */
export function describeSend(opcode: number, target: number, length: number): string {
  return `Send command ${opcode} for target ${target} len ${length}`;
}

/** The log line of a completed SCSI command, as in the kext log of the original report. */
export function describeCompletion(opcode: number, target: number, length: number, status: number): string {
  return `Complete command: ${opcode} for target: ${target} Len: ${length} status: ${status}`;
}
