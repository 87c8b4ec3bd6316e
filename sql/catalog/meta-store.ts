// Reading and writing the catalog inside a KV transaction (kv/client), at the meta keys of
// sql/codec/meta-key.ts. Every DDL runs in one
// transaction that also bumps the schema version, so the change and its version commit together;
// two concurrent DDLs conflict on the version key and one of them fails cleanly (and retries).
// A DML transaction records the schema version it planned against; kv/client's snapshot reads
// let it check, at commit, that the version has not moved (see checkSchemaVersion).
import type { KvPair, Transaction } from '../../kv/client/index.js';
import { autoIdKey, databaseKey, databasesRange, metaKey, metaRange, nextGlobalIdKey, schemaVersionKey, tableMetaKey, tablesRange } from '../codec/index.js';
import { InfoSchema } from './info-schema.js';
import type { DatabaseInfo, TableInfo, UserInfo } from './model.js';

/** The subset of a KV transaction the catalog needs (kv/client's Transaction fits). */
export type MetaTxn = Pick<Transaction, 'get' | 'set' | 'delete' | 'scan'>;

const SCAN_LIMIT = 100_000;
const SCHEMA_VERSION_KEY = schemaVersionKey();
const NEXT_GLOBAL_ID_KEY = nextGlobalIdKey();

function encodeU64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(n);
  return b;
}

function decodeU64(b: Uint8Array | undefined): bigint {
  if (!b || b.length !== 8) return 0n;
  return Buffer.from(b.buffer, b.byteOffset, 8).readBigUInt64BE();
}

function json<T>(v: Uint8Array): T {
  return JSON.parse(Buffer.from(v).toString('utf8')) as T;
}

function toJson(v: unknown): Buffer {
  return Buffer.from(JSON.stringify(v), 'utf8');
}

export async function schemaVersion(txn: MetaTxn): Promise<bigint> {
  return decodeU64(await txn.get(SCHEMA_VERSION_KEY));
}

/** Bumps the schema version (every DDL does, in its own transaction). */
export async function bumpSchemaVersion(txn: MetaTxn): Promise<bigint> {
  const next = (await schemaVersion(txn)) + 1n;
  txn.set(SCHEMA_VERSION_KEY, encodeU64(next));
  return next;
}

/** Allocates ids for databases and tables (never reused). */
export async function allocGlobalIds(txn: MetaTxn, count = 1): Promise<number> {
  const first = (await txn.get(NEXT_GLOBAL_ID_KEY).then(decodeU64)) || 1n;
  txn.set(NEXT_GLOBAL_ID_KEY, encodeU64(first + BigInt(count)));
  return Number(first);
}

export async function listDatabases(txn: MetaTxn): Promise<DatabaseInfo[]> {
  const r = databasesRange();
  return (await txn.scan(r.start, r.end, SCAN_LIMIT)).map((p: KvPair) => json<DatabaseInfo>(p.value));
}

export async function listTables(txn: MetaTxn, dbId: number): Promise<TableInfo[]> {
  const r = tablesRange(BigInt(dbId));
  return (await txn.scan(r.start, r.end, SCAN_LIMIT)).map((p: KvPair) => json<TableInfo>(p.value));
}

export function putDatabase(txn: MetaTxn, db: DatabaseInfo): void {
  txn.set(databaseKey(BigInt(db.id)), toJson(db));
}

export function deleteDatabase(txn: MetaTxn, dbId: number): void {
  txn.delete(databaseKey(BigInt(dbId)));
}

export function putTable(txn: MetaTxn, t: TableInfo): void {
  txn.set(tableMetaKey(BigInt(t.databaseId), BigInt(t.id)), toJson(t));
}

export function deleteTable(txn: MetaTxn, dbId: number, tableId: number): void {
  txn.delete(tableMetaKey(BigInt(dbId), BigInt(tableId)));
}

/** Accounts are keyed by user@host (case-sensitive user, lower-case host, as MySQL compares). */
const userKey = (user: string, host: string): Buffer => metaKey('User', `${user}@${host.toLowerCase()}`);

export async function listUsers(txn: MetaTxn): Promise<UserInfo[]> {
  const r = metaRange('User');
  return (await txn.scan(r.start, r.end, SCAN_LIMIT)).map((p: KvPair) => json<UserInfo>(p.value));
}

export function putUser(txn: MetaTxn, u: UserInfo): void {
  txn.set(userKey(u.user, u.host), toJson(u));
}

export function deleteUser(txn: MetaTxn, user: string, host: string): void {
  txn.delete(userKey(user, host));
}

/** Reads the whole catalog at the transaction's snapshot. */
export async function loadInfoSchema(txn: MetaTxn): Promise<InfoSchema> {
  const version = await schemaVersion(txn);
  const dbs = await listDatabases(txn);
  const tables: TableInfo[] = [];
  for (const db of dbs) tables.push(...(await listTables(txn, db.id)));
  return new InfoSchema(version, dbs, tables, await listUsers(txn));
}

/** Reserves `count` values of a table's AUTO_INCREMENT / row-id counter; returns the first.
 *  Callers run it in a transaction of its own so allocations never roll back (MySQL does not
 *  reuse auto-increment values either) and several SQL servers can allocate side by side. */
export async function allocAutoIds(txn: MetaTxn, tableId: number, count: number, floor: bigint): Promise<bigint> {
  const key = autoIdKey(BigInt(tableId));
  let next = decodeU64(await txn.get(key));
  if (next < floor) next = floor;
  txn.set(key, encodeU64(next + BigInt(count)));
  return next;
}

// ---- schema diffs: which tables each schema version changed -------------------------------------
//
//   m "SchemaDiff" {version}   → JSON SchemaDiff
//
// Written by every DDL step in the transaction that bumps the version, so a SQL server that sees
// the version move can tell which tables changed (a DML transaction that wrote none of them may
// still commit), and TRUNCATE can name both its old and its new table id.

export interface SchemaDiff {
  readonly version: string;
  /** Tables whose definition changed, were created or were dropped at this version. */
  readonly tableIds: readonly number[];
}

export const schemaDiffKey = (version: bigint): Buffer => metaKey('SchemaDiff', version);

export function putSchemaDiff(txn: MetaTxn, version: bigint, tableIds: readonly number[]): void {
  const diff: SchemaDiff = { version: version.toString(), tableIds: [...new Set(tableIds)] };
  txn.set(schemaDiffKey(version), toJson(diff));
}

/** The diffs of versions in (after, upTo], in version order (some may be missing if a version
 *  was bumped without one; callers treat a missing diff as "anything may have changed"). */
export async function loadSchemaDiffs(txn: MetaTxn, after: bigint, upTo: bigint): Promise<Map<bigint, SchemaDiff>> {
  const out = new Map<bigint, SchemaDiff>();
  if (upTo <= after) return out;
  const pairs = await txn.scan(schemaDiffKey(after + 1n), schemaDiffKey(upTo + 1n), SCAN_LIMIT);
  for (const p of pairs) {
    const d = json<SchemaDiff>(p.value);
    out.set(BigInt(d.version), d);
  }
  return out;
}

/** Bumps the schema version and records which tables the new version changed. */
export async function bumpSchemaVersionWithDiff(txn: MetaTxn, tableIds: readonly number[]): Promise<bigint> {
  const v = await bumpSchemaVersion(txn);
  putSchemaDiff(txn, v, tableIds);
  return v;
}

export async function getDatabase(txn: MetaTxn, dbId: number): Promise<DatabaseInfo | undefined> {
  const v = await txn.get(databaseKey(BigInt(dbId)));
  return v ? json<DatabaseInfo>(v) : undefined;
}

export async function getTable(txn: MetaTxn, dbId: number, tableId: number): Promise<TableInfo | undefined> {
  const v = await txn.get(tableMetaKey(BigInt(dbId), BigInt(tableId)));
  return v ? json<TableInfo>(v) : undefined;
}

/** Sets a table's AUTO_INCREMENT counter (TRUNCATE resets it; ALTER … AUTO_INCREMENT = n). */
export function setAutoId(txn: MetaTxn, tableId: number, next: bigint): void {
  txn.set(autoIdKey(BigInt(tableId)), encodeU64(next));
}

export async function getAutoId(txn: MetaTxn, tableId: number): Promise<bigint> {
  return decodeU64(await txn.get(autoIdKey(BigInt(tableId))));
}

export function deleteAutoId(txn: MetaTxn, tableId: number): void {
  txn.delete(autoIdKey(BigInt(tableId)));
}
