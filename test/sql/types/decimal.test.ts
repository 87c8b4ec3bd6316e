// Decimal: exact parsing, MySQL's result scales, rounding half away from zero, printing.
import { describe, expect, it } from 'vitest';
import { Decimal } from '../../../sql/types/decimal.js';

const d = (s: string): Decimal => Decimal.fromString(s);

describe('Decimal parsing and printing', () => {
  it.each([
    ['0', '0'],
    ['1.50', '1.50'],
    ['-0.05', '-0.05'],
    ['  +12.3', '12.3'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['1e3', '1000'],
    ['1.5e-3', '0.0015'],
    ['-00012.340', '-12.340'],
    ['99999999999999999999999999999999999.999999999999999999999999999999', '99999999999999999999999999999999999.999999999999999999999999999999'],
  ])('parses %s and prints %s', (input, printed) => {
    expect(d(input).toString()).toBe(printed);
  });

  it('keeps the scale of the literal: 1.50 prints two fraction digits', () => {
    expect(d('1.50').scale).toBe(2);
  });

  it('reports the consumed prefix and no-digit input', () => {
    const p = Decimal.parse('12.5abc');
    expect(p.value.toString()).toBe('12.5');
    expect(p.end).toBe(4);
    expect(Decimal.parse('abc').bad).toBe(true);
    expect(Decimal.parse('').bad).toBe(true);
  });

  it('converts doubles through their shortest digits', () => {
    expect(Decimal.fromNumber(0.1).toString()).toBe('0.1');
    expect(Decimal.fromNumber(1e21).toString()).toBe('1000000000000000000000');
    expect(Decimal.fromNumber(-2.5e-7).toString()).toBe('-0.00000025');
  });
});

describe('Decimal arithmetic follows MySQL result scales', () => {
  it.each([
    ['1.5', '2.25', 'add', '3.75'],
    ['1.50', '2', 'add', '3.50'],
    ['1', '0.001', 'sub', '0.999'],
    ['1.5', '2.00', 'mul', '3.000'],
    ['-0.5', '0.5', 'mul', '-0.25'],
    ['7.5', '2', 'mod', '1.5'],
    ['-7.5', '2', 'mod', '-1.5'],
    ['7.5', '-2', 'mod', '1.5'],
  ])('%s %s %s = %s', (a, b, op, expected) => {
    const x = d(a);
    const y = d(b);
    const r = op === 'add' ? x.add(y) : op === 'sub' ? x.sub(y) : op === 'mul' ? x.mul(y) : x.mod(y);
    expect(r?.toString()).toBe(expected);
  });

  it('divides with 9-digit internal precision and shows scale s1+4 after rounding', () => {
    const third = d('1').div(d('3'));
    expect(third?.toString()).toBe('0.333333333');
    expect(third?.toFixed(4)).toBe('0.3333');
    expect(d('2').div(d('3'))?.toFixed(4)).toBe('0.6667');
    // 1/3*3 shows 1.0000 in MySQL because the quotient keeps 9 digits.
    expect(third?.mul(d('3')).toFixed(4)).toBe('1.0000');
    expect(d('1.5').div(d('2'))?.toFixed(5)).toBe('0.75000');
    expect(d('10').div(d('4'))?.toFixed(4)).toBe('2.5000');
  });

  it('returns null for division and modulo by zero', () => {
    expect(d('1').div(Decimal.ZERO)).toBeNull();
    expect(d('1').mod(d('0.00'))).toBeNull();
  });

  it('compares across scales exactly', () => {
    expect(d('1.0').compare(d('1'))).toBe(0);
    expect(d('0.1').compare(d('0.10000000000000000000000000001'))).toBe(-1);
    expect(d('-2').compare(d('-10'))).toBe(1);
  });
});

describe('Decimal rounding', () => {
  it.each([
    ['2.5', 0, '3'],
    ['-2.5', 0, '-3'],
    ['1.2345', 2, '1.23'],
    ['1.235', 2, '1.24'],
    ['-1.235', 2, '-1.24'],
    ['123.456', -1, '120'],
    ['155', -1, '160'],
    ['155', -2, '200'],
    ['-155', -2, '-200'],
    ['4', -1, '0'],
    ['5', -1, '10'],
    ['1.5', 3, '1.500'],
  ])('ROUND(%s, %d) = %s (half away from zero)', (v, digits, expected) => {
    expect(d(v).round(digits).toString()).toBe(expected);
  });

  it.each([
    ['1.999', 1, '1.9'],
    ['-1.999', 1, '-1.9'],
    ['199', -2, '100'],
  ])('TRUNCATE(%s, %d) = %s', (v, digits, expected) => {
    expect(d(v).truncate(digits).toString()).toBe(expected);
  });

  it('floors and ceils toward the right infinities', () => {
    expect(d('-1.5').floor().toString()).toBe('-2');
    expect(d('-1.5').ceil().toString()).toBe('-1');
    expect(d('1.2').ceil().toString()).toBe('2');
  });

  it('converts to integers half away from zero', () => {
    expect(d('2.5').toBigInt()).toBe(3n);
    expect(d('-2.5').toBigInt()).toBe(-3n);
    expect(d('2.4').toBigInt()).toBe(2n);
  });

  it('knows whether a value fits DECIMAL(p,s)', () => {
    expect(d('999.99').fits(5, 2)).toBe(true);
    expect(d('999.995').fits(5, 2)).toBe(false);
    expect(d('-999.994').fits(5, 2)).toBe(true);
    expect(Decimal.maxOf(65, 30).toString()).toBe('99999999999999999999999999999999999.999999999999999999999999999999');
  });
});
