// The information_schema database: tables MySQL defines, whose rows are made from the catalog and
// the server's state when a statement reads them (sql/session/information-schema-rows.ts). They
// exist in every InfoSchema snapshot beside the stored databases, with negative ids so they can
// never collide with a stored table, and `memTable` set: they have no key range, take no writes and
// no DDL. Only their definitions live here; the catalog layer knows nothing of sessions.
import { T, type SqlType } from '../types/index.js';
import type { ColumnInfo, DatabaseInfo, TableInfo } from './model.js';

export const INFORMATION_SCHEMA = 'information_schema';
export const INFORMATION_SCHEMA_DB_ID = -1;

export const informationSchemaDb: DatabaseInfo = { id: INFORMATION_SCHEMA_DB_ID, name: INFORMATION_SCHEMA, charset: 'utf8mb3', collation: 'utf8mb3_general_ci' };

const s = (n = 64): SqlType => T.varchar(n, { nullable: false, charset: 'utf8mb3', collation: 'utf8mb3_general_ci' });
const sn = (n = 64): SqlType => T.varchar(n, { nullable: true, charset: 'utf8mb3', collation: 'utf8mb3_general_ci' });
const text = (): SqlType => T.longtext({ nullable: true, charset: 'utf8mb3', collation: 'utf8mb3_general_ci' });
const u = (): SqlType => T.bigint({ nullable: false, unsigned: true });
const un = (): SqlType => T.bigint({ nullable: true, unsigned: true });
const i = (): SqlType => T.bigint({ nullable: true });
const dt = (): SqlType => T.datetime(0, { nullable: true });

/** Column name → type, in MySQL 8.0's order. */
const DEFINITIONS: Readonly<Record<string, readonly (readonly [string, SqlType])[]>> = {
  SCHEMATA: [
    ['CATALOG_NAME', s()],
    ['SCHEMA_NAME', s()],
    ['DEFAULT_CHARACTER_SET_NAME', s()],
    ['DEFAULT_COLLATION_NAME', s()],
    ['SQL_PATH', sn(512)],
    ['DEFAULT_ENCRYPTION', s(3)],
  ],
  TABLES: [
    ['TABLE_CATALOG', s()],
    ['TABLE_SCHEMA', s()],
    ['TABLE_NAME', s()],
    ['TABLE_TYPE', s()],
    ['ENGINE', sn()],
    ['VERSION', i()],
    ['ROW_FORMAT', sn(10)],
    ['TABLE_ROWS', un()],
    ['AVG_ROW_LENGTH', un()],
    ['DATA_LENGTH', un()],
    ['MAX_DATA_LENGTH', un()],
    ['INDEX_LENGTH', un()],
    ['DATA_FREE', un()],
    ['AUTO_INCREMENT', un()],
    ['CREATE_TIME', dt()],
    ['UPDATE_TIME', dt()],
    ['CHECK_TIME', dt()],
    ['TABLE_COLLATION', sn()],
    ['CHECKSUM', i()],
    ['CREATE_OPTIONS', sn(256)],
    ['TABLE_COMMENT', text()],
  ],
  COLUMNS: [
    ['TABLE_CATALOG', s()],
    ['TABLE_SCHEMA', s()],
    ['TABLE_NAME', s()],
    ['COLUMN_NAME', s()],
    ['ORDINAL_POSITION', u()],
    ['COLUMN_DEFAULT', text()],
    ['IS_NULLABLE', s(3)],
    ['DATA_TYPE', text()],
    ['CHARACTER_MAXIMUM_LENGTH', i()],
    ['CHARACTER_OCTET_LENGTH', i()],
    ['NUMERIC_PRECISION', un()],
    ['NUMERIC_SCALE', un()],
    ['DATETIME_PRECISION', un()],
    ['CHARACTER_SET_NAME', sn()],
    ['COLLATION_NAME', sn()],
    ['COLUMN_TYPE', text()],
    ['COLUMN_KEY', s(3)],
    ['EXTRA', sn(256)],
    ['PRIVILEGES', sn(154)],
    ['COLUMN_COMMENT', text()],
    ['GENERATION_EXPRESSION', text()],
    ['SRS_ID', un()],
  ],
  STATISTICS: [
    ['TABLE_CATALOG', s()],
    ['TABLE_SCHEMA', s()],
    ['TABLE_NAME', s()],
    ['NON_UNIQUE', T.int({ nullable: false })],
    ['INDEX_SCHEMA', s()],
    ['INDEX_NAME', sn()],
    ['SEQ_IN_INDEX', u()],
    ['COLUMN_NAME', sn()],
    ['COLLATION', sn(1)],
    ['CARDINALITY', i()],
    ['SUB_PART', i()],
    ['PACKED', sn(10)],
    ['NULLABLE', s(3)],
    ['INDEX_TYPE', s(11)],
    ['COMMENT', s(8)],
    ['INDEX_COMMENT', s(2048)],
    ['IS_VISIBLE', s(3)],
    ['EXPRESSION', text()],
  ],
  KEY_COLUMN_USAGE: [
    ['CONSTRAINT_CATALOG', s()],
    ['CONSTRAINT_SCHEMA', s()],
    ['CONSTRAINT_NAME', sn()],
    ['TABLE_CATALOG', s()],
    ['TABLE_SCHEMA', s()],
    ['TABLE_NAME', s()],
    ['COLUMN_NAME', sn()],
    ['ORDINAL_POSITION', u()],
    ['POSITION_IN_UNIQUE_CONSTRAINT', un()],
    ['REFERENCED_TABLE_SCHEMA', sn()],
    ['REFERENCED_TABLE_NAME', sn()],
    ['REFERENCED_COLUMN_NAME', sn()],
  ],
  TABLE_CONSTRAINTS: [
    ['CONSTRAINT_CATALOG', s()],
    ['CONSTRAINT_SCHEMA', s()],
    ['CONSTRAINT_NAME', sn()],
    ['TABLE_SCHEMA', s()],
    ['TABLE_NAME', s()],
    ['CONSTRAINT_TYPE', s(11)],
    ['ENFORCED', s(3)],
  ],
  REFERENTIAL_CONSTRAINTS: [
    ['CONSTRAINT_CATALOG', s()],
    ['CONSTRAINT_SCHEMA', s()],
    ['CONSTRAINT_NAME', sn()],
    ['UNIQUE_CONSTRAINT_CATALOG', s()],
    ['UNIQUE_CONSTRAINT_SCHEMA', s()],
    ['UNIQUE_CONSTRAINT_NAME', sn()],
    ['MATCH_OPTION', s(7)],
    ['UPDATE_RULE', s(11)],
    ['DELETE_RULE', s(11)],
    ['TABLE_NAME', s()],
    ['REFERENCED_TABLE_NAME', s()],
  ],
  VIEWS: [
    ['TABLE_CATALOG', s()],
    ['TABLE_SCHEMA', s()],
    ['TABLE_NAME', s()],
    ['VIEW_DEFINITION', text()],
    ['CHECK_OPTION', s(8)],
    ['IS_UPDATABLE', s(3)],
    ['DEFINER', s(288)],
    ['SECURITY_TYPE', s(7)],
    ['CHARACTER_SET_CLIENT', s()],
    ['COLLATION_CONNECTION', s()],
  ],
  CHARACTER_SETS: [
    ['CHARACTER_SET_NAME', s()],
    ['DEFAULT_COLLATE_NAME', s()],
    ['DESCRIPTION', s(2048)],
    ['MAXLEN', u()],
  ],
  COLLATIONS: [
    ['COLLATION_NAME', s()],
    ['CHARACTER_SET_NAME', s()],
    ['ID', u()],
    ['IS_DEFAULT', s(3)],
    ['IS_COMPILED', s(3)],
    ['SORTLEN', u()],
    ['PAD_ATTRIBUTE', s(9)],
  ],
  ENGINES: [
    ['ENGINE', s()],
    ['SUPPORT', s(8)],
    ['COMMENT', s(80)],
    ['TRANSACTIONS', sn(3)],
    ['XA', sn(3)],
    ['SAVEPOINTS', sn(3)],
  ],
  PROCESSLIST: [
    ['ID', u()],
    ['USER', s(32)],
    ['HOST', s(261)],
    ['DB', sn()],
    ['COMMAND', s(16)],
    ['TIME', T.int({ nullable: false })],
    ['STATE', sn()],
    ['INFO', text()],
  ],
  // The cluster, in the spirit of TiDB's tables of the same names (read from PD when queried).
  TIKV_STORE_STATUS: [
    ['STORE_ID', u()],
    ['ADDRESS', s()],
    ['STATUS_ADDRESS', s()],
    ['STORE_STATE_NAME', s()],
    ['LIVENESS', s()],
    ['VERSION', s()],
    ['CAPACITY', un()],
    ['USED_SIZE', un()],
    ['LEADER_COUNT', u()],
    ['REGION_COUNT', u()],
    ['START_TS', dt()],
    ['LAST_HEARTBEAT_TS', dt()],
    ['UPTIME', sn()],
  ],
  TIKV_REGION_STATUS: [
    ['REGION_ID', u()],
    ['START_KEY', text()],
    ['END_KEY', text()],
    ['EPOCH_CONF_VER', u()],
    ['EPOCH_VERSION', u()],
    ['LEADER_STORE_ID', un()],
    ['PEER_STORE_IDS', s(256)],
    ['APPROXIMATE_SIZE', un()],
    ['APPROXIMATE_KEYS', un()],
  ],
  TIKV_REGION_PEERS: [
    ['REGION_ID', u()],
    ['PEER_ID', u()],
    ['STORE_ID', u()],
    ['IS_LEARNER', T.tinyint({ nullable: false })],
    ['IS_LEADER', T.tinyint({ nullable: false })],
  ],
  CLUSTER_INFO: [
    ['TYPE', s()],
    ['INSTANCE', s()],
    ['STATUS_ADDRESS', sn()],
    ['VERSION', s()],
    ['START_TIME', dt()],
    ['UPTIME', sn()],
    ['SERVER_ID', un()],
  ],
  SESSION_VARIABLES: [
    ['VARIABLE_NAME', s()],
    ['VARIABLE_VALUE', sn(1024)],
  ],
  GLOBAL_VARIABLES: [
    ['VARIABLE_NAME', s()],
    ['VARIABLE_VALUE', sn(1024)],
  ],
};

function buildTables(): TableInfo[] {
  return Object.entries(DEFINITIONS).map(([name, cols], n) => {
    const columns: ColumnInfo[] = cols.map(([c, type], k) => ({
      id: k + 1,
      name: c,
      type,
      default: type.nullable ? { kind: 'null' } : { kind: 'none' },
      autoIncrement: false,
      onUpdateNow: false,
      comment: '',
      state: 'public',
    }));
    return {
      id: -(n + 2),
      name,
      databaseId: INFORMATION_SCHEMA_DB_ID,
      columns,
      indexes: [],
      foreignKeys: [],
      pkIsHandle: false,
      comment: '',
      charset: 'utf8mb3',
      collation: 'utf8mb3_general_ci',
      nextColumnId: columns.length + 1,
      nextIndexId: 1,
      autoIncrementStart: 1,
      createdAt: 0,
      memTable: true,
    };
  });
}

export const informationSchemaTables: readonly TableInfo[] = buildTables();

export function isInformationSchema(dbName: string): boolean {
  return dbName.toLowerCase() === INFORMATION_SCHEMA;
}

/** The tables whose rows come from PD: a statement naming one fetches the cluster first. */
export const CLUSTER_TABLES: readonly string[] = ['TIKV_STORE_STATUS', 'TIKV_REGION_STATUS', 'TIKV_REGION_PEERS', 'CLUSTER_INFO'];
