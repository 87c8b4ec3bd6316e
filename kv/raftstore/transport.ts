// How raft messages travel between stores. A RaftEnvelope is one raft Message of one region, with
// the stores at both ends (the receiver learns the sender's store from it, which is how a peer that
// has just been created, with no region descriptor yet, can answer its leader). Envelopes to the
// same store are batched into one frame; the frame codec is shared by every transport.
//
//   frame    = n:uv envelope×n
//   envelope = region:uv fromStore:uv toStore:uv message:bytes   (kv/raft message encoding)
//
// Two implementations: gRPC streams between processes (grpc-transport.ts) and an in-process hub
// for tests that want determinism or message filters (local-transport.ts).
import { BufferReader, BufferWriter, CodecError } from '../codec/index.js';
import { decodeMessage, encodeMessage, type Message } from '../raft/index.js';

export interface RaftEnvelope {
  readonly regionId: number;
  readonly fromStoreId: number;
  readonly toStoreId: number;
  readonly message: Message;
}

export interface Transport {
  /** Queues an envelope for its store; delivery is best effort (raft retries). */
  send(env: RaftEnvelope): void;
  close(): Promise<void>;
}

/** What a store does with the envelopes that arrive for it. */
export type EnvelopeHandler = (envs: readonly RaftEnvelope[]) => void;

export function encodeFrame(envs: readonly RaftEnvelope[]): Buffer {
  const w = new BufferWriter(256);
  w.uvarint(envs.length);
  for (const e of envs) w.uvarint(e.regionId).uvarint(e.fromStoreId).uvarint(e.toStoreId).bytes(encodeMessage(e.message));
  return w.finish();
}

export function decodeFrame(buf: Uint8Array): RaftEnvelope[] {
  const r = new BufferReader(buf);
  const n = r.uvarint();
  if (n > r.remaining) throw new CodecError(`frame claims ${n} envelopes in ${r.remaining} bytes`);
  const out: RaftEnvelope[] = [];
  for (let i = 0; i < n; i++) {
    const regionId = r.uvarint();
    const fromStoreId = r.uvarint();
    const toStoreId = r.uvarint();
    out.push({ regionId, fromStoreId, toStoreId, message: decodeMessage(r.bytes()) });
  }
  if (!r.done) throw new CodecError('trailing bytes after a raft frame');
  return out;
}
