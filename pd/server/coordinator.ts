// The coordinator: PD's scheduling loop, driven by region heartbeats (as TiKV PD's is). For the
// region of each heartbeat from a raft-mode store it
//
//   1. looks at the operator in flight for the region, if any (schedule/operator.ts): done →
//      forgotten; impossible or older than `operatorTimeoutMs` → dropped; otherwise the order for
//      its current step goes back in the heartbeat response;
//   2. with none in flight, asks the replica checker, then (within the in-flight limits, and not
//      while the region cools down after an admin operator) the leader and region balancers, for
//      a plan (schedule/choose-plan.ts); ids for new peers come from PD's allocator.
//
// It also turns an offline store that holds no more peers into a tombstone. Admin operators
// (strata ctl) enter here too and are carried out the same way.
//
// Operators live in memory only: after a PD restart the checkers look again at the regions as
// they are, which is all an operator needs.
import type { Peer } from '../../kv/meta.js';
import { logger } from '../../util/logger.js';
import type { Cluster } from './cluster.js';
import { invalidArgument, PdError } from './errors.js';
import { adminCoolingDown, choosePlan } from './schedule/choose-plan.js';
import { canReceive, type ClusterView, type StoreHealth, type StoreView } from './schedule/cluster-view.js';
import { buildOperator, peerIdsNeeded, progress, storeDeltas, type Operator, type OperatorPlan, type Order, type RegionView } from './schedule/operator.js';

const log = logger('pd-schedule');

export interface SchedulingOptions {
  /** Voters per region (PD's max-replicas; default 3). */
  readonly replicas: number;
  /** An operator not finished after this long is dropped (default 60 s). */
  readonly operatorTimeoutMs: number;
  /** Leader transfers in flight at once (default 4). */
  readonly leaderScheduleLimit: number;
  /** Peer moves in flight at once (default 2). */
  readonly regionScheduleLimit: number;
  /** After an admin operator on a region is added or ends, the balancers leave that region alone
   *  this long (default 30 s; the replica checker still acts). */
  readonly adminCooldownMs: number;
}

export const DEFAULT_SCHEDULING: SchedulingOptions = {
  replicas: 3,
  operatorTimeoutMs: 60_000,
  leaderScheduleLimit: 4,
  regionScheduleLimit: 2,
  adminCooldownMs: 30_000,
};

export type AdminOperatorKind = 'transfer-leader' | 'add-peer' | 'remove-peer';

export class Coordinator {
  private readonly ops = new Map<number, Operator>();
  /** Region id → when an admin operator on it was last added or ended (for the cool-down). */
  private readonly adminTouched = new Map<number, number>();
  private readonly opts: SchedulingOptions;

  constructor(
    private readonly cluster: Cluster,
    opts: Partial<SchedulingOptions> = {},
  ) {
    this.opts = { ...DEFAULT_SCHEDULING, ...opts };
  }

  get replicas(): number {
    return this.opts.replicas;
  }

  /** Operators in flight (for the HTTP API and tests). */
  operators(): Operator[] {
    return [...this.ops.values()];
  }

  /** The order for the leader that sent this heartbeat, if any. */
  async onHeartbeat(view: RegionView): Promise<Order | undefined> {
    const now = this.cluster.now();
    const regionId = view.region.id;
    const cv = this.view();
    await this.retireOfflineStores(cv);
    const op = this.ops.get(regionId);
    if (op) {
      const order = this.advance(op, view, cv, now);
      if (order !== 'finished') return order;
    }
    const plan = this.plan(view, cv, now);
    if (!plan) return undefined;
    return this.start(regionId, plan, view, cv, now);
  }

  /** Starts an operator asked for by hand; it replaces one the schedulers started. */
  async addAdminOperator(regionId: number, kind: AdminOperatorKind, storeId: number): Promise<Operator> {
    const entry = this.cluster.getRegionById(regionId);
    if (!entry) throw new PdError('REGION_NOT_FOUND', `region ${regionId} not found`);
    const store = this.cluster.storeEntry(storeId);
    const running = this.ops.get(regionId);
    if (running?.kind === 'admin') throw invalidArgument(`region ${regionId} already has an operator in progress: ${running.desc}`);
    const cv = this.view();
    const { region, leader } = entry;
    const peer = region.peers.find((p) => p.storeId === storeId);
    let plan: OperatorPlan;
    switch (kind) {
      case 'transfer-leader':
        if (!peer || peer.role !== 'voter') throw invalidArgument(`store ${storeId} holds no voter of region ${regionId} (peers: ${peerList(region.peers)})`);
        if (leader?.storeId === storeId) throw invalidArgument(`store ${storeId} already leads region ${regionId}`);
        if (!canReceive(cv, storeId)) throw invalidArgument(`store ${storeId} is not up (${this.healthOf(storeId)})`);
        plan = { kind: 'admin', desc: `transfer the leader of region ${regionId} to store ${storeId}`, steps: [{ kind: 'transfer-leader', storeId }] };
        break;
      case 'add-peer':
        if (peer) throw invalidArgument(`store ${storeId} already holds peer ${peer.id} of region ${regionId}`);
        if (store.store.state !== 'up' || !canReceive(cv, storeId)) throw invalidArgument(`store ${storeId} is not up (${this.healthOf(storeId)})`);
        plan = { kind: 'admin', desc: `add a peer of region ${regionId} on store ${storeId}`, steps: [{ kind: 'add-learner', storeId }, { kind: 'promote-learner', storeId }] };
        break;
      case 'remove-peer':
        if (!peer) throw invalidArgument(`store ${storeId} holds no peer of region ${regionId} (peers: ${peerList(region.peers)})`);
        if (region.peers.length === 1) throw invalidArgument(`peer ${peer.id} is the last one of region ${regionId}`);
        plan = { kind: 'admin', desc: `remove peer ${peer.id} of region ${regionId} from store ${storeId}`, steps: [{ kind: 'remove-peer', storeId }] };
        break;
    }
    const op = await this.build(regionId, plan, this.cluster.now());
    if (running) log.info({ regionId, dropped: running.desc }, 'an admin operator replaces a scheduled one');
    this.ops.set(regionId, op);
    this.touchAdmin(regionId, op.createdAt);
    log.info({ regionId, op: op.desc }, 'admin operator added');
    return op;
  }

  /** Takes a store out of service: its peers move away, then it becomes a tombstone. */
  async deleteStore(storeId: number): Promise<void> {
    const entry = this.cluster.storeEntry(storeId);
    if (entry.store.state === 'tombstone') throw new PdError('STORE_TOMBSTONE', `store ${storeId} is already a tombstone`);
    if (entry.store.state === 'offline') return;
    const others = this.cluster.allStores().filter((s) => s.store.id !== storeId && s.store.state === 'up' && this.cluster.liveness(s) !== 'down');
    if (others.length < this.opts.replicas) {
      throw invalidArgument(`cannot remove store ${storeId}: only ${others.length} other store(s) are up for ${this.opts.replicas} replicas`);
    }
    await this.cluster.setStoreState(storeId, 'offline');
    log.info({ storeId }, 'store set offline; its peers will move');
  }

  // ---------------------------------------------------------------- internals

  private advance(op: Operator, view: RegionView, cv: ClusterView, now: number): Order | undefined | 'finished' {
    const order = this.judge(op, view, cv, now);
    if (order === 'finished' && op.kind === 'admin') this.touchAdmin(op.regionId, now);
    return order;
  }

  private judge(op: Operator, view: RegionView, cv: ClusterView, now: number): Order | undefined | 'finished' {
    const p = progress(op, view, (id) => canReceive(cv, id));
    if (p.state === 'done') {
      this.ops.delete(op.regionId);
      log.info({ regionId: op.regionId, op: op.desc, ms: now - op.createdAt }, 'operator finished');
      return 'finished';
    }
    if (p.state === 'failed') {
      this.ops.delete(op.regionId);
      log.warn({ regionId: op.regionId, op: op.desc, reason: p.reason }, 'operator cannot go on; dropped');
      return 'finished';
    }
    // A peer being added on a store that went away would never catch up: give up at once, so
    // the replica checker can place it elsewhere instead of the region waiting for the timeout.
    const lost = op.steps.find((st, i) => i >= p.step && (st.kind === 'add-learner' || st.kind === 'promote-learner') && !canReceive(cv, st.storeId));
    if (lost) {
      this.ops.delete(op.regionId);
      log.warn({ regionId: op.regionId, op: op.desc, store: lost.storeId }, 'the target store is no longer up; operator dropped');
      return 'finished';
    }
    if (now - op.createdAt > this.opts.operatorTimeoutMs) {
      this.ops.delete(op.regionId);
      log.warn({ regionId: op.regionId, op: op.desc, step: p.step }, 'operator timed out; dropped');
      return 'finished';
    }
    return p.state === 'order' ? p.order : undefined;
  }

  private plan(view: RegionView, cv: ClusterView, now: number): OperatorPlan | undefined {
    const inFlight = (kind: Operator['kind']): number => [...this.ops.values()].filter((o) => o.kind === kind).length;
    const regionId = view.region.id;
    const adminCooling = adminCoolingDown(this.adminTouched.get(regionId), now, this.opts.adminCooldownMs);
    if (!adminCooling) this.adminTouched.delete(regionId);
    return choosePlan(view, cv, {
      leaderSlots: this.opts.leaderScheduleLimit - inFlight('balance-leader'),
      regionSlots: this.opts.regionScheduleLimit - inFlight('balance-region'),
      adminCooling,
    });
  }

  private touchAdmin(regionId: number, at: number): void {
    this.adminTouched.set(regionId, at);
    // Forget regions whose cool-down is long over (split-away or idle regions may never
    // heartbeat through plan() again).
    if (this.adminTouched.size > 1024) {
      for (const [id, t] of this.adminTouched) if (!adminCoolingDown(t, at, this.opts.adminCooldownMs)) this.adminTouched.delete(id);
    }
  }

  private async start(regionId: number, plan: OperatorPlan, view: RegionView, cv: ClusterView, now: number): Promise<Order | undefined> {
    const op = await this.build(regionId, plan, now);
    const p = progress(op, view, (id) => canReceive(cv, id));
    if (p.state === 'failed' || p.state === 'done') return undefined;
    this.ops.set(regionId, op);
    log.info({ regionId, op: op.desc }, 'operator started');
    return p.state === 'order' ? p.order : undefined;
  }

  private async build(regionId: number, plan: OperatorPlan, now: number): Promise<Operator> {
    const ids: number[] = [];
    for (let i = 0; i < peerIdsNeeded(plan); i++) ids.push(await this.cluster.allocId());
    return buildOperator(regionId, plan, ids, now);
  }

  private healthOf(storeId: number): StoreHealth {
    return this.view().stores.get(storeId)?.health ?? 'tombstone';
  }

  /** The stores as the schedulers see them: health, and peer/leader counts with every operator
   *  in flight counted as done. */
  private view(): ClusterView {
    const counts = this.cluster.regionCountsByStore();
    const stores = new Map<number, { id: number; health: StoreHealth; regions: number; leaders: number }>();
    for (const e of this.cluster.allStores()) {
      const liveness = this.cluster.liveness(e);
      const health: StoreHealth = liveness === 'tombstone' ? 'tombstone' : e.store.state === 'offline' ? 'offline' : liveness;
      const c = counts.get(e.store.id);
      stores.set(e.store.id, { id: e.store.id, health, regions: c?.regions ?? 0, leaders: c?.leaders ?? 0 });
    }
    for (const op of this.ops.values()) {
      const d = storeDeltas(op);
      for (const id of d.adds) bump(stores.get(id), 'regions', 1);
      for (const id of d.removes) bump(stores.get(id), 'regions', -1);
      for (const id of d.leaderTo) bump(stores.get(id), 'leaders', 1);
      const leader = this.cluster.getRegionById(op.regionId)?.leader;
      if (d.leaderTo.length > 0 && leader) bump(stores.get(leader.storeId), 'leaders', -1);
    }
    return { replicas: this.opts.replicas, stores: stores as ReadonlyMap<number, StoreView> };
  }

  private async retireOfflineStores(cv: ClusterView): Promise<void> {
    for (const s of cv.stores.values()) {
      if (s.health !== 'offline') continue;
      const holds = this.cluster.allRegions().some((r) => r.region.peers.some((p) => p.storeId === s.id));
      if (holds) continue;
      await this.cluster.setStoreState(s.id, 'tombstone');
      log.info({ storeId: s.id }, 'offline store holds no more peers; now a tombstone');
    }
  }
}

function bump(s: { regions: number; leaders: number } | undefined, field: 'regions' | 'leaders', by: number): void {
  if (s) s[field] += by;
}

function peerList(peers: readonly Peer[]): string {
  return peers.map((p) => `${p.id}@store${p.storeId}`).join(', ');
}
