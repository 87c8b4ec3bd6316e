// startKvServer: one store process's wiring. On start it opens its LevelDB, learns (or allocates)
// its identity from PD, bootstraps the cluster with the first region if it is the first store,
// registers, and then serves the Kv gRPC service and the status HTTP port. In the background it
// heartbeats to PD (store and regions) and runs MVCC GC when PD's safe point moves.
//
//   data dir
//     db/      LevelDB: default/lock/write families (data), raft family (identity, regions)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { logger } from '../../util/logger.js';
import { encodeBytes } from '../codec/index.js';
import { internalRange, type Region, type Store } from '../meta.js';
import { CoprocessorEndpoint } from '../coprocessor/index.js';
import { TxnStore } from '../mvcc/index.js';
import { kvProto } from '../proto/index.js';
import { RawStore } from '../raw/index.js';
import { GrpcTransport, parsePartitionRequest, partitionJson, RaftPartition, RaftStore, raftServiceHandlers, RAFT_SERVICE, type RaftStoreConfig } from '../raftstore/index.js';
import { regionPrefixRange } from '../raftstore/keys.js';
import { ALL_CFS, collect, LevelDbEngine, type Engine } from '../storage/index.js';
import { latestFamilyComplete } from './latest-family.js';
import { ZERO_TS, type TimeStamp } from '../txn-types.js';
import { kvService } from './kv-service.js';
import { DataDirModeMismatch } from './errors.js';
import { PdLink } from './pd-link.js';
import { BatchStreams } from './batch-commands.js';
import { carryOut, RaftEngine, RaftRouter, RaftSplitter, type RegionRouter, type RegionSplitter } from './raft-mode.js';
import { clipToRegion, RegionRegistry } from './region-registry.js';
import { DEFAULT_SPLIT_THRESHOLDS, findSplitKey, needsSplit, type SplitThresholds } from './split-checker.js';
import { Splitter } from './splitter.js';
import { startStatusServer } from './status-server.js';

export interface KvServerOptions {
  readonly pd: string;
  readonly dataDir: string;
  /** gRPC listen address, default 127.0.0.1:20160; port 0 picks a free port. */
  readonly addr?: string;
  /** Address other processes use to reach this store (default: the bound addr). */
  readonly advertiseAddr?: string;
  /** Status HTTP listen address, default 127.0.0.1:20180. */
  readonly statusAddr?: string;
  readonly heartbeatMs?: number;
  readonly gcIntervalMs?: number;
  /** fsync each write (default true: there is no replicated log yet). */
  readonly syncWrites?: boolean;
  /** Replicated mode (opt-in): regions are raft groups of kv/raftstore (raft-mode.ts). */
  readonly raft?: boolean;
  /** Raft mode: tick, election and log settings (kv/raftstore defaults otherwise). */
  readonly raftConfig?: Partial<RaftStoreConfig>;
  /** Raft mode: a region past either threshold splits in two (TiKV's defaults otherwise). */
  readonly splitThresholds?: Partial<SplitThresholds>;
  /** TESTING ONLY (raft mode): serve the fail-point paths on the status port — `/fail/partition`
   *  cuts this store's raft links at run time (kv/raftstore/partition-failpoint.ts). `strata kv`
   *  sets it from STRATA_FAILPOINTS_HTTP=1. */
  readonly failpointsHttp?: boolean;
}

export interface KvServer {
  readonly storeId: number;
  readonly port: number;
  readonly statusPort: number;
  readonly address: string;
  stop(): Promise<void>;
}

const VERSION = '0.1.0';

function splitAddr(addr: string): { host: string; port: number } {
  const i = addr.lastIndexOf(':');
  if (i < 0) throw new Error(`address must be host:port, got ${addr}`);
  return { host: addr.slice(0, i), port: Number(addr.slice(i + 1)) };
}

async function retry<T>(what: string, fn: () => Promise<T>, log: ReturnType<typeof logger>, attempts = 60): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
      log.warn({ err: String(err) }, `${what} failed; retrying`);
      await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** i)));
    }
  }
}

export async function startKvServer(opts: KvServerOptions): Promise<KvServer> {
  const log = logger('kv');
  mkdirSync(opts.dataDir, { recursive: true });
  const engine = await LevelDbEngine.open(join(opts.dataDir, 'db'));
  const regions = await RegionRegistry.load(engine);
  const pd = new PdLink(opts.pd);
  const syncWrites = opts.syncWrites ?? true;
  // Raft mode swaps the routing, the engine the data stores write through, and the splitter;
  // the raftstore itself opens once the store knows its id.
  const raftMode = opts.raft ?? false;
  let raftStore: RaftStore | undefined;
  const getRaft = (): RaftStore | undefined => raftStore;
  const router: RegionRouter = raftMode ? new RaftRouter(getRaft) : regions;
  const raftEngine = raftMode ? new RaftEngine(engine, getRaft) : undefined;
  const dataEngine: Engine = raftEngine ?? engine;
  const raw = new RawStore(dataEngine, { sync: syncWrites });
  const txn = new TxnStore(dataEngine, { sync: syncWrites, latestComplete: await latestFamilyComplete(engine) });
  const splitter: RegionSplitter = raftMode ? new RaftSplitter(getRaft, pd, log) : new Splitter(regions, pd, log);
  const cop = new CoprocessorEndpoint(engine);
  const startTime = Math.floor(Date.now() / 1000);

  // Metrics: a registry of this server's own, so several servers can share one process.
  const registry = new Registry();
  const requests = new Counter({ name: 'strata_kv_requests_total', help: 'KV requests by command and result', labelNames: ['command', 'result'] as const, registers: [registry] });
  const latency = new Histogram({
    name: 'strata_kv_request_duration_seconds',
    help: 'KV request latency by command',
    labelNames: ['command'] as const,
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  new Gauge({ name: 'strata_kv_regions', help: 'regions on this store', registers: [registry], collect() { this.set(router.all().length); } });
  new Gauge({
    name: 'strata_kv_storage_bytes',
    help: 'approximate bytes stored',
    registers: [registry],
    async collect() {
      let total = 0;
      for (const cf of ALL_CFS) total += await engine.approximateSize(cf);
      this.set(total);
    },
  });

  // gRPC first, so the advertised address is known before registering with PD.
  const server = new grpc.Server({ 'grpc.max_receive_message_length': 64 * 1024 * 1024, 'grpc.max_send_message_length': 64 * 1024 * 1024 });
  const batchStreams = new BatchStreams();
  server.addService(kvProto().strata.kv.Kv.service, kvService({ regions: router, raw, txn, splitter, cop, log, requests, latency, batchStreams,
    // Raft mode: each request's writes go to the log of the region it routed to.
    ...(raftEngine ? { regionStores: { raw: (r: Region) => raw.withEngine(raftEngine.forRegion(r)), txn: (r: Region) => txn.withEngine(raftEngine.forRegion(r)) } } : {}),
  }));
  // The partition fail-point (testing only; never set unless opts.failpointsHttp): incoming
  // envelopes pass it here, outgoing ones in the transport's filter.
  let storeId = 0;
  const partition = new RaftPartition(() => storeId);
  if (raftMode) server.addService(RAFT_SERVICE, raftServiceHandlers((envs) => raftStore?.handleEnvelopes(partition.admit(envs)), log));
  const listen = splitAddr(opts.addr ?? '127.0.0.1:20160');
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${listen.host}:${listen.port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  const address = opts.advertiseAddr ?? `${listen.host}:${port}`;
  const statusListen = splitAddr(opts.statusAddr ?? '127.0.0.1:20180');

  const failpoints =
    raftMode && opts.failpointsHttp === true
      ? {
          partition: () => partitionJson(partition.current),
          setPartition: (body: unknown) => {
            partition.set(parsePartitionRequest(body, storeId));
            log.warn({ storeId, partition: partitionJson(partition.current) }, 'fail-point: raft partition set');
            return partitionJson(partition.current);
          },
        }
      : undefined;
  const status = startStatusServer(statusListen.host, statusListen.port, registry, async () => ({
    store_id: storeId,
    address,
    version: VERSION,
    uptime_seconds: Math.floor(Date.now() / 1000) - startTime,
    ...(raftMode ? { raft: true } : {}),
    regions: router.all().map((r) => ({
      id: r.id,
      start_key: r.startKey.toString('hex'),
      end_key: r.endKey.toString('hex'),
      epoch: r.epoch,
      // applied: the raft log index this peer has applied (how far behind a restarted store is).
      ...(raftStore
        ? { peers: r.peers.length, voters: r.peers.filter((p) => p.role === 'voter').length, leader: raftStore.isLeader(r.id), applied: raftStore.peer(r.id)?.node.status().applied ?? 0 }
        : {}),
    })),
  }), failpoints);
  const { server: http, port: statusPort } = await status;

  try {
    // Identity and bootstrap.
    let ident = await regions.loadIdent();
    if (!ident) {
      storeId = await retry('allocating a store id from PD', () => pd.allocId(), log);
      ident = { clusterId: pd.clusterId, storeId };
    }
    storeId = ident.storeId;
    if (raftMode) {
      const transport = new GrpcTransport(async (id) => {
        const s = await pd.getStore(id);
        if (!s) throw new Error(`PD does not know store ${id}`);
        return s.address;
      }, log, partition.delivers);
      raftStore = await RaftStore.open({ storeId, engine, transport, ...(opts.raftConfig ? { config: opts.raftConfig } : {}), log: logger('raftstore') });
    }
    await checkDataDirMode(engine, raftMode, regions, raftStore, opts.dataDir);
    const store: Store = { id: storeId, address, statusAddress: `${statusListen.host}:${statusPort}`, state: 'up', version: VERSION, startTimestamp: startTime };
    if (!(await retry('asking PD whether the cluster is bootstrapped', () => pd.isBootstrapped(), log))) {
      const regionId = await pd.allocId();
      const peerId = await pd.allocId();
      const first: Region = { id: regionId, startKey: Buffer.alloc(0), endKey: Buffer.alloc(0), epoch: { confVer: 1, version: 1 }, peers: [{ id: peerId, storeId, role: 'voter' }] };
      try {
        await pd.bootstrap(store, first);
        if (raftStore) await raftStore.bootstrapRegion(first);
        else await regions.save([first]);
        log.info({ storeId, regionId }, 'bootstrapped the cluster');
      } catch (err) {
        log.info({ err: String(err) }, 'another store bootstrapped the cluster first');
      }
    }
    await retry('registering the store with PD', () => pd.putStore(store), log);
    await regions.saveIdent({ clusterId: pd.clusterId, storeId });
  } catch (err) {
    server.forceShutdown();
    http.close();
    pd.close();
    await raftStore?.close();
    await engine.close();
    throw err;
  }

  // Heartbeats and GC.
  const heartbeatMs = opts.heartbeatMs ?? 2000;
  // Approximate key count of a region: entries of the write family (MVCC versions) and the
  // default family (raw keys, large values) in its range. Counted one by one only up to a small
  // cap; past it, scaled by LevelDB's size estimate of the whole range over that of the counted
  // part (both on-disk, compressed bytes; TiKV reads the count from SST properties instead).
  // Counting a large region to the end on every heartbeat kept an idle store holding 400k keys
  // 60 % busy.
  const thresholds: SplitThresholds = { ...DEFAULT_SPLIT_THRESHOLDS, ...opts.splitThresholds };
  const countCap = Math.min(thresholds.splitKeys + 1, KEY_COUNT_CAP);
  const approximateKeys = async (r: Region): Promise<number> => {
    const lower = r.startKey.length > 0 ? encodeBytes(r.startKey) : undefined;
    const upper = r.endKey.length > 0 ? encodeBytes(r.endKey) : undefined;
    let n = 0;
    for (const cf of ['write', 'default'] as const) {
      const it = engine.iterator(cf, { lower, upper });
      let counted = 0;
      let last: Uint8Array | undefined;
      try {
        while (counted < countCap) {
          const kv = await it.next();
          if (!kv) break;
          counted++;
          last = kv.key;
        }
      } finally {
        await it.close();
      }
      if (counted < countCap || !last) {
        n += counted;
        continue;
      }
      // Data still in the memtable has no size yet: then the count is all we know.
      const part = await engine.approximateSize(cf, lower, last);
      const whole = await engine.approximateSize(cf, lower, upper);
      n += part > 0 ? Math.max(counted, Math.round((whole / part) * counted)) : counted;
    }
    return n;
  };
  // Raft mode: a region past its size or key threshold splits near the middle of its data.
  const splitBySize = async (r: Region, size: number, keys: number): Promise<void> => {
    const found = await findSplitKey(engine, r);
    if (!found.key || !needsSplit(found.bytes, found.keys, thresholds)) return;
    log.info({ region: r.id, approximateSize: size, approximateKeys: keys, bytes: found.bytes, entries: found.keys }, 'region past its split threshold; splitting');
    await splitter.split(r, [found.key]);
  };
  let stopping = false;
  // Raft mode: what PD last heard of each region this store leads (its epoch and pending peers).
  // A region whose leader is new here, or whose epoch or pending peers changed, is reported at
  // once (TiKV heartbeats on those events too) rather than on the next interval: PD learns a new
  // leader right after a failover and answers each step of a peer move with the next one.
  const reported = new Map<number, string>();
  const reportMark = (r: Region): string => `${r.epoch.confVer}.${r.epoch.version}:${raftStore?.pendingPeers(r.id).map((p) => p.id).join(',') ?? ''}`;
  const heartbeatRegion = async (r: Region): Promise<void> => {
    let size = 0;
    const lower = r.startKey.length > 0 ? encodeBytes(r.startKey) : undefined;
    const upper = r.endKey.length > 0 ? encodeBytes(r.endKey) : undefined;
    for (const cf of ['default', 'lock', 'write'] as const) size += await engine.approximateSize(cf, lower, upper);
    const keys = await approximateKeys(r);
    if (!raftStore) {
      await pd.regionHeartbeat(r, size, keys);
      return;
    }
    const leader = raftStore.leaderOf(r.id);
    if (!leader) return;
    reported.set(r.id, reportMark(r));
    const order = await pd.regionHeartbeat(r, size, keys, { leader, pendingPeers: raftStore.pendingPeers(r.id) });
    if (order) carryOut(raftStore, r.id, order, log);
    else if (needsSplit(size, keys, thresholds)) await splitBySize(r, size, keys);
  };
  const heartbeat = async (): Promise<void> => {
    const all = router.all();
    // In raft mode a region is reported by its leader only (with its peers as applied there).
    const led = raftStore ? all.filter((r) => raftStore?.isLeader(r.id)) : all;
    let used = 0;
    for (const cf of ALL_CFS) used += await engine.approximateSize(cf);
    await pd.storeHeartbeat({ storeId, regionCount: all.length, leaderCount: led.length, usedSize: used, startTime });
    for (const r of led) await heartbeatRegion(r);
  };
  const heartbeatChanged = async (): Promise<void> => {
    if (!raftStore) return;
    const led = new Set<number>();
    for (const r of raftStore.regions()) {
      if (!raftStore.isLeader(r.id)) continue;
      led.add(r.id);
      if (reported.get(r.id) !== reportMark(r)) await heartbeatRegion(r);
    }
    for (const id of reported.keys()) if (!led.has(id)) reported.delete(id);
  };
  let lastSafePoint: TimeStamp = ZERO_TS;
  const gcTick = async (): Promise<void> => {
    const safePoint = (await pd.gcSafePoint()) as TimeStamp;
    if (safePoint <= lastSafePoint) return;
    const txnSpace = internalRange('txn', undefined, undefined);
    for (const r of router.all()) {
      const t = clipToRegion(r, txnSpace.start, txnSpace.end);
      if (t.end.length > 0 && Buffer.compare(t.start, t.end) >= 0) continue;
      if (raftStore) {
        // The leader collects, through the log, on a state it may read linearizably.
        if (!raftStore.isLeader(r.id)) continue;
        await raftStore.readBarrier(r.id, r.epoch);
      }
      const stats = await (raftEngine ? txn.withEngine(raftEngine.forRegion(r)) : txn).gc(safePoint, t.start, t.end.length > 0 ? t.end : undefined);
      log.debug({ region: r.id, ...stats }, 'gc');
    }
    lastSafePoint = safePoint;
  };
  const loop = (ms: number, fn: () => Promise<void>, what: string): NodeJS.Timeout => {
    let busy = false;
    const t = setInterval(() => {
      if (busy || stopping) return;
      busy = true;
      fn()
        .catch((err: unknown) => log.warn({ err: String(err) }, `${what} failed`))
        .finally(() => {
          busy = false;
        });
    }, ms);
    t.unref();
    return t;
  };
  void heartbeat().catch((err: unknown) => log.warn({ err: String(err) }, 'first heartbeat failed'));
  const timers = [loop(heartbeatMs, heartbeat, 'heartbeat'), loop(opts.gcIntervalMs ?? 10_000, gcTick, 'gc')];
  if (raftStore) timers.push(loop(Math.min(heartbeatMs, opts.raftConfig?.tickMs ?? 100), heartbeatChanged, 'region heartbeat'));
  log.info({ storeId, address, statusPort }, 'kv store serving');

  return {
    storeId,
    port,
    statusPort,
    address,
    async stop(): Promise<void> {
      stopping = true;
      for (const t of timers) clearInterval(t);
      // Clients' batch streams end once their requests in flight are answered; raft streams from
      // other stores never end by themselves: do not wait for them.
      batchStreams.endAll();
      if (raftMode) server.forceShutdown();
      else await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      pd.close();
      await raftStore?.close();
      await engine.close();
    },
  };
}

/** Entries of a family counted one by one per region heartbeat before estimating the rest. */
const KEY_COUNT_CAP = 4096;

/** A data dir holds either single-copy regions (RegionRegistry) or raft peers, never both: a store
 *  started in the other mode would serve none of what it holds, so it refuses to start instead. */
async function checkDataDirMode(engine: Engine, raftMode: boolean, regions: RegionRegistry, raftStore: RaftStore | undefined, dataDir: string): Promise<void> {
  if (raftMode && regions.size > 0 && (raftStore?.regions().length ?? 0) === 0) {
    throw new DataDirModeMismatch(`${dataDir} holds ${regions.size} region(s) of a store that kept one copy per region (--raft=false); start it with --raft=false, or use a new --data-dir`);
  }
  if (!raftMode) {
    const raftState = (await collect(engine.iterator('raft', regionPrefixRange()), 1)).length > 0;
    if (raftState) throw new DataDirModeMismatch(`${dataDir} holds raft replicas (a store started with raft, the default); start it without --raft=false, or use a new --data-dir`);
  }
}
