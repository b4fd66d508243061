// Starts the parallel search's workers and watches them. The main thread waits for them in
// Atomics.wait and so hears no 'error' or 'exit' event: a worker that dies (out of memory,
// process.exit in a model) would leave it waiting for ever. This thread's event loop is free:
// when a worker dies, it leaves the reason where the main thread looks for a worker's error
// (as workerEntry.mjs does when a worker cannot load), and counts the worker as done. It stops
// the other workers too: one may wait for ever on a lock the dead one held (the registry's),
// and the search ends at this level anyway.
import { Worker, workerData } from 'node:worker_threads';

const { entry, starts } = workerData;
const ERROR_BYTES = 4096; // protocol.ts ERROR_BYTES
const REPORT_WORDS = 13; // protocol.ts REPORT_WORDS
const ERROR = 9; // protocol.ts ERROR
const OUT_OF_MEMORY = 12; // protocol.ts OUT_OF_MEMORY
const DONE = 1; // protocol.ts DONE

const workers = [];
/** Whether a worker died: the others are being stopped, and their exits are no errors. */
let stopping = false;

for (const start of starts) {
  const worker = new Worker(new URL(entry), { workerData: start });
  workers.push(worker);
  let counted = false;
  const countDone = () => {
    if (counted) return;
    counted = true;
    const control = new Int32Array(start.control);
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  };
  const fail = (reason) => {
    if (counted) return;
    const message = new TextEncoder().encode(`worker ${start.index} stopped: ${reason}`);
    new Uint8Array(start.errors, start.index * ERROR_BYTES, ERROR_BYTES).set(message.subarray(0, ERROR_BYTES));
    new Float64Array(start.reports, start.index * REPORT_WORDS * 8, REPORT_WORDS)[ERROR] = Math.min(message.length, ERROR_BYTES);
    countDone();
    if (stopping) return;
    stopping = true;
    for (const other of workers) if (other !== worker) void other.terminate();
  };
  worker.on('error', (error) => {
    // A full heap is a limit of the run, not an error of the model: the search ends inconclusive.
    if (error?.code === 'ERR_WORKER_OUT_OF_MEMORY') new Float64Array(start.reports, start.index * REPORT_WORDS * 8, REPORT_WORDS)[OUT_OF_MEMORY] = Infinity;
    fail(error?.message ?? String(error));
  });
  // A worker leaves with 0 once the main thread says stop; any other code is a death, unless
  // this thread stopped it.
  worker.on('exit', (code) => {
    if (code === 0) return;
    if (stopping) countDone();
    else fail(`it exited with code ${code}`);
  });
}
