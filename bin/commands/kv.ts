// `strata kv`: one KV store process. Registers with PD, serves the Kv gRPC API and the status
// HTTP port until SIGINT/SIGTERM, then shuts down cleanly.
import { startKvServer } from '../../kv/server/index.js';
import { parseCommandLine, untilSignal } from './args.js';

const spec = {
  pd: { type: 'string', default: '127.0.0.1:2379', help: 'PD address host:port' },
  addr: { type: 'string', default: '127.0.0.1:20160', help: 'gRPC listen address host:port' },
  'advertise-addr': { type: 'string', default: '', help: 'address other processes use (default: --addr)' },
  'status-addr': { type: 'string', default: '127.0.0.1:20180', help: 'status/metrics HTTP address' },
  'data-dir': { type: 'string', default: './data/kv', help: 'data directory' },
  raft: { type: 'boolean', help: 'replicate regions with Raft (3 replicas; also STRATA_RAFT=1). Off by default' },
  help: { type: 'boolean', help: 'show this help' },
} as const;

export async function run(args: string[]): Promise<number> {
  const opts = parseCommandLine('kv', 'strata kv [options]', spec, args);
  if (typeof opts === 'number') return opts;
  let server;
  try {
    server = await startKvServer({
    pd: opts.pd,
    addr: opts.addr,
    statusAddr: opts['status-addr'],
    dataDir: opts['data-dir'],
    ...(opts['advertise-addr'] ? { advertiseAddr: opts['advertise-addr'] } : {}),
    ...(opts.raft === true || process.env.STRATA_RAFT === '1' ? { raft: true } : {}),
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
