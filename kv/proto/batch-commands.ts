// Which unary Kv methods also travel over the BatchCommands stream, and under which field of its
// request/response oneofs. kv/client sends through it and kv/server answers from it with the very
// handlers of the unary methods, so the two sides must agree on this one table.
export const BATCHED_METHODS = {
  KvGet: 'get',
  KvBatchGet: 'batch_get',
  KvPrewrite: 'prewrite',
  KvCommit: 'commit',
  KvBatchRollback: 'batch_rollback',
  KvCleanup: 'cleanup',
  KvCheckTxnStatus: 'check_txn_status',
  KvResolveLock: 'resolve_lock',
  KvTxnHeartBeat: 'txn_heart_beat',
  RawGet: 'raw_get',
  RawBatchGet: 'raw_batch_get',
  RawPut: 'raw_put',
  RawBatchPut: 'raw_batch_put',
  RawDelete: 'raw_delete',
  RawBatchDelete: 'raw_batch_delete',
  RawCompareAndSwap: 'raw_compare_and_swap',
} as const;

export type BatchedMethod = keyof typeof BATCHED_METHODS;
export type BatchField = (typeof BATCHED_METHODS)[BatchedMethod];

export const METHOD_OF_FIELD = Object.fromEntries(Object.entries(BATCHED_METHODS).map(([m, f]) => [f, m])) as Record<BatchField, BatchedMethod>;

export function batchFieldOf(method: string | symbol): BatchField | undefined {
  return typeof method === 'string' && Object.hasOwn(BATCHED_METHODS, method) ? BATCHED_METHODS[method as BatchedMethod] : undefined;
}

/** Requests per stream message (and answers per response message): bounds one message's size. */
export const MAX_BATCH = 128;
