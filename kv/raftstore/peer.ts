// One region's peer on this store: the raft node (kv/raft RawNode) over its PeerStorage, the
// region descriptor, and what waits on the node: proposals (resolved when their entry is applied)
// and reads (resolved when a ReadIndex round answered and was applied, or at once under the lease).
// The store (store.ts) owns the loop; a peer only knows how to turn one Ready into writes of the
// round's batch (persist + apply) and, once the batch is on disk, into messages and callbacks.
//
//   Ready ──persist(batch)──▶ snapshot data + log entries + hard state
//         ──apply(batch)────▶ command write batches + apply state (+ region state on conf change)
//   ─── store: engine.write(batch, sync) — one per round, for every ready peer ───
//         ──afterWrite()────▶ messages to the transport, proposals and reads resolved, advance
//
// Guarantees:
//   - An entry's data and the apply index that covers it land in the same atomic write, so a crash
//     never half-applies; messages leave only after what they promise is on disk.
//   - A proposal resolves only after its own entry (same index AND term) is applied here; an entry
//     of another term at its index rejects it with StaleCommand (definitely not applied).
//   - Reads are served by the leader only. Lease read: within (electionTimeout − 2 ticks) of the
//     send time of a round a quorum acknowledged (a committed proposal, an answered ReadIndex),
//     while no leader transfer is under way and once an entry of its own term is applied (so every
//     earlier leader's acknowledged write is applied here). Otherwise a ReadIndex round.
//     Followers answer NotLeader with the leader they know.
//   - A peer restarted less than an election timeout ago drops vote requests: it may have
//     acknowledged a leader just before it went down, and that leader's lease must hold.
import type { Logger } from '../../util/logger.js';
import {
  BOOTSTRAP_INDEX,
  BOOTSTRAP_TERM,
  decodeConfChange,
  InvalidConfChange,
  ProposalDropped,
  RawNode,
  ReadIndexDropped,
  seededRng,
  type ConfChange,
  type ConfState,
  type Message,
  type Ready,
} from '../raft/index.js';
import { regionContains, type Peer as PeerMeta, type Region, type RegionEpoch } from '../meta.js';
import { EpochNotMatch, KeyNotInRegion, NotLeader } from '../region-errors.js';
import type { Engine, WriteBatch } from '../storage/index.js';
import { decodeCommand, decodeConfChangePeers, encodeCommand, type Command } from './command.js';
import { InvalidSplit, RaftTimeout, StaleCommand } from './errors.js';
import { regionStateKey } from './keys.js';
import { PeerStorage } from './peer-storage.js';
import { applySnapshotData, decodeSnapshotData } from './region-snapshot.js';
import { encodeRegionState } from './region-state.js';

export interface PeerConfig {
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  /** Entries kept in the log behind the applied index before it is compacted. */
  readonly logGcThreshold: number;
  /** Proposals and reads that wait longer fail with RaftTimeout. */
  readonly requestTimeoutMs: number;
  readonly maxSizePerMsg: number;
  readonly maxInflightMsgs: number;
}

interface Proposal {
  readonly index: number;
  readonly term: number;
  readonly proposedAt: number;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

interface PendingRead {
  readonly issuedAt: number;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

/** A region born from a split applied here, to be started once the batch is on disk. */
export interface SplitBirth {
  readonly region: Region;
  readonly peerId: number;
  readonly storage: PeerStorage;
  /** The parent's peer here was the leader: the new region's peer campaigns at once. */
  readonly campaign: boolean;
}

/** What a peer may ask of its store while applying. */
export interface ApplyContext {
  readonly storeId: number;
  /** This store's peer of a region, if any (a split finds an uninitialized one it replaces). */
  peerOf(regionId: number): RegionPeer | undefined;
}

/** What the store does with the messages of a Ready once they may be sent. */
export type SendFn = (peer: RegionPeer, msg: Message) => void;

const now = (): number => performance.now();

export class RegionPeer {
  readonly node: RawNode;
  /** Where every peer of the region lives (from the region descriptor and from envelopes). */
  private readonly peerStores = new Map<number, number>();
  private proposals: Proposal[] = [];
  private readonly reads = new Map<string, PendingRead>();
  private readSeq = 0;
  /** The term of the last applied entry. */
  private appliedTerm: number;
  private leaseUntil = 0;
  private readonly noVoteUntil: number;
  private applied: { index: number; term: number }[] = [];
  /** Entries applied as no-ops because they were refused (epoch changed, bad split): their
   *  proposals fail with this error. */
  private readonly refused = new Map<number, Error>();
  /** Regions created by splits in the Ready being handled. */
  births: SplitBirth[] = [];
  /** The Ready handed out and not advanced yet. */
  outstanding: Ready | undefined;
  snapshotBuilding = false;
  /** Set when the peer was removed from its region by an applied conf change. */
  removed = false;

  constructor(
    readonly regionId: number,
    readonly peerId: number,
    public region: Region | undefined,
    readonly storage: PeerStorage,
    private readonly cfg: PeerConfig,
    private readonly log: Logger,
    /** Loaded from disk (a restart) rather than bootstrapped or created by a message. */
    restarted = false,
  ) {
    if (region) for (const p of region.peers) this.peerStores.set(p.id, p.storeId);
    this.appliedTerm = storage.applyState.term;
    this.noVoteUntil = restarted ? now() + cfg.electionTicks * cfg.tickMs : 0;
    this.node = new RawNode(
      {
        id: peerId,
        electionTick: cfg.electionTicks,
        heartbeatTick: cfg.heartbeatTicks,
        applied: storage.applyState.index,
        checkQuorum: true,
        preVote: true,
        maxSizePerMsg: cfg.maxSizePerMsg,
        maxInflightMsgs: cfg.maxInflightMsgs,
        // Different timeouts on every start, so restarted peers do not keep colliding.
        rng: seededRng((Math.random() * 2 ** 32) >>> 0),
      },
      storage,
    );
  }

  // ---------------------------------------------------------------- who is who

  storeOf(peerId: number): number | undefined {
    return this.peerStores.get(peerId);
  }

  learnStore(peerId: number, storeId: number): void {
    if (!this.peerStores.has(peerId)) this.peerStores.set(peerId, storeId);
  }

  get isLeader(): boolean {
    return this.node.basicStatus().role === 'leader';
  }

  /** The leader as a region peer, when known. */
  leader(): PeerMeta | undefined {
    const id = this.node.basicStatus().leaderId;
    if (id === 0) return undefined;
    const inRegion = this.region?.peers.find((p) => p.id === id);
    if (inRegion) return inRegion;
    const storeId = this.peerStores.get(id);
    return storeId === undefined ? undefined : { id, storeId, role: 'voter' };
  }

  notLeader(): NotLeader {
    return new NotLeader(this.regionId, this.leader());
  }

  // ---------------------------------------------------------------- input

  /** Steps a message from a peer; false when it was dropped. */
  step(msg: Message): boolean {
    if ((msg.kind === 'MsgVote' || msg.kind === 'MsgPreVote') && !msg.transfer && now() < this.noVoteUntil) return false;
    this.node.step(msg);
    return true;
  }

  /** Proposes an encoded command; the promise settles when it is applied (or cannot be). */
  propose(data: Uint8Array): Promise<void> {
    const st = this.node.basicStatus();
    if (st.role !== 'leader') return Promise.reject(this.notLeader());
    try {
      this.node.propose(data);
    } catch (err) {
      if (err instanceof ProposalDropped) return Promise.reject(this.notLeader());
      throw err;
    }
    const after = this.node.basicStatus();
    return new Promise<void>((resolve, reject) => {
      this.proposals.push({ index: after.lastIndex, term: after.term, proposedAt: now(), resolve, reject });
    });
  }

  proposeWrite(batch: WriteBatch): Promise<void> {
    if (!this.region) return Promise.reject(this.notLeader());
    return this.propose(encodeCommand({ kind: 'write', epoch: this.region.epoch, batch }));
  }

  /** Proposes splitting the region at `splitKey`: this region keeps [start, splitKey), a new
   *  region `newRegionId` gets [splitKey, end) with one new peer per store of this one. */
  proposeSplit(splitKey: Buffer, newRegionId: number, newPeerIds: readonly number[]): Promise<void> {
    const r = this.region;
    if (!r) return Promise.reject(this.notLeader());
    const bad = this.splitProblem(r, splitKey, newPeerIds);
    if (bad) return Promise.reject(bad);
    return this.propose(encodeCommand({ kind: 'split', epoch: r.epoch, splitKey, newRegionId, newPeerIds }));
  }

  private splitProblem(r: Region, splitKey: Buffer, newPeerIds: readonly number[]): Error | undefined {
    if (!regionContains(r, splitKey) || splitKey.equals(r.startKey)) return new KeyNotInRegion(splitKey, r.id, r.startKey, r.endKey);
    if (newPeerIds.length !== r.peers.length) return new InvalidSplit(`a split of region ${r.id} needs ${r.peers.length} new peer ids, got ${newPeerIds.length}`);
    return undefined;
  }

  proposeConfChange(cc: ConfChange): void {
    if (!this.isLeader) throw this.notLeader();
    try {
      this.node.proposeConfChange(cc);
    } catch (err) {
      if (err instanceof ProposalDropped) throw this.notLeader();
      throw err;
    }
  }

  /** Settles when a read of the applied state is linearizable: at once under the leader lease,
   *  else after a ReadIndex round. Only the leader serves reads. */
  readBarrier(): Promise<void> {
    const st = this.node.basicStatus();
    if (st.role !== 'leader') return Promise.reject(this.notLeader());
    if (this.leaseValid(st.term, st.leadTransferee)) return Promise.resolve();
    const ctx = Buffer.from(`r${++this.readSeq}`);
    try {
      this.node.readIndex(ctx);
    } catch (err) {
      if (err instanceof ReadIndexDropped) return Promise.reject(this.notLeader());
      throw err;
    }
    return new Promise<void>((resolve, reject) => {
      this.reads.set(ctx.toString(), { issuedAt: now(), resolve, reject });
    });
  }

  private leaseValid(term: number, transferee: number): boolean {
    return now() < this.leaseUntil && transferee === 0 && this.appliedTerm === term;
  }

  /** Whether reads are served under the lease right now (for tests and metrics). */
  get inLease(): boolean {
    const st = this.node.basicStatus();
    return st.role === 'leader' && this.leaseValid(st.term, st.leadTransferee);
  }

  private renewLease(sentAt: number): void {
    const until = sentAt + (this.cfg.electionTicks - 2) * this.cfg.tickMs;
    if (until > this.leaseUntil) this.leaseUntil = until;
  }

  /** Fails what waited too long (called on every tick). */
  expire(): void {
    const deadline = now() - this.cfg.requestTimeoutMs;
    if (this.proposals.length > 0 && (this.proposals[0] as Proposal).proposedAt < deadline) {
      const keep: Proposal[] = [];
      for (const p of this.proposals) {
        if (p.proposedAt < deadline) p.reject(new RaftTimeout(this.regionId, 'a proposal', this.cfg.requestTimeoutMs));
        else keep.push(p);
      }
      this.proposals = keep;
    }
    for (const [ctx, r] of this.reads) {
      if (r.issuedAt < deadline) {
        this.reads.delete(ctx);
        r.reject(new RaftTimeout(this.regionId, 'a read', this.cfg.requestTimeoutMs));
      }
    }
  }

  /** Fails everything in flight (the store is closing, or the peer is removed). */
  failAll(err: () => Error): void {
    for (const p of this.proposals) p.reject(err());
    this.proposals = [];
    for (const r of this.reads.values()) r.reject(err());
    this.reads.clear();
  }

  // ---------------------------------------------------------------- one Ready

  /** Writes what the Ready persists and applies into `batch`; returns whether it must be synced. */
  async persistAndApply(rd: Ready, engine: Engine, batch: WriteBatch, ctx: ApplyContext): Promise<boolean> {
    if (rd.softState !== undefined) {
      // Who leads each region is the first question when a region stops serving.
      this.log.info({ regionId: this.regionId, role: rd.softState.role, leader: rd.softState.leaderId, term: rd.hardState?.term ?? this.node.basicStatus().term }, 'raft role changed');
    }
    if (rd.softState !== undefined && rd.softState.role !== 'leader') {
      this.leaseUntil = 0;
      for (const r of this.reads.values()) r.reject(this.notLeader());
      this.reads.clear();
    }
    this.applied = [];
    this.births = [];
    if (rd.snapshot !== undefined) {
      const decoded = decodeSnapshotData(rd.snapshot.data);
      await applySnapshotData(engine, decoded, batch);
      this.storage.persistSnapshot(rd.snapshot, batch);
      this.setRegion(decoded.region, batch);
      this.appliedTerm = rd.snapshot.metadata.term;
      this.log.info({ regionId: this.regionId, index: rd.snapshot.metadata.index }, 'installed a region snapshot');
    }
    this.storage.persistEntries(rd.entries, batch);
    if (rd.hardState !== undefined) this.storage.persistHardState(rd.hardState, batch);
    this.apply(rd, batch, ctx);
    return rd.mustSync || rd.snapshot !== undefined || this.births.length > 0;
  }

  private setRegion(region: Region, batch: WriteBatch): void {
    this.region = region;
    for (const p of region.peers) this.peerStores.set(p.id, p.storeId);
    batch.put('raft', regionStateKey(this.regionId), encodeRegionState(region));
  }

  private apply(rd: Ready, batch: WriteBatch, ctx: ApplyContext): void {
    let state = this.storage.applyState;
    const firstApply = state.index;
    for (const e of rd.committedEntries) {
      if (e.index <= state.index) continue;
      let confState: ConfState = state.confState;
      if (e.kind === 'normal') {
        let cmd: Command | undefined;
        try {
          cmd = decodeCommand(e.data);
        } catch (err) {
          this.log.error({ regionId: this.regionId, index: e.index, err: String(err) }, 'skipping a raft entry that does not decode');
        }
        if (cmd) this.applyCommand(cmd, e.index, batch, ctx);
      } else {
        confState = this.applyConfChange(decodeConfChange(e.data), e.index, state.confState, batch);
      }
      state = { index: e.index, term: e.term, confState };
      this.appliedTerm = e.term;
      this.applied.push({ index: e.index, term: e.term });
    }
    if (state.index !== firstApply) this.storage.persistApplyState(state, batch);
  }

  private applyCommand(cmd: Command, index: number, batch: WriteBatch, ctx: ApplyContext): void {
    const r = this.region;
    if (!r) return;
    if (!epochMatches(cmd, r.epoch)) {
      this.refused.set(index, new EpochNotMatch([r]));
      return;
    }
    if (cmd.kind === 'write') {
      batch.append(cmd.batch);
      return;
    }
    const bad = this.splitProblem(r, cmd.splitKey, cmd.newPeerIds);
    if (bad) {
      this.refused.set(index, bad);
      return;
    }
    const epoch = { confVer: r.epoch.confVer, version: r.epoch.version + 1 };
    const left: Region = { ...r, endKey: cmd.splitKey, epoch };
    const right: Region = {
      id: cmd.newRegionId,
      startKey: cmd.splitKey,
      endKey: r.endKey,
      epoch,
      peers: r.peers.map((p, i) => ({ id: cmd.newPeerIds[i] as number, storeId: p.storeId, role: p.role })),
    };
    this.setRegion(left, batch);
    this.log.info({ regionId: r.id, newRegionId: right.id, splitKey: cmd.splitKey.toString('hex') }, 'region split');
    const me = right.peers.find((p) => p.storeId === ctx.storeId);
    if (!me) return;
    const existing = ctx.peerOf(right.id);
    if (existing?.region) {
      // Already created here (by a snapshot of the new region that overtook this split).
      return;
    }
    const confState: ConfState = {
      voters: right.peers.filter((p) => p.role === 'voter').map((p) => p.id),
      learners: right.peers.filter((p) => p.role === 'learner').map((p) => p.id),
      votersOutgoing: [],
      learnersNext: [],
      autoLeave: false,
    };
    const storage = PeerStorage.bootstrap(right.id, BOOTSTRAP_INDEX, BOOTSTRAP_TERM, confState, batch);
    // An uninitialized peer of the new region (created by its leader's messages before this split
    // was applied here) may have voted in a later term: keep that vote, or it could vote twice.
    const hs = existing?.storage.hardState;
    if (hs && hs.term > BOOTSTRAP_TERM) storage.persistHardState({ term: hs.term, vote: hs.vote, commit: BOOTSTRAP_INDEX }, batch);
    batch.put('raft', regionStateKey(right.id), encodeRegionState(right));
    this.births.push({ region: right, peerId: me.id, storage, campaign: this.isLeader });
  }

  private applyConfChange(cc: ConfChange, index: number, current: ConfState, batch: WriteBatch): ConfState {
    let next: ConfState;
    try {
      next = this.node.applyConfChange(cc);
    } catch (err) {
      if (err instanceof InvalidConfChange) {
        this.log.warn({ regionId: this.regionId, index, err: err.message }, 'conf change refused; applied as a no-op');
        return current;
      }
      throw err;
    }
    if (this.region) {
      let added: PeerMeta[] = [];
      try {
        added = decodeConfChangePeers(cc.context);
      } catch (err) {
        this.log.error({ regionId: this.regionId, index, err: String(err) }, 'conf change context does not decode');
      }
      const members = new Set([...next.voters, ...next.learners, ...next.votersOutgoing, ...next.learnersNext]);
      const learners = new Set([...next.learners, ...next.learnersNext]);
      const known = new Map<number, PeerMeta>();
      for (const p of [...this.region.peers, ...added]) known.set(p.id, p);
      const peers: PeerMeta[] = [];
      for (const id of members) {
        const p = known.get(id);
        if (p) peers.push({ id, storeId: p.storeId, role: learners.has(id) ? 'learner' : 'voter' });
      }
      peers.sort((a, b) => a.id - b.id);
      const region: Region = { ...this.region, peers, epoch: { ...this.region.epoch, confVer: this.region.epoch.confVer + 1 } };
      this.setRegion(region, batch);
      // Only a change that takes this peer OUT removes it: a peer that joined by a snapshot older
      // than its own addition applies earlier changes (say, another learner's promotion) before
      // the one that adds it, and is not a member in between.
      const wasMember = [...current.voters, ...current.learners, ...current.votersOutgoing, ...current.learnersNext].includes(this.peerId);
      if (wasMember && !members.has(this.peerId)) this.removed = true;
    }
    return next;
  }

  /** The batch is on disk: send, settle what waited, advance. */
  afterWrite(rd: Ready, send: SendFn): void {
    for (const m of rd.messages) {
      send(this, m);
      if (m.kind === 'MsgSnap') this.node.reportSnapshot(m.to, 'finish');
    }
    if (this.applied.length > 0) this.settleProposals();
    this.refused.clear();
    for (const rs of rd.readStates) {
      const key = Buffer.from(rs.context).toString();
      const r = this.reads.get(key);
      if (!r) continue;
      this.reads.delete(key);
      this.renewLease(r.issuedAt);
      r.resolve();
    }
    this.node.advance(rd);
  }

  private settleProposals(): void {
    const last = this.applied[this.applied.length - 1] as { index: number; term: number };
    const termAt = new Map(this.applied.map((a) => [a.index, a.term]));
    let i = 0;
    for (; i < this.proposals.length; i++) {
      const p = this.proposals[i] as Proposal;
      if (p.index > last.index) break;
      const t = termAt.get(p.index);
      if (t === p.term) {
        if (this.isLeader && this.node.basicStatus().term === p.term) this.renewLease(p.proposedAt);
        const refused = this.refused.get(p.index);
        if (refused) p.reject(refused);
        else p.resolve();
      } else {
        // Applied earlier (a snapshot jumped past it) or replaced by another leader's entry.
        p.reject(new StaleCommand(this.regionId, p.index, p.term));
      }
    }
    if (i > 0) this.proposals = this.proposals.slice(i);
    this.refused.clear();
  }

  /** The index up to which the log may be compacted now, or undefined when it need not be. */
  compactionPoint(): number | undefined {
    const applied = this.storage.applyState.index;
    if (applied - this.storage.truncatedIndex <= 2 * this.cfg.logGcThreshold) return undefined;
    let to = applied - this.cfg.logGcThreshold;
    // On the leader, keep what live followers still need, unless the log has grown far beyond
    // the threshold (a peer that is down then catches up by snapshot).
    const st = this.node.status();
    if (st.progress && applied - this.storage.truncatedIndex <= 8 * this.cfg.logGcThreshold) {
      for (const [id, pr] of st.progress) if (id !== this.peerId && pr.recentActive) to = Math.min(to, pr.match);
    }
    return to > this.storage.truncatedIndex ? to : undefined;
  }
}

function epochMatches(cmd: Command, current: RegionEpoch): boolean {
  // Writes care only about the key range (version); a split also about the members (confVer).
  if (cmd.epoch.version !== current.version) return false;
  return cmd.kind === 'write' || cmd.epoch.confVer === current.confVer;
}
