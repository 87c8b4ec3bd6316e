// SQL benchmark (issue "SQL engine"): statements per second through the session API against a
// real PD and KV process (synced writes), the SQL engine in this process:
//   point select by primary key (prepared), insert of 1 row and of 100 rows per statement,
//   an index range scan of ~100 rows, and a two-table join of 10k × 100k rows.
//
//   npm run bench -- sql [--n 2000] [--small 10000] [--big 100000]
import { collect } from '../sql/session/result.js';
import { SqlEngine } from '../sql/session/engine.js';
import type { Session } from '../sql/session/session.js';
import { measure, progress, table, type Rate } from './harness.js';
import { startBenchCluster } from './servers.js';

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

async function exec(s: Session, q: string): Promise<void> {
  await collect(await s.execute(q));
}

async function load(s: Session, tableName: string, count: number, row: (i: number) => string): Promise<Rate> {
  const per = 500;
  return measure(Math.ceil(count / per), async (chunk) => {
    const values: string[] = [];
    for (let i = chunk * per; i < Math.min(count, (chunk + 1) * per); i++) values.push(row(i));
    await exec(s, `INSERT INTO ${tableName} VALUES ${values.join(',')}`);
  });
}

export async function run(args: string[]): Promise<void> {
  const n = arg(args, 'n', 2000);
  const small = arg(args, 'small', 10_000);
  const big = arg(args, 'big', 100_000);
  const cluster = await startBenchCluster('sql');
  const { client } = cluster;
  try {
    const engine = await SqlEngine.start({ client });
    const out: (string | number)[][] = [];
    try {
      const s = await engine.openSession();
      await exec(s, 'CREATE DATABASE bench');
      await exec(s, 'USE bench');
      await exec(s, 'CREATE TABLE a (id INT PRIMARY KEY, k INT NOT NULL, pad VARCHAR(60) NOT NULL, KEY ik (k))');
      await exec(s, 'CREATE TABLE b (id INT PRIMARY KEY, a_id INT NOT NULL, v INT NOT NULL, KEY ia (a_id))');
      await exec(s, 'CREATE TABLE c (id BIGINT AUTO_INCREMENT PRIMARY KEY, v INT, pad VARCHAR(60))');
      progress(`loading a: ${small} rows`);
      const la = await load(s, 'a', small, (i) => `(${i},${i % 1000},'${'x'.repeat(50)}${i}')`);
      out.push(['load (500-row INSERTs), rows/s', 1, (small / la.seconds)]);
      progress(`loading b: ${big} rows`);
      const lb = await load(s, 'b', big, (i) => `(${i},${i % small},${i})`);
      out.push(['load (500-row INSERTs), rows/s', 1, big / lb.seconds]);

      const sessions = await Promise.all(Array.from({ length: 16 }, () => engine.openSession({ database: 'bench' })));
      const prepared = await Promise.all(sessions.map((x) => x.prepare('SELECT pad FROM a WHERE id = ?')));
      for (const c of [1, 16]) {
        progress(`point select, ${c} session(s)`);
        const r = await measure(n, (i) => sessions[i % c]!.executePrepared(prepared[i % c]!.id, [BigInt((i * 7919) % small)]).then(collect), c);
        out.push(['point select by primary key (prepared)', c, r.perSecond]);
      }
      for (const c of [1, 16]) {
        progress(`insert 1 row, ${c} session(s)`);
        const r = await measure(n, (i) => exec(sessions[i % c] as Session, `INSERT INTO c (v, pad) VALUES (${i}, 'p${i}')`), c);
        out.push(['insert 1 row (autocommit)', c, r.perSecond]);
      }
      const hundred = Array.from({ length: 100 }, (_, j) => `(${j}, 'q${j}')`).join(',');
      for (const c of [1, 16]) {
        progress(`insert 100 rows, ${c} session(s)`);
        const r = await measure(Math.max(50, Math.floor(n / 10)), (i) => exec(sessions[i % c] as Session, `INSERT INTO c (v, pad) VALUES ${hundred}`), c);
        out.push(['insert 100 rows per statement (stmts/s)', c, r.perSecond]);
        out.push(['  … rows/s', c, r.perSecond * 100]);
      }
      for (const c of [1, 16]) {
        progress(`index range scan, ${c} session(s)`);
        const r = await measure(Math.max(100, Math.floor(n / 4)), (i) => sessions[i % c]!.query(`SELECT id, v FROM b WHERE a_id BETWEEN ${(i * 13) % (small - 10)} AND ${((i * 13) % (small - 10)) + 9}`), c);
        out.push(['index range scan, ~100 rows (scans/s)', c, r.perSecond]);
      }
      progress(`join ${small} × ${big}`);
      const j = await measure(3, () => s.query('SELECT COUNT(*), SUM(b.v) FROM a JOIN b ON a.id = b.a_id WHERE a.k < 500'));
      out.push([`join ${small} × ${big} rows (queries/s)`, 1, j.perSecond]);
      out.push(['  … seconds per join', 1, j.seconds / 3]);
      for (const x of sessions) await x.close();
      await s.close();
    } finally {
      await engine.close();
    }
    console.log(table(['sql (session API, 1 PD + 1 KV process, synced)', 'sessions', 'per second'], out));
  } finally {
    await cluster.stop();
  }
}
