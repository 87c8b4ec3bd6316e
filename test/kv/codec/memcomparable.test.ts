// Property tests of the memcomparable codec: round trips, and byte order = value order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CodecError,
  decodeBytes,
  decodeBytesDesc,
  decodeFloat64,
  decodeFloat64Desc,
  decodeInt64,
  decodeInt64Desc,
  decodeTuple,
  decodeUint64,
  decodeUint64Desc,
  encodeBytes,
  encodeBytesDesc,
  encodeFloat64,
  encodeFloat64Desc,
  encodeInt64,
  encodeInt64Desc,
  encodeTuple,
  encodeUint64,
  encodeUint64Desc,
  type KeyDatum,
} from '../../../kv/codec/index.js';
import { compareBytes } from '../../../util/bytes.js';

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
const cmpBig = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);
const cmpNum = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

// Byte strings biased towards the interesting bytes and lengths around the 8-byte group size.
const bytesArb = fc.oneof(
  fc.uint8Array({ maxLength: 40 }),
  fc.array(fc.constantFrom(0x00, 0xff, 0x01, 0xfe, 0xf7), { maxLength: 20 }).map((a) => Uint8Array.from(a)),
);
const int64Arb = fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.constantFrom(-(2n ** 63n), -1n, 0n, 1n, 2n ** 63n - 1n));
const uint64Arb = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(0n, 1n, 2n ** 63n, 2n ** 64n - 1n));
const floatArb = fc.oneof(
  fc.double({ noNaN: true }),
  fc.constantFrom(0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE),
);

describe('memcomparable bytes', () => {
  it('round-trips any byte string, including empty and 0x00/0xFF-laden ones', () => {
    fc.assert(
      fc.property(bytesArb, (b) => {
        const enc = encodeBytes(b);
        const dec = decodeBytes(enc);
        expect(Buffer.from(dec.value).equals(Buffer.from(b))).toBe(true);
        expect(dec.next).toBe(enc.length);
        expect(Buffer.from(decodeBytesDesc(encodeBytesDesc(b)).value).equals(Buffer.from(b))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('orders encodings exactly as the raw strings, ascending and descending', () => {
    fc.assert(
      fc.property(bytesArb, bytesArb, (a, b) => {
        const raw = sign(compareBytes(a, b));
        expect(sign(compareBytes(encodeBytes(a), encodeBytes(b)))).toBe(raw);
        expect(sign(compareBytes(encodeBytesDesc(a), encodeBytesDesc(b)))).toBe(-raw || 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('stays ordered when a suffix follows the encoding (prefix-free)', () => {
    fc.assert(
      fc.property(bytesArb, bytesArb, fc.uint8Array({ maxLength: 9 }), fc.uint8Array({ maxLength: 9 }), (a, b, sa, sb) => {
        fc.pre(compareBytes(a, b) !== 0);
        const ea = Buffer.concat([encodeBytes(a), sa]);
        const eb = Buffer.concat([encodeBytes(b), sb]);
        expect(sign(compareBytes(ea, eb))).toBe(sign(compareBytes(a, b)));
      }),
    );
  });

  it('has the documented layout for the group boundary', () => {
    expect(encodeBytes(new Uint8Array(0)).toString('hex')).toBe('0000000000000000f7');
    expect(encodeBytes(Buffer.from('abc')).toString('hex')).toBe('6162630000000000fa');
    expect(encodeBytes(Buffer.from('abcdefgh')).toString('hex')).toBe('6162636465666768ff0000000000000000f7');
  });

  it('rejects truncated input and bad markers with CodecError', () => {
    const enc = encodeBytes(Buffer.from('hello world'));
    expect(() => decodeBytes(enc.subarray(0, enc.length - 1))).toThrow(CodecError);
    const bad = Buffer.from(enc);
    bad[8] = 0x10;
    expect(() => decodeBytes(bad)).toThrow(CodecError);
    const badPad = Buffer.from(encodeBytes(Buffer.from('abc')));
    badPad[5] = 1;
    expect(() => decodeBytes(badPad)).toThrow(CodecError);
  });
});

describe('memcomparable numbers', () => {
  it('int64 round-trips and orders, negatives included', () => {
    fc.assert(
      fc.property(int64Arb, int64Arb, (a, b) => {
        expect(decodeInt64(encodeInt64(a))).toBe(a);
        expect(decodeInt64Desc(encodeInt64Desc(a))).toBe(a);
        expect(sign(compareBytes(encodeInt64(a), encodeInt64(b)))).toBe(cmpBig(a, b));
        expect(sign(compareBytes(encodeInt64Desc(a), encodeInt64Desc(b)))).toBe(-cmpBig(a, b) || 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('uint64 round-trips and orders over the full 64-bit range', () => {
    fc.assert(
      fc.property(uint64Arb, uint64Arb, (a, b) => {
        expect(decodeUint64(encodeUint64(a))).toBe(a);
        expect(decodeUint64Desc(encodeUint64Desc(a))).toBe(a);
        expect(sign(compareBytes(encodeUint64(a), encodeUint64(b)))).toBe(cmpBig(a, b));
        expect(sign(compareBytes(encodeUint64Desc(a), encodeUint64Desc(b)))).toBe(-cmpBig(a, b) || 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('float64 round-trips and orders; -0 and +0 share one encoding', () => {
    fc.assert(
      fc.property(floatArb, floatArb, (a, b) => {
        const da = decodeFloat64(encodeFloat64(a));
        expect(da === a).toBe(true); // -0 decodes as +0, which === -0
        expect(decodeFloat64Desc(encodeFloat64Desc(a)) === a).toBe(true);
        expect(sign(compareBytes(encodeFloat64(a), encodeFloat64(b)))).toBe(cmpNum(a, b));
        expect(sign(compareBytes(encodeFloat64Desc(a), encodeFloat64Desc(b)))).toBe(-cmpNum(a, b) || 0);
      }),
      { numRuns: 3000 },
    );
    expect(encodeFloat64(-0).equals(encodeFloat64(0))).toBe(true);
    expect(Object.is(decodeFloat64(encodeFloat64(-0)), 0)).toBe(true);
  });

  it('rejects NaN and out-of-range integers instead of storing an unordered key', () => {
    expect(() => encodeFloat64(NaN)).toThrow(CodecError);
    expect(() => encodeInt64(2n ** 63n)).toThrow(CodecError);
    expect(() => encodeUint64(-1n)).toThrow(CodecError);
    expect(() => decodeUint64(Buffer.alloc(7))).toThrow(CodecError);
  });
});

describe('key tuples', () => {
  const datumArb: fc.Arbitrary<KeyDatum> = fc.oneof(
    fc.constant<KeyDatum>({ kind: 'null' }),
    bytesArb.map((value): KeyDatum => ({ kind: 'bytes', value })),
    int64Arb.map((value): KeyDatum => ({ kind: 'int', value })),
    uint64Arb.map((value): KeyDatum => ({ kind: 'uint', value })),
    floatArb.map((value): KeyDatum => ({ kind: 'float', value: value === 0 ? 0 : value })),
  );
  const rank = { null: 0, bytes: 1, int: 3, uint: 4, float: 5, max: 250 } as const;
  const cmpDatum = (a: KeyDatum, b: KeyDatum): number => {
    if (a.kind !== b.kind) return cmpNum(rank[a.kind], rank[b.kind]);
    switch (a.kind) {
      case 'bytes':
        return sign(compareBytes(a.value, (b as typeof a).value));
      case 'int':
      case 'uint':
        return cmpBig(a.value, (b as typeof a).value);
      case 'float':
        return cmpNum(a.value, (b as typeof a).value);
      default:
        return 0;
    }
  };
  const cmpTuple = (a: KeyDatum[], b: KeyDatum[]): number => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = cmpDatum(a[i] as KeyDatum, b[i] as KeyDatum);
      if (c !== 0) return c;
    }
    return cmpNum(a.length, b.length);
  };

  it('round-trips tuples of mixed kinds', () => {
    fc.assert(
      fc.property(fc.array(datumArb, { maxLength: 5 }), (t) => {
        expect(decodeTuple(encodeTuple(t))).toEqual(t.map((d) => (d.kind === 'bytes' ? { kind: 'bytes', value: Buffer.from(d.value) } : d)));
      }),
    );
  });

  it('orders tuples lexicographically by component, NULL first', () => {
    fc.assert(
      fc.property(fc.array(datumArb, { maxLength: 4 }), fc.array(datumArb, { maxLength: 4 }), (a, b) => {
        expect(sign(compareBytes(encodeTuple(a), encodeTuple(b)))).toBe(cmpTuple(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  it('a MAX datum bounds every tuple with the same prefix', () => {
    fc.assert(
      fc.property(datumArb, fc.array(datumArb, { maxLength: 3 }), (first, rest) => {
        const key = encodeTuple([first, ...rest]);
        const bound = encodeTuple([first, { kind: 'max' }]);
        expect(compareBytes(key, bound)).toBeLessThan(0);
      }),
    );
  });
});
