/**
 * How a state tells interleave about messages, choices, blocking and termination
 * (design.md, semantics 5–8). Each is a key of an XState state node's `meta`; for the active
 * state configuration the keys of every active node (ancestors included) are combined.
 *
 * @example
 * ```ts
 * states: {
 *   idle:    { meta: { resting: true }, on: { work: 'busy' } },
 *   busy:    { meta: { defer: ['work'], choices: ['finish', 'fail'] }, on: { finish: 'idle', fail: 'idle' } },
 *   calling: { meta: { waitsFor: 'kernel' }, on: { reply: 'idle' } },
 * }
 * ```
 */
import type { EventObject } from 'xstate';
import type { ActionArgs } from './send.ts';

export interface InterleaveMeta {
  /**
   * Event types that stay queued in the mailbox while this state is active (`'*'`: every
   * event this state does not handle). The actor takes the first message it handles.
   */
  defer?: readonly string[] | '*';
  /** Event types dropped on purpose in this state; the drop is a step, shown in traces. */
  ignore?: readonly string[];
  /**
   * Environment choices: events the actor may take spontaneously in this state (hardware
   * completes a command, a device is unplugged). A function of the context may list events
   * with payloads. A choice whose transition is not enabled (guard false) is not offered.
   */
  choices?: ChoiceList | ((args: Pick<ActionArgs, 'context'>) => ChoiceList);
  /**
   * The actors this state is blocked on, as a thread blocked in a synchronous call is: it
   * handles only what it declares and defers every other message (semantics 7). Deadlock
   * reports follow these edges to find wait-for cycles.
   */
  waitsFor?: string | readonly string[] | ((args: Pick<ActionArgs, 'context'>) => string | readonly string[]);
  /** A valid place to stop: a global state where every actor rests with an empty mailbox is a valid end state. */
  resting?: boolean;
}

type ChoiceList = ReadonlyArray<string | EventObject>;

/** The annotations of one local state, combined over its active state nodes. */
export interface StateAnnotations {
  deferAll: boolean;
  defer: ReadonlySet<string>;
  ignore: ReadonlySet<string>;
  choices: EventObject[];
  waitsFor: string[];
  resting: boolean;
}

/**
 * Combines the `meta` of the active state nodes. Throws a message (without location: the
 * caller adds actor and state) when a key has the wrong shape.
 */
export function readAnnotations(
  metas: readonly Record<string, unknown>[],
  context: unknown,
): StateAnnotations {
  const result: StateAnnotations = {
    deferAll: false,
    defer: new Set(),
    ignore: new Set(),
    choices: [],
    waitsFor: [],
    resting: false,
  };
  for (const meta of metas) {
    if (!meta || typeof meta !== 'object') continue;
    const { defer, ignore, choices, waitsFor, resting } = meta as InterleaveMeta;
    if (defer === '*') result.deferAll = true;
    else if (defer !== undefined) addTypes(result.defer as Set<string>, defer, 'defer');
    if (ignore !== undefined) addTypes(result.ignore as Set<string>, ignore, 'ignore');
    if (choices !== undefined) {
      const list = typeof choices === 'function' ? choices({ context }) : choices;
      if (!Array.isArray(list)) throw new Error(`meta.choices must be an array of event types or events`);
      for (const choice of list) result.choices.push(toEvent(choice));
    }
    if (waitsFor !== undefined) {
      const resolved = typeof waitsFor === 'function' ? waitsFor({ context }) : waitsFor;
      const names = typeof resolved === 'string' ? [resolved] : resolved;
      if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
        throw new Error(`meta.waitsFor must name actors (a string or an array of strings)`);
      }
      result.waitsFor.push(...names);
      result.deferAll = true;
    }
    if (resting !== undefined) {
      if (typeof resting !== 'boolean') throw new Error(`meta.resting must be true or false`);
      result.resting ||= resting;
    }
  }
  return result;
}

function addTypes(into: Set<string>, list: unknown, key: string): void {
  if (!Array.isArray(list) || list.some((t) => typeof t !== 'string')) {
    throw new Error(`meta.${key} must be an array of event types${key === 'defer' ? " or '*'" : ''}`);
  }
  for (const type of list) into.add(type);
}

function toEvent(choice: string | EventObject): EventObject {
  if (typeof choice === 'string') return { type: choice };
  if (choice && typeof choice === 'object' && typeof choice.type === 'string') return choice;
  throw new Error(`meta.choices holds ${JSON.stringify(choice)}, which is neither an event type nor an event`);
}
