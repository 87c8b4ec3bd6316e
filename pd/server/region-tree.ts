// The region tree: every region PD knows, ordered by start key, plus an index by id. Regions in
// the tree never overlap; together they cover the key space once the cluster is bootstrapped
// (with transient holes right after a split, until every half has reported).
//
//   start keys:  ""        "b"        "m"          (end "" = +infinity)
//                [ r2      )[ r7      )[ r3          )
//
// getByKey(k) is the entry with the largest start key <= k, if its end is past k. Putting a
// region removes every entry whose range overlaps it (a split's left half replaces the parent's
// range, a merge's result replaces both halves); whether an update may be applied at all (epoch
// staleness) is the cluster's decision (cluster.ts), not the tree's.
import sortedBtree from 'sorted-btree';
import type * as SortedBtree from 'sorted-btree';
import type { Peer, Region } from '../../kv/meta.js';

// sorted-btree is CommonJS: under Node's ESM interop its class sits on `.default`, while bundlers
// (vitest) hand out the class itself. Accept both (as kv/storage/memory-engine.ts does).
const btreeModule = sortedBtree as unknown as { default?: typeof sortedBtree.default };
const BTree: typeof sortedBtree.default =
  typeof btreeModule === 'function' ? (btreeModule as typeof sortedBtree.default) : (btreeModule.default as typeof sortedBtree.default);

/** A region with what its leader last reported about it. */
export interface RegionEntry {
  readonly region: Region;
  readonly leader: Peer | undefined;
  readonly approximateSize: number;
  readonly approximateKeys: number;
  /** ms since epoch of the last heartbeat (0 = loaded from storage, none since). */
  readonly lastHeartbeatMs: number;
}

const compare = (a: Buffer, b: Buffer): number => Buffer.compare(a, b);

/** True when [aStart, aEnd) and [bStart, bEnd) share a key (empty end = +infinity). */
function rangesOverlap(aStart: Buffer, aEnd: Buffer, bStart: Buffer, bEnd: Buffer): boolean {
  const aBeforeB = aEnd.length > 0 && compare(aEnd, bStart) <= 0;
  const bBeforeA = bEnd.length > 0 && compare(bEnd, aStart) <= 0;
  return !aBeforeB && !bBeforeA;
}

export class RegionTree {
  private readonly byStart: SortedBtree.default<Buffer, RegionEntry> = new BTree<Buffer, RegionEntry>(undefined, compare);
  private readonly byId = new Map<number, RegionEntry>();

  get size(): number {
    return this.byId.size;
  }

  getById(id: number): RegionEntry | undefined {
    return this.byId.get(id);
  }

  /** The region containing `key`, if any. */
  getByKey(key: Buffer): RegionEntry | undefined {
    const pair = this.byStart.getPairOrNextLower(key);
    if (!pair) return undefined;
    const entry = pair[1];
    const end = entry.region.endKey;
    return end.length === 0 || compare(key, end) < 0 ? entry : undefined;
  }

  /** Regions that overlap [start, end) in key order (end empty = to the end), at most `limit`
   *  (0 or less = no limit). The first may start before `start`. */
  scan(start: Buffer, end: Buffer, limit = 0): RegionEntry[] {
    const out: RegionEntry[] = [];
    const first = this.getByKey(start);
    const from = first ? first.region.startKey : start;
    for (const [startKey, entry] of this.byStart.entries(from)) {
      if (end.length > 0 && compare(startKey, end) >= 0) break;
      if (compare(startKey, start) < 0 && entry !== first) continue;
      out.push(entry);
      if (limit > 0 && out.length >= limit) break;
    }
    return out;
  }

  /** Every entry whose range overlaps `region`'s (the entry with the same id included, if its range
   *  overlaps). */
  overlapping(region: Region): RegionEntry[] {
    const out: RegionEntry[] = [];
    const before = this.byStart.getPairOrNextLower(region.startKey);
    const from = before ? before[0] : region.startKey;
    for (const [, entry] of this.byStart.entries(from)) {
      const r = entry.region;
      if (region.endKey.length > 0 && compare(r.startKey, region.endKey) >= 0) break;
      if (rangesOverlap(r.startKey, r.endKey, region.startKey, region.endKey)) out.push(entry);
    }
    return out;
  }

  /** Puts an entry, removing its previous version (by id) and every entry it overlaps. Returns
   *  the entries removed (other than the previous version of itself). */
  put(entry: RegionEntry): RegionEntry[] {
    const previous = this.byId.get(entry.region.id);
    if (previous) this.removeEntry(previous);
    const removed = this.overlapping(entry.region);
    for (const e of removed) this.removeEntry(e);
    this.byStart.set(entry.region.startKey, entry);
    this.byId.set(entry.region.id, entry);
    return removed;
  }

  /** Replaces the entry of a region whose range did not change (leader, sizes, heartbeat time). */
  update(entry: RegionEntry): void {
    this.byStart.set(entry.region.startKey, entry);
    this.byId.set(entry.region.id, entry);
  }

  remove(id: number): RegionEntry | undefined {
    const entry = this.byId.get(id);
    if (entry) this.removeEntry(entry);
    return entry;
  }

  all(): RegionEntry[] {
    return this.byStart.valuesArray();
  }

  private removeEntry(entry: RegionEntry): void {
    this.byId.delete(entry.region.id);
    const atStart = this.byStart.get(entry.region.startKey);
    if (atStart === entry || atStart?.region.id === entry.region.id) this.byStart.delete(entry.region.startKey);
  }
}
