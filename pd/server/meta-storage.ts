// PD's own durable state: one LevelDB directory (kv/storage's LevelDbEngine), the 'default'
// column family, a key prefix per kind of record.
//
//   pd/cluster_id          decimal string, written once at the first start
//   pd/bootstrapped        "1" once Bootstrap succeeded (written with the first store and region)
//   pd/id/bound            decimal: every id <= bound may have been handed out (id-allocator.ts)
//   pd/gc/safe_point       decimal u64 (gc-safe-point.ts)
//   pd/tso/bound           the TSO window bound (pd/tso/engine-tso-storage.ts)
//   pd/store/<id u64 BE>   JSON of a Store (kv/meta.ts)
//   pd/region/<id u64 BE>  JSON of a Region, keys as hex
//
// Records are JSON: PD's metadata is small and read once at start-up, and JSON keeps the
// directory inspectable. Leaders and approximate sizes are not persisted; heartbeats bring them
// back within seconds of a restart. Writes go through WriteBatch so a multi-record change
// (bootstrap, a split replacing its parent) is atomic.
import type { Peer, Region, Store } from '../../kv/meta.js';
import { collect, WriteBatch, type Engine } from '../../kv/storage/index.js';
import { prefixEnd } from '../../util/bytes.js';
import { InternalError } from '../../util/errors.js';

const CLUSTER_ID_KEY = Buffer.from('pd/cluster_id');
const BOOTSTRAPPED_KEY = Buffer.from('pd/bootstrapped');
const ID_BOUND_KEY = Buffer.from('pd/id/bound');
const GC_SAFE_POINT_KEY = Buffer.from('pd/gc/safe_point');
const STORE_PREFIX = Buffer.from('pd/store/');
const REGION_PREFIX = Buffer.from('pd/region/');

function idKey(prefix: Buffer, id: number): Buffer {
  const key = Buffer.alloc(prefix.length + 8);
  prefix.copy(key);
  key.writeBigUInt64BE(BigInt(id), prefix.length);
  return key;
}

interface RegionJson {
  id: number;
  start: string;
  end: string;
  confVer: number;
  version: number;
  peers: Peer[];
}

function encodeRegion(r: Region): Buffer {
  const json: RegionJson = {
    id: r.id,
    start: r.startKey.toString('hex'),
    end: r.endKey.toString('hex'),
    confVer: r.epoch.confVer,
    version: r.epoch.version,
    peers: r.peers.map((p) => ({ id: p.id, storeId: p.storeId, role: p.role })),
  };
  return Buffer.from(JSON.stringify(json));
}

function decodeRegion(raw: Uint8Array): Region {
  const j = JSON.parse(Buffer.from(raw).toString('utf8')) as RegionJson;
  if (typeof j.id !== 'number' || typeof j.start !== 'string' || typeof j.end !== 'string' || !Array.isArray(j.peers)) {
    throw new InternalError('corrupt region record in PD storage');
  }
  return {
    id: j.id,
    startKey: Buffer.from(j.start, 'hex'),
    endKey: Buffer.from(j.end, 'hex'),
    epoch: { confVer: j.confVer, version: j.version },
    peers: j.peers.map((p) => ({ id: p.id, storeId: p.storeId, role: p.role })),
  };
}

function decodeStore(raw: Uint8Array): Store {
  const s = JSON.parse(Buffer.from(raw).toString('utf8')) as Store;
  if (typeof s.id !== 'number' || typeof s.address !== 'string') throw new InternalError('corrupt store record in PD storage');
  return s;
}

export class MetaStorage {
  constructor(readonly engine: Engine) {}

  async loadClusterId(): Promise<string | undefined> {
    const raw = await this.engine.get('default', CLUSTER_ID_KEY);
    return raw ? Buffer.from(raw).toString('utf8') : undefined;
  }

  async saveClusterId(id: string): Promise<void> {
    await this.engine.write(new WriteBatch().put('default', CLUSTER_ID_KEY, Buffer.from(id)), { sync: true });
  }

  async loadBootstrapped(): Promise<boolean> {
    return (await this.engine.get('default', BOOTSTRAPPED_KEY)) !== undefined;
  }

  setBootstrapped(batch: WriteBatch): WriteBatch {
    return batch.put('default', BOOTSTRAPPED_KEY, Buffer.from('1'));
  }

  async loadIdBound(): Promise<number> {
    return Number(await this.loadU64(ID_BOUND_KEY));
  }

  saveIdBound(bound: number): Promise<void> {
    return this.saveU64(ID_BOUND_KEY, BigInt(bound));
  }

  loadGcSafePoint(): Promise<bigint> {
    return this.loadU64(GC_SAFE_POINT_KEY);
  }

  saveGcSafePoint(safePoint: bigint): Promise<void> {
    return this.saveU64(GC_SAFE_POINT_KEY, safePoint);
  }

  putStore(batch: WriteBatch, store: Store): WriteBatch {
    return batch.put('default', idKey(STORE_PREFIX, store.id), Buffer.from(JSON.stringify(store)));
  }

  putRegion(batch: WriteBatch, region: Region): WriteBatch {
    return batch.put('default', idKey(REGION_PREFIX, region.id), encodeRegion(region));
  }

  deleteRegion(batch: WriteBatch, id: number): WriteBatch {
    return batch.delete('default', idKey(REGION_PREFIX, id));
  }

  async loadStores(): Promise<Store[]> {
    const pairs = await collect(this.engine.iterator('default', { lower: STORE_PREFIX, upper: prefixEnd(STORE_PREFIX) }));
    return pairs.map((kv) => decodeStore(kv.value));
  }

  async loadRegions(): Promise<Region[]> {
    const pairs = await collect(this.engine.iterator('default', { lower: REGION_PREFIX, upper: prefixEnd(REGION_PREFIX) }));
    return pairs.map((kv) => decodeRegion(kv.value));
  }

  write(batch: WriteBatch, sync = true): Promise<void> {
    return this.engine.write(batch, { sync });
  }

  private async loadU64(key: Buffer): Promise<bigint> {
    const raw = await this.engine.get('default', key);
    return raw ? BigInt(Buffer.from(raw).toString('utf8')) : 0n;
  }

  private async saveU64(key: Buffer, value: bigint): Promise<void> {
    await this.engine.write(new WriteBatch().put('default', key, Buffer.from(value.toString())), { sync: true });
  }
}
