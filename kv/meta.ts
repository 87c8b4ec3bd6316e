// Cluster metadata as the KV layers and PD use it in code: regions, peers, epochs, stores, and
// the mapping of the raw and transactional keyspaces into the one internal keyspace that regions
// cut (see kv/proto/kvrpc.proto). IDs are numbers (PD allocates them from 1 upward); keys are
// Buffers; an empty end key means "to the end".
import { compareBytes } from '../util/bytes.js';

export interface RegionEpoch {
  /** Grows on every membership change. */
  readonly confVer: number;
  /** Grows on every split or merge. */
  readonly version: number;
}

export type PeerRole = 'voter' | 'learner';

export interface Peer {
  readonly id: number;
  readonly storeId: number;
  readonly role: PeerRole;
}

export interface Region {
  readonly id: number;
  readonly startKey: Buffer;
  readonly endKey: Buffer;
  readonly epoch: RegionEpoch;
  readonly peers: readonly Peer[];
}

export type StoreState = 'up' | 'offline' | 'tombstone';

export interface Store {
  readonly id: number;
  readonly address: string;
  readonly statusAddress: string;
  readonly state: StoreState;
  readonly version: string;
  readonly startTimestamp: number;
}

export function regionContains(region: Region, key: Uint8Array): boolean {
  return compareBytes(key, region.startKey) >= 0 && (region.endKey.length === 0 || compareBytes(key, region.endKey) < 0);
}

export function epochEqual(a: RegionEpoch, b: RegionEpoch): boolean {
  return a.confVer === b.confVer && a.version === b.version;
}

/** True when `a` is older than `b` in either dimension (a stale view of the region). */
export function epochIsStale(a: RegionEpoch, b: RegionEpoch): boolean {
  return a.confVer < b.confVer || a.version < b.version;
}

// ---------------------------------------------------------------- keyspaces

export const RAW_PREFIX = 0x72; // 'r'
export const TXN_PREFIX = 0x78; // 'x'

export type Keyspace = 'raw' | 'txn';

const PREFIX: Record<Keyspace, number> = { raw: RAW_PREFIX, txn: TXN_PREFIX };

/** The internal key of a user key in a keyspace. */
export function toInternal(space: Keyspace, key: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(key.length + 1);
  out[0] = PREFIX[space];
  out.set(key, 1);
  return out;
}

/** The user key of an internal key (which must belong to the keyspace). */
export function fromInternal(key: Uint8Array): Buffer {
  return Buffer.from(key.buffer, key.byteOffset + 1, key.byteLength - 1);
}

/** The internal range of a user range; an empty/absent user end maps to the keyspace's end. */
export function internalRange(space: Keyspace, start: Uint8Array | undefined, end: Uint8Array | undefined): { start: Buffer; end: Buffer } {
  return {
    start: toInternal(space, start ?? Buffer.alloc(0)),
    end: end && end.length > 0 ? toInternal(space, end) : Buffer.of(PREFIX[space] + 1),
  };
}

/** Clips an internal region boundary to a keyspace and maps it back to a user key:
 *  below the keyspace → empty (its start), above it → undefined (past its end). */
export function boundaryToUser(space: Keyspace, internal: Buffer): Buffer | undefined {
  if (internal.length === 0) return undefined;
  const p = internal[0] as number;
  if (p < PREFIX[space]) return Buffer.alloc(0);
  if (p > PREFIX[space]) return undefined;
  return fromInternal(internal);
}
