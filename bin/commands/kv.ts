// `strata kv`: one KV store process. Registers with PD, serves the Kv gRPC API and the status
// HTTP port until SIGINT/SIGTERM, then shuts down cleanly.
import { startKvServer } from '../../kv/server/index.js';
import { helpText, parseOptions, untilSignal, UsageError } from './args.js';

const spec = {
  pd: { type: 'string', default: '127.0.0.1:2379', help: 'PD address host:port' },
  addr: { type: 'string', default: '127.0.0.1:20160', help: 'gRPC listen address host:port' },
  'advertise-addr': { type: 'string', default: '', help: 'address other processes use (default: --addr)' },
  'status-addr': { type: 'string', default: '127.0.0.1:20180', help: 'status/metrics HTTP address' },
  'data-dir': { type: 'string', default: './data/kv', help: 'data directory' },
  help: { type: 'boolean', help: 'show this help' },
} as const;

export async function run(args: string[]): Promise<number> {
  let opts;
  try {
    opts = parseOptions(spec, args);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`strata kv: ${err.message}\n\n${helpText('strata kv [options]', spec)}`);
      return 2;
    }
    throw err;
  }
  if (opts.help) {
    console.log(helpText('strata kv [options]', spec));
    return 0;
  }
  const server = await startKvServer({
    pd: opts.pd,
    addr: opts.addr,
    statusAddr: opts['status-addr'],
    dataDir: opts['data-dir'],
    ...(opts['advertise-addr'] ? { advertiseAddr: opts['advertise-addr'] } : {}),
  });
  console.log(`strata kv: store ${server.storeId} serving on ${server.address} (status port ${server.statusPort})`);
  await untilSignal();
  await server.stop();
  return 0;
}
