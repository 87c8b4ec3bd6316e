// `strata pd`: the placement driver process. Serves PD's gRPC API (TSO, ids, cluster metadata)
// and its JSON HTTP API from its own data directory until SIGINT/SIGTERM, then stops cleanly:
// ports closed, LevelDB closed, exit code 0.
import { resolve } from 'node:path';
import { DEFAULT_PD_ADDR, DEFAULT_PD_STATUS_ADDR, startPdServer } from '../../pd/server/index.js';
import { helpText, parseCommandLine, untilSignal, UsageError } from './args.js';
import { parseDuration } from './units.js';

const spec = {
  'data-dir': { type: 'string', default: './data/pd', help: "PD's data directory" },
  addr: { type: 'string', default: DEFAULT_PD_ADDR, help: 'gRPC listen address host:port (port 0 = any free port)' },
  'status-addr': { type: 'string', default: DEFAULT_PD_STATUS_ADDR, help: 'HTTP API and /metrics address host:port' },
  'max-store-down-time': { type: 'string', default: '30m', help: 'a store silent this long is down: its peers are replaced on other stores' },
  'max-replicas': { type: 'number', default: 3, help: 'voters per region in raft mode' },
  'admin-cooldown': { type: 'string', default: '30s', help: 'after a strata ctl operator on a region, the balancers leave it alone this long' },
  help: { type: 'boolean', help: 'show this help' },
} as const;

const USAGE = 'strata pd [--data-dir DIR] [--addr HOST:PORT] [--status-addr HOST:PORT] [--max-store-down-time 30m] [--max-replicas 3] [--admin-cooldown 30s]';

export async function run(args: string[]): Promise<number> {
  const opts = parseCommandLine('pd', USAGE, spec, args);
  if (typeof opts === 'number') return opts;
  if (opts._.length > 0) {
    console.error(`strata pd: unexpected argument '${opts._[0] ?? ''}'\n\n${helpText(USAGE, spec)}`);
    return 2;
  }
  let maxStoreDownTimeMs: number;
  let adminCooldownMs: number;
  try {
    maxStoreDownTimeMs = parseDuration(opts['max-store-down-time'], 'max-store-down-time');
    adminCooldownMs = parseDuration(opts['admin-cooldown'], 'admin-cooldown');
    if (!Number.isInteger(opts['max-replicas']) || opts['max-replicas'] < 1) throw new UsageError(`--max-replicas must be a positive integer, got ${opts['max-replicas']}`);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`strata pd: ${err.message}\n\n${helpText(USAGE, spec)}`);
    return 2;
  }
  // A store is "disconnected" (receives nothing new) well before it is down.
  const disconnectedAfterMs = Math.min(20_000, Math.max(1, Math.floor(maxStoreDownTimeMs / 2)));
  const signal = untilSignal();
  let server;
  try {
    server = await startPdServer({
      dataDir: resolve(opts['data-dir']),
      grpcAddr: opts.addr,
      httpAddr: opts['status-addr'],
      maxStoreDownTimeMs,
      disconnectedAfterMs,
      scheduling: { replicas: opts['max-replicas'], adminCooldownMs },
    });
  } catch (err: unknown) {
    console.error(`strata pd: cannot start: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  console.log(
    `strata pd: cluster ${server.clusterId} serving gRPC on ${server.grpcAddress}, HTTP API on http://${server.httpAddress}/pd/api/v1 (data ${resolve(opts['data-dir'])})`,
  );
  await signal;
  await server.stop();
  return 0;
}
