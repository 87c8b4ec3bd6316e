// The raft consensus core: one node's state machine. No I/O, no clock, no randomness of its own:
// time moves only by tick(), input arrives only by step() and the propose/read/transfer calls,
// output accumulates in `msgs` / `readStates` and the log's unstable part, which RawNode hands to
// the application as a Ready. Same inputs and RNG seed, same outputs, in the same order.
//
// Guarantees (the Raft paper's, for a correct application of the Ready contract):
//   - Election safety: at most one leader per term (a node votes once per term, persisted in the
//     hard state before its vote is sent; winning needs a majority of each half of the config).
//   - Log matching: a follower appends only after the entry just before the new ones matches in
//     index and term, truncating any conflicting uncommitted suffix first.
//   - Leader completeness: votes go only to candidates whose log is at least as up to date, and a
//     leader commits by counting replicas only entries of its own term (older ones commit with them).
//   - State machine safety follows: committed entries are never truncated (asserted), so every node
//     applies the same entry at each index.
//
// Liveness helpers: randomized election timeouts in [electionTick, 2·electionTick); pre-vote (a
// would-be candidate first asks whether it could win, without bumping anyone's term, so a node that
// was partitioned away cannot depose a healthy leader when it returns); check-quorum (a leader that
// has not heard from a quorum within an election timeout steps down, and followers that heard
// from a leader within the timeout ignore vote requests: the leader lease).
//
// Message flow of one proposal (3 voters, leader L, followers F1 F2):
//
//   client ─propose─▶ L  append (unstable) ──Ready: persist──┐
//                     L ──MsgApp(prev idx/term, entries, commit)──▶ F1, F2
//                                   F1, F2: match prev? append : reject with hint
//                     L ◀──MsgAppResp(index | reject, hint)── F1, F2   (sent after they persist)
//                     L  quorum match ≥ i and term(i) = current term ⇒ commit i
//                     L ──MsgApp / MsgHeartbeat(commit)──▶ F1, F2 ⇒ they commit, everyone applies
//
// Membership (conf-change.ts) takes effect when the application applies the committed entry, as in
// etcd (the thesis switches on append instead). That is safe because a leader accepts a new change
// only after the previous one is applied, a node does not campaign while a committed change is
// unapplied, and joint consensus needs both majorities for anything that changes more than one
// voter. A leader refuses to remove or demote itself (transfer leadership first, as TiKV does);
// one removed by a change an earlier leader proposed steps down when it applies it.
//
// Reads (read-only.ts): ReadIndex notes the commit index, confirms leadership with a heartbeat
// round acknowledged by a quorum, and answers that index; a new leader first commits its no-op.
//
// Peers are trusted (crash faults, not Byzantine ones): bytes that do not decode are refused by
// encoding.ts, messages no correct peer sends by RawNode.step (InvalidMessage), both before any
// state changes.
//
// Roles are types (roles.ts): leader-only state exists only inside the Leader object.
import { EMPTY } from '../../util/bytes.js';
import { InternalError } from '../../util/errors.js';
import { CodecError } from '../codec/index.js';
import { applyConfChange, isLeaveJoint, leaveJointChange, type ConfChange } from './conf-change.js';
import { decodeConfChange, encodeConfChange } from './encoding.js';
import { InvalidConfChange, InvalidMessage, InvalidRaftConfig, LogCompacted, ProposalDropped, ReadIndexDropped, SnapshotTemporarilyUnavailable } from './errors.js';
import { Membership } from './membership.js';
import {
  isEmptySnapshot,
  isRequestKind,
  NONE,
  entrySize,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  type MsgApp,
  type MsgAppResp,
  type MsgHeartbeat,
  type MsgHeartbeatResp,
  type MsgProp,
  type MsgReadIndex,
  type MsgSnap,
  type MsgTransferLeader,
  type MsgVote,
  type NodeId,
  type ReadState,
  type Snapshot,
  type SoftState,
  type StateRole,
} from './messages.js';
import type { Progress } from './progress.js';
import { RaftLog } from './raft-log.js';
import { Candidate, Follower, Leader, type Role } from './roles.js';
import { seededRng, type Rng } from './rng.js';
import type { Storage } from './storage.js';

export type ReadOnlyOption = 'safe' | 'lease-based';

export interface RaftConfig {
  /** This node's id (> 0). */
  readonly id: NodeId;
  /** Ticks without hearing from a leader before campaigning (randomized up to twice this). Default 10. */
  readonly electionTick?: number;
  /** Ticks between a leader's heartbeats; must be below electionTick. Default 2. */
  readonly heartbeatTick?: number;
  /** The index the application has applied (on restart); entries up to it are not handed out again. */
  readonly applied?: number;
  /** Bytes of entries per MsgApp (at least one entry is sent). Default 1 MiB. */
  readonly maxSizePerMsg?: number;
  /** MsgApps in flight per follower in the replicate state. Default 256. */
  readonly maxInflightMsgs?: number;
  /** Bytes in flight per follower (optional second limit). */
  readonly maxInflightBytes?: number;
  /** Bytes of committed entries per Ready. Default unlimited. */
  readonly maxCommittedSizePerReady?: number;
  /** Leader steps down without a quorum; followers with a live leader ignore votes. Default true. */
  readonly checkQuorum?: boolean;
  /** Campaign with a pre-vote round first. Default true. */
  readonly preVote?: boolean;
  /** 'safe' confirms leadership with a heartbeat round per ReadIndex; 'lease-based' trusts the
   *  check-quorum lease (needs checkQuorum, and bounded clock drift). Default 'safe'. */
  readonly readOnlyOption?: ReadOnlyOption;
  /** Followers refuse proposals instead of forwarding them to the leader. Default false. */
  readonly disableProposalForwarding?: boolean;
  /** Source of the election timeout jitter. Default: seeded with the node id. */
  readonly rng?: Rng;
}

type CampaignKind = 'pre-vote' | 'election' | 'transfer';

const EMPTY_ENTRY_DATA = new Uint8Array(0);

export class Raft {
  readonly id: NodeId;
  term = 0;
  vote: NodeId = NONE;
  leaderId: NodeId = NONE;
  role: Role = new Follower();
  readonly log: RaftLog;
  membership: Membership;
  /** Messages to send, in the order they were produced. */
  msgs: Message[] = [];
  /** Answered ReadIndex requests of this node. */
  readStates: ReadState[] = [];

  electionElapsed = 0;
  heartbeatElapsed = 0;
  randomizedElectionTimeout = 0;

  readonly electionTimeout: number;
  readonly heartbeatTimeout: number;
  readonly checkQuorum: boolean;
  readonly preVote: boolean;
  readonly readOnlyOption: ReadOnlyOption;
  private readonly maxSizePerMsg: number;
  private readonly maxInflightMsgs: number;
  private readonly maxInflightBytes: number;
  private readonly disableProposalForwarding: boolean;
  private readonly rng: Rng;

  constructor(config: RaftConfig, storage: Storage) {
    this.id = config.id;
    this.electionTimeout = config.electionTick ?? 10;
    this.heartbeatTimeout = config.heartbeatTick ?? 2;
    this.checkQuorum = config.checkQuorum ?? true;
    this.preVote = config.preVote ?? true;
    this.readOnlyOption = config.readOnlyOption ?? 'safe';
    this.maxSizePerMsg = config.maxSizePerMsg ?? 1024 * 1024;
    this.maxInflightMsgs = config.maxInflightMsgs ?? 256;
    this.maxInflightBytes = config.maxInflightBytes ?? Infinity;
    this.disableProposalForwarding = config.disableProposalForwarding ?? false;
    this.rng = config.rng ?? seededRng(config.id);
    validateConfig(this, config);

    this.log = new RaftLog(storage, config.maxCommittedSizePerReady ?? Infinity);
    const { hardState, confState } = storage.initialState();
    this.membership = Membership.fromConfState(confState);
    if (hardState.term !== 0 || hardState.vote !== NONE || hardState.commit !== 0) this.loadState(hardState);
    if (config.applied !== undefined && config.applied > 0) this.log.appliedTo(config.applied);
    this.becomeFollower(this.term, NONE);
  }

  private loadState(hs: HardState): void {
    if (hs.commit > this.log.lastIndex()) {
      throw new InternalError(`hard state commit ${hs.commit} is past the last index ${this.log.lastIndex()}`);
    }
    this.log.committed = Math.max(this.log.committed, hs.commit);
    this.term = hs.term;
    this.vote = hs.vote;
  }

  // --- state accessors ---

  get stateRole(): StateRole {
    return this.role.kind;
  }

  softState(): SoftState {
    return { leaderId: this.leaderId, role: this.role.kind };
  }

  hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.log.committed };
  }

  /** Whether this node may campaign: a voter, not in the middle of installing a snapshot. */
  promotable(): boolean {
    return this.membership.isVoter(this.id) && this.log.unstable.snapshot === undefined;
  }

  takeMessages(): Message[] {
    const out = this.msgs;
    this.msgs = [];
    return out;
  }

  takeReadStates(): ReadState[] {
    const out = this.readStates;
    this.readStates = [];
    return out;
  }

  // --- role transitions ---

  private reset(term: number): void {
    if (term !== this.term) {
      this.term = term;
      this.vote = NONE;
    }
    this.leaderId = NONE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.randomizedElectionTimeout = this.electionTimeout + this.rng.nextInt(this.electionTimeout);
  }

  becomeFollower(term: number, leaderId: NodeId): void {
    this.reset(term);
    this.role = new Follower();
    this.leaderId = leaderId;
  }

  private becomePreCandidate(): Candidate {
    // A pre-vote changes neither term nor vote: losing it leaves no trace.
    const c = new Candidate('pre-candidate');
    this.role = c;
    this.leaderId = NONE;
    return c;
  }

  private becomeCandidate(): Candidate {
    this.reset(this.term + 1);
    this.vote = this.id;
    const c = new Candidate('candidate');
    this.role = c;
    return c;
  }

  private becomeLeader(): void {
    if (this.role.kind === 'follower') throw new InternalError('a follower cannot become leader without an election');
    this.reset(this.term);
    this.leaderId = this.id;
    const leader = new Leader({ maxInflightMsgs: this.maxInflightMsgs, maxInflightBytes: this.maxInflightBytes });
    const last = this.log.lastIndex();
    leader.reconcile(this.membership, this.id, last, last + 1);
    for (const [id, pr] of leader.progress) pr.recentActive = id === this.id;
    // Entries up to `last` may hold conf changes this node has not applied yet; none may be proposed
    // until they are.
    leader.pendingConfIndex = last;
    this.role = leader;
    // The no-op of the new term: committing it commits everything before it, and tells the leader
    // its commit index is current (ReadIndex waits for that).
    this.appendEntries(leader, [{ kind: 'normal', term: 0, index: 0, data: EMPTY_ENTRY_DATA }]);
  }

  // --- time ---

  tick(): void {
    if (this.role instanceof Leader) this.tickLeader(this.role);
    else this.tickElection();
  }

  private tickElection(): void {
    this.electionElapsed++;
    if (this.promotable() && this.electionElapsed >= this.randomizedElectionTimeout) {
      this.electionElapsed = 0;
      this.hup(false);
    }
  }

  private tickLeader(l: Leader): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.electionTimeout) {
      this.electionElapsed = 0;
      if (this.checkQuorum && !this.quorumActive(l)) {
        this.becomeFollower(this.term, NONE);
        return;
      }
      // A transfer that has not completed within an election timeout is abandoned.
      l.transferee = NONE;
    }
    if (this.heartbeatElapsed >= this.heartbeatTimeout) {
      this.heartbeatElapsed = 0;
      this.bcastHeartbeat(l);
    }
    this.maybeAutoLeave(l);
  }

  /** Whether a quorum of voters was heard from since the last check; resets the marks. */
  private quorumActive(l: Leader): boolean {
    const votes = new Map<NodeId, boolean>();
    for (const id of this.membership.voterIds) {
      votes.set(id, id === this.id || (l.progress.get(id)?.recentActive ?? false));
    }
    for (const [id, pr] of l.progress) if (id !== this.id) pr.recentActive = false;
    return this.membership.voteResult(votes) === 'won';
  }

  // --- elections ---

  /** Starts an election (or pre-vote) now, if this node may. */
  hup(transfer: boolean): void {
    if (this.role.kind === 'leader') return;
    if (!this.promotable()) return;
    // A conf change committed but not applied may change who votes; wait for it.
    if (this.hasUnappliedConfChanges()) return;
    this.campaign(transfer ? 'transfer' : this.preVote ? 'pre-vote' : 'election');
  }

  private hasUnappliedConfChanges(): boolean {
    if (this.log.applied >= this.log.committed) return false;
    try {
      return this.log.slice(this.log.applied + 1, this.log.committed + 1).some((e) => e.kind === 'conf-change');
    } catch (err) {
      if (err instanceof LogCompacted) return false;
      throw err;
    }
  }

  private campaign(kind: CampaignKind): void {
    let c: Candidate;
    let term: number;
    if (kind === 'pre-vote') {
      c = this.becomePreCandidate();
      term = this.term + 1;
    } else {
      c = this.becomeCandidate();
      term = this.term;
    }
    if (this.poll(c, this.id, true) === 'won') {
      this.onCampaignWon(c);
      return;
    }
    const index = this.log.lastIndex();
    const logTerm = this.log.lastTerm();
    const voteKind = kind === 'pre-vote' ? 'MsgPreVote' : 'MsgVote';
    for (const id of this.membership.voterIds) {
      if (id === this.id) continue;
      this.msgs.push({ kind: voteKind, from: this.id, to: id, term, index, logTerm, transfer: kind === 'transfer' });
    }
  }

  private poll(c: Candidate, from: NodeId, granted: boolean): 'won' | 'lost' | 'pending' {
    if (!c.votes.has(from)) c.votes.set(from, granted);
    return this.membership.voteResult(c.votes);
  }

  private onCampaignWon(c: Candidate): void {
    if (!this.promotable()) {
      this.becomeFollower(this.term, NONE);
    } else if (c.kind === 'pre-candidate') {
      this.campaign('election');
    } else {
      this.becomeLeader();
      if (this.role instanceof Leader) this.bcastAppend(this.role);
    }
  }

  // --- input ---

  /** Processes a message from a peer (or a request this node makes of itself). */
  step(m: Message): void {
    if (!isRequestKind(m.kind)) {
      if (m.term === 0) return; // protocol messages always carry a term
      if (m.term > this.term) {
        if (m.kind === 'MsgVote' || m.kind === 'MsgPreVote') {
          // The leader lease: while we hear from a leader, a candidate is most likely a node that
          // was cut off and should not disrupt it (unless the leader itself asked for this election).
          const inLease = this.checkQuorum && this.leaderId !== NONE && this.electionElapsed < this.electionTimeout;
          if (!m.transfer && inLease) return;
        }
        if (m.kind === 'MsgPreVote') {
          // A pre-vote never changes our term.
        } else if (m.kind === 'MsgPreVoteResp' && !m.reject) {
          // Granted pre-votes carry the term we would campaign in; we bump it when we win.
        } else if (m.kind === 'MsgApp' || m.kind === 'MsgHeartbeat' || m.kind === 'MsgSnap') {
          this.becomeFollower(m.term, m.from);
        } else {
          this.becomeFollower(m.term, NONE);
        }
      } else if (m.term < this.term) {
        if ((this.checkQuorum || this.preVote) && (m.kind === 'MsgApp' || m.kind === 'MsgHeartbeat')) {
          // A leader of an older term. Maybe just a delayed message; or this node raised its term
          // while cut off and, since check-quorum / pre-vote keep its votes from deposing anyone,
          // could never rejoin. Answering with our term makes that leader step down.
          this.send({ kind: 'MsgAppResp', from: this.id, to: m.from, term: this.term, index: 0, reject: false, rejectHint: 0, logTerm: 0 });
        } else if (m.kind === 'MsgPreVote' || m.kind === 'MsgVote') {
          // Refuse with our term, so a candidate that fell behind in terms (e.g. while others were
          // pushed up by a node that keeps campaigning) catches up instead of campaigning forever
          // in terms nobody answers.
          const kind = m.kind === 'MsgVote' ? 'MsgVoteResp' : 'MsgPreVoteResp';
          this.send({ kind, from: this.id, to: m.from, term: this.term, reject: true });
        }
        return;
      }
    }

    if (m.kind === 'MsgVote' || m.kind === 'MsgPreVote') {
      this.handleVoteRequest(m);
      return;
    }
    const role = this.role;
    if (role instanceof Leader) this.stepLeader(role, m);
    else if (role instanceof Candidate) this.stepCandidate(role, m);
    else this.stepFollower(m);
  }

  private send(m: Message): void {
    this.msgs.push(m);
  }

  private handleVoteRequest(m: MsgVote): void {
    const respKind = m.kind === 'MsgVote' ? 'MsgVoteResp' : 'MsgPreVoteResp';
    const canVote =
      this.vote === m.from || (this.vote === NONE && this.leaderId === NONE) || (m.kind === 'MsgPreVote' && m.term > this.term);
    if (canVote && this.log.isUpToDate(m.index, m.logTerm)) {
      this.send({ kind: respKind, from: this.id, to: m.from, term: m.term, reject: false });
      if (m.kind === 'MsgVote') {
        this.electionElapsed = 0;
        this.vote = m.from;
      }
    } else {
      this.send({ kind: respKind, from: this.id, to: m.from, term: this.term, reject: true });
    }
  }

  /** Refuses a request: throws to a local caller, ignores a forwarded one silently. */
  private refuse(m: MsgProp | MsgTransferLeader | MsgReadIndex, reason: string): void {
    if (m.from !== this.id) return;
    if (m.kind === 'MsgReadIndex') throw new ReadIndexDropped(reason, this.leaderId);
    throw new ProposalDropped(reason, this.leaderId);
  }

  // --- follower ---

  private stepFollower(m: Message): void {
    switch (m.kind) {
      case 'MsgProp':
        if (this.leaderId === NONE) return this.refuse(m, 'no leader');
        if (this.disableProposalForwarding) return this.refuse(m, 'proposal forwarding is disabled');
        this.send({ ...m, to: this.leaderId });
        return;
      case 'MsgTransferLeader':
      case 'MsgReadIndex':
        if (this.leaderId === NONE) return this.refuse(m, 'no leader');
        this.send({ ...m, to: this.leaderId });
        return;
      case 'MsgApp':
        this.electionElapsed = 0;
        this.leaderId = m.from;
        this.handleAppend(m);
        return;
      case 'MsgHeartbeat':
        this.electionElapsed = 0;
        this.leaderId = m.from;
        this.handleHeartbeat(m);
        return;
      case 'MsgSnap':
        this.electionElapsed = 0;
        this.leaderId = m.from;
        this.handleSnapshot(m);
        return;
      case 'MsgTimeoutNow':
        // The leader hands over: campaign at once, skipping pre-vote and the lease.
        this.hup(true);
        return;
      case 'MsgReadIndexResp':
        this.readStates.push({ index: m.index, context: m.context });
        return;
      default:
        return;
    }
  }

  private handleAppend(m: MsgApp): void {
    if (m.index < this.log.committed) {
      this.send({ kind: 'MsgAppResp', from: this.id, to: m.from, term: this.term, index: this.log.committed, reject: false, rejectHint: 0, logTerm: 0 });
      return;
    }
    const lastNew = this.log.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (lastNew !== undefined) {
      this.send({ kind: 'MsgAppResp', from: this.id, to: m.from, term: this.term, index: lastNew, reject: false, rejectHint: 0, logTerm: 0 });
      return;
    }
    // No (index, logTerm) here. Hint the largest index whose term is ≤ logTerm: every entry between
    // it and m.index must differ from the leader's, so the leader can skip them in one step.
    const [hintIndex, hintTerm] = this.log.findConflictByTerm(Math.min(m.index, this.log.lastIndex()), m.logTerm);
    this.send({ kind: 'MsgAppResp', from: this.id, to: m.from, term: this.term, index: m.index, reject: true, rejectHint: hintIndex, logTerm: hintTerm });
  }

  private handleHeartbeat(m: MsgHeartbeat): void {
    // A leader never sends a commit index past what the follower acknowledged holding.
    if (m.commit > this.log.lastIndex()) throw new InvalidMessage(`heartbeat commit ${m.commit} is past our last index ${this.log.lastIndex()}`);
    this.log.commitTo(m.commit);
    this.send({ kind: 'MsgHeartbeatResp', from: this.id, to: m.from, term: this.term, context: m.context });
  }

  private handleSnapshot(m: MsgSnap): void {
    const installed = this.restore(m.snapshot);
    const index = installed ? this.log.lastIndex() : this.log.committed;
    this.send({ kind: 'MsgAppResp', from: this.id, to: m.from, term: this.term, index, reject: false, rejectHint: 0, logTerm: 0 });
  }

  /** Installs a snapshot if it is news to this node. Returns false when ignored or when the log
   *  already had its last entry (then it only fast-forwards the commit index). */
  private restore(s: Snapshot): boolean {
    const { index, term, confState } = s.metadata;
    if (index <= this.log.committed) return false;
    // The snapshot's membership may predate this node's own addition (a snapshot is taken when the
    // log is compacted, not per follower); the conf change adding it follows in the log.
    let next: Membership;
    try {
      next = Membership.fromConfState(confState);
    } catch (err) {
      if (err instanceof InvalidConfChange) return false;
      throw err;
    }
    if (this.log.matchTerm(index, term)) {
      this.log.commitTo(index);
      return false;
    }
    this.log.restore(s);
    this.switchToConfig(next);
    return true;
  }

  // --- candidate ---

  private stepCandidate(c: Candidate, m: Message): void {
    switch (m.kind) {
      case 'MsgProp':
      case 'MsgTransferLeader':
      case 'MsgReadIndex':
        return this.refuse(m, 'no leader (election in progress)');
      case 'MsgApp':
        this.becomeFollower(m.term, m.from);
        this.handleAppend(m);
        return;
      case 'MsgHeartbeat':
        this.becomeFollower(m.term, m.from);
        this.handleHeartbeat(m);
        return;
      case 'MsgSnap':
        this.becomeFollower(m.term, m.from);
        this.handleSnapshot(m);
        return;
      case 'MsgVoteResp':
      case 'MsgPreVoteResp': {
        if ((c.kind === 'pre-candidate') !== (m.kind === 'MsgPreVoteResp')) return;
        const result = this.poll(c, m.from, !m.reject);
        if (result === 'won') this.onCampaignWon(c);
        else if (result === 'lost') this.becomeFollower(this.term, NONE);
        return;
      }
      default:
        return;
    }
  }

  // --- leader ---

  private stepLeader(l: Leader, m: Message): void {
    switch (m.kind) {
      case 'MsgProp':
        return this.leaderPropose(l, m);
      case 'MsgReadIndex':
        return this.leaderReadIndex(l, m);
      case 'MsgTransferLeader':
        return this.leaderTransfer(l, m);
      case 'MsgAppResp':
        return this.handleAppendResponse(l, m);
      case 'MsgHeartbeatResp':
        return this.handleHeartbeatResponse(l, m);
      default:
        return;
    }
  }

  private leaderPropose(l: Leader, m: MsgProp): void {
    if (m.entries.length === 0) return this.refuse(m, 'empty proposal');
    if (!l.progress.has(this.id)) return this.refuse(m, 'the leader is no longer a member');
    if (l.transferee !== NONE) return this.refuse(m, `leadership is being transferred to ${l.transferee}`);
    let pendingConf = l.pendingConfIndex;
    const last = this.log.lastIndex();
    for (let i = 0; i < m.entries.length; i++) {
      const e = m.entries[i] as Entry;
      if (e.kind !== 'conf-change') continue;
      let cc: ConfChange;
      try {
        cc = decodeConfChange(e.data);
      } catch (err) {
        if (err instanceof CodecError) return this.refuse(m, `malformed conf change: ${err.message}`);
        throw err;
      }
      if (pendingConf > this.log.applied) {
        return this.refuse(m, `conf change at ${pendingConf} is not applied yet (applied ${this.log.applied})`);
      }
      const joint = this.membership.isJoint;
      if (joint && !isLeaveJoint(cc)) return this.refuse(m, 'must leave the joint configuration first');
      if (!joint && isLeaveJoint(cc)) return this.refuse(m, 'not in a joint configuration');
      let next: Membership;
      try {
        next = applyConfChange(this.membership, cc); // validate against the membership it will apply to
      } catch (err) {
        if (err instanceof InvalidConfChange) {
          if (m.from === this.id) throw err;
          return;
        }
        throw err;
      }
      if (!next.incoming.has(this.id)) {
        // A leader that removes itself would hand the group to voters that may not yet know the
        // commit index of the very change, and in a joint configuration could leave them unable to
        // elect anyone. Like TiKV, require a leader transfer first.
        return this.refuse(m, 'the leader cannot remove or demote itself; transfer leadership first');
      }
      pendingConf = last + i + 1;
    }
    l.pendingConfIndex = pendingConf;
    this.appendEntries(l, m.entries);
    this.bcastAppend(l);
  }

  private appendEntries(l: Leader, entries: readonly Entry[]): void {
    const last = this.log.lastIndex();
    const ents = entries.map((e, i): Entry => ({ kind: e.kind, term: this.term, index: last + 1 + i, data: e.data }));
    this.log.append(ents);
    l.progress.get(this.id)?.maybeUpdate(this.log.lastIndex());
    this.commitAndRelease(l);
  }

  /** Advances the commit index to what a quorum holds (current-term entries only); when this is the
   *  leader's first commit in its term, answers the ReadIndex requests that waited for it. */
  private commitAndRelease(l: Leader): boolean {
    const quorumIndex = this.membership.committedIndex((id) => l.progress.get(id)?.match ?? 0);
    if (!Number.isFinite(quorumIndex) || !this.log.maybeCommit(quorumIndex, this.term)) return false;
    if (l.pendingReadIndex.length > 0 && this.committedEntryInCurrentTerm()) {
      const waiting = l.pendingReadIndex.splice(0);
      for (const req of waiting) this.sendReadIndex(l, req);
    }
    return true;
  }

  private committedEntryInCurrentTerm(): boolean {
    return this.log.termOrZero(this.log.committed) === this.term;
  }

  private bcastAppend(l: Leader): void {
    for (const id of this.membership.allIds) {
      if (id !== this.id) this.maybeSendAppend(l, id, true);
    }
  }

  private bcastHeartbeat(l: Leader, context?: Uint8Array): void {
    const ctx = context ?? l.readOnly.lastPendingContext() ?? EMPTY;
    for (const id of this.membership.allIds) {
      if (id === this.id) continue;
      const pr = l.progress.get(id);
      if (pr === undefined) continue;
      // Never tell a follower to commit past what it is known to hold.
      const commit = Math.min(pr.match, this.log.committed);
      this.send({ kind: 'MsgHeartbeat', from: this.id, to: id, term: this.term, commit, context: ctx });
    }
  }

  /** Sends `to` the entries it lacks (or a snapshot when they are compacted). Returns whether a
   *  message went out. With sendIfEmpty false, an empty MsgApp is not worth sending. */
  private maybeSendAppend(l: Leader, to: NodeId, sendIfEmpty: boolean): boolean {
    const pr = l.progress.get(to);
    if (pr === undefined || pr.isPaused()) return false;
    const prevIndex = pr.next - 1;
    let prevTerm: number;
    let ents: Entry[];
    try {
      prevTerm = this.log.term(prevIndex);
      ents = this.log.entries(pr.next, this.maxSizePerMsg);
    } catch (err) {
      if (err instanceof LogCompacted) return this.sendSnapshot(to, pr);
      throw err;
    }
    if (ents.length === 0 && !sendIfEmpty) return false;
    this.send({ kind: 'MsgApp', from: this.id, to, term: this.term, index: prevIndex, logTerm: prevTerm, entries: ents, commit: this.log.committed });
    let bytes = 0;
    for (const e of ents) bytes += entrySize(e);
    pr.sentEntries(prevIndex, ents.length, bytes);
    return true;
  }

  private sendSnapshot(to: NodeId, pr: Progress): boolean {
    // Only to a follower known to be alive: snapshots are expensive.
    if (!pr.recentActive) return false;
    let snap: Snapshot;
    try {
      snap = this.log.snapshot();
    } catch (err) {
      if (err instanceof SnapshotTemporarilyUnavailable) return false;
      throw err;
    }
    if (isEmptySnapshot(snap)) throw new InternalError(`entries for ${to} are compacted but there is no snapshot`);
    this.send({ kind: 'MsgSnap', from: this.id, to, term: this.term, snapshot: snap });
    pr.becomeSnapshot(snap.metadata.index);
    return true;
  }

  private handleAppendResponse(l: Leader, m: MsgAppResp): void {
    const pr = l.progress.get(m.from);
    if (pr === undefined) return;
    pr.recentActive = true;
    if (m.reject) {
      // Back off to where the logs may agree: the follower's hint, refined by our own log when the
      // follower told us the term there (skips every entry of terms the follower does not have).
      let next = m.rejectHint;
      if (m.logTerm > 0) next = this.log.findConflictByTerm(m.rejectHint, m.logTerm)[0];
      if (pr.maybeDecrTo(m.index, next)) {
        if (pr.state === 'replicate') pr.becomeProbe();
        this.maybeSendAppend(l, m.from, true);
      }
      return;
    }
    if (m.index > this.log.lastIndex()) return; // cannot be an answer to anything we sent
    const wasPaused = pr.isPaused();
    // A probe answered at the match we already knew still shows where the logs agree.
    const probeConfirmed = pr.state === 'probe' && pr.match === m.index;
    if (!pr.maybeUpdate(m.index) && !probeConfirmed) return;
    if (pr.state === 'probe') {
      pr.becomeReplicate();
    } else if (pr.state === 'snapshot') {
      if (pr.match + 1 >= this.log.firstIndex()) {
        pr.becomeProbe();
        pr.becomeReplicate();
      }
    } else {
      pr.inflights.freeLE(m.index);
    }
    if (this.commitAndRelease(l)) this.bcastAppend(l);
    else if (wasPaused) this.maybeSendAppend(l, m.from, true);
    while (this.maybeSendAppend(l, m.from, false)) {
      // stream while the window allows
    }
    if (m.from === l.transferee && pr.match === this.log.lastIndex()) this.sendTimeoutNow(m.from);
  }

  private handleHeartbeatResponse(l: Leader, m: MsgHeartbeatResp): void {
    const pr = l.progress.get(m.from);
    if (pr === undefined) return;
    pr.recentActive = true;
    pr.probeSent = false;
    // The follower is alive, so a lost MsgApp may be why the window is full: let one more out.
    if (pr.state === 'replicate' && pr.inflights.full()) pr.inflights.freeFirstOne();
    if (pr.match < this.log.lastIndex()) this.maybeSendAppend(l, m.from, true);

    if (this.readOnlyOption !== 'safe' || m.context.length === 0) return;
    const acks = l.readOnly.recvAck(m.from, m.context);
    if (acks === undefined || this.membership.voteResult(acks) !== 'won') return;
    for (const rs of l.readOnly.advance(m.context)) this.respondReadIndex(rs.request, rs.index);
  }

  private leaderReadIndex(l: Leader, m: MsgReadIndex): void {
    if (this.membership.isSoleVoter(this.id)) {
      this.respondReadIndex(m, this.log.committed);
      return;
    }
    if (!this.committedEntryInCurrentTerm()) {
      // Our commit index may be behind the cluster's until our no-op commits.
      l.pendingReadIndex.push(m);
      return;
    }
    this.sendReadIndex(l, m);
  }

  private sendReadIndex(l: Leader, m: MsgReadIndex): void {
    if (this.readOnlyOption === 'lease-based') {
      this.respondReadIndex(m, this.log.committed);
      return;
    }
    if (!l.readOnly.add(this.log.committed, m)) return;
    const acks = l.readOnly.recvAck(this.id, m.context);
    if (acks !== undefined && this.membership.voteResult(acks) === 'won') {
      for (const rs of l.readOnly.advance(m.context)) this.respondReadIndex(rs.request, rs.index);
      return;
    }
    this.bcastHeartbeat(l, m.context);
  }

  private respondReadIndex(req: MsgReadIndex, index: number): void {
    if (req.from === this.id || req.from === NONE) {
      this.readStates.push({ index, context: req.context });
    } else {
      this.send({ kind: 'MsgReadIndexResp', from: this.id, to: req.from, term: this.term, index, context: req.context });
    }
  }

  private leaderTransfer(l: Leader, m: MsgTransferLeader): void {
    const target = m.transferee;
    if (target === this.id) return; // already leader
    if (!this.membership.isVoter(target)) return this.refuse(m, `transferee ${target} is not a voter`);
    if (l.transferee !== NONE) {
      if (l.transferee === target) return; // already under way
      l.transferee = NONE;
    }
    const pr = l.progress.get(target);
    if (pr === undefined) return this.refuse(m, `no progress for transferee ${target}`);
    l.transferee = target;
    // The transfer must finish within an election timeout, counted from now.
    this.electionElapsed = 0;
    if (pr.match === this.log.lastIndex()) this.sendTimeoutNow(target);
    else this.maybeSendAppend(l, target, true);
  }

  private sendTimeoutNow(to: NodeId): void {
    this.send({ kind: 'MsgTimeoutNow', from: this.id, to, term: this.term });
  }

  // --- membership ---

  /** Applies a committed conf change (call in log order, when applying its entry). Throws
   *  InvalidConfChange, changing nothing, if it is not valid against the current membership. */
  applyConfChange(cc: ConfChange): ConfState {
    const next = applyConfChange(this.membership, cc);
    this.switchToConfig(next);
    return next.toConfState();
  }

  private switchToConfig(next: Membership): void {
    this.membership = next;
    const l = this.role;
    if (!(l instanceof Leader)) return;
    // New members are probed from the last entry (the conf change that added them), so the first
    // MsgApp is not empty and starts the catch-up at once.
    const last = this.log.lastIndex();
    l.reconcile(next, this.id, last, Math.max(last, 1));
    if (!next.isVoter(this.id)) {
      // Removed or demoted by a change an earlier leader proposed (this leader refuses to propose
      // its own removal): a leader outside the configuration would keep deciding for a group it no
      // longer belongs to. Step down; the voters elect a leader among themselves.
      this.becomeFollower(this.term, NONE);
      return;
    }
    // The new quorum may already hold more than the old one did.
    if (this.commitAndRelease(l)) this.bcastAppend(l);
    else for (const id of next.allIds) if (id !== this.id) this.maybeSendAppend(l, id, false);
    if (l.transferee !== NONE && !next.isVoter(l.transferee)) l.transferee = NONE;
  }

  /** The application applied entries up to `index`. */
  appliedTo(index: number): void {
    this.log.appliedTo(index);
    if (this.role instanceof Leader) this.maybeAutoLeave(this.role);
  }

  /** In a joint configuration entered with auto-leave, the leader proposes leaving it as soon as
   *  the entry that entered it is applied. */
  private maybeAutoLeave(l: Leader): void {
    if (!this.membership.autoLeave || l.pendingConfIndex > this.log.applied || l.transferee !== NONE) return;
    if (!this.membership.incoming.has(this.id)) {
      // Leaving would remove us (the joint change was proposed by an earlier leader): hand over to
      // the most up-to-date incoming voter, who will leave the joint configuration itself.
      let best: NodeId = NONE;
      let bestMatch = -1;
      for (const id of this.membership.incomingIds) {
        const match = l.progress.get(id)?.match ?? -1;
        if (match > bestMatch) {
          best = id;
          bestMatch = match;
        }
      }
      if (best !== NONE) this.leaderTransfer(l, { kind: 'MsgTransferLeader', from: NONE, to: this.id, term: 0, transferee: best });
      return;
    }
    const data = encodeConfChange(leaveJointChange());
    this.leaderPropose(l, { kind: 'MsgProp', from: NONE, to: this.id, term: 0, entries: [{ kind: 'conf-change', term: 0, index: 0, data }] });
  }

  // --- requests made of this node ---

  propose(entries: readonly Entry[]): void {
    this.step({ kind: 'MsgProp', from: this.id, to: this.id, term: 0, entries });
  }

  readIndex(context: Uint8Array): void {
    this.step({ kind: 'MsgReadIndex', from: this.id, to: this.id, term: 0, context });
  }

  transferLeader(transferee: NodeId): void {
    this.step({ kind: 'MsgTransferLeader', from: this.id, to: this.id, term: 0, transferee });
  }

  /** The transport could not reach `id`: stop streaming to it optimistically. */
  reportUnreachable(id: NodeId): void {
    const l = this.role;
    if (!(l instanceof Leader)) return;
    const pr = l.progress.get(id);
    if (pr !== undefined && pr.state === 'replicate') pr.becomeProbe();
  }

  /** The snapshot sent to `id` was delivered ('finish') or failed ('failure'). */
  reportSnapshot(id: NodeId, status: 'finish' | 'failure'): void {
    const l = this.role;
    if (!(l instanceof Leader)) return;
    const pr = l.progress.get(id);
    if (pr === undefined || pr.state !== 'snapshot') return;
    if (status === 'failure') pr.pendingSnapshot = 0;
    // Probe again, but wait for the follower's answer (or a heartbeat response) first.
    pr.becomeProbe();
    pr.probeSent = true;
  }

  /** The leader's view of a follower, for status reports and tests. */
  progressOf(id: NodeId): Progress | undefined {
    return this.role instanceof Leader ? this.role.progress.get(id) : undefined;
  }

  get leadTransferee(): NodeId {
    return this.role instanceof Leader ? this.role.transferee : NONE;
  }
}

function validateConfig(r: Raft, config: RaftConfig): void {
  const bad = (what: string): never => {
    throw new InvalidRaftConfig(what);
  };
  if (!Number.isSafeInteger(config.id) || config.id <= 0) bad(`node id must be a positive integer, got ${config.id}`);
  if (!(r.heartbeatTimeout > 0)) bad('heartbeatTick must be positive');
  if (!(r.electionTimeout > r.heartbeatTimeout)) bad('electionTick must be greater than heartbeatTick');
  if ((config.maxInflightMsgs ?? 1) <= 0) bad('maxInflightMsgs must be positive');
  if (r.readOnlyOption === 'lease-based' && !r.checkQuorum) bad('lease-based reads need checkQuorum');
  if (config.applied !== undefined && config.applied < 0) bad('applied must not be negative');
}
