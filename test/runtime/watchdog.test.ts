/**
 * The watchdog's early deadlock (a wait-for cycle of blocked actors while others can still
 * step) must never fire where the checker proves there is no deadlock: it is checked here on
 * every reachable state of the configurations that pass. And on the deadlock configurations
 * it only ever reports cycles the checker's final deadlock has too.
 */
import { describe, expect, it } from 'vitest';
import philosophers from '../../models/dining-philosophers.ts';
import scsi from '../../models/scsi-target-creation.ts';
import type { AnyModel } from '../../src/model/defineModel.ts';
import { StateViews } from '../../src/system/stateView.ts';
import { applyStep, enabledSteps, initialState, type GlobalState } from '../../src/system/step.ts';
import { Watchdog } from '../../src/runtime/watchdog.ts';
import { checkerViolation, configurationOf } from './helpers.ts';

/** Every cycle the watchdog reports while steps are still enabled, over every reachable state. */
function earlyCycles(model: AnyModel, config: string, set: Record<string, unknown> = {}): { states: number; cycles: Set<string> } {
  const { compiled } = configurationOf(model, config, set);
  const watchdog = new Watchdog(compiled, new StateViews(compiled));
  const trace = { initial: [], steps: [] };
  const seen = new Set<string>();
  const cycles = new Set<string>();
  const queue: GlobalState[] = [initialState(compiled)];
  seen.add(queue[0]!.join(','));
  while (queue.length > 0) {
    const state = queue.pop()!;
    const enabled = enabledSteps(compiled, state);
    const found = watchdog.inspectEnabled(state, enabled, trace);
    if (found && found.kind === 'deadlock' && found.partial) cycles.add(found.diagnosis.cycle.join(' → '));
    for (const step of enabled) {
      const { state: next, violation } = applyStep(compiled, state, step);
      if (violation) continue;
      const key = next.join(',');
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(next);
      }
    }
  }
  return { states: seen.size, cycles };
}

describe('the early cycle watch', () => {
  it.each(['correct', 'correct-aux', 'correct-dma', 'correct-routed'])('never fires in scsi %s (every reachable state)', (config) => {
    const { states, cycles } = earlyCycles(scsi, config);
    expect(states).toBeGreaterThan(700);
    expect([...cycles]).toEqual([]);
  });

  it('never fires on the ordered table (n=3, every reachable state)', () => {
    const { states, cycles } = earlyCycles(philosophers, 'ordered', { n: 3 });
    expect(states).toBe(872);
    expect([...cycles]).toEqual([]);
  });

  it.each(['create-on-default-queue', 'interrupts-on-create-queue', 'aux-queue-not-registered', 'aux-create-routed-through-aux'])(
    'in scsi %s reports only the cycle of the checker deadlock',
    (config) => {
      const { cycles } = earlyCycles(scsi, config);
      const checked = checkerViolation(scsi, config).diagnosis.cycle.join(' → ');
      for (const cycle of cycles) expect(cycle).toBe(checked);
    },
  );
});
