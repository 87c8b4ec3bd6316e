// The replica checker (TiKV PD's): every region should have exactly `replicas` voters, on
// distinct stores that keep their peers. For the region of one heartbeat it proposes at most one
// operator, in this order of urgency:
//
//   1. too few healthy voters  → add a learner on the up store with the fewest region peers,
//      promote it, and (when a voter sits on a down/offline/tombstone store) remove that voter —
//      "replace", so the group grows before it shrinks and never drops below its quorum
//   2. enough healthy voters but one on a bad store → remove it
//   3. a learner no operator owns (a move that timed out) → promote it if a voter is missing,
//      else remove it
//   4. more voters than `replicas` → remove the one on the store with the most region peers
//
// Pure: region + cluster view in, a plan (or nothing) out.
import type { Peer } from '../../../kv/meta.js';
import { keepsPeers, receivers, type ClusterView } from './cluster-view.js';
import type { OperatorPlan, RegionView } from './operator.js';

export function checkReplicas(view: RegionView, cluster: ClusterView): OperatorPlan | undefined {
  const { region } = view;
  const voters = region.peers.filter((p) => p.role === 'voter');
  const learners = region.peers.filter((p) => p.role === 'learner');
  const good = voters.filter((p) => keepsPeers(cluster, p.storeId));
  const bad = voters.filter((p) => !keepsPeers(cluster, p.storeId));
  const badLearner = learners.find((p) => !keepsPeers(cluster, p.storeId));
  const used = new Set(region.peers.map((p) => p.storeId));

  if (badLearner) return { kind: 'replica', desc: `remove learner ${badLearner.id} on ${where(cluster, badLearner)}`, steps: [{ kind: 'remove-peer', storeId: badLearner.storeId }] };

  const orphan = learners[0];
  if (orphan) {
    if (good.length < cluster.replicas && !view.pendingPeers.includes(orphan.id)) {
      return { kind: 'replica', desc: `promote learner ${orphan.id} on store ${orphan.storeId}`, steps: [{ kind: 'promote-learner', storeId: orphan.storeId }] };
    }
    if (good.length >= cluster.replicas) return { kind: 'replica', desc: `remove surplus learner ${orphan.id} on store ${orphan.storeId}`, steps: [{ kind: 'remove-peer', storeId: orphan.storeId }] };
    return undefined; // a learner catching up will be promoted when it has the log
  }

  if (good.length < cluster.replicas) {
    const target = receivers(cluster, used, (s) => s.regions)[0];
    if (!target) return undefined; // nowhere to put a replica: wait for a store
    const victim = bad[0];
    if (victim) {
      return {
        kind: 'replica',
        desc: `replace peer ${victim.id} on ${where(cluster, victim)} with a peer on store ${target.id}`,
        steps: [{ kind: 'add-learner', storeId: target.id }, { kind: 'promote-learner', storeId: target.id }, { kind: 'remove-peer', storeId: victim.storeId }],
      };
    }
    return {
      kind: 'replica',
      desc: `add a replica on store ${target.id} (${good.length} of ${cluster.replicas})`,
      steps: [{ kind: 'add-learner', storeId: target.id }, { kind: 'promote-learner', storeId: target.id }],
    };
  }

  const victim = bad[0];
  if (victim) return { kind: 'replica', desc: `remove peer ${victim.id} on ${where(cluster, victim)}`, steps: [{ kind: 'remove-peer', storeId: victim.storeId }] };

  if (voters.length > cluster.replicas) {
    const count = (p: Peer): number => cluster.stores.get(p.storeId)?.regions ?? 0;
    const notLeader = voters.filter((p) => p.id !== view.leader?.id);
    const pick = [...(notLeader.length > 0 ? notLeader : voters)].sort((a, b) => count(b) - count(a) || b.storeId - a.storeId)[0] as Peer;
    return { kind: 'replica', desc: `remove surplus voter ${pick.id} on store ${pick.storeId} (${voters.length} of ${cluster.replicas})`, steps: [{ kind: 'remove-peer', storeId: pick.storeId }] };
  }
  return undefined;
}

function where(cluster: ClusterView, p: Peer): string {
  return `${cluster.stores.get(p.storeId)?.health ?? 'unknown'} store ${p.storeId}`;
}
