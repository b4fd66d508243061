/**
 * A state space too big for the machine ends as `inconclusive` (exit 3) with how far the search
 * got — by `--max-memory`, or before V8's heap runs out — never with a native stack trace.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/index.ts';
import { describeMemoryLimit, parseSize } from '../../src/checker/memoryLimit.ts';
import lockServer from '../../models/lock-server.ts';
import { resolveParameters } from '../../src/model/checkModel.ts';
import { runCli } from '../helpers/cli.ts';
import { breadthFirstSearch } from '../../src/checker/search.ts';
import { ExactStore } from '../../src/checker/store/exactStore.ts';
import { compileSystem } from '../../src/system/step.ts';

/** A store the system refuses memory to once it holds `limit` states, as V8 reports it. */
class RefusedStore extends ExactStore {
  constructor(
    width: number,
    private readonly limit: number,
    private readonly error: Error,
  ) {
    super(width);
  }
  override commit(k: number): number {
    if (this.size >= this.limit) throw this.error;
    return super.commit(k);
  }
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ');
const STOPPED = 'after [\\d,]+ states and [\\d,]+ transitions, to depth \\d+, in [\\d.]+ s; [\\d,]+ states were not expanded\\. Nothing is proven\\.';

describe('the memory limit', () => {
  it('--max-memory ends a run as inconclusive, saying what the process held', async () => {
    const run = await runCli('check', 'models/lock-server.ts', '--config', 'correct', '--set', 'clients=5', '--no-symmetry', '--max-memory', '1M');
    expect(run.code).toBe(3);
    expect(run.stdout).toContain('? inconclusive: lock-server / correct');
    expect(oneLine(run.stdout)).toMatch(new RegExp(`Stopped by the memory limit \\(--max-memory 1 MiB; the process held (\\d+ MiB|\\d+\\.\\d GiB)\\) ${STOPPED}`));
  });

  it('names the limit in JSON, for tools: reason max-memory', async () => {
    const run = await runCli('check', 'models/lock-server.ts', '--config', 'correct', '--set', 'clients=5', '--no-symmetry', '--max-memory', '1M', '--json');
    expect(run.code).toBe(3);
    const document = JSON.parse(run.stdout);
    expect([document.verdict, document.reason]).toEqual(['inconclusive', 'max-memory']);
    expect(document.message).toMatch(/^Stopped by the memory limit \(--max-memory 1 MiB; the process held (\d+ MiB|\d+\.\d GiB)\)/);
  });

  it('stops parallel search too, at the end of a level', async () => {
    const run = await runCli('check', 'models/dining-philosophers.ts', '--config', 'ordered', '--set', 'n=4', '--set', 'starvation=false', '--workers', '2', '--max-memory', '1M');
    expect(run.stdout).not.toContain('searched on one thread');
    expect(run.code).toBe(3);
    expect(oneLine(run.stdout)).toMatch(new RegExp(`Stopped by the memory limit \\(--max-memory 1 MiB; the process held (\\d+ MiB|\\d+\\.\\d GiB)\\) ${STOPPED}`));
  });

  it('is a limit of the API (maxMemory, in bytes), with its own reason', () => {
    const system = lockServer.system(resolveParameters(lockServer, 'correct', { clients: 5 }));
    const result = check(system, { maxMemory: 1 });
    expect(result.verdict.kind).toBe('inconclusive');
    if (result.verdict.kind === 'inconclusive') expect(result.verdict.reason).toBe('max-memory');
    expect(check(system).verdict.kind).toBe('pass');
  });

  /** Checks SCSI with 4 targets and no symmetry, which fills 64 MiB of heap in seconds, with that heap. */
  const withSmallHeap = (...options: string[]) =>
    spawnSync(
      process.execPath,
      ['bin/interleave.mjs', 'check', 'models/scsi-target-creation.ts', '--config', 'correct', '--set', 'targets=4', '--set', 'liveness=false', '--no-symmetry', ...options],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '--max-old-space-size=64' } },
    );

  it("stops before V8's heap runs out, and says how to raise it", () => {
    const run = withSmallHeap();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
    expect(oneLine(run.stdout)).toMatch(
      new RegExp(`Stopped by the JavaScript heap limit \\(\\d+ MiB of 64 MiB in use; raise it with NODE_OPTIONS=--max-old-space-size=128\\) ${STOPPED}`),
    );
  });

  it("ends parallel search as inconclusive too when a worker's heap nears its limit, before V8 stops the worker", () => {
    const run = withSmallHeap('--workers', '2', '--no-por');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(3);
    const stopped = new RegExp(`Stopped by the JavaScript heap limit \\(a worker held (\\d+) MiB of 64 MiB; raise it with NODE_OPTIONS=--max-old-space-size=128\\) ${STOPPED}`);
    expect(oneLine(run.stdout)).toMatch(stopped);
    expect(Number(stopped.exec(oneLine(run.stdout))![1])).toBeLessThan(64);
  });

  it('ends as the memory limit when the system refuses a table more memory, not as an internal error', () => {
    const compiled = compileSystem(lockServer.system(resolveParameters(lockServer, 'correct', { clients: 5 })));
    const limits = { maxStates: Infinity, maxSeconds: Infinity, maxLocalStates: Infinity, maxMemory: Infinity };
    const refused = new RefusedStore(compiled.width, 100, new RangeError('Array buffer allocation failed'));
    const outcome = breadthFirstSearch(compiled, refused, [], { limits });
    expect(outcome.finding).toMatchObject({ kind: 'limit', reason: 'max-memory', memory: { bound: 'allocation' } });
    expect([outcome.states, outcome.explored]).toEqual([100, false]);
    if (outcome.finding.kind !== 'limit') throw new Error('expected a limit');
    expect(describeMemoryLimit(outcome.finding.memory!)).toMatch(/^the memory the system gives \(it refused to allocate more while the process held (\d+ MiB|\d+\.\d GiB)\)$/);
    // Any other error is a bug, and stays one.
    const broken = new RefusedStore(compiled.width, 100, new RangeError('Invalid typed array length: -1'));
    expect(() => breadthFirstSearch(compiled, broken, [], { limits })).toThrow('Invalid typed array length: -1');
  });

  it.each([
    ['4G', 4 * 2 ** 30],
    ['4GB', 4 * 2 ** 30],
    ['4 GiB', 4 * 2 ** 30],
    ['1.5g', 1.5 * 2 ** 30],
    ['512M', 512 * 2 ** 20],
    ['2048', 2048 * 2 ** 20],
    ['64k', 64 * 2 ** 10],
  ])('reads the size %s', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['lots', '4T', '-1G', '0', 'G', '4 G B'])('refuses the size %j: exit 2', async (text) => {
    expect(parseSize(text)).toBeUndefined();
    const run = await runCli('check', 'models/lock-server.ts', '--config', 'correct', '--max-memory', text);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: --max-memory needs a size such as 4G, 512M or 2048 (MiB), got '${text}'\nRun 'interleave help' for usage.`);
  });
});
