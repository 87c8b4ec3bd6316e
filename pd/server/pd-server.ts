// Starting and stopping one PD: opens its LevelDB directory, loads the cluster state and the TSO,
// serves the gRPC service and the HTTP API, and on stop() closes all three so no port stays bound
// and the directory can be reopened at once (by a restart in the same process, as tests do).
//
//   startPdServer({ dataDir })
//     ├─ LevelDbEngine(dataDir) ── MetaStorage ── Cluster (id, stores, regions, ids, safe point)
//     │                        └─ EngineTsoStorage ── TimestampOracle
//     ├─ gRPC  strata.pd.PD   (service.ts)   default 127.0.0.1:2379
//     └─ HTTP  JSON API + /metrics (http-api.ts, metrics.ts)   default 127.0.0.1:2380
//
// Port 0 binds a free port; the bound ports are in the result.
import { mkdirSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { LevelDbEngine } from '../../kv/storage/index.js';
import { logger } from '../../util/logger.js';
import { pdProto } from '../proto/index.js';
import { EngineTsoStorage, TimestampOracle } from '../tso/index.js';
import { Cluster } from './cluster.js';
import { Coordinator, type SchedulingOptions } from './coordinator.js';
import { createHttpHandler } from './http-api.js';
import { DEFAULT_ID_BATCH } from './id-allocator.js';
import { MetaStorage } from './meta-storage.js';
import { PdMetrics } from './metrics.js';
import { PdService } from './service.js';
import { DEFAULT_DISCONNECTED_AFTER_MS, DEFAULT_MAX_STORE_DOWN_TIME_MS } from './store-liveness.js';

const log = logger('pd');

export const DEFAULT_PD_ADDR = '127.0.0.1:2379';
export const DEFAULT_PD_STATUS_ADDR = '127.0.0.1:2380';

export interface PdServerOptions {
  /** PD's own LevelDB directory (created if missing). */
  readonly dataDir: string;
  /** gRPC listen address host:port (default 127.0.0.1:2379; port 0 = any free port). */
  readonly grpcAddr?: string;
  /** HTTP API listen address host:port (default 127.0.0.1:2380; port 0 = any free port). */
  readonly httpAddr?: string;
  /** A store silent this long is 'disconnected' (default 20 s). */
  readonly disconnectedAfterMs?: number;
  /** A store silent this long is 'down' (default 30 min). */
  readonly maxStoreDownTimeMs?: number;
  /** Ids reserved per persisted bound (default 1000). */
  readonly idBatchSize?: number;
  /** How far ahead the TSO persists its time bound (default 3 s). */
  readonly tsoSaveWindowMs?: number;
  /** Replica count and scheduling limits (coordinator.ts defaults otherwise). */
  readonly scheduling?: Partial<SchedulingOptions>;
  /** Clock for store liveness and heartbeat times (ms since epoch); the TSO always uses Date.now. */
  readonly now?: () => number;
}

export interface PdServer {
  readonly grpcPort: number;
  readonly httpPort: number;
  /** host:port the gRPC service is bound to. */
  readonly grpcAddress: string;
  /** host:port the HTTP API is bound to. */
  readonly httpAddress: string;
  /** The cluster id as a decimal string (a u64, as on the wire). */
  readonly clusterId: string;
  /** The cluster state, for in-process callers (the playground, tests). */
  readonly cluster: Cluster;
  /** PD's scheduler (operators in flight, admin operators). */
  readonly coordinator: Coordinator;
  stop(): Promise<void>;
}

/** Splits "host:port" or "[v6]:port". */
export function splitHostPort(addr: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(addr.trim());
  if (!m) throw new Error(`invalid address '${addr}' (expected HOST:PORT)`);
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`invalid port in '${addr}'`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}

function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function bindGrpc(server: grpc.Server, addr: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(addr, grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port)));
  });
}

function listenHttp(server: HttpServer, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function shutdownGrpc(server: grpc.Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function closeHttp(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startPdServer(opts: PdServerOptions): Promise<PdServer> {
  const grpcAddr = opts.grpcAddr ?? DEFAULT_PD_ADDR;
  const http = splitHostPort(opts.httpAddr ?? DEFAULT_PD_STATUS_ADDR);
  splitHostPort(grpcAddr);

  mkdirSync(opts.dataDir, { recursive: true });
  const engine = await LevelDbEngine.open(opts.dataDir, { cacheSize: 8 * 1024 * 1024, writeBufferSize: 4 * 1024 * 1024 });
  const grpcServer = new grpc.Server();
  const httpServer = createServer();
  let cluster: Cluster | undefined;
  try {
    const storage = new MetaStorage(engine);
    cluster = await Cluster.open(storage, {
      disconnectedAfterMs: opts.disconnectedAfterMs ?? DEFAULT_DISCONNECTED_AFTER_MS,
      maxStoreDownTimeMs: opts.maxStoreDownTimeMs ?? DEFAULT_MAX_STORE_DOWN_TIME_MS,
      idBatchSize: opts.idBatchSize ?? DEFAULT_ID_BATCH,
      now: opts.now ?? Date.now,
    });
    const tsoOpts = opts.tsoSaveWindowMs !== undefined ? { saveWindowMs: opts.tsoSaveWindowMs } : {};
    const tso = await TimestampOracle.open(new EngineTsoStorage(engine), tsoOpts);
    const metrics = new PdMetrics(cluster);
    const coordinator = new Coordinator(cluster, opts.scheduling);
    const service = new PdService(cluster, tso, metrics, coordinator);

    grpcServer.addService(pdProto().strata.pd.PD.service, service.handlers());
    const grpcPort = await bindGrpc(grpcServer, grpcAddr);
    httpServer.on('request', createHttpHandler(cluster, metrics));
    const httpPort = await listenHttp(httpServer, http.host, http.port);

    const grpcHost = splitHostPort(grpcAddr).host;
    const ready = cluster;
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= (async () => {
        service.endStreams();
        await Promise.all([shutdownGrpc(grpcServer, 2000), closeHttp(httpServer)]);
        await ready.drain();
        // Every TSO request queued before this one has finished once it resolves.
        await tso.getTs(1).catch(() => undefined);
        await engine.close();
        log.debug({ dataDir: opts.dataDir }, 'PD stopped');
      })();
      return stopping;
    };
    log.debug({ grpcPort, httpPort, clusterId: cluster.clusterId, dataDir: opts.dataDir }, 'PD serving');
    return {
      grpcPort,
      httpPort,
      grpcAddress: joinHostPort(grpcHost, grpcPort),
      httpAddress: joinHostPort(http.host, httpPort),
      clusterId: cluster.clusterId,
      cluster,
      coordinator,
      stop,
    };
  } catch (err: unknown) {
    grpcServer.forceShutdown();
    await closeHttp(httpServer);
    await cluster?.drain();
    await engine.close();
    throw err;
  }
}
