// Randomized simulation under network and node faults: drops, duplicates, delays, reordering,
// partitions (symmetric and one-way), crashes with restart from persisted state, log compaction.
// Every seed checks the safety properties throughout and liveness after healing (support/sim.ts).
// RAFT_SEEDS=n runs n seeds per scenario; RAFT_SEED=n replays one.
import { describe, expect, it } from 'vitest';
import { runSeeds, seedsFor, type SimOptions } from './support/sim.js';

const FILE = 'test/kv/raft/sim-faults.test.ts';

const base: SimOptions = {
  voters: 3,
  chaosTicks: 150,
  healTicks: 400,
  dropRate: 0.1,
  dupRate: 0.05,
  maxDelay: 3,
  partitionRate: 0.03,
  crashRate: 0.01,
  restartRate: 0.05,
  proposeRate: 0.3,
  compactRate: 0.05,
};

describe('raft simulation: faults', () => {
  it('three voters stay safe and live under drops, duplicates, delays, partitions and crashes', () => {
    const r = runSeeds(FILE, seedsFor(500, 1_000_000), base);
    console.log(`${FILE}: ${r.summary}`);
    expect(r.stats.elections).toBeGreaterThan(0);
    expect(r.maxHealTicks).toBeLessThan(base.healTicks);
  });

  it('five voters stay safe and live under heavier loss and longer delays', () => {
    const opts: SimOptions = { ...base, voters: 5, dropRate: 0.2, maxDelay: 5, crashRate: 0.02, partitionRate: 0.05 };
    const r = runSeeds(FILE, seedsFor(400, 2_000_000), opts);
    console.log(`${FILE}: ${r.summary}`);
    expect(r.stats.crashes).toBeGreaterThan(0);
    expect(r.stats.snapshots).toBeGreaterThan(0);
  });

  it('five voters stay safe under heavy leader churn with one entry per message', () => {
    // Frequent crashes and partitions with entries replicated one per MsgApp and a window of one:
    // many leaders in quick succession, each finding followers at different points of its log.
    const opts: SimOptions = {
      ...base,
      voters: 5,
      dropRate: 0.2,
      maxDelay: 6,
      partitionRate: 0.1,
      crashRate: 0.05,
      restartRate: 0.2,
      proposeRate: 0.6,
      maxSizePerMsg: 1,
      maxInflightMsgs: 1,
    };
    const seeds = seedsFor(300, 5_000_000);
    const r = runSeeds(FILE, seeds, opts);
    console.log(`${FILE}: ${r.summary}`);
    expect(r.stats.elections).toBeGreaterThanOrEqual(seeds.length);
  });
});
