/**
 * Dining philosophers (Dijkstra, 1965) as actors: n forks and n philosophers around a table,
 * talking only through mailboxes. A philosopher asks its first fork for the fork, waits for it
 * to be granted, asks its second fork, eats, and releases both.
 *
 * - `circular`: everyone takes the left fork first. When all are hungry at once each holds
 *   its left fork and waits for its right one: a deadlock, with the wait-for cycle
 *   phil0 → fork1 → phil1 → … → fork0 → phil0.
 * - `ordered`: the last philosopher takes its right fork first (forks are taken in a global
 *   order), which breaks the cycle: proven deadlock-free.
 *
 * Starvation (`hungryEats`: every hungry philosopher eventually eats) holds on the ordered
 * table under weak fairness (`ordered`) and under strong fairness (`ordered-strong`): a fork
 * serves requests in the order they reach its FIFO mailbox, so a waiting philosopher is next
 * once its neighbour releases the fork, and fairness makes the neighbour finish eating. Weak
 * and strong fairness per actor agree here, as they do in every interleave model: an actor's
 * enabled steps depend only on its own state and mailbox, which other actors can only add to,
 * so an actor enabled once stays enabled until it steps. Without fairness (`ordered-unfair`)
 * a behaviour may simply never schedule a fork again, and a philosopher starves.
 * `--set starvation=false` leaves the liveness property out (a safety-only check, which can
 * also run on several workers).
 */
import { always, reachable, defineModel, defineSystem, forEach, leadsTo, type ActorDefinition } from '../src/index.ts';
import { fork, philosopher } from '../machines/philosopher.ts';

export function diningTable(n: number, ordered: boolean) {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`dining philosophers needs n ≥ 2 philosophers, got ${n}`);
  const actors: Record<string, ActorDefinition> = {};
  for (let i = 0; i < n; i++) actors[`fork${i}`] = { machine: fork };
  for (let i = 0; i < n; i++) {
    const left = `fork${i}`;
    const right = `fork${(i + 1) % n}`;
    const rightFirst = ordered && i === n - 1;
    actors[`phil${i}`] = {
      machine: philosopher,
      input: { self: `phil${i}`, first: rightFirst ? right : left, second: rightFirst ? left : right },
    };
  }
  return defineSystem({ actors });
}

export default defineModel({
  name: 'dining-philosophers',
  description: 'n philosophers and n forks exchanging take/granted/release messages; left-first deadlocks, ordered forks do not.',
  parameters: { n: 5, ordered: false, starvation: true },
  configurations: {
    circular: {
      description: 'every philosopher takes the left fork first: deadlock when all hold one fork',
      expect: 'deadlock',
    },
    ordered: {
      description: 'the last philosopher takes the right fork first: no cycle, no deadlock, no starvation (weak fairness)',
      parameters: { ordered: true },
      expect: 'pass',
    },
    'ordered-strong': {
      description: 'the ordered table under strong fairness: no starvation either',
      parameters: { ordered: true },
      fairness: 'strong',
      expect: 'pass',
    },
    'ordered-unfair': {
      description: 'the ordered table without fairness: a philosopher can starve',
      parameters: { ordered: true },
      fairness: 'none',
      expect: { verdict: 'liveness', property: 'hungryEats' },
    },
  },
  system: ({ n, ordered }) => diningTable(n, ordered),
  properties: ({ n, starvation }) => {
    const philosophers = Array.from({ length: n }, (_, i) => `phil${i}`);
    return {
      neighboursNeverEatTogether: always(
        (s) => philosophers.every((name, i) => !(s.actor(name).matches('eating') && s.actor(philosophers[(i + 1) % n]!).matches('eating'))),
        { reads: philosophers },
      ),
      /** Someone gets both forks: the table is not proven safe by never serving dinner. */
      someoneEats: reachable((s) => philosophers.some((name) => s.actor(name).matches('eating')), { reads: philosophers }),
      ...(starvation ? { hungryEats: forEachHungry(philosophers) } : {}),
    };
  },
});

/** `hungryEats`: every hungry philosopher eventually eats (a liveness property, checked on the state graph). */
function forEachHungry(philosophers: readonly string[]) {
  return forEach(
    () => philosophers,
    (name) =>
      leadsTo(
        (s) => s.actor(name).matches('waitingForFirst') || s.actor(name).matches('waitingForSecond'),
        (s) => s.actor(name).matches('eating'),
      ),
  );
}
