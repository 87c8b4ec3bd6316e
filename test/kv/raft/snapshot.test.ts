// Snapshots and log compaction: a leader sends a snapshot when a follower needs entries it has
// compacted away; the follower installs it and continues from there; restarts rebuild from it.
import { describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';
import { bytes } from './support/peer.js';
import { runScript } from './support/script.js';

const scenario = (name: string, script: string): void => {
  it(name, () => {
    runScript(script);
  });
};

describe('raft snapshots and compaction', () => {
  scenario(
    'a leader sends a snapshot to a follower that needs compacted entries, and it catches up',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    isolate 3
    propose 1 a
    propose 1 b
    propose 1 c
    stabilize
    compact 1
    expect 1 first=6 last=5 applied=5
    heal
    run 2
    expect-delivered MsgSnap from=1 to=3 count=1
    expect 3 commit=5 applied=5 first=6 data=a,b,c
    propose 1 d
    stabilize
    expect 3 data=a,b,c,d
    expect-progress 1 3 state=replicate match=6
    `,
  );

  scenario(
    'a compacted leader keeps replicating from its remaining log to followers that are close',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    propose 1 a
    stabilize
    isolate 3
    propose 1 b
    stabilize
    # compacts up to 4 (b); 3 has 3 (a) and needs 4, which is gone.
    compact 1
    propose 1 c
    stabilize
    heal
    run 2
    expect-delivered MsgSnap count=1
    expect 3 data=a,b,c
    expect 2 data=a,b,c
    `,
  );

  scenario(
    'a node restarts from its snapshot and re-applies the committed entries after it',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    propose 1 a
    propose 1 b
    stabilize
    compact 2
    propose 1 c
    stabilize
    crash 2
    restart 2
    expect 2 role=follower applied=5 first=5 data=a,b,c
    run 2
    expect 2 lead=1 data=a,b,c
    `,
  );

  it('a follower whose log already has the snapshot point only moves its commit index', () => {
    const c = new Cluster({ voters: [1, 2, 3] });
    c.node(1).campaign();
    c.stabilize();
    // 2 receives the entries but never hears that they are committed.
    c.drop((m) => m.to === 2 && ((m.kind === 'MsgApp' && m.entries.length === 0) || m.kind === 'MsgHeartbeat'));
    c.node(1).propose(bytes('a'));
    c.node(1).propose(bytes('b'));
    c.stabilize();
    const before = c.node(2).status();
    expect(before.lastIndex).toBe(4);
    expect(before.hardState.commit).toBe(2);
    c.peer(1).compact();
    const snap = c.peer(1).storage.snapshot();
    expect(snap.metadata.index).toBe(4);
    c.node(2).step({ kind: 'MsgSnap', from: 1, to: 2, term: before.hardState.term, snapshot: snap });
    c.process();
    const after = c.node(2).status();
    expect(after.hardState.commit).toBe(4);
    expect(after.firstIndex).toBe(before.firstIndex); // the log was kept, not replaced
    expect(c.peer(2).appliedData).toEqual(['a', 'b']);
  });

  it('a lost snapshot is reported as failed and sent again later', () => {
    const c = new Cluster({ voters: [1, 2, 3] });
    c.node(1).campaign();
    c.stabilize();
    c.isolate(3);
    c.node(1).propose(bytes('a'));
    c.stabilize();
    c.peer(1).compact();
    c.heal();
    c.dropKind('MsgSnap');
    for (let i = 0; i < 3; i++) {
      c.tick(c.liveIds());
      c.stabilize();
    }
    // the dropped snapshot was reported as failed: the leader probes 3 again
    expect(c.node(1).status().progress?.get(3)?.state).not.toBe('snapshot');
    c.heal();
    for (let i = 0; i < 5; i++) {
      c.tick(c.liveIds());
      c.stabilize();
    }
    expect(c.delivered.filter((m) => m.kind === 'MsgSnap').length).toBe(1);
    expect(c.peer(3).appliedData).toEqual(['a']);
  });

  it('a stale snapshot (at or below the commit index) is ignored', () => {
    const c = new Cluster({ voters: [1, 2, 3] });
    c.node(1).campaign();
    c.stabilize();
    c.node(1).propose(bytes('a'));
    c.stabilize();
    c.peer(1).compact();
    const snap = c.peer(1).storage.snapshot();
    const before = c.node(2).status();
    c.node(2).step({ kind: 'MsgSnap', from: 1, to: 2, term: before.hardState.term, snapshot: snap });
    c.process();
    const after = c.node(2).status();
    expect(after.firstIndex).toBe(before.firstIndex);
    expect(after.lastIndex).toBe(before.lastIndex);
    expect(c.peer(2).appliedData).toEqual(['a']);
  });
});
