// Table keys: TiDB's byte layout (golden hex), prefixes and ranges, decoding, and index entries
// (unique / non-unique / NULL in a unique index), meta keys and handles.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime, Decimal, T, type SqlType } from '../../../sql/types/index.js';
import {
  BadValueError,
  CorruptDataError,
  HandleRange,
  I64_MAX,
  I64_MIN,
  NON_UNIQUE_VALUE,
  autoIdKey,
  databaseKey,
  databasesRange,
  decodeIndexEntry,
  decodeIndexKey,
  decodeMetaKey,
  decodeRowKey,
  decodeTableId,
  encodeIndexEntry,
  encodeKeyDatums,
  handleFromPk,
  handleRange,
  indexKey,
  indexPrefix,
  indexRange,
  indexValuesRange,
  indexBoundsRange,
  isIndexKey,
  isIntHandleType,
  isRowKey,
  metaKey,
  pkFromHandle,
  recordPrefix,
  rowKey,
  rowRange,
  schemaVersionKey,
  tableMetaKey,
  tableRange,
  tablesRange,
  uniqueKey,
  type IndexSpec,
  type KeyRange,
} from '../../../sql/codec/index.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const inRange = (k: Uint8Array, r: KeyRange): boolean => Buffer.compare(k, r.start) >= 0 && Buffer.compare(k, r.end) < 0;

describe('key layout (golden, TiDB bytes)', () => {
  it("t{1}_r{1} is 't' 80..01 '_r' 80..01", () => {
    expect(hex(rowKey(1n, 1n))).toBe('74' + '8000000000000001' + '5f72' + '8000000000000001');
    expect(hex(recordPrefix(1n))).toBe('74' + '8000000000000001' + '5f72');
  });

  it('negative handles and large table ids flip the sign bit', () => {
    expect(hex(rowKey(42n, -1n))).toBe('74' + '800000000000002a' + '5f72' + '7fffffffffffffff');
    expect(hex(rowKey(I64_MAX, I64_MIN))).toBe('74' + 'ffffffffffffffff' + '5f72' + '0000000000000000');
  });

  it("t{5}_i{2}{int 7}{handle 9} matches TiDB's non-unique index key", () => {
    const k = indexKey(5n, 2n, encodeKeyDatums([7n], [T.int()]), 9n);
    expect(hex(k)).toBe('74' + '8000000000000005' + '5f69' + '8000000000000002' + '03' + '8000000000000007' + '03' + '8000000000000009');
    expect(hex(indexPrefix(5n, 2n))).toBe('74' + '8000000000000005' + '5f69' + '8000000000000002');
  });

  it("a table's index keys sort before its row keys, and tables sort by id", () => {
    expect(Buffer.compare(indexKey(1n, 99n, Buffer.alloc(0)), rowKey(1n, I64_MIN))).toBe(-1);
    expect(Buffer.compare(rowKey(1n, I64_MAX), rowKey(2n, I64_MIN))).toBe(-1);
    expect(Buffer.compare(rowKey(-1n, 0n), rowKey(0n, 0n))).toBe(-1);
  });
});

describe('ranges', () => {
  it('row keys order by handle and stay inside the row range', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: I64_MIN, max: I64_MAX }), fc.bigInt({ min: I64_MIN, max: I64_MAX }), (a, b) => {
        const ka = rowKey(7n, a);
        const kb = rowKey(7n, b);
        expect(Math.sign(Buffer.compare(ka, kb))).toBe(a < b ? -1 : a > b ? 1 : 0);
        expect(inRange(ka, rowRange(7n))).toBe(true);
        expect(inRange(ka, tableRange(7n))).toBe(true);
        expect(inRange(ka, rowRange(8n))).toBe(false);
        expect(inRange(ka, indexRange(7n, 1n))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('handleRange covers lo..hi inclusive and nothing else', () => {
    const r = handleRange(3n, 10n, 20n);
    expect(inRange(rowKey(3n, 10n), r)).toBe(true);
    expect(inRange(rowKey(3n, 20n), r)).toBe(true);
    expect(inRange(rowKey(3n, 9n), r)).toBe(false);
    expect(inRange(rowKey(3n, 21n), r)).toBe(false);
    const all = handleRange(3n, I64_MIN, I64_MAX);
    expect(inRange(rowKey(3n, I64_MAX), all)).toBe(true);
    expect(inRange(rowKey(4n, I64_MIN), all)).toBe(false);
  });

  it('indexValuesRange holds exactly the entries with that value prefix', () => {
    const types: SqlType[] = [T.varchar(10), T.int()];
    const r = indexValuesRange(1n, 2n, ['ab'], types);
    const k = (s: string | null, n: bigint | null, h: bigint): Buffer => indexKey(1n, 2n, encodeKeyDatums([s, n], types), h);
    expect(inRange(k('ab', 1n, 5n), r)).toBe(true);
    expect(inRange(k('ab', null, 5n), r)).toBe(true);
    expect(inRange(k('AB', 1n, 5n), r)).toBe(false);
    expect(inRange(k('abc', 1n, 5n), r)).toBe(false);
    expect(inRange(k('a', 1n, 5n), r)).toBe(false);
    expect(inRange(k(null, 1n, 5n), r)).toBe(false);
    const full = indexValuesRange(1n, 2n, ['ab', 1n], types);
    expect(inRange(k('ab', 1n, I64_MIN), full)).toBe(true);
    expect(inRange(k('ab', 2n, I64_MIN), full)).toBe(false);
    expect(inRange(k('ab', 1n, 5n), indexRange(1n, 2n))).toBe(true);
  });
});

describe('index bounds', () => {
  it('a range scan between bounds holds exactly the values SQL says are inside', () => {
    const types: SqlType[] = [T.int()];
    const k = (v: bigint | null, h: bigint): Buffer => indexKey(1n, 2n, encodeKeyDatums([v], types), h);
    const vals = fc.option(fc.bigInt({ min: -20n, max: 20n }), { nil: null });
    fc.assert(
      fc.property(vals, fc.bigInt({ min: -20n, max: 20n }), fc.bigInt({ min: -20n, max: 20n }), fc.boolean(), fc.boolean(), fc.bigInt({ min: I64_MIN, max: I64_MAX }), (v, lo, hi, li, hi2, h) => {
        const r = indexBoundsRange(1n, 2n, types, { values: [lo], inclusive: li }, { values: [hi], inclusive: hi2 });
        const inside = v !== null && (li ? v >= lo : v > lo) && (hi2 ? v <= hi : v < hi);
        expect(inRange(k(v, h), r)).toBe(inside);
      }),
      { numRuns: 500 },
    );
    const open = indexBoundsRange(1n, 2n, types, { values: [null], inclusive: false });
    expect(inRange(k(null, 1n), open)).toBe(false);
    expect(inRange(k(I64_MAX, I64_MAX), open)).toBe(true);
    expect(inRange(k(null, 1n), indexBoundsRange(1n, 2n, types))).toBe(true);
    expect(inRange(indexKey(1n, 3n, Buffer.alloc(0)), indexBoundsRange(1n, 2n, types))).toBe(false);
  });
});

describe('decoding keys', () => {
  it('row keys decode back to (table, handle)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: I64_MIN, max: I64_MAX }), fc.bigInt({ min: I64_MIN, max: I64_MAX }), (t, h) => {
        const k = rowKey(t, h);
        expect(isRowKey(k)).toBe(true);
        expect(isIndexKey(k)).toBe(false);
        expect(decodeRowKey(k)).toEqual({ tableId: t, handle: h });
        expect(decodeTableId(k)).toBe(t);
      }),
      { numRuns: 200 },
    );
  });

  it('index keys decode back to (table, index, values, handle?)', () => {
    const types: SqlType[] = [T.bigint({ unsigned: true }), T.decimal(10, 2), T.datetime(3), T.varchar(10, { collation: 'utf8mb4_0900_bin' })];
    const values = [2n ** 64n - 1n, Decimal.fromString('-3.10'), DateTime.of(2024, 5, 6, 7, 8, 9, 123000, 'datetime', 3), 'hi'];
    const withHandle = decodeIndexKey(indexKey(10n, 3n, encodeKeyDatums(values, types), -5n), types);
    expect(withHandle.tableId).toBe(10n);
    expect(withHandle.indexId).toBe(3n);
    expect(withHandle.handle).toBe(-5n);
    expect(withHandle.values[0]).toBe(2n ** 64n - 1n);
    expect((withHandle.values[1] as Decimal).toString()).toBe('-3.10');
    expect((withHandle.values[2] as DateTime).toString()).toBe('2024-05-06 07:08:09.123');
    expect(withHandle.values[3]).toBe('hi');
    const noHandle = decodeIndexKey(indexKey(10n, 3n, encodeKeyDatums(values, types)), types);
    expect(noHandle.handle).toBeUndefined();
    expect('handle' in noHandle).toBe(false);
  });

  it('garbage keys throw CorruptDataError', () => {
    expect(() => decodeRowKey(Buffer.from('t1_r1'))).toThrow(CorruptDataError);
    expect(() => decodeRowKey(rowKey(1n, 1n).subarray(0, 18))).toThrow(CorruptDataError);
    expect(() => decodeTableId(Buffer.from('m'))).toThrow(CorruptDataError);
    const k = indexKey(1n, 1n, encodeKeyDatums([1n], [T.int()]), 2n);
    expect(() => decodeIndexKey(k.subarray(0, k.length - 1), [T.int()])).toThrow(CorruptDataError);
    expect(() => decodeIndexKey(Buffer.concat([k, Buffer.of(1)]), [T.int()])).toThrow(CorruptDataError);
    expect(() => decodeIndexKey(k, [T.varchar(3)])).toThrow(CorruptDataError);
    expect(() => decodeIndexKey(rowKey(1n, 1n), [T.int()])).toThrow(CorruptDataError);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const key = Buffer.concat([indexPrefix(1n, 1n), bytes]);
        try {
          decodeIndexKey(key, [T.int(), T.varchar(5)]);
        } catch (e: unknown) {
          expect(e).toBeInstanceOf(CorruptDataError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('index entries', () => {
  const uniq: IndexSpec = { tableId: 1n, indexId: 2n, unique: true, types: [T.varchar(10), T.int()], columns: ['a', 'b'] };
  const plain: IndexSpec = { ...uniq, unique: false };

  it('a unique entry keys on the values only and stores the handle in the value', () => {
    const e = encodeIndexEntry(uniq, ['x', 1n], 77n);
    expect(e.key).toEqual(uniqueKey(uniq, ['x', 1n]));
    expect(hex(e.value)).toBe('000000000000004d');
    expect(decodeIndexEntry(uniq, e.key, e.value)).toEqual({ values: ['x', 1n], handle: 77n });
    // Another row with equal values collides on the same key (the duplicate check).
    expect(encodeIndexEntry(uniq, ['x', 1n], 78n).key).toEqual(e.key);
  });

  it('a non-unique entry appends the handle to the key and stores 0x30', () => {
    const e = encodeIndexEntry(plain, ['x', 1n], 77n);
    expect(e.value).toEqual(NON_UNIQUE_VALUE);
    expect(hex(e.value)).toBe('30');
    expect(uniqueKey(plain, ['x', 1n])).toBeUndefined();
    expect(encodeIndexEntry(plain, ['x', 1n], 78n).key).not.toEqual(e.key);
    expect(decodeIndexEntry(plain, e.key, e.value)).toEqual({ values: ['x', 1n], handle: 77n });
  });

  it('NULLs in a unique index do not conflict: such entries take the non-unique form', () => {
    const a = encodeIndexEntry(uniq, ['x', null], 1n);
    const b = encodeIndexEntry(uniq, ['x', null], 2n);
    expect(a.key).not.toEqual(b.key);
    expect(a.value).toEqual(NON_UNIQUE_VALUE);
    expect(uniqueKey(uniq, ['x', null])).toBeUndefined();
    expect(decodeIndexEntry(uniq, b.key, b.value)).toEqual({ values: ['x', null], handle: 2n });
  });

  it('wrong arity, JSON columns and corrupt values are refused', () => {
    expect(() => encodeIndexEntry(uniq, ['x'], 1n)).toThrow(BadValueError);
    const j: IndexSpec = { tableId: 1n, indexId: 1n, unique: false, types: [T.json()], columns: ['doc'] };
    expect(() => encodeIndexEntry(j, [null], 1n)).not.toThrow(); // NULL has no JSON to index
    const e = encodeIndexEntry(uniq, ['x', 1n], 77n);
    expect(() => decodeIndexEntry(uniq, e.key, e.value.subarray(0, 7))).toThrow(CorruptDataError);
    expect(() => decodeIndexEntry(plain, e.key, e.value)).toThrow(CorruptDataError);
    expect(() => decodeIndexEntry({ ...uniq, indexId: 3n }, e.key, e.value)).toThrow(CorruptDataError);
  });
});

describe('handles', () => {
  it('an integer PK is the handle; BIGINT UNSIGNED maps by u - 2^63, preserving order', () => {
    const u = T.bigint({ unsigned: true });
    expect(handleFromPk(5n, T.int())).toBe(5n);
    expect(handleFromPk(0n, u)).toBe(I64_MIN);
    expect(handleFromPk(2n ** 64n - 1n, u)).toBe(I64_MAX);
    expect(Buffer.compare(rowKey(1n, handleFromPk(2n ** 63n, u)), rowKey(1n, handleFromPk(2n ** 63n - 1n, u)))).toBe(1);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (a, b) => {
        const ha = handleFromPk(a, u);
        expect(pkFromHandle(ha, u)).toBe(a);
        expect(Math.sign(Buffer.compare(rowKey(1n, ha), rowKey(1n, handleFromPk(b, u))))).toBe(a < b ? -1 : a > b ? 1 : 0);
        // The row key's handle bytes are exactly uint64 big-endian of the PK.
        expect(hex(rowKey(1n, ha).subarray(11))).toBe(a.toString(16).padStart(16, '0'));
      }),
      { numRuns: 200 },
    );
    expect(() => handleFromPk(-1n, u)).toThrow(BadValueError);
    expect(isIntHandleType(T.int({ unsigned: true }))).toBe(true);
    expect(isIntHandleType(T.varchar(3))).toBe(false);
  });

  it('HandleRange hands out each handle of its range once', () => {
    const r = new HandleRange(1n, 4n);
    expect([r.next(), r.next(), r.next(), r.next()]).toEqual([1n, 2n, 3n, undefined]);
    expect(() => new HandleRange(5n, 4n)).toThrow(BadValueError);
  });
});

describe('meta keys', () => {
  it("start with 'm', decode back to their parts, and scan per kind", () => {
    expect(schemaVersionKey()[0]).toBe(0x6d);
    expect(decodeMetaKey(tableMetaKey(3n, 40n))).toEqual(['DB', 3n, 'Table', 40n]);
    expect(decodeMetaKey(autoIdKey(9n))).toEqual(['AutoID', 9n]);
    expect(inRange(tableMetaKey(3n, 40n), tablesRange(3n))).toBe(true);
    expect(inRange(tableMetaKey(4n, 40n), tablesRange(3n))).toBe(false);
    expect(inRange(databaseKey(1n), databasesRange())).toBe(true);
    expect(inRange(metaKey('DBsX'), databasesRange())).toBe(false);
    expect(Buffer.compare(tableMetaKey(3n, 2n), tableMetaKey(3n, 10n))).toBe(-1);
    expect(() => decodeMetaKey(rowKey(1n, 1n))).toThrow(CorruptDataError);
    expect(() => decodeMetaKey(Buffer.of(0x6d, 0x07))).toThrow(CorruptDataError);
  });
});
