/**
 * A producer that sends `items` items to its consumer, one per step, and a consumer that counts
 * them. Pipelines do not talk to each other: the shape partial-order reduction is for.
 */
import { assign, setup } from 'xstate';
import { send } from '../src/index.ts';

export const producer = setup({
  types: { input: {} as { consumer: string; items: number }, context: {} as { consumer: string; items: number; sent: number } },
}).createMachine({
  id: 'producer',
  context: ({ input }) => ({ ...input, sent: 0 }),
  initial: 'producing',
  states: {
    producing: {
      always: { guard: ({ context }) => context.sent >= context.items, target: 'done' },
      meta: { choices: ['produce'] },
      on: {
        produce: {
          actions: [send(({ context }) => context.consumer, ({ context }) => ({ type: 'item', n: context.sent })), assign({ sent: ({ context }) => context.sent + 1 })],
        },
      },
    },
    done: { type: 'final' },
  },
});

export const consumer = setup({
  types: { input: {} as { accepts: number }, context: {} as { accepts: number; received: number } },
}).createMachine({
  id: 'consumer',
  context: ({ input }) => ({ accepts: input.accepts, received: 0 }),
  initial: 'consuming',
  states: {
    consuming: {
      meta: { resting: true },
      on: {
        item: { guard: ({ context }) => context.received < context.accepts, actions: assign({ received: ({ context }) => context.received + 1 }) },
      },
    },
  },
});
