// The transaction write buffer and its merge with snapshot scans: own writes win, deletes hide,
// lock-only entries are invisible to reads, both directions, lazily.
import { describe, expect, it } from 'vitest';
import { mergeWithBuffer } from '../../../kv/client/merge-iterator.js';
import { WriteBuffer } from '../../../kv/client/write-buffer.js';
import { AlreadyExist } from '../../../kv/mvcc/errors.js';
import type { KvPair } from '../../../kv/txn-types.js';

const b = (s: string): Buffer => Buffer.from(s);
const str = (p: KvPair): string => `${Buffer.from(p.key).toString()}=${Buffer.from(p.value).toString()}`;

async function* snapshotOf(pairs: [string, string][], reverse = false, pulled?: string[]): AsyncGenerator<KvPair> {
  const sorted = [...pairs].sort(([a], [c]) => Buffer.compare(b(a), b(c)));
  if (reverse) sorted.reverse();
  for (const [k, v] of sorted) {
    pulled?.push(k);
    yield { key: b(k), value: b(v) };
  }
}

async function collect(it: AsyncIterable<KvPair>, limit = Infinity): Promise<string[]> {
  const out: string[] = [];
  for await (const p of it) {
    out.push(str(p));
    if (out.length >= limit) break;
  }
  return out;
}

describe('WriteBuffer', () => {
  it('reads back values and deletes; lock-only keys read through', () => {
    const w = new WriteBuffer();
    w.set(b('a'), b('1'));
    w.delete(b('b'));
    w.lock(b('c'));
    expect(w.lookup(b('a'))).toEqual({ kind: 'value', value: b('1') });
    expect(w.lookup(b('b'))).toEqual({ kind: 'deleted' });
    expect(w.lookup(b('c'))).toBeUndefined();
    expect(w.lookup(b('d'))).toBeUndefined();
    expect(w.size).toBe(3);
  });

  it('combines operations on one key as the table in its header says', () => {
    const w = new WriteBuffer();
    w.insert(b('i'), b('1'));
    w.set(b('i'), b('2')); // insert stays insert, with the new value
    w.delete(b('d'));
    w.insert(b('d'), b('3')); // insert after delete: a plain put
    w.set(b('l'), b('4'));
    w.lock(b('l')); // lock after a write: the write stays
    w.lock(b('x'));
    w.set(b('x'), b('5')); // write after lock: a put
    w.set(b('z'), b('6'));
    w.delete(b('z'));
    expect(w.mutations().map((m) => `${m.key.toString()}:${m.op}:${m.value?.toString() ?? ''}`)).toEqual(['d:put:3', 'i:insert:2', 'l:put:4', 'x:put:5', 'z:delete:']);
  });

  it('insert of a key the txn already wrote throws AlreadyExist at once', () => {
    const w = new WriteBuffer();
    w.set(b('k'), b('v'));
    expect(() => w.insert(b('k'), b('w'))).toThrow(AlreadyExist);
    w.insert(b('n'), b('v'));
    expect(() => w.insert(b('n'), b('w'))).toThrow(AlreadyExist);
  });

  it('keeps its own copy of keys and values', () => {
    const w = new WriteBuffer();
    const k = b('key');
    const v = b('val');
    w.set(k, v);
    k[0] = 0x7a;
    v[0] = 0x7a;
    expect(w.lookup(b('key'))).toEqual({ kind: 'value', value: b('val') });
  });

  it('iterates [start, end) in both directions, skipping lock-only entries', () => {
    const w = new WriteBuffer();
    for (const k of ['a', 'b', 'c', 'd', 'e']) w.set(b(k), b(k));
    w.lock(b('c'));
    w.lock(b('bb'));
    const keys = (it: Iterable<{ key: Buffer }>): string[] => [...it].map((e) => e.key.toString());
    expect(keys(w.entries(b('b'), b('e')))).toEqual(['b', 'c', 'd']);
    expect(keys(w.entries(b('b'), b('e'), true))).toEqual(['d', 'c', 'b']);
    expect(keys(w.entries(b(''), undefined, true))).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(keys(w.entries(b('bb'), b('c')))).toEqual([]);
  });
});

describe('WriteBuffer savepoints', () => {
  const dump = (w: WriteBuffer): string[] => w.mutations().map((e) => `${e.key.toString()}:${e.op}${e.value ? '=' + e.value.toString() : ''}`);

  it('restoring a savepoint forgets every write since and keeps those before; it can be restored again', () => {
    const w = new WriteBuffer();
    w.set(b('a'), b('1'));
    w.insert(b('b'), b('2'));
    const sp = w.savepoint();
    w.set(b('a'), b('changed'));
    w.delete(b('b'));
    w.set(b('c'), b('3'));
    w.lock(b('d'));
    expect(dump(w)).toEqual(['a:put=changed', 'b:delete', 'c:put=3', 'd:lock']);
    w.restore(sp);
    expect(dump(w)).toEqual(['a:put=1', 'b:insert=2']);
    expect(w.lookup(b('c'))).toBeUndefined();
    w.set(b('e'), b('5'));
    w.restore(sp);
    expect(dump(w)).toEqual(['a:put=1', 'b:insert=2']);
    expect(sp.size).toBe(2);
  });

  it('a savepoint of a large buffer is unaffected by writes after it (copy-on-write)', () => {
    const w = new WriteBuffer();
    for (let i = 0; i < 5000; i++) w.set(b(`k${String(i).padStart(5, '0')}`), b('old'));
    const sp = w.savepoint();
    for (let i = 0; i < 5000; i += 7) w.set(b(`k${String(i).padStart(5, '0')}`), b('new'));
    w.delete(b('k00001'));
    w.restore(sp);
    expect(w.size).toBe(5000);
    expect(w.mutations().every((e) => e.value?.toString() === 'old')).toBe(true);
  });

  it('refuses something that is not one of its savepoints', () => {
    expect(() => new WriteBuffer().restore({ size: 0 })).toThrow(TypeError);
  });
});

describe('mergeWithBuffer', () => {
  const snapshot: [string, string][] = [
    ['a', 'snap'],
    ['c', 'snap'],
    ['e', 'snap'],
    ['g', 'snap'],
  ];

  function buffer(): WriteBuffer {
    const w = new WriteBuffer();
    w.set(b('b'), b('own')); // new key between snapshot keys
    w.set(b('c'), b('own')); // overwrites a snapshot key
    w.delete(b('e')); // hides a snapshot key
    w.delete(b('f')); // deletes a key the snapshot does not have
    w.lock(b('g')); // lock only: the snapshot value shows
    w.set(b('h'), b('own')); // after the snapshot's last key
    return w;
  }

  it('forward: own writes win, deletes hide, locks are invisible', async () => {
    const w = buffer();
    expect(await collect(mergeWithBuffer(snapshotOf(snapshot), w.entries(b(''), undefined), false))).toEqual(['a=snap', 'b=own', 'c=own', 'g=snap', 'h=own']);
  });

  it('reverse gives the same pairs in descending order', async () => {
    const w = buffer();
    expect(await collect(mergeWithBuffer(snapshotOf(snapshot, true), w.entries(b(''), undefined, true), true))).toEqual([
      'h=own',
      'g=snap',
      'c=own',
      'b=own',
      'a=snap',
    ]);
  });

  it('either side may be empty', async () => {
    const w = new WriteBuffer();
    expect(await collect(mergeWithBuffer(snapshotOf(snapshot), w.entries(b(''), undefined), false))).toHaveLength(4);
    expect(await collect(mergeWithBuffer(snapshotOf([]), buffer().entries(b(''), undefined), false))).toEqual(['b=own', 'c=own', 'h=own']);
  });

  it('pulls no more from the snapshot than the consumer takes (plus one)', async () => {
    const pulled: string[] = [];
    const many: [string, string][] = Array.from({ length: 100 }, (_, i) => [`k${String(i).padStart(3, '0')}`, 'v']);
    const out = await collect(mergeWithBuffer(snapshotOf(many, false, pulled), new WriteBuffer().entries(b(''), undefined), false), 3);
    expect(out).toHaveLength(3);
    expect(pulled.length).toBeLessThanOrEqual(4);
  });

  it('matches a model on random inputs', async () => {
    let seed = 42;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 50; round++) {
      const model = new Map<string, string>();
      const snap: [string, string][] = [];
      for (let i = 0; i < 20; i++) {
        const k = `k${rand(30)}`;
        if (!model.has(k)) {
          model.set(k, `s${i}`);
          snap.push([k, `s${i}`]);
        }
      }
      const w = new WriteBuffer();
      for (let i = 0; i < 15; i++) {
        const k = `k${rand(30)}`;
        const op = rand(3);
        if (op === 0) {
          w.set(b(k), b(`w${i}`));
          model.set(k, `w${i}`);
        } else if (op === 1) {
          w.delete(b(k));
          model.delete(k);
        } else w.lock(b(k));
      }
      const expected = [...model.entries()].sort(([a], [c]) => Buffer.compare(b(a), b(c))).map(([k, v]) => `${k}=${v}`);
      expect(await collect(mergeWithBuffer(snapshotOf(snap), w.entries(b(''), undefined), false))).toEqual(expected);
      expect(await collect(mergeWithBuffer(snapshotOf(snap, true), w.entries(b(''), undefined, true), true))).toEqual([...expected].reverse());
    }
  });
});
