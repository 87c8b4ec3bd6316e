// One index of a table as the writers and readers see it: its KV spec (sql/codec), where its
// columns sit in a row, the name MySQL gives it in 1062 messages ('t.idx'), and which schema
// states write or delete its entries.
//
//   state          inserts/updates write entries   deletes remove entries   readers use it
//   delete-only    no                              yes                      no
//   write-only     yes (unique ones are checked)   yes                      no
//   write-reorg    yes (unique ones are checked)   yes                      no
//   public         yes (unique ones are checked)   yes                      yes
//
// (F1's online schema change: one server may still be a state behind, so a server deletes the
// entries of an index it does not yet write, and writes the entries of one it does not yet read.)
//
// Prefix indexes (KEY (c(10))) index the first n characters of a string (bytes of a binary
// string); the values here are cut the same way, both for the key and for the 1062 text, which
// MySQL also shows cut.
import { InternalError } from '../../util/errors.js';
import type { ColumnInfo, IndexInfo } from '../catalog/index.js';
import { encodeIndexEntry, uniqueKey, type IndexEntry, type IndexSpec } from '../codec/index.js';
import { entryText, type SqlType, type Value } from '../types/index.js';

export class TableIndex {
  readonly id: number;
  readonly name: string;
  readonly spec: IndexSpec;
  /** `table.index`, as 1062 names the key. */
  readonly keyName: string;
  /** The index's columns, in index order. */
  readonly columns: readonly ColumnInfo[];
  readonly types: readonly SqlType[];
  /** Position of each index column in a writable row (-1: the column is not writable). */
  readonly offsets: readonly number[];
  private readonly prefixes: readonly (number | undefined)[];

  constructor(
    readonly info: IndexInfo,
    tableId: bigint,
    tableName: string,
    allColumns: readonly ColumnInfo[],
    writableColumns: readonly ColumnInfo[],
  ) {
    this.id = info.id;
    this.name = info.name;
    this.keyName = `${tableName}.${info.name}`;
    this.columns = info.columns.map((ic) => {
      const c = allColumns.find((col) => col.id === ic.columnId);
      if (!c) throw new InternalError(`index ${info.name} of ${tableName} names column id ${ic.columnId}, which the table lacks`);
      return c;
    });
    this.types = this.columns.map((c) => c.type);
    this.offsets = info.columns.map((ic) => writableColumns.findIndex((c) => c.id === ic.columnId));
    this.prefixes = info.columns.map((ic) => ic.prefixLength);
    this.spec = { tableId, indexId: BigInt(info.id), unique: info.unique, types: this.types, columns: this.columns.map((c) => c.name) };
  }

  get unique(): boolean {
    return this.info.unique;
  }

  get state(): IndexInfo['state'] {
    return this.info.state;
  }

  /** Whether inserts and updates write (and check) entries of this index. */
  get writable(): boolean {
    return this.info.state !== 'delete-only';
  }

  /** Whether queries may read it. */
  get readable(): boolean {
    return this.info.state === 'public';
  }

  /** Whether every column is in a writable row (an index over a column being dropped is not). */
  get coveredByRow(): boolean {
    return this.offsets.every((o) => o >= 0);
  }

  /** The index's values of a writable row, prefix-cut. */
  values(row: readonly Value[]): Value[] {
    const out: Value[] = new Array<Value>(this.offsets.length);
    for (let i = 0; i < this.offsets.length; i++) {
      const o = this.offsets[i] as number;
      if (o < 0) throw new InternalError(`index ${this.keyName} covers column ${this.columns[i]?.name}, which is not in a writable row`);
      out[i] = cutPrefix(row[o] ?? null, this.prefixes[i]);
    }
    return out;
  }

  /** Prefix-cuts values given in index order (a lookup key the caller built). */
  cut(values: readonly Value[]): Value[] {
    return values.map((v, i) => cutPrefix(v, this.prefixes[i]));
  }

  /** The entry of a row's index values (from values()) and handle. */
  entry(values: readonly Value[], handle: bigint): IndexEntry {
    return encodeIndexEntry(this.spec, values, handle);
  }

  /** The key equal values collide on; undefined for a non-unique index or a NULL value. */
  uniqueKey(values: readonly Value[]): Buffer | undefined {
    return uniqueKey(this.spec, values);
  }

  /** The text of 1062's "Duplicate entry '…'" for these index values. */
  entryText(values: readonly Value[]): string {
    return entryText(values, this.types);
  }

  /** Whether two rows have the same entry values (no rewrite of the entry needed when the
   *  handle is the same). Compares the encoded form, i.e. the index's own equality. */
  sameValues(a: readonly Value[], b: readonly Value[]): boolean {
    for (let i = 0; i < a.length; i++) if (!identical(a[i] ?? null, b[i] ?? null)) return false;
    return true;
  }
}

function cutPrefix(v: Value, prefix: number | undefined): Value {
  if (prefix === undefined || v === null) return v;
  if (typeof v === 'string') {
    // Characters are code points, not UTF-16 units.
    let units = 0;
    let chars = 0;
    while (units < v.length && chars < prefix) {
      const c = v.charCodeAt(units);
      units += c >= 0xd800 && c <= 0xdbff && units + 1 < v.length ? 2 : 1;
      chars++;
    }
    return units >= v.length ? v : v.slice(0, units);
  }
  if (v instanceof Uint8Array) return v.length <= prefix ? v : v.subarray(0, prefix);
  return v;
}

/** Same stored value: used only to skip rewriting an unchanged index entry, so a false "changed"
 *  costs a rewrite, never a wrong index. Strings compare exactly (a case change rewrites). */
function identical(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b) === 0;
  if (typeof a === 'object' && typeof b === 'object') return a.constructor === b.constructor && String(a) === String(b);
  return false;
}
