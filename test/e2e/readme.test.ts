/** The README's commands and its example are real: they are run here as a user would. */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const readme = readFileSync('README.md', 'utf8');

describe('README', () => {
  it('starts with the install-and-run and the test commands', () => {
    const firstBlock = readme.slice(readme.indexOf('```sh'), readme.indexOf('```', readme.indexOf('```sh') + 5));
    expect(firstBlock).toContain('npm install && npm start');
    expect(firstBlock).toContain('npm test');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.scripts.start).toBe('node bin/interleave.mjs ci models');
    expect(pkg.scripts.test).toBe('vitest run');
  });

  it('shows examples/ping-pong.ts verbatim', () => {
    const start = readme.indexOf('<!-- example:examples/ping-pong.ts -->');
    const block = readme.slice(readme.indexOf('```ts\n', start) + 6, readme.indexOf('```\n<!-- /example -->'));
    expect(block).toBe(readFileSync('examples/ping-pong.ts', 'utf8'));
  });

  it('runs the example as the README says', async () => {
    const pass = await runCli('check', 'examples/ping-pong.ts');
    expect(pass.code).toBe(0);
    expect(pass.stdout).toContain('every property holds in all 5 states');
    const broken = await runCli('check', 'examples/ping-pong.ts', '--set', 'rounds=0');
    expect(broken.code).toBe(1);
    expect(broken.stdout.split('\n')[0]).toBe("✗ invariant 'hitsBounded' violated: ping-pong / rally (rounds=0) (expected pass)");
  });

  it('the installed command runs: bin/interleave.mjs exits with the documented codes', () => {
    const circular = spawnSync(process.execPath, ['bin/interleave.mjs', 'check', 'models/dining-philosophers.ts', '--config', 'circular', '--set', 'n=3'], { encoding: 'utf8' });
    expect(circular.status).toBe(1);
    expect(circular.stdout).toContain('Wait-for cycle: fork0 → phil0 → fork1 → phil1 → fork2 → phil2 → fork0.');
    const ordered = execFileSync(process.execPath, ['bin/interleave.mjs', 'check', 'models/dining-philosophers.ts', '--config', 'ordered', '--set', 'n=3'], { encoding: 'utf8' });
    expect(ordered).toContain('every property holds in all 872 states');
    const usage = spawnSync(process.execPath, ['bin/interleave.mjs'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
  });
});
