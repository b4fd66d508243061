/**
 * Independent producer/consumer pipelines: every producer sends its items to its own consumer
 * only, and each actor declares whom it sends to (`sendsTo`), so partial-order reduction can
 * explore one order of the pipelines' independent steps instead of all of them.
 *
 * - `correct`: every item is consumed; the invariant reads the first consumer only.
 * - `picky-consumer`: the last consumer takes one item fewer than it is sent: the extra item is
 *   unhandled.
 * - `slow-consumer`: the first consumer's mailbox holds one item, and its producer can send a
 *   second before the first is taken: a mailbox overflow.
 */
import { always, reachable, defineModel, defineSystem, type ActorDefinition } from '../src/index.ts';
import { consumer, producer } from '../machines/pipeline.ts';

export default defineModel({
  name: 'pipelines',
  description: 'n independent producer/consumer pipelines: the shape partial-order reduction is for.',
  parameters: { pipelines: 3, items: 2, picky: false, slow: false },
  configurations: {
    correct: { description: 'every item is consumed', expect: 'pass' },
    'picky-consumer': { description: 'the last consumer refuses its last item', parameters: { picky: true }, expect: 'unhandled' },
    'slow-consumer': { description: "the first consumer's mailbox holds one item", parameters: { slow: true }, expect: 'overflow' },
  },
  system: ({ pipelines, items, picky, slow }) => {
    const actors: Record<string, ActorDefinition> = {};
    for (let i = 0; i < pipelines; i++) {
      actors[`producer${i}`] = { machine: producer, input: { consumer: `consumer${i}`, items }, sendsTo: [`consumer${i}`] };
      const accepts = picky && i === pipelines - 1 ? items - 1 : items;
      actors[`consumer${i}`] = { machine: consumer, input: { accepts }, sendsTo: [], capacity: slow && i === 0 ? 1 : items };
    }
    return defineSystem({ actors });
  },
  properties: {
    firstConsumerCountsRight: always((s) => s.actor('consumer0').context.received <= s.actor('consumer0').context.accepts, {
      reads: ['consumer0'],
    }),
    /** The first consumer receives something. */
    firstConsumerReceives: reachable((s) => s.actor('consumer0').context.received > 0, { reads: ['consumer0'] }),
  },
});
