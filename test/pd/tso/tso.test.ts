// The timestamp oracle: strictly increasing, batched, and never going back across a restart,
// even when the clock does.
import { describe, expect, it } from 'vitest';
import { LevelDbEngine } from '../../../kv/storage/index.js';
import { logicalOf, MAX_LOGICAL, physicalOf, type TimeStamp } from '../../../kv/txn-types.js';
import { EngineTsoStorage, TimestampOracle, TsoError } from '../../../pd/tso/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

describe('timestamp oracle', () => {
  it('hands out strictly increasing timestamps to concurrent callers, batches included', async () => {
    const engine = await LevelDbEngine.open(tempDir());
    const tso = await TimestampOracle.open(new EngineTsoStorage(engine));
    const batches = await Promise.all(Array.from({ length: 500 }, (_, i) => tso.getTs((i % 7) + 1).then((first) => ({ first, count: (i % 7) + 1 }))));
    const all: bigint[] = [];
    for (const b of batches) for (let i = 0; i < b.count; i++) all.push(b.first + BigInt(i));
    const sorted = [...all].sort((a, b) => (a < b ? -1 : 1));
    expect(new Set(all).size).toBe(all.length);
    // Results resolve in request order, so the concatenation is already sorted.
    expect(all).toEqual(sorted);
    await engine.close();
  });

  it('composes physical milliseconds and an 18-bit logical counter', async () => {
    let clock = 1_700_000_000_000;
    const saved: number[] = [];
    const tso = await TimestampOracle.open(
      { loadTimestampBound: async () => undefined, saveTimestampBound: async (b) => void saved.push(b) },
      { now: () => clock },
    );
    const a = await tso.getTs();
    expect(physicalOf(a)).toBe(clock);
    expect(logicalOf(a)).toBe(0);
    const b = await tso.getTs(10);
    expect(logicalOf(b)).toBe(1);
    clock += 5;
    const c = await tso.getTs();
    expect(physicalOf(c)).toBe(clock);
    expect(logicalOf(c)).toBe(0);
  });

  it('moves to the next millisecond when the logical counter is used up', async () => {
    const clock = 1_700_000_000_000;
    const tso = await TimestampOracle.open({ loadTimestampBound: async () => undefined, saveTimestampBound: async () => undefined }, { now: () => clock });
    const first = await tso.getTs(MAX_LOGICAL);
    const next = await tso.getTs(2);
    expect(next > first + BigInt(MAX_LOGICAL) - 1n).toBe(true);
    expect(physicalOf(next)).toBe(clock + 1);
  });

  it('persists a bound before crossing it, so a restart with a clock gone back stays monotonic', async () => {
    const dir = tempDir();
    let clock = 1_700_000_000_000;
    let engine = await LevelDbEngine.open(dir);
    let tso = await TimestampOracle.open(new EngineTsoStorage(engine), { now: () => clock, saveWindowMs: 50 });
    let last: TimeStamp = await tso.getTs();
    for (let i = 0; i < 200; i++) {
      clock += 1;
      last = await tso.getTs(3);
    }
    await engine.close();
    clock -= 10_000; // the machine's clock jumped back
    engine = await LevelDbEngine.open(dir);
    tso = await TimestampOracle.open(new EngineTsoStorage(engine), { now: () => clock, saveWindowMs: 50 });
    const after = await tso.getTs();
    expect(after > last + 2n).toBe(true);
    await engine.close();
  });

  it('rejects a batch size outside [1, 2^18)', async () => {
    const tso = await TimestampOracle.open({ loadTimestampBound: async () => undefined, saveTimestampBound: async () => undefined });
    await expect(tso.getTs(0)).rejects.toBeInstanceOf(TsoError);
    await expect(tso.getTs(MAX_LOGICAL + 1)).rejects.toBeInstanceOf(TsoError);
    expect(await tso.getTs(1)).toBeGreaterThan(0n);
  });
});
