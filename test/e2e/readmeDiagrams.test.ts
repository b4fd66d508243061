/**
 * The README's diagrams ("Seeing it") are the tool's own output: each block between
 * `<!-- diagram:… -->` and `<!-- /diagram -->` is regenerated with the command the README
 * names and must match it exactly, so that the README stays true when the output changes.
 *
 * Markers: `diagram:statechart <model> <config> <key=value …> <machine id>` (from `viz`) and
 * `diagram:counterexample <model> <config> <key=value …>` (from `check --summary`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const readme = readFileSync('README.md', 'utf8');
const blocks = [...readme.matchAll(/<!-- diagram:(\w+) ([^>]*?) -->\n```mermaid\n([\s\S]*?)\n```\n<!-- \/diagram -->/g)].map((m) => ({
  kind: m[1]!,
  args: m[2]!.split(' '),
  text: m[3]!,
}));
const scratch = mkdtempSync(join(tmpdir(), 'interleave-readme-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `['n=3', 'x=1']` → `['--set', 'n=3', '--set', 'x=1']`. */
const sets = (pairs: string[]) => pairs.flatMap((p) => ['--set', p]);

describe('README diagrams', () => {
  it('shows one statechart and one counterexample', () => {
    expect(blocks.map((b) => b.kind)).toEqual(['statechart', 'counterexample']);
  });

  it.each(blocks.filter((b) => b.kind === 'statechart').map((b) => [b.args.join(' '), b] as const))('statechart %s is what viz prints', async (_, block) => {
    const [model, config, ...rest] = block.args;
    const machine = rest.pop()!;
    const run = await runCli('viz', model!, '--config', config!, ...sets(rest));
    expect(run.code).toBe(0);
    const start = run.stdout.indexOf(`## statechart of ${machine} (`);
    expect(start).toBeGreaterThanOrEqual(0);
    const body = run.stdout.slice(run.stdout.indexOf('```mermaid\n', start) + 11);
    expect(block.text).toBe(body.slice(0, body.indexOf('\n```')));
  });

  it.each(blocks.filter((b) => b.kind === 'counterexample').map((b) => [b.args.join(' '), b] as const))('counterexample %s is what check --summary writes', async (_, block) => {
    const [model, config, ...rest] = block.args;
    const summary = join(scratch, `${config}.md`);
    const run = await runCli('check', model!, '--config', config!, ...sets(rest), '--summary', summary);
    expect(run.code).toBe(1);
    const markdown = readFileSync(summary, 'utf8');
    const body = markdown.slice(markdown.indexOf('```mermaid\n') + 11);
    expect(block.text).toBe(body.slice(0, body.indexOf('\n```')));
  });
});
