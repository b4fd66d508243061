/** The progress line of a long check: how far it got, how fast, and the memory it holds (against --max-memory). */
import { expect, it } from 'vitest';
import { progressPrinter, type Output } from '../../src/cli/output.ts';

it('prints states, speed, depth, queue, time and the memory held, every 10 s when not on a terminal', () => {
  const lines: string[] = [];
  const out: Output = { stdout: () => {}, stderr: () => {}, progress: (text) => lines.push(text), endProgress: () => {}, isTTY: false };
  const print = progressPrinter(out, 'dining/ordered');
  const at = (seconds: number) => print({ states: 1_234_567 * seconds, transitions: 0, depth: 17, queue: 4_321, seconds });
  at(5);
  at(10);
  at(15);
  at(20);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^dining\/ordered: 12,345,670 states, 1,234,567 states\/s, depth 17, queue 4,321, 10 s, (\d+ MiB|\d+\.\d GiB) held$/);
  expect(lines[1]).toMatch(/^dining\/ordered: 24,691,340 states, 1,234,567 states\/s, depth 17, queue 4,321, 20 s, (\d+ MiB|\d+\.\d GiB) held$/);
});
