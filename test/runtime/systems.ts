/** Small systems for the runtime tests: a timer, two actors blocked on each other beside a busy one, a door opened from outside. */
import { setup } from 'xstate';
import { defineSystem, send } from '../../src/index.ts';

/** `alarm` waits 30 ms (an `after` timer, a choice) and then rings: a final state. */
export function alarmSystem() {
  const alarm = setup({}).createMachine({
    id: 'alarm',
    initial: 'waiting',
    states: { waiting: { after: { 30: 'rang' } }, rang: { type: 'final' } },
  });
  return defineSystem({ actors: { alarm: { machine: alarm } } });
}

/**
 * `left` and `right` each ask the other and block until answered (`meta.waitsFor`): a wait-for
 * cycle from the start, while `ticker` can take its `tick` choice forever.
 */
export function blockedPairSystem() {
  const asker = setup({ types: { input: {} as { other: string }, context: {} as { other: string } } }).createMachine({
    id: 'asker',
    context: ({ input }) => ({ other: input.other }),
    initial: 'waiting',
    states: {
      waiting: {
        entry: send(({ context }) => context.other, { type: 'ask' }),
        meta: { waitsFor: ({ context }: { context: { other: string } }) => context.other },
        on: { answer: 'done' },
      },
      done: { type: 'final' },
    },
  });
  const ticker = setup({ types: { context: {} as { ticks: number } } }).createMachine({
    id: 'ticker',
    context: { ticks: 0 },
    initial: 'ticking',
    states: { ticking: { meta: { resting: true, choices: ['tick'] }, on: { tick: {} } } },
  });
  return defineSystem({
    actors: { left: { machine: asker, input: { other: 'right' } }, right: { machine: asker, input: { other: 'left' } }, ticker: { machine: ticker } },
  });
}

/** `door` is closed (a valid resting state) until someone outside sends `open`; capacity 1. */
export function doorSystem() {
  const door = setup({}).createMachine({
    id: 'door',
    initial: 'closed',
    states: { closed: { meta: { resting: true }, on: { open: 'opened' } }, opened: { type: 'final' } },
  });
  return defineSystem({ actors: { door: { machine: door, capacity: 1 } } });
}
