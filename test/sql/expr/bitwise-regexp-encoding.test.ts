// Bit operators, regular expressions, digests and base64.
import { describe, expect, it } from 'vitest';
import { T } from '../../../sql/types/column-type.js';
import type { Value } from '../../../sql/types/value.js';
import { failure, run, show } from './helpers.js';

describe('bit operators work on unsigned 64-bit integers', () => {
  it.each<[string, Value[], string]>([
    ['&', [29n, 15n], '13'],
    ['|', [29n, 15n], '31'],
    ['^', [1n, 1n], '0'],
    ['^', [11n, 3n], '8'],
    ['<<', [1n, 2n], '4'],
    ['>>', [4n, 2n], '1'],
    ['<<', [1n, 64n], '0'],
    ['~', [0n], '18446744073709551615'],
    ['~', [-1n], '0'],
    ['&', [-1n, 255n], '255'],
    ['|', ['3', 4n], '7'],
    ['&', [null, 1n], 'NULL'],
    ['bit_count', [64n], '1'],
    ['bit_count', [-1n], '64'],
  ])('%s(%o) = %s', (fn, args, out) => {
    expect(show(fn, ...args)).toBe(out);
  });
});

describe('regular expressions', () => {
  it.each<[string, Value[], string]>([
    ['regexp', ['Michael!', '.*'], '1'],
    ['regexp', ['new*\nline', 'new\\*.\\*line'], '0'],
    ['regexp', ['a', '^[a-d]'], '1'],
    ['regexp_like', ['abc', 'ABC'], '0'],
    ['regexp_like', ['abc', 'ABC', 'i'], '1'],
    ['rlike', [null, 'a'], 'NULL'],
    ['not_regexp', ['abc', '^x'], '1'],
    ['regexp_instr', ['dog cat dog', 'dog'], '1'],
    ['regexp_instr', ['dog cat dog', 'dog', 2n], '9'],
    ['regexp_instr', ['aa aaa aaaa', 'a{4}'], '8'],
    ['regexp_instr', ['aa aaa aaaa', 'a{3}', 1n, 1n, 1n], '7'],
    ['regexp_substr', ['abc def ghi', '[a-z]+', 1n, 3n], 'ghi'],
    ['regexp_substr', ['abc', 'x'], 'NULL'],
    ['regexp_replace', ['a b c', 'b', 'X'], 'a X c'],
    ['regexp_replace', ['abc def ghi', '[a-z]+', 'X', 1n, 3n], 'abc def X'],
    ['regexp_replace', ['abc', '(b)', '[$1]'], 'a[b]c'],
  ])('%s(%o) = %j', (fn, args, out) => {
    expect(show(fn, ...args)).toBe(out);
  });

  it('is case-insensitive under a _ci collation', () => {
    expect(run('regexp', ['ABC', '^abc$'], { types: [T.varchar(3, { collation: 'utf8mb4_general_ci' }), T.varchar(5)] }).out).toBe('1');
  });

  it('rejects invalid patterns', () => {
    expect(failure('regexp', ['a', '('])).toBe('3685 (HY000): Illegal argument to a regular expression.');
  });
});

describe('digests and base64', () => {
  it.each<[string, Value[], string]>([
    ['md5', ['testing'], 'ae2b1fca515949e5d54fb22b8ed95575'],
    ['sha1', ['abc'], 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['sha2', ['abc', 224n], '23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7'],
    ['sha2', ['abc', 0n], 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['sha2', ['abc', 1n], 'NULL'],
    ['to_base64', ['abc'], 'YWJj'],
    ['from_base64', ['YWJj'], 'abc'],
    ['from_base64', ['!!'], 'NULL'],
  ])('%s(%o) = %s', (fn, args, out) => {
    expect(show(fn, ...args)).toBe(out);
  });

  it('wraps TO_BASE64 output at 76 characters', () => {
    const out = show('to_base64', 'x'.repeat(100));
    expect(out.split('\n').map((l) => l.length)).toEqual([76, 60]);
    expect(show('from_base64', out)).toBe('x'.repeat(100));
  });
});
