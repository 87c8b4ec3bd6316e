// A network partition of Raft traffic with real processes on loopback: PD and three
// `strata kv --raft` stores started with the testing fail-point on (STRATA_FAILPOINTS_HTTP=1,
// kv/raftstore/partition-failpoint.ts). The store leading the first region is cut off from the
// other two, both ways, through `POST /fail/partition` on each side's status port. Then:
// - the isolated leader loses leadership by itself (check-quorum), and a raw write sent straight
//   to it while it was leader is never acknowledged;
// - the majority elects new leaders and keeps serving: transactions commit on keys of every
//   region, including the one whose only leader was on the minority side, and reads see them;
// - after healing, every store agrees: each store in turn is made leader of each region (a PD
//   operator, as `strata ctl region transfer-leader`) and answers every key with the value the
//   majority committed, and none of them holds the write the minority took.
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, WriteConflict, type StrataClient } from '../../kv/client/index.js';
import { toInternal, type Region } from '../../kv/meta.js';
import { regionToPb } from '../../kv/proto/convert.js';
import { kvProto } from '../../kv/proto/index.js';
import type { KvClient } from '../../kv/proto/generated/strata/kv/Kv.js';
import type { Context } from '../../kv/proto/generated/strata/kv/Context.js';
import type { RegionError__Output } from '../../kv/proto/generated/strata/kv/RegionError.js';
import { TestCluster } from '../helpers/cluster.js';
import { suiteTempDir } from '../helpers/temp-dir.js';

const KEYS = 20;
const key = (i: number): Buffer => Buffer.from(`k${String(i).padStart(3, '0')}`);
const SPLIT_AT = 10;

interface StatusRegion {
  readonly id: number;
  readonly voters?: number;
  readonly leader?: boolean;
}

interface StoreStatus {
  readonly store_id: number;
  readonly regions: StatusRegion[];
}

async function statusOf(statusPort: number): Promise<StoreStatus> {
  const res = await fetch(`http://127.0.0.1:${statusPort}/status`, { signal: AbortSignal.timeout(2000) });
  return (await res.json()) as StoreStatus;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await check().catch(() => false);
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function partition(statusPort: number, body: object): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${statusPort}/fail/partition`, { method: 'POST', body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
}

function unary<Res>(fn: (deadline: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res?: Res) => void) => void, ms: number): Promise<Res> {
  return new Promise((resolve, reject) => fn({ deadline: Date.now() + ms }, (err, res) => (err ? reject(err) : resolve(res as Res))));
}

const context = (r: Region, storeId: number): Context => {
  const pb = regionToPb(r);
  const peer = pb.peers?.find((p) => p.store_id === String(storeId));
  if (!peer) throw new Error(`store ${storeId} holds no peer of region ${r.id}`);
  return { region_id: String(r.id), region_epoch: pb.region_epoch ?? null, peer };
};

const describeError = (e: RegionError__Output | null): string => (e ? (e.not_leader ? 'NotLeader' : e.message || 'region error') : '');

describe('a raft partition between real store processes', () => {
  let cluster: TestCluster;
  let client: StrataClient;
  const kv = new Map<number, KvClient>();
  const storeIds: number[] = [];

  beforeAll(async () => {
    cluster = await new TestCluster({
      dataDir: suiteTempDir('strata-e2e-partition-'),
      stores: 3,
      raft: true,
      storeArgs: ['--heartbeat-interval', '300ms'],
      storeEnv: { STRATA_FAILPOINTS_HTTP: '1' },
    }).start();
    const Kv = kvProto().strata.kv.Kv;
    for (const s of cluster.stores) {
      const st = await statusOf(s.statusPort);
      storeIds.push(st.store_id);
      kv.set(st.store_id, new Kv(`127.0.0.1:${s.port}`, grpc.credentials.createInsecure()) as unknown as KvClient);
    }
    await until('every store holds a replica', async () => (await Promise.all(cluster.stores.map((s) => statusOf(s.statusPort)))).every((st) => st.regions.length > 0), 60_000);
    client = await connect({ pd: cluster.pdAddr });
    await client.splitRegions([toInternal('txn', key(SPLIT_AT))]);
    await until(
      // three voters, not two and a learner still being promoted: the cut must leave a quorum
      'every store holds both regions with 3 voters',
      async () => (await Promise.all(cluster.stores.map((s) => statusOf(s.statusPort)))).every((st) => st.regions.length === 2 && st.regions.every((r) => r.voters === 3)),
      60_000,
    );
  }, 120_000);

  afterAll(async () => {
    for (const c of kv.values()) c.close();
    await client?.close();
    await cluster?.stop();
  });

  const regionAt = async (internalKey: Buffer): Promise<Region> => {
    const info = await client.pd.getRegion(internalKey);
    if (!info) throw new Error('PD knows no region');
    return info.region;
  };

  const put = async (i: number, value: string): Promise<void> => {
    for (;;) {
      try {
        const t = await client.txn.begin();
        t.set(key(i), Buffer.from(value));
        await t.commit();
        return;
      } catch (err) {
        if (!(err instanceof WriteConflict)) throw err;
      }
    }
  };

  it('the majority serves, the isolated leader steps down and commits nothing, and after healing every store agrees', async () => {
    for (let i = 0; i < KEYS; i++) await put(i, `before-${i}`);

    // The victim: the store leading the first region (which holds the raw keyspace too).
    const first = await regionAt(toInternal('raw', Buffer.from('minority')));
    let victim = -1;
    await until('the first region has a leader', async () => {
      const sts = await Promise.all(cluster.stores.map((s) => statusOf(s.statusPort)));
      victim = sts.findIndex((st) => st.regions.some((r) => r.id === first.id && r.leader));
      return victim >= 0;
    }, 20_000);
    const victimId = storeIds[victim] as number;
    const others = storeIds.filter((id) => id !== victimId);
    const victimPort = (cluster.stores[victim] as { statusPort: number }).statusPort;

    // Cut it off, both ways, and tell both sides.
    const cutAt = Date.now();
    await partition(victimPort, { drop: others });
    for (const [i, s] of cluster.stores.entries()) if (i !== victim) await partition(s.statusPort, { drop: [victimId] });

    // A raw write straight to the isolated leader: it can only sit in the minority's log.
    const victimKv = kv.get(victimId) as KvClient;
    const minorityWrite = unary<{ region_error: RegionError__Output | null; error: string }>(
      (o, cb) => victimKv.RawPut({ context: context(first, victimId), key: Buffer.from('minority'), value: Buffer.from('must-not-commit') }, o, cb),
      25_000,
    ).then(
      (res) => (res.region_error || res.error ? `refused (${describeError(res.region_error) || res.error})` : 'acknowledged'),
      (err: unknown) => `failed (${(err as Error).message})`,
    ).then((what) => ({ what, at: Date.now() }));

    // Check-quorum: the isolated leader hears no quorum and steps down by itself.
    await until('the isolated store leads no region', async () => (await statusOf(victimPort)).regions.every((r) => !r.leader), 10_000);
    const steppedDownMs = Date.now() - cutAt;

    // The majority elects leaders for every region and keeps committing and reading.
    for (let i = 0; i < KEYS; i++) await put(i, `during-${i}`);
    const servedMs = Date.now() - cutAt;
    const snap = await client.txn.begin();
    for (let i = 0; i < KEYS; i++) expect((await snap.get(key(i)))?.toString()).toBe(`during-${i}`);
    await snap.rollback();
    const majorityLeaders = await Promise.all(cluster.stores.map(async (s, i) => (i === victim ? 0 : (await statusOf(s.statusPort)).regions.filter((r) => r.leader).length)));
    expect(majorityLeaders.reduce((a, b) => a + b, 0)).toBe(2);
    // The isolated store still cannot commit, and still leads nothing.
    expect((await statusOf(victimPort)).regions.some((r) => r.leader)).toBe(false);

    // Heal.
    const healedAt = Date.now();
    for (const s of cluster.stores) await partition(s.statusPort, { drop: [] });
    const outcome = await minorityWrite;
    expect(outcome.what).not.toBe('acknowledged');

    // Every store in turn leads each region and answers that region's keys itself (PD's
    // balance-leader may take a leadership away again in between: then ask once more).
    const regions = [await regionAt(toInternal('raw', Buffer.alloc(0))), await regionAt(toInternal('txn', key(SPLIT_AT)))];
    const keysOf = (r: Region): number[] => Array.from({ length: KEYS }, (_, k) => k).filter((k) => (k < SPLIT_AT) === (r.id === regions[0]?.id));
    for (const [i, s] of cluster.stores.entries()) {
      const storeId = storeIds[i] as number;
      const store = kv.get(storeId) as KvClient;
      for (const r of regions) {
        let answers: string[] = [];
        let minority: { region_error: RegionError__Output | null; not_found: boolean; value: Buffer } | undefined;
        await until(`store ${storeId} leads region ${r.id} and answers its keys`, async () => {
          if (!(await statusOf(s.statusPort)).regions.some((x) => x.id === r.id && x.leader)) {
            await client.pd.addOperator(r.id, 'transfer-leader', storeId).catch(() => undefined);
            await new Promise((res) => setTimeout(res, 300));
            return false;
          }
          const readTs = await client.pd.getTs();
          answers = [];
          for (const k of keysOf(r)) {
            const res = await unary<{ region_error: RegionError__Output | null; value: Buffer; not_found: boolean }>(
              (o, cb) => store.KvGet({ context: context(r, storeId), key: key(k), version: String(readTs) }, o, cb),
              10_000,
            );
            if (res.region_error) return false;
            answers.push(res.not_found ? '(missing)' : res.value.toString());
          }
          if (r.id === regions[0]?.id) {
            minority = await unary((o, cb) => store.RawGet({ context: context(r, storeId), key: Buffer.from('minority') }, o, cb), 10_000);
            if (minority?.region_error) return false;
          }
          return true;
        }, 30_000);
        expect(answers, `store ${storeId}'s answers in region ${r.id}`).toEqual(keysOf(r).map((k) => `during-${k}`));
        if (minority) expect(minority.not_found, `store ${storeId} holds the minority's write: ${minority.value?.toString()}`).toBe(true);
      }
    }
    console.log(`raft partition: the isolated leader stepped down ${steppedDownMs} ms after the cut; the majority committed ${KEYS} writes within ${servedMs} ms; the write sent to the isolated leader: ${outcome.what} ${outcome.at >= healedAt ? `${outcome.at - healedAt} ms after the heal` : `${healedAt - outcome.at} ms before the heal`}`);
  }, 120_000);
});
