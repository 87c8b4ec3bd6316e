// sql/codec: how tables, rows and indexes become ordered KV keys and values (TiDB's layout).
//
//   table-key.ts    t{tableID}_r{handle}, t{tableID}_i{indexID}{datums}[handle]; prefixes, ranges
//   datum-key.ts    one SQL value as a memcomparable key part (byte order = SQL order)
//   decimal-key.ts  memcomparable DECIMAL        string-key.ts  collation-aware string keys
//   index-value.ts  the key and value a row writes into an index (unique / non-unique / NULL)
//   row-value.ts    row values keyed by column id (row format v2), defaults for absent columns
//   handle.ts       integer-PK handles (BIGINT UNSIGNED mapped in order) and hidden handles
//   meta-key.ts     m… keys of the catalog
//   errors.ts       CorruptDataError (bad bytes), BadValueError (caller bug), NotIndexableError
//
// Only what other layers use is exported; compact.ts and json-binary.ts are internal.
export { CorruptDataError, BadValueError, NotIndexableError } from './errors.js';
export {
  KeyFlag,
  encodeKeyDatum,
  encodeKeyDatums,
  decodeKeyDatum,
  keyFlagOf,
  isIndexKeyExact,
  packDateTime,
  unpackDateTime,
} from './datum-key.js';
export { encodeDecimalKey, decodeDecimalKey } from './decimal-key.js';
export { copValueToSql, sqlToCopValue } from './cop-value.js';
export { encodeStringKey, decodeStringKey, isStringKeyExact } from './string-key.js';
export {
  type KeyRange,
  type DecodedIndexKey,
  type IndexBound,
  tablePrefix,
  recordPrefix,
  rowKey,
  indexPrefix,
  indexKey,
  tableRange,
  rowRange,
  handleRange,
  indexRange,
  indexValuesRange,
  indexBoundsRange,
  nextKey,
  prefixEnd,
  isRowKey,
  isIndexKey,
  decodeTableId,
  decodeRowKey,
  decodeIndexKey,
} from './table-key.js';
export {
  type IndexSpec,
  type IndexEntry,
  type DecodedIndexEntry,
  NON_UNIQUE_VALUE,
  isDistinctEntry,
  encodeIndexEntry,
  uniqueKey,
  decodeUniqueIndexValue,
  decodeIndexEntry,
} from './index-value.js';
export {
  type RowColumn,
  type WantedColumn,
  ROW_FORMAT_VERSION,
  RowView,
  encodeRow,
  withRowColumn,
  decodeRow,
  decodeRowColumn,
  encodeColumnValue,
  decodeColumnValue,
} from './row-value.js';
export {
  I64_MIN,
  I64_MAX,
  HIDDEN_HANDLE_COLUMN,
  HandleRange,
  isIntHandleType,
  checkHandle,
  handleFromPk,
  pkFromHandle,
} from './handle.js';
export {
  type MetaPart,
  META_PREFIX,
  metaKey,
  metaRange,
  decodeMetaKey,
  schemaVersionKey,
  nextGlobalIdKey,
  databaseKey,
  databasesRange,
  tableMetaKey,
  tablesRange,
  autoIdKey,
  ddlJobKey,
  ddlJobsRange,
} from './meta-key.js';
