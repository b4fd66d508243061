/**
 * An independent, deliberately naive explorer of the semantics in design.md: plain XState
 * `transition()` on every step, whole snapshots and mailboxes as JavaScript values, string keys,
 * no memoization, no interning, no patches. It shares no code with the engine (it reads the
 * `send` marker itself), so agreement between the two is evidence that both are right.
 */
import { getNextTransitions, initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import type { System } from '../../src/index.ts';

interface Actor {
  snapshot: AnyMachineSnapshot;
  mailbox: EventObject[];
}

export interface ReferenceResult {
  states: number;
  transitions: number;
  deadlocks: number;
  unhandled: number;
  overflows: number;
  /** Every reachable state, in discovery order (0 is initial): each actor's snapshot and mailbox. */
  graph: { states: { snapshot: AnyMachineSnapshot; mailbox: EventObject[] }[][]; edges: [from: number, to: number, actor: number][] };
}

const SEND = Symbol.for('interleave.send');

export function exploreReference(system: System): ReferenceResult {
  const specs = system.actors;
  const names = specs.map((a) => a.name);
  const start: Actor[] = specs.map((a) => ({ snapshot: initialTransition(a.machine, a.input)[0], mailbox: [] }));
  let initialOverflow = false;
  specs.forEach((spec, i) => {
    const [, actions] = initialTransition(spec.machine, spec.input);
    initialOverflow ||= !deliverSends(start, actions, names, specs.map((a) => a.capacity));
  });
  if (initialOverflow) throw new Error('reference explorer: initial overflow not supported');
  const seen = new Map<string, number>([[key(start), 0]]);
  const queue: Actor[][] = [start];
  const result: ReferenceResult = { states: 1, transitions: 0, deadlocks: 0, unhandled: 0, overflows: 0, graph: { states: [start], edges: [] } };
  let current = 0;
  let stepping = -1;
  for (; current < queue.length; current++) {
    const state = queue[current]!;
    let enabled = 0;
    state.forEach((actor, i) => {
      stepping = i;
      const machine = specs[i]!.machine;
      const meta = combinedMeta(actor.snapshot);
      // Mailbox: the first message the state does not defer.
      for (let position = 0; position < actor.mailbox.length; position++) {
        const event = actor.mailbox[position]!;
        const handled = machine.getTransitionData(actor.snapshot as never, event).length > 0;
        const deferred = meta.deferAll || meta.defer.includes(event.type);
        const ignored = meta.ignore.includes(event.type);
        if (!handled && !ignored && deferred) continue;
        enabled++;
        result.transitions++;
        if (!handled && !ignored) {
          result.unhandled++;
          break;
        }
        const nextState = clone(state);
        nextState[i]!.mailbox.splice(position, 1);
        if (handled) step(nextState, i, machine, event);
        else add(nextState);
        break;
      }
      // Choices: meta.choices and `after` timers whose transition is enabled.
      const choices: EventObject[] = meta.choices.map((c) => (typeof c === 'string' ? { type: c } : c));
      for (const t of getNextTransitions(actor.snapshot)) {
        if (t.eventType.startsWith('xstate.after.') && !choices.some((c) => c.type === t.eventType)) choices.push({ type: t.eventType });
      }
      const offered = new Set<string>();
      for (const choice of choices) {
        const id = JSON.stringify(choice);
        if (offered.has(id) || machine.getTransitionData(actor.snapshot as never, choice).length === 0) continue;
        offered.add(id);
        enabled++;
        result.transitions++;
        step(clone(state), i, machine, choice);
      }
    });
    if (enabled === 0) {
      const validEnd = state.every((a) => a.mailbox.length === 0 && (a.snapshot.status === 'done' || combinedMeta(a.snapshot).resting));
      if (!validEnd) result.deadlocks++;
    }
  }
  result.graph.states = queue;
  return result;

  function step(state: Actor[], i: number, machine: AnyStateMachine, event: EventObject): void {
    const [snapshot, actions] = transition(machine, state[i]!.snapshot, event);
    state[i]!.snapshot = snapshot;
    if (!deliverSends(state, actions, names, specs.map((a) => a.capacity))) {
      result.overflows++;
      return;
    }
    add(state);
  }

  function add(state: Actor[]): void {
    const k = key(state);
    let index = seen.get(k);
    if (index === undefined) {
      index = queue.length;
      seen.set(k, index);
      result.states++;
      queue.push(state);
    }
    result.graph.edges.push([current, index, stepping]);
  }
}

/** Appends the sends of `actions` in order; false if a mailbox overflows. */
function deliverSends(state: Actor[], actions: readonly any[], names: readonly string[], capacities: readonly number[]): boolean {
  for (const action of actions) {
    const marker = action.exec?.[SEND];
    if (!marker) continue;
    const to = typeof marker.to === 'function' ? marker.to(action.info) : marker.to;
    const event = typeof marker.event === 'function' ? marker.event(action.info) : marker.event;
    const receiver = names.indexOf(to);
    if (state[receiver]!.mailbox.length >= capacities[receiver]!) return false;
    state[receiver]!.mailbox.push(event);
  }
  return true;
}

function combinedMeta(snapshot: AnyMachineSnapshot) {
  const result = { deferAll: false, defer: [] as string[], ignore: [] as string[], choices: [] as (string | EventObject)[], resting: false };
  for (const meta of Object.values(snapshot.getMeta()) as any[]) {
    if (!meta) continue;
    if (meta.defer === '*' || meta.waitsFor !== undefined) result.deferAll = true;
    else if (meta.defer) result.defer.push(...meta.defer);
    if (meta.ignore) result.ignore.push(...meta.ignore);
    if (meta.choices) result.choices.push(...(typeof meta.choices === 'function' ? meta.choices({ context: snapshot.context }) : meta.choices));
    if (meta.resting) result.resting = true;
  }
  return result;
}

function key(state: readonly Actor[]): string {
  return JSON.stringify(state.map((a) => [a.snapshot.value, sortKeys(a.snapshot.context), a.mailbox.map(sortKeys)]));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function clone(state: readonly Actor[]): Actor[] {
  return state.map((a) => ({ snapshot: a.snapshot, mailbox: [...a.mailbox] }));
}
