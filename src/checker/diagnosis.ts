/**
 * Explaining a violation in the model's own terms (design.md, "Checking"): for a deadlock, each
 * stuck actor's state, what it waits for, what sits in its mailbox, the wait-for cycle, and the
 * messages dropped on the way.
 */
import type { EventObject } from 'xstate';
import { describeState, type CompiledSystem, type StateVector } from '../system/step.ts';
import type { Diagnosis, DroppedMessage, StuckActor, Trace } from './result.ts';

export function diagnoseDeadlock(compiled: CompiledSystem, last: StateVector, trace: Trace): Diagnosis {
  const stuck = compiled.names.map((_, actor) => actor).filter((actor) => !compiled.actors[actor]!.isEnd(last[actor]!));
  const actors = stuck.map((actor) => describeActor(compiled, last, actor));
  const cycle = findWaitCycle(new Map(actors.map((a) => [a.actor, a.waitsFor])));
  const dropped = droppedAlong(trace);
  const parts = actors.map(describeStuck);
  let summary = `No actor can take a step, and the system is not in a valid end state. ${parts.join(' ')}`;
  if (cycle.length > 0) summary += ` Wait-for cycle: ${cycle.join(' → ')}.`;
  const hints: string[] = [];
  if (dropped.length > 0) {
    const lastDrop = dropped[dropped.length - 1]!;
    summary += ` ${lastDrop.actor} dropped ${lastDrop.event.type} at step ${lastDrop.step} (${lastDrop.reason}).`;
    hints.push(`The message ${lastDrop.actor} dropped at step ${lastDrop.step} is likely the one a stuck actor still waits for.`);
  }
  if (cycle.length > 0) {
    hints.push(`Break the cycle ${cycle.join(' → ')}: one of these actors must not block while the next one needs it.`);
  }
  for (const actor of actors) {
    if (!actor.final && !actor.resting && actor.mailbox.length === 0 && actor.waitsFor.length === 0) {
      hints.push(`${actor.actor} waits in state ${actor.state} with an empty mailbox; if stopping there is fine, mark the state with meta: { resting: true }.`);
    }
  }
  return { summary, actors, cycle, dropped, hints };
}

export function diagnoseUnhandled(compiled: CompiledSystem, last: StateVector, trace: Trace, actor: number): Diagnosis {
  const name = compiled.names[actor]!;
  const step = trace.steps[trace.steps.length - 1]!;
  const sender = findSender(trace, name, step.event, trace.steps.length - 1);
  const summary =
    `${name} in state ${describeActor(compiled, last, actor).state} received ${step.event.type}` +
    `${sender ? ` (sent by ${sender.actor} ${sender.step === 'initial' ? 'when it started' : `at step ${sender.step}`})` : ''}` +
    ', which that state neither handles, defers nor ignores.';
  return {
    summary,
    actors: [describeActor(compiled, last, actor)],
    cycle: [],
    dropped: droppedAlong(trace),
    hints: [
      `Handle ${step.event.type} in that state, or list it in meta.defer (keep it queued until a later state handles it) or meta.ignore (drop it on purpose).`,
    ],
  };
}

export function diagnoseOverflow(compiled: CompiledSystem, last: StateVector, trace: Trace, receiver: number): Diagnosis {
  const name = compiled.names[receiver]!;
  const full = describeActor(compiled, last, receiver);
  const capacity = compiled.actors[receiver]!.capacity;
  const step = trace.steps[trace.steps.length - 1];
  const sent = step ? step.sends.find((s) => s.to === name) : undefined;
  const by = step ? `when ${step.actor} sent ${sent?.event.type ?? 'a message'} at step ${trace.steps.length}` : 'by the entry actions of the initial state';
  const held = full.mailbox.map((m) => m.event.type).join(', ');
  return {
    summary: `The mailbox of ${name} (capacity ${capacity}, holding ${held}) overflowed ${by}; ${name} is in state ${full.state}.`,
    actors: [full],
    cycle: [],
    dropped: droppedAlong(trace),
    hints: [
      `If ${capacity} is too small a bound, raise it: actors.${name}.capacity = ${capacity + 1} in the system definition.`,
      `Otherwise find why ${name} falls behind: the messages it defers in ${full.state} pile up.`,
    ],
  };
}

export function diagnoseInvariant(compiled: CompiledSystem, last: StateVector, trace: Trace, property: string): Diagnosis {
  const actors = compiled.names.map((_, actor) => describeActor(compiled, last, actor));
  const where = trace.steps.length === 0 ? 'in the initial state' : `after step ${trace.steps.length}`;
  return {
    summary: `Invariant '${property}' is false ${where}. ${actors.map((a) => `${a.actor} is in ${a.state}.`).join(' ')}`,
    actors,
    cycle: [],
    dropped: droppedAlong(trace),
    hints: [
      trace.steps.length === 0
        ? `No step was taken: the actors' initial states and contexts (their machines' \`initial\`, \`context\` and the actors' \`input\`) already make '${property}' false.`
        : `Follow the trace to the first step that makes '${property}' false.`,
    ],
  };
}

function describeActor(compiled: CompiledSystem, state: StateVector, actor: number): StuckActor {
  const snapshot = describeState(compiled, state)[actor]!;
  return {
    actor: snapshot.actor,
    state: snapshot.label,
    final: snapshot.final,
    resting: snapshot.resting,
    waitsFor: snapshot.waitsFor,
    mailbox: snapshot.mailbox,
  };
}

/** One sentence: where a stuck actor is, what it waits for, what its mailbox holds. */
export function describeStuck(actor: StuckActor): string {
  const waits = actor.waitsFor.length > 0 ? `, waiting for ${actor.waitsFor.join(' and ')}` : '';
  const mailbox =
    actor.mailbox.length === 0
      ? 'its mailbox is empty'
      : `its mailbox holds ${actor.mailbox.map((m) => `${m.event.type}${m.deferred ? ' (deferred)' : ''}`).join(', ')}`;
  return `${actor.actor} is in ${actor.state}${waits}; ${mailbox}.`;
}

/**
 * A cycle in a wait-for graph (each blocked actor → the actors it waits for), as names with the
 * first repeated at the end; empty if there is none.
 */
export function findWaitCycle(edges: ReadonlyMap<string, readonly string[]>): string[] {
  for (const start of edges.keys()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    const visit = (name: string): string[] | undefined => {
      if (onPath.has(name)) return [...path.slice(path.indexOf(name)), name];
      const next = edges.get(name);
      if (!next) return undefined;
      path.push(name);
      onPath.add(name);
      for (const target of next) {
        const cycle = visit(target);
        if (cycle) return cycle;
      }
      path.pop();
      onPath.delete(name);
      return undefined;
    };
    const cycle = visit(start);
    if (cycle) return cycle;
  }
  return [];
}

function droppedAlong(trace: Trace): DroppedMessage[] {
  const dropped: DroppedMessage[] = [];
  trace.steps.forEach((step, i) => {
    for (const reason of step.drops) dropped.push({ step: i + 1, actor: step.actor, event: step.event, reason });
    if (step.outcome === 'ignored') {
      dropped.push({ step: i + 1, actor: step.actor, event: step.event, reason: 'ignored in this state (meta.ignore)' });
    }
  });
  return dropped;
}

function findSender(trace: Trace, to: string, event: EventObject, before: number): { actor: string; step: number | 'initial' } | undefined {
  for (let i = before - 1; i >= 0; i--) {
    const step = trace.steps[i]!;
    if (step.sends.some((s) => s.to === to && s.event.type === event.type)) return { actor: step.actor, step: i + 1 };
  }
  const start = trace.initial.find((s) => s.sends.some((m) => m.to === to && m.event.type === event.type));
  return start ? { actor: start.actor, step: 'initial' } : undefined;
}
