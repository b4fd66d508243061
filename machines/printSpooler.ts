/**
 * A print spooler: a client submits jobs (and may ask for status or cancel), the spooler
 * feeds them one at a time to a printer. Small on purpose: it exercises every message rule of
 * design.md (semantics 5): jobs are deferred while printing, status requests are ignored while
 * printing, a cancel is not handled while printing, and a small mailbox overflows.
 */
import { assign, setup } from 'xstate';
import { drop, send } from '../src/index.ts';

export interface ClientInput {
  jobs: number;
  /** Whether the client may send `cancel`, which the spooler does not handle while printing. */
  mayCancel: boolean;
}

export const client = setup({
  types: {
    input: {} as ClientInput,
    context: {} as ClientInput & { sent: number; asked: boolean; cancelled: boolean },
    events: {} as { type: 'submit' } | { type: 'ask' } | { type: 'cancel' },
  },
}).createMachine({
  id: 'client',
  context: ({ input }) => ({ ...input, sent: 0, asked: false, cancelled: false }),
  initial: 'working',
  states: {
    working: {
      meta: { resting: true, choices: ['submit', 'ask', 'cancel'] },
      on: {
        submit: {
          guard: ({ context }) => context.sent < context.jobs,
          actions: [send('spooler', ({ context }) => ({ type: 'job', id: context.sent })), assign({ sent: ({ context }) => context.sent + 1 })],
        },
        ask: {
          guard: ({ context }) => !context.asked,
          actions: [send('spooler', { type: 'status' }), assign({ asked: true })],
        },
        cancel: {
          guard: ({ context }) => context.mayCancel && !context.cancelled && context.sent > 0,
          actions: [send('spooler', { type: 'cancel' }), assign({ cancelled: true })],
        },
      },
    },
  },
});

export interface SpoolerInput {
  /** A bug: after a job is done, send it to the printer once more. */
  reprint: boolean;
}

export const spooler = setup({
  types: {
    input: {} as SpoolerInput,
    context: {} as SpoolerInput & { current: number; reprinted: boolean },
    events: {} as { type: 'job'; id: number } | { type: 'done'; id: number } | { type: 'status' } | { type: 'cancel' },
  },
}).createMachine({
  id: 'spooler',
  context: ({ input }) => ({ ...input, current: -1, reprinted: false }),
  initial: 'idle',
  states: {
    idle: {
      meta: { resting: true, ignore: ['cancel'] },
      on: {
        job: { target: 'printing', actions: [assign({ current: ({ event }) => event.id }), send('printer', ({ event }) => ({ type: 'print', id: event.id }))] },
        status: { actions: drop('idle: nothing to report') },
      },
    },
    printing: {
      meta: { defer: ['job'], ignore: ['status'] },
      on: {
        done: [
          {
            guard: ({ context }) => context.reprint && !context.reprinted,
            target: 'printing',
            actions: [assign({ reprinted: true }), send('printer', ({ context }) => ({ type: 'print', id: context.current }))],
          },
          { target: 'idle', actions: assign({ current: -1 }) },
        ],
      },
    },
  },
});

export const printer = setup({
  types: {
    context: {} as { job: number; printed: number[] },
    events: {} as { type: 'print'; id: number } | { type: 'finish' },
  },
}).createMachine({
  id: 'printer',
  context: { job: -1, printed: [] },
  initial: 'ready',
  states: {
    ready: {
      meta: { resting: true },
      on: { print: { target: 'busy', actions: assign({ job: ({ event }) => event.id }) } },
    },
    busy: {
      meta: { choices: ['finish'] },
      on: {
        finish: {
          target: 'ready',
          actions: [
            send('spooler', ({ context }) => ({ type: 'done', id: context.job })),
            assign({ printed: ({ context }) => [...context.printed, context.job], job: -1 }),
          ],
        },
      },
    },
  },
});
