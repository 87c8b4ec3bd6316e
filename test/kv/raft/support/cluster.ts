// A deterministic in-memory network of Peers for the scenario tests: messages wait in one FIFO
// queue until `stabilize` delivers them (and everything they cause) in order. Links can be cut
// one way or both, and filters drop chosen messages; a dropped snapshot is reported to its sender
// as failed, as the raftstore's transport does.
import {
  MemoryStorage,
  type Message,
  type MessageKind,
  type NodeId,
  type RawNode,
} from '../../../../kv/raft/index.js';
import { Peer, type PeerConfig } from './peer.js';

export interface ClusterOptions {
  readonly voters: readonly NodeId[];
  readonly learners?: readonly NodeId[];
  /** Peers that exist but are not members yet (empty storage), for adding later. */
  readonly joiners?: readonly NodeId[];
  readonly config?: PeerConfig;
}

export type MessageFilter = (m: Message) => boolean;

export class Cluster {
  readonly peers = new Map<NodeId, Peer>();
  queue: Message[] = [];
  private readonly cuts = new Set<string>();
  private filters: MessageFilter[] = [];
  /** Every message delivered, for tests that look at the traffic. */
  readonly delivered: Message[] = [];
  /** Called after each delivered message has been stepped (and before the Readys run). */
  afterDeliver: ((m: Message) => void) | undefined = undefined;

  constructor(opts: ClusterOptions) {
    const config = opts.config ?? {};
    const cs = { voters: [...opts.voters], learners: [...(opts.learners ?? [])], votersOutgoing: [], learnersNext: [], autoLeave: false };
    for (const id of [...opts.voters, ...(opts.learners ?? [])]) this.addPeer(id, MemoryStorage.bootstrap(cs), config);
    for (const id of opts.joiners ?? []) this.addPeer(id, new MemoryStorage(), config);
  }

  addPeer(id: NodeId, storage: MemoryStorage, config: PeerConfig): Peer {
    const p = new Peer(id, storage, config);
    this.peers.set(id, p);
    p.start();
    return p;
  }

  peer(id: NodeId): Peer {
    const p = this.peers.get(id);
    if (p === undefined) throw new Error(`no peer ${id}`);
    return p;
  }

  node(id: NodeId): RawNode {
    return this.peer(id).raw;
  }

  /** Runs every live peer's Ready loop and queues what they send. */
  process(): void {
    for (const p of this.peers.values()) this.queue.push(...p.handleReady());
  }

  isDropped(m: Message): boolean {
    if (this.cuts.has(`${m.from}>${m.to}`)) return true;
    return this.filters.some((f) => f(m));
  }

  deliver(m: Message): void {
    const target = this.peers.get(m.to);
    if (target === undefined || !target.alive || this.isDropped(m)) {
      if (m.kind === 'MsgSnap') this.peers.get(m.from)?.node?.reportSnapshot(m.to, 'failure');
      return;
    }
    this.delivered.push(m);
    target.raw.step(m);
    this.afterDeliver?.(m);
  }

  /** Delivers the first n queued messages (no Ready processing). */
  deliverSome(n: number): void {
    const batch = this.queue.splice(0, n);
    for (const m of batch) this.deliver(m);
  }

  /** Delivers queued messages, and those they cause, until the network is quiet. */
  stabilize(maxRounds = 10_000): void {
    this.process();
    for (let round = 0; this.queue.length > 0; round++) {
      if (round >= maxRounds) throw new Error('cluster did not stabilize');
      const batch = this.queue;
      this.queue = [];
      for (const m of batch) this.deliver(m);
      this.process();
    }
  }

  tick(ids: readonly NodeId[], n = 1): void {
    for (let i = 0; i < n; i++) {
      for (const id of ids) this.peer(id).node?.tick();
      this.process();
    }
  }

  liveIds(): NodeId[] {
    return [...this.peers.values()].filter((p) => p.alive).map((p) => p.id);
  }

  cut(from: NodeId, to: NodeId): void {
    this.cuts.add(`${from}>${to}`);
  }

  isolate(id: NodeId): void {
    for (const other of this.peers.keys()) {
      if (other === id) continue;
      this.cut(id, other);
      this.cut(other, id);
    }
  }

  partition(groups: readonly (readonly NodeId[])[]): void {
    for (const a of groups) {
      for (const b of groups) {
        if (a === b) continue;
        for (const x of a) for (const y of b) this.cut(x, y);
      }
    }
  }

  drop(filter: MessageFilter): void {
    this.filters.push(filter);
  }

  dropKind(kind: MessageKind, from?: NodeId, to?: NodeId): void {
    this.drop((m) => m.kind === kind && (from === undefined || m.from === from) && (to === undefined || m.to === to));
  }

  heal(): void {
    this.cuts.clear();
    this.filters = [];
  }

  /** The live leader with the highest term, or 0. */
  leader(): NodeId {
    let best = 0;
    let bestTerm = -1;
    for (const p of this.peers.values()) {
      if (!p.alive) continue;
      const st = p.raw.status();
      if (st.softState.role === 'leader' && st.hardState.term > bestTerm) {
        best = p.id;
        bestTerm = st.hardState.term;
      }
    }
    return best;
  }
}
