// What the schedulers know of the stores: each store's health and how many region peers and
// leaders it holds (PD's region tree, plus the effect of operators still in flight, so that two
// heartbeats in a row do not both pick the same emptiest store). Built by the coordinator from
// the Cluster; the checkers and balancers read only this, so they are pure functions.
//
//   up            serving; may receive new peers and leaders
//   disconnected  silent for a while (may just be slow): keeps its peers, receives nothing new
//   down          silent longer than max-store-down-time: its peers are replaced elsewhere
//   offline       being removed by hand (strata ctl store delete): its peers move away
//   tombstone     gone for good
export type StoreHealth = 'up' | 'disconnected' | 'down' | 'offline' | 'tombstone';

export interface StoreView {
  readonly id: number;
  readonly health: StoreHealth;
  readonly regions: number;
  readonly leaders: number;
}

export interface ClusterView {
  /** Voters every region should have (PD's max-replicas). */
  readonly replicas: number;
  readonly stores: ReadonlyMap<number, StoreView>;
}

export function healthOf(view: ClusterView, storeId: number): StoreHealth {
  return view.stores.get(storeId)?.health ?? 'tombstone';
}

/** A store whose peers stay where they are (a disconnected store may come back any moment). */
export function keepsPeers(view: ClusterView, storeId: number): boolean {
  const h = healthOf(view, storeId);
  return h === 'up' || h === 'disconnected';
}

/** A store that may receive a new peer or a leader. */
export function canReceive(view: ClusterView, storeId: number): boolean {
  return healthOf(view, storeId) === 'up';
}

/** Stores that may receive, minus `exclude`, ordered by `count` ascending then id. */
export function receivers(view: ClusterView, exclude: ReadonlySet<number>, count: (s: StoreView) => number): StoreView[] {
  return [...view.stores.values()]
    .filter((s) => s.health === 'up' && !exclude.has(s.id))
    .sort((a, b) => count(a) - count(b) || a.id - b.id);
}
