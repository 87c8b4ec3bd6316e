// Row values: exact round trips for every type, columns keyed by id (absent → default, NULL,
// order independence), the one-column fast path, and garbage that must throw.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DateTime,
  Decimal,
  Duration,
  JsonObject,
  JsonOpaque,
  JsonValue,
  T,
  type SqlType,
  type Value,
} from '../../../sql/types/index.js';
import {
  BadValueError,
  CorruptDataError,
  RowView,
  decodeColumnValue,
  decodeRow,
  decodeRowColumn,
  encodeColumnValue,
  encodeRow,
} from '../../../sql/codec/index.js';

function roundTrip(value: Value, type: SqlType): Value {
  const buf = encodeRow([{ id: 1, type, value }]);
  return decodeRow(buf, [{ id: 1, type, default: 'absent' }])[0] as Value;
}

function expectSame(a: Value, b: Value): void {
  if (a instanceof Decimal) {
    expect(b).toBeInstanceOf(Decimal);
    expect((b as Decimal).coef).toBe(a.coef);
    expect((b as Decimal).scale).toBe(a.scale);
  } else if (a instanceof JsonValue) {
    expect(b).toBeInstanceOf(JsonValue);
    expect((b as JsonValue).toString()).toBe(a.toString());
    expect((b as JsonValue).equals(a)).toBe(true);
  } else if (a instanceof Uint8Array) {
    expect(b).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(b as Uint8Array).equals(Buffer.from(a))).toBe(true);
  } else {
    expect(b).toEqual(a);
  }
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

describe('every type round-trips exactly', () => {
  const cases: [string, SqlType, Value][] = [
    ['int64 min', T.bigint(), I64_MIN],
    ['int64 max', T.bigint(), I64_MAX],
    ['small negative', T.int(), -1n],
    ['uint64 max', T.bigint({ unsigned: true }), U64_MAX],
    ['2^63', T.bigint({ unsigned: true }), 2n ** 63n],
    ['tinyint', T.tinyint(), 127n],
    ['year', T.year(), 2155n],
    ['bit(64)', T.bit(64), U64_MAX],
    ['double', T.double(), 0.1 + 0.2],
    ['-0', T.double(), -0],
    ['float', T.float(), Math.fround(1.1)],
    ['decimal scale kept', T.decimal(10, 2), Decimal.fromString('1.50')],
    ['decimal negative', T.decimal(65, 30), Decimal.fromString('-12345678901234567890123456789012345.123456789012345678901234567890')],
    ['decimal zero scale 3', T.decimal(5, 3), Decimal.of(0n, 3)],
    ['empty string', T.varchar(10), ''],
    ['utf8', T.varchar(10), 'héllo 😀 '],
    ['binary with 0x00', T.varbinary(10), Uint8Array.of(0, 0, 1, 0)],
    ['empty binary', T.blob(), new Uint8Array(0)],
    ['date', T.date(), DateTime.date(2024, 2, 29)],
    ['datetime(6)', T.datetime(6), DateTime.of(2024, 1, 2, 3, 4, 5, 123456, 'datetime', 6)],
    ['datetime(3)', T.datetime(3), DateTime.of(1000, 1, 1, 0, 0, 0, 120000, 'datetime', 3)],
    ['zero datetime', T.datetime(), DateTime.zero()],
    ['timestamp', T.timestamp(2), DateTime.of(2038, 1, 19, 3, 14, 7, 990000, 'timestamp', 2)],
    ['negative time', T.time(3), Duration.of(838, 59, 59, 0, true, 3)],
    ['time fraction', T.time(6), new Duration(-1, 6)],
    ['enum', T.enum(['a', 'b']), 'b'],
    ['enum empty', T.enum(['a', 'b']), ''],
    ['set', T.set(['a', 'b', 'c']), 'a,c'],
    ['json object', T.json(), JsonValue.parse('{"a": [1, 2.5, "x", null, true], "bb": {"c": 18446744073709551615}}')],
    ['json double 1.0', T.json(), JsonValue.parse('1.0')],
    ['json string', T.json(), JsonValue.parse('""')],
  ];
  for (const [name, type, value] of cases) {
    it(name, () => {
      expectSame(value, roundTrip(value, type));
    });
  }

  it('JSON keeps integer vs double vs decimal, temporals and opaque values', () => {
    const node = JsonObject.from([
      ['i', 1n],
      ['d', 1],
      ['dec', Decimal.fromString('1.10')],
      ['dt', DateTime.of(2024, 1, 2, 3, 4, 5, 6, 'datetime', 6)],
      ['t', new Duration(-5_000_000, 0)],
      ['o', new JsonOpaque(252, Uint8Array.of(0, 255))],
      ['u', 2n ** 63n],
    ]);
    const back = roundTrip(new JsonValue(node), T.json()) as JsonValue;
    const o = back.node as JsonObject;
    expect(o.get('i')).toBe(1n);
    expect(o.get('d')).toBe(1);
    expect((o.get('dec') as Decimal).toString()).toBe('1.10');
    expect((o.get('dt') as DateTime).toString()).toBe('2024-01-02 03:04:05.000006');
    expect((o.get('t') as Duration).micros).toBe(-5_000_000);
    expect((o.get('o') as JsonOpaque).fieldType).toBe(252);
    expect(o.get('u')).toBe(2n ** 63n);
    expect(back.equals(new JsonValue(node))).toBe(true);
  });

  it('random values round-trip (property)', () => {
    fc.assert(fc.property(fc.bigInt({ min: I64_MIN, max: I64_MAX }), (v) => expectSame(v, roundTrip(v, T.bigint()))));
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: U64_MAX }), (v) => expectSame(v, roundTrip(v, T.bigint({ unsigned: true })))));
    fc.assert(
      fc.property(fc.double(), (v) => {
        expect(Object.is(roundTrip(v, T.double()), v)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 65n), max: 10n ** 65n }), fc.integer({ min: 0, max: 30 }), (c, s) => {
        const d = Decimal.of(c, s);
        expectSame(d, roundTrip(d, T.decimal(65, 30)));
      }),
    );
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (v) => expectSame(v, roundTrip(v, T.text()))));
    fc.assert(fc.property(fc.uint8Array(), (v) => expectSame(v, roundTrip(v, T.blob()))));
    fc.assert(fc.property(fc.integer({ min: -3_020_399_999_999, max: 3_020_399_999_999 }), (m) => expectSame(new Duration(m, 6), roundTrip(new Duration(m, 6), T.time(6)))));
    fc.assert(fc.property(fc.json(), (text) => expectSame(JsonValue.parse(text), roundTrip(JsonValue.parse(text), T.json()))), { numRuns: 200 });
  });

  it('values that do not fit the type are refused', () => {
    expect(() => encodeColumnValue('1', T.int())).toThrow(BadValueError);
    expect(() => encodeColumnValue(-1n, T.bigint({ unsigned: true }))).toThrow(BadValueError);
    expect(() => encodeColumnValue('\ud800', T.text())).toThrow(BadValueError);
    expect(() => encodeColumnValue('zz', T.enum(['a']))).toThrow(BadValueError);
    expect(() => encodeRow([{ id: 1, type: T.int(), value: 1n }, { id: 1, type: T.int(), value: 2n }])).toThrow(BadValueError);
  });
});

describe('columns are keyed by id', () => {
  const a = T.int();
  const b = T.varchar(10);
  const c = T.decimal(6, 2);
  const d = T.datetime();

  it('encode {1,2,3}, decode {1,3,4}: 4 is absent and reads as its default', () => {
    const row = encodeRow([
      { id: 1, type: a, value: 10n },
      { id: 2, type: b, value: 'two' },
      { id: 3, type: c, value: Decimal.fromString('3.00') },
    ]);
    const out = decodeRow(row, [
      { id: 1, type: a, default: null },
      { id: 3, type: c, default: null },
      { id: 4, type: d, default: DateTime.of(2000, 1, 1) },
    ]);
    expect(out[0]).toBe(10n);
    expect((out[1] as Decimal).toString()).toBe('3.00');
    expect((out[2] as DateTime).toString()).toBe('2000-01-01 00:00:00');
  });

  it('NULL is stored (and is not the default); empty string is not NULL', () => {
    const row = encodeRow([
      { id: 1, type: a, value: null },
      { id: 2, type: b, value: '' },
    ]);
    const out = decodeRow(row, [
      { id: 1, type: a, default: 5n },
      { id: 2, type: b, default: 'dflt' },
      { id: 3, type: b, default: 'dflt' },
    ]);
    expect(out).toEqual([null, '', 'dflt']);
    const view = new RowView(row);
    expect(view.columnIds()).toEqual([1, 2]);
    expect(view.has(1)).toBe(true);
    expect(view.has(3)).toBe(false);
  });

  it('column order does not matter to the bytes', () => {
    const cols = [
      { id: 7, type: a, value: 1n },
      { id: 2, type: b, value: 'x' },
      { id: 5, type: a, value: null },
      { id: 300, type: b, value: 'large id' },
      { id: 4, type: a, value: null },
    ];
    const one = encodeRow(cols);
    const two = encodeRow([...cols].reverse());
    expect(one.equals(two)).toBe(true);
    expect(decodeRowColumn(one, { id: 300, type: b, default: null })).toBe('large id');
    expect(decodeRowColumn(one, { id: 5, type: a, default: 9n })).toBeNull();
  });

  it('random rows: every column reads back, missing ones read their default (property)', () => {
    const types: SqlType[] = [T.bigint(), T.varchar(20), T.double(), T.blob()];
    const valueFor = (t: SqlType): fc.Arbitrary<Value> =>
      t.kind === 'bigint' ? fc.bigInt({ min: I64_MIN, max: I64_MAX }) : t.kind === 'varchar' ? fc.string() : t.kind === 'double' ? fc.double({ noNaN: true }) : fc.uint8Array({ maxLength: 300 });
    const colArb = fc.integer({ min: 0, max: 3 }).chain((ti) => {
      const t = types[ti] as SqlType;
      return fc.record({ type: fc.constant(t), value: fc.option(valueFor(t), { nil: null }) });
    });
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { maxLength: 12 }), fc.array(colArb, { minLength: 12, maxLength: 12 }), (ids, cols) => {
        const row = ids.map((id, i) => ({ id, ...(cols[i] as { type: SqlType; value: Value }) }));
        const buf = encodeRow(row);
        const wanted = [...row.map((c) => ({ id: c.id, type: c.type, default: 'D' as Value })), { id: 401, type: T.int(), default: 'D' as Value }];
        const out = decodeRow(buf, wanted);
        row.forEach((c, i) => expectSame(c.value, out[i] as Value));
        expect(out[row.length]).toBe('D');
        for (const c of row) expectSame(c.value, decodeRowColumn(buf, { id: c.id, type: c.type, default: 'D' }));
      }),
      { numRuns: 200 },
    );
  });

  it('golden bytes: version, flags, counts, ids, null ids, offsets, data', () => {
    const row = encodeRow([
      { id: 2, type: a, value: null },
      { id: 1, type: a, value: 1n },
      { id: 3, type: b, value: 'hi' },
    ]);
    expect(row.toString('hex')).toBe('80' + '00' + '0200' + '0100' + '0103' + '02' + '0100' + '0300' + '01' + '6869');
    const large = encodeRow([{ id: 256, type: a, value: -1n }]);
    expect(large.toString('hex')).toBe('80' + '01' + '0100' + '0000' + '00010000' + '01000000' + 'ff');
  });

  it('an empty row is valid and reads all defaults', () => {
    expect(decodeRow(encodeRow([]), [{ id: 1, type: a, default: 3n }])).toEqual([3n]);
  });
});

describe('garbage decode throws', () => {
  const good = encodeRow([
    { id: 1, type: T.int(), value: 1000n },
    { id: 2, type: T.varchar(5), value: 'abc' },
    { id: 3, type: T.int(), value: null },
  ]);
  const wanted = [
    { id: 1, type: T.int(), default: null },
    { id: 2, type: T.varchar(5), default: null },
    { id: 3, type: T.int(), default: null },
  ];

  it('bad version, truncation, trailing bytes, out-of-order ids', () => {
    expect(decodeRow(good, wanted)).toEqual([1000n, 'abc', null]);
    expect(() => decodeRow(Buffer.of(), wanted)).toThrow(CorruptDataError);
    expect(() => decodeRow(Buffer.concat([Buffer.of(0x81), good.subarray(1)]), wanted)).toThrow(CorruptDataError);
    expect(() => decodeRow(good.subarray(0, good.length - 1), wanted)).toThrow(CorruptDataError);
    expect(() => decodeRow(Buffer.concat([good, Buffer.of(0)]), wanted)).toThrow(CorruptDataError);
    const swapped = Buffer.from(good);
    swapped[6] = 2;
    swapped[7] = 1;
    expect(() => decodeRow(swapped, wanted)).toThrow(CorruptDataError);
  });

  it('bytes that do not fit the column type', () => {
    expect(() => decodeColumnValue(Buffer.of(1, 2, 3), T.int())).toThrow(CorruptDataError);
    expect(() => decodeColumnValue(Buffer.of(1, 2, 3), T.double())).toThrow(CorruptDataError);
    expect(() => decodeColumnValue(Buffer.of(0xff, 0xfe), T.varchar(3))).toThrow(CorruptDataError);
    expect(() => decodeColumnValue(Buffer.of(2, 2, 0), T.decimal(5, 2))).toThrow(CorruptDataError);
    expect(() => decodeColumnValue(Buffer.of(0x70, 0, 0, 0, 0, 0, 0, 0, 0), T.datetime())).toThrow(CorruptDataError);
    expect(() => decodeColumnValue(Buffer.of(9, 0), T.time())).toThrow(CorruptDataError);
    expect(() => decodeColumnValue(Buffer.of(5), T.enum(['a']))).toThrow(CorruptDataError);
    expect(() => decodeColumnValue(Buffer.of(0x0b, 0xff, 0xff, 0x03), T.json())).toThrow(CorruptDataError);
    expect(() => decodeColumnValue(Buffer.of(0x00, 0x00), T.json())).toThrow(CorruptDataError);
  });

  it('random bytes throw CorruptDataError or decode (never another error)', () => {
    const types: SqlType[] = [T.int(), T.varchar(5), T.json(), T.decimal(10, 2), T.datetime(6), T.time(2), T.set(['a', 'b'])];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const buf = Buffer.concat([Buffer.of(0x80), bytes]);
        try {
          decodeRow(buf, types.map((type, i) => ({ id: i + 1, type, default: null })));
        } catch (e: unknown) {
          expect(e).toBeInstanceOf(CorruptDataError);
        }
        for (const type of types) {
          try {
            decodeColumnValue(bytes, type);
          } catch (e: unknown) {
            expect(e).toBeInstanceOf(CorruptDataError);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });
});
