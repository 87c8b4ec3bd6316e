// What a region's normal raft entries carry. The leader runs a command (MVCC checks, raw CAS…)
// against its applied state under latches and proposes the *resulting write batch*, as TiKV
// proposes its modifications; every replica applies the same bytes, so apply is deterministic and
// needs no reads. An entry with empty data is the no-op a new leader appends. Admin commands
// (split) change the region itself. Every command carries the region epoch it was proposed
// under: a replica that has applied a split since refuses it (EpochNotMatch) — all replicas alike,
// since they apply the same log — so a write never lands on keys its region no longer owns.
//
//   command = version:u8 (1) kind:u8 confVer:uv epochVersion:uv body
//     kind 1 write: WriteBatch encoding (kv/storage/write-batch.ts)
//     kind 2 split: splitKey:bytes newRegion:uv n:uv newPeer:uv×n   (new peers in the order of
//                   the region's peers: the right half gets one peer on each of the same stores)
import { BufferReader, BufferWriter, CodecError } from '../codec/index.js';
import type { Peer, RegionEpoch } from '../meta.js';
import { WriteBatch } from '../storage/index.js';

const VERSION = 1;
const KIND_WRITE = 1;
const KIND_SPLIT = 2;

export type Command =
  | { readonly kind: 'write'; readonly epoch: RegionEpoch; readonly batch: WriteBatch }
  | { readonly kind: 'split'; readonly epoch: RegionEpoch; readonly splitKey: Buffer; readonly newRegionId: number; readonly newPeerIds: readonly number[] };

export function encodeCommand(cmd: Command): Buffer {
  const w = new BufferWriter(32 + (cmd.kind === 'write' ? cmd.batch.dataSize : cmd.splitKey.length));
  w.u8(VERSION).u8(cmd.kind === 'write' ? KIND_WRITE : KIND_SPLIT).uvarint(cmd.epoch.confVer).uvarint(cmd.epoch.version);
  if (cmd.kind === 'write') {
    w.raw(cmd.batch.encode());
  } else {
    w.bytes(cmd.splitKey).uvarint(cmd.newRegionId).uvarint(cmd.newPeerIds.length);
    for (const id of cmd.newPeerIds) w.uvarint(id);
  }
  return w.finish();
}

/** Decodes a normal entry's data; undefined for the empty no-op entry. */
export function decodeCommand(data: Uint8Array): Command | undefined {
  if (data.length === 0) return undefined;
  const r = new BufferReader(data);
  const version = r.u8();
  if (version !== VERSION) throw new CodecError(`unknown raft command version ${version}`);
  const kind = r.u8();
  const epoch = { confVer: r.uvarint(), version: r.uvarint() };
  if (kind === KIND_WRITE) return { kind: 'write', epoch, batch: WriteBatch.decode(data.subarray(data.length - r.remaining)) };
  if (kind === KIND_SPLIT) {
    const splitKey = Buffer.from(r.bytes());
    const newRegionId = r.uvarint();
    const n = r.uvarint();
    if (n > r.remaining) throw new CodecError(`split command claims ${n} peers in ${r.remaining} bytes`);
    const newPeerIds: number[] = [];
    for (let i = 0; i < n; i++) newPeerIds.push(r.uvarint());
    if (!r.done) throw new CodecError('trailing bytes after a split command');
    return { kind: 'split', epoch, splitKey, newRegionId, newPeerIds };
  }
  throw new CodecError(`unknown raft command kind ${kind}`);
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
