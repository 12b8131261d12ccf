import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AxisLink } from './link.ts';
import { startAxisPoller } from './poller.ts';

/** A link whose rounds are counted and held open until released: the poller's scheduling is what is under test */
function heldLink() {
  let rounds = 0;
  let release: (() => void) | undefined;
  const link = {
    send: async () => 0,
    pull: async () => { rounds++; await new Promise<void>((done) => { release = done; }); return 0; },
    alerts: async () => 0,
  } as unknown as AxisLink;
  return { link, rounds: () => rounds, release: () => { const r = release; release = undefined; r?.(); }, held: () => release !== undefined };
}

const settle = () => new Promise((r) => setImmediate(r));

test('ok: axis poller: a wake runs a round at once; wakes during a round ask for exactly one more after it; stop waits for the round', async () => {
  const { link, rounds, release, held } = heldLink();
  const poller = startAxisPoller(link, 3_600_000, (err) => assert.fail(String(err)));
  poller.wake();
  await settle();
  assert.equal(rounds(), 1, 'the wake started a round without waiting for the tick');
  for (let i = 0; i < 20; i++) poller.wake();
  await settle();
  assert.equal(rounds(), 1, 'rounds never overlap');
  release();
  await settle();
  await settle();
  assert.equal(rounds(), 2, 'twenty wakes during the round: one more round, not twenty');
  assert.ok(held());
  release();
  await settle();
  await settle();
  assert.equal(rounds(), 2, 'nothing asked for a third');
  poller.wake();
  await settle();
  const stopping = poller.stop();
  let hasStopped = false;
  void stopping.then(() => { hasStopped = true; });
  await settle();
  assert.equal(hasStopped, false, 'stop waits for the round in progress');
  release();
  await stopping;
  poller.wake();
  await settle();
  assert.equal(rounds(), 3, 'no round after stop');
});
