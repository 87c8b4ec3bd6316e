// The store's side of its conversation with PD: identity (ids, bootstrap, registration),
// heartbeats, split ids and the GC safe point. Unary gRPC calls with deadlines; a PD error in the
// response header becomes a PdRequestError. (Applications use kv/client's PdClient instead, which
// adds batched timestamps and region caching.)
import * as grpc from '@grpc/grpc-js';
import { pdProto } from '../../pd/proto/index.js';
import type { PDClient } from '../../pd/proto/generated/strata/pd/PD.js';
import type { AllocIDResponse__Output as AllocIDOut } from '../../pd/proto/generated/strata/pd/AllocIDResponse.js';
import type { AskSplitResponse__Output as AskSplitOut } from '../../pd/proto/generated/strata/pd/AskSplitResponse.js';
import type { BootstrapResponse__Output as BootstrapOut } from '../../pd/proto/generated/strata/pd/BootstrapResponse.js';
import type { GetClusterInfoResponse__Output as GetClusterInfoOut } from '../../pd/proto/generated/strata/pd/GetClusterInfoResponse.js';
import type { GetAllStoresResponse__Output as GetAllStoresOut } from '../../pd/proto/generated/strata/pd/GetAllStoresResponse.js';
import type { GetGCSafePointResponse__Output as GetGCSafePointOut } from '../../pd/proto/generated/strata/pd/GetGCSafePointResponse.js';
import type { GetStoreResponse__Output as GetStoreOut } from '../../pd/proto/generated/strata/pd/GetStoreResponse.js';
import type { PutStoreResponse__Output as PutStoreOut } from '../../pd/proto/generated/strata/pd/PutStoreResponse.js';
import type { RegionHeartbeatResponse__Output as RegionHeartbeatOut } from '../../pd/proto/generated/strata/pd/RegionHeartbeatResponse.js';
import type { ReportSplitResponse__Output as ReportSplitOut } from '../../pd/proto/generated/strata/pd/ReportSplitResponse.js';
import type { StoreHeartbeatResponse__Output as StoreHeartbeatOut } from '../../pd/proto/generated/strata/pd/StoreHeartbeatResponse.js';
import type { ResponseHeader__Output } from '../../pd/proto/generated/strata/pd/ResponseHeader.js';
import { StrataError } from '../../util/errors.js';
import type { Peer, Region, RegionEpoch, Store } from '../meta.js';
import { epochFromPb, num, peerFromPb, peerToPb, regionToPb, storeFromPb, storeToPb } from '../proto/convert.js';

export class PdRequestError extends StrataError {
  readonly code = 'KV:Pd:RequestFailed';
  constructor(
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

type Callback<R> = (err: grpc.ServiceError | null, res?: R) => void;

export interface StoreHeartbeat {
  readonly storeId: number;
  readonly regionCount: number;
  readonly leaderCount: number;
  readonly usedSize: number;
  readonly startTime: number;
}

/** What a raft-mode leader adds to its region heartbeat. */
export interface RaftHeartbeat {
  readonly leader: Peer;
  readonly pendingPeers: readonly Peer[];
}

/** An order of PD's scheduler for the leader of a region (pd.proto RegionHeartbeatResponse),
 *  decided on the region at `epoch`. */
export type PdOrder =
  | { readonly kind: 'change-peer'; readonly change: 'add-voter' | 'add-learner' | 'remove'; readonly peer: Peer; readonly epoch: RegionEpoch }
  | { readonly kind: 'transfer-leader'; readonly peer: Peer; readonly epoch: RegionEpoch };

const CHANGES = { ADD_NODE: 'add-voter', REMOVE_NODE: 'remove', ADD_LEARNER_NODE: 'add-learner' } as const;

function orderFromPb(res: RegionHeartbeatOut): PdOrder | undefined {
  const epoch = epochFromPb(res.region_epoch);
  if (res.change_peer?.peer) {
    return { kind: 'change-peer', change: CHANGES[res.change_peer.change_type], peer: peerFromPb(res.change_peer.peer), epoch };
  }
  if (res.transfer_leader?.peer) return { kind: 'transfer-leader', peer: peerFromPb(res.transfer_leader.peer), epoch };
  return undefined;
}

export class PdLink {
  private readonly client: PDClient;
  clusterId = '0';

  constructor(
    readonly address: string,
    private readonly timeoutMs = 5000,
  ) {
    const Ctor = pdProto().strata.pd.PD;
    this.client = new Ctor(address, grpc.credentials.createInsecure());
  }

  private call<Res extends { header: ResponseHeader__Output | null }>(invoke: (opts: grpc.CallOptions, cb: Callback<Res>) => unknown): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      invoke({ deadline: Date.now() + this.timeoutMs }, (err, res) => {
        if (err) return reject(err);
        if (!res) return reject(new PdRequestError('UNKNOWN', 'empty response from PD'));
        const h = res.header;
        if (h?.error && h.error.type !== 'OK') return reject(new PdRequestError(h.error.type, h.error.message));
        if (h && h.cluster_id !== '0') this.clusterId = h.cluster_id;
        resolve(res);
      });
    });
  }

  private get header(): { cluster_id: string } {
    return { cluster_id: this.clusterId };
  }

  async allocId(): Promise<number> {
    const res = await this.call<AllocIDOut>((o, cb) => this.client.AllocID({ header: this.header }, o, cb));
    return num(res.id);
  }

  async isBootstrapped(): Promise<boolean> {
    const res = await this.call<GetClusterInfoOut>((o, cb) => this.client.GetClusterInfo({ header: this.header }, o, cb));
    return res.bootstrapped;
  }

  async bootstrap(store: Store, region: Region): Promise<void> {
    await this.call<BootstrapOut>((o, cb) => this.client.Bootstrap({ header: this.header, store: storeToPb(store), region: regionToPb(region) }, o, cb));
  }

  async putStore(store: Store): Promise<void> {
    await this.call<PutStoreOut>((o, cb) => this.client.PutStore({ header: this.header, store: storeToPb(store) }, o, cb));
  }

  async storeHeartbeat(s: StoreHeartbeat): Promise<void> {
    await this.call<StoreHeartbeatOut>((o, cb) => this.client.StoreHeartbeat({
      header: this.header,
      stats: {
        store_id: String(s.storeId),
        region_count: s.regionCount,
        leader_count: s.leaderCount,
        used_size: String(s.usedSize),
        start_time: String(s.startTime),
      },
    }, o, cb));
  }

  /** A store's address (the raftstore's transport resolves peers' stores with it). */
  async getStore(storeId: number): Promise<Store | undefined> {
    const res = await this.call<GetStoreOut>((o, cb) => this.client.GetStore({ header: this.header, store_id: String(storeId) }, o, cb));
    return res.store?.store ? storeFromPb(res.store.store) : undefined;
  }

  /** Every store PD knows that is not a tombstone, with whether PD sees it as live ("up"). */
  async getAllStores(): Promise<{ store: Store; live: boolean }[]> {
    const res = await this.call<GetAllStoresOut>((o, cb) => this.client.GetAllStores({ header: this.header, exclude_tombstone_stores: true }, o, cb));
    const out: { store: Store; live: boolean }[] = [];
    for (const info of res.stores) if (info.store) out.push({ store: storeFromPb(info.store), live: info.liveness === 'up' });
    return out;
  }

  /** Reports a region; `leaderPeer` defaults to the first peer (a single-copy store leads all).
   *  A raft-mode leader (`replicated`) may get back an order from PD's scheduler. */
  async regionHeartbeat(region: Region, approximateSize: number, approximateKeys: number, raft?: RaftHeartbeat): Promise<PdOrder | undefined> {
    const leader = raft?.leader ?? region.peers[0];
    const res = await this.call<RegionHeartbeatOut>((o, cb) => this.client.RegionHeartbeat({
      header: this.header,
      region: regionToPb(region),
      leader: leader ? { id: String(leader.id), store_id: String(leader.storeId), role: 'VOTER' } : null,
      approximate_size: String(approximateSize),
      approximate_keys: String(approximateKeys),
      pending_peers: (raft?.pendingPeers ?? []).map(peerToPb),
      replicated: raft !== undefined,
    }, o, cb));
    return orderFromPb(res);
  }

  async askSplit(region: Region, count: number): Promise<{ regionId: number; peerIds: number[] }[]> {
    const res = await this.call<AskSplitOut>((o, cb) => this.client.AskSplit({ header: this.header, region: regionToPb(region), split_count: count }, o, cb));
    return res.ids.map((id) => ({ regionId: num(id.new_region_id), peerIds: id.new_peer_ids.map(num) }));
  }

  async reportSplit(regions: readonly Region[]): Promise<void> {
    await this.call<ReportSplitOut>((o, cb) => this.client.ReportSplit({ header: this.header, regions: regions.map(regionToPb) }, o, cb));
  }

  async gcSafePoint(): Promise<bigint> {
    const res = await this.call<GetGCSafePointOut>((o, cb) => this.client.GetGCSafePoint({ header: this.header }, o, cb));
    return BigInt(res.safe_point);
  }

  close(): void {
    this.client.close();
  }
}
