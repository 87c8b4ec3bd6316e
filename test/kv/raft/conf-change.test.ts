// The membership changer: simple changes, entering and leaving joint consensus, learners, and the
// changes it refuses.
import { describe, expect, it } from 'vitest';
import { addLearner, addVoter, applyConfChange, applySimple, confChange, entersJoint, leaveJointChange, removeNode, type ConfChange } from '../../../kv/raft/conf-change.js';
import { InvalidConfChange } from '../../../kv/raft/errors.js';
import { Membership } from '../../../kv/raft/membership.js';

const m = (voters: number[], learners: number[] = []): Membership =>
  Membership.fromConfState({ voters, learners, votersOutgoing: [], learnersNext: [], autoLeave: false });

function run(start: Membership, ...ccs: ConfChange[]): string {
  let cur = start;
  for (const cc of ccs) cur = applyConfChange(cur, cc);
  return cur.toString();
}

describe('raft membership changes (changer)', () => {
  it.each([
    { name: 'adds a voter', cc: confChange([addVoter(4)]), want: 'voters=(1,2,3,4)' },
    { name: 'removes a voter', cc: confChange([removeNode(3)]), want: 'voters=(1,2)' },
    { name: 'adds a learner', cc: confChange([addLearner(4)]), want: 'voters=(1,2,3) learners=(4)' },
    { name: 'demotes a voter to learner', cc: confChange([addLearner(3)]), want: 'voters=(1,2) learners=(3)' },
    { name: 'ignores adding an existing voter', cc: confChange([addVoter(2)]), want: 'voters=(1,2,3)' },
    { name: 'ignores removing a non-member', cc: confChange([removeNode(9)]), want: 'voters=(1,2,3)' },
  ])('a simple change $name', ({ cc, want }) => {
    expect(run(m([1, 2, 3]), cc)).toBe(want);
  });

  it('a learner is promoted to voter by adding it as a voter', () => {
    expect(run(m([1, 2, 3], [4]), confChange([addVoter(4)]))).toBe('voters=(1,2,3,4)');
  });

  it('entering a joint configuration keeps the old voters as the outgoing half', () => {
    expect(run(m([1, 2, 3]), confChange([addVoter(4), removeNode(1)]))).toBe('voters=(2,3,4)&&(1,2,3) autoleave');
    expect(run(m([1, 2, 3]), confChange([addVoter(4)], 'joint-explicit'))).toBe('voters=(1,2,3,4)&&(1,2,3)');
    expect(run(m([1, 2, 3]), confChange([addVoter(4)], 'joint-implicit'))).toBe('voters=(1,2,3,4)&&(1,2,3) autoleave');
  });

  it('a voter demoted in a joint configuration becomes a learner when it is left', () => {
    const joint = run(m([1, 2, 3]), confChange([addLearner(3), addVoter(4)]));
    expect(joint).toBe('voters=(1,2,4)&&(1,2,3) learners_next=(3) autoleave');
    expect(run(m([1, 2, 3]), confChange([addLearner(3), addVoter(4)]), leaveJointChange())).toBe('voters=(1,2,4) learners=(3)');
  });

  it('leaving a joint configuration drops the outgoing half', () => {
    expect(run(m([1, 2, 3]), confChange([addVoter(4), removeNode(1)]), leaveJointChange())).toBe('voters=(2,3,4)');
  });

  it('a change round-trips through ConfState', () => {
    const cur = applyConfChange(m([1, 2, 3], [5]), confChange([addLearner(3), addVoter(4)]));
    expect(Membership.fromConfState(cur.toConfState()).toString()).toBe(cur.toString());
  });

  it.each([
    { name: 'removing every voter', start: m([1]), ccs: [confChange([removeNode(1)])] },
    { name: 'entering joint twice', start: m([1, 2, 3]), ccs: [confChange([addVoter(4)], 'joint-explicit'), confChange([addVoter(5)], 'joint-explicit')] },
    { name: 'leaving when not joint', start: m([1, 2, 3]), ccs: [leaveJointChange()] },
    { name: 'a simple change while joint', start: m([1, 2, 3]), ccs: [confChange([addVoter(4)], 'joint-explicit'), confChange([addVoter(5)])] },
    { name: 'node id 0', start: m([1, 2, 3]), ccs: [confChange([addVoter(0)])] },
    { name: 'a joint configuration from no voters', start: m([]), ccs: [confChange([addVoter(1)], 'joint-explicit')] },
  ])('refuses $name', ({ start, ccs }) => {
    expect(() => run(start, ...ccs)).toThrow(InvalidConfChange);
  });

  it('refuses a simple change that alters two voters (that needs joint consensus)', () => {
    expect(() => applySimple(m([1, 2, 3]), [addVoter(4), addVoter(5)])).toThrow(InvalidConfChange);
    expect(() => applySimple(m([1, 2, 3]), [addVoter(4), removeNode(1)])).toThrow(InvalidConfChange);
    // adding a learner and a voter together changes one voter: fine
    expect(applySimple(m([1, 2, 3]), [addVoter(4), addLearner(5)]).toString()).toBe('voters=(1,2,3,4) learners=(5)');
    // 'auto' with two changes enters joint consensus instead
    expect(entersJoint(confChange([addVoter(4), addVoter(5)]))).toEqual({ joint: true, autoLeave: true });
    expect(entersJoint(confChange([addVoter(4)]))).toEqual({ joint: false, autoLeave: false });
  });

  it('refuses a ConfState that breaks an invariant', () => {
    expect(() => Membership.fromConfState({ voters: [1], learners: [1], votersOutgoing: [], learnersNext: [], autoLeave: false })).toThrow(InvalidConfChange);
    expect(() => Membership.fromConfState({ voters: [1], learners: [], votersOutgoing: [], learnersNext: [2], autoLeave: false })).toThrow(InvalidConfChange);
    expect(() => Membership.fromConfState({ voters: [1], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: true })).toThrow(InvalidConfChange);
  });
});
