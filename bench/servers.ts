// The servers benchmarks run against, each started fresh on free ports with its data in a temp
// dir and stopped (dir removed) afterwards:
//
//   startStrataCluster  PD, N KV stores (raft, 3 replicas per region, unless `raft: false`) and optionally
//                       one SQL server, each its own process as the playground runs them
//   startBenchCluster   the one-PD one-store cluster plus a connected client (kv, sql, coprocessor)
//   startMariaDB        Debian's mariadb-server on a temporary data dir (the --compare target)
//
// Shared by bench/sysbench.ts, analytic.ts, scale.ts, kv.ts and coprocessor.ts so that each
// measures the same deployment the same way.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePorts, spawnStrata, waitForLine, waitForPort, type StrataProcess } from '../bin/child-process.js';
import { connect, type StrataClient } from '../kv/client/index.js';
import { progress } from './harness.js';

export interface StrataClusterOptions {
  /** Names the temp dir (strata-bench-<name>-…). */
  readonly name: string;
  readonly stores: number;
  /** `false`: stores with `--raft=false`, one copy per region. By default they run raft, as
   *  `strata kv` does (regions replicated 3 ways once PD has added the peers). */
  readonly raft?: boolean;
  /** Also start `strata sql` (the MySQL port). */
  readonly sql?: boolean;
  /** Run every process under `node --cpu-prof`, profiles written into this dir when it stops. */
  readonly cpuProfDir?: string | undefined;
  /** Extra flags for every `strata kv` (e.g. --heartbeat-interval 500ms). */
  readonly storeArgs?: readonly string[];
}

export interface StrataCluster {
  readonly dir: string;
  readonly pdAddr: string;
  readonly pdHttpPort: number;
  /** The status ports of the stores (GET /status lists their regions). */
  readonly storeStatusPorts: readonly number[];
  /** The MySQL port, when the SQL server was started. */
  readonly sqlPort: number | undefined;
  readonly procs: readonly StrataProcess[];
  /** kill -9 of store i (0-based): only what is on its disk survives. */
  killStore(i: number): Promise<void>;
  /** Starts a killed store again on its own ports and directory; resolves once it serves. */
  startStore(i: number): Promise<void>;
  /** Starts one more store (new ports, new directory); returns its index. */
  addStore(): Promise<number>;
  stop(): Promise<void>;
}

export async function startStrataCluster(o: StrataClusterOptions): Promise<StrataCluster> {
  const dir = mkdtempSync(join(tmpdir(), `strata-bench-${o.name}-`));
  const ports = await freePorts(4 + o.stores * 2);
  const [pdPort, pdHttp, sqlPort, sqlStatus] = ports as [number, number, number, number];
  const storePorts = ports.slice(4, 4 + o.stores);
  const storeStatusPorts = ports.slice(4 + o.stores);
  const procs: StrataProcess[] = [];
  const env = { STRATA_LOG: 'warn' };
  const stop = async (): Promise<void> => {
    for (const p of [...procs].reverse()) await p.stop(30_000);
    rmSync(dir, { recursive: true, force: true });
  };
  const nodeArgs: string[] = [];
  // procs[0] is PD; store i is the process at storeProcs[i] (also in procs, replaced on restart).
  const storeProcs: StrataProcess[] = [];
  const spawnStore = (i: number): StrataProcess => {
    const kv = spawnStrata(
      `kv-${i + 1}`,
      [
        'kv',
        '--pd',
        `127.0.0.1:${pdPort}`,
        '--addr',
        `127.0.0.1:${String(storePorts[i])}`,
        '--status-addr',
        `127.0.0.1:${String(storeStatusPorts[i])}`,
        '--data-dir',
        join(dir, `kv-${i + 1}`),
        ...(o.raft === false ? ['--raft=false'] : []),
        ...(o.storeArgs ?? []),
      ],
      { env, nodeArgs },
    );
    const old = storeProcs[i];
    if (old) procs.splice(procs.indexOf(old), 1, kv);
    else procs.push(kv);
    storeProcs[i] = kv;
    return kv;
  };
  const killStore = async (i: number): Promise<void> => {
    const p = storeProcs[i];
    if (!p) throw new Error(`no store ${i}`);
    p.kill('SIGKILL');
    await p.exited;
  };
  const startStore = async (i: number): Promise<void> => {
    await waitForLine(spawnStore(i), /serving on/, 60_000);
  };
  const addStore = async (): Promise<number> => {
    const [port, statusPort] = (await freePorts(2)) as [number, number];
    storePorts.push(port);
    storeStatusPorts.push(statusPort);
    const i = storePorts.length - 1;
    await startStore(i);
    return i;
  };
  try {
    progress(`strata: starting PD, ${o.stores} KV store(s)${o.raft === false ? ' (one copy per region)' : ' (raft, 3 replicas)'}${o.sql === true ? ' and the SQL server' : ''} (data in ${dir})`);
    if (o.cpuProfDir !== undefined) {
      mkdirSync(o.cpuProfDir, { recursive: true });
      nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${o.cpuProfDir}`);
    }
    const pd = spawnStrata('pd', ['pd', '--data-dir', join(dir, 'pd'), '--addr', `127.0.0.1:${pdPort}`, '--status-addr', `127.0.0.1:${pdHttp}`], { env, nodeArgs });
    procs.push(pd);
    await waitForPort(pd, '127.0.0.1', pdPort);
    const ready: Promise<unknown>[] = [];
    for (let i = 0; i < o.stores; i++) ready.push(waitForLine(spawnStore(i), /serving on/, 60_000));
    await Promise.all(ready);
    if (o.sql === true) {
      const sql = spawnStrata('sql', ['sql', '--pd', `127.0.0.1:${pdPort}`, '--port', String(sqlPort), '--status-port', String(sqlStatus)], { env, nodeArgs });
      procs.push(sql);
      await waitForLine(sql, /serving MySQL on/, 60_000);
    }
    if (o.cpuProfDir !== undefined) {
      // Profiles are named CPU.<date>.<time>.<pid>.…: say which pid is which process.
      progress(`profiles in ${o.cpuProfDir}: ${procs.map((p) => `${p.name} pid ${String(p.child.pid)}`).join(', ')}`);
    }
    return { dir, pdAddr: `127.0.0.1:${pdPort}`, pdHttpPort: pdHttp, storeStatusPorts, sqlPort: o.sql === true ? sqlPort : undefined, procs, killStore, startStore, addStore, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

interface StoreStatusRegion {
  readonly voters?: number;
}

async function storeRegions(statusPort: number): Promise<StoreStatusRegion[]> {
  try {
    const res = await fetch(`http://127.0.0.1:${statusPort}/status`);
    return ((await res.json()) as { regions: StoreStatusRegion[] }).regions;
  } catch {
    return [];
  }
}

/** Waits until every store holds a replica of every region and each has `voters` voters: PD adds
 *  a replica as a learner and promotes it later, so "a replica everywhere" is not yet 3 voters. */
export async function waitForVoters(c: StrataCluster, voters: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  progress(`waiting until every region has ${voters} voters`);
  for (;;) {
    const total = await regionCount(c);
    const all = await Promise.all(c.storeStatusPorts.map(storeRegions));
    if (all.every((rs) => rs.length === total && rs.every((r) => r.voters === voters))) return;
    if (Date.now() > deadline) throw new Error(`regions did not reach ${voters} voters within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** How many regions PD knows of (GET /pd/api/v1/regions). */
export async function regionCount(c: StrataCluster): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${c.pdHttpPort}/pd/api/v1/regions`);
  return ((await res.json()) as { count: number }).count;
}

/** A PD and one KV store as processes on free ports (synced writes), data in a temp dir, and a
 *  client connected to them: what the sql, kv and coprocessor benchmarks run against. */
export interface BenchCluster {
  readonly client: StrataClient;
  /** The temp dir (a benchmark may keep more data under it). */
  readonly dir: string;
  /** Closes the client, stops both processes and removes the dir. */
  stop(): Promise<void>;
}

export async function startBenchCluster(name: string, o: { stores?: number; raft?: boolean } = {}): Promise<BenchCluster & { readonly cluster: StrataCluster }> {
  const cluster = await startStrataCluster({ name, stores: o.stores ?? 1, raft: o.raft !== false });
  let client: StrataClient | undefined;
  try {
    client = await connect({ pd: cluster.pdAddr });
  } catch (err) {
    await cluster.stop();
    throw err;
  }
  const connected = client;
  return {
    client: connected,
    dir: cluster.dir,
    cluster,
    stop: async () => {
      await connected.close();
      await cluster.stop();
    },
  };
}

/** A MySQL-protocol server a benchmark can point a client at. */
export interface SqlTarget {
  readonly name: string;
  readonly port: number;
  stop(): Promise<void>;
}

export function installed(cmd: string, versionArg = '--version'): boolean {
  const r = spawnSync(cmd, [versionArg], { stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

/** Why --compare mariadb cannot run here (and how to fix it), or undefined when it can. */
export function mariadbMissing(): string | undefined {
  if (installed('mariadbd') && installed('mariadb-install-db')) return undefined;
  return 'mariadbd / mariadb-install-db are not installed (needed by --compare mariadb): apt-get install mariadb-server';
}

/** MariaDB from Debian's mariadb-server on a temporary data dir: mariadb-install-db, then
 *  mariadbd --no-defaults with its defaults (durable commits: innodb_flush_log_at_trx_commit=1),
 *  no grant tables, loopback only, local_infile on (LOAD DATA LOCAL loads benchmark tables). */
export async function startMariaDB(): Promise<SqlTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-mariadb-'));
  const data = join(dir, 'data');
  const [port] = (await freePorts(1)) as [number];
  const user = userInfo().username;
  progress(`mariadb: initialising a data dir in ${data}`);
  const init = spawnSync('mariadb-install-db', ['--no-defaults', `--datadir=${data}`, `--user=${user}`, '--auth-root-authentication-method=normal', '--skip-test-db'], {
    encoding: 'utf8',
  });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed: ${init.stderr || init.stdout}`);
  }
  const proc = spawn(
    'mariadbd',
    [
      '--no-defaults',
      `--datadir=${data}`,
      `--socket=${join(dir, 'mysqld.sock')}`,
      `--pid-file=${join(dir, 'mysqld.pid')}`,
      `--port=${port}`,
      '--bind-address=127.0.0.1',
      `--user=${user}`,
      '--skip-grant-tables',
      '--innodb-flush-log-at-trx-commit=1',
      '--local-infile=1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  proc.stdout.on('data', (d: Buffer) => (log += d.toString('utf8')));
  proc.stderr.on('data', (d: Buffer) => (log += d.toString('utf8')));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  progress(`mariadb: starting mariadbd on 127.0.0.1:${port}`);
  const deadline = Date.now() + 60_000;
  while (!/ready for connections/.test(log)) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`mariadbd did not start:\n${log.split('\n').slice(-15).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { name: 'MariaDB', port, stop };
}
