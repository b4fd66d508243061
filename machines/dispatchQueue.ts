/**
 * A DriverKit `IODispatchQueue`: a serial queue that runs one work item at a time, FIFO
 * (research/driverkit-scsi.md §4: "all queues are currently serial"; §8: "a dext queue is a
 * serial server"). Default, Auxiliary, Interrupt and the private target queues are instances.
 *
 * A work item is an upcall from the kernel (a synchronous IPC: the queue returns the handler's
 * value to the kernel, §1.1), an async block the dext dispatched, or the action of the
 * interrupt source bound to this queue (§4). The queue runs the item's handler by asking the
 * `dext` actor, which holds the driver's code and memory. When the handler makes a synchronous
 * call — `UserCreateTargetForID`, `UserGetDataBuffer` (§1.2), a hardware register write it
 * reads back — the queue itself makes it and is blocked until the callee returns: it cannot run
 * anything else meanwhile (§8: "a dext queue that is blocked in an outgoing sync call cannot
 * serve incoming messages"). That is the edge of every deadlock of §8.8.
 */
import { assign, setup } from 'xstate';
import { send } from '../src/index.ts';
import { isUpcall, START_UPCALLS, STOP, TARGET_UPCALLS, type Call, type Work } from './scsiProtocol.ts';

export interface DispatchQueueInput {
  /** The queue's name, as the dext registered it with `SetDispatchQueue` (§4). */
  name: string;
}

export interface DispatchQueueContext {
  name: string;
  /** The work item whose handler runs now. */
  work: Work | null;
  /** Whom the queue is blocked on while its handler is inside a synchronous call. */
  callee: string | null;
}

/** A work item arriving at the queue: an upcall, an async block or an interrupt action. */
type WorkEvent = { type: Work['handler']; from?: string; target?: number; taskId?: number; opcode?: number; length?: number };

export type DispatchQueueEvent =
  | WorkEvent
  /** The framework's own block on this queue (§4.1, ASFW's reading); no driver code runs. */
  | { type: 'RoutedCreateTargetForID'; target: number }
  /** From the dext: the handler returned (with the upcall's value). */
  | { type: 'HandlerReturned'; value?: number | boolean }
  /** From the dext: the handler makes a synchronous call. */
  | { type: 'HandlerCalls'; callee: string; call: Call; target?: number; taskId?: number }
  /** From the callee: the synchronous call returned. */
  | { type: 'CallReturned'; call: Call; ok: boolean };

/** The work item types a queue accepts when idle. */
const WORK_TYPES: readonly Work['handler'][] = [...START_UPCALLS, ...TARGET_UPCALLS, STOP, 'AsyncCreateTargetForID', 'InterruptOccurred', 'DispatchSync', 'FinishStop'];

function workOf(event: WorkEvent): Work {
  const { type, ...args } = event;
  return { handler: type, ...args };
}

const startHandler = {
  target: 'runningHandler',
  actions: [
    assign({ work: ({ event }: { event: WorkEvent }) => workOf(event) }),
    send<DispatchQueueContext, WorkEvent>('dext', ({ context, event }) => ({ type: 'Run', queue: context.name, ...workOf(event) })),
  ],
} as const;

/**
 * The dispatch queue machine. States: `idle` (resting), `runningHandler` (waits for the dext to
 * run the handler's next piece), `blockedInCall` (waits for the callee of a synchronous call).
 */
export const dispatchQueue = setup({
  types: {
    input: {} as DispatchQueueInput,
    context: {} as DispatchQueueContext,
    events: {} as DispatchQueueEvent,
  },
}).createMachine({
  id: 'dispatchQueue',
  context: ({ input }) => ({ name: input.name, work: null, callee: null }),
  initial: 'idle',
  states: {
    idle: {
      meta: { resting: true },
      on: {
        ...Object.fromEntries(WORK_TYPES.map((type) => [type, startHandler])),
        RoutedCreateTargetForID: {
          actions: send('kernel', ({ event }) => ({ type: 'Returned', call: 'RoutedCreateTargetForID', target: event.target })),
        },
      },
    },
    runningHandler: {
      meta: { waitsFor: 'dext' },
      on: {
        HandlerReturned: [
          {
            // An upcall is a synchronous IPC: its value goes back to the kernel thread waiting for it.
            guard: ({ context }) => isUpcall(context.work!.handler),
            target: 'idle',
            actions: [
              send('kernel', ({ context, event }) => ({
                type: 'Returned',
                call: context.work!.handler,
                ...(context.work!.target !== undefined ? { target: context.work!.target } : {}),
                ...(event.value !== undefined ? { value: event.value } : {}),
              })),
              assign({ work: null }),
            ],
          },
          // A DispatchSync block returns to the queue that waits for it (§4).
          {
            guard: ({ context }) => context.work!.handler === 'DispatchSync',
            target: 'idle',
            actions: [send(({ context }) => context.work!.from!, () => ({ type: 'CallReturned', call: 'DispatchSync', ok: true })), assign({ work: null })],
          },
          // An async block or an interrupt action returns to nobody.
          { target: 'idle', actions: assign({ work: null }) },
        ],
        HandlerCalls: {
          target: 'blockedInCall',
          actions: [
            assign({ callee: ({ event }) => event.callee }),
            send(
              ({ event }) => event.callee,
              ({ context, event }) => ({
                type: event.call,
                ...(event.target !== undefined ? { target: event.target } : {}),
                ...(event.taskId !== undefined ? { taskId: event.taskId } : {}),
                from: context.name,
              }),
            ),
          ],
        },
      },
    },
    blockedInCall: {
      meta: { waitsFor: ({ context }: { context: DispatchQueueContext }) => context.callee ?? [] },
      on: {
        CallReturned: {
          target: 'runningHandler',
          actions: [
            send('dext', ({ context, event }) => ({ type: 'Resume', queue: context.name, ...context.work!, call: event.call, ok: event.ok })),
            assign({ callee: null }),
          ],
        },
      },
    },
  },
});
