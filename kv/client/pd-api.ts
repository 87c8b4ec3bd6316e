// The part of PD the rest of kv/client depends on: timestamps, region routing and store
// addresses. PdClient implements it over gRPC; unit tests implement it with a few maps, so the
// region cache, the request sender and the lock resolver can be tested without a PD process.
import type { Peer, Region, Store } from '../meta.js';
import type { TimeStamp } from '../txn-types.js';

/** A region as PD knows it, with its leader (unknown right after a restart or an election). */
export interface RegionInfo {
  readonly region: Region;
  readonly leader: Peer | undefined;
  /** From the leader's last heartbeat (ScanRegions only; 0 before the first one). */
  readonly approximateSize?: number;
  readonly approximateKeys?: number;
}

/** A store with its liveness as PD judges it from heartbeats. */
export interface StoreStatus {
  readonly store: Store;
  /** "up" | "disconnected" | "down" | "tombstone" */
  readonly liveness: string;
  /** Milliseconds since the epoch; 0 = never. */
  readonly lastHeartbeatMs: number;
  readonly regionCount: number;
  readonly leaderCount: number;
  readonly usedSize: number;
  readonly capacity: number;
  readonly available: number;
}

export interface PdApi {
  /** One fresh timestamp, strictly greater than every timestamp handed out before. */
  getTs(): Promise<TimeStamp>;
  /** The region containing an internal key; undefined when PD knows none (not bootstrapped). */
  getRegion(internalKey: Uint8Array): Promise<RegionInfo | undefined>;
  getRegionById(regionId: number): Promise<RegionInfo | undefined>;
  /** Regions overlapping [start, end) of the internal keyspace in key order; empty end = to the
   *  end; limit 0 = all. */
  scanRegions(start: Uint8Array, end: Uint8Array, limit: number): Promise<RegionInfo[]>;
  /** A store by id (cached by PdClient: addresses rarely change). */
  getStore(storeId: number): Promise<Store>;
  /** Forget a cached store, e.g. after it stopped answering at its old address. */
  invalidateStore(storeId: number): void;
}
