/**
 * Dining philosophers in Promela, built to match `models/dining-philosophers.ts` step for step,
 * so that SPIN explores the same state graph: one process per actor, one channel per mailbox
 * (capacity 4, interleave's default), each handler one `atomic` step. A fork in `taken`
 * receives the first `release` anywhere in its mailbox (`??`), as interleave's fork defers
 * other messages there; `end` labels mark the resting states. SPIN stores one state more than
 * interleave (before `init` starts the processes) and takes two more transitions.
 */
export function diningPromela(n: number, ordered: boolean): string {
  const forks = Array.from({ length: n }, (_, i) => `    run Fork(${i});`);
  const philosophers = Array.from({ length: n }, (_, i) => {
    const [left, right] = [i, (i + 1) % n];
    const [first, second] = ordered && i === n - 1 ? [right, left] : [left, right];
    return `    run Phil(${n + i}, ${first}, ${second});`;
  });
  return `mtype = { take, granted, release };
chan mailbox[${2 * n}] = [4] of { mtype, byte };

proctype Fork(byte me) {
  byte holder;
end_free:
  atomic { mailbox[me]?take(holder) -> mailbox[holder]!granted(0) };
  atomic { mailbox[me]??release(_) -> holder = 0 };
  goto end_free
}

proctype Phil(byte me; byte first; byte second) {
end_thinking:
  atomic { mailbox[first]!take(me) };
  atomic { mailbox[me]?granted(_) -> mailbox[second]!take(me) };
  mailbox[me]?granted(_);
  atomic { mailbox[first]!release(0); mailbox[second]!release(0) };
  goto end_thinking
}

init {
  atomic {
${[...forks, ...philosophers].join('\n')}
  }
}
`;
}
