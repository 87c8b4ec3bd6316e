// Leader election: randomized timeouts, votes, pre-vote and check-quorum (the leader lease).
import { describe, it } from 'vitest';
import { runScript } from './support/script.js';

const scenario = (name: string, script: string): void => {
  it(name, () => {
    runScript(script);
  });
};

describe('raft election', () => {
  scenario(
    'a candidate with a majority of votes becomes leader and commits a no-op of its term',
    `
    cluster voters=1,2,3
    campaign 1
    expect 1 role=candidate term=2 vote=1
    expect-queued MsgVote from=1 count=2
    stabilize
    expect 1 role=leader term=2 lead=1 commit=2 applied=2 last=2
    expect 2 role=follower term=2 lead=1 vote=1 commit=2 applied=2
    expect 3 role=follower term=2 lead=1 vote=1 commit=2
    expect-leader 1
    `,
  );

  scenario(
    'a follower elects itself after its randomized election timeout passes',
    `
    cluster voters=1,2,3 election=10
    tick 1 19
    expect 1 role=candidate term=2
    stabilize
    expect-leader 1
    `,
  );

  scenario(
    'a single voter elects itself at once and commits alone',
    `
    cluster voters=1
    campaign 1
    expect 1 role=leader term=2 commit=2
    propose 1 a
    stabilize
    expect 1 commit=3 applied=3 data=a
    `,
  );

  scenario(
    'a node votes at most once per term',
    `
    cluster voters=1,2,3
    campaign 1
    campaign 2
    # 3 receives 1's request first and grants it; 2's request for the same term is refused.
    stabilize
    expect 1 role=leader term=2
    expect 2 role=follower term=2 lead=1
    expect 3 vote=1
    `,
  );

  scenario(
    'a voter refuses a candidate whose log is behind its own',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    isolate 3
    propose 1 a
    stabilize
    expect 1 commit=3
    heal
    crash 1
    campaign 3
    stabilize
    # 2 has entry 3 that 3 lacks and refuses; with 1 down, 3 cannot get a majority.
    expect 3 role=candidate
    expect 2 role=follower vote=0
    campaign 2
    stabilize
    expect 2 role=leader
    expect 3 lead=2 data=a
    `,
  );

  scenario(
    'a candidate that loses the election steps back to follower',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    propose 1 a
    stabilize
    isolate 1
    campaign 2
    stabilize
    expect 2 role=leader term=3
    heal
    # 1 still thinks it is leader of term 2; 2's heartbeat (term 3) makes it a follower.
    tick 2 1
    stabilize
    expect 1 role=follower term=3 lead=2
    `,
  );

  scenario(
    'a partitioned node without pre-vote disrupts the leader when it returns',
    `
    cluster voters=1,2,3 prevote=off
    campaign 1
    stabilize
    isolate 3
    tick 3 30
    expect 3 role=candidate
    heal
    run 1
    # 3's higher term forced the leader to step down.
    expect 1 role=follower
    `,
  );

  scenario(
    'pre-vote keeps a partitioned node from raising its term and disrupting the leader',
    `
    cluster voters=1,2,3 prevote=on
    campaign 1
    stabilize
    expect 1 role=leader term=2
    isolate 3
    propose 1 a
    stabilize
    tick 3 30
    # Without answers 3 stays a pre-candidate: its term does not move.
    expect 3 role=pre-candidate term=2
    heal
    run 30
    expect 1 role=leader term=2
    expect 3 role=follower term=2 lead=1 data=a
    `,
  );

  scenario(
    'a pre-candidate that wins the pre-vote runs a real election',
    `
    cluster voters=1,2,3 prevote=on
    campaign 1
    expect 1 role=pre-candidate term=1
    expect-queued MsgPreVote from=1 count=2
    stabilize
    expect 1 role=leader term=2
    `,
  );

  scenario(
    'a follower with a live leader ignores a pre-vote (the leader lease)',
    `
    cluster voters=1,2,3 prevote=on checkquorum=on
    campaign 1
    stabilize
    # 3 campaigns although 1 is alive (e.g. a slow clock). 2 heard from 1 recently: no answer.
    campaign 3
    expect-queued MsgPreVote from=3 count=2
    stabilize
    expect-queued MsgPreVoteResp count=0
    expect 1 role=leader term=2
    expect 2 role=follower term=2 lead=1
    expect 3 role=pre-candidate term=2
    run 1
    expect 3 role=follower term=2 lead=1
    `,
  );

  scenario(
    'a follower with a live leader ignores a higher-term vote request under check-quorum',
    `
    cluster voters=1,2,3 prevote=off checkquorum=on
    campaign 1
    stabilize
    isolate 3
    tick 3 30
    expect 3 role=candidate
    heal
    campaign 3
    stabilize
    # 1 and 2 ignore the vote: they hear from their leader.
    expect 1 role=leader term=2
    expect 2 role=follower term=2 lead=1
    expect 3 role=candidate
    # 3 answers 1's next heartbeat with its higher term, so 1 steps down and the group
    # re-elects at the new term instead of leaving 3 stuck forever.
    run 1
    expect 1 role=follower
    run 50
    expect-has-leader
    `,
  );

  scenario(
    'a leader that has not heard from a quorum for an election timeout steps down (check-quorum)',
    `
    cluster voters=1,2,3 checkquorum=on
    campaign 1
    stabilize
    isolate 1
    tick 1 10
    expect 1 role=leader
    tick 1 10
    expect 1 role=follower term=2 lead=0
    `,
  );

  scenario(
    'without check-quorum an isolated leader keeps believing it leads',
    `
    cluster voters=1,2,3 checkquorum=off
    campaign 1
    stabilize
    isolate 1
    tick 1 50
    expect 1 role=leader
    `,
  );

  scenario(
    'a node that restarts keeps its term and vote',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    crash 2
    restart 2
    expect 2 role=follower term=2 vote=1 commit=2 applied=2
    `,
  );
});
