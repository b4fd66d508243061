/**
 * Model checks inside a team's own test suite (`import { expectModel } from 'interleave/testing'`):
 *
 * ```ts
 * import { it } from 'vitest';
 * import { expectModel } from 'interleave/testing';
 * import spooler from '../models/print-spooler.ts';
 *
 * it('prints every job once', () => expectModel(spooler).config('correct').toHoldAll());
 * it('deadlocks on the circular table', () => expectModel('models/dining-philosophers.ts').config('circular', { set: { n: 3 } }).toDeadlock());
 * ```
 *
 * Each matcher runs the check once (the result is shared by the matchers of one `config()`)
 * and resolves to the run, or rejects with a {@link ModelExpectationError} whose message has
 * what was expected and found, the trace and the diagnosis. It uses no test framework, so it
 * works with vitest, Jest, `node:test` or mocha alike. An inconclusive run (a budget or limit
 * reached) never satisfies a matcher: nothing was proven.
 */
import type { CheckOptions } from '../checker/check.ts';
import type { Verdict } from '../checker/result.ts';
import { checkConfiguration, verdictMatches, type ConfigurationRun } from '../model/checkModel.ts';
import { expectedProperty, expectedVerdict, type AnyModel } from '../model/defineModel.ts';
import { loadModel } from '../model/loadModel.ts';
import { formatRun } from '../report/text.ts';

/** Options of one configuration's check: parameters to override, and the checker's options. */
export type ExpectOptions = Omit<CheckOptions, 'onProgress'> & { readonly set?: Readonly<Record<string, unknown>> };

/** The matchers of one configuration. Each resolves to the run when it holds. */
export interface ConfigurationExpectation {
  /** Every property holds: no deadlock, unhandled message, overflow, invariant or liveness violation. */
  toHoldAll(): Promise<ConfigurationRun>;
  /** The checker finds a deadlock. */
  toDeadlock(): Promise<ConfigurationRun>;
  /** The property `name` (an invariant, a liveness property, a `reachable` property no state satisfies, or a built-in check's kind) is violated. */
  toViolate(name: string): Promise<ConfigurationRun>;
  /** The `reachable` property `name` is reached; its example is `run.result.examples[name]`. */
  toReach(name: string): Promise<ConfigurationRun>;
  /** An actor receives a message it does not handle. */
  toBeUnhandled(): Promise<ConfigurationRun>;
  /** A send finds its receiver's mailbox full. */
  toOverflow(): Promise<ConfigurationRun>;
  /** The verdict is the one the configuration's `expect` names. */
  toBeExpected(): Promise<ConfigurationRun>;
  /** The run itself, for assertions of your own. */
  run(): Promise<ConfigurationRun>;
}

/** Thrown (as a rejection) when a model expectation fails; `run` is the run that failed it. */
export class ModelExpectationError extends Error {
  override readonly name = 'ModelExpectationError';
  constructor(
    message: string,
    readonly run: ConfigurationRun,
  ) {
    super(message);
  }
}

/**
 * Expectations about `model` (a model, or the path of a model file).
 *
 * @example
 * ```ts
 * await expectModel(philosophers).config('ordered-unfair', { set: { n: 3 } }).toViolate('hungryEats');
 * ```
 */
export function expectModel(model: AnyModel | string): { config(name: string, options?: ExpectOptions): ConfigurationExpectation } {
  const loaded = typeof model === 'string' ? loadModel(model) : Promise.resolve(model);
  return {
    config(name, options = {}) {
      let running: Promise<ConfigurationRun> | undefined;
      const run = () => (running ??= loaded.then((m) => checkConfiguration(m, name, options)));
      const expect = (wanted: string, holds: (verdict: Verdict, run: ConfigurationRun) => boolean) => async () => {
        const result = await run();
        const { verdict } = result.result;
        if (verdict.kind !== 'inconclusive' && holds(verdict, result)) return result;
        throw new ModelExpectationError(`expected ${what(result)} ${wanted}, but ${found(result)}\n\n${formatRun(result)}`, result);
      };
      return {
        toHoldAll: expect('to hold every property', (v) => v.kind === 'pass'),
        toDeadlock: expect('to deadlock', (v) => v.kind === 'deadlock'),
        toViolate: (property) => expect(`to violate '${property}'`, (v) => 'property' in v && v.property === property)(),
        toReach: (property) => expect(`to reach '${property}'`, (_, r) => r.result.examples?.[property] !== undefined)(),
        toBeUnhandled: expect('to have an unhandled message', (v) => v.kind === 'unhandled'),
        toOverflow: expect('to overflow a mailbox', (v) => v.kind === 'overflow'),
        toBeExpected: async () => {
          const m = await loaded;
          const expected = m.configurations[name]?.expect;
          const wanted = expected === undefined ? 'its expected verdict' : `to find ${expectedVerdict(expected)}${expectedProperty(expected) ? ` '${expectedProperty(expected)}'` : ''} (its expect)`;
          return expect(wanted, (v, r) => verdictMatches(r.expected, v))();
        },
        run,
      };
    },
  };
}

function what(run: ConfigurationRun): string {
  const parameters = Object.entries(run.parameters).map(([k, v]) => `${k}=${v}`).join(' ');
  return `${run.model} / ${run.config}${parameters ? ` (${parameters})` : ''}`;
}

function found(run: ConfigurationRun): string {
  const { verdict, stats } = run.result;
  switch (verdict.kind) {
    case 'pass':
      return `every property holds in all ${stats.states.toLocaleString('en-US')} states`;
    case 'inconclusive':
      return `the run was inconclusive (${verdict.reason}): nothing is proven`;
    case 'invariant':
      return `found an invariant violation of '${verdict.property}'`;
    case 'unreachable':
      return `found no reachable state that satisfies '${verdict.property}'`;
    case 'liveness':
      return `found a liveness violation of '${verdict.property}'${verdict.item === undefined ? '' : ` for ${JSON.stringify(verdict.item)}`}`;
    default:
      return `found ${verdict.kind === 'deadlock' ? 'a deadlock' : verdict.kind === 'overflow' ? 'a mailbox overflow' : 'an unhandled message'}`;
  }
}
