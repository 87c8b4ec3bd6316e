// kv/client: how everything above the KV layer reaches the cluster — PD client with batched
// TSO, region cache with retry and backoff, raw client, transactional client (2PC, lock
// resolver). The SQL layer imports only from here; the typed KV and transaction errors it maps
// to MySQL errors are re-exported so sql/ never imports kv/mvcc.
export { connect, type ConnectOptions, type StrataClient } from './client.js';
export { PdClient, type PdClientOptions } from './pd-client.js';
export type { PdApi, RegionInfo, StoreStatus } from './pd-api.js';
export { RawClient, type CasResult, type PutOptions, type RawClientOptions, type RawScanOptions } from './raw-client.js';
export { TxnClient, DEFAULT_LOCK_TTL_MS, type TxnClientOptions } from './txn-client.js';
export { Transaction } from './transaction.js';
export { KvSnapshot, type IterateOptions, type ScanOptions } from './snapshot.js';
export { LockResolver, type ResolveResult, type TxnStatus } from './lock-resolver.js';
export { CopClient, CopTaskFailed, type CopRequest, type CopTaskAnswer } from './coprocessor-client.js';
export { readCopAnswer, type CopColumn, type CopColumns, type CopValue } from './cop-arrow.js';
export { RegionCache, type RegionLocation } from './region-cache.js';
export { Backoffer, type BackoffKind, type BackoffOptions } from './backoff.js';
export {
  BackoffExhausted,
  ClientClosed,
  CommitResultUndetermined,
  WriteResultUndetermined,
  KvServerError,
  PdServerError,
  PdUnavailable,
  RegionMissing,
  RegionUnavailable,
  TxnClosed,
  type TxnState,
} from './errors.js';

// Errors that come back from the stores, as typed classes (kv/proto/convert.ts builds them).
export {
  AlreadyExist,
  Committed,
  CommitTsExpired,
  KeyIsLocked,
  TxnLockNotFound,
  TxnNotFound,
  WriteConflict,
  type LockInfo,
  type WriteConflictReason,
} from '../mvcc/errors.js';
export { TxnAborted } from '../proto/convert.js';
export { EpochNotMatch, KeyNotInRegion, NotLeader, RegionError, RegionNotFound, ServerIsBusy } from '../region-errors.js';

// Leaf types callers need with the API.
export type { KvPair, TimeStamp } from '../txn-types.js';
export type { Keyspace, Peer, Region, RegionEpoch, Store } from '../meta.js';
