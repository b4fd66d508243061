/**
 * Effects: what a pure handler of the DriverKit machines decides — the next context, the
 * messages to send, the driver-log lines and the drops — applied as XState actions in the
 * order they were decided. The kernel and the dext keep their logic in plain functions over
 * their context (research/driverkit-scsi.md §8.1, §8.6) and use this to run them.
 */
import { enqueueActions, type EventObject } from 'xstate';
import { drop, log, send } from '../src/index.ts';

/** One decision of a handler. */
export type Effect =
  | { readonly send: { readonly to: string; readonly event: EventObject } }
  | { readonly log: { readonly text: string; readonly source: string } }
  | { readonly drop: string };

/** A handler's result: the next context and its effects, in order. */
export interface Outcome<TContext> {
  readonly context: TContext;
  readonly effects: readonly Effect[];
}

/** Collects effects while a handler runs, so handlers read as a sequence of statements. */
export class EffectList {
  readonly list: Effect[] = [];

  send<E extends EventObject>(to: string, event: E): this {
    this.list.push({ send: { to, event } });
    return this;
  }

  log(text: string, source: string): this {
    this.list.push({ log: { text, source } });
    return this;
  }

  drop(reason: string): this {
    this.list.push({ drop: reason });
    return this;
  }
}

/**
 * An XState action that runs `handler` on the current context and event and applies its
 * outcome: assigns the next context, then sends, logs and drops in order.
 *
 * @example
 * ```ts
 * on: { PostCommand: { actions: apply(({ context, event }) => ({ context: { ...context, queued: [...context.queued, event.taskId] }, effects: [] })) } }
 * ```
 */
export function apply<TContext extends object, TEvent extends EventObject>(
  handler: (args: { context: TContext; event: TEvent }) => Outcome<TContext>,
): (args: { context: TContext; event: TEvent }, params?: unknown) => void {
  // XState's typing of enqueueActions is tied to one machine's type parameters; as an action it
  // is a function of (args, params) like any inline action.
  return enqueueActions(({ context, event, enqueue }: { context: TContext; event: TEvent; enqueue: any }) => {
    const outcome = handler({ context, event });
    if (outcome.context !== context) enqueue.assign(() => outcome.context);
    for (const effect of outcome.effects) {
      if ('send' in effect) enqueue(send(effect.send.to, effect.send.event));
      else if ('log' in effect) enqueue(log(effect.log.text, effect.log.source));
      else enqueue(drop(effect.drop));
    }
  }) as unknown as (args: { context: TContext; event: TEvent }, params?: unknown) => void;
}
