/**
 * Schedulers: *which* enabled step the runtime takes next, and *when*. The step itself is always
 * the step function's (`applyStep`, design.md "one semantics, one place"); a scheduler only
 * picks among `enabledSteps` by index, so any run it produces is a path the checker explores.
 *
 * - {@link TimedScheduler} (`interleave run`): mailbox deliveries are due after a seeded random
 *   latency (`random` order) or at once in the order they became deliverable (`fifo`), `after`
 *   timers after their delay, environment choices after a small seeded random delay; the
 *   earliest due step runs first.
 * - {@link UniformScheduler} (`simulate --strategy random`): uniform over the enabled steps.
 * - `PctScheduler` (`pct.ts`) and `ScriptedScheduler` (`replay.ts`).
 */
import type { Step } from '../system/step.ts';
import { SeededRandom } from './random.ts';

/** What the runtime tells a scheduler when it asks for the next step. */
export interface SchedulerContext {
  /** The clock, in ms since the run started. */
  readonly now: number;
  /** Steps taken so far. */
  readonly stepCount: number;
  /**
   * The step taken since the last call, if one was (absent when the runtime asks again after
   * a message sent from outside woke it), and whether it changed its actor's state value.
   */
  readonly last?: { readonly step: Step; readonly stateChanged: boolean };
}

/** Take `enabled[index]` at clock time `at`; or end the run. */
export type Decision = { readonly index: number; readonly at: number } | { readonly stop: string };

/** Picks the next step among the enabled ones (a non-empty list, in the stable order). */
export interface Scheduler {
  /** How the run is scheduled, for reports: `random order`, `pct (depth 3)`, … */
  readonly description: string;
  next(enabled: readonly Step[], context: SchedulerContext): Decision;
}

/** Options of {@link TimedScheduler}. */
export interface TimedSchedulerOptions {
  /**
   * `random` (default): deliveries across actors in a seeded random order; `fifo`: in the order
   * they became deliverable, each as soon as it is.
   */
  readonly order?: 'random' | 'fifo';
  /**
   * Mean latency of a mailbox delivery in ms in `random` order (default 1). Latencies are
   * exponentially distributed: the exponential distribution is memoryless, so at every point
   * each actor with a deliverable message is equally likely to step next, however long the
   * others have waited — a uniformly random interleaving, in time.
   */
  readonly deliveryLatency?: number;
  /** Mean delay of an environment choice in ms, also exponential (default 2): choices race deliveries. */
  readonly choiceDelay?: number;
}

/** The delay in ms of an `after` timer's event type (`xstate.after.<delay>.<state id>`), else undefined. */
export function afterDelay(eventType: string): number | undefined {
  const match = /^xstate\.after\.(\d+(?:\.\d+)?)\./.exec(eventType);
  return match ? Number(match[1]) : undefined;
}

interface Armed {
  readonly due: number;
  /** Order among steps due at the same time: arming order (fifo) or random. */
  readonly tie: number;
}

/**
 * Real or virtual time scheduling. Each enabled step is *armed* with a due time when it
 * becomes enabled, and stays armed while it stays enabled, so that a timer keeps its due
 * time while other actors step. When an actor steps, its mailbox delivery is re-armed (the
 * next message is a new delivery), and so are its choices and timers if its state value
 * changed (an `after` timer starts when its state is entered, as in XState).
 */
export class TimedScheduler implements Scheduler {
  readonly description: string;
  private readonly random: SeededRandom;
  private readonly order: 'random' | 'fifo';
  private readonly deliveryLatency: number;
  private readonly choiceDelay: number;
  private readonly armed = new Map<string, Armed>();
  private sequence = 0;

  constructor(seed: number, options: TimedSchedulerOptions = {}) {
    this.random = new SeededRandom(seed);
    this.order = options.order ?? 'random';
    this.deliveryLatency = this.order === 'fifo' ? 0 : (options.deliveryLatency ?? 1);
    this.choiceDelay = options.choiceDelay ?? 2;
    this.description = `${this.order} order`;
  }

  next(enabled: readonly Step[], context: SchedulerContext): Decision {
    if (context.last) this.disarm(context.last.step, context.last.stateChanged);
    const keys = enabled.map(stepKey);
    const live = new Set(keys);
    for (const key of this.armed.keys()) if (!live.has(key)) this.armed.delete(key);
    let best = -1;
    let bestArmed: Armed | undefined;
    enabled.forEach((step, i) => {
      let armed = this.armed.get(keys[i]!);
      if (!armed) this.armed.set(keys[i]!, (armed = this.arm(step, context.now)));
      if (!bestArmed || armed.due < bestArmed.due || (armed.due === bestArmed.due && armed.tie < bestArmed.tie)) {
        best = i;
        bestArmed = armed;
      }
    });
    return { index: best, at: bestArmed!.due };
  }

  private disarm(step: Step, stateChanged: boolean): void {
    this.armed.delete(stepKey(step));
    const prefix = `${step.actor}\u0000`;
    for (const key of this.armed.keys()) {
      if (key.startsWith(prefix) && (stateChanged || key.startsWith(`${prefix}deliver`))) this.armed.delete(key);
    }
  }

  private arm(step: Step, now: number): Armed {
    const timer = step.kind === 'choose' ? afterDelay(step.event.type) : undefined;
    const mean = step.kind === 'deliver' ? this.deliveryLatency : this.choiceDelay;
    const delay = timer ?? (mean > 0 ? this.random.exponential(mean) : 0);
    const tie = this.order === 'fifo' ? this.sequence++ : this.random.next();
    return { due: now + delay, tie };
  }
}

/** Uniformly random over the enabled steps, in no time: `simulate --strategy random`. */
export class UniformScheduler implements Scheduler {
  readonly description = 'random';
  private readonly random: SeededRandom;

  constructor(seed: number) {
    this.random = new SeededRandom(seed);
  }

  next(enabled: readonly Step[], context: SchedulerContext): Decision {
    return { index: this.random.below(enabled.length), at: context.now };
  }
}

/** Always the first enabled step: deterministic, seedless (used to estimate run lengths). */
export class FirstStepScheduler implements Scheduler {
  readonly description = 'first enabled step';

  next(_enabled: readonly Step[], context: SchedulerContext): Decision {
    return { index: 0, at: context.now };
  }
}

/** A key naming an enabled step across states: its actor, kind and event. */
export function stepKey(step: Step): string {
  return `${step.actor}\u0000${step.kind}\u0000${JSON.stringify(step.event)}`;
}
