// The rows of information_schema's tables (defined in sql/catalog/information-schema.ts), made
// from the schema snapshot the statement plans against and from this server's state (sessions,
// variables) at the moment the statement is planned. The same facts SHOW prints, so the values
// come from show.ts's helpers: an ORM introspecting through information_schema and a user reading
// SHOW COLUMNS see the same type, key and default.
import { INFORMATION_SCHEMA, type ColumnInfo, type IndexInfo, type TableInfo } from '../catalog/index.js';
import { charsetMaxLen, columnTypeString, dataTypeName, isStringType, type SqlType } from '../types/index.js';
import type { Row } from './result.js';
import { CHARSETS, ENGINE_ROWS, collationOfColumn, createdAt, collationRows, columnKey, defaultText, extraText, type ShowContext } from './show.js';
import { uptimeText } from './cluster-snapshot.js';
import { showVariables } from './variables.js';

const DEF = 'def';

export function informationSchemaRows(table: TableInfo, ctx: ShowContext): Row[] {
  switch (table.name) {
    case 'SCHEMATA':
      return ctx.infoSchema.databases().map((d): Row => [DEF, d.name, d.charset, d.collation, null, 'NO']);
    case 'TABLES':
      return tables(ctx);
    case 'COLUMNS':
      return eachTable(ctx, (db, t) => publicColumns(t).map((c, i) => columnRow(db, t, c, i + 1)));
    case 'STATISTICS':
      return eachTable(ctx, statistics);
    case 'KEY_COLUMN_USAGE':
      return eachTable(ctx, keyColumnUsage);
    case 'TABLE_CONSTRAINTS':
      return eachTable(ctx, tableConstraints);
    case 'REFERENTIAL_CONSTRAINTS':
      return eachTable(ctx, (db, t) => t.foreignKeys.map((fk): Row => [DEF, db, fk.name, DEF, fk.refDatabase || db, 'PRIMARY', 'NONE', fk.onUpdate || 'NO ACTION', fk.onDelete || 'NO ACTION', t.name, fk.refTable]));
    case 'PARTITIONS':
      return eachTable(ctx, (db, t): Row[] =>
        t.view || db === INFORMATION_SCHEMA
          ? []
          : [[DEF, db, t.name, null, null, null, null, null, null, null, null, null, ctx.rowCount?.(t) ?? 0n, 0n, 0n, 0n, 0n, 0n, createdAt(t.createdAt, ctx), null, null, null, '', null, null]],
      );
    case 'VIEWS':
      return eachTable(ctx, (db, t) => {
        const v = t.view;
        if (!v) return [];
        const [user = 'root', host = '%'] = v.definer.split('@');
        return [[DEF, db, t.name, v.select, v.checkOption === 'none' ? 'NONE' : v.checkOption.toUpperCase(), 'NO', `${user}@${host}`, v.security, 'utf8mb4', 'utf8mb4_0900_ai_ci']];
      });
    case 'CHARACTER_SETS':
      return CHARSETS.map(([name, desc, dflt, len]): Row => [name, dflt, desc, BigInt(len)]);
    case 'COLLATIONS':
      return collationRows();
    case 'ENGINES':
      return [...ENGINE_ROWS];
    case 'PROCESSLIST':
      return [...ctx.processList()].sort((a, b) => a.id - b.id).map((p): Row => [BigInt(p.id), p.user, p.host, p.db, p.command, BigInt(p.time), p.state, p.info]);
    case 'TIKV_STORE_STATUS':
      return (ctx.cluster?.stores ?? []).map((st): Row => [
        BigInt(st.store.id),
        st.store.address,
        st.store.statusAddress,
        st.store.state === 'up' ? 'Up' : st.store.state === 'offline' ? 'Offline' : 'Tombstone',
        st.liveness,
        st.store.version,
        BigInt(st.capacity),
        BigInt(st.usedSize),
        BigInt(st.leaderCount),
        BigInt(st.regionCount),
        st.store.startTimestamp > 0 ? createdAt(st.store.startTimestamp, ctx) : null,
        st.lastHeartbeatMs > 0 ? createdAt(st.lastHeartbeatMs, ctx) : null,
        st.store.startTimestamp > 0 ? uptimeText((ctx.cluster?.takenAt ?? Date.now()) - st.store.startTimestamp) : null,
      ]);
    case 'TIKV_REGION_STATUS':
      return (ctx.cluster?.regions ?? []).map((r): Row => [
        BigInt(r.region.id),
        r.region.startKey.toString('hex').toUpperCase(),
        r.region.endKey.toString('hex').toUpperCase(),
        BigInt(r.region.epoch.confVer),
        BigInt(r.region.epoch.version),
        r.leader ? BigInt(r.leader.storeId) : null,
        r.region.peers.map((p) => p.storeId).join(','),
        r.approximateSize !== undefined ? BigInt(r.approximateSize) : null,
        r.approximateKeys !== undefined ? BigInt(r.approximateKeys) : null,
      ]);
    case 'TIKV_REGION_PEERS':
      return (ctx.cluster?.regions ?? []).flatMap((r) =>
        r.region.peers.map((p): Row => [BigInt(r.region.id), BigInt(p.id), BigInt(p.storeId), p.role === 'learner' ? 1n : 0n, r.leader?.id === p.id ? 1n : 0n]),
      );
    case 'CLUSTER_INFO':
      return clusterInfo(ctx);
    case 'SESSION_VARIABLES':
      return showVariables(ctx.variables, 'session').map((v): Row => [v.name.toUpperCase(), v.value]);
    case 'GLOBAL_VARIABLES':
      return showVariables(ctx.variables, 'global').map((v): Row => [v.name.toUpperCase(), v.value]);
    default:
      return [];
  }
}

function publicColumns(t: TableInfo): ColumnInfo[] {
  return t.columns.filter((c) => c.state === 'public');
}

function publicIndexes(t: TableInfo): IndexInfo[] {
  return t.indexes.filter((i) => i.state === 'public');
}

/** Rows for every table of every database, information_schema's own tables included. */
function eachTable(ctx: ShowContext, f: (db: string, t: TableInfo) => Row[]): Row[] {
  const out: Row[] = [];
  for (const db of ctx.infoSchema.databases()) for (const t of ctx.infoSchema.tables(db.name)) out.push(...f(db.name, t));
  return out;
}

function tables(ctx: ShowContext): Row[] {
  return eachTable(ctx, (db, t): Row[] => {
    if (t.view) return [[DEF, db, t.name, 'VIEW', null, null, null, null, null, null, null, null, null, null, createdAt(t.createdAt, ctx), null, null, null, null, null, 'VIEW']];
    const system = db === INFORMATION_SCHEMA;
    const hasAuto = t.columns.some((c) => c.autoIncrement);
    return [
      [
        DEF,
        db,
        t.name,
        system ? 'SYSTEM VIEW' : 'BASE TABLE',
        system ? null : 'InnoDB',
        10n,
        system ? null : 'Dynamic',
        system ? null : (ctx.rowCount?.(t) ?? 0n),
        0n,
        0n,
        0n,
        0n,
        0n,
        hasAuto ? (ctx.nextAutoIncrement?.(t) ?? BigInt(Math.max(t.autoIncrementStart, 1))) : null,
        system ? null : createdAt(t.createdAt, ctx),
        null,
        null,
        system ? null : t.collation,
        null,
        '',
        t.comment,
      ],
    ];
  });
}

function numericPrecision(t: SqlType): { precision: bigint | null; scale: bigint | null } {
  switch (t.kind) {
    case 'tinyint':
      return { precision: 3n, scale: 0n };
    case 'smallint':
      return { precision: 5n, scale: 0n };
    case 'mediumint':
      return { precision: 7n, scale: 0n };
    case 'int':
      return { precision: 10n, scale: 0n };
    case 'bigint':
      return { precision: t.unsigned ? 20n : 19n, scale: 0n };
    case 'decimal':
      return { precision: BigInt(t.precision), scale: BigInt(t.scale) };
    case 'float':
      return { precision: 12n, scale: null };
    case 'double':
      return { precision: 22n, scale: null };
    case 'bit':
      return { precision: BigInt(t.width), scale: null };
    default:
      return { precision: null, scale: null };
  }
}

function columnRow(db: string, t: TableInfo, c: ColumnInfo, position: number): Row {
  const type = c.type;
  const str = isStringType(type);
  const length = str && 'length' in type ? BigInt(type.length) : type.kind === 'binary' || type.kind === 'varbinary' ? BigInt(type.length) : null;
  const charset = collationOfColumn(type)?.split('_')[0] ?? null;
  const octets = length === null ? null : charset ? length * BigInt(charsetMaxLen(charset)) : length;
  const { precision, scale } = numericPrecision(type);
  const fsp = type.kind === 'datetime' || type.kind === 'timestamp' || type.kind === 'time' ? BigInt(type.fsp) : null;
  return [
    DEF,
    db,
    t.name,
    c.name,
    BigInt(position),
    defaultText(c),
    type.nullable ? 'YES' : 'NO',
    dataTypeName(type),
    length,
    octets,
    precision,
    scale,
    fsp,
    charset,
    collationOfColumn(type),
    columnTypeString(type),
    columnKey(t, c),
    extraText(c),
    'select,insert,update,references',
    c.comment,
    '',
    null,
  ];
}

function orderedIndexes(t: TableInfo): IndexInfo[] {
  const idx = publicIndexes(t);
  return [...idx.filter((i) => i.primary), ...idx.filter((i) => !i.primary)];
}

function statistics(db: string, t: TableInfo): Row[] {
  const out: Row[] = [];
  for (const idx of orderedIndexes(t)) {
    idx.columns.forEach((ic, k) => {
      const col = t.columns.find((c) => c.id === ic.columnId);
      out.push([DEF, db, t.name, idx.unique ? 0n : 1n, db, idx.name, BigInt(k + 1), ic.name, 'A', 0n, ic.prefixLength !== undefined ? BigInt(ic.prefixLength) : null, null, col?.type.nullable ? 'YES' : '', 'BTREE', '', idx.comment, 'YES', null]);
    });
  }
  return out;
}

function keyColumnUsage(db: string, t: TableInfo): Row[] {
  const out: Row[] = [];
  for (const idx of orderedIndexes(t)) {
    if (!idx.unique) continue;
    idx.columns.forEach((ic, k) => out.push([DEF, db, idx.name, DEF, db, t.name, ic.name, BigInt(k + 1), null, null, null, null]));
  }
  for (const fk of t.foreignKeys) {
    fk.columns.forEach((c, k) => out.push([DEF, db, fk.name, DEF, db, t.name, c, BigInt(k + 1), BigInt(k + 1), fk.refDatabase || db, fk.refTable, fk.refColumns[k] ?? null]));
  }
  return out;
}

function tableConstraints(db: string, t: TableInfo): Row[] {
  const out: Row[] = [];
  for (const idx of orderedIndexes(t)) if (idx.unique) out.push([DEF, db, idx.name, db, t.name, idx.primary ? 'PRIMARY KEY' : 'UNIQUE', 'YES']);
  for (const fk of t.foreignKeys) out.push([DEF, db, fk.name, db, t.name, 'FOREIGN KEY', 'YES']);
  return out;
}

function clusterInfo(ctx: ShowContext): Row[] {
  const c = ctx.cluster;
  if (!c) return [];
  const rows: Row[] = [['pd', c.pdAddress, null, ctx.variables.version, null, null, null]];
  for (const st of c.stores) {
    const start = st.store.startTimestamp;
    rows.push(['tikv', st.store.address, st.store.statusAddress, st.store.version, start > 0 ? createdAt(start, ctx) : null, start > 0 ? uptimeText(c.takenAt - start) : null, BigInt(st.store.id)]);
  }
  const started = ctx.serverStartedAt;
  const host = String(ctx.variables.globals.get('hostname'));
  const port = String(ctx.variables.globals.get('port'));
  rows.push(['tidb', `${host}:${port}`, null, ctx.variables.version, started ? createdAt(started, ctx) : null, started ? uptimeText(c.takenAt - started) : null, null]);
  return rows;
}
