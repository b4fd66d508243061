/**
 * interleave: XState v5 actors exchanging messages, run live or model-checked exhaustively.
 *
 * The public API: define systems and models, `send` between actors, declare properties, check.
 */
export { defineSystem, DEFAULT_CAPACITY } from './system/defineSystem.ts';
export type { ActorDefinition, ActorSpec, System, SystemDefinition } from './system/defineSystem.ts';
export { send, drop, log } from './system/send.ts';
export type { ActionArgs, InterleaveAction, LogLine } from './system/send.ts';
export type { InterleaveMeta } from './system/meta.ts';
export type { ActorView, StateView } from './system/stateView.ts';
export { ModelError } from './system/errors.ts';
export {
  compileSystem,
  initialState,
  enabledSteps,
  applyStep,
  isValidEnd,
  describeState,
  enqueue,
} from './system/step.ts';
export type { ActorSnapshot, GlobalState, Step, StepResult } from './system/step.ts';
export { always, reachable, eventually, leadsTo, forEach } from './checker/properties.ts';
export type { Properties, Property, StatePredicate } from './checker/properties.ts';
export type { Fairness } from './checker/liveness/fairness.ts';
export type { SymmetryDefinition } from './checker/symmetry/symmetry.ts';
export { check, DEFAULT_MAX_LOCAL_STATES } from './checker/check.ts';
export type { CheckOptions, Progress } from './checker/check.ts';
export type * from './checker/result.ts';
export type { Coverage, MachineCoverage, UntakenTransition } from './checker/coverage.ts';
export { defineModel } from './model/defineModel.ts';
export type { AnyModel, Budget, Configuration, Expectation, Model, ModelDefinition, Parameters } from './model/defineModel.ts';
export { checkConfiguration, verdictMatches } from './model/checkModel.ts';
export type { ConfigurationRun } from './model/checkModel.ts';
/**
 * The live runtime: the same actors, run on the step function the checker uses.
 *
 * @example
 * ```ts
 * const live = runSystem(system, { seed: 7, time: 'virtual', properties });
 * live.actor('kernel').subscribe((snapshot) => console.log(snapshot.label));
 * const { outcome, path } = await live.done;                       // outcome.kind: 'valid-end', 'deadlock', …
 * const again = await replay(system, { path, trace }, { properties }); // again.ok, or again.divergence
 * const found = await simulate(system, { runs: 100, seed: 1, strategy: 'pct', properties });
 * ```
 */
export { runSystem, DEFAULT_MAX_STEPS } from './runtime/runSystem.ts';
export type { LiveSystem, RunOptions, RunOutcome, RunResult, RunViolation } from './runtime/runSystem.ts';
export type { LiveActor, LiveObserver, LiveSnapshot } from './runtime/liveActor.ts';
export type { Decision, Scheduler, SchedulerContext } from './runtime/scheduler.ts';
export type { InspectedSnapshot, RuntimeInspector } from './runtime/inspector.ts';
export { replay } from './runtime/replay.ts';
export type { Divergence, ReplayDocument, ReplayOptions, ReplayResult, StepLabel } from './runtime/replay.ts';
export { simulate } from './runtime/simulate.ts';
export type { SimulateOptions, SimulationResult, Strategy } from './runtime/simulate.ts';
