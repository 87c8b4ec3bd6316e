// Number text as MySQL prints and reads it: my_gcvt layout for DOUBLE, 6 digits for FLOAT.
import { describe, expect, it } from 'vitest';
import { formatDouble, formatFloat, formatJsonDouble, parseDoublePrefix, parseIntegerPrefix } from '../../../sql/types/number-format.js';

describe('formatDouble prints like MySQL', () => {
  it.each([
    [0.1 + 0.2, '0.30000000000000004'],
    [1e20, '1e20'],
    [1e15, '1e15'],
    [1e14, '100000000000000'],
    [123456789012345680, '1.2345678901234568e17'],
    [123456789012345.6, '123456789012345.6'],
    [1.5, '1.5'],
    [-1.5, '-1.5'],
    [100, '100'],
    [0.0001, '0.0001'],
    [1e-7, '0.0000001'],
    [1e-15, '0.000000000000001'],
    [1e-16, '1e-16'],
    [1.5e300, '1.5e300'],
    [-2.5e-20, '-2.5e-20'],
    [0, '0'],
    [Number.MAX_VALUE, '1.7976931348623157e308'],
  ])('%s → %s', (x, s) => {
    expect(formatDouble(x)).toBe(s);
  });
});

describe('formatFloat keeps FLT_DIG (6) significant digits', () => {
  it.each([
    [Math.fround(3.14159274), '3.14159'],
    [Math.fround(0.1), '0.1'],
    [Math.fround(1e10), '10000000000'],
    [Math.fround(123456789), '123457000'],
    [Math.fround(1.5), '1.5'],
  ])('%s → %s', (x, s) => {
    expect(formatFloat(x)).toBe(s);
  });
});

describe('JSON doubles keep a decimal point', () => {
  it('prints 1.0 for an integral double and plain digits otherwise', () => {
    expect(formatJsonDouble(1)).toBe('1.0');
    expect(formatJsonDouble(1.25)).toBe('1.25');
    expect(formatJsonDouble(1e20)).toBe('1e20');
  });
});

describe('reading numeric prefixes', () => {
  it.each([
    ['12abc', 12, 2, false],
    ['  -1.5e2x', -150, 8, false],
    ['.5', 0.5, 2, false],
    ['abc', 0, 0, true],
    ['', 0, 0, true],
    ['1e', 1, 1, false],
    ['1e400', Number.MAX_VALUE, 5, false],
  ])('parseDoublePrefix(%j) = %s', (s, value, end, bad) => {
    const p = parseDoublePrefix(s);
    expect(p.value).toBe(value);
    expect(p.end).toBe(end);
    expect(p.bad).toBe(bad);
  });

  it('reads integers with decimal digits only and clips overflow', () => {
    expect(parseIntegerPrefix('2.5', false).value).toBe(2n);
    expect(parseIntegerPrefix('99999999999999999999', false)).toMatchObject({ value: 9223372036854775807n, overflow: true });
    expect(parseIntegerPrefix('18446744073709551615', true)).toMatchObject({ value: 18446744073709551615n, overflow: false });
    expect(parseIntegerPrefix('-9223372036854775808', false)).toMatchObject({ value: -9223372036854775808n, overflow: false });
  });
});
