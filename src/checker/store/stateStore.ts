/**
 * The seen-set of a search (TLC keeps its frontier, seen-set and liveness graph as separate
 * parts behind interfaces; so do we). States are numbered 0, 1, 2, … in insertion order.
 *
 * Hashes are computed by the caller (`hash.ts`: incrementally, from the parent's hash and the
 * patch), so that a search can hash all successors of a state first and `touch` their slots
 * before inserting them: the cache misses of a batch then overlap instead of queueing.
 */
import type { StatePatch } from '../../system/step.ts';

export interface StateStore {
  /** `exact` keeps whole state vectors. */
  readonly kind: string;
  /** How many distinct states are stored. */
  readonly size: number;
  /**
   * Stores `base` with `patch` applied (or `base` itself when `patch` is undefined), whose
   * hash is `hash`. `base` must be the state numbered `parent` when a patch is given. Returns
   * the new state's number, or -1 if the state was stored before.
   */
  add(base: Int32Array, patch: StatePatch | undefined, hash: number, parent: number): number;
  /** Prepares to store vectors whose entries are at most `largest` (call before `add`). */
  reserve(largest: number): void;
  /** Reads the table slot of `hash`, so that a following `add` finds it in cache. */
  touch(hash: number): number;
  /** Copies the state numbered `index` into `out`. */
  read(index: number, out: Int32Array): void;
  /** The hash the state numbered `index` was stored with. */
  hashOf(index: number): number;
  /** The number of the state `index` was first reached from, or -1. */
  parentOf(index: number): number;
  /** Bytes the store holds in typed arrays. */
  bytes(): number;
}
