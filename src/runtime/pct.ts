/**
 * PCT, probabilistic concurrency testing: Burckhardt, Kothari, Musuvathi and Nagarakatte, "A
 * Randomized Scheduler with Probabilistic Guarantees of Finding Bugs", ASPLOS 2010. A bug of
 * depth d (d ordering constraints between steps) in a run of at most k steps of n threads is
 * found by one run with probability at least 1 / (n · k^(d−1)) — far better than uniform random
 * scheduling for bugs that need one actor to stall while others race ahead.
 *
 * Actors play the threads. Each actor gets a distinct random priority from d … d+n−1; d−1
 * priority change points are drawn from 1 … k. At every step the enabled actor of highest
 * priority steps (one of its steps, uniformly, when it has several: its mailbox delivery and
 * its choices); at the i-th change point that actor's priority drops to d−i, below every
 * initial priority. k is an estimate of the run's length (`simulate` estimates it with a run
 * that always takes the first enabled step).
 */
import type { Step } from '../system/step.ts';
import { SeededRandom } from './random.ts';
import type { Decision, Scheduler, SchedulerContext } from './scheduler.ts';

export interface PctOptions {
  /** The bug depth d to aim for (default 3): d−1 priority change points. */
  readonly depth?: number;
  /** The estimated number of steps of a run, k (default 100). */
  readonly length?: number;
}

export class PctScheduler implements Scheduler {
  readonly description: string;
  private readonly random: SeededRandom;
  private readonly priorities = new Map<string, number>();
  /** Step number (0-based) → the priority the running actor drops to there. */
  private readonly changePoints = new Map<number, number>();

  constructor(seed: number, actors: readonly string[], options: PctOptions = {}) {
    const depth = options.depth ?? 3;
    const length = Math.max(1, Math.round(options.length ?? 100));
    if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`pct depth must be a whole number ≥ 1, got ${depth}`);
    this.random = new SeededRandom(seed);
    this.description = `pct (depth ${depth}, length ${length})`;
    // A random permutation of d … d+n−1 (Fisher–Yates).
    const order = actors.map((_, i) => depth + i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = this.random.below(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    actors.forEach((actor, i) => this.priorities.set(actor, order[i]!));
    for (let i = 1; i < depth; i++) {
      // Distinct change points; with fewer steps than points, some coincide and are dropped.
      let point = this.random.below(length);
      for (let tries = 0; this.changePoints.has(point) && tries < 8; tries++) point = this.random.below(length);
      if (!this.changePoints.has(point)) this.changePoints.set(point, depth - i);
    }
  }

  next(enabled: readonly Step[], context: SchedulerContext): Decision {
    let actor = this.highest(enabled);
    const lowered = this.changePoints.get(context.stepCount);
    if (lowered !== undefined) {
      this.changePoints.delete(context.stepCount);
      this.priorities.set(actor, lowered);
      actor = this.highest(enabled);
    }
    const own = enabled.filter((s) => s.actor === actor);
    const step = own.length === 1 ? own[0]! : own[this.random.below(own.length)]!;
    return { index: step.index, at: context.now };
  }

  private highest(enabled: readonly Step[]): string {
    let best = enabled[0]!.actor;
    for (const step of enabled) if (this.priorities.get(step.actor)! > this.priorities.get(best)!) best = step.actor;
    return best;
  }
}
