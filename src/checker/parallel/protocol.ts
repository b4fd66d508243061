/**
 * What the main thread and the workers of a parallel search share: the layout of the control
 * words, of each worker's report, and the data a worker starts with.
 */
import { ModelError } from '../../system/errors.ts';
import type { FrontierMemory } from './sharedFrontier.ts';
import type { RegistryMemory } from './registry.ts';

/** The largest growable SharedArrayBuffer Node 20 allows: the tables and levels the threads share reserve this much address space (not memory). */
export const MAX_SHARED_BYTES = 2 ** 32;

/**
 * Grows `buffer` to at least `needed` bytes (doubling, up to the limit); past the limit, says
 * which of the parallel search's tables (`what`) outgrew it.
 */
export function growShared(buffer: SharedArrayBuffer, needed: number, what: string): void {
  if (needed > MAX_SHARED_BYTES) {
    throw new ModelError(`parallel search: ${what} would need ${needed} bytes, more than a shared buffer can hold (${MAX_SHARED_BYTES}); search on one thread (without --workers), which has no such limit`);
  }
  buffer.grow(Math.min(MAX_SHARED_BYTES, Math.max(needed, buffer.byteLength * 2)));
}

/** Where a worker finds the model: the same file, configuration and parameters as the main thread. */
export interface ModelSource {
  readonly file: string;
  readonly config: string;
  readonly set: Readonly<Record<string, unknown>>;
}

export interface WorkerStart {
  readonly index: number;
  readonly source: ModelSource;
  readonly registry: RegistryMemory;
  readonly table: SharedArrayBuffer;
  readonly frontiers: readonly [FrontierMemory, FrontierMemory];
  readonly control: SharedArrayBuffer;
  readonly reports: SharedArrayBuffer;
  /** A failed worker's error message (UTF-8, ERROR_BYTES per worker). */
  readonly errors: SharedArrayBuffer;
  /**
   * Per worker, per `reachable` property: the number of the first state it found that
   * satisfies it, or -1 (Float64Array, one word per property).
   */
  readonly goals: SharedArrayBuffer;
  readonly logFile: string;
  /** Skip steps by sleep sets (see `SleepSets`). */
  readonly sleepSets: boolean;
  /** Store each state as the representative of its orbit under the model's declared symmetry (see `Symmetry`). */
  readonly symmetry: boolean;
  /**
   * Expand each level's states one at a time from the last to the first: an order several
   * workers could produce, in which the edge that meets a state first is seldom the one a
   * one-thread search follows first. For tests of what must not depend on the order.
   */
  readonly lastFirst: boolean;
}

// Control words (Int32Array over `control`).
/**
 * A level's row: the state's global component ids, then its fingerprint (both hash words as
 * computed, before the table replaces a 0), so that a worker does not hash the rows it expands,
 * then its sleep set (see `SleepSets`), which edges into the state AND into while the level is
 * being built. A row whose first word is `HOLE` holds no state: workers take places in a level
 * in blocks, and the unused end of a block is left empty.
 */
export const rowWidth = (actors: number): number => actors + 3;
export const hashLowAt = (actors: number): number => actors;
export const sleepAt = (actors: number): number => actors + 2;
export const HOLE = -1;

export const GENERATION = 0; // bumped by the main thread to start a level
export const DONE = 1; // workers done with the current level
export const CURRENT = 2; // which frontier holds the level to expand (0 or 1)
export const STOP = 3; // 1: exit
export const BASE_HIGH = 4; // state number of the level's first row, as two words (may exceed 2^31)
export const BASE_LOW = 5;
export const NEXT_BASE_HIGH = 6;
export const NEXT_BASE_LOW = 7;
/** States in the table (workers add theirs in batches); at FULL_AT or more, workers pause the level. */
export const INSERTED = 8;
export const FULL_AT = 9;
/** 1: a worker paused the level for the table to grow; the next generation goes on with it. */
export const PAUSED = 10;
export const CONTROL_WORDS = 11;

// Each worker's report (Float64Array over `reports`, REPORT_WORDS per worker).
export const TRANSITIONS = 0;
export const LARGEST_LOCAL = 1; // the most distinct local states of any one actor
export const LARGEST_ACTOR = 2;
export const FOUND = 3; // 0 none, else a FindingKind
export const FOUND_STATE = 4; // the state being expanded
export const FOUND_STEP = 5; // the step index (for invariants: of the step that reached the bad state)
export const FOUND_RECEIVER = 6; // overflow: whose mailbox
export const FOUND_PROPERTY = 7; // invariant: its index; also the bad state's number
export const FOUND_TARGET = 8;
export const ERROR = 9; // > 0: the worker failed; the length of its message in `errors`
export const SKIPPED = 10; // steps that sleep sets did not follow
export const HOLES = 11; // rows of the next level, among those the worker took this generation, that hold no state
export const OUT_OF_MEMORY = 12; // > 0: the worker stopped as its JavaScript heap was (nearly) full, holding this many bytes
export const REPORT_WORDS = 13; // workerEntry.mjs and supervisor.mjs write ERROR knowing this
export const ERROR_BYTES = 4096;

export const enum FindingKind {
  Deadlock = 1,
  Unhandled = 2,
  Overflow = 3,
  Invariant = 4,
}

export function splitNumber(value: number): [number, number] {
  return [Math.floor(value / 2 ** 30), value % 2 ** 30];
}

export function joinNumber(high: number, low: number): number {
  return high * 2 ** 30 + low;
}
