// Loading a benchmark table fast: rows written straight through the transactional client in the
// SQL row format (sql/table encodes them exactly as an INSERT would), 5,000 rows a transaction,
// so 1,000,000 rows take a minute or two instead of the hour of parsing INSERT text; then the
// table split into regions at evenly spaced handles. Shared by the coprocessor, analytic and scale
// benchmarks. The table must already exist (CREATE TABLE through SQL) and be visible to `engine`.
import { toInternal } from '../kv/meta.js';
import type { StrataClient } from '../kv/client/index.js';
import type { SqlEngine } from '../sql/session/engine.js';
import type { Table } from '../sql/table/index.js';
import type { Value } from '../sql/types/index.js';
import { progress } from './harness.js';

/** Row i (0-based) of a benchmark table; its handle (first column, BIGINT PRIMARY KEY) is i + 1. */
export type RowMaker = (i: number) => Value[];

const PER_TXN = 5000;

/** Writes rows 0…rows-1 of `database`.`table`; returns the table's encoder (for split keys). */
export async function loadRows(client: StrataClient, engine: SqlEngine, database: string, table: string, rows: number, row: RowMaker): Promise<Table> {
  const info = engine.syncer.infoSchema().table(database, table);
  if (!info) throw new Error(`table ${database}.${table} is not visible to the loader`);
  const tbl = engine.table(info);
  progress(`${table}: loading ${rows.toLocaleString('en-US')} rows`);
  const t0 = performance.now();
  for (let start = 0; start < rows; start += PER_TXN) {
    const txn = await client.txn.begin();
    const end = Math.min(rows, start + PER_TXN);
    for (let i = start; i < end; i++) txn.set(tbl.rowKey(BigInt(i + 1)), tbl.encodeRow(row(i)));
    await txn.commit();
    if ((start / PER_TXN) % 20 === 0 || end === rows) {
      progress(`${table}: loaded ${end.toLocaleString('en-US')} rows (${Math.round(end / ((performance.now() - t0) / 1000)).toLocaleString('en-US')} rows/s)`);
    }
  }
  return tbl;
}

/** Splits a table of `rows` rows (handles 1…rows) into `regions` regions of equal row counts. */
export async function splitTable(client: StrataClient, tbl: Table, rows: number, regions: number): Promise<void> {
  if (regions <= 1) return;
  progress(`splitting into ${regions} regions`);
  const keys = Array.from({ length: regions - 1 }, (_, i) => toInternal('txn', tbl.rowKey(BigInt(Math.floor(((i + 1) * rows) / regions) + 1))));
  await client.splitRegions(keys);
}
