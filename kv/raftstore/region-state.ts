// A region's descriptor as the raftstore persists it (RegionLocalState) and ships it inside
// snapshots: id, range, epoch and peers. Membership changes rewrite it in the batch that applies
// them, so a restarted peer knows its peers from its own disk.
//
// A peer removed from its region leaves a TOMBSTONE in its place (TiKV's PeerState::Tombstone):
// the region as it last knew it, then a marker byte and the removed peer's id. On restart the
// store does not bring such a peer back, and late messages to that peer (or an older one) do not
// recreate it; a later peer of the same region (a higher id) replaces the tombstone when it is
// initialized.
//
//   state     = region                          a live peer
//             | region 0x01 removedPeer:uv      a tombstone
import { BufferReader, BufferWriter, CodecError } from '../codec/index.js';
import type { Peer, Region } from '../meta.js';

export function encodeRegionState(r: Region): Buffer {
  const w = new BufferWriter(64 + r.startKey.length + r.endKey.length);
  w.uvarint(r.id).bytes(r.startKey).bytes(r.endKey).uvarint(r.epoch.confVer).uvarint(r.epoch.version).uvarint(r.peers.length);
  for (const p of r.peers) w.uvarint(p.id).uvarint(p.storeId).u8(p.role === 'learner' ? 1 : 0);
  return w.finish();
}

export function decodeRegionState(buf: Uint8Array): Region {
  return readRegion(new BufferReader(buf));
}

export function readRegion(r: BufferReader): Region {
  const id = r.uvarint();
  const startKey = Buffer.from(r.bytes());
  const endKey = Buffer.from(r.bytes());
  const confVer = r.uvarint();
  const version = r.uvarint();
  const n = r.uvarint();
  const peers: Peer[] = [];
  for (let i = 0; i < n; i++) peers.push({ id: r.uvarint(), storeId: r.uvarint(), role: r.u8() === 1 ? 'learner' : 'voter' });
  return { id, startKey, endKey, epoch: { confVer, version }, peers };
}

const TOMBSTONE = 0x01;

export interface RegionLocalState {
  readonly region: Region;
  /** Set for a tombstone: the id of this store's peer that was removed. */
  readonly tombstonePeerId?: number;
}

export function encodeTombstoneState(r: Region, removedPeerId: number): Buffer {
  return Buffer.concat([encodeRegionState(r), new BufferWriter(8).u8(TOMBSTONE).uvarint(removedPeerId).finish()]);
}

export function decodeRegionLocalState(buf: Uint8Array): RegionLocalState {
  const r = new BufferReader(buf);
  const region = readRegion(r);
  if (r.done) return { region };
  const marker = r.u8();
  if (marker !== TOMBSTONE) throw new CodecError(`unknown region state marker 0x${marker.toString(16)} for region ${region.id}`);
  return { region, tombstonePeerId: r.uvarint() };
}
