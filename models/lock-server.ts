/**
 * A lock server with n interchangeable clients: mutual exclusion holds when the server grants
 * the lock only while it is free (`correct`) and fails when it grants it regardless
 * (`grant-while-held`). The clients are declared symmetric, so states that differ only by
 * which client is which are explored once (`--no-symmetry` explores them all).
 */
import { always, reachable, defineModel, defineSystem, type ActorDefinition } from '../src/index.ts';
import { lockClient, lockServer } from '../machines/lockServer.ts';

const client = (i: number) => `client${i}`;

export default defineModel({
  name: 'lock-server',
  description: 'A lock server granting one lock to n interchangeable clients; clients are symmetric.',
  parameters: { clients: 3, grantWhileHeld: false },
  configurations: {
    correct: { description: 'the lock is granted only while free: mutual exclusion holds', expect: 'pass' },
    'grant-while-held': {
      description: 'the server grants the lock while a client holds it',
      parameters: { grantWhileHeld: true },
      expect: { verdict: 'invariant', property: 'mutualExclusion' },
    },
  },
  system: ({ clients, grantWhileHeld }) => {
    // Each client can have a release and its next request in flight at once.
    const actors: Record<string, ActorDefinition> = { server: { machine: lockServer, input: { grantWhileHeld }, capacity: 2 * clients } };
    for (let i = 0; i < clients; i++) actors[client(i)] = { machine: lockClient, input: { self: client(i) } };
    return defineSystem({ actors });
  },
  properties: {
    mutualExclusion: always((s) => s.actors.filter((a) => a.matches('working')).length <= 1),
    /** A client gets the lock: mutual exclusion does not hold by locking everyone out. */
    someoneWorks: reachable((s) => s.actors.some((a) => a.matches('working'))),
  },
  symmetry: ({ clients }) => ({
    size: clients,
    actors: (i) => [client(i)],
    // Clients are referred to by name: in the server's holders and queue, in each client's self, in messages.
    context: (actor, context, rename) => {
      const renamed = (name: string) => client(rename(Number(name.slice('client'.length))));
      if (actor === 'server') return { ...context, holders: context.holders.map(renamed), queue: context.queue.map(renamed) };
      return { ...context, self: renamed(context.self) };
    },
    event: (event, rename) => ('from' in event ? { ...event, from: client(rename(Number(String(event.from).slice('client'.length)))) } : event),
  }),
});
