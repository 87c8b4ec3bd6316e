// How raft messages travel between stores. A RaftEnvelope is one raft Message of one region, with
// the stores at both ends (the receiver learns the sender's store from it, which is how a peer that
// has just been created, with no region descriptor yet, can answer its leader). Envelopes to the
// same store are batched into one frame; the frame codec is shared by every transport.
//
//   frame    = n:uv envelope×n
//   envelope = region:uv fromStore:uv toStore:uv flags:u8 [confVer:uv version:uv] message:bytes
//              flags: 0x01 the sender's region epoch follows, 0x02 tombstone (kv/raft message encoding)
//
// The epoch is what lets a store tell a stale peer (one removed from the region while its store
// was down, still talking with the members it remembers) from a member it merely lags behind; a
// tombstone envelope is the answer to such a peer: "you are not a member of the region at this
// epoch; destroy yourself" (TiKV's is_tombstone gc message). See stale-peer.ts.
//
// Two implementations: gRPC streams between processes (grpc-transport.ts) and an in-process hub
// for tests that want determinism or message filters (local-transport.ts).
import { BufferReader, BufferWriter, CodecError } from '../codec/index.js';
import type { RegionEpoch } from '../meta.js';
import { decodeMessage, encodeMessage, type Message } from '../raft/index.js';

export interface RaftEnvelope {
  readonly regionId: number;
  readonly fromStoreId: number;
  readonly toStoreId: number;
  readonly message: Message;
  /** The sender's region epoch, when its peer knows its region (a peer created by a message and
   *  not yet filled by a snapshot does not). */
  readonly epoch?: RegionEpoch;
  /** A gc message: `message.to` is not a member of the region at `epoch` (which is then set).
   *  Its message only names the two peers (from, to); it is never stepped. */
  readonly tombstone?: boolean;
}

const HAS_EPOCH = 0x01;
const TOMBSTONE = 0x02;

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
  for (const e of envs) {
    w.uvarint(e.regionId).uvarint(e.fromStoreId).uvarint(e.toStoreId);
    w.u8((e.epoch ? HAS_EPOCH : 0) | (e.tombstone ? TOMBSTONE : 0));
    if (e.epoch) w.uvarint(e.epoch.confVer).uvarint(e.epoch.version);
    w.bytes(encodeMessage(e.message));
  }
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
    const flags = r.u8();
    if (flags & ~(HAS_EPOCH | TOMBSTONE)) throw new CodecError(`unknown raft envelope flags 0x${flags.toString(16)}`);
    const epoch = flags & HAS_EPOCH ? { confVer: r.uvarint(), version: r.uvarint() } : undefined;
    if (flags & TOMBSTONE && !epoch) throw new CodecError('a tombstone raft envelope without an epoch');
    const message = decodeMessage(r.bytes());
    out.push({ regionId, fromStoreId, toStoreId, message, ...(epoch ? { epoch } : {}), ...(flags & TOMBSTONE ? { tombstone: true } : {}) });
  }
  if (!r.done) throw new CodecError('trailing bytes after a raft frame');
  return out;
}
