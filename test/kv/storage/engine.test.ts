// The engine contract, run against both implementations: families, atomic batches, ordered
// iteration both ways, seeks, snapshots; plus LevelDB's durability across reopen.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collect, LevelDbEngine, WriteBatch, type ColumnFamily } from '../../../kv/storage/index.js';
import { CodecError } from '../../../kv/codec/index.js';
import { ENGINE_KINDS } from '../../helpers/engines.js';
import { tempDir } from '../../helpers/temp-dir.js';

const b = (s: string): Buffer => Buffer.from(s);
const str = (u: Uint8Array | undefined): string | undefined => (u === undefined ? undefined : Buffer.from(u).toString());
const keys = (pairs: { key: Uint8Array }[]): string[] => pairs.map((p) => Buffer.from(p.key).toString());

describe.each(ENGINE_KINDS)('$name engine', (kind) => {
  it('keeps column families apart: the same key in two families holds two values', async () => {
    const e = await kind.open();
    await e.write(new WriteBatch().put('default', b('k'), b('d')).put('lock', b('k'), b('l')).put('write', b('k'), b('w')));
    expect(str(await e.get('default', b('k')))).toBe('d');
    expect(str(await e.get('lock', b('k')))).toBe('l');
    expect(str(await e.get('write', b('k')))).toBe('w');
    expect(await e.get('raft', b('k'))).toBeUndefined();
    expect(keys(await collect(e.iterator('lock')))).toEqual(['k']);
  });

  it('applies a batch across families atomically, later ops winning within the batch', async () => {
    const e = await kind.open();
    const batch = new WriteBatch().put('default', b('a'), b('1')).put('write', b('a'), b('x')).delete('default', b('a')).put('default', b('a'), b('2'));
    await e.write(batch, { sync: true });
    expect(str(await e.get('default', b('a')))).toBe('2');
    expect(str(await e.get('write', b('a')))).toBe('x');
    await e.write(new WriteBatch().delete('write', b('a')));
    expect(await e.get('write', b('a'))).toBeUndefined();
  });

  it('iterates a range forward and in reverse with an exclusive upper bound', async () => {
    const e = await kind.open();
    const batch = new WriteBatch();
    for (const k of ['a', 'b', 'c', 'd', 'e']) batch.put('write', b(k), b(k.toUpperCase()));
    batch.put('default', b('c2'), b('other family'));
    await e.write(batch);
    expect(keys(await collect(e.iterator('write', { lower: b('b'), upper: b('e') })))).toEqual(['b', 'c', 'd']);
    expect(keys(await collect(e.iterator('write', { lower: b('b'), upper: b('e'), reverse: true })))).toEqual(['d', 'c', 'b']);
    expect(keys(await collect(e.iterator('write', { reverse: true })))).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(keys(await collect(e.iterator('write', { lower: b('zz') })))).toEqual([]);
  });

  it('seeks forward to the first key >= target and in reverse to the last key <= target', async () => {
    const e = await kind.open();
    const batch = new WriteBatch();
    for (const k of ['a', 'c', 'e', 'g']) batch.put('write', b(k), b(k));
    await e.write(batch);
    const fwd = e.iterator('write', { upper: b('g') });
    fwd.seek(b('b'));
    expect(str((await fwd.next())?.key)).toBe('c');
    fwd.seek(b('e'));
    expect(str((await fwd.next())?.key)).toBe('e');
    expect(str((await fwd.next())?.key)).toBeUndefined();
    await fwd.close();
    const rev = e.iterator('write', { lower: b('b'), reverse: true });
    rev.seek(b('d'));
    expect(str((await rev.next())?.key)).toBe('c');
    expect(str((await rev.next())?.key)).toBeUndefined();
    rev.seek(b('z'));
    expect(str((await rev.next())?.key)).toBe('g');
    await rev.close();
  });

  it('a snapshot does not see writes made after it was taken', async () => {
    const e = await kind.open();
    await e.write(new WriteBatch().put('default', b('k'), b('old')).put('default', b('gone'), b('x')));
    const snap = e.snapshot();
    await e.write(new WriteBatch().put('default', b('k'), b('new')).delete('default', b('gone')).put('default', b('added'), b('y')));
    expect(str(await snap.get('default', b('k')))).toBe('old');
    expect(keys(await collect(snap.iterator('default')))).toEqual(['gone', 'k']);
    expect(keys(await collect(e.iterator('default')))).toEqual(['added', 'k']);
    await snap.release();
  });

  it('an open iterator is not disturbed by concurrent writes', async () => {
    const e = await kind.open();
    const batch = new WriteBatch();
    for (let i = 0; i < 100; i++) batch.put('default', b(`k${String(i).padStart(3, '0')}`), b('v'));
    await e.write(batch);
    const it = e.iterator('default');
    const seen: string[] = [];
    for (let i = 0; i < 100; i++) {
      const kv = await it.next();
      if (!kv) break;
      seen.push(str(kv.key) as string);
      if (i === 10) await e.write(new WriteBatch().delete('default', b('k050')).put('default', b('k0505'), b('v')));
    }
    await it.close();
    expect(seen).toContain('k050');
    expect(seen).not.toContain('k0505');
    expect(seen.length).toBe(100);
  });

  it('matches a sorted-map model under random batches, scans and snapshots', async () => {
    const e = await kind.open();
    const model = new Map<string, string>();
    const cfs: ColumnFamily[] = ['default', 'write'];
    const hex = (s: Uint8Array): string => Buffer.from(s).toString('hex');
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...cfs), fc.uint8Array({ minLength: 0, maxLength: 3 }), fc.option(fc.uint8Array({ maxLength: 4 }))), { maxLength: 20 }),
        fc.uint8Array({ maxLength: 2 }),
        fc.uint8Array({ maxLength: 2 }),
        fc.boolean(),
        async (ops, lo, hi, reverse) => {
          const batch = new WriteBatch();
          for (const [cf, key, value] of ops) {
            if (value === null) {
              batch.delete(cf, key);
              model.delete(`${cf}/${hex(key)}`);
            } else {
              batch.put(cf, key, value);
              model.set(`${cf}/${hex(key)}`, hex(value));
            }
          }
          await e.write(batch);
          for (const cf of cfs) {
            const got = (await collect(e.iterator(cf, { lower: lo, upper: hi, reverse }))).map((p) => `${hex(p.key)}=${hex(p.value)}`);
            const want = [...model.entries()]
              .filter(([k]) => k.startsWith(`${cf}/`))
              .map(([k, v]) => [Buffer.from(k.slice(cf.length + 1), 'hex'), v] as const)
              .filter(([k]) => Buffer.compare(k, lo) >= 0 && Buffer.compare(k, hi) < 0)
              .sort(([x], [y]) => Buffer.compare(x, y) * (reverse ? -1 : 1))
              .map(([k, v]) => `${k.toString('hex')}=${v}`);
            expect(got).toEqual(want);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('estimates the size of a range', async () => {
    const e = await kind.open();
    const batch = new WriteBatch();
    for (let i = 0; i < 1000; i++) batch.put('default', b(`key${i}`), Buffer.alloc(100, 1));
    await e.write(batch);
    expect(await e.approximateSize('default')).toBeGreaterThanOrEqual(0);
    expect(await e.approximateSize('lock')).toBe(0);
  });
});

describe('LevelDB engine durability', () => {
  it('keeps everything across close and reopen', async () => {
    const dir = tempDir();
    let e = await LevelDbEngine.open(dir);
    const batch = new WriteBatch();
    for (let i = 0; i < 500; i++) batch.put('write', b(`k${i}`), b(`v${i}`));
    await e.write(batch, { sync: true });
    await e.write(new WriteBatch().delete('write', b('k7')).put('raft', b('hs'), b('term=3')));
    await e.close();
    e = await LevelDbEngine.open(dir);
    expect(str(await e.get('write', b('k499')))).toBe('v499');
    expect(await e.get('write', b('k7'))).toBeUndefined();
    expect(str(await e.get('raft', b('hs')))).toBe('term=3');
    expect((await collect(e.iterator('write'))).length).toBe(499);
    await e.close();
  });
});

describe('write batch encoding', () => {
  it('round-trips through bytes (as a raft entry carries it)', () => {
    const batch = new WriteBatch().put('default', b('a'), b('1')).delete('lock', b('b')).put('raft', Buffer.alloc(0), Buffer.alloc(300, 7));
    const back = WriteBatch.decode(batch.encode());
    expect(back.ops).toEqual(batch.ops.map((op) => ({ ...op, key: Buffer.from(op.key), ...(op.type === 'put' ? { value: Buffer.from(op.value) } : {}) })));
  });

  it('rejects garbage with CodecError', () => {
    expect(() => WriteBatch.decode(Buffer.from([1, 1, 0x99, 0]))).toThrow(CodecError);
    expect(() => WriteBatch.decode(Buffer.from([2, 1]))).toThrow(CodecError);
  });
});
