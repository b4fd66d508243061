/**
 * A canonical, JSON-ready description of what a model is made of: machine configurations,
 * implementations, inputs and properties, with every function replaced by a normalized form of
 * its source. It is what the configuration hash (`../modelHash.ts`) hashes, so it must be the
 * same on every run of the same model, under every TypeScript loader the project uses (tsx for
 * the CLI, Vite's transform under vitest), and change when a machine changes.
 */
import type { AnyStateMachine } from 'xstate';

/** Properties of XState's built-in action and guard functions that are library code, not model. */
const LIBRARY_PROPERTIES = new Set(['resolve', 'execute', 'retryResolve', 'check']);

/**
 * Describes `value` as plain JSON data. Objects keep their own enumerable keys (in any order:
 * the hash sorts them); functions become `{ fn: source, ...own properties }`; XState machines
 * become `{ machine: … }`; a value met again inside itself becomes `'[circular]'`.
 *
 * @example
 * ```ts
 * describeValue({ guard: ({ context }) => context.n > 0 }); // { guard: { fn: '({context})=>context.n>0' } }
 * ```
 */
export function describeValue(value: unknown, ancestors: Set<object> = new Set()): unknown {
  switch (typeof value) {
    case 'undefined':
      return null;
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return String(value);
  }
  if (value === null) return null;
  const object = value as object;
  if (ancestors.has(object)) return '[circular]';
  ancestors.add(object);
  try {
    if (typeof value === 'function') return describeFunction(value as (...args: unknown[]) => unknown, ancestors);
    if (Array.isArray(value)) return value.map((item) => describeValue(item, ancestors));
    if (isMachine(value)) return { machine: describeMachine(value, ancestors) };
    if (value instanceof Map) return { map: [...value].map((entry) => describeValue(entry, ancestors)) };
    if (value instanceof Set) return { set: [...value].map((item) => describeValue(item, ancestors)) };
    return describeProperties(object, ancestors);
  } finally {
    ancestors.delete(object);
  }
}

/**
 * An XState machine: its id, its configuration as written (states, transitions, event types,
 * targets, guards, actions, meta, context) and the implementations given to `setup()`.
 */
export function describeMachine(machine: AnyStateMachine, ancestors: Set<object> = new Set()): unknown {
  return {
    id: machine.id,
    config: describeValue(machine.config, ancestors),
    implementations: describeValue(machine.implementations, ancestors),
  };
}

/**
 * A function's source with what differs between TypeScript loaders taken out: whitespace,
 * semicolons before a closing brace, parentheses around a lone arrow parameter, `void 0` for
 * `undefined` (tsx minifies whitespace), and the namespace Vite gives imported bindings
 * (`(0, __vite_ssr_import_1__.send)` is `send`). Best effort: a new loader or loader version
 * may print a function differently, and then every hash changes (the figures do not).
 */
export function normalizeSource(fn: (...args: unknown[]) => unknown): string {
  return unwrapKeptNames(Function.prototype.toString.call(fn))
    .replace(/\(\s*0\s*,\s*__vite_ssr_import_\d+__\.([\w$]+)\s*\)/g, '$1')
    .replace(/__vite_ssr_import_\d+__\./g, '')
    .replace(/\s+/g, '')
    .replace(/;}/g, '}')
    .replace(/\bvoid0\b/g, 'undefined')
    .replace(/\(([\w$]+)\)=>/g, '$1=>');
}

/**
 * `__name(fn, "name")` → `fn`: tsx keeps the names of functions it transforms by wrapping them
 * in `__name`, and vitest does not. Scans for the call's closing parenthesis, so the wrapped
 * function may contain parentheses (but not unbalanced ones inside strings).
 */
function unwrapKeptNames(source: string): string {
  let out = source;
  for (let at = out.indexOf('__name('); at >= 0; at = out.indexOf('__name(', at)) {
    let depth = 0;
    let comma = -1;
    let end = -1;
    for (let i = at + '__name('.length; i < out.length && end < 0; i++) {
      const c = out[i];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) end = i;
        else depth--;
      } else if (c === ',' && depth === 0) comma = i;
    }
    if (end < 0 || comma < 0) break;
    out = out.slice(0, at) + out.slice(at + '__name('.length, comma) + out.slice(end + 1);
  }
  return out;
}

function describeFunction(fn: (...args: unknown[]) => unknown, ancestors: Set<object>): unknown {
  // XState's own action and guard creators (`assign`, `raise`, `and`, `not`, ...) carry their
  // arguments as properties and library code under `resolve` / `execute` / `check`: their own
  // source is the library's (and differs between its development and production builds).
  const own = fn as unknown as Record<string, unknown>;
  const builtin = [...LIBRARY_PROPERTIES].some((key) => typeof own[key] === 'function');
  const type = typeof own.type === 'string' ? own.type : fn.name;
  const described: Record<string, unknown> = { fn: builtin ? `xstate:${type}` : normalizeSource(fn) };
  for (const key of Object.keys(fn)) {
    if (LIBRARY_PROPERTIES.has(key) || (builtin && key === 'type')) continue;
    described[key] = describeValue(own[key], ancestors);
  }
  // interleave's `send`, `drop` and `log` keep their arguments under a registered symbol.
  for (const symbol of Object.getOwnPropertySymbols(fn)) {
    const name = symbol.description;
    if (name !== undefined && Symbol.for(name) === symbol) {
      described[`@${name}`] = describeValue((fn as unknown as Record<symbol, unknown>)[symbol], ancestors);
    }
  }
  return described;
}

function describeProperties(object: object, ancestors: Set<object>): Record<string, unknown> {
  const described: Record<string, unknown> = {};
  const proto = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) described['@class'] = (object as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
  for (const key of Object.keys(object)) {
    const item = (object as Record<string, unknown>)[key];
    if (item !== undefined) described[key] = describeValue(item, ancestors);
  }
  return described;
}

function isMachine(value: unknown): value is AnyStateMachine {
  return typeof (value as AnyStateMachine).transition === 'function' && 'root' in (value as object) && 'config' in (value as object);
}
