// The regions this store holds, and the routing check every request passes: the request's region
// must be here, with the same epoch, and every key it touches must fall inside the region. Region
// metadata is persisted in the raft family (`region/<id>`), next to the store's identity, so a
// restarted store serves the same regions. Until replication arrives every region has one peer,
// on this store, which is its leader.
import { BufferReader, BufferWriter, encodeUint64 } from '../codec/index.js';
import { epochEqual, regionContains, type Peer, type Region } from '../meta.js';
import { EpochNotMatch, KeyNotInRegion, RegionNotFound } from '../region-errors.js';
import { collect, WriteBatch, type Engine } from '../storage/index.js';
import { compareBytes } from '../../util/bytes.js';

const REGION_PREFIX = Buffer.from('region/');
const IDENT_KEY = Buffer.from('store_ident');

export interface StoreIdent {
  readonly clusterId: string;
  readonly storeId: number;
}

function regionKey(id: number): Buffer {
  return Buffer.concat([REGION_PREFIX, encodeUint64(BigInt(id))]);
}

export function encodeRegion(r: Region): Buffer {
  const w = new BufferWriter(64 + r.startKey.length + r.endKey.length);
  w.uvarint(r.id).bytes(r.startKey).bytes(r.endKey).uvarint(r.epoch.confVer).uvarint(r.epoch.version).uvarint(r.peers.length);
  for (const p of r.peers) w.uvarint(p.id).uvarint(p.storeId).u8(p.role === 'learner' ? 1 : 0);
  return w.finish();
}

export function decodeRegion(buf: Uint8Array): Region {
  const r = new BufferReader(buf);
  const id = r.uvarint();
  const startKey = Buffer.from(r.bytes());
  const endKey = Buffer.from(r.bytes());
  const confVer = r.uvarint();
  const version = r.uvarint();
  const n = r.uvarint();
  const peers: Peer[] = [];
  for (let i = 0; i < n; i++) peers.push({ id: r.uvarint(), storeId: r.uvarint(), role: r.u8() === 1 ? 'learner' : 'voter' });
  return { id, startKey, endKey, epoch: { confVer, version }, peers };
}

export class RegionRegistry {
  private readonly regions = new Map<number, Region>();

  private constructor(private readonly engine: Engine) {}

  static async load(engine: Engine): Promise<RegionRegistry> {
    const reg = new RegionRegistry(engine);
    const upper = Buffer.from(REGION_PREFIX);
    upper[upper.length - 1] = (upper[upper.length - 1] as number) + 1;
    for (const kv of await collect(engine.iterator('raft', { lower: REGION_PREFIX, upper }))) {
      const region = decodeRegion(kv.value);
      reg.regions.set(region.id, region);
    }
    return reg;
  }

  async loadIdent(): Promise<StoreIdent | undefined> {
    const raw = await this.engine.get('raft', IDENT_KEY);
    if (!raw) return undefined;
    const r = new BufferReader(raw);
    return { clusterId: r.string(), storeId: r.uvarint() };
  }

  async saveIdent(ident: StoreIdent): Promise<void> {
    await this.engine.write(new WriteBatch().put('raft', IDENT_KEY, new BufferWriter().string(ident.clusterId).uvarint(ident.storeId).finish()), { sync: true });
  }

  all(): Region[] {
    return [...this.regions.values()].sort((a, b) => compareBytes(a.startKey, b.startKey));
  }

  get size(): number {
    return this.regions.size;
  }

  get(id: number): Region | undefined {
    return this.regions.get(id);
  }

  /** Persists regions atomically (a split writes the parent and its children in one batch). */
  async save(regions: readonly Region[]): Promise<void> {
    const batch = new WriteBatch();
    for (const r of regions) batch.put('raft', regionKey(r.id), encodeRegion(r));
    await this.engine.write(batch, { sync: true });
    for (const r of regions) this.regions.set(r.id, r);
  }

  /** The routing check: returns the region or throws the region error the client needs. */
  check(regionId: number, epoch: { confVer: number; version: number } | undefined, keys: readonly Uint8Array[]): Region {
    const region = this.regions.get(regionId);
    if (!region) throw new RegionNotFound(regionId);
    if (!epoch || !epochEqual(epoch, region.epoch)) {
      // What the client needs to refresh: this region and its neighbours on the right (a split
      // hands the right part of the old range to new regions).
      const sorted = this.all();
      const at = sorted.findIndex((r) => r.id === region.id);
      throw new EpochNotMatch(sorted.slice(at, at + 8));
    }
    for (const key of keys) {
      if (!regionContains(region, key)) throw new KeyNotInRegion(key, region.id, region.startKey, region.endKey);
    }
    return region;
  }
}

/** [start, end) clipped to a region; an empty end means unbounded. */
export function clipToRegion(region: Region, start: Buffer, end: Buffer): { start: Buffer; end: Buffer } {
  const s = compareBytes(start, region.startKey) > 0 ? start : region.startKey;
  let e = end;
  if (region.endKey.length > 0 && (e.length === 0 || compareBytes(region.endKey, e) < 0)) e = region.endKey;
  return { start: s, end: e };
}
