// The split checker of raft mode (TiKV's split-check worker, simplified): the leader of a region
// whose size or key count passes its threshold (TiKV's defaults: region-split-size 96 MiB,
// region-split-keys 960 000) finds a key near the middle of the region's data and splits there
// through the raft admin command (RaftSplitter: ids from PD, then the log). Clients holding the
// old epoch get EpochNotMatch and retry with the new regions.
//
// Cheap first, exact second: the heartbeat's approximate numbers (LevelDB's size estimate, a
// capped count of entries) decide whether to look; only then `findSplitKey` scans the region.
// The split key is always a whole internal key — the memcomparable prefix of an engine key, so
// all MVCC versions of one key (and its lock and large value) stay on one side.
import { compareBytes } from '../../util/bytes.js';
import { decodeBytes, encodeBytes } from '../codec/index.js';
import type { Region } from '../meta.js';
import type { EngineReader } from '../storage/index.js';

export interface SplitThresholds {
  /** Split once the region holds more bytes than this (keys + values of its data families). */
  readonly splitSize: number;
  /** Split once the region holds more keys than this (entries of its data families). */
  readonly splitKeys: number;
}

export const DEFAULT_SPLIT_THRESHOLDS: SplitThresholds = { splitSize: 96 * 1024 * 1024, splitKeys: 960_000 };

export function needsSplit(approximateSize: number, approximateKeys: number, t: SplitThresholds): boolean {
  return approximateSize > t.splitSize || approximateKeys > t.splitKeys;
}

/**
 * Scans the region's data families and returns the internal key at which about half of its
 * bytes lie to the left, or undefined when the region holds fewer than two distinct keys (one
 * huge key cannot be split). Also returns what the scan counted, so a caller can see whether the
 * estimate that triggered it was right.
 */
export async function findSplitKey(reader: EngineReader, region: Region): Promise<{ key: Buffer | undefined; bytes: number; keys: number }> {
  const lower = region.startKey.length > 0 ? encodeBytes(region.startKey) : undefined;
  const upper = region.endKey.length > 0 ? encodeBytes(region.endKey) : undefined;
  // Bytes per internal key over all data families.
  const sizes = new Map<string, { key: Buffer; bytes: number }>();
  let bytes = 0;
  let entries = 0;
  for (const cf of ['default', 'write', 'lock'] as const) {
    const it = reader.iterator(cf, { lower, upper });
    try {
      for (let kv = await it.next(); kv; kv = await it.next()) {
        let user: Buffer;
        try {
          user = decodeBytes(kv.key).value;
        } catch {
          continue; // not a data key of the memcomparable form
        }
        const n = kv.key.length + kv.value.length;
        const hex = user.toString('hex');
        const e = sizes.get(hex);
        if (e) e.bytes += n;
        else sizes.set(hex, { key: user, bytes: n });
        bytes += n;
        entries++;
      }
    } finally {
      await it.close();
    }
  }
  const keys = [...sizes.values()].sort((a, b) => compareBytes(a.key, b.key));
  if (keys.length < 2) return { key: undefined, bytes, keys: entries };
  let acc = 0;
  for (let i = 1; i < keys.length; i++) {
    acc += (keys[i - 1] as { bytes: number }).bytes;
    if (acc * 2 >= bytes) return { key: (keys[i] as { key: Buffer }).key, bytes, keys: entries };
  }
  return { key: (keys[keys.length - 1] as { key: Buffer }).key, bytes, keys: entries };
}
