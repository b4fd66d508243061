// The entry of a parallel-search worker thread: registers tsx, so that the worker (and the
// user's model file it loads) can be TypeScript, then runs the worker. If the worker cannot
// even load, the error is left in shared memory, where the main thread (asleep in
// Atomics.wait, reading no messages) looks for it.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
try {
  await import('./worker.ts');
} catch (error) {
  const { index, errors, reports, control } = workerData;
  const message = new TextEncoder().encode(`worker ${index} failed to start: ${error?.message ?? error}`);
  new Uint8Array(errors, index * 4096, 4096).set(message.subarray(0, 4096));
  new Float64Array(reports, index * 104, 13)[9] = Math.min(message.length, 4096); // REPORT_WORDS 13, ERROR 9
  const done = new Int32Array(control);
  Atomics.add(done, 1, 1); // DONE
  Atomics.notify(done, 1);
}
