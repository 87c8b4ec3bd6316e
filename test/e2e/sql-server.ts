// A real SQL deployment for end-to-end tests: a TestCluster (`strata pd` + `strata kv` processes)
// and a `strata sql` process in front of it, on free ports, data in a temp dir. stop() leaves no
// process, port or directory behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts, spawnStrata, waitForLine, type StrataProcess } from '../../bin/child-process.js';
import { TestCluster } from '../helpers/cluster.js';

export class SqlTestServer {
  private constructor(
    readonly cluster: TestCluster,
    readonly sql: StrataProcess,
    readonly port: number,
    readonly statusPort: number,
    private readonly dir: string,
  ) {}

  /** The temp dir holding the cluster's data (and what `{dir}` in sqlArgs named). */
  get dataDir(): string {
    return this.dir;
  }

  /** `sqlArgs`: extra `strata sql` options; `{dir}` in one is replaced by the server's temp dir. */
  static async start(stores = 1, sqlArgs: readonly string[] = []): Promise<SqlTestServer> {
    const dir = mkdtempSync(join(tmpdir(), 'strata-e2e-sql-'));
    const cluster = new TestCluster({ dataDir: dir, stores });
    try {
      await cluster.start();
      const [port, statusPort] = (await freePorts(2)) as [number, number];
      const extra = sqlArgs.map((a) => a.replace('{dir}', dir));
      const sql = spawnStrata('sql', ['sql', '--pd', cluster.pdAddr, '--port', String(port), '--status-port', String(statusPort), ...extra], {
        env: { STRATA_LOG: process.env.STRATA_LOG ?? 'warn' },
      });
      const server = new SqlTestServer(cluster, sql, port, statusPort, dir);
      try {
        await waitForLine(sql, /serving MySQL on/, 60_000);
      } catch (e) {
        await server.stop();
        throw e;
      }
      return server;
    } catch (e) {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  async stop(): Promise<void> {
    await this.sql.stop();
    await this.cluster.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
