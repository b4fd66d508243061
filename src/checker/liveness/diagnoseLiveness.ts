/**
 * Explaining a liveness violation: where the property's `from` became true, the cycle the
 * system can repeat forever without reaching `to`, and why fairness does not rule it out.
 */
import type { EventObject } from 'xstate';
import { canonicalJson } from '../../system/_internals/plainData.ts';
import type { CompiledSystem, StateVector } from '../../system/step.ts';
import { describeState } from '../../system/step.ts';
import type { Diagnosis, Trace } from '../result.ts';
import type { Fairness } from './fairness.ts';

export interface LivenessContext {
  /** The property's name, with the item for `forEach` (e.g. `everyTaskCompletes[3]`). */
  readonly property: string;
  readonly kind: 'eventually' | 'leadsTo';
  /** The number of steps before the state where `from` holds and `to` does not. */
  readonly triggerStep: number;
  /** The actors fairness obliged to step in the cycle. */
  readonly obliged: readonly string[];
  readonly fairness: Fairness;
}

/** `entry` is the state where the cycle starts (after the prefix). */
export function diagnoseLiveness(compiled: CompiledSystem, entry: StateVector, trace: Trace, context: LivenessContext): Diagnosis {
  const cycleStart = trace.cycleStart ?? trace.steps.length;
  const cycle = trace.steps.slice(cycleStart);
  const where = context.triggerStep === 0 ? 'in the initial state' : `after step ${context.triggerStep}`;
  const goal = context.kind === 'eventually' ? 'a state where it holds' : 'a state where its goal holds';
  const start = context.kind === 'eventually' ? '' : `Its condition holds ${where}; `;
  let summary: string;
  if (cycle.length === 0) {
    summary =
      `'${context.property}' fails: ${start}the system then reaches a state where no step is enabled ` +
      `(after step ${trace.steps.length}) without reaching ${goal}, and stays there forever.`;
  } else {
    const steppers = [...new Set(cycle.map((s) => s.actor))];
    const fairness =
      context.fairness === 'none'
        ? 'No fairness is assumed, so any cycle counts.'
        : context.obliged.length === 0
          ? `Under ${context.fairness} fairness no actor is obliged to step in it, so it is a fair behaviour.`
          : `It is ${context.fairness}ly fair: ${context.obliged.join(', ')} ${context.obliged.length === 1 ? 'takes a step' : 'each take a step'} in it.`;
    // A cycle of environment choices is usually the whole story: the environment may keep
    // answering the same way (fairness does not choose among an actor's choices).
    const choices = [...new Set(cycle.filter((s) => s.kind === 'choose').map((s) => `${s.actor} choosing ${describeEvent(s.event)}`))];
    const chosen = choices.length > 0 && context.fairness !== 'none' ? ` The cycle keeps making the same environment choices (${choices.join(', ')}); fairness does not force an actor to choose otherwise.` : '';
    summary =
      `'${context.property}' fails: ${start}from step ${cycleStart + 1} the system can repeat steps ${cycleStart + 1}–${trace.steps.length} ` +
      `forever (${steppers.join(', ')} stepping) without reaching ${goal}. ${fairness}${chosen}`;
  }
  const hints =
    context.fairness === 'none'
      ? ['Liveness was checked without fairness: an actor may simply never be scheduled. Check with fairness weak or strong.']
      : [
          'If the cycle is a retry loop, bound it (give up after N attempts and complete with an error).',
          context.fairness === 'weak'
            ? 'Weak fairness only forces actors enabled in every state of the cycle; with fairness strong, actors enabled in some state of it must step too.'
            : 'Strong fairness already forces every actor enabled somewhere in the cycle to step.',
        ];
  const actors = describeState(compiled, entry).map((a) => ({
    actor: a.actor,
    state: a.label,
    final: a.final,
    resting: a.resting,
    waitsFor: a.waitsFor,
    mailbox: a.mailbox,
  }));
  return { summary, actors, cycle: [], dropped: [], hints };
}

/** `type {payload}`, compact. */
function describeEvent(event: EventObject): string {
  const { type, ...payload } = event as EventObject & Record<string, unknown>;
  return Object.keys(payload).length === 0 ? type : `${type} ${canonicalJson(payload)}`;
}
