// Log replication: appends, conflict resolution with fast backtracking, the commit rule (only
// entries of the leader's term are committed by counting replicas), and flow control.
import { describe, expect, it } from 'vitest';
import { Cluster } from './support/cluster.js';
import { bytes } from './support/peer.js';
import { runScript } from './support/script.js';

const scenario = (name: string, script: string): void => {
  it(name, () => {
    runScript(script);
  });
};

describe('raft log replication', () => {
  scenario(
    'a proposal commits once a majority has it and every node applies it',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    propose 1 a
    propose 1 b
    stabilize
    expect 1 commit=4 applied=4 data=a,b
    expect 2 commit=4 applied=4 data=a,b
    expect 3 commit=4 applied=4 data=a,b
    `,
  );

  scenario(
    'a proposal to a follower is forwarded to the leader',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    propose 2 via-follower
    stabilize
    expect 1 data=via-follower
    expect 3 data=via-follower
    `,
  );

  scenario(
    'a follower refuses proposals when forwarding is disabled or no leader is known',
    `
    cluster voters=1,2,3 forwarding=off
    propose 2 x !KV:Raft:ProposalDropped
    campaign 1
    stabilize
    propose 2 x !KV:Raft:ProposalDropped
    propose 1 y
    stabilize
    expect 2 data=y
    `,
  );

  scenario(
    'a minority cannot commit; when the partition heals its uncommitted entries are replaced',
    `
    cluster voters=1,2,3,4,5
    campaign 1
    stabilize
    propose 1 a
    stabilize
    partition 1,2 3,4,5
    propose 1 lost1
    propose 1 lost2
    stabilize
    expect 1 commit=3 last=5
    expect 2 commit=3 last=5
    campaign 3
    stabilize
    propose 3 x
    propose 3 y
    stabilize
    # 3's log: 3 = a, 4 = its no-op, 5 = x, 6 = y.
    expect 3 role=leader commit=6
    heal
    run 3
    expect 1 role=follower lead=3 commit=6 last=6 data=a,x,y
    expect 2 commit=6 last=6 data=a,x,y
    expect 5 data=a,x,y
    `,
  );

  scenario(
    'a follower that missed entries while isolated catches up through probing',
    `
    cluster voters=1,2,3
    campaign 1
    stabilize
    isolate 3
    propose 1 a
    propose 1 b
    propose 1 c
    stabilize
    expect-progress 1 3 match=2
    heal
    run 2
    expect 3 commit=5 data=a,b,c
    expect-progress 1 3 state=replicate match=5 next=6
    `,
  );

  it('a rejected append backs off a whole term at a time (fast backtracking)', () => {
    // 1 leads term 2 and appends 30 entries only 2 receives; 3 leads term 3 and overwrites them.
    const c = new Cluster({ voters: [1, 2, 3, 4, 5], config: { preVote: false, checkQuorum: false } });
    c.node(1).campaign();
    c.stabilize();
    c.partition([[1, 2], [3, 4, 5]]);
    for (let i = 0; i < 30; i++) c.node(1).propose(bytes(`stale${i}`));
    c.stabilize();
    c.node(3).campaign();
    c.stabilize();
    c.node(3).propose(bytes('fresh'));
    c.stabilize();
    c.heal();
    const before = c.delivered.length;
    for (let i = 0; i < 5; i++) {
      c.tick(c.liveIds());
      c.stabilize();
    }
    const rejects = c.delivered.slice(before).filter((m) => m.kind === 'MsgAppResp' && m.reject && m.to === 3);
    // One rejection per stale follower (1 and 2) would be ideal; a linear walk would need ~30 each.
    expect(rejects.length).toBeLessThanOrEqual(4);
    expect(c.peer(1).appliedData).toEqual(['fresh']);
    expect(c.peer(2).appliedData).toEqual(['fresh']);
    expect(c.node(1).status().lastIndex).toBe(c.node(3).status().lastIndex);
  });

  it('a leader never commits an entry of an earlier term by counting replicas (Figure 8)', () => {
    // maxSizePerMsg 1 byte: one entry per MsgApp, so the old-term entry reaches a majority before
    // the new leader's no-op does.
    const c = new Cluster({ voters: [1, 2, 3, 4, 5], config: { preVote: false, checkQuorum: false, maxSizePerMsg: 1 } });
    c.node(1).campaign();
    c.stabilize();
    // (3, term 2) reaches only 1 and 2.
    c.partition([[1, 2], [3, 4, 5]]);
    c.node(1).propose(bytes('old-term'));
    c.stabilize();
    expect(c.node(1).status().hardState.commit).toBe(2);
    c.peer(1).crash();
    // 3 wins term 3 with 4 and 5 but its entry (3, term 3) never leaves it.
    c.heal();
    c.partition([[2], [3, 4, 5]]);
    c.dropKind('MsgApp', 3);
    c.node(3).campaign();
    c.stabilize();
    expect(c.node(3).status().softState.role).toBe('leader');
    c.peer(3).crash();
    c.heal();
    // 1 comes back and wins a later term with 2, 4, 5. From here on, watch its commit index:
    // (3, term 2) reaches a majority before 1's no-op (4, term 4) does, yet 3 alone never commits.
    c.peer(1).start();
    const commits = new Set<number>();
    let oldEntryOnQuorum = false;
    c.afterDeliver = () => {
      const st = c.node(1).status();
      commits.add(st.hardState.commit);
      const onThree = [...(st.progress?.values() ?? [])].filter((p) => p.match === 3).length;
      const above = [...(st.progress?.values() ?? [])].filter((p) => p.match > 3).length;
      if (onThree + above >= 3 && above < 3) oldEntryOnQuorum = true;
    };
    c.node(1).campaign();
    c.stabilize();
    if (c.node(1).status().softState.role !== 'leader') {
      c.node(1).campaign();
      c.stabilize();
    }
    const st = c.node(1).status();
    expect(st.softState.role).toBe('leader');
    expect(st.hardState.term).toBeGreaterThanOrEqual(4);
    c.node(1).propose(bytes('new'));
    c.stabilize();
    c.afterDeliver = undefined;
    expect(oldEntryOnQuorum).toBe(true);
    expect(commits.has(3)).toBe(false);
    expect(Math.max(...commits)).toBeGreaterThanOrEqual(4);
    expect(c.peer(1).appliedData).toEqual(['old-term', 'new']);
    c.peer(3).start();
    for (let i = 0; i < 3; i++) {
      c.tick(c.liveIds());
      c.stabilize();
    }
    // 3's own (3, term 3) was never committed and is replaced.
    expect(c.peer(3).appliedData).toEqual(['old-term', 'new']);
  });

  it('a leader commits the earlier-term entry together with an entry of its own term', () => {
    const c = new Cluster({ voters: [1, 2, 3], config: { preVote: false, checkQuorum: false } });
    c.node(1).campaign();
    c.stabilize();
    c.isolate(1);
    c.node(1).propose(bytes('unreplicated'));
    c.stabilize();
    c.heal();
    c.isolate(3);
    c.dropKind('MsgApp', 1);
    // 1's heartbeats get answered, so it stays leader but cannot replicate
    c.tick([1], 1);
    c.stabilize();
    expect(c.node(1).status().hardState.commit).toBe(2);
    c.heal();
    c.stabilize();
    c.tick(c.liveIds());
    c.stabilize();
    expect(c.node(1).status().hardState.commit).toBe(3);
    expect(c.peer(3).appliedData).toEqual(['unreplicated']);
  });

  scenario(
    'a follower in the replicate state receives at most max-inflight unacknowledged appends',
    `
    cluster voters=1,2 inflight=3
    campaign 1
    stabilize
    expect-progress 1 2 state=replicate
    drop MsgAppResp from=2
    propose 1 a
    propose 1 b
    propose 1 c
    propose 1 d
    propose 1 e
    expect-queued MsgApp to=2 count=3
    expect-progress 1 2 state=replicate inflight=3 paused=true
    stabilize
    heal
    # A heartbeat response frees one slot, and the follower's acks free the rest.
    run 3
    expect 2 data=a,b,c,d,e
    expect-progress 1 2 state=replicate inflight=0 paused=false match=7
    `,
  );

  scenario(
    'a follower in the probe state gets one append at a time until it answers',
    `
    cluster voters=1,2,3
    drop MsgAppResp from=3
    campaign 1
    stabilize
    # A new leader does not know where 3's log stands: it probes, one MsgApp, then waits.
    expect-progress 1 3 state=probe paused=true
    propose 1 a
    propose 1 b
    propose 1 c
    expect-queued MsgApp to=3 count=0
    expect-queued MsgApp to=2 count=3
    stabilize
    heal
    run 2
    expect-progress 1 3 state=replicate paused=false match=5
    expect 3 data=a,b,c
    `,
  );

  it('a MsgApp carries at most max-size-per-message bytes of entries (but at least one entry)', () => {
    const c = new Cluster({ voters: [1, 2, 3], config: { maxSizePerMsg: 200 } });
    c.node(1).campaign();
    c.stabilize();
    c.isolate(3);
    for (let i = 0; i < 20; i++) c.node(1).propose(bytes(`${i}`.padStart(60, '.')));
    c.node(1).propose(bytes('x'.repeat(500)));
    c.stabilize();
    c.heal();
    const before = c.delivered.length;
    for (let i = 0; i < 6; i++) {
      c.tick(c.liveIds());
      c.stabilize();
    }
    const apps = c.delivered.slice(before).filter((m) => m.kind === 'MsgApp' && m.to === 3);
    let multi = 0;
    for (const m of apps) {
      if (m.kind !== 'MsgApp' || m.entries.length <= 1) continue;
      multi++;
      const size = m.entries.reduce((n, e) => n + e.data.length + 16, 0);
      expect(size).toBeLessThanOrEqual(200);
    }
    expect(multi).toBeGreaterThan(0);
    expect(c.peer(3).appliedData).toHaveLength(21);
  });

  it('a reported unreachable follower goes back to probing', () => {
    const c = new Cluster({ voters: [1, 2, 3] });
    c.node(1).campaign();
    c.stabilize();
    expect(c.node(1).status().progress?.get(2)?.state).toBe('replicate');
    c.node(1).reportUnreachable(2);
    expect(c.node(1).status().progress?.get(2)?.state).toBe('probe');
    c.node(1).propose(bytes('a'));
    c.stabilize();
    expect(c.node(1).status().progress?.get(2)?.state).toBe('replicate');
    expect(c.peer(2).appliedData).toEqual(['a']);
  });
});
