/** The README's "Regression proofs in CI" section is real: its example runs, and its outputs are the tool's. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectModel, ModelExpectationError } from 'interleave/testing';
import pingPong from '../../examples/ping-pong.ts';

const readme = readFileSync('README.md', 'utf8');
const section = readme.slice(readme.indexOf('## Regression proofs in CI'), readme.indexOf('## The public API'));

describe('README: regression proofs in CI', () => {
  it('shows test/e2e/ping-pong.test.ts verbatim', () => {
    const start = section.indexOf('<!-- example:test/e2e/ping-pong.test.ts -->');
    expect(start).toBeGreaterThan(0);
    const block = section.slice(section.indexOf('```ts\n', start) + 6, section.indexOf('```\n<!-- /example -->', start));
    expect(block).toBe(readFileSync('test/e2e/ping-pong.test.ts', 'utf8'));
  });

  it("shows the start of a failing matcher's real message", async () => {
    const shown = section.slice(section.indexOf('```text\nexpected ping-pong') + 8, section.indexOf('…\n```', section.indexOf('```text\nexpected ping-pong')));
    const error = await expectModel(pingPong).config('rally', { set: { rounds: 0 } }).toHoldAll().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelExpectationError);
    expect((error as Error).message.startsWith(shown)).toBe(true);
  });

  it('documents every ci option the command accepts', () => {
    for (const option of ['--update', '--junit FILE', '--json', '--summary FILE']) expect(readme).toContain(option);
    expect(readFileSync('docs/ci-github-actions.yml', 'utf8')).toContain('npx interleave ci models --junit junit.xml --summary "$GITHUB_STEP_SUMMARY"');
  });
});
