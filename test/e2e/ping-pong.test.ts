import { describe, expect, it } from 'vitest';
import { expectModel } from 'interleave/testing';
import pingPong from '../../examples/ping-pong.ts';

describe('ping-pong', () => {
  it('stops after the rally, every property holding', () => expectModel(pingPong).config('rally').toHoldAll());

  it('breaks hitsBounded when no hit is allowed', () => expectModel(pingPong).config('rally', { set: { rounds: 0 } }).toViolate('hitsBounded'));

  it('plays the rally to its end: back and forth until pong has hit the ball twice and says stop', async () => {
    const run = await expectModel(pingPong).config('rally').toReach('rallyEnds');
    expect(run.result.examples!.rallyEnds!.steps.map((step) => `${step.actor} ${step.event.type}`)).toEqual(['pong ball', 'ping ball', 'pong ball', 'ping stop']);
  });

  it('finds what each configuration expects', async () => {
    for (const config of Object.keys(pingPong.configurations)) await expectModel(pingPong).config(config).toBeExpected();
  });
});
