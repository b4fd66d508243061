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
 */
import { always, defineModel, defineSystem, type ActorDefinition } from '../src/index.ts';
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
  parameters: { n: 5, ordered: false },
  configurations: {
    circular: {
      description: 'every philosopher takes the left fork first: deadlock when all hold one fork',
      expect: 'deadlock',
    },
    ordered: {
      description: 'the last philosopher takes the right fork first: no cycle, no deadlock',
      parameters: { ordered: true },
      expect: 'pass',
    },
  },
  system: ({ n, ordered }) => diningTable(n, ordered),
  properties: ({ n }) => {
    const philosophers = Array.from({ length: n }, (_, i) => `phil${i}`);
    return {
      neighboursNeverEatTogether: always((s) =>
        philosophers.every((name, i) => !(s.actor(name).matches('eating') && s.actor(philosophers[(i + 1) % n]!).matches('eating'))),
      ),
    };
  },
});
