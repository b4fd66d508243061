/**
 * Runs SPIN on a Promela model, when SPIN and a C compiler are installed (Debian: `apt-get
 * install spin`): `spin -a`, then `pan.c` compiled for a safety check without SPIN's
 * partial-order reduction (`-DSAFETY -DNOREDUCE`: exact states, as `--exact --no-por`), then
 * the search. Returns what `pan` reports, or undefined when SPIN cannot run here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SpinResult {
  readonly errors: number;
  readonly states: number;
  readonly transitions: number;
  /** The search's own time, as `pan` prints it (compiling is not counted). */
  readonly seconds: number;
  /** `pan`'s "actual memory usage for states": the stored states and their hash table. */
  readonly bytes: number;
}

export function spinAvailable(): boolean {
  try {
    execFileSync('spin', ['-V'], { stdio: 'ignore' });
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function runSpin(promela: string): SpinResult {
  const directory = mkdtempSync(join(tmpdir(), 'interleave-spin-'));
  try {
    writeFileSync(join(directory, 'model.pml'), promela);
    execFileSync('spin', ['-a', 'model.pml'], { cwd: directory, stdio: 'ignore' });
    execFileSync('cc', ['-O2', '-DSAFETY', '-DNOREDUCE', '-DMEMLIM=16000', '-o', 'pan', 'pan.c'], { cwd: directory, stdio: 'ignore' });
    const output = execFileSync('./pan', ['-m20000000'], { cwd: directory, encoding: 'utf8', maxBuffer: 1 << 24 });
    const figure = (pattern: RegExp): number => {
      const match = pattern.exec(output);
      if (!match) throw new Error(`pan printed no ${pattern.source}:\n${output}`);
      return Number(match[1]);
    };
    return {
      errors: figure(/errors: (\d+)/),
      states: figure(/(\d+) states, stored/),
      transitions: figure(/(\d+) transitions \(= stored\+matched\)/),
      seconds: figure(/pan: elapsed time ([\d.e+-]+) seconds/),
      bytes: figure(/([\d.]+)\s+actual memory usage for states/) * 2 ** 20,
    };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
