/**
 * Stopping before memory runs out (SPIN's -DMEMLIM). A state space too big for the machine
 * should end as an `inconclusive` verdict that says how far the search got, not as the
 * operating system killing the process or V8 aborting with a native stack trace. Two bounds:
 * the process's resident memory (`--max-memory`, by default three quarters of the machine's or
 * the container's memory), and V8's heap, which holds the memo tables and has a limit of its
 * own (about 4 GiB unless raised with `--max-old-space-size`). A table the system refuses to
 * grow (a sudden doubling can ask more than is left) ends the run the same way.
 */
import { totalmem } from 'node:os';
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

/** Which bound a run reached, and the figures to report. */
export interface MemoryExceeded {
  /**
   * The process's resident memory, this thread's heap, a parallel-search worker's heap, or
   * the system refusing an allocation (a table's growth).
   */
  readonly bound: 'process' | 'heap' | 'worker-heap' | 'allocation';
  readonly used: number;
  readonly limit: number;
}

/** The share of V8's old-generation limit at which the search stops: past it, V8 collects without end, then aborts. */
const HEAP_SHARE = 0.85;
/**
 * V8's heap limit counts the young generation (three semi-spaces of 16 MiB on 64-bit Node 20)
 * besides the old generation, which is what `--max-old-space-size` sets and what runs out.
 */
const YOUNG_GENERATION = 3 * 16 * 2 ** 20;
const YOUNG_SPACES = new Set(['new_space', 'new_large_object_space']);
/** How often the search looks, at most: reading the resident size costs about 13 µs. */
export const MEMORY_CHECK_MS = 100;

/** The default `--max-memory`: three quarters of the memory this process may use. */
export function defaultMaxMemory(): number {
  const constrained = process.constrainedMemory?.() ?? 0;
  const available = constrained > 0 ? Math.min(constrained, totalmem()) : totalmem();
  return Math.floor(available * 0.75);
}

/** The bound this process has reached, if any. */
export function memoryExceeded(maxMemory: number): MemoryExceeded | undefined {
  const resident = process.memoryUsage.rss();
  if (resident > maxMemory) return { bound: 'process', used: resident, limit: maxMemory };
  return heapExceeded();
}

/** This thread's heap, if it is nearly full (each worker has a heap of its own). */
export function heapExceeded(): MemoryExceeded | undefined {
  const limit = oldGenerationLimit();
  let used = 0;
  for (const space of getHeapSpaceStatistics()) if (!YOUNG_SPACES.has(space.space_name)) used += space.space_used_size;
  return used > limit * HEAP_SHARE ? { bound: 'heap', used, limit } : undefined;
}

/** A worker's heap held `used` bytes when it stopped (its limit is this thread's: V8's flags apply to every thread). */
export function workerHeapFull(used: number): MemoryExceeded {
  const limit = oldGenerationLimit();
  return { bound: 'worker-heap', used: Math.min(used, limit), limit };
}

/** Whether `error` is the system refusing memory to an ArrayBuffer (V8 throws a RangeError). */
export function isAllocationFailure(error: unknown): error is RangeError {
  return error instanceof RangeError && error.message.includes('Array buffer allocation failed');
}

/** An allocation was refused while the process held what it holds now. */
export function allocationFailed(): MemoryExceeded {
  return { bound: 'allocation', used: process.memoryUsage.rss(), limit: 0 };
}

function oldGenerationLimit(): number {
  const limit = getHeapStatistics().heap_size_limit;
  return Math.max(limit / 2, limit - YOUNG_GENERATION);
}

/** Says which bound stopped the run, in the words of the inconclusive verdict ("Stopped by …"). */
export function describeMemoryLimit({ bound, used, limit }: MemoryExceeded): string {
  if (bound === 'allocation') return `the memory the system gives (it refused to allocate more while the process held ${formatBytes(used)})`;
  if (bound === 'process') return `the memory limit (--max-memory ${formatBytes(limit)}; the process held ${formatBytes(used)})`;
  const raise = `raise it with NODE_OPTIONS=--max-old-space-size=${Math.ceil((limit * 2) / 2 ** 20)}`; // MiB, as the flag takes it
  if (bound === 'worker-heap') return `the JavaScript heap limit (a worker held ${formatBytes(used)} of ${formatBytes(limit)}; ${raise})`;
  return `the JavaScript heap limit (${formatBytes(used)} of ${formatBytes(limit)} in use; ${raise})`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 30) return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  return `${Math.max(1, Math.round(bytes / 2 ** 20))} MiB`;
}

/**
 * Reads a size as `--max-memory` takes it: a number of MiB, or a number with a unit K, M or G
 * (powers of 1024; "G", "GB" and "GiB" alike). Returns bytes, or undefined if it is no size.
 */
export function parseSize(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*(?:([KMG])(?:i?B)?)?$/i.exec(text.trim());
  if (!match) return undefined;
  const unit = { K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 }[(match[2] ?? 'M').toUpperCase() as 'K' | 'M' | 'G'];
  const bytes = Math.round(Number(match[1]) * unit);
  return bytes > 0 ? bytes : undefined;
}
