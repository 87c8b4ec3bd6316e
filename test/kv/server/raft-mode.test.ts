// `strata kv --raft` in one process: PD and three KV servers over real gRPC, regions replicated
// by kv/raftstore. The first store bootstraps a one-peer region and its leader adds replicas on
// the other stores as they register; the raw API works through kv/client unchanged; a split goes
// through the raft log; when the leader's store stops, the client finds the new leader and every
// acknowledged write is there; the stopped store restarts from its directory and catches up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect, type StrataClient } from '../../../kv/client/index.js';
import { toInternal } from '../../../kv/meta.js';
import { startKvServer, type KvServer } from '../../../kv/server/index.js';
import { startPdServer, type PdServer } from '../../../pd/server/index.js';
import { eventually } from '../raftstore/support/cluster.js';

interface StatusRegion {
  readonly id: number;
  readonly peers?: number;
  readonly leader?: boolean;
}

const dir = mkdtempSync(join(tmpdir(), 'strata-raft-mode-'));
let pd: PdServer | undefined;
const stores: (KvServer | undefined)[] = [];
let client: StrataClient | undefined;

afterAll(async () => {
  await client?.close();
  for (const s of stores) await s?.stop();
  await pd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function startStore(i: number): Promise<KvServer> {
  return startKvServer({
    pd: `127.0.0.1:${pd?.grpcPort}`,
    dataDir: join(dir, `kv-${i}`),
    addr: '127.0.0.1:0',
    statusAddr: '127.0.0.1:0',
    heartbeatMs: 100,
    raft: true,
    raftConfig: { tickMs: 20, electionTicks: 10, heartbeatTicks: 2 },
  });
}

async function status(s: KvServer): Promise<StatusRegion[]> {
  const res = await fetch(`http://127.0.0.1:${s.statusPort}/status`);
  return ((await res.json()) as { regions: StatusRegion[] }).regions;
}

const b = (x: string): Buffer => Buffer.from(x);

describe('strata kv --raft', () => {
  it('replicates regions to 3 stores, serves the raw API, splits through raft, fails over and catches up', async () => {
    pd = await startPdServer({ dataDir: join(dir, 'pd'), grpcAddr: '127.0.0.1:0', httpAddr: '127.0.0.1:0' });
    for (let i = 0; i < 3; i++) stores.push(await startStore(i + 1));
    await eventually(
      'every store holds a replica of the first region',
      async () => {
        for (const s of stores) if ((await status(s as KvServer)).length === 0) return false;
        return true;
      },
      20_000,
    );
    client = await connect({ pd: `127.0.0.1:${pd.grpcPort}` });
    const t0 = performance.now();
    for (let i = 0; i < 40; i++) await client.raw.put(b(`k${String(i).padStart(2, "0")}`), b(`v${i}`));
    console.log(`40 sequential raw puts: ${(performance.now() - t0).toFixed(0)} ms`);
    expect((await client.raw.get(b('k07')))?.toString()).toBe('v7');
    // Percolator through the raft log: prewrite and commit are proposals, reads wait for a read point.
    const t = await client.txn.begin();
    t.set(b('a'), b('1'));
    t.set(b('z'), b('2'));
    await t.commit();
    const r = await client.txn.begin();
    expect((await r.get(b('a')))?.toString()).toBe('1');
    expect((await r.get(b('z')))?.toString()).toBe('2');

    const regions = await client.splitRegions([toInternal('raw', b('k20'))]);
    expect(regions.length).toBeGreaterThanOrEqual(2);
    await eventually(
      'both halves on every store',
      async () => {
        for (const s of stores) if ((await status(s as KvServer)).length < 2) return false;
        return true;
      },
      20_000,
    );
    expect((await client.raw.scan(b('k00'), b('k99'), 100)).length).toBe(40);

    // Stop the store that leads the first region (the lowest keys).
    const leading = [];
    for (const s of stores) leading.push((await status(s as KvServer)).some((r) => r.leader && r.id === Math.min(...regions.map((x) => x.id))));
    const victim = leading.indexOf(true);
    expect(victim).toBeGreaterThanOrEqual(0);
    await stores[victim]?.stop();
    stores[victim] = undefined;
    for (let i = 0; i < 40; i++) expect((await client.raw.get(b(`k${String(i).padStart(2, '0')}`)))?.toString()).toBe(`v${i}`);
    for (let i = 40; i < 50; i++) await client.raw.put(b(`k${i}`), b(`v${i}`));
    const after = await client.txn.begin();
    expect((await after.get(b('a')))?.toString()).toBe('1');

    // Back from its directory (on new ports): it rejoins and catches up by log.
    stores[victim] = await startStore(victim + 1);
    await eventually(
      'the restarted store reports both regions again',
      async () => (await status(stores[victim] as KvServer)).length >= 2,
      20_000,
    );
    expect((await client.raw.scan(b('k00'), b('k99'), 100)).length).toBe(50);
  });

  it('refuses to start on a data dir the other mode wrote, and says how to start it', async () => {
    // kv-1 holds raft replicas: a store keeping one copy per region would serve none of them.
    const i = stores.findIndex((s) => s !== undefined);
    await stores[i]?.stop();
    stores[i] = undefined;
    const pdAddr = `127.0.0.1:${pd?.grpcPort}`;
    const single = (dataDir: string, p = pdAddr): Promise<KvServer> => startKvServer({ pd: p, dataDir, addr: '127.0.0.1:0', statusAddr: '127.0.0.1:0', raft: false });
    await expect(single(join(dir, `kv-${i + 1}`))).rejects.toThrow(/holds raft replicas.*--raft=false/);
    stores[i] = await startStore(i + 1); // still fine in its own mode

    // The other way round: a single-copy store that bootstrapped its own cluster, restarted with raft.
    const pd2 = await startPdServer({ dataDir: join(dir, 'pd2'), grpcAddr: '127.0.0.1:0', httpAddr: '127.0.0.1:0' });
    try {
      const copyDir = join(dir, 'single');
      await (await single(copyDir, `127.0.0.1:${pd2.grpcPort}`)).stop();
      await expect(
        startKvServer({ pd: `127.0.0.1:${pd2.grpcPort}`, dataDir: copyDir, addr: '127.0.0.1:0', statusAddr: '127.0.0.1:0', raft: true }),
      ).rejects.toThrow(/one copy per region \(--raft=false\); start it with --raft=false/);
    } finally {
      await pd2.stop();
    }
  });
});
