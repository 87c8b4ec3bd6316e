// Raft messages over gRPC: the service `strata.raft.Raft/Stream` on every store's port, a
// client-streaming call per (this store → that store) pair that stays open, and frames of batched
// envelopes as its messages (transport.ts; raw bytes, no protobuf: the payload is kv/raft's own
// encoding). Envelopes queued in one turn of the event loop go out as one frame, cut into 1 MiB
// messages when larger (frame-chunks.ts: a snapshot is as big as its region). A broken stream
// is dropped and reopened on the next send; raft retransmits what was lost. Store addresses come
// from a resolver (PD's GetStore), cached, and a broken stream is retried after a short pause.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from '../../util/logger.js';
import { chunkFrame, FrameJoiner } from './frame-chunks.js';
import { decodeFrame, encodeFrame, type EnvelopeHandler, type RaftEnvelope, type Transport } from './transport.js';

const identity = (b: Buffer): Buffer => b;

export const RAFT_SERVICE: grpc.ServiceDefinition = {
  Stream: {
    path: '/strata.raft.Raft/Stream',
    requestStream: true,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
    originalName: 'Stream',
  },
};

/** The server side: hands every decoded frame to `handler`; a malformed frame ends the stream. */
export function raftServiceHandlers(handler: EnvelopeHandler, log: Logger): grpc.UntypedServiceImplementation {
  return {
    Stream: (call: grpc.ServerReadableStream<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      let done = false;
      const joiner = new FrameJoiner();
      const finish = (err: grpc.ServerErrorResponse | null): void => {
        if (done) return;
        done = true;
        callback(err, Buffer.alloc(0));
      };
      call.on('data', (message: Buffer) => {
        if (done) return;
        try {
          const frame = joiner.push(message);
          if (frame) handler(decodeFrame(frame));
        } catch (err) {
          log.warn({ err: String(err) }, 'dropping a malformed raft frame');
          finish({ code: grpc.status.INVALID_ARGUMENT, details: String(err), name: 'InvalidFrame', message: String(err) });
        }
      });
      call.on('end', () => finish(null));
      call.on('error', () => finish(null));
    },
  };
}

const RaftClient = grpc.makeGenericClientConstructor(RAFT_SERVICE, 'Raft');

interface Conn {
  readonly client: grpc.Client;
  readonly stream: grpc.ClientWritableStream<Buffer>;
}

export class GrpcTransport implements Transport {
  private readonly conns = new Map<number, Conn>();
  private readonly connecting = new Set<number>();
  private readonly addresses = new Map<number, string>();
  private readonly queues = new Map<number, RaftEnvelope[]>();
  /** No reconnect to a store before this time (after its stream broke). */
  private readonly retryAt = new Map<number, number>();
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly resolve: (storeId: number) => Promise<string>,
    private readonly log: Logger,
    /** Envelopes for which it returns false are dropped (failure-injection in tests). */
    public filter: (env: RaftEnvelope) => boolean = () => true,
  ) {}

  send(env: RaftEnvelope): void {
    if (this.closed || !this.filter(env)) return;
    const q = this.queues.get(env.toStoreId) ?? [];
    if (q.length >= 4096) q.shift(); // an unreachable store: keep the newest
    q.push(env);
    this.queues.set(env.toStoreId, q);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    for (const [storeId, envs] of this.queues) {
      if (envs.length === 0) continue;
      const conn = this.conns.get(storeId);
      if (!conn) {
        this.connect(storeId);
        continue;
      }
      this.queues.set(storeId, []);
      for (const message of chunkFrame(encodeFrame(envs))) conn.stream.write(message);
    }
  }

  private connect(storeId: number): void {
    if (this.connecting.has(storeId) || this.closed) return;
    if ((this.retryAt.get(storeId) ?? 0) > Date.now()) {
      this.queues.set(storeId, []);
      return;
    }
    this.connecting.add(storeId);
    const known = this.addresses.get(storeId);
    (known !== undefined ? Promise.resolve(known) : this.resolve(storeId))
      .then((addr) => {
        if (this.closed) return;
        this.addresses.set(storeId, addr);
        const client = new RaftClient(addr, grpc.credentials.createInsecure());
        const stream = (client as unknown as { Stream(cb: (err: grpc.ServiceError | null) => void): grpc.ClientWritableStream<Buffer> }).Stream(() => {
          this.drop(storeId, stream);
        });
        stream.on('error', () => this.drop(storeId, stream));
        this.conns.set(storeId, { client, stream });
      })
      .catch((err: unknown) => {
        this.log.debug({ storeId, err: String(err) }, 'cannot resolve a store address');
        this.queues.set(storeId, []);
      })
      .finally(() => {
        this.connecting.delete(storeId);
        if (!this.scheduled && !this.closed) {
          this.scheduled = true;
          setImmediate(() => this.flush());
        }
      });
  }

  private drop(storeId: number, stream: grpc.ClientWritableStream<Buffer>): void {
    const conn = this.conns.get(storeId);
    if (!conn || conn.stream !== stream) return;
    this.conns.delete(storeId);
    // The store may come back elsewhere (a restart on another port): ask the resolver again.
    this.addresses.delete(storeId);
    this.retryAt.set(storeId, Date.now() + 300);
    conn.client.close();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const conn of this.conns.values()) {
      conn.stream.end();
      conn.client.close();
    }
    this.conns.clear();
    this.queues.clear();
  }
}
