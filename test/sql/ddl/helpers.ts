// Test helpers for sql/ddl against a real cluster: run DDL text through the parser and executor,
// write and delete rows the way a DML writer must while a schema change runs (respecting each
// column's and index's state), and check that every index holds exactly the entries of the rows.
import type { StrataClient, Transaction } from '../../../kv/client/index.js';
import { deletableIndexes, writableColumns, writableIndexes, type TableInfo } from '../../../sql/catalog/index.js';
import { decodeRowKey, encodeIndexEntry, encodeRow, indexRange, rowKey, rowRange, uniqueKey, decodeUniqueIndexValue, type RowColumn } from '../../../sql/codec/index.js';
import { executeDdl, isDdlStatement, type DdlContext, type DdlResult } from '../../../sql/ddl/index.js';
import { indexSpecOf, indexValuesOf, readRow } from '../../../sql/ddl/backfill.js';
import { duplicateEntry } from '../../../sql/errors.js';
import { parseOne } from '../../../sql/parser/index.js';
import type { Value } from '../../../sql/types/index.js';

export async function ddl(ctx: DdlContext, sql: string): Promise<DdlResult> {
  const stmt = parseOne(sql);
  if (!isDdlStatement(stmt)) throw new Error(`not DDL: ${sql}`);
  return executeDdl(stmt, ctx);
}

/** The MySQL errno a DDL fails with ('ok' when it succeeds). */
export async function ddlErrno(ctx: DdlContext, sql: string): Promise<number | 'ok'> {
  try {
    await ddl(ctx, sql);
    return 'ok';
  } catch (e) {
    if (e instanceof Error && 'mysqlErrno' in e && typeof e.mysqlErrno === 'number') return e.mysqlErrno;
    throw e;
  }
}

export function tableOf(ctx: DdlContext, db: string, name: string): TableInfo {
  const t = ctx.syncer.infoSchema().table(db, name);
  if (!t) throw new Error(`no table ${db}.${name}`);
  return t;
}

function handleIndexId(t: TableInfo): number | undefined {
  return t.pkIsHandle ? t.indexes.find((i) => i.primary)?.id : undefined;
}

/** Row values by column name → by column id. */
export function rowOf(t: TableInfo, values: Record<string, Value>): Map<number, Value> {
  const m = new Map<number, Value>();
  for (const c of t.columns) {
    const v = Object.entries(values).find(([k]) => k.toLowerCase() === c.name.toLowerCase());
    m.set(c.id, v ? v[1] : null);
  }
  return m;
}

/** INSERT as a writer at schema `t` must do it: the row with its writable columns, entries in
 *  every writable index (1062 on a unique collision). */
export async function writeRow(txn: Transaction, t: TableInfo, handle: bigint, row: ReadonlyMap<number, Value>): Promise<void> {
  const handleCol = t.pkIsHandle ? t.indexes.find((i) => i.primary)?.columns[0]?.columnId : undefined;
  const cols: RowColumn[] = writableColumns(t)
    .filter((c) => c.id !== handleCol)
    .map((c) => ({ id: c.id, type: c.type, value: row.get(c.id) ?? null }));
  txn.set(rowKey(BigInt(t.id), handle), encodeRow(cols));
  for (const ix of writableIndexes(t)) {
    if (ix.id === handleIndexId(t)) continue;
    const spec = indexSpecOf(t, ix);
    const values = indexValuesOf(ix, row);
    const uk = uniqueKey(spec, values);
    if (uk) {
      const old = await txn.get(uk);
      if (old && decodeUniqueIndexValue(old) !== handle) throw duplicateEntry(values.map(String).join('-'), `${t.name}.${ix.name}`);
    }
    const e = encodeIndexEntry(spec, values, handle);
    txn.set(e.key, e.value);
  }
}

/** DELETE as a writer at schema `t` must do it: the row and its entries in every index. */
export async function deleteRow(txn: Transaction, t: TableInfo, handle: bigint): Promise<boolean> {
  const key = rowKey(BigInt(t.id), handle);
  const old = await txn.get(key);
  if (!old) return false;
  const row = readRow(t, t.columns, handle, old);
  for (const ix of deletableIndexes(t)) {
    if (ix.id === handleIndexId(t)) continue;
    txn.delete(encodeIndexEntry(indexSpecOf(t, ix), indexValuesOf(ix, row), handle).key);
  }
  txn.delete(key);
  return true;
}

export async function insertRows(client: StrataClient, t: TableInfo, rows: readonly [bigint, Record<string, Value>][]): Promise<void> {
  const txn = await client.txn.begin();
  for (const [h, v] of rows) await writeRow(txn, t, h, rowOf(t, v));
  await txn.commit();
}

/** Every key in the range (hex) → value (hex). */
export async function dumpRange(client: StrataClient, range: { start: Buffer; end: Buffer }): Promise<Map<string, string>> {
  const txn = await client.txn.begin();
  const out = new Map<string, string>();
  for await (const p of txn.iterate(range.start, range.end)) out.set(Buffer.from(p.key).toString('hex'), Buffer.from(p.value).toString('hex'));
  await txn.rollback();
  return out;
}

/** The rows of a table: handle → values by column name (public columns). */
export async function readRows(client: StrataClient, t: TableInfo): Promise<Map<bigint, Record<string, Value>>> {
  const txn = await client.txn.begin();
  const out = new Map<bigint, Record<string, Value>>();
  const r = rowRange(BigInt(t.id));
  const cols = t.columns.filter((c) => c.state === 'public');
  for await (const p of txn.iterate(r.start, r.end)) {
    const { handle } = decodeRowKey(p.key);
    const vals = readRow(t, cols, handle, p.value);
    out.set(handle, Object.fromEntries(cols.map((c) => [c.name, vals.get(c.id) ?? null])));
  }
  await txn.rollback();
  return out;
}

/** Differences between each (non-handle) index of `t` and the entries its rows call for: an
 *  empty list means every row has exactly its entries and there is nothing else. */
export async function indexProblems(client: StrataClient, t: TableInfo): Promise<string[]> {
  const problems: string[] = [];
  const txn = await client.txn.begin();
  const r = rowRange(BigInt(t.id));
  const rows: [bigint, Map<number, Value>][] = [];
  for await (const p of txn.iterate(r.start, r.end)) {
    const { handle } = decodeRowKey(p.key);
    rows.push([handle, readRow(t, t.columns, handle, p.value)]);
  }
  for (const ix of t.indexes) {
    if (ix.id === handleIndexId(t)) continue;
    const spec = indexSpecOf(t, ix);
    const want = new Map<string, string>();
    for (const [h, row] of rows) {
      const e = encodeIndexEntry(spec, indexValuesOf(ix, row), h);
      want.set(e.key.toString('hex'), e.value.toString('hex'));
    }
    const have = new Map<string, string>();
    for await (const p of txn.iterate(indexRange(BigInt(t.id), BigInt(ix.id)).start, indexRange(BigInt(t.id), BigInt(ix.id)).end)) {
      have.set(Buffer.from(p.key).toString('hex'), Buffer.from(p.value).toString('hex'));
    }
    for (const [k, v] of want) if (have.get(k) !== v) problems.push(`${ix.name}: missing ${k}`);
    for (const k of have.keys()) if (!want.has(k)) problems.push(`${ix.name}: extra ${k}`);
  }
  await txn.rollback();
  return problems;
}
