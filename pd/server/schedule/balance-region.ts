// Balance regions (TiKV PD's balance-region scheduler, by count): a peer of a healthy region
// moves from the region's store holding the most region peers to the up store holding the fewest
// (and none of this region), when the two differ by at least two. The move is add-learner →
// promote → remove, so a new store fills up by snapshots while the region keeps its quorum.
// Only regions with exactly `replicas` voters, no learners and no lagging peers move: the replica
// checker owns the others.
import { keepsPeers, receivers, type ClusterView } from './cluster-view.js';
import type { OperatorPlan, RegionView } from './operator.js';

export function balanceRegion(view: RegionView, cluster: ClusterView): OperatorPlan | undefined {
  const { region } = view;
  if (view.pendingPeers.length > 0) return undefined;
  if (region.peers.some((p) => p.role !== 'voter' || !keepsPeers(cluster, p.storeId))) return undefined;
  if (region.peers.length !== cluster.replicas) return undefined;
  const count = (storeId: number): number => cluster.stores.get(storeId)?.regions ?? 0;
  const source = [...region.peers].sort((a, b) => count(b.storeId) - count(a.storeId) || a.storeId - b.storeId)[0];
  if (!source) return undefined;
  const to = receivers(cluster, new Set(region.peers.map((p) => p.storeId)), (s) => s.regions)[0];
  if (!to || count(source.storeId) - to.regions < 2) return undefined;
  return {
    kind: 'balance-region',
    desc: `move peer ${source.id} of region ${region.id} from store ${source.storeId} (${count(source.storeId)} regions) to store ${to.id} (${to.regions})`,
    steps: [{ kind: 'add-learner', storeId: to.id }, { kind: 'promote-learner', storeId: to.id }, { kind: 'remove-peer', storeId: source.storeId }],
  };
}
