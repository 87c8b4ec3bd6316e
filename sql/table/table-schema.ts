// A table's shape as the access layer uses it, derived once from its TableInfo (one schema
// version): which columns a write carries, which indexes get entries, where the handle comes
// from, and how a row becomes a row value.
//
// Rows are `Value[]` aligned to a list of columns:
//   - writes (add/update/remove) take the *writable* columns in `info.columns` order: public,
//     write-only and write-reorg columns (a column being added is written so that it is complete
//     when it turns public; a delete-only column, being dropped, is not);
//   - reads take whatever columns the caller asks for (RowDecoder).
// The handle is a separate bigint: for a table whose PRIMARY KEY is one integer column
// (`pkIsHandle`) it is that column's value (handleFromPk: BIGINT UNSIGNED maps into int64), and
// that column is not stored in the row value (the reader fills it in from the key); otherwise it
// is a hidden row id from the table's AutoIdAllocator and the PRIMARY KEY, if any, is a unique
// index like any other.
import { InternalError } from '../../util/errors.js';
import type { ColumnInfo, TableInfo } from '../catalog/index.js';
import { encodeRow, handleFromPk, isIntHandleType, rowKey, type RowColumn } from '../codec/index.js';
import type { IntType, Value } from '../types/index.js';
import { originDefault } from './origin-default.js';
import { TableIndex } from './table-index.js';

/** Id of the pseudo column that reads as the handle (TiDB's ExtraHandleID, `_tidb_rowid`). */
export const EXTRA_HANDLE_ID = -1;

export interface TableOptions {
  /** What rows written before a column existed read as, by column id, where the catalog knows
   *  better than the column's current default (see origin-default.ts). */
  readonly originDefaults?: ReadonlyMap<number, Value>;
}

export class TableSchema {
  readonly id: bigint;
  readonly name: string;
  /** Columns queries see, in order. */
  readonly publicColumns: readonly ColumnInfo[];
  /** Columns a write carries, in `info.columns` order (not delete-only). */
  readonly writableColumns: readonly ColumnInfo[];
  /** The integer primary key column that is the handle (pkIsHandle tables). */
  readonly handleColumn: ColumnInfo | undefined;
  /** Its position in a writable row (-1 when the handle is hidden). */
  readonly handleOffset: number;
  /** Every index with entries (all but a pkIsHandle PRIMARY KEY), in `info.indexes` order. */
  readonly indexes: readonly TableIndex[];
  /** Indexes whose entries inserts and updates write: not delete-only (and not over a column
   *  that writes no longer carry — DDL drops such an index with its column). */
  readonly writableIndexes: readonly TableIndex[];
  /** Indexes queries may use (public). */
  readonly publicIndexes: readonly TableIndex[];
  /** `table.PRIMARY`, the key a duplicate handle is reported against. */
  readonly primaryKeyName: string;
  private readonly stored: readonly { readonly id: number; readonly type: ColumnInfo['type']; readonly offset: number }[];
  private readonly defaults = new Map<number, Value>();

  constructor(
    readonly info: TableInfo,
    private readonly options: TableOptions = {},
  ) {
    this.id = BigInt(info.id);
    this.name = info.name;
    this.publicColumns = info.columns.filter((c) => c.state === 'public');
    this.writableColumns = info.columns.filter((c) => c.state !== 'delete-only');
    let handleColumn: ColumnInfo | undefined;
    if (info.pkIsHandle) {
      const pk = info.indexes.find((i) => i.primary);
      const colId = pk?.columns[0]?.columnId;
      handleColumn = info.columns.find((c) => c.id === colId);
      if (!handleColumn || !isIntHandleType(handleColumn.type)) throw new InternalError(`table ${info.name}: pkIsHandle without an integer primary key column`);
    }
    this.handleColumn = handleColumn;
    this.handleOffset = handleColumn ? this.writableColumns.indexOf(handleColumn) : -1;
    this.indexes = info.indexes
      .filter((i) => !(info.pkIsHandle && i.primary))
      .map((i) => new TableIndex(i, this.id, info.name, info.columns, this.writableColumns));
    this.writableIndexes = this.indexes.filter((i) => i.writable && i.coveredByRow);
    this.publicIndexes = this.indexes.filter((i) => i.readable);
    this.primaryKeyName = `${info.name}.PRIMARY`;
    this.stored = this.writableColumns
      .map((c, offset) => ({ id: c.id, type: c.type, offset }))
      .filter((c) => c.offset !== this.handleOffset);
  }

  /** The index with this id or name (case-insensitive), in any state. */
  index(idOrName: number | string): TableIndex | undefined {
    if (typeof idOrName === 'number') return this.indexes.find((i) => i.id === idOrName);
    const lower = idOrName.toLowerCase();
    return this.indexes.find((i) => i.name.toLowerCase() === lower);
  }

  /** What rows written before column `col` existed read as. */
  originDefault(col: ColumnInfo): Value {
    let v = this.defaults.get(col.id);
    if (v === undefined && !this.defaults.has(col.id)) {
      v = this.options.originDefaults?.has(col.id) ? (this.options.originDefaults.get(col.id) ?? null) : originDefault(col);
      this.defaults.set(col.id, v);
    }
    return v ?? null;
  }

  /** The handle of a writable row of a pkIsHandle table (its integer primary key). */
  handleOf(row: readonly Value[]): bigint {
    const col = this.handleColumn;
    if (!col) throw new InternalError(`table ${this.name} has no integer primary key: its handle is allocated`);
    const v = row[this.handleOffset];
    if (typeof v !== 'bigint') throw new InternalError(`table ${this.name}: primary key ${col.name} must be an integer, got ${v === null ? 'NULL' : typeof v}`);
    return handleFromPk(v, col.type as IntType);
  }

  rowKey(handle: bigint): Buffer {
    return rowKey(this.id, handle);
  }

  /** The row value of a writable row (the handle column is the key, not stored). */
  encodeRow(row: readonly Value[]): Buffer {
    if (row.length !== this.writableColumns.length) {
      throw new InternalError(`table ${this.name}: a row to write has ${row.length} values for ${this.writableColumns.length} writable columns`);
    }
    const cols: RowColumn[] = new Array<RowColumn>(this.stored.length);
    for (let i = 0; i < this.stored.length; i++) {
      const s = this.stored[i] as (typeof this.stored)[number];
      cols[i] = { id: s.id, type: s.type, value: row[s.offset] ?? null };
    }
    return encodeRow(cols);
  }
}
