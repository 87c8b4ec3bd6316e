// kv/mvcc: Percolator transactions over the storage engine. TxnStore is the entry point; the
// action functions and MvccReader are exported for the raftstore and for tests.
export * from './check-txn-status.js';
export * from './errors.js';
export type { GcStats } from './gc.js';
export * from './keys.js';
export type { BatchGetResult, ReadOptions } from './point-getter.js';
export type { PrewriteProps, PrewriteResult } from './prewrite.js';
export { MvccReader, type TxnCommitRecord, type Version } from './reader.js';
export { scan, type ScanArgs } from './scanner.js';
export { Latches } from './latches.js';
export { MvccTxn } from './txn.js';
export { TxnStore, type TxnEngine, type TxnStoreOptions } from './txn-store.js';
