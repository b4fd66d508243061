import { describe, it } from 'vitest';
import { expectModel } from 'interleave/testing';
import pingPong from '../../examples/ping-pong.ts';

describe('ping-pong', () => {
  it('stops after the rally, every property holding', () => expectModel(pingPong).config('rally').toHoldAll());

  it('breaks hitsBounded when no hit is allowed', () => expectModel(pingPong).config('rally', { set: { rounds: 0 } }).toViolate('hitsBounded'));

  it('finds what each configuration expects', async () => {
    for (const config of Object.keys(pingPong.configurations)) await expectModel(pingPong).config(config).toBeExpected();
  });
});
