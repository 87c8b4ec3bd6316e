// Membership changes: one voter at a time, learners, and joint consensus (enter, leave, auto-leave).
import { describe, it } from 'vitest';
import { runScript } from './support/script.js';

const scenario = (name: string, script: string): void => {
  it(name, () => {
    runScript(script);
  });
};

describe('raft membership changes', () => {
  scenario(
    'a new voter joins from an empty log via a snapshot and counts toward the quorum',
    `
    cluster voters=1,2,3 joiners=4
    campaign 1
    stabilize
    propose 1 a
    stabilize
    conf 1 add-voter 4
    stabilize
    expect 1 voters=1,2,3,4
    expect 4 voters=1,2,3,4 data=a
    expect-delivered MsgSnap to=4 count=1
    # 4 voters: a quorum is 3, so with 2 and 3 cut off nothing commits…
    partition 1,4 2,3
    propose 1 b
    stabilize
    expect 1 data=a
    heal
    run 2
    expect 4 data=a,b
    # …and with one of them back it does.
    isolate 3
    propose 1 c
    stabilize
    expect 1 data=a,b,c
    `,
  );

  scenario(
    'a removed voter no longer counts toward the quorum',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    conf 1 remove 3
    stabilize
    expect 1 voters=1,2
    expect 2 voters=1,2
    isolate 3
    propose 1 a
    stabilize
    expect 2 data=a
    `,
  );

  scenario(
    'a removed node never campaigns',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    conf 1 remove 3
    stabilize
    tick 3 100
    expect 3 role=follower
    expect-queued MsgPreVote count=0
    expect-queued MsgVote count=0
    `,
  );

  scenario(
    'a leader refuses to remove itself; after a transfer the new leader removes it',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    conf 1 remove 1 !KV:Raft:ProposalDropped
    conf 1 add-learner 1 !KV:Raft:ProposalDropped
    transfer 1 2
    stabilize
    expect 2 role=leader
    conf 2 remove 1
    stabilize
    expect 2 voters=2,3
    expect 1 voters=2,3
    propose 2 after
    stabilize
    expect 3 data=after
    `,
  );

  scenario(
    'a leader removed by a change an earlier leader proposed steps down when it applies it',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    # 1 proposes removing 2; only 2 gets the entry and 1 never hears back, so it is not committed.
    drop MsgApp to=3
    drop MsgAppResp from=2
    conf 1 remove 2
    stabilize
    expect 1 commit=2 last=3
    heal
    isolate 1
    # 2 (whose log is longer than 3's) wins, commits the removal with its no-op, applies it,
    # and steps down from a group it no longer belongs to.
    campaign 2
    stabilize
    expect 2 role=follower voters=1,3
    expect 3 voters=1,3
    heal
    run 40
    expect-has-leader
    expect 2 role=follower
    `,
  );

  scenario(
    'a second conf change is refused until the first is applied',
    `
    cluster voters=1,2,3 joiners=4,5
    campaign 1
    stabilize
    conf 1 add-voter 4
    conf 1 add-voter 5 !KV:Raft:ProposalDropped
    stabilize
    conf 1 add-voter 5
    stabilize
    expect 1 voters=1,2,3,4,5
    `,
  );

  scenario(
    'a conf change that would remove every voter is refused',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    conf 1 joint-explicit remove 1 remove 2 remove 3 !KV:Raft:InvalidConfChange
    stabilize
    expect 1 voters=1,2,3
    `,
  );

  scenario(
    'a learner receives the log but does not vote, count toward commit, or campaign',
    `
    cluster voters=1,2,3 learners=4
    campaign 1
    stabilize
    expect-queued MsgVote to=4 count=0
    expect-delivered MsgVote to=4 count=0
    propose 1 a
    stabilize
    expect 4 role=follower data=a learners=4
    # 1 and the learner alone are not a quorum.
    partition 1,4 2,3
    propose 1 b
    stabilize
    expect 1 commit=3
    heal
    isolate 1
    tick 4 100
    expect 4 role=follower
    `,
  );

  scenario(
    'a learner added to a running group catches up and is then promoted to voter',
    `
    cluster voters=1,2,3 joiners=4
    campaign 1
    stabilize
    propose 1 a
    stabilize
    conf 1 add-learner 4
    stabilize
    expect 1 learners=4 voters=1,2,3
    expect 4 data=a learners=4
    conf 1 add-voter 4
    stabilize
    expect 4 voters=1,2,3,4 learners=
    expect-progress 1 4 state=replicate
    `,
  );

  scenario(
    'joint consensus: entering with auto-leave replaces several voters and leaves on its own',
    `
    cluster voters=1,2,3 joiners=4,5
    campaign 1
    stabilize
    conf 1 add-voter 4 add-voter 5 remove 2 remove 3
    stabilize
    expect 1 voters=1,4,5 outgoing= autoleave=false
    expect 4 voters=1,4,5 outgoing=
    expect 5 voters=1,4,5
    propose 1 a
    stabilize
    expect 5 data=a
    `,
  );

  scenario(
    'joint consensus: in the joint configuration a decision needs a majority of both halves',
    `
    cluster voters=1,2,3 joiners=4,5
    campaign 1
    stabilize
    conf 1 joint-explicit add-voter 4 add-voter 5 remove 2 remove 3
    stabilize
    expect 1 voters=1,4,5 outgoing=1,2,3 autoleave=false
    expect 2 voters=1,4,5 outgoing=1,2,3
    # {1,4,5} is a majority of the incoming half only: no commit.
    partition 1,4,5 2,3
    propose 1 a
    stabilize
    expect 1 data=
    heal
    # {1,2,3} is a majority of the outgoing half only: b does not commit. a does now: 4 and 5
    # already hold it (incoming majority) and 2 and 3 receive it with b (outgoing majority).
    partition 1,2,3 4,5
    propose 1 b
    stabilize
    expect 1 data=a
    heal
    run 2
    expect 1 data=a,b
    conf 1 leave
    stabilize
    expect 1 voters=1,4,5 outgoing=
    expect 4 voters=1,4,5 outgoing=
    `,
  );

  scenario(
    'joint consensus: an explicit joint configuration is only left on request, and no other change is accepted meanwhile',
    `
    cluster voters=1,2,3 joiners=4
    campaign 1
    stabilize
    conf 1 joint-explicit add-voter 4 remove 3
    stabilize
    run 5
    expect 1 voters=1,2,4 outgoing=1,2,3
    conf 1 add-voter 3 !KV:Raft:ProposalDropped
    conf 1 leave
    stabilize
    expect 1 voters=1,2,4 outgoing=
    conf 1 leave !KV:Raft:ProposalDropped
    `,
  );

  scenario(
    'joint consensus: demoting a voter makes it a learner only when the joint configuration is left',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    conf 1 joint-explicit add-learner 3
    stabilize
    expect 1 voters=1,2 outgoing=1,2,3 learners-next=3 learners=
    conf 1 leave
    stabilize
    expect 1 voters=1,2 outgoing= learners=3 learners-next=
    expect 3 learners=3
    `,
  );

  scenario(
    'joint consensus: the leader refuses a joint change that removes it',
    `
    cluster voters=1,2,3 joiners=4
    campaign 1
    stabilize
    conf 1 joint-implicit remove 1 add-voter 4 !KV:Raft:ProposalDropped
    expect 1 voters=1,2,3 outgoing=
    `,
  );

  scenario(
    'a node that restarts in a joint configuration recovers it from its log',
    `
    cluster voters=1,2,3 joiners=4
    campaign 1
    stabilize
    conf 1 joint-explicit add-voter 4 remove 3
    stabilize
    crash 2
    restart 2
    expect 2 voters=1,2,4 outgoing=1,2,3
    compact 2
    crash 2
    restart 2
    expect 2 voters=1,2,4 outgoing=1,2,3
    `,
  );
});
