// ADD / DROP / MODIFY / CHANGE / RENAME COLUMN.
//
// Rows are keyed by column id (sql/codec row-value.ts), so no column change rewrites a row:
//   ADD COLUMN   none ─► delete-only ─► write-only ─► write-reorg ─► public. The column's
//                default at this moment is recorded as its `originDefault` (CURRENT_TIMESTAMP
//                frozen to now, an implicit 0 / '' for NOT NULL without DEFAULT): every row
//                written before the column was writable reads it from there.
//   DROP COLUMN  public ─► write-only ─► delete-only ─► none. Rows keep the stored value, which
//                no reader asks for any more. Single-column indexes on it go the same way and
//                their entries are deleted; a column in a multi-column index or the PRIMARY KEY
//                answers 1235.
//   MODIFY / CHANGE / RENAME
//                one step, metadata only: renames, position, DEFAULT, COMMENT, nullability
//                (NOT NULL first checks that no row holds a NULL: 1138), and type changes that
//                keep every stored value valid and identically encoded (a wider integer, a longer
//                VARCHAR, more ENUM members, …). A change that needs stored data converted is
//                modify-column.ts's online reorg (`needsConversion` decides).
//
// The NULL check of MODIFY … NOT NULL scans at one snapshot and commits the change after it: a
// NULL written by another server in between is not caught (TiDB closes this window with an extra
// state; we do not yet).
import type { Transaction } from '../../kv/client/index.js';
import { allocGlobalIds, type ColumnInfo, type SchemaState, type TableInfo } from '../catalog/index.js';
import { decodeRowKey, indexRange, rowRange } from '../codec/index.js';
import { cantDropFieldOrKey, duplicateColumnName, notSupported, SqlError } from '../errors.js';
import type { ColumnDef, ColumnPosition } from '../parser/index.js';
import type { SqlType } from '../types/index.js';
import { readRow } from './backfill.js';
import { buildColumn, checkAutoIncrement } from './build-table.js';
import { freezeDefault } from './column-default.js';
import { finishDeleteRanges } from './database-ddl.js';
import { checkNotConverting, tableForChange, type DdlContext, type ResolvedTable } from './ddl-context.js';
import { deleteJob, putJob, toStoredRange, withRetry, type DdlJob } from './ddl-job.js';
import { cantRemoveAllFields, invalidUseOfNull, unknownColumnInTable } from './errors.js';
import { addIndex, tableStep } from './index-ddl.js';

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function jobLost(t: TableInfo, what: string): SqlError {
  return new SqlError('SQL:DdlJobLost', 1105, 'HY000', `${what} of table ${t.name} disappeared during DDL`);
}

/** Columns in a new order: `col` placed FIRST, AFTER another public column, or last. */
function placeColumn(t: TableInfo, cols: readonly ColumnInfo[], col: ColumnInfo, position: ColumnPosition | undefined): ColumnInfo[] {
  const rest = cols.filter((c) => c.id !== col.id);
  if (!position) {
    const at = cols.findIndex((c) => c.id === col.id);
    if (at >= 0) return cols.map((c) => (c.id === col.id ? col : c));
    return [...rest, col];
  }
  if (position.kind === 'First') return [col, ...rest];
  const i = rest.findIndex((c) => c.state === 'public' && same(c.name, position.column));
  if (i < 0) throw unknownColumnInTable(position.column, t.name);
  return [...rest.slice(0, i + 1), col, ...rest.slice(i + 1)];
}

function withColumnState(t: TableInfo, columnId: number, state: SchemaState): TableInfo {
  if (!t.columns.some((c) => c.id === columnId)) throw jobLost(t, `column ${columnId}`);
  return { ...t, columns: t.columns.map((c) => (c.id === columnId ? { ...c, state } : c)) };
}

function micros(): bigint {
  return BigInt(Date.now()) * 1000n;
}

/** ADD COLUMN, online. A PRIMARY KEY / UNIQUE written on the column is added after it as an
 *  online ADD INDEX. */
export async function addColumn(ctx: DdlContext, r: ResolvedTable, def: ColumnDef, position?: ColumnPosition): Promise<void> {
  if (def.autoIncrement) throw notSupported('ADD COLUMN with AUTO_INCREMENT');
  let job: DdlJob | undefined;
  await tableStep(ctx, r, 'column delete-only', async (t, txn) => {
    checkNotConverting(t);
    if (t.columns.some((c) => same(c.name, def.name))) throw duplicateColumnName(def.name);
    const built = buildColumn(def, t.nextColumnId, { inPrimaryKey: def.primaryKey, state: 'delete-only', table: t });
    const col: ColumnInfo = { ...built, originDefault: freezeDefault(built.default, built.type, micros(), ctx.timeZone) };
    job = {
      id: await allocGlobalIds(txn),
      type: 'add-column',
      databaseId: t.databaseId,
      tableId: t.id,
      objectId: col.id,
      owner: ctx.syncer.serverId,
      state: 'running',
      ranges: [],
      createdAt: Date.now(),
    };
    putJob(txn, job);
    return { ...t, columns: placeColumn(t, t.columns, col, position), nextColumnId: t.nextColumnId + 1 };
  });
  if (!job) throw new Error('add-column job not created');
  await runAddColumnFrom(ctx, r, job, 'delete-only');
  if (def.primaryKey) await addIndex(ctx, r, { kind: 'PrimaryKey', columns: [{ column: def.name, desc: false }] });
  if (def.unique) await addIndex(ctx, r, { kind: 'Unique', columns: [{ column: def.name, desc: false }] });
}

const ADD_ORDER: readonly SchemaState[] = ['delete-only', 'write-only', 'write-reorg', 'public'];

/** Continues an ADD COLUMN job from the column's state. */
export async function runAddColumnFrom(ctx: DdlContext, r: ResolvedTable, job: DdlJob, from: SchemaState): Promise<void> {
  for (const state of ADD_ORDER.slice(ADD_ORDER.indexOf(from) + 1)) {
    await tableStep(ctx, r, `column ${state}`, (t, txn) => {
      if (state === 'public') deleteJob(txn, job.id);
      else putJob(txn, job);
      return withColumnState(t, job.objectId, state);
    });
  }
}

/** Undoes an unfinished ADD COLUMN (recovery): delete-only, then gone. */
export async function rollbackAddColumn(ctx: DdlContext, r: ResolvedTable, job: DdlJob): Promise<void> {
  const t = await withRetry(ctx.client, (txn) => tableForChange(txn, r));
  const col = t.columns.find((c) => c.id === job.objectId);
  if (col && col.state !== 'delete-only') {
    await tableStep(ctx, r, 'column delete-only', (x, txn) => {
      putJob(txn, { ...job, state: 'rolling-back' });
      return withColumnState(x, job.objectId, 'delete-only');
    });
  }
  await tableStep(ctx, r, 'column none', (x, txn) => {
    deleteJob(txn, job.id);
    return { ...x, columns: x.columns.filter((c) => c.id !== job.objectId) };
  });
}

/** DROP COLUMN, online. */
export async function dropColumn(ctx: DdlContext, r: ResolvedTable, name: string): Promise<void> {
  let job: DdlJob | undefined;
  await tableStep(ctx, r, 'column write-only', async (t, txn) => {
    checkNotConverting(t);
    const col = t.columns.find((c) => c.state === 'public' && same(c.name, name));
    if (!col) throw cantDropFieldOrKey(name);
    if (t.columns.filter((c) => c.state === 'public').length === 1) throw cantRemoveAllFields();
    const covering = t.indexes.filter((i) => i.columns.some((p) => p.columnId === col.id));
    if (covering.some((i) => i.columns.length > 1 || i.primary)) throw notSupported('drop a column covered by a multi-column index or the PRIMARY KEY');
    const ids = new Set(covering.map((i) => i.id));
    job = {
      id: await allocGlobalIds(txn),
      type: 'drop-column',
      databaseId: t.databaseId,
      tableId: t.id,
      objectId: col.id,
      owner: ctx.syncer.serverId,
      state: 'running',
      ranges: covering.map((i) => toStoredRange(indexRange(BigInt(t.id), BigInt(i.id)))),
      createdAt: Date.now(),
    };
    putJob(txn, job);
    const next = withColumnState(t, col.id, 'write-only');
    return { ...next, indexes: next.indexes.map((i) => (ids.has(i.id) ? { ...i, state: 'write-only' as const } : i)) };
  });
  if (!job) throw new Error('drop-column job not created');
  await runDropColumnFrom(ctx, r, job, 'write-only');
}

/** Continues a DROP COLUMN job from the column's state (recovery finishes drops). */
export async function runDropColumnFrom(ctx: DdlContext, r: ResolvedTable, job: DdlJob, from: SchemaState): Promise<void> {
  const onColumn = (t: TableInfo): Set<number> => new Set(t.indexes.filter((i) => i.columns.some((p) => p.columnId === job.objectId)).map((i) => i.id));
  if (from !== 'delete-only') {
    await tableStep(ctx, r, 'column delete-only', (t, txn) => {
      putJob(txn, job);
      const ids = onColumn(t);
      const next = withColumnState(t, job.objectId, 'delete-only');
      return { ...next, indexes: next.indexes.map((i) => (ids.has(i.id) ? { ...i, state: 'delete-only' as const } : i)) };
    });
  }
  const cleanup: DdlJob = { ...job, type: 'delete-ranges' };
  await tableStep(ctx, r, 'column none', (t, txn) => {
    putJob(txn, cleanup);
    const ids = onColumn(t);
    return { ...t, columns: t.columns.filter((c) => c.id !== job.objectId), indexes: t.indexes.filter((i) => !ids.has(i.id)) };
  });
  await finishDeleteRanges(ctx, cleanup);
}

// ---- MODIFY / CHANGE / RENAME -------------------------------------------------------------------

const INT_RANK: Readonly<Record<string, number>> = { tinyint: 1, smallint: 2, mediumint: 3, int: 4, bigint: 5 };
const TEXT_RANK: Readonly<Record<string, number>> = { tinytext: 1, text: 2, mediumtext: 3, longtext: 4 };
const BLOB_RANK: Readonly<Record<string, number>> = { tinyblob: 1, blob: 2, mediumblob: 3, longblob: 4 };

/** Whether every value stored as `a` is a valid, identically encoded value of `b` (rows and index
 *  keys alike), so changing the column's type needs no data touched. Nullability is not compared. */
export function isMetadataOnlyTypeChange(a: SqlType, b: SqlType): boolean {
  const ia = INT_RANK[a.kind];
  const ib = INT_RANK[b.kind];
  if (ia !== undefined && ib !== undefined) {
    return 'unsigned' in a && 'unsigned' in b && a.unsigned === b.unsigned && ib >= ia;
  }
  const ta = TEXT_RANK[a.kind] ?? BLOB_RANK[a.kind];
  const tb = TEXT_RANK[b.kind] ?? BLOB_RANK[b.kind];
  if (ta !== undefined && tb !== undefined) {
    const family = (k: string): string => (TEXT_RANK[k] !== undefined ? 'text' : 'blob');
    if (family(a.kind) !== family(b.kind) || tb < ta) return false;
    return !('collation' in a) || ('collation' in b && a.collation === b.collation);
  }
  switch (a.kind) {
    case 'decimal':
      return b.kind === 'decimal' && b.scale === a.scale && b.unsigned === a.unsigned && b.precision >= a.precision;
    case 'float':
    case 'double':
      return (b.kind === a.kind || (a.kind === 'float' && b.kind === 'double')) && b.unsigned === a.unsigned && b.precision === a.precision && b.scale === a.scale;
    case 'char':
    case 'varchar':
      return b.kind === a.kind && b.length >= a.length && b.collation === a.collation;
    case 'varbinary':
      return b.kind === 'varbinary' && b.length >= a.length;
    case 'binary':
      return b.kind === 'binary' && b.length === a.length;
    case 'datetime':
    case 'timestamp':
    case 'time':
      return b.kind === a.kind && b.fsp === a.fsp;
    case 'enum':
    case 'set':
      return b.kind === a.kind && b.collation === a.collation && a.elements.every((e, i) => b.elements[i] === e);
    case 'bit':
      return b.kind === 'bit' && b.width >= a.width;
    default:
      return b.kind === a.kind;
  }
}

async function hasNull(ctx: DdlContext, t: TableInfo, col: ColumnInfo): Promise<boolean> {
  const range = rowRange(BigInt(t.id));
  const txn: Transaction = await ctx.client.txn.begin();
  try {
    for await (const p of txn.iterate(range.start, range.end)) {
      const { handle } = decodeRowKey(p.key);
      if (readRow(t, [col], handle, p.value).get(col.id) === null) return true;
    }
    return false;
  } finally {
    await txn.rollback();
  }
}

/** Whether MODIFY / CHANGE of `oldName` to `def` must convert stored data (modify-column.ts)
 *  rather than change metadata only. Unknown names and bad definitions are left to the step. */
export function needsConversion(t: TableInfo, oldName: string, def: ColumnDef): boolean {
  const old = t.columns.find((c) => c.state === 'public' && same(c.name, oldName));
  if (!old) return false;
  const inPk = t.indexes.some((i) => i.primary && i.columns.some((p) => p.columnId === old.id));
  const built = buildColumn(def, old.id, { inPrimaryKey: inPk || def.primaryKey, state: 'public', table: t });
  return !isMetadataOnlyTypeChange(old.type, built.type);
}

/** MODIFY (oldName = def.name) and CHANGE COLUMN: one metadata-only step (see the header). */
export async function modifyColumn(ctx: DdlContext, r: ResolvedTable, oldName: string, def: ColumnDef, position?: ColumnPosition): Promise<void> {
  const before = r.table.columns.find((c) => c.state === 'public' && same(c.name, oldName));
  if (!before) throw unknownColumnInTable(oldName, r.table.name);
  if (before.type.nullable && (def.notNull || def.primaryKey) && (await hasNull(ctx, r.table, before))) throw invalidUseOfNull();
  await tableStep(ctx, r, 'column modified', (t) => {
    checkNotConverting(t);
    const old = t.columns.find((c) => c.state === 'public' && same(c.name, oldName));
    if (!old) throw unknownColumnInTable(oldName, t.name);
    if (!same(def.name, old.name) && t.columns.some((c) => c.id !== old.id && same(c.name, def.name))) throw duplicateColumnName(def.name);
    const pk = t.indexes.find((i) => i.primary);
    const inPk = pk?.columns.some((p) => p.columnId === old.id) ?? false;
    const built = buildColumn(def, old.id, { inPrimaryKey: inPk || def.primaryKey, state: 'public', table: t });
    if (!isMetadataOnlyTypeChange(old.type, built.type)) throw notSupported('MODIFY COLUMN with a type change that converts stored data');
    if (built.autoIncrement && !old.autoIncrement) throw notSupported('adding AUTO_INCREMENT to an existing column');
    const col: ColumnInfo = old.originDefault !== undefined ? { ...built, originDefault: old.originDefault } : built;
    const renamed = (n: string): string => (same(n, old.name) ? col.name : n);
    const next: TableInfo = {
      ...t,
      columns: placeColumn(t, t.columns, col, position),
      indexes: t.indexes.map((i) => ({ ...i, columns: i.columns.map((p) => (p.columnId === old.id ? { ...p, name: col.name } : p)) })),
      foreignKeys: t.foreignKeys.map((f) => ({ ...f, columns: f.columns.map(renamed) })),
    };
    checkAutoIncrement(next.columns, next.indexes);
    return next;
  });
  if (def.primaryKey) await addIndex(ctx, r, { kind: 'PrimaryKey', columns: [{ column: def.name, desc: false }] });
  if (def.unique) await addIndex(ctx, r, { kind: 'Unique', columns: [{ column: def.name, desc: false }] });
}

/** RENAME COLUMN a TO b: one metadata-only step. */
export async function renameColumn(ctx: DdlContext, r: ResolvedTable, oldName: string, newName: string): Promise<void> {
  await tableStep(ctx, r, 'column renamed', (t) => {
    checkNotConverting(t);
    const old = t.columns.find((c) => c.state === 'public' && same(c.name, oldName));
    if (!old) throw unknownColumnInTable(oldName, t.name);
    if (!same(oldName, newName) && t.columns.some((c) => same(c.name, newName))) throw duplicateColumnName(newName);
    const renamed = (n: string): string => (same(n, old.name) ? newName : n);
    return {
      ...t,
      columns: t.columns.map((c) => (c.id === old.id ? { ...c, name: newName } : c)),
      indexes: t.indexes.map((i) => ({ ...i, columns: i.columns.map((p) => (p.columnId === old.id ? { ...p, name: newName } : p)) })),
      foreignKeys: t.foreignKeys.map((f) => ({ ...f, columns: f.columns.map(renamed) })),
    };
  });
}
