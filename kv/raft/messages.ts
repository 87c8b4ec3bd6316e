// The vocabulary of the raft core: log entries, the persisted hard state, the membership as it is
// persisted (ConfState), snapshots, and the messages peers exchange. All are plain readonly objects;
// messages are `kind`-tagged so a `switch (m.kind)` narrows them. Payloads are Uint8Array.
// encoding.ts turns them into bytes for the raftstore's transport and log storage.
//
// Index and term are JavaScript numbers (safe integers; 2^53 entries is more than any log will see).
// Node ids are positive integers; 0 (NONE) means "nobody" (no vote, no known leader).

export type NodeId = number;

/** "Nobody": no vote cast, no leader known. */
export const NONE: NodeId = 0;

/** A normal entry carries application data (empty data = the no-op a new leader appends);
 *  a conf-change entry carries an encoded ConfChange (see conf-change.ts). */
export type EntryKind = 'normal' | 'conf-change';

export interface Entry {
  readonly kind: EntryKind;
  readonly term: number;
  readonly index: number;
  readonly data: Uint8Array;
}

/** What must be on disk before a message that depends on it is sent. */
export interface HardState {
  readonly term: number;
  readonly vote: NodeId;
  readonly commit: number;
}

export const EMPTY_HARD_STATE: HardState = { term: 0, vote: NONE, commit: 0 };

/** The membership as persisted in snapshots and returned by applyConfChange. `votersOutgoing` is
 *  non-empty only in a joint configuration; `learnersNext` holds voters of the outgoing config
 *  that become learners when the joint configuration is left. */
export interface ConfState {
  readonly voters: readonly NodeId[];
  readonly learners: readonly NodeId[];
  readonly votersOutgoing: readonly NodeId[];
  readonly learnersNext: readonly NodeId[];
  readonly autoLeave: boolean;
}

export const EMPTY_CONF_STATE: ConfState = { voters: [], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };

export interface SnapshotMetadata {
  /** The last log index the snapshot covers, and its term. */
  readonly index: number;
  readonly term: number;
  /** The membership as of `index`. */
  readonly confState: ConfState;
}

export interface Snapshot {
  readonly data: Uint8Array;
  readonly metadata: SnapshotMetadata;
}

export const EMPTY_SNAPSHOT: Snapshot = {
  data: new Uint8Array(0),
  metadata: { index: 0, term: 0, confState: EMPTY_CONF_STATE },
};

/** The result of a ReadIndex request: once the node has applied `index`, a read made then is
 *  linearizable. `context` is the request's id as the caller gave it. */
export interface ReadState {
  readonly index: number;
  readonly context: Uint8Array;
}

export type StateRole = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

/** Volatile state worth reporting: who leads, and what this node is. */
export interface SoftState {
  readonly leaderId: NodeId;
  readonly role: StateRole;
}

interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  /** The sender's term; 0 for the request kinds (MsgProp, MsgReadIndex, MsgTransferLeader),
   *  which are not part of the protocol's term logic. */
  readonly term: number;
}

/** Leader → follower: entries after (index, logTerm), and the leader's commit index. */
export interface MsgApp extends Envelope {
  readonly kind: 'MsgApp';
  readonly index: number;
  readonly logTerm: number;
  readonly entries: readonly Entry[];
  readonly commit: number;
}

/** Follower → leader. Accepted: the follower's log matches the leader's up to `index`.
 *  Rejected: no entry (index, logTerm of the MsgApp) here; (rejectHint, logTerm) is the follower's
 *  best guess of where the logs may agree, so the leader skips whole terms when backing off. */
export interface MsgAppResp extends Envelope {
  readonly kind: 'MsgAppResp';
  readonly index: number;
  readonly reject: boolean;
  readonly rejectHint: number;
  readonly logTerm: number;
}

/** Candidate → voter. A pre-vote carries the term the candidate would campaign in (term + 1) and
 *  changes nobody's term. `transfer` marks a campaign started by leader transfer, which voters
 *  grant even while they still hear from a leader. */
export interface MsgVote extends Envelope {
  readonly kind: 'MsgVote' | 'MsgPreVote';
  readonly index: number;
  readonly logTerm: number;
  readonly transfer: boolean;
}

export interface MsgVoteResp extends Envelope {
  readonly kind: 'MsgVoteResp' | 'MsgPreVoteResp';
  readonly reject: boolean;
}

/** Leader → follower whose next entries are compacted away. */
export interface MsgSnap extends Envelope {
  readonly kind: 'MsgSnap';
  readonly snapshot: Snapshot;
}

/** Leader → peer: "I am still leader"; carries the commit index the peer is known to be able to
 *  hold, and the context of the latest pending ReadIndex round (empty when none). */
export interface MsgHeartbeat extends Envelope {
  readonly kind: 'MsgHeartbeat';
  readonly commit: number;
  readonly context: Uint8Array;
}

export interface MsgHeartbeatResp extends Envelope {
  readonly kind: 'MsgHeartbeatResp';
  readonly context: Uint8Array;
}

/** A proposal forwarded by a follower to its leader (entries without index and term yet). */
export interface MsgProp extends Envelope {
  readonly kind: 'MsgProp';
  readonly entries: readonly Entry[];
}

/** A request to hand leadership to `transferee`, forwarded to the leader. */
export interface MsgTransferLeader extends Envelope {
  readonly kind: 'MsgTransferLeader';
  readonly transferee: NodeId;
}

/** Leader → transferee: "campaign now", skipping pre-vote and the leader lease. */
export interface MsgTimeoutNow extends Envelope {
  readonly kind: 'MsgTimeoutNow';
}

/** A ReadIndex request forwarded by a follower to its leader. */
export interface MsgReadIndex extends Envelope {
  readonly kind: 'MsgReadIndex';
  readonly context: Uint8Array;
}

export interface MsgReadIndexResp extends Envelope {
  readonly kind: 'MsgReadIndexResp';
  readonly index: number;
  readonly context: Uint8Array;
}

export type Message =
  | MsgApp
  | MsgAppResp
  | MsgVote
  | MsgVoteResp
  | MsgSnap
  | MsgHeartbeat
  | MsgHeartbeatResp
  | MsgProp
  | MsgTransferLeader
  | MsgTimeoutNow
  | MsgReadIndex
  | MsgReadIndexResp;

export type MessageKind = Message['kind'];

/** Every message kind, in wire-code order (encoding.ts uses the position as the kind byte). */
export const MESSAGE_KINDS: readonly MessageKind[] = [
  'MsgApp',
  'MsgAppResp',
  'MsgVote',
  'MsgVoteResp',
  'MsgPreVote',
  'MsgPreVoteResp',
  'MsgSnap',
  'MsgHeartbeat',
  'MsgHeartbeatResp',
  'MsgProp',
  'MsgTransferLeader',
  'MsgTimeoutNow',
  'MsgReadIndex',
  'MsgReadIndexResp',
];

/** The kinds that are client requests rather than protocol steps: they carry term 0 and skip the
 *  term checks of `step`. */
export function isRequestKind(kind: MessageKind): boolean {
  return kind === 'MsgProp' || kind === 'MsgReadIndex' || kind === 'MsgTransferLeader';
}

/** The size of an entry for flow control (max size per message, max committed size per ready). */
export function entrySize(e: Entry): number {
  return e.data.length + 16;
}

export function isEmptySnapshot(s: Snapshot): boolean {
  return s.metadata.index === 0;
}

export function hardStateEqual(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}
