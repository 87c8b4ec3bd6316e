// The three roles a node can be in, as types. What only a leader knows (one Progress per peer, the
// pending ReadIndex rounds, the leadership transfer in progress, the index of the last conf change
// it proposed) lives in the Leader object and nowhere else, so it is created on election and
// dropped on step-down, and no code can touch it while the node is not leader. A Candidate holds
// the votes of its campaign; a pre-candidate is a Candidate whose campaign is a pre-vote.
import type { Membership } from './membership.js';
import { NONE, type MsgReadIndex, type NodeId } from './messages.js';
import { Progress } from './progress.js';
import { ReadOnly } from './read-only.js';

export class Follower {
  readonly kind = 'follower';
}

export class Candidate {
  readonly votes = new Map<NodeId, boolean>();
  constructor(readonly kind: 'candidate' | 'pre-candidate') {}
}

export interface FlowControl {
  readonly maxInflightMsgs: number;
  readonly maxInflightBytes: number;
}

export class Leader {
  readonly kind = 'leader';
  readonly progress = new Map<NodeId, Progress>();
  readonly readOnly = new ReadOnly();
  /** ReadIndex requests that arrived before this leader committed an entry of its own term (until
   *  then its commit index may be behind the cluster's). */
  readonly pendingReadIndex: MsgReadIndex[] = [];
  /** The peer leadership is being handed to, or NONE. Proposals are refused meanwhile. */
  transferee: NodeId = NONE;
  /** The log index of the latest conf change this leader may have proposed; a new one is accepted
   *  only once the applied index has passed it. */
  pendingConfIndex = 0;

  constructor(private readonly flow: FlowControl) {}

  /** Brings the progress map in line with a membership: new members start probing at `next`
   *  (and count as recently active, so check-quorum does not fire at once); this node's own
   *  progress matches `lastIndex`. */
  reconcile(m: Membership, selfId: NodeId, lastIndex: number, next: number): void {
    for (const id of [...this.progress.keys()]) {
      if (!m.isMember(id)) this.progress.delete(id);
    }
    for (const id of m.allIds) {
      const pr = this.progress.get(id);
      if (pr !== undefined) {
        pr.isLearner = m.isLearner(id);
        continue;
      }
      const fresh = new Progress(0, next, this.flow.maxInflightMsgs, m.isLearner(id), this.flow.maxInflightBytes);
      fresh.recentActive = true;
      if (id === selfId) {
        fresh.match = lastIndex;
        fresh.becomeReplicate();
      }
      this.progress.set(id, fresh);
    }
  }
}

export type Role = Follower | Candidate | Leader;
