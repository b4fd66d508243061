/**
 * Breadth-first search on several cores (`--workers N`). The main thread runs no search: it
 * starts each level, waits for the workers at the level's end, and decides there — the
 * earliest violation, limits, growing the shared fingerprint table. A level that fills the
 * table is paused by the workers, and goes on once the table has grown. Levels keep the
 * breadth-first order, so counterexamples stay shortest; which of several equally short ones
 * is found may differ from run to run.
 *
 * Everything is synchronous (`Atomics.wait`), so `check()` stays a plain function.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ModelError } from '../../system/errors.ts';
import { findStep, type CompiledSystem, type StateVector } from '../../system/step.ts';
import { InvariantChecker } from '../invariants.ts';
import type { Finding, Invariant, Progress, SearchLimits, SearchOutcome } from '../search.ts';
import { hashVector, hashVectorHigh } from '../store/hash.ts';
import { memoryExceeded, workerHeapFull } from '../memoryLimit.ts';
import * as P from './protocol.ts';
import { GlobalIds, idSpaces } from './globalIds.ts';
import { createRegistryMemory, SharedRegistry } from './registry.ts';
import { SharedFrontier } from './sharedFrontier.ts';
import { SharedFingerprintTable } from './sharedTable.ts';
import { representativeOf, Symmetry, type SymmetryDefinition } from '../symmetry/symmetry.ts';

export interface ParallelSearchOptions {
  readonly workers: number;
  readonly source: P.ModelSource;
  readonly limits: SearchLimits;
  /** The model's invariants, in the order the workers number them. */
  readonly invariants: readonly Invariant[];
  /** How many `reachable` properties the model has (the workers evaluate them; see `GoalTracker`). */
  readonly goals: number;
  /** Whether workers skip steps by sleep sets (see `SleepSets`). */
  readonly sleepSets: boolean;
  /** The model's declared symmetry, to store representatives by (workers take it from the model file). */
  readonly symmetry?: SymmetryDefinition;
  /** For tests: workers expand each level last state first (see `WorkerStart.lastFirst`). */
  readonly lastFirst?: boolean;
  readonly onProgress?: (progress: Progress) => void;
}

export interface ParallelResult {
  readonly outcome: SearchOutcome;
  /** Each state's parent and step, for rebuilding the trace of a violation, or the examples of `reachable` properties. */
  readonly parents: { parentOf(index: number): number; stepOf(index: number): number };
  /** Per `reachable` property: the number of a state at the least depth that satisfies it (the initial state aside), or -1. */
  readonly goalsReached: Float64Array;
  readonly bytes: number;
  /** With symmetry: it, ordering components as the workers did, to replay the stored representatives. */
  readonly symmetry?: Symmetry;
}

const WORKER = new URL('./workerEntry.mjs', import.meta.url);
const SUPERVISOR = new URL('./supervisor.mjs', import.meta.url);

export function parallelSearch(compiled: CompiledSystem, options: ParallelSearchOptions): ParallelResult {
  requireWorkerFiles();
  const started = performance.now();
  const { workers, limits } = options;
  const width = compiled.width;
  const registryMemory = createRegistryMemory(idSpaces(width));
  const ids = new GlobalIds(compiled, new SharedRegistry(registryMemory, idSpaces(width)));
  const table = SharedFingerprintTable.create(1 << 16);
  const frontiers = [SharedFrontier.create(P.rowWidth(width)), SharedFrontier.create(P.rowWidth(width))] as const;
  const control = new Int32Array(new SharedArrayBuffer(P.CONTROL_WORDS * 4));
  const reports = new SharedArrayBuffer(workers * P.REPORT_WORDS * 8);
  const errors = new SharedArrayBuffer(workers * P.ERROR_BYTES);
  const goals = new SharedArrayBuffer(Math.max(8, workers * options.goals * 8));
  new Float64Array(goals).fill(-1);
  const report = (worker: number) => new Float64Array(reports, worker * P.REPORT_WORDS * 8, P.REPORT_WORDS);
  const directory = mkdtempSync(join(tmpdir(), 'interleave-workers-'));

  const sum = (of: (worker: number) => number): number => Array.from({ length: workers }, (_, w) => of(w)).reduce((a, b) => a + b, 0);
  const outcome = (finding: RawFinding, states: number, depth: number, queue: number): RawOutcome => ({
    finding,
    explored: finding.kind === 'complete',
    states,
    transitions: sum((w) => report(w)[P.TRANSITIONS]!),
    followed: sum((w) => report(w)[P.TRANSITIONS]! - report(w)[P.SKIPPED]!),
    depth,
    queue,
    seconds: (performance.now() - started) / 1000,
  });

  const symmetry = options.symmetry ? new Symmetry(compiled, options.symmetry, ids) : undefined;
  const initial = representativeOf(compiled.initialState().state, symmetry);
  const row = new Int32Array(P.rowWidth(width)); // nothing asleep in the initial state
  ids.toGlobalRow(initial, row);
  const components = row.subarray(0, width);
  const hashAt = P.hashLowAt(width);
  row[hashAt] = hashVector(components);
  row[hashAt + 1] = hashVectorHigh(components);
  table.insert(row[hashAt]!, row[hashAt + 1]!, 0);
  frontiers[0].append(row);
  control[P.INSERTED] = 1;
  control[P.FULL_AT] = fullAt(table);
  const broken = new InvariantChecker(compiled, options.invariants).violated(initial);
  if (broken) {
    rmSync(directory, { recursive: true, force: true });
    const outcomeHere = resolveSteps(compiled, outcome({ kind: 'invariant', state: 0, property: broken }, 1, 0, 0), NO_PARENTS, symmetry);
    return { outcome: outcomeHere, parents: NO_PARENTS, goalsReached: new Float64Array(options.goals).fill(-1), bytes: 0, ...(symmetry ? { symmetry } : {}) };
  }

  const starts = Array.from({ length: workers }, (_, index): P.WorkerStart => ({
    index,
    source: options.source,
    registry: registryMemory,
    table: table.buffer,
    frontiers: [frontiers[0].memory, frontiers[1].memory],
    control: control.buffer as SharedArrayBuffer,
    reports,
    errors,
    goals,
    logFile: join(directory, `worker${index}.bin`),
    sleepSets: options.sleepSets,
    symmetry: symmetry !== undefined,
    lastFirst: options.lastFirst ?? false,
  }));
  // The supervisor starts the workers and reports any that dies (see supervisor.mjs).
  const supervisor = new Worker(SUPERVISOR, { workerData: { entry: WORKER.href, starts } });
  supervisor.unref();

  let states = 1;
  /** States in the level to expand (its rows less its holes). */
  let pending = 1;
  /** Rows in the levels so far: states are numbered by their rows, holes included. */
  let rows = 1;
  let base = 0;
  let depth = 0;
  let current = 0;
  let lastProgress = started;
  /** Whether a worker paused the level being expanded, and its rows that hold no state so far. */
  let paused = false;
  let holes = 0;
  let result: RawOutcome | undefined;
  try {
    for (;;) {
      const level = frontiers[current]!;
      const count = level.count;
      if (pending === 0) {
        result = outcome({ kind: 'complete' }, states, depth, 0);
        break;
      }
      const following = frontiers[1 - current]!;
      if (!paused) following.clear();
      control[P.CURRENT] = current;
      [control[P.BASE_HIGH], control[P.BASE_LOW]] = P.splitNumber(base);
      [control[P.NEXT_BASE_HIGH], control[P.NEXT_BASE_LOW]] = P.splitNumber(base + count);
      Atomics.store(control, P.DONE, 0);
      Atomics.add(control, P.GENERATION, 1);
      Atomics.notify(control, P.GENERATION);
      for (let done = 0; (done = Atomics.load(control, P.DONE)) < workers; ) Atomics.wait(control, P.DONE, done, 50);

      const heapHeld = Math.max(...Array.from({ length: workers }, (_, w) => report(w)[P.OUT_OF_MEMORY]!));
      if (heapHeld > 0) {
        result = outcome({ kind: 'limit', reason: 'max-memory', memory: workerHeapFull(heapHeld) }, states, depth, pending);
        break;
      }
      for (let w = 0; w < workers; w++) {
        const length = report(w)[P.ERROR]!;
        if (length > 0) throw new ModelError(new TextDecoder().decode(new Uint8Array(errors, w * P.ERROR_BYTES, length)));
      }
      holes += sum((w) => report(w)[P.HOLES]!);
      paused = Atomics.load(control, P.PAUSED) === 1;
      if (paused) {
        // A worker found the table nearly full: grow it, and go on with the level.
        table.grow(table.capacity * 2);
        control[P.FULL_AT] = fullAt(table);
        control[P.PAUSED] = 0;
        continue;
      }
      const added = following.count - holes;
      holes = 0;
      states += added;
      pending = added;
      rows += following.count;
      const finding = earliestFinding(workers, report, options.invariants);
      if (finding) {
        result = outcome(finding, states, depth + 1, added);
        break;
      }
      if (added > 0) depth++;
      base += count;
      current = 1 - current;
      if (states >= limits.maxStates && added > 0) {
        result = outcome({ kind: 'limit', reason: 'max-states' }, states, depth, added);
        break;
      }
      const now = performance.now();
      if (now - started > limits.maxSeconds * 1000 && added > 0) {
        result = outcome({ kind: 'limit', reason: 'max-seconds' }, states, depth, added);
        break;
      }
      const largest = Math.max(...Array.from({ length: workers }, (_, w) => report(w)[P.LARGEST_LOCAL]!));
      if (largest > limits.maxLocalStates) {
        const worker = Array.from({ length: workers }, (_, w) => w).find((w) => report(w)[P.LARGEST_LOCAL] === largest)!;
        result = outcome({ kind: 'limit', reason: 'max-local-states', actor: report(worker)[P.LARGEST_ACTOR]! }, states, depth, added);
        break;
      }
      // The resident size counts the workers' memory too (their heaps have limits of their own: a
      // worker whose heap nears its limit stops the level itself, and reports OUT_OF_MEMORY).
      const memory = added > 0 ? memoryExceeded(limits.maxMemory) : undefined;
      if (memory) {
        result = outcome({ kind: 'limit', reason: 'max-memory', memory }, states, depth, added);
        break;
      }
      // Three fifths full: fuller, its probes grow longer (three quarters: 1.08 of the time, dining n=7).
      if (states * 5 > table.capacity * 3) {
        table.grow(table.capacity * 2);
        control[P.FULL_AT] = fullAt(table);
      }
      if (options.onProgress && now - lastProgress >= 1000) {
        lastProgress = now;
        options.onProgress(outcome({ kind: 'complete' }, states, depth, added) as SearchOutcome);
      }
    }
  } finally {
    Atomics.store(control, P.STOP, 1);
    Atomics.add(control, P.GENERATION, 1);
    Atomics.notify(control, P.GENERATION);
    void supervisor.terminate(); // and its workers with it
  }
  const finding = result.finding;
  const goalsReached = earliestGoals(workers, options.goals, goals);
  // Parents come before their children: the examples need the states up to the last one reached.
  const needed = Math.max(finding.kind === 'complete' || finding.kind === 'limit' ? 0 : rows, ...goalsReached.map((state) => state + 1));
  const parents = needed > 0 ? readParents(directory, workers, needed) : NO_PARENTS;
  rmSync(directory, { recursive: true, force: true });
  const bytes = table.bytes + frontiers[0].bytes() + frontiers[1].bytes();
  return { outcome: resolveSteps(compiled, result, parents, symmetry), parents, goalsReached, bytes, ...(symmetry ? { symmetry } : {}) };
}

/**
 * Threads start from files next to this module. Where interleave was bundled into one file they
 * are missing, and a thread that cannot start would leave the main thread, asleep in
 * `Atomics.wait`, waiting for ever: say so instead.
 */
function requireWorkerFiles(): void {
  for (const file of [SUPERVISOR, WORKER]) {
    if (!existsSync(file)) {
      throw new ModelError(`parallel search: ${fileURLToPath(file)} is missing (was interleave bundled into one file?); run it from its package, or search on one thread (without --workers)`);
    }
  }
}

/**
 * Where workers pause a level for the table to grow: nine tenths full, which leaves room for
 * the states they add before they see it (each counts its states in batches, and pauses
 * between groups of states).
 */
function fullAt(table: SharedFingerprintTable): number {
  return Math.floor(table.capacity * 0.9);
}

/** Per `reachable` property, the least state number any worker reported (levels are numbered in order: a shallowest), or -1. */
function earliestGoals(workers: number, count: number, memory: SharedArrayBuffer): Float64Array {
  const reported = new Float64Array(memory);
  const earliest = new Float64Array(count).fill(-1);
  for (let w = 0; w < workers; w++) {
    for (let i = 0; i < count; i++) {
      const state = reported[w * count + i]!;
      if (state >= 0 && (earliest[i]! < 0 || state < earliest[i]!)) earliest[i] = state;
    }
  }
  return earliest;
}

/** The earliest violation any worker reported, in (state, step) order. */
function earliestFinding(workers: number, report: (w: number) => Float64Array, invariants: readonly Invariant[]): RawFinding | undefined {
  let best: Float64Array | undefined;
  for (let w = 0; w < workers; w++) {
    const r = report(w);
    if (r[P.FOUND] === 0) continue;
    if (!best || r[P.FOUND_STATE]! < best[P.FOUND_STATE]! || (r[P.FOUND_STATE] === best[P.FOUND_STATE] && r[P.FOUND_STEP]! < best[P.FOUND_STEP]!)) best = r;
  }
  if (!best) return undefined;
  const state = best[P.FOUND_STATE]!;
  const step = best[P.FOUND_STEP]!;
  switch (best[P.FOUND] as P.FindingKind) {
    case P.FindingKind.Deadlock:
      return { kind: 'deadlock', state };
    case P.FindingKind.Invariant:
      return { kind: 'invariant', state: best[P.FOUND_TARGET]!, property: invariants[best[P.FOUND_PROPERTY]!]!.name };
    case P.FindingKind.Unhandled:
      return { kind: 'pending-step', violation: 'unhandled', state, step, receiver: -1 };
    case P.FindingKind.Overflow:
      return { kind: 'pending-step', violation: 'overflow', state, step, receiver: best[P.FOUND_RECEIVER]! };
  }
}

/** A violation by a step, before the main thread has rebuilt the step itself. */
type RawFinding = Finding | { kind: 'pending-step'; violation: 'unhandled' | 'overflow'; state: number; step: number; receiver: number };
type RawOutcome = Omit<SearchOutcome, 'finding'> & { readonly finding: RawFinding };

function resolveSteps(compiled: CompiledSystem, result: RawOutcome, parents: ParallelResult['parents'], symmetry: Symmetry | undefined): SearchOutcome {
  const finding = result.finding;
  if (finding.kind !== 'pending-step') return { ...result, finding };
  const state = replay(compiled, parents, finding.state, symmetry);
  const found = findStep(compiled, state, finding.step)!;
  const resolved: Finding =
    finding.violation === 'unhandled'
      ? { kind: 'unhandled', state: finding.state, actor: found.actor, step: found.step }
      : { kind: 'overflow', state: finding.state, actor: found.actor, step: found.step, receiver: finding.receiver };
  return { ...result, finding: resolved };
}

/** The state numbered `index` (with symmetry, the representative stored), rebuilt by replaying the steps that first reached it. */
function replay(compiled: CompiledSystem, parents: ParallelResult['parents'], index: number, symmetry: Symmetry | undefined): StateVector {
  const path: number[] = [];
  for (let at = index; at > 0; at = parents.parentOf(at)) path.push(parents.stepOf(at));
  let state = representativeOf(compiled.initialState().state, symmetry);
  for (const position of path.reverse()) {
    const { actor, step } = findStep(compiled, state, position)!;
    const next = new Int32Array(state.length);
    compiled.successorState(state, actor, step, next);
    state = representativeOf(next, symmetry);
  }
  return state;
}

/** Reads the workers' parent logs: for each state numbered below `numbers`, its parent's number and its step. */
function readParents(directory: string, workers: number, numbers: number): ParallelResult['parents'] {
  const parents = new Float64Array(numbers).fill(-1);
  const steps = new Uint16Array(numbers);
  for (let w = 0; w < workers; w++) {
    const data = readFileSync(join(directory, `worker${w}.bin`));
    for (let at = 0; at + 18 <= data.length; at += 18) {
      const number = data.readDoubleLE(at);
      if (number >= numbers) continue;
      parents[number] = data.readDoubleLE(at + 8);
      steps[number] = data.readUInt16LE(at + 16);
    }
  }
  return { parentOf: (index) => parents[index]!, stepOf: (index) => steps[index]! };
}

const NO_PARENTS: ParallelResult['parents'] = {
  parentOf: () => -1,
  stepOf: () => 0,
};
