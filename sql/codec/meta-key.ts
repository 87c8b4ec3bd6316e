// Meta keys: where the catalog keeps schema objects and counters in KV, all under the `m` prefix
// (TiDB's). A meta key is `m` followed by a kv/codec key tuple of its name parts — strings as
// bytes datums, ids as int datums — so keys of one kind share a prefix and scan in id order:
//
//   m "SchemaVersion"                  the global schema version (sql/catalog bumps it per DDL)
//   m "NextGlobalID"                   the allocator of database / table / index ids
//   m "DBs" {dbID}                     a database's definition
//   m "DB" {dbID} "Table" {tableID}    a table's definition (scan m "DB" {dbID} "Table" for all)
//   m "AutoID" {tableID}               a table's AUTO_INCREMENT / hidden-handle counter
//   m "DDLJob" {jobID}                 a queued DDL job
//
// The helpers below build those; `metaKey(...)` builds any other (new kinds need no change here,
// but should be listed above). Values are the catalog's business.
import { decodeTuple, encodeTuple, type KeyDatum } from '../../kv/codec/index.js';
import { prefixEnd } from '../../util/bytes.js';
import { CorruptDataError, decoding } from './errors.js';
import type { KeyRange } from './table-key.js';

export const META_PREFIX: Buffer = Buffer.from('m');

export type MetaPart = string | bigint;

function datumOf(p: MetaPart): KeyDatum {
  return typeof p === 'string' ? { kind: 'bytes', value: Buffer.from(p, 'utf8') } : { kind: 'int', value: p };
}

/** `m` + the tuple of parts. */
export function metaKey(...parts: MetaPart[]): Buffer {
  return Buffer.concat([META_PREFIX, encodeTuple(parts.map(datumOf))]);
}

/** All keys that start with the given parts (e.g. every table of a database). */
export function metaRange(...parts: MetaPart[]): KeyRange {
  const start = metaKey(...parts);
  const end = prefixEnd(start);
  if (end === undefined) throw new CorruptDataError('meta prefix has no end');
  return { start, end };
}

/** The parts of a meta key. */
export function decodeMetaKey(key: Uint8Array): MetaPart[] {
  if (key[0] !== 0x6d) throw new CorruptDataError(`not a meta key: ${Buffer.from(key).toString('hex')}`);
  return decoding('meta key', () =>
    decodeTuple(key, 1).map((d) => {
      if (d.kind === 'bytes') return Buffer.from(d.value).toString('utf8');
      if (d.kind === 'int') return d.value;
      throw new CorruptDataError(`meta key part of kind ${d.kind}`);
    }),
  );
}

export const schemaVersionKey = (): Buffer => metaKey('SchemaVersion');
export const nextGlobalIdKey = (): Buffer => metaKey('NextGlobalID');
export const databaseKey = (dbId: bigint): Buffer => metaKey('DBs', dbId);
export const databasesRange = (): KeyRange => metaRange('DBs');
export const tableMetaKey = (dbId: bigint, tableId: bigint): Buffer => metaKey('DB', dbId, 'Table', tableId);
export const tablesRange = (dbId: bigint): KeyRange => metaRange('DB', dbId, 'Table');
export const autoIdKey = (tableId: bigint): Buffer => metaKey('AutoID', tableId);
export const ddlJobKey = (jobId: bigint): Buffer => metaKey('DDLJob', jobId);
export const ddlJobsRange = (): KeyRange => metaRange('DDLJob');
