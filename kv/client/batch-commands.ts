// The client end of the Kv BatchCommands stream (see kv/server/batch-commands.ts): one stream per
// store, opened on first use and again after it breaks. Requests issued in the same turn of the
// event loop leave in one message; each is matched to its answer by id. To the callers it looks
// like the unary call it replaces: the same callback, a gRPC-status error for what the store
// refused, DEADLINE_EXCEEDED at the request's deadline, UNAVAILABLE for everything in flight when
// the stream breaks (the store died or restarted), which region-request retries as it does a
// unary call that could not reach the store.
import * as grpc from '@grpc/grpc-js';
import { batchFieldOf, MAX_BATCH, type BatchField } from '../proto/batch-commands.js';
import type { BatchCommandsRequest, _strata_kv_BatchCommandsRequest_Request as Wrapped } from '../proto/generated/strata/kv/BatchCommandsRequest.js';
import type { BatchCommandsResponse__Output } from '../proto/generated/strata/kv/BatchCommandsResponse.js';
import type { KvClient } from '../proto/generated/strata/kv/Kv.js';
import { isUnreachable } from './grpc-util.js';

type Callback = (err: grpc.ServiceError | null, res?: unknown) => void;

interface Pending {
  readonly field: BatchField;
  readonly callback: Callback;
  readonly timer: NodeJS.Timeout;
}

/** An Error shaped as grpc-js's ServiceError, so callers tell them apart by `code` alone. */
export function serviceError(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(`${code} ${grpc.status[code] ?? ''}: ${details}`), { code, details, metadata: new grpc.Metadata() });
}

export class BatchCommandsStream {
  private stream: grpc.ClientDuplexStream<BatchCommandsRequest, BatchCommandsResponse__Output> | undefined;
  private readonly pending = new Map<string, Pending>();
  private queue: Wrapped[] = [];
  private queueIds: string[] = [];
  private scheduled = false;
  private nextId = 1;
  private closed = false;

  constructor(private readonly client: KvClient) {}

  /** Sends one request; `callback` is called exactly once. */
  send(field: BatchField, request: unknown, deadline: number, callback: Callback): void {
    if (this.closed) {
      callback(serviceError(grpc.status.CANCELLED, 'the KV client is closed'));
      return;
    }
    const id = String(this.nextId++);
    const timer = setTimeout(() => {
      if (this.pending.delete(id)) callback(serviceError(grpc.status.DEADLINE_EXCEEDED, 'Deadline exceeded'));
    }, Math.max(0, deadline - Date.now()));
    this.pending.set(id, { field, callback, timer });
    this.queue.push({ [field]: request } as Wrapped);
    this.queueIds.push(id);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** How many requests wait for their answer. */
  get inFlight(): number {
    return this.pending.size;
  }

  close(): void {
    this.closed = true;
    this.fail(serviceError(grpc.status.CANCELLED, 'the KV client is closed'));
    this.stream?.cancel();
    this.stream = undefined;
  }

  private flush(): void {
    this.scheduled = false;
    if (this.queue.length === 0 || this.closed) return;
    const s = this.open();
    for (let i = 0; i < this.queue.length; i += MAX_BATCH) {
      s.write({ requests: this.queue.slice(i, i + MAX_BATCH), request_ids: this.queueIds.slice(i, i + MAX_BATCH) });
    }
    this.queue = [];
    this.queueIds = [];
  }

  private open(): grpc.ClientDuplexStream<BatchCommandsRequest, BatchCommandsResponse__Output> {
    if (this.stream) return this.stream;
    const s = this.client.BatchCommands();
    s.on('data', (msg: BatchCommandsResponse__Output) => this.answer(msg));
    s.on('error', (err: grpc.ServiceError) => this.broken(s, err));
    s.on('end', () => this.broken(s, serviceError(grpc.status.UNAVAILABLE, 'the store closed the batch stream')));
    this.stream = s;
    return s;
  }

  private answer(msg: BatchCommandsResponse__Output): void {
    msg.responses.forEach((r, i) => {
      const id = msg.request_ids[i] ?? '';
      const p = this.pending.get(id);
      if (!p) return; // timed out meanwhile
      this.pending.delete(id);
      clearTimeout(p.timer);
      if (r.status) return p.callback(serviceError(r.status, r.status_message));
      const res = r[p.field];
      if (res) p.callback(null, res);
      else p.callback(serviceError(grpc.status.INTERNAL, `the store answered a ${p.field} request with ${r.cmd ?? 'nothing'}`));
    });
  }

  /** The stream is gone: what was in flight may or may not have been carried out. */
  private broken(s: grpc.ClientDuplexStream<BatchCommandsRequest, BatchCommandsResponse__Output>, err: grpc.ServiceError): void {
    if (this.stream !== s) return;
    this.stream = undefined;
    this.fail(isUnreachable(err) ? err : serviceError(grpc.status.UNAVAILABLE, err.details || err.message));
  }

  private fail(err: grpc.ServiceError): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) {
      clearTimeout(p.timer);
      p.callback(err);
    }
  }
}

/**
 * A KvClient whose batched methods go through `stream` and whose others (scans, coprocessor,
 * admin) stay unary on `client`: the call sites of kv/client keep calling `c.KvGet(req, o, cb)`.
 */
export function batchingClient(client: KvClient, stream: BatchCommandsStream): KvClient {
  const methods = new Map<string | symbol, unknown>();
  return new Proxy(client, {
    get(target, prop) {
      let m = methods.get(prop);
      if (m === undefined) {
        const field = batchFieldOf(prop);
        if (field) {
          m = (request: unknown, options: grpc.CallOptions, callback: Callback) => {
            const d = options.deadline;
            const deadline = d instanceof Date ? d.getTime() : typeof d === 'number' ? d : Date.now() + 10_000;
            stream.send(field, request, deadline, callback);
          };
        } else {
          const v: unknown = Reflect.get(target, prop, target);
          m = typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
        }
        methods.set(prop, m);
      }
      return m;
    },
  });
}
