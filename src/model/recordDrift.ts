/**
 * Comparing a configuration's proof with its record (`proofRecord.ts`): which figures drifted,
 * said the way a CI log should say it — `dining-philosophers/ordered: states drifted: recorded
 * 90,264, now 90,265`.
 */
import type { RecordEntry } from './proofRecord.ts';

/** The figures of a record that `interleave ci` compares, in the order drifts are reported. */
export const COMPARED_FIGURES = ['verdict', 'property', 'states', 'transitions', 'depth', 'store', 'reductions', 'fairness', 'hash'] as const;

export type Figure = (typeof COMPARED_FIGURES)[number];

/** One figure that differs between the record and the run. */
export interface Drift {
  readonly figure: Figure;
  readonly recorded: unknown;
  readonly now: unknown;
}

/**
 * The figures that differ between `recorded` and `now`, in {@link COMPARED_FIGURES} order.
 * The parameters are not compared on their own: they are part of the hash.
 *
 * @example
 * ```ts
 * compareRecord({ ...entry, states: 90_264 }, { ...entry, states: 90_265 });
 * // [{ figure: 'states', recorded: 90264, now: 90265 }]
 * ```
 */
export function compareRecord(recorded: RecordEntry, now: RecordEntry): Drift[] {
  const drifts: Drift[] = [];
  for (const figure of COMPARED_FIGURES) {
    const a = (recorded as unknown as Record<string, unknown>)[figure];
    const b = (now as unknown as Record<string, unknown>)[figure];
    if (JSON.stringify(a) !== JSON.stringify(b)) drifts.push({ figure, recorded: a, now: b });
  }
  return drifts;
}

/** `states drifted: recorded 90,264, now 90,265`. */
export function describeDrift(drift: Drift): string {
  return `${drift.figure} drifted: recorded ${formatFigure(drift.recorded)}, now ${formatFigure(drift.now)}`;
}

/**
 * What a set of drifts most likely means: a changed model when the hash moved, a changed
 * engine when only the figures did. `undefined` when there is nothing to explain.
 */
export function explainDrifts(drifts: readonly Drift[]): string | undefined {
  if (drifts.length === 0) return undefined;
  const hashMoved = drifts.some((d) => d.figure === 'hash');
  if (hashMoved && drifts.length === 1) {
    return 'only the hash moved: the machines, inputs, properties or parameters changed without changing the state space (or a TypeScript loader prints functions differently)';
  }
  if (hashMoved) return 'the hash moved too: the model itself changed';
  return 'the hash is unchanged: the model is the same, so the engine explores it differently';
}

function formatFigure(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'number') return value.toLocaleString('en-US');
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(', ');
  return String(value);
}
