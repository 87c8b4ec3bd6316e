// Which scheduler acts on a region that has no operator in flight, in order of urgency:
//
//   1. the replica checker — always: a missing or misplaced replica matters more than anything
//   2. balance-leader, then balance-region — only within their in-flight limits, and never on a
//      region that is cooling down after an admin operator
//
// The cool-down: a person who moved a leader or a peer by hand (strata ctl) expects the region to
// stay as they left it for a while, not to see a balancer undo it a heartbeat later (balance-leader
// would move a leader set by hand on within a few hundred ms whenever the target store now leads
// the most regions). So for `adminCooldownMs` after an admin operator on a region is added or
// ends, the balancers leave that region alone; other regions still balance, and the cluster
// evens out once the cool-down is over.
//
// Pure: the region, the cluster view and the coordinator's bookkeeping in, a plan (or nothing) out.
import { balanceLeader } from './balance-leader.js';
import { balanceRegion } from './balance-region.js';
import type { ClusterView } from './cluster-view.js';
import type { OperatorPlan, RegionView } from './operator.js';
import { checkReplicas } from './replica-checker.js';

export interface PlanContext {
  /** balance-leader operators that may still start (limit minus those in flight). */
  readonly leaderSlots: number;
  /** balance-region operators that may still start. */
  readonly regionSlots: number;
  /** The region is within the cool-down after an admin operator (see `adminCoolingDown`). */
  readonly adminCooling: boolean;
}

export function choosePlan(view: RegionView, cluster: ClusterView, ctx: PlanContext): OperatorPlan | undefined {
  const replica = checkReplicas(view, cluster);
  if (replica) return replica;
  if (ctx.adminCooling) return undefined;
  if (ctx.leaderSlots > 0) {
    const plan = balanceLeader(view, cluster);
    if (plan) return plan;
  }
  if (ctx.regionSlots > 0) return balanceRegion(view, cluster);
  return undefined;
}

/** Whether a region whose last admin operator was added or ended at `lastAdminAt` is still
 *  cooling down at `now` (never, when no admin operator touched it). */
export function adminCoolingDown(lastAdminAt: number | undefined, now: number, cooldownMs: number): boolean {
  return lastAdminAt !== undefined && now - lastAdminAt < cooldownMs;
}
