// `strata kv`: one KV store process. Registers with PD, serves the Kv gRPC API and the status
// HTTP port until SIGINT/SIGTERM, then shuts down cleanly.
import { startKvServer } from '../../kv/server/index.js';
import { helpText, parseCommandLine, untilSignal, UsageError } from './args.js';
import { parseDuration, parseSize } from './units.js';

const USAGE = 'strata kv [options]';

const spec = {
  pd: { type: 'string', default: '127.0.0.1:2379', help: 'PD address host:port' },
  addr: { type: 'string', default: '127.0.0.1:20160', help: 'gRPC listen address host:port' },
  'advertise-addr': { type: 'string', default: '', help: 'address other processes use (default: --addr)' },
  'status-addr': { type: 'string', default: '127.0.0.1:20180', help: 'status/metrics HTTP address' },
  'data-dir': { type: 'string', default: './data/kv', help: 'data directory' },
  raft: { type: 'boolean', default: true, help: 'replicate regions with Raft, 3 replicas (the default); --raft=false (or STRATA_RAFT=0) keeps one copy of each region, for comparisons' },
  'heartbeat-interval': { type: 'string', default: '2s', help: 'store and region heartbeats to PD (PD schedules on region heartbeats)' },
  'raft-base-tick-interval': { type: 'string', default: '100ms', help: 'raft mode: the raft tick (election after 10-20 ticks, heartbeat every 2)' },
  'region-split-size': { type: 'string', default: '96MiB', help: 'raft mode: a region larger than this splits in two' },
  'region-split-keys': { type: 'number', default: 960000, help: 'raft mode: a region with more keys than this splits in two' },
  help: { type: 'boolean', help: 'show this help' },
} as const;

export async function run(args: string[]): Promise<number> {
  const opts = parseCommandLine('kv', USAGE, spec, args);
  if (typeof opts === 'number') return opts;
  let tuning;
  try {
    tuning = {
      heartbeatMs: parseDuration(opts['heartbeat-interval'], 'heartbeat-interval'),
      raftConfig: { tickMs: parseDuration(opts['raft-base-tick-interval'], 'raft-base-tick-interval') },
      splitThresholds: { splitSize: parseSize(opts['region-split-size'], 'region-split-size'), splitKeys: opts['region-split-keys'] },
    };
    if (tuning.heartbeatMs <= 0 || tuning.raftConfig.tickMs <= 0) throw new UsageError('--heartbeat-interval and --raft-base-tick-interval must be above 0');
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`strata kv: ${err.message}\n\n${helpText(USAGE, spec)}`);
    return 2;
  }
  let server;
  try {
    server = await startKvServer({
    ...tuning,
    pd: opts.pd,
    addr: opts.addr,
    statusAddr: opts['status-addr'],
    dataDir: opts['data-dir'],
    ...(opts['advertise-addr'] ? { advertiseAddr: opts['advertise-addr'] } : {}),
    raft: opts.raft && process.env.STRATA_RAFT !== '0',
    // Testing fail-points on the status port (e2e tests, the torture nemesis); never in production.
    ...(process.env.STRATA_FAILPOINTS_HTTP === '1' ? { failpointsHttp: true } : {}),
    });
  } catch (err: unknown) {
    const msg = err instanceof Error ? err.message : String(err);
    const inUse = /EADDRINUSE/.test(msg) ? ` (address ${opts.addr} or ${opts['status-addr']} is already in use)` : '';
    console.error(`strata kv: cannot start${inUse}: ${msg}`);
    return 1;
  }
  console.log(`strata kv: store ${server.storeId} serving on ${server.address} (status port ${server.statusPort})`);
  await untilSignal();
  await server.stop();
  return 0;
}
