/**
 * Recording a live run as a trace in the checker's own format (`src/checker/result.ts`), so that
 * the reports, the diagnoses and `replay` read a run exactly as they read a counterexample:
 * each step with its index among the enabled steps (the replay coordinate), its outcome, sends,
 * log lines, drops and the actor's state after it.
 */
import { describeInitial } from '../checker/trace.ts';
import type { Trace, TraceStart, TraceStep } from '../checker/result.ts';
import type { StateViews } from '../system/stateView.ts';
import type { CompiledSystem, Step, StepResult } from '../system/step.ts';

export class TraceRecorder {
  readonly initial: readonly TraceStart[];
  private readonly steps: TraceStep[] = [];

  constructor(
    compiled: CompiledSystem,
    private readonly views: StateViews,
  ) {
    this.initial = describeInitial(compiled);
  }

  /** Records `step`, which gave `result`; returns the trace step. */
  record(step: Step, result: StepResult): TraceStep {
    const after = this.views.view(result.state).actor(step.actor);
    const traceStep: TraceStep = {
      index: step.index,
      actor: step.actor,
      kind: step.kind,
      event: step.event,
      outcome: result.violation?.kind === 'overflow' ? 'overflow' : step.reaction,
      sends: result.sends,
      logs: result.logs.map((line) => ({ text: line.text, source: line.source ?? step.actor })),
      drops: result.drops,
      state: { value: after.value, label: after.state, context: after.context },
    };
    this.steps.push(traceStep);
    return traceStep;
  }

  /** The trace so far (its `steps` grow as the run goes on: copy it to keep it). */
  get trace(): Trace {
    return { initial: this.initial, steps: this.steps };
  }

  /** A copy of the trace as it is now. */
  snapshot(): Trace {
    return { initial: this.initial, steps: [...this.steps] };
  }
}
