// The membership of a raft group as the core works with it: voters of the incoming config, voters
// of the outgoing config (non-empty only while in joint consensus), learners, and learnersNext
// (outgoing voters that turn into learners when the joint config is left). Immutable: a conf
// change produces a new Membership (conf-change.ts). Converts to and from the persisted ConfState.
//
// Invariants (checked by `validate`): learners are not voters of either half; learnersNext are
// outgoing voters and not incoming ones; learnersNext and autoLeave are only set in a joint config.
import { InvalidConfChange } from './errors.js';
import type { ConfState, NodeId } from './messages.js';
import { jointCommitted, jointVoteResult, type VoteResult } from './quorum.js';

function sorted(ids: Iterable<NodeId>): NodeId[] {
  return [...ids].sort((a, b) => a - b);
}

export class Membership {
  readonly incomingIds: readonly NodeId[];
  readonly outgoingIds: readonly NodeId[];
  /** Voters of either half, ascending. */
  readonly voterIds: readonly NodeId[];
  /** Every member (voters and learners), ascending: the peers a leader replicates to. */
  readonly allIds: readonly NodeId[];

  constructor(
    readonly incoming: ReadonlySet<NodeId>,
    readonly outgoing: ReadonlySet<NodeId>,
    readonly learners: ReadonlySet<NodeId>,
    readonly learnersNext: ReadonlySet<NodeId>,
    readonly autoLeave: boolean,
  ) {
    this.incomingIds = sorted(incoming);
    this.outgoingIds = sorted(outgoing);
    this.voterIds = sorted(new Set([...incoming, ...outgoing]));
    this.allIds = sorted(new Set([...incoming, ...outgoing, ...learners, ...learnersNext]));
  }

  static empty(): Membership {
    return new Membership(new Set(), new Set(), new Set(), new Set(), false);
  }

  static fromConfState(cs: ConfState): Membership {
    const m = new Membership(new Set(cs.voters), new Set(cs.votersOutgoing), new Set(cs.learners), new Set(cs.learnersNext), cs.autoLeave);
    m.validate();
    return m;
  }

  toConfState(): ConfState {
    return {
      voters: this.incomingIds,
      learners: sorted(this.learners),
      votersOutgoing: this.outgoingIds,
      learnersNext: sorted(this.learnersNext),
      autoLeave: this.autoLeave,
    };
  }

  validate(): void {
    for (const id of this.allIds) {
      if (!Number.isSafeInteger(id) || id <= 0) throw new InvalidConfChange(`invalid node id ${id}`);
    }
    for (const id of this.learners) {
      if (this.incoming.has(id) || this.outgoing.has(id)) throw new InvalidConfChange(`${id} is both a learner and a voter`);
    }
    for (const id of this.learnersNext) {
      if (!this.outgoing.has(id)) throw new InvalidConfChange(`${id} is in learnersNext but not an outgoing voter`);
      if (this.incoming.has(id)) throw new InvalidConfChange(`${id} is in learnersNext and an incoming voter`);
      if (this.learners.has(id)) throw new InvalidConfChange(`${id} is in learnersNext and a learner`);
    }
    if (!this.isJoint && (this.learnersNext.size > 0 || this.autoLeave)) {
      throw new InvalidConfChange('learnersNext and autoLeave need a joint configuration');
    }
  }

  get isJoint(): boolean {
    return this.outgoing.size > 0;
  }

  isVoter(id: NodeId): boolean {
    return this.incoming.has(id) || this.outgoing.has(id);
  }

  isLearner(id: NodeId): boolean {
    return this.learners.has(id) || this.learnersNext.has(id);
  }

  isMember(id: NodeId): boolean {
    return this.isVoter(id) || this.isLearner(id);
  }

  /** True when `id` alone makes every quorum (a single-voter group). */
  isSoleVoter(id: NodeId): boolean {
    return !this.isJoint && this.incoming.size === 1 && this.incoming.has(id);
  }

  committedIndex(matchOf: (id: NodeId) => number): number {
    return jointCommitted(this.incomingIds, this.outgoingIds, matchOf);
  }

  voteResult(votes: ReadonlyMap<NodeId, boolean>): VoteResult {
    return jointVoteResult(this.incomingIds, this.outgoingIds, votes);
  }

  toString(): string {
    const part = (ids: Iterable<NodeId>): string => sorted(ids).join(',');
    let s = `voters=(${part(this.incoming)})`;
    if (this.isJoint) s += `&&(${part(this.outgoing)})`;
    if (this.learners.size > 0) s += ` learners=(${part(this.learners)})`;
    if (this.learnersNext.size > 0) s += ` learners_next=(${part(this.learnersNext)})`;
    if (this.autoLeave) s += ' autoleave';
    return s;
  }
}
