// Leaf types shared by every transactional layer (mvcc, server, client, sql via kv/client):
// timestamps, mutations, and the Lock and Write records with their binary codecs.
//
// Timestamps come from PD's TSO: `physical_ms << 18 | logical`, so they order like time and 2^18
// of them fit in one millisecond. They are bigints branded as TimeStamp so a raw number cannot be
// passed where a timestamp is meant.
//
// Record layouts (varints from kv/codec; a tag byte introduces each optional field, so records
// stay readable when fields are added; unknown tags and truncation are CodecErrors):
//
//   Lock  = kind:u8 primary:bytes start_ts:uvarint ttl:uvarint
//           ['v' short_value:bytes] ['f' for_update_ts] ['t' txn_size] ['c' min_commit_ts]
//           ['a' n:uvarint secondary:bytes…]
//   Write = kind:u8 start_ts:uvarint ['v' short_value:bytes] ['R' (overlapped rollback)]
import { BufferReader, BufferWriter, CodecError } from './codec/index.js';

export type TimeStamp = bigint & { readonly __brand: 'TimeStamp' };

export const PHYSICAL_SHIFT = 18n;
export const LOGICAL_MASK = (1n << PHYSICAL_SHIFT) - 1n;
export const MAX_LOGICAL = Number(LOGICAL_MASK);
export const ZERO_TS = 0n as TimeStamp;
export const MAX_TS = 0xffffffffffffffffn as TimeStamp;

export function ts(v: bigint | number): TimeStamp {
  const b = BigInt(v);
  if (b < 0n || b > MAX_TS) throw new RangeError(`timestamp out of range: ${b}`);
  return b as TimeStamp;
}

export function composeTs(physicalMs: number, logical: number): TimeStamp {
  return ((BigInt(physicalMs) << PHYSICAL_SHIFT) | BigInt(logical)) as TimeStamp;
}

export function physicalOf(t: TimeStamp): number {
  return Number(t >> PHYSICAL_SHIFT);
}

export function logicalOf(t: TimeStamp): number {
  return Number(t & LOGICAL_MASK);
}

export function nextTs(t: TimeStamp): TimeStamp {
  return (t + 1n) as TimeStamp;
}

export function maxTs(a: TimeStamp, b: TimeStamp): TimeStamp {
  return a > b ? a : b;
}

/** Values up to this size live inline in the lock / write record; larger ones in the default CF. */
export const SHORT_VALUE_MAX_LEN = 255;

export type LockKind = 'put' | 'delete' | 'lock' | 'pessimistic';
export type WriteKind = 'put' | 'delete' | 'lock' | 'rollback';

const LOCK_KIND_BYTE: Record<LockKind, number> = { put: 0x50, delete: 0x44, lock: 0x4c, pessimistic: 0x53 };
const WRITE_KIND_BYTE: Record<WriteKind, number> = { put: 0x50, delete: 0x44, lock: 0x4c, rollback: 0x52 };

function kindOf<K extends string>(table: Record<K, number>, byte: number, what: string): K {
  for (const [k, v] of Object.entries(table) as [K, number][]) if (v === byte) return k;
  throw new CodecError(`unknown ${what} kind 0x${byte.toString(16)}`);
}

export interface Lock {
  readonly kind: LockKind;
  readonly primary: Uint8Array;
  readonly startTs: TimeStamp;
  /** Milliseconds after start_ts's physical time at which the lock may be cleaned up. */
  readonly ttl: number;
  readonly shortValue?: Uint8Array | undefined;
  readonly forUpdateTs?: TimeStamp | undefined;
  readonly txnSize?: number | undefined;
  /** A commit must use a commit_ts >= this; readers push it to get past the lock. */
  readonly minCommitTs?: TimeStamp | undefined;
  readonly secondaries?: readonly Uint8Array[] | undefined;
}

export interface Write {
  readonly kind: WriteKind;
  readonly startTs: TimeStamp;
  readonly shortValue?: Uint8Array | undefined;
  /** A rollback of another txn at this same timestamp was folded into this commit record. */
  readonly hasOverlappedRollback?: boolean | undefined;
}

export function encodeLock(lock: Lock): Buffer {
  const w = new BufferWriter(32 + lock.primary.length + (lock.shortValue?.length ?? 0));
  w.u8(LOCK_KIND_BYTE[lock.kind]).bytes(lock.primary).uvarintBig(lock.startTs).uvarint(lock.ttl);
  if (lock.shortValue !== undefined) w.u8(0x76).bytes(lock.shortValue);
  if (lock.forUpdateTs !== undefined && lock.forUpdateTs !== ZERO_TS) w.u8(0x66).uvarintBig(lock.forUpdateTs);
  if (lock.txnSize !== undefined && lock.txnSize !== 0) w.u8(0x74).uvarint(lock.txnSize);
  if (lock.minCommitTs !== undefined && lock.minCommitTs !== ZERO_TS) w.u8(0x63).uvarintBig(lock.minCommitTs);
  if (lock.secondaries !== undefined && lock.secondaries.length > 0) {
    w.u8(0x61).uvarint(lock.secondaries.length);
    for (const s of lock.secondaries) w.bytes(s);
  }
  return w.finish();
}

export function decodeLock(buf: Uint8Array): Lock {
  const r = new BufferReader(buf);
  const kind = kindOf(LOCK_KIND_BYTE, r.u8(), 'lock');
  const primary = r.bytes();
  const startTs = r.uvarintBig() as TimeStamp;
  const ttl = r.uvarint();
  let shortValue: Uint8Array | undefined;
  let forUpdateTs: TimeStamp | undefined;
  let txnSize: number | undefined;
  let minCommitTs: TimeStamp | undefined;
  let secondaries: Uint8Array[] | undefined;
  while (!r.done) {
    const tag = r.u8();
    switch (tag) {
      case 0x76:
        shortValue = r.bytes();
        break;
      case 0x66:
        forUpdateTs = r.uvarintBig() as TimeStamp;
        break;
      case 0x74:
        txnSize = r.uvarint();
        break;
      case 0x63:
        minCommitTs = r.uvarintBig() as TimeStamp;
        break;
      case 0x61: {
        const n = r.uvarint();
        secondaries = [];
        for (let i = 0; i < n; i++) secondaries.push(r.bytes());
        break;
      }
      default:
        throw new CodecError(`unknown lock field tag 0x${tag.toString(16)}`);
    }
  }
  return { kind, primary, startTs, ttl, shortValue, forUpdateTs, txnSize, minCommitTs, secondaries };
}

export function encodeWrite(write: Write): Buffer {
  const w = new BufferWriter(16 + (write.shortValue?.length ?? 0));
  w.u8(WRITE_KIND_BYTE[write.kind]).uvarintBig(write.startTs);
  if (write.shortValue !== undefined) w.u8(0x76).bytes(write.shortValue);
  if (write.hasOverlappedRollback) w.u8(0x52);
  return w.finish();
}

export function decodeWrite(buf: Uint8Array): Write {
  const r = new BufferReader(buf);
  const kind = kindOf(WRITE_KIND_BYTE, r.u8(), 'write');
  const startTs = r.uvarintBig() as TimeStamp;
  let shortValue: Uint8Array | undefined;
  let hasOverlappedRollback = false;
  while (!r.done) {
    const tag = r.u8();
    if (tag === 0x76) shortValue = r.bytes();
    else if (tag === 0x52) hasOverlappedRollback = true;
    else throw new CodecError(`unknown write field tag 0x${tag.toString(16)}`);
  }
  return { kind, startTs, shortValue, hasOverlappedRollback };
}

/** One key's change in a transaction, as prewrite receives it. */
export type Mutation =
  | { readonly op: 'put'; readonly key: Uint8Array; readonly value: Uint8Array }
  /** Put that must not overwrite an existing visible value (INSERT): fails with AlreadyExist. */
  | { readonly op: 'insert'; readonly key: Uint8Array; readonly value: Uint8Array }
  | { readonly op: 'delete'; readonly key: Uint8Array }
  /** Lock without changing the value (SELECT … FOR UPDATE): conflicts like a write. */
  | { readonly op: 'lock'; readonly key: Uint8Array }
  /** Assert the key has no visible value, write nothing. */
  | { readonly op: 'check-not-exists'; readonly key: Uint8Array };

/** A key-value pair as reads return it. */
export interface KvPair {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}
