/**
 * One benchmark case in its own process (so that cases do not share JIT state or heap):
 * `node bin/run-ts.mjs bench/runCase.ts <model file> <config> [key=value ...] [--exact]
 * [--workers N] [--no-symmetry] [--no-por] [--no-sleep-sets] [--max-seconds S]`. Prints one JSON line: the verdict and statistics.
 */
import { checkConfiguration } from '../src/model/checkModel.ts';
import { loadModel } from '../src/model/loadModel.ts';

const [file, config, ...rest] = process.argv.slice(2);
const set: Record<string, string> = {};
const options: { store?: 'exact'; workers?: number; symmetry?: false; partialOrder?: false; sleepSets?: false; maxSeconds?: number } = {};
for (let i = 0; i < rest.length; i++) {
  const arg = rest[i]!;
  if (arg === '--exact') options.store = 'exact';
  else if (arg === '--workers') options.workers = Number(rest[++i]);
  else if (arg === '--no-symmetry') options.symmetry = false;
  else if (arg === '--no-por') options.partialOrder = false;
  else if (arg === '--no-sleep-sets') options.sleepSets = false;
  else if (arg === '--max-seconds') options.maxSeconds = Number(rest[++i]);
  else {
    const [key, value] = arg.split('=', 2) as [string, string];
    set[key] = value;
  }
}
const model = await loadModel(file!);
const run = checkConfiguration(model, config!, { set, ...options });
const { verdict, stats, store, reductions, workers } = run.result;
console.log(JSON.stringify({ verdict: verdict.kind, asExpected: run.asExpected, stats, store, reductions, workers: workers ?? 1 }));
