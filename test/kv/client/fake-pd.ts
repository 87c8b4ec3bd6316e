// A PD stand-in for unit tests of the region cache, request sender and lock resolver: regions
// and stores in arrays, timestamps from a counter, every call counted.
import type { PdApi, RegionInfo } from '../../../kv/client/pd-api.js';
import { regionContains, type Peer, type Region, type Store } from '../../../kv/meta.js';
import { composeTs, type TimeStamp } from '../../../kv/txn-types.js';

export function region(id: number, start: string, end: string, storeId = 1, version = 1): Region {
  return { id, startKey: Buffer.from(start), endKey: Buffer.from(end), epoch: { confVer: 1, version }, peers: [peer(id * 10, storeId)] };
}

export function peer(id: number, storeId: number): Peer {
  return { id, storeId, role: 'voter' };
}

export function store(id: number): Store {
  return { id, address: `store-${id}:20160`, statusAddress: '', state: 'up', version: 'test', startTimestamp: 0 };
}

export class FakePd implements PdApi {
  regions: RegionInfo[] = [];
  stores = new Map<number, Store>([1, 2, 3].map((i) => [i, store(i)]));
  calls = { getRegion: 0, scanRegions: 0, getStore: 0, getTs: 0 };
  invalidated: number[] = [];
  private logical = 0;
  now = Date.now();

  constructor(regions: Region[] = []) {
    this.setRegions(regions);
  }

  setRegions(regions: Region[]): void {
    this.regions = regions.map((r) => ({ region: r, leader: r.peers[0] }));
  }

  async getTs(): Promise<TimeStamp> {
    this.calls.getTs++;
    return composeTs(this.now, ++this.logical);
  }

  async getRegion(key: Uint8Array): Promise<RegionInfo | undefined> {
    this.calls.getRegion++;
    return this.regions.find((r) => regionContains(r.region, key));
  }

  async getRegionById(id: number): Promise<RegionInfo | undefined> {
    return this.regions.find((r) => r.region.id === id);
  }

  async scanRegions(start: Uint8Array, end: Uint8Array, limit: number): Promise<RegionInfo[]> {
    this.calls.scanRegions++;
    const out = this.regions
      .filter((r) => (r.region.endKey.length === 0 || Buffer.compare(r.region.endKey, start) > 0) && (end.length === 0 || Buffer.compare(r.region.startKey, end) < 0))
      .sort((a, b) => Buffer.compare(a.region.startKey, b.region.startKey));
    return limit > 0 ? out.slice(0, limit) : out;
  }

  async getStore(id: number): Promise<Store> {
    this.calls.getStore++;
    const s = this.stores.get(id);
    if (!s) throw new Error(`no store ${id}`);
    return s;
  }

  invalidateStore(id: number): void {
    this.invalidated.push(id);
  }
}
