// The client's connection to PD: batched timestamps, region routing, store addresses, IDs and the
// GC safe point, over gRPC.
//
// Timestamps travel on one long-lived bidirectional Tso stream (see tso-dispatcher.ts for the
// batching and the fail-over when PD restarts). Everything else is a unary call with a deadline;
// a call that finds PD unreachable (UNAVAILABLE, DEADLINE_EXCEEDED) is retried with backoff for
// up to `retryBudgetMs`, so a PD restart is a pause, not an error. An error in PD's response
// header is not retried: it becomes a PdServerError naming PD's error type.
//
// The cluster id is learned from the first response and sent in every request header after that;
// a response from a different cluster is refused (CLUSTER_MISMATCH), so a client never mixes two
// clusters' timestamps or regions. Store addresses are cached by id (they rarely change); the
// region cache asks to forget one when its store stops answering.
import * as grpc from '@grpc/grpc-js';
import { pdProto } from '../../pd/proto/index.js';
import type { PDClient } from '../../pd/proto/generated/strata/pd/PD.js';
import type { AddOperatorResponse__Output as AddOperatorOut } from '../../pd/proto/generated/strata/pd/AddOperatorResponse.js';
import type { DeleteStoreResponse__Output as DeleteStoreOut } from '../../pd/proto/generated/strata/pd/DeleteStoreResponse.js';
import type { AllocIDResponse__Output as AllocIDOut } from '../../pd/proto/generated/strata/pd/AllocIDResponse.js';
import type { GetAllStoresResponse__Output as GetAllStoresOut } from '../../pd/proto/generated/strata/pd/GetAllStoresResponse.js';
import type { GetClusterInfoResponse__Output as GetClusterInfoOut } from '../../pd/proto/generated/strata/pd/GetClusterInfoResponse.js';
import type { GetGCSafePointResponse__Output as GetGCSafePointOut } from '../../pd/proto/generated/strata/pd/GetGCSafePointResponse.js';
import type { GetRegionResponse__Output } from '../../pd/proto/generated/strata/pd/GetRegionResponse.js';
import type { GetStoreResponse__Output as GetStoreOut } from '../../pd/proto/generated/strata/pd/GetStoreResponse.js';
import type { ScanRegionsResponse__Output as ScanRegionsOut } from '../../pd/proto/generated/strata/pd/ScanRegionsResponse.js';
import type { UpdateGCSafePointResponse__Output as UpdateGCSafePointOut } from '../../pd/proto/generated/strata/pd/UpdateGCSafePointResponse.js';
import type { ResponseHeader__Output } from '../../pd/proto/generated/strata/pd/ResponseHeader.js';
import type { StoreInfo__Output } from '../../pd/proto/generated/strata/pd/StoreInfo.js';
import type { TsoResponse__Output } from '../../pd/proto/generated/strata/pd/TsoResponse.js';
import type { Store } from '../meta.js';
import { num, peerFromPb, regionFromPb, storeFromPb } from '../proto/convert.js';
import type { TimeStamp } from '../txn-types.js';
import { Backoffer } from './backoff.js';
import { ClientClosed, PdServerError, PdUnavailable } from './errors.js';
import type { PdApi, RegionInfo, StoreStatus } from './pd-api.js';
import { CHANNEL_OPTIONS, isServiceError, isUnreachable, statusName } from './grpc-util.js';
import { TsoDispatcher, type OpenTsoStream } from './tso-dispatcher.js';

export interface PdClientOptions {
  /** Deadline of one unary PD call (ms). */
  readonly timeoutMs?: number;
  /** How long unary calls keep retrying while PD is unreachable (ms). */
  readonly retryBudgetMs?: number;
  /** How long getTs() waits at most, across stream reconnects (ms). */
  readonly tsoTimeoutMs?: number;
  /** How long one TSO request may go unanswered before the stream is reopened (ms). */
  readonly tsoRequestTimeoutMs?: number;
}

type Callback<R> = (err: grpc.ServiceError | null, res?: R) => void;

export class PdClient implements PdApi {
  private readonly client: PDClient;
  private readonly tso: TsoDispatcher;
  private readonly stores = new Map<number, Promise<Store>>();
  private readonly timeoutMs: number;
  private readonly retryBudgetMs: number;
  private cluster = '0';
  private closed = false;

  /** Connects and learns the cluster id (waiting up to retryBudgetMs for PD to come up). */
  static async connect(address: string, options: PdClientOptions = {}): Promise<PdClient> {
    const pd = new PdClient(address, options);
    try {
      await pd.isBootstrapped();
    } catch (err) {
      pd.close();
      throw err;
    }
    return pd;
  }

  constructor(
    readonly address: string,
    options: PdClientOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.retryBudgetMs = options.retryBudgetMs ?? 10_000;
    const Ctor = pdProto().strata.pd.PD;
    this.client = new Ctor(address, grpc.credentials.createInsecure(), CHANNEL_OPTIONS);
    this.tso = new TsoDispatcher(this.openTsoStream, {
      timeoutMs: options.tsoTimeoutMs ?? this.retryBudgetMs,
      requestTimeoutMs: options.tsoRequestTimeoutMs ?? 3_000,
    });
  }

  /** The cluster id PD reported ('0' until the first answer). */
  get clusterId(): string {
    return this.cluster;
  }

  /** Number of TSO requests sent on the stream (batching makes it smaller than getTs calls). */
  get tsoRequestsSent(): number {
    return this.tso.requestsSent;
  }

  getTs(): Promise<TimeStamp> {
    return this.tso.getTs();
  }

  async isBootstrapped(): Promise<boolean> {
    const res = await this.call<GetClusterInfoOut>('GetClusterInfo', (o, cb) => this.client.GetClusterInfo({ header: this.header }, o, cb));
    return res.bootstrapped;
  }

  async allocId(): Promise<number> {
    const res = await this.call<AllocIDOut>('AllocID', (o, cb) => this.client.AllocID({ header: this.header }, o, cb));
    return num(res.id);
  }

  async getRegion(internalKey: Uint8Array): Promise<RegionInfo | undefined> {
    const res = await this.call<GetRegionResponse__Output>('GetRegion', (o, cb) => this.client.GetRegion({ header: this.header, region_key: internalKey }, o, cb), ['REGION_NOT_FOUND']);
    return regionInfo(res);
  }

  async getRegionById(regionId: number): Promise<RegionInfo | undefined> {
    const res = await this.call<GetRegionResponse__Output>('GetRegionByID', (o, cb) => this.client.GetRegionByID({ header: this.header, region_id: String(regionId) }, o, cb), [
      'REGION_NOT_FOUND',
    ]);
    return regionInfo(res);
  }

  async scanRegions(start: Uint8Array, end: Uint8Array, limit: number): Promise<RegionInfo[]> {
    const res = await this.call<ScanRegionsOut>('ScanRegions', (o, cb) => this.client.ScanRegions({ header: this.header, start_key: start, end_key: end, limit }, o, cb));
    const out: RegionInfo[] = [];
    for (const r of res.regions) {
      if (r.region) {
        out.push({
          region: regionFromPb(r.region),
          leader: r.leader && r.leader.id !== '0' ? peerFromPb(r.leader) : undefined,
          approximateSize: num(r.approximate_size),
          approximateKeys: num(r.approximate_keys),
        });
      }
    }
    return out;
  }

  getStore(storeId: number): Promise<Store> {
    let p = this.stores.get(storeId);
    if (!p) {
      p = this.getStoreStatus(storeId).then((s) => {
        if (s.store.state === 'tombstone') throw new PdServerError('STORE_TOMBSTONE', `store ${storeId} is a tombstone`);
        return s.store;
      });
      this.stores.set(storeId, p);
      // A failed lookup must not stay cached.
      p.catch(() => {
        if (this.stores.get(storeId) === p) this.stores.delete(storeId);
      });
    }
    return p;
  }

  invalidateStore(storeId: number): void {
    this.stores.delete(storeId);
  }

  /** A store with its liveness, uncached. */
  async getStoreStatus(storeId: number): Promise<StoreStatus> {
    const res = await this.call<GetStoreOut>('GetStore', (o, cb) => this.client.GetStore({ header: this.header, store_id: String(storeId) }, o, cb));
    if (!res.store?.store) throw new PdServerError('UNKNOWN', `store ${storeId} not found`);
    return storeStatus(res.store);
  }

  async getAllStores(options: { excludeTombstones?: boolean } = {}): Promise<StoreStatus[]> {
    const res = await this.call<GetAllStoresOut>('GetAllStores', (o, cb) =>
      this.client.GetAllStores({ header: this.header, exclude_tombstone_stores: options.excludeTombstones ?? false }, o, cb),
    );
    return res.stores.filter((s) => s.store).map(storeStatus);
  }

  async getGcSafePoint(): Promise<TimeStamp> {
    const res = await this.call<GetGCSafePointOut>('GetGCSafePoint', (o, cb) => this.client.GetGCSafePoint({ header: this.header }, o, cb));
    return BigInt(res.safe_point) as TimeStamp;
  }

  /** Moves the GC safe point forward; returns the one in force (never lower than before). */
  async updateGcSafePoint(safePoint: TimeStamp): Promise<TimeStamp> {
    const res = await this.call<UpdateGCSafePointOut>('UpdateGCSafePoint', (o, cb) => this.client.UpdateGCSafePoint({ header: this.header, safe_point: String(safePoint) }, o, cb));
    return BigInt(res.new_safe_point) as TimeStamp;
  }

  /** Asks PD to carry out an operator on a region (strata ctl): transfer its leader to a store,
   *  add a peer on a store, or remove the peer on a store. Returns PD's description of it; PD
   *  refuses (INVALID_ARGUMENT) what cannot be done. */
  async addOperator(regionId: number, kind: 'transfer-leader' | 'add-peer' | 'remove-peer', storeId: number): Promise<string> {
    const pbKind = ({ 'transfer-leader': 'TRANSFER_LEADER', 'add-peer': 'ADD_PEER', 'remove-peer': 'REMOVE_PEER' } as const)[kind];
    const res = await this.call<AddOperatorOut>('AddOperator', (o, cb) =>
      this.client.AddOperator({ header: this.header, region_id: String(regionId), kind: pbKind, store_id: String(storeId) }, o, cb),
    );
    return res.description;
  }

  /** Takes a store out of the cluster: PD moves its peers away, then makes it a tombstone. */
  async deleteStore(storeId: number): Promise<void> {
    await this.call<DeleteStoreOut>('DeleteStore', (o, cb) => this.client.DeleteStore({ header: this.header, store_id: String(storeId) }, o, cb));
  }

  /** Ends the TSO stream, fails waiting callers with ClientClosed and closes the channel. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.tso.close();
    this.client.close();
  }

  // ---------------------------------------------------------------- plumbing

  private get header(): { cluster_id: string } {
    return { cluster_id: this.cluster };
  }

  /** Checks a response header: learns the cluster id, refuses another cluster's answers. */
  private checkHeader(h: ResponseHeader__Output | null, allowed: readonly string[] = []): void {
    if (h && h.cluster_id !== '0') {
      if (this.cluster === '0') this.cluster = h.cluster_id;
      else if (this.cluster !== h.cluster_id) {
        throw new PdServerError('CLUSTER_MISMATCH', `PD at ${this.address} belongs to cluster ${h.cluster_id}, not ${this.cluster}`);
      }
    }
    if (h?.error && h.error.type !== 'OK' && !allowed.includes(h.error.type)) throw new PdServerError(h.error.type, h.error.message);
  }

  private async call<Res extends { header: ResponseHeader__Output | null }>(
    method: string,
    invoke: (opts: grpc.CallOptions, cb: Callback<Res>) => unknown,
    allowedErrors: readonly string[] = [],
  ): Promise<Res> {
    const bo = new Backoffer({ budgetMs: this.retryBudgetMs });
    for (;;) {
      if (this.closed) throw new ClientClosed('PD client');
      try {
        const res = await new Promise<Res>((resolve, reject) => {
          invoke({ deadline: Date.now() + this.timeoutMs }, (err, r) => {
            if (err) reject(err);
            else if (!r) reject(new PdUnavailable(`empty ${method} response from PD`));
            else resolve(r);
          });
        });
        this.checkHeader(res.header, allowedErrors);
        return res;
      } catch (err) {
        if (this.closed) throw new ClientClosed('PD client');
        if (!isUnreachable(err)) {
          if (isServiceError(err)) throw new PdServerError(statusName(err.code), err.details || err.message);
          throw err;
        }
        await bo.backoff('pd-rpc', err, { onExhausted: (cause) => new PdUnavailable(`PD ${this.address} did not answer ${method}`, cause) });
      }
    }
  }

  private readonly openTsoStream: OpenTsoStream = (handlers) => {
    const call = this.client.Tso();
    let ended = false;
    const fail = (err: Error): void => {
      if (ended) return;
      ended = true;
      handlers.onError(err);
    };
    call.on('data', (res: TsoResponse__Output) => {
      if (ended) return;
      try {
        this.checkHeader(res.header);
      } catch (err) {
        handlers.onReply({ error: err instanceof Error ? err : new Error(String(err)) });
        return;
      }
      handlers.onReply({ count: res.count, physical: num(res.timestamp?.physical), logical: num(res.timestamp?.logical) });
    });
    call.on('error', (err: Error) => fail(err));
    call.on('end', () => fail(new PdUnavailable('TSO stream ended by PD')));
    return {
      request: (count: number): void => {
        call.write({ header: this.header, count });
      },
      close: (): void => {
        ended = true;
        call.cancel();
      },
    };
  };
}

function regionInfo(res: GetRegionResponse__Output): RegionInfo | undefined {
  if (!res.region) return undefined;
  return { region: regionFromPb(res.region), leader: res.leader && res.leader.id !== '0' ? peerFromPb(res.leader) : undefined };
}

function storeStatus(s: StoreInfo__Output): StoreStatus {
  return {
    store: storeFromPb(s.store as NonNullable<StoreInfo__Output['store']>),
    liveness: s.liveness,
    lastHeartbeatMs: num(s.last_heartbeat_ms),
    regionCount: s.stats?.region_count ?? 0,
    leaderCount: s.stats?.leader_count ?? 0,
    usedSize: num(s.stats?.used_size),
    capacity: num(s.stats?.capacity),
    available: num(s.stats?.available),
  };
}
