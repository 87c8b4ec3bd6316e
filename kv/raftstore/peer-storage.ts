// PeerStorage: one region peer's raft log, hard state and apply state, persisted in the `raft`
// column family (keys.ts) and mirrored in memory, because kv/raft reads its Storage synchronously.
// The log from the truncation point on stays in memory; the store compacts it (compactTo) once it
// has applied far enough past it, so it stays bounded. Writes go into the caller's WriteBatch, so the store writes the raft
// state of many peers, and the data their committed entries change, with one fsync (group commit).
//
//   on disk                                   in memory (MemoryStorage)
//   TruncatedState {index, term, confState} ↔ its snapshot (no data): where the log starts
//   Entry at index i (i > truncated.index)  ↔ entries
//   HardState                               ↔ hard state
//   ApplyState {applied, term, confState}   → RawNode's `applied` and initial membership
//
// snapshot() hands the raft core a snapshot of the region's data built by the store (see
// region-snapshot.ts): the first call throws SnapshotTemporarilyUnavailable and asks for one.
import { InternalError } from '../../util/errors.js';
import { BufferReader, BufferWriter } from '../codec/index.js';
import {
  decodeConfState,
  decodeEntry,
  decodeHardState,
  encodeConfState,
  encodeEntry,
  encodeHardState,
  EMPTY_CONF_STATE,
  MemoryStorage,
  SnapshotTemporarilyUnavailable,
  type ConfState,
  type Entry,
  type HardState,
  type InitialState,
  type Snapshot,
  type Storage,
} from '../raft/index.js';
import { collect, type Engine, type WriteBatch } from '../storage/index.js';
import { applyStateKey, hardStateKey, logKey, logRange, truncatedStateKey } from './keys.js';

export interface ApplyState {
  readonly index: number;
  readonly term: number;
  readonly confState: ConfState;
}

export interface TruncatedState {
  readonly index: number;
  readonly term: number;
  readonly confState: ConfState;
}

export const EMPTY_APPLY_STATE: ApplyState = { index: 0, term: 0, confState: EMPTY_CONF_STATE };

export function encodeIndexTermConf(s: { index: number; term: number; confState: ConfState }): Buffer {
  return new BufferWriter().uvarint(s.index).uvarint(s.term).bytes(encodeConfState(s.confState)).finish();
}

export function decodeIndexTermConf(buf: Uint8Array): { index: number; term: number; confState: ConfState } {
  const r = new BufferReader(buf);
  return { index: r.uvarint(), term: r.uvarint(), confState: decodeConfState(r.bytes()) };
}

/** How long a built snapshot is handed out before a fresher one is built. */
const SNAPSHOT_TTL_MS = 30_000;

export class PeerStorage implements Storage {
  private readonly mem = new MemoryStorage();
  private truncated: TruncatedState = { index: 0, term: 0, confState: EMPTY_CONF_STATE };
  private prepared: { snap: Snapshot; builtAt: number } | undefined;
  /** Set when the raft core asked for a snapshot that is not built yet. */
  snapshotWanted = false;

  private constructor(
    readonly regionId: number,
    public applyState: ApplyState,
  ) {}

  /** A peer that has nothing yet (created by a message from a leader; a snapshot will follow). */
  static empty(regionId: number): PeerStorage {
    return new PeerStorage(regionId, EMPTY_APPLY_STATE);
  }

  /** A founding peer: its log starts after a snapshot at `index`/`term` holding `confState`,
   *  committed and applied. Writes the states into `batch`. */
  static bootstrap(regionId: number, index: number, term: number, confState: ConfState, batch: WriteBatch): PeerStorage {
    const s = new PeerStorage(regionId, { index, term, confState });
    s.installTruncated({ index, term, confState }, batch);
    const hs: HardState = { term, vote: 0, commit: index };
    s.mem.setHardState(hs);
    batch.put('raft', hardStateKey(regionId), Buffer.from(encodeHardState(hs)));
    batch.put('raft', applyStateKey(regionId), encodeIndexTermConf(s.applyState));
    return s;
  }

  static async load(engine: Engine, regionId: number): Promise<PeerStorage> {
    const applyRaw = await engine.get('raft', applyStateKey(regionId));
    const s = new PeerStorage(regionId, applyRaw ? decodeIndexTermConf(applyRaw) : EMPTY_APPLY_STATE);
    const truncRaw = await engine.get('raft', truncatedStateKey(regionId));
    if (truncRaw) {
      s.truncated = decodeIndexTermConf(truncRaw);
      if (s.truncated.index > 0) s.mem.applySnapshot({ data: new Uint8Array(0), metadata: s.truncated });
    }
    const hardRaw = await engine.get('raft', hardStateKey(regionId));
    if (hardRaw) s.mem.setHardState(decodeHardState(hardRaw));
    const entries = (await collect(engine.iterator('raft', logRange(regionId)))).map((kv) => decodeEntry(kv.value));
    s.mem.append(entries.filter((e) => e.index > s.truncated.index));
    return s;
  }

  // ---------------------------------------------------------------- Storage (read side)

  initialState(): InitialState {
    return { hardState: this.mem.hardState(), confState: this.applyState.index > 0 ? this.applyState.confState : this.truncated.confState };
  }

  entries(lo: number, hi: number, maxSize?: number): Entry[] {
    return this.mem.entries(lo, hi, maxSize);
  }

  term(i: number): number {
    return this.mem.term(i);
  }

  firstIndex(): number {
    return this.mem.firstIndex();
  }

  lastIndex(): number {
    return this.mem.lastIndex();
  }

  snapshot(): Snapshot {
    const p = this.prepared;
    if (p && Date.now() - p.builtAt < SNAPSHOT_TTL_MS && p.snap.metadata.index >= this.truncated.index) return p.snap;
    this.snapshotWanted = true;
    throw new SnapshotTemporarilyUnavailable();
  }

  /** Hands over a snapshot the store built (at the applied index, with the region's data). */
  setPreparedSnapshot(snap: Snapshot): void {
    this.prepared = { snap, builtAt: Date.now() };
    this.snapshotWanted = false;
  }

  /** Forgets the prepared snapshot: the region's range changed (a split was applied), and a
   *  snapshot of the old range would make a new peer's store replace the data of the range's
   *  other part, which another region now owns, with this older copy. */
  dropPreparedSnapshot(): void {
    this.prepared = undefined;
  }

  get hardState(): HardState {
    return this.mem.hardState();
  }

  /** Whether the peer has a log or a snapshot (a peer created by a message has neither). */
  get initialized(): boolean {
    return this.truncated.index > 0;
  }

  // ---------------------------------------------------------------- write side (into a batch)

  private installTruncated(t: TruncatedState, batch: WriteBatch): void {
    const oldFirst = this.mem.firstIndex();
    const oldLast = this.mem.lastIndex();
    if (t.index > 0) this.mem.applySnapshot({ data: new Uint8Array(0), metadata: t });
    for (let i = oldFirst; i <= oldLast; i++) batch.delete('raft', logKey(this.regionId, i));
    this.truncated = t;
    batch.put('raft', truncatedStateKey(this.regionId), encodeIndexTermConf(t));
  }

  /** Persists a snapshot from the leader: the log restarts after it (its data is applied by the
   *  caller, in the same batch). */
  persistSnapshot(snap: Snapshot, batch: WriteBatch): void {
    this.installTruncated(snap.metadata, batch);
    this.applyState = { index: snap.metadata.index, term: snap.metadata.term, confState: snap.metadata.confState };
    batch.put('raft', applyStateKey(this.regionId), encodeIndexTermConf(this.applyState));
  }

  /** Appends entries from a Ready; a conflicting suffix of the old log is deleted. */
  persistEntries(entries: readonly Entry[], batch: WriteBatch): void {
    const last = entries[entries.length - 1];
    if (last === undefined) return;
    const oldLast = this.mem.lastIndex();
    this.mem.append(entries);
    for (const e of entries) {
      if (e.index <= this.truncated.index) continue;
      batch.put('raft', logKey(this.regionId, e.index), Buffer.from(encodeEntry(e)));
    }
    for (let i = last.index + 1; i <= oldLast; i++) batch.delete('raft', logKey(this.regionId, i));
  }

  persistHardState(hs: HardState, batch: WriteBatch): void {
    this.mem.setHardState(hs);
    batch.put('raft', hardStateKey(this.regionId), Buffer.from(encodeHardState(hs)));
  }

  /** Log compaction (raft log GC): drops the entries up to and including `index`, which must be
   *  applied; the log then starts after it and a peer that needs older entries gets a snapshot.
   *  The truncated state records the membership as applied, which is all a restart needs. */
  compactTo(index: number, batch: WriteBatch): void {
    if (index <= this.truncated.index) return;
    if (index > this.applyState.index) throw new InternalError(`cannot compact the raft log of region ${this.regionId} to ${index}: applied only to ${this.applyState.index}`);
    const term = this.mem.term(index);
    for (let i = this.mem.firstIndex(); i <= index; i++) batch.delete('raft', logKey(this.regionId, i));
    this.mem.compact(index);
    this.truncated = { index, term, confState: this.applyState.confState };
    batch.put('raft', truncatedStateKey(this.regionId), encodeIndexTermConf(this.truncated));
  }

  /** Where the log starts: entries after this index are kept. */
  get truncatedIndex(): number {
    return this.truncated.index;
  }

  /** Records the applied index (in the batch that holds the applied data). */
  persistApplyState(state: ApplyState, batch: WriteBatch): void {
    this.applyState = state;
    batch.put('raft', applyStateKey(this.regionId), encodeIndexTermConf(state));
  }
}
