// Errors about *where* a request went, not what it asked: the store is not the region's leader,
// the region changed (split, membership), the store does not have it, the key is outside it, or
// the store is overloaded. Each carries what the client needs to route the retry; kv/client
// refreshes its region cache and retries with backoff.
import { printable } from '../util/bytes.js';
import { StrataError } from '../util/errors.js';
import type { Peer, Region } from './meta.js';

export abstract class RegionError extends StrataError {
  override readonly retryable = true;
}

export class NotLeader extends RegionError {
  readonly code = 'KV:Region:NotLeader';
  constructor(
    readonly regionId: number,
    readonly leader: Peer | undefined,
  ) {
    super(`peer is not the leader of region ${regionId}${leader ? `; leader is peer ${leader.id} on store ${leader.storeId}` : ''}`);
  }
}

export class EpochNotMatch extends RegionError {
  readonly code = 'KV:Region:EpochNotMatch';
  constructor(readonly currentRegions: readonly Region[]) {
    super(`region epoch does not match; current regions: ${currentRegions.map((r) => `${r.id}(v${r.epoch.version},c${r.epoch.confVer})`).join(', ')}`);
  }
}

export class RegionNotFound extends RegionError {
  readonly code = 'KV:Region:RegionNotFound';
  constructor(readonly regionId: number) {
    super(`region ${regionId} not found on this store`);
  }
}

export class KeyNotInRegion extends RegionError {
  readonly code = 'KV:Region:KeyNotInRegion';
  constructor(
    readonly key: Uint8Array,
    readonly regionId: number,
    readonly startKey: Uint8Array,
    readonly endKey: Uint8Array,
  ) {
    super(`key ${printable(key)} is not in region ${regionId} [${printable(startKey)}, ${printable(endKey)})`);
  }
}

export class ServerIsBusy extends RegionError {
  readonly code = 'KV:Region:ServerIsBusy';
  constructor(
    readonly reason: string,
    readonly backoffMs: number,
  ) {
    super(`server is busy: ${reason}`);
  }
}

export type AnyRegionError = NotLeader | EpochNotMatch | RegionNotFound | KeyNotInRegion | ServerIsBusy;
