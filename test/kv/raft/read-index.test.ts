// ReadIndex: a linearizable read point. The leader notes its commit index, confirms it still leads
// with a heartbeat round, and the read is served once that index is applied; followers forward the
// request to the leader.
import { describe, it } from 'vitest';
import { runScript } from './support/script.js';

const scenario = (name: string, script: string): void => {
  it(name, () => {
    runScript(script);
  });
};

describe('raft read index', () => {
  scenario(
    'the leader answers a read after a quorum acknowledges a heartbeat round',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    propose 1 a
    stabilize
    read 1 r1
    expect-queued MsgHeartbeat from=1 count=2
    expect-no-read 1 r1
    stabilize
    expect-read 1 r1 3
    `,
  );

  scenario(
    'an isolated leader cannot confirm its leadership and never answers',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    isolate 1
    read 1 r1
    stabilize
    run 5
    expect-no-read 1 r1
    `,
  );

  scenario(
    'a read made through a follower is answered by the leader and served by the follower',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    propose 1 a
    stabilize
    read 2 r2
    expect-queued MsgReadIndex from=2 to=1 count=1
    stabilize
    expect-read 2 r2 3
    expect-no-read 1 r2
    `,
  );

  scenario(
    'a follower serves a forwarded read only once it has applied up to the read index',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    drop MsgApp to=2
    drop MsgHeartbeat to=2
    propose 1 a
    stabilize
    expect 1 commit=3
    expect 2 commit=2
    heal
    drop MsgApp to=2
    read 2 r2
    stabilize
    # The leader answered 3, but 2 has not applied 3 yet.
    expect-no-read 2 r2
    heal
    run 2
    expect-read 2 r2 3
    `,
  );

  scenario(
    'a read without a known leader is refused',
    `
    cluster voters=1,2,3
    read 2 r !KV:Raft:ReadIndexDropped
    `,
  );

  scenario(
    'a new leader answers reads only after committing an entry of its own term',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    propose 1 a
    stabilize
    campaign 2
    drop MsgApp from=2
    stabilize
    expect 2 role=leader commit=3
    read 2 r
    stabilize
    expect-no-read 2 r
    heal
    run 2
    # Answered with the commit index after its no-op (4), not the stale 3.
    expect-read 2 r 4
    `,
  );

  scenario(
    'a single voter answers reads at once',
    `
    cluster voters=1
    campaign 1
    propose 1 a
    stabilize
    read 1 r
    stabilize
    expect-read 1 r 3
    `,
  );

  scenario(
    'with lease-based reads the leader answers from its commit index without a heartbeat round',
    `
    cluster voters=1,2,3 readonly=lease-based checkquorum=on
    campaign 1
    stabilize
    propose 1 a
    stabilize
    read 1 r
    expect-queued MsgHeartbeat count=0
    expect-read 1 r 3
    `,
  );

  scenario(
    'several reads waiting on one leader are answered in order by one quorum round',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    drop MsgHeartbeatResp
    read 1 a
    read 1 b
    stabilize
    expect-no-read 1 a
    heal
    read 1 c
    stabilize
    expect-read 1 a 2
    expect-read 1 b 2
    expect-read 1 c 2
    `,
  );
});
