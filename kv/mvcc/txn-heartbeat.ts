// TxnHeartBeat: a long transaction keeps its primary lock alive by raising its TTL, so resolvers
// do not roll it back while it is still working. The TTL only grows.
import type { TimeStamp } from '../txn-types.js';
import { TxnNotFound } from './errors.js';
import type { MvccReader } from './reader.js';
import type { MvccTxn } from './txn.js';

export async function txnHeartBeat(txn: MvccTxn, reader: MvccReader, primary: Uint8Array, startTs: TimeStamp, adviseTtl: number): Promise<number> {
  const lock = await reader.loadLock(primary);
  if (!lock || lock.startTs !== startTs) throw new TxnNotFound(startTs, primary);
  if (adviseTtl > lock.ttl) {
    txn.putLock(primary, { ...lock, ttl: adviseTtl });
    return adviseTtl;
  }
  return lock.ttl;
}
