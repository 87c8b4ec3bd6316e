// Scenarios for every Percolator action and error, run on both engines. Timestamps are small
// integers where only order matters, and composed from milliseconds where TTLs are involved.
import { describe, expect, it } from 'vitest';
import {
  AlreadyExist,
  Committed,
  CommitTsExpired,
  KeyIsLocked,
  TxnLockNotFound,
  TxnNotFound,
  WriteConflict,
} from '../../../kv/mvcc/index.js';
import { composeTs, MAX_TS } from '../../../kv/txn-types.js';
import { ENGINE_KINDS } from '../../helpers/engines.js';
import { del, ins, k, lck, MvccHarness, put, str, t } from '../../helpers/mvcc.js';

describe.each(ENGINE_KINDS)('percolator on $name', (kind) => {
  const harness = async (): Promise<MvccHarness> => new MvccHarness(await kind.open());

  describe('prewrite and commit', () => {
    it('a committed value is visible at and after commit_ts, never before', async () => {
      const h = await harness();
      await h.putCommitted({ a: 'v1' }, 10, 20);
      await h.mustGet('a', 19, undefined);
      await h.mustGet('a', 20, 'v1');
      await h.mustGet('a', 1000, 'v1');
    });

    it('reads at every ts between versions see the version committed last at or before it', async () => {
      const h = await harness();
      await h.putCommitted({ a: 'v1' }, 10, 20);
      await h.putCommitted({ a: 'v2' }, 30, 40);
      await h.prewrite([del('a')], 'a', 50);
      await h.commit(['a'], 50, 60);
      await h.putCommitted({ a: 'v4' }, 70, 80);
      const want: Record<number, string | undefined> = { 15: undefined, 20: 'v1', 35: 'v1', 40: 'v2', 59: 'v2', 60: undefined, 79: undefined, 80: 'v4' };
      for (const [ts, v] of Object.entries(want)) await h.mustGet('a', Number(ts), v);
    });

    it('a lock of a txn started at or before read_ts answers KeyIsLocked; a later one is ignored', async () => {
      const h = await harness();
      await h.putCommitted({ a: 'v1' }, 10, 20);
      await h.prewrite([put('a', 'v2')], 'a', 30);
      await expect(h.get('a', 30)).rejects.toBeInstanceOf(KeyIsLocked);
      await expect(h.get('a', 35)).rejects.toMatchObject({ lock: { startTs: 30n, primary: k('a') } });
      await h.mustGet('a', 29, 'v1');
    });

    it('Lock-kind locks (SELECT FOR UPDATE) do not block readers', async () => {
      const h = await harness();
      await h.putCommitted({ a: 'v1' }, 10, 20);
      await h.prewrite([lck('a')], 'a', 30);
      await h.mustGet('a', 40, 'v1');
      await h.commit(['a'], 30, 45);
      await h.mustGet('a', 50, 'v1');
    });

    it('a newer commit makes prewrite fail with WriteConflict carrying both txns', async () => {
      const h = await harness();
      await h.putCommitted({ a: 'v1' }, 20, 30);
      const err = await h.prewrite([put('a', 'x')], 'a', 25).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WriteConflict);
      expect(err).toMatchObject({ startTs: 25n, conflictStartTs: 20n, conflictCommitTs: 30n, reason: 'optimistic' });
      expect(await h.count('lock')).toBe(0);
    });

    it('two concurrent txns on one key: the second prewrite meets the first lock, first committer wins', async () => {
      const h = await harness();
      await h.prewrite([put('a', 'A')], 'a', 10);
      await expect(h.prewrite([put('a', 'B')], 'a', 11)).rejects.toBeInstanceOf(KeyIsLocked);
      await h.commit(['a'], 10, 12);
      await expect(h.prewrite([put('a', 'B')], 'a', 11)).rejects.toBeInstanceOf(WriteConflict);
      await h.mustGet('a', 20, 'A');
    });

    it('prewrite reports the locks of every key in one answer and writes nothing', async () => {
      const h = await harness();
      await h.prewrite([put('a', '1'), put('b', '1')], 'a', 10);
      const r = await h.store.prewrite([put('a', '2'), put('b', '2'), put('c', '2')], { startTs: t(11), primary: k('a'), ttl: 100 });
      expect(r.locked.map((e) => str(e.lock.key))).toEqual(['a', 'b']);
      expect(await h.count('lock')).toBe(2);
    });

    it('a retried prewrite of the same txn is idempotent', async () => {
      const h = await harness();
      await h.prewrite([put('a', 'v')], 'a', 10);
      await h.prewrite([put('a', 'v')], 'a', 10);
      await h.commit(['a'], 10, 20);
      await h.prewrite([put('a', 'v')], 'a', 10); // after commit: no new lock
      expect(await h.count('lock')).toBe(0);
      await h.mustGet('a', 30, 'v');
    });

    it('double commit is idempotent', async () => {
      const h = await harness();
      await h.prewrite([put('a', 'v')], 'a', 10);
      await h.commit(['a'], 10, 20);
      await h.commit(['a'], 10, 20);
      expect(await h.count('write')).toBe(1);
    });

    it('committing without a lock or record answers TxnLockNotFound', async () => {
      const h = await harness();
      await expect(h.commit(['a'], 10, 20)).rejects.toBeInstanceOf(TxnLockNotFound);
    });

    it('a commit_ts below a pushed min_commit_ts answers CommitTsExpired', async () => {
      const h = await harness();
      await h.prewrite([put('a', 'v')], 'a', 10, { minCommitTs: t(15) });
      await expect(h.commit(['a'], 10, 12)).rejects.toBeInstanceOf(CommitTsExpired);
      await h.commit(['a'], 10, 15);
      await h.mustGet('a', 15, 'v');
    });

    it('insert fails with AlreadyExist on a visible value, succeeds after a delete', async () => {
      const h = await harness();
      await h.putCommitted({ a: 'v' }, 10, 20);
      await expect(h.prewrite([ins('a', 'x')], 'a', 30)).rejects.toBeInstanceOf(AlreadyExist);
      await h.prewrite([del('a')], 'a', 40);
      await h.commit(['a'], 40, 50);
      await h.prewrite([ins('a', 'x')], 'a', 60);
      await h.commit(['a'], 60, 70);
      await h.mustGet('a', 80, 'x');
    });

    it('stores values over 255 bytes in the default family and inlines shorter ones', async () => {
      const h = await harness();
      const big = 'x'.repeat(256);
      await h.putCommitted({ small: 's'.repeat(255), big }, 10, 20);
      expect(await h.count('default')).toBe(1);
      await h.mustGet('big', 20, big);
      await h.mustGet('small', 20, 's'.repeat(255));
    });
  });

  describe('rollback and cleanup', () => {
    it('rollback removes the lock and value and leaves a protected record: a late prewrite fails', async () => {
      const h = await harness();
      await h.prewrite([put('a', 'x'.repeat(300))], 'a', 10);
      await h.store.rollback([k('a')], t(10));
      expect(await h.count('lock')).toBe(0);
      expect(await h.count('default')).toBe(0);
      await h.mustGet('a', 20, undefined);
      await expect(h.prewrite([put('a', 'x')], 'a', 10)).rejects.toMatchObject({ reason: 'self-rolled-back' });
    });

    it('rollback of a key never prewritten still blocks a late prewrite of that txn', async () => {
      const h = await harness();
      await h.store.rollback([k('a')], t(10));
      await expect(h.prewrite([put('a', 'x')], 'a', 10)).rejects.toBeInstanceOf(WriteConflict);
    });

    it('commit after rollback answers TxnLockNotFound', async () => {
      const h = await harness();
      await h.prewrite([put('a', 'v')], 'a', 10);
      await h.store.rollback([k('a')], t(10));
      await expect(h.commit(['a'], 10, 20)).rejects.toBeInstanceOf(TxnLockNotFound);
      await h.mustGet('a', 30, undefined);
    });

    it('rollback after commit answers Committed with the commit_ts', async () => {
      const h = await harness();
      await h.putCommitted({ a: 'v' }, 10, 20);
      await expect(h.store.rollback([k('a')], t(10))).rejects.toMatchObject({ commitTs: 20n });
      await expect(h.store.rollback([k('a')], t(10))).rejects.toBeInstanceOf(Committed);
      await h.mustGet('a', 30, 'v');
    });

    it('a rollback at a ts equal to another commit_ts is folded into that commit record', async () => {
      const h = await harness();
      await h.putCommitted({ a: 'v1' }, 10, 20);
      await h.store.rollback([k('a')], t(20)); // txn 20 never prewrote a; its ts collides with commit 20
      await h.mustGet('a', 25, 'v1');
      await expect(h.prewrite([put('a', 'late')], 'a', 20)).rejects.toMatchObject({ reason: 'self-rolled-back' });
    });

    it('a commit at a ts where another txn left a rollback keeps the rollback protected', async () => {
      const h = await harness();
      await h.store.rollback([k('a')], t(20));
      await h.prewrite([put('a', 'v')], 'a', 10);
      await h.commit(['a'], 10, 20);
      await h.mustGet('a', 20, 'v');
      await expect(h.prewrite([put('a', 'late')], 'a', 20)).rejects.toMatchObject({ reason: 'self-rolled-back' });
    });

    it('cleanup leaves a live lock alone and rolls back an expired one', async () => {
      const h = await harness();
      const start = composeTs(1_000_000, 0);
      await h.prewrite([put('a', 'v')], 'a', start, { ttl: 100 });
      await expect(h.store.cleanup(k('a'), start, composeTs(1_000_050, 0))).rejects.toBeInstanceOf(KeyIsLocked);
      await h.store.cleanup(k('a'), start, composeTs(1_000_101, 0));
      expect(await h.count('lock')).toBe(0);
      await expect(h.commit(['a'], start, start + 10n)).rejects.toBeInstanceOf(TxnLockNotFound);
    });

    it('cleanup of a committed txn answers Committed', async () => {
      const h = await harness();
      await h.putCommitted({ a: 'v' }, 10, 20);
      await expect(h.store.cleanup(k('a'), t(10), t(0))).rejects.toBeInstanceOf(Committed);
    });
  });

  describe('check_txn_status, resolve_lock, heartbeat, scan_lock', () => {
    const ms = (n: number): bigint => composeTs(1_000_000 + n, 0);

    it('reports a live lock and pushes its min_commit_ts past the reader, who then reads around it', async () => {
      const h = await harness();
      await h.putCommitted({ a: 'old' }, ms(0), ms(1));
      await h.prewrite([put('a', 'new')], 'a', ms(10), { ttl: 1000 });
      await expect(h.get('a', ms(20))).rejects.toBeInstanceOf(KeyIsLocked);
      const status = await h.store.checkTxnStatus({ primary: k('a'), lockTs: t(ms(10)), callerStartTs: t(ms(20)), currentTs: t(ms(30)), rollbackIfNotExist: false });
      expect(status).toMatchObject({ kind: 'locked', ttl: 1000, minCommitTsPushed: true });
      await h.mustGet('a', ms(20), 'old');
      await expect(h.commit(['a'], ms(10), ms(15))).rejects.toBeInstanceOf(CommitTsExpired);
      await h.commit(['a'], ms(10), ms(25));
      await h.mustGet('a', ms(25), 'new');
    });

    it('rolls back an expired primary lock', async () => {
      const h = await harness();
      await h.prewrite([put('a', 'v'), put('b', 'v')], 'a', ms(0), { ttl: 100 });
      const status = await h.store.checkTxnStatus({ primary: k('a'), lockTs: t(ms(0)), callerStartTs: t(ms(500)), currentTs: t(ms(500)), rollbackIfNotExist: false });
      expect(status).toEqual({ kind: 'rolled-back', action: 'ttl-expired' });
      // the secondary is still locked until resolved
      await expect(h.get('b', ms(500))).rejects.toBeInstanceOf(KeyIsLocked);
      expect(await h.store.resolveLock(t(ms(0)), t(0), {})).toBe(1);
      await h.mustGet('b', ms(500), undefined);
    });

    it('reports committed with the commit_ts, and rolled-back after a rollback', async () => {
      const h = await harness();
      await h.putCommitted({ a: 'v' }, 10, 20);
      expect(await h.store.checkTxnStatus({ primary: k('a'), lockTs: t(10), callerStartTs: t(30), currentTs: t(30), rollbackIfNotExist: false })).toEqual({
        kind: 'committed',
        commitTs: 20n,
      });
      await h.prewrite([put('b', 'v')], 'b', 40);
      await h.store.rollback([k('b')], t(40));
      expect(await h.store.checkTxnStatus({ primary: k('b'), lockTs: t(40), callerStartTs: t(50), currentTs: t(50), rollbackIfNotExist: false })).toEqual({
        kind: 'rolled-back',
        action: 'none',
      });
    });

    it('a missing primary is TxnNotFound, or rolled back when asked to', async () => {
      const h = await harness();
      await expect(
        h.store.checkTxnStatus({ primary: k('p'), lockTs: t(10), callerStartTs: t(20), currentTs: t(20), rollbackIfNotExist: false }),
      ).rejects.toBeInstanceOf(TxnNotFound);
      expect(await h.store.checkTxnStatus({ primary: k('p'), lockTs: t(10), callerStartTs: t(20), currentTs: t(20), rollbackIfNotExist: true })).toEqual({
        kind: 'rolled-back',
        action: 'lock-not-exist',
      });
      await expect(h.prewrite([put('p', 'late')], 'p', 10)).rejects.toBeInstanceOf(WriteConflict);
    });

    it('resolve_lock commits every lock of a committed txn (roll forward)', async () => {
      const h = await harness();
      await h.prewrite([put('p', '1'), put('s1', '2'), put('s2', '3')], 'p', 10);
      await h.commit(['p'], 10, 20); // the client died after committing the primary
      await expect(h.get('s1', 30)).rejects.toBeInstanceOf(KeyIsLocked);
      expect(await h.store.resolveLock(t(10), t(20), {})).toBe(2);
      await h.mustGet('s1', 30, '2');
      await h.mustGet('s2', 30, '3');
      expect(await h.count('lock')).toBe(0);
    });

    it('resolve_lock of explicit keys rolls them back when commit_ts is 0', async () => {
      const h = await harness();
      await h.prewrite([put('p', '1'), put('s', '2')], 'p', 10);
      await h.store.resolveLock(t(10), t(0), { keys: [k('p'), k('s')] });
      await h.mustGet('s', 30, undefined);
      await expect(h.commit(['p'], 10, 20)).rejects.toBeInstanceOf(TxnLockNotFound);
    });

    it('heartbeat raises the TTL of a live primary and never lowers it', async () => {
      const h = await harness();
      await h.prewrite([put('a', 'v')], 'a', 10, { ttl: 100 });
      expect(await h.store.txnHeartBeat(k('a'), t(10), 5000)).toBe(5000);
      expect(await h.store.txnHeartBeat(k('a'), t(10), 10)).toBe(5000);
      await expect(h.store.txnHeartBeat(k('a'), t(11), 5000)).rejects.toBeInstanceOf(TxnNotFound);
    });

    it('scan_lock lists the locks of txns started at or before max_ts within a range', async () => {
      const h = await harness();
      await h.prewrite([put('a', '1'), put('c', '1')], 'a', 10);
      await h.prewrite([put('b', '1')], 'b', 20);
      await h.prewrite([put('d', '1')], 'd', 30);
      const locks = await h.store.scanLock(t(20), undefined, undefined, 10);
      expect(locks.map((l) => `${str(l.key)}@${l.startTs}`)).toEqual(['a@10', 'b@20', 'c@10']);
      expect((await h.store.scanLock(t(100), k('b'), k('d'), 10)).map((l) => str(l.key))).toEqual(['b', 'c']);
      expect((await h.store.scanLock(t(100), undefined, undefined, 2)).length).toBe(2);
    });
  });

  describe('scan', () => {
    it('scans forward and in reverse at a ts, with limit, range and key-only', async () => {
      const h = await harness();
      await h.putCommitted({ a: 'a1', b: 'b1', c: 'c1', d: 'd1' }, 10, 20);
      await h.putCommitted({ b: 'b2' }, 30, 40);
      await h.prewrite([del('c')], 'c', 50);
      await h.commit(['c'], 50, 60);
      expect(await h.scan(25)).toEqual(['a=a1', 'b=b1', 'c=c1', 'd=d1']);
      expect(await h.scan(45)).toEqual(['a=a1', 'b=b2', 'c=c1', 'd=d1']);
      expect(await h.scan(65)).toEqual(['a=a1', 'b=b2', 'd=d1']);
      expect(await h.scan(65, { reverse: true })).toEqual(['d=d1', 'b=b2', 'a=a1']);
      expect(await h.scan(45, { reverse: true, limit: 2 })).toEqual(['d=d1', 'c=c1']);
      expect(await h.scan(45, { lower: 'b', upper: 'd' })).toEqual(['b=b2', 'c=c1']);
      expect(await h.scan(45, { lower: 'b', upper: 'd', reverse: true })).toEqual(['c=c1', 'b=b2']);
      expect(await h.scan(45, { keyOnly: true, limit: 3 })).toEqual(['a', 'b', 'c']);
      expect(await h.scan(5)).toEqual([]);
    });

    it('meets a lock in the range with KeyIsLocked, forward and reverse', async () => {
      const h = await harness();
      await h.putCommitted({ a: '1', c: '1' }, 10, 20);
      await h.prewrite([put('b', 'new')], 'b', 30);
      await expect(h.scan(40)).rejects.toBeInstanceOf(KeyIsLocked);
      await expect(h.scan(40, { reverse: true })).rejects.toBeInstanceOf(KeyIsLocked);
      expect(await h.scan(25)).toEqual(['a=1', 'c=1']);
      expect(await h.scan(40, { upper: 'b' })).toEqual(['a=1']);
    });

    it('skips over keys with many versions correctly in both directions', async () => {
      const h = await harness();
      for (let i = 0; i < 30; i++) await h.putCommitted({ hot: `v${i}`, [`k${i % 3}`]: `x${i}` }, 100 + i * 10, 105 + i * 10);
      expect(await h.scan(106)).toEqual(['hot=v0', 'k0=x0']);
      expect(await h.scan(250)).toEqual(['hot=v14', 'k0=x12', 'k1=x13', 'k2=x14']);
      expect(await h.scan(250, { reverse: true })).toEqual(['k2=x14', 'k1=x13', 'k0=x12', 'hot=v14']);
      expect(await h.scan(10_000, { reverse: true, limit: 1 })).toEqual(['k2=x29']);
    });

    it('handles keys with 0x00 and 0xFF bytes and the empty key', async () => {
      const h = await harness();
      const keys = [Buffer.alloc(0), Buffer.of(0), Buffer.of(0, 0), Buffer.of(0xff), Buffer.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)];
      await h.store.prewrite(
        keys.map((key) => ({ op: 'put' as const, key, value: Buffer.from('v') })),
        { startTs: t(10), primary: keys[0] as Buffer, ttl: 100 },
      );
      await h.store.commit(keys, t(10), t(20));
      const got = await h.store.scan({ readTs: t(30), limit: 100 });
      expect(got.map((p) => Buffer.from(p.key).toString('hex'))).toEqual(keys.map((x) => x.toString('hex')));
      const rev = await h.store.scan({ readTs: t(30), limit: 100, reverse: true });
      expect(rev.map((p) => Buffer.from(p.key).toString('hex'))).toEqual(keys.map((x) => x.toString('hex')).reverse());
    });
  });

  describe('gc', () => {
    it('drops versions older than the safe point and keeps the newest visible one', async () => {
      const h = await harness();
      const big = 'B'.repeat(400);
      await h.putCommitted({ a: 'a1', b: big }, 10, 20);
      await h.putCommitted({ a: 'a2', b: big + '2' }, 30, 40);
      await h.putCommitted({ a: 'a3' }, 50, 60);
      await h.prewrite([del('b')], 'b', 70);
      await h.commit(['b'], 70, 80);
      await h.prewrite([lck('a')], 'a', 85);
      await h.commit(['a'], 85, 86);
      await h.store.rollback([k('a')], t(87));
      const stats = await h.store.gc(t(90));
      // a keeps a3 (newest put at or below 90); b's delete and everything under it go.
      expect(stats.keys).toBe(2);
      await h.mustGet('a', 90, 'a3');
      await h.mustGet('b', 90, undefined);
      expect(await h.count('write')).toBe(1);
      expect(await h.count('default')).toBe(0);
    });

    it('keeps versions above the safe point so readers there still see them', async () => {
      const h = await harness();
      await h.putCommitted({ a: 'a1' }, 10, 20);
      await h.putCommitted({ a: 'a2' }, 30, 40);
      await h.putCommitted({ a: 'a3' }, 50, 60);
      await h.store.gc(t(45));
      await h.mustGet('a', 45, 'a2');
      await h.mustGet('a', 60, 'a3');
      await h.mustGet('a', 25, undefined); // below the safe point history is gone, as promised
      expect(await h.count('write')).toBe(2);
    });

    it('does not touch locks', async () => {
      const h = await harness();
      await h.putCommitted({ a: 'a1' }, 10, 20);
      await h.prewrite([put('a', 'a2')], 'a', 30);
      await h.store.gc(t(100));
      expect(await h.count('lock')).toBe(1);
      await h.commit(['a'], 30, 40);
      await h.mustGet('a', 50, 'a2');
    });
  });

  it('reads at MAX_TS see the latest committed value', async () => {
    const h = await harness();
    await h.putCommitted({ a: 'v' }, 10, 20);
    await h.mustGet('a', MAX_TS, 'v');
  });
});
