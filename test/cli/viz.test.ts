/**
 * `interleave viz` and the files `check --report DIR` and `check --summary FILE` write, run
 * in-process as a user would type them; wrong options exit with code 2 and say why.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { runCli } from '../helpers/cli.ts';
import { parseDot, parseSequence, parseStateDiagram } from '../helpers/diagrams.ts';

const MODEL = 'models/dining-philosophers.ts';
const scratch = mkdtempSync(join(tmpdir(), 'interleave-viz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('interleave viz', () => {
  it('prints Markdown with a Mermaid block per machine and the communication graph', async () => {
    const run = await runCli('viz', MODEL, '--config', 'circular', '--set', 'n=2');
    expect(run.code).toBe(0);
    const headings = run.stdout.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## statechart of fork (fork0, fork1)',
      '## statechart of philosopher (phil0, phil1)',
      '## communication graph of dining-philosophers / circular (observed over 82 states, all reachable)',
    ]);
    const blocks = run.stdout.split('```mermaid\n').slice(1).map((b) => b.slice(0, b.indexOf('\n```')));
    expect(blocks).toHaveLength(3);
    expect([...parseStateDiagram(blocks[1]!).states.keys()]).toEqual(['thinking', 'waitingForFirst', 'waitingForSecond', 'eating']);
    expect(blocks[2]!.startsWith('flowchart LR')).toBe(true);
  });

  it('uses the first configuration when none is named, and says so', async () => {
    const run = await runCli('viz', MODEL, '--set', 'n=2');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("viz: using configuration 'circular'");
  });

  it('writes one file per diagram with --out, in each format', async () => {
    for (const [format, ext] of [['mermaid', 'mmd'], ['dot', 'dot'], ['svg', 'svg']] as const) {
      const dir = join(scratch, format);
      const run = await runCli('viz', MODEL, '--config', 'ordered', '--set', 'n=2', '--format', format, '--out', dir);
      expect(run.code, run.stderr).toBe(0);
      expect(readdirSync(dir).sort()).toEqual([`communication.${ext}`, `fork.statechart.${ext}`, `philosopher.statechart.${ext}`]);
      const chart = readFileSync(join(dir, `fork.statechart.${ext}`), 'utf8');
      if (format === 'mermaid') expect([...parseStateDiagram(chart.trimEnd()).states.keys()]).toEqual(['free', 'taken']);
      if (format === 'dot') expect([...parseDot(chart.trimEnd()).nodes.keys()]).toContain('taken');
      if (format === 'svg') expect(chart).toMatch(/^<svg[\s\S]*class="node state s2 blocked"[\s\S]*<\/svg>\n$/);
    }
  });

  it.each([
    [['--format', 'png'], "--format must be one of mermaid, dot, svg, got 'png'"],
    [['--format', 'svg'], '--format svg writes one file per diagram: add --out DIR'],
    [['--config', 'nope'], "model 'dining-philosophers' has no configuration 'nope'"],
    [['--out', 'package.json'], '--out package.json: cannot write there'],
  ])('exits 2 for %j', async (options, message) => {
    const run = await runCli('viz', MODEL, ...options);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

describe('interleave check --report --summary', () => {
  it('writes the HTML report and appends the Markdown summary', async () => {
    const dir = join(scratch, 'reports');
    const summary = join(scratch, 'summary.md');
    writeFileSync(summary, '# earlier content\n');
    const run = await runCli('check', MODEL, '--config', 'circular', '--set', 'n=3', '--report', dir, '--summary', summary);
    expect(run.code).toBe(1);
    const path = join(dir, 'dining-philosophers.circular.html');
    expect(run.stderr).toContain(`report: ${path}`);
    const html = readFileSync(path, 'utf8');
    expect(html).toContain('<code>interleave check models/dining-philosophers.ts --config circular --set n=3</code>');
    const markdown = readFileSync(summary, 'utf8');
    expect(markdown.startsWith('# earlier content\n### interleave: dining-philosophers\n')).toBe(true);
    const diagram = markdown.slice(markdown.indexOf('```mermaid\n') + 11, markdown.indexOf('\n```', markdown.indexOf('```mermaid')));
    expect(parseSequence(diagram).participants).toHaveLength(6);
  });

  it('writes one report per configuration with --all, and none with --json on stdout', async () => {
    const dir = join(scratch, 'all');
    const run = await runCli('check', MODEL, '--all', '--set', 'n=2', '--report', dir, '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toHaveLength(4);
    expect(readdirSync(dir).sort()).toEqual([
      'dining-philosophers.circular.html',
      'dining-philosophers.ordered-strong.html',
      'dining-philosophers.ordered-unfair.html',
      'dining-philosophers.ordered.html',
    ]);
  });

  it('refuses an unwritable --report or --summary before checking', async () => {
    const report = await runCli('check', MODEL, '--config', 'circular', '--report', 'package.json');
    expect(report.code).toBe(2);
    expect(report.stderr).toContain('--report package.json: cannot write there');
    expect(report.stdout).toBe('');
    const summary = await runCli('check', MODEL, '--config', 'circular', '--summary', scratch);
    expect(summary.code).toBe(2);
    expect(summary.stderr).toContain(`--summary ${scratch}: cannot write there`);
  });
});
