// The raw store on both engines: last writer wins, TTL expiry, compare-and-swap, ranges.
import { describe, expect, it } from 'vitest';
import { RawStore } from '../../../kv/raw/index.js';
import { ENGINE_KINDS } from '../../helpers/engines.js';

const b = (s: string): Buffer => Buffer.from(s);
const s = (v: Uint8Array | undefined): string | undefined => (v === undefined ? undefined : Buffer.from(v).toString());

describe.each(ENGINE_KINDS)('raw store on $name', (kind) => {
  it('puts, gets, overwrites and deletes', async () => {
    const raw = new RawStore(await kind.open());
    await raw.put(b('a'), b('1'));
    await raw.put(b('a'), b('2'));
    expect(s(await raw.get(b('a')))).toBe('2');
    await raw.delete(b('a'));
    expect(await raw.get(b('a'))).toBeUndefined();
  });

  it('hides entries whose TTL has passed', async () => {
    let now = 1_000_000;
    const raw = new RawStore(await kind.open(), {}, () => now);
    await raw.put(b('t'), b('v'), 10);
    await raw.put(b('p'), b('v'));
    expect(s(await raw.get(b('t')))).toBe('v');
    now += 10_001;
    expect(await raw.get(b('t'))).toBeUndefined();
    expect((await raw.scan({ lower: b(''), upper: b(''), limit: 10 })).map((p) => s(p.key))).toEqual(['p']);
  });

  it('compare-and-swap succeeds only on the expected value and reports the previous one', async () => {
    const raw = new RawStore(await kind.open());
    expect(await raw.compareAndSwap(b('c'), undefined, b('1'))).toEqual({ succeed: true, previous: undefined });
    const miss = await raw.compareAndSwap(b('c'), undefined, b('x'));
    expect(miss.succeed).toBe(false);
    expect(s(miss.previous)).toBe('1');
    expect((await raw.compareAndSwap(b('c'), b('1'), b('2'))).succeed).toBe(true);
    expect(s(await raw.get(b('c')))).toBe('2');
  });

  it('serializes concurrent compare-and-swap increments: none is lost', async () => {
    const raw = new RawStore(await kind.open());
    await raw.put(b('n'), b('0'));
    const incr = async (): Promise<void> => {
      for (;;) {
        const cur = await raw.get(b('n'));
        const r = await raw.compareAndSwap(b('n'), cur, b(String(Number(s(cur)) + 1)));
        if (r.succeed) return;
      }
    };
    await Promise.all(Array.from({ length: 50 }, incr));
    expect(s(await raw.get(b('n')))).toBe('50');
  });

  it('scans forward and reverse with limit and key-only, and deletes a range', async () => {
    const raw = new RawStore(await kind.open());
    await raw.batchPut(['a', 'b', 'c', 'd', 'e'].map((k) => ({ key: b(k), value: b(k.toUpperCase()) })));
    expect((await raw.scan({ lower: b('b'), upper: b('e'), limit: 10 })).map((p) => `${s(p.key)}=${s(p.value)}`)).toEqual(['b=B', 'c=C', 'd=D']);
    expect((await raw.scan({ lower: b(''), upper: b(''), limit: 2, reverse: true, keyOnly: true })).map((p) => `${s(p.key)}=${s(p.value)}`)).toEqual(['e=', 'd=']);
    expect(await raw.deleteRange(b('b'), b('d'))).toBe(2);
    expect((await raw.scan({ lower: b(''), upper: b(''), limit: 10 })).map((p) => s(p.key))).toEqual(['a', 'd', 'e']);
  });
});
