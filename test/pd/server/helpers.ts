// Helpers for PD server tests: start a PD on free loopback ports in a temp dir, talk to it over
// real gRPC with the generated client, restart it on the same directory. Everything started here
// is stopped after each test.
import * as grpc from '@grpc/grpc-js';
import { afterEach } from 'vitest';
import type { Peer, Region, Store } from '../../../kv/meta.js';
import { regionToPb, storeToPb } from '../../../kv/proto/convert.js';
import { pdProto } from '../../../pd/proto/index.js';
import type { PDClient } from '../../../pd/proto/generated/strata/pd/PD.js';
import type { ResponseHeader__Output } from '../../../pd/proto/generated/strata/pd/ResponseHeader.js';
import type { TsoRequest } from '../../../pd/proto/generated/strata/pd/TsoRequest.js';
import type { TsoResponse__Output } from '../../../pd/proto/generated/strata/pd/TsoResponse.js';
import { startPdServer, type PdServer, type PdServerOptions } from '../../../pd/server/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const servers = new Set<PdServer>();
const clients = new Set<grpc.Client>();

afterEach(async () => {
  for (const c of clients) c.close();
  clients.clear();
  await Promise.all([...servers].map((s) => s.stop()));
  servers.clear();
});

export type Cb<R> = (err: grpc.ServiceError | null, res?: R) => void;

/** Runs one unary call and resolves with its response (rejects on a gRPC-level error). */
export function rpc<R>(invoke: (cb: Cb<R>) => unknown): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    invoke((err, res) => (err ? reject(err) : res ? resolve(res) : reject(new Error('empty response'))));
  });
}

export function errorType(res: { header: ResponseHeader__Output | null }): string {
  return res.header?.error?.type ?? 'OK';
}

export function pdClient(address: string): PDClient {
  const Ctor = pdProto().strata.pd.PD;
  const client = new Ctor(address, grpc.credentials.createInsecure());
  clients.add(client);
  return client;
}

export interface TestPd {
  readonly dataDir: string;
  server: PdServer;
  client: PDClient;
  /** Stops the server and starts a new one on the same directory (new ports, new client). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestPd(opts: Partial<PdServerOptions> = {}): Promise<TestPd> {
  const dataDir = opts.dataDir ?? tempDir('strata-pd-');
  const start = async (): Promise<PdServer> => {
    const s = await startPdServer({ grpcAddr: '127.0.0.1:0', httpAddr: '127.0.0.1:0', ...opts, dataDir });
    servers.add(s);
    return s;
  };
  const server = await start();
  const pd: TestPd = {
    dataDir,
    server,
    client: pdClient(`127.0.0.1:${server.grpcPort}`),
    async restart() {
      await pd.stop();
      pd.server = await start();
      pd.client = pdClient(`127.0.0.1:${pd.server.grpcPort}`);
    },
    async stop() {
      pd.client.close();
      clients.delete(pd.client);
      await pd.server.stop();
      servers.delete(pd.server);
    },
  };
  return pd;
}

// ---------------------------------------------------------------- metadata builders

export function store(id: number, port = 20160 + id): Store {
  return { id, address: `127.0.0.1:${port}`, statusAddress: `127.0.0.1:${port + 20}`, state: 'up', version: '0.1.0', startTimestamp: 1_700_000_000 };
}

export function region(id: number, start: string, end: string, version: number, peers: Peer[], confVer = 1): Region {
  return { id, startKey: Buffer.from(start), endKey: Buffer.from(end), epoch: { confVer, version }, peers };
}

export const peer = (id: number, storeId: number): Peer => ({ id, storeId, role: 'voter' });

/** Bootstraps with store 1 and region 2 (peer 3 on store 1) covering every key. */
export async function bootstrap(client: PDClient): Promise<void> {
  const res = await rpc<{ header: ResponseHeader__Output | null }>((cb) =>
    client.Bootstrap({ store: storeToPb(store(1)), region: regionToPb(region(2, '', '', 1, [peer(3, 1)])) }, cb),
  );
  if (errorType(res) !== 'OK') throw new Error(`bootstrap failed: ${res.header?.error?.message ?? ''}`);
}

// ---------------------------------------------------------------- TSO streams

/** A TSO stream that answers requests one at a time, in order. */
export class TsoStream {
  private readonly call: grpc.ClientDuplexStream<TsoRequest, TsoResponse__Output>;
  private readonly waiting: { resolve: (r: TsoResponse__Output) => void; reject: (e: Error) => void }[] = [];

  private closed: Error | undefined;

  constructor(client: PDClient) {
    this.call = client.Tso();
    this.call.on('data', (res: TsoResponse__Output) => this.waiting.shift()?.resolve(res));
    const fail = (err: Error): void => {
      this.closed ??= err;
      for (const w of this.waiting.splice(0)) w.reject(err);
    };
    this.call.on('error', fail);
    this.call.on('end', () => fail(new Error('TSO stream ended by the server')));
  }

  request(count: number, clusterId = '0'): Promise<TsoResponse__Output> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(this.closed);
      this.waiting.push({ resolve, reject });
      this.call.write({ header: { cluster_id: clusterId }, count });
    });
  }

  end(): void {
    this.call.end();
  }
}

/** The last timestamp of a TSO answer as a composed u64. */
export function tsOf(res: TsoResponse__Output): bigint {
  if (!res.timestamp) throw new Error('TSO answer without a timestamp');
  return (BigInt(res.timestamp.physical) << 18n) | BigInt(res.timestamp.logical);
}
