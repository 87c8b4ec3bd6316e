// One gRPC Kv client per store address, shared by every request to that store (a gRPC channel
// multiplexes concurrent calls), plus a promise wrapper for calls with a deadline. Small requests
// (gets, prewrites, commits, raw puts…) travel over one BatchCommands stream per store
// (batch-commands.ts) unless `batchCommands` is off; the rest are unary calls.
// close() closes every channel so a process holding a client can exit.
import * as grpc from '@grpc/grpc-js';
import { kvProto } from '../proto/index.js';
import type { KvClient } from '../proto/generated/strata/kv/Kv.js';
import { BatchCommandsStream, batchingClient } from './batch-commands.js';
import { ClientClosed } from './errors.js';
import { CHANNEL_OPTIONS } from './grpc-util.js';

export type KvCallback<Res> = (err: grpc.ServiceError | null, res?: Res) => void;

/** A unary call on a Kv client: `(client, options, callback) => client.RawGet(req, options, callback)`. */
export type KvCall<Res> = (client: KvClient, options: grpc.CallOptions, callback: KvCallback<Res>) => unknown;

/** What the request sender needs of the pool: one unary call to a store. Tests fake it. */
export interface KvTransport {
  call<Res>(address: string, invoke: KvCall<Res>, timeoutMs?: number): Promise<Res>;
}

export class KvConnectionPool implements KvTransport {
  private readonly clients = new Map<string, KvClient>();
  private readonly streams = new Map<string, { stream: BatchCommandsStream; client: KvClient }>();
  private closed = false;

  constructor(
    readonly timeoutMs = 10_000,
    readonly batchCommands = true,
  ) {}

  /** The (shared) client for a store address, created on first use. */
  get(address: string): KvClient {
    if (this.closed) throw new ClientClosed('KV connection pool');
    let c = this.clients.get(address);
    if (!c) {
      const Ctor = kvProto().strata.kv.Kv;
      c = new Ctor(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
      this.clients.set(address, c);
    }
    return c;
  }

  /** The client the calls go through: batched methods over the store's BatchCommands stream. */
  private caller(address: string): KvClient {
    if (!this.batchCommands) return this.get(address);
    let b = this.streams.get(address);
    if (!b) {
      const stream = new BatchCommandsStream(this.get(address));
      b = { stream, client: batchingClient(this.get(address), stream) };
      this.streams.set(address, b);
    }
    return b.client;
  }

  /** Sends one call to a store, rejecting with the gRPC ServiceError on failure. */
  call<Res>(address: string, invoke: KvCall<Res>, timeoutMs = this.timeoutMs): Promise<Res> {
    const client = this.caller(address);
    return new Promise<Res>((resolve, reject) => {
      invoke(client, { deadline: Date.now() + timeoutMs }, (err, res) => {
        if (err) reject(err);
        else if (res === undefined) reject(new Error(`empty response from store ${address}`));
        else resolve(res);
      });
    });
  }

  get size(): number {
    return this.clients.size;
  }

  close(): void {
    this.closed = true;
    for (const b of this.streams.values()) b.stream.close();
    this.streams.clear();
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
