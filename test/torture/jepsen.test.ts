// The short version of `npm run torture -- jepsen`: PD, three `strata kv --raft` stores and a
// `strata sql` process; bank, list-append, set and register clients through mysql2, and a register
// through the raw KV API, for ~30 s while the nemesis injects faults drawn from the seed among all
// its kinds (kill -9 / SIGSTOP of stores, kill -9 of PD, raft partitions one way, both ways and as
// a majority ring, leader shuffles and splits through PD); then heal, final reads and the checkers.
// No anomaly snapshot isolation forbids may appear. The seed is printed; STRATA_JEPSEN_SEED replays.
import { describe, expect, it } from 'vitest';
import { formatJepsenReport, runJepsen } from '../../torture/jepsen.js';

describe('Jepsen-style workloads under a nemesis', () => {
  it('keep every acknowledged write and every read consistent through crashes, pauses, partitions, leader moves and splits', async () => {
    const seed = Number(process.env.STRATA_JEPSEN_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`jepsen seed ${seed} (replay: STRATA_JEPSEN_SEED=${seed})`);
    const report = await runJepsen({ seed, durationMs: Number(process.env.STRATA_JEPSEN_MS ?? 30_000), clients: 2, nemesis: { intervalMs: 5000, holdMs: 3000 } });
    console.log(formatJepsenReport(report));
    expect(report.forbidden).toBe(0);
    expect(report.bank?.wrongTotal).toBe(0);
    expect(report.set?.lost).toBe(0);
    expect(report.register?.nonLinearizable).toEqual([]);
    expect(report.rawRegister?.nonLinearizable).toEqual([]);
    expect(report.sequential?.anomalies).toBe(0);
    // the run did something: the checkers saw committed work of every workload
    for (const [w, c] of Object.entries(report.ops)) expect(c.ok, `${w} committed nothing`).toBeGreaterThan(0);
    expect(Object.values(report.faults ?? {}).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  }, 240_000);
});
