/**
 * The search expands several states at a time (their successors are staged before any is
 * committed); what it reports must be what a search expanding one state at a time reports.
 * Two violations at the same depth, in two states expanded together: the one in the state
 * numbered first wins, with the counts as they stood when it was found.
 */
import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { always, check, defineSystem, send } from '../../src/index.ts';

/**
 * `x` chooses `first` or `second` (states 1 and 2 of the search, expanded together). One of
 * them leads on to `bad`, which the invariant forbids; the other sends `y` a message `y`
 * does not handle.
 */
function system(badFirst: boolean) {
  const toBad = { target: 'beforeBad' };
  const toSurprise = { target: 'surprised' };
  const x = createMachine({
    id: 'x',
    initial: 'start',
    states: {
      start: { meta: { choices: ['first', 'second'] }, on: { first: badFirst ? toBad : toSurprise, second: badFirst ? toSurprise : toBad } },
      beforeBad: { meta: { choices: ['fail'] }, on: { fail: 'bad' } },
      surprised: { entry: send('y', { type: 'surprise' }), meta: { resting: true } },
      bad: { meta: { resting: true } },
    },
  });
  const y = createMachine({ id: 'y', initial: 'idle', states: { idle: { meta: { resting: true } } } });
  return defineSystem({ actors: { x: { machine: x }, y: { machine: y } } });
}

const properties = { neverBad: always((s) => !s.actor('x').matches('bad')) };

describe('breadth-first search over batches of states', () => {
  for (const store of ['exact', 'fingerprint'] as const) {
    it(`reports the invariant broken below state 1 before the unhandled message of state 2 (${store})`, () => {
      const { verdict, stats } = check(system(true), { properties, store });
      expect(verdict.kind).toBe('invariant');
      if (verdict.kind !== 'invariant') return;
      expect(verdict.trace.steps.map((s) => `${s.actor}:${s.event.type}`)).toEqual(['x:first', 'x:fail']);
      // States 0, 1, 2 and the bad state 3; transitions: two choices, then state 1's one; depth: the trace's.
      expect([stats.states, stats.transitions, stats.depth]).toEqual([4, 3, 2]);
    });

    it(`reports the unhandled message of state 1 before the invariant broken below state 2 (${store})`, () => {
      const { verdict, stats } = check(system(false), { properties, store });
      expect(verdict.kind).toBe('unhandled');
      if (verdict.kind !== 'unhandled') return;
      expect(verdict.trace.steps.map((s) => `${s.actor}:${s.event.type}`)).toEqual(['x:first', 'y:surprise']);
      // State 2's successor is never stored: the search stops in state 1.
      expect([stats.states, stats.transitions, stats.depth]).toEqual([3, 3, 2]);
    });
  }
});
