// KV benchmark (issues "Cluster" and 10): raw put/get/scan and 1-key / 10-key transactions through
// gRPC against real PD and KV processes, with 1 and 16 concurrent clients, on two deployments in
// the same run — one store without raft (1 replica) and three stores with `--raft` (3 replicas,
// measured once every region has three voters) — with the replication cost as a ratio, beside the
// in-process MVCC figures (the cost of the network hop and the client).
//
//   npm run bench -- kv [--n 5000] [--replicas 1,3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StrataClient } from '../kv/client/index.js';
import { TxnStore } from '../kv/mvcc/index.js';
import { LevelDbEngine } from '../kv/storage/index.js';
import type { Mutation } from '../kv/txn-types.js';
import { TimestampOracle } from '../pd/tso/index.js';
import { measure, numArg, progress, strArg, table, type Rate } from './harness.js';
import { startBenchCluster, waitForVoters } from './servers.js';

const VALUE = Buffer.alloc(100, 0x61);
const key = (p: string, i: number): Buffer => Buffer.from(`${p}${String(i).padStart(10, '0')}`);
const CLIENTS = [1, 16] as const;

/** Every gRPC workload at every client count against one cluster: workload@clients → rate. */
async function grpcSuite(client: StrataClient, n: number, label: string): Promise<Map<string, Rate>> {
  const out = new Map<string, Rate>();
  const add = (name: string, c: number, r: Rate): void => {
    out.set(`${name}@${c}`, r);
  };
  for (const c of CLIENTS) {
    progress(`${label}: raw put/get/scan, ${c} client(s)`);
    add('raw put', c, await measure(n, (i) => client.raw.put(key(`c${c}-`, i), VALUE), c));
    add('raw get', c, await measure(n, (i) => client.raw.get(key(`c${c}-`, i % n)), c));
    add('raw scan 100 keys (scans/s)', c, await measure(Math.floor(n / 20), (i) => client.raw.scan(key(`c${c}-`, (i * 100) % n), undefined, 100), c));
    progress(`${label}: transactions, ${c} client(s)`);
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
    add('txn scan 100 keys (scans/s)', c, await measure(Math.floor(n / 20), async (i) => {
      const t = await client.txn.begin();
      await t.scan(key(`t1-${c}-`, (i * 100) % n), key(`t1-${c}-`, n), 100);
      await t.rollback();
    }, c));
  }
  return out;
}

const WORKLOADS = ['raw put', 'raw get', 'raw scan 100 keys (scans/s)', 'txn 1 key', 'txn 10 keys', 'txn get', 'txn scan 100 keys (scans/s)'] as const;

/** In-process Percolator over LevelDB in the same run: what the gRPC figures add to. */
async function inProcess(n: number): Promise<(string | number)[][]> {
  progress('in-process MVCC for comparison');
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-kv-local-'));
  const rows: (string | number)[][] = [];
  try {
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
    for (const c of CLIENTS) {
      rows.push(['in-process MVCC txn 1 key (synced)', String(c), (await measure(n, (i) => localTxn([key(`l${c}-`, i)]), c)).perSecond]);
      const readTs = await tso.getTs();
      rows.push(['in-process MVCC get', String(c), (await measure(n, (i) => store.get(key(`l${c}-`, i % n), readTs), c)).perSecond]);
    }
    await engine.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export async function run(args: string[]): Promise<void> {
  const n = numArg(args, 'n', 5000);
  const replicas = (strArg(args, 'replicas') ?? '1,3').split(',').map(Number);
  if (replicas.some((r) => r !== 1 && r !== 3)) throw new Error('--replicas takes 1, 3 or 1,3');
  const results = new Map<number, Map<string, Rate>>();
  for (const r of replicas) {
    const label = r === 1 ? '1 replica' : '3 replicas (raft)';
    const cluster = await startBenchCluster('kv', r === 1 ? { raft: false } : { stores: 3, raft: true });
    try {
      if (r === 3) await waitForVoters(cluster.cluster, 3);
      results.set(r, await grpcSuite(cluster.client, n, label));
    } finally {
      await cluster.stop();
    }
  }
  const local = await inProcess(n);

  const headers = ['workload', 'clients', ...replicas.map((r) => (r === 1 ? '1 replica ops/s' : '3 replicas ops/s'))];
  const both = results.has(1) && results.has(3);
  if (both) headers.push('3 / 1 replicas');
  const rows: (string | number)[][] = [];
  for (const c of CLIENTS) {
    for (const w of WORKLOADS) {
      const row: (string | number)[] = [w, String(c), ...replicas.map((r) => results.get(r)?.get(`${w}@${c}`)?.perSecond ?? '-')];
      if (both) {
        const one = results.get(1)?.get(`${w}@${c}`)?.perSecond ?? NaN;
        const three = results.get(3)?.get(`${w}@${c}`)?.perSecond ?? NaN;
        row.push((three / one).toFixed(2));
      }
      rows.push(row);
    }
  }
  console.log(
    `
KV through gRPC, ${n} ops per figure, 100-byte values, synced writes: 1 replica = PD + 1 store without raft; 3 replicas = PD + 3 stores with --raft, every region with 3 voters
`,
  );
  console.log(table(headers, rows));
  console.log('');
  console.log(table(['in-process (no gRPC)', 'clients', 'ops/s'], local));
}
