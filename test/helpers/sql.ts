// A SQL server for tests: one in-process cluster (PD + KV stores over real gRPC) and a SqlEngine
// on it, with sessions that run SQL through the same API the wire server uses.
import { InProcessCluster } from './in-process-cluster.js';
import { SqlEngine, type EngineOptions } from '../../sql/session/engine.js';
import type { Session } from '../../sql/session/session.js';
import type { CollectedResult } from '../../sql/session/result.js';
import type { Value } from '../../sql/types/index.js';

export class TestSql {
  private constructor(
    readonly cluster: InProcessCluster,
    readonly engine: SqlEngine,
  ) {}

  static async start(o: Partial<Omit<EngineOptions, 'client'>> = {}): Promise<TestSql> {
    const cluster = await InProcessCluster.start(1);
    const engine = await SqlEngine.start({ client: await cluster.client(), schemaLeaseMs: 1000, ...o });
    return new TestSql(cluster, engine);
  }

  /** A second SQL server on the same cluster (its own schema cache, allocators, sessions). */
  async secondEngine(o: Partial<Omit<EngineOptions, 'client'>> = {}): Promise<SqlEngine> {
    return SqlEngine.start({ client: await this.cluster.client(), schemaLeaseMs: 1000, ...o });
  }

  session(database?: string): Promise<Session> {
    return this.engine.openSession(database !== undefined ? { database } : {});
  }

  async stop(): Promise<void> {
    await this.engine.close();
    await this.cluster.stop();
  }
}

/** Rows of a query as plain strings (NULL as null), the way a client prints them. */
export async function rows(s: Session, sql: string): Promise<(string | null)[][]> {
  const r: CollectedResult = await s.query(sql);
  if (r.kind !== 'rows') throw new Error(`${sql}: no result set`);
  return r.rows.map((row) => row.map(show));
}

export function show(v: Value): string | null {
  if (v === null) return null;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return String(v);
}

/** The MySQL error number a statement fails with (undefined when it succeeds). */
export async function errnoOf(s: Session, sql: string): Promise<number | undefined> {
  try {
    await s.query(sql);
    return undefined;
  } catch (err) {
    return (err as { mysqlErrno?: number }).mysqlErrno ?? -1;
  }
}
