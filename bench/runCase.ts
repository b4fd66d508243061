/**
 * One benchmark case in its own process (so that cases do not share JIT state or heap):
 * `node bin/run-ts.mjs bench/runCase.ts <model file> <config> [key=value ...]`.
 * Prints one JSON line: the verdict and the statistics of the run.
 */
import { checkConfiguration } from '../src/model/checkModel.ts';
import { loadModel } from '../src/model/loadModel.ts';

const [file, config, ...pairs] = process.argv.slice(2);
const set = Object.fromEntries(pairs.map((p) => p.split('=', 2) as [string, string]));
const model = await loadModel(file!);
const run = checkConfiguration(model, config!, { set });
const { verdict, stats, store, reductions } = run.result;
console.log(JSON.stringify({ verdict: verdict.kind, asExpected: run.asExpected, stats, store, reductions }));
