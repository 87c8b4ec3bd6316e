// The cluster state PD owns, in domain types (kv/meta.ts): the cluster id, whether the cluster
// is bootstrapped, the stores and their liveness, the region tree, the ID allocator and the GC
// safe point. The gRPC service (service.ts) translates wire messages to calls here and PdErrors
// back into response headers; the HTTP API (http-api.ts) reads from here.
//
// Guarantees:
// - The cluster id is generated at the first start (unix seconds << 32 | 32 random bits, as TiKV's
//   PD does) and never changes afterwards.
// - Bootstrap happens once: it writes the flag, the first store and the first region (covering
//   every key) in one synced batch. Before it, region calls answer NOT_BOOTSTRAPPED.
// - Every change of cluster metadata is persisted before it becomes visible, and changes are
//   applied one at a time (a promise chain), so the durable order is the order clients saw.
// - Region updates (heartbeats, ReportSplit) never go back in time: an update whose epoch is older
//   than the known region with the same id (version or conf_ver lower), or whose version is lower
//   than that of another region it overlaps, is ignored. An accepted update replaces every region
//   it overlaps (a split's halves replace the parent, a merge replaces its sources).
// - Leaders and approximate sizes are kept in memory only; the next heartbeat restores them.
import { randomInt } from 'node:crypto';
import { epochIsStale, type Peer, type Region, type Store, type StoreState } from '../../kv/meta.js';
import { WriteBatch } from '../../kv/storage/index.js';
import { printable } from '../../util/bytes.js';
import { invalidArgument, notBootstrapped, PdError } from './errors.js';
import { GcSafePoint } from './gc-safe-point.js';
import { IdAllocator } from './id-allocator.js';
import type { MetaStorage } from './meta-storage.js';
import { RegionTree, type RegionEntry } from './region-tree.js';
import { storeLiveness, type LivenessThresholds, type StoreEntry, type StoreLiveness, type StoreStats } from './store-liveness.js';

export interface ClusterOptions extends LivenessThresholds {
  /** How many ids one persisted bound reserves. */
  readonly idBatchSize: number;
  /** The clock (ms since epoch); injectable for tests. */
  readonly now: () => number;
}

export interface RegionReport {
  readonly region: Region;
  readonly leader: Peer | undefined;
  readonly approximateSize: number;
  readonly approximateKeys: number;
}

export interface SplitIds {
  readonly newRegionId: number;
  readonly newPeerIds: number[];
}

/** Upper bound on split_count in one AskSplit. */
export const MAX_SPLIT_COUNT = 1024;

function isId(n: number): boolean {
  return Number.isSafeInteger(n) && n > 0;
}

function keysEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function sameMeta(a: Region, b: Region): boolean {
  return (
    keysEqual(a.startKey, b.startKey) &&
    keysEqual(a.endKey, b.endKey) &&
    a.epoch.confVer === b.epoch.confVer &&
    a.epoch.version === b.epoch.version &&
    a.peers.length === b.peers.length &&
    a.peers.every((p, i) => {
      const q = b.peers[i];
      return q !== undefined && q.id === p.id && q.storeId === p.storeId && q.role === p.role;
    })
  );
}

/** Throws INVALID_ARGUMENT unless `r` is a well-formed region. */
export function validateRegion(r: Region): void {
  if (!isId(r.id)) throw invalidArgument(`invalid region id ${r.id}`);
  if (r.endKey.length > 0 && Buffer.compare(r.startKey, r.endKey) >= 0) {
    throw invalidArgument(`region ${r.id}: start key ${printable(r.startKey)} is not below end key ${printable(r.endKey)}`);
  }
  if (!Number.isSafeInteger(r.epoch.confVer) || !Number.isSafeInteger(r.epoch.version) || r.epoch.confVer < 0 || r.epoch.version < 0) {
    throw invalidArgument(`region ${r.id}: invalid epoch`);
  }
  if (r.peers.length === 0) throw invalidArgument(`region ${r.id} has no peers`);
  const seen = new Set<number>();
  for (const p of r.peers) {
    if (!isId(p.id) || !isId(p.storeId)) throw invalidArgument(`region ${r.id}: invalid peer ${p.id} on store ${p.storeId}`);
    if (seen.has(p.id)) throw invalidArgument(`region ${r.id}: duplicate peer ${p.id}`);
    seen.add(p.id);
  }
}

function validateStore(s: Store): void {
  if (!isId(s.id)) throw invalidArgument(`invalid store id ${s.id}`);
  if (s.address.length === 0) throw invalidArgument(`store ${s.id} has no address`);
}

export function generateClusterId(nowMs: number): string {
  return ((BigInt(Math.floor(nowMs / 1000)) << 32n) | BigInt(randomInt(0, 2 ** 32))).toString();
}

export class Cluster {
  private readonly stores = new Map<number, StoreEntry>();
  private readonly regions = new RegionTree();
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly storage: MetaStorage,
    readonly clusterId: string,
    private isBootstrapped: boolean,
    private readonly ids: IdAllocator,
    private readonly safePoint: GcSafePoint,
    private readonly opts: ClusterOptions,
  ) {}

  static async open(storage: MetaStorage, opts: ClusterOptions): Promise<Cluster> {
    let clusterId = await storage.loadClusterId();
    if (clusterId === undefined) {
      clusterId = generateClusterId(opts.now());
      await storage.saveClusterId(clusterId);
    }
    const cluster = new Cluster(
      storage,
      clusterId,
      await storage.loadBootstrapped(),
      await IdAllocator.open(storage, opts.idBatchSize),
      await GcSafePoint.open(storage),
      opts,
    );
    const now = opts.now();
    for (const store of await storage.loadStores()) cluster.stores.set(store.id, { store, stats: undefined, lastHeartbeatMs: 0, lastSeenMs: now });
    for (const region of await storage.loadRegions()) {
      cluster.regions.put({ region, leader: undefined, approximateSize: 0, approximateKeys: 0, lastHeartbeatMs: 0 });
    }
    return cluster;
  }

  get bootstrapped(): boolean {
    return this.isBootstrapped;
  }

  get thresholds(): LivenessThresholds {
    return this.opts;
  }

  now(): number {
    return this.opts.now();
  }

  /** Waits for every change in flight (used before closing the storage). */
  async drain(): Promise<void> {
    await Promise.all([this.chain.catch(() => undefined), this.ids.drain(), this.safePoint.drain()]);
  }

  // ------------------------------------------------------------ ids, bootstrap

  allocId(): Promise<number> {
    return this.ids.allocOne();
  }

  bootstrap(store: Store, region: Region): Promise<void> {
    return this.serial(async () => {
      if (this.isBootstrapped) throw new PdError('ALREADY_BOOTSTRAPPED', `cluster ${this.clusterId} is already bootstrapped`);
      validateStore(store);
      validateRegion(region);
      if (region.startKey.length !== 0 || region.endKey.length !== 0) {
        throw invalidArgument('the first region must cover every key (empty start and end keys)');
      }
      if (region.peers.some((p) => p.storeId !== store.id)) {
        throw invalidArgument(`the first region's peers must be on the bootstrapping store ${store.id}`);
      }
      const bootStore: Store = { ...store, state: 'up' };
      const batch = new WriteBatch();
      this.storage.setBootstrapped(batch);
      this.storage.putStore(batch, bootStore);
      this.storage.putRegion(batch, region);
      await this.storage.write(batch);
      const now = this.opts.now();
      this.stores.set(store.id, { store: bootStore, stats: undefined, lastHeartbeatMs: 0, lastSeenMs: now });
      this.regions.put({ region, leader: region.peers[0], approximateSize: 0, approximateKeys: 0, lastHeartbeatMs: 0 });
      this.isBootstrapped = true;
    });
  }

  // ------------------------------------------------------------ stores

  /** Registers a store or updates its address/version; PD keeps the state it assigned. */
  putStore(store: Store): Promise<void> {
    return this.serial(async () => {
      validateStore(store);
      const existing = this.stores.get(store.id);
      if (existing?.store.state === 'tombstone') throw new PdError('STORE_TOMBSTONE', `store ${store.id} is a tombstone`);
      for (const other of this.stores.values()) {
        if (other.store.id !== store.id && other.store.state !== 'tombstone' && other.store.address === store.address) {
          throw invalidArgument(`address ${store.address} is already used by store ${other.store.id}`);
        }
      }
      const next: Store = { ...store, state: existing?.store.state ?? 'up' };
      await this.storage.write(this.storage.putStore(new WriteBatch(), next));
      const now = this.opts.now();
      this.stores.set(store.id, { store: next, stats: existing?.stats, lastHeartbeatMs: existing?.lastHeartbeatMs ?? 0, lastSeenMs: now });
    });
  }

  storeHeartbeat(storeId: number, stats: StoreStats): void {
    const entry = this.storeEntry(storeId);
    if (entry.store.state === 'tombstone') throw new PdError('STORE_TOMBSTONE', `store ${storeId} is a tombstone`);
    const now = this.opts.now();
    this.stores.set(storeId, { ...entry, stats, lastHeartbeatMs: now, lastSeenMs: now });
  }

  /** Changes a store's state; a tombstone stays a tombstone. */
  setStoreState(storeId: number, state: StoreState): Promise<void> {
    return this.serial(async () => {
      const entry = this.storeEntry(storeId);
      if (entry.store.state === state) return;
      if (entry.store.state === 'tombstone') throw new PdError('STORE_TOMBSTONE', `store ${storeId} is a tombstone`);
      const store: Store = { ...entry.store, state };
      await this.storage.write(this.storage.putStore(new WriteBatch(), store));
      this.stores.set(storeId, { ...entry, store });
    });
  }

  storeEntry(storeId: number): StoreEntry {
    if (!isId(storeId)) throw invalidArgument(`invalid store id ${storeId}`);
    const entry = this.stores.get(storeId);
    if (!entry) throw invalidArgument(`store ${storeId} not found`);
    return entry;
  }

  allStores(): StoreEntry[] {
    return [...this.stores.values()].sort((a, b) => a.store.id - b.store.id);
  }

  liveness(entry: StoreEntry): StoreLiveness {
    return storeLiveness(entry, this.opts.now(), this.opts);
  }

  /** Region peers and leaders per store, as PD's region tree has them. */
  regionCountsByStore(): Map<number, { regions: number; leaders: number }> {
    const counts = new Map<number, { regions: number; leaders: number }>();
    for (const { region, leader } of this.regions.all()) {
      for (const p of region.peers) {
        const c = counts.get(p.storeId) ?? { regions: 0, leaders: 0 };
        c.regions += 1;
        if (leader?.id === p.id) c.leaders += 1;
        counts.set(p.storeId, c);
      }
    }
    return counts;
  }

  // ------------------------------------------------------------ regions

  get regionCount(): number {
    return this.regions.size;
  }

  getRegionByKey(key: Buffer): RegionEntry | undefined {
    this.requireBootstrapped();
    return this.regions.getByKey(key);
  }

  getRegionById(id: number): RegionEntry | undefined {
    this.requireBootstrapped();
    if (!isId(id)) throw invalidArgument(`invalid region id ${id}`);
    return this.regions.getById(id);
  }

  scanRegions(start: Buffer, end: Buffer, limit: number): RegionEntry[] {
    this.requireBootstrapped();
    if (end.length > 0 && Buffer.compare(start, end) > 0) throw invalidArgument(`scan start ${printable(start)} is past its end ${printable(end)}`);
    return this.regions.scan(start, end, limit);
  }

  allRegions(): RegionEntry[] {
    return this.regions.all();
  }

  /** Applies a region heartbeat; returns false when it was stale and ignored. */
  regionHeartbeat(report: RegionReport): Promise<boolean> {
    return this.serial(async () => {
      this.requireBootstrapped();
      this.validateReport(report);
      return this.applyRegion(report);
    });
  }

  /** Allocates, for each of `splitCount` new regions, a region id and one peer id per peer of
   *  `region`. */
  askSplit(region: Region, splitCount: number): Promise<SplitIds[]> {
    return this.serial(async () => {
      this.requireBootstrapped();
      validateRegion(region);
      if (!Number.isInteger(splitCount) || splitCount < 1 || splitCount > MAX_SPLIT_COUNT) {
        throw invalidArgument(`split_count must be in [1, ${MAX_SPLIT_COUNT}], got ${splitCount}`);
      }
      if (!this.regions.getById(region.id)) throw new PdError('REGION_NOT_FOUND', `region ${region.id} not found`);
      const perSplit = 1 + region.peers.length;
      const ids = await this.ids.alloc(splitCount * perSplit);
      const out: SplitIds[] = [];
      for (let i = 0; i < splitCount; i++) {
        const chunk = ids.slice(i * perSplit, (i + 1) * perSplit);
        out.push({ newRegionId: chunk[0] as number, newPeerIds: chunk.slice(1) });
      }
      return out;
    });
  }

  /** Applies the regions a split produced (left to right); they replace the parent. Stale
   *  reports are ignored like stale heartbeats. */
  reportSplit(regions: readonly Region[]): Promise<void> {
    return this.serial(async () => {
      this.requireBootstrapped();
      if (regions.length < 2) throw invalidArgument(`a split reports at least 2 regions, got ${regions.length}`);
      const ids = new Set<number>();
      regions.forEach((r, i) => {
        validateRegion(r);
        if (ids.has(r.id)) throw invalidArgument(`region ${r.id} reported twice in one split`);
        ids.add(r.id);
        const next = regions[i + 1];
        if (next && !keysEqual(r.endKey, next.startKey)) {
          throw invalidArgument(`split regions ${r.id} and ${next.id} are not adjacent (${printable(r.endKey)} vs ${printable(next.startKey)})`);
        }
      });
      for (const region of regions) {
        const known = this.regions.getById(region.id);
        await this.applyRegion({ region, leader: known?.leader, approximateSize: 0, approximateKeys: 0 });
      }
    });
  }

  // ------------------------------------------------------------ GC safe point

  gcSafePoint(): bigint {
    return this.safePoint.get();
  }

  updateGcSafePoint(safePoint: bigint): Promise<bigint> {
    return this.safePoint.update(safePoint);
  }

  // ------------------------------------------------------------ internals

  private validateReport(report: RegionReport): void {
    validateRegion(report.region);
    const { leader, region } = report;
    if (leader && !region.peers.some((p) => p.id === leader.id && p.storeId === leader.storeId)) {
      throw invalidArgument(`region ${region.id}: leader ${leader.id} on store ${leader.storeId} is not one of its peers`);
    }
    if (!Number.isSafeInteger(report.approximateSize) || !Number.isSafeInteger(report.approximateKeys)) {
      throw invalidArgument(`region ${region.id}: approximate size or keys out of range`);
    }
  }

  private isStale(region: Region): boolean {
    const known = this.regions.getById(region.id);
    if (known && epochIsStale(region.epoch, known.region.epoch)) return true;
    return this.regions.overlapping(region).some((o) => o.region.id !== region.id && o.region.epoch.version > region.epoch.version);
  }

  private async applyRegion(report: RegionReport): Promise<boolean> {
    const { region } = report;
    if (this.isStale(region)) return false;
    const entry: RegionEntry = {
      region,
      leader: report.leader,
      approximateSize: report.approximateSize,
      approximateKeys: report.approximateKeys,
      lastHeartbeatMs: this.opts.now(),
    };
    const known = this.regions.getById(region.id);
    if (known && sameMeta(known.region, region)) {
      this.regions.update(entry);
      return true;
    }
    const batch = this.storage.putRegion(new WriteBatch(), region);
    for (const o of this.regions.overlapping(region)) if (o.region.id !== region.id) this.storage.deleteRegion(batch, o.region.id);
    await this.storage.write(batch, false);
    this.regions.put(entry);
    return true;
  }

  private requireBootstrapped(): void {
    if (!this.isBootstrapped) throw notBootstrapped();
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn);
    this.chain = next.catch(() => undefined);
    return next;
  }
}
