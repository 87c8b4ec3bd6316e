// MemoryStorage, the reference Storage: index conventions, compaction, snapshots, appends that
// overwrite a conflicting suffix.
import { describe, expect, it } from 'vitest';
import { LogCompacted, LogUnavailable, MemoryStorage, SnapshotOutOfDate, type Entry } from '../../../kv/raft/index.js';

const ent = (index: number, term: number, data = ''): Entry => ({ kind: 'normal', index, term, data: new TextEncoder().encode(data) });
const cs = { voters: [1, 2, 3], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };

function storageWith(...terms: number[]): MemoryStorage {
  const s = new MemoryStorage();
  s.append(terms.map((t, i) => ent(i + 1, t)));
  return s;
}

describe('raft MemoryStorage', () => {
  it('an empty storage has first index 1 and last index 0, and knows term(0) = 0', () => {
    const s = new MemoryStorage();
    expect(s.firstIndex()).toBe(1);
    expect(s.lastIndex()).toBe(0);
    expect(s.term(0)).toBe(0);
    expect(() => s.term(1)).toThrow(LogUnavailable);
  });

  it('a bootstrapped storage holds the membership in a committed snapshot at index 1', () => {
    const s = MemoryStorage.bootstrap(cs);
    expect(s.firstIndex()).toBe(2);
    expect(s.lastIndex()).toBe(1);
    expect(s.term(1)).toBe(1);
    expect(s.initialState()).toEqual({ hardState: { term: 1, vote: 0, commit: 1 }, confState: cs });
  });

  it('returns entries in [lo, hi) limited by size but always at least one', () => {
    const s = new MemoryStorage();
    s.append([ent(1, 1, 'a'.repeat(100)), ent(2, 1, 'b'.repeat(100)), ent(3, 2, 'c')]);
    expect(s.entries(1, 4).map((e) => e.index)).toEqual([1, 2, 3]);
    expect(s.entries(1, 4, 1).map((e) => e.index)).toEqual([1]);
    expect(s.entries(1, 4, 240).map((e) => e.index)).toEqual([1, 2]);
    expect(s.entries(2, 2)).toEqual([]);
    expect(() => s.entries(1, 5)).toThrow(LogUnavailable);
  });

  it('an append that conflicts replaces the stored suffix from its first index on', () => {
    const s = storageWith(1, 1, 1, 1);
    s.append([ent(3, 2), ent(4, 2), ent(5, 2)]);
    expect([3, 4, 5].map((i) => s.term(i))).toEqual([2, 2, 2]);
    s.append([ent(2, 3)]);
    expect(s.lastIndex()).toBe(2);
    expect(s.term(2)).toBe(3);
  });

  it('an append that leaves a gap is a bug', () => {
    const s = storageWith(1, 1);
    expect(() => s.append([ent(4, 1)])).toThrow(/gap/);
  });

  it('compaction drops entries but keeps the term of the compaction point', () => {
    const s = storageWith(1, 1, 2, 2, 3);
    s.compact(3);
    expect(s.firstIndex()).toBe(4);
    expect(s.term(3)).toBe(2);
    expect(() => s.term(2)).toThrow(LogCompacted);
    expect(() => s.entries(3, 5)).toThrow(LogCompacted);
    expect(s.entries(4, 6).map((e) => e.term)).toEqual([2, 3]);
    expect(() => s.compact(3)).toThrow(LogCompacted);
    expect(() => s.compact(9)).toThrow(/past the last index/);
  });

  it('entries at or below the compaction point are skipped when appended', () => {
    const s = storageWith(1, 1, 1);
    s.compact(2);
    s.append([ent(1, 1), ent(2, 1), ent(3, 1), ent(4, 1)]);
    expect(s.firstIndex()).toBe(3);
    expect(s.lastIndex()).toBe(4);
  });

  it('a snapshot records the index, its term and the membership; an older one is refused', () => {
    const s = storageWith(1, 2, 2);
    const snap = s.createSnapshot(2, cs, new Uint8Array([7]));
    expect(snap.metadata).toEqual({ index: 2, term: 2, confState: cs });
    expect(() => s.createSnapshot(2, cs)).toThrow(SnapshotOutOfDate);
    expect(() => s.applySnapshot({ data: new Uint8Array(0), metadata: { index: 1, term: 1, confState: cs } })).toThrow(SnapshotOutOfDate);
  });

  it('applying a snapshot replaces the whole log', () => {
    const s = storageWith(1, 1, 1);
    s.applySnapshot({ data: new Uint8Array(0), metadata: { index: 10, term: 4, confState: cs } });
    expect(s.firstIndex()).toBe(11);
    expect(s.lastIndex()).toBe(10);
    expect(s.term(10)).toBe(4);
    expect(s.initialState().confState).toEqual(cs);
  });
});
