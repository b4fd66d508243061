/** Proof records: where they live, how they are written, and how drifts are named. */
import { describe, expect, it } from 'vitest';
import { formatProofRecord, recordPath, type RecordEntry } from '../../src/model/proofRecord.ts';
import { compareRecord, describeDrift, explainDrifts } from '../../src/model/recordDrift.ts';

const entry: RecordEntry = {
  verdict: 'pass',
  states: 90_264,
  transitions: 472_772,
  depth: 35,
  store: 'exact',
  reductions: [],
  fairness: 'weak',
  hash: '0123456789abcdef',
  parameters: { ordered: true, n: 5 },
};

describe('proof records', () => {
  it('sit next to their model file', () => {
    expect(recordPath('models/dining-philosophers.ts')).toBe('models/dining-philosophers.proof.json');
    expect(recordPath('/abs/dir/x.mjs')).toBe('/abs/dir/x.proof.json');
  });

  it('are written with sorted keys, two-space indentation and a trailing newline', () => {
    const small: RecordEntry = { verdict: 'pass', states: 7, transitions: 6, depth: 6, store: 'exact', reductions: [], hash: 'ab', parameters: { z: 1, a: true } };
    const text = formatProofRecord({ model: 'm', format: 1, $comment: 'c', configurations: { b: small, a: { ...small, property: undefined } } });
    const a = '{\n      "depth": 6,\n      "hash": "ab",\n      "parameters": {\n        "a": true,\n        "z": 1\n      },\n      "reductions": [],\n      "states": 7,\n      "store": "exact",\n      "transitions": 6,\n      "verdict": "pass"\n    }';
    expect(text).toBe(`{\n  "$comment": "c",\n  "configurations": {\n    "a": ${a},\n    "b": ${a}\n  },\n  "format": 1,\n  "model": "m"\n}\n`);
  });
});

describe('drifts', () => {
  it('name the figure and both values, in a fixed order', () => {
    const drifts = compareRecord(entry, { ...entry, states: 90_265, depth: 36, hash: 'fedcba9876543210' });
    expect(drifts.map(describeDrift)).toEqual([
      'states drifted: recorded 90,264, now 90,265',
      'depth drifted: recorded 35, now 36',
      'hash drifted: recorded 0123456789abcdef, now fedcba9876543210',
    ]);
    expect(explainDrifts(drifts)).toBe('the hash moved too: the model itself changed');
  });

  it('tell a changed engine (same hash) from a changed model', () => {
    const engine = compareRecord(entry, { ...entry, transitions: 1, reductions: ['partial-order'] });
    expect(engine.map(describeDrift)).toEqual(['transitions drifted: recorded 472,772, now 1', 'reductions drifted: recorded (none), now partial-order']);
    expect(explainDrifts(engine)).toBe('the hash is unchanged: the model is the same, so the engine explores it differently');
    expect(explainDrifts(compareRecord(entry, { ...entry, hash: 'x' }))).toMatch(/^only the hash moved/);
  });

  it('include a verdict and a property that changed', () => {
    const drifts = compareRecord({ ...entry, verdict: 'deadlock', property: 'deadlock' }, { ...entry, verdict: 'invariant', property: 'safe' });
    expect(drifts.map(describeDrift)).toEqual(['verdict drifted: recorded deadlock, now invariant', 'property drifted: recorded deadlock, now safe']);
    expect(compareRecord(entry, { ...entry, parameters: { n: 6 } })).toEqual([]);
  });
});
