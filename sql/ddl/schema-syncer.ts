// The schema syncer: one per SQL server. It holds the InfoSchema the server plans against,
// reloads it when the schema version in KV moves, and tells the cluster which version this
// server runs, so a DDL can wait until every live server has moved on before its next step.
//
//   ┌ server A ───────────┐      KV (meta keys)                    ┌ server B ──────────┐
//   │ DDL step: commit    │ ──►  m SchemaVersion = v+1             │ poll every lease/2 │
//   │ reload, heartbeat   │ ──►  m SchemaDiff {v+1} = [table ids]  │ ◄── sees v+1:      │
//   │ wait: all live ≥ v+1│ ◄──  m DDLServer {A} = {v+1, expires}  │   reload, diffs,   │
//   └─────────────────────┘      m DDLServer {B} = {v+1, expires} ◄┤   heartbeat        │
//                                                                  └────────────────────┘
//
// The protocol is F1's ("Online, Asynchronous Schema Change in F1"), as TiDB runs it:
//   - a server reloads at most lease/2 after a version is committed, and records the version it
//     loaded with an expiry of one lease under `m "DDLServer" {serverId}`;
//   - a DDL step waits until every record that has not expired shows the new version, so at any
//     moment the live servers use at most two adjacent versions — which the online states are
//     designed to tolerate; a server that stopped heart-beating is ignored once its lease ran out;
//   - a server that could not confirm its version within a lease must not commit DML (8027),
//     because it may be more than one version behind;
//   - at commit, a DML transaction asks `checkSchemaUnchanged(startVersion, tables)`: if any
//     table it wrote changed definition since it planned (per the `m "SchemaDiff"` records the
//     DDL writes with each version), it fails with TiDB's 8028 and the client retries.
//
// Clocks: expiries are wall-clock milliseconds of the servers involved, so servers on different
// machines need roughly synchronized clocks (a skew shortens or stretches a lease by as much).
import { WriteConflict, type StrataClient } from '../../kv/client/index.js';
import type { InfoSchema } from '../catalog/index.js';
import { loadInfoSchema, loadSchemaDiffs, schemaVersion } from '../catalog/index.js';
import { metaKey, metaRange } from '../codec/index.js';
import { unknownError } from '../errors.js';
import { errorMessage } from '../../util/errors.js';
import { logger } from '../../util/logger.js';
import { schemaChanged, schemaOutOfDate } from './errors.js';

const log = logger('sql/ddl/schema-syncer');

export const DEFAULT_LEASE_MS = 1000;
/** How many versions of table-change history a server keeps for the commit check. */
const DIFF_HISTORY = 4096;

/** `m "DDLServer" {serverId}`: the schema version a live server has loaded, with its expiry. */
export const serverKey = (serverId: string): Buffer => metaKey('DDLServer', serverId);
const serversRange = () => metaRange('DDLServer');

export interface ServerRecord {
  readonly serverId: string;
  readonly version: string;
  /** Wall-clock ms after which the record is ignored. */
  readonly expiresAt: number;
}

export interface SchemaSyncerOptions {
  /** Schema lease (ms): reload at least every lease/2; a silent server is ignored after it. */
  readonly leaseMs?: number | undefined;
  /** Defaults to a random id. */
  readonly serverId?: string | undefined;
  /** Poll in the background (default true; tests of the commit check may drive reload() by hand). */
  readonly poll?: boolean | undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class SchemaSyncer {
  readonly serverId: string;
  readonly leaseMs: number;
  private schema: InfoSchema;
  /** Tables changed by each version this server has seen; versions ≤ baseVersion are unknown. */
  private readonly changes = new Map<bigint, ReadonlySet<number> | 'unknown'>();
  private baseVersion: bigint;
  private confirmedAt: number;
  private inflight: Promise<InfoSchema> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  private constructor(
    private readonly client: StrataClient,
    schema: InfoSchema,
    options: SchemaSyncerOptions,
    confirmedAt: number,
  ) {
    this.serverId = options.serverId ?? `sql-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.schema = schema;
    this.baseVersion = schema.version;
    this.confirmedAt = confirmedAt;
  }

  /** Loads the current schema, registers this server and starts polling. */
  static async start(client: StrataClient, options: SchemaSyncerOptions = {}): Promise<SchemaSyncer> {
    const t0 = Date.now();
    const txn = await client.txn.begin();
    let schema: InfoSchema;
    try {
      schema = await loadInfoSchema(txn);
    } finally {
      await txn.rollback();
    }
    const s = new SchemaSyncer(client, schema, options, t0);
    await s.heartbeat();
    if (options.poll ?? true) s.schedule();
    return s;
  }

  /** The InfoSchema statements plan against now. */
  infoSchema(): InfoSchema {
    return this.schema;
  }

  get version(): bigint {
    return this.schema.version;
  }

  /** Polls at a fixed rate of lease/2 (a slow reload shortens the pause after it), so the
   *  record is renewed well before its lease runs out. */
  private schedule(pause = Math.max(1, Math.floor(this.leaseMs / 2))): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const t0 = Date.now();
      this.reload()
        .catch((err: unknown) => log.warn({ err: errorMessage(err) }, 'schema reload failed'))
        .finally(() => this.schedule(Math.max(1, Math.floor(this.leaseMs / 2) - (Date.now() - t0))));
    }, pause);
    this.timer.unref();
  }

  /** Reads the schema version; when it moved, loads the new InfoSchema and the table changes
   *  of the versions in between; then heart-beats. Concurrent callers share one reload. */
  reload(): Promise<InfoSchema> {
    if (!this.inflight) {
      this.inflight = this.doReload().finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight;
  }

  private async doReload(): Promise<InfoSchema> {
    const t0 = Date.now();
    const txn = await this.client.txn.begin();
    try {
      const v = await schemaVersion(txn);
      if (v !== this.schema.version) {
        const next = await loadInfoSchema(txn);
        if (next.version > this.schema.version) {
          const diffs = await loadSchemaDiffs(txn, this.schema.version, next.version);
          for (let x = this.schema.version + 1n; x <= next.version; x++) {
            const d = diffs.get(x);
            this.changes.set(x, d ? new Set(d.tableIds) : 'unknown');
          }
          this.prune(next.version);
        } else {
          // The version went back (a restored cluster): forget everything we knew.
          this.changes.clear();
          this.baseVersion = next.version;
        }
        this.schema = next;
      }
    } finally {
      await txn.rollback();
    }
    this.confirmedAt = t0;
    await this.heartbeat();
    return this.schema;
  }

  private prune(latest: bigint): void {
    const floor = latest - BigInt(DIFF_HISTORY);
    if (floor <= this.baseVersion) return;
    for (const v of this.changes.keys()) if (v <= floor) this.changes.delete(v);
    this.baseVersion = floor;
  }

  private async heartbeat(): Promise<void> {
    if (this.stopped) return;
    const rec: ServerRecord = { serverId: this.serverId, version: this.schema.version.toString(), expiresAt: Date.now() + this.leaseMs };
    const txn = await this.client.txn.begin();
    txn.set(serverKey(this.serverId), Buffer.from(JSON.stringify(rec)));
    try {
      await txn.commit();
    } catch (err) {
      // Only this server writes its record; a conflict means a concurrent heartbeat won.
      if (!(err instanceof WriteConflict)) throw err;
    }
  }

  /** The commit-time check of a DML transaction that planned at `startVersion` and wrote the
   *  tables `tableIds`: throws 8028 when one of them changed since, 8027 when this server could
   *  not confirm its schema within a lease. Tables the transaction did not write do not matter. */
  async checkSchemaUnchanged(startVersion: bigint, tableIds: Iterable<number>): Promise<void> {
    if (Date.now() - this.confirmedAt > this.leaseMs) {
      try {
        await this.reload();
      } catch {
        throw schemaOutOfDate();
      }
      if (Date.now() - this.confirmedAt > this.leaseMs) throw schemaOutOfDate();
    }
    const current = this.schema.version;
    if (startVersion >= current) return;
    if (startVersion < this.baseVersion) throw schemaChanged();
    const ids = [...tableIds];
    for (let v = startVersion + 1n; v <= current; v++) {
      const changed = this.changes.get(v);
      if (changed === undefined || changed === 'unknown') throw schemaChanged();
      if (ids.some((id) => changed.has(id))) throw schemaChanged();
    }
  }

  /** The live servers' records (expired ones left out). Records of servers gone for more than
   *  ten leases are deleted on the way (best effort: a crashed server never removes its own). */
  async liveServers(): Promise<ServerRecord[]> {
    const txn = await this.client.txn.begin();
    let records: ServerRecord[];
    try {
      const r = serversRange();
      const pairs = await txn.scan(r.start, r.end, 100_000);
      records = pairs.map((p) => JSON.parse(Buffer.from(p.value).toString('utf8')) as ServerRecord);
    } finally {
      await txn.rollback();
    }
    const now = Date.now();
    const stale = records.filter((s) => s.expiresAt < now - 10 * this.leaseMs);
    if (stale.length > 0) await this.forget(stale);
    return records.filter((s) => s.expiresAt >= now);
  }

  private async forget(stale: readonly ServerRecord[]): Promise<void> {
    try {
      const txn = await this.client.txn.begin();
      for (const s of stale) txn.delete(serverKey(s.serverId));
      await txn.commit();
    } catch (err) {
      log.debug({ err: errorMessage(err) }, 'could not delete stale server records');
    }
  }

  /** Waits until every live server (this one included) has loaded `version` or later. */
  async waitForAllServers(version: bigint, timeoutMs = Math.max(30_000, this.leaseMs * 20)): Promise<void> {
    if (this.schema.version < version) await this.reload();
    const deadline = Date.now() + timeoutMs;
    const pause = Math.max(5, Math.min(50, Math.floor(this.leaseMs / 4)));
    while (true) {
      const behind = (await this.liveServers()).filter((s) => BigInt(s.version) < version);
      if (behind.length === 0) return;
      if (Date.now() > deadline) {
        throw unknownError(`schema version ${version} not loaded by ${behind.map((s) => s.serverId).join(', ')} in ${timeoutMs} ms`);
      }
      await sleep(pause);
    }
  }

  /** Stops polling and removes this server's record (others stop waiting for it at once). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.inflight?.catch(() => undefined);
    try {
      const txn = await this.client.txn.begin();
      txn.delete(serverKey(this.serverId));
      await txn.commit();
    } catch (err) {
      log.warn({ err: errorMessage(err) }, 'could not remove the server record; it expires after its lease');
    }
  }

  /** Stops polling without deregistering: the record stays until its lease expires (a crash). */
  abandon(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
