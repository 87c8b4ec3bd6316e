// The gRPC service `strata.pd.PD` (pd/proto/pd.proto) over the cluster state: wire messages in,
// domain calls on Cluster and the TSO, wire messages out.
//
// Every answer carries a ResponseHeader with PD's cluster id. Failures never surface as gRPC
// errors or crashes: a PdError becomes `header.error` with its ErrorType, anything unexpected
// becomes UNKNOWN with the message (and a log line). A request whose header names another
// cluster (non-zero and different) answers CLUSTER_MISMATCH; a missing or malformed field
// (no region, id 0, ids past 2^53, inverted key ranges) answers INVALID_ARGUMENT.
//
// TSO is a bidirectional stream: each request asks for `count` timestamps and is answered, in
// order, with the count and the last timestamp of the batch (physical ms, logical). Requests of
// one stream are handled one after another; the oracle serialises requests across streams.
import type * as grpc from '@grpc/grpc-js';
import type { Peer, RegionEpoch } from '../../kv/meta.js';
import { epochToPb, peerFromPb, peerToPb, regionFromPb, regionToPb, storeFromPb, storeToPb } from '../../kv/proto/convert.js';
import { LOGICAL_MASK, MAX_LOGICAL, PHYSICAL_SHIFT } from '../../kv/txn-types.js';
import { logger } from '../../util/logger.js';
import type { PDHandlers } from '../proto/generated/strata/pd/PD.js';
import type { Peer__Output as PbPeerOut } from '../proto/generated/strata/meta/Peer.js';
import type { Region__Output as PbRegionOut } from '../proto/generated/strata/meta/Region.js';
import type { RegionHeartbeatResponse } from '../proto/generated/strata/pd/RegionHeartbeatResponse.js';
import type { RegionInfo } from '../proto/generated/strata/pd/RegionInfo.js';
import type { RequestHeader__Output } from '../proto/generated/strata/pd/RequestHeader.js';
import type { ResponseHeader } from '../proto/generated/strata/pd/ResponseHeader.js';
import type { StoreInfo } from '../proto/generated/strata/pd/StoreInfo.js';
import type { TsoRequest__Output } from '../proto/generated/strata/pd/TsoRequest.js';
import type { TsoResponse } from '../proto/generated/strata/pd/TsoResponse.js';
import type { TimestampOracle } from '../tso/index.js';
import type { Cluster } from './cluster.js';
import type { AdminOperatorKind, Coordinator } from './coordinator.js';
import { invalidArgument, PdError } from './errors.js';
import type { PdMetrics } from './metrics.js';
import type { RegionEntry } from './region-tree.js';
import type { Order } from './schedule/operator.js';
import type { StoreEntry } from './store-liveness.js';

const log = logger('pd-service');

type Header = RequestHeader__Output | null;
type WithHeader = { header?: ResponseHeader | null };

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A u64 wire id as a number; 0 and ids past 2^53 are rejected. */
function parseId(s: string, what: string): number {
  const v = BigInt(s);
  if (v <= 0n || v > MAX_SAFE) throw invalidArgument(`invalid ${what} ${s}`);
  return Number(v);
}

function parseCount(s: string, what: string): number {
  const v = BigInt(s);
  if (v > MAX_SAFE) throw invalidArgument(`${what} ${s} out of range`);
  return Number(v);
}

function requireRegion(r: PbRegionOut | null, what = 'region'): ReturnType<typeof regionFromPb> {
  if (!r) throw invalidArgument(`missing ${what}`);
  return regionFromPb(r);
}

function leaderFromPb(p: PbPeerOut | null): Peer | undefined {
  return p && p.id !== '0' ? peerFromPb(p) : undefined;
}

function regionInfo(e: RegionEntry): RegionInfo {
  return {
    region: regionToPb(e.region),
    leader: e.leader ? peerToPb(e.leader) : null,
    approximate_size: String(e.approximateSize),
    approximate_keys: String(e.approximateKeys),
  };
}

const OPERATOR_KINDS: Record<'TRANSFER_LEADER' | 'ADD_PEER' | 'REMOVE_PEER', AdminOperatorKind> = {
  TRANSFER_LEADER: 'transfer-leader',
  ADD_PEER: 'add-peer',
  REMOVE_PEER: 'remove-peer',
};

const CHANGE_TYPES = { 'add-voter': 'ADD_NODE', remove: 'REMOVE_NODE', 'add-learner': 'ADD_LEARNER_NODE' } as const;

function orderToPb(regionId: number, epoch: RegionEpoch, order: Order): Omit<RegionHeartbeatResponse, 'header'> {
  const base = { region_id: String(regionId), region_epoch: epochToPb(epoch) };
  if (order.kind === 'transfer-leader') return { ...base, transfer_leader: { peer: peerToPb(order.peer) } };
  return { ...base, change_peer: { peer: peerToPb(order.peer), change_type: CHANGE_TYPES[order.change] } };
}

export class PdService {
  /** Open TSO streams and how to close each. */
  private readonly tsoStreams = new Map<grpc.ServerDuplexStream<TsoRequest__Output, TsoResponse>, () => void>();

  constructor(
    private readonly cluster: Cluster,
    private readonly tso: TimestampOracle,
    private readonly metrics: PdMetrics,
    private readonly coordinator?: Coordinator,
  ) {}

  /** Ends every open TSO stream (before the server shuts down, so shutdown need not wait). */
  endStreams(): void {
    for (const [call, close] of [...this.tsoStreams]) {
      close();
      call.end();
    }
  }

  private header(): ResponseHeader {
    return { cluster_id: this.cluster.clusterId };
  }

  private errorHeader(err: unknown, method: string): ResponseHeader {
    if (err instanceof PdError) return { cluster_id: this.cluster.clusterId, error: { type: err.type, message: err.message } };
    log.error({ err, method }, 'unexpected error in PD request');
    const message = err instanceof Error ? err.message : String(err);
    return { cluster_id: this.cluster.clusterId, error: { type: 'UNKNOWN', message } };
  }

  private checkCluster(header: Header): void {
    const id = header?.cluster_id ?? '0';
    if (id !== '0' && id !== this.cluster.clusterId) {
      throw new PdError('CLUSTER_MISMATCH', `request for cluster ${id}, but this PD serves cluster ${this.cluster.clusterId}`);
    }
  }

  /** Wraps a unary handler: cluster check, error header, metrics. */
  private unary<Req extends { header: Header }, Res extends WithHeader>(
    method: string,
    fn: (req: Req) => Promise<Omit<Res, 'header'>> | Omit<Res, 'header'>,
  ): grpc.handleUnaryCall<Req, Res> {
    return (call, callback) => {
      const started = process.hrtime.bigint();
      const done = (res: Res, result: string): void => {
        this.metrics.observe(method, result, Number(process.hrtime.bigint() - started) / 1e9);
        callback(null, res);
      };
      const run = async (): Promise<Omit<Res, 'header'>> => {
        this.checkCluster(call.request.header);
        return fn(call.request);
      };
      run().then(
        (body) => done({ ...body, header: this.header() } as Res, 'ok'),
        (err: unknown) => {
          const header = this.errorHeader(err, method);
          done({ header } as Res, header.error?.type === undefined ? 'UNKNOWN' : String(header.error.type));
        },
      );
    };
  }

  private storeInfo(e: StoreEntry): StoreInfo {
    return {
      store: storeToPb(e.store),
      stats: e.stats
        ? {
            store_id: String(e.store.id),
            capacity: String(e.stats.capacity),
            available: String(e.stats.available),
            used_size: String(e.stats.usedSize),
            region_count: e.stats.regionCount,
            leader_count: e.stats.leaderCount,
            start_time: String(e.stats.startTime),
          }
        : null,
      liveness: this.cluster.liveness(e),
      last_heartbeat_ms: String(e.lastHeartbeatMs),
    };
  }

  handlers(): PDHandlers {
    const c = this.cluster;
    return {
      Tso: (call) => this.tsoStream(call),

      AllocID: this.unary('AllocID', async () => ({ id: String(await c.allocId()) })),

      GetClusterInfo: this.unary('GetClusterInfo', () => ({ bootstrapped: c.bootstrapped })),

      Bootstrap: this.unary('Bootstrap', async (req) => {
        if (!req.store) throw invalidArgument('missing store');
        await c.bootstrap(storeFromPb(req.store), requireRegion(req.region));
        return {};
      }),

      PutStore: this.unary('PutStore', async (req) => {
        if (!req.store) throw invalidArgument('missing store');
        await c.putStore(storeFromPb(req.store));
        return {};
      }),

      StoreHeartbeat: this.unary('StoreHeartbeat', (req) => {
        const s = req.stats;
        if (!s) throw invalidArgument('missing stats');
        c.storeHeartbeat(parseId(s.store_id, 'store id'), {
          capacity: parseCount(s.capacity, 'capacity'),
          available: parseCount(s.available, 'available'),
          usedSize: parseCount(s.used_size, 'used_size'),
          regionCount: s.region_count,
          leaderCount: s.leader_count,
          startTime: parseCount(s.start_time, 'start_time'),
        });
        return {};
      }),

      RegionHeartbeat: this.unary('RegionHeartbeat', async (req) => {
        const region = requireRegion(req.region);
        const leader = leaderFromPb(req.leader);
        const accepted = await c.regionHeartbeat({
          region,
          leader,
          approximateSize: parseCount(req.approximate_size, 'approximate_size'),
          approximateKeys: parseCount(req.approximate_keys, 'approximate_keys'),
        });
        // Only the leader of a raft group can carry out an operator, and only on a region PD took.
        if (!accepted || !req.replicated || !leader || !this.coordinator) return {};
        const order = await this.coordinator.onHeartbeat({ region, leader, pendingPeers: req.pending_peers.map((p) => peerFromPb(p).id) });
        return order ? orderToPb(region.id, region.epoch, order) : {};
      }),

      AddOperator: this.unary('AddOperator', async (req) => {
        if (!this.coordinator) throw invalidArgument('this PD does not schedule');
        const op = await this.coordinator.addAdminOperator(parseId(req.region_id, 'region id'), OPERATOR_KINDS[req.kind], parseId(req.store_id, 'store id'));
        return { description: op.desc };
      }),

      DeleteStore: this.unary('DeleteStore', async (req) => {
        if (!this.coordinator) throw invalidArgument('this PD does not schedule');
        await this.coordinator.deleteStore(parseId(req.store_id, 'store id'));
        return {};
      }),

      GetRegion: this.unary('GetRegion', (req) => {
        const e = c.getRegionByKey(Buffer.from(req.region_key));
        return e ? { region: regionToPb(e.region), leader: e.leader ? peerToPb(e.leader) : null } : {};
      }),

      GetRegionByID: this.unary('GetRegionByID', (req) => {
        const e = c.getRegionById(parseId(req.region_id, 'region id'));
        return e ? { region: regionToPb(e.region), leader: e.leader ? peerToPb(e.leader) : null } : {};
      }),

      ScanRegions: this.unary('ScanRegions', (req) => {
        if (req.limit < 0) throw invalidArgument(`negative limit ${req.limit}`);
        const entries = c.scanRegions(Buffer.from(req.start_key), Buffer.from(req.end_key), req.limit);
        return { regions: entries.map(regionInfo) };
      }),

      GetStore: this.unary('GetStore', (req) => ({ store: this.storeInfo(c.storeEntry(parseId(req.store_id, 'store id'))) })),

      GetAllStores: this.unary('GetAllStores', (req) => {
        const stores = c.allStores().filter((s) => !(req.exclude_tombstone_stores && s.store.state === 'tombstone'));
        return { stores: stores.map((s) => this.storeInfo(s)) };
      }),

      AskSplit: this.unary('AskSplit', async (req) => {
        const ids = await c.askSplit(requireRegion(req.region), req.split_count === 0 ? 1 : req.split_count);
        return { ids: ids.map((s) => ({ new_region_id: String(s.newRegionId), new_peer_ids: s.newPeerIds.map(String) })) };
      }),

      ReportSplit: this.unary('ReportSplit', async (req) => {
        await c.reportSplit(req.regions.map((r) => requireRegion(r)));
        return {};
      }),

      GetGCSafePoint: this.unary('GetGCSafePoint', () => ({ safe_point: c.gcSafePoint().toString() })),

      UpdateGCSafePoint: this.unary('UpdateGCSafePoint', async (req) => ({
        new_safe_point: (await c.updateGcSafePoint(BigInt(req.safe_point))).toString(),
      })),
    };
  }

  // ------------------------------------------------------------ TSO stream

  private tsoStream(call: grpc.ServerDuplexStream<TsoRequest__Output, TsoResponse>): void {
    let chain: Promise<void> = Promise.resolve();
    let open = true;
    const close = (): void => {
      open = false;
      this.tsoStreams.delete(call);
    };
    this.tsoStreams.set(call, close);
    call.on('data', (req: TsoRequest__Output) => {
      chain = chain.then(async () => {
        const res = await this.answerTso(req);
        if (open) call.write(res);
      });
    });
    call.on('end', () => {
      void chain.then(() => {
        if (open) call.end();
        close();
      });
    });
    call.on('cancelled', close);
    call.on('error', close);
  }

  private async answerTso(req: TsoRequest__Output): Promise<TsoResponse> {
    const started = process.hrtime.bigint();
    let res: TsoResponse;
    let result = 'ok';
    try {
      this.checkCluster(req.header);
      const count = req.count;
      if (!Number.isInteger(count) || count < 1 || count > MAX_LOGICAL) {
        throw invalidArgument(`timestamp count must be in [1, ${MAX_LOGICAL}], got ${count}`);
      }
      const first = await this.tso.getTs(count);
      const last = first + BigInt(count - 1);
      this.metrics.timestampsIssued(count);
      res = {
        header: this.header(),
        count,
        timestamp: { physical: String(last >> PHYSICAL_SHIFT), logical: String(last & LOGICAL_MASK) },
      };
    } catch (err: unknown) {
      const header = this.errorHeader(err, 'Tso');
      result = String(header.error?.type ?? 'UNKNOWN');
      res = { header, count: 0 };
    }
    this.metrics.observe('Tso', result, Number(process.hrtime.bigint() - started) / 1e9);
    return res;
  }
}
