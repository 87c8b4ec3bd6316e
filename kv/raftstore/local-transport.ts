// An in-process transport: a hub that delivers frames between stores of one process, encoded and
// decoded like the gRPC transport's, asynchronously (setImmediate), with a filter a test can use to
// drop messages (partitions, a stopped store).
import { decodeFrame, encodeFrame, type EnvelopeHandler, type RaftEnvelope, type Transport } from './transport.js';

export type EnvelopeFilter = (env: RaftEnvelope) => boolean;

export class LocalHub {
  private readonly handlers = new Map<number, EnvelopeHandler>();
  /** Envelopes for which it returns false are dropped. */
  filter: EnvelopeFilter = () => true;

  register(storeId: number, handler: EnvelopeHandler): void {
    this.handlers.set(storeId, handler);
  }

  unregister(storeId: number): void {
    this.handlers.delete(storeId);
  }

  transport(): Transport {
    const queues = new Map<number, RaftEnvelope[]>();
    let scheduled = false;
    const flush = (): void => {
      scheduled = false;
      for (const [storeId, envs] of queues) {
        const handler = this.handlers.get(storeId);
        if (handler) handler(decodeFrame(encodeFrame(envs)));
      }
      queues.clear();
    };
    return {
      send: (env) => {
        if (!this.filter(env)) return;
        const q = queues.get(env.toStoreId) ?? [];
        q.push(env);
        queues.set(env.toStoreId, q);
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      },
      close: async () => {
        queues.clear();
      },
    };
  }
}
