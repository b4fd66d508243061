/**
 * What a check returns: a verdict (a discriminated union, style.md §4), a trace when a property
 * fails, and statistics. An `inconclusive` verdict carries its coverage; no code path turns it
 * into `pass`.
 */
import type { EventObject, StateValue } from 'xstate';
import type { Coverage } from './coverage.ts';

export type ViolationKind = 'deadlock' | 'unhandled' | 'overflow' | 'invariant' | 'liveness';
export type VerdictKind = 'pass' | 'inconclusive' | 'unreachable' | ViolationKind;

export type Verdict = PassVerdict | Violation | UnreachableVerdict | InconclusiveVerdict;

export interface PassVerdict {
  readonly kind: 'pass';
}

export interface Violation {
  readonly kind: ViolationKind;
  /** The property violated: an invariant's name, or the built-in check's kind. */
  readonly property: string;
  /** For a property stated with `forEach`: the item it fails for. */
  readonly item?: unknown;
  readonly trace: Trace;
  readonly diagnosis: Diagnosis;
}

/** Every reachable state was explored, and none satisfies a `reachable` property. No trace: there is nothing to show but the count. */
export interface UnreachableVerdict {
  readonly kind: 'unreachable';
  /** The first `reachable` property (in declaration order) that no state satisfies. */
  readonly property: string;
  /** Human-readable: what was explored. */
  readonly message: string;
}

export interface InconclusiveVerdict {
  readonly kind: 'inconclusive';
  /** Which limit ended the run. */
  readonly reason: 'max-states' | 'max-seconds' | 'max-local-states' | 'max-memory';
  /** Human-readable: what was covered, and what likely made the space large. */
  readonly message: string;
}

/** A path from the initial state: what each actor did, step by step. */
export interface Trace {
  /** Each actor's initial state, and what its entry actions sent and logged. */
  readonly initial: readonly TraceStart[];
  readonly steps: readonly TraceStep[];
  /**
   * For a liveness lasso: the steps from `cycleStart` to the end form a cycle that repeats
   * forever (it returns to the state before step `cycleStart`). Equal to `steps.length` when
   * the behaviour instead stays forever in the last state, where no step is enabled.
   */
  readonly cycleStart?: number;
}

export interface TraceStart {
  readonly actor: string;
  readonly state: ActorState;
  readonly sends: readonly TraceSend[];
  readonly logs: readonly TraceLog[];
}

/** A line of the driver log and where it ran (the queue named by `log(text, source)`, or the actor). */
export interface TraceLog {
  readonly text: string;
  readonly source: string;
}

export interface TraceStep {
  /** Position of this step among the steps enabled before it: replay coordinates. */
  readonly index: number;
  readonly actor: string;
  readonly kind: 'deliver' | 'choose';
  readonly event: EventObject;
  /** `overflow`: a send of this step found its receiver's mailbox full. */
  readonly outcome: 'handled' | 'ignored' | 'unhandled' | 'overflow';
  readonly sends: readonly TraceSend[];
  readonly logs: readonly TraceLog[];
  readonly drops: readonly string[];
  /** The stepping actor's state after the step. */
  readonly state: ActorState;
}

export interface TraceSend {
  readonly to: string;
  readonly event: EventObject;
}

export interface ActorState {
  readonly value: StateValue;
  /** The state value as a dotted path. */
  readonly label: string;
  readonly context: unknown;
}

/** Why the last state of a trace is bad, in the model's terms. */
export interface Diagnosis {
  /** One paragraph saying what went wrong. */
  readonly summary: string;
  /** The actors that are not where they should be (for a deadlock: every stuck actor). */
  readonly actors: readonly StuckActor[];
  /** A wait-for cycle among blocked actors, first actor repeated at the end; empty if none. */
  readonly cycle: readonly string[];
  /** Messages dropped on purpose (`drop()`) or ignored (`meta.ignore`) along the trace. */
  readonly dropped: readonly DroppedMessage[];
  /** Numbered suggestions. */
  readonly hints: readonly string[];
}

export interface StuckActor {
  readonly actor: string;
  readonly state: string;
  readonly final: boolean;
  readonly resting: boolean;
  readonly waitsFor: readonly string[];
  readonly mailbox: readonly { event: EventObject; deferred: boolean }[];
}

export interface DroppedMessage {
  /** The step (1-based, as printed) at which it was dropped. */
  readonly step: number;
  readonly actor: string;
  readonly event: EventObject;
  readonly reason: string;
}

export interface Stats {
  readonly states: number;
  readonly transitions: number;
  readonly depth: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly bytesPerState: number;
  /**
   * With sleep sets: the transitions whose successor was computed. The others led to states
   * reached first another way, so they were counted in `transitions` but not followed.
   */
  readonly stepsFollowed?: number;
  /** With partial-order reduction: the states expanded by one actor's steps alone (an ample set). */
  readonly ampleStates?: number;
  /** Distinct local states per actor (each one cost one XState transition at most). */
  readonly localStates: Readonly<Record<string, number>>;
  /** When liveness or per-item properties were checked: the seconds spent on the state graph after the search (included in `seconds`). */
  readonly graphSeconds?: number;
}

export interface CheckResult {
  readonly verdict: Verdict;
  readonly stats: Stats;
  /** How visited states were stored: `exact` keeps whole vectors, `fingerprint` 64-bit fingerprints. */
  readonly store: 'exact' | 'fingerprint';
  /** For the fingerprint store: a bound on the chance that a fingerprint collision hid states. */
  readonly collisionProbability?: number;
  /** How many worker threads searched (absent: one). */
  readonly workers?: number;
  /** The state-space reductions that were on. */
  readonly reductions: readonly string[];
  /** The fairness liveness properties were checked under, when there were any. */
  readonly fairness?: 'none' | 'weak' | 'strong';
  /** Things the user should know about this run (e.g. liveness checked without fairness). */
  readonly warnings: readonly string[];
  /** With the `coverage` option: the parts of each statechart the search reached. */
  readonly coverage?: Coverage;
  /**
   * For each `reachable` property the search reached: the shortest path to a state that
   * satisfies it (breadth-first; partial-order reduction may make it longer, as for traces).
   */
  readonly examples?: Readonly<Record<string, Trace>>;
}
