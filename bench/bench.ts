/**
 * `npm run bench`: states, transitions, seconds, states/s and bytes/state per model and size.
 * Each case runs in a fresh process, one after another (one core each). Speed is measured
 * here, never by timed assertions in tests.
 *
 *   npm run bench               every case (dining philosophers n = 4..8 takes several minutes)
 *   npm run bench -- --quick    skip the cases that take more than a few seconds
 *   npm run bench -- --only dining   cases whose name contains "dining"
 */
import { execFileSync } from 'node:child_process';

interface Case {
  name: string;
  file: string;
  config: string;
  set?: Record<string, string | number>;
  /** Takes longer than a few seconds. */
  slow?: boolean;
}

const cases: Case[] = [
  ...[4, 5, 6, 7, 8].flatMap((n) =>
    (['circular', 'ordered'] as const).map((config) => ({
      name: `dining-philosophers ${config} n=${n}`,
      file: 'models/dining-philosophers.ts',
      config,
      set: { n },
      slow: config === 'ordered' && n >= 7,
    })),
  ),
  ...['correct', 'cancel-while-printing', 'tiny-mailbox', 'reprint'].map((config) => ({
    name: `print-spooler ${config}`,
    file: 'models/print-spooler.ts',
    config,
  })),
];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const selected = cases.filter((c) => (!quick || !c.slow) && (!only || c.name.includes(only)));

const n = (x: number) => x.toLocaleString('en-US');
const header = ['case', 'verdict', 'states', 'transitions', 'seconds', 'states/s', 'bytes/state', 'store'];
const widths = [34, 12, 12, 13, 8, 10, 11, 0];
const row = (cells: string[]) =>
  cells.map((c, i) => (i === 0 || i === 1 || i === 7 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();

console.log(`node ${process.version}, ${selected.length} cases, one process each`);
console.log(row(header));
for (const c of selected) {
  const pairs = Object.entries(c.set ?? {}).map(([k, v]) => `${k}=${v}`);
  const output = execFileSync(process.execPath, ['bin/run-ts.mjs', 'bench/runCase.ts', c.file, c.config, ...pairs], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const result = JSON.parse(output.trim().split('\n').pop()!);
  const s = result.stats;
  console.log(
    row([c.name, result.verdict, n(s.states), n(s.transitions), s.seconds.toFixed(2), n(s.statesPerSecond), n(s.bytesPerState), [result.store, ...result.reductions].join('+')]),
  );
}
