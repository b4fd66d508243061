/**
 * interleave bundled into one file (as a user's CI tool might bundle it): parallel search
 * starts its threads from files next to the checker, which a bundle leaves behind. It must say
 * so and exit 2 — a thread that cannot start would otherwise leave the main thread waiting
 * for ever.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Inside the project, so that the bundle finds xstate and tsx in node_modules.
mkdirSync('.tmp', { recursive: true });
const directory = mkdtempSync(join(resolve('.tmp'), 'bundle-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('a bundled interleave', () => {
  it('refuses --workers with exit 2 and says why, and still checks on one thread', () => {
    const entry = join(directory, 'entry.mjs');
    writeFileSync(entry, `import { register } from 'tsx/esm/api';\nregister();\nconst { main } = await import(${JSON.stringify(resolve('src/cli/main.ts'))});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
    const bundle = join(directory, 'interleave.mjs');
    const esbuild = spawnSync(resolve('node_modules/.bin/esbuild'), [entry, '--bundle', '--platform=node', '--format=esm', '--packages=external', `--outfile=${bundle}`], { encoding: 'utf8' });
    expect(esbuild.status, esbuild.stderr).toBe(0);
    const args = ['check', 'models/dining-philosophers.ts', '--config', 'ordered', '--set', 'n=3', '--set', 'starvation=false'];
    const workers = spawnSync(process.execPath, [bundle, ...args, '--workers', '2'], { encoding: 'utf8', timeout: 60_000 });
    expect(workers.status).toBe(2);
    expect(workers.stderr).toBe(
      `error: models/dining-philosophers.ts: parallel search: ${join(directory, 'supervisor.mjs')} is missing (was interleave bundled into one file?); run it from its package, or search on one thread (without --workers)\n`,
    );
    const one = spawnSync(process.execPath, [bundle, ...args], { encoding: 'utf8', timeout: 60_000 });
    expect([one.status, one.stdout.split('\n')[0]]).toEqual([0, '✓ pass: dining-philosophers / ordered (n=3 ordered=true starvation=false): every property holds in all 872 states (as expected)']);
  });
});
