/**
 * `canonicalJson` is how a local state becomes its key: two contexts equal as data must give one
 * key, whatever the order their properties were set in, and the text must be JSON's own (keys
 * are parsed back when workers share states). Checked against a plain reference, on values
 * drawn from a seeded generator.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/system/_internals/plainData.ts';

/** A small seeded generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NUMBERS = [0, -0, 1, -1, 0.5, 1e21, 1e-7, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 123456789];
const STRINGS = ['', 'a', 'target0', 'say "hi"', 'back\\slash', 'line\nbreak', 'tab\t', '\u0001', 'é', '😀', '\ud800'];
const KEYS = ['a', 'b', 'z', 'A', '0', '10', '2', 'key with space', '"quoted"', 'é', '__proto_', 'outcome'];

function value(next: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const kind = depth > 3 ? Math.floor(next() * 5) : Math.floor(next() * 7);
  switch (kind) {
    case 0:
      return pick(NUMBERS);
    case 1:
      return pick(STRINGS);
    case 2:
      return next() < 0.5;
    case 3:
      return null;
    case 4:
      return undefined;
    case 5:
      return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
    default: {
      const record: Record<string, unknown> = {};
      for (let i = Math.floor(next() * 5); i > 0; i--) record[pick(KEYS)] = value(next, depth + 1);
      return record;
    }
  }
}

/**
 * The reference: JSON.stringify for each primitive, and objects written key by key in sorted
 * order (a JS object puts integer-like keys first whatever the order they were set in, so
 * JSON.stringify of a rebuilt object would not do).
 */
function reference(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const record = value as Record<string, unknown>;
  const present = Object.keys(record).sort().filter((key) => record[key] !== undefined);
  return `{${present.map((key) => `${JSON.stringify(key)}:${reference(record[key])}`).join(',')}}`;
}

/** The same value with every object's keys inserted in reverse order. */
function reversedDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedDeep);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(record).reverse().map((key) => [key, reversedDeep(record[key])]));
}

describe('canonicalJson', () => {
  it('writes JSON with sorted keys, whatever order the keys were set in (2,000 drawn values)', () => {
    const next = random(20261126);
    for (let i = 0; i < 2000; i++) {
      const drawn = value(next, 0);
      const expected = reference(drawn);
      expect(canonicalJson(drawn)).toBe(expected);
      expect(canonicalJson(reversedDeep(drawn))).toBe(expected);
    }
  });

  it('writes numbers, strings and missing values as JSON does', () => {
    expect([-0, Number.NaN, Number.POSITIVE_INFINITY, 1e21, 0.1].map(canonicalJson)).toEqual(['0', 'null', 'null', '1e+21', '0.1']);
    expect(canonicalJson({ b: 1, a: undefined, c: [undefined, 'x"y'] })).toBe('{"b":1,"c":[null,"x\\"y"]}');
    expect(canonicalJson(undefined)).toBe('null');
  });
});
