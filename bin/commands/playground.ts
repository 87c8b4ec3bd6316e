// `strata playground` (= `npm start`): a whole cluster on this machine, as tiup playground does:
// 1 PD, N KV stores and 1 SQL server as child processes, data under --data-dir, every port
// shifted by --port-offset. It prints progress as each process comes up and one `ready:` line —
// the mysql command that connects — when the cluster serves; Ctrl-C or SIGTERM stops everything
// it started (SQL first, then the stores, then PD). Restarting on the same data dir keeps all data.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnStrata, waitForLine, waitForPort, type StrataProcess } from '../child-process.js';
import { parseCommandLine, untilSignal } from './args.js';

const spec = {
  'data-dir': { type: 'string', default: './data', help: 'where every process keeps its data' },
  'port-offset': { type: 'number', default: 0, help: 'added to every port (4000, 10080, 2379, 2380, 20160.., 20180..)' },
  kv: { type: 'number', default: 3, help: 'number of KV stores' },
  host: { type: 'string', default: '127.0.0.1', help: 'address to listen on' },
  verbose: { type: 'boolean', help: 'forward every process log line' },
  ssl: { type: 'boolean', help: 'serve TLS with a self-signed certificate kept in the data dir' },
  help: { type: 'boolean', help: 'show this help' },
} as const;

export async function run(args: string[]): Promise<number> {
  const opts = parseCommandLine('playground', 'strata playground [options]', spec, args);
  if (typeof opts === 'number') return opts;
  const off = opts['port-offset'];
  const host = opts.host;
  const dataDir = resolve(opts['data-dir']);
  if (!Number.isInteger(opts.kv) || opts.kv < 1) {
    console.error('strata playground: --kv must be a positive integer');
    return 2;
  }
  mkdirSync(dataDir, { recursive: true });
  const procs: StrataProcess[] = [];
  const echo = (name: string) => (opts.verbose ? (line: string) => console.log(`[${name}] ${line}`) : undefined);
  let stopping = false;
  let started = false; // once every process is up, an exit is news; before, the start-up error says it

  const stopAll = async (): Promise<void> => {
    stopping = true;
    // SQL first (its sessions end while the cluster still answers), then the stores, then PD, so
    // nothing spins on a vanished PD while stopping.
    await Promise.all(procs.filter((p) => p.name === 'sql').map((p) => p.stop()));
    await Promise.all(procs.filter((p) => p.name !== 'pd' && p.name !== 'sql').map((p) => p.stop()));
    await Promise.all(procs.filter((p) => p.name === 'pd').map((p) => p.stop()));
  };

  const watch = (p: StrataProcess): void => {
    void p.exited.then((code) => {
      if (!stopping && started) console.error(`playground: ${p.name} exited unexpectedly (code ${code}); last output:\n${p.output()}`);
    });
  };

  let signalled = false;
  const signal = untilSignal().then(() => {
    signalled = true;
  });
  try {
    const pdPort = 2379 + off;
    const pdHttp = 2380 + off;
    console.log(`playground: data in ${dataDir}`);
    console.log(`playground: starting PD on ${host}:${pdPort} …`);
    const pd = spawnStrata('pd', ['pd', '--data-dir', join(dataDir, 'pd'), '--addr', `${host}:${pdPort}`, '--status-addr', `${host}:${pdHttp}`], { echo: echo('pd') });
    procs.push(pd);
    watch(pd);
    await Promise.race([waitForPort(pd, host, pdPort), signal]);
    if (signalled) return await stopAndReport(stopAll);
    console.log(`playground: PD is up (HTTP API http://${host}:${pdHttp}/pd/api/v1/stores)`);

    const stores: Promise<unknown>[] = [];
    for (let i = 0; i < opts.kv; i++) {
      const port = 20160 + i + off;
      const status = 20180 + i + off;
      const name = `kv-${i + 1}`;
      console.log(`playground: starting ${name} on ${host}:${port} …`);
      const kv = spawnStrata(
        name,
        ['kv', '--pd', `${host}:${pdPort}`, '--addr', `${host}:${port}`, '--status-addr', `${host}:${status}`, '--data-dir', join(dataDir, name)],
        { echo: echo(name) },
      );
      procs.push(kv);
      watch(kv);
      stores.push(
        waitForLine(kv, /serving on/).then(() => console.log(`playground: ${name} is up (status http://${host}:${status}/status)`)),
      );
    }
    await Promise.race([Promise.all(stores), signal]);
    if (signalled) return await stopAndReport(stopAll);

    const sqlPort = 4000 + off;
    const sqlStatus = 10080 + off;
    console.log(`playground: starting the SQL server on ${host}:${sqlPort} …`);
    const tlsArgs = opts.ssl ? ['--ssl-self-signed', join(dataDir, 'tls')] : [];
    const sql = spawnStrata('sql', ['sql', '--pd', `${host}:${pdPort}`, '--host', host, '--port', String(sqlPort), '--status-port', String(sqlStatus), ...tlsArgs], {
      echo: echo('sql'),
    });
    procs.push(sql);
    watch(sql);
    await Promise.race([waitForLine(sql, /serving MySQL on/, 60_000), signal]);
    started = true;
    if (!signalled) {
      console.log(`playground: SQL server is up (status http://${host}:${sqlStatus}/status)`);
      if (opts.ssl) console.log(`playground: TLS with the self-signed certificate ${join(dataDir, 'tls', 'server-cert.pem')} (mysql --ssl)`);
      console.log(`ready: mysql -h ${host} -P ${sqlPort} -u root`);
      await signal;
    }
  } catch (err) {
    console.error(`playground: ${err instanceof Error ? err.message : String(err)}`);
    await stopAll();
    return 1;
  }
  return stopAndReport(stopAll);
}

async function stopAndReport(stopAll: () => Promise<void>): Promise<number> {
  console.log('playground: stopping …');
  await stopAll();
  console.log('playground: stopped');
  return 0;
}
