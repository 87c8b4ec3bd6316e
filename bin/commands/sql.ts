// `strata sql`: the stateless SQL server. Connects to a cluster through PD, starts the SQL engine,
// and serves the MySQL protocol (port 4000, TiDB's default) and a status HTTP port (/status,
// /metrics) until SIGINT/SIGTERM; then it stops accepting, closes every connection and session,
// and closes its cluster client. One line `strata sql: serving MySQL on host:port …` says it is
// ready (the playground and the end-to-end tests wait for it).
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { connect, type StrataClient } from '../../kv/client/index.js';
import { startStatusServer } from '../../kv/server/status-server.js';
import { randomBytes } from 'node:crypto';
import { BOOTSTRAP_ROOT } from '../../sql/catalog/index.js';
import { SqlEngine } from '../../sql/session/engine.js';
import { DEFAULT_VERSION } from '../../sql/session/wire-support.js';
import { WireServer } from '../../wire/index.js';
import { EngineUserStore, SqlSessionFactory } from '../../wire/session-bridge.js';
import { readTlsFiles, selfSignedTls, type TlsFiles } from '../tls-files.js';
import { helpText, parseCommandLine, untilSignal } from './args.js';

const spec = {
  pd: { type: 'string', default: '127.0.0.1:2379', help: 'PD address host:port' },
  host: { type: 'string', default: '127.0.0.1', help: 'address to listen on' },
  port: { type: 'number', default: 4000, help: 'MySQL protocol port (0 = any free port)' },
  'status-port': { type: 'number', default: 10080, help: 'status/metrics HTTP port (0 = any free port)' },
  'max-connections': { type: 'number', default: 151, help: 'connections served at once (more get error 1040)' },
  'ssl-cert': { type: 'string', default: '', help: 'TLS certificate (PEM) clients may upgrade to (with --ssl-key)' },
  'ssl-key': { type: 'string', default: '', help: 'TLS private key (PEM)' },
  'ssl-self-signed': { type: 'string', default: '', help: 'directory to keep a generated self-signed certificate in (instead of --ssl-cert/--ssl-key)' },
  'initialize-insecure': { type: 'boolean', default: true, help: 'root may log in without a password until one is set (=false: a first start gives root a random password and prints it)' },
  help: { type: 'boolean', help: 'show this help' },
} as const;

const USAGE = 'strata sql [--pd HOST:PORT] [--host ADDR] [--port 4000] [--status-port 10080] [--ssl-cert PEM --ssl-key PEM | --ssl-self-signed DIR]';

export async function run(args: string[]): Promise<number> {
  const opts = parseCommandLine('sql', USAGE, spec, args);
  if (typeof opts === 'number') return opts;
  if (opts._.length > 0) {
    console.error(`strata sql: unexpected argument '${opts._[0] ?? ''}'\n\n${helpText(USAGE, spec)}`);
    return 2;
  }
  if ((opts['ssl-cert'] === '') !== (opts['ssl-key'] === '')) {
    console.error('strata sql: --ssl-cert and --ssl-key go together');
    return 2;
  }
  let tls: TlsFiles | undefined;
  try {
    if (opts['ssl-cert'] !== '') tls = readTlsFiles(opts['ssl-cert'], opts['ssl-key']);
    else if (opts['ssl-self-signed'] !== '') tls = await selfSignedTls(opts['ssl-self-signed']);
  } catch (err) {
    console.error(`strata sql: ${(err as Error).message}`);
    return 1;
  }
  const signal = untilSignal();
  let client: StrataClient | undefined;
  let engine: SqlEngine | undefined;
  let wire: WireServer | undefined;
  let status: Awaited<ReturnType<typeof startStatusServer>> | undefined;
  const stop = async (): Promise<void> => {
    await wire?.close();
    await new Promise<void>((r) => (status ? status.server.close(() => r()) : r()));
    await engine?.close();
    await client?.close();
  };
  try {
    client = await connect({ pd: opts.pd });
    engine = await SqlEngine.start({ client });
    if (!opts['initialize-insecure']) await secureRoot(engine);
    const sessions = new SqlSessionFactory(engine);
    wire = new WireServer({
      userStore: new EngineUserStore(engine),
      sessions,
      serverVersion: DEFAULT_VERSION,
      maxConnections: opts['max-connections'],
      rsa: true,
      ...(tls ? { tls: { cert: tls.cert, key: tls.key } } : {}),
    });
    const addr = await wire.listen(opts.port, opts.host);
    engine.globals.setServerValue('port', BigInt(addr.port));
    engine.globals.setServerValue('max_connections', BigInt(opts['max-connections']));
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'strata_sql_' });
    const server = wire;
    new Gauge({ name: 'strata_sql_connections', help: 'open MySQL connections', registers: [registry], collect() { this.set(server.connectionCount); } });
    new Gauge({ name: 'strata_sql_questions_total', help: 'statements and commands received', registers: [registry], collect() { this.set(sessions.stats.questions); } });
    status = await startStatusServer(opts.host, opts['status-port'], registry, async () => ({
      version: DEFAULT_VERSION,
      connections: server.connectionCount,
      questions: sessions.stats.questions,
      uptimeSeconds: sessions.stats.uptimeSeconds(),
      pd: opts.pd,
    }));
    console.log(`strata sql: serving MySQL on ${addr.address}:${addr.port} (status port ${status.port}, version ${DEFAULT_VERSION}, PD ${opts.pd})`);
  } catch (err: unknown) {
    const msg = err instanceof Error ? err.message : String(err);
    const inUse = /EADDRINUSE/.test(msg) ? ` (port ${opts.port} or ${opts['status-port']} is already in use)` : '';
    console.error(`strata sql: cannot start${inUse}: ${msg}`);
    await stop().catch(() => undefined);
    return 1;
  }
  await signal;
  await stop();
  return 0;
}

/** --initialize-insecure=false: while no root account is stored (the bootstrap root has no
 *  password), store one with a random password and print it once, as mysqld --initialize does. */
async function secureRoot(engine: SqlEngine): Promise<void> {
  if (engine.syncer.infoSchema().users().some((u) => u.user === 'root' && u !== BOOTSTRAP_ROOT)) return;
  const password = randomBytes(12).toString('base64url');
  const session = await engine.openSession();
  try {
    await session.query(`ALTER USER 'root'@'%' IDENTIFIED BY '${password}'`);
  } finally {
    await session.close();
  }
  console.log(`strata sql: a temporary password is generated for root@%: ${password}`);
}
