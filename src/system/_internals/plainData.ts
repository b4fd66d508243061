/**
 * Plain data: what a context or a message may hold (design.md, semantics 1).
 *
 * Local states and messages are interned by their canonical JSON, so two values are the same
 * state exactly when their canonical JSON is equal. Anything JSON cannot represent faithfully
 * (functions, class instances, Map, Set, NaN, ...) would make two different states collide or
 * one state look like two, so it is refused with the path to the offending value.
 */

/** Describes why `value` is not plain data, or returns `undefined` when it is. */
export function findNonPlainData(value: unknown, path: string): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON cannot hold`;
    case 'function':
      return `${path} is a function`;
    case 'bigint':
      return `${path} is a bigint`;
    case 'symbol':
      return `${path} is a symbol`;
  }
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNonPlainData(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const name = (value as object).constructor?.name ?? 'unknown class';
    return `${path} is an instance of ${name}, not a plain object`;
  }
  for (const key of Object.keys(value as object)) {
    const found = findNonPlainData((value as Record<string, unknown>)[key], `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/**
 * JSON with object keys sorted, so that `{a, b}` and `{b, a}` intern to the same id.
 * Properties holding `undefined` are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  // JSON.stringify's own text for each kind of value, without a call into it for the common ones.
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'object':
      break;
    default:
      return JSON.stringify(value);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const property = record[key];
    if (property === undefined) continue;
    out += (first ? '' : ',') + quotedKey(key) + canonicalJson(property);
    first = false;
  }
  return out + '}';
}

/** `"key":` as JSON writes it; models use few property names, so they are kept (up to a bound). */
const quotedKeys = new Map<string, string>();
function quotedKey(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key) + ':';
    if (quotedKeys.size < 4096) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/** Freezes a plain value all the way down, so that a machine mutating it in place throws. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
