/**
 * One actor's XState machine seen as a local transition function over interned local states
 * (research/xstate-internals.md §0): `(local state, event) → (next local state, sends)`.
 *
 * Every result is memoized, so XState runs once per distinct (local state, event) pair, not
 * once per global step. This is the only file that calls XState's transition functions.
 */
import {
  getInitialMicrosteps,
  getMicrosteps,
  getNextTransitions,
  createActor,
  initialTransition,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventObject,
  type StateValue,
} from 'xstate';
import type { ActorSpec } from '../defineSystem.ts';
import { ModelError, formatStateValue } from '../errors.ts';
import { readAnnotations, type StateAnnotations } from '../meta.ts';
import { resolveActionEffects, type ExecutableAction, type LogLine } from '../send.ts';
import type { MessageTable } from './messages.ts';
import { canonicalJson, deepFreeze, findNonPlainData } from './plainData.ts';

/** How a local state treats one event (design.md, semantics 5). */
export const enum Reaction {
  /** A transition is enabled: the actor takes the event and runs a macrostep. */
  Handle = 0,
  /** The event stays queued; the actor looks further down its mailbox. */
  Defer = 1,
  /** The event is taken and dropped on purpose. */
  Ignore = 2,
  /** No transition, no defer, no ignore: an error, as in the P language. */
  Unhandled = 3,
}

/** The memoized result of offering one event to one local state. */
export interface LocalOutcome {
  readonly reaction: Reaction;
  /** The next local state (the same one unless the event was handled). */
  readonly next: number;
  /** Sends in the order they ran, as pairs (receiver actor index, message id). */
  readonly sends: Int32Array;
  /** Lines of the driver log (`log`, or XState's `log` action). */
  readonly logs: readonly LogLine[];
  /** Reasons given by `drop()`. */
  readonly drops: readonly string[];
  /** For a handled event: XState's transitions it took, and the types of the events it raised (for coverage). */
  readonly transitions: readonly unknown[];
  readonly raised: readonly string[];
}

/** What is known about one local state. */
export interface LocalInfo {
  readonly value: StateValue;
  readonly context: unknown;
  /** The state value as a dotted path, for reports. */
  readonly label: string;
  readonly final: boolean;
  readonly tags: readonly string[];
  readonly annotations: StateAnnotations;
  /** `annotations.waitsFor` as actor indices. */
  readonly waitsFor: readonly number[];
}

/** What the local machine needs to know about the rest of the system. */
export interface SystemEnvironment {
  readonly messages: MessageTable;
  actorIndex(name: string): number | undefined;
  readonly actorNames: readonly string[];
}

/** Beyond this many fresh transitions, re-run only every 8th one to check determinism. */
const ALWAYS_RECHECK = 2000;

export class LocalMachine {
  readonly name: string;
  private readonly snaps: AnyMachineSnapshot[] = [];
  private readonly infos: LocalInfo[] = [];
  private readonly ids = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly outcomes: (LocalOutcome | undefined)[][] = [];
  private readonly choiceLists: (Int32Array | undefined)[] = [];
  private freshTransitions = 0;
  private scope: InertScope | undefined;
  private initialOutcome: LocalOutcome | undefined;

  constructor(
    private readonly spec: ActorSpec,
    readonly index: number,
    private readonly env: SystemEnvironment,
  ) {
    this.name = spec.name;
  }

  /** The actor's XState machine. */
  get definition(): AnyStateMachine {
    return this.spec.machine;
  }

  /** How many distinct local states have been seen so far. */
  get size(): number {
    return this.snaps.length;
  }

  info(local: number): LocalInfo {
    return this.infos[local]!;
  }

  /** The initial local state and the sends of its entry actions. */
  initial(): LocalOutcome {
    if (this.initialOutcome) return this.initialOutcome;
    const run = () => {
      const [snapshot, actions] = initialTransition(this.spec.machine, this.spec.input);
      if (snapshot.status === 'error') {
        throw this.error(describeXStateError((snapshot as { error?: unknown }).error), undefined, 'in its initial state');
      }
      return { snapshot, actions };
    };
    const first = this.guard(run, undefined, undefined, 'in its initial state');
    const outcome = this.resolveOutcome(first.snapshot, first.actions, undefined, undefined);
    this.checkDeterministic(outcome, run, undefined, undefined);
    return (this.initialOutcome = outcome);
  }

  /** The memoized reaction of local state `local` to message `message`. */
  outcome(local: number, message: number): LocalOutcome {
    const row = this.outcomes[local]!;
    return row[message] ?? (row[message] = this.computeOutcome(local, message));
  }

  /** The choice events (environment choices and `after` timers) enabled in `local`. */
  choices(local: number): Int32Array {
    return this.choiceLists[local] ?? (this.choiceLists[local] = this.computeChoices(local));
  }

  private computeOutcome(local: number, message: number): LocalOutcome {
    const snapshot = this.snaps[local]!;
    const event = this.env.messages.event(message);
    const selected = this.guard(() => this.spec.machine.getTransitionData(snapshot as never, event), local, event);
    if (selected.length === 0) {
      const { deferAll, defer, ignore } = this.infos[local]!.annotations;
      const reaction = ignore.has(event.type)
        ? Reaction.Ignore
        : deferAll || defer.has(event.type)
          ? Reaction.Defer
          : Reaction.Unhandled;
      // Every outcome has the same fields in the same order: the search reads them on its hot path.
      return { reaction, next: local, sends: NO_SENDS, logs: NONE, drops: NONE, transitions: NONE, raised: NONE };
    }
    const run = () => {
      const [next, actions] = this.transition(snapshot, event);
      if (next.status === 'error') throw this.error(describeXStateError((next as { error?: unknown }).error), local, event);
      return { snapshot: next, actions };
    };
    const first = this.guard(run, local, event);
    const outcome = this.resolveOutcome(first.snapshot, first.actions, local, event, selected);
    this.checkDeterministic(outcome, run, local, event);
    return outcome;
  }

  /**
   * XState's pure `transition(machine, snapshot, event)`, without building a new actor scope
   * on every call: that builds an actor, whose constructor computes the machine's initial
   * state — with no input, so a context factory that reads its input throws, and the throw is
   * caught: 88 µs a call for the SCSI kernel, and a memo miss (with its determinism re-run)
   * took 344 µs where it now takes 208. The scope is built once, from an actor that is never
   * started; as in `transition`, actions are collected, not run.
   */
  private transition(snapshot: AnyMachineSnapshot, event: EventObject): [AnyMachineSnapshot, ExecutableAction[]] {
    const actions: ExecutableAction[] = [];
    const scope = (this.scope ??= inertScope(this.spec.machine, this.spec.input));
    scope.actionExecutor = (action: ExecutableAction) => actions.push(action);
    return [this.spec.machine.transition(snapshot as never, event, scope as never) as AnyMachineSnapshot, actions];
  }

  /**
   * Re-runs a fresh transition and compares, to catch guards and actions that are not
   * deterministic (Math.random, Date.now, hidden mutable state). Cheap: it only happens on a
   * memo miss, and past the first thousands of misses only on a sample.
   */
  private checkDeterministic(
    outcome: LocalOutcome,
    run: () => { snapshot: AnyMachineSnapshot; actions: ExecutableAction[] },
    local: number | undefined,
    event: EventObject | undefined,
  ): void {
    this.freshTransitions++;
    if (this.freshTransitions > ALWAYS_RECHECK && this.freshTransitions % 8 !== 0) return;
    const again = this.guard(run, local, event);
    const repeat = this.resolveOutcome(again.snapshot, again.actions, local, event);
    if (
      repeat.next !== outcome.next ||
      repeat.sends.join() !== outcome.sends.join() ||
      JSON.stringify(repeat.logs) !== JSON.stringify(outcome.logs) ||
      repeat.drops.join('\n') !== outcome.drops.join('\n')
    ) {
      const first = this.infos[outcome.next]!;
      const second = this.infos[repeat.next]!;
      const differs =
        repeat.next !== outcome.next
          ? `it reached ${first.label} ${canonicalJson(first.context)} once and ${second.label} ${canonicalJson(second.context)} the next time`
          : 'its sends or log lines differed between two runs';
      throw this.error(
        `is not deterministic: ${differs}. Guards and actions must not use Math.random(), Date.now() or state outside the context; model such choices with meta.choices`,
        local,
        event,
      );
    }
  }

  private resolveOutcome(
    snapshot: AnyMachineSnapshot,
    actions: readonly ExecutableAction[],
    from: number | undefined,
    event: EventObject | undefined,
    transitions: readonly unknown[] = NONE,
  ): LocalOutcome {
    const effects = this.guard(() => resolveActionEffects(actions), from, event);
    if ('unsupported' in effects) throw this.error(effects.unsupported, from, event);
    const sends = new Int32Array(effects.sends.length * 2);
    effects.sends.forEach(({ to, event: sent }, i) => {
      const receiver = typeof to === 'string' ? this.env.actorIndex(to) : undefined;
      if (receiver === undefined) {
        const known = this.env.actorNames.join(', ');
        throw this.error(`sends ${safeLabel(sent)} to unknown actor ${JSON.stringify(to)} (actors: ${known})`, from, event);
      }
      const declared = this.spec.sendsTo;
      if (declared && !declared.includes(to as string)) {
        throw this.error(`sends ${safeLabel(sent)} to '${to}', which is not in its declared sendsTo (${declared.join(', ') || 'none'})`, from, event);
      }
      sends[2 * i] = receiver;
      sends[2 * i + 1] = this.guard(() => this.env.messages.intern(sent), from, event, `the event it sends to '${to}'`);
    });
    return {
      reaction: Reaction.Handle,
      next: this.intern(snapshot, from, event),
      sends,
      logs: effects.logs,
      drops: effects.drops,
      transitions,
      raised: raisedTypes(actions),
    };
  }

  /** The id of a local state; validates and freezes its context the first time it is seen. */
  private intern(snapshot: AnyMachineSnapshot, from: number | undefined, event: EventObject | undefined): number {
    const history = historyKey(snapshot);
    const key = canonicalJson(history ? [snapshot.value, snapshot.context, history] : [snapshot.value, snapshot.context]);
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const label = formatStateValue(snapshot.value);
    const nonPlain = findNonPlainData(snapshot.context, 'context');
    if (nonPlain) {
      throw this.error(`reaches state ${label} with ${nonPlain}; context must be plain JSON data`, from, event);
    }
    deepFreeze(snapshot.context);
    const annotations = this.guard(
      () => readAnnotations(Object.values(snapshot.getMeta()) as Record<string, unknown>[], snapshot.context),
      undefined,
      undefined,
      `state ${label}`,
    );
    const waitsFor = annotations.waitsFor.map((name) => {
      const index = this.env.actorIndex(name);
      if (index === undefined) {
        throw new ModelError(`actor '${this.name}', state ${label}: meta.waitsFor names unknown actor '${name}' (actors: ${this.env.actorNames.join(', ')})`, {
          actor: this.name,
          state: label,
        });
      }
      return index;
    });
    const id = this.snaps.length;
    this.snaps.push(snapshot);
    this.infos.push({
      value: snapshot.value,
      context: snapshot.context,
      label,
      final: snapshot.status === 'done',
      tags: [...snapshot.tags].sort(),
      annotations,
      waitsFor,
    });
    this.outcomes.push([]);
    this.ids.set(key, id);
    this.keys.push(key);
    return id;
  }

  /** Every (local state, message) handled so far: the steps the actor can take in the states met. */
  handled(): [local: number, message: number][] {
    const pairs: [number, number][] = [];
    this.outcomes.forEach((row, local) => row.forEach((outcome, message) => outcome?.reaction === Reaction.Handle && pairs.push([local, message])));
    return pairs;
  }

  /**
   * The state values a step passes through — after the event, before its eventless (`always`),
   * done or raised transitions settle — which it does not end in: XState runs the step again,
   * microstep by microstep (for coverage). Without `local`, the initial step's.
   */
  passedThrough(local?: number, message?: number): StateValue[] {
    const microsteps =
      local === undefined
        ? this.guard(() => getInitialMicrosteps(this.spec.machine, this.spec.input), undefined, undefined, 'in its initial state')
        : this.guard(() => getMicrosteps(this.spec.machine, this.snaps[local]! as never, this.env.messages.event(message!)), local, this.env.messages.event(message!));
    return microsteps.slice(0, -1).map(([snapshot]) => snapshot.value);
  }

  /** The canonical key of a local state: the JSON of its value and context (and history). */
  keyOf(local: number): string {
    return this.keys[local]!;
  }

  /**
   * The local state with this key, rebuilt from its value and context if it was never reached
   * here (another worker reached it). Machines with history states cannot be rebuilt this way.
   */
  fromKey(key: string): number {
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const [value, context, history] = JSON.parse(key) as [StateValue, unknown, unknown];
    if (history !== undefined) throw new ModelError(`actor '${this.name}': a state with history cannot be shared between workers; use --workers 1`, { actor: this.name });
    const snapshot = this.guard(() => this.spec.machine.resolveState({ value, context }), undefined, undefined, 'rebuilding a state');
    return this.intern(snapshot as AnyMachineSnapshot, undefined, undefined);
  }

  private computeChoices(local: number): Int32Array {
    const snapshot = this.snaps[local]!;
    const candidates: EventObject[] = [...this.infos[local]!.annotations.choices];
    for (const t of getNextTransitions(snapshot)) {
      if (t.eventType.startsWith('xstate.after.') && !candidates.some((c) => c.type === t.eventType)) {
        candidates.push({ type: t.eventType });
      }
    }
    const ids: number[] = [];
    for (const candidate of candidates) {
      const id = this.guard(() => this.env.messages.intern(candidate), local, undefined, 'a choice event');
      if (!ids.includes(id) && this.outcome(local, id).reaction === Reaction.Handle) ids.push(id);
    }
    return Int32Array.from(ids);
  }

  /** Runs `fn`, turning any exception into a ModelError that says where it happened. */
  private guard<T>(fn: () => T, local: number | undefined, event: EventObject | undefined, what?: string): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof ModelError) throw error;
      const message = describeXStateError(error);
      throw this.error(what ? `${what}: ${message}` : message, local, event);
    }
  }

  private error(problem: string, local: number | undefined, event: EventObject | undefined | string): ModelError {
    const state = local === undefined ? undefined : this.infos[local]!.label;
    const eventLabel = typeof event === 'string' ? event : event ? safeLabel(event) : undefined;
    const where = [
      `actor '${this.name}'`,
      state !== undefined ? `in state ${state}` : typeof event === 'string' ? event : undefined,
      eventLabel !== undefined && typeof event !== 'string' ? `on event ${eventLabel}` : undefined,
    ]
      .filter(Boolean)
      .join(' ');
    return new ModelError(`${where}: ${problem}`, {
      actor: this.name,
      ...(state !== undefined ? { state } : {}),
      ...(eventLabel !== undefined && typeof event !== 'string' ? { event: eventLabel } : {}),
    });
  }
}

const NO_SENDS = new Int32Array(0);
const NONE: readonly never[] = Object.freeze([]);

/** The types of the events `actions` raise within the step: a raise without a delay (with one, it is a timer, a choice). */
function raisedTypes(actions: readonly ExecutableAction[]): readonly string[] {
  const types = actions.flatMap((action) => {
    const params = action.type === 'xstate.raise' ? (action.params as { event?: EventObject; delay?: unknown } | undefined) : undefined;
    return params?.event && params.delay === undefined ? [params.event.type] : [];
  });
  return types.length > 0 ? types : NONE;
}

function historyKey(snapshot: AnyMachineSnapshot): [string, string[]][] | undefined {
  const history = snapshot.historyValue as Record<string, { id: string }[]> | undefined;
  if (!history) return undefined;
  const entries = Object.keys(history).sort();
  if (entries.length === 0) return undefined;
  return entries.map((key) => [key, history[key]!.map((node) => node.id)]);
}

function describeXStateError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/Unable to send event to actor/.test(message)) {
    return `${message.trim()} XState's sendTo()/sendParent() cannot address interleave actors; use send(to, event) from 'interleave'`;
  }
  if (/object is not extensible|read only property|Cannot assign to read only|Cannot add property|Cannot delete property/.test(message)) {
    return `an action mutates the context in place (${message}); return new objects from assign() instead`;
  }
  return message.replace(/\s+/g, ' ').trim();
}

function safeLabel(event: unknown): string {
  if (event && typeof event === 'object' && typeof (event as EventObject).type === 'string') {
    return (event as EventObject).type;
  }
  try {
    return JSON.stringify(event) ?? String(event);
  } catch {
    return String(event);
  }
}

/** The actor scope XState's pure `transition` builds (its `createInertActorScope`, which it does not export). */
interface InertScope {
  actionExecutor: (action: ExecutableAction) => void;
  readonly [key: string]: unknown;
}

function inertScope(machine: AnyStateMachine, input: unknown): InertScope {
  const self = createActor(machine, { input });
  return {
    self,
    defer: () => {},
    id: '',
    logger: () => {},
    sessionId: '',
    stopChild: () => {},
    system: self.system,
    emit: () => {},
    actionExecutor: () => {},
  };
}
