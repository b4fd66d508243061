/**
 * A tiny model written to a fresh directory per variant, for the `interleave ci` tests: a
 * client asks a server `rounds` times; the server answers (configuration `answered`, expected
 * to pass) or, with `answers: false`, swallows the question (configuration `silent`, expected to
 * deadlock). Variants change one thing. Each variant gets its own directory because a module,
 * once imported, stays cached under its path.
 *
 * The server's guard calls `mayAnswer` from `_policy.ts`, a module of the model: a change there
 * is invisible in the machine object but moves the configuration hash.
 *
 * The directories live under `.tmp/` in the repository (git-ignored), so that the model's
 * imports of `xstate` and of `src/` resolve as a user's would.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface HandshakeVariant {
  /** The server's guard for answering; `() => true` makes `silent` pass. */
  answerGuard?: string;
  /** The client's guard for asking again (same meaning, other text: only the hash changes). */
  moreGuard?: string;
  /** The server takes a `think` choice before it answers: a changed machine, a larger state space. */
  thinkFirst?: boolean;
  /** Source of a `budget` for the `answered` configuration, e.g. `{ maxStates: 3 }`. */
  budget?: string;
  /** Leave out the `silent` configuration. */
  withoutSilent?: boolean;
  /** Source of the model's `properties` (default `{}`); `always` is imported. */
  properties?: string;
  /** Source of `_policy.ts`, the module whose `mayAnswer(answers)` the server's guard calls. */
  policy?: string;
}

/** The default `_policy.ts`: a helper function the machine calls, outside the machine object. */
export const POLICY = `/** Whether the server answers. */
export function mayAnswer(answers: boolean): boolean {
  return answers;
}
`;

const ROOT = '.tmp';

/** A new directory under `.tmp/`; remove it with {@link removeFixtures}. */
export function fixtureDir(): string {
  mkdirSync(ROOT, { recursive: true });
  return mkdtempSync(join(ROOT, 'ci-'));
}

/** Writes the handshake model as `<dir>/handshake.ts` and returns its path. */
export function writeHandshake(dir: string, variant: HandshakeVariant = {}): string {
  const file = join(dir, 'handshake.ts');
  writeFileSync(file, handshakeSource(variant, relative(dir, 'src/index.ts')));
  writeFileSync(join(dir, '_policy.ts'), variant.policy ?? POLICY);
  return file;
}

export function removeFixtures(dirs: readonly string[]): void {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

function handshakeSource(v: HandshakeVariant, interleave: string): string {
  const answer = "send('client', { type: 'answer' })";
  const server = v.thinkFirst
    ? `{
    ready: { meta: { resting: true }, on: { ask: [{ guard: 'answers', target: 'thinking' }, { actions: [] }] } },
    thinking: { meta: { choices: ['think'] }, on: { think: { target: 'ready', actions: ${answer} } } },
  }`
    : `{
    ready: { meta: { resting: true }, on: { ask: [{ guard: 'answers', actions: ${answer} }, { actions: [] }] } },
  }`;
  return `import { assign, setup } from 'xstate';
import { always, defineModel, defineSystem, send } from '${interleave}';
import { mayAnswer } from './_policy.ts';

const client = setup({
  types: { input: {} as { rounds: number }, context: {} as { rounds: number; asked: number } },
  guards: { more: ${v.moreGuard ?? '({ context }) => context.asked < context.rounds'} },
}).createMachine({
  id: 'client',
  context: ({ input }) => ({ rounds: input.rounds, asked: 0 }),
  initial: 'idle',
  states: {
    idle: {
      meta: { resting: true, choices: ['go'] },
      on: { go: { guard: 'more', target: 'waiting', actions: [send('server', { type: 'ask' }), assign({ asked: ({ context }) => context.asked + 1 })] } },
    },
    waiting: { meta: { waitsFor: 'server' }, on: { answer: 'idle' } },
  },
});

const server = setup({
  types: { input: {} as { answers: boolean }, context: {} as { answers: boolean } },
  guards: { answers: ${v.answerGuard ?? '({ context }) => mayAnswer(context.answers)'} },
}).createMachine({
  id: 'server',
  context: ({ input }) => ({ answers: input.answers }),
  initial: 'ready',
  states: ${server},
});

export default defineModel({
  name: 'handshake',
  description: 'A client asks, a server answers (or does not).',
  parameters: { rounds: 2, answers: true },
  configurations: {
    answered: { expect: 'pass'${v.budget ? `, budget: ${v.budget}` : ''} },
${v.withoutSilent ? '' : "    silent: { parameters: { answers: false }, expect: 'deadlock' },\n"}  },
  system: ({ rounds, answers }) =>
    defineSystem({ actors: { client: { machine: client, input: { rounds } }, server: { machine: server, input: { answers } } } }),
  properties: ${v.properties ?? '{}'},
});
`;
}
