// The cluster as information_schema's TIKV_STORE_STATUS, TIKV_REGION_STATUS, TIKV_REGION_PEERS
// and CLUSTER_INFO show it: one read of PD's stores and regions, taken before a statement that
// names one of those tables is planned (planning itself never waits on the network).
import type { RegionInfo, StoreStatus, StrataClient } from '../../kv/client/index.js';

export interface ClusterSnapshot {
  readonly pdAddress: string;
  readonly stores: readonly StoreStatus[];
  readonly regions: readonly RegionInfo[];
  readonly takenAt: number;
}

/** Regions beyond this many are left out of one snapshot (TiDB pages them the same way). */
const MAX_REGIONS = 100_000;

export async function fetchClusterSnapshot(client: StrataClient): Promise<ClusterSnapshot> {
  const [stores, regions] = await Promise.all([client.pd.getAllStores(), client.pd.scanRegions(new Uint8Array(0), new Uint8Array(0), MAX_REGIONS)]);
  return { pdAddress: client.pd.address, stores, regions, takenAt: Date.now() };
}

/** Go-style durations as TiDB prints UPTIME: 3h2m1.5s. */
export function uptimeText(ms: number): string {
  const total = Math.max(0, ms) / 1000;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const secs = `${Number(s.toFixed(3))}s`;
  return h > 0 ? `${h}h${m}m${secs}` : m > 0 ? `${m}m${secs}` : secs;
}
