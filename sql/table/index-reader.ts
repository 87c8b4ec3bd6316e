// Reading an index: range scans returning handles plus the indexed values decoded from the keys
// (a covering read needs nothing else), and the point get of a unique index (WHERE u = ?).
//
// Values decoded from keys are exact except for strings under a case-/accent-insensitive
// collation, whose keys hold collation weights (sql/codec isIndexKeyExact): a planner must not
// treat such an index as covering for those columns, and must fetch the row instead. Prefix
// indexes hold cut values and are never covering either. Entries of both forms (unique with the
// handle in the value; with a NULL or non-unique, the handle in the key) decode alike.
import { decodeIndexEntry, decodeUniqueIndexValue, type KeyRange } from '../codec/index.js';
import type { Value } from '../types/index.js';
import { DEFAULT_BATCH_SIZE } from './row-reader.js';
import type { TableIndex } from './table-index.js';
import type { TableReader } from './table-txn.js';

/** Index entries in index order: the handle of each and its index column values, aligned. */
export interface IndexBatch {
  readonly handles: bigint[];
  readonly values: Value[][];
}

export interface ScanIndexOptions {
  /** Descending index order. */
  readonly reverse?: boolean;
  /** Entries per batch (default 1024). */
  readonly batchSize?: number;
}

/** Entries with keys in `range` (sql/codec's indexValuesRange / indexBoundsRange / indexRange). */
export async function* scanIndex(txn: TableReader, index: TableIndex, range: KeyRange, options: ScanIndexOptions = {}): AsyncGenerator<IndexBatch> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  let batch: IndexBatch = { handles: [], values: [] };
  for await (const p of txn.iterate(range.start, range.end, { reverse: options.reverse ?? false, batchSize })) {
    const e = decodeIndexEntry(index.spec, p.key, p.value);
    batch.handles.push(e.handle);
    batch.values.push(e.values);
    if (batch.handles.length >= batchSize) {
      yield batch;
      batch = { handles: [], values: [] };
    }
  }
  if (batch.handles.length > 0) yield batch;
}

/** The handle of the row whose unique index columns equal `values` (given in index order, all
 *  of them), or undefined: none, or a NULL among the values (NULL equals nothing). */
export async function getByUniqueKey(txn: TableReader, index: TableIndex, values: readonly Value[]): Promise<bigint | undefined> {
  if (!index.unique) throw new TypeError(`index ${index.keyName} is not unique`);
  const key = index.uniqueKey(index.cut(values));
  if (key === undefined) return undefined;
  const v = await txn.get(key);
  return v === undefined ? undefined : decodeUniqueIndexValue(v);
}

/** Handles for many unique lookups in one round trip (batch point get), aligned with `keys`:
 *  undefined where there is no row. */
export async function batchGetByUniqueKeys(txn: TableReader, index: TableIndex, keys: readonly (readonly Value[])[]): Promise<(bigint | undefined)[]> {
  if (!index.unique) throw new TypeError(`index ${index.keyName} is not unique`);
  const encoded = keys.map((vs) => index.uniqueKey(index.cut(vs)));
  const found = new Map<string, bigint>();
  const wanted = encoded.filter((k): k is Buffer => k !== undefined);
  if (wanted.length > 0) for (const p of await txn.batchGet(wanted)) found.set(Buffer.from(p.key).toString('latin1'), decodeUniqueIndexValue(p.value));
  return encoded.map((k) => (k === undefined ? undefined : found.get(k.toString('latin1'))));
}
