/**
 * Every rule of design.md "Semantics", one describe block per numbered rule, each on a tiny
 * system whose exact state space is worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { assign, createMachine, raise } from 'xstate';
import { always, applyStep, check, compileSystem, defineSystem, enabledSteps, initialState, send } from '../../src/index.ts';

/** Sends each of `events` to `to` from its entry action, then rests. */
function sender(id: string, to: string, events: object[]) {
  return createMachine({ id, initial: 'done', states: { done: { meta: { resting: true }, entry: events.map((e) => send(to, e as never)) } } });
}

describe('1. actors: a name, a machine with an explicit id, plain-data context', () => {
  it('runs each actor from its initial state with its input', () => {
    const m = createMachine({ id: 'echo', context: ({ input }: { input: { n: number } }) => ({ n: input.n }), initial: 'idle', states: { idle: { meta: { resting: true } } } });
    const compiled = compileSystem(defineSystem({ actors: { a: { machine: m, input: { n: 7 } } } }));
    const result = check(compiled);
    expect(result.verdict.kind).toBe('pass');
    expect(result.stats.states).toBe(1);
  });
});

describe('2. send(to, event) delivers to the named actor, resolved with the context at that point', () => {
  it('resolves event and target from the context after earlier assigns of the same transition', () => {
    const a = createMachine({
      id: 'a',
      context: { n: 0, peer: 'b' },
      initial: 'start',
      states: {
        start: {
          meta: { choices: ['go'] },
          on: {
            go: {
              target: 'sent',
              actions: [assign({ n: 1 }), send(({ context }) => context.peer, ({ context }) => ({ type: 'value', n: context.n })), assign({ n: 2 })],
            },
          },
        },
        sent: { meta: { resting: true } },
      },
    });
    const b = createMachine({ id: 'b', initial: 'waiting', context: { got: -1 }, states: { waiting: { on: { value: { target: 'got', actions: assign({ got: ({ event }) => (event as any).n }) } } }, got: { meta: { resting: true } } } });
    const compiled = compileSystem(defineSystem({ actors: { a: { machine: a }, b: { machine: b } } }));
    let state = initialState(compiled);
    const [go] = enabledSteps(compiled, state);
    const result = applyStep(compiled, state, go!);
    expect(result.sends).toEqual([{ to: 'b', event: { type: 'value', n: 1 } }]);
    state = result.state;
    const [deliver] = enabledSteps(compiled, state);
    expect(deliver).toMatchObject({ kind: 'deliver', actor: 'b', event: { type: 'value', n: 1 }, reaction: 'handled' });
    expect(check(compiled).verdict.kind).toBe('pass');
  });
});

describe('3. mailboxes are FIFO with a capacity; a send into a full mailbox is an overflow', () => {
  const receiver = (id: string) =>
    createMachine({
      id,
      context: { seen: [] as number[] },
      initial: 'open',
      states: { open: { meta: { resting: true }, on: { m: { actions: assign({ seen: ({ context, event }) => [...context.seen, (event as any).i] }) } } } },
    });

  it('delivers in the order sent', () => {
    const system = defineSystem({ actors: { s: { machine: sender('s', 'r', [{ type: 'm', i: 1 }, { type: 'm', i: 2 }, { type: 'm', i: 3 }]) }, r: { machine: receiver('r'), capacity: 3 } } });
    const compiled = compileSystem(system);
    let state = initialState(compiled);
    for (let i = 0; i < 3; i++) state = applyStep(compiled, state, 0).state;
    // s has no steps; r took m1, m2, m3 in turn: one path, four states.
    expect(check(system).stats.states).toBe(4);
    const view = enabledSteps(compiled, state);
    expect(view).toEqual([]);
  });

  it('reports an overflow naming the receiver and its capacity', () => {
    const system = defineSystem({ actors: { s: { machine: sender('s', 'r', [{ type: 'm', i: 1 }, { type: 'm', i: 2 }]) }, r: { machine: receiver('r'), capacity: 1 } } });
    const { verdict } = check(system);
    expect(verdict.kind).toBe('overflow');
    if (verdict.kind !== 'overflow') return;
    expect(verdict.diagnosis.summary).toContain('The mailbox of r (capacity 1, holding m)');
    expect(verdict.trace.steps).toEqual([]); // the entry sends of the initial state overflow
  });
});

describe('4. a step takes one message and runs one macrostep; its sends are appended in order', () => {
  it('runs eventless transitions and raised events inside the step', () => {
    const m = createMachine({
      id: 'chain',
      initial: 'a',
      states: {
        a: { on: { kick: { target: 'b', actions: raise({ type: 'inner' }) } } },
        b: { on: { inner: 'c' } },
        c: { always: 'd' },
        d: { meta: { resting: true }, entry: [send('log', { type: 'first' }), send('log', { type: 'second' })] },
      },
    });
    const log = createMachine({ id: 'log', initial: 'l', context: { order: [] as string[] }, states: { l: { meta: { resting: true }, on: { '*': { actions: assign({ order: ({ context, event }) => [...context.order, event.type] }) } } } } });
    const system = defineSystem({ actors: { m: { machine: m }, log: { machine: log }, k: { machine: sender('k', 'm', [{ type: 'kick' }]) } } });
    const compiled = compileSystem(system);
    const after = applyStep(compiled, initialState(compiled), 0);
    expect(after.sends.map((s) => s.event.type)).toEqual(['first', 'second']);
    const { verdict, stats } = check(system, { properties: { orderKept: always((s) => s.actor('log').context.order.join() !== 'second,first') } });
    expect(verdict.kind).toBe('pass');
    expect(stats.states).toBe(4); // kick delivered, then first, then second
  });
});

describe('5. defer, ignore and unhandled messages', () => {
  const worker = createMachine({
    id: 'worker',
    context: { done: [] as string[] },
    initial: 'busy',
    states: {
      busy: { meta: { defer: ['job'], ignore: ['ping'] }, on: { finish: 'idle' } },
      idle: { meta: { resting: true }, on: { job: { actions: assign({ done: ({ context }) => [...context.done, 'job'] }) } } },
    },
  });

  it('takes the first message the state does not defer; deferred ones stay queued', () => {
    const system = defineSystem({ actors: { w: { machine: worker }, s: { machine: sender('s', 'w', [{ type: 'job' }, { type: 'finish' }]) } } });
    const compiled = compileSystem(system);
    const [step] = enabledSteps(compiled, initialState(compiled));
    expect(step).toMatchObject({ actor: 'w', event: { type: 'finish' }, reaction: 'handled' });
    const { verdict, stats } = check(system);
    expect(verdict.kind).toBe('pass');
    expect(stats.states).toBe(3); // finish taken past the deferred job, then the job
  });

  it('drops ignored messages as a step shown in the trace', () => {
    const system = defineSystem({ actors: { w: { machine: worker }, s: { machine: sender('s', 'w', [{ type: 'ping' }, { type: 'finish' }]) } } });
    const compiled = compileSystem(system);
    const [step] = enabledSteps(compiled, initialState(compiled));
    expect(step).toMatchObject({ actor: 'w', event: { type: 'ping' }, reaction: 'ignored' });
    expect(check(system).verdict.kind).toBe('pass');
  });

  it('reports a message neither handled, deferred nor ignored as unhandled, naming actor, state and sender', () => {
    const system = defineSystem({ actors: { w: { machine: worker }, s: { machine: sender('s', 'w', [{ type: 'surprise' }]) } } });
    const { verdict } = check(system);
    expect(verdict.kind).toBe('unhandled');
    if (verdict.kind !== 'unhandled') return;
    expect(verdict.trace.steps.map((s) => [s.actor, s.event.type, s.outcome])).toEqual([['w', 'surprise', 'unhandled']]);
    expect(verdict.diagnosis.summary).toBe('w in state busy received surprise (sent by s when it started), which that state neither handles, defers nor ignores.');
  });
});

describe('6. environment choices and after timers are steps the actor may take in a state', () => {
  it('offers each enabled choice, with payloads, and skips those whose guard is false', () => {
    const hw = createMachine({
      id: 'hw',
      context: { pending: [1, 2] as number[], order: [] as number[] },
      initial: 'running',
      states: {
        running: {
          meta: { resting: true, choices: ({ context }: { context: { pending: number[] } }) => context.pending.map((id) => ({ type: 'complete', id })) },
          on: {
            complete: {
              guard: ({ context, event }) => context.pending.includes((event as any).id),
              actions: assign({
                pending: ({ context, event }) => context.pending.filter((p) => p !== (event as any).id),
                order: ({ context, event }) => [...context.order, (event as any).id],
              }),
            },
          },
        },
      },
    });
    const { stats } = check(defineSystem({ actors: { hw: { machine: hw } } }));
    // {} → [1] or [2] → [1,2] or [2,1]: five states, four transitions.
    expect([stats.states, stats.transitions]).toEqual([5, 4]);
  });

  it('fires an after timer as a choice, and not once the state is left', () => {
    const timer = createMachine({
      id: 'timer',
      initial: 'waiting',
      states: {
        waiting: { after: { 1000: 'timedOut' }, on: { reply: 'done' } },
        timedOut: { meta: { resting: true } },
        done: { meta: { resting: true } },
      },
    });
    const system = defineSystem({ actors: { t: { machine: timer }, s: { machine: sender('s', 't', [{ type: 'reply' }]) } } });
    const compiled = compileSystem(system);
    const steps = enabledSteps(compiled, initialState(compiled));
    expect(steps.map((s) => `${s.kind} ${s.event.type}`)).toEqual(['deliver reply', 'choose xstate.after.1000.timer.waiting']);
    // The reply is then unhandled in timedOut: the checker finds that interleaving.
    expect(check(system).verdict.kind).toBe('unhandled');
  });
});

describe('7. a blocked state handles only what it declares and names whom it waits for', () => {
  it('defers everything else and explains a deadlock as a wait-for cycle', () => {
    const caller = (id: string, callee: string) =>
      createMachine({
        id,
        initial: 'calling',
        states: {
          calling: { entry: send(callee, { type: 'request', from: id } as { type: string }), meta: { waitsFor: callee }, on: { reply: 'idle' } },
          idle: { meta: { resting: true }, on: { request: { actions: send(({ event }) => (event as any).from, { type: 'reply' }) } } },
        },
      });
    const { verdict } = check(defineSystem({ actors: { a: { machine: caller('a', 'b') }, b: { machine: caller('b', 'a') } } }));
    expect(verdict.kind).toBe('deadlock');
    if (verdict.kind !== 'deadlock') return;
    expect(verdict.diagnosis.cycle).toEqual(['a', 'b', 'a']);
    expect(verdict.diagnosis.actors.map((a) => [a.actor, a.state, a.waitsFor, a.mailbox.map((m) => `${m.event.type}${m.deferred ? ' (deferred)' : ''}`)])).toEqual([
      ['a', 'calling', ['b'], ['request (deferred)']],
      ['b', 'calling', ['a'], ['request (deferred)']],
    ]);
  });
});

describe('8. no enabled step: a valid end state, or a deadlock', () => {
  const waiter = (resting: boolean) => createMachine({ id: 'waiter', initial: 'w', states: { w: { meta: { resting } , on: { go: 'w' } } } });

  it('passes when every actor rests with an empty mailbox', () => {
    expect(check(defineSystem({ actors: { w: { machine: waiter(true) } } })).verdict.kind).toBe('pass');
  });

  it('passes when every actor is in a final state', () => {
    const m = createMachine({ id: 'fin', initial: 'a', states: { a: { always: 'b' }, b: { type: 'final' } } });
    expect(check(defineSystem({ actors: { f: { machine: m } } })).verdict.kind).toBe('pass');
  });

  it('is a deadlock when an actor waits in a state not marked resting', () => {
    const { verdict } = check(defineSystem({ actors: { w: { machine: waiter(false) } } }));
    expect(verdict.kind).toBe('deadlock');
    if (verdict.kind === 'deadlock') expect(verdict.diagnosis.hints[0]).toContain('mark the state with meta: { resting: true }');
  });

  it('is a deadlock when a resting actor still has deferred messages', () => {
    const m = createMachine({ id: 'r', initial: 'r', states: { r: { meta: { resting: true, defer: ['later'] } } } });
    const { verdict } = check(defineSystem({ actors: { r: { machine: m }, s: { machine: sender('s', 'r', [{ type: 'later' }]) } } }));
    expect(verdict.kind).toBe('deadlock');
  });
});

describe('the driver log: log(text, source), XState log, drop(reason)', () => {
  it('records each line with where it ran, and drops with their reason, in the trace', async () => {
    const { log: xstateLog } = await import('xstate');
    const { drop, log } = await import('../../src/index.ts');
    const worker = createMachine({
      id: 'worker',
      initial: 'idle',
      states: {
        idle: {
          on: {
            cmd: { target: 'done', actions: [log(({ event }) => `Send command ${(event as any).op}`, 'DefaultQueue'), xstateLog('plain line')] },
            junk: { actions: drop('not for me') },
          },
        },
        done: { type: 'final' },
      },
    });
    const system = defineSystem({ actors: { w: { machine: worker }, s: { machine: sender('s', 'w', [{ type: 'junk' }, { type: 'cmd', op: 18 }]) } } });
    const { verdict } = check(system, { properties: { neverDone: always((s) => !s.actor('w').final) } });
    expect(verdict.kind).toBe('invariant');
    if (verdict.kind !== 'invariant') return;
    expect(verdict.trace.steps.map((s) => [s.drops, s.logs])).toEqual([
      [['not for me'], []],
      [[], [{ text: 'Send command 18', source: 'DefaultQueue' }, { text: 'plain line', source: 'w' }]],
    ]);
    expect(verdict.diagnosis.dropped).toEqual([{ step: 1, actor: 'w', event: { type: 'junk' }, reason: 'not for me' }]);
  });
});
