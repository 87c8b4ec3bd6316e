// Where the catalog lives in the transactional keyspace: everything under the `m` prefix
// (TiDB's meta keys), laid out so a database's tables are one contiguous range:
//
//   m ‖ enc("schema-version")                 → u64   bumped by every DDL
//   m ‖ enc("next-global-id")                 → u64   ids of databases, tables
//   m ‖ enc("db") ‖ int64(dbId)               → DatabaseInfo (JSON)
//   m ‖ enc("table") ‖ int64(dbId) ‖ int64(id) → TableInfo (JSON)
//   m ‖ enc("auto-id") ‖ int64(tableId)       → u64   AUTO_INCREMENT / row-id allocator
//
// (enc = memcomparable bytes, int64 = memcomparable int64, from kv/codec.)
import { decodeInt64, encodeBytes, encodeInt64 } from '../../kv/codec/index.js';

const M = Buffer.from('m');
const part = (name: string): Buffer => encodeBytes(Buffer.from(name));

export const SCHEMA_VERSION_KEY = Buffer.concat([M, part('schema-version')]);
export const NEXT_GLOBAL_ID_KEY = Buffer.concat([M, part('next-global-id')]);

const DB = Buffer.concat([M, part('db')]);
const TABLE = Buffer.concat([M, part('table')]);
const AUTO_ID = Buffer.concat([M, part('auto-id')]);

export function databaseKey(dbId: number): Buffer {
  return Buffer.concat([DB, encodeInt64(BigInt(dbId))]);
}

export function databasesRange(): { start: Buffer; end: Buffer } {
  return { start: DB, end: Buffer.concat([DB, Buffer.alloc(9, 0xff)]) };
}

export function tableKey(dbId: number, tableId: number): Buffer {
  return Buffer.concat([TABLE, encodeInt64(BigInt(dbId)), encodeInt64(BigInt(tableId))]);
}

export function tablesRange(dbId: number): { start: Buffer; end: Buffer } {
  const prefix = Buffer.concat([TABLE, encodeInt64(BigInt(dbId))]);
  return { start: prefix, end: Buffer.concat([prefix, Buffer.alloc(9, 0xff)]) };
}

export function tableIdOfKey(key: Uint8Array): number {
  return Number(decodeInt64(key, key.length - 8));
}

export function autoIdKey(tableId: number): Buffer {
  return Buffer.concat([AUTO_ID, encodeInt64(BigInt(tableId))]);
}

export function encodeU64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(n);
  return b;
}

export function decodeU64(b: Uint8Array | undefined): bigint {
  if (!b || b.length !== 8) return 0n;
  return Buffer.from(b.buffer, b.byteOffset, 8).readBigUInt64BE();
}
