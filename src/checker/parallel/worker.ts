/**
 * A worker of the parallel search. It loads the same model as the main thread, compiles its
 * own copy of the system (its own XState memo tables), and expands its share of each
 * breadth-first level: for each state, every successor is hashed on global component ids,
 * inserted into the shared fingerprint table, and — if new — appended to the next level and
 * checked against the invariants. The first violation it meets (in state-then-step order) is
 * written to its report; the main thread picks the earliest of all at the level's end.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { resolveParameters } from '../../model/checkModel.ts';
import { loadModel } from '../../model/loadModel.ts';
import { StateViews } from '../../system/stateView.ts';
import { compileSystem, NO_OVERFLOW, StatePatch, StepKind } from '../../system/step.ts';
import type { Properties } from '../properties.ts';
import { hashPatched, hashPatchedHigh, hashVector, hashVectorHigh } from '../store/hash.ts';
import { GlobalIds } from './globalIds.ts';
import * as P from './protocol.ts';
import { RegistryClient } from './registry.ts';
import { SharedFrontier } from './sharedFrontier.ts';
import { NEW, SharedFingerprintTable } from './sharedTable.ts';

const CHUNK = 64;
const RECORD = 18; // float64 number, float64 parent, uint16 step

async function run(start: P.WorkerStart): Promise<void> {
  const model = await loadModel(start.source.file);
  const parameters = resolveParameters(model, start.source.config, start.source.set);
  const compiled = compileSystem(model.system(parameters));
  const properties: Properties = typeof model.properties === 'function' ? model.properties(parameters) : (model.properties ?? {});
  const invariants = Object.entries(properties).flatMap(([name, p], index) => (p.kind === 'always' ? [{ name, index, predicate: p.predicate }] : []));
  const views = new StateViews(compiled);
  const registry = new RegistryClient(start.registry, start.index);
  const ids = new GlobalIds(compiled, registry);
  const table = new SharedFingerprintTable(start.table);
  const width = compiled.width;
  const frontiers = start.frontiers.map((memory) => new SharedFrontier(memory, width));
  const control = new Int32Array(start.control);
  const report = new Float64Array(start.reports, start.index * P.REPORT_WORDS * 8, P.REPORT_WORDS);
  const log = openSync(start.logFile, 'w');
  const record = Buffer.alloc(RECORD * 4096);
  let recorded = 0;

  const rowGlobal = new Int32Array(width);
  const rowLocal = new Int32Array(width);
  const next = new Int32Array(width);
  const nextLocal = new Int32Array(width);
  const patch = new StatePatch();
  const globalPatch = new StatePatch();
  let generation = 0;
  let transitions = 0;

  const found = (kind: P.FindingKind, state: number, step: number, extra = 0, target = 0): void => {
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
  const flush = (): void => {
    if (recorded > 0) writeSync(log, record, 0, recorded * RECORD);
    recorded = 0;
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
    for (let chunk = current.take(CHUNK); chunk >= 0; chunk = current.take(CHUNK)) {
      const end = Math.min(count, chunk + CHUNK);
      for (let position = chunk; position < end; position++) {
        const number = base + position;
        current.read(position, rowGlobal);
        ids.toLocalRow(rowGlobal, rowLocal);
        const low = hashVector(rowGlobal);
        const high = hashVectorHigh(rowGlobal);
        let enabled = 0;
        state: for (let actor = 0; actor < width; actor++) {
          const steps = compiled.actors[actor]!.stepsOf(rowLocal[actor]!);
          for (let s = 0; s < steps.length; s++) {
            const step = steps[s]!;
            const index = enabled++;
            transitions++;
            if (step.kind === StepKind.Unhandled) {
              found(P.FindingKind.Unhandled, number, index, actor);
              break state;
            }
            const receiver = compiled.successor(rowLocal, actor, step, patch);
            if (receiver !== NO_OVERFLOW) {
              found(P.FindingKind.Overflow, number, index, receiver);
              break state;
            }
            globalPatch.count = 0;
            for (let k = 0; k < patch.count; k++) globalPatch.set(patch.positions[k]!, ids.global(patch.positions[k]!, patch.values[k]!));
            if (table.insert(hashPatched(low, rowGlobal, globalPatch), hashPatchedHigh(high, rowGlobal, globalPatch)) !== NEW) continue;
            globalPatch.applyTo(rowGlobal, next);
            const nextNumber = nextBase + following.append(next);
            record.writeDoubleLE(nextNumber, recorded * RECORD);
            record.writeDoubleLE(number, recorded * RECORD + 8);
            record.writeUInt16LE(index, recorded * RECORD + 16);
            if (++recorded === 4096) flush();
            if (invariants.length > 0) {
              patch.applyTo(rowLocal, nextLocal);
              const view = views.view(nextLocal);
              const broken = invariants.find((invariant) => !invariant.predicate(view));
              if (broken) found(P.FindingKind.Invariant, number, index, broken.index, nextNumber);
            }
          }
        }
        if (enabled === 0 && !compiled.isValidEnd(rowLocal)) found(P.FindingKind.Deadlock, number, 0);
      }
    }
    flush();
    report[P.TRANSITIONS] = transitions;
    const sizes = compiled.actors.map((a) => a.machine.size);
    report[P.LARGEST_LOCAL] = Math.max(...sizes);
    report[P.LARGEST_ACTOR] = sizes.indexOf(report[P.LARGEST_LOCAL]!);
    Atomics.add(control, P.DONE, 1);
    registry.ring();
  }
  closeSync(log);
}

const start = workerData as P.WorkerStart;
run(start).catch((error: unknown) => {
  // The main thread is asleep in Atomics.wait and reads no messages: leave the error in memory.
  const message = new TextEncoder().encode(error instanceof Error ? error.message : String(error));
  new Uint8Array(start.errors, start.index * P.ERROR_BYTES, P.ERROR_BYTES).set(message.subarray(0, P.ERROR_BYTES));
  const report = new Float64Array(start.reports, start.index * P.REPORT_WORDS * 8, P.REPORT_WORDS);
  report[P.ERROR] = Math.min(message.length, P.ERROR_BYTES);
  Atomics.add(new Int32Array(start.control), P.DONE, 1);
  new RegistryClient(start.registry, start.index).ring();
});
