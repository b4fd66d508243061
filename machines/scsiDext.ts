/**
 * The RAID dext: an `IOUserSCSIParallelInterfaceController` subclass's code and memory
 * (research/driverkit-scsi.md §8.6). It never blocks — threads block, and the dext's threads
 * are its dispatch queues (`dispatchQueue.ts`), which ask it to run handlers. It holds the state
 * its handlers share: the task table and the completion ring in host memory, into which the
 * RAID hardware writes completion entries by DMA.
 *
 * The dext's memory holds completions nobody has delivered yet while its ring is not empty;
 * those wait for the interrupt handler, on the queue the interrupt source is bound to (§8.4).
 * A ring left holding completions at the end is the `no-ring-recheck` mistake.
 */
import { setup } from 'xstate';
import { apply } from './effects.ts';
import { completionPosted, resumeHandler, runHandler, type DextConfig, type DextContext, type Resume, type Run } from './dextHandlers.ts';

export interface ScsiDextInput {
  readonly config: DextConfig;
  /** The queue the dext's `IOInterruptDispatchSource` is bound to (§4, §8.4). */
  readonly interruptQueue: string;
}

export type ScsiDextContext = DextContext;

export type ScsiDextEvent =
  | Run
  | Resume
  /** From the hardware: a DMA write of one completion entry into the ring. */
  | { type: 'CompletionPosted'; taskId: number; status: number };

/** The dext machine: `ringEmpty` (resting), or `ringHoldsCompletions` (waiting for the interrupt handler's queue). */
export const scsiDext = setup({
  types: {
    input: {} as ScsiDextInput,
    context: {} as ScsiDextContext,
    events: {} as ScsiDextEvent,
  },
}).createMachine({
  id: 'scsiDext',
  context: ({ input }) => ({
    config: input.config,
    interruptQueue: input.interruptQueue,
    tasks: Array.from({ length: input.config.maxTaskCount }, () => null),
    ring: [],
    inlineCreates: 0,
  }),
  initial: 'ringEmpty',
  on: {
    Run: { actions: apply<ScsiDextContext, Run>(({ context, event }) => runHandler(context, event)) },
    Resume: { actions: apply<ScsiDextContext, Resume>(({ context, event }) => resumeHandler(context, event)) },
    CompletionPosted: {
      actions: apply<ScsiDextContext, { type: 'CompletionPosted'; taskId: number; status: number }>(({ context, event }) =>
        completionPosted(context, { taskId: event.taskId, status: event.status }),
      ),
    },
  },
  states: {
    ringEmpty: {
      meta: { resting: true },
      always: { guard: ({ context }) => context.ring.length > 0, target: 'ringHoldsCompletions' },
    },
    ringHoldsCompletions: {
      meta: { waitsFor: ({ context }: { context: ScsiDextContext }) => context.interruptQueue },
      always: { guard: ({ context }) => context.ring.length === 0, target: 'ringEmpty' },
    },
  },
});
