// PD's scheduling decisions as tables of scenarios: stores (health, region and leader counts) and
// one region (peers, leader, pending peers) in, the operator plan the replica checker, the leader
// balancer and the region balancer choose out — or none. Then the operator steps as the region
// changes under them: which order the leader gets at each stage, when a step waits, when the
// operator is done and when it fails.
import { describe, expect, it } from 'vitest';
import type { Peer, Region } from '../../../../kv/meta.js';
import { balanceLeader } from '../../../../pd/server/schedule/balance-leader.js';
import { balanceRegion } from '../../../../pd/server/schedule/balance-region.js';
import { adminCoolingDown, choosePlan, type PlanContext } from '../../../../pd/server/schedule/choose-plan.js';
import type { ClusterView, StoreHealth, StoreView } from '../../../../pd/server/schedule/cluster-view.js';
import { buildOperator, progress, type OperatorPlan, type RegionView } from '../../../../pd/server/schedule/operator.js';
import { checkReplicas } from '../../../../pd/server/schedule/replica-checker.js';

/** "1:up:4:2" = store 1, up, 4 region peers, 2 leaders. */
function cluster(...stores: string[]): ClusterView {
  const m = new Map<number, StoreView>();
  for (const s of stores) {
    const [id, health, regions, leaders] = s.split(':');
    m.set(Number(id), { id: Number(id), health: health as StoreHealth, regions: Number(regions ?? 0), leaders: Number(leaders ?? 0) });
  }
  return { replicas: 3, stores: m };
}

/** Peers as "storeId" (voter) or "storeId L" (learner); peer id = 100 + store id. */
function region(peers: string[], leaderStore: number | undefined, pendingStores: number[] = []): RegionView {
  const ps: Peer[] = peers.map((p) => {
    const [store, role] = p.split(' ');
    return { id: 100 + Number(store), storeId: Number(store), role: role === 'L' ? 'learner' : 'voter' };
  });
  const r: Region = { id: 7, startKey: Buffer.alloc(0), endKey: Buffer.alloc(0), epoch: { confVer: 5, version: 2 }, peers: ps };
  return {
    region: r,
    leader: ps.find((p) => p.storeId === leaderStore),
    pendingPeers: pendingStores.map((s) => 100 + s),
  };
}

function withPeer(v: RegionView, p: Peer): RegionView {
  return { ...v, region: { ...v.region, peers: [...v.region.peers, p] } };
}

function steps(plan: OperatorPlan | undefined): string {
  return plan ? plan.steps.map((s) => `${s.kind} ${s.storeId}`).join(', ') : 'none';
}

describe('replica checker', () => {
  const cases: [string, ClusterView, RegionView, string][] = [
    ['a healthy region of 3 voters is left alone', cluster('1:up:3', '2:up:3', '3:up:3', '4:up:0'), region(['1', '2', '3'], 1), 'none'],
    ['a one-peer region grows on the emptiest up store', cluster('1:up:1', '2:up:5', '3:up:2'), region(['1'], 1), 'add-learner 3, promote-learner 3'],
    ['a disconnected or down store receives no replica', cluster('1:up:1', '2:disconnected:0', '3:down:0', '4:up:9'), region(['1'], 1), 'add-learner 4, promote-learner 4'],
    ['no store to add to: nothing', cluster('1:up:1', '2:up:1', '3:down:0'), region(['1', '2'], 1), 'none'],
    ['a voter on a down store is replaced: add, promote, then remove', cluster('1:up:3', '2:up:3', '3:down:3', '4:up:0'), region(['1', '2', '3'], 1), 'add-learner 4, promote-learner 4, remove-peer 3'],
    ['a voter on an offline store is replaced the same way', cluster('1:up:3', '2:up:3', '3:offline:3', '4:up:1'), region(['1', '2', '3'], 2), 'add-learner 4, promote-learner 4, remove-peer 3'],
    ['a voter on a store PD no longer knows counts as gone', cluster('1:up:3', '2:up:3', '4:up:1'), region(['1', '2', '9'], 1), 'add-learner 4, promote-learner 4, remove-peer 9'],
    ['a disconnected store keeps its peer (it may come back)', cluster('1:up:3', '2:up:3', '3:disconnected:3', '4:up:0'), region(['1', '2', '3'], 1), 'none'],
    ['enough healthy voters: the one on the down store just goes', cluster('1:up:3', '2:up:3', '3:down:3', '4:up:3'), region(['1', '2', '3', '4'], 1), 'remove-peer 3'],
    ['a surplus voter leaves from the fullest store, not the leader', cluster('1:up:9', '2:up:3', '3:up:5', '4:up:4'), region(['1', '2', '3', '4'], 1), 'remove-peer 3'],
    ['an orphan learner is promoted when a voter is missing', cluster('1:up:3', '2:up:3', '3:up:3'), region(['1', '2', '3 L'], 1), 'promote-learner 3'],
    ['an orphan learner still catching up is left to catch up', cluster('1:up:3', '2:up:3', '3:up:3'), region(['1', '2', '3 L'], 1, [3]), 'none'],
    ['a surplus learner is removed', cluster('1:up:3', '2:up:3', '3:up:3', '4:up:3'), region(['1', '2', '3', '4 L'], 1), 'remove-peer 4'],
    ['a learner on a down store is removed first', cluster('1:up:3', '2:up:3', '3:up:3', '4:down:3'), region(['1', '2', '3', '4 L'], 1), 'remove-peer 4'],
  ];
  it.each(cases)('%s', (_name, c, r, want) => {
    expect(steps(checkReplicas(r, c))).toBe(want);
  });
});

describe('balance leaders', () => {
  const cases: [string, ClusterView, RegionView, string][] = [
    ['moves to the voter whose store leads fewest, when 2 or more fewer', cluster('1:up:3:5', '2:up:3:3', '3:up:3:1'), region(['1', '2', '3'], 1), 'transfer-leader 3'],
    ['a gap of one is balanced enough', cluster('1:up:3:2', '2:up:3:1', '3:up:3:1'), region(['1', '2', '3'], 1), 'none'],
    ['never to a pending peer', cluster('1:up:3:5', '2:up:3:4', '3:up:3:0'), region(['1', '2', '3'], 1, [3]), 'none'],
    ['never to a store that is not up', cluster('1:up:3:5', '2:disconnected:3:0', '3:up:3:4'), region(['1', '2', '3'], 1), 'none'],
    ['never to a learner or a store without a peer', cluster('1:up:3:5', '2:up:3:4', '3:up:3:0', '4:up:0:0'), region(['1', '2', '3 L'], 1), 'none'],
    ['a region without a known leader stays', cluster('1:up:3:5', '2:up:3:0', '3:up:3:0'), region(['1', '2', '3'], undefined), 'none'],
  ];
  it.each(cases)('%s', (_name, c, r, want) => {
    expect(steps(balanceLeader(r, c))).toBe(want);
  });
});

describe('balance regions', () => {
  const cases: [string, ClusterView, RegionView, string][] = [
    ['a new empty store receives a peer from the fullest store of the region', cluster('1:up:4', '2:up:4', '3:up:5', '4:up:0'), region(['1', '2', '3'], 1), 'add-learner 4, promote-learner 4, remove-peer 3'],
    ['a gap of one is balanced enough', cluster('1:up:4', '2:up:4', '3:up:4', '4:up:3'), region(['1', '2', '3'], 1), 'none'],
    ['a region with a lagging peer does not move', cluster('1:up:4', '2:up:4', '3:up:4', '4:up:0'), region(['1', '2', '3'], 1, [2]), 'none'],
    ['a region with a learner does not move', cluster('1:up:4', '2:up:4', '3:up:4', '4:up:0', '5:up:0'), region(['1', '2', '3', '5 L'], 1), 'none'],
    ['a region with a peer on a down store is the replica checker\'s', cluster('1:up:4', '2:up:4', '3:down:4', '4:up:0'), region(['1', '2', '3'], 1), 'none'],
    ['a store that is not up receives nothing', cluster('1:up:4', '2:up:4', '3:up:4', '4:disconnected:0'), region(['1', '2', '3'], 1), 'none'],
  ];
  it.each(cases)('%s', (_name, c, r, want) => {
    expect(steps(balanceRegion(r, c))).toBe(want);
  });
});

describe('which scheduler acts (admin cool-down and in-flight limits)', () => {
  const free: PlanContext = { leaderSlots: 4, regionSlots: 2, adminCooling: false };
  const cooling: PlanContext = { ...free, adminCooling: true };
  const leaderHeavy = cluster('1:up:3:5', '2:up:3:3', '3:up:3:1');
  const newStore = cluster('1:up:4', '2:up:4', '3:up:5', '4:up:0');
  const cases: [string, ClusterView, RegionView, PlanContext, string][] = [
    ['a leader imbalance moves the leader', leaderHeavy, region(['1', '2', '3'], 1), free, 'transfer-leader 3'],
    ['a leader set by hand stays put while the region cools down', leaderHeavy, region(['1', '2', '3'], 1), cooling, 'none'],
    ['no leader slot free: the leader stays', leaderHeavy, region(['1', '2', '3'], 1), { ...free, leaderSlots: 0 }, 'none'],
    ['an empty store receives a peer of a region not cooling down', newStore, region(['1', '2', '3'], 1), free, 'add-learner 4, promote-learner 4, remove-peer 3'],
    ['a region cooling down after an admin operator is not moved to it', newStore, region(['1', '2', '3'], 1), cooling, 'none'],
    ['no region slot free: no move', newStore, region(['1', '2', '3'], 1), { ...free, regionSlots: 0 }, 'none'],
    ['leader first, then peers: with the leader balanced a peer moves', cluster('1:up:4:1', '2:up:4:1', '3:up:5:1', '4:up:0:0'), region(['1', '2', '3'], 1), free, 'add-learner 4, promote-learner 4, remove-peer 3'],
    ['a missing replica is added even while cooling down', cluster('1:up:3', '2:up:3', '3:up:1'), region(['1', '2'], 1), cooling, 'add-learner 3, promote-learner 3'],
    ['a voter on a down store is replaced even while cooling down', cluster('1:up:3', '2:up:3', '3:down:3', '4:up:0'), region(['1', '2', '3'], 1), cooling, 'add-learner 4, promote-learner 4, remove-peer 3'],
    ['a surplus voter added by hand is trimmed even while cooling down', cluster('1:up:9', '2:up:3', '3:up:5', '4:up:4'), region(['1', '2', '3', '4'], 1), cooling, 'remove-peer 3'],
  ];
  it.each(cases)('%s', (_name, c, r, ctx, want) => {
    expect(steps(choosePlan(r, c, ctx))).toBe(want);
  });

  const cooldown: [string, number | undefined, number, boolean][] = [
    ['no admin operator ever: not cooling', undefined, 1_000_000, false],
    ['just added or finished: cooling', 1_000, 1_000, true],
    ['1 ms before the cool-down ends: cooling', 1_000, 30_999, true],
    ['the cool-down over: balancers may act again', 1_000, 31_000, false],
  ];
  it.each(cooldown)('%s', (_name, at, now, want) => {
    expect(adminCoolingDown(at, now, 30_000)).toBe(want);
  });
});

describe('operator progress', () => {
  const move: OperatorPlan = {
    kind: 'balance-region',
    desc: 'move a peer from store 3 to store 4',
    steps: [{ kind: 'add-learner', storeId: 4 }, { kind: 'promote-learner', storeId: 4 }, { kind: 'remove-peer', storeId: 3 }],
  };
  const op = buildOperator(7, move, [104], 0);
  const up = (): boolean => true;
  const show = (r: RegionView): string => {
    const p = progress(op, r, up);
    if (p.state === 'order') return `${p.order.kind === 'change-peer' ? p.order.change : 'transfer-leader'} ${p.order.peer.id}@${p.order.peer.storeId}`;
    return p.state;
  };
  const cases: [string, RegionView, string][] = [
    ['first the learner is added', region(['1', '2', '3'], 1), 'add-learner 104@4'],
    ['while it catches up, wait', region(['1', '2', '3', '4 L'], 1, [4]), 'wait'],
    ['caught up: promote it', region(['1', '2', '3', '4 L'], 1), 'add-voter 104@4'],
    ['then remove the peer on the source store', region(['1', '2', '3', '4'], 1), 'remove 103@3'],
    ['a leader to be removed hands leadership over first', region(['1', '2', '3', '4'], 3), 'transfer-leader 101@1'],
    ['the source peer gone: done', region(['1', '2', '4'], 1), 'done'],
    ['another peer took the target store: failed', withPeer(region(['1', '2', '3'], 1), { id: 555, storeId: 4, role: 'learner' }), 'failed'],
  ];
  it.each(cases)('%s', (_name, r, want) => {
    expect(show(r)).toBe(want);
  });

  it('a transfer is done once the target store leads, and fails when the target holds no voter or went down', () => {
    const t = buildOperator(7, { kind: 'admin', desc: 'transfer', steps: [{ kind: 'transfer-leader', storeId: 2 }] }, [], 0);
    expect(progress(t, region(['1', '2', '3'], 1), up)).toMatchObject({ state: 'order', order: { kind: 'transfer-leader', peer: { id: 102, storeId: 2 } } });
    expect(progress(t, region(['1', '2', '3'], 2), up).state).toBe('done');
    expect(progress(t, region(['1', '2 L', '3'], 1), up).state).toBe('failed');
    // The target store was killed after the operator started: it would never take the lead, and
    // the region's down peer could not be replaced while the operator held it.
    expect(progress(t, region(['1', '2', '3'], 1), (s) => s !== 2)).toMatchObject({ state: 'failed', reason: 'store 2 is not up to take the leadership' });
  });

  it('a leader about to be removed hands over only to a healthy, caught-up voter', () => {
    const rm = buildOperator(7, { kind: 'admin', desc: 'remove', steps: [{ kind: 'remove-peer', storeId: 1 }] }, [], 0);
    expect(progress(rm, region(['1', '2', '3'], 1, [2]), (s) => s !== 3).state).toBe('failed');
    expect(progress(rm, region(['1', '2', '3'], 1, [2]), up)).toMatchObject({ state: 'order', order: { kind: 'transfer-leader', peer: { storeId: 3 } } });
  });
});
