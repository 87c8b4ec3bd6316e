// convertForColumn: what INSERT/UPDATE store, and the exact errors (strict) or warnings
// (non-strict, IGNORE) MySQL 8.0 gives.
import { describe, expect, it } from 'vitest';
import { SqlError } from '../../../sql/errors.js';
import { T, type SqlType } from '../../../sql/types/column-type.js';
import { Decimal } from '../../../sql/types/decimal.js';
import { DateTime } from '../../../sql/types/datetime.js';
import { Duration } from '../../../sql/types/duration.js';
import { JsonValue } from '../../../sql/types/json.js';
import { convertForColumn } from '../../../sql/types/store.js';
import { valueToString, type Value } from '../../../sql/types/value.js';
import { storeCx } from './helpers.js';

function stored(v: Value, type: SqlType, strict = true): string | null {
  return valueToString(convertForColumn(v, type, storeCx({ strict })), type);
}

function storeError(v: Value, type: SqlType, opts: Parameters<typeof storeCx>[0] = {}): { code: number; state: string; message: string } {
  try {
    convertForColumn(v, type, storeCx(opts));
  } catch (e: unknown) {
    if (e instanceof SqlError) return { code: e.mysqlErrno, state: e.sqlState, message: e.message };
    throw e;
  }
  throw new Error('expected an error');
}

function warningsOf(v: Value, type: SqlType, opts: Parameters<typeof storeCx>[0] = { strict: false }): { value: string | null; warnings: string[] } {
  const cx = storeCx(opts);
  const value = valueToString(convertForColumn(v, type, cx), type);
  return { value, warnings: cx.recorded.map((w) => `${w.level} ${w.code} ${w.message}`) };
}

describe('integers', () => {
  it.each([
    [127n, T.tinyint(), '127'],
    [-128n, T.tinyint(), '-128'],
    [255n, T.tinyint({ unsigned: true }), '255'],
    [9223372036854775807n, T.bigint(), '9223372036854775807'],
    [-9223372036854775808n, T.bigint(), '-9223372036854775808'],
    [18446744073709551615n, T.bigint({ unsigned: true }), '18446744073709551615'],
    ['42', T.int(), '42'],
    ['1.5', T.int(), '2'],
    ['-1.5', T.int(), '-2'],
    ['1e3', T.int(), '1000'],
    [' 7 ', T.int(), '7'],
    [2.5, T.int(), '2'],
    [3.5, T.int(), '4'],
    [Decimal.fromString('2.5'), T.int(), '3'],
    [DateTime.date(2024, 1, 2), T.int(), '20240102'],
    [1.8e19, T.bigint({ unsigned: true }), '18000000000000000000'],
    [-9.2e18, T.bigint(), '-9200000000000000000'],
  ])('%s into %o stores %s', (v, type, expected) => {
    expect(stored(v, type)).toBe(expected);
  });

  it.each([
    [128n, T.tinyint()],
    [-1n, T.int({ unsigned: true })],
    [18446744073709551616n, T.bigint({ unsigned: true })],
    [9223372036854775808n, T.bigint()],
    ['300', T.tinyint()],
    [1e30, T.bigint()],
  ])('%s into %o is error 1264 in strict mode', (v, type) => {
    expect(storeError(v, type)).toEqual({ code: 1264, state: '22003', message: "Out of range value for column 'c' at row 1" });
  });

  it('clips out-of-range integers with warning 1264 in non-strict mode', () => {
    expect(warningsOf(300n, T.tinyint())).toEqual({ value: '127', warnings: ["Warning 1264 Out of range value for column 'c' at row 1"] });
    expect(warningsOf(-5n, T.tinyint({ unsigned: true }))).toEqual({ value: '0', warnings: ["Warning 1264 Out of range value for column 'c' at row 1"] });
  });

  it("rejects 'abc' with 1366 and '12abc' with 1265 in strict mode", () => {
    expect(storeError('abc', T.int(), { column: 'i', row: 3 })).toEqual({
      code: 1366,
      state: 'HY000',
      message: "Incorrect integer value: 'abc' for column 'i' at row 3",
    });
    expect(storeError('', T.int())).toMatchObject({ code: 1366, message: "Incorrect integer value: '' for column 'c' at row 1" });
    expect(storeError('12abc', T.int())).toEqual({ code: 1265, state: '01000', message: "Data truncated for column 'c' at row 1" });
  });

  it('stores 0 and 12 with warnings in non-strict mode', () => {
    expect(warningsOf('abc', T.int())).toEqual({ value: '0', warnings: ["Warning 1366 Incorrect integer value: 'abc' for column 'c' at row 1"] });
    expect(warningsOf('12abc', T.int())).toEqual({ value: '12', warnings: ["Warning 1265 Data truncated for column 'c' at row 1"] });
  });

  it('turns strict errors into warnings under INSERT IGNORE', () => {
    expect(warningsOf(1000n, T.tinyint(), { strict: true, ignore: true })).toEqual({
      value: '127',
      warnings: ["Warning 1264 Out of range value for column 'c' at row 1"],
    });
  });

  it('passes NULL through for the caller to check NOT NULL', () => {
    expect(convertForColumn(null, T.int({ nullable: false }), storeCx())).toBeNull();
  });
});

describe('DECIMAL', () => {
  it.each([
    ['1.5', T.decimal(5, 2), '1.50'],
    [1n, T.decimal(10, 2), '1.00'],
    [0.1, T.decimal(5, 3), '0.100'],
    ['-999.99', T.decimal(5, 2), '-999.99'],
    ['99999999999999999999999999999999999.999999999999999999999999999999', T.decimal(65, 30), '99999999999999999999999999999999999.999999999999999999999999999999'],
  ])('%s into %o stores %s', (v, type, expected) => {
    expect(stored(v, type)).toBe(expected);
  });

  it('rounds extra fraction digits half up with note 1265, even in strict mode', () => {
    expect(warningsOf('1.235', T.decimal(5, 2), { strict: true })).toEqual({ value: '1.24', warnings: ["Note 1265 Data truncated for column 'c' at row 1"] });
    expect(warningsOf('-1.235', T.decimal(5, 2), { strict: true }).value).toBe('-1.24');
  });

  it('rejects values past the precision with 1264 and clips in non-strict mode', () => {
    expect(storeError('1000', T.decimal(5, 2))).toMatchObject({ code: 1264 });
    expect(storeError('999.995', T.decimal(5, 2))).toMatchObject({ code: 1264 });
    expect(warningsOf('-1000', T.decimal(5, 2)).value).toBe('-999.99');
    expect(storeError('-1', T.decimal(5, 2, { unsigned: true }))).toMatchObject({ code: 1264 });
  });

  it("reports 'abc' as an incorrect decimal value", () => {
    expect(storeError('abc', T.decimal(5, 2))).toMatchObject({ code: 1366, message: "Incorrect decimal value: 'abc' for column 'c' at row 1" });
  });
});

describe('FLOAT and DOUBLE', () => {
  it('stores single precision in FLOAT and prints six digits', () => {
    expect(stored(3.14159265, T.float())).toBe('3.14159');
    expect(stored('1e10', T.double())).toBe('10000000000');
    expect(stored(1.005, T.double({ precision: 6, scale: 2 }))).toBe('1.00');
  });

  it('rejects out-of-range values', () => {
    expect(storeError(1e39, T.float())).toMatchObject({ code: 1264 });
    expect(storeError('1e400', T.double())).toMatchObject({ code: 1264 });
    expect(storeError(1000, T.double({ precision: 5, scale: 2 }))).toMatchObject({ code: 1264 });
    expect(storeError('abc', T.double())).toMatchObject({ code: 1366, message: "Incorrect double value: 'abc' for column 'c' at row 1" });
  });
});

describe('strings', () => {
  it('checks VARCHAR length in characters, not bytes', () => {
    expect(stored('😀😀😀', T.varchar(3))).toBe('😀😀😀');
    expect(storeError('abcd', T.varchar(3), { column: 'name' })).toEqual({
      code: 1406,
      state: '22001',
      message: "Data too long for column 'name' at row 1",
    });
  });

  it('truncates with warning 1265 in non-strict mode', () => {
    expect(warningsOf('abcd', T.varchar(3))).toEqual({ value: 'abc', warnings: ["Warning 1265 Data truncated for column 'c' at row 1"] });
  });

  it('cuts only trailing spaces with a note, never an error', () => {
    expect(warningsOf('ab   ', T.varchar(3), { strict: true })).toEqual({ value: 'ab ', warnings: ["Note 1265 Data truncated for column 'c' at row 1"] });
    expect(warningsOf('ab   ', T.char(3), { strict: true })).toEqual({ value: 'ab', warnings: [] });
  });

  it('checks TEXT length in bytes', () => {
    expect(storeError('é'.repeat(128), T.tinytext())).toMatchObject({ code: 1406 });
    expect(stored('é'.repeat(127), T.tinytext())).toBe('é'.repeat(127));
  });

  it('formats numbers and dates as text', () => {
    expect(stored(1.5, T.varchar(10))).toBe('1.5');
    expect(stored(Decimal.fromString('1.50'), T.varchar(10))).toBe('1.50');
    expect(stored(DateTime.of(2024, 1, 2, 3, 4, 5), T.varchar(30))).toBe('2024-01-02 03:04:05');
  });

  it('rejects invalid UTF-8 bytes with 1366', () => {
    expect(storeError(Uint8Array.from([0xf0, 0x9f]), T.varchar(10))).toMatchObject({
      code: 1366,
      message: "Incorrect string value: '\\xF0\\x9F' for column 'c' at row 1",
    });
  });

  it('pads BINARY(n) with zero bytes and rejects long VARBINARY', () => {
    expect(convertForColumn('ab', T.binary(4), storeCx())).toEqual(Uint8Array.from([0x61, 0x62, 0, 0]));
    expect(storeError('abcde', T.varbinary(4))).toMatchObject({ code: 1406 });
  });
});

describe('ENUM and SET', () => {
  const e = T.enum(['small', 'Medium', 'large'], { collation: 'utf8mb4_general_ci' });
  it('stores the defined spelling and accepts 1-based indexes', () => {
    expect(stored('medium', e)).toBe('Medium');
    expect(stored(3n, e)).toBe('large');
    expect(stored('2', e)).toBe('Medium');
  });
  it('is case-sensitive under utf8mb4_bin', () => {
    expect(storeError('medium', T.enum(['Medium']))).toMatchObject({ code: 1265 });
  });
  it("rejects unknown members with 1265 (strict) or stores '' with a warning", () => {
    expect(storeError('huge', e)).toEqual({ code: 1265, state: '01000', message: "Data truncated for column 'c' at row 1" });
    expect(warningsOf('huge', e)).toEqual({ value: '', warnings: ["Warning 1265 Data truncated for column 'c' at row 1"] });
    expect(storeError(0n, e)).toMatchObject({ code: 1265 });
  });
  it('orders SET members as defined', () => {
    const s = T.set(['a', 'b', 'c']);
    expect(stored('c,a', s)).toBe('a,c');
    expect(stored(5n, s)).toBe('a,c');
    expect(stored('', s)).toBe('');
    expect(storeError('a,x', s)).toMatchObject({ code: 1265 });
  });
});

describe('dates and times', () => {
  it.each([
    ['2024-01-02', T.date(), '2024-01-02'],
    ['2024-02-29', T.date(), '2024-02-29'],
    [20240102n, T.date(), '2024-01-02'],
    ['2024-01-02 03:04:05.5', T.datetime(), '2024-01-02 03:04:06'],
    ['2024-01-02 03:04:05.123456', T.datetime(3), '2024-01-02 03:04:05.123'],
    ['2024-01-02 03:04:05.1239', T.datetime(3), '2024-01-02 03:04:05.124'],
    [DateTime.of(2024, 1, 2, 3, 4, 5), T.date(), '2024-01-02'],
    ['12:34:56', T.time(), '12:34:56'],
    ['-838:59:59', T.time(), '-838:59:59'],
    [Duration.of(1, 2, 3), T.time(), '01:02:03'],
    [123456n, T.time(), '12:34:56'],
    ['2024', T.year(), '2024'],
    [24n, T.year(), '2024'],
    [70n, T.year(), '1970'],
    ['0', T.year(), '2000'],
    [0n, T.year(), '0000'],
    ['2038-01-19 03:14:07', T.timestamp(), '2038-01-19 03:14:07'],
  ])('%s into %o stores %s', (v, type, expected) => {
    expect(stored(v, type)).toBe(expected);
  });

  it('rejects invalid dates with 1292 naming the type, column and row', () => {
    expect(storeError('2023-02-29', T.date(), { column: 'd' })).toEqual({
      code: 1292,
      state: '22007',
      message: "Incorrect date value: '2023-02-29' for column 'd' at row 1",
    });
    expect(storeError('abc', T.datetime())).toMatchObject({ code: 1292, message: "Incorrect datetime value: 'abc' for column 'c' at row 1" });
    expect(storeError('12:61:00', T.time())).toMatchObject({ code: 1292, message: "Incorrect time value: '12:61:00' for column 'c' at row 1" });
    expect(stored('25:00:00', T.time())).toBe('25:00:00');
  });

  it("honours NO_ZERO_DATE and NO_ZERO_IN_DATE for '0000-00-00' and '2024-00-10'", () => {
    expect(storeError('0000-00-00', T.date())).toMatchObject({ code: 1292, message: "Incorrect date value: '0000-00-00' for column 'c' at row 1" });
    expect(storeError('2024-00-10', T.date())).toMatchObject({ code: 1292 });
    expect(stored('0000-00-00', T.date(), false)).toBe('0000-00-00');
    expect(valueToString(convertForColumn('2024-00-10', T.date(), storeCx({ mode: 'STRICT_TRANS_TABLES' })), T.date())).toBe('2024-00-10');
  });

  it('allows Feb 30 only with ALLOW_INVALID_DATES', () => {
    expect(valueToString(convertForColumn('2023-02-30', T.date(), storeCx({ mode: 'STRICT_TRANS_TABLES,ALLOW_INVALID_DATES' })), T.date())).toBe('2023-02-30');
  });

  it('stores the zero date with warning 1265 for bad input in non-strict mode', () => {
    expect(warningsOf('abc', T.date())).toEqual({ value: '0000-00-00', warnings: ["Warning 1265 Data truncated for column 'c' at row 1"] });
  });

  it('notes the dropped time part when a DATETIME goes into a DATE', () => {
    expect(warningsOf('2024-01-02 03:04:05', T.date(), { strict: true })).toEqual({
      value: '2024-01-02',
      warnings: ["Note 1265 Data truncated for column 'c' at row 1"],
    });
  });

  it('checks the TIMESTAMP range in the session time zone', () => {
    expect(storeError('2038-01-19 03:14:08', T.timestamp())).toMatchObject({ code: 1292, message: "Incorrect datetime value: '2038-01-19 03:14:08' for column 'c' at row 1" });
    expect(storeError('1970-01-01 00:00:00', T.timestamp())).toMatchObject({ code: 1292 });
    expect(stored('1970-01-01 08:00:01', T.timestamp(), true)).toBe('1970-01-01 08:00:01');
    expect(storeError('1970-01-01 08:00:00', T.timestamp(), { timeZone: '+08:00' })).toMatchObject({ code: 1292 });
  });

  it('rejects out-of-range years', () => {
    expect(storeError(1900n, T.year())).toMatchObject({ code: 1264 });
    expect(storeError(2156n, T.year())).toMatchObject({ code: 1264 });
  });
});

describe('JSON columns', () => {
  it('parses text and keeps JSON values', () => {
    expect(stored('{"b":1,"a":[1,2]}', T.json())).toBe('{"a": [1, 2], "b": 1}');
    expect(stored(JsonValue.parse('[1]'), T.json())).toBe('[1]');
  });

  it('rejects invalid text with 3140 naming the column', () => {
    expect(storeError('{a}', T.json(), { column: 'j' })).toEqual({
      code: 3140,
      state: '22032',
      message: `Invalid JSON text: "Missing a name for object member." at position 1 in value for column 'j'.`,
    });
    expect(storeError('{a}', T.json(), { strict: false })).toMatchObject({ code: 3140 });
  });

  it('rejects non-string values as needing CAST', () => {
    expect(storeError(1n, T.json())).toMatchObject({ code: 3140, message: `Invalid JSON text: "not a JSON text, may need CAST" at position 0 in value for column 'c'.` });
  });
});

describe('BIT', () => {
  it('stores integers and strings as bit values', () => {
    expect(convertForColumn(5n, T.bit(3), storeCx())).toBe(5n);
    expect(convertForColumn('A', T.bit(8), storeCx())).toBe(65n);
    expect(storeError(8n, T.bit(3))).toMatchObject({ code: 1406 });
  });
});
