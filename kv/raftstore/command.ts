// What a region's normal raft entries carry. The leader runs a command (MVCC checks, raw CAS…)
// against its applied state under latches and proposes the *resulting write batch*, as TiKV
// proposes its modifications; every replica applies the same bytes, so apply is deterministic and
// needs no reads. An entry with empty data is the no-op a new leader appends.
//
//   command = version:u8 (1) kind:u8 body
//     kind 1 write: WriteBatch encoding (kv/storage/write-batch.ts)
import { BufferReader, BufferWriter, CodecError } from '../codec/index.js';
import type { Peer } from '../meta.js';
import { WriteBatch } from '../storage/index.js';

const VERSION = 1;
const KIND_WRITE = 1;

export type Command = { readonly kind: 'write'; readonly batch: WriteBatch };

export function encodeCommand(cmd: Command): Buffer {
  return new BufferWriter(16 + cmd.batch.dataSize).u8(VERSION).u8(KIND_WRITE).raw(cmd.batch.encode()).finish();
}

/** Decodes a normal entry's data; undefined for the empty no-op entry. */
export function decodeCommand(data: Uint8Array): Command | undefined {
  if (data.length === 0) return undefined;
  const r = new BufferReader(data);
  const version = r.u8();
  if (version !== VERSION) throw new CodecError(`unknown raft command version ${version}`);
  const kind = r.u8();
  if (kind !== KIND_WRITE) throw new CodecError(`unknown raft command kind ${kind}`);
  return { kind: 'write', batch: WriteBatch.decode(data.subarray(2)) };
}

/** A conf change's context: the peers it adds (their stores), so every replica can update the
 *  region descriptor when it applies the change.
 *
 *    context = n:uv (peer:uv store:uv learner:u8)×n */
export function encodeConfChangePeers(peers: readonly Peer[]): Buffer {
  const w = new BufferWriter(8 + peers.length * 12).uvarint(peers.length);
  for (const p of peers) w.uvarint(p.id).uvarint(p.storeId).u8(p.role === 'learner' ? 1 : 0);
  return w.finish();
}

export function decodeConfChangePeers(data: Uint8Array): Peer[] {
  if (data.length === 0) return [];
  const r = new BufferReader(data);
  const n = r.uvarint();
  if (n > r.remaining) throw new CodecError(`conf change context claims ${n} peers in ${r.remaining} bytes`);
  const out: Peer[] = [];
  for (let i = 0; i < n; i++) out.push({ id: r.uvarint(), storeId: r.uvarint(), role: r.u8() === 1 ? 'learner' : 'voter' });
  if (!r.done) throw new CodecError('trailing bytes after a conf change context');
  return out;
}
