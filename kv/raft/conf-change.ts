// Membership changes: what a conf-change entry says, and how it turns one Membership into the next.
//
// One ConfChange carries a list of single changes and a transition:
//   - no changes                     → leave the joint configuration (C_old,new → C_new)
//   - one change, transition 'auto'  → a simple change, applied directly; it may alter at most one
//                                      voter, which keeps every old majority overlapping every new one
//   - otherwise                      → enter joint consensus (C_old → C_old,new): decisions need a
//                                      majority of both halves until the joint config is left;
//                                      'auto' and 'joint-implicit' leave it automatically (the leader
//                                      proposes the empty change once the entry is applied),
//                                      'joint-explicit' waits for the application to propose it.
//
//   C_old ──enter joint──▶ C_old ∧ C_new ──leave joint──▶ C_new
//
// A change takes effect when the application applies the committed entry (RawNode.applyConfChange)
// on every node, so all nodes switch at the same log position. The leader accepts a new one only
// after the previous one is applied. Errors (InvalidConfChange) leave the membership unchanged.
import { InvalidConfChange } from './errors.js';
import { Membership } from './membership.js';
import type { NodeId } from './messages.js';

export type ConfChangeType = 'add-voter' | 'add-learner' | 'remove';

export interface ConfChangeSingle {
  readonly type: ConfChangeType;
  readonly nodeId: NodeId;
}

export type ConfChangeTransition = 'auto' | 'joint-implicit' | 'joint-explicit';

export interface ConfChange {
  readonly transition: ConfChangeTransition;
  readonly changes: readonly ConfChangeSingle[];
  /** Opaque to raft; the raftstore puts the peer's address / region epoch here. */
  readonly context: Uint8Array;
}

export function confChange(changes: readonly ConfChangeSingle[], transition: ConfChangeTransition = 'auto', context = new Uint8Array(0)): ConfChange {
  return { transition, changes, context };
}

export const addVoter = (nodeId: NodeId): ConfChangeSingle => ({ type: 'add-voter', nodeId });
export const addLearner = (nodeId: NodeId): ConfChangeSingle => ({ type: 'add-learner', nodeId });
export const removeNode = (nodeId: NodeId): ConfChangeSingle => ({ type: 'remove', nodeId });

/** The empty change that leaves a joint configuration. */
export function leaveJointChange(): ConfChange {
  return confChange([]);
}

export function isLeaveJoint(cc: ConfChange): boolean {
  return cc.changes.length === 0;
}

/** Whether the change enters a joint configuration, and if so whether it leaves it automatically. */
export function entersJoint(cc: ConfChange): { joint: boolean; autoLeave: boolean } {
  if (cc.changes.length === 0) return { joint: false, autoLeave: false };
  if (cc.transition === 'auto' && cc.changes.length === 1) return { joint: false, autoLeave: false };
  return { joint: true, autoLeave: cc.transition !== 'joint-explicit' };
}

/** The membership after `cc`. Throws InvalidConfChange (and changes nothing) when it is not allowed. */
export function applyConfChange(m: Membership, cc: ConfChange): Membership {
  if (isLeaveJoint(cc)) return leaveJoint(m);
  const { joint, autoLeave } = entersJoint(cc);
  return joint ? enterJoint(m, autoLeave, cc.changes) : applySimple(m, cc.changes);
}

interface Draft {
  incoming: Set<NodeId>;
  outgoing: Set<NodeId>;
  learners: Set<NodeId>;
  learnersNext: Set<NodeId>;
}

function draftOf(m: Membership): Draft {
  return {
    incoming: new Set(m.incoming),
    outgoing: new Set(m.outgoing),
    learners: new Set(m.learners),
    learnersNext: new Set(m.learnersNext),
  };
}

function applyChanges(d: Draft, changes: readonly ConfChangeSingle[]): void {
  for (const c of changes) {
    const id = c.nodeId;
    if (!Number.isSafeInteger(id) || id <= 0) throw new InvalidConfChange(`invalid node id ${id}`);
    switch (c.type) {
      case 'add-voter':
        d.incoming.add(id);
        d.learners.delete(id);
        d.learnersNext.delete(id);
        break;
      case 'add-learner':
        if (d.learners.has(id) || d.learnersNext.has(id)) break;
        d.incoming.delete(id);
        // A voter of the outgoing half stays a voter there until the joint config is left.
        if (d.outgoing.has(id)) d.learnersNext.add(id);
        else d.learners.add(id);
        break;
      case 'remove':
        d.incoming.delete(id);
        d.learners.delete(id);
        d.learnersNext.delete(id);
        break;
    }
  }
  if (d.incoming.size === 0) throw new InvalidConfChange('removed all voters');
}

function finish(d: Draft, autoLeave: boolean): Membership {
  const m = new Membership(d.incoming, d.outgoing, d.learners, d.learnersNext, autoLeave);
  m.validate();
  return m;
}

export function applySimple(m: Membership, changes: readonly ConfChangeSingle[]): Membership {
  if (m.isJoint) throw new InvalidConfChange('cannot apply a simple change in a joint configuration');
  const d = draftOf(m);
  applyChanges(d, changes);
  let changed = 0;
  for (const id of d.incoming) if (!m.incoming.has(id)) changed++;
  for (const id of m.incoming) if (!d.incoming.has(id)) changed++;
  if (changed > 1) throw new InvalidConfChange('more than one voter changed without joint consensus');
  return finish(d, false);
}

export function enterJoint(m: Membership, autoLeave: boolean, changes: readonly ConfChangeSingle[]): Membership {
  if (m.isJoint) throw new InvalidConfChange('already in a joint configuration');
  if (m.incoming.size === 0) throw new InvalidConfChange('cannot make a zero-voter configuration joint');
  const d = draftOf(m);
  d.outgoing = new Set(m.incoming);
  applyChanges(d, changes);
  return finish(d, autoLeave);
}

export function leaveJoint(m: Membership): Membership {
  if (!m.isJoint) throw new InvalidConfChange('not in a joint configuration');
  const d = draftOf(m);
  for (const id of d.learnersNext) d.learners.add(id);
  d.learnersNext.clear();
  d.outgoing.clear();
  return finish(d, false);
}
