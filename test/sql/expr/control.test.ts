// CASE, IF, IFNULL, NULLIF, COALESCE, GREATEST, LEAST, CAST: results, merged types, laziness.
import { describe, expect, it } from 'vitest';
import { T, columnTypeString } from '../../../sql/types/column-type.js';
import { Decimal } from '../../../sql/types/decimal.js';
import { DateTime } from '../../../sql/types/datetime.js';
import { JsonValue } from '../../../sql/types/json.js';
import { bindFunction } from '../../../sql/expr/index.js';
import type { CastTarget } from '../../../sql/types/convert.js';
import type { Value } from '../../../sql/types/value.js';
import { ctxOf, failure, run, show } from './helpers.js';

const cast = (v: Value, castTarget: CastTarget): { out: string; warnings: readonly string[] } => {
  const { out, warnings } = run('cast', [v], { options: { castTarget } });
  return { out, warnings };
};

describe('CASE', () => {
  it('searched CASE picks the first true condition', () => {
    expect(show('case', 0n, 'a', 1n, 'b', 'c')).toBe('b');
    expect(show('case', 0n, 'a', null, 'b', 'c')).toBe('c');
    expect(show('case', 0n, 'a')).toBe('NULL');
  });

  it('simple CASE compares with implicit casts', () => {
    expect(show('case_simple', 2n, 1n, 'one', 2n, 'two', 'other')).toBe('two');
    expect(show('case_simple', '2', 1n, 'one', 2n, 'two')).toBe('two');
    expect(show('case_simple', null, null, 'null?', 'else')).toBe('else');
  });

  it('merges branch types and converts the chosen value', () => {
    const f = bindFunction('case', [T.int(), T.int(), T.int(), T.varchar(3)]);
    expect(columnTypeString(f.returnType)).toBe('varchar(11)');
    expect(f.eval([1n, 5n, 1n, 'x'], ctxOf())).toBe('5');
    expect(columnTypeString(bindFunction('case', [T.int(), T.int(), T.decimal(5, 2)]).returnType)).toBe('decimal(12,2)');
  });

  it('evaluates only the branch taken', () => {
    const f = bindFunction('case', [T.int(), T.int(), T.int()]);
    let touched = false;
    const v = f.evalLazy([() => 1n, () => 7n, () => {
      touched = true;
      return 0n;
    }], ctxOf());
    expect(v).toBe(7n);
    expect(touched).toBe(false);
  });
});

describe('IF, IFNULL, NULLIF, COALESCE', () => {
  it.each([
    ['if', [1n, 'yes', 'no'], 'yes'],
    ['if', [0n, 'yes', 'no'], 'no'],
    ['if', [null, 'yes', 'no'], 'no'],
    ['if', ['0.0', 1n, 2n], '2'],
    ['ifnull', [null, 2n], '2'],
    ['ifnull', [1n, 2n], '1'],
    ['ifnull', [null, null], 'NULL'],
    ['nullif', [1n, 1n], 'NULL'],
    ['nullif', [1n, 2n], '1'],
    ['nullif', [null, 1n], 'NULL'],
    ['nullif', ['a', 'A'], 'a'],
    ['coalesce', [null, null, 3n, 4n], '3'],
    ['coalesce', [null, null], 'NULL'],
  ] as const)('%s(%o) = %s', (fn, args, out) => {
    expect(show(fn, ...(args as readonly Value[]))).toBe(out);
  });

  it('types IFNULL as the merged type, not nullable when the fallback is not', () => {
    const f = bindFunction('ifnull', [T.int(), T.decimal(5, 2, { nullable: false })]);
    expect(columnTypeString(f.returnType)).toBe('decimal(12,2)');
    expect(f.returnType.nullable).toBe(false);
    expect(valueOf(f.eval([3n, null], ctxOf()))).toBe('3');
  });
});

function valueOf(v: Value): string {
  return v instanceof Decimal ? v.toString() : String(v);
}

describe('INTERVAL', () => {
  it.each<[Value[], string]>([
    [[23n, 1n, 15n, 17n, 30n, 44n, 200n], '3'],
    [[10n, 1n, 10n, 100n, 1000n], '2'],
    [[22n, 23n, 30n, 44n, 200n], '0'],
    [[null, 1n], '-1'],
  ])('INTERVAL(%o) = %s', (args, out) => {
    expect(show('interval', ...args)).toBe(out);
  });
});

describe('GREATEST and LEAST', () => {
  it.each([
    ['greatest', [1n, 3n, 2n], '3'],
    ['least', [1n, 3n, 2n], '1'],
    ['greatest', [1n, null, 2n], 'NULL'],
    ['greatest', ['apple', 'banana'], 'banana'],
    ['least', [2n, Decimal.fromString('1.5')], '1.5'],
    ['greatest', [2n, 10.5], '10.5'],
    ['greatest', [DateTime.date(2024, 1, 2), DateTime.date(2023, 5, 6)], '2024-01-02'],
  ] as const)('%s(%o) = %s', (fn, args, out) => {
    expect(show(fn, ...(args as readonly Value[]))).toBe(out);
  });
});

describe('CAST', () => {
  it.each<[Value, CastTarget, string, string[]]>([
    ['12', { kind: 'signed' }, '12', []],
    ['2.5', { kind: 'signed' }, '2', ["Warning 1292 Truncated incorrect INTEGER value: '2.5'"]],
    ['abc', { kind: 'signed' }, '0', ["Warning 1292 Truncated incorrect INTEGER value: 'abc'"]],
    [2.5, { kind: 'signed' }, '2', []],
    [3.5, { kind: 'signed' }, '4', []],
    [Decimal.fromString('2.5'), { kind: 'signed' }, '3', []],
    [-1n, { kind: 'unsigned' }, '18446744073709551615', []],
    [18446744073709551615n, { kind: 'signed' }, '-1', []],
    ['18446744073709551615', { kind: 'unsigned' }, '18446744073709551615', []],
    ['1.235', { kind: 'decimal', precision: 5, scale: 2 }, '1.24', []],
    [1234.5, { kind: 'decimal', precision: 3, scale: 1 }, '99.9', ["Warning 1264 Out of range value for column 'cast(1234.5 as decimal(3,1))' at row 1"]],
    ['abc', { kind: 'decimal' }, '0', ["Warning 1292 Truncated incorrect DECIMAL value: 'abc'"]],
    [1n, { kind: 'double' }, '1', []],
    ['1e3', { kind: 'double' }, '1000', []],
    [123n, { kind: 'char' }, '123', []],
    ['abcdef', { kind: 'char', length: 3 }, 'abc', ["Warning 1292 Truncated incorrect CHAR(3) value: 'abcdef'"]],
    ['2024-01-02 03:04:05', { kind: 'date' }, '2024-01-02', []],
    ['2024-02-30', { kind: 'date' }, 'NULL', ["Warning 1292 Incorrect datetime value: '2024-02-30'"]],
    ['20240102', { kind: 'datetime' }, '2024-01-02 00:00:00', []],
    ['2024-01-02 03:04:05.678', { kind: 'datetime', fsp: 2 }, '2024-01-02 03:04:05.68', []],
    ['2024-01-02 03:04:05', { kind: 'time' }, '03:04:05', []],
    [123456n, { kind: 'time' }, '12:34:56', []],
    ['-1:2:3.5', { kind: 'time', fsp: 1 }, '-01:02:03.5', []],
    ['{"b":1,"a":2}', { kind: 'json' }, '{"a": 2, "b": 1}', []],
    [1n, { kind: 'json' }, '1', []],
    ['ab', { kind: 'char', charset: 'binary' }, 'ab', []],
    ['99', { kind: 'year' }, '1999', []],
    [5n, { kind: 'year' }, '2005', []],
  ])('CAST(%o AS %o) = %s', (v, target, out, warnings) => {
    expect(cast(v, target)).toEqual({ out, warnings });
  });

  it('pads BINARY(n) with zero bytes', () => {
    expect(run('cast', ['a'], { options: { castTarget: { kind: 'binary', length: 3 } } }).type).toMatchObject({ kind: 'varbinary', length: 3 });
    const f = bindFunction('cast', [T.varchar(1)], { castTarget: { kind: 'binary', length: 3 } });
    expect(f.eval(['a'], ctxOf())).toEqual(Uint8Array.from([0x61, 0, 0]));
  });

  it('rejects invalid JSON text with 3141', () => {
    expect(failure('cast', ['{a}'], { options: { castTarget: { kind: 'json' } } })).toBe(
      '3141 (22032): Invalid JSON text in argument 1 to function cast_as_json: "Missing a name for object member." at position 1.',
    );
  });

  it('keeps JSON values and booleans as JSON', () => {
    expect(show('json_array', JsonValue.parse('{"x":1}'))).toBe('[{"x": 1}]');
    const f = bindFunction('cast', [T.bool()], { castTarget: { kind: 'json' } });
    expect(String(f.eval([1n], ctxOf()))).toBe('true');
  });

  it('types CAST results', () => {
    expect(columnTypeString(bindFunction('cast', [T.varchar(5)], { castTarget: { kind: 'decimal', precision: 8, scale: 3 } }).returnType)).toBe('decimal(8,3)');
    expect(columnTypeString(bindFunction('cast', [T.int()], { castTarget: { kind: 'unsigned' } }).returnType)).toBe('bigint unsigned');
    expect(columnTypeString(bindFunction('cast', [T.int()], { castTarget: { kind: 'datetime', fsp: 3 } }).returnType)).toBe('datetime(3)');
  });
});
