/** The test-suite helpers of `interleave/testing`: they pass and fail as they should, with readable messages. */
import { describe, expect, it } from 'vitest';
import { expectModel, ModelExpectationError } from 'interleave/testing';
import philosophers from '../../models/dining-philosophers.ts';
import spooler from '../../models/print-spooler.ts';

/** The error a failing matcher rejects with. */
async function failure(promise: Promise<unknown>): Promise<ModelExpectationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ModelExpectationError)) throw new Error(`expected a ModelExpectationError, got ${String(error)}`);
  return error;
}

describe('expectModel', () => {
  it('passes for the verdict found, and resolves to the run', async () => {
    const run = await expectModel(spooler).config('correct').toHoldAll();
    expect(run.result.stats.states).toBe(60);
    await expectModel(philosophers).config('circular', { set: { n: 3 } }).toDeadlock();
    await expectModel(spooler).config('cancel-while-printing').toBeUnhandled();
    await expectModel(spooler).config('tiny-mailbox').toOverflow();
    await expectModel(spooler).config('reprint').toViolate('eachJobPrintedOnce');
    await expectModel(philosophers).config('ordered-unfair', { set: { n: 3 } }).toViolate('hungryEats');
    for (const config of Object.keys(spooler.configurations)) await expectModel(spooler).config(config).toBeExpected();
  });

  it('reaches a reachable property, and says so when it cannot', async () => {
    const run = await expectModel(spooler).config('correct').toReach('aJobIsPrinted');
    expect(run.result.examples!.aJobIsPrinted!.steps.length).toBeGreaterThan(0);
    await expectModel('test/fixtures/systems/lampScenarios.ts').config('smokes').toViolate('smokes');
    const error = await failure(expectModel('test/fixtures/systems/lampScenarios.ts').config('smokes').toReach('smokes'));
    expect(error.message.split('\n')[0]).toBe("expected lamp-scenarios / smokes (smoke=true) to reach 'smokes', but found no reachable state that satisfies 'smokes'");
  });

  it('loads a model from its file', async () => {
    await expectModel('models/print-spooler.ts').config('correct').toHoldAll();
  });

  it('fails an expected pass with the verdict found, the trace and the diagnosis', async () => {
    const error = await failure(expectModel(philosophers).config('circular', { set: { n: 2 } }).toHoldAll());
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('expected dining-philosophers / circular (n=2 ordered=false starvation=true) to hold every property, but found a deadlock');
    expect(lines[2]).toBe('✗ deadlock: dining-philosophers / circular (n=2 ordered=false starvation=true) (as expected)');
    expect(error.message).toContain('Trace (6 steps, shortest):\n   0  fork0  starts in free');
    expect(error.message.replace(/\s+/g, ' ')).toContain('Wait-for cycle: fork0 → phil0 → fork1 → phil1 → fork0.');
    expect(error.run.result.verdict.kind).toBe('deadlock');
  });

  it('fails an expected deadlock that passes, and tells one violation from another', async () => {
    const passing = await failure(expectModel(philosophers).config('ordered', { set: { n: 2 } }).toDeadlock());
    expect(passing.message.split('\n')[0]).toMatch(/^expected dining-philosophers \/ ordered \(n=2 ordered=true starvation=true\) to deadlock, but every property holds in all [\d,]+ states$/);
    const invariant = await failure(expectModel(spooler).config('reprint').toDeadlock());
    expect(invariant.message.split('\n')[0]).toBe("expected print-spooler / reprint (jobs=2 mayCancel=false capacity=3 reprint=true) to deadlock, but found an invariant violation of 'eachJobPrintedOnce'");
    const liveness = await failure(expectModel(philosophers).config('ordered-unfair', { set: { n: 3 } }).toHoldAll());
    expect(liveness.message.split('\n')[0]).toContain(`but found a liveness violation of 'hungryEats' for "phil0"`);
    expect(liveness.message).toContain('┌─ cycle: the steps below repeat forever');
    const other = await failure(expectModel(spooler).config('reprint').toViolate('somethingElse'));
    expect(other.message.split('\n')[0]).toContain("to violate 'somethingElse', but found an invariant violation of 'eachJobPrintedOnce'");
    const unhandled = await failure(expectModel(spooler).config('tiny-mailbox').toBeUnhandled());
    expect(unhandled.message.split('\n')[0]).toContain('to have an unhandled message, but found a mailbox overflow');
    expect((await failure(expectModel(spooler).config('correct').toOverflow())).message).toContain('to overflow a mailbox, but every property holds');
  });

  it('toBeExpected fails when the parameters change the verdict', async () => {
    const error = await failure(expectModel(spooler).config('reprint', { set: { reprint: false } }).toBeExpected());
    expect(error.message.split('\n')[0]).toBe(
      "expected print-spooler / reprint (jobs=2 mayCancel=false capacity=3 reprint=false) to find invariant 'eachJobPrintedOnce' (its expect), but every property holds in all 60 states",
    );
  });

  it('never passes an inconclusive run', async () => {
    const error = await failure(expectModel(philosophers).config('ordered', { maxStates: 10 }).toHoldAll());
    expect(error.message.split('\n')[0]).toBe('expected dining-philosophers / ordered (n=5 ordered=true starvation=true) to hold every property, but the run was inconclusive (max-states): nothing is proven');
    expect(error.message).toContain('? inconclusive: dining-philosophers / ordered');
  });

  it('checks once per config(), however many matchers are asked', async () => {
    const expectation = expectModel(spooler).config('correct');
    const [a, b] = await Promise.all([expectation.toHoldAll(), expectation.run()]);
    expect(a).toBe(b);
  });

  it('reports an unknown configuration as the model error it is', async () => {
    await expect(expectModel(spooler).config('nope').toHoldAll()).rejects.toThrow("model 'print-spooler' has no configuration 'nope' (configurations: correct, cancel-while-printing, tiny-mailbox, reprint)");
  });
});
