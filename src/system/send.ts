/**
 * The actions a model uses to talk to other actors: `send` (design.md, semantics 2) and `drop`.
 *
 * Both are ordinary XState inline actions that do nothing when executed. XState's pure
 * `transition()` returns them in its action list with the arguments current at that point
 * (after earlier `assign`s of the same transition), and the step function reads them from
 * there: sending is data, resolved by `resolveActionEffects`, never an effect.
 */
import type { EventObject } from 'xstate';

/** The arguments XState hands an action: the context and event current at that point. */
export interface ActionArgs<TContext = any, TEvent extends EventObject = any> {
  context: TContext;
  event: TEvent;
}

type Resolvable<T, TContext, TEvent extends EventObject> =
  | T
  | ((args: ActionArgs<TContext, TEvent>) => T);

/** An inline XState action built by {@link send} or {@link drop}. */
export type InterleaveAction<TContext = any, TEvent extends EventObject = any> = (
  args: ActionArgs<TContext, TEvent>,
  params?: unknown,
) => void;

const SEND = Symbol.for('interleave.send');
const DROP = Symbol.for('interleave.drop');
const LOG = Symbol.for('interleave.log');

interface SendMarker {
  to: Resolvable<string, any, any>;
  event: Resolvable<EventObject, any, any>;
}

/**
 * Sends `event` to the actor named `to`, appending it to the end of that actor's mailbox when
 * the step that runs this action completes. Both arguments may be functions of the context
 * and of the event being handled.
 *
 * @example
 * ```ts
 * import { send } from 'interleave';
 * const fork = createMachine({
 *   id: 'fork', initial: 'free',
 *   states: {
 *     free: { on: { take: { target: 'taken', actions: send(({ event }) => event.by, { type: 'granted' }) } } },
 *     taken: { on: { release: 'free' } },
 *   },
 * });
 * ```
 */
export function send<TContext = any, TEvent extends EventObject = any>(
  to: Resolvable<string, TContext, TEvent>,
  event: Resolvable<EventObject, TContext, TEvent>,
): InterleaveAction<TContext, TEvent> {
  const marker: SendMarker = { to, event };
  return markedAction(SEND, marker, 'interleave.send');
}

/**
 * Marks the message being handled as dropped on purpose, with a reason. The step still runs
 * (the state may change); the drop is shown in traces and in the diagnosis of a deadlock that
 * it explains, e.g. the kernel dropping a completion whose `version` is not 1.
 *
 * @example
 * ```ts
 * on: { ParallelTaskCompletion: { guard: 'badVersion', actions: drop(({ event }) => `version ${event.version} ≠ 1`) } }
 * ```
 */
export function drop<TContext = any, TEvent extends EventObject = any>(
  reason: Resolvable<string, TContext, TEvent>,
): InterleaveAction<TContext, TEvent> {
  return markedAction(DROP, reason, 'interleave.drop');
}

/**
 * Writes a line to the driver log, as XState's `log` does, and names where it ran: `source`
 * (e.g. the dispatch queue a handler runs on) instead of the logging actor. Traces print it
 * as `text - source`, in the style of a kext's log. Both arguments may be functions of the
 * context and event.
 *
 * @example
 * ```ts
 * actions: log(({ event }) => `Send command ${event.opcode} for target ${event.target} len ${event.length}`, ({ event }) => event.queue)
 * ```
 */
export function log<TContext = any, TEvent extends EventObject = any>(
  text: Resolvable<string, TContext, TEvent>,
  source?: Resolvable<string, TContext, TEvent>,
): InterleaveAction<TContext, TEvent> {
  return markedAction(LOG, { text, source }, 'interleave.log');
}

function markedAction(marker: symbol, payload: unknown, name: string): InterleaveAction {
  // Never called: the step function reads the marker instead of executing the action.
  const action: InterleaveAction = () => {};
  Object.defineProperty(action, marker, { value: payload });
  Object.defineProperty(action, 'name', { value: name });
  return action;
}

/** One XState action as returned by the pure `transition()` / `initialTransition()`. */
export interface ExecutableAction {
  type: string;
  params?: any;
  info?: ActionArgs;
  exec?: unknown;
}

/** A line of the driver log; `source` is where it ran, when not the logging actor itself. */
export interface LogLine {
  readonly text: string;
  readonly source?: string;
}

/** What one transition asks the system to do, read from XState's action list. */
export interface ActionEffects {
  sends: { to: string; event: unknown }[];
  logs: LogLine[];
  drops: string[];
}

/**
 * Reads sends, log lines (`log`, or XState's own `log` action) and drops from a transition's actions,
 * in the order the actions ran. Returns a string describing an XState action that cannot work
 * between interleave actors, as `{ unsupported }`.
 */
export function resolveActionEffects(
  actions: readonly ExecutableAction[],
): ActionEffects | { unsupported: string } {
  const effects: ActionEffects = { sends: [], logs: [], drops: [] };
  for (const action of actions) {
    const exec = action.exec as Record<symbol, unknown> | undefined;
    const args = action.info ?? ({} as ActionArgs);
    if (exec && SEND in exec) {
      const { to, event } = exec[SEND] as SendMarker;
      effects.sends.push({ to: resolve(to, args), event: resolve(event, args) });
    } else if (exec && LOG in exec) {
      const { text, source } = exec[LOG] as { text: Resolvable<string, any, any>; source?: Resolvable<string, any, any> };
      const line: LogLine = { text: String(resolve(text, args)) };
      effects.logs.push(source === undefined ? line : { ...line, source: String(resolve(source, args)) });
    } else if (exec && DROP in exec) {
      effects.drops.push(String(resolve(exec[DROP] as Resolvable<string, any, any>, args)));
    } else if (action.type === 'xstate.log') {
      const { value, label } = action.params ?? {};
      effects.logs.push({ text: label ? `${label}: ${format(value)}` : format(value) });
    } else {
      const unsupported = describeUnsupported(action);
      if (unsupported) return { unsupported };
    }
  }
  return effects;
}

function resolve<T>(value: Resolvable<T, any, any>, args: ActionArgs): T {
  return typeof value === 'function' ? (value as (a: ActionArgs) => T)(args) : value;
}

function format(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describeUnsupported(action: ExecutableAction): string | undefined {
  switch (action.type) {
    case 'xstate.sendTo':
      return "XState's sendTo() cannot address interleave actors; use send(to, event) from 'interleave'";
    case 'xstate.spawnChild':
      return 'invoke/spawn of child actors is not supported; declare each child as an actor of the system';
    case 'xstate.raise': {
      const { delay, id } = action.params ?? {};
      if (delay === undefined) return undefined; // processed inside the macrostep already
      if (typeof id === 'string' && id.startsWith('xstate.after.')) return undefined; // a timer: a choice
      return "a delayed raise()/sendTo() is not supported; use an 'after' transition (timers are choices)";
    }
    default:
      return undefined;
  }
}
