// Store liveness as PD sees it, from the store's state and how long ago it was last heard from:
//
//   up            heard from within `disconnectedAfterMs` (default 20 s)
//   disconnected  silent longer than that: requests may time out, but PD does nothing yet
//   down          silent longer than `maxStoreDownTimeMs` (default 30 min): the schedulers may
//                 replace its peers elsewhere (the Raft issue)
//   tombstone     removed from the cluster for good; never comes back
//
// "Heard from" is the last store heartbeat, or its registration (PutStore), or, for stores
// loaded from disk, PD's own start, so a PD restart does not declare every store down at once.
import type { Store } from '../../kv/meta.js';

export type StoreLiveness = 'up' | 'disconnected' | 'down' | 'tombstone';

export const STORE_LIVENESS: readonly StoreLiveness[] = ['up', 'disconnected', 'down', 'tombstone'];

export interface LivenessThresholds {
  readonly disconnectedAfterMs: number;
  readonly maxStoreDownTimeMs: number;
}

export const DEFAULT_DISCONNECTED_AFTER_MS = 20_000;
export const DEFAULT_MAX_STORE_DOWN_TIME_MS = 30 * 60_000;

/** What the last store heartbeat reported. */
export interface StoreStats {
  readonly capacity: number;
  readonly available: number;
  readonly usedSize: number;
  readonly regionCount: number;
  readonly leaderCount: number;
  readonly startTime: number;
}

export interface StoreEntry {
  readonly store: Store;
  readonly stats: StoreStats | undefined;
  /** ms since epoch of the last heartbeat; 0 = none since PD started. */
  readonly lastHeartbeatMs: number;
  /** ms since epoch PD last heard from the store in any way (heartbeat, PutStore, PD start). */
  readonly lastSeenMs: number;
}

export function storeLiveness(entry: StoreEntry, now: number, t: LivenessThresholds): StoreLiveness {
  if (entry.store.state === 'tombstone') return 'tombstone';
  const silentFor = now - entry.lastSeenMs;
  if (silentFor > t.maxStoreDownTimeMs) return 'down';
  if (silentFor > t.disconnectedAfterMs) return 'disconnected';
  return 'up';
}
