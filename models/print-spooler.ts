/**
 * A print spooler: the small model that exercises every message rule of design.md (semantics
 * 3 and 5) and an invariant. A client submits jobs, asks for status and may cancel; the spooler
 * prints one job at a time, deferring new jobs and ignoring status requests while printing.
 *
 * - `correct`: two jobs, a status request: every job printed once, no deadlock.
 * - `cancel-while-printing`: the client may cancel, and the spooler does not handle `cancel`
 *   while printing (it ignores it only when idle): an `unhandled` message.
 * - `tiny-mailbox`: the spooler's mailbox holds one message, and the client can send two
 *   before the spooler takes one: a mailbox `overflow`.
 * - `reprint`: the spooler sends a finished job to the printer again: the invariant
 *   `eachJobPrintedOnce` fails.
 */
import { always, reachable, defineModel, defineSystem } from '../src/index.ts';
import { client, printer, spooler } from '../machines/printSpooler.ts';

export default defineModel({
  name: 'print-spooler',
  description: 'A client, a spooler and a printer: deferred jobs, ignored status requests, an unhandled cancel, a full mailbox, a double print.',
  parameters: { jobs: 2, mayCancel: false, capacity: 3, reprint: false },
  configurations: {
    correct: { description: 'jobs are deferred while printing; status requests ignored; each job printed once', expect: 'pass' },
    'cancel-while-printing': {
      description: 'the spooler handles no cancel while printing',
      parameters: { mayCancel: true, capacity: 4 },
      expect: 'unhandled',
    },
    'tiny-mailbox': { description: "the spooler's mailbox holds one message", parameters: { capacity: 1 }, expect: 'overflow' },
    reprint: {
      description: 'the spooler prints a finished job again',
      parameters: { reprint: true },
      expect: { verdict: 'invariant', property: 'eachJobPrintedOnce' },
    },
  },
  system: ({ jobs, mayCancel, capacity, reprint }) =>
    defineSystem({
      actors: {
        client: { machine: client, input: { jobs, mayCancel } },
        spooler: { machine: spooler, input: { reprint }, capacity },
        printer: { machine: printer },
      },
    }),
  properties: {
    eachJobPrintedOnce: always((s) => {
      const printed: number[] = s.actor('printer').context.printed;
      return new Set(printed).size === printed.length;
    }),
    /** Some job gets printed: no job printed twice is not proven by printing none. */
    aJobIsPrinted: reachable((s) => s.actor('printer').context.printed.length > 0, { reads: ['printer'] }),
  },
});
