/**
 * Partial-order reduction over actor steps: in a state, expand only the enabled steps of one
 * actor (an ample set; Peled, "All from one, one for all", CAV 1993; Clarke, Grumberg & Peled,
 * Model Checking, ch. 10) when no interleaving of the other actors' steps can change what those
 * steps do or what the properties see, and expand everything otherwise.
 *
 * In interleave a step of actor `a` reads and writes `a`'s own component and appends to its
 * receivers' mailboxes. Another actor's step can interfere only by appending to the same
 * mailboxes (the order of messages, or a mailbox overflowing one way and not the other): to
 * `a`'s own mailbox (a message arriving there can also give `a` a step it does not have yet,
 * when its only steps are choices), or to a mailbox `a` sends to. So `a`'s steps are an
 * ample set when none of the actors that might act before `a` does — those enabled now, and
 * those they can wake by sending, transitively, not through `a` — may send to those mailboxes
 * (C1); when neither `a` nor its receivers are read by a property (C2); and when at least one
 * of its successors is new (the cycle proviso C3, which the search applies).
 *
 * "May send to" must hold for every reachable state, explored or not, so it comes from the
 * actors' declared `sendsTo` (the checker enforces the declaration on every send it computes);
 * an actor without a declaration may send to anyone. Deadlocks, unhandled messages, overflows
 * and invariants are preserved; liveness is not proven here, and counterexamples found with
 * the reduction can be longer than the shortest.
 */
import type { CompiledSystem, StateVector } from '../../system/step.ts';
import { ModelError } from '../../system/errors.ts';

/** States asked about before the reduction gives up on a model where it finds no ample set. */
const GIVE_UP_AFTER = 20_000;

export class PartialOrder {
  /** Per actor, the actors it may send to; undefined: any. */
  private readonly sendsTo: (Int32Array | undefined)[];
  /** Per actor, 1 if it can ever be ample: invisible, with declared receivers that are all invisible. */
  private readonly candidates: Uint8Array;
  private readonly mark: Uint8Array;
  private readonly reached: Uint8Array;
  private readonly queue: Int32Array;
  /** The actors enabled in the state being asked about. */
  private readonly enabledActors: Int32Array;

  constructor(
    private readonly compiled: CompiledSystem,
    /** Per actor, 1 if a property reads it. */
    private readonly visible: Uint8Array,
  ) {
    this.sendsTo = compiled.system.actors.map((spec) =>
      spec.sendsTo ? Int32Array.from(spec.sendsTo, (name) => compiled.actorIndex(name)!) : undefined,
    );
    this.candidates = Uint8Array.from(this.sendsTo, (targets, actor) =>
      !visible[actor] && targets !== undefined && targets.every((target) => !visible[target]) ? 1 : 0,
    );
    this.mark = new Uint8Array(compiled.width);
    this.reached = new Uint8Array(compiled.width);
    this.queue = new Int32Array(compiled.width);
    this.enabledActors = new Int32Array(compiled.width);
  }

  /** Whether the reduction can ever apply: some actor could be ample in some state. */
  get applicable(): boolean {
    return this.candidates.includes(1);
  }

  /** How many states were asked about, how many got an ample set, and how many of those the cycle proviso expanded in full. */
  private asked = 0;
  private found = 0;
  private overruled = 0;

  /** The states expanded by an ample set alone: one actor's steps. */
  get ampleStates(): number {
    return this.found - this.overruled;
  }

  /** The search expanded in full a state it had an ample set for (the cycle proviso). */
  overrule(): void {
    this.overruled++;
  }

  /** False once the reduction has given up: every state is expanded in full from then on. */
  get looking(): boolean {
    return this.asked < GIVE_UP_AFTER || this.found > 0;
  }

  /**
   * The actor whose enabled steps form an ample set in `state`, or -1 to expand every step.
   * When no ample set turns up in the first states, the model's coupling leaves nothing to
   * reduce, and the reduction stops looking (expanding everything is always sound).
   */
  ampleActor(state: StateVector): number {
    if (!this.looking) return -1;
    this.asked++;
    const actor = this.findAmpleActor(state);
    if (actor >= 0) this.found++;
    return actor;
  }

  private findAmpleActor(state: StateVector): number {
    const { compiled, enabledActors } = this;
    let enabledCount = 0;
    for (let actor = 0; actor < state.length; actor++) if (compiled.actors[actor]!.stepsOf(state[actor]!).length > 0) enabledActors[enabledCount++] = actor;
    if (enabledCount < 2) return -1;
    for (let e = 0; e < enabledCount; e++) {
      const actor = enabledActors[e]!;
      if (this.candidates[actor] && this.isAmple(state, actor, enabledCount)) return actor;
    }
    return -1;
  }

  /** Whether `actor`'s steps are an ample set, given the `enabled` actors listed first in `enabledActors`. */
  private isAmple(state: StateVector, actor: number, enabled: number): boolean {
    const { compiled, mark } = this;
    // The mailboxes the actor's steps touch: its receivers', and always its own: a message
    // arriving there could overflow it, or give the actor a step it does not have now (when its
    // only steps are choices).
    mark.fill(0);
    mark[actor] = 1;
    for (const step of compiled.actors[actor]!.stepsOf(state[actor]!)) {
      const sends = step.outcome.sends;
      for (let k = 0; k < sends.length; k += 2) {
        const to = sends[k]!;
        if (this.visible[to]) return false;
        mark[to] = 1;
      }
    }
    // The actors that might act before `actor` does: enabled ones, and those they can wake.
    const { queue, reached } = this;
    reached.fill(0);
    let length = 0;
    for (let e = 0; e < enabled; e++) {
      const other = this.enabledActors[e]!;
      if (other !== actor) (reached[other] = 1), (queue[length++] = other);
    }
    for (let head = 0; head < length; head++) {
      const targets = this.sendsTo[queue[head]!];
      if (!targets) return false; // it may send anywhere
      for (const target of targets) {
        if (mark[target]) return false;
        if (target !== actor && !reached[target]) (reached[target] = 1), (queue[length++] = target);
      }
    }
    return true;
  }
}

/**
 * Which actors the invariants read: those declared by `reads`, or every actor if one does not
 * say. `reads` holds, per invariant, its name and its declaration.
 */
export function visibleActors(compiled: CompiledSystem, reads: readonly (readonly [string, readonly string[] | undefined])[]): Uint8Array {
  const visible = new Uint8Array(compiled.width);
  let everyActor = false;
  for (const [property, names] of reads) {
    if (!names) {
      everyActor = true;
      continue;
    }
    for (const name of names) {
      const actor = compiled.actorIndex(name);
      if (actor === undefined) throw new ModelError(`property '${property}' declares it reads unknown actor '${name}' (actors: ${compiled.names.join(', ')})`);
      visible[actor] = 1;
    }
  }
  return everyActor ? visible.fill(1) : visible;
}
