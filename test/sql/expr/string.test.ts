// String functions: characters vs bytes, negative positions, collations, NULL handling.
import { describe, expect, it } from 'vitest';
import { T } from '../../../sql/types/column-type.js';
import { Decimal } from '../../../sql/types/decimal.js';
import { DateTime } from '../../../sql/types/datetime.js';
import { bindFunction } from '../../../sql/expr/index.js';
import type { Value } from '../../../sql/types/value.js';
import { ctxOf, run, show } from './helpers.js';

type Case = readonly [string, readonly Value[], string];

const cases: Case[] = [
  ['concat', ['a', 'b', 'c'], 'abc'],
  ['concat', ['a', null, 'c'], 'NULL'],
  ['concat', ['x', 1n, 2.5, Decimal.fromString('1.50')], 'x12.51.50'],
  ['concat', [DateTime.date(2024, 1, 2), ' ok'], '2024-01-02 ok'],
  ['concat_ws', [',', 'a', null, 'c'], 'a,c'],
  ['concat_ws', [null, 'a', 'b'], 'NULL'],
  ['concat_ws', ['-', null], ''],
  ['substring', ['Quadratically', 5n], 'ratically'],
  ['substring', ['foobarbar', 4n, 3n], 'bar'],
  ['substring', ['Sakila', -3n], 'ila'],
  ['substring', ['Sakila', -5n, 3n], 'aki'],
  ['substring', ['Sakila', 0n], ''],
  ['substring', ['Sakila', 7n], ''],
  ['substring', ['Sakila', -7n], ''],
  ['substring', ['Sakila', 2n, 0n], ''],
  ['substring', ['Sakila', 2n, -1n], ''],
  ['substring', ['héllo😀x', 5n, 2n], 'o😀'],
  ['substr', ['abc', null], 'NULL'],
  ['mid', ['abcdef', 2n, 3n], 'bcd'],
  ['left', ['foobarbar', 5n], 'fooba'],
  ['left', ['abc', -1n], ''],
  ['right', ['foobarbar', 4n], 'rbar'],
  ['right', ['abc', 10n], 'abc'],
  ['length', ['text'], '4'],
  ['length', ['é😀'], '6'],
  ['char_length', ['é😀'], '2'],
  ['character_length', ['abc'], '3'],
  ['length', [null], 'NULL'],
  ['upper', ['hello Wörld'], 'HELLO WÖRLD'],
  ['ucase', ['straße'], 'STRAßE'],
  ['lower', ['QUADRATICALLY'], 'quadratically'],
  ['lcase', ['ÀÉ'], 'àé'],
  ['trim', ['  bar   '], 'bar'],
  ['ltrim', ['  barbar'], 'barbar'],
  ['rtrim', ['barbar   '], 'barbar'],
  ['replace', ['www.mysql.com', 'w', 'Ww'], 'WwWwWw.mysql.com'],
  ['replace', ['abc', '', 'x'], 'abc'],
  ['replace', ['aAa', 'a', 'b'], 'bAb'],
  ['locate', ['bar', 'foobarbar'], '4'],
  ['locate', ['xbar', 'foobar'], '0'],
  ['locate', ['bar', 'foobarbar', 5n], '7'],
  ['locate', ['', 'abc'], '1'],
  ['locate', ['b', 'abc', 0n], '0'],
  ['position', ['😀', 'a😀b'], '2'],
  ['instr', ['foobarbar', 'bar'], '4'],
  ['instr', ['xbar', 'foobar'], '0'],
  ['lpad', ['hi', 4n, '??'], '??hi'],
  ['lpad', ['hi', 1n, '??'], 'h'],
  ['lpad', ['hi', 5n, 'ab'], 'abahi'],
  ['rpad', ['hi', 5n, '?'], 'hi???'],
  ['rpad', ['hi', -1n, '?'], 'NULL'],
  ['reverse', ['abc😀'], '😀cba'],
  ['repeat', ['MySQL', 3n], 'MySQLMySQLMySQL'],
  ['repeat', ['x', 0n], ''],
  ['space', [3n], '   '],
  ['ascii', ['2'], '50'],
  ['ascii', [''], '0'],
  ['ascii', ['dx'], '100'],
  ['ord', ['2'], '50'],
  ['hex', ['abc'], '616263'],
  ['hex', [255n], 'FF'],
  ['hex', [-1n], 'FFFFFFFFFFFFFFFF'],
  ['strcmp', ['text', 'text2'], '-1'],
  ['strcmp', ['text2', 'text'], '1'],
  ['strcmp', ['text', 'text'], '0'],
  ['strcmp', [null, 'a'], 'NULL'],
  ['format', [12332.123456, 4n], '12,332.1235'],
  ['format', [12332.1, 4n], '12,332.1000'],
  ['format', [12332.2, 0n], '12,332'],
  ['format', [Decimal.fromString('-1234567.891'), 2n], '-1,234,567.89'],
  ['substring_index', ['www.mysql.com', '.', 2n], 'www.mysql'],
  ['substring_index', ['www.mysql.com', '.', -2n], 'mysql.com'],
  ['find_in_set', ['b', 'a,b,c,d'], '2'],
  ['find_in_set', ['z', 'a,b'], '0'],
  ['field', ['Bb', 'Aa', 'Bb', 'Cc'], '2'],
  ['field', ['x', 'a'], '0'],
  ['elt', [2n, 'Aa', 'Bb'], 'Bb'],
  ['elt', [3n, 'Aa', 'Bb'], 'NULL'],
  ['insert', ['Quadratic', 3n, 4n, 'What'], 'QuWhattic'],
  ['insert', ['Quadratic', -1n, 4n, 'What'], 'Quadratic'],
  ['insert', ['Quadratic', 3n, 100n, 'What'], 'QuWhat'],
  ['quote', ["Don't!"], "'Don\\'t!'"],
  ['quote', [null], 'NULL'],
  ['bin', [12n], '1100'],
  ['oct', [12n], '14'],
];

describe('string functions print what MySQL prints', () => {
  it.each(cases)('%s(%o) = %s', (fn, args, out) => {
    expect(show(fn, ...args)).toBe(out);
  });
});

describe('TRIM with a side and a removal string', () => {
  it.each([
    ['leading', 'x', 'xxxbarxxx', 'barxxx'],
    ['both', 'x', 'xxxbarxxx', 'bar'],
    ['trailing', 'xyz', 'barxxyz', 'barx'],
    ['both', 'ab', 'ababcab', 'c'],
  ] as const)('TRIM(%s %j FROM %j) = %j', (mode, rem, s, out) => {
    expect(run('trim', [s, rem], { options: { trimMode: mode } }).out).toBe(out);
  });
});

describe('binary strings work on bytes', () => {
  it('counts and slices bytes, and returns binary', () => {
    const bin = T.varbinary(10);
    const b = Buffer.from('é😀', 'utf8');
    expect(run('char_length', [b], { types: [bin] }).out).toBe('6');
    expect(run('length', [b], { types: [bin] }).out).toBe('6');
    const sub = bindFunction('substring', [bin, T.int()]).eval([Buffer.from('abcdef'), 3n], ctxOf());
    expect(Buffer.from(sub as Uint8Array).toString()).toBe('cdef');
    expect(bindFunction('concat', [T.varchar(3), bin]).returnType.kind).toBe('varbinary');
  });

  it('converts with HEX/UNHEX', () => {
    expect(Buffer.from(run('unhex', ['4D7953514C']).out, 'utf8').toString()).toBe('MySQL');
    expect(show('unhex', 'GG')).toBe('NULL');
    expect(show('hex', Buffer.from([0, 255]))).toBe('00FF');
  });
});

describe('collation-aware searching', () => {
  const ci = T.varchar(20, { collation: 'utf8mb4_general_ci' });
  it('finds case-insensitively under _ci', () => {
    expect(run('locate', ['BAR', 'foobar'], { types: [T.varchar(3), ci] }).out).toBe('4');
    expect(run('instr', ['FOOBAR', 'bar'], { types: [ci, T.varchar(3)] }).out).toBe('4');
    expect(run('strcmp', ['ABC', 'abc'], { types: [ci, T.varchar(3)] }).out).toBe('0');
    expect(show('locate', 'BAR', 'foobar')).toBe('0');
  });
});

describe('result size limits', () => {
  it('returns NULL with warning 1301 past max_allowed_packet', () => {
    const ctx = ctxOf({ maxAllowedPacket: 1000 });
    expect(run('repeat', ['ab', 1000n], { ctx })).toMatchObject({ out: 'NULL', warnings: ['Warning 1301 Result of repeat() was larger than max_allowed_packet (1000) - truncated'] });
  });
});
