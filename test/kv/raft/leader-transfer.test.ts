// Leader transfer: the leader brings the transferee up to date, then tells it to campaign at once
// (MsgTimeoutNow); proposals are refused meanwhile, and a transfer that stalls is abandoned.
import { describe, it } from 'vitest';
import { runScript } from './support/script.js';

const scenario = (name: string, script: string): void => {
  it(name, () => {
    runScript(script);
  });
};

describe('raft leader transfer', () => {
  scenario(
    'leadership moves to an up-to-date follower at once',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    transfer 1 3
    expect-queued MsgTimeoutNow from=1 to=3 count=1
    stabilize
    expect 3 role=leader term=3
    expect 1 role=follower lead=3
    expect 2 lead=3
    `,
  );

  scenario(
    'a lagging transferee is caught up first, then takes over',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    isolate 3
    propose 1 a
    propose 1 b
    stabilize
    heal
    transfer 1 3
    expect-queued MsgTimeoutNow count=0
    stabilize
    expect 3 role=leader data=a,b
    `,
  );

  scenario(
    'leader transfer works with check-quorum and pre-vote: the transferee skips both',
    `
    cluster voters=1,2,3 prevote=on checkquorum=on
    campaign 1
    stabilize
    transfer 1 2
    stabilize
    expect 2 role=leader term=3
    `,
  );

  scenario(
    'a transfer request made to a follower is forwarded to the leader',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    transfer 2 2
    stabilize
    expect 2 role=leader
    `,
  );

  scenario(
    'proposals are refused while a transfer is under way, and accepted again once it is abandoned',
    `
    cluster voters=1,2,3 election=10
    campaign 1
    stabilize
    isolate 3
    propose 1 a
    stabilize
    transfer 1 3
    expect 1 transferee=3
    propose 1 b !KV:Raft:ProposalDropped
    run 10
    expect 1 role=leader transferee=0
    propose 1 c
    stabilize
    expect 2 data=a,c
    `,
  );

  scenario(
    'a transfer to a learner or a non-member is refused',
    `
    cluster voters=1,2,3 learners=4
    campaign 1
    stabilize
    transfer 1 4 !KV:Raft:ProposalDropped
    transfer 1 9 !KV:Raft:ProposalDropped
    expect 1 role=leader transferee=0
    `,
  );

  scenario(
    'a transfer to the leader itself is a no-op',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    transfer 1 1
    stabilize
    expect 1 role=leader term=2 transferee=0
    `,
  );
});
