// Randomized simulation of linearizable reads and leader transfers under faults: ReadIndex on
// leaders and through followers must never return a read point below what was applied anywhere
// before the read began, and transfers must never break election safety (support/sim.ts).
// RAFT_SEEDS=n / RAFT_SEED=n as in sim-faults.
import { describe, expect, it } from 'vitest';
import { runSeeds, seedsFor, type SimOptions } from './support/sim.js';

const FILE = 'test/kv/raft/sim-reads.test.ts';

const opts: SimOptions = {
  voters: 3,
  chaosTicks: 150,
  healTicks: 400,
  dropRate: 0.1,
  dupRate: 0.1,
  maxDelay: 4,
  partitionRate: 0.03,
  crashRate: 0.01,
  restartRate: 0.05,
  proposeRate: 0.3,
  compactRate: 0.03,
  transferRate: 0.05,
  readRate: 0.3,
};

describe('raft simulation: reads and leader transfers', () => {
  it('read indexes stay linearizable and transfers stay safe under faults', () => {
    const r = runSeeds(FILE, seedsFor(500, 4_000_000), opts);
    console.log(`${FILE}: ${r.summary}`);
    expect(r.stats.reads).toBeGreaterThan(0);
    expect(r.stats.transfers).toBeGreaterThan(0);
  });
});
