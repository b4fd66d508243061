/**
 * The SCSIControllerDriverKit model (models/scsi-target-creation.ts, research/driverkit-scsi.md
 * §1–3, §8): every configuration's verdict as the checker finds it, the diagnoses in the
 * model's terms (the wait-for cycle, the dropped completion, the completion left in the ring),
 * the probe order of a complete run, the liveness properties (the NOT READY retry lasso), and
 * the size of the state space — cross-checked against the independent reference explorer.
 */
import { describe, expect, it } from 'vitest';
import {
  applyStep,
  check,
  checkConfiguration,
  compileSystem,
  describeState,
  enabledSteps,
  initialState,
  isValidEnd,
  type GlobalState,
  type Verdict,
  type Violation,
} from '../../src/index.ts';
import { resolveParameters } from '../../src/model/checkModel.ts';
import model from '../../models/scsi-target-creation.ts';
import { exploreReference } from '../helpers/referenceExplorer.ts';
import { runCli } from '../helpers/cli.ts';

type CompiledSystem = ReturnType<typeof compileSystem>;

function systemOf(config: string, set: Record<string, unknown> = {}) {
  return model.system(resolveParameters(model, config, set));
}

/** Checks a configuration that must end in a violation, and returns the violation. */
function violationOf(config: string, set: Record<string, unknown> = {}): Violation {
  const { result } = checkConfiguration(model, config, { set });
  if (!('trace' in result.verdict)) throw new Error(`${config}: no violation (${result.verdict.kind})`);
  return result.verdict;
}

/** Replays a violation's trace from the initial state and returns the last global state. */
function replay(compiled: CompiledSystem, violation: Violation): GlobalState {
  let state = initialState(compiled);
  for (const step of violation.trace.steps) state = applyStep(compiled, state, step.index).state;
  return state;
}

/** The driver log (`text - source`) of a violation's trace. */
function driverLog(violation: Violation): string[] {
  return violation.trace.steps.flatMap((step) => step.logs.map((line) => `${line.text} - ${line.source}`));
}

/** Runs the system taking the first enabled step each time, until no step is enabled. */
function firstStepRun(config: string, set: Record<string, unknown> = {}) {
  const compiled = compileSystem(systemOf(config, set));
  let state = initialState(compiled);
  const log: string[] = [];
  for (let steps = enabledSteps(compiled, state); steps.length > 0; steps = enabledSteps(compiled, state)) {
    const result = applyStep(compiled, state, steps[0]!);
    expect(result.violation).toBeUndefined();
    log.push(...result.logs.map((line) => `${line.text} - ${line.source}`));
    state = result.state;
  }
  return { compiled, state, log };
}

describe('every configuration finds its verdict (1 target)', () => {
  const expected: Record<string, string> = {
    correct: 'pass',
    'correct-aux': 'pass',
    'correct-dma': 'pass',
    'correct-routed': 'pass',
    'create-on-default-queue': 'deadlock',
    'missing-response-version': 'deadlock',
    'inquiry-without-data-buffer': 'invariant targetsHaveInquiryData',
    'interrupts-on-create-queue': 'deadlock',
    'aux-queue-not-registered': 'deadlock',
    'aux-create-routed-through-aux': 'deadlock',
    'double-completion': 'invariant completedOnce',
    'wrong-task-identifier': 'deadlock',
    'highest-id-too-low': 'invariant targetsHaveInquiryData',
    'stop-waits-for-create': 'deadlock',
    'stop-async': 'pass',
    'no-ring-recheck': 'deadlock',
    'retry-forever-on-not-ready': 'liveness everyTaskCompletes',
    'hot-unplug': 'pass',
    'retry-bounded': 'pass',
  };

  it('declares exactly these configurations', () => {
    expect(Object.keys(model.configurations).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s → %s', (config, verdict) => {
    const run = checkConfiguration(model, config);
    const { verdict: found } = run.result;
    expect(found.kind === 'invariant' || found.kind === 'liveness' ? `${found.kind} ${found.property}` : found.kind).toBe(verdict);
    expect(run.asExpected).toBe(true);
  });

  it('interleave check --all reproduces the table, each configuration as expected', async () => {
    const { code, stdout } = await runCli('check', 'models/scsi-target-creation.ts', '--all', '--json');
    expect(code).toBe(1); // violations were found (as expected)
    const documents = JSON.parse(stdout) as { config: string; verdict: string; asExpected: boolean; item?: unknown; fairness?: string; trace?: { cycleStart?: number } }[];
    expect(documents.map((d) => [d.config, d.asExpected])).toEqual(Object.keys(expected).map((config) => [config, true]));
    expect(documents.find((d) => d.config === 'retry-forever-on-not-ready')).toMatchObject({
      verdict: 'liveness',
      item: { target: 0, command: 'TEST UNIT READY' },
      fairness: 'weak',
      trace: { cycleStart: 48 },
    });
  });
});

describe('create-on-default-queue: UserCreateTargetForID called on Default', () => {
  const violation = violationOf('create-on-default-queue');

  it('deadlocks in the wait-for cycle DefaultQueue → kernel → DefaultQueue', () => {
    expect(violation.kind).toBe('deadlock');
    expect(violation.diagnosis.cycle).toEqual(['DefaultQueue', 'kernel', 'DefaultQueue']);
    expect(violation.diagnosis.summary).toContain('Wait-for cycle: DefaultQueue → kernel → DefaultQueue.');
  });

  it('leaves UserInitializeTargetForID deferred in DefaultQueue, blocked in the call', () => {
    const queue = violation.diagnosis.actors.find((a) => a.actor === 'DefaultQueue')!;
    expect(queue).toMatchObject({ state: 'blockedInCall', waitsFor: ['kernel'] });
    expect(queue.mailbox).toEqual([{ event: { type: 'UserInitializeTargetForID', target: 0 }, deferred: true }]);
    expect(violation.diagnosis.actors.find((a) => a.actor === 'kernel')).toMatchObject({ waitsFor: ['DefaultQueue'] });
    expect(violation.diagnosis.summary).toContain('its mailbox holds UserInitializeTargetForID (deferred)');
  });

  it('made the call from UserStartController, on Default', () => {
    expect(driverLog(violation).slice(-2)).toEqual(['UserStartController - DefaultQueue', 'Target device try to create for idx:0 - DefaultQueue']);
  });
});

describe('missing-response-version: the response has version 0', () => {
  const violation = violationOf('missing-response-version');
  const lastDrop = violation.diagnosis.dropped.at(-1)!;

  it('deadlocks after TEST UNIT READY, because the kernel dropped its completion', () => {
    expect(violation.kind).toBe('deadlock');
    expect(lastDrop).toMatchObject({ actor: 'kernel', reason: 'version 0 ≠ 1' });
    expect(lastDrop.event).toMatchObject({ type: 'ParallelTaskCompletion', version: 0, fTargetID: 0, fBytesTransferred: 0 });
    expect(violation.diagnosis.summary).toContain(`kernel dropped ParallelTaskCompletion at step ${lastDrop.step} (version 0 ≠ 1).`);
    const log = driverLog(violation);
    expect(log.filter((line) => line.startsWith('Send command'))).toEqual(['Send command 0 for target 0 len 0 - DefaultQueue']);
    expect(log).toContain('Complete command: 0 for target: 0 Len: 0 status: 0 - InterruptQueue');
  });

  it('leaves the create queue blocked in UserCreateTargetForID and the kernel waiting for the completion', () => {
    const { actors } = violation.diagnosis;
    expect(actors.find((a) => a.actor === 'TargetQueue0')).toMatchObject({ state: 'blockedInCall', waitsFor: ['kernel'] });
    expect(actors.find((a) => a.actor === 'kernel')).toMatchObject({ waitsFor: ['dext'] });
    expect(violation.diagnosis.cycle).toEqual([]);
  });
});

describe('no-ring-recheck: the handler does not re-read the ring after unmasking', () => {
  const violation = violationOf('no-ring-recheck');

  it('deadlocks with a completion left in the ring, waiting for an interrupt that never comes', () => {
    expect(violation.kind).toBe('deadlock');
    const dext = violation.diagnosis.actors.find((a) => a.actor === 'dext')!;
    expect(dext).toMatchObject({ state: 'ringHoldsCompletions', waitsFor: ['InterruptQueue'], mailbox: [] });
    expect(violation.diagnosis.summary).toContain('dext is in ringHoldsCompletions, waiting for InterruptQueue');
    // The interrupt queue is idle: nothing will drain the ring.
    expect(violation.diagnosis.actors.map((a) => a.actor)).not.toContain('InterruptQueue');
  });

  it('the entry left in the ring is the INQUIRY that completed while interrupts were masked', () => {
    const compiled = compileSystem(systemOf('no-ring-recheck'));
    const last = describeState(compiled, replay(compiled, violation));
    const dext = last.find((a) => a.actor === 'dext')!.context as { ring: { taskId: number }[]; tasks: ({ opcode: number; length: number } | null)[] };
    expect(dext.ring).toHaveLength(1);
    expect(dext.tasks[dext.ring[0]!.taskId]).toMatchObject({ opcode: 0x12, length: 6 });
    expect(last.find((a) => a.actor === 'hardware')!.context).toMatchObject({ outstanding: [], masked: false });
    expect(driverLog(violation)).toContain('Completion of command 18 posted, no MSI (interrupts masked) - hardware');
  });
});

describe('the other mistakes of §8.8', () => {
  it('double-completion breaks completedOnce: the kernel drops the second completion of a task', () => {
    const violation = violationOf('double-completion');
    expect(violation).toMatchObject({ kind: 'invariant', property: 'completedOnce' });
    const last = violation.trace.steps.at(-1)!;
    expect(last).toMatchObject({ actor: 'kernel', event: { type: 'ParallelTaskCompletion' } });
    expect(last.drops[0]).toMatch(/^task \d+ already completed$/);
  });

  it('inquiry-without-data-buffer fails the probe: INQUIRY completes without data, twice, and the target is not created', () => {
    const violation = violationOf('inquiry-without-data-buffer');
    expect(violation).toMatchObject({ kind: 'invariant', property: 'targetsHaveInquiryData' });
    const log = driverLog(violation);
    expect(log).toContain('INQUIRY (6 bytes) for target 0 failed (attempt 2 of 2) - kernel');
    expect(log.at(-1)).toBe('Probe of target 0 failed: the target is not created - kernel');
    expect(log.filter((line) => line.startsWith('Send command 18'))).toEqual([
      'Send command 18 for target 0 len 6 - DefaultQueue',
      'Send command 18 for target 0 len 6 - DefaultQueue',
    ]);
  });

  it('interrupts-on-create-queue: two queues, and the interrupt waits behind the blocked create', () => {
    const violation = violationOf('interrupts-on-create-queue');
    expect(systemOf('interrupts-on-create-queue').actors.map((a) => a.name)).toEqual(['DefaultQueue', 'AuxiliaryQueue', 'kernel', 'dext', 'hardware']);
    expect(violation.diagnosis.cycle).toEqual(['AuxiliaryQueue', 'kernel', 'dext', 'AuxiliaryQueue']);
    const aux = violation.diagnosis.actors.find((a) => a.actor === 'AuxiliaryQueue')!;
    expect(aux.mailbox).toEqual([{ event: { type: 'InterruptOccurred' }, deferred: true }]);
  });

  it('aux-queue-not-registered: the create handler falls back to Default, and deadlocks there', () => {
    const violation = violationOf('aux-queue-not-registered');
    expect(systemOf('aux-queue-not-registered').actors.map((a) => a.name)).not.toContain('AuxiliaryQueue');
    expect(violation.diagnosis.cycle).toEqual(['DefaultQueue', 'kernel', 'DefaultQueue']);
    expect(driverLog(violation)).toContain('Target device try to create for idx:0 - DefaultQueue');
  });

  it("aux-create-routed-through-aux (§4.1, ASFW's reading): AuxiliaryQueue is blocked in the call the framework routes through it", () => {
    const violation = violationOf('aux-create-routed-through-aux');
    expect(violation.diagnosis.cycle).toEqual(['AuxiliaryQueue', 'kernel', 'AuxiliaryQueue']);
    const aux = violation.diagnosis.actors.find((a) => a.actor === 'AuxiliaryQueue')!;
    expect(aux.mailbox).toEqual([{ event: { type: 'RoutedCreateTargetForID', target: 0 }, deferred: true }]);
  });
});

describe('a complete run of correct', () => {
  it('probes TUR(0) → INQUIRY(6) → INQUIRY(44) → INQUIRY(36), then creates the target, and ends in a valid end state', () => {
    const { compiled, state, log } = firstStepRun('correct');
    expect(isValidEnd(compiled, state)).toBe(true);
    const probe = log.filter((line) => /^(Send command|Complete command|Target device created)/.test(line));
    expect(probe).toEqual([
      'Send command 0 for target 0 len 0 - DefaultQueue',
      'Complete command: 0 for target: 0 Len: 0 status: 0 - InterruptQueue',
      'Send command 18 for target 0 len 6 - DefaultQueue',
      'Complete command: 18 for target: 0 Len: 6 status: 0 - InterruptQueue',
      'Send command 18 for target 0 len 44 - DefaultQueue',
      'Complete command: 18 for target: 0 Len: 44 status: 0 - InterruptQueue',
      'Send command 18 for target 0 len 36 - DefaultQueue',
      'Complete command: 18 for target: 0 Len: 36 status: 0 - InterruptQueue',
      'Target device created for idx:0 - TargetQueue0',
    ]);
  });

  it('calls back on Default in the order the Q&A observed: AutoSense → InitializeTarget → MultiPathing → TEST UNIT READY', () => {
    const { log } = firstStepRun('correct');
    const order = ['UserDoesHBAPerformAutoSense - DefaultQueue', 'UserInitializeTargetForID 0 - DefaultQueue', 'UserDoesHBASupportMultiPathing - DefaultQueue', 'Send command 0 for target 0 len 0 - DefaultQueue'];
    expect(order.map((line) => log.indexOf(line))).toEqual([...order.map((line) => log.indexOf(line))].sort((a, b) => a - b));
    expect(order.every((line) => log.includes(line))).toBe(true);
  });

  it('everyTargetCreated is reached: its example is a whole probe, ending as the kernel creates the target', () => {
    const { result } = checkConfiguration(model, 'correct', { set: { liveness: false } });
    expect(result.verdict.kind).toBe('pass');
    const example = result.examples!.everyTargetCreated!;
    const log = example.steps.flatMap((step) => step.logs.map((l) => `${l.text} - ${l.source}`));
    expect(log.filter((line) => line.startsWith('Complete command'))).toHaveLength(4); // TUR and three INQUIRYs
    expect(example.steps.at(-1)!.actor).toBe('kernel'); // the last completion accepted: the probe succeeds
    expect(log).not.toContain('Target device created for idx:0 - TargetQueue0'); // the shortest: before the create even returns
  });

  it('with 2 targets, creates both, each probed in order', () => {
    const { compiled, state, log } = firstStepRun('correct', { targets: 2 });
    expect(isValidEnd(compiled, state)).toBe(true);
    for (const target of [0, 1]) {
      expect(log.filter((line) => line.startsWith('Send command') && line.includes(`for target ${target} `))).toEqual(
        [[0, 0], [18, 6], [18, 44], [18, 36]].map(([opcode, length]) => `Send command ${opcode} for target ${target} len ${length} - DefaultQueue`),
      );
      expect(log).toContain(`Target device created for idx:${target} - TargetQueue${target}`);
    }
  });
});

describe('state space of correct', () => {
  it('1 target: 814 states and 1,595 transitions, as the reference explorer counts them', () => {
    const system = systemOf('correct');
    const engine = check(system, { exhaustive: true, store: 'exact' });
    expect(engine.verdict.kind).toBe('pass');
    expect({ states: engine.stats.states, transitions: engine.stats.transitions, depth: engine.stats.depth }).toEqual({ states: 814, transitions: 1595, depth: 110 });
    const reference = exploreReference(system);
    expect({ states: reference.states, transitions: reference.transitions, deadlocks: reference.deadlocks }).toEqual({ states: 814, transitions: 1595, deadlocks: 0 });
  });

  it('2 targets created concurrently: proven safe, 82,539 states; 41,301 up to symmetry', () => {
    const safety = { targets: 2, liveness: false }; // liveness turns symmetry off
    const full = checkConfiguration(model, 'correct', { set: safety, store: 'exact', symmetry: false, partialOrder: false });
    expect(full.result.verdict.kind).toBe('pass');
    expect({ states: full.result.stats.states, transitions: full.result.stats.transitions }).toEqual({ states: 82_539, transitions: 213_686 });
    const reduced = checkConfiguration(model, 'correct', { set: safety, store: 'exact' });
    expect(reduced.result.verdict.kind).toBe('pass');
    expect(reduced.result.reductions).toContain('symmetry (2 elements)');
    expect(reduced.result.stats.states).toBe(41_301);
  });
});

describe('symmetry of targets (machines/scsiSymmetry.ts)', () => {
  it('is declared only where targets are interchangeable', () => {
    const declared = (set: Record<string, unknown>) => model.symmetry!(resolveParameters(model, 'correct', set) as never) !== undefined;
    expect(declared({ targets: 2 })).toBe(true);
    expect(declared({ targets: 1 })).toBe(false);
    expect(declared({ targets: 2, createQueue: 'aux' })).toBe(false); // creates are taken in target order
    expect(declared({ targets: 2, interruptQueue: 'create' })).toBe(false); // TargetQueue0 hosts the interrupt source
    expect(declared({ targets: 3, maxTaskCount: 2 })).toBe(false); // slots no longer follow targets
  });

  it.each(['correct', 'correct-routed', 'missing-response-version', 'inquiry-without-data-buffer', 'double-completion', 'no-ring-recheck'])(
    '%s with 2 targets: the same verdict with and without it',
    (config) => {
      const kind = (symmetry: boolean) => {
        const set = { targets: 2, liveness: false }; // safety only: liveness turns symmetry off
        const { verdict } = checkConfiguration(model, config, { set, ...(symmetry ? {} : { symmetry: false }) }).result;
        return verdict.kind === 'invariant' ? `invariant ${verdict.property}` : verdict.kind;
      };
      expect(kind(true)).toBe(kind(false));
    },
  );
});

describe('switches combine', () => {
  it.each([
    [{ targets: 2, createQueue: 'aux' }, 'pass'], // creates serialize on AuxiliaryQueue
    [{ targets: 2, maxTaskCount: 1 }, 'pass'], // the two probes share one task slot
    [{ interruptQueue: 'default' }, 'pass'], // QLE2560's layout: Default never blocks
    [{ notReady: true }, 'pass'], // CHECK CONDITION / NOT READY still answers TEST UNIT READY
    [{ createQueue: 'default', interruptQueue: 'default' }, 'deadlock'],
  ])('correct with %j → %s', (set, verdict) => {
    expect(checkConfiguration(model, 'correct', { set }).result.verdict.kind).toBe(verdict);
  });

  it('refuses an unknown switch value, naming the parameter and the choices', () => {
    expect(() => systemOf('correct', { createQueue: 'interrupt' })).toThrow("parameter 'createQueue' is one of private, aux, default; got 'interrupt'");
  });
});

/** Runs the system taking, each time, a hardware choice that answers `status` when there is one, else the first enabled step. */
function runAnswering(config: string, status: number, set: Record<string, unknown> = {}) {
  const compiled = compileSystem(systemOf(config, set));
  let state = initialState(compiled);
  const log: string[] = [];
  for (let steps = enabledSteps(compiled, state); steps.length > 0; steps = enabledSteps(compiled, state)) {
    const step = steps.find((s) => s.kind === 'choose' && (s.event as { status?: number }).status === status) ?? steps[0]!;
    const result = applyStep(compiled, state, step);
    expect(result.violation).toBeUndefined();
    log.push(...result.logs.map((line) => `${line.text} - ${line.source}`));
    state = result.state;
  }
  return { compiled, state, log };
}

describe('liveness: every task completes, every create returns', () => {
  const CHECK_CONDITION = 0x02;

  it('states both properties, per task and per target, unless liveness=false', () => {
    const names = (set: Record<string, unknown>) => Object.keys((model.properties as (p: unknown) => object)(resolveParameters(model, 'correct', set)));
    expect(names({})).toEqual(['completedOnce', 'targetsHaveInquiryData', 'everyTargetCreated', 'everyTaskCompletes', 'everyCreateReturns']);
    expect(names({ liveness: false })).toEqual(['completedOnce', 'targetsHaveInquiryData', 'everyTargetCreated']);
  });

  it('correct holds them under weak fairness, on the exact store without reductions', () => {
    const { result } = checkConfiguration(model, 'correct');
    expect(result.verdict.kind).toBe('pass');
    expect({ fairness: result.fairness, store: result.store, reductions: result.reductions }).toEqual({ fairness: 'weak', store: 'exact', reductions: [] });
  });

  it('with liveness=false, every configuration has the same safety verdict, with partial-order reduction on', () => {
    for (const config of Object.keys(model.configurations)) {
      const withLiveness = checkConfiguration(model, config).result;
      const safety = checkConfiguration(model, config, { set: { liveness: false } }).result;
      const verdict = (v: Verdict) => (v.kind === 'liveness' ? 'pass' : 'property' in v ? `${v.kind} ${v.property}` : v.kind);
      expect({ config, verdict: verdict(safety.verdict) }).toEqual({ config, verdict: verdict(withLiveness.verdict) });
      // hot-unplug's targetsHaveInquiryData reads the hardware too: every actor is then visible or sends to one that is.
      const reductions = config === 'hot-unplug' ? [] : ['partial-order'];
      expect({ config, reductions: safety.reductions, store: safety.store }).toEqual({ config, reductions, store: 'fingerprint' });
      expect(safety.fairness).toBeUndefined();
    }
  });

  it('retry-forever-on-not-ready is safe with 2 targets, checked with both reductions (liveness=false)', () => {
    const { result } = checkConfiguration(model, 'retry-forever-on-not-ready', { set: { targets: 2, liveness: false } });
    expect(result.verdict.kind).toBe('pass');
    expect(result.reductions).toEqual(['partial-order', 'symmetry (2 elements)']);
  });

  describe('retry-forever-on-not-ready (1 target): the lasso', () => {
    const { result } = checkConfiguration(model, 'retry-forever-on-not-ready');
    const violation = result.verdict as Violation;
    const cycle = () => violation.trace.steps.slice(violation.trace.cycleStart);

    it('fails everyTaskCompletes for TEST UNIT READY of target 0, under weak fairness', () => {
      expect(violation).toMatchObject({ kind: 'liveness', property: 'everyTaskCompletes', item: { target: 0, command: 'TEST UNIT READY' } });
      expect(result.fairness).toBe('weak');
      expect(result.stats.states).toBe(1_035);
    });

    it('a prefix of 48 steps (the task is issued at step 44), then a cycle of 13', () => {
      expect(violation.trace.cycleStart).toBe(48);
      expect(violation.trace.steps).toHaveLength(61);
      expect(violation.trace.steps[43]).toMatchObject({ actor: 'kernel', event: { type: 'Returned', call: 'UserDoesHBASupportMultiPathing' } });
      expect(violation.trace.steps[43]!.sends).toEqual([{ to: 'DefaultQueue', event: expect.objectContaining({ type: 'UserProcessParallelTask', opcode: 0, taskId: 0 }) }]);
      expect(violation.diagnosis.summary).toBe(
        `'everyTaskCompletes[{"command":"TEST UNIT READY","target":0}]' fails: Its condition holds after step 44; from step 49 the system can repeat steps 49–61 forever (hardware, InterruptQueue, dext stepping) without reaching a state where its goal holds. Under weak fairness no actor is obliged to step in it, so it is a fair behaviour. The cycle keeps making the same environment choices (hardware choosing Complete {"status":2,"taskId":0}); fairness does not force an actor to choose otherwise.`,
      );
    });

    it('the cycle is the retry loop: NOT READY, resubmit from the interrupt handler, NOT READY again', () => {
      expect(cycle().map((s) => `${s.actor} ${s.event.type}`)).toEqual([
        'hardware PostCommand',
        'hardware Complete',
        'InterruptQueue InterruptOccurred',
        'dext CompletionPosted',
        'dext Run',
        'InterruptQueue HandlerCalls',
        'hardware PostCommand',
        'hardware Complete',
        'dext CompletionPosted',
        'hardware UnmaskInterrupts',
        'InterruptQueue CallReturned',
        'dext Resume',
        'InterruptQueue HandlerReturned',
      ]);
      expect(driverLog({ ...violation, trace: { ...violation.trace, steps: cycle() } })).toEqual([
        'Retry command 0 for target 0 (NOT READY) - InterruptQueue',
        'Completion of command 0 posted, no MSI (interrupts masked) - hardware',
        'Interrupts enabled - InterruptQueue',
        'Retry command 0 for target 0 (NOT READY) - InterruptQueue',
      ]);
      expect(driverLog(violation).filter((line) => line.startsWith('Complete command'))).toEqual([]);
    });

    it('every answer in the cycle is NOT READY, though GOOD was a choice each time: fairness per actor makes the hardware step, not succeed', () => {
      const compiled = compileSystem(systemOf('retry-forever-on-not-ready'));
      let state = initialState(compiled);
      const start = violation.trace.cycleStart!;
      let cycleEntry: GlobalState | undefined;
      violation.trace.steps.forEach((step, i) => {
        if (i === start) cycleEntry = state;
        if (step.kind === 'choose') {
          expect(step.event).toMatchObject({ type: 'Complete', taskId: 0, status: CHECK_CONDITION });
          expect(enabledSteps(compiled, state).some((s) => s.kind === 'choose' && (s.event as { status?: number }).status === 0)).toBe(true);
        }
        state = applyStep(compiled, state, step.index).state;
      });
      expect(cycle().filter((s) => s.kind === 'choose')).toHaveLength(2);
      // A real cycle: it ends in the state it started from.
      expect(describeState(compiled, state)).toEqual(describeState(compiled, cycleEntry!));
    });

    it('strong fairness does not rule it out either', () => {
      const strong = checkConfiguration(model, 'retry-forever-on-not-ready', { fairness: 'strong' }).result;
      expect(strong.verdict).toMatchObject({ kind: 'liveness', property: 'everyTaskCompletes', trace: { cycleStart: 48 } });
    });

    it('everyCreateReturns fails too, for target 0: the create waits for the task', () => {
      const parameters = resolveParameters(model, 'retry-forever-on-not-ready', {});
      const { everyCreateReturns } = (model.properties as (p: unknown) => Record<string, never>)(parameters);
      const alone = check(model.system(parameters), { properties: { everyCreateReturns }, fairness: 'weak' });
      expect(alone.verdict).toMatchObject({ kind: 'liveness', property: 'everyCreateReturns', item: { target: 0 } });
      if (alone.verdict.kind !== 'liveness') return;
      // TargetQueue0 makes the call at step 33 of this trace; the cycle is the same retry loop.
      expect(alone.verdict.diagnosis.summary).toContain('Its condition holds after step 33;');
      expect(alone.verdict.trace.cycleStart).toBe(48);
      const loop = (steps: readonly { actor: string; event: { type: string } }[]) => steps.map((s) => `${s.actor} ${s.event.type}`);
      expect(loop(alone.verdict.trace.steps.slice(48))).toEqual(loop(cycle()));
    });
  });

  describe("wrong-task-identifier: the completion names the dext's tag, not the kernel's task id", () => {
    it('is dropped as an unknown task, and the probe waits for ever; with two targets, as the other target\'s task', () => {
      const one = violationOf('wrong-task-identifier');
      expect(one.kind).toBe('deadlock');
      expect(one.diagnosis.dropped.map((d) => d.reason)).toEqual(['task id 1 unknown']);
      const two = checkConfiguration(model, 'wrong-task-identifier', { set: { targets: 2, liveness: false } }).result;
      expect(two.verdict.kind).toBe('deadlock');
      expect(two.reductions).toEqual(['partial-order']); // not symmetric: the off-by-one id is the next target's slot
    });
  });

  describe('highest-id-too-low: the highest supported id is reported one too low', () => {
    it('the kernel refuses the last target, before any probe; with two targets, target 1 and not target 0', () => {
      const one = violationOf('highest-id-too-low');
      expect(one.trace.steps.flatMap((s) => s.logs.map((l) => l.text)).at(-1)).toBe('UserCreateTargetForID(0) refused');
      const two = violationOf('highest-id-too-low', { targets: 2, liveness: false });
      expect(two.trace.steps.flatMap((s) => s.logs.map((l) => l.text))).toContain('UserCreateTargetForID(1) refused');
      expect(two.trace.steps.flatMap((s) => s.logs.map((l) => l.text))).not.toContain('UserCreateTargetForID(0) refused');
    });
  });

  describe('stop-waits-for-create: Stop, on Default, waits for the create queue', () => {
    it('deadlocks in the three-way cycle of §8.8 when the kernel stops the controller during the create', () => {
      const found = violationOf('stop-waits-for-create');
      expect(found.kind).toBe('deadlock');
      expect(found.diagnosis.cycle).toEqual(['DefaultQueue', 'TargetQueue0', 'kernel', 'DefaultQueue']);
      expect(found.trace.steps.flatMap((s) => s.logs.map((l) => l.text)).at(-1)).toBe('Stop: waits for TargetQueue0 (DispatchSync)');
    });

    it('stop-async stops whenever the kernel asks: Stop returns, and every create still does (liveness)', () => {
      const { result } = checkConfiguration(model, 'stop-async');
      expect(result.verdict.kind).toBe('pass');
      expect(result.fairness).toBe('weak');
      expect(Object.keys(result.examples!)).toEqual(['everyTargetCreated', 'controllerStopped']);
    });

    it('needs a create queue', () => {
      expect(() => systemOf('stop-async', { createQueue: 'default' })).toThrow('stop=async needs a create queue (createQueue private or aux), not createQueue=default');
    });
  });

  describe('hot-unplug: the array may be unplugged mid-probe', () => {
    it('every create returns and every task completes; a probe fails only once the array is gone, as the shortest example shows', () => {
      const { result } = checkConfiguration(model, 'hot-unplug');
      expect(result.verdict.kind).toBe('pass');
      const log = result.examples!.unplugFailsACreate!.steps.flatMap((step) => step.logs.map((l) => `${l.text} - ${l.source}`));
      expect(log.slice(log.indexOf('The array is unplugged - hardware'))).toEqual([
        'The array is unplugged - hardware',
        'Complete command: 0 for target: 0 Len: 0 status: 4 - InterruptQueue',
        'TEST UNIT READY for target 0 failed (attempt 1 of 2) - kernel',
        'Send command 0 for target 0 len 0 - DefaultQueue',
        'Interrupts enabled - InterruptQueue',
        'Complete command: 0 for target: 0 Len: 0 status: 4 - InterruptQueue',
        'TEST UNIT READY for target 0 failed (attempt 2 of 2) - kernel',
        'Probe of target 0 failed: the target is not created - kernel',
      ]);
    });

    it('a failed probe breaks targetsHaveInquiryData where the array cannot be unplugged', () => {
      const { result } = checkConfiguration(model, 'hot-unplug', { set: { unplug: false }, properties: {} });
      expect(result.verdict.kind).toBe('pass'); // without unplug nothing fails
      const failed = checkConfiguration(model, 'inquiry-without-data-buffer', { set: { unplug: true } }).result.verdict;
      expect(failed.kind === 'invariant' && failed.property).toBe('targetsHaveInquiryData'); // gone or not, a probe failed for want of data is caught
    });
  });

  describe('retry-bounded: the dext gives up after 2 resubmissions', () => {
    it('holds every property; 1,251 states', () => {
      const { result } = checkConfiguration(model, 'retry-bounded');
      expect(result.verdict.kind).toBe('pass');
      expect(result.stats.states).toBe(1_251);
    });

    it('an array that stays NOT READY: two retries, then CHECK CONDITION to the kernel, which counts the target present and creates it', () => {
      const { compiled, state, log } = runAnswering('retry-bounded', CHECK_CONDITION);
      expect(isValidEnd(compiled, state)).toBe(true);
      const probe = log.filter((line) => /^(Send command 0|Retry|Give up|Complete command: 0|Target device created)/.test(line));
      expect(probe).toEqual([
        'Send command 0 for target 0 len 0 - DefaultQueue',
        'Retry command 0 for target 0 (NOT READY) - InterruptQueue',
        'Retry command 0 for target 0 (NOT READY) - InterruptQueue',
        'Give up command 0 for target 0 after 2 retries (NOT READY) - InterruptQueue',
        'Complete command: 0 for target: 0 Len: 0 status: 2 - InterruptQueue',
        'Target device created for idx:0 - TargetQueue0',
      ]);
    });

    it('notReadyRetries is a whole number or forever', () => {
      expect(() => systemOf('retry-bounded', { notReadyRetries: 'often' })).toThrow("parameter 'notReadyRetries' is a whole number or 'forever'; got 'often'");
      expect(checkConfiguration(model, 'retry-bounded', { set: { notReadyRetries: 0 } }).result.verdict.kind).toBe('pass');
    });
  });
});
