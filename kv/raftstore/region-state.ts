// A region's descriptor as the raftstore persists it (RegionLocalState) and ships it inside
// snapshots: id, range, epoch and peers. Membership changes rewrite it in the batch that applies
// them, so a restarted peer knows its peers from its own disk.
import { BufferReader, BufferWriter } from '../codec/index.js';
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
