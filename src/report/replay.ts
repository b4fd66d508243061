/**
 * Replaying a trace with the one step function (design.md: one semantics, one place): from
 * `initialState`, each step is `applyStep(compiled, state, step.index)`. Reports read every
 * actor's full state at every step from here and never re-interpret a step themselves.
 *
 * @example
 * ```ts
 * const snapshots = replayTrace(compileSystem(system), verdict.trace);
 * snapshots[0];                      // every actor in its initial state
 * snapshots[trace.steps.length];     // every actor after the last step
 * ```
 */
import type { Trace } from '../checker/result.ts';
import { applyStep, describeState, enabledSteps, initialState, type ActorSnapshot, type CompiledSystem } from '../system/step.ts';

/**
 * Every actor's snapshot before the first step (`[0]`) and after each step (`[i]` after step
 * `i`). Throws when the trace does not replay: a step index with no step, or a step of another
 * actor or event than the trace says — the model is then not deterministic.
 */
export function replayTrace(compiled: CompiledSystem, trace: Trace): ActorSnapshot[][] {
  let state = initialState(compiled);
  const snapshots = [describeState(compiled, state)];
  trace.steps.forEach((step, i) => {
    const enabled = enabledSteps(compiled, state);
    const found = enabled[step.index];
    if (!found || found.actor !== step.actor || JSON.stringify(found.event) !== JSON.stringify(step.event)) {
      const what = found ? `${found.actor} takes ${found.event.type}` : `no step (${enabled.length} are enabled)`;
      throw new Error(
        `the trace does not replay at step ${i + 1}: index ${step.index} is ${what}, not ${step.actor} taking ${step.event.type}. ` +
          'Guards or actions of the model are probably not deterministic.',
      );
    }
    state = applyStep(compiled, state, step.index).state;
    snapshots.push(describeState(compiled, state));
  });
  return snapshots;
}
