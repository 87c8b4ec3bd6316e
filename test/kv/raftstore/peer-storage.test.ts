// PeerStorage over real LevelDB: what a Ready hands out is written into a batch, and a storage
// loaded from the same directory after the engine was closed (a restart) answers exactly as the
// one that wrote it: log, terms, hard state, apply state, truncation point.
import { describe, expect, it } from 'vitest';
import { BOOTSTRAP_INDEX, BOOTSTRAP_TERM, LogCompacted, LogUnavailable, SnapshotTemporarilyUnavailable, type ConfState, type Entry } from '../../../kv/raft/index.js';
import { applyStateKey, hardStateKey, logKey, regionStateKey } from '../../../kv/raftstore/keys.js';
import { PeerStorage } from '../../../kv/raftstore/peer-storage.js';
import { decodeRegionState, encodeRegionState } from '../../../kv/raftstore/region-state.js';
import { LevelDbEngine, WriteBatch, type Engine } from '../../../kv/storage/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const cs: ConfState = { voters: [1, 2, 3], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };
const ent = (index: number, term: number, data = `e${index}`): Entry => ({ kind: 'normal', index, term, data: Buffer.from(data) });
const REGION = 7;

async function write(engine: Engine, fill: (b: WriteBatch) => void): Promise<void> {
  const b = new WriteBatch();
  fill(b);
  await engine.write(b, { sync: true });
}

async function reopen(dir: string, engine: Engine): Promise<{ engine: Engine; storage: PeerStorage }> {
  await engine.close();
  const e = await LevelDbEngine.open(dir);
  return { engine: e, storage: await PeerStorage.load(e, REGION) };
}

describe('raftstore PeerStorage on LevelDB', () => {
  it('a bootstrapped peer starts after a committed snapshot holding the membership, and so does it after a reopen', async () => {
    const dir = tempDir();
    let engine: Engine = await LevelDbEngine.open(dir);
    let s!: PeerStorage;
    await write(engine, (b) => (s = PeerStorage.bootstrap(REGION, BOOTSTRAP_INDEX, BOOTSTRAP_TERM, cs, b)));
    const check = (p: PeerStorage): void => {
      expect(p.firstIndex()).toBe(BOOTSTRAP_INDEX + 1);
      expect(p.lastIndex()).toBe(BOOTSTRAP_INDEX);
      expect(p.term(BOOTSTRAP_INDEX)).toBe(BOOTSTRAP_TERM);
      expect(p.initialState()).toEqual({ hardState: { term: BOOTSTRAP_TERM, vote: 0, commit: BOOTSTRAP_INDEX }, confState: cs });
      expect(p.applyState.index).toBe(BOOTSTRAP_INDEX);
      expect(p.initialized).toBe(true);
    };
    check(s);
    ({ engine, storage: s } = await reopen(dir, engine));
    check(s);
    await engine.close();
  });

  it('entries, hard state and apply state survive close and reopen, with a conflicting suffix replaced', async () => {
    const dir = tempDir();
    let engine: Engine = await LevelDbEngine.open(dir);
    let s!: PeerStorage;
    await write(engine, (b) => (s = PeerStorage.bootstrap(REGION, 1, 1, cs, b)));
    await write(engine, (b) => {
      s.persistEntries([ent(2, 1), ent(3, 1), ent(4, 2), ent(5, 2)], b);
      s.persistHardState({ term: 2, vote: 1, commit: 3 }, b);
      s.persistApplyState({ index: 3, term: 1, confState: cs }, b);
    });
    // A new leader of term 3 overwrites 4 and 5 with a shorter log.
    await write(engine, (b) => {
      s.persistEntries([ent(4, 3, 'x')], b);
      s.persistHardState({ term: 3, vote: 2, commit: 4 }, b);
    });
    expect(s.lastIndex()).toBe(4);

    ({ engine, storage: s } = await reopen(dir, engine));
    expect(s.firstIndex()).toBe(2);
    expect(s.lastIndex()).toBe(4);
    expect([1, 2, 3, 4].map((i) => s.term(i))).toEqual([1, 1, 1, 3]);
    expect(s.entries(2, 5).map((e) => Buffer.from(e.data).toString())).toEqual(['e2', 'e3', 'x']);
    expect(s.entries(2, 5, 1)).toHaveLength(1);
    expect(() => s.entries(2, 6)).toThrow(LogUnavailable);
    expect(() => s.term(6)).toThrow(LogUnavailable);
    expect(s.hardState).toEqual({ term: 3, vote: 2, commit: 4 });
    expect(s.applyState).toEqual({ index: 3, term: 1, confState: cs });
    // The deleted entry 5 is gone from disk too, not only from memory.
    expect(await engine.get('raft', logKey(REGION, 5))).toBeUndefined();
    expect(await engine.get('raft', logKey(REGION, 4))).toBeDefined();
    await engine.close();
  });

  it('compaction drops applied entries on disk and in memory; a reopened storage starts after the truncation point', async () => {
    const dir = tempDir();
    let engine: Engine = await LevelDbEngine.open(dir);
    let s!: PeerStorage;
    await write(engine, (b) => (s = PeerStorage.bootstrap(REGION, 1, 1, cs, b)));
    await write(engine, (b) => {
      s.persistEntries([2, 3, 4, 5, 6].map((i) => ent(i, 2)), b);
      s.persistHardState({ term: 2, vote: 1, commit: 6 }, b);
      s.persistApplyState({ index: 5, term: 2, confState: cs }, b);
    });
    await expect(write(engine, (b) => s.compactTo(6, b))).rejects.toThrow(/applied only to 5/);
    await write(engine, (b) => s.compactTo(4, b));
    const check = (p: PeerStorage): void => {
      expect(p.firstIndex()).toBe(5);
      expect(p.lastIndex()).toBe(6);
      expect(p.term(4)).toBe(2);
      expect(p.truncatedIndex).toBe(4);
      expect(() => p.entries(4, 6)).toThrow(LogCompacted);
      expect(() => p.term(3)).toThrow(LogCompacted);
    };
    check(s);
    for (const i of [2, 3, 4]) expect(await engine.get('raft', logKey(REGION, i))).toBeUndefined();
    ({ engine, storage: s } = await reopen(dir, engine));
    check(s);
    await engine.close();
  });

  it('a snapshot from the leader replaces the whole log and the apply state', async () => {
    const dir = tempDir();
    let engine: Engine = await LevelDbEngine.open(dir);
    const s0 = PeerStorage.empty(REGION);
    expect(s0.initialized).toBe(false);
    expect(s0.lastIndex()).toBe(0);
    let s = s0;
    await write(engine, (b) => {
      s.persistEntries([ent(1, 1)], b); // a stray entry from an earlier leader
    });
    await write(engine, (b) => {
      s.persistSnapshot({ data: Buffer.alloc(0), metadata: { index: 10, term: 3, confState: cs } }, b);
      s.persistHardState({ term: 3, vote: 0, commit: 10 }, b);
    });
    ({ engine, storage: s } = await reopen(dir, engine));
    expect(s.initialized).toBe(true);
    expect(s.firstIndex()).toBe(11);
    expect(s.lastIndex()).toBe(10);
    expect(s.term(10)).toBe(3);
    expect(s.applyState.index).toBe(10);
    expect(s.initialState().confState).toEqual(cs);
    expect(await engine.get('raft', logKey(REGION, 1))).toBeUndefined();
    await engine.close();
  });

  it('asks for a snapshot the first time the raft core wants one, and hands out the prepared one after', async () => {
    const engine = await LevelDbEngine.open(tempDir());
    let s!: PeerStorage;
    await write(engine, (b) => (s = PeerStorage.bootstrap(REGION, 1, 1, cs, b)));
    expect(() => s.snapshot()).toThrow(SnapshotTemporarilyUnavailable);
    expect(s.snapshotWanted).toBe(true);
    const snap = { data: Buffer.from('d'), metadata: { index: 1, term: 1, confState: cs } };
    s.setPreparedSnapshot(snap);
    expect(s.snapshotWanted).toBe(false);
    expect(s.snapshot()).toBe(snap);
    await engine.close();
  });

  it('keeps its keys apart per region, and the region state round-trips', async () => {
    const engine = await LevelDbEngine.open(tempDir());
    await write(engine, (b) => {
      PeerStorage.bootstrap(1, 1, 1, cs, b);
      PeerStorage.bootstrap(2, 1, 1, cs, b);
    });
    const region = { id: 2, startKey: Buffer.from('a'), endKey: Buffer.from('m'), epoch: { confVer: 3, version: 4 }, peers: [{ id: 1, storeId: 11, role: 'voter' as const }, { id: 2, storeId: 12, role: 'learner' as const }] };
    await write(engine, (b) => b.put('raft', regionStateKey(2), encodeRegionState(region)));
    expect(decodeRegionState((await engine.get('raft', regionStateKey(2))) as Uint8Array)).toEqual(region);
    expect(await engine.get('raft', hardStateKey(1))).toBeDefined();
    expect(await engine.get('raft', applyStateKey(3))).toBeUndefined();
    const s2 = await PeerStorage.load(engine, 2);
    expect(s2.lastIndex()).toBe(1);
    await engine.close();
  });
});
