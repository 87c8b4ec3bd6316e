// kv-without-pd: acknowledged writes, then every store killed -9 and PD paused (SIGSTOP) for
// longer than any client's retry window; the stores are started while PD cannot answer, then PD
// resumes. The cluster must come back by itself — no operator restarting what gave up — and
// every acknowledged write must still be there.
import { connect } from '../kv/client/index.js';
import { TortureCluster } from './cluster.js';

export interface KvWithoutPdOptions {
  readonly keys?: number;
  /** How long PD stays paused after the stores were started (ms); above the 10 s retry budget. */
  readonly pdPauseMs?: number;
  readonly log?: (line: string) => void;
}

export interface KvWithoutPdReport {
  readonly written: number;
  readonly lost: number;
  /** Seconds from PD's resume until every key was read back. */
  readonly recoverySeconds: number;
  /** Stores that exited while PD was away (had to be started again by the check). */
  readonly storesThatGaveUp: number;
}

const key = (i: number): Buffer => Buffer.from(`kvnopd/${String(i).padStart(6, '0')}`);

export async function runKvWithoutPd(o: KvWithoutPdOptions = {}): Promise<KvWithoutPdReport> {
  const log = o.log ?? (() => undefined);
  const cluster = await new TortureCluster({ stores: 3, raft: true, sql: false }).start();
  try {
    const n = o.keys ?? 200;
    const writer = await connect({ pd: cluster.pdAddr });
    try {
      for (let i = 0; i < n; i += 20) {
        const t = await writer.txn.begin();
        for (let j = i; j < Math.min(n, i + 20); j++) t.set(key(j), Buffer.from(String(j)));
        await t.commit();
      }
    } finally {
      await writer.close();
    }
    log(`${n} keys written; killing every store, pausing PD`);
    for (let i = 0; i < cluster.stores.length; i++) await cluster.killStore(i);
    cluster.pausePd();
    for (let i = 0; i < cluster.stores.length; i++) cluster.spawnStore(i);
    await new Promise((r) => setTimeout(r, o.pdPauseMs ?? 15_000));
    let gaveUp = 0;
    for (let i = 0; i < cluster.stores.length; i++) if (!cluster.isRunning(i)) gaveUp++;
    log(`resuming PD (${gaveUp} stores exited meanwhile)`);
    cluster.resumePd();
    const resumed = Date.now();
    // the check starts stores that gave up, so the data can still be verified; the report says so
    for (let i = 0; i < cluster.stores.length; i++) if (!cluster.isRunning(i)) cluster.spawnStore(i);
    const reader = await connect({ pd: cluster.pdAddr });
    try {
      let lost = n;
      for (;;) {
        try {
          const t = await reader.txn.begin();
          const pairs = await t.scan(key(0), key(n), n + 1);
          const found = new Set(pairs.map((p) => p.key.toString()));
          lost = Array.from({ length: n }, (_, i) => key(i).toString()).filter((k) => !found.has(k)).length;
          break;
        } catch (err) {
          if (Date.now() - resumed > 90_000) throw new Error(`the cluster did not serve within 90 s of PD's resume: ${(err as Error).message}`, { cause: err });
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      return { written: n, lost, recoverySeconds: (Date.now() - resumed) / 1000, storesThatGaveUp: gaveUp };
    } finally {
      await reader.close();
    }
  } finally {
    await cluster.stop();
  }
}
