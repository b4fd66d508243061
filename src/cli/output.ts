import { formatBytes } from '../checker/memoryLimit.ts';

/** Where a command writes: injectable, so that tests run commands in-process. */
export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  /** A transient progress line on stderr (overwritten in place on a terminal). */
  progress(text: string): void;
  /** Clears the progress line, if one is shown. */
  endProgress(): void;
  readonly isTTY: boolean;
}

/** Prints a progress line about once a second on a terminal, every 10 s otherwise. */
export function progressPrinter(out: Output, label: string) {
  const every = out.isTTY ? 1 : 10;
  let shown = 0;
  return (p: { states: number; transitions: number; depth: number; queue: number; seconds: number }) => {
    if (p.seconds < shown + every) return;
    shown = p.seconds;
    const n = (x: number) => x.toLocaleString('en-US');
    out.progress(
      `${label}: ${n(p.states)} states, ${n(Math.round(p.states / p.seconds))} states/s, depth ${p.depth}, queue ${n(p.queue)}, ${p.seconds.toFixed(0)} s, ${formatBytes(process.memoryUsage.rss())} held`,
    );
  };
}
