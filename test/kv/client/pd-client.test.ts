// PdClient against a real PD server (gRPC on loopback): batched timestamps, metadata calls, a
// PD restart in the middle of requests, PD staying down, and close() leaving nothing running.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientClosed, PdClient, PdUnavailable } from '../../../kv/client/index.js';
import type { TimeStamp } from '../../../kv/txn-types.js';
import { InProcessCluster } from '../../helpers/in-process-cluster.js';

describe('PdClient against a real PD', () => {
  let cluster: InProcessCluster;
  let pd: PdClient;

  beforeAll(async () => {
    cluster = await InProcessCluster.start(1);
    pd = await PdClient.connect(cluster.pdAddr);
  });

  afterAll(async () => {
    pd?.close();
    await cluster?.stop();
  });

  it('learns the cluster id on connect', () => {
    expect(pd.clusterId).toBe(cluster.pd.clusterId);
  });

  it('concurrent getTs calls are batched on the stream and all distinct and increasing per caller', async () => {
    const before = pd.tsoRequestsSent;
    const perCaller = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const mine: TimeStamp[] = [];
        for (let i = 0; i < 20; i++) mine.push(await pd.getTs());
        return mine;
      }),
    );
    const all = perCaller.flat();
    expect(new Set(all.map(String)).size).toBe(1000);
    for (const mine of perCaller) for (let i = 1; i < mine.length; i++) expect(mine[i] as bigint).toBeGreaterThan(mine[i - 1] as bigint);
    expect(pd.tsoRequestsSent - before).toBeLessThan(500);
  });

  it('answers regions, stores, ids and the GC safe point', async () => {
    const info = await pd.getRegion(Buffer.from('xanything'));
    expect(info?.region.peers.length).toBeGreaterThan(0);
    expect((await pd.getRegionById(info?.region.id ?? 0))?.region.id).toBe(info?.region.id);
    expect(await pd.getRegionById(999_999)).toBeUndefined();
    expect((await pd.scanRegions(Buffer.alloc(0), Buffer.alloc(0), 0)).length).toBeGreaterThan(0);
    const store = await pd.getStore(cluster.stores[0]?.storeId ?? 0);
    expect(store.address).toBe(cluster.stores[0]?.address);
    const all = await pd.getAllStores();
    expect(all.map((s) => s.store.id)).toContain(store.id);
    expect(all[0]?.liveness).toBe('up');
    const a = await pd.allocId();
    expect(await pd.allocId()).toBeGreaterThan(a);
    const ts = await pd.getTs();
    expect(await pd.updateGcSafePoint(ts)).toBe(ts);
    expect(await pd.updateGcSafePoint((ts - 1000n) as TimeStamp)).toBe(ts); // never moves back
    expect(await pd.getGcSafePoint()).toBe(ts);
  });

  it('a PD restart pauses requests in flight instead of failing them; timestamps keep growing', async () => {
    const before = await pd.getTs();
    await cluster.stopPd();
    const during = Promise.all([pd.getTs(), pd.getTs(), pd.getTs(), pd.getRegion(Buffer.from('xk'))]);
    await new Promise((r) => setTimeout(r, 500));
    await cluster.startPd();
    const [t1, t2, t3, region] = await during;
    for (const t of [t1, t2, t3]) expect(t).toBeGreaterThan(before);
    expect(new Set([t1, t2, t3].map(String)).size).toBe(3);
    expect(region?.region.id).toBeGreaterThan(0);
    expect(await pd.getTs()).toBeGreaterThan(t3);
  });

  it('PD down for longer than the deadline: PdUnavailable, then it works again once PD is back', async () => {
    const impatient = await PdClient.connect(cluster.pdAddr, { retryBudgetMs: 300, tsoTimeoutMs: 300 });
    try {
      await impatient.getTs();
      await cluster.stopPd();
      await expect(impatient.getTs()).rejects.toBeInstanceOf(PdUnavailable);
      await expect(impatient.allocId()).rejects.toBeInstanceOf(PdUnavailable);
      await cluster.startPd();
      // The channel reconnects within its own backoff (<= 1 s): a few short attempts suffice.
      let ts: TimeStamp | undefined;
      for (let i = 0; i < 20 && ts === undefined; i++) ts = await impatient.getTs().catch(() => undefined);
      expect(ts).toBeGreaterThan(0n);
    } finally {
      impatient.close();
    }
  });

  it('close() fails waiting and later calls with ClientClosed', async () => {
    const c = await PdClient.connect(cluster.pdAddr);
    await c.getTs();
    c.close();
    await expect(c.getTs()).rejects.toBeInstanceOf(ClientClosed);
    await expect(c.allocId()).rejects.toBeInstanceOf(ClientClosed);
  });

  it('a process that closed its client exits on its own (no stream, channel or timer left)', async () => {
    const child = spawn(process.execPath, ['bin/run-ts.mjs', 'test/kv/client/fixtures/close-exits.ts', cluster.pdAddr], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STRATA_LOG: 'warn' },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(-1);
      }, 20_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(out).toContain('closed');
    expect(code, out).toBe(0);
    const c = await cluster.client();
    const txn = await c.txn.begin();
    expect(Buffer.from((await txn.get(Buffer.from('exit-z'))) ?? '').toString()).toBe('2');
  }, 30_000);
});
