// An in-memory Storage: the reference implementation of the interface, used by the tests and the
// simulator, and a model for the LevelDB-backed one. It also carries the write side the application
// uses to persist a Ready (append, setHardState, applySnapshot) and to compact (createSnapshot,
// compact). Entries are kept in an array whose element 0 is a dummy holding the snapshot's index
// and term, so term(firstIndex - 1) always answers.
import { InternalError } from '../../util/errors.js';
import { LogCompacted, LogUnavailable, SnapshotOutOfDate } from './errors.js';
import {
  EMPTY_CONF_STATE,
  EMPTY_HARD_STATE,
  EMPTY_SNAPSHOT,
  entrySize,
  NONE,
  type ConfState,
  type Entry,
  type HardState,
  type Snapshot,
} from './messages.js';
import type { InitialState, Storage } from './storage.js';

/** Where a freshly bootstrapped group's log starts: the initial membership lives in a snapshot at
 *  this index, so a peer added later (empty log) always receives a snapshot first and learns the
 *  full membership from it rather than from a partial replay of conf changes (TiKV does the same
 *  with its initial log index). */
export const BOOTSTRAP_INDEX = 1;
export const BOOTSTRAP_TERM = 1;

export class MemoryStorage implements Storage {
  private hard: HardState = EMPTY_HARD_STATE;
  private snap: Snapshot = EMPTY_SNAPSHOT;
  /** ents[0] is a dummy entry at the snapshot's index and term. */
  private ents: Entry[] = [{ kind: 'normal', index: 0, term: 0, data: new Uint8Array(0) }];

  /** Storage of a founding member of a new group: a snapshot at BOOTSTRAP_INDEX holding the
   *  initial membership (and optional application data), committed. Every founding member must be
   *  bootstrapped with the same arguments; members added later start from `new MemoryStorage()`. */
  static bootstrap(confState: ConfState, data: Uint8Array = new Uint8Array(0)): MemoryStorage {
    const s = new MemoryStorage();
    s.applySnapshot({ data, metadata: { index: BOOTSTRAP_INDEX, term: BOOTSTRAP_TERM, confState } });
    s.setHardState({ term: BOOTSTRAP_TERM, vote: NONE, commit: BOOTSTRAP_INDEX });
    return s;
  }

  initialState(): InitialState {
    return { hardState: this.hard, confState: this.snap.metadata.confState };
  }

  hardState(): HardState {
    return this.hard;
  }

  setHardState(hs: HardState): void {
    this.hard = hs;
  }

  private get offset(): number {
    return (this.ents[0] as Entry).index;
  }

  firstIndex(): number {
    return this.offset + 1;
  }

  lastIndex(): number {
    return this.offset + this.ents.length - 1;
  }

  term(i: number): number {
    const offset = this.offset;
    if (i < offset) throw new LogCompacted(i);
    const e = this.ents[i - offset];
    if (e === undefined) throw new LogUnavailable(i);
    return e.term;
  }

  entries(lo: number, hi: number, maxSize = Infinity): Entry[] {
    const offset = this.offset;
    if (lo <= offset) throw new LogCompacted(lo);
    if (hi > this.lastIndex() + 1) throw new LogUnavailable(hi - 1);
    const out: Entry[] = [];
    let size = 0;
    for (let i = lo; i < hi; i++) {
      const e = this.ents[i - offset] as Entry;
      size += entrySize(e);
      if (out.length > 0 && size > maxSize) break;
      out.push(e);
    }
    return out;
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  /** Replaces the whole log with a snapshot received from the leader. */
  applySnapshot(s: Snapshot): void {
    const { index, term } = s.metadata;
    if (index <= this.snap.metadata.index) {
      throw new SnapshotOutOfDate(index, this.snap.metadata.index);
    }
    this.snap = s;
    this.ents = [{ kind: 'normal', index, term, data: new Uint8Array(0) }];
  }

  /** Takes a snapshot of the state machine as of `index` (≤ applied), with the membership as of
   *  that index. Does not compact; call compact() afterwards if the log should shrink. */
  createSnapshot(index: number, confState: ConfState = EMPTY_CONF_STATE, data: Uint8Array = new Uint8Array(0)): Snapshot {
    if (index <= this.snap.metadata.index) throw new SnapshotOutOfDate(index, this.snap.metadata.index);
    if (index > this.lastIndex()) throw new InternalError(`snapshot index ${index} is past the last index ${this.lastIndex()}`);
    this.snap = { data, metadata: { index, term: this.term(index), confState } };
    return this.snap;
  }

  /** Discards the entries up to and including `index`; term(index) stays answerable. The
   *  application compacts only what it has applied and covered by a snapshot. */
  compact(index: number): void {
    const offset = this.offset;
    if (index <= offset) throw new LogCompacted(index);
    if (index > this.lastIndex()) throw new InternalError(`compact ${index} is past the last index ${this.lastIndex()}`);
    const dummy = this.ents[index - offset] as Entry;
    this.ents = [{ kind: 'normal', index, term: dummy.term, data: new Uint8Array(0) }, ...this.ents.slice(index - offset + 1)];
  }

  /** Persists entries handed out by a Ready. Entries that conflict with stored ones replace them
   *  and everything after; entries at or below the compaction point are skipped. */
  append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const first = this.firstIndex();
    const last = (entries[entries.length - 1] as Entry).index;
    if (last < first) return;
    const from = (entries[0] as Entry).index;
    const rest = from < first ? entries.slice(first - from) : entries;
    const start = (rest[0] as Entry).index;
    if (start > this.lastIndex() + 1) {
      throw new InternalError(`appending entry ${start} leaves a gap after the last index ${this.lastIndex()}`);
    }
    this.ents = this.ents.slice(0, start - this.offset).concat(rest);
  }
}
