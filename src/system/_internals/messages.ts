/**
 * Interns events (messages and choices) to small integers shared by every actor of a system.
 * Id 0 is never used, so that 0 can mean "no message".
 */
import type { EventObject } from 'xstate';
import { canonicalJson, deepFreeze, findNonPlainData } from './plainData.ts';

export class MessageTable {
  private readonly events: EventObject[] = [undefined as unknown as EventObject];
  private readonly labels: string[] = [''];
  private readonly keys: string[] = [''];
  private readonly ids = new Map<string, number>();

  /**
   * The id of `event`. Throws a description (without location: the caller adds it) when
   * `event` is not an event object of plain data.
   */
  intern(event: unknown): number {
    if (!event || typeof event !== 'object' || typeof (event as EventObject).type !== 'string') {
      throw new Error(`${describe(event)} is not an event: events are objects with a string 'type'`);
    }
    const nonPlain = findNonPlainData(event, 'the event');
    if (nonPlain) throw new Error(`${nonPlain}; events must be plain data`);
    const key = canonicalJson(event);
    const known = this.ids.get(key);
    if (known !== undefined) return known;
    const id = this.events.length;
    this.events.push(deepFreeze(normalized(event as EventObject)));
    this.labels.push(labelOf(event as EventObject));
    this.keys.push(key);
    this.ids.set(key, id);
    return id;
  }

  event(id: number): EventObject {
    return this.events[id]!;
  }

  /** The canonical JSON of a message. */
  key(id: number): string {
    return this.keys[id]!;
  }

  /** A short text for traces: the type, and the payload when there is one. */
  label(id: number): string {
    return this.labels[id]!;
  }

  get size(): number {
    return this.events.length - 1;
  }
}

/**
 * A copy of `event` with its keys in one order — `type` first, then the others sorted — so that
 * an event reads the same however it was built (by a model, or from a canonical key).
 */
function normalized(event: EventObject): EventObject {
  const { type, ...payload } = structuredClone(event) as EventObject & Record<string, unknown>;
  const copy: Record<string, unknown> = { type };
  for (const key of Object.keys(payload).sort()) copy[key] = payload[key];
  return copy as EventObject;
}

function labelOf(event: EventObject): string {
  const { type, ...payload } = event as EventObject & Record<string, unknown>;
  const keys = Object.keys(payload).filter((k) => payload[k] !== undefined);
  if (keys.length === 0) return type;
  return `${type} ${canonicalJson(payload)}`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `the string '${value}'`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
