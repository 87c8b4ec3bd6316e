// The cluster end to end with real processes on loopback: concurrent transfers over several
// regions keep the total, every process restarted keeps every committed write, and a client
// killed in the middle of two-phase commit leaves locks that the next reader resolves.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, WriteConflict, type StrataClient } from '../../kv/client/index.js';
import { toInternal } from '../../kv/meta.js';
import { TestCluster } from '../helpers/cluster.js';
import { suiteTempDir } from '../helpers/temp-dir.js';

const ACCOUNTS = 100;
const INITIAL = 1000;
const acct = (i: number): Buffer => Buffer.from(`acct${String(i).padStart(3, '0')}`);

async function balances(client: StrataClient): Promise<Map<string, number>> {
  const txn = await client.txn.begin();
  const pairs = await txn.scan(Buffer.from('acct'), Buffer.from('acct~'), 1000);
  await txn.rollback();
  return new Map(pairs.map((p) => [Buffer.from(p.key).toString(), Number(Buffer.from(p.value).toString())]));
}

function runFixture(pd: string, env: Record<string, string>, pairs: string[]): { done: Promise<number | null>; output: () => string; kill(): void; waitFor(line: string): Promise<void> } {
  const child = spawn(process.execPath, ['bin/run-ts.mjs', 'test/fixtures/crash-client.ts', pd, ...pairs], {
    env: { ...process.env, ...env, STRATA_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    done,
    output: () => out,
    kill: () => child.kill('SIGKILL'),
    async waitFor(line: string): Promise<void> {
      for (let i = 0; i < 300 && !out.includes(line); i++) await new Promise((r) => setTimeout(r, 50));
      if (!out.includes(line)) throw new Error(`fixture never printed '${line}':\n${out}`);
    },
  };
}

describe('a cluster of real processes', () => {
  let cluster: TestCluster;
  let client: StrataClient;

  beforeAll(async () => {
    cluster = await new TestCluster({ dataDir: suiteTempDir('strata-e2e-cluster-'), stores: 3 }).start();
    client = await connect({ pd: cluster.pdAddr });
    // Spread the accounts over five regions.
    await client.splitRegions([20, 40, 60, 80].map((at) => toInternal('txn', acct(at))));
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await cluster?.stop();
  });

  it('concurrent transfers between 100 accounts over five regions keep the total, and every read sees it', async () => {
    const init = await client.txn.begin();
    for (let i = 0; i < ACCOUNTS; i++) init.set(acct(i), Buffer.from(String(INITIAL)));
    await init.commit();
    expect((await client.pd.scanRegions(toInternal('txn', acct(0)), toInternal('txn', acct(99)), 0)).length).toBe(5);

    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let committed = 0;
    let conflicts = 0;
    const totals: number[] = [];
    const transfer = async (): Promise<void> => {
      const from = rand(ACCOUNTS);
      const to = (from + 1 + rand(ACCOUNTS - 1)) % ACCOUNTS;
      const amount = 1 + rand(50);
      for (let attempt = 0; attempt < 20; attempt++) {
        const txn = await client.txn.begin();
        const a = Number(Buffer.from((await txn.get(acct(from))) ?? '0').toString());
        const b = Number(Buffer.from((await txn.get(acct(to))) ?? '0').toString());
        if (a < amount) {
          await txn.rollback();
          return;
        }
        txn.set(acct(from), Buffer.from(String(a - amount)));
        txn.set(acct(to), Buffer.from(String(b + amount)));
        try {
          await txn.commit();
          committed++;
          return;
        } catch (err) {
          if (!(err instanceof WriteConflict)) throw err;
          conflicts++;
        }
      }
    };
    let stop = false;
    const readers = Array.from({ length: 2 }, async () => {
      while (!stop) {
        const b = await balances(client);
        totals.push([...b.values()].reduce((x, y) => x + y, 0));
        for (const v of b.values()) expect(v).toBeGreaterThanOrEqual(0);
      }
    });
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = 0; i < 25; i++) await transfer();
      }),
    );
    stop = true;
    await Promise.all(readers);
    expect(committed).toBeGreaterThan(100);
    expect(totals.length).toBeGreaterThan(0);
    expect(new Set(totals)).toEqual(new Set([ACCOUNTS * INITIAL]));
    const final = await balances(client);
    expect(final.size).toBe(ACCOUNTS);
    expect([...final.values()].reduce((x, y) => x + y, 0)).toBe(ACCOUNTS * INITIAL);
    console.log(`transfers: ${committed} committed, ${conflicts} write conflicts retried, ${totals.length} consistent reads`);
  }, 120_000);

  it('a client killed after prewrite leaves locks the next reader rolls back once their TTL runs out', async () => {
    const fixture = runFixture(cluster.pdAddr, { STRATA_FAILPOINTS: '2pc-after-prewrite=pause' }, ['crash-a=1', 'crash-z=2']);
    await fixture.waitFor('committing');
    await new Promise((r) => setTimeout(r, 500)); // let the prewrite land
    fixture.kill();
    await fixture.done;
    const started = Date.now();
    const txn = await client.txn.begin();
    expect(await txn.get(Buffer.from('crash-a'))).toBeUndefined();
    expect(await txn.get(Buffer.from('crash-z'))).toBeUndefined();
    await txn.rollback();
    expect(Date.now() - started).toBeLessThan(30_000);
    const w = await client.txn.begin();
    w.set(Buffer.from('crash-a'), Buffer.from('after'));
    await w.commit();
  }, 60_000);

  it('a client killed after committing the primary has its secondaries rolled forward by readers', async () => {
    const fixture = runFixture(cluster.pdAddr, { STRATA_FAILPOINTS: '2pc-after-primary-commit=exit' }, ['fwd-a=1', 'fwd-z=2']);
    await fixture.done;
    expect(fixture.output()).toContain('committing');
    expect(fixture.output()).not.toContain('committed\n');
    const txn = await client.txn.begin();
    expect(Buffer.from((await txn.get(Buffer.from('fwd-a'))) ?? '').toString()).toBe('1');
    expect(Buffer.from((await txn.get(Buffer.from('fwd-z'))) ?? '').toString()).toBe('2');
    await txn.rollback();
  }, 60_000);

  it('restarting every process keeps every committed write, raw and transactional', async () => {
    await client.raw.put(Buffer.from('raw-survivor'), Buffer.from('yes'));
    const before = await balances(client);
    await client.close();
    await cluster.restartAll();
    client = await connect({ pd: cluster.pdAddr });
    const after = await balances(client);
    expect(after).toEqual(before);
    expect(Buffer.from((await client.raw.get(Buffer.from('raw-survivor'))) ?? '').toString()).toBe('yes');
    expect((await client.pd.scanRegions(toInternal('txn', acct(0)), toInternal('txn', acct(99)), 0)).length).toBe(5);
  }, 120_000);

  it('a client keeps working across a restart of the store under it', async () => {
    const t = await client.txn.begin();
    t.set(Buffer.from('across-restart'), Buffer.from('before'));
    await t.commit();
    await cluster.restartStore(0);
    expect(Buffer.from((await client.raw.get(Buffer.from('raw-survivor'))) ?? '').toString()).toBe('yes');
    const w = await client.txn.begin();
    expect(Buffer.from((await w.get(Buffer.from('across-restart'))) ?? '').toString()).toBe('before');
    w.set(Buffer.from('across-restart'), Buffer.from('after'));
    await w.commit();
    const r = await client.txn.begin();
    expect(Buffer.from((await r.get(Buffer.from('across-restart'))) ?? '').toString()).toBe('after');
    await r.rollback();
  }, 120_000);
});
