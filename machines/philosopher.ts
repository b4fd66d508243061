/**
 * A dining philosopher (Dijkstra, 1965): thinks until it chooses to get hungry, asks for its
 * first fork, then its second, eats, and gives both back. Which fork is "first" is input, so
 * one machine serves the circular and the ordered table alike.
 */
import { assign, setup } from 'xstate';
import { send } from '../src/index.ts';

export interface PhilosopherInput {
  /** This philosopher's actor name, sent with each request so the fork can answer. */
  self: string;
  first: string;
  second: string;
}

export const philosopher = setup({
  types: {
    input: {} as PhilosopherInput,
    context: {} as PhilosopherInput,
    events: {} as { type: 'hungry' } | { type: 'granted' } | { type: 'full' },
  },
}).createMachine({
  id: 'philosopher',
  context: ({ input }) => ({ ...input }),
  initial: 'thinking',
  states: {
    thinking: {
      meta: { resting: true, choices: ['hungry'] },
      on: {
        hungry: { target: 'waitingForFirst', actions: send(({ context }) => context.first, ({ context }) => ({ type: 'take', by: context.self })) },
      },
    },
    waitingForFirst: {
      meta: { waitsFor: ({ context }: { context: PhilosopherInput }) => context.first },
      on: {
        granted: { target: 'waitingForSecond', actions: send(({ context }) => context.second, ({ context }) => ({ type: 'take', by: context.self })) },
      },
    },
    waitingForSecond: {
      meta: { waitsFor: ({ context }: { context: PhilosopherInput }) => context.second },
      on: { granted: 'eating' },
    },
    eating: {
      meta: { choices: ['full'] },
      on: {
        full: {
          target: 'thinking',
          actions: [
            send(({ context }) => context.first, { type: 'release' }),
            send(({ context }) => context.second, { type: 'release' }),
          ],
        },
      },
    },
  },
});

/** A fork: granted to one philosopher at a time; other requests wait in its mailbox. */
export const fork = setup({
  types: {
    context: {} as { holder: string | null },
    events: {} as { type: 'take'; by: string } | { type: 'release' },
  },
}).createMachine({
  id: 'fork',
  context: { holder: null },
  initial: 'free',
  states: {
    free: {
      meta: { resting: true },
      on: {
        take: {
          target: 'taken',
          actions: [assign({ holder: ({ event }) => event.by }), send(({ event }) => event.by, { type: 'granted' })],
        },
      },
    },
    taken: {
      meta: { waitsFor: ({ context }: { context: { holder: string | null } }) => context.holder ?? [] },
      on: { release: { target: 'free', actions: assign({ holder: null }) } },
    },
  },
});
