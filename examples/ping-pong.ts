import { assign, setup } from 'xstate';
import { always, defineModel, defineSystem, reachable, send } from 'interleave';

// A player returns the ball until it has hit it `rounds` times; then it says stop.
const player = setup({
  types: {
    input: {} as { opponent: string; rounds: number; serves: boolean },
    context: {} as { opponent: string; rounds: number; serves: boolean; hits: number },
  },
}).createMachine({
  id: 'player',
  context: ({ input }) => ({ ...input, hits: 0 }),
  initial: 'start',
  states: {
    start: {
      always: [
        { guard: ({ context }) => context.serves, target: 'playing', actions: send(({ context }) => context.opponent, { type: 'ball' }) },
        { target: 'playing' },
      ],
    },
    playing: {
      on: {
        ball: [
          {
            guard: ({ context }) => context.hits + 1 < context.rounds,
            actions: [assign({ hits: ({ context }) => context.hits + 1 }), send(({ context }) => context.opponent, { type: 'ball' })],
          },
          { target: 'done', actions: [assign({ hits: ({ context }) => context.hits + 1 }), send(({ context }) => context.opponent, { type: 'stop' })] },
        ],
        stop: 'done',
      },
    },
    done: { type: 'final' },
  },
});

export default defineModel({
  name: 'ping-pong',
  description: 'Two players hit a ball back and forth a bounded number of times.',
  parameters: { rounds: 2 },
  configurations: {
    rally: { description: 'ping serves; both stop after the rally', expect: 'pass' },
  },
  system: ({ rounds }) =>
    defineSystem({
      actors: {
        ping: { machine: player, input: { opponent: 'pong', rounds, serves: true } },
        pong: { machine: player, input: { opponent: 'ping', rounds, serves: false } },
      },
    }),
  properties: ({ rounds }) => ({
    hitsBounded: always((s) => s.actors.every((a) => a.context.hits <= rounds)),
    // The rally does get played to its end: hitsBounded is not proven by a game that never starts.
    rallyEnds: reachable((s) => s.actors.every((a) => a.matches('done'))),
  }),
});
