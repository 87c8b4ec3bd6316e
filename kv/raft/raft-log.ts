// The raft log as the core sees it: the persisted prefix in Storage, the unstable suffix the next
// Ready hands out, and two cursors, committed and applied.
//
//   firstIndex          applied        committed               lastIndex
//   │ Storage (persisted) ─────────────────────┼─ Unstable (to persist) ─┤
//   ├──────────────────────┤──────────────┤───────────────────────────────┤
//        applied by app     to apply next      not yet known committed
//
// Invariants: firstIndex - 1 ≤ applied ≤ committed ≤ lastIndex; committed entries are never
// truncated (an append that would do so is a bug: InternalError); term(firstIndex - 1) is always
// known (it is the snapshot's), so a MsgApp right after the compaction point still matches.
import { InternalError } from '../../util/errors.js';
import { LogCompacted, LogUnavailable } from './errors.js';
import { entrySize, type Entry, type Snapshot } from './messages.js';
import type { Storage } from './storage.js';
import { Unstable } from './unstable.js';

export class RaftLog {
  readonly unstable: Unstable;
  committed: number;
  applied: number;

  constructor(
    readonly storage: Storage,
    private readonly maxCommittedSize = Infinity,
  ) {
    const first = storage.firstIndex();
    const last = storage.lastIndex();
    this.unstable = new Unstable(last + 1);
    this.committed = first - 1;
    this.applied = first - 1;
  }

  firstIndex(): number {
    return this.unstable.maybeFirstIndex() ?? this.storage.firstIndex();
  }

  lastIndex(): number {
    return this.unstable.maybeLastIndex() ?? this.storage.lastIndex();
  }

  lastTerm(): number {
    return this.term(this.lastIndex());
  }

  /** The term of entry i; throws LogCompacted below firstIndex - 1, LogUnavailable past the end. */
  term(i: number): number {
    const dummy = this.firstIndex() - 1;
    if (i < dummy) throw new LogCompacted(i);
    if (i > this.lastIndex()) throw new LogUnavailable(i);
    return this.unstable.maybeTerm(i) ?? this.storage.term(i);
  }

  /** term(i), or 0 when i is outside the log (compacted or past the end). */
  termOrZero(i: number): number {
    const dummy = this.firstIndex() - 1;
    if (i < dummy || i > this.lastIndex()) return 0;
    const t = this.unstable.maybeTerm(i);
    if (t !== undefined) return t;
    try {
      return this.storage.term(i);
    } catch (err) {
      if (err instanceof LogCompacted || err instanceof LogUnavailable) return 0;
      throw err;
    }
  }

  matchTerm(i: number, t: number): boolean {
    // Term 0 only exists at index 0 (the empty log); elsewhere 0 means "not in the log".
    return this.termOrZero(i) === t && (t !== 0 || i === 0);
  }

  /** Raft's "at least as up to date as mine" for a candidate's last entry. */
  isUpToDate(lastIndex: number, term: number): boolean {
    const myTerm = this.lastTerm();
    return term > myTerm || (term === myTerm && lastIndex >= this.lastIndex());
  }

  /** A follower's append: if the log has (index, logTerm), adds `ents` after it (truncating any
   *  conflicting suffix) and advances commit to min(commit, last new index). Returns the last new
   *  index, or undefined when (index, logTerm) does not match and nothing changed. */
  maybeAppend(index: number, logTerm: number, commit: number, ents: readonly Entry[]): number | undefined {
    if (!this.matchTerm(index, logTerm)) return undefined;
    const lastNew = index + ents.length;
    const conflict = this.findConflict(ents);
    if (conflict !== 0) {
      if (conflict <= this.committed) {
        throw new InternalError(`entry ${conflict} conflicts with a committed entry (committed ${this.committed})`);
      }
      this.append(ents.slice(conflict - (index + 1)));
    }
    this.commitTo(Math.min(commit, lastNew));
    return lastNew;
  }

  /** Appends entries that follow on from the log (possibly replacing an uncommitted suffix). */
  append(ents: readonly Entry[]): number {
    const first = ents[0];
    if (first === undefined) return this.lastIndex();
    if (first.index - 1 < this.committed) {
      throw new InternalError(`append at ${first.index} would overwrite committed entries (committed ${this.committed})`);
    }
    if (first.index > this.lastIndex() + 1) {
      throw new InternalError(`append at ${first.index} leaves a gap after ${this.lastIndex()}`);
    }
    this.unstable.truncateAndAppend(ents);
    return this.lastIndex();
  }

  /** The index of the first entry in `ents` that is new or whose term differs from the log's, or 0
   *  when all of them are already here. */
  findConflict(ents: readonly Entry[]): number {
    for (const e of ents) {
      if (!this.matchTerm(e.index, e.term)) return e.index;
    }
    return 0;
  }

  /** The largest index ≤ `index` whose term is ≤ `term`, with its term: where a follower's log and a
   *  leader's (whose entry at `index` has `term`) may agree. Lets a rejected MsgApp skip a whole
   *  term at a time instead of one entry. Stops at the compaction point. */
  findConflictByTerm(index: number, term: number): [number, number] {
    let i = Math.min(index, this.lastIndex());
    const dummy = this.firstIndex() - 1;
    while (i >= dummy && i > 0) {
      const t = this.termOrZero(i);
      if (t <= term) return [i, t];
      i--;
    }
    return [Math.max(i, 0), 0];
  }

  /** Commits up to maxIndex if that entry is from `term` (the leader's current term): raft never
   *  commits an entry of an earlier term by counting replicas. */
  maybeCommit(maxIndex: number, term: number): boolean {
    if (maxIndex > this.committed && this.termOrZero(maxIndex) === term) {
      this.commitTo(maxIndex);
      return true;
    }
    return false;
  }

  commitTo(index: number): void {
    if (index <= this.committed) return;
    if (index > this.lastIndex()) {
      throw new InternalError(`commit ${index} is past the last index ${this.lastIndex()}`);
    }
    this.committed = index;
  }

  appliedTo(index: number): void {
    if (index === 0) return;
    if (index > this.committed || index < this.applied) {
      throw new InternalError(`applied ${index} is outside [applied ${this.applied}, committed ${this.committed}]`);
    }
    this.applied = index;
  }

  stableTo(index: number, term: number): void {
    this.unstable.stableTo(index, term);
  }

  stableSnapTo(index: number): void {
    this.unstable.stableSnapTo(index);
  }

  unstableEntries(): Entry[] {
    return this.unstable.entries.slice();
  }

  /** The committed entries the application has not applied yet (bounded in size). */
  nextCommittedEntries(): Entry[] {
    const lo = Math.max(this.applied + 1, this.firstIndex());
    if (this.committed + 1 <= lo) return [];
    return this.slice(lo, this.committed + 1, this.maxCommittedSize);
  }

  hasNextCommittedEntries(): boolean {
    return this.committed + 1 > Math.max(this.applied + 1, this.firstIndex());
  }

  /** Entries from i to the end, at most maxSize bytes (at least one). */
  entries(i: number, maxSize = Infinity): Entry[] {
    if (i > this.lastIndex()) return [];
    return this.slice(i, this.lastIndex() + 1, maxSize);
  }

  /** Entries [lo, hi), at least one if any, then as many as fit in maxSize. Throws LogCompacted
   *  when lo is below firstIndex. */
  slice(lo: number, hi: number, maxSize = Infinity): Entry[] {
    if (lo > hi) throw new InternalError(`invalid slice [${lo}, ${hi})`);
    if (lo < this.firstIndex()) throw new LogCompacted(lo);
    if (hi > this.lastIndex() + 1) throw new LogUnavailable(hi - 1);
    if (lo === hi) return [];
    const offset = this.unstable.offset;
    let ents: Entry[] = [];
    if (lo < offset) {
      const stableHi = Math.min(hi, offset);
      ents = this.storage.entries(lo, stableHi, maxSize);
      if (ents.length < stableHi - lo) return ents;
    }
    if (hi > offset) {
      const u = this.unstable.slice(Math.max(lo, offset), hi);
      ents = ents.length === 0 ? u : ents.concat(u);
    }
    return limitSize(ents, maxSize);
  }

  /** The snapshot a lagging follower needs: a pending incoming one, else the storage's. */
  snapshot(): Snapshot {
    return this.unstable.snapshot ?? this.storage.snapshot();
  }

  /** Replaces the log with a snapshot (the follower's log did not contain its last entry). */
  restore(s: Snapshot): void {
    this.committed = s.metadata.index;
    this.unstable.restore(s);
  }
}

export function limitSize(ents: Entry[], maxSize: number): Entry[] {
  if (maxSize === Infinity || ents.length <= 1) return ents;
  let size = 0;
  for (let i = 0; i < ents.length; i++) {
    size += entrySize(ents[i] as Entry);
    if (i > 0 && size > maxSize) return ents.slice(0, i);
  }
  return ents;
}
