// A replica as the tests drive it: a RawNode over a MemoryStorage (the "disk", which survives a
// crash) and a tiny state machine (the applied data and a running hash, which do not). handleReady
// follows the Ready contract step by step; hooks let the simulator check safety as it goes.
import type {
  MemoryStorage} from '../../../../kv/raft/index.js';
import {
  decodeConfChange,
  InvalidConfChange,
  RawNode,
  type ConfState,
  type Entry,
  type Message,
  type NodeId,
  type RaftConfig,
  type ReadState,
  type Ready,
  type Snapshot,
} from '../../../../kv/raft/index.js';

export type PeerConfig = Omit<RaftConfig, 'id' | 'applied'>;

export interface PeerHooks {
  /** After the Ready's snapshot, entries and hard state are persisted, before anything else. */
  persisted?(peer: Peer, rd: Ready): void;
  /** After one committed entry is applied; `hash` is the state machine's hash after it. */
  applied?(peer: Peer, e: Entry, hash: number): void;
  /** After a snapshot is installed into the state machine. */
  installed?(peer: Peer, s: Snapshot): void;
  readState?(peer: Peer, rs: ReadState): void;
}

interface SmImage {
  readonly data: string[];
  readonly hash: number;
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** FNV-1a over the previous hash, the entry's term and its data. */
export function hashEntry(prev: number, e: Entry): number {
  let h = (prev ^ 0x811c9dc5) >>> 0;
  const mix = (b: number): void => {
    h ^= b & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (let t = e.term; t > 0; t = Math.floor(t / 256)) mix(t);
  mix(e.kind === 'normal' ? 1 : 2);
  for (const b of e.data) mix(b);
  return h;
}

export class Peer {
  node: RawNode | undefined;
  appliedIndex = 0;
  appliedData: string[] = [];
  hash = 0;
  confState: ConfState;
  readonly readStates: ReadState[] = [];
  /** Conf changes that were committed but refused at apply (InvalidConfChange). */
  rejectedConfChanges = 0;
  role: string = 'follower';
  leaderId: NodeId = 0;

  constructor(
    readonly id: NodeId,
    readonly storage: MemoryStorage,
    public config: PeerConfig,
    readonly hooks: PeerHooks = {},
  ) {
    this.confState = storage.snapshot().metadata.confState;
  }

  get alive(): boolean {
    return this.node !== undefined;
  }

  /** The node, which must be running. */
  get raw(): RawNode {
    if (this.node === undefined) throw new Error(`peer ${this.id} is down`);
    return this.node;
  }

  /** Starts (or restarts) from what is on "disk": the snapshot rebuilds the state machine and the
   *  committed entries after it are applied again. */
  start(): void {
    if (this.node !== undefined) throw new Error(`peer ${this.id} is already running`);
    this.restoreStateMachine(this.storage.snapshot());
    this.node = new RawNode({ ...this.config, id: this.id }, this.storage);
    const st = this.node.status();
    this.role = st.softState.role;
    this.leaderId = st.softState.leaderId;
  }

  crash(): void {
    this.node = undefined;
    this.role = 'down';
    this.leaderId = 0;
  }

  private restoreStateMachine(s: Snapshot): void {
    this.appliedIndex = s.metadata.index;
    this.confState = s.metadata.confState;
    if (s.data.length === 0) {
      this.appliedData = [];
      this.hash = 0;
    } else {
      const img = JSON.parse(decoder.decode(s.data)) as SmImage;
      this.appliedData = img.data.slice();
      this.hash = img.hash;
    }
  }

  smImage(): Uint8Array {
    const img: SmImage = { data: this.appliedData, hash: this.hash };
    return encoder.encode(JSON.stringify(img));
  }

  /** Snapshots the state machine at the applied index and compacts the log up to it. */
  compact(): boolean {
    const index = this.appliedIndex;
    if (index <= this.storage.snapshot().metadata.index) return false;
    this.storage.createSnapshot(index, this.confState, this.smImage());
    this.storage.compact(index);
    return true;
  }

  /** Runs the Ready loop until the node has nothing more; returns the messages to send. */
  handleReady(): Message[] {
    const node = this.node;
    if (node === undefined) return [];
    const out: Message[] = [];
    while (node.hasReady()) {
      const rd = node.ready();
      if (rd.softState !== undefined) {
        this.role = rd.softState.role;
        this.leaderId = rd.softState.leaderId;
      }
      // 1. persist
      if (rd.snapshot !== undefined) this.storage.applySnapshot(rd.snapshot);
      this.storage.append(rd.entries);
      if (rd.hardState !== undefined) this.storage.setHardState(rd.hardState);
      this.hooks.persisted?.(this, rd);
      // 2. send
      out.push(...rd.messages);
      // 3. apply
      if (rd.snapshot !== undefined) {
        this.restoreStateMachine(rd.snapshot);
        this.hooks.installed?.(this, rd.snapshot);
      }
      for (const e of rd.committedEntries) this.apply(node, e);
      // 4. reads
      for (const rs of rd.readStates) {
        this.readStates.push(rs);
        this.hooks.readState?.(this, rs);
      }
      node.advance(rd);
    }
    return out;
  }

  private apply(node: RawNode, e: Entry): void {
    if (e.index !== this.appliedIndex + 1) {
      throw new Error(`peer ${this.id} applies entry ${e.index} after ${this.appliedIndex}`);
    }
    if (e.kind === 'conf-change') {
      try {
        this.confState = node.applyConfChange(decodeConfChange(e.data));
      } catch (err) {
        if (!(err instanceof InvalidConfChange)) throw err;
        this.rejectedConfChanges++;
      }
    } else if (e.data.length > 0) {
      this.appliedData.push(decoder.decode(e.data));
    }
    this.appliedIndex = e.index;
    this.hash = hashEntry(this.hash, e);
    this.hooks.applied?.(this, e, this.hash);
  }
}

export function bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

export function text(b: Uint8Array): string {
  return decoder.decode(b);
}
