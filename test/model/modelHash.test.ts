/** The configuration hash of proof records: stable across runs and loaders, moved by any change to a machine or a configuration. */
import { assign, setup } from 'xstate';
import { describe, expect, it } from 'vitest';
import { always, defineModel, defineSystem, send, type AnyModel, type StatePredicate } from '../../src/index.ts';
import { describeValue, normalizeSource } from '../../src/model/_internals/describeValue.ts';
import { hashConfiguration } from '../../src/model/modelHash.ts';
import { findModelFiles } from '../../src/cli/modelFiles.ts';
import { loadModel } from '../../src/model/loadModel.ts';
import { readProofRecord, recordPath } from '../../src/model/proofRecord.ts';
import { modelModules, stripCommentsAndSpace } from '../../src/model/_internals/modelSources.ts';
import philosophers from '../../models/dining-philosophers.ts';

interface Variant {
  target?: string;
  event?: string;
  guard?: (args: { context: { n: number } }) => boolean;
  capacity?: number;
  limit?: number;
  description?: string;
  expect?: 'pass' | 'deadlock';
  budget?: { maxStates: number };
  property?: StatePredicate;
}

/** A two-actor model; each option changes one thing. */
function model(v: Variant = {}): AnyModel {
  const pinger = setup({ types: { context: {} as { n: number } }, guards: { more: v.guard ?? (({ context }) => context.n < 2) } }).createMachine({
    id: 'pinger',
    context: { n: 0 },
    initial: 'idle',
    states: {
      idle: { meta: { resting: true, choices: ['go'] }, on: { go: { guard: 'more', target: v.target ?? 'idle', actions: [send('ponger', { type: v.event ?? 'ping' }), assign({ n: ({ context }) => context.n + 1 })] } } },
      other: {},
    },
  });
  const ponger = setup({}).createMachine({ id: 'ponger', initial: 'idle', states: { idle: { meta: { resting: true }, on: { ping: {}, pong: {} } } } });
  return defineModel({
    name: 'hashing',
    description: 'for hashing',
    parameters: { limit: v.limit ?? 2 },
    configurations: { main: { description: v.description ?? 'main', expect: v.expect ?? 'pass', ...(v.budget ? { budget: v.budget } : {}) } },
    system: ({ limit }) => defineSystem({ actors: { pinger: { machine: pinger, input: { limit } }, ponger: { machine: ponger, capacity: v.capacity ?? 4 } } }),
    properties: { bounded: always(v.property ?? ((s) => s.actor('pinger').context.n <= 2)) },
  }) as AnyModel;
}

const hash = (m: AnyModel) => hashConfiguration(m, 'main');

describe('hashConfiguration', () => {
  it('is 16 hex digits, the same for the same model built twice', () => {
    expect(hash(model())).toMatch(/^[0-9a-f]{16}$/);
    expect(hash(model())).toBe(hash(model()));
    expect(hashConfiguration(philosophers, 'ordered')).toBe(hashConfiguration(philosophers, 'ordered'));
  });

  it.each<[string, Variant]>([
    ['a transition target', { target: 'other' }],
    ['an event type sent', { event: 'pong' }],
    ['a guard', { guard: ({ context }) => context.n < 3 }],
    ['a mailbox capacity', { capacity: 3 }],
    ['a parameter (and so an input)', { limit: 3 }],
    ['a property', { property: (s) => s.actor('pinger').context.n <= 3 }],
  ])('moves when %s changes', (_, variant) => {
    expect(hash(model(variant))).not.toBe(hash(model()));
  });

  it('stays when only the description, the expectation or the budget change', () => {
    expect(hash(model({ description: 'other words', expect: 'deadlock', budget: { maxStates: 5 } }))).toBe(hash(model()));
  });

  it('covers the configuration: parameters set, fairness', () => {
    expect(hashConfiguration(philosophers, 'ordered', { set: { n: 4 } })).not.toBe(hashConfiguration(philosophers, 'ordered'));
    expect(hashConfiguration(philosophers, 'ordered-strong')).not.toBe(hashConfiguration(philosophers, 'ordered'));
  });
});

describe('describeValue', () => {
  it("describes XState's built-in actions by type and arguments, and interleave's sends by their payload", () => {
    const described = describeValue([assign({ n: 1 }), send('ponger', { type: 'ping' })]) as Record<string, unknown>[];
    expect(described[0]).toEqual({ fn: 'xstate:xstate.assign', assignment: { n: 1 } });
    expect(described[1]).toEqual({ fn: '()=>{}', '@interleave.send': { to: 'ponger', event: { type: 'ping' } } });
  });

  it('marks a value met inside itself instead of looping', () => {
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    expect(describeValue(loop)).toEqual({ a: 1, self: '[circular]' });
  });
});

describe('normalizeSource', () => {
  it('prints a function the same whichever TypeScript loader transformed it', () => {
    // A function whose source text is exactly `source` (never called).
    const as = (source: string) => normalizeSource(new Function(`return ${source}`)());
    // What tsx (esbuild, minified white space) and vitest print for the same source.
    expect(as('(s) => {\n\t\tconst x = s.a ?? undefined;\n\t\treturn x;\n\t}')).toBe(as('s=>{const x=s.a??void 0;return x}'));
    expect(as('({ context }) => (0, __vite_ssr_import_1__.send)(context.to)')).toBe(as('({context})=>send(context.to)'));
    expect(as('(a) => a.every((b) => b)')).toBe(as('a=>a.every(b=>b)'));
  });
});

describe('committed proof records', () => {
  it('have the hashes the test runner computes (the CLI wrote them under tsx)', async () => {
    for (const file of findModelFiles(['models'])) {
      const record = readProofRecord(recordPath(file));
      if (!record) continue;
      const model = await loadModel(file);
      for (const [config, entry] of Object.entries(record.configurations)) {
        expect(`${file} ${config} ${hashConfiguration(model, config, { file })}`).toBe(`${file} ${config} ${entry.hash}`);
      }
    }
  });
});

describe('modelModules', () => {
  it("lists the local modules a model imports, transitively, but not the model file, packages or interleave's own src/", () => {
    const modules = modelModules('models/scsi-target-creation.ts');
    expect(Object.keys(modules)).toContain('../machines/dextHandlers.ts');
    expect(Object.keys(modules).every((path) => path.startsWith('../machines/'))).toBe(true);
    expect(Object.keys(modelModules('models/print-spooler.ts'))).toEqual(['../machines/printSpooler.ts']);
  });

  it('drops comments and white space, but not strings or the space between two words', () => {
    expect(stripCommentsAndSpace("// head\nconst  a = 'x  // y' ; /* note */ return a\n")).toBe("const a='x  // y';return a");
    expect(stripCommentsAndSpace('a\n  +\n  b')).toBe(stripCommentsAndSpace('a + b'));
  });
});
