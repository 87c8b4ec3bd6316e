// How user keys and timestamps become engine keys in the MVCC column families (DESIGN.md):
//
//   lock    enc(key)            → Lock
//   write   enc(key) ‖ ^commit  → Write          (^ts = inverted big-endian u64: newest first)
//   default enc(key) ‖ ^start   → value          (only values too large to inline)
//
// enc is the memcomparable byte encoding: prefix-free and order-preserving, so all versions of a
// key are contiguous, sorted newest first, and no key's versions interleave with another key's.
import { decodeBytes, decodeUint64Desc, encodeBytes, encodeUint64Desc } from '../codec/index.js';
import type { TimeStamp } from '../txn-types.js';

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
