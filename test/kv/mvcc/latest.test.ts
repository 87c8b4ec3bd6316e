// The latest family: each key's newest Put/Delete record kept beside the version history, so a
// point read whose snapshot is newer than that record is one synchronous engine get. Reads at
// older snapshots, deletes, rollbacks, locks and keys written before the family existed must all
// answer exactly what the version history says.
import { describe, expect, it } from 'vitest';
import { appendTs, decodeLatest, encodeKey, encodeLatest } from '../../../kv/mvcc/keys.js';
import { WriteBatch } from '../../../kv/storage/index.js';
import { encodeWrite } from '../../../kv/txn-types.js';
import { ENGINE_KINDS } from '../../helpers/engines.js';
import { del, k, MvccHarness, t } from '../../helpers/mvcc.js';

describe.each(ENGINE_KINDS)('latest data version on $name', (kind) => {
  it('answers reads at new snapshots from the latest record and older snapshots from the history', async () => {
    const h = new MvccHarness(await kind.open());
    await h.putCommitted({ a: 'v1' }, 10, 11);
    await h.putCommitted({ a: 'v2' }, 20, 21);
    const latest = await h.engine.get('latest', encodeKey(k('a')));
    expect(latest && decodeLatest(latest).commitTs).toBe(t(21));
    await h.mustGet('a', 30, 'v2');
    await h.mustGet('a', 21, 'v2');
    await h.mustGet('a', 20, 'v1'); // below the latest commit: the history answers
    await h.mustGet('a', 10, undefined);
    // a large value (not inline) is read from the default family either way
    const big = 'x'.repeat(300);
    await h.putCommitted({ a: big }, 40, 41);
    await h.mustGet('a', 50, big);
    await h.mustGet('a', 35, 'v2');
  });

  it('a committed delete is the latest version; a rollback and a lock-only write are not data', async () => {
    const h = new MvccHarness(await kind.open());
    await h.putCommitted({ b: 'v1' }, 10, 11);
    await h.prewrite([del('b')], 'b', 20);
    await h.commit(['b'], 20, 21);
    await h.mustGet('b', 30, undefined);
    await h.mustGet('b', 15, 'v1');
    // a rolled-back write leaves the latest alone
    await h.prewrite([{ op: 'put', key: k('b'), value: k('never') }], 'b', 40);
    await h.store.rollback([k('b')], t(40));
    await h.mustGet('b', 50, undefined);
    await h.putCommitted({ b: 'v3' }, 60, 61);
    await h.prewrite([{ op: 'lock', key: k('b') }], 'b', 70);
    await h.commit(['b'], 70, 71);
    await h.mustGet('b', 80, 'v3');
    expect(decodeLatest((await h.engine.get('latest', encodeKey(k('b'))))!).commitTs).toBe(t(61));
  });

  it('a commit older than the recorded latest does not replace it', async () => {
    const h = new MvccHarness(await kind.open());
    await h.prewrite([{ op: 'put', key: k('c'), value: k('old') }], 'c', 10);
    await h.putCommitted({ d: 'x' }, 12, 13);
    // a newer commit of c recorded by hand, then c's older lock committed late
    const b = new WriteBatch();
    b.put('write', appendTs(encodeKey(k('c')), t(30)), encodeWrite({ kind: 'put', startTs: t(25), shortValue: k('new') }));
    b.put('latest', encodeKey(k('c')), encodeLatest(t(30), { kind: 'put', startTs: t(25), shortValue: k('new') }));
    await h.engine.write(b);
    await h.commit(['c'], 10, 11);
    await h.mustGet('c', 40, 'new');
    await h.mustGet('c', 20, 'old');
  });

  it('keys last written before the family existed are read from the history', async () => {
    const h = new MvccHarness(await kind.open());
    const b = new WriteBatch();
    b.put('write', appendTs(encodeKey(k('e')), t(11)), encodeWrite({ kind: 'put', startTs: t(10), shortValue: k('legacy') }));
    await h.engine.write(b);
    await h.mustGet('e', 20, 'legacy');
    await h.putCommitted({ e: 'fresh' }, 30, 31);
    await h.mustGet('e', 40, 'fresh');
    await h.mustGet('e', 20, 'legacy');
  });
});
