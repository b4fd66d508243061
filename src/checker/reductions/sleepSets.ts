/**
 * Sleep sets (Godefroid, "Partial-Order Methods for the Verification of Concurrent Systems",
 * LNCS 1032, ch. 5) in breadth-first search: a step is not followed when the state it leads to
 * is certainly reached by another path of the same length, which the search has taken or will
 * take first. Every state is still visited, so nothing a search reports changes — not a count,
 * not a trace — only the successors computed and looked up for nothing.
 *
 * Steps of two actors x and b are independent in a state when either order gives the same state
 * and neither changes what the other can do. They are when they send to no common mailbox (the
 * order of two appends would differ) and, where one sends to the other, the receiver's step does
 * not depend on the message appended: a step takes the first message its actor does not defer,
 * which a message appended behind it does not change. So if b's step v sends to x, x must
 * already have a mailbox step (else the message may give x a new one); and if x's steps send to
 * b while v takes a message from b's mailbox, they must fit in b's mailbox before v makes room
 * (else x's step overflows one way and not the other). When the search expands state s by v,
 * the successor's sleep set is every actor x whose steps in s are all independent of v, and
 * which is either asleep in s or enabled and before b in the actor order (so its steps from s
 * were expanded before v).
 *
 * Why no state is missed, and why the search numbers states exactly as without sleep sets:
 * breadth-first search numbers each state when it first meets it, and the first edge into a
 * state is the last edge of its lexicographically least shortest path (paths compared by their
 * actors, step by step), because the search expands states in that order and each state's
 * steps in actor order. A state's sleep set comes from that first edge. Suppose a step t of an
 * actor x on the least shortest path π to some state were asleep where π takes it. Following
 * the sleep sets back along π, x was put to sleep at an earlier state of π by a step of an
 * actor after x, with every step in between independent of x: moving t to that position gives
 * another shortest path to the same state, lexicographically smaller than π. So no step of a
 * least shortest path is asleep, every state is reached at its depth by its first edge, and
 * the edges not followed lead to states already numbered. A violation that a sleeping step
 * would show (unhandled, overflow) depends only on its actor's local state, the message it
 * takes and whether its messages fit, which the steps in between did not change (they only
 * appended behind that message, or made room where there was room already): the same step
 * shows it at an earlier state, so the first violation is the same too.
 *
 * The argument needs only that a state's sleep set is within the one its least path's last edge
 * brings. Parallel workers meet states in no such order, so there a state's sleep set is the
 * intersection of those of every edge into it from the level before (Godefroid's rule for
 * states met again), ANDed into its row of the level being built; the least path's last edge
 * is one of them, and an edge from the state's own level or a later one would only wake more
 * actors. Nothing a search reports changes there either. The intersection is needed: dining
 * philosophers n=5 expanded last state first (a test) loses 32 states with the sleep set of
 * whichever edge met the state first.
 *
 * With symmetry the search runs on representatives, one per orbit: the same argument holds on
 * that graph, with a successor's sleep set renamed by the permutation that canonicalized it (its
 * actors are where that permutation put them). With partial-order reduction, sleep sets start
 * only once it has stopped looking for ample sets: having found none, it expanded every state
 * in full, so the search so far was the plain one; states queued before have empty sleep sets.
 *
 * Sleep sets are kept per actor, as a bit mask (at most 32 actors), for the states waiting in
 * the queue. They are not used with the state graph (liveness needs every edge).
 */
import { StepKind, type CompiledSystem, type ComponentStep, type StateVector } from '../../system/step.ts';
import type { Symmetry } from '../symmetry/symmetry.ts';
import { doubled } from '../../system/_internals/doubled.ts';

const KNOWN = 1;
const TAKES_MESSAGE = 2;

/** The most actors a sleep set (one bit each) can hold. */
export const MAX_ACTORS = 32;

export class SleepSets {
  /** The sleep sets of the queued states, by state number modulo the ring's length. */
  private ring = new Int32Array(1024);
  /** Per actor and component: the actors its steps send to. */
  private readonly receivers: Int32Array[];
  /** Per actor and component: 0 not known yet, else TAKES_MESSAGE when it has a mailbox step, else KNOWN. */
  private readonly kinds: Uint8Array[];

  constructor(private readonly compiled: CompiledSystem) {
    this.receivers = compiled.actors.map(() => new Int32Array(64));
    this.kinds = compiled.actors.map(() => new Uint8Array(64));
  }

  /** The sleep set of queued state `index`. */
  of(index: number): number {
    return this.ring[index & (this.ring.length - 1)]!;
  }

  /** Records the sleep set of state `index`, new; states before `oldest` are expanded and forgotten. */
  set(index: number, sleeping: number, oldest: number): void {
    if (index - oldest >= this.ring.length) this.grow(oldest, index);
    this.ring[index & (this.ring.length - 1)] = sleeping;
  }

  /**
   * The sleep set of the state that `step` of `actor` leads to from `state`: the actors of
   * `candidates` (those asleep or already expanded in `state`) whose steps are independent of it.
   */
  after(state: StateVector, candidates: number, actor: number, step: ComponentStep): number {
    const receivers = receiversOf(step);
    const takes = step.kind !== StepKind.Choose;
    let sleeping = 0;
    for (let rest = candidates; rest !== 0; rest &= rest - 1) {
      const lowest = rest & -rest;
      const other = 31 - Math.clz32(lowest);
      const component = state[other]!;
      const kind = this.kindOf(other, component);
      const sendsTo = this.receivers[other]![component]!;
      if ((sendsTo & receivers) !== 0) continue; // a common mailbox
      if ((receivers & lowest) !== 0 && kind !== TAKES_MESSAGE) continue; // the message may give `other` a step
      if (takes && ((sendsTo >>> actor) & 1) !== 0 && !this.fits(other, component, actor, state[actor]!)) continue;
      sleeping |= lowest;
    }
    return sleeping;
  }

  /**
   * `sleeping` as the representative stored for a successor sees it: with symmetry, each actor
   * under the permutation that canonicalized the successor.
   */
  renamed(sleeping: number, symmetry: Symmetry | undefined, permutation: number): number {
    if (!symmetry || permutation === 0) return sleeping;
    let renamed = 0;
    for (let rest = sleeping; rest !== 0; rest &= rest - 1) renamed |= 1 << symmetry.actorUnder(permutation, 31 - Math.clz32(rest & -rest));
    return renamed;
  }

  /** Whether `actor`'s steps in `component` have a mailbox step; fills in the actors they send to. */
  private kindOf(actor: number, component: number): number {
    let kinds = this.kinds[actor]!;
    if (component >= kinds.length) {
      while (component >= kinds.length) kinds = doubled(kinds);
      this.kinds[actor] = kinds;
      let receivers = this.receivers[actor]!;
      while (component >= receivers.length) receivers = doubled(receivers);
      this.receivers[actor] = receivers;
    }
    let kind = kinds[component]!;
    if (kind === 0) {
      let sendsTo = 0;
      kind = KNOWN;
      for (const step of this.compiled.actors[actor]!.stepsOf(component)) {
        sendsTo |= receiversOf(step);
        if (step.kind !== StepKind.Choose) kind = TAKES_MESSAGE;
      }
      this.receivers[actor]![component] = sendsTo;
      kinds[component] = kind;
    }
    return kind;
  }

  /** Whether every step of `actor` in `component` fits its messages to `receiver` into its mailbox, in component `at`. */
  private fits(actor: number, component: number, receiver: number, at: number): boolean {
    const room = this.compiled.actors[receiver]!.capacity - this.compiled.actors[receiver]!.mailboxLength(at);
    for (const step of this.compiled.actors[actor]!.stepsOf(component)) {
      const sends = step.outcome.sends;
      let count = 0;
      for (let k = 0; k < sends.length; k += 2) if (sends[k] === receiver) count++;
      if (count > room) return false;
    }
    return true;
  }

  private grow(oldest: number, index: number): void {
    let length = this.ring.length * 2;
    while (index - oldest >= length) length *= 2;
    const ring = new Int32Array(length);
    for (let at = oldest; at < index; at++) ring[at & (length - 1)] = this.of(at);
    this.ring = ring;
  }
}

/** The actors `step` sends to, as a bit mask. */
function receiversOf(step: ComponentStep): number {
  const sends = step.outcome.sends;
  let receivers = 0;
  for (let k = 0; k < sends.length; k += 2) receivers |= 1 << sends[k]!;
  return receivers;
}
