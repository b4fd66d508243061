/**
 * Time for the live runtime. Environment choices and `after` timers are steps of kind
 * `choose` (design.md, semantics 6); the scheduler decides *when* each is due, and a clock
 * waits until then:
 *
 * - {@link RealClock}: waits in real time (`setTimeout`), so an `after: { 1000: … }` timer fires
 *   about a second after its state was entered;
 * - {@link VirtualClock} (`--virtual-time`): jumps straight to the next due time, so runs are
 *   fast, and deterministic for a seed.
 *
 * Both yield to the event loop before every step, so that code outside the run (subscribers,
 * `send` from outside, `stop`) interleaves with it as with any asynchronous runtime.
 */

/** Milliseconds since the run started, and a way to wait for a due time. */
export interface Clock {
  readonly kind: 'real' | 'virtual';
  /** Milliseconds since the run started. */
  now(): number;
  /** Waits until `at` (ms since the start). Resolves `true` when {@link wake} cut the wait short. */
  waitUntil(at: number): Promise<boolean>;
  /** Ends the current wait early: something outside the run changed the state. */
  wake(): void;
}

/** Real time: waits with timers. */
export class RealClock implements Clock {
  readonly kind = 'real';
  private readonly start = performance.now();
  private pending: (() => void) | undefined;

  now(): number {
    return performance.now() - this.start;
  }

  waitUntil(at: number): Promise<boolean> {
    const delay = at - this.now();
    return new Promise((resolve) => {
      // setTimeout(0) waits at least a millisecond in Node: a delivery due now waits only for the event loop.
      const timer = delay <= 0 ? setImmediate(() => done(false)) : setTimeout(() => done(false), delay);
      const done = (woken: boolean) => {
        if (delay <= 0) clearImmediate(timer as NodeJS.Immediate);
        else clearTimeout(timer as NodeJS.Timeout);
        this.pending = undefined;
        resolve(woken);
      };
      this.pending = () => done(true);
    });
  }

  wake(): void {
    this.pending?.();
  }
}

/** Virtual time: each wait jumps the clock to the due time after one turn of the event loop. */
export class VirtualClock implements Clock {
  readonly kind = 'virtual';
  private time = 0;
  private woken = false;

  now(): number {
    return this.time;
  }

  waitUntil(at: number): Promise<boolean> {
    return new Promise((resolve) => {
      setImmediate(() => {
        // Woken while yielding: the state changed, and the due time may no longer hold.
        if (this.woken) {
          this.woken = false;
          resolve(true);
          return;
        }
        this.time = Math.max(this.time, at);
        resolve(false);
      });
    });
  }

  wake(): void {
    this.woken = true;
  }
}

/** The clock for `time`: `'real'` or `'virtual'`. */
export function createClock(time: 'real' | 'virtual'): Clock {
  return time === 'virtual' ? new VirtualClock() : new RealClock();
}
