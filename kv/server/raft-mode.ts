// The opt-in replicated mode of a store (`strata kv --raft`, STRATA_RAFT=1): regions are raft
// groups of kv/raftstore instead of single copies. The Kv service stays the same; what changes is
// behind three seams it already has:
//
//   routing   RaftRouter: the region must have a peer here that LEADS it (else NotLeader with the
//             leader), with the request's epoch and keys; then `ready` waits for a linearizable
//             read point (lease, or a ReadIndex round) before the command reads anything
//   writes    RaftEngine: the engine RawStore/TxnStore write to; a request's stores get a view
//             bound to its region (`forRegion`), whose write(batch) proposes the batch to that
//             region and settles once it is applied here, i.e. replicated to a quorum
//   splits    RaftSplitter: ids from PD, then one split admin command per key through the log
//
// Replicas: each region's leader reports it to PD with the peers it sees behind; PD's scheduler
// (replica checker, balancers, hand-made operators) answers with an order — add a learner,
// promote it, remove a peer, transfer the leader — that `carryOut` proposes: a cluster
// bootstrapped by its first store grows to 3 copies as the other stores register.
import { compareBytes } from '../../util/bytes.js';
import { InternalError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { epochEqual, regionContains, type Region, type RegionEpoch } from '../meta.js';
import { StaleCommand, type RaftStore } from '../raftstore/index.js';
import { EpochNotMatch, KeyNotInRegion, NotLeader, RegionNotFound } from '../region-errors.js';
import type { Engine, EngineIterator, EngineSnapshot, IterOptions, WriteBatch } from '../storage/index.js';
import type { ColumnFamily } from '../storage/index.js';
import type { PdLink, PdOrder } from './pd-link.js';

/** The routing check of the Kv service: single-copy (RegionRegistry) or raft (RaftRouter). */
export interface RegionRouter {
  /** Returns the region or throws the region error the client needs. */
  check(regionId: number, epoch: RegionEpoch | undefined, keys: readonly Uint8Array[]): Region;
  all(): Region[];
  /** Settles when the region's data on this store may be read linearizably (raft only). */
  ready?(region: Region): Promise<void>;
}

export interface RegionSplitter {
  split(region: Region, splitKeys: readonly Buffer[]): Promise<Region[]>;
}

export class RaftRouter implements RegionRouter {
  constructor(private readonly store: () => RaftStore | undefined) {}

  check(regionId: number, epoch: RegionEpoch | undefined, keys: readonly Uint8Array[]): Region {
    const s = this.store();
    const region = s?.region(regionId);
    if (!s || !region) throw new RegionNotFound(regionId);
    if (!s.isLeader(regionId)) throw new NotLeader(regionId, s.leaderOf(regionId));
    if (!epoch || !epochEqual(epoch, region.epoch)) {
      const sorted = this.all();
      const at = sorted.findIndex((r) => r.id === region.id);
      throw new EpochNotMatch(sorted.slice(at, at + 8));
    }
    for (const key of keys) {
      if (!regionContains(region, key)) throw new KeyNotInRegion(key, region.id, region.startKey, region.endKey);
    }
    return region;
  }

  all(): Region[] {
    return (this.store()?.regions() ?? []).sort((a, b) => compareBytes(a.startKey, b.startKey));
  }

  async ready(region: Region): Promise<void> {
    const s = this.store();
    if (!s) throw new RegionNotFound(region.id);
    await s.readBarrier(region.id, region.epoch);
  }
}

/** The engine the data stores see in raft mode: reads go to the local engine (after the
 *  router's read barrier), writes through the raft log of the region it is bound to. */
export class RaftEngine implements Engine {
  constructor(
    private readonly engine: Engine,
    private readonly store: () => RaftStore | undefined,
    /** The region a request routed to; unbound, the engine only reads. */
    private readonly region?: Region,
  ) {}

  /** This engine bound to a request's region (its epoch as the routing checked it). */
  forRegion(region: Region): RaftEngine {
    return new RaftEngine(this.engine, this.store, region);
  }

  get(cf: ColumnFamily, key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.engine.get(cf, key);
  }

  iterator(cf: ColumnFamily, opts?: IterOptions): EngineIterator {
    return this.engine.iterator(cf, opts);
  }

  snapshot(): EngineSnapshot {
    return this.engine.snapshot();
  }

  approximateSize(cf: ColumnFamily, lower?: Uint8Array, upper?: Uint8Array): Promise<number> {
    return this.engine.approximateSize(cf, lower, upper);
  }

  async write(batch: WriteBatch): Promise<void> {
    if (batch.isEmpty) return;
    const region = this.region;
    if (!region) throw new InternalError('a write outside of a region request in raft mode');
    const s = this.store();
    if (!s) throw new RegionNotFound(region.id);
    try {
      await s.propose(region.id, batch, region.epoch);
    } catch (err) {
      // The entry lost its place to another leader's (a transfer or an election under it): it was
      // not applied. Clients retry NotLeader after finding the leader, which is right here.
      if (err instanceof StaleCommand) throw new NotLeader(region.id, s.leaderOf(region.id));
      throw err;
    }
  }

  async close(): Promise<void> {
    // The store's owner closes the real engine.
  }
}

export class RaftSplitter implements RegionSplitter {
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: () => RaftStore | undefined,
    private readonly pd: PdLink,
    private readonly log: Logger,
  ) {}

  split(region: Region, splitKeys: readonly Buffer[]): Promise<Region[]> {
    const next = this.running.then(() => this.doSplit(region, splitKeys));
    this.running = next.catch(() => undefined);
    return next;
  }

  private async doSplit(region: Region, splitKeys: readonly Buffer[]): Promise<Region[]> {
    const s = this.store();
    if (!s) throw new RegionNotFound(region.id);
    const keys = [...new Map(splitKeys.map((k) => [k.toString('hex'), k])).values()].sort(compareBytes);
    if (keys.length === 0) return [region];
    const ids = await this.pd.askSplit(region, keys.length);
    // Right to left: the region keeps the leftmost piece; each split cuts one new region off its end.
    const rights: Region[] = [];
    let epoch: RegionEpoch | undefined = region.epoch;
    for (let i = keys.length - 1; i >= 0; i--) {
      const id = ids[i];
      if (!id) throw new InternalError(`PD gave ${ids.length} ids for ${keys.length} split keys`);
      const [, right] = await s.split(region.id, keys[i] as Buffer, id.regionId, id.peerIds, epoch);
      epoch = undefined;
      rights.unshift(right);
    }
    const left = s.region(region.id);
    const pieces = left ? [left, ...rights] : rights;
    this.log.info({ region: region.id, into: pieces.map((p) => p.id) }, 'region split through raft');
    await this.pd.reportSplit(pieces).catch((err: unknown) => this.log.warn({ err: String(err) }, 'report split failed; the next heartbeat will tell PD'));
    return pieces;
  }
}

/** Carries out an order PD's scheduler gave in answer to a region heartbeat (pd/server/
 *  coordinator.ts), if this store still leads the region at the epoch PD decided on. An order
 *  the raft core refuses (a conf change still being applied) is left for PD to repeat on the
 *  next heartbeat. */
export function carryOut(store: RaftStore, regionId: number, order: PdOrder, log: Logger): void {
  const region = store.region(regionId);
  if (!region || !store.isLeader(regionId) || !epochEqual(region.epoch, order.epoch)) return;
  try {
    if (order.kind === 'transfer-leader') store.transferLeader(regionId, order.peer.id);
    else store.changePeers(regionId, [{ type: order.change, peer: order.peer }]);
    log.info({ region: regionId, order: order.kind === 'transfer-leader' ? 'transfer-leader' : order.change, peer: order.peer.id, store: order.peer.storeId }, 'carrying out a PD order');
  } catch (err) {
    log.debug({ region: regionId, err: String(err) }, 'cannot carry out a PD order now');
  }
}
