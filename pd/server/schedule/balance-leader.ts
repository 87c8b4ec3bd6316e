// Balance leaders (TiKV PD's balance-leader scheduler, by count): the leader of a region moves to
// another of its voters when that voter's store leads at least two regions fewer than the
// leader's store. Every move narrows the gap by two, so the cluster settles instead of
// ping-ponging; a store that is not up receives nothing, and a pending (lagging) peer is never
// made leader.
import { receivers, type ClusterView } from './cluster-view.js';
import type { OperatorPlan, RegionView } from './operator.js';

export function balanceLeader(view: RegionView, cluster: ClusterView): OperatorPlan | undefined {
  const { region, leader } = view;
  if (!leader) return undefined;
  const from = cluster.stores.get(leader.storeId);
  if (!from) return undefined;
  const candidates = new Set(region.peers.filter((p) => p.role === 'voter' && p.id !== leader.id && !view.pendingPeers.includes(p.id)).map((p) => p.storeId));
  const others = new Set([...cluster.stores.keys()].filter((id) => !candidates.has(id)));
  const to = receivers(cluster, others, (s) => s.leaders)[0];
  if (!to || from.leaders - to.leaders < 2) return undefined;
  return {
    kind: 'balance-leader',
    desc: `move the leader from store ${from.id} (${from.leaders} leaders) to store ${to.id} (${to.leaders})`,
    steps: [{ kind: 'transfer-leader', storeId: to.id }],
  };
}
