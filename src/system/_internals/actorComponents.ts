/**
 * One actor's part of the global state, interned: its local state together with its mailbox.
 *
 * A global state is then one integer per actor (SPIN's COLLAPSE idea applied to actors). The
 * steps an actor can take in a component, and the component reached by appending a message,
 * are memoized, so a global step costs a few array reads and no XState call.
 */
import { Reaction, type LocalMachine, type LocalOutcome } from './localMachine.ts';
import type { MessageTable } from './messages.ts';
import { doubled } from './doubled.ts';
import { hashIndex } from './hashIndex.ts';

/** What kind of step an actor takes (style.md §2: steps are `deliver` or `choose`). */
export const enum StepKind {
  /** The first non-deferred message of the mailbox is handled. */
  Deliver = 0,
  /** The first non-deferred message is ignored on purpose (meta.ignore). */
  Ignore = 1,
  /** The first non-deferred message is not handled: an `unhandled` violation. */
  Unhandled = 2,
  /** The actor takes an environment choice or an `after` timer. */
  Choose = 3,
}

/** One step an actor can take from one component. */
export interface ComponentStep {
  readonly kind: StepKind;
  /** The event taken: a message from the mailbox, or a choice. */
  readonly message: number;
  /** For mailbox steps, the position of the message in the mailbox; -1 for choices. */
  readonly position: number;
  /** The actor's component after the step, before its own sends are appended. */
  readonly next: number;
  readonly outcome: LocalOutcome;
}

const NO_STEPS: readonly ComponentStep[] = Object.freeze([]);
const OVERFLOW = -1;

export class ActorComponents {
  // Per component: its local state, where its mailbox starts in `pool` and how long it is, and
  // its hash. Typed arrays rather than an object per component: models with symmetry make
  // hundreds of thousands of components (renamed ones), and the collector has to walk objects.
  private locals = new Int32Array(64);
  private starts = new Int32Array(64);
  private lengths = new Int32Array(64);
  private hashes = new Int32Array(64);
  private count = 0;
  /** Every mailbox's messages, one after another. */
  private pool = new Int32Array(256);
  private poolUsed = 0;
  /** Open addressing on `hashes`: component + 1 per slot, 0 for an empty slot. */
  private table = new Int32Array(128);
  private readonly steps: (readonly ComponentStep[] | undefined)[] = [];
  /**
   * `append` memoized, by open addressing: per slot the component + 1 (0 for an empty slot)
   * and the message, and the component the append gives. Typed arrays rather than a row per
   * component: message ids run into the thousands, and sparse rows become dictionaries.
   */
  private appendKeys = new Int32Array(2 * 256);
  private appendValues = new Int32Array(256);
  private appendCount = 0;
  private readonly ends: number[] = [];

  constructor(
    readonly machine: LocalMachine,
    private readonly messages: MessageTable,
    readonly capacity: number,
    /** Shared by the actors of a system: the largest component id of any of them. */
    private readonly largest: { component: number },
  ) {}

  get size(): number {
    return this.count;
  }

  intern(local: number, mailbox: Int32Array): number {
    const hash = hashOf(local, mailbox);
    const mask = this.table.length - 1;
    let slot = hash & mask;
    for (let entry = this.table[slot]!; entry !== 0; entry = this.table[slot]!) {
      if (this.hashes[entry - 1] === hash && this.holds(entry - 1, local, mailbox)) return entry - 1;
      slot = (slot + 1) & mask;
    }
    const id = this.count++;
    if (id > this.largest.component) this.largest.component = id;
    if (id === this.locals.length) [this.locals, this.starts, this.lengths, this.hashes] = [doubled(this.locals), doubled(this.starts), doubled(this.lengths), doubled(this.hashes)];
    while (this.poolUsed + mailbox.length > this.pool.length) this.pool = doubled(this.pool);
    this.pool.set(mailbox, this.poolUsed);
    this.locals[id] = local;
    this.starts[id] = this.poolUsed;
    this.lengths[id] = mailbox.length;
    this.hashes[id] = hash;
    this.poolUsed += mailbox.length;
    this.table[slot] = id + 1;
    if (this.count * 2 > this.table.length) this.table = hashIndex(this.hashes, this.count, this.table.length * 2);
    return id;
  }

  /** Whether component `id` is `local` with `mailbox`. */
  private holds(id: number, local: number, mailbox: Int32Array): boolean {
    if (this.locals[id] !== local || this.lengths[id] !== mailbox.length) return false;
    const start = this.starts[id]!;
    for (let i = 0; i < mailbox.length; i++) if (this.pool[start + i] !== mailbox[i]) return false;
    return true;
  }


  /** The canonical key of a component: its local state's key and its mailbox's messages. */
  keyOf(component: number): string {
    const mailbox = Array.from(this.mailbox(component), (message) => this.messages.key(message));
    return JSON.stringify([this.machine.keyOf(this.locals[component]!), mailbox]);
  }

  /** The component with this key, built from it if it was never reached here. */
  fromKey(key: string): number {
    const [localKey, mailbox] = JSON.parse(key) as [string, string[]];
    const local = this.machine.fromKey(localKey);
    return this.intern(local, Int32Array.from(mailbox, (message) => this.messages.intern(JSON.parse(message))));
  }

  local(component: number): number {
    return this.locals[component]!;
  }

  mailboxLength(component: number): number {
    return this.lengths[component]!;
  }

  /** Message `position` of the component's mailbox (0 is the oldest), without the view `mailbox` makes. */
  messageAt(component: number, position: number): number {
    return this.pool[this.starts[component]! + position]!;
  }

  /** The messages in the component's mailbox, oldest first (a view: do not write to it). */
  mailbox(component: number): Int32Array {
    const start = this.starts[component]!;
    return this.pool.subarray(start, start + this.lengths[component]!);
  }

  /** The steps of this actor in `component`, in the stable order: mailbox step, then choices. */
  stepsOf(component: number): readonly ComponentStep[] {
    return this.steps[component] ?? (this.steps[component] = this.computeSteps(component));
  }

  /** The component after appending `message`, or -1 when the mailbox is full. */
  append(component: number, message: number): number {
    const keys = this.appendKeys;
    const mask = this.appendValues.length - 1;
    let slot = appendHash(component, message) & mask;
    for (let stored = keys[2 * slot]!; stored !== 0; stored = keys[2 * slot]!) {
      if (stored === component + 1 && keys[2 * slot + 1] === message) return this.appendValues[slot]!;
      slot = (slot + 1) & mask;
    }
    const mailbox = this.mailbox(component);
    let next = OVERFLOW;
    if (mailbox.length < this.capacity) {
      const grown = new Int32Array(mailbox.length + 1);
      grown.set(mailbox);
      grown[mailbox.length] = message;
      next = this.intern(this.locals[component]!, grown);
    }
    keys[2 * slot] = component + 1;
    keys[2 * slot + 1] = message;
    this.appendValues[slot] = next;
    if (++this.appendCount * 2 > this.appendValues.length) this.growAppends();
    return next;
  }

  /** Doubles `append`'s table. */
  private growAppends(): void {
    const [keys, values] = [this.appendKeys, this.appendValues];
    this.appendKeys = new Int32Array(keys.length * 2);
    this.appendValues = new Int32Array(values.length * 2);
    const mask = this.appendValues.length - 1;
    for (let old = 0; old < values.length; old++) {
      if (keys[2 * old] === 0) continue;
      let slot = appendHash(keys[2 * old]! - 1, keys[2 * old + 1]!) & mask;
      while (this.appendKeys[2 * slot] !== 0) slot = (slot + 1) & mask;
      this.appendKeys[2 * slot] = keys[2 * old]!;
      this.appendKeys[2 * slot + 1] = keys[2 * old + 1]!;
      this.appendValues[slot] = values[old]!;
    }
  }

  /**
   * Whether this component may be part of a valid end state (design.md, semantics 8): an
   * empty mailbox, and a final or resting local state.
   */
  isEnd(component: number): boolean {
    let end = this.ends[component];
    if (end === undefined) {
      const info = this.machine.info(this.locals[component]!);
      end = this.ends[component] = this.lengths[component] === 0 && (info.final || info.annotations.resting) ? 1 : 0;
    }
    return end === 1;
  }

  private computeSteps(component: number): readonly ComponentStep[] {
    const local = this.locals[component]!;
    const mailbox = this.mailbox(component);
    const steps: ComponentStep[] = [];
    // Semantics 5: the actor takes the first message its state does not defer.
    for (let position = 0; position < mailbox.length; position++) {
      const message = mailbox[position]!;
      const outcome = this.machine.outcome(local, message);
      if (outcome.reaction === Reaction.Defer) continue;
      const rest = new Int32Array(mailbox.length - 1);
      rest.set(mailbox.subarray(0, position));
      rest.set(mailbox.subarray(position + 1), position);
      const kind =
        outcome.reaction === Reaction.Handle ? StepKind.Deliver : outcome.reaction === Reaction.Ignore ? StepKind.Ignore : StepKind.Unhandled;
      steps.push({ kind, message, position, next: this.intern(outcome.next, rest), outcome });
      break;
    }
    for (const choice of this.machine.choices(local)) {
      const outcome = this.machine.outcome(local, choice);
      steps.push({ kind: StepKind.Choose, message: choice, position: -1, next: this.intern(outcome.next, mailbox), outcome });
    }
    return steps.length === 0 ? NO_STEPS : steps;
  }
}

/** A hash of (component, message), for `append`'s table. */
function appendHash(component: number, message: number): number {
  let h = Math.imul(component ^ Math.imul(message, 0x9e3779b9), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A hash of a component: its local state and its messages (FNV-style, then mixed). */
function hashOf(local: number, mailbox: Int32Array): number {
  let h = Math.imul(local ^ 0x811c9dc5, 0x01000193);
  for (let i = 0; i < mailbox.length; i++) h = Math.imul(h ^ mailbox[i]!, 0x01000193) ^ (h >>> 15);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  return h ^ (h >>> 13);
}
