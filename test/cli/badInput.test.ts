/**
 * Bad input (issue 2, item 7): each mistake gets exit code 2 (3 for a limit) and one message
 * naming the file, actor, state or event at fault — never a stack trace.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const fixture = (name: string) => `test/fixtures/bad/${name}.ts`;
/** Text output wraps long paragraphs; compare with white space folded. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ');

describe('bad input', () => {
  it.each([
    ['a missing file', ['check', 'models/no-such-model.ts'], "error: cannot find model file 'models/no-such-model.ts'"],
    ['no default export', ['check', fixture('no-default-export')], "error: model file 'test/fixtures/bad/no-default-export.ts' has no default export; end it with: export default defineModel({ ... })"],
    ['a default export that is not a model', ['check', fixture('not-a-model')], "error: the default export of 'test/fixtures/bad/not-a-model.ts' is not a model; build it with defineModel() from 'interleave'"],
    ['a model file that throws', ['check', fixture('throws-on-load')], "error: model file 'test/fixtures/bad/throws-on-load.ts' failed to load: the model file itself throws"],
    ['a reachable property without a predicate', ['check', fixture('reachable-not-a-predicate')], "error: model file 'test/fixtures/bad/reachable-not-a-predicate.ts' failed to load: reachable() takes predicates: (state) => boolean"],
    ['an unknown configuration', ['check', 'models/dining-philosophers.ts', '--config', 'round'], "error: model 'dining-philosophers' has no configuration 'round' (configurations: circular, ordered, ordered-strong, ordered-unfair)"],
    ['an unknown parameter', ['check', 'models/dining-philosophers.ts', '--config', 'ordered', '--set', 'm=3'], "error: model 'dining-philosophers' has no parameter 'm' (parameters: n, ordered, starvation)"],
    ['a parameter of the wrong type', ['check', 'models/dining-philosophers.ts', '--config', 'ordered', '--set', 'n=three'], "error: parameter 'n' of model 'dining-philosophers' is a number; got 'three'"],
    ['a machine without an id', ['check', fixture('no-machine-id')], "error: test/fixtures/bad/no-machine-id.ts: actor 'subject': its machine has no explicit id; give it one, e.g. createMachine({ id: 'subject', ... })"],
  ])('%s', async (_, argv, message) => {
    const run = await runCli(...argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(message);
    expect(run.stdout).toBe('');
  });

  it.each([
    ['sendTo', 'send-to', "actor 'subject' in state idle on event poke: Unable to send event to actor 'poker' from machine 'subject'. XState's sendTo()/sendParent() cannot address interleave actors; use send(to, event) from 'interleave'"],
    ['sendParent', 'send-parent', "actor 'subject' in state idle on event poke: Unable to send event to actor '#_parent' from machine 'subject'. XState's sendTo()/sendParent() cannot address interleave actors; use send(to, event) from 'interleave'"],
    ['spawnChild', 'spawn-child', "actor 'subject' in state idle on event poke: invoke/spawn of child actors is not supported; declare each child as an actor of the system"],
    ['invoke', 'invoke', "actor 'subject' in state idle on event poke: invoke/spawn of child actors is not supported; declare each child as an actor of the system"],
    ['a send to an unknown actor', 'unknown-target', 'actor \'subject\' in state idle on event poke: sends hello to unknown actor "nobody" (actors: subject, poker)'],
    ['a function in context', 'function-in-context', "actor 'subject' in state idle on event poke: reaches state poked with context.callback is a function; context must be plain JSON data"],
    ['a class instance in context', 'class-in-context', "actor 'subject' in state idle on event poke: reaches state poked with context.seen is an instance of Map, not a plain object; context must be plain JSON data"],
    ['a guard that is not deterministic', 'nondeterministic', "actor 'subject' in state idle on event poke: is not deterministic: it reached tails {} once and heads {} the next time. Guards and actions must not use Math.random(), Date.now() or state outside the context; model such choices with meta.choices"],
    ['an action that mutates the context', 'mutating', "actor 'subject' in state idle on event poke: an action mutates the context in place (Cannot add property 1, object is not extensible); return new objects from assign() instead"],
    ['meta.waitsFor naming an unknown actor', 'bad-waits-for', "actor 'subject', state idle: meta.waitsFor names unknown actor 'ghost' (actors: subject, poker)"],
    ['a property reading an unknown actor', 'property-unknown-actor', "property 'calm' failed: no actor named 'nobody' (actors: subject, poker)"],
    // Partial-order reduction trusts `reads`: reading past it is an error, never a missed violation.
    ['a property reading an actor its reads leave out', 'undeclared-read', "property 'calm' reads actor 'poker', which its declared reads (subject) leave out: add it, or drop reads"],
    ['a property declaring it reads an unknown actor', 'reads-unknown-actor', "property 'calm' declares it reads unknown actor 'ghost' (actors: subject, poker)"],
    ['a reachable property reading an actor its reads leave out', 'reachable-reads-undeclared', "property 'bothBusy' reads actor 'poker', which its declared reads (subject) leave out: add it, or drop reads"],
  ])('%s', async (_, name, message) => {
    const run = await runCli('check', fixture(name));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: ${fixture(name)}: ${message}`);
  });

  it('a property reading past its declared reads is caught on workers and in live runs too', async () => {
    const message = `error: ${fixture('undeclared-read')}: property 'calm' reads actor 'poker', which its declared reads (subject) leave out: add it, or drop reads`;
    for (const argv of [['check', fixture('undeclared-read'), '--workers', '2'], ['run', fixture('undeclared-read'), '--config', 'only']]) {
      const run = await runCli(...argv);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(message);
    }
  });

  it('a worker that dies stops the check (exit 2) with the reason, instead of leaving it waiting', async () => {
    const run = await runCli('check', fixture('dies-in-worker'), '--workers', '2');
    expect(run.code).toBe(2);
    // Both workers load the model and die; the first to die is named (and stops the other).
    expect(run.stderr).toMatch(new RegExp(`^error: ${fixture('dies-in-worker')}: worker [01] stopped: it exited with code 7$`));
  });

  it('a context that keeps growing stops as inconclusive (exit 3), naming the actor and the key', async () => {
    const run = await runCli('check', fixture('growing'), '--max-local-states', '500');
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('? inconclusive: growing / only');
    expect(oneLine(run.stdout)).toMatch(/Actor 'subject' has the most distinct local states \(5\d\d\); context keys that keep changing: context\.ticks\./);
  });

  it('the state limit ends a run as inconclusive, never as pass', async () => {
    const run = await runCli('check', 'models/dining-philosophers.ts', '--config', 'ordered', '--max-states', '100');
    expect(run.code).toBe(3);
    expect(oneLine(run.stdout)).toMatch(/Stopped by the state limit \(--max-states\) after 1\d\d states and \d+ transitions, to depth \d+, in [\d.]+ s; \d+ states were not expanded\. Nothing is proven\./);
  });

  it.each([
    [['check'], 'error: check needs a model file: interleave check <model.ts> --config NAME'],
    [['check', 'models/dining-philosophers.ts'], "error: model 'dining-philosophers' has several configurations; pick one with --config NAME or check them all with --all (configurations: circular, ordered, ordered-strong, ordered-unfair)"],
    [['check', 'models/dining-philosophers.ts', '--confg', 'x'], 'error: unknown option --confg'],
    [['check', 'models/dining-philosophers.ts', '--config', 'ordered', '--max-states', 'many'], "error: --max-states needs a positive number, got 'many'"],
    [['frobnicate'], "error: unknown command 'frobnicate'"],
  ])('usage error %j', async (argv, message) => {
    const run = await runCli(...argv);
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith(message)).toBe(true);
  });
});
