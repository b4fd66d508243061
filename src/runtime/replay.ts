/**
 * Replaying a counterexample on the live runtime (style.md §5: "replay re-derives every step and
 * explains a mismatch as stateright does", stateright `checker/path.rs`). The runtime is driven
 * through exactly the trace's schedule — step index after step index, each chosen among the
 * steps enabled at that point — and after every step what happened is compared with what the
 * trace says: the same actor, kind and event; then the same outcome, sends, log lines, drops
 * and resulting state. At the end the final state (each actor's state value and context) and
 * the watchdog's verdict are compared with the trace's. The first difference is reported, with
 * the steps that were enabled there.
 *
 * @example
 * ```ts
 * const document = JSON.parse(readFileSync('trace.json', 'utf8')); // from `check --json`
 * const replayed = await replay(system, document, { properties });
 * if (!replayed.ok) console.log(replayed.divergence);
 * ```
 */
import type { EventObject } from 'xstate';
import type { Properties } from '../checker/properties.ts';
import type { ActorState, Trace, TraceStep } from '../checker/result.ts';
import type { System } from '../system/defineSystem.ts';
import { compileSystem, type CompiledSystem, type Step } from '../system/step.ts';
import { runSystem, type LiveSystem, type RunOutcome, type RunResult } from './runSystem.ts';
import type { Decision, Scheduler, SchedulerContext } from './scheduler.ts';
import { stableJson } from './_internals/stableJson.ts';

/** What `replay` reads: a `check --json` (or `run --json`) document, or just a path. */
export interface ReplayDocument {
  readonly path: readonly number[];
  readonly trace?: Trace;
  /** The verdict the trace ends in (`deadlock`, `invariant`, …, or for a run `valid-end`, `steps-limit`). */
  readonly verdict?: string;
  readonly property?: string;
  readonly diagnosis?: { readonly cycle?: readonly string[] };
  /** For a `run --json` deadlock caught as a wait-for cycle while other actors could step. */
  readonly partial?: boolean;
}

/** A step as a trace names it. */
export interface StepLabel {
  readonly index: number;
  readonly actor: string;
  readonly kind: 'deliver' | 'choose';
  readonly event: EventObject;
}

/** The first place where the replay differs from the trace; `step` counts from 1 (0: the initial state). */
export type Divergence =
  | { readonly kind: 'initial-state'; readonly step: 0; readonly actors: readonly StateDifference[] }
  | { readonly kind: 'no-such-step'; readonly step: number; readonly index: number; readonly expected?: StepLabel; readonly enabled: readonly StepLabel[] }
  | { readonly kind: 'other-step'; readonly step: number; readonly index: number; readonly expected: StepLabel; readonly found: StepLabel; readonly enabled: readonly StepLabel[] }
  | { readonly kind: 'other-result'; readonly step: number; readonly expected: TraceStep; readonly found: TraceStep; readonly fields: readonly string[] }
  | { readonly kind: 'stopped-early'; readonly step: number; readonly outcome: RunOutcome }
  | { readonly kind: 'final-state'; readonly step: number; readonly actors: readonly StateDifference[] }
  | { readonly kind: 'verdict'; readonly step: number; readonly expected: string; readonly outcome: RunOutcome; readonly detail: string };

export interface StateDifference {
  readonly actor: string;
  readonly expected: ActorState;
  readonly found: ActorState;
}

export interface ReplayResult {
  /** The schedule replayed, every step and the final state as the trace says, and the same verdict. */
  readonly ok: boolean;
  readonly divergence?: Divergence;
  /** The run the replay made (up to the divergence). */
  readonly run: RunResult;
}

export interface ReplayOptions {
  /** The model's invariants, so that an `invariant` verdict is found again. */
  readonly properties?: Properties;
}

/** Drives the runtime through `document.path` and compares each step with `document.trace`. */
export async function replay(system: System | CompiledSystem, document: ReplayDocument, options: ReplayOptions = {}): Promise<ReplayResult> {
  const compiled = 'successor' in system ? system : compileSystem(system);
  const path = document.path;
  const expected = document.trace?.steps;
  const scheduler = new ScriptedScheduler(path, expected);
  let live: LiveSystem | undefined;
  const onStep = (found: TraceStep, number: number) => {
    const want = expected?.[number - 1];
    if (!want || scheduler.divergence) return;
    const fields = differingFields(want, found);
    if (fields.length > 0) {
      scheduler.divergence = { kind: 'other-result', step: number, expected: want, found, fields };
      live?.stop();
    }
  };
  // A checker's trace goes on past the moment a cycle forms, to the deadlock: watch for cycles
  // only when the trace is a run stopped at one (it stopped the first time one formed).
  const watchCycles = document.partial === true;
  live = runSystem(compiled, { seed: 0, time: 'virtual', scheduler, maxSteps: path.length, watchCycles, onStep, properties: options.properties ?? {} });
  const run = await live.done;
  const divergence = initialDifference(document.trace, run) ?? scheduler.divergence ?? endDifference(document, run);
  return divergence ? { ok: false, divergence, run } : { ok: true, run };
}

/** Takes the path's step indices in turn, checking each against the trace before it is taken. */
class ScriptedScheduler implements Scheduler {
  readonly description = 'replay';
  divergence: Divergence | undefined;

  constructor(
    private readonly path: readonly number[],
    private readonly expected: readonly TraceStep[] | undefined,
  ) {}

  next(enabled: readonly Step[], context: SchedulerContext): Decision {
    if (this.divergence) return { stop: 'the replay diverged' };
    const i = context.stepCount;
    const index = this.path[i]!;
    const want = this.expected?.[i];
    const expected = want ? labelOf(want) : undefined;
    const found = Number.isInteger(index) && index >= 0 ? enabled[index] : undefined;
    if (!found) {
      this.divergence = { kind: 'no-such-step', step: i + 1, index, ...(expected ? { expected } : {}), enabled: enabled.map(labelOf) };
      return { stop: 'the replay diverged' };
    }
    if (expected && !sameStep(expected, found)) {
      this.divergence = { kind: 'other-step', step: i + 1, index, expected, found: labelOf(found), enabled: enabled.map(labelOf) };
      return { stop: 'the replay diverged' };
    }
    return { index, at: context.now };
  }
}

function labelOf(step: StepLabel): StepLabel {
  return { index: step.index, actor: step.actor, kind: step.kind, event: step.event };
}

function sameStep(a: StepLabel, b: StepLabel): boolean {
  return a.actor === b.actor && a.kind === b.kind && stableJson(a.event) === stableJson(b.event);
}

/** The fields of a trace step that differ, among what a step produces. */
function differingFields(expected: TraceStep, found: TraceStep): string[] {
  const fields: (keyof TraceStep)[] = ['outcome', 'sends', 'logs', 'drops'];
  const differ: string[] = fields.filter((field) => expected[field] !== undefined && stableJson(expected[field]) !== stableJson(found[field]));
  if (expected.state && !sameState(expected.state, found.state)) differ.push('state');
  return differ;
}

function sameState(a: ActorState, b: ActorState): boolean {
  return stableJson(a.value) === stableJson(b.value) && stableJson(a.context) === stableJson(b.context);
}

function initialDifference(trace: Trace | undefined, run: RunResult): Divergence | undefined {
  if (!trace) return undefined;
  const actors = differences(trace.initial.map((s) => [s.actor, s.state] as const), run.trace.initial.map((s) => [s.actor, s.state] as const));
  return actors.length > 0 ? { kind: 'initial-state', step: 0, actors } : undefined;
}

/** After the whole path: the run must not have stopped early, and must end where the trace does. */
function endDifference(document: ReplayDocument, run: RunResult): Divergence | undefined {
  const steps = run.path.length;
  if (steps < document.path.length) return { kind: 'stopped-early', step: steps, outcome: run.outcome };
  if (document.trace) {
    const expected = new Map(document.trace.initial.map((s) => [s.actor, s.state]));
    for (const step of document.trace.steps) expected.set(step.actor, step.state);
    const found = run.final.map((a) => [a.actor, { value: a.value, label: a.label, context: a.context }] as const);
    const actors = differences([...expected], found);
    if (actors.length > 0) return { kind: 'final-state', step: steps, actors };
  }
  const detail = verdictDifference(document, run.outcome);
  return detail ? { kind: 'verdict', step: steps, expected: document.verdict!, outcome: run.outcome, detail } : undefined;
}

/** Why the run's outcome is not the document's verdict, or undefined when it is (or cannot be judged live). */
function verdictDifference(document: ReplayDocument, outcome: RunOutcome): string | undefined {
  const verdict = document.verdict;
  if (verdict === undefined || verdict === 'liveness' || verdict === 'pass' || verdict === 'inconclusive' || verdict === 'stopped') return undefined;
  if (outcome.kind !== verdict) return `the trace ends in ${verdict}, the replay in ${outcome.kind}`;
  if ('property' in outcome && document.property !== undefined && outcome.property !== document.property) {
    return `the trace breaks '${document.property}', the replay '${outcome.property}'`;
  }
  const cycle = document.diagnosis?.cycle;
  if (outcome.kind === 'deadlock' && cycle && stableJson(cycle) !== stableJson(outcome.diagnosis.cycle)) {
    return `the trace's wait-for cycle is ${cycle.join(' → ') || 'none'}, the replay's ${outcome.diagnosis.cycle.join(' → ') || 'none'}`;
  }
  return undefined;
}

function differences(expected: readonly (readonly [string, ActorState])[], found: readonly (readonly [string, ActorState])[]): StateDifference[] {
  const now = new Map(found);
  const list: StateDifference[] = [];
  for (const [actor, state] of expected) {
    const other = now.get(actor);
    if (!other || !sameState(state, other)) list.push({ actor, expected: state, found: other ?? { value: '(no such actor)', label: '(no such actor)', context: undefined } });
  }
  return list;
}
