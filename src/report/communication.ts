/**
 * The communication graph of a system: which actor sends which event types to which, and which
 * environment choices each actor takes.
 *
 * It is the **observed** graph: it is collected by exploring the reachable global states with
 * the step function (breadth-first, up to `maxStates`) and recording the sends of every step
 * and of the actors' entry actions. A send that no reachable state performs is not in it, and
 * when the limit stops the exploration (`complete: false`) it may lack edges that exist.
 *
 * @example
 * ```ts
 * const graph = observeCommunication(diningTable(3, false));
 * graph.edges.find((e) => e.from === 'phil0' && e.to === 'fork0')?.events; // ['release', 'take']
 * ```
 */
import { describeInitial } from '../checker/trace.ts';
import type { System } from '../system/defineSystem.ts';
import { applyStep, compileSystem, enabledSteps, initialState, type CompiledSystem, type GlobalState } from '../system/step.ts';

export interface CommunicationGraph {
  /** The actors in system order, with the id of their machine. */
  readonly actors: readonly { readonly name: string; readonly machineId: string }[];
  /** One edge per sender and receiver, with every event type observed on it (sorted). */
  readonly edges: readonly CommunicationEdge[];
  /** The environment choices (and `after` timers) each actor was observed to take. */
  readonly choices: readonly { readonly actor: string; readonly events: readonly string[] }[];
  /** How many global states were explored. */
  readonly states: number;
  /** Whether every reachable state was explored; if not, the graph is a lower bound. */
  readonly complete: boolean;
  /**
   * The first model error met (a guard or action that throws in a state the checker never
   * reached, e.g. past a violation): the exploration does not go past such a step.
   */
  readonly error?: string;
}

export interface CommunicationEdge {
  readonly from: string;
  readonly to: string;
  readonly events: readonly string[];
}

export const DEFAULT_COMMUNICATION_STATES = 20_000;

/** Explores `system` up to `maxStates` global states and returns the observed graph. */
export function observeCommunication(
  system: System | CompiledSystem,
  options: { maxStates?: number } = {},
): CommunicationGraph {
  const compiled = 'successor' in system ? system : compileSystem(system);
  const maxStates = options.maxStates ?? DEFAULT_COMMUNICATION_STATES;
  const sends = new Map<string, Set<string>>();
  const choices = new Map<string, Set<string>>();
  const record = (map: Map<string, Set<string>>, key: string, type: string) => {
    const set = map.get(key) ?? new Set<string>();
    set.add(type);
    map.set(key, set);
  };
  for (const start of describeInitial(compiled)) {
    for (const send of start.sends) record(sends, edgeKey(start.actor, send.to), send.event.type);
  }
  // Plain Map and array queue: this runs once per report on a bounded number of states, not in the checker.
  const seen = new Set<string>();
  const queue: GlobalState[] = [];
  const visit = (state: GlobalState) => {
    const key = state.join(',');
    if (seen.has(key) || seen.size >= maxStates) return;
    seen.add(key);
    queue.push(state);
  };
  visit(initialState(compiled));
  let complete = true;
  let error: string | undefined;
  /** Runs `fn`; a model error ends this branch of the exploration instead of the report. */
  const guarded = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (e) {
      error ??= e instanceof Error ? e.message : String(e);
      complete = false;
      return undefined;
    }
  };
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head]!;
    for (const step of guarded(() => enabledSteps(compiled, state)) ?? []) {
      const result = guarded(() => applyStep(compiled, state, step.index));
      if (!result) continue;
      if (step.kind === 'choose') record(choices, step.actor, step.event.type);
      for (const send of result.sends) record(sends, edgeKey(step.actor, send.to), send.event.type);
      if (result.violation) continue; // the checker stops at a violation; so does the exploration
      if (seen.size >= maxStates && !seen.has(result.state.join(','))) complete = false;
      visit(result.state);
    }
  }
  const order = new Map(compiled.names.map((name, i) => [name, i]));
  const edges = [...sends.entries()]
    .map(([key, events]) => {
      const [from, to] = JSON.parse(key) as [string, string];
      return { from, to, events: [...events].sort() };
    })
    .sort((a, b) => order.get(a.from)! - order.get(b.from)! || order.get(a.to)! - order.get(b.to)!);
  return {
    actors: compiled.system.actors.map((a) => ({ name: a.name, machineId: a.machine.id })),
    edges,
    choices: compiled.names.filter((n) => choices.has(n)).map((actor) => ({ actor, events: [...choices.get(actor)!].sort() })),
    states: seen.size,
    complete,
    ...(error !== undefined ? { error } : {}),
  };
}

function edgeKey(from: string, to: string): string {
  return JSON.stringify([from, to]);
}
