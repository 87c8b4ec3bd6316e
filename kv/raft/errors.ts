// Typed errors of the raft core. Each has a stable `code`; the raftstore maps them to region errors
// (ProposalDropped → NotLeader with the leader it knows, so the client retries there) and logs the
// rest. The core never throws for conditions a peer can cause over the wire: a malformed or stale
// message is ignored or rejected with InvalidMessage before it can touch any state.
import { StrataError } from '../../util/errors.js';
import type { NodeId } from './messages.js';

/** A proposal (entry, conf change, leader transfer) that this node cannot accept now. Retry after
 *  the leader is known; `leaderId` is the leader this node knows of (0 when none). */
export class ProposalDropped extends StrataError {
  readonly code = 'KV:Raft:ProposalDropped';
  override readonly retryable = true;
  constructor(
    readonly reason: string,
    readonly leaderId: NodeId,
  ) {
    super(`raft proposal dropped: ${reason}${leaderId !== 0 ? ` (leader is ${leaderId})` : ''}`);
  }
}

/** A ReadIndex request that this node cannot serve now (no leader known). */
export class ReadIndexDropped extends StrataError {
  readonly code = 'KV:Raft:ReadIndexDropped';
  override readonly retryable = true;
  constructor(
    readonly reason: string,
    readonly leaderId: NodeId,
  ) {
    super(`raft read index dropped: ${reason}`);
  }
}

/** The requested log index is at or below the storage's compaction point (only a snapshot has it). */
export class LogCompacted extends StrataError {
  readonly code = 'KV:Raft:LogCompacted';
  constructor(readonly index: number) {
    super(`raft log index ${index} is compacted`);
  }
}

/** The requested log index is above the last index of the log. */
export class LogUnavailable extends StrataError {
  readonly code = 'KV:Raft:LogUnavailable';
  constructor(readonly index: number) {
    super(`raft log index ${index} is unavailable`);
  }
}

/** A snapshot older than the one the storage already has. */
export class SnapshotOutOfDate extends StrataError {
  readonly code = 'KV:Raft:SnapshotOutOfDate';
  constructor(
    readonly index: number,
    readonly current: number,
  ) {
    super(`raft snapshot at ${index} is older than the current one at ${current}`);
  }
}

/** The storage is still building a snapshot; the leader tries again later. */
export class SnapshotTemporarilyUnavailable extends StrataError {
  readonly code = 'KV:Raft:SnapshotTemporarilyUnavailable';
  override readonly retryable = true;
  constructor() {
    super('raft snapshot is temporarily unavailable');
  }
}

/** A membership change that would break a configuration invariant (e.g. remove every voter, or
 *  change two voters without joint consensus). Nothing changed. */
export class InvalidConfChange extends StrataError {
  readonly code = 'KV:Raft:InvalidConfChange';
}

/** A RaftConfig that cannot work (zero id, election tick not above heartbeat tick, …). */
export class InvalidRaftConfig extends StrataError {
  readonly code = 'KV:Raft:InvalidConfig';
}

/** A message that decodes but breaks the protocol's shape (wrong recipient, entries that are not
 *  contiguous, …). It was not applied. */
export class InvalidMessage extends StrataError {
  readonly code = 'KV:Raft:InvalidMessage';
}
