/**
 * `npm run bench`: states, transitions, seconds, states/s and bytes/state per model, size and
 * option. Each case runs in a fresh process, one after another. Speed is measured here, never
 * by timed assertions in tests. Where SPIN is installed, it runs on the same dining table in
 * Promela (bench/spin) for comparison.
 *
 *   npm run bench                 every case (the largest take minutes)
 *   npm run bench -- --quick      only the cases that take a few seconds
 *   npm run bench -- --only scsi  the cases whose name contains "scsi"
 *   npm run bench -- --only SPIN  SPIN's rows
 */
import { execFileSync } from 'node:child_process';
import { diningPromela } from './spin/diningPhilosophers.ts';
import { runSpin, spinAvailable } from './spin/runSpin.ts';

interface Case {
  name: string;
  file: string;
  config: string;
  args?: string[];
  /** Takes longer than a few seconds. */
  slow?: boolean;
  /** Not interleave but SPIN, on this Promela model (when SPIN is installed). */
  promela?: string;
}

const DINING = 'models/dining-philosophers.ts';
const SCSI = 'models/scsi-target-creation.ts';

const cases: Case[] = [
  // Dining philosophers, safety only (no starvation property), as issue 2 measures them.
  ...[4, 5, 6, 7, 8].flatMap((n) =>
    (['circular', 'ordered'] as const).map((config) => ({
      name: `dining ${config} n=${n}`,
      file: DINING,
      config,
      args: [`n=${n}`, 'starvation=false'],
      slow: n >= 7,
    })),
  ),
  { name: 'dining ordered n=7 exact', file: DINING, config: 'ordered', args: ['n=7', 'starvation=false', '--exact'], slow: true },
  ...[7, 8].map((n) => ({ name: `dining ordered n=${n} 2 workers`, file: DINING, config: 'ordered', args: [`n=${n}`, 'starvation=false', '--workers', '2'], slow: true })),
  // Sleep sets change no count, only the steps followed.
  ...[7, 8].map((n) => ({ name: `dining ordered n=${n} no sleep sets`, file: DINING, config: 'ordered', args: [`n=${n}`, 'starvation=false', '--no-sleep-sets'], slow: true })),
  // Liveness (starvation, on the state graph) next to safety only.
  ...[4, 5, 6].flatMap((n) => [
    { name: `dining ordered n=${n} safety only`, file: DINING, config: 'ordered', args: [`n=${n}`, 'starvation=false', '--exact'], slow: n >= 6 },
    { name: `dining ordered n=${n} + liveness`, file: DINING, config: 'ordered', args: [`n=${n}`], slow: n >= 6 },
  ]),
  // The flagship, with and without reductions.
  ...[1, 2, 3, 4].map((targets) => ({
    name: `scsi correct targets=${targets}`,
    file: SCSI,
    config: 'correct',
    // Four targets may not finish: stop after ten minutes (reported as inconclusive).
    args: [`targets=${targets}`, 'liveness=false', ...(targets === 4 ? ['--max-seconds', '600'] : [])],
    slow: targets >= 3,
  })),
  ...[2, 3].map((targets) => ({
    name: `scsi correct targets=${targets} no reductions`,
    file: SCSI,
    config: 'correct',
    args: [`targets=${targets}`, 'liveness=false', '--no-symmetry', '--no-por'],
    slow: targets >= 3,
  })),
  // Symmetry on workers (partial-order reduction runs on one thread only, and finds no ample set here).
  ...[3, 4].map((targets) => ({
    name: `scsi correct targets=${targets} 2 workers`,
    file: SCSI,
    config: 'correct',
    args: [`targets=${targets}`, 'liveness=false', '--workers', '2', ...(targets === 4 ? ['--max-seconds', '600'] : [])],
    slow: true,
  })),
  { name: 'scsi correct targets=3 no reductions 2 workers', file: SCSI, config: 'correct', args: ['targets=3', 'liveness=false', '--no-symmetry', '--no-por', '--workers', '2'], slow: true },
  // Symmetry and partial-order reduction on the models made to show them.
  ...[5, 6].flatMap((clients) => [
    { name: `lock-server clients=${clients}`, file: 'models/lock-server.ts', config: 'correct', args: [`clients=${clients}`], slow: clients >= 6 },
    { name: `lock-server clients=${clients} no symmetry`, file: 'models/lock-server.ts', config: 'correct', args: [`clients=${clients}`, '--no-symmetry'], slow: clients >= 6 },
  ]),
  ...[4, 6].flatMap((pipelines) => [
    { name: `pipelines n=${pipelines}`, file: 'models/pipelines.ts', config: 'correct', args: [`pipelines=${pipelines}`] },
    { name: `pipelines n=${pipelines} no POR`, file: 'models/pipelines.ts', config: 'correct', args: [`pipelines=${pipelines}`, '--no-por'], slow: pipelines >= 6 },
  ]),
  // SPIN on the same dining table in Promela (bench/spin), next to runs that follow every step as SPIN does.
  ...[5, 6, 7].flatMap((n) => [
    {
      name: `dining ordered n=${n} exact, no reductions`,
      file: DINING,
      config: 'ordered',
      args: [`n=${n}`, 'starvation=false', '--exact', '--no-por', '--no-sleep-sets'],
      slow: n >= 7,
    },
    { name: `dining ordered n=${n} SPIN`, file: DINING, config: 'ordered', promela: diningPromela(n, true), slow: n >= 6 },
  ]),
  ...['correct', 'cancel-while-printing', 'tiny-mailbox', 'reprint'].map((config) => ({ name: `print-spooler ${config}`, file: 'models/print-spooler.ts', config })),
];

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
const selected = cases.filter((c) => (!quick || !c.slow) && (!only || c.name.includes(only)));

const n = (x: number) => x.toLocaleString('en-US');
const header = ['case', 'verdict', 'states', 'transitions', 'seconds', 'states/s', 'bytes/state', 'store, reductions'];
const widths = [46, 10, 12, 13, 8, 10, 11, 0];
const row = (cells: string[]) =>
  cells.map((c, i) => (i === 0 || i === 1 || i === 7 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();

console.log(`node ${process.version}, ${selected.length} cases, one process each`);
console.log(row(header));
const spin = spinAvailable();
if (!spin && selected.some((c) => c.promela)) console.log('(SPIN is not installed, so its rows are left out: apt-get install spin to compare)');
for (const c of selected) {
  if (c.promela) {
    if (!spin) continue;
    const result = runSpin(c.promela);
    const states = result.states - 1; // SPIN also stores the state before init starts the processes
    const perSecond = result.seconds > 0 ? n(Math.round(states / result.seconds)) : '-';
    const verdict = result.errors === 0 ? 'pass' : 'error';
    console.log(row([c.name, verdict, n(states), n(result.transitions - 2), result.seconds.toFixed(2), perSecond, n(Math.round(result.bytes / states)), 'SPIN, exact, -DNOREDUCE']));
    continue;
  }
  const output = execFileSync(process.execPath, ['bin/run-ts.mjs', 'bench/runCase.ts', c.file, c.config, ...(c.args ?? [])], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const result = JSON.parse(output.trim().split('\n').pop()!);
  const s = result.stats;
  const how = [result.store, ...result.reductions, ...(result.workers > 1 ? [`${result.workers} workers`] : [])].join(', ');
  console.log(row([c.name, result.verdict, n(s.states), n(s.transitions), s.seconds.toFixed(2), n(s.statesPerSecond), n(s.bytesPerState), how]));
}
