/**
 * Hashing global states incrementally. A state's hash is the sum over actors of a mix of
 * (position, component) — a Zobrist-style additive hash — so a successor's hash follows from
 * its parent's by the few components that changed (research/xstate-internals.md §2).
 * Only int32 arithmetic (Math.imul), no allocation.
 */
import type { StatePatch } from '../../system/step.ts';

/** The hash contribution of `value` at `position`: MurmurHash3's finalizer over both. */
export function mixComponent(position: number, value: number): number {
  let k = value ^ Math.imul(position + 1, 0x9e3779b9);
  k = Math.imul(k ^ (k >>> 16), 0x85ebca6b);
  k = Math.imul(k ^ (k >>> 13), 0xc2b2ae35);
  return k ^ (k >>> 16);
}

export function hashVector(vector: Int32Array): number {
  let h = 0;
  for (let i = 0; i < vector.length; i++) h = (h + mixComponent(i, vector[i]!)) | 0;
  return h;
}

/** The hash of `base` with `patch` applied, from the hash of `base`. */
export function hashPatched(baseHash: number, base: Int32Array, patch: StatePatch): number {
  let h = baseHash;
  for (let k = 0; k < patch.count; k++) {
    const position = patch.positions[k]!;
    h = (h + mixComponent(position, patch.values[k]!) - mixComponent(position, base[position]!)) | 0;
  }
  return h;
}

/** Spreads a sum hash over all bits before it picks a table slot. */
export function spread(hash: number): number {
  let h = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A second, independent hash of the same kind, for the upper 32 bits of a 64-bit fingerprint
 * (different multipliers, so the two halves do not collide together).
 */
export function mixComponentHigh(position: number, value: number): number {
  let k = value ^ Math.imul(position + 1, 0x7feb352d);
  k = Math.imul(k ^ (k >>> 15), 0x846ca68b);
  k = Math.imul(k ^ (k >>> 16), 0x2c1b3c6d);
  return k ^ (k >>> 15);
}

export function hashVectorHigh(vector: Int32Array): number {
  let h = 0;
  for (let i = 0; i < vector.length; i++) h = (h + mixComponentHigh(i, vector[i]!)) | 0;
  return h;
}

export function hashPatchedHigh(baseHash: number, base: Int32Array, patch: StatePatch): number {
  let h = baseHash;
  for (let k = 0; k < patch.count; k++) {
    const position = patch.positions[k]!;
    h = (h + mixComponentHigh(position, patch.values[k]!) - mixComponentHigh(position, base[position]!)) | 0;
  }
  return h;
}
