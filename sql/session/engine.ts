// SqlEngine: one SQL server's shared state (TiDB's "domain") — the KV client, the schema syncer
// that keeps this server's InfoSchema current, the AUTO_INCREMENT allocators, global variables,
// the access-layer Table cache and the registry of open sessions (PROCESSLIST, KILL).
// Sessions are opened per connection and hold everything per-connection.
import type { StrataClient } from '../../kv/client/index.js';
import type { TableInfo, UserInfo } from '../catalog/index.js';
import { SchemaSyncer } from '../ddl/schema-syncer.js';
import { noSuchThread } from '../errors.js';
import { AutoIdAllocators, Table } from '../table/index.js';
import { Session, type SessionOptions } from './session.js';
import { GlobalVariables } from './variables.js';

/** TiDB's default is 45 s; a shorter lease shows other servers' DDL sooner, but a server that
 *  cannot confirm its schema within one lease (a stalled event loop, a slow cluster) fails its
 *  commits with 8027. */
export const DEFAULT_SCHEMA_LEASE_MS = 10_000;

export interface EngineOptions {
  readonly client: StrataClient;
  /** Schema lease in ms (how fast other servers' DDL is seen; DDL waits up to it per step). */
  readonly schemaLeaseMs?: number;
  /** AUTO_INCREMENT ids reserved per trip to the catalog. */
  readonly autoIdStep?: number;
  /** Rows per backfill transaction of ADD INDEX. */
  readonly reorgBatchSize?: number;
}

export class SqlEngine {
  readonly syncer: SchemaSyncer;
  readonly autoIds: AutoIdAllocators;
  readonly globals = new GlobalVariables();
  readonly startedAt = Date.now();
  private readonly open = new Map<number, Session>();
  private nextConnectionId = 1;
  private readonly tables = new Map<string, Table>();
  /** Statements run since start (SHOW STATUS Questions). */
  questions = 0;

  private constructor(
    readonly client: StrataClient,
    syncer: SchemaSyncer,
    readonly options: EngineOptions,
  ) {
    this.syncer = syncer;
    this.autoIds = new AutoIdAllocators(client.txn, options.autoIdStep !== undefined ? { step: options.autoIdStep } : {});
  }

  static async start(o: EngineOptions): Promise<SqlEngine> {
    const syncer = await SchemaSyncer.start(o.client, { leaseMs: o.schemaLeaseMs ?? DEFAULT_SCHEMA_LEASE_MS });
    return new SqlEngine(o.client, syncer, o);
  }

  async openSession(o: SessionOptions = {}): Promise<Session> {
    const id = o.connectionId ?? this.nextConnectionId++;
    if (o.connectionId !== undefined && o.connectionId >= this.nextConnectionId) this.nextConnectionId = o.connectionId + 1;
    const s = new Session(this, id, o);
    this.open.set(id, s);
    if (o.database) await s.useDatabase(o.database);
    return s;
  }

  /** The stored account `user` logs in as from `host` (the handshake's lookup). */
  account(user: string, host: string): UserInfo | undefined {
    return this.syncer.infoSchema().matchUser(user, host);
  }

  /** Called by Session.close. */
  forget(s: Session): void {
    this.open.delete(s.connectionId);
  }

  sessions(): Session[] {
    return [...this.open.values()];
  }

  /** KILL [QUERY] id. */
  kill(connectionId: number, queryOnly: boolean): void {
    const s = this.open.get(connectionId);
    if (!s) throw noSuchThread(connectionId);
    s.kill(queryOnly);
  }

  /** The access-layer Table of one schema version of a table (cached). */
  table(info: TableInfo): Table {
    const key = `${info.id}:${info.columns.length}:${info.indexes.map((i) => `${i.id}${i.state}`).join(',')}:${info.columns.map((c) => `${c.id}${c.state}`).join(',')}`;
    let t = this.tables.get(key);
    if (!t) {
      if (this.tables.size > 10_000) this.tables.clear();
      t = new Table(info);
      this.tables.set(key, t);
    }
    return t;
  }

  async close(): Promise<void> {
    for (const s of [...this.open.values()]) await s.close();
    await this.syncer.stop();
  }
}
