// The client's map of the cluster: which region holds a key, and which store leads it.
//
// Regions are cached by start key in one sorted, non-overlapping array (internal keyspace, see
// kv/meta.ts), each with its leader peer. locate(key) is a binary search; a miss asks PD and
// caches the answer. Stores answer with a region error when the cache is stale, and each error
// says how to fix it:
//
//   NotLeader{leader}        → point the entry at the named leader and retry at once
//   NotLeader{}              → drop the entry; back off; PD will know the new leader
//   EpochNotMatch{current}   → the region split or changed: replace the entry with the regions
//                              the store reports (led by that store), retry at once
//   RegionNotFound / KeyNotInRegion → drop the entry; back off; reload from PD
//   store unreachable        → drop every entry led by that store and its cached address
//
// Inserting a region evicts every cached region it overlaps, so the array always describes one
// consistent (if partly stale) cut of the keyspace; stale parts are found by the stores' errors.
import { compareBytes } from '../../util/bytes.js';
import { regionContains, type Peer, type Region } from '../meta.js';
import { RegionMissing } from './errors.js';
import type { PdApi, RegionInfo } from './pd-api.js';

/** Where to send a request for a region: the region as cached, its leader and the leader's
 *  store address. */
export interface RegionLocation {
  readonly region: Region;
  readonly leader: Peer;
  readonly storeAddress: string;
}

interface Entry {
  readonly region: Region;
  leader: Peer | undefined;
}

export class RegionCache {
  /** Sorted by start key, non-overlapping. */
  private entries: Entry[] = [];
  private readonly byId = new Map<number, Entry>();
  private readonly loading = new Map<string, Promise<Entry>>();
  /** Number of region lookups that went to PD (for tests). */
  pdLookups = 0;

  constructor(private readonly pd: PdApi) {}

  get size(): number {
    return this.entries.length;
  }

  /** Cached regions in key order (a copy). */
  regions(): RegionInfo[] {
    return this.entries.map((e) => ({ region: e.region, leader: e.leader }));
  }

  /** The cached region containing an internal key, without asking PD. */
  cached(key: Uint8Array): RegionInfo | undefined {
    const e = this.find(key);
    return e ? { region: e.region, leader: e.leader } : undefined;
  }

  /** The region containing an internal key, and its leader's address. */
  async locate(key: Uint8Array): Promise<RegionLocation> {
    const e = this.find(key) ?? (await this.load(key));
    return this.toLocation(e);
  }

  /** The region holding the keys just below `end` (exclusive), for reverse scans: the region
   *  with start < end <= region end. `lowerBound` bounds the PD scan needed when `end` is
   *  exactly a region's start key. */
  async locateEndKey(end: Uint8Array, lowerBound: Uint8Array = Buffer.alloc(0)): Promise<RegionLocation> {
    const cached = this.findEnd(end);
    if (cached) return this.toLocation(cached);
    const info = await this.pd.getRegion(end);
    this.pdLookups++;
    if (info && compareBytes(info.region.startKey, end) < 0) return this.toLocation(this.insert(info));
    // `end` starts a region (or PD knows none there): the previous region ends at `end`.
    const infos = await this.pd.scanRegions(lowerBound, end, 0);
    this.pdLookups++;
    let found: Entry | undefined;
    for (const i of infos) {
      const e = this.insert(i);
      if (compareBytes(i.region.startKey, end) < 0 && (i.region.endKey.length === 0 || compareBytes(i.region.endKey, end) >= 0)) found = e;
    }
    if (!found) throw new RegionMissing(`PD knows no region ending at ${Buffer.from(end).toString('hex')}`);
    return this.toLocation(found);
  }

  /** Groups items by the region of their internal key. Groups come in key order; within a group
   *  items keep their relative order. */
  async groupByRegion<T>(items: readonly T[], keyOf: (item: T) => Uint8Array): Promise<{ loc: RegionLocation; items: T[] }[]> {
    const sorted = items.map((item, i) => ({ item, i, key: keyOf(item) })).sort((a, b) => compareBytes(a.key, b.key) || a.i - b.i);
    const groups: { loc: RegionLocation; items: { item: T; i: number }[] }[] = [];
    let current: { loc: RegionLocation; items: { item: T; i: number }[] } | undefined;
    for (const s of sorted) {
      if (!current || !regionContains(current.loc.region, s.key)) {
        current = { loc: await this.locate(s.key), items: [] };
        groups.push(current);
      }
      current.items.push(s);
    }
    return groups.map((g) => ({ loc: g.loc, items: g.items.sort((a, b) => a.i - b.i).map((x) => x.item) }));
  }

  /** Caches a region (evicting the cached regions it overlaps) and returns its entry. */
  insert(info: RegionInfo): Entry {
    const r = info.region;
    const e: Entry = { region: r, leader: info.leader };
    const kept: Entry[] = [];
    for (const x of this.entries) {
      if (overlaps(x.region, r)) this.byId.delete(x.region.id);
      else kept.push(x);
    }
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareBytes((kept[mid] as Entry).region.startKey, r.startKey) < 0) lo = mid + 1;
      else hi = mid;
    }
    kept.splice(lo, 0, e);
    this.entries = kept;
    const old = this.byId.get(r.id);
    if (old && old !== e) this.entries = this.entries.filter((x) => x !== old || x === e);
    this.byId.set(r.id, e);
    return e;
  }

  /** Drops a region from the cache. */
  invalidate(regionId: number): void {
    const e = this.byId.get(regionId);
    if (!e) return;
    this.byId.delete(regionId);
    this.entries = this.entries.filter((x) => x !== e);
  }

  /** NotLeader: returns true when the entry now points at a different leader (retry at once),
   *  false when the entry was dropped (back off, then reload from PD). */
  onNotLeader(regionId: number, leader: Peer | undefined, askedStoreId: number): boolean {
    const e = this.byId.get(regionId);
    if (e && leader && leader.storeId !== askedStoreId) {
      e.leader = leader;
      return true;
    }
    this.invalidate(regionId);
    return false;
  }

  /** EpochNotMatch: replaces the stale region by the current ones the store reported (the store
   *  that answered leads them). Returns true when something usable was cached. */
  onEpochNotMatch(regionId: number, current: readonly Region[], answeringStoreId: number): boolean {
    this.invalidate(regionId);
    for (const r of current) this.insert({ region: r, leader: r.peers.find((p) => p.storeId === answeringStoreId) });
    return current.length > 0;
  }

  /** A store stopped answering: forget its address and every region it leads. */
  onStoreUnreachable(storeId: number): void {
    this.pd.invalidateStore(storeId);
    for (const e of [...this.entries]) {
      if ((e.leader ?? e.region.peers[0])?.storeId === storeId) this.invalidate(e.region.id);
    }
  }

  clear(): void {
    this.entries = [];
    this.byId.clear();
  }

  // ---------------------------------------------------------------- internals

  /** The entry with the greatest start key <= key, if it contains key. */
  private find(key: Uint8Array): Entry | undefined {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareBytes((this.entries[mid] as Entry).region.startKey, key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    const e = this.entries[lo - 1];
    return e && regionContains(e.region, key) ? e : undefined;
  }

  /** The entry with the greatest start key < end, if its end is >= end (or unbounded). */
  private findEnd(end: Uint8Array): Entry | undefined {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareBytes((this.entries[mid] as Entry).region.startKey, end) < 0) lo = mid + 1;
      else hi = mid;
    }
    const e = this.entries[lo - 1];
    if (!e) return undefined;
    return e.region.endKey.length === 0 || compareBytes(e.region.endKey, end) >= 0 ? e : undefined;
  }

  private load(key: Uint8Array): Promise<Entry> {
    const k = Buffer.from(key).toString('latin1');
    let p = this.loading.get(k);
    if (!p) {
      p = (async () => {
        this.pdLookups++;
        const info = await this.pd.getRegion(key);
        if (!info || !regionContains(info.region, key)) throw new RegionMissing(`PD knows no region for key 0x${Buffer.from(key).toString('hex')}`);
        return this.insert(info);
      })().finally(() => this.loading.delete(k));
      this.loading.set(k, p);
    }
    return p;
  }

  private async toLocation(e: Entry): Promise<RegionLocation> {
    const leader = e.leader ?? e.region.peers[0];
    if (!leader) {
      this.invalidate(e.region.id);
      throw new RegionMissing(`region ${e.region.id} has no peers`);
    }
    const store = await this.pd.getStore(leader.storeId);
    return { region: e.region, leader, storeAddress: store.address };
  }
}

function overlaps(a: Region, b: Region): boolean {
  const aBeforeB = a.endKey.length > 0 && compareBytes(a.endKey, b.startKey) <= 0;
  const bBeforeA = b.endKey.length > 0 && compareBytes(b.endKey, a.startKey) <= 0;
  return !aBeforeB && !bBeforeA;
}
