/** The observed communication graph: what the exploration saw actors send and choose. */
import { describe, expect, it } from 'vitest';
import { assign, setup } from 'xstate';
import { diningTable } from '../../models/dining-philosophers.ts';
import { defineSystem } from '../../src/index.ts';
import { observeCommunication } from '../../src/report/communication.ts';
import { dropSystem } from './fixtures/dropSystem.ts';

describe('observeCommunication', () => {
  it('collects every sender, receiver and event type of the philosophers table', () => {
    const graph = observeCommunication(diningTable(3, false));
    expect(graph.complete).toBe(true);
    expect(graph.states).toBe(925); // every reachable state: check(system, { exhaustive: true }) counts as many
    expect(graph.actors.map((a) => `${a.name}:${a.machineId}`)).toEqual([
      'fork0:fork', 'fork1:fork', 'fork2:fork', 'phil0:philosopher', 'phil1:philosopher', 'phil2:philosopher',
    ]);
    expect(graph.edges.map((e) => `${e.from}->${e.to}: ${e.events.join(',')}`)).toEqual([
      'fork0->phil0: granted',
      'fork0->phil2: granted',
      'fork1->phil0: granted',
      'fork1->phil1: granted',
      'fork2->phil1: granted',
      'fork2->phil2: granted',
      'phil0->fork0: release,take',
      'phil0->fork1: release,take',
      'phil1->fork1: release,take',
      'phil1->fork2: release,take',
      'phil2->fork0: release,take',
      'phil2->fork2: release,take',
    ]);
    expect(graph.choices).toEqual([
      { actor: 'phil0', events: ['full', 'hungry'] },
      { actor: 'phil1', events: ['full', 'hungry'] },
      { actor: 'phil2', events: ['full', 'hungry'] },
    ]);
  });

  it('includes the sends of entry actions', () => {
    const graph = observeCommunication(dropSystem);
    expect(graph.edges).toEqual([{ from: 'pinger', to: 'ponger', events: ['noise', 'poke'] }]);
  });

  it('says when a limit stopped the exploration', () => {
    const graph = observeCommunication(diningTable(3, false), { maxStates: 10 });
    expect(graph.states).toBe(10);
    expect(graph.complete).toBe(false);
  });

  it('stops a branch at a model error instead of failing, and says so', () => {
    // A guard that throws once n reaches 2: a state the checker need not reach (it may stop at a violation before).
    const counter = setup({ types: { context: {} as { n: number } } }).createMachine({
      id: 'counter',
      context: { n: 0 },
      initial: 'counting',
      states: {
        counting: {
          meta: { resting: true, choices: ['tick'] },
          on: {
            tick: {
              guard: ({ context }) => {
                if (context.n >= 2) throw new Error('boom');
                return true;
              },
              actions: assign({ n: ({ context }) => context.n + 1 }),
            },
          },
        },
      },
    });
    const graph = observeCommunication(defineSystem({ actors: { counter: { machine: counter } } }));
    expect(graph.complete).toBe(false);
    expect(graph.error).toMatch(/boom/);
    expect(graph.states).toBe(3);
  });
});
