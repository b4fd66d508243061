/**
 * A lock server and its clients: each client asks for the lock, works while it holds it, and
 * releases it; the server grants the lock to one client at a time and queues the others'
 * requests in its context. The clients are interchangeable — the model's symmetry.
 */
import { assign, setup } from 'xstate';
import { send } from '../src/index.ts';

export const lockClient = setup({
  types: {
    input: {} as { self: string },
    context: {} as { self: string },
    events: {} as { type: 'want' } | { type: 'granted' } | { type: 'done' },
  },
}).createMachine({
  id: 'lockClient',
  context: ({ input }) => ({ self: input.self }),
  initial: 'idle',
  states: {
    idle: {
      meta: { resting: true, choices: ['want'] },
      on: { want: { target: 'waiting', actions: send('server', ({ context }) => ({ type: 'acquire', from: context.self })) } },
    },
    waiting: { meta: { waitsFor: 'server' }, on: { granted: 'working' } },
    working: {
      meta: { choices: ['done'] },
      on: { done: { target: 'idle', actions: send('server', ({ context }) => ({ type: 'release', from: context.self })) } },
    },
  },
});

export const lockServer = setup({
  types: {
    input: {} as { grantWhileHeld: boolean },
    context: {} as { grantWhileHeld: boolean; holders: string[]; queue: string[] },
    events: {} as { type: 'acquire'; from: string } | { type: 'release'; from: string },
  },
}).createMachine({
  id: 'lockServer',
  context: ({ input }) => ({ grantWhileHeld: input.grantWhileHeld, holders: [], queue: [] }),
  initial: 'serving',
  states: {
    serving: {
      meta: { resting: true },
      on: {
        acquire: [
          {
            guard: ({ context }) => context.holders.length === 0 || context.grantWhileHeld,
            actions: [assign({ holders: ({ context, event }) => [...context.holders, event.from] }), send(({ event }) => event.from, { type: 'granted' })],
          },
          { actions: assign({ queue: ({ context, event }) => [...context.queue, event.from] }) },
        ],
        release: [
          {
            guard: ({ context }) => context.queue.length > 0,
            actions: [
              send(({ context }) => context.queue[0]!, { type: 'granted' }),
              assign({
                holders: ({ context, event }) => [...context.holders.filter((h) => h !== event.from), context.queue[0]!],
                queue: ({ context }) => context.queue.slice(1),
              }),
            ],
          },
          { actions: assign({ holders: ({ context, event }) => context.holders.filter((h) => h !== event.from) }) },
        ],
      },
    },
  },
});
