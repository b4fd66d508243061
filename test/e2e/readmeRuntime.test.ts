/** The README's "Running live", "Replaying a counterexample" and "Simulation" outputs are real: each shown line is printed. */
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const readme = readFileSync('README.md', 'utf8');
const section = (title: string) => readme.slice(readme.indexOf(`## ${title}\n`), readme.indexOf('\n## ', readme.indexOf(`## ${title}\n`) + 3));

/** The lines of the first ```text block after `marker` in `text`, without elisions (…). */
function shownLines(text: string, marker: string): string[] {
  const start = text.indexOf('```text\n', text.indexOf(marker)) + 8;
  return text
    .slice(start, text.indexOf('```', start))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.includes('…'));
}

describe('README: Running live', () => {
  it('the dining philosophers run prints what the README shows', async () => {
    const run = await runCli('run', 'models/dining-philosophers.ts', '--config', 'circular', '--set', 'n=3', '--seed', '4', '--virtual-time', '--verbose');
    // Paragraphs wrap where they wrap: compare with white space collapsed.
    const printed = run.stdout.replace(/\s+/g, ' ');
    const shown = shownLines(section('Running live'), 'npx interleave run models/dining-philosophers.ts');
    expect(shown.length).toBeGreaterThan(8);
    for (const line of shown) expect(printed).toContain(line.replace(/\s+/g, ' '));
  });

  it('check --simulate shows the probe lines in the README order', async () => {
    const run = await runCli('check', 'models/scsi-target-creation.ts', '--config', 'correct', '--simulate', '--seed', '1');
    const printed = run.stdout.split('\n');
    const shown = shownLines(section('Running live'), '`check --config NAME --simulate');
    expect(shown).toHaveLength(6);
    expect(shown.map((line) => printed.indexOf(line))).toEqual([...shown.map((line) => printed.indexOf(line))].sort((a, b) => a - b));
    expect(shown.every((line) => printed.includes(line))).toBe(true);
  });
});

describe('README: Replaying a counterexample', () => {
  it('replays the trace check --trace-out wrote, and reports the tampered one as shown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-readme-'));
    const file = join(dir, 'trace.json');
    await runCli('check', 'models/scsi-target-creation.ts', '--config', 'missing-response-version', '--trace-out', file);
    const replayed = await runCli('replay', file);
    expect(replayed.stdout).toContain('all 59 steps as the trace says, the same final state, and deadlock at the end');
    expect(section('Replaying a counterexample')).toContain('all 59 steps as the trace says, the same final state, and deadlock at the end');
    const document = JSON.parse(readFileSync(file, 'utf8'));
    document.path[40] = 3;
    writeFileSync(file, JSON.stringify(document));
    const tampered = await runCli('replay', file);
    const printed = tampered.stdout.split('\n');
    const shown = shownLines(section('Replaying a counterexample'), "as stateright's path replay");
    expect(shown).toHaveLength(8);
    for (const line of shown) expect(printed.map((l) => l.trim())).toContain(line);
  });
});

describe('README: Simulation', () => {
  it('pct finds no-ring-recheck in run 1 from seed 1, random in run 82', async () => {
    const pct = await runCli('simulate', 'models/scsi-target-creation.ts', '--config', 'no-ring-recheck', '--runs', '100', '--seed', '1', '--strategy', 'pct');
    expect(pct.stdout.split('\n')[0]).toMatch(/^✗ deadlock found by run 1 of at most 100: scsi-target-creation \/ no-ring-recheck .* \(seed 1, pct \(depth 3, length 119\)\)$/);
    expect(section('Simulation')).toContain('(seed 1, pct (depth 3, length 119))');
    const random = await runCli('simulate', 'models/scsi-target-creation.ts', '--config', 'no-ring-recheck', '--runs', '100', '--seed', '1');
    expect(random.stdout.split('\n')[0]).toMatch(/^✗ deadlock found by run 82 of at most 100: .* \(seed 82, random\)$/);
  });
});
