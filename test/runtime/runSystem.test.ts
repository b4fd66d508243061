/**
 * `runSystem`: the scheduler, clocks, watchdog, trace recording and live actor views, on small
 * systems and on the print spooler and dining philosophers models. Seeds are pinned.
 */
import { describe, expect, it } from 'vitest';
import philosophers from '../../models/dining-philosophers.ts';
import spooler from '../../models/print-spooler.ts';
import { applyStep, compileSystem, describeState, initialState } from '../../src/system/step.ts';
import type { InspectedSnapshot, RuntimeInspector } from '../../src/runtime/inspector.ts';
import { runSystem } from '../../src/runtime/runSystem.ts';
import { afterDelay } from '../../src/runtime/scheduler.ts';
import { checkerViolation, configurationOf } from './helpers.ts';
import { alarmSystem, blockedPairSystem, doorSystem } from './systems.ts';

describe('schedules', () => {
  it('a seed fixes the run: the same path, trace and final state', async () => {
    const { compiled } = configurationOf(philosophers, 'ordered', { n: 3 });
    const one = await runSystem(compiled, { seed: 11, time: 'virtual', maxSteps: 300 }).done;
    const two = await runSystem(compiled, { seed: 11, time: 'virtual', maxSteps: 300 }).done;
    const other = await runSystem(compiled, { seed: 12, time: 'virtual', maxSteps: 300 }).done;
    expect(two.path).toEqual(one.path);
    expect(two.trace).toEqual(one.trace);
    expect(other.path).not.toEqual(one.path);
    expect(one).toMatchObject({ seed: 11, scheduler: 'random order', time: 'virtual', outcome: { kind: 'steps-limit', limit: 300 } });
  });

  it('every recorded step is the step function applied to the state before it', async () => {
    const { compiled } = configurationOf(philosophers, 'ordered', { n: 3 });
    const run = await runSystem(compiled, { seed: 5, time: 'virtual', maxSteps: 200 }).done;
    let state = initialState(compiled);
    run.trace.steps.forEach((step, i) => {
      const result = applyStep(compiled, state, run.path[i]!);
      state = result.state;
      expect(step.sends).toEqual(result.sends);
      expect(describeState(compiled, state).find((a) => a.actor === step.actor)!.context).toEqual(step.state.context);
    });
    expect(describeState(compiled, state)).toEqual(run.final);
  });

  it('an after timer fires after its delay: in real time by waiting, in virtual time at once, on the same schedule', async () => {
    expect(afterDelay('xstate.after.30.alarm.waiting')).toBe(30);
    const started = performance.now();
    const real = await runSystem(alarmSystem(), { seed: 1, time: 'real' }).done;
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
    expect(real.elapsed).toBeGreaterThanOrEqual(29);
    const virtual = await runSystem(alarmSystem(), { seed: 1, time: 'virtual' }).done;
    expect(virtual.elapsed).toBe(30);
    expect(virtual.path).toEqual(real.path);
    expect(virtual.outcome.kind).toBe('valid-end');
    expect(virtual.trace.steps[0]).toMatchObject({ actor: 'alarm', kind: 'choose', event: { type: 'xstate.after.30.alarm.waiting' } });
  });

  it('fifo order delivers in the order messages became deliverable, with no seed dependence', async () => {
    const { compiled } = configurationOf(philosophers, 'circular', { n: 3 });
    const a = await runSystem(compiled, { seed: 1, order: 'fifo', time: 'virtual', choiceDelay: 0 }).done;
    const b = await runSystem(compiled, { seed: 2, order: 'fifo', time: 'virtual', choiceDelay: 0 }).done;
    expect(a.path).toEqual(b.path);
    expect(a.scheduler).toBe('fifo order');
  });
});

describe('the watchdog', () => {
  it('stops at a wait-for cycle of blocked actors while another actor can still step, and says so', async () => {
    const run = await runSystem(blockedPairSystem(), { seed: 1, time: 'virtual' }).done;
    expect(run.outcome).toMatchObject({ kind: 'deadlock', property: 'deadlock', partial: true, diagnosis: { cycle: ['left', 'right', 'left'] } });
    if (run.outcome.kind !== 'deadlock') return;
    expect(run.outcome.diagnosis.summary).toContain('left and right wait for each other and none of them can take a step: a deadlock of these actors, caught while other actors can still step (ticker).');
    expect(run.outcome.diagnosis.summary).toContain('left is in waiting, waiting for right; its mailbox holds ask (deferred).');
    expect(run.outcome.diagnosis.actors.map((a) => a.actor)).toEqual(['left', 'right']);
    expect(run.path).toEqual([]);
  });

  it('without the cycle watch, the same system runs to the steps limit', async () => {
    const run = await runSystem(blockedPairSystem(), { seed: 1, time: 'virtual', watchCycles: false, maxSteps: 25 }).done;
    expect(run.outcome).toEqual({ kind: 'steps-limit', limit: 25 });
    expect(run.path).toHaveLength(25);
  });

  it.each([
    ['cancel-while-printing', 1, 'unhandled', /^spooler in state \S+ received cancel \(sent by client at step \d+\), which that state neither handles, defers nor ignores\.$/],
    ['tiny-mailbox', 1, 'overflow', /^The mailbox of spooler \(capacity 1, holding \w+\) overflowed when client sent job at step \d+; spooler is in state \S+\.$/],
    ['reprint', 1, 'invariant', /^Invariant 'eachJobPrintedOnce' is false after step \d+\. /],
  ])('print spooler %s (seed %i): %s, diagnosed in the checker words', async (config, seed, kind, summary) => {
    const { compiled, properties } = configurationOf(spooler, config);
    const run = await runSystem(compiled, { seed, time: 'virtual', properties }).done;
    expect(run.outcome.kind).toBe(kind);
    const checked = checkerViolation(spooler, config);
    if (!('diagnosis' in run.outcome)) return;
    expect(run.outcome.property).toBe(checked.property);
    expect(checked.diagnosis.summary).toMatch(summary);
    expect(run.outcome.diagnosis.summary).toMatch(summary);
    expect(run.trace.steps.at(-1)!.outcome).toBe(checked.trace.steps.at(-1)!.outcome);
  });

  it('a valid end stops the run', async () => {
    const { compiled } = configurationOf(spooler, 'correct');
    const run = await runSystem(compiled, { seed: 3, time: 'virtual' }).done;
    expect(run.outcome).toEqual({ kind: 'valid-end' });
  });
});

describe('live actors', () => {
  it('each actor has a snapshot, subscribers hear its changes, and the run completes them', async () => {
    const live = runSystem(alarmSystem(), { seed: 1, time: 'virtual' });
    const alarm = live.actor('alarm');
    expect(alarm.getSnapshot()).toMatchObject({ value: 'waiting', status: 'active', final: false, mailbox: [] });
    const seen: string[] = [];
    let completed = false;
    alarm.subscribe({ next: (s) => seen.push(`${s.label} ${s.status}`), complete: () => (completed = true) });
    await live.done;
    expect(seen).toEqual(['rang done']);
    expect(completed).toBe(true);
    expect(alarm.getSnapshot().matches('rang')).toBe(true);
    expect(() => live.actor('nobody')).toThrow("no actor named 'nobody' (actors: alarm)");
  });

  it('send() from outside appends to the mailbox by the mailbox rules; the actor takes it in a later step', async () => {
    const live = runSystem(doorSystem(), { seed: 1, time: 'virtual' });
    const door = live.actor('door');
    const mailboxes: number[] = [];
    door.subscribe((s) => mailboxes.push(s.mailbox.length));
    door.send({ type: 'open' });
    expect(door.getSnapshot().mailbox).toEqual([{ event: { type: 'open' }, deferred: false }]);
    expect(() => door.send({ type: 'open' })).toThrow('cannot send open to door: its mailbox is full (capacity 1)');
    expect(() => door.send({ type: 'open', at: new Date() } as never)).toThrow(/cannot send to door: .*plain data/);
    const run = await live.done;
    expect(run.outcome.kind).toBe('valid-end');
    expect(run.trace.steps.map((s) => `${s.actor} ${s.kind} ${s.event.type} → ${s.state.label}`)).toEqual(['door deliver open → opened']);
    expect(run.injected).toEqual([{ beforeStep: 1, actor: 'door', event: { type: 'open' } }]);
    expect(mailboxes).toEqual([1, 0]);
    expect(() => door.send({ type: 'open' })).toThrow('the run has ended');
  });

  it('stop() ends the run before its next step', async () => {
    const { compiled } = configurationOf(philosophers, 'ordered', { n: 3 });
    const live = runSystem(compiled, { seed: 1, time: 'virtual', onStep: (_step, n) => n === 10 && live.stop() });
    const run = await live.done;
    expect(run.outcome).toEqual({ kind: 'stopped', reason: 'stopped by stop()' });
    expect(run.path).toHaveLength(10);
  });

  it('reports actors, events and snapshots to a Stately inspector', async () => {
    const calls: string[] = [];
    const inspector: RuntimeInspector = {
      actor: (actor: string, snapshot?: InspectedSnapshot, info?: { definition?: string }) => calls.push(`actor ${actor} ${String(snapshot?.value)} ${info?.definition ? 'with definition' : ''}`.trim()),
      event: (actor: string, event: { type: string }, info?: { source?: string }) => calls.push(`event ${actor} ${event.type}${info?.source ? ` from ${info.source}` : ''}`),
      snapshot: (actor: string, snapshot: InspectedSnapshot) => calls.push(`snapshot ${actor} ${String(snapshot.value)}`),
    };
    const { compiled } = configurationOf(philosophers, 'circular', { n: 2 });
    await runSystem(compiled, { seed: 2, time: 'virtual', inspect: inspector, maxSteps: 2 }).done;
    expect(calls.slice(0, 4)).toEqual(['actor fork0 free with definition', 'actor fork1 free with definition', 'actor phil0 thinking with definition', 'actor phil1 thinking with definition']);
    expect(calls.slice(4)).toEqual(expect.arrayContaining([expect.stringMatching(/^event phil\d hungry$/), expect.stringMatching(/^snapshot phil\d waitingForFirst$/), expect.stringMatching(/^event fork\d take from phil\d$/)]));
  });

  it('a mistake in the model rejects done and fails the subscribers', async () => {
    const system = compileSystem(alarmSystem());
    const run = runSystem(system, { seed: 1, time: 'virtual', scheduler: { description: 'broken', next: () => ({ index: 7, at: 0 }) } });
    let failed: unknown;
    run.actor('alarm').subscribe({ error: (e) => (failed = e) });
    await expect(run.done).rejects.toThrow('internal error: the scheduler (broken) chose step 7 of 1');
    expect(failed).toBeInstanceOf(Error);
  });
});
