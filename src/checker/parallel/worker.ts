/**
 * A worker of the parallel search. It loads the same model as the main thread, compiles its
 * own copy of the system (its own XState memo tables), and expands its share of each
 * breadth-first level: for each state, every successor (with symmetry, its representative,
 * unless the worker met the successor in that form before) is hashed on global component ids,
 * looked up in the worker's cache of recent fingerprints, then inserted into the shared
 * fingerprint table, and — if new — written into the next level (at a place the worker took
 * beforehand, in blocks) and checked against the invariants. The first violation it meets (in
 * state-then-step order) is written to its report; the main thread picks the earliest of all
 * at the level's end.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { propertiesOf, resolveParameters } from '../../model/checkModel.ts';
import { loadModel } from '../../model/loadModel.ts';
import { compileSystem, NO_OVERFLOW, StatePatch, StepKind } from '../../system/step.ts';
import { GoalTracker, goalsOf, InvariantChecker, invariantsOf } from '../invariants.ts';
import { guardProperties } from '../properties.ts';
import { hashPatched, hashPatchedHigh, hashVector, hashVectorHigh, spread } from '../store/hash.ts';
import { doubled } from '../../system/_internals/doubled.ts';
import { RecentFingerprints } from '../store/recentFingerprints.ts';
import { RecentSuccessors } from '../symmetry/recentSuccessors.ts';
import { heapExceeded, MEMORY_CHECK_MS } from '../memoryLimit.ts';
import { GlobalIds, idSpaces } from './globalIds.ts';
import * as P from './protocol.ts';
import { SharedRegistry } from './registry.ts';
import { SharedFrontier } from './sharedFrontier.ts';
import { SharedFingerprintTable } from './sharedTable.ts';
import { SleepSets } from '../reductions/sleepSets.ts';
import { Symmetry } from '../symmetry/symmetry.ts';
import { SymmetryValidator } from '../symmetry/validateSymmetry.ts';

/**
 * States a worker takes from a level at once: large chunks keep a state's successors, and
 * theirs, with one worker (so its cache of recent fingerprints finds the revisits); small
 * ones keep the workers' shares even. A level is split into at least 16 chunks.
 */
const chunkOf = (count: number): number => Math.max(64, Math.min(4096, Math.floor(count / 16)));
const RECORD = 18; // float64 number, float64 parent, uint16 step
const LOG_RECORDS = 4096;
/** Places in the next level a worker takes at once. */
const BLOCK = 128;
/**
 * States expanded together: all their successors are computed first, then the table slots
 * they need are read in one tight loop (the misses overlap), then they are inserted in order.
 */
const GROUP = 8;
/** What `recentSuccessors` keeps per entry. */
const [LOW, HIGH, PERMUTATION] = [0, 1, 2];

async function run(start: P.WorkerStart): Promise<void> {
  const model = await loadModel(start.source.file);
  const parameters = resolveParameters(model, start.source.config, start.source.set);
  const compiled = compileSystem(model.system(parameters));
  const properties = guardProperties(propertiesOf(model, parameters));
  const invariants = invariantsOf(properties); // in the main thread's order: reports name them by index
  const checker = new InvariantChecker(compiled, invariants);
  const goals = goalsOf(properties);
  const goalTracker = goals.length > 0 ? new GoalTracker(compiled, goals) : undefined;
  const goalsReached = new Float64Array(start.goals, start.index * goals.length * 8, goals.length);
  const registry = new SharedRegistry(start.registry, idSpaces(compiled.width));
  const ids = new GlobalIds(compiled, registry);
  const table = new SharedFingerprintTable(start.table);
  const sleepSets = start.sleepSets ? new SleepSets(compiled) : undefined;
  // Components compared as every thread compares them (see `GlobalIds.compare`): all pick the same representatives.
  const symmetry = start.symmetry ? new Symmetry(compiled, symmetryOf(model, parameters), ids) : undefined;
  const validator = symmetry ? new SymmetryValidator(compiled, symmetry, [...invariants, ...goals]) : undefined;
  // Sleep sets need every edge's sleep set ANDed into its state's row, so with them every
  // successor goes to the table (which says where the row is), and there is no cache of
  // recent fingerprints.
  const recent = sleepSets ? undefined : new RecentFingerprints();
  const width = compiled.width;
  // With symmetry, successors met before in the same form skip canonicalization (as on one
  // thread); each entry keeps its representative's fingerprint and the permutation, for the
  // successor's sleep set.
  const recentSuccessors = symmetry ? new RecentSuccessors(width, 3) : undefined;
  const frontiers = start.frontiers.map((memory) => new SharedFrontier(memory, P.rowWidth(width)));
  const control = new Int32Array(start.control);
  const report = new Float64Array(start.reports, start.index * P.REPORT_WORDS * 8, P.REPORT_WORDS);
  const parents = new ParentLog(openSync(start.logFile, 'w'));
  const hashAt = P.hashLowAt(width);
  const sleepAt = P.sleepAt(width);

  // The group's rows as the levels hold them (global ids, fingerprint, sleep set: see
  // `P.rowWidth`), and with local ids.
  const rowsGlobal = Array.from({ length: GROUP }, () => new Int32Array(P.rowWidth(width)));
  const rowsLocal = Array.from({ length: GROUP }, () => new Int32Array(width));
  const next = new Int32Array(P.rowWidth(width));
  const nextLocal = new Int32Array(width);
  // The successors of the group that are not in `recent`: their local and global patches,
  // fingerprints, step indexes and states in the group, inserted once all are computed.
  const patches: StatePatch[] = [];
  const globalPatches: StatePatch[] = [];
  // With symmetry, per successor instead: its representative, with local ids and as a level's
  // row (and a view of that row's components, to hash).
  const representatives: Int32Array[] = [];
  const representativeRows: Int32Array[] = [];
  const representativeComponents: Int32Array[] = [];
  let stagedLow = new Int32Array(64);
  let stagedHigh = new Int32Array(64);
  let stagedSpread = new Int32Array(64);
  let stagedStep = new Int32Array(64);
  let stagedFrom = new Int32Array(64);
  let stagedSleep = new Int32Array(64);
  /** 1 for a successor `recentSuccessors` knew: in the table already, with no row built. */
  let stagedKnown = new Uint8Array(64);
  let generation = 0;
  // What is left of this worker's chunk when it paused the level: expanded first when it goes on.
  let leftFrom = 0;
  let leftEnd = 0;
  let transitions = 0;
  let skipped = 0;
  let lastMemoryCheck = Number.NEGATIVE_INFINITY;

  const violation = (kind: P.FindingKind, state: number, step: number, extra = 0, target = 0): void => {
    // Keep the earliest in (state, step) order, as a one-thread search would meet it.
    const known = report[P.FOUND]!;
    if (known !== 0 && (report[P.FOUND_STATE]! < state || (report[P.FOUND_STATE] === state && report[P.FOUND_STEP]! <= step))) return;
    report[P.FOUND] = kind;
    report[P.FOUND_STATE] = state;
    report[P.FOUND_STEP] = step;
    report[P.FOUND_RECEIVER] = extra;
    report[P.FOUND_PROPERTY] = extra;
    report[P.FOUND_TARGET] = target;
  };

  for (;;) {
    while (Atomics.load(control, P.GENERATION) === generation) Atomics.wait(control, P.GENERATION, generation, 1000);
    generation = Atomics.load(control, P.GENERATION);
    if (Atomics.load(control, P.STOP) === 1) break;
    const current = frontiers[Atomics.load(control, P.CURRENT)]!;
    const following = frontiers[1 - Atomics.load(control, P.CURRENT)]!;
    const base = P.joinNumber(control[P.BASE_HIGH]!, control[P.BASE_LOW]!);
    const nextBase = P.joinNumber(control[P.NEXT_BASE_HIGH]!, control[P.NEXT_BASE_LOW]!);
    const count = current.count;
    // The main thread may have grown the table, and any thread the levels' rows.
    table.refresh();
    current.refresh();
    following.refresh();
    const size = chunkOf(count);
    // Places taken in the next level: `free` is the next unused one, up to `taken`.
    let free = 0;
    let taken = 0;
    let unflushed = 0; // states this worker added and has not counted into INSERTED yet
    const fullAt = Atomics.load(control, P.FULL_AT);

    // The states to expand, a chunk at a time: first what is left of this worker's chunk if it
    // paused the level for the table to grow, then chunks taken from the level.
    for (;;) {
      // A heap nearly full ends the search (inconclusive) before V8 stops the worker, or
      // collects garbage for minutes first.
      const now = performance.now();
      if (now - lastMemoryCheck >= MEMORY_CHECK_MS) {
        lastMemoryCheck = now;
        const heap = heapExceeded();
        if (heap) {
          report[P.OUT_OF_MEMORY] = heap.used;
          break;
        }
      }
      let from: number;
      let end: number;
      if (leftFrom < leftEnd) {
        [from, end] = [leftFrom, leftEnd];
        leftFrom = leftEnd = 0;
      } else {
        from = start.lastFirst ? current.takeFromEnd() : current.take(size);
        if (from < 0) break;
        end = start.lastFirst ? from + 1 : Math.min(count, from + size);
      }
      let group = from;
      for (; group < end; group += GROUP) {
        if (Atomics.load(control, P.INSERTED) + unflushed >= fullAt) break;
        let staged = 0;
        const members = Math.min(GROUP, end - group);
        for (let g = 0; g < members; g++) current.read(group + g, rowsGlobal[g]!);
        for (let g = 0; g < members; g++) {
          const number = base + group + g;
          const rowGlobal = rowsGlobal[g]!;
          if (rowGlobal[0] === P.HOLE) continue;
          const rowLocal = rowsLocal[g]!;
          ids.toLocalRow(rowGlobal, rowLocal);
          validator?.check(rowLocal, number);
          const low = rowGlobal[hashAt]!;
          const high = rowGlobal[hashAt + 1]!;
          const asleep = rowGlobal[sleepAt]!;
          let expandedActors = 0;
          let enabled = 0;
          state: for (let actor = 0; actor < width; actor++) {
            const steps = compiled.actors[actor]!.stepsOf(rowLocal[actor]!);
            if ((asleep >>> actor) & 1) {
              enabled += steps.length;
              transitions += steps.length;
              skipped += steps.length;
              continue;
            }
            for (let s = 0; s < steps.length; s++) {
              const step = steps[s]!;
              const index = enabled++;
              transitions++;
              if (step.kind === StepKind.Unhandled) {
                violation(P.FindingKind.Unhandled, number, index, actor);
                break state;
              }
              const patch = (patches[staged] ??= new StatePatch());
              const receiver = compiled.successor(rowLocal, actor, step, patch);
              if (receiver !== NO_OVERFLOW) {
                violation(P.FindingKind.Overflow, number, index, receiver);
                break state;
              }
              let hashLow: number;
              let hashHigh: number;
              let permutation = 0;
              stagedKnown[staged] = 0;
              if (symmetry) {
                patch.applyTo(rowLocal, nextLocal);
                if (recentSuccessors!.has(nextLocal)) {
                  // Met in this form before: its representative is in the table, no need to build it.
                  hashLow = recentSuccessors!.value(LOW);
                  hashHigh = recentSuccessors!.value(HIGH);
                  permutation = recentSuccessors!.value(PERMUTATION);
                  stagedKnown[staged] = 1;
                } else {
                  const representative = (representatives[staged] ??= new Int32Array(width));
                  permutation = symmetry.canonical(nextLocal, representative);
                  const row = (representativeRows[staged] ??= new Int32Array(P.rowWidth(width)));
                  const components = (representativeComponents[staged] ??= row.subarray(0, width));
                  ids.toGlobalRow(representative, row);
                  row[hashAt] = hashLow = hashVector(components);
                  row[hashAt + 1] = hashHigh = hashVectorHigh(components);
                  recentSuccessors!.add(nextLocal);
                  recentSuccessors!.setValue(LOW, hashLow);
                  recentSuccessors!.setValue(HIGH, hashHigh);
                  recentSuccessors!.setValue(PERMUTATION, permutation);
                }
              } else {
                const globalPatch = (globalPatches[staged] ??= new StatePatch());
                globalPatch.count = 0;
                for (let k = 0; k < patch.count; k++) globalPatch.set(patch.positions[k]!, ids.global(patch.positions[k]!, patch.values[k]!));
                hashLow = hashPatched(low, rowGlobal, globalPatch);
                hashHigh = hashPatchedHigh(high, rowGlobal, globalPatch);
                globalPatch.set(hashAt, hashLow);
                globalPatch.set(hashAt + 1, hashHigh);
              }
              if (staged === stagedLow.length) {
                [stagedLow, stagedHigh, stagedSpread] = [doubled(stagedLow), doubled(stagedHigh), doubled(stagedSpread)];
                [stagedStep, stagedFrom, stagedSleep, stagedKnown] = [doubled(stagedStep), doubled(stagedFrom), doubled(stagedSleep), doubled(stagedKnown)];
              }
              stagedSleep[staged] = sleepSets ? sleepSets.renamed(sleepSets.after(rowLocal, asleep | expandedActors, actor, step), symmetry, permutation) : 0;
              stagedLow[staged] = hashLow || 1; // no word of a stored fingerprint is 0
              stagedHigh[staged] = hashHigh || 1;
              stagedStep[staged] = index;
              stagedFrom[staged++] = g;
            }
            if (steps.length > 0) expandedActors |= 1 << actor;
          }
          if (enabled === 0 && !compiled.isValidEnd(rowLocal)) violation(P.FindingKind.Deadlock, number, 0);
        }
        // Successors found in `recent` are marked with a spread of 0 (a spread is 0 only for a low word of 0).
        for (let k = 0; k < staged; k++) {
          const spreadLow = spread(stagedLow[k]!);
          // Known before, it is seen; but with sleep sets its row's sleep set is narrowed below.
          let seen = stagedKnown[k] === 1 && !sleepSets;
          if (recent && !seen) {
            seen = recent.has(spreadLow, stagedLow[k]!, stagedHigh[k]!);
            if (!seen) recent.add(spreadLow, stagedLow[k]!, stagedHigh[k]!);
          }
          stagedSpread[k] = seen ? 0 : spreadLow;
        }
        for (let k = 0; k < staged; k++) if (stagedSpread[k] !== 0) table.touch(stagedSpread[k]!);
        for (let k = 0; k < staged; k++) {
          if (stagedSpread[k] === 0) continue;
          if (free === taken) {
            free = following.reserve(BLOCK);
            taken = free + BLOCK;
          }
          // The sleep set is in place before the state is in the table, where others find it.
          following.setWord(free, sleepAt, stagedSleep[k]!);
          const slot = table.insert(stagedLow[k]!, stagedHigh[k]!, nextBase + free);
          if (slot < 0) {
            // Met again from the level before it: narrow its sleep set (from its own level or a later one: no need).
            const state = sleepSets ? table.stateIn(~slot) : -1;
            if (state >= nextBase) following.andWord(state - nextBase, sleepAt, stagedSleep[k]!);
            continue;
          }
          if (stagedKnown[k]) throw new Error('internal error: a successor met before was not in the fingerprint table');
          const g = stagedFrom[k]!;
          if (symmetry) following.write(free, representativeRows[k]!, sleepAt);
          else {
            globalPatches[k]!.applyTo(rowsGlobal[g]!, next);
            following.write(free, next, sleepAt);
          }
          const number = nextBase + free++;
          if (++unflushed === BLOCK) {
            Atomics.add(control, P.INSERTED, unflushed);
            unflushed = 0;
          }
          const index = stagedStep[k]!;
          parents.add(number, base + group + g, index);
          if (invariants.length > 0 || goalTracker?.searching) {
            const added = symmetry ? representatives[k]! : nextLocal;
            if (!symmetry) patches[k]!.applyTo(rowsLocal[g]!, nextLocal);
            if (goalTracker?.searching) goalTracker.see(added, number);
            const broken = invariants.length > 0 ? checker.firstBroken(added) : -1;
            if (broken >= 0) violation(P.FindingKind.Invariant, base + group + g, index, broken, number);
          }
        }
      }
      if (group < end) {
        // The table is nearly full: pause the level, so that the main thread grows it.
        [leftFrom, leftEnd] = [group, end];
        Atomics.store(control, P.PAUSED, 1);
        break;
      }
    }
    Atomics.add(control, P.INSERTED, unflushed);
    // The rest of the last block holds no states.
    report[P.HOLES] = taken - free;
    for (; free < taken; free++) following.setWord(free, 0, P.HOLE);
    parents.flush();
    if (goalTracker) goalsReached.set(goalTracker.reachedAt);
    report[P.TRANSITIONS] = transitions;
    report[P.SKIPPED] = skipped;
    const sizes = compiled.actors.map((a) => a.machine.size);
    report[P.LARGEST_LOCAL] = Math.max(...sizes);
    report[P.LARGEST_ACTOR] = sizes.indexOf(report[P.LARGEST_LOCAL]!);
    Atomics.add(control, P.DONE, 1);
    Atomics.notify(control, P.DONE);
  }
  parents.close();
}

/** The symmetry the model declares for these parameters: the main thread asks for it only if there is one. */
function symmetryOf(model: Awaited<ReturnType<typeof loadModel>>, parameters: ReturnType<typeof resolveParameters>) {
  const definition = model.symmetry?.(parameters);
  if (!definition) throw new Error(`internal error: the model declares no symmetry for these parameters`);
  return definition;
}

/** Each new state's number, its parent's and its step, written to the worker's file in batches. */
class ParentLog {
  private readonly record = new DataView(new ArrayBuffer(RECORD * LOG_RECORDS));
  private recorded = 0;

  constructor(private readonly file: number) {}

  add(state: number, parent: number, step: number): void {
    const at = this.recorded * RECORD;
    this.record.setFloat64(at, state, true);
    this.record.setFloat64(at + 8, parent, true);
    this.record.setUint16(at + 16, step, true);
    if (++this.recorded === LOG_RECORDS) this.flush();
  }

  flush(): void {
    if (this.recorded > 0) writeSync(this.file, new Uint8Array(this.record.buffer, 0, this.recorded * RECORD));
    this.recorded = 0;
  }

  close(): void {
    closeSync(this.file);
  }
}

const start = workerData as P.WorkerStart;
run(start).catch((error: unknown) => {
  // The main thread is asleep in Atomics.wait and reads no messages: leave the error in memory.
  const message = new TextEncoder().encode(error instanceof Error ? error.message : String(error));
  new Uint8Array(start.errors, start.index * P.ERROR_BYTES, P.ERROR_BYTES).set(message.subarray(0, P.ERROR_BYTES));
  const report = new Float64Array(start.reports, start.index * P.REPORT_WORDS * 8, P.REPORT_WORDS);
  report[P.ERROR] = Math.min(message.length, P.ERROR_BYTES);
  const control = new Int32Array(start.control);
  Atomics.add(control, P.DONE, 1);
  Atomics.notify(control, P.DONE);
});
