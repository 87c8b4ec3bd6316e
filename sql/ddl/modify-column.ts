// MODIFY / CHANGE COLUMN with a type change that converts stored data (INT → VARCHAR, VARCHAR →
// INT, a narrower integer, a smaller DECIMAL scale, DATETIME → DATE, …), online, after TiDB's
// "modify column with reorg". Rows are keyed by column id, so the converted values go into a new
// hidden column (`_Col$_<name>_<id>`) that then takes the old one's place:
//
//   1  delete-only   the hidden column, marked `changingFrom` the old one, and a hidden twin of
//                    every index over the old column, rebuilt over the new one
//   2  write-only    every writer now fills the new column from the old one in the same row,
//                    converted as its INSERT would convert it (sql/executor fillChangingColumns),
//                    and maintains the twin indexes
//   3  write-reorg   backfill: every row existing before is rewritten in batches with the old
//                    value converted under the ALTER session's sql_mode (strict: the first value
//                    that does not fit fails the ALTER with 1264 / 1366 / 1406 / 1265, a NULL for
//                    NOT NULL with 1138; non-strict: converted with warnings); then each twin
//                    index is backfilled from the converted values (a unique one can fail: 1062)
//   4  swap          one step: the new column becomes public with the old one's name and place,
//                    the twin indexes public with the old indexes' names; the old column turns
//                    hidden and write-only — filled back from the new one, conversion errors
//                    ignored, for servers still a version behind that read it — as do its indexes
//   5  drop          the old column and its indexes go the way of DROP COLUMN (drop-column job:
//                    delete-only, gone, old index entries deleted). Its cells stay in the rows,
//                    read by no one, as after any DROP COLUMN.
//
// A failure before the swap (a value that does not convert, a duplicate, the cluster lost) rolls
// back: the hidden column and twin indexes go delete-only, then away, and the twins' entries are
// deleted — the table is as it was. A server that dies before the swap leaves a 'modify-column'
// job that recover.ts rolls back; after the swap the job is a 'drop-column' job, finished.
//
// While the conversion runs, other DDL on the table answers 1235 (TiDB would queue it): an index
// added over the old column, say, would be dropped with it at the swap.
//
// Not supported (1235): converting a column of the PRIMARY KEY (it may be the row handle, and a
// table has one primary index) or an AUTO_INCREMENT column. TIMESTAMP targets are converted
// without a time zone shift (the session zone is taken as UTC).
import { allocGlobalIds, type ColumnInfo, type IndexInfo, type SchemaState, type TableInfo } from '../catalog/index.js';
import { decodeRowKey, indexRange, rowRange, withRowColumn } from '../codec/index.js';
import { dataTruncated, duplicateColumnName, notSupported, SqlError, type Warning, type WarningSink } from '../errors.js';
import type { ColumnDef, ColumnPosition } from '../parser/index.js';
import { implicitDefault } from '../table/index.js';
import { convertForColumn, DEFAULT_SQL_MODE, isBinaryType, isStrict, isTextType, type SqlMode, type SqlType, type Value } from '../types/index.js';
import { errorMessage } from '../../util/errors.js';
import { logger } from '../../util/logger.js';
import { backfillIndex, DEFAULT_BACKFILL_BATCH, readRow } from './backfill.js';
import { buildColumn, buildIndex } from './build-table.js';
import { finishDeleteRanges } from './database-ddl.js';
import { checkNotConverting, tableForChange, type DdlContext, type ResolvedTable } from './ddl-context.js';
import { putJob, toStoredRange, withRetry, type DdlJob } from './ddl-job.js';
import { invalidUseOfNull, unknownColumnInTable } from './errors.js';
import { addIndex, tableStep } from './index-ddl.js';
import { runDropColumnFrom } from './column-ddl.js';

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
const log = logger('sql/ddl/modify-column');

function lost(t: TableInfo, what: string): SqlError {
  return new SqlError('SQL:DdlJobLost', 1105, 'HY000', `${what} of table ${t.name} disappeared during MODIFY COLUMN`);
}

function columnOf(t: TableInfo, id: number): ColumnInfo {
  const c = t.columns.find((x) => x.id === id);
  if (!c) throw lost(t, `column ${id}`);
  return c;
}

/** A prefix length that still means something on the new type (else the whole value). */
function keptPrefix(prefix: number | undefined, type: SqlType): number | undefined {
  if (prefix === undefined || !(isTextType(type) || isBinaryType(type))) return undefined;
  return 'length' in type && prefix >= type.length ? undefined : prefix;
}

/** What a converting MODIFY cannot do (1235), decided from the definition alone. */
export function checkConvertible(t: TableInfo, old: ColumnInfo, built: ColumnInfo, def: ColumnDef): void {
  if (def.primaryKey || t.indexes.some((i) => i.primary && i.columns.some((p) => p.columnId === old.id))) {
    throw notSupported('MODIFY COLUMN converting the data of a PRIMARY KEY column');
  }
  if (built.autoIncrement || old.autoIncrement) throw notSupported('MODIFY COLUMN converting the data of an AUTO_INCREMENT column');
}

/** Every index over `old` rebuilt over `neu` (a column of `t`), with fresh ids and hidden names;
 *  the new type must be able to carry the key (1170 for TEXT without a prefix, …). */
export function twinIndexes(t: TableInfo, old: ColumnInfo, neu: ColumnInfo, state: SchemaState): { oldId: number; index: IndexInfo }[] {
  const out: { oldId: number; index: IndexInfo }[] = [];
  for (const ix of t.indexes.filter((i) => i.columns.some((p) => p.columnId === old.id))) {
    const id = t.nextIndexId + out.length;
    const spec = {
      kind: ix.unique ? ('Unique' as const) : ('Index' as const),
      name: `_Idx$_${ix.name}_${id}`,
      columns: ix.columns.map((p) => {
        const prefix = p.columnId === old.id ? keptPrefix(p.prefixLength, neu.type) : p.prefixLength;
        return { column: p.columnId === old.id ? neu.name : p.name, desc: false, ...(prefix !== undefined ? { length: prefix } : {}) };
      }),
    };
    out.push({ oldId: ix.id, index: { ...buildIndex(spec, t.columns, t.indexes.map((i) => i.name), id, state), comment: ix.comment } });
  }
  return out;
}

/** The hidden column and index states of the job's objects moved to `state`. */
function withStates(t: TableInfo, job: DdlJob, state: SchemaState): TableInfo {
  const ids = new Set((job.modify?.indexes ?? []).map((p) => p.newId));
  columnOf(t, job.objectId);
  return {
    ...t,
    columns: t.columns.map((c) => (c.id === job.objectId ? { ...c, state } : c)),
    indexes: t.indexes.map((i) => (ids.has(i.id) ? { ...i, state } : i)),
  };
}

/** MODIFY / CHANGE COLUMN converting stored data (see the header). Returns the conversion's
 *  warnings (non-strict sql_mode). */
export async function modifyColumnWithReorg(ctx: DdlContext, r: ResolvedTable, oldName: string, def: ColumnDef, position: ColumnPosition | undefined): Promise<Warning[]> {
  let job: DdlJob | undefined;
  await tableStep(ctx, r, 'column delete-only', async (t, txn) => {
    checkNotConverting(t);
    const old = t.columns.find((c) => c.state === 'public' && same(c.name, oldName));
    if (!old) throw unknownColumnInTable(oldName, t.name);
    if (!same(def.name, old.name) && t.columns.some((c) => c.id !== old.id && same(c.name, def.name))) throw duplicateColumnName(def.name);
    const built = buildColumn(def, t.nextColumnId, { inPrimaryKey: false, state: 'delete-only', table: t });
    checkConvertible(t, old, built, def);
    const hidden = `_Col$_${old.name}_${built.id}`;
    const neu: ColumnInfo = { ...built, name: hidden, changingFrom: { columnId: old.id, lenient: false } };
    const columns = [...t.columns, neu];
    const twins = twinIndexes({ ...t, columns }, old, neu, 'delete-only');
    const pairs = twins.map((x) => ({ oldId: x.oldId, newId: x.index.id }));
    job = {
      id: await allocGlobalIds(txn),
      type: 'modify-column',
      databaseId: t.databaseId,
      tableId: t.id,
      objectId: neu.id,
      owner: ctx.syncer.serverId,
      state: 'running',
      ranges: [],
      modify: { oldColumnId: old.id, indexes: pairs },
      createdAt: Date.now(),
    };
    putJob(txn, job);
    return { ...t, columns, indexes: [...t.indexes, ...twins.map((x) => x.index)], nextColumnId: t.nextColumnId + 1, nextIndexId: t.nextIndexId + twins.length };
  });
  if (!job) throw new Error('modify-column job not created');
  const running = job;
  let warnings: Warning[];
  try {
    await tableStep(ctx, r, 'column write-only', (t, txn) => {
      putJob(txn, running);
      return withStates(t, running, 'write-only');
    });
    const table = await tableStep(ctx, r, 'column write-reorg', (t, txn) => {
      putJob(txn, running);
      return withStates(t, running, 'write-reorg');
    });
    warnings = await convertRows(ctx, table, running, def.name);
    for (const p of running.modify?.indexes ?? []) {
      const ix = table.indexes.find((i) => i.id === p.newId);
      if (!ix) throw lost(table, `index ${p.newId}`);
      await backfillIndex(ctx.client, table, ix, { batchSize: ctx.reorgBatchSize });
    }
  } catch (err) {
    // A value that does not convert, a duplicate, the table dropped: undo. Anything else (the
    // cluster unreachable) leaves the job for recovery to roll back.
    if (err instanceof SqlError) {
      await rollbackModifyColumn(ctx, r, running).catch((e: unknown) => log.warn({ err: errorMessage(e), job: running.id }, 'MODIFY COLUMN rollback failed; recovery will finish it'));
    }
    throw err;
  }
  const dropOld = await swap(ctx, r, running, def.name, position);
  await runDropColumnFrom(ctx, r, dropOld, 'write-only');
  if (def.unique) await addIndex(ctx, r, { kind: 'Unique', columns: [{ column: def.name, desc: false }] });
  return warnings;
}

/** Step 3: every row's old value converted into the new column, in batches (each one
 *  transaction; a concurrent write to a row of the batch makes it re-run from a fresh snapshot,
 *  and that writer has filled the new column itself). */
async function convertRows(ctx: DdlContext, table: TableInfo, job: DdlJob, name: string): Promise<Warning[]> {
  const old = columnOf(table, job.modify?.oldColumnId ?? -1);
  const neu = columnOf(table, job.objectId);
  const mode = ctx.sqlMode ?? DEFAULT_SQL_MODE;
  const batch = ctx.reorgBatchSize ?? DEFAULT_BACKFILL_BATCH;
  const range = rowRange(BigInt(table.id));
  const warnings: Warning[] = [];
  let cursor = range.start;
  let rowNo = 0;
  while (true) {
    const from = cursor;
    const first = rowNo;
    const out = await withRetry(ctx.client, async (txn) => {
      const pairs = await txn.scan(from, range.end, batch);
      const w: Warning[] = [];
      const sink: WarningSink = { warn: (x) => void w.push(x) };
      pairs.forEach((p, i) => {
        const { handle } = decodeRowKey(p.key);
        const v = readRow(table, [old], handle, p.value).get(old.id) ?? null;
        const value = convertStored(v, old.type, neu.type, { mode, sink, column: name, row: first + i + 1, timeZone: ctx.timeZone });
        txn.set(p.key, withRowColumn(p.value, { id: neu.id, type: neu.type, value }));
      });
      const last = pairs[pairs.length - 1];
      return { n: pairs.length, last: last ? Buffer.from(last.key) : undefined, w };
    });
    warnings.push(...out.w);
    rowNo += out.n;
    if (out.last) cursor = Buffer.concat([out.last, Buffer.of(0)]);
    if (out.n < batch) return warnings;
  }
}

interface ConvertSetting {
  readonly mode: SqlMode;
  readonly sink: WarningSink;
  readonly column: string;
  readonly row: number;
  readonly timeZone?: string | undefined;
}

/** One stored value as the new type, as MySQL's ALTER copies it: INSERT's conversion in the
 *  session's sql_mode; a NULL into NOT NULL is 1138 when strict, else the implicit default with a
 *  1265 warning. */
export function convertStored(v: Value, from: SqlType, to: SqlType, s: ConvertSetting): Value {
  if (v === null) {
    if (to.nullable) return null;
    if (isStrict(s.mode)) throw invalidUseOfNull();
    s.sink.warn(dataTruncated(s.column, s.row).toWarning('Warning'));
    return implicitDefault(to);
  }
  return convertForColumn(v, to, { sqlMode: s.mode, warnings: s.sink, column: s.column, row: s.row, timeZone: s.timeZone ?? 'UTC', sourceType: from });
}

/** Step 4, one schema version: the new column and indexes take the old ones' names and places;
 *  the old ones turn hidden and write-only. Returns the job, now a drop-column job for the old
 *  column (what recovery finishes). */
async function swap(ctx: DdlContext, r: ResolvedTable, job: DdlJob, name: string, position: ColumnPosition | undefined): Promise<DdlJob> {
  let dropOld: DdlJob | undefined;
  await tableStep(ctx, r, 'column public', (t, txn) => {
    const old = columnOf(t, job.modify?.oldColumnId ?? -1);
    const neu = columnOf(t, job.objectId);
    const hidden = `_Col$_${old.name}_${old.id}`;
    const { changingFrom: _unused, ...rest } = neu;
    void _unused;
    const pub: ColumnInfo = { ...rest, name, state: 'public' };
    const retired: ColumnInfo = { ...old, name: hidden, state: 'write-only', changingFrom: { columnId: neu.id, lenient: true } };
    let columns = t.columns.filter((c) => c.id !== neu.id).map((c) => (c.id === old.id ? pub : c));
    if (position) {
      const restCols = columns.filter((c) => c.id !== pub.id);
      if (position.kind === 'First') columns = [pub, ...restCols];
      else {
        const i = restCols.findIndex((c) => c.state === 'public' && same(c.name, position.column));
        if (i < 0) throw unknownColumnInTable(position.column, t.name);
        columns = [...restCols.slice(0, i + 1), pub, ...restCols.slice(i + 1)];
      }
    }
    columns.push(retired);
    const pairs = job.modify?.indexes ?? [];
    const newIds = new Set(pairs.map((p) => p.newId));
    const retiredIndexes: IndexInfo[] = [];
    const indexes: IndexInfo[] = [];
    for (const ix of t.indexes) {
      if (newIds.has(ix.id)) continue;
      const pair = pairs.find((p) => p.oldId === ix.id);
      if (!pair) {
        indexes.push(ix);
        continue;
      }
      const twin = t.indexes.find((i) => i.id === pair.newId);
      if (!twin) throw lost(t, `index ${pair.newId}`);
      indexes.push({ ...twin, name: ix.name, state: 'public', columns: twin.columns.map((p) => (p.columnId === neu.id ? { ...p, name } : p)) });
      retiredIndexes.push({ ...ix, name: `_Idx$_${ix.name}_${ix.id}`, state: 'write-only', columns: ix.columns.map((p) => (p.columnId === old.id ? { ...p, name: hidden } : p)) });
    }
    const renamed = (n: string): string => (same(n, old.name) ? name : n);
    dropOld = {
      ...job,
      type: 'drop-column',
      objectId: old.id,
      state: 'running',
      modify: undefined,
      ranges: pairs.map((p) => toStoredRange(indexRange(BigInt(t.id), BigInt(p.oldId)))),
    };
    putJob(txn, dropOld);
    return { ...t, columns, indexes: [...indexes, ...retiredIndexes], foreignKeys: t.foreignKeys.map((f) => ({ ...f, columns: f.columns.map(renamed) })) };
  });
  if (!dropOld) throw new Error('modify-column swap did not run');
  return dropOld;
}

/** Undoes a MODIFY COLUMN that has not swapped (failed, or its server died): the hidden column
 *  and twin indexes go delete-only, then away, and the twins' entries are deleted. */
export async function rollbackModifyColumn(ctx: DdlContext, r: ResolvedTable, job: DdlJob): Promise<void> {
  const back: DdlJob = { ...job, state: 'rolling-back' };
  const t = await withRetry(ctx.client, (txn) => tableForChange(txn, r));
  const col = t.columns.find((c) => c.id === job.objectId);
  if (col && col.state !== 'delete-only') {
    await tableStep(ctx, r, 'column delete-only', (x, txn) => {
      putJob(txn, back);
      return withStates(x, job, 'delete-only');
    });
  }
  const newIds = new Set((job.modify?.indexes ?? []).map((p) => p.newId));
  const cleanup: DdlJob = { ...back, type: 'delete-ranges', ranges: [...newIds].map((id) => toStoredRange(indexRange(BigInt(job.tableId), BigInt(id)))) };
  await tableStep(ctx, r, 'column none', (x, txn) => {
    putJob(txn, cleanup);
    return { ...x, columns: x.columns.filter((c) => c.id !== job.objectId), indexes: x.indexes.filter((i) => !newIds.has(i.id)) };
  });
  await finishDeleteRanges(ctx, cleanup);
}
