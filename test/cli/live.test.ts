/** The live commands as a user runs them: `run`, `check --simulate`, `check --trace-out`, `replay`, `simulate`. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';

const SCSI = 'models/scsi-target-creation.ts';
const dir = mkdtempSync(join(tmpdir(), 'interleave-live-'));

describe('interleave run', () => {
  it('prints the driver log as it goes, then a valid end; exits 0', async () => {
    const run = await runCli('run', SCSI, '--config', 'correct', '--seed', '3', '--virtual-time');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^run scsi-target-creation \/ correct \(targets=1 .*\): seed 3, random order, virtual time$/);
    expect(lines[1]).toBe('UserInitializeController - DefaultQueue');
    expect(lines).toContain('Target device created for idx:0 - TargetQueue0');
    expect(run.stdout).toMatch(/\n✓ valid end after \d+ steps: scsi-target-creation \/ correct .*\(seed 3, random order, virtual time [\d.]+ ms\)\n/);
    expect(run.stdout).toContain('Run it again: interleave run models/scsi-target-creation.ts --config correct --seed 3 --virtual-time');
  });

  it('trips the watchdog on a deadlock, with the diagnosis and the replay path; exits 1', async () => {
    const run = await runCli('run', SCSI, '--config', 'create-on-default-queue', '--seed', '1', '--virtual-time', '--verbose');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^ {3}1 {2}DefaultQueue {4}takes UserInitializeController → runningHandler; sends Run/m);
    expect(run.stdout).toMatch(/\n✗ deadlock after 32 steps: scsi-target-creation \/ create-on-default-queue/);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain('Wait-for cycle: DefaultQueue → kernel → DefaultQueue.');
    expect(run.stdout).toMatch(/\nReplay path: [\d,]+\n/);
  });

  it('reaches the steps limit on a table that never stops; exits 0', async () => {
    const run = await runCli('run', 'models/dining-philosophers.ts', '--config', 'ordered', '--set', 'n=3', '--seed', '9', '--steps', '50', '--virtual-time', '--order', 'fifo');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/· steps limit reached after 50 steps: dining-philosophers \/ ordered \(n=3 ordered=true starvation=true\) \(seed 9, fifo order, virtual time/);
    expect(run.stdout).toContain('--seed 9 --order fifo --steps 50 --virtual-time');
  });

  it('picks a random seed when none is given, and prints it', async () => {
    const run = await runCli('run', SCSI, '--config', 'correct', '--virtual-time');
    const seed = /: seed (\d+), random order/.exec(run.stdout)?.[1];
    expect(seed).toBeDefined();
    expect(run.stdout).toContain(`--seed ${seed} --virtual-time`);
  });

  it('--json writes a document that replay reads', async () => {
    const run = await runCli('run', SCSI, '--config', 'no-ring-recheck', '--seed', '28', '--virtual-time', '--json');
    expect(run.code).toBe(1);
    const document = JSON.parse(run.stdout);
    expect(document).toMatchObject({ model: 'scsi-target-creation', config: 'no-ring-recheck', modelFile: SCSI, verdict: 'deadlock', property: 'deadlock', seed: 28, scheduler: 'random order', time: 'virtual' });
    expect(document.path).toHaveLength(document.steps);
    const file = join(dir, 'run.json');
    writeFileSync(file, run.stdout);
    const replayed = await runCli('replay', file);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toMatch(/^✓ replayed: scsi-target-creation \/ no-ring-recheck .*: all \d+ steps as the trace says, the same final state, and deadlock at the end$/);
  });

  it('refuses bad input with exit 2', async () => {
    expect((await runCli('run', SCSI)).stderr).toContain("model 'scsi-target-creation' has several configurations; pick one with --config NAME");
    expect((await runCli('run', SCSI, '--config', 'correct', '--seed', 'x')).code).toBe(2);
    expect((await runCli('run', SCSI, '--config', 'correct', '--order', 'lifo')).stderr).toContain('--order takes random or fifo');
    expect((await runCli('run', SCSI, '--config', 'nope')).stderr).toContain("has no configuration 'nope'");
  });
});

describe('interleave check --simulate', () => {
  it('prints one live run as a driver log: TUR(0) → INQUIRY(6) → INQUIRY(44) → INQUIRY(36) → target created, in order', async () => {
    const run = await runCli('check', SCSI, '--config', 'correct', '--simulate', '--seed', '5');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Driver log:');
    const probe = lines.filter((line) => /^(Send command|Target device created)/.test(line));
    expect(probe).toEqual([
      'Send command 0 for target 0 len 0 - DefaultQueue',
      'Send command 18 for target 0 len 6 - DefaultQueue',
      'Send command 18 for target 0 len 44 - DefaultQueue',
      'Send command 18 for target 0 len 36 - DefaultQueue',
      'Target device created for idx:0 - TargetQueue0',
    ]);
    expect(run.stdout).toContain('Run it again: interleave check models/scsi-target-creation.ts --config correct --simulate --seed 5');
  });

  it('keeps that order whatever the seed', async () => {
    for (const seed of ['1', '2', '77']) {
      const { stdout } = await runCli('check', SCSI, '--config', 'correct', '--simulate', '--seed', seed);
      const probe = stdout.split('\n').filter((line) => /^(Send command|Complete command|Target device created)/.test(line));
      expect(probe.map((line) => /len (\d+)|Len: (\d+)|created/.exec(line)![0])).toEqual(['len 0', 'Len: 0', 'len 6', 'Len: 6', 'len 44', 'Len: 44', 'len 36', 'Len: 36', 'created']);
    }
  });

  it('refuses options of an exhaustive check', async () => {
    const run = await runCli('check', SCSI, '--config', 'correct', '--simulate', '--all');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--all does not go with --simulate');
  });
});

describe('interleave replay', () => {
  it('replays a trace written by check --trace-out, which is the --json document with the model file', async () => {
    const file = join(dir, 'trace.json');
    const check = await runCli('check', SCSI, '--config', 'missing-response-version', '--trace-out', file);
    expect(check.code).toBe(1);
    const json = await runCli('check', SCSI, '--config', 'missing-response-version', '--json');
    const written = JSON.parse(readFileSync(file, 'utf8'));
    expect(written).toMatchObject({ modelFile: SCSI, config: 'missing-response-version', verdict: 'deadlock' });
    expect({ ...written, stats: undefined }).toEqual({ ...JSON.parse(json.stdout), stats: undefined });
    const replayed = await runCli('replay', file);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toMatch(/^✓ replayed: scsi-target-creation \/ missing-response-version .*: all 59 steps as the trace says, the same final state, and deadlock at the end$/);
  });

  it('picks a configuration from check --all --json with --config, and takes the model from --model', async () => {
    const all = await runCli('check', 'models/dining-philosophers.ts', '--all', '--json', '--set', 'n=2');
    const file = join(dir, 'all.json');
    writeFileSync(file, all.stdout.replaceAll('"modelFile": "models/dining-philosophers.ts",', ''));
    expect((await runCli('replay', file)).stderr).toContain('holds 4 documents; pick one with --config NAME (with traces: circular)');
    expect((await runCli('replay', file, '--config', 'circular')).stderr).toContain('does not say which model file it came from; name it');
    const replayed = await runCli('replay', file, '--config', 'circular', '--model', 'models/dining-philosophers.ts');
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toContain('and deadlock, wait-for cycle fork0 → phil0 → fork1 → phil1 → fork0 at the end');
    expect((await runCli('replay', file, '--config', 'ordered', '--model', 'models/dining-philosophers.ts')).stderr).toContain('has no path to replay (verdict pass: only violations have traces)');
    expect((await runCli('replay', file, '--config', 'circular', '--model', SCSI)).stderr).toContain("is a trace of model 'dining-philosophers'");
  });

  it('reports the first step where a tampered trace diverges; exits 1', async () => {
    const { stdout } = await runCli('check', SCSI, '--config', 'missing-response-version', '--json');
    const document = JSON.parse(stdout);
    document.path[40] = 3;
    const file = join(dir, 'tampered.json');
    writeFileSync(file, JSON.stringify(document));
    const replayed = await runCli('replay', file);
    expect(replayed.code).toBe(1);
    const lines = replayed.stdout.split('\n');
    expect(lines[0]).toMatch(/^✗ replay diverged at step 41 of 59: scsi-target-creation \/ missing-response-version/);
    expect(lines[1]).toMatch(/^ {2}The trace says: {2}index 3: \S+ takes /);
    expect(lines[2]).toMatch(/^ {2}The runtime has: index 3: no such step \(1 step is enabled\)$/);
    expect(replayed.stdout).toContain('  1. The model changed since the trace was written');
    expect(replayed.stdout).toContain('  2. The model is not deterministic');
  });

  it('replays bare step indices on a model with --path, printing the trace', async () => {
    const replayed = await runCli('replay', 'models/dining-philosophers.ts', '--config', 'circular', '--set', 'n=2', '--path', '0,0,1,0,0,0');
    expect(replayed.code).toBe(0);
    expect(replayed.stdout.split('\n')[0]).toBe('✓ replayed 6 steps: dining-philosophers / circular (n=2 ordered=false starvation=true); deadlock at the end');
    expect(replayed.stdout).toContain('   1  phil0  chooses hungry → waitingForFirst; sends take {by: phil0} to fork0');
    expect(replayed.stdout.replace(/\s+/g, ' ')).toContain('Wait-for cycle: fork0 → phil0 → fork1 → phil1 → fork0.');
    const bad = await runCli('replay', 'models/dining-philosophers.ts', '--config', 'circular', '--set', 'n=2', '--path', '0,9');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('✗ replay diverged at step 2 of 2');
    expect((await runCli('replay', 'models/dining-philosophers.ts', '--config', 'circular', '--path', '0,x')).code).toBe(2);
  });

  it('refuses a file that is not a trace with exit 2', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ not json');
    const run = await runCli('replay', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read the trace');
    expect((await runCli('replay', join(dir, 'missing.json'))).stderr).toContain('ENOENT');
  });
});

describe('interleave simulate', () => {
  it('finds missing-response-version in the first run and prints it as a driver log; exits 1', async () => {
    const run = await runCli('simulate', SCSI, '--config', 'missing-response-version', '--runs', '10', '--seed', '1');
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toMatch(/^✗ deadlock found by run 1 of at most 10: scsi-target-creation \/ missing-response-version .* \(seed 1, random\)$/);
    expect(run.stdout).toContain('Driver log (run 1, ');
    expect(run.stdout).toContain('dropped ParallelTaskCompletion (version 0 ≠ 1) - kernel');
    expect(run.stdout).toContain('Repeat this run alone: interleave simulate models/scsi-target-creation.ts --config missing-response-version --runs 1 --seed 1');
  });

  it('finds no-ring-recheck with pct, and --json is replayable', async () => {
    const run = await runCli('simulate', SCSI, '--config', 'no-ring-recheck', '--runs', '20', '--seed', '1', '--strategy', 'pct', '--json');
    expect(run.code).toBe(1);
    const document = JSON.parse(run.stdout);
    expect(document).toMatchObject({ found: true, run: 1, seed: 1, strategy: 'pct', verdict: 'deadlock', firstSeed: 1, runs: 1, maxRuns: 20 });
    const file = join(dir, 'simulated.json');
    writeFileSync(file, run.stdout);
    expect((await runCli('replay', file)).code).toBe(0);
  });

  it('says how many runs found nothing, and that this proves nothing; exits 0', async () => {
    const run = await runCli('simulate', SCSI, '--config', 'correct', '--runs', '20', '--seed', '1');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✓ no violation in 20 runs: scsi-target-creation \/ correct .* \(seeds 1–20, random\); 20 ended in a valid end state\.$/m);
    expect(run.stdout).toContain('proves nothing');
  });

  it('says which reachable properties the runs reached, first where, and which none did (seed 6: the lamp never flickers)', async () => {
    const lamp = 'test/fixtures/systems/lampScenarios.ts';
    const one = await runCli('simulate', lamp, '--config', 'smokes', '--runs', '1', '--seed', '6');
    expect(one.code).toBe(0); // a simulation proves nothing either way
    expect(one.stdout).toContain(
      'Reachable properties (in 1 run):\n  flickers: not reached by any run (interleave check explores every schedule)\n  smokes: not reached by any run (interleave check explores every schedule)',
    );
    const two = await runCli('simulate', lamp, '--config', 'flickers', '--runs', '2', '--seed', '6', '--json');
    expect(JSON.parse(two.stdout).reached).toEqual({ flickers: { run: 2, seed: 7, step: 4 } });
  });

  it('needs --runs', async () => {
    const run = await runCli('simulate', SCSI, '--config', 'correct');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('simulate needs --runs N');
    expect((await runCli('simulate', SCSI, '--config', 'correct', '--runs', '2', '--depth', '2')).stderr).toContain('--depth is the bug depth of --strategy pct');
  });
});
