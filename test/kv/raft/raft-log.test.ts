// The raft log: the unstable suffix over storage, conflict detection, the commit rule, and what a
// Ready hands out.
import { describe, expect, it } from 'vitest';
import { InternalError } from '../../../util/errors.js';
import { LogCompacted, MemoryStorage, type Entry } from '../../../kv/raft/index.js';
import { RaftLog } from '../../../kv/raft/raft-log.js';

const ent = (index: number, term: number): Entry => ({ kind: 'normal', index, term, data: new Uint8Array(8) });
const ents = (from: number, ...terms: number[]): Entry[] => terms.map((t, i) => ent(from + i, t));

/** A log with `stable` entries in storage and `unstable` appended on top (terms, from index 1). */
function logWith(stable: number[], unstable: number[] = []): RaftLog {
  const s = new MemoryStorage();
  s.append(ents(1, ...stable));
  const log = new RaftLog(s);
  log.append(ents(stable.length + 1, ...unstable));
  return log;
}

describe('raft log', () => {
  it('spans storage and unstable entries', () => {
    const log = logWith([1, 1], [2, 3]);
    expect(log.firstIndex()).toBe(1);
    expect(log.lastIndex()).toBe(4);
    expect(log.lastTerm()).toBe(3);
    expect(log.slice(1, 5).map((e) => e.term)).toEqual([1, 1, 2, 3]);
    expect(log.unstableEntries().map((e) => e.index)).toEqual([3, 4]);
  });

  it('limits slices by size across the storage / unstable boundary', () => {
    const log = logWith([1, 1], [2, 3]);
    // each entry is 8 + 16 = 24 bytes
    expect(log.slice(1, 5, 50).map((e) => e.index)).toEqual([1, 2]);
    expect(log.slice(2, 5, 50).map((e) => e.index)).toEqual([2, 3]);
    expect(log.slice(3, 5, 1).map((e) => e.index)).toEqual([3]);
  });

  it.each([
    { name: 'all present', incoming: ents(1, 1, 2, 3), want: 0 },
    { name: 'a prefix present, then new entries', incoming: ents(2, 2, 3, 4, 4), want: 4 },
    { name: 'a conflict in the middle', incoming: ents(2, 2, 4), want: 3 },
    { name: 'a conflict at the first', incoming: ents(1, 4, 4), want: 1 },
    { name: 'only new entries', incoming: ents(4, 3, 3), want: 4 },
  ])('finds the first conflicting or new entry: $name', ({ incoming, want }) => {
    expect(logWith([1, 2, 3]).findConflict(incoming)).toBe(want);
  });

  it.each([
    // log terms: 1 1 1 4 4 5 5 5 6 (indexes 1..9)
    { index: 9, term: 6, want: [9, 6] },
    { index: 9, term: 5, want: [8, 5] },
    { index: 9, term: 4, want: [5, 4] },
    { index: 9, term: 3, want: [3, 1] },
    { index: 6, term: 2, want: [3, 1] },
    { index: 20, term: 4, want: [5, 4] },
    { index: 9, term: 0, want: [0, 0] },
  ])('finds where logs may agree: at or below $index with term ≤ $term → $want', ({ index, term, want }) => {
    expect(logWith([1, 1, 1, 4, 4, 5, 5, 5, 6]).findConflictByTerm(index, term)).toEqual(want);
  });

  it('appends after a matching entry, truncating a conflicting uncommitted suffix', () => {
    const log = logWith([1, 1], [1, 1]);
    expect(log.maybeAppend(2, 1, 3, ents(3, 2, 2))).toBe(4);
    expect(log.slice(1, 5).map((e) => e.term)).toEqual([1, 1, 2, 2]);
    expect(log.committed).toBe(3);
  });

  it('refuses to append after an entry it does not have', () => {
    const log = logWith([1, 1]);
    expect(log.maybeAppend(2, 2, 2, ents(3, 2))).toBeUndefined();
    expect(log.maybeAppend(5, 1, 2, ents(6, 2))).toBeUndefined();
    expect(log.lastIndex()).toBe(2);
    expect(log.committed).toBe(0);
  });

  it('commits no further than the last entry the leader vouched for', () => {
    const log = logWith([1, 1, 1, 1]);
    expect(log.maybeAppend(1, 1, 10, [])).toBe(1);
    expect(log.committed).toBe(1);
  });

  it('treats truncating a committed entry as a bug', () => {
    const log = logWith([1, 1, 1]);
    log.commitTo(3);
    expect(() => log.maybeAppend(1, 1, 3, ents(2, 2))).toThrow(InternalError);
    expect(() => log.commitTo(9)).toThrow(InternalError);
  });

  it('commits by quorum only an entry of the current term', () => {
    const log = logWith([1, 1, 2]);
    expect(log.maybeCommit(2, 2)).toBe(false);
    expect(log.committed).toBe(0);
    expect(log.maybeCommit(3, 2)).toBe(true);
    expect(log.committed).toBe(3);
    expect(log.maybeCommit(2, 1)).toBe(false);
  });

  it('hands out committed entries not yet applied', () => {
    const log = logWith([1, 1, 1], [2]);
    log.commitTo(4);
    expect(log.nextCommittedEntries().map((e) => e.index)).toEqual([1, 2, 3, 4]);
    log.appliedTo(2);
    expect(log.nextCommittedEntries().map((e) => e.index)).toEqual([3, 4]);
    log.appliedTo(4);
    expect(log.hasNextCommittedEntries()).toBe(false);
    expect(() => log.appliedTo(3)).toThrow(InternalError);
  });

  it('marks entries stable only if they were not replaced meanwhile', () => {
    const log = logWith([1], [1, 1]);
    log.append(ents(3, 2));
    log.stableTo(3, 1); // the handed-out (3, term 1) was replaced by (3, term 2)
    expect(log.unstableEntries().map((e) => e.index)).toEqual([2, 3]);
    log.stableTo(3, 2);
    expect(log.unstableEntries()).toEqual([]);
  });

  it('after a snapshot restore, the log starts after the snapshot', () => {
    const log = logWith([1, 1]);
    log.restore({ data: new Uint8Array(0), metadata: { index: 10, term: 3, confState: { voters: [1], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false } } });
    expect(log.firstIndex()).toBe(11);
    expect(log.lastIndex()).toBe(10);
    expect(log.term(10)).toBe(3);
    expect(log.committed).toBe(10);
    expect(() => log.term(5)).toThrow(LogCompacted);
    expect(log.matchTerm(10, 3)).toBe(true);
  });

  it('reports compacted entries as such', () => {
    const s = new MemoryStorage();
    s.append(ents(1, 1, 1, 1, 1));
    s.compact(3);
    const log = new RaftLog(s);
    expect(log.firstIndex()).toBe(4);
    expect(log.term(3)).toBe(1);
    expect(() => log.slice(2, 4)).toThrow(LogCompacted);
    expect(log.termOrZero(2)).toBe(0);
    expect(log.committed).toBe(3);
  });
});
