// Conversions between the wire types of kvrpc.proto / metapb.proto and the domain types the KV
// layers use: metadata (regions, peers, stores), lock info, and the typed errors. kv/server turns
// thrown typed errors into KeyError / RegionError messages; kv/client turns them back, so both
// sides of the wire raise the same classes.
import {
  AlreadyExist,
  Committed,
  CommitTsExpired,
  KeyIsLocked,
  TxnLockNotFound,
  TxnNotFound,
  WriteConflict,
  type LockInfo,
  type TxnError,
  type WriteConflictReason,
} from '../mvcc/errors.js';
import type { Peer, Region, RegionEpoch, Store, StoreState } from '../meta.js';
import { EpochNotMatch, KeyNotInRegion, NotLeader, RegionNotFound, ServerIsBusy, type AnyRegionError } from '../region-errors.js';
import type { LockKind, TimeStamp } from '../txn-types.js';
import { StrataError } from '../../util/errors.js';
import type { KeyError, KeyError__Output } from './generated/strata/kv/KeyError.js';
import type { LockInfo as PbLockInfo, LockInfo__Output as PbLockInfoOut } from './generated/strata/kv/LockInfo.js';
import type { RegionError as PbRegionError, RegionError__Output as PbRegionErrorOut } from './generated/strata/kv/RegionError.js';
import type { Peer as PbPeer, Peer__Output as PbPeerOut } from './generated/strata/meta/Peer.js';
import type { Region as PbRegion, Region__Output as PbRegionOut } from './generated/strata/meta/Region.js';
import type { RegionEpoch as PbEpoch, RegionEpoch__Output as PbEpochOut } from './generated/strata/meta/RegionEpoch.js';
import type { Store as PbStore, Store__Output as PbStoreOut } from './generated/strata/meta/Store.js';

/** A transaction failed for a reason the protocol has no specific error for: abort it. */
export class TxnAborted extends StrataError {
  readonly code = 'KV:Txn:Aborted';
}

export const u64 = (s: string | number | bigint | null | undefined): bigint => BigInt(s ?? 0);
export const ts = (s: string | number | bigint | null | undefined): TimeStamp => BigInt(s ?? 0) as TimeStamp;
export const num = (s: string | number | bigint | null | undefined): number => Number(s ?? 0);

// ---------------------------------------------------------------- metadata

export function epochToPb(e: RegionEpoch): PbEpoch {
  return { conf_ver: String(e.confVer), version: String(e.version) };
}

export function epochFromPb(e: PbEpochOut | null | undefined): RegionEpoch {
  return { confVer: num(e?.conf_ver), version: num(e?.version) };
}

export function peerToPb(p: Peer): PbPeer {
  return { id: String(p.id), store_id: String(p.storeId), role: p.role === 'learner' ? 'LEARNER' : 'VOTER' };
}

export function peerFromPb(p: PbPeerOut): Peer {
  return { id: num(p.id), storeId: num(p.store_id), role: p.role === 'LEARNER' ? 'learner' : 'voter' };
}

export function regionToPb(r: Region): PbRegion {
  return { id: String(r.id), start_key: r.startKey, end_key: r.endKey, region_epoch: epochToPb(r.epoch), peers: r.peers.map(peerToPb) };
}

export function regionFromPb(r: PbRegionOut): Region {
  return {
    id: num(r.id),
    startKey: Buffer.from(r.start_key),
    endKey: Buffer.from(r.end_key),
    epoch: epochFromPb(r.region_epoch),
    peers: r.peers.map(peerFromPb),
  };
}

const STORE_STATE: Record<StoreState, 'UP' | 'OFFLINE' | 'TOMBSTONE'> = { up: 'UP', offline: 'OFFLINE', tombstone: 'TOMBSTONE' };

export function storeToPb(s: Store): PbStore {
  return {
    id: String(s.id),
    address: s.address,
    status_address: s.statusAddress,
    state: STORE_STATE[s.state],
    version: s.version,
    start_timestamp: String(s.startTimestamp),
  };
}

export function storeFromPb(s: PbStoreOut): Store {
  const state = s.state === 'OFFLINE' ? 'offline' : s.state === 'TOMBSTONE' ? 'tombstone' : 'up';
  return { id: num(s.id), address: s.address, statusAddress: s.status_address, state, version: s.version, startTimestamp: num(s.start_timestamp) };
}

// ---------------------------------------------------------------- locks and key errors

const LOCK_TYPE: Record<LockKind, 'PUT' | 'DELETE' | 'LOCK' | 'PESSIMISTIC'> = { put: 'PUT', delete: 'DELETE', lock: 'LOCK', pessimistic: 'PESSIMISTIC' };

export function lockInfoToPb(l: LockInfo): PbLockInfo {
  return {
    primary_lock: l.primary,
    lock_version: String(l.startTs),
    key: l.key,
    lock_ttl: String(l.ttl),
    txn_size: String(l.txnSize),
    lock_type: LOCK_TYPE[l.kind],
    min_commit_ts: String(l.minCommitTs),
  };
}

export function lockInfoFromPb(l: PbLockInfoOut): LockInfo {
  const kind: LockKind = l.lock_type === 'DELETE' ? 'delete' : l.lock_type === 'LOCK' ? 'lock' : l.lock_type === 'PESSIMISTIC' ? 'pessimistic' : 'put';
  return {
    key: Buffer.from(l.key),
    primary: Buffer.from(l.primary_lock),
    startTs: ts(l.lock_version),
    ttl: num(l.lock_ttl),
    kind,
    txnSize: num(l.txn_size),
    minCommitTs: ts(l.min_commit_ts),
  };
}

/** A thrown transactional error as a KeyError message; undefined if it is not one. */
export function keyErrorToPb(err: unknown): KeyError | undefined {
  if (err instanceof KeyIsLocked) return { locked: lockInfoToPb(err.lock) };
  if (err instanceof WriteConflict) {
    return {
      conflict: {
        start_ts: String(err.startTs),
        conflict_ts: String(err.conflictStartTs),
        conflict_commit_ts: String(err.conflictCommitTs),
        key: err.key,
        primary: err.primary,
        reason: err.reason,
      },
    };
  }
  if (err instanceof AlreadyExist) return { already_exist: { key: err.key } };
  if (err instanceof TxnNotFound) return { txn_not_found: { start_ts: String(err.startTs), primary_key: err.primary } };
  if (err instanceof TxnLockNotFound) return { txn_lock_not_found: { start_ts: String(err.startTs), commit_ts: String(err.commitTs), key: err.key } };
  if (err instanceof Committed) return { committed: { start_ts: String(err.startTs), commit_ts: String(err.commitTs), key: err.key } };
  if (err instanceof CommitTsExpired) {
    return {
      commit_ts_expired: {
        start_ts: String(err.startTs),
        attempted_commit_ts: String(err.commitTs),
        key: err.key,
        min_commit_ts: String(err.minCommitTs),
      },
    };
  }
  return undefined;
}

/** A KeyError message as the typed error it stands for. */
export function keyErrorFromPb(e: KeyError__Output): TxnError | TxnAborted {
  if (e.locked) return new KeyIsLocked(lockInfoFromPb(e.locked));
  if (e.conflict) {
    const c = e.conflict;
    return new WriteConflict(ts(c.start_ts), ts(c.conflict_ts), ts(c.conflict_commit_ts), Buffer.from(c.key), Buffer.from(c.primary), (c.reason || 'optimistic') as WriteConflictReason);
  }
  if (e.already_exist) return new AlreadyExist(Buffer.from(e.already_exist.key));
  if (e.txn_not_found) return new TxnNotFound(ts(e.txn_not_found.start_ts), Buffer.from(e.txn_not_found.primary_key));
  if (e.txn_lock_not_found) {
    const x = e.txn_lock_not_found;
    return new TxnLockNotFound(ts(x.start_ts), ts(x.commit_ts), Buffer.from(x.key));
  }
  if (e.committed) return new Committed(ts(e.committed.start_ts), ts(e.committed.commit_ts), Buffer.from(e.committed.key));
  if (e.commit_ts_expired) {
    const x = e.commit_ts_expired;
    return new CommitTsExpired(ts(x.start_ts), ts(x.attempted_commit_ts), ts(x.min_commit_ts), Buffer.from(x.key));
  }
  return new TxnAborted(e.abort || 'transaction aborted');
}

// ---------------------------------------------------------------- region errors

export function regionErrorToPb(err: unknown): PbRegionError | undefined {
  if (err instanceof NotLeader) {
    return { message: err.message, not_leader: { region_id: String(err.regionId), leader: err.leader ? peerToPb(err.leader) : null } };
  }
  if (err instanceof EpochNotMatch) return { message: err.message, epoch_not_match: { current_regions: err.currentRegions.map(regionToPb) } };
  if (err instanceof RegionNotFound) return { message: err.message, region_not_found: { region_id: String(err.regionId) } };
  if (err instanceof KeyNotInRegion) {
    return {
      message: err.message,
      key_not_in_region: { key: err.key, region_id: String(err.regionId), start_key: err.startKey, end_key: err.endKey },
    };
  }
  if (err instanceof ServerIsBusy) return { message: err.message, server_is_busy: { reason: err.reason, backoff_ms: String(err.backoffMs) } };
  return undefined;
}

export function regionErrorFromPb(e: PbRegionErrorOut): AnyRegionError {
  if (e.not_leader) return new NotLeader(num(e.not_leader.region_id), e.not_leader.leader ? peerFromPb(e.not_leader.leader) : undefined);
  if (e.epoch_not_match) return new EpochNotMatch(e.epoch_not_match.current_regions.map(regionFromPb));
  if (e.region_not_found) return new RegionNotFound(num(e.region_not_found.region_id));
  if (e.key_not_in_region) {
    const k = e.key_not_in_region;
    return new KeyNotInRegion(Buffer.from(k.key), num(k.region_id), Buffer.from(k.start_key), Buffer.from(k.end_key));
  }
  if (e.server_is_busy) return new ServerIsBusy(e.server_is_busy.reason, num(e.server_is_busy.backoff_ms));
  return new ServerIsBusy(e.message || 'unknown region error', 100);
}
