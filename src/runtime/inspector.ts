/**
 * Sending a live run to the Stately inspector. interleave does not depend on
 * `@statelyai/inspect` (it pulls in WebSocket clients, and tests must not need a network): pass
 * an inspector you created yourself, and the run reports to it through the inspector's manual
 * API — `actor` once per actor at the start, `event` for each message sent and each choice
 * taken, `snapshot` after each step.
 *
 * @example
 * ```ts
 * import { createWebSocketInspector } from '@statelyai/inspect';
 * const inspector = createWebSocketInspector();
 * await runSystem(system, { inspect: inspector }).done;
 * ```
 */
import type { EventObject, StateValue } from 'xstate';

/** A snapshot as the inspector shows it. */
export interface InspectedSnapshot {
  readonly status?: 'active' | 'done' | 'error' | 'stopped';
  readonly value?: StateValue;
  readonly context?: unknown;
}

/** The manual API of `@statelyai/inspect`'s inspectors, typed structurally. */
export interface RuntimeInspector {
  actor(actor: string, snapshot?: InspectedSnapshot, info?: { definition?: string }): void;
  event(actor: string, event: EventObject, info?: { source?: string }): void;
  snapshot(actor: string, snapshot: InspectedSnapshot, info?: { event?: EventObject }): void;
}
