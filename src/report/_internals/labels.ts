/**
 * Short, stable names for the parts of a machine that statecharts print: guards (`[isFull]`,
 * `[context.sent < context.jobs]`) and the actions that talk to other actors (`send take`,
 * `send done to spooler`, `drop`). Only what can be read without running the machine.
 */
import type { AnyStateMachine } from 'xstate';

/** The longest guard text kept; longer inline guards end in `…`. */
const MAX_GUARD = 48;

const SEND = Symbol.for('interleave.send');
const DROP = Symbol.for('interleave.drop');

/**
 * A guard as a label: its name for a named guard (`'isFull'`, `{ type: 'isFull' }`), `and`/`or`/
 * `not` spelled out, and for an inline function its body (`context.sent < context.jobs`).
 */
export function describeGuard(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const fn = guard as { name?: string; guards?: unknown; guard?: unknown };
    if ((fn.name === 'and' || fn.name === 'or') && Array.isArray(fn.guards)) {
      return `${fn.name}(${fn.guards.map((g) => describeGuard(g) ?? '?').join(', ')})`;
    }
    if (fn.name === 'not' && fn.guards !== undefined) {
      const inner = Array.isArray(fn.guards) ? fn.guards[0] : fn.guards;
      return `not(${describeGuard(inner) ?? '?'})`;
    }
    return functionBody(guard as (...args: unknown[]) => unknown) ?? (fn.name && fn.name !== 'guard' ? fn.name : 'guard');
  }
  if (typeof guard === 'object' && typeof (guard as { type?: unknown }).type === 'string') return (guard as { type: string }).type;
  return 'guard';
}

/**
 * The sends and drops among `actions`, as short labels. Named actions are looked up in the
 * machine's implementations (`setup({ actions: { notify: send(...) } })`); `assign`, `log`
 * and the timer bookkeeping XState adds for `after` are left out.
 */
export function describeActions(actions: readonly unknown[] | undefined, machine: AnyStateMachine): string[] {
  const labels: string[] = [];
  for (const action of actions ?? []) {
    const implementation = resolveNamed(action, machine);
    if (typeof implementation !== 'function') continue;
    const marked = implementation as unknown as Record<symbol, unknown>;
    if (SEND in marked) labels.push(describeSend(marked[SEND] as { to: unknown; event: unknown }));
    else if (DROP in marked) labels.push('drop');
  }
  return countRepeats(labels);
}

/** `['send release', 'send release']` → `['send release ×2']`. */
function countRepeats(labels: string[]): string[] {
  const counted: string[] = [];
  for (let i = 0; i < labels.length; ) {
    let j = i;
    while (j < labels.length && labels[j] === labels[i]) j++;
    counted.push(j - i > 1 ? `${labels[i]} ×${j - i}` : labels[i]!);
    i = j;
  }
  return counted;
}

function resolveNamed(action: unknown, machine: AnyStateMachine): unknown {
  const name = typeof action === 'string' ? action : typeof action === 'object' && action !== null ? (action as { type?: unknown }).type : undefined;
  if (typeof name !== 'string') return action;
  return (machine.implementations?.actions as Record<string, unknown> | undefined)?.[name];
}

function describeSend(marker: { to: unknown; event: unknown }): string {
  const types = eventTypes(marker.event);
  const to = typeof marker.to === 'string' ? ` to ${marker.to}` : '';
  return `send ${types.length > 0 ? types.join('|') : '…'}${to}`;
}

/** The event types a send can produce: the literal one, or those written as `type: '…'` in its function. */
function eventTypes(event: unknown): string[] {
  if (event && typeof event === 'object' && typeof (event as { type?: unknown }).type === 'string') return [(event as { type: string }).type];
  if (typeof event !== 'function') return [];
  const found = new Set<string>();
  for (const match of event.toString().matchAll(/\btype\s*:\s*(['"`])([^'"`]+)\1/g)) found.add(match[2]!);
  return [...found];
}

/**
 * `({ context }) => context.sent < context.jobs` → `context.sent < context.jobs`; undefined for
 * block bodies. Spacing and quotes are normalized, because the transpiler that loaded the model
 * (tsx, vite) decides how `toString()` prints them.
 */
export function functionBody(fn: (...args: unknown[]) => unknown): string | undefined {
  const source = fn.toString();
  const arrow = source.indexOf('=>');
  if (arrow < 0) return undefined;
  let body = source.slice(arrow + 2).trim();
  if (body.startsWith('{')) {
    const single = /^\{\s*return\s+([^;]+);?\s*\}$/.exec(body);
    if (!single) return undefined;
    body = single[1]!;
  }
  body = body
    .replace(/\s+/g, ' ')
    .replace(/\s*([^\w\s$])\s*/g, '$1')
    .replace(/"/g, "'")
    .replace(/(=>|&&|\|\||\?\?|[<>]=?|[!=]==?|[+*/-])/g, ' $1 ')
    .replace(/\s+/g, ' ')
    .trim();
  return body.length > MAX_GUARD ? `${body.slice(0, MAX_GUARD - 1)}…` : body;
}
