// Wire benchmark (issue "MySQL wire protocol server"): what the MySQL protocol costs. The same
// three statements run through mysql2 against a WireServer (set up as `strata sql` sets it up:
// SqlSessionFactory over a SqlEngine) and straight through sql/session in the same process, with
// 1 and 32 connections/sessions; the ratio session/wire is the price of the wire (protocol
// encoding, sockets, mysql2's parsing). The cluster (PD + one KV store, unsynced writes) runs in
// this process over real gRPC, so both paths pay the same storage cost.
//
//   SELECT 1                         mysql2 query()    vs session.execute()
//   point select by primary key      mysql2 execute()  vs session.executePrepared()
//   single-row INSERT (autocommit)   mysql2 query()    vs session.execute()
//
//   npm run bench -- wire [--seconds 2.5] [--rows 1000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { connect } from '../kv/client/index.js';
import { startKvServer } from '../kv/server/index.js';
import { startPdServer } from '../pd/server/index.js';
import { SqlEngine } from '../sql/session/engine.js';
import { collect } from '../sql/session/result.js';
import type { Session } from '../sql/session/session.js';
import { DEFAULT_VERSION } from '../sql/session/wire-support.js';
import { InMemoryUserStore, WireServer } from '../wire/index.js';
import { SqlSessionFactory } from '../wire/session-bridge.js';
import { measureFor, progress, table } from './harness.js';

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

const CONCURRENCY = [1, 32] as const;

interface Workload {
  readonly name: string;
  wire(c: mysql.Connection, i: number): Promise<unknown>;
  session(s: Session, i: number, stmtId: number): Promise<unknown>;
}

export async function run(args: string[]): Promise<void> {
  const ms = arg(args, 'seconds', 2.5) * 1000;
  const rows = arg(args, 'rows', 1000);
  process.env.STRATA_LOG ??= 'warn'; // the in-process servers' logs would bury the progress lines
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-wire-'));
  progress('starting PD and one KV store in this process');
  const pd = await startPdServer({ dataDir: join(dir, 'pd'), grpcAddr: '127.0.0.1:0', httpAddr: '127.0.0.1:0' });
  const pdAddr = `127.0.0.1:${pd.grpcPort}`;
  const kv = await startKvServer({ pd: pdAddr, dataDir: join(dir, 'kv'), addr: '127.0.0.1:0', statusAddr: '127.0.0.1:0', syncWrites: false });
  const client = await connect({ pd: pdAddr });
  const engine = await SqlEngine.start({ client });
  const wire = new WireServer({ userStore: new InMemoryUserStore(), sessions: new SqlSessionFactory(engine), serverVersion: DEFAULT_VERSION, maxConnections: 200 });
  const conns: mysql.Connection[] = [];
  const sessions: Session[] = [];
  try {
    const { port } = await wire.listen(0, '127.0.0.1');
    const setup = await engine.openSession();
    for (const q of [
      'CREATE DATABASE bench',
      'CREATE TABLE bench.kv (id INT PRIMARY KEY, v VARCHAR(60) NOT NULL)',
      'CREATE TABLE bench.ins (id BIGINT AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL, pad VARCHAR(30))',
    ]) {
      await collect(await setup.execute(q));
    }
    progress(`loading ${rows} rows`);
    for (let lo = 0; lo < rows; lo += 500) {
      const values = Array.from({ length: Math.min(500, rows - lo) }, (_, j) => `(${lo + j}, 'value-${lo + j}')`);
      await collect(await setup.execute(`INSERT INTO bench.kv VALUES ${values.join(',')}`));
    }
    await setup.close();

    progress(`opening ${CONCURRENCY[1]} mysql2 connections and ${CONCURRENCY[1]} sessions`);
    for (let i = 0; i < CONCURRENCY[1]; i++) {
      conns.push(await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', database: 'bench' }));
      sessions.push(await engine.openSession({ database: 'bench' }));
    }
    const pointSql = 'SELECT v FROM kv WHERE id = ?';
    const stmtIds = await Promise.all(sessions.map(async (s) => (await s.prepare(pointSql)).id));

    const workloads: Workload[] = [
      {
        name: 'SELECT 1',
        wire: (c) => c.query('SELECT 1'),
        session: async (s) => collect(await s.execute('SELECT 1')),
      },
      {
        name: 'point select by primary key (prepared)',
        wire: (c, i) => c.execute(pointSql, [(i * 7919) % rows]),
        session: async (s, i, id) => collect(await s.executePrepared(id, [BigInt((i * 7919) % rows)])),
      },
      {
        name: 'insert 1 row (autocommit)',
        wire: (c, i) => c.query(`INSERT INTO ins (v, pad) VALUES (${i}, 'p${i}')`),
        session: async (s, i) => collect(await s.execute(`INSERT INTO ins (v, pad) VALUES (${i}, 'p${i}')`)),
      },
    ];

    const out: (string | number)[][] = [];
    for (const w of workloads) {
      for (const c of CONCURRENCY) {
        // a short warm-up of each path first (JIT, statement caches, region leaders)
        let n = 0;
        progress(`${w.name}, ${c} connection(s): wire`);
        await measureFor(ms / 5, (k) => w.wire(conns[k] as mysql.Connection, n++), c);
        const viaWire = await measureFor(ms, (k) => w.wire(conns[k] as mysql.Connection, n++), c);
        progress(`${w.name}, ${c} session(s): sql/session in-process`);
        await measureFor(ms / 5, (k) => w.session(sessions[k] as Session, n++, stmtIds[k] as number), c);
        const direct = await measureFor(ms, (k) => w.session(sessions[k] as Session, n++, stmtIds[k] as number), c);
        out.push([w.name, String(c), viaWire.perSecond, direct.perSecond, `${(direct.perSecond / viaWire.perSecond).toFixed(2)}×`]);
      }
    }
    console.log(table(['wire (mysql2 → WireServer → sql/session; in-process PD + 1 KV, unsynced)', 'conns', 'wire q/s', 'session q/s', 'session/wire'], out));
  } finally {
    for (const c of conns) await c.end().catch(() => c.destroy());
    for (const s of sessions) await s.close().catch(() => undefined);
    await wire.close();
    await engine.close();
    await client.close();
    await kv.stop();
    await pd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
