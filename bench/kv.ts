// KV benchmark (issue "Cluster"): raw put/get/scan and 1-key / 10-key transactions through gRPC
// against real PD and KV processes, with 1 and 16 concurrent clients, beside the in-process MVCC
// figures of the same run (the cost of the network hop and the client).
//
//   npm run bench -- kv [--n 5000]
import { join } from 'node:path';
import { TxnStore } from '../kv/mvcc/index.js';
import { LevelDbEngine } from '../kv/storage/index.js';
import type { Mutation } from '../kv/txn-types.js';
import { TimestampOracle } from '../pd/tso/index.js';
import { measure, progress, table, type Rate } from './harness.js';
import { startBenchCluster } from './servers.js';

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

const VALUE = Buffer.alloc(100, 0x61);
const key = (p: string, i: number): Buffer => Buffer.from(`${p}${String(i).padStart(10, '0')}`);

export async function run(args: string[]): Promise<void> {
  const n = arg(args, 'n', 5000);
  const cluster = await startBenchCluster('kv');
  const { client, dir } = cluster;
  try {
    const rows: (string | number)[][] = [];
    const add = (name: string, c: number, r: Rate): void => {
      rows.push([name, c, r.perSecond]);
    };
    try {
      for (const c of [1, 16]) {
        progress(`raw put/get/scan, ${c} client(s)`);
        add('raw put', c, await measure(n, (i) => client.raw.put(key(`c${c}-`, i), VALUE), c));
        add('raw get', c, await measure(n, (i) => client.raw.get(key(`c${c}-`, i % n)), c));
        add('raw scan 100 keys (scans/s)', c, await measure(Math.floor(n / 20), (i) => client.raw.scan(key(`c${c}-`, (i * 100) % n), undefined, 100), c));
        progress(`transactions, ${c} client(s)`);
        add('txn 1 key', c, await measure(n, async (i) => {
          const t = await client.txn.begin();
          t.set(key(`t1-${c}-`, i), VALUE);
          await t.commit();
        }, c));
        add('txn 10 keys', c, await measure(Math.floor(n / 10), async (i) => {
          const t = await client.txn.begin();
          for (let j = 0; j < 10; j++) t.set(key(`t10-${c}-`, i * 10 + j), VALUE);
          await t.commit();
        }, c));
        add('txn get', c, await measure(n, async (i) => {
          const t = await client.txn.begin();
          await t.get(key(`t1-${c}-`, i % n));
          await t.rollback();
        }, c));
      }
    } finally {
      await client.close();
    }

    progress('in-process MVCC for comparison');
    const engine = await LevelDbEngine.open(join(dir, 'local'));
    const store = new TxnStore(engine, { sync: true });
    const tso = await TimestampOracle.open({ loadTimestampBound: async () => undefined, saveTimestampBound: async () => undefined });
    const localTxn = async (keys: Buffer[]): Promise<void> => {
      const startTs = await tso.getTs();
      const muts: Mutation[] = keys.map((k) => ({ op: 'put', key: k, value: VALUE }));
      await store.prewrite(muts, { startTs, primary: keys[0] as Buffer, ttl: 3000 });
      const commitTs = await tso.getTs();
      await store.commit(keys, startTs, commitTs);
    };
    for (const c of [1, 16]) {
      add('in-process MVCC txn 1 key (synced)', c, await measure(n, (i) => localTxn([key(`l${c}-`, i)]), c));
      const readTs = await tso.getTs();
      add('in-process MVCC get', c, await measure(n, (i) => store.get(key(`l${c}-`, i % n), readTs), c));
    }
    await engine.close();

    console.log(`\nKV through gRPC: 1 PD + 1 KV store as processes, ${n} ops per figure, 100-byte values, synced writes\n`);
    console.log(table(['workload', 'clients', 'ops/s'], rows));
  } finally {
    await cluster.stop();
  }
}
