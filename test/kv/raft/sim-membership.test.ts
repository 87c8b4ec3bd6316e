// Randomized simulation of membership changes under faults: voters added and removed one at a
// time, learners added and promoted, joint consensus entered and left (automatically or on
// request), with drops, partitions, crashes and compaction going on. Safety is checked throughout
// and liveness after healing (support/sim.ts). RAFT_SEEDS=n / RAFT_SEED=n as in sim-faults.
import { describe, expect, it } from 'vitest';
import { runSeeds, seedsFor, type SimOptions } from './support/sim.js';

const FILE = 'test/kv/raft/sim-membership.test.ts';

const opts: SimOptions = {
  voters: 3,
  spares: 2,
  chaosTicks: 200,
  healTicks: 400,
  dropRate: 0.1,
  dupRate: 0.05,
  maxDelay: 3,
  partitionRate: 0.02,
  crashRate: 0.01,
  restartRate: 0.05,
  proposeRate: 0.25,
  compactRate: 0.05,
  confChangeRate: 0.08,
  transferRate: 0.01,
  readRate: 0.05,
};

describe('raft simulation: membership changes', () => {
  it('voters, learners and joint configurations change under faults without losing safety or liveness', () => {
    const r = runSeeds(FILE, seedsFor(600, 3_000_000), opts);
    console.log(`${FILE}: ${r.summary}`);
    expect(r.stats.confChanges).toBeGreaterThan(0);
  });
});
