// The raftstore's keys in the `raft` column family. Every region's raft state lives under its own
// prefix, so one region's log never interleaves with another's and a region is dropped with one
// range delete. Region ids and log indexes are big-endian u64, so a region's log iterates in order.
//
//   'R' ‖ region ‖ 0x01            → HardState {term, vote, commit}        (kv/raft encoding)
//   'R' ‖ region ‖ 0x02            → ApplyState {applied index, term, conf state}
//   'R' ‖ region ‖ 0x03            → RegionLocalState (the region: range, epoch, peers)
//   'R' ‖ region ‖ 0x04            → TruncatedState: the snapshot the log starts after
//   'R' ‖ region ‖ 0x05 ‖ index    → Entry                                 (kv/raft encoding)
//
// The apply state and the region state are written in the same write batch as the data the applied
// entries change, so a crash never half-applies an entry. ('R' sorts apart from the store's other
// raft-family keys: `region/…` and `store_ident` of kv/server.)
import { decodeUint64, encodeUint64 } from '../codec/index.js';

const PREFIX = 0x52; // 'R'
const HARD_STATE = 0x01;
const APPLY_STATE = 0x02;
const REGION_STATE = 0x03;
const TRUNCATED_STATE = 0x04;
const LOG = 0x05;

function regionKey(regionId: number, suffix: number, index?: number): Buffer {
  const parts = [Buffer.of(PREFIX), encodeUint64(BigInt(regionId)), Buffer.of(suffix)];
  if (index !== undefined) parts.push(encodeUint64(BigInt(index)));
  return Buffer.concat(parts);
}

export const hardStateKey = (regionId: number): Buffer => regionKey(regionId, HARD_STATE);
export const applyStateKey = (regionId: number): Buffer => regionKey(regionId, APPLY_STATE);
export const regionStateKey = (regionId: number): Buffer => regionKey(regionId, REGION_STATE);
export const truncatedStateKey = (regionId: number): Buffer => regionKey(regionId, TRUNCATED_STATE);
export const logKey = (regionId: number, index: number): Buffer => regionKey(regionId, LOG, index);

/** [lower, upper) of one region's log entries. */
export function logRange(regionId: number): { lower: Buffer; upper: Buffer } {
  return { lower: regionKey(regionId, LOG), upper: regionKey(regionId, LOG + 1) };
}

/** The first key after every key of a region (the next region's prefix). */
export function regionKeysEnd(regionId: number): Buffer {
  return Buffer.concat([Buffer.of(PREFIX), encodeUint64(BigInt(regionId + 1))]);
}

/** [lower, upper) of every raftstore key of one region (its whole raft state and log). */
export function regionRaftRange(regionId: number): { lower: Buffer; upper: Buffer } {
  return { lower: Buffer.concat([Buffer.of(PREFIX), encodeUint64(BigInt(regionId))]), upper: regionKeysEnd(regionId) };
}

/** [lower, upper) of every region's region state, to find the regions a store holds on start. */
export function regionPrefixRange(): { lower: Buffer; upper: Buffer } {
  return { lower: Buffer.of(PREFIX), upper: Buffer.of(PREFIX + 1) };
}

/** The region id and suffix of a raftstore key, or undefined for other keys. */
export function parseKey(key: Uint8Array): { regionId: number; suffix: 'hard' | 'apply' | 'region' | 'truncated' | 'log' } | undefined {
  if (key.length < 10 || key[0] !== PREFIX) return undefined;
  const regionId = Number(decodeUint64(key, 1));
  const s = key[9];
  const suffix = s === HARD_STATE ? 'hard' : s === APPLY_STATE ? 'apply' : s === REGION_STATE ? 'region' : s === TRUNCATED_STATE ? 'truncated' : s === LOG ? 'log' : undefined;
  return suffix === undefined ? undefined : { regionId, suffix };
}
