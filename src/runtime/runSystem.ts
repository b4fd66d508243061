/**
 * `runSystem(system, options)`: runs a system of actors live (design.md, "Layout":
 * `src/runtime`). One global state, advanced only by the step function the checker uses
 * (`applyStep`); a {@link Scheduler} picks which enabled step runs next and when, a clock
 * (real or virtual) waits until then, and a {@link Watchdog} stops the run at a violation, a
 * deadlock, a wait-for cycle or a valid end state. Every step is recorded in the checker's
 * trace format, with its replay coordinate, so a run can be replayed and reported like a
 * counterexample.
 *
 * @example
 * ```ts
 * const live = runSystem(system, { seed: 7, time: 'virtual', onLog: (line) => console.log(`${line.text} - ${line.source}`) });
 * live.actor('kernel').subscribe((snapshot) => console.log(snapshot.label));
 * const result = await live.done;
 * result.outcome.kind; // 'valid-end', 'deadlock', …
 * result.path;         // the step indices: `interleave replay` takes them
 * ```
 */
import type { EventObject } from 'xstate';
import type { Properties } from '../checker/properties.ts';
import type { Trace, TraceLog, TraceStep } from '../checker/result.ts';
import type { System } from '../system/defineSystem.ts';
import { StateViews } from '../system/stateView.ts';
import { applyStep, compileSystem, describeState, enabledSteps, enqueue, initialState, type ActorSnapshot, type CompiledSystem, type GlobalState } from '../system/step.ts';
import { createClock } from './clock.ts';
import type { RuntimeInspector } from './inspector.ts';
import { LiveActorRef, type LiveActor } from './liveActor.ts';
import { createSeed } from './random.ts';
import { TraceRecorder } from './recorder.ts';
import { TimedScheduler, type Scheduler, type SchedulerContext, type TimedSchedulerOptions } from './scheduler.ts';
import { Watchdog, type RunViolation } from './watchdog.ts';

export type { RunViolation };

/** How a run ended. */
export type RunOutcome =
  | { readonly kind: 'valid-end' }
  | { readonly kind: 'steps-limit'; readonly limit: number }
  | { readonly kind: 'stopped'; readonly reason: string }
  | RunViolation;

export interface RunOptions extends TimedSchedulerOptions {
  /** Seeds the scheduler's random choices; printed, so that a run can be repeated. Default: a fresh one. */
  readonly seed?: number;
  /** `real` (default): timers and choices wait in real time; `virtual`: the clock jumps to the next due step. */
  readonly time?: 'real' | 'virtual';
  /** Stop after this many steps (default {@link DEFAULT_MAX_STEPS}). */
  readonly maxSteps?: number;
  /** Invariants to watch (`always`, and `forEach` of `always`); liveness needs the checker. */
  readonly properties?: Properties;
  /** Picks the steps instead of the timed scheduler (uniform random, PCT, a replayed path). */
  readonly scheduler?: Scheduler;
  /** Stop at a wait-for cycle of blocked actors even while others can step (default true). */
  readonly watchCycles?: boolean;
  /** Called after each step, with its number (from 1) and the clock time. */
  readonly onStep?: (step: TraceStep, number: number, at: number) => void;
  /** Called for each driver-log line, as it is written (entry actions first, at step 0). */
  readonly onLog?: (line: TraceLog, step: number) => void;
  /** A Stately inspector (`@statelyai/inspect`) to send the run to. */
  readonly inspect?: RuntimeInspector;
}

export const DEFAULT_MAX_STEPS = 10_000;

/** What a run did. */
export interface RunResult {
  readonly outcome: RunOutcome;
  /** Every step, in the checker's trace format. */
  readonly trace: Trace;
  /** The step indices: the replay coordinates of the run (as `check --json`'s `path`). */
  readonly path: readonly number[];
  readonly seed: number;
  /** How steps were scheduled, e.g. `random order`. */
  readonly scheduler: string;
  readonly time: 'real' | 'virtual';
  /** Milliseconds on the run's clock. */
  readonly elapsed: number;
  /** Every actor at the end. */
  readonly final: readonly ActorSnapshot[];
  /** Messages sent from outside with `LiveActor.send`, each before the step it preceded. */
  readonly injected: readonly { readonly beforeStep: number; readonly actor: string; readonly event: EventObject }[];
}

/** A running system. */
export interface LiveSystem {
  readonly seed: number;
  /** Resolves when the run ends; rejects on a mistake in the model (a `ModelError`). */
  readonly done: Promise<RunResult>;
  /** Every actor, in system order. */
  readonly actors: readonly LiveActor[];
  /** The actor called `name`; throws for an unknown name. */
  actor(name: string): LiveActor;
  /** Ends the run before its next step (outcome `stopped`). */
  stop(): void;
}

/** Starts running `system`; the first step is taken after the current turn of the event loop. */
export function runSystem(system: System | CompiledSystem, options: RunOptions = {}): LiveSystem {
  const compiled = 'successor' in system ? system : compileSystem(system);
  const seed = options.seed ?? createSeed();
  const run = new LiveRun(compiled, seed, options);
  return {
    seed,
    done: run.done,
    actors: run.refs,
    actor: (name) => {
      const ref = run.refs.find((r) => r.id === name);
      if (!ref) throw new Error(`no actor named '${name}' (actors: ${compiled.names.join(', ')})`);
      return ref;
    },
    stop: () => run.stop('stopped by stop()'),
  };
}

class LiveRun {
  readonly refs: LiveActorRef[];
  readonly done: Promise<RunResult>;
  ended = false;
  private state: GlobalState;
  private version = 0;
  /** The schedule's time of the last step, in ms. */
  private time = 0;
  private stopReason: string | undefined;
  private readonly views: StateViews;
  private readonly recorder: TraceRecorder;
  private readonly watchdog: Watchdog;
  private readonly scheduler: Scheduler;
  private readonly clock;
  private readonly path: number[] = [];
  private readonly injected: { beforeStep: number; actor: string; event: EventObject }[] = [];

  constructor(
    private readonly compiled: CompiledSystem,
    private readonly seed: number,
    private readonly options: RunOptions,
  ) {
    this.state = initialState(compiled);
    this.views = new StateViews(compiled);
    this.recorder = new TraceRecorder(compiled, this.views);
    this.watchdog = new Watchdog(compiled, this.views, { properties: options.properties ?? {}, cycles: options.watchCycles ?? true });
    this.scheduler = options.scheduler ?? new TimedScheduler(seed, options);
    this.clock = createClock(options.time ?? 'real');
    this.refs = compiled.names.map((name) => new LiveActorRef(name, this));
    this.done = this.loop().catch((error: unknown) => {
      this.ended = true;
      for (const ref of this.refs) ref.fail(error);
      throw error;
    });
  }

  snapshotOf(actor: string): ActorSnapshot {
    return describeState(this.compiled, this.state).find((a) => a.actor === actor)!;
  }

  enqueue(actor: string, event: EventObject): void {
    const before = this.state;
    this.state = enqueue(this.compiled, this.state, actor, event);
    this.version++;
    this.injected.push({ beforeStep: this.path.length + 1, actor, event });
    this.options.inspect?.event(actor, event);
    this.notifyChanged(before, this.state);
    this.clock.wake();
  }

  stop(reason: string): void {
    this.stopReason ??= reason;
    this.clock.wake();
  }

  private async loop(): Promise<RunResult> {
    const maxSteps = this.options.maxSteps ?? DEFAULT_MAX_STEPS;
    // Start after the caller's turn of the event loop: it may subscribe, or send a first message.
    await new Promise((resolve) => setImmediate(resolve));
    this.announce();
    const initial = this.watchdog.inspectInitial(this.state, this.recorder.trace);
    if (initial) return this.finish(initial);
    let last: SchedulerContext['last'];
    // The schedule's own time: due times count from the due time of the step taken before, not
    // from when the machine got round to it, so a seed gives the same schedule in real and
    // virtual time (real time only paces it).
    let time = 0;
    for (;;) {
      if (this.stopReason !== undefined) return this.finish({ kind: 'stopped', reason: this.stopReason });
      const enabled = enabledSteps(this.compiled, this.state);
      const found = this.watchdog.inspectEnabled(this.state, enabled, this.recorder.trace);
      if (found) return this.finish(found);
      if (this.path.length >= maxSteps) return this.finish({ kind: 'steps-limit', limit: maxSteps });
      const context = { now: time, stepCount: this.path.length, ...(last ? { last } : {}) };
      const decision = this.scheduler.next(enabled, context);
      last = undefined;
      if ('stop' in decision) return this.finish({ kind: 'stopped', reason: decision.stop });
      const step = enabled[decision.index];
      if (!step) throw new Error(`internal error: the scheduler (${this.scheduler.description}) chose step ${decision.index} of ${enabled.length}`);
      const version = this.version;
      // A message sent from outside, or stop(), during the wait: decide again in the new state.
      if ((await this.clock.waitUntil(decision.at)) || version !== this.version || this.stopReason !== undefined) {
        time = Math.max(time, this.clock.now());
        continue;
      }
      time = Math.max(time, decision.at);
      this.time = time;
      const before = this.state;
      const labelBefore = this.views.view(before).actor(step.actor).state;
      const result = applyStep(this.compiled, before, step);
      this.state = result.state;
      this.version++;
      this.path.push(step.index);
      const traceStep = this.recorder.record(step, result);
      this.report(traceStep, before);
      const violation = this.watchdog.inspectStep(before, result, this.recorder.trace);
      if (violation) return this.finish(violation);
      last = { step, stateChanged: this.views.view(this.state).actor(step.actor).state !== labelBefore };
    }
  }

  /** Tells the inspector about the actors, and writes the entry actions' log lines. */
  private announce(): void {
    const { inspect, onLog } = this.options;
    const start = describeState(this.compiled, this.state);
    this.compiled.names.forEach((name, i) => {
      const snapshot = start[i]!;
      if (inspect) inspect.actor(name, { status: snapshot.final ? 'done' : 'active', value: snapshot.value, context: snapshot.context }, definitionOf(this.compiled, i));
    });
    for (const start of this.recorder.initial) {
      for (const send of start.sends) inspect?.event(send.to, send.event, { source: start.actor });
      for (const line of start.logs) onLog?.(line, 0);
    }
  }

  private report(step: TraceStep, before: GlobalState): void {
    const { inspect, onLog, onStep } = this.options;
    const number = this.path.length;
    if (inspect) {
      if (step.kind === 'choose') inspect.event(step.actor, step.event);
      inspect.snapshot(step.actor, { status: 'active', value: step.state.value, context: step.state.context }, { event: step.event });
      for (const send of step.sends) inspect.event(send.to, send.event, { source: step.actor });
    }
    for (const line of step.logs) onLog?.(line, number);
    onStep?.(step, number, this.time);
    this.notifyChanged(before, this.state);
  }

  /** Notifies the subscribers of every actor whose part of the state changed. */
  private notifyChanged(before: GlobalState, after: GlobalState): void {
    // Views are cached per actor component, so a new view object means the actor changed.
    const old = this.views.view(before).actors;
    const now = this.views.view(after).actors;
    old.forEach((view, i) => {
      if (view !== now[i]) this.refs[i]!.changed();
    });
  }

  private finish(outcome: RunOutcome): RunResult {
    this.ended = true;
    const result: RunResult = {
      outcome,
      trace: this.recorder.snapshot(),
      path: [...this.path],
      seed: this.seed,
      scheduler: this.scheduler.description,
      time: this.clock.kind,
      elapsed: this.clock.now(),
      final: describeState(this.compiled, this.state),
      injected: [...this.injected],
    };
    for (const ref of this.refs) ref.complete();
    return result;
  }
}

/** The machine's JSON definition, for the inspector's statechart view (when it serializes). */
function definitionOf(compiled: CompiledSystem, actor: number): { definition?: string } {
  try {
    return { definition: JSON.stringify(compiled.system.actors[actor]!.machine.definition) };
  } catch {
    return {};
  }
}
