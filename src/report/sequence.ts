/**
 * A counterexample as a sequence diagram, in neutral form: one lane per actor, one arrow per
 * step (from the message's sender to the actor that takes it; a choice is an arrow to itself),
 * notes where an actor's state changes, activations while an actor is blocked (`meta.waitsFor`),
 * the messages still queued at the end, and the violation: for a deadlock its wait-for cycle,
 * drawn as `waits for` arrows in a highlighted block. `mermaid.ts` prints it as a Mermaid
 * `sequenceDiagram`; `sequenceSvg.ts` draws it for the HTML report.
 *
 * Every actor's state comes from replaying the trace (`replay.ts`); which send a delivered
 * message came from is bookkeeping: the first queued message of the receiver with that event.
 */
import type { EventObject } from 'xstate';
import type { Trace, Violation } from '../checker/result.ts';
import type { ActorSnapshot } from '../system/step.ts';
import { formatEvent } from './text.ts';

export type MessageStyle = 'handled' | 'choice' | 'ignored' | 'dropped' | 'unhandled' | 'overflow' | 'queued' | 'waits';
export type NoteTone = 'state' | 'blocked' | 'problem';

export type SequenceItem =
  | { readonly kind: 'message'; readonly step: number; readonly from: string; readonly to: string; readonly text: string; readonly style: MessageStyle }
  | { readonly kind: 'note'; readonly step: number; readonly actors: readonly string[]; readonly text: string; readonly tone: NoteTone }
  | { readonly kind: 'activate' | 'deactivate'; readonly step: number; readonly actor: string }
  | { readonly kind: 'group'; readonly step: number; readonly tone: 'cycle' | 'lasso' | 'end'; readonly label: string; readonly items: readonly SequenceItem[] };

export interface SequenceDiagram {
  /** The lanes: every actor, in system order. */
  readonly participants: readonly string[];
  readonly items: readonly SequenceItem[];
}

export interface SequenceOptions {
  /** Capacity of each actor's mailbox, to tell which send of an overflowing step did not fit. */
  readonly capacities?: Readonly<Record<string, number>>;
}

/** A path to a state where a `reachable` property holds (`result.examples`), drawn as a counterexample is. */
export interface Example {
  readonly kind: 'example';
  readonly property: string;
  readonly trace: Trace;
}

interface Queued {
  readonly from: string;
  readonly key: string;
}

/**
 * Builds the sequence diagram of `violation.trace` (or an example's); `snapshots` are every
 * actor's states before the first step and after each step (`replayTrace`).
 */
export function createSequenceDiagram(
  violation: Violation | Example,
  snapshots: readonly (readonly ActorSnapshot[])[],
  options: SequenceOptions = {},
): SequenceDiagram {
  const { trace } = violation;
  const lassoFrom = lassoStart(violation);
  const participants = snapshots[0]!.map((a) => a.actor);
  const order = new Map(participants.map((name, i) => [name, i]));
  const span = (actors: readonly string[]) => {
    const sorted = [...new Set(actors)].sort((a, b) => order.get(a)! - order.get(b)!);
    return sorted.length <= 1 ? sorted : [sorted[0]!, sorted[sorted.length - 1]!];
  };
  const queues = new Map<string, Queued[]>(participants.map((p) => [p, []]));
  const enqueue = (from: string, to: string, event: EventObject) => queues.get(to)?.push({ from, key: JSON.stringify(event) });
  const sender = (to: string, event: EventObject) => {
    const queue = queues.get(to) ?? [];
    const at = queue.findIndex((q) => q.key === JSON.stringify(event));
    return at < 0 ? undefined : queue.splice(at, 1)[0]!.from;
  };
  const main: SequenceItem[] = [];
  const lasso: SequenceItem[] = [];
  const active = new Set<string>();

  for (const start of trace.initial) for (const send of start.sends) enqueue(start.actor, send.to, send.event);
  for (const actor of snapshots[0]!) {
    if (actor.waitsFor.length > 0) {
      main.push({ kind: 'note', step: 0, actors: [actor.actor], text: `starts in ${stateText(actor)}`, tone: 'blocked' });
      main.push({ kind: 'activate', step: 0, actor: actor.actor });
      active.add(actor.actor);
    }
  }

  trace.steps.forEach((step, i) => {
    const n = i + 1;
    const items = lassoFrom !== undefined && n >= lassoFrom ? lasso : main;
    const before = snapshots[i]!.find((a) => a.actor === step.actor)!;
    const after = snapshots[n]!.find((a) => a.actor === step.actor)!;
    const from = step.kind === 'choose' ? step.actor : (sender(step.actor, step.event) ?? step.actor);
    const event = formatEvent(step.event);
    const [style, suffix] =
      step.kind === 'choose'
        ? (['choice', ' (choice)'] as const)
        : step.outcome === 'ignored'
          ? (['ignored', ' (ignored)'] as const)
          : step.outcome === 'unhandled'
            ? (['unhandled', ' UNHANDLED'] as const)
            : step.drops.length > 0
              ? (['dropped', ` (dropped: ${step.drops.join('; ')})`] as const)
              : (['handled', ''] as const);
    items.push({ kind: 'message', step: n, from, to: step.actor, text: `${n}. ${event}${suffix}`, style });

    const full = violation.kind === 'example' ? undefined : violation.diagnosis.actors[0]?.actor;
    const overflowing = step.outcome === 'overflow' ? overflowingSend(step, snapshots[i]!, full, options) : -1;
    step.sends.forEach((send, k) => {
      if (overflowing >= 0 && k > overflowing) return; // not appended: the step stopped at the full mailbox
      if (k === overflowing) {
        items.push({ kind: 'message', step: n, from: step.actor, to: send.to, text: `${n}. ${formatEvent(send.event)} MAILBOX OVERFLOW`, style: 'overflow' });
      } else enqueue(step.actor, send.to, send.event);
    });

    const blockedBefore = before.waitsFor.length > 0;
    const blockedAfter = after.waitsFor.length > 0;
    if (after.label !== before.label || after.waitsFor.join() !== before.waitsFor.join()) {
      items.push({ kind: 'note', step: n, actors: [step.actor], text: stateText(after), tone: blockedAfter ? 'blocked' : 'state' });
    }
    if (blockedAfter && !blockedBefore) {
      items.push({ kind: 'activate', step: n, actor: step.actor });
      active.add(step.actor);
    }
    if (!blockedAfter && blockedBefore) {
      items.push({ kind: 'deactivate', step: n, actor: step.actor });
      active.delete(step.actor);
    }
  });

  const last = trace.steps.length;
  const end: SequenceItem[] = [];
  for (const actor of snapshots[last]!) {
    for (const message of actor.mailbox) {
      const from = sender(actor.actor, message.event) ?? actor.actor;
      const text = `queued: ${formatEvent(message.event)}${message.deferred ? ' (deferred)' : ''}`;
      end.push({ kind: 'message', step: last, from, to: actor.actor, text, style: 'queued' });
    }
  }
  const items = [...main];
  if (lassoFrom !== undefined) {
    items.push({ kind: 'group', step: lassoFrom, tone: 'lasso', label: `steps ${lassoFrom}–${last} repeat forever`, items: lasso });
  }
  items.push(...end, ...(violation.kind === 'example' ? exampleItems(violation, participants, span) : violationItems(violation, participants, span)));
  // Mermaid draws an activation bar only once it is closed: close the bars of actors still blocked.
  for (const actor of participants) if (active.has(actor)) items.push({ kind: 'deactivate', step: last, actor });
  return { participants, items };
}

/** The part of the diagram that shows what is wrong at the end. */
function violationItems(violation: Violation, participants: readonly string[], span: (actors: readonly string[]) => string[]): SequenceItem[] {
  const { diagnosis } = violation;
  const last = violation.trace.steps.length;
  const lassoFrom = lassoStart(violation);
  const items: SequenceItem[] = [];
  const inCycle = new Set(diagnosis.cycle);
  const lastDrop = diagnosis.dropped[diagnosis.dropped.length - 1];
  const dropped = lastDrop ? `; ${lastDrop.actor} dropped ${lastDrop.event.type} at step ${lastDrop.step}` : '';
  if (violation.kind === 'deadlock' && diagnosis.cycle.length > 0) {
    const cycleItems: SequenceItem[] = [
      { kind: 'note', step: last, actors: span(diagnosis.cycle), text: `deadlock: wait-for cycle ${diagnosis.cycle.join(' → ')}${dropped}`, tone: 'problem' },
    ];
    for (let k = 0; k + 1 < diagnosis.cycle.length; k++) {
      cycleItems.push({ kind: 'message', step: last, from: diagnosis.cycle[k]!, to: diagnosis.cycle[k + 1]!, text: 'waits for', style: 'waits' });
    }
    items.push({ kind: 'group', step: last, tone: 'cycle', label: 'wait-for cycle', items: cycleItems });
  }
  const stuck = diagnosis.actors.filter((a) => !inCycle.has(a.actor));
  if (violation.kind === 'deadlock') {
    const notes: SequenceItem[] = stuck.map((a) => ({
      kind: 'note',
      step: last,
      actors: [a.actor],
      text: `stuck in ${a.state}${a.waitsFor.length > 0 ? `, waits for ${a.waitsFor.join(', ')}` : ''}`,
      tone: 'problem',
    }));
    if (diagnosis.cycle.length === 0) notes.unshift({ kind: 'note', step: last, actors: span(participants), text: `deadlock: no actor can take a step${dropped}`, tone: 'problem' });
    if (notes.length > 0) items.push({ kind: 'group', step: last, tone: 'end', label: 'deadlock', items: notes });
  } else {
    const text =
      violation.kind === 'liveness'
        ? `liveness '${violation.property}' violated${violation.item !== undefined ? ` for ${JSON.stringify(violation.item)}` : ''}: ${lassoFrom !== undefined ? `steps ${lassoFrom}–${last} repeat forever` : 'no step is enabled from here on, forever'}`
        : violation.kind === 'unhandled'
        ? `unhandled: ${diagnosis.actors[0]?.actor} cannot take ${violation.trace.steps[last - 1]?.event.type} in ${diagnosis.actors[0]?.state}`
        : violation.kind === 'overflow'
          ? `overflow: the mailbox of ${diagnosis.actors[0]?.actor} is full`
          : `invariant '${violation.property}' violated`;
    const actors = violation.kind === 'invariant' || violation.kind === 'liveness' ? span(participants) : span(diagnosis.actors.slice(0, 1).map((a) => a.actor));
    items.push({ kind: 'group', step: last, tone: 'end', label: violation.kind, items: [{ kind: 'note', step: last, actors, text, tone: 'problem' }] });
  }
  return items;
}

/** The end of an example: the property holds here. */
function exampleItems(example: Example, participants: readonly string[], span: (actors: readonly string[]) => string[]): SequenceItem[] {
  const last = example.trace.steps.length;
  const note: SequenceItem = { kind: 'note', step: last, actors: span(participants), text: `reachable '${example.property}' holds here`, tone: 'state' };
  return [{ kind: 'group', step: last, tone: 'end', label: 'reached', items: [note] }];
}

/** For a liveness lasso (`trace.cycleStart`, 0-based): the 1-based step its cycle starts at; its steps go inside a `loop` block. */
function lassoStart(violation: Violation | Example): number | undefined {
  const { cycleStart, steps } = violation.trace;
  return cycleStart !== undefined && cycleStart < steps.length ? cycleStart + 1 : undefined;
}

/** `taken (waits for phil0)`. */
function stateText(actor: ActorSnapshot): string {
  return actor.waitsFor.length > 0 ? `${actor.label} (waits for ${actor.waitsFor.join(', ')})` : actor.label;
}

/**
 * Which of an overflowing step's sends found its receiver's mailbox full: the receiver's
 * mailbox held `k` messages before the step (one fewer if the receiver is the stepping actor,
 * whose message leaves first), so its `capacity - k + 1`-th send overflows. Without capacities,
 * the last send to the receiver.
 */
function overflowingSend(
  step: { readonly actor: string; readonly kind: string; readonly sends: readonly { to: string; event: EventObject }[] },
  state: readonly ActorSnapshot[],
  receiver: string | undefined,
  options: SequenceOptions,
): number {
  if (receiver === undefined) return -1;
  const toReceiver = step.sends.map((s, k) => (s.to === receiver ? k : -1)).filter((k) => k >= 0);
  const capacity = options.capacities?.[receiver];
  if (capacity === undefined) return toReceiver[toReceiver.length - 1] ?? -1;
  const held = state.find((a) => a.actor === receiver)!.mailbox.length - (receiver === step.actor && step.kind === 'deliver' ? 1 : 0);
  return toReceiver[Math.max(0, capacity - held)] ?? toReceiver[toReceiver.length - 1] ?? -1;
}
