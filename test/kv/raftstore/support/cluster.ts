// A raftstore cluster in one process for tests: N stores, each a RaftStore over its own LevelDB in
// a temp dir, connected by a network kind: the in-process hub or real gRPC streams on loopback
// (one test body, two transports). Stores can be stopped (the engine closed: what is on disk is
// all a restart gets) and started again from their directory; `isolate` drops every message to and
// from a store, both ways, to make partitions.
import * as grpc from '@grpc/grpc-js';
import { StrataError } from '../../../../util/errors.js';
import { logger } from '../../../../util/logger.js';
import type { Region } from '../../../../kv/meta.js';
import {
  GrpcTransport,
  LocalHub,
  RaftStore,
  raftServiceHandlers,
  RAFT_SERVICE,
  type RaftEnvelope,
  type RaftStoreConfig,
  type Transport,
} from '../../../../kv/raftstore/index.js';
import { encodeBytes } from '../../../../kv/codec/index.js';
import { LevelDbEngine, WriteBatch, type Engine } from '../../../../kv/storage/index.js';
import { tempDir } from '../../../helpers/temp-dir.js';

export interface Network {
  /** A transport for a store that is starting, with its handler attached to the network. */
  connect(storeId: number, store: () => RaftStore | undefined): Promise<Transport>;
  disconnect(storeId: number): Promise<void>;
  /** Envelopes for which it returns false are dropped. */
  filter: (env: RaftEnvelope) => boolean;
  close(): Promise<void>;
}

export interface NetworkKind {
  readonly name: string;
  create(): Network;
}

class LocalNetwork implements Network {
  private readonly hub = new LocalHub();
  filter: (env: RaftEnvelope) => boolean = () => true;

  constructor() {
    this.hub.filter = (env) => this.filter(env);
  }

  async connect(storeId: number, store: () => RaftStore | undefined): Promise<Transport> {
    this.hub.register(storeId, (envs) => store()?.handleEnvelopes(envs));
    return this.hub.transport();
  }

  async disconnect(storeId: number): Promise<void> {
    this.hub.unregister(storeId);
  }

  async close(): Promise<void> {}
}

class GrpcNetwork implements Network {
  private readonly servers = new Map<number, grpc.Server>();
  private readonly addresses = new Map<number, string>();
  filter: (env: RaftEnvelope) => boolean = () => true;

  async connect(storeId: number, store: () => RaftStore | undefined): Promise<Transport> {
    const server = new grpc.Server();
    server.addService(RAFT_SERVICE, raftServiceHandlers((envs) => store()?.handleEnvelopes(envs), logger('test')));
    const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    this.servers.set(storeId, server);
    this.addresses.set(storeId, `127.0.0.1:${port}`);
    const resolve = async (id: number): Promise<string> => {
      const a = this.addresses.get(id);
      if (a === undefined) throw new Error(`store ${id} is down`);
      return a;
    };
    return new GrpcTransport(resolve, logger('test'), (env) => this.filter(env));
  }

  async disconnect(storeId: number): Promise<void> {
    this.addresses.delete(storeId);
    this.servers.get(storeId)?.forceShutdown();
    this.servers.delete(storeId);
  }

  async close(): Promise<void> {
    for (const id of [...this.servers.keys()]) await this.disconnect(id);
  }
}

export const NETWORK_KINDS: readonly NetworkKind[] = [
  { name: 'local transport', create: () => new LocalNetwork() },
  { name: 'gRPC transport', create: () => new GrpcNetwork() },
];

/** Fast ticks so elections take 200–400 ms (enough slack for a loaded test machine). */
export const TEST_CONFIG: Partial<RaftStoreConfig> = { tickMs: 10, electionTicks: 20, heartbeatTicks: 2, requestTimeoutMs: 5_000 };

interface Node {
  engine: Engine;
  store: RaftStore;
}

export class TestCluster {
  readonly dirs = new Map<number, string>();
  private readonly nodes = new Map<number, Node>();
  private readonly isolated = new Set<number>();

  private constructor(
    readonly net: Network,
    readonly config: Partial<RaftStoreConfig>,
  ) {
    net.filter = (env) => !this.isolated.has(env.fromStoreId) && !this.isolated.has(env.toStoreId);
  }

  static async start(kind: NetworkKind, storeIds: readonly number[], config: Partial<RaftStoreConfig> = {}): Promise<TestCluster> {
    const c = new TestCluster(kind.create(), { ...TEST_CONFIG, ...config });
    for (const id of storeIds) {
      c.dirs.set(id, tempDir(`strata-raftstore-${id}-`));
      await c.startStore(id);
    }
    return c;
  }

  async startStore(id: number): Promise<RaftStore> {
    const engine = await LevelDbEngine.open(this.dirs.get(id) as string);
    const holder: { store?: RaftStore } = {};
    const transport = await this.net.connect(id, () => holder.store);
    const store = (holder.store = await RaftStore.open({ storeId: id, engine, transport, config: this.config }));
    this.nodes.set(id, { engine, store });
    return store;
  }

  /** Stops a store as a crash would: no more messages in or out, engine closed. */
  async stopStore(id: number): Promise<void> {
    const n = this.nodes.get(id);
    if (!n) return;
    this.nodes.delete(id);
    await this.net.disconnect(id);
    await n.store.close();
    await n.engine.close();
  }

  store(id: number): RaftStore {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`store ${id} is not running`);
    return n.store;
  }

  engine(id: number): Engine {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`store ${id} is not running`);
    return n.engine;
  }

  get running(): number[] {
    return [...this.nodes.keys()];
  }

  isolate(id: number): void {
    this.isolated.add(id);
  }

  heal(): void {
    this.isolated.clear();
  }

  /** A region over the whole keyspace (or [start, end)), peer i on store i. */
  async bootstrap(regionId: number, storeIds: readonly number[], start = '', end = ''): Promise<Region> {
    const region: Region = {
      id: regionId,
      startKey: Buffer.from(start),
      endKey: Buffer.from(end),
      epoch: { confVer: 1, version: 1 },
      peers: storeIds.map((s) => ({ id: regionId * 100 + s, storeId: s, role: 'voter' as const })),
    };
    for (const s of storeIds) await this.store(s).bootstrapRegion(region);
    return region;
  }

  /** Waits until exactly one running, non-isolated store leads the region and it has applied
   *  an entry of its term (so it can serve); returns that store's id. */
  async waitLeader(regionId: number, timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const leaders = this.running.filter((id) => !this.isolated.has(id) && this.store(id).isLeader(regionId));
      if (leaders.length === 1) {
        const id = leaders[0] as number;
        try {
          await this.store(id).readBarrier(regionId);
          if (this.store(id).isLeader(regionId)) return id;
        } catch {
          // lost it meanwhile; look again
        }
      }
      if (Date.now() > deadline) throw new Error(`no leader for region ${regionId} within ${timeoutMs} ms (leaders: ${leaders.join(',')})`);
      await sleep(10);
    }
  }

  /** Writes a key (memcomparable-encoded, as the data families hold user keys) through the
   *  region's leader on `storeId`. */
  async put(storeId: number, regionId: number, key: string, value: string): Promise<void> {
    await this.store(storeId).propose(regionId, new WriteBatch().put('default', encodeBytes(Buffer.from(key)), Buffer.from(value)));
  }

  /** Writes through whoever leads the region now, retrying on region errors and timeouts (a
   *  loaded machine may see an election mid-test); returns once acknowledged. */
  async putRetry(regionId: number, key: string, value: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        await this.put(await this.waitLeader(regionId, timeoutMs), regionId, key, value);
        return;
      } catch (err) {
        if (Date.now() > deadline || !(err instanceof StrataError && err.retryable)) throw err;
      }
    }
  }

  /** Reads a key from a store's engine directly (what it has applied). */
  async localGet(storeId: number, key: string): Promise<string | undefined> {
    const v = await this.engine(storeId).get('default', encodeBytes(Buffer.from(key)));
    return v === undefined ? undefined : Buffer.from(v).toString();
  }

  /** A linearizable read through the region's leader on `storeId`. */
  async read(storeId: number, regionId: number, key: string): Promise<string | undefined> {
    const snap = await this.store(storeId).snapshot(regionId);
    try {
      const v = await snap.get('default', encodeBytes(Buffer.from(key)));
      return v === undefined ? undefined : Buffer.from(v).toString();
    } finally {
      await snap.release();
    }
  }

  async close(): Promise<void> {
    for (const id of this.running) await this.stopStore(id);
    await this.net.close();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` holds (or throws with `what`). */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(10);
  }
}
