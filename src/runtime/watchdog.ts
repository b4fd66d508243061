/**
 * The watchdog: decides after every step whether a live run must stop, and why, in the
 * checker's own verdicts and diagnosis format (`src/checker/diagnosis.ts`):
 *
 * - a violation the step function reports (`overflow`, `unhandled`);
 * - a broken invariant (the model's `always` properties, and `forEach` items stated with
 *   `always`), evaluated on every state as the checker does;
 * - a **deadlock**: no step is enabled and the state is not a valid end (design.md,
 *   semantics 8), diagnosed by the checker's `diagnoseDeadlock`;
 * - a **wait-for cycle** among blocked actors while other actors can still step: actors whose
 *   states declare `meta.waitsFor` each other in a cycle, none of which can take a step. By
 *   semantics 7 a blocked state handles only the reply of the actor it waits for, and that
 *   actor is itself blocked, so no step of anyone else can release them: a deadlock of those
 *   actors, reported as such (the summary says that other actors could still step).
 *
 * Liveness properties (`eventually`, `leadsTo`) need the whole state graph and are not judged
 * on a single run.
 */
import { describeStuck, diagnoseDeadlock, diagnoseInvariant, diagnoseOverflow, diagnoseUnhandled, findWaitCycle } from '../checker/diagnosis.ts';
import { guardProperties, type AlwaysProperty, type Properties, type StatePredicate } from '../checker/properties.ts';
import type { Diagnosis, Trace } from '../checker/result.ts';
import { StateViews, type StateView } from '../system/stateView.ts';
import { isValidEnd, type CompiledSystem, type GlobalState, type Step, type StepResult } from '../system/step.ts';

/** Why a run stopped with a violation: the checker's verdict kinds. */
export interface RunViolation {
  readonly kind: 'deadlock' | 'unhandled' | 'overflow' | 'invariant';
  /** The invariant's name, or the built-in check's kind. */
  readonly property: string;
  /** For a `forEach` invariant: the item it fails for. */
  readonly item?: unknown;
  readonly diagnosis: Diagnosis;
  /** For a deadlock: true when only the actors of a wait-for cycle are stuck, and others could still step. */
  readonly partial?: boolean;
}

export type WatchdogFinding = RunViolation | { readonly kind: 'valid-end' };

export interface WatchdogOptions {
  /** Invariants to evaluate after every step (other kinds of property are skipped). */
  readonly properties?: Properties;
  /** Stop at a wait-for cycle even while other actors can step (default true). */
  readonly cycles?: boolean;
}

interface Invariant {
  readonly name: string;
  readonly check: (view: StateView) => { item?: unknown } | undefined;
}

export class Watchdog {
  private readonly invariants: Invariant[];
  private readonly cycles: boolean;

  constructor(
    private readonly compiled: CompiledSystem,
    private readonly views: StateViews,
    options: WatchdogOptions = {},
  ) {
    this.invariants = invariantsOf(guardProperties(options.properties ?? {}));
    this.cycles = options.cycles ?? true;
  }

  /** The initial state: an entry send that overflowed a mailbox, or a broken invariant. */
  inspectInitial(state: GlobalState, trace: Trace): RunViolation | undefined {
    const { overflow } = this.compiled.initialState();
    if (overflow >= 0) return { kind: 'overflow', property: 'overflow', diagnosis: diagnoseOverflow(this.compiled, state, trace, overflow) };
    return this.inspectInvariants(state, trace);
  }

  /**
   * After a step led from `before` to `result.state` (already recorded in `trace`): a violation
   * the step function reported, or a broken invariant.
   */
  inspectStep(before: GlobalState, result: StepResult, trace: Trace): RunViolation | undefined {
    const { violation } = result;
    if (violation?.kind === 'unhandled') {
      const actor = this.compiled.actorIndex(violation.actor)!;
      // As the checker does: the state the unhandled message was taken in.
      return { kind: 'unhandled', property: 'unhandled', diagnosis: diagnoseUnhandled(this.compiled, before, trace, actor) };
    }
    if (violation?.kind === 'overflow') {
      const receiver = this.compiled.actorIndex(violation.actor)!;
      // `result.state` holds the state up to the send that did not fit: the receiver's full mailbox.
      return { kind: 'overflow', property: 'overflow', diagnosis: diagnoseOverflow(this.compiled, result.state, trace, receiver) };
    }
    return this.inspectInvariants(result.state, trace);
  }

  /** Before the next step: a valid end, a deadlock, or a wait-for cycle of blocked actors. */
  inspectEnabled(state: GlobalState, enabled: readonly Step[], trace: Trace): WatchdogFinding | undefined {
    if (enabled.length === 0) {
      if (isValidEnd(this.compiled, state)) return { kind: 'valid-end' };
      return { kind: 'deadlock', property: 'deadlock', diagnosis: diagnoseDeadlock(this.compiled, state, trace) };
    }
    if (!this.cycles) return undefined;
    const cycle = this.blockedCycle(state, enabled);
    if (cycle.length === 0) return undefined;
    return { kind: 'deadlock', property: 'deadlock', partial: true, diagnosis: this.diagnoseCycle(state, enabled, trace, cycle) };
  }

  private inspectInvariants(state: GlobalState, trace: Trace): RunViolation | undefined {
    if (this.invariants.length === 0) return undefined;
    const view = this.views.view(state);
    for (const invariant of this.invariants) {
      const failed = invariant.check(view);
      if (failed) {
        const diagnosis = diagnoseInvariant(this.compiled, state, trace, invariant.name);
        return { kind: 'invariant', property: invariant.name, ...('item' in failed ? { item: failed.item } : {}), diagnosis };
      }
    }
    return undefined;
  }

  /**
   * A cycle in the wait-for graph of the actors that declare `waitsFor` and have no enabled
   * step, found as the checker's `diagnoseDeadlock` finds one (actors in system order, edges in
   * declaration order), so that a deadlock reads the same live and checked.
   */
  private blockedCycle(state: GlobalState, enabled: readonly Step[]): string[] {
    const stepping = new Set(enabled.map((s) => s.actor));
    const edges = new Map<string, readonly string[]>();
    for (const actor of this.views.view(state).actors) {
      if (actor.waitsFor.length > 0 && !stepping.has(actor.name)) edges.set(actor.name, actor.waitsFor);
    }
    return findWaitCycle(edges);
  }


  /** The checker's deadlock diagnosis, narrowed to the actors of the cycle. */
  private diagnoseCycle(state: GlobalState, enabled: readonly Step[], trace: Trace, cycle: readonly string[]): Diagnosis {
    const whole = diagnoseDeadlock(this.compiled, state, trace);
    const members = new Set(cycle);
    const actors = whole.actors.filter((a) => members.has(a.actor));
    const others = [...new Set(enabled.map((s) => s.actor))];
    const names = [...members];
    let summary =
      `${listOf(names)} wait for each other and none of them can take a step: a deadlock of these actors, ` +
      `caught while other actors can still step (${others.join(', ')}). ${actors.map(describeStuck).join(' ')}` +
      ` Wait-for cycle: ${cycle.join(' → ')}.`;
    const lastDrop = whole.dropped[whole.dropped.length - 1];
    const hints: string[] = [];
    if (lastDrop) {
      summary += ` ${lastDrop.actor} dropped ${lastDrop.event.type} at step ${lastDrop.step} (${lastDrop.reason}).`;
      hints.push(`The message ${lastDrop.actor} dropped at step ${lastDrop.step} is likely the one a stuck actor still waits for.`);
    }
    hints.push(`Break the cycle ${cycle.join(' → ')}: one of these actors must not block while the next one needs it.`);
    return { summary, actors, cycle, dropped: whole.dropped, hints };
  }
}

/** The invariants among `properties`: `always`, and `forEach` whose per-item property is `always`. */
function invariantsOf(properties: Properties): Invariant[] {
  const invariants: Invariant[] = [];
  for (const [name, property] of Object.entries(properties)) {
    if (property.kind === 'always') {
      const predicate: StatePredicate = property.predicate;
      invariants.push({ name, check: (view) => (predicate(view) ? undefined : {}) });
    } else if (property.kind === 'forEach') {
      const { items, property: perItem } = property;
      // As the checker: an item met in any state of the run is checked in every later state.
      const seen = new Map<string, { item: unknown; simple: AlwaysProperty | undefined }>();
      invariants.push({
        name,
        check: (view) => {
          for (const item of items(view)) {
            const key = JSON.stringify(item) ?? String(item);
            if (!seen.has(key)) {
              const simple = perItem(item);
              seen.set(key, { item, simple: simple.kind === 'always' ? simple : undefined });
            }
          }
          for (const { item, simple } of seen.values()) {
            if (simple && !simple.predicate(view)) return { item };
          }
          return undefined;
        },
      });
    }
  }
  return invariants;
}

function listOf(names: readonly string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
