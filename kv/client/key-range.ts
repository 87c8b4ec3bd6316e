// User-key ranges against regions. Requests carry user keys of one keyspace; regions cut the
// internal keyspace (kv/meta.ts). A scan walks the regions its range overlaps, sending each one
// the part of the range it holds: [max(start, region start), min(end, region end)), in user keys.
// `undefined` as an end means "to the end of the keyspace" (sent on the wire as an empty key).
import { compareBytes } from '../../util/bytes.js';
import { boundaryToUser, type Keyspace, type Region } from '../meta.js';

export interface UserRange {
  readonly start: Buffer;
  /** Exclusive; undefined = to the end of the keyspace. */
  readonly end: Buffer | undefined;
}

/** A user end key as given by a caller: empty or absent means unbounded. */
export function userEnd(end: Uint8Array | undefined): Buffer | undefined {
  return end && end.length > 0 ? Buffer.from(end) : undefined;
}

/** The region's start as a user key of the keyspace (empty when it starts below the keyspace). */
export function regionUserStart(space: Keyspace, region: Region): Buffer {
  return boundaryToUser(space, region.startKey) ?? Buffer.alloc(0);
}

/** The region's end as a user key of the keyspace; undefined when it ends past the keyspace. */
export function regionUserEnd(space: Keyspace, region: Region): Buffer | undefined {
  return boundaryToUser(space, region.endKey);
}

/** The part of [start, end) that a region holds. May be empty (start >= end). */
export function clipToRegion(space: Keyspace, region: Region, start: Uint8Array, end: Uint8Array | undefined): UserRange {
  const rs = regionUserStart(space, region);
  const re = regionUserEnd(space, region);
  const s = compareBytes(start, rs) >= 0 ? Buffer.from(start) : rs;
  let e: Buffer | undefined;
  if (end === undefined) e = re;
  else if (re === undefined) e = Buffer.from(end);
  else e = compareBytes(end, re) <= 0 ? Buffer.from(end) : re;
  return { start: s, end: e };
}

export function isEmptyRange(r: UserRange): boolean {
  return r.end !== undefined && compareBytes(r.start, r.end) >= 0;
}

/** The wire form of an end key: empty = unbounded. */
export function wireEnd(end: Buffer | undefined): Buffer {
  return end ?? Buffer.alloc(0);
}
