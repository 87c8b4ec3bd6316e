// RaftStore: every region peer of one store, driven by one loop (TiKV's raftstore "poller" in one
// event loop). Ticks, messages and proposals only mark peers dirty; a round then collects the
// Ready of every dirty peer and writes them all with ONE write batch and at most one fsync
// (group commit; `syncLog` on by default), then sends their messages (the transport batches them
// per destination store), settles proposals and reads, and advances. Rounds never overlap; what
// arrives while one is writing is stepped into the raft nodes at once and goes out with the next.
//
//   tick (every tickMs) ─┐                      ┌─ persist: snapshot data, entries, hard state
//   envelopes ───────────┼─▶ dirty peers ─round─┤  apply:   committed write batches + apply state
//   propose / read ──────┘                      └─ engine.write(batch, {sync}) ─▶ send, settle, advance
//
// On open the store finds its regions by their region state (keys.ts) and loads each peer's log
// from disk: a store killed with -9 comes back with what was synced, and its peers catch up from
// their leaders (by log, or by snapshot when the leader compacted past them).
//
// A message for a region this store does not know, from a leader (append, heartbeat, snapshot),
// creates an empty peer that a snapshot then fills: that is how a peer added by a conf change
// comes to life.
//
// A peer removed from its region is destroyed (stale-peer.ts): its raft state and log and the
// data of its range (minus what other regions here cover) are deleted and a tombstone region
// state is written, in one synced batch, at the start of the next round (no Ready of it is in
// flight then). It learns of its removal by applying the conf change, or — removed while its
// store was down — from a tombstone envelope a current member sends back when it hears from it.
import { InternalError } from '../../util/errors.js';
import { logger, type Logger } from '../../util/logger.js';
import { epochEqual, type Peer as PeerMeta, type Region, type RegionEpoch } from '../meta.js';
import {
  BOOTSTRAP_INDEX,
  BOOTSTRAP_TERM,
  confChange,
  type ConfChangeSingle,
  type ConfState,
  type Message,
  type Ready,
} from '../raft/index.js';
import { EpochNotMatch, NotLeader, RegionNotFound } from '../region-errors.js';
import { WriteBatch, type Engine, type EngineSnapshot } from '../storage/index.js';
import { encodeConfChangePeers } from './command.js';
import { RaftstoreClosed } from './errors.js';
import { applyStateKey, parseKey, regionKeysEnd, regionPrefixRange, regionRaftRange, regionStateKey } from './keys.js';
import { RegionPeer, type PeerConfig, type SplitBirth } from './peer.js';
import { decodeIndexTermConf, PeerStorage } from './peer-storage.js';
import { buildSnapshotData, deleteDataInRange, rangesOverlap, snapshotRegion } from './region-snapshot.js';
import { decodeRegionLocalState, decodeRegionState, encodeRegionState, encodeTombstoneState, type RegionLocalState } from './region-state.js';
import { gcDestroys, rangeOf, senderIsStale, supersededBy, uncoveredRanges, type KeyRange } from './stale-peer.js';
import type { RaftEnvelope, Transport } from './transport.js';

export interface RaftStoreConfig extends PeerConfig {
  /** fsync every round that persists raft log entries or a vote (default true). */
  readonly syncLog: boolean;
}

/** TiKV's tick counts (election 10 ticks, heartbeat 2) on a faster base tick: elections take
 *  1–2 s instead of TiKV's 10–20 s. Tests use a few ms per tick. */
export const DEFAULT_RAFTSTORE_CONFIG: RaftStoreConfig = {
  tickMs: 100,
  electionTicks: 10,
  heartbeatTicks: 2,
  logGcThreshold: 1024,
  requestTimeoutMs: 20_000,
  maxSizePerMsg: 1024 * 1024,
  maxInflightMsgs: 256,
  syncLog: true,
};

export interface RaftStoreOptions {
  readonly storeId: number;
  readonly engine: Engine;
  readonly transport: Transport;
  readonly config?: Partial<RaftStoreConfig>;
  readonly log?: Logger;
}

export interface RaftStoreStats {
  /** Rounds that wrote a batch. */
  writes: number;
  /** Of those, the ones that were synced. */
  syncs: number;
  /** Readies handled (one per peer per round). */
  readies: number;
}

export class RaftStore {
  readonly storeId: number;
  readonly config: RaftStoreConfig;
  readonly stats: RaftStoreStats = { writes: 0, syncs: 0, readies: 0 };
  private readonly engine: Engine;
  private readonly transport: Transport;
  private readonly log: Logger;
  private readonly peers = new Map<number, RegionPeer>();
  private readonly dirty = new Set<RegionPeer>();
  /** Regions whose peer here was destroyed (tombstone region states, from disk and since start):
   *  late messages to that peer must not recreate it, and stale peers still talking to it are
   *  told they are gone. */
  private readonly tombstones = new Map<number, { readonly peerId: number; readonly region: Region | undefined }>();
  /** Peers removed from their region, destroyed at the start of the next round. */
  private readonly toDestroy = new Set<RegionPeer>();
  /** The range of a snapshot a peer was let step and has not installed yet: other snapshots
   *  overlapping it are refused meanwhile, as if it were installed (snapshotFits). */
  private readonly incomingSnapshots = new WeakMap<RegionPeer, Region>();
  /** Vote and pre-vote requests for regions this store does not hold yet, by region: the parent's
   *  leader campaigns for a region born of a split as soon as it applies the split, usually before
   *  this store has (it learns the commit on the next append). Stepped into the region's peer when
   *  the split creates it here, unless older than an election timeout; without them the new region
   *  would wait a whole randomized election timeout before its first write. */
  private readonly earlyVotes = new Map<number, { readonly at: number; readonly env: RaftEnvelope }[]>();
  private readonly ticker: NodeJS.Timeout;
  private scheduled = false;
  private running: Promise<void> | undefined;
  private rerun = false;
  private closed = false;

  private constructor(opts: RaftStoreOptions) {
    this.storeId = opts.storeId;
    this.engine = opts.engine;
    this.transport = opts.transport;
    this.config = { ...DEFAULT_RAFTSTORE_CONFIG, ...opts.config };
    this.log = opts.log ?? logger('raftstore');
    this.applyContext.storeId = opts.storeId;
    this.ticker = setInterval(() => this.tick(), this.config.tickMs);
    this.ticker.unref();
  }

  /** Opens the store over an engine: loads every region peer it holds from disk. */
  static async open(opts: RaftStoreOptions): Promise<RaftStore> {
    const store = new RaftStore(opts);
    try {
      for (const { region, tombstonePeerId } of await loadRegions(opts.engine)) {
        if (tombstonePeerId !== undefined) {
          store.tombstones.set(region.id, { peerId: tombstonePeerId, region });
          continue;
        }
        const me = region.peers.find((p) => p.storeId === store.storeId);
        if (!me) continue;
        const storage = await PeerStorage.load(opts.engine, region.id);
        store.addPeer(new RegionPeer(region.id, me.id, region, storage, store.config, store.log, true));
      }
    } catch (err) {
      clearInterval(store.ticker);
      throw err;
    }
    store.log.info({ storeId: store.storeId, regions: store.peers.size }, 'raftstore opened');
    return store;
  }

  private addPeer(peer: RegionPeer): void {
    this.peers.set(peer.regionId, peer);
    // The only voter of its region (a cluster's first region, a one-store cluster) has nobody to
    // wait for: it campaigns now instead of after an election timeout with no leader to serve
    // requests (TiKV does the same), so a one-store cluster serves as soon as it starts.
    const voters = peer.region?.peers.filter((p) => p.role === 'voter') ?? [];
    if (voters.length === 1 && voters[0]?.id === peer.peerId) peer.node.campaign();
    this.dirty.add(peer);
    this.schedule();
  }

  /** Creates this store's peer of a new region whose founding members all start the same way
   *  (the cluster's first region, or a region created by hand in tests). */
  async bootstrapRegion(region: Region): Promise<void> {
    const me = region.peers.find((p) => p.storeId === this.storeId);
    if (!me) throw new InternalError(`region ${region.id} has no peer on store ${this.storeId}`);
    if (this.peers.has(region.id)) throw new InternalError(`region ${region.id} already has a peer on store ${this.storeId}`);
    const confState: ConfState = {
      voters: region.peers.filter((p) => p.role === 'voter').map((p) => p.id),
      learners: region.peers.filter((p) => p.role === 'learner').map((p) => p.id),
      votersOutgoing: [],
      learnersNext: [],
      autoLeave: false,
    };
    const batch = new WriteBatch();
    const storage = PeerStorage.bootstrap(region.id, BOOTSTRAP_INDEX, BOOTSTRAP_TERM, confState, batch);
    batch.put('raft', regionStateKey(region.id), encodeRegionState(region));
    await this.engine.write(batch, { sync: true });
    this.addPeer(new RegionPeer(region.id, me.id, region, storage, this.config, this.log));
  }

  // ---------------------------------------------------------------- what callers see

  regions(): Region[] {
    const out: Region[] = [];
    for (const p of this.peers.values()) if (p.region) out.push(p.region);
    return out;
  }

  region(regionId: number): Region | undefined {
    return this.peers.get(regionId)?.region;
  }

  isLeader(regionId: number): boolean {
    return this.peers.get(regionId)?.isLeader ?? false;
  }

  /** The leader this store's peer knows of. */
  leaderOf(regionId: number): PeerMeta | undefined {
    return this.peers.get(regionId)?.leader();
  }

  /** Peers of a region this store leads that are behind: never acknowledged an append, or
   *  waiting for a snapshot. PD promotes a learner only once it is off this list. */
  pendingPeers(regionId: number): PeerMeta[] {
    const peer = this.peers.get(regionId);
    if (!peer?.region || !peer.isLeader) return [];
    const progress = peer.node.status().progress;
    if (!progress) return [];
    return peer.region.peers.filter((p) => {
      if (p.id === peer.peerId) return false;
      const pr = progress.get(p.id);
      return !pr || pr.match === 0 || pr.state === 'snapshot' || pr.pendingSnapshot > 0;
    });
  }

  /** For tests and status pages: the peer itself. */
  peer(regionId: number): RegionPeer | undefined {
    return this.peers.get(regionId);
  }

  private checked(regionId: number, epoch: RegionEpoch | undefined): RegionPeer {
    if (this.closed) throw new NotLeader(regionId, undefined);
    const peer = this.peers.get(regionId);
    if (!peer || !peer.region || peer.removed) throw new RegionNotFound(regionId);
    if (epoch && !epochEqual(epoch, peer.region.epoch)) throw new EpochNotMatch([peer.region]);
    return peer;
  }

  private kick(peer: RegionPeer): void {
    this.dirty.add(peer);
    this.schedule();
  }

  /** Replicates a write batch through the region's raft log; settles when it is applied here
   *  (the leader's data then holds it). Throws NotLeader on a follower. */
  propose(regionId: number, batch: WriteBatch, epoch?: RegionEpoch): Promise<void> {
    const peer = this.checked(regionId, epoch);
    const p = peer.proposeWrite(batch);
    this.kick(peer);
    return p;
  }

  /** Settles when reading this store's data of the region is linearizable (lease or ReadIndex). */
  async readBarrier(regionId: number, epoch?: RegionEpoch): Promise<void> {
    const peer = this.checked(regionId, epoch);
    const p = peer.readBarrier();
    this.kick(peer);
    await p;
  }

  /** A linearizable snapshot of the store's data for reads of the region. */
  async snapshot(regionId: number, epoch?: RegionEpoch): Promise<EngineSnapshot> {
    await this.readBarrier(regionId, epoch);
    return this.engine.snapshot();
  }

  /** Splits a region at `splitKey` (an admin command through its raft log): the region keeps
   *  [start, splitKey) and a new region `newRegionId` (ids from PD) gets [splitKey, end), with
   *  one new peer per store of the region. Settles with both halves once applied here; the
   *  epoch's version grows, so requests with the old epoch get EpochNotMatch and retry. */
  async split(regionId: number, splitKey: Buffer, newRegionId: number, newPeerIds: readonly number[], epoch?: RegionEpoch): Promise<[Region, Region]> {
    const peer = this.checked(regionId, epoch);
    if (this.peers.has(newRegionId) && this.peers.get(newRegionId)?.region) throw new InternalError(`region ${newRegionId} already exists on store ${this.storeId}`);
    const p = peer.proposeSplit(splitKey, newRegionId, newPeerIds);
    this.kick(peer);
    await p;
    const left = this.peers.get(regionId)?.region;
    const right = this.peers.get(newRegionId)?.region;
    if (!left || !right) throw new InternalError(`split of region ${regionId} applied but its halves are not both here`);
    return [left, right];
  }

  /** Adds or removes peers (one change: a simple change; several: joint consensus). */
  changePeers(regionId: number, changes: readonly { readonly type: ConfChangeSingle['type']; readonly peer: PeerMeta }[]): void {
    const peer = this.checked(regionId, undefined);
    const added = changes.filter((c) => c.type !== 'remove').map((c) => c.peer);
    peer.proposeConfChange(confChange(changes.map((c) => ({ type: c.type, nodeId: c.peer.id })), changes.length > 1 ? 'joint-implicit' : 'auto', new Uint8Array(encodeConfChangePeers(added))));
    this.kick(peer);
  }

  transferLeader(regionId: number, toPeerId: number): void {
    const peer = this.checked(regionId, undefined);
    peer.node.transferLeader(toPeerId);
    this.kick(peer);
  }

  /** Campaigns now (tests that want a given leader without waiting for a timeout). */
  campaign(regionId: number): void {
    const peer = this.checked(regionId, undefined);
    peer.node.campaign();
    this.kick(peer);
  }

  // ---------------------------------------------------------------- input from other stores

  /** Handles the envelopes a transport delivers to this store. */
  readonly handleEnvelopes = (envs: readonly RaftEnvelope[]): void => {
    if (this.closed) return;
    for (const env of envs) {
      if (env.toStoreId !== this.storeId) continue;
      if (env.tombstone) {
        this.onTombstone(env);
        continue;
      }
      const known = this.peers.get(env.regionId);
      const tomb = this.tombstones.get(env.regionId);
      // A peer removed from the region while its store was down still talks to the members it
      // remembers: tell it, and do not step its message.
      const local = known ? known.region : tomb?.region;
      if (local && senderIsStale(local, env.message.from, env.epoch)) {
        this.sendTombstone(env, local, known?.peerId ?? tomb?.peerId ?? 0);
        continue;
      }
      if (known && !known.removed && supersededBy(known.region, known.peerId, env.message.to, env.epoch)) {
        this.log.info({ regionId: env.regionId, peerId: known.peerId, newPeer: env.message.to, epoch: env.epoch }, 'a newer peer of the region is addressed on this store; destroying the old one');
        this.markDestroyed(known);
        continue;
      }
      const peer = known ?? this.maybeCreatePeer(env);
      if (!peer && !tomb && (env.message.kind === 'MsgPreVote' || env.message.kind === 'MsgVote')) this.keepEarlyVote(env);
      if (!peer || peer.removed || env.message.to !== peer.peerId) continue;
      if (env.message.kind === 'MsgSnap' && !this.snapshotFits(peer, env.message.snapshot.data)) continue;
      peer.learnStore(env.message.from, env.fromStoreId);
      try {
        if (peer.step(env.message)) this.dirty.add(peer);
      } catch (err) {
        this.log.warn({ regionId: env.regionId, from: env.message.from, kind: env.message.kind, err: String(err) }, 'dropping a raft message');
      }
    }
    this.schedule();
  };

  /** Whether a peer may take a snapshot: installing one replaces everything this store holds in
   *  the snapshot's range, so it must not overlap any other region held here (or one whose
   *  snapshot is on its way to disk). A snapshot taken before a split still covers the other half,
   *  which another region may own here by now; refused, the leader sends a newer one later (and
   *  a lagging peer of the parent region frees the range once it applies the split). */
  private snapshotFits(peer: RegionPeer, data: Uint8Array): boolean {
    let region: Region;
    try {
      region = snapshotRegion(data);
    } catch (err) {
      this.log.warn({ regionId: peer.regionId, err: String(err) }, 'dropping a snapshot that does not decode');
      return false;
    }
    if (region.id !== peer.regionId) {
      this.log.warn({ regionId: peer.regionId, snapshotRegion: region.id }, 'dropping a snapshot of another region');
      return false;
    }
    for (const other of this.peers.values()) {
      if (other === peer) continue;
      const held = other.region ?? this.incomingSnapshots.get(other);
      if (held && rangesOverlap(held, region)) {
        this.log.info(
          { regionId: peer.regionId, epoch: region.epoch, start: region.startKey.toString('hex'), end: region.endKey.toString('hex'), overlaps: other.regionId },
          'refusing a region snapshot that overlaps another region on this store',
        );
        return false;
      }
    }
    this.incomingSnapshots.set(peer, region);
    return true;
  }

  /** A member's answer to a message from this store's peer: that peer is not in the region at
   *  the (newer) epoch it carries. Ignored unless that epoch is newer than the peer's own: a
   *  stale leader that never learned the peer was added must not destroy it. */
  private onTombstone(env: RaftEnvelope): void {
    const peer = this.peers.get(env.regionId);
    if (!peer || peer.removed || env.message.to !== peer.peerId || !env.epoch) return;
    if (!gcDestroys(peer.region, env.epoch)) {
      this.log.info({ regionId: env.regionId, peerId: peer.peerId, from: env.message.from, epoch: env.epoch, own: peer.region?.epoch }, 'ignoring a tombstone message from a region no newer than ours');
      return;
    }
    this.log.info({ regionId: env.regionId, peerId: peer.peerId, from: env.message.from, epoch: env.epoch }, 'a member says this peer was removed from its region; destroying it');
    this.markDestroyed(peer);
  }

  private markDestroyed(peer: RegionPeer): void {
    peer.removed = true;
    this.toDestroy.add(peer);
    this.schedule();
  }

  private sendTombstone(env: RaftEnvelope, region: Region, fromPeerId: number): void {
    this.log.info({ regionId: env.regionId, stalePeer: env.message.from, store: env.fromStoreId, staleEpoch: env.epoch, epoch: region.epoch }, 'a peer removed from the region is still talking: telling it');
    this.transport.send({
      regionId: env.regionId,
      fromStoreId: this.storeId,
      toStoreId: env.fromStoreId,
      // Only names the two peers; never stepped.
      message: { kind: 'MsgHeartbeatResp', from: fromPeerId, to: env.message.from, term: 0, context: new Uint8Array(0) },
      epoch: region.epoch,
      tombstone: true,
    });
  }

  private maybeCreatePeer(env: RaftEnvelope): RegionPeer | undefined {
    const k = env.message.kind;
    if (k !== 'MsgApp' && k !== 'MsgHeartbeat' && k !== 'MsgSnap') return undefined;
    if (env.message.to <= (this.tombstones.get(env.regionId)?.peerId ?? 0)) return undefined;
    const peer = new RegionPeer(env.regionId, env.message.to, undefined, PeerStorage.empty(env.regionId), this.config, this.log);
    this.log.info({ regionId: env.regionId, peerId: env.message.to, from: env.message.from }, 'created a peer for a region new to this store');
    this.peers.set(env.regionId, peer);
    return peer;
  }

  // ---------------------------------------------------------------- the loop

  private tick(): void {
    if (this.closed) return;
    for (const peer of this.peers.values()) {
      peer.node.tick();
      peer.expire();
      this.dirty.add(peer);
      if (peer.storage.snapshotWanted && !peer.snapshotBuilding) void this.buildSnapshot(peer);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.running) {
        this.rerun = true;
        return;
      }
      this.running = this.runRounds().finally(() => {
        this.running = undefined;
      });
    });
  }

  private async runRounds(): Promise<void> {
    try {
      do {
        this.rerun = false;
        while (!this.closed && (await this.round()));
      } while (this.rerun && !this.closed);
    } catch (err) {
      this.log.error({ storeId: this.storeId, err: String(err) }, 'raftstore round failed; the store stops');
      this.closed = true;
      clearInterval(this.ticker);
      for (const peer of this.peers.values()) peer.failAll(() => new RaftstoreClosed(peer.regionId));
    }
  }

  /** One round: returns false when no peer had anything ready. */
  private async round(): Promise<boolean> {
    // No Ready is in flight between rounds: a removed peer's state can go now, nothing of it
    // is about to be written after its deletion.
    const destroyed = this.toDestroy.size > 0;
    for (const peer of [...this.toDestroy]) {
      this.toDestroy.delete(peer);
      await this.destroyPeer(peer);
    }
    const ready: [RegionPeer, Ready][] = [];
    const dirty = [...this.dirty];
    this.dirty.clear();
    for (const peer of dirty) {
      if (peer.outstanding === undefined && peer.node.hasReady()) {
        const rd = peer.node.ready();
        peer.outstanding = rd;
        ready.push([peer, rd]);
      }
    }
    if (ready.length === 0) return destroyed;
    const batch = new WriteBatch();
    let sync = false;
    for (const [peer, rd] of ready) {
      const version = peer.region?.epoch.version;
      if (await peer.persistAndApply(rd, this.engine, batch, this.applyContext)) sync = true;
      if (rd.snapshot !== undefined) this.incomingSnapshots.delete(peer);
      // A split applied here: a snapshot prepared before it covers the old, wider range, and a
      // new peer's store would replace the other half (another region's now) with that old copy.
      if (peer.region?.epoch.version !== version) peer.storage.dropPreparedSnapshot();
    }
    for (const [peer] of ready) {
      const to = peer.compactionPoint();
      if (to !== undefined) peer.storage.compactTo(to, batch);
    }
    if (!batch.isEmpty) {
      const doSync = sync && this.config.syncLog;
      await this.engine.write(batch, { sync: doSync });
      this.stats.writes++;
      if (doSync) this.stats.syncs++;
    }
    this.stats.readies += ready.length;
    for (const [peer, rd] of ready) {
      for (const birth of peer.births) this.startSplitPeer(birth);
      peer.births = [];
      peer.outstanding = undefined;
      peer.afterWrite(rd, this.send);
      this.dirty.add(peer);
      if (peer.removed) this.toDestroy.add(peer);
    }
    return true;
  }

  private readonly applyContext = {
    storeId: 0,
    peerOf: (regionId: number): RegionPeer | undefined => this.peers.get(regionId),
  };

  /** Starts the peer of a region a split created here (its state is on disk by now). */
  private startSplitPeer(b: SplitBirth): void {
    const existing = this.peers.get(b.region.id);
    if (existing?.region) return;
    if (existing) existing.failAll(() => new RegionNotFound(b.region.id));
    const peer = new RegionPeer(b.region.id, b.peerId, b.region, b.storage, this.config, this.log);
    this.peers.set(b.region.id, peer);
    if (b.campaign) peer.node.campaign();
    const early = this.earlyVotes.get(b.region.id) ?? [];
    this.earlyVotes.delete(b.region.id);
    const fresh = performance.now() - this.config.electionTicks * this.config.tickMs;
    for (const { at, env } of early) {
      if (at < fresh || env.message.to !== peer.peerId) continue;
      peer.learnStore(env.message.from, env.fromStoreId);
      try {
        peer.step(env.message);
      } catch (err) {
        this.log.warn({ regionId: env.regionId, from: env.message.from, kind: env.message.kind, err: String(err) }, 'dropping an early vote request');
      }
    }
    this.kick(peer);
  }

  private keepEarlyVote(env: RaftEnvelope): void {
    const kept = this.earlyVotes.get(env.regionId) ?? [];
    kept.push({ at: performance.now(), env });
    // A few per region and a few regions: only the campaigns of splits under way matter.
    this.earlyVotes.set(env.regionId, kept.slice(-4));
    if (this.earlyVotes.size > 64) this.earlyVotes.delete(this.earlyVotes.keys().next().value as number);
  }

  private readonly send = (peer: RegionPeer, msg: Message): void => {
    const toStoreId = peer.storeOf(msg.to);
    if (toStoreId === undefined) {
      this.log.debug({ regionId: peer.regionId, to: msg.to }, 'no store known for a raft message; dropped');
      return;
    }
    const epoch = peer.region?.epoch;
    this.transport.send({ regionId: peer.regionId, fromStoreId: this.storeId, toStoreId, message: msg, ...(epoch ? { epoch } : {}) });
  };

  /** Destroys a peer removed from its region: it stops, and one synced batch deletes its raft
   *  state and log and its data — only the parts of its range no other region here holds or is
   *  installing — and leaves a tombstone region state, so a restart does not bring it back. */
  private async destroyPeer(peer: RegionPeer): Promise<void> {
    if (this.peers.get(peer.regionId) === peer) this.peers.delete(peer.regionId);
    this.dirty.delete(peer);
    this.incomingSnapshots.delete(peer);
    peer.failAll(() => new RegionNotFound(peer.regionId));
    const region = peer.region;
    // An uninitialized peer knows no region: keep what an earlier tombstone here says.
    this.tombstones.set(peer.regionId, { peerId: peer.peerId, region: region ?? this.tombstones.get(peer.regionId)?.region });
    const batch = new WriteBatch();
    const stateKey = regionStateKey(peer.regionId);
    const it = this.engine.iterator('raft', regionRaftRange(peer.regionId));
    try {
      for (let kv = await it.next(); kv; kv = await it.next()) if (!stateKey.equals(kv.key)) batch.delete('raft', kv.key);
    } finally {
      await it.close();
    }
    let deleted = 0;
    if (region && peer.storage.initialized) {
      const held: KeyRange[] = [];
      for (const other of this.peers.values()) {
        const r = other.region ?? this.incomingSnapshots.get(other);
        if (r) held.push(rangeOf(r));
      }
      for (const r of uncoveredRanges(rangeOf(region), held)) {
        const before = batch.size;
        await deleteDataInRange(this.engine, r.start, r.end, batch);
        deleted += batch.size - before;
      }
      batch.put('raft', stateKey, encodeTombstoneState(region, peer.peerId));
    }
    // (An uninitialized peer has no region state of its own; one on disk is an older tombstone.)
    await this.engine.write(batch, { sync: true });
    this.log.info({ regionId: peer.regionId, peerId: peer.peerId, epoch: region?.epoch, dataKeys: deleted }, 'peer removed from its region: destroyed, tombstone left');
  }

  private async buildSnapshot(peer: RegionPeer): Promise<void> {
    peer.snapshotBuilding = true;
    const snap = this.engine.snapshot();
    try {
      const applyRaw = await snap.get('raft', applyStateKey(peer.regionId));
      const regionRaw = await snap.get('raft', regionStateKey(peer.regionId));
      if (!applyRaw || !regionRaw) return;
      const apply = decodeIndexTermConf(applyRaw);
      const region = decodeRegionState(regionRaw);
      const data = await buildSnapshotData(snap, region);
      // A split applied while this was being built makes it a snapshot of the old, wider range:
      // leave it, the next tick builds one of the region as it is now.
      if (this.peers.get(peer.regionId) !== peer || peer.region?.epoch.version !== region.epoch.version) {
        this.log.info({ regionId: peer.regionId, index: apply.index }, 'dropped a region snapshot built across a split');
        return;
      }
      peer.storage.setPreparedSnapshot({ data, metadata: { index: apply.index, term: apply.term, confState: apply.confState } });
      this.log.info({ regionId: peer.regionId, index: apply.index, bytes: data.length }, 'built a region snapshot');
      this.kick(peer);
    } catch (err) {
      this.log.warn({ regionId: peer.regionId, err: String(err) }, 'building a region snapshot failed');
    } finally {
      await snap.release();
      peer.snapshotBuilding = false;
    }
  }

  /** Stops ticking, lets the round in progress finish, fails what is still in flight and closes
   *  the transport. The engine stays open (its owner closes it). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.ticker);
    await this.running;
    for (const peer of this.peers.values()) peer.failAll(() => new RaftstoreClosed(peer.regionId));
    await this.transport.close();
  }
}

/** The regions a store holds (and the tombstones of those it held): every region state under
 *  the raftstore's prefix. */
async function loadRegions(engine: Engine): Promise<RegionLocalState[]> {
  const out: RegionLocalState[] = [];
  const it = engine.iterator('raft', regionPrefixRange());
  try {
    for (let kv = await it.next(); kv; kv = await it.next()) {
      const k = parseKey(kv.key);
      if (!k) continue;
      if (k.suffix === 'region') out.push(decodeRegionLocalState(kv.value));
      // Past the region state come the truncated state and the log: skip them in one seek.
      if (k.suffix === 'region' || k.suffix === 'truncated' || k.suffix === 'log') it.seek(regionKeysEnd(k.regionId));
    }
  } finally {
    await it.close();
  }
  return out;
}
