// Index key datums: byte order of encoded values equals SQL order (sql/types' comparisons), for
// every indexable type; equal values share a key; decoding gives the value back.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DateTime,
  Decimal,
  Duration,
  JsonValue,
  T,
  compareStrings,
  type SqlType,
  type Value,
} from '../../../sql/types/index.js';
import {
  BadValueError,
  CorruptDataError,
  NotIndexableError,
  decodeDecimalKey,
  decodeKeyDatum,
  encodeDecimalKey,
  encodeKeyDatum,
  isIndexKeyExact,
} from '../../../sql/codec/index.js';

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
const cmpBytes = (a: Uint8Array, b: Uint8Array): number => sign(Buffer.compare(a, b));
const cmpBig = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

function key(v: Value, t: SqlType): Buffer {
  return encodeKeyDatum(v, t, 'c');
}

function roundTrip(v: Value, t: SqlType): Value {
  const k = key(v, t);
  const { value, next } = decodeKeyDatum(k, 0, t);
  expect(next).toBe(k.length);
  return value;
}

/** Order property: for two values, key order equals the given comparison. */
function ordersLike<V extends Value>(arb: fc.Arbitrary<V>, t: SqlType, cmp: (a: V, b: V) => number, numRuns = 300): void {
  fc.assert(
    fc.property(arb, arb, (a, b) => {
      expect(cmpBytes(key(a, t), key(b, t))).toBe(sign(cmp(a, b)));
    }),
    { numRuns },
  );
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

describe('integers', () => {
  it('signed BIGINT: key order is numeric order over the full range, NULL first', () => {
    const t = T.bigint();
    ordersLike(fc.bigInt({ min: I64_MIN, max: I64_MAX }), t, cmpBig);
    for (const v of [I64_MIN, -1n, 0n, 1n, I64_MAX]) {
      expect(cmpBytes(key(null, t), key(v, t))).toBe(-1);
      expect(roundTrip(v, t)).toBe(v);
    }
  });

  it('BIGINT UNSIGNED orders 2^63 above 2^63-1 and round-trips 2^64-1', () => {
    const t = T.bigint({ unsigned: true });
    ordersLike(fc.bigInt({ min: 0n, max: U64_MAX }), t, cmpBig);
    expect(cmpBytes(key(2n ** 63n, t), key(2n ** 63n - 1n, t))).toBe(1);
    expect(roundTrip(U64_MAX, t)).toBe(U64_MAX);
    expect(roundTrip(0n, t)).toBe(0n);
  });

  it('values outside the type are refused, not wrapped', () => {
    expect(() => key(-1n, T.bigint({ unsigned: true }))).toThrow(BadValueError);
    expect(() => key(2n ** 63n, T.bigint())).toThrow(BadValueError);
    expect(() => key('1', T.int())).toThrow(BadValueError);
  });

  it('YEAR, BIT, ENUM (by index) and SET (by mask) round-trip and order', () => {
    expect(roundTrip(2024n, T.year())).toBe(2024n);
    expect(roundTrip(5n, T.bit(8))).toBe(5n);
    const e = T.enum(['z', 'a', 'm']);
    expect(roundTrip('a', e)).toBe('a');
    expect(roundTrip('', e)).toBe('');
    // ENUM orders by index: 'z' (1) < 'a' (2) < 'm' (3), as MySQL sorts ENUMs.
    expect(cmpBytes(key('z', e), key('a', e))).toBe(-1);
    expect(cmpBytes(key('a', e), key('m', e))).toBe(-1);
    expect(() => key('nope', e)).toThrow(BadValueError);
    const s = T.set(['x', 'y', 'z']);
    expect(roundTrip('x,z', s)).toBe('x,z');
    expect(cmpBytes(key('y', s), key('x,y', s))).toBe(-1);
  });
});

describe('floating point', () => {
  it('DOUBLE: key order is numeric order; -0 and +0 share a key; NaN is refused', () => {
    const t = T.double();
    ordersLike(fc.double({ noNaN: true }), t, (a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(key(-0, t)).toEqual(key(0, t));
    for (const v of [-Infinity, -1.5, Number.MIN_VALUE, 1e308, Infinity]) expect(roundTrip(v, t)).toBe(v);
    expect(() => key(NaN, t)).toThrow();
  });

  it('FLOAT round-trips', () => {
    expect(roundTrip(Math.fround(3.14), T.float())).toBe(Math.fround(3.14));
  });
});

const decimalArb = fc
  .record({ coef: fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), scale: fc.integer({ min: 0, max: 30 }) })
  .map(({ coef, scale }) => Decimal.of(coef, scale));

describe('DECIMAL', () => {
  it('key order is numeric order for random precision and scale, incl. negatives and zero', () => {
    ordersLike(decimalArb, T.decimal(65, 30), (a, b) => a.compare(b), 1000);
    const small = fc.record({ coef: fc.integer({ min: -2000, max: 2000 }), scale: fc.integer({ min: 0, max: 4 }) }).map(({ coef, scale }) => Decimal.of(BigInt(coef), scale));
    ordersLike(small, T.decimal(65, 30), (a, b) => a.compare(b), 1000);
  });

  it('equal values of different scales share one key (1.0 = 1.00 = 1)', () => {
    const t = T.decimal(10, 2);
    expect(key(Decimal.fromString('1.0'), t)).toEqual(key(Decimal.fromString('1.00'), t));
    expect(key(Decimal.fromString('1'), t)).toEqual(key(Decimal.fromString('1.000'), t));
    expect(key(Decimal.fromString('-0.50'), t)).toEqual(key(Decimal.fromString('-0.5'), t));
    expect(key(Decimal.fromString('0.00'), t)).toEqual(key(Decimal.ZERO, t));
    fc.assert(
      fc.property(decimalArb, fc.integer({ min: 0, max: 10 }), (d, extra) => {
        expect(encodeDecimalKey(d.rescale(d.scale + extra))).toEqual(encodeDecimalKey(d));
      }),
    );
  });

  it('golden bytes: sign, biased exponent, digit pairs, terminator', () => {
    const hex = (d: string): string => encodeDecimalKey(Decimal.fromString(d)).toString('hex');
    expect(hex('1.50')).toBe('0280011000');
    expect(hex('-1.5')).toBe('007ffeefff');
    expect(hex('0.000')).toBe('01');
    expect(hex('100')).toBe('0280030b00');
    expect(hex('0.07')).toBe('027fff4700');
  });

  it('decoding gives the value, rescaled to the column scale', () => {
    const t = T.decimal(10, 2);
    const v = roundTrip(Decimal.fromString('1.5'), t);
    expect(v).toBeInstanceOf(Decimal);
    expect((v as Decimal).toString()).toBe('1.50');
    expect((roundTrip(Decimal.fromString('-1200.05'), t) as Decimal).toString()).toBe('-1200.05');
    fc.assert(
      fc.property(decimalArb, (d) => {
        const { value, next } = decodeDecimalKey(encodeDecimalKey(d));
        expect(value.compare(d)).toBe(0);
        expect(next).toBe(encodeDecimalKey(d).length);
      }),
    );
  });

  it('the 65-digit extremes order and round-trip', () => {
    const t = T.decimal(65, 30);
    const max = Decimal.maxOf(65, 30);
    const min = max.neg();
    expect(cmpBytes(key(min, t), key(Decimal.ZERO, t))).toBe(-1);
    expect(cmpBytes(key(Decimal.ZERO, t), key(max, t))).toBe(-1);
    expect((roundTrip(max, t) as Decimal).equals(max)).toBe(true);
    expect((roundTrip(min, t) as Decimal).equals(min)).toBe(true);
  });
});

const textArb = fc.string({ unit: fc.constantFrom('a', 'A', 'b', 'B', ' ', '\t', 'é', 'É', 'z', '~', '\u0000', '😀', 'ß', 's'), maxLength: 8 });

describe('strings', () => {
  for (const collation of ['utf8mb4_bin', 'binary', 'utf8mb4_general_ci', 'utf8mb4_unicode_ci', 'utf8mb4_0900_ai_ci', 'utf8mb4_0900_bin']) {
    it(`${collation}: key order is compareStrings order (incl. PAD SPACE vs control chars)`, () => {
      const t = T.varchar(100, { collation });
      ordersLike(textArb, t, (a, b) => compareStrings(a, b, collation), 1500);
      ordersLike(fc.string({ unit: 'grapheme', maxLength: 10 }), t, (a, b) => compareStrings(a, b, collation), 300);
    });
  }

  it("case-insensitive collations give 'a' and 'A' one key; binary ones do not", () => {
    const ci = T.varchar(10, { collation: 'utf8mb4_general_ci' });
    expect(key('a', ci)).toEqual(key('A', ci));
    expect(key('Straße ', ci)).toEqual(key('strase', ci)); // general_ci: ß = S, PAD SPACE
    expect(key('café', T.varchar(10, { collation: 'utf8mb4_0900_ai_ci' }))).toEqual(key('CAFE', T.varchar(10, { collation: 'utf8mb4_0900_ai_ci' })));
    const bin = T.varchar(10);
    expect(key('a', bin)).not.toEqual(key('A', bin));
    expect(key('a', bin)).toEqual(key('a  ', bin)); // PAD SPACE
    expect(key('a', T.varchar(10, { collation: 'binary' }))).not.toEqual(key('a ', T.varchar(10, { collation: 'binary' })));
  });

  it('exact collations round-trip; PAD SPACE ones give the value without trailing spaces', () => {
    expect(roundTrip('a\u0000 b😀', T.varchar(10, { collation: 'utf8mb4_0900_bin' }))).toBe('a\u0000 b😀');
    expect(roundTrip('x y\tz  ', T.varchar(10))).toBe('x y\tz');
    expect(roundTrip('', T.varchar(10))).toBe('');
    expect(isIndexKeyExact(T.varchar(10, { collation: 'utf8mb4_0900_bin' }))).toBe(true);
    expect(isIndexKeyExact(T.varchar(10))).toBe(false);
    expect(isIndexKeyExact(T.int())).toBe(true);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), (s) => {
        expect(roundTrip(s, T.varchar(20))).toBe(s.replace(/ +$/, ''));
      }),
    );
  });

  it('binary strings order bytewise, keep 0x00 bytes and round-trip', () => {
    const t = T.varbinary(50);
    ordersLike(fc.uint8Array({ maxLength: 20 }), t, (a, b) => Buffer.compare(a, b));
    const v = Uint8Array.of(0, 1, 0, 0, 255);
    expect(Buffer.from(roundTrip(v, t) as Uint8Array)).toEqual(Buffer.from(v));
    expect(cmpBytes(key(Uint8Array.of(1), t), key(Uint8Array.of(1, 0), t))).toBe(-1);
  });
});

const dtArb = fc
  .record({
    y: fc.integer({ min: 0, max: 9999 }),
    mo: fc.integer({ min: 0, max: 12 }),
    d: fc.integer({ min: 0, max: 31 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    us: fc.integer({ min: 0, max: 999_999 }),
  })
  .map((f) => DateTime.of(f.y, f.mo, f.d, f.h, f.mi, f.s, f.us, 'datetime', 6));

describe('temporals', () => {
  it('DATETIME: key order is calendar order, round-trips with fraction', () => {
    const t = T.datetime(6);
    ordersLike(dtArb, t, (a, b) => a.compare(b), 500);
    fc.assert(
      fc.property(dtArb, (v) => {
        const back = roundTrip(v, t) as DateTime;
        expect(back.equals(v)).toBe(true);
        expect(back.type).toBe('datetime');
        expect(back.fsp).toBe(6);
      }),
    );
  });

  it('DATE and TIMESTAMP come back as their kind', () => {
    const d = roundTrip(DateTime.date(2024, 2, 29), T.date()) as DateTime;
    expect(d.toString()).toBe('2024-02-29');
    const ts = roundTrip(DateTime.of(2024, 1, 2, 3, 4, 5, 120000, 'timestamp', 3), T.timestamp(3)) as DateTime;
    expect(ts.toString()).toBe('2024-01-02 03:04:05.120');
    expect(roundTrip(DateTime.zero('datetime'), T.datetime())).toEqual(DateTime.zero('datetime'));
  });

  it('unpackable fields are refused', () => {
    expect(() => key(DateTime.of(10000, 1, 1), T.datetime())).toThrow(BadValueError);
    expect(() => key(DateTime.of(2024, 1, 1, 24), T.datetime())).toThrow(BadValueError);
  });

  it('TIME: key order is signed duration order, negatives round-trip', () => {
    const t = T.time(6);
    const arb = fc.integer({ min: -3_020_399_999_999, max: 3_020_399_999_999 }).map((m) => new Duration(m, 6));
    ordersLike(arb, t, (a, b) => a.compare(b), 500);
    const neg = Duration.of(1, 30, 0, 500, true, 6);
    const back = roundTrip(neg, t) as Duration;
    expect(back.micros).toBe(neg.micros);
    expect(back.toString()).toBe('-01:30:00.000500');
  });
});

describe('JSON and bad input', () => {
  it('a JSON column cannot be indexed: MySQL error 3152', () => {
    let err: unknown;
    try {
      key(JsonValue.parse('{"a":1}'), T.json());
    } catch (e: unknown) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotIndexableError);
    expect((err as NotIndexableError).mysqlErrno).toBe(3152);
  });

  it('garbage and mismatched flags throw CorruptDataError', () => {
    expect(() => decodeKeyDatum(Buffer.of(), 0, T.int())).toThrow(CorruptDataError);
    expect(() => decodeKeyDatum(Buffer.of(0x03, 1, 2), 0, T.int())).toThrow(CorruptDataError);
    expect(() => decodeKeyDatum(key(1n, T.int()), 0, T.int({ unsigned: true }))).toThrow(CorruptDataError);
    expect(() => decodeKeyDatum(key('a', T.varchar(3)), 0, T.varbinary(3))).toThrow(CorruptDataError);
    expect(() => decodeKeyDatum(Buffer.of(0x06, 0x02, 0x80, 0x01, 0x00), 0, T.decimal(10, 2))).toThrow(CorruptDataError);
    expect(() => decodeKeyDatum(Buffer.of(0x06, 0x07), 0, T.decimal(10, 2))).toThrow(CorruptDataError);
    expect(() => decodeKeyDatum(Buffer.of(0x02, 0x01, 0, 0, 0, 0, 0x41, 0x02), 0, T.varchar(3))).toThrow(CorruptDataError);
    expect(() => decodeKeyDatum(Buffer.of(0x04, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), 0, T.datetime())).toThrow(CorruptDataError);
    expect(() => decodeKeyDatum(Buffer.of(0x04, 0, 0, 0, 0, 0, 0, 0, 9), 0, T.enum(['a']))).toThrow(CorruptDataError);
  });

  it('random bytes never decode silently into a value that re-encodes differently', () => {
    const types: SqlType[] = [T.int(), T.bigint({ unsigned: true }), T.double(), T.decimal(20, 5), T.varchar(10), T.varchar(10, { collation: 'utf8mb4_0900_bin' }), T.varbinary(10), T.datetime(6), T.time(3), T.date()];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), fc.constantFrom(...types), (bytes, t) => {
        let out: { value: Value; next: number } | undefined;
        try {
          out = decodeKeyDatum(bytes, 0, t);
        } catch (e: unknown) {
          expect(e).toBeInstanceOf(CorruptDataError);
          return;
        }
        if (isIndexKeyExact(t) && t.kind !== 'decimal') {
          expect(Buffer.compare(key(out.value, t), Buffer.from(bytes.subarray(0, out.next)))).toBe(0);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
