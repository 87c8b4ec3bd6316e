// A region snapshot's data: the region descriptor and every key of the data families (default,
// lock, write) inside the region's range, read from one engine snapshot at the leader's applied
// index. A new peer (or one too far behind) installs it by replacing whatever it holds in the range.
// Built in memory and shipped inline in the MsgSnap: fine for the small regions of this slice;
// big regions want chunked files (TiKV's snapshot files) later.
//
//   data = version:u8 (1) region n:uv (cf:u8 key:bytes value:bytes)×n
import { BufferReader, BufferWriter, CodecError, encodeBytes } from '../codec/index.js';
import type { Region } from '../meta.js';
import { CF_PREFIX, DATA_CFS, type ColumnFamily, type Engine, type EngineReader, type WriteBatch } from '../storage/index.js';
import { encodeRegionState, readRegion } from './region-state.js';

const VERSION = 1;

/** The engine-key bounds of a region's data (keys are memcomparable-encoded, then a ts suffix). */
export function regionDataBounds(region: Region): { lower: Buffer | undefined; upper: Buffer | undefined } {
  return dataBounds(region.startKey, region.endKey);
}

function dataBounds(start: Buffer, end: Buffer): { lower: Buffer | undefined; upper: Buffer | undefined } {
  return {
    lower: start.length > 0 ? encodeBytes(start) : undefined,
    upper: end.length > 0 ? encodeBytes(end) : undefined,
  };
}

export async function buildSnapshotData(reader: EngineReader, region: Region): Promise<Buffer> {
  const w = new BufferWriter(1024);
  w.u8(VERSION).raw(encodeRegionState(region));
  const pairs: { cf: ColumnFamily; key: Uint8Array; value: Uint8Array }[] = [];
  const bounds = regionDataBounds(region);
  for (const cf of DATA_CFS) {
    const it = reader.iterator(cf, bounds);
    try {
      for (let kv = await it.next(); kv; kv = await it.next()) pairs.push({ cf, key: kv.key, value: kv.value });
    } finally {
      await it.close();
    }
  }
  w.uvarint(pairs.length);
  for (const p of pairs) w.u8(CF_PREFIX[p.cf]).bytes(p.key).bytes(p.value);
  return w.finish();
}

/** Only the region descriptor of a snapshot's data (to check it before the raft core takes it). */
export function snapshotRegion(data: Uint8Array): Region {
  const r = new BufferReader(data);
  const version = r.u8();
  if (version !== VERSION) throw new CodecError(`unknown region snapshot version ${version}`);
  return readRegion(r);
}

/** Whether two regions' key ranges share a key (an empty end is the end of the keyspace). */
export function rangesOverlap(a: Region, b: Region): boolean {
  const aBeforeB = a.endKey.length > 0 && Buffer.compare(a.endKey, b.startKey) <= 0;
  const bBeforeA = b.endKey.length > 0 && Buffer.compare(b.endKey, a.startKey) <= 0;
  return !aBeforeB && !bBeforeA;
}

export interface DecodedSnapshot {
  readonly region: Region;
  readonly pairs: readonly { readonly cf: ColumnFamily; readonly key: Uint8Array; readonly value: Uint8Array }[];
}

export function decodeSnapshotData(data: Uint8Array): DecodedSnapshot {
  const r = new BufferReader(data);
  const version = r.u8();
  if (version !== VERSION) throw new CodecError(`unknown region snapshot version ${version}`);
  const region = readRegion(r);
  const n = r.uvarint();
  const pairs: { cf: ColumnFamily; key: Uint8Array; value: Uint8Array }[] = [];
  for (let i = 0; i < n; i++) {
    const b = r.u8();
    const cf = DATA_CFS.find((c) => CF_PREFIX[c] === b);
    if (!cf) throw new CodecError(`unknown column family 0x${b.toString(16)} in a region snapshot`);
    pairs.push({ cf, key: r.bytes(), value: r.bytes() });
  }
  if (!r.done) throw new CodecError('trailing bytes after a region snapshot');
  return { region, pairs };
}

/** Writes into `batch` the deletion of everything the store holds in the region's range, then
 *  the snapshot's pairs. */
export async function applySnapshotData(engine: Engine, snap: DecodedSnapshot, batch: WriteBatch): Promise<void> {
  await deleteDataInRange(engine, snap.region.startKey, snap.region.endKey, batch);
  for (const p of snap.pairs) batch.put(p.cf, p.key, p.value);
}

/** Writes into `batch` the deletion of every key of the data families in [start, end) (user
 *  keys; an empty end is the end of the keyspace). */
export async function deleteDataInRange(engine: Engine, start: Buffer, end: Buffer, batch: WriteBatch): Promise<void> {
  const bounds = dataBounds(start, end);
  for (const cf of DATA_CFS) {
    const it = engine.iterator(cf, bounds);
    try {
      for (let kv = await it.next(); kv; kv = await it.next()) batch.delete(cf, kv.key);
    } finally {
      await it.close();
    }
  }
}
