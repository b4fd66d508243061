/**
 * Each actor of a live run, seen as an XState actor: `getSnapshot()`, `subscribe()` and
 * `send()`, like an `ActorRef` of `createActor(machine)`.
 *
 * Why not run XState's own interpreter (`createActor(machine).start()`) for each actor? It would
 * execute entry and transition actions a second way, beside the step function the checker
 * proved, and it drops an event its state does not handle — exactly the bug class interleave
 * exists to catch (design.md, semantics 5). So the runtime keeps one global state, advanced
 * only by `applyStep` (XState's pure `transition()` underneath, memoized), and each
 * `LiveActor` is a view of its actor in that state: the snapshot is its state value, context,
 * tags and mailbox; subscribers hear every step that changes the actor (its own steps, and
 * messages appended to its mailbox); `send` appends to its mailbox by the mailbox rules of
 * semantics 3 (FIFO, plain data, capacity), and the actor takes the message in a later step
 * that the scheduler picks.
 */
import { matchesState, type EventObject, type StateValue } from 'xstate';
import type { ActorSnapshot } from '../system/step.ts';

/** An actor's snapshot in a live run: `describeState`'s view of it, plus XState's status and queries. */
export interface LiveSnapshot extends ActorSnapshot {
  /** `done` in a final state; `stopped` once the run has ended elsewhere; else `active`. */
  readonly status: 'active' | 'done' | 'stopped';
  /** XState's `matches`: e.g. `'probing'` or `{ probing: 'inquiry' }`. */
  matches(value: StateValue): boolean;
  hasTag(tag: string): boolean;
}

/** An observer of one actor, as XState's `subscribe` takes it. */
export type LiveObserver =
  | ((snapshot: LiveSnapshot) => void)
  | { next?: (snapshot: LiveSnapshot) => void; error?: (error: unknown) => void; complete?: () => void };

/** One actor of a running system. */
export interface LiveActor {
  /** The actor's name in the system. */
  readonly id: string;
  /** Its current snapshot. */
  getSnapshot(): LiveSnapshot;
  /** Calls `observer` after each change of this actor; `complete` when the run ends. */
  subscribe(observer: LiveObserver): { unsubscribe(): void };
  /**
   * Appends `event` to this actor's mailbox from outside the system (a user, a test, another
   * program). Throws when the mailbox is full or the run has ended. A run that received such
   * messages is not replayable by step indices alone: `RunResult.injected` lists them.
   */
  send(event: EventObject): void;
}

/** What a live actor needs from its run. */
export interface ActorHost {
  snapshotOf(actor: string): ActorSnapshot;
  readonly ended: boolean;
  enqueue(actor: string, event: EventObject): void;
}

/** The {@link LiveActor} of one actor; the run calls `changed`, `complete` and `fail`. */
export class LiveActorRef implements LiveActor {
  private readonly observers = new Set<Exclude<LiveObserver, Function>>();

  constructor(
    readonly id: string,
    private readonly host: ActorHost,
  ) {}

  getSnapshot(): LiveSnapshot {
    const snapshot = this.host.snapshotOf(this.id);
    const tags = new Set(snapshot.tags);
    return {
      ...snapshot,
      status: snapshot.final ? 'done' : this.host.ended ? 'stopped' : 'active',
      matches: (value: StateValue) => matchesState(value, snapshot.value),
      hasTag: (tag: string) => tags.has(tag),
    };
  }

  subscribe(observer: LiveObserver): { unsubscribe(): void } {
    const entry = typeof observer === 'function' ? { next: observer } : observer;
    this.observers.add(entry);
    return { unsubscribe: () => this.observers.delete(entry) };
  }

  send(event: EventObject): void {
    if (this.host.ended) throw new Error(`cannot send ${event?.type} to ${this.id}: the run has ended`);
    this.host.enqueue(this.id, event);
  }

  /** Tells subscribers that this actor changed. */
  changed(): void {
    if (this.observers.size === 0) return;
    const snapshot = this.getSnapshot();
    for (const observer of this.observers) observer.next?.(snapshot);
  }

  complete(): void {
    for (const observer of this.observers) observer.complete?.();
    this.observers.clear();
  }

  fail(error: unknown): void {
    for (const observer of this.observers) observer.error?.(error);
    this.observers.clear();
  }
}
