/**
 * The seen-set of a search (TLC keeps its frontier, seen-set and liveness graph as separate
 * parts behind interfaces; so do we). States are numbered 0, 1, 2, … in insertion order.
 *
 * Successors are added in two phases, for a batch of states at a time: while the search
 * computes the successors of the batch's states it `stage`s each (the store hashes it
 * incrementally from its parent, and looks it up in whatever is cheap), then it `commit`s them
 * in order (the store first touches all the memory the commits will need, so that the misses
 * overlap).
 */
import type { StatePatch } from '../../system/step.ts';

export interface StateStore {
  /** `exact` keeps whole state vectors; `fingerprint` keeps 64-bit fingerprints. */
  readonly kind: 'exact' | 'fingerprint';
  /** How many distinct states are stored. */
  readonly size: number;
  /** Prepares to store vectors whose entries are at most `largest`. Call before staging them. */
  reserve(largest: number): void;
  /** Stores an initial state: its number if new, or `~number` (negative) if stored before. */
  addInitial(state: Int32Array): number;
  /** Starts a batch: staged successors are numbered from 0 again. */
  startBatch(): void;
  /**
   * Adds the state numbered `index`, whose vector is `state`, to the batch: the successors
   * staged from now on are its. States join a batch in increasing order.
   */
  expand(index: number, state: Int32Array): void;
  /**
   * Stages the next successor of the expanded state: the expanded state with `patch` applied,
   * reached by the step at position `step` among the expanded state's enabled steps.
   */
  stage(patch: StatePatch, step: number): void;
  /** Stages a successor given whole (as symmetry reduction gives its representative). */
  stageVector(state: Int32Array, step: number): void;
  /**
   * Stores the `k`-th staged successor of the batch (k = 0, 1, … in order): its number if new,
   * or a negative value if it was stored before — `~number` from a store that keeps state
   * numbers (`exact`).
   */
  commit(k: number): number;
  /**
   * Copies the state numbered `index` into `out`. A store that does not keep whole states
   * (`fingerprint`) can read only states not yet expanded; traces are rebuilt from
   * `parentOf` and `stepOf` instead.
   */
  read(index: number, out: Int32Array): void;
  /** The number of the state `index` was first reached from, or -1. */
  parentOf(index: number): number;
  /** The position, among its parent's enabled steps, of the step that first reached state `index`. */
  stepOf(index: number): number;
  /** The chance that two different states were taken for one (0 for an exact store). */
  collisionProbability(): number;
  /** Releases what the store holds outside the JavaScript heap (files). */
  close(): void;
  /** Bytes the store holds in typed arrays. */
  bytes(): number;
}
