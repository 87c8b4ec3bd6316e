// How user keys and timestamps become engine keys in the MVCC column families (DESIGN.md):
//
//   lock    enc(key)            → Lock
//   write   enc(key) ‖ ^commit  → Write          (^ts = inverted big-endian u64: newest first)
//   default enc(key) ‖ ^start   → value          (only values too large to inline)
//   latest  enc(key)            → commit ‖ Write (the newest Put/Delete record, for point reads)
//
// enc is the memcomparable byte encoding: prefix-free and order-preserving, so all versions of a
// key are contiguous, sorted newest first, and no key's versions interleave with another key's.
import { decodeBytes, decodeUint64Desc, encodeBytes, encodeUint64Desc } from '../codec/index.js';
import { decodeWrite, encodeWrite, type TimeStamp, type Write } from '../txn-types.js';

const TS_LEN = 8;
const ALL_FF = Buffer.alloc(TS_LEN, 0xff);

export function encodeKey(userKey: Uint8Array): Buffer {
  return encodeBytes(userKey);
}

export function decodeKey(encoded: Uint8Array): Buffer {
  return decodeBytes(encoded).value;
}

export function appendTs(encodedKey: Uint8Array, t: TimeStamp): Buffer {
  return Buffer.concat([encodedKey, encodeUint64Desc(t)]);
}

/** Splits `enc(key) ‖ ^ts` into the encoded key and the timestamp. */
export function splitTs(versionKey: Uint8Array): { encodedKey: Uint8Array; ts: TimeStamp } {
  const cut = versionKey.length - TS_LEN;
  return { encodedKey: versionKey.subarray(0, cut), ts: decodeUint64Desc(versionKey, cut) as TimeStamp };
}

/** The smallest engine key after every version of `encodedKey` (ts 0 is the oldest). */
export function afterAllVersions(encodedKey: Uint8Array): Buffer {
  return Buffer.concat([encodedKey, ALL_FF, Buffer.of(0)]);
}

/** Encoded bounds of a user-key range; an empty/absent upper bound means "to the end". */
export function encodeRange(lower: Uint8Array | undefined, upper: Uint8Array | undefined): { lower: Buffer | undefined; upper: Buffer | undefined } {
  return {
    lower: lower && lower.length > 0 ? encodeKey(lower) : undefined,
    upper: upper && upper.length > 0 ? encodeKey(upper) : undefined,
  };
}

/** The latest family's value: commit_ts (big-endian u64) then the Write record. */
export function encodeLatest(commitTs: TimeStamp, write: Write): Buffer {
  const ts = Buffer.alloc(TS_LEN);
  ts.writeBigUInt64BE(commitTs);
  return Buffer.concat([ts, encodeWrite(write)]);
}

export function decodeLatest(raw: Uint8Array): { commitTs: TimeStamp; write: Write } {
  const b = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  return { commitTs: b.readBigUInt64BE(0) as TimeStamp, write: decodeWrite(b.subarray(TS_LEN)) };
}
