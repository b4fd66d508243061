/**
 * The Thunderbolt RAID controller (research/driverkit-scsi.md §8.7): a command ring of posted
 * commands, which it completes in any order; each completion is written by DMA into the
 * completion ring in host memory (the dext's memory), then signalled by an MSI interrupt (only
 * MSI is supported for PCI, §4) to the queue the dext bound its interrupt source to.
 *
 * Interrupts coalesce: raising an MSI masks the controller's interrupt until the handler
 * acknowledges it and unmasks (a register write it reads back); completions meanwhile raise
 * none — the handler finds them in the ring. The mask is the controller's own register, not
 * MSI-X per-vector masking: a completion posted while it is masked raises no interrupt when it
 * is unmasked again — so a handler must re-read the ring after unmasking (the `no-ring-recheck`
 * mistake, §8.4 "lost completion"). Interrupts start masked; `UserStartController` unmasks them
 * (`SetEnable(true)`, §4).
 *
 * Optional faults (off in the scenarios of issue 3): NOT READY (a spinning-up array answers
 * TEST UNIT READY with CHECK CONDITION, sense key NOT READY, §7) and unplug (the array is gone:
 * every outstanding and later command completes with DeviceNotPresent, §7 "hot unplug", §8.7).
 * NOT READY is a choice beside GOOD each time a TEST UNIT READY is outstanding, resubmitted or
 * not: the array may stay not ready for any number of answers, and may always become ready.
 */
import { and, assign, setup } from 'xstate';
import { log, send } from '../src/index.ts';
import { CHECK_CONDITION, DEVICE_NOT_PRESENT, GOOD, TEST_UNIT_READY } from './scsiProtocol.ts';

export interface RaidHardwareInput {
  /** The queue the dext's `IOInterruptDispatchSource` is bound to: where MSIs are delivered. */
  interruptQueue: string;
  /** Fault: the hardware may answer TEST UNIT READY with CHECK CONDITION / NOT READY. */
  notReady: boolean;
  /** Fault: the array may be unplugged while commands are outstanding. */
  unplug: boolean;
}

/** A command on the command ring: its slot (the dext's `fControllerTaskIdentifier`) and opcode. */
export interface PostedCommand {
  taskId: number;
  opcode: number;
}

export interface RaidHardwareContext extends RaidHardwareInput {
  /** Posted commands not yet completed. */
  outstanding: PostedCommand[];
  /** No MSI can be raised: after reset, and from raising one until the handler unmasks. */
  masked: boolean;
  /** The array was unplugged. */
  unplugged: boolean;
}

export type RaidHardwareEvent =
  /** From the dext (MMIO doorbell): a command is on the command ring. */
  | { type: 'PostCommand'; taskId: number; opcode: number }
  /** From a queue (MMIO write with read-back, synchronous): acknowledge and unmask interrupts. */
  | { type: 'UnmaskInterrupts'; from: string }
  /** Environment choice: the firmware completes an outstanding command (status GOOD, or NOT READY). */
  | { type: 'Complete'; taskId: number; status: number }
  /** Environment choice: the array is unplugged. */
  | { type: 'Unplug' };

function opcodeOf(context: RaidHardwareContext, event: RaidHardwareEvent): number | undefined {
  return context.outstanding.find((c) => c.taskId === (event as { taskId: number }).taskId)?.opcode;
}

function choicesOf(context: RaidHardwareContext) {
  const choices: RaidHardwareEvent[] = [];
  for (const command of context.outstanding) {
    const status = context.unplugged ? DEVICE_NOT_PRESENT : GOOD;
    choices.push({ type: 'Complete', taskId: command.taskId, status });
    if (context.notReady && !context.unplugged && command.opcode === TEST_UNIT_READY) {
      choices.push({ type: 'Complete', taskId: command.taskId, status: CHECK_CONDITION });
    }
  }
  if (context.unplug && !context.unplugged) choices.push({ type: 'Unplug' });
  return choices;
}

/** The RAID controller machine: one state, `operating`, whose choices are its completions. */
export const raidHardware = setup({
  types: {
    input: {} as RaidHardwareInput,
    context: {} as RaidHardwareContext,
    events: {} as RaidHardwareEvent,
  },
  guards: {
    isOutstanding: ({ context, event }) => event.type === 'Complete' && context.outstanding.some((c) => c.taskId === event.taskId),
    raisesInterrupt: ({ context }) => !context.masked,
  },
  actions: {
    retire: assign({
      outstanding: ({ context, event }) => (event.type === 'Complete' ? context.outstanding.filter((c) => c.taskId !== event.taskId) : context.outstanding),
    }),
    postCompletion: send<RaidHardwareContext, RaidHardwareEvent>('dext', ({ event }) => ({
      type: 'CompletionPosted',
      taskId: (event as { taskId: number }).taskId,
      status: (event as { status: number }).status,
    })),
  },
}).createMachine({
  id: 'raidHardware',
  context: ({ input }) => ({ ...input, outstanding: [], masked: true, unplugged: false }),
  initial: 'operating',
  states: {
    operating: {
      meta: { resting: true, choices: ({ context }: { context: RaidHardwareContext }) => choicesOf(context) },
      on: {
        PostCommand: {
          actions: assign({ outstanding: ({ context, event }) => [...context.outstanding, { taskId: event.taskId, opcode: event.opcode }] }),
        },
        Complete: [
          {
            guard: and([{ type: 'isOutstanding' }, { type: 'raisesInterrupt' }]),
            actions: [
              { type: 'retire' },
              // The DMA write of the completion entry reaches host memory before the MSI (PCIe ordering).
              { type: 'postCompletion' },
              assign({ masked: true }),
              send(({ context }) => context.interruptQueue, { type: 'InterruptOccurred' }),
            ],
          },
          // Masked: the completion raises no MSI of its own (it coalesces with the one being handled).
          {
            guard: { type: 'isOutstanding' },
            actions: [
              log(
                ({ context, event }) =>
                  `Completion of command ${opcodeOf(context, event)} posted, no MSI (interrupts masked)`,
                'hardware',
              ),
              { type: 'retire' },
              { type: 'postCompletion' },
            ],
          },
        ],
        UnmaskInterrupts: {
          actions: [
            assign({ masked: false }),
            send(({ event }) => event.from, () => ({ type: 'CallReturned', call: 'UnmaskInterrupts', ok: true })),
          ],
        },
        Unplug: { actions: [assign({ unplugged: true }), log('The array is unplugged', 'hardware')] },
      },
    },
  },
});
