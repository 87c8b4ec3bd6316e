// The tso workload: clients fetch timestamps from PD without pause while PD is killed with -9
// and restarted from its directory every few seconds. Every timestamp handed out must be unique
// and above every timestamp handed out before its fetch began (checkers/monotonic.ts), across
// the restarts — PD persists an upper bound before it hands out timestamps below it.
import { connect } from '../kv/client/index.js';
import { checkMonotonic, type MonotonicResult } from './checkers/monotonic.js';
import { TortureCluster } from './cluster.js';
import { HistoryRecorder } from './history.js';

export interface TsoOptions {
  readonly durationMs: number;
  readonly clients?: number;
  /** Time PD runs between kills, and stays down (ms). */
  readonly upMs?: number;
  readonly downMs?: number;
  readonly log?: (line: string) => void;
}

export interface TsoReport extends MonotonicResult {
  readonly fail: number;
  readonly info: number;
  readonly pdKills: number;
  /** The longest time from a restart of PD until a timestamp was served again (s). */
  readonly recoverySeconds: number;
}

export async function runTso(o: TsoOptions): Promise<TsoReport> {
  const cluster = await new TortureCluster({ stores: 1, raft: false, sql: false }).start();
  const client = await connect({ pd: cluster.pdAddr, pdOptions: { tsoTimeoutMs: 3000, tsoRequestTimeoutMs: 1000 } });
  try {
    const h = new HistoryRecorder<string, bigint>();
    const deadline = Date.now() + o.durationMs;
    const loops = Array.from({ length: o.clients ?? 4 }, async (_, p) => {
      while (Date.now() < deadline) await h.run(p, 'tso', 0n, async () => (await client.pd.getTs()) as bigint);
    });
    let kills = 0;
    const restarts: number[] = [];
    const nemesis = (async () => {
      for (;;) {
        await new Promise((r) => setTimeout(r, o.upMs ?? 3000));
        if (Date.now() + (o.downMs ?? 1000) >= deadline) return;
        o.log?.('nemesis: kill -9 PD');
        await cluster.killPd();
        kills++;
        await new Promise((r) => setTimeout(r, o.downMs ?? 1000));
        await cluster.startPd();
        restarts.push(h.now());
        o.log?.('nemesis: PD restarted');
      }
    })();
    await Promise.all([...loops, nemesis]);
    // one more fetch, so even a restart just before the end is followed by a served timestamp
    await h.run(0, 'tso', 0n, async () => (await client.pd.getTs()) as bigint);
    // how long after each restart the first timestamp was served (the worst one is reported)
    let recoverySeconds = 0;
    for (const at of restarts) {
      let first = Infinity;
      for (const op of h.ops) if (op.outcome === 'ok' && op.completedAt >= at && op.completedAt < first) first = op.completedAt;
      if (!Number.isFinite(first)) throw new Error(`no timestamp was served after PD's restart at ${at.toFixed(0)} ms`);
      recoverySeconds = Math.max(recoverySeconds, (first - at) / 1000);
    }
    const c = h.counts();
    return { ...checkMonotonic(h.ops), fail: c.fail, info: c.info, pdKills: kills, recoverySeconds };
  } finally {
    await client.close();
    await cluster.stop();
  }
}

export function formatTsoReport(r: TsoReport): string {
  return [
    `tso: ${r.ok} ok, ${r.fail} fail, ${r.info} info; PD killed ${r.pdKills} times; served again at most ${r.recoverySeconds.toFixed(1)} s after a restart`,
    `tso anomalies: duplicates ${r.duplicates}, real-time reorderings ${r.reorderings}${r.examples.length ? `\n  ${r.examples.join('\n  ')}` : ''}`,
  ].join('\n');
}
