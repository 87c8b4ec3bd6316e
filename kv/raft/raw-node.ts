// RawNode: the raft core behind the tick / step / propose / ready / advance contract the raftstore
// drives. It is synchronous and single-threaded; the application owns the loop:
//
//   loop:
//     node.tick()                      every tick interval (the only clock)
//     node.step(msg)                   for every message that arrives from a peer
//     node.propose(data) / readIndex(ctx) / proposeConfChange(cc) / transferLeader(id)
//     while node.hasReady():
//       rd = node.ready()
//       1. persist rd.snapshot (if any), then rd.entries, then rd.hardState
//          (fsync when rd.mustSync)
//       2. send rd.messages            (only after step 1: they may promise what was persisted)
//       3. apply rd.snapshot, then rd.committedEntries in order; for a 'conf-change' entry call
//          node.applyConfChange(decodeConfChange(entry.data)) (if it throws InvalidConfChange the
//          entry is a no-op on every node alike)
//       4. serve rd.readStates         (each is safe to read once step 3 is done)
//       5. node.advance(rd)
//
// A Ready holds only what changed since the previous one; exactly one may be outstanding.
// ReadStates are released only once their index is applied (by this Ready's committed entries at
// the latest), so the application may serve them as soon as it has applied the Ready.
import { InternalError } from '../../util/errors.js';
import type { ConfChange } from './conf-change.js';
import { encodeConfChange } from './encoding.js';
import { InvalidMessage } from './errors.js';
import {
  hardStateEqual,
  NONE,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  type NodeId,
  type ReadState,
  type Snapshot,
  type SoftState,
} from './messages.js';
import type { ProgressState } from './progress.js';
import { Raft, type RaftConfig } from './raft.js';
import type { Storage } from './storage.js';

export interface Ready {
  /** Present when the leader or this node's role changed. */
  readonly softState?: SoftState;
  /** Present when term, vote or commit changed: persist it. */
  readonly hardState?: HardState;
  /** Answered ReadIndex requests, each servable once this Ready is applied. */
  readonly readStates: readonly ReadState[];
  /** Entries to append to the persisted log (they may replace a suffix of it). */
  readonly entries: readonly Entry[];
  /** A snapshot from the leader to persist and install, before the entries. */
  readonly snapshot?: Snapshot;
  /** Committed entries to apply, in order. */
  readonly committedEntries: readonly Entry[];
  /** Messages to send once the entries and hard state are persisted. */
  readonly messages: readonly Message[];
  /** Whether the writes must be synced to disk (entries, term or vote changed) before sending. */
  readonly mustSync: boolean;
}

export interface ProgressStatus {
  readonly match: number;
  readonly next: number;
  readonly state: ProgressState;
  readonly pendingSnapshot: number;
  readonly recentActive: boolean;
  readonly paused: boolean;
  readonly inflight: number;
  readonly isLearner: boolean;
}

export interface Status {
  readonly id: NodeId;
  readonly hardState: HardState;
  readonly softState: SoftState;
  readonly applied: number;
  readonly firstIndex: number;
  readonly lastIndex: number;
  readonly confState: ConfState;
  readonly leadTransferee: NodeId;
  /** The leader's view of every member; only on the leader. */
  readonly progress?: ReadonlyMap<NodeId, ProgressStatus>;
}

export class RawNode {
  private readonly raft: Raft;
  private prevSoft: SoftState;
  private prevHard: HardState;
  private pendingReadStates: ReadState[] = [];
  private outstanding: Ready | undefined = undefined;

  constructor(config: RaftConfig, storage: Storage) {
    this.raft = new Raft(config, storage);
    this.prevSoft = this.raft.softState();
    this.prevHard = storage.initialState().hardState;
  }

  get id(): NodeId {
    return this.raft.id;
  }

  /** Advances the logical clock by one tick. */
  tick(): void {
    this.raft.tick();
  }

  /** Campaigns now (pre-vote first when enabled), if this node is a voter and not the leader. */
  campaign(): void {
    this.raft.hup(false);
  }

  /** Proposes application data. Throws ProposalDropped when there is no leader to take it (or the
   *  leader is handing over leadership); success means only that it was accepted for replication. */
  propose(data: Uint8Array): void {
    this.raft.propose([{ kind: 'normal', term: 0, index: 0, data }]);
  }

  /** Proposes a membership change (see conf-change.ts). On the leader it is refused while a
   *  previous one is not applied yet (ProposalDropped) or when invalid (InvalidConfChange). */
  proposeConfChange(cc: ConfChange): void {
    this.raft.propose([{ kind: 'conf-change', term: 0, index: 0, data: encodeConfChange(cc) }]);
  }

  /** Applies a committed conf change; returns the new membership to persist with the apply state. */
  applyConfChange(cc: ConfChange): ConfState {
    return this.raft.applyConfChange(cc);
  }

  /** Asks the leader to hand leadership to `transferee` (forwarded when this node is a follower). */
  transferLeader(transferee: NodeId): void {
    this.raft.transferLeader(transferee);
  }

  /** Requests a linearizable read point; the answer comes back as a ReadState with this context.
   *  Contexts must be unique among outstanding requests. Throws ReadIndexDropped with no leader. */
  readIndex(context: Uint8Array): void {
    this.raft.readIndex(context);
  }

  /** Feeds a message from a peer. Throws InvalidMessage (changing nothing) when it is not shaped
   *  like anything a correct peer sends. */
  step(m: Message): void {
    validateMessage(m, this.raft.id);
    this.raft.step(m);
  }

  reportUnreachable(id: NodeId): void {
    this.raft.reportUnreachable(id);
  }

  reportSnapshot(id: NodeId, status: 'finish' | 'failure'): void {
    this.raft.reportSnapshot(id, status);
  }

  hasReady(): boolean {
    const r = this.raft;
    const soft = r.softState();
    if (soft.leaderId !== this.prevSoft.leaderId || soft.role !== this.prevSoft.role) return true;
    if (!hardStateEqual(r.hardState(), this.prevHard)) return true;
    if (r.log.unstable.snapshot !== undefined || r.log.unstable.entries.length > 0) return true;
    if (r.msgs.length > 0 || r.log.hasNextCommittedEntries()) return true;
    const applied = r.log.applied;
    return this.pendingReadStates.some((rs) => rs.index <= applied) || r.readStates.some((rs) => rs.index <= applied);
  }

  ready(): Ready {
    if (this.outstanding !== undefined) throw new InternalError('ready() called before advance() of the previous Ready');
    const r = this.raft;
    const soft = r.softState();
    const hard = r.hardState();
    const entries = r.log.unstableEntries();
    const snapshot = r.log.unstable.snapshot;
    const committedEntries = r.log.nextCommittedEntries();
    const messages = r.takeMessages();

    let appliedAfter = r.log.applied;
    if (snapshot !== undefined) appliedAfter = Math.max(appliedAfter, snapshot.metadata.index);
    const lastCommitted = committedEntries[committedEntries.length - 1];
    if (lastCommitted !== undefined) appliedAfter = Math.max(appliedAfter, lastCommitted.index);
    this.pendingReadStates.push(...r.takeReadStates());
    const readStates = this.pendingReadStates.filter((rs) => rs.index <= appliedAfter);
    if (readStates.length > 0) this.pendingReadStates = this.pendingReadStates.filter((rs) => rs.index > appliedAfter);

    const softChanged = soft.leaderId !== this.prevSoft.leaderId || soft.role !== this.prevSoft.role;
    const hardChanged = !hardStateEqual(hard, this.prevHard);
    const rd: Ready = {
      ...(softChanged ? { softState: soft } : {}),
      ...(hardChanged ? { hardState: hard } : {}),
      ...(snapshot !== undefined ? { snapshot } : {}),
      readStates,
      entries,
      committedEntries,
      messages,
      mustSync: entries.length > 0 || hard.term !== this.prevHard.term || hard.vote !== this.prevHard.vote,
    };
    this.outstanding = rd;
    return rd;
  }

  /** The application has persisted, sent and applied `rd`. */
  advance(rd: Ready): void {
    if (rd !== this.outstanding) throw new InternalError('advance() with a Ready that is not the outstanding one');
    this.outstanding = undefined;
    const log = this.raft.log;
    if (rd.softState !== undefined) this.prevSoft = rd.softState;
    if (rd.hardState !== undefined) this.prevHard = rd.hardState;
    let applied = 0;
    if (rd.snapshot !== undefined) {
      log.stableSnapTo(rd.snapshot.metadata.index);
      applied = rd.snapshot.metadata.index;
    }
    const lastEntry = rd.entries[rd.entries.length - 1];
    if (lastEntry !== undefined) log.stableTo(lastEntry.index, lastEntry.term);
    const lastCommitted = rd.committedEntries[rd.committedEntries.length - 1];
    if (lastCommitted !== undefined) applied = Math.max(applied, lastCommitted.index);
    if (applied > log.applied) this.raft.appliedTo(applied);
  }

  /** The cheap part of status(), for the raftstore's hot paths: the current term, the index of
   *  the last entry (persisted or not: where a proposal that was just accepted sits), who leads,
   *  and the leader's transfer target (0 when none). */
  basicStatus(): { readonly term: number; readonly lastIndex: number; readonly commit: number; readonly leaderId: NodeId; readonly role: SoftState['role']; readonly leadTransferee: NodeId } {
    const r = this.raft;
    return { term: r.term, lastIndex: r.log.lastIndex(), commit: r.log.committed, leaderId: r.leaderId, role: r.stateRole, leadTransferee: r.leadTransferee };
  }

  status(): Status {
    const r = this.raft;
    let progress: Map<NodeId, ProgressStatus> | undefined;
    if (r.stateRole === 'leader') {
      progress = new Map();
      for (const id of r.membership.allIds) {
        const pr = r.progressOf(id);
        if (pr === undefined) continue;
        progress.set(id, {
          match: pr.match,
          next: pr.next,
          state: pr.state,
          pendingSnapshot: pr.pendingSnapshot,
          recentActive: pr.recentActive,
          paused: pr.isPaused(),
          inflight: pr.inflights.count,
          isLearner: pr.isLearner,
        });
      }
    }
    return {
      id: r.id,
      hardState: r.hardState(),
      softState: r.softState(),
      applied: r.log.applied,
      firstIndex: r.log.firstIndex(),
      lastIndex: r.log.lastIndex(),
      confState: r.membership.toConfState(),
      leadTransferee: r.leadTransferee,
      ...(progress !== undefined ? { progress } : {}),
    };
  }
}

/** Rejects messages no correct peer sends, before they can reach the state machine. */
export function validateMessage(m: Message, self: NodeId): void {
  const bad = (what: string): never => {
    throw new InvalidMessage(`${m.kind} from ${m.from}: ${what}`);
  };
  if (m.to !== self) bad(`addressed to ${m.to}, not ${self}`);
  if (m.from === NONE) bad('no sender');
  if (m.kind === 'MsgApp') {
    if (m.logTerm > m.term) bad(`log term ${m.logTerm} above the message term ${m.term}`);
    let prevTerm = m.logTerm;
    for (let i = 0; i < m.entries.length; i++) {
      const e = m.entries[i] as Entry;
      if (e.index !== m.index + 1 + i) bad(`entry ${i} has index ${e.index}, expected ${m.index + 1 + i}`);
      if (e.term < prevTerm || e.term > m.term || e.term === 0) bad(`entry ${e.index} has term ${e.term} out of order`);
      prevTerm = e.term;
    }
  } else if (m.kind === 'MsgSnap') {
    const { index, term } = m.snapshot.metadata;
    if (index === 0 || term === 0 || term > m.term) bad(`snapshot at index ${index} term ${term} is not valid`);
  }
}
