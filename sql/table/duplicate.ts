// Duplicate keys: finding the rows a new row collides with, and reporting them as MySQL does —
// 1062 "Duplicate entry '5' for key 't.PRIMARY'", "Duplicate entry 'a-1' for key 't.idx_ab'".
//
// A row can collide on
//   - its handle, when the handle is the integer primary key: the row key exists;
//   - each unique index it writes (not delete-only), when no value is NULL: the entry key of
//     the values exists (sql/codec index-value.ts: equal values share one key).
// Writers check in place, with reads through the transaction (own writes included), so a
// statement fails at once as in MySQL. They also write those keys with txn.insert, so a
// concurrent transaction that commits the same key first still makes ours fail — at commit:
//   - AlreadyExist, when the other committed before our start_ts (we could not see it: only
//     when the in-place check was skipped);
//   - WriteConflict, when it committed after our start_ts (two INSERTs racing).
// duplicateFromCommitError turns both back into the 1062 the statement would have raised. A
// WriteConflict counts as a duplicate only if the key did not exist at our start_ts (so we were
// inserting it, not updating an existing row) and exists now (the other side created it, rather
// than deleting something); any other WriteConflict stays a 1213 for the client to retry.
//
// The entry text comes from the values. At commit only the key is known: values decode from it
// exactly except strings under case-insensitive collations (whose keys hold weights); for those
// the existing row is read and its values shown.
import { AlreadyExist, WriteConflict, type TimeStamp } from '../../kv/client/index.js';
import {
  decodeIndexKey,
  decodeRowKey,
  decodeTableId,
  decodeUniqueIndexValue,
  indexPrefix,
  isIndexKey,
  isIndexKeyExact,
  isRowKey,
  pkFromHandle,
} from '../codec/index.js';
import { duplicateEntry, type SqlError } from '../errors.js';
import { entryText, type IntType, type Value } from '../types/index.js';
import { RowDecoder } from './row-decoder.js';
import type { TableIndex } from './table-index.js';
import type { TableSchema } from './table-schema.js';
import type { TableReader } from './table-txn.js';

/** An existing row a new row collides with. */
export interface Duplicate {
  /** The existing row's handle. */
  readonly handle: bigint;
  /** The colliding key as 1062 names it: `t.PRIMARY`, `t.idx`. */
  readonly keyName: string;
  /** The unique index collided on; undefined for the handle (the integer primary key). */
  readonly index: TableIndex | undefined;
  /** The "Duplicate entry '…'" text: the key's values joined by '-'. */
  readonly entry: string;
}

/** MySQL 1062 for a duplicate. */
export function duplicateError(d: Pick<Duplicate, 'entry' | 'keyName'>): SqlError {
  return duplicateEntry(d.entry, d.keyName);
}

/** A key whose absence a new row needs. */
export interface KeyCheck {
  readonly key: Buffer;
  /** undefined: the row key of a pk handle. */
  readonly index: TableIndex | undefined;
  /** The index values (prefix-cut) of the new row, for the message. */
  readonly values: readonly Value[];
}

/** The keys a new row with this handle must find absent. `indexes` defaults to every writable
 *  index; `withHandle` adds the row key (for a pk handle; hidden handles are fresh). */
export function keyChecks(table: TableSchema, handle: bigint, row: readonly Value[], indexes: readonly TableIndex[] = table.writableIndexes, withHandle = true): KeyCheck[] {
  const out: KeyCheck[] = [];
  if (withHandle && table.handleColumn) out.push({ key: table.rowKey(handle), index: undefined, values: [] });
  for (const idx of indexes) {
    if (!idx.unique || !idx.writable) continue;
    const values = idx.values(row);
    const key = idx.uniqueKey(values);
    if (key !== undefined) out.push({ key, index: idx, values });
  }
  return out;
}

/** 1062's entry text of a handle: the primary key value. */
export function handleEntryText(table: TableSchema, handle: bigint): string {
  const col = table.handleColumn;
  return col ? entryText([pkFromHandle(handle, col.type as IntType)], [col.type]) : String(handle);
}

/** The duplicate a check ran into, given the existing key's value. */
export function duplicateOf(table: TableSchema, check: KeyCheck, existing: Uint8Array, handle: bigint): Duplicate {
  if (check.index === undefined) return { handle, keyName: table.primaryKeyName, index: undefined, entry: handleEntryText(table, handle) };
  return { handle: decodeUniqueIndexValue(existing), keyName: check.index.keyName, index: check.index, entry: check.index.entryText(check.values) };
}

/** Existing rows the row (handle, writable row) would collide with, on its handle (pk) and its
 *  unique indexes, in that order, each row once: one batch read. INSERT … ON DUPLICATE KEY
 *  UPDATE updates the first; REPLACE deletes them all. Rows of this very handle collide only on
 *  the handle. */
export async function findDuplicates(txn: TableReader, table: TableSchema, handle: bigint, row: readonly Value[]): Promise<Duplicate[]> {
  const checks = keyChecks(table, handle, row);
  if (checks.length === 0) return [];
  const found = new Map<string, Uint8Array>();
  for (const p of await txn.batchGet(checks.map((c) => c.key))) found.set(Buffer.from(p.key).toString('latin1'), p.value);
  const out: Duplicate[] = [];
  const seen = new Set<bigint>();
  for (const c of checks) {
    const v = found.get(c.key.toString('latin1'));
    if (v === undefined) continue;
    const d = duplicateOf(table, c, v, handle);
    if (c.index !== undefined && d.handle === handle) continue;
    if (seen.has(d.handle)) continue;
    seen.add(d.handle);
    out.push(d);
  }
  return out;
}

/** What a key of a table is, for duplicate reporting: a pk row key or a unique entry key. */
type KeyKind = { readonly index: undefined; readonly handle: bigint } | { readonly index: TableIndex; readonly values: Value[] };

function classify(table: TableSchema, key: Buffer): KeyKind | undefined {
  if (isRowKey(key)) return table.handleColumn ? { index: undefined, handle: decodeRowKey(key).handle } : undefined;
  if (!isIndexKey(key)) return undefined;
  for (const idx of table.indexes) {
    const prefix = indexPrefix(table.id, BigInt(idx.id));
    if (!idx.unique || key.length < prefix.length || !key.subarray(0, prefix.length).equals(prefix)) continue;
    try {
      const k = decodeIndexKey(key, idx.types);
      return k.handle === undefined ? { index: idx, values: k.values } : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The 1062 of a key of `table` that turned out to exist, from the key alone (undefined: not a
 *  pk row key or unique entry key of this table). Strings of case-insensitive collations show as
 *  their key decodes; duplicateFromCommitError reads the row for those. */
export function duplicateForKey(table: TableSchema, key: Uint8Array): SqlError | undefined {
  const k = userKey(key);
  if (k === undefined || decodeTableId(k) !== table.id) return undefined;
  const kind = classify(table, k);
  if (kind === undefined) return undefined;
  if (kind.index === undefined) return duplicateEntry(handleEntryText(table, kind.handle), table.primaryKeyName);
  return duplicateEntry(kind.index.entryText(kind.values), kind.index.keyName);
}

/** What duplicateFromCommitError needs of the session. */
export interface CommitErrorContext {
  /** The table with this id in the session's schema. */
  readonly tableOf: (tableId: number) => TableSchema | undefined;
  /** Snapshot reads (kv/client's TxnClient fits). */
  readonly client: { snapshot(ts: TimeStamp): TableReader; getTimestamp(): Promise<TimeStamp> };
}

/** The 1062 behind a failed commit of a transaction that started at `startTs` (see the header),
 *  or undefined: the error is something else and stays as it is (a WriteConflict: 1213). */
export async function duplicateFromCommitError(err: unknown, startTs: TimeStamp, cx: CommitErrorContext): Promise<SqlError | undefined> {
  let raw: Uint8Array;
  if (err instanceof AlreadyExist) raw = err.key;
  else if (err instanceof WriteConflict && err.reason === 'optimistic') raw = err.key;
  else return undefined;
  const key = userKey(raw);
  if (key === undefined) return undefined;
  const table = cx.tableOf(Number(decodeTableId(key)));
  if (!table) return undefined;
  const kind = classify(table, key);
  if (kind === undefined) return undefined;
  if (err instanceof WriteConflict && (await cx.client.snapshot(startTs).get(key)) !== undefined) return undefined;
  const now = cx.client.snapshot(await cx.client.getTimestamp());
  const existing = await now.get(key);
  if (existing === undefined) return err instanceof AlreadyExist ? duplicateForKey(table, key) : undefined;
  if (kind.index === undefined) return duplicateEntry(handleEntryText(table, kind.handle), table.primaryKeyName);
  const idx = kind.index;
  let values: readonly Value[] = kind.values;
  if (!idx.types.every(isIndexKeyExact)) {
    const handle = decodeUniqueIndexValue(existing);
    const v = await now.get(table.rowKey(handle));
    if (v !== undefined) values = idx.cut(new RowDecoder(table, idx.columns).decode(handle, v));
  }
  return duplicateEntry(idx.entryText(values), idx.keyName);
}

const T = 0x74; // 't': table keys
const TXN_KEYSPACE = 0x78; // 'x': kv/client's transactional keyspace, should a key come back internal

function userKey(key: Uint8Array): Buffer | undefined {
  const b = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  if (b[0] === T) return b;
  if (b[0] === TXN_KEYSPACE && b[1] === T) return b.subarray(1);
  return undefined;
}
