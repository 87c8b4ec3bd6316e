// Math functions: exact rounding of integers and decimals, double rounding like rint, domains.
import { describe, expect, it } from 'vitest';
import { T, columnTypeString } from '../../../sql/types/column-type.js';
import { Decimal } from '../../../sql/types/decimal.js';
import { bindFunction } from '../../../sql/expr/index.js';
import type { Value } from '../../../sql/types/value.js';
import { ctxOf, failure, run, show } from './helpers.js';

const d = (s: string): Decimal => Decimal.fromString(s);

describe('math functions print what MySQL prints', () => {
  it.each<[string, Value[], string]>([
    ['abs', [-32n], '32'],
    ['abs', [d('-1.50')], '1.50'],
    ['abs', [-2.5], '2.5'],
    ['abs', [null], 'NULL'],
    ['sign', [-32n], '-1'],
    ['sign', [0n], '0'],
    ['sign', [234.5], '1'],
    ['round', [d('-1.23')], '-1'],
    ['round', [d('-1.58')], '-2'],
    ['round', [d('1.58')], '2'],
    ['round', [d('2.5')], '3'],
    ['round', [d('-2.5')], '-3'],
    ['round', [2.5], '2'],
    ['round', [3.5], '4'],
    ['round', [-2.5], '-2'],
    ['round', [d('1.298'), 1n], '1.3'],
    ['round', [d('1.298'), 0n], '1'],
    ['round', [d('23.298'), -1n], '20'],
    ['round', [155n, -1n], '160'],
    ['round', [-155n, -1n], '-160'],
    ['round', [154n, -2n], '200'],
    ['round', [1.298, 1n], '1.3'],
    ['round', [25e-1, 0n], '2'],
    ['round', [9223372036854775807n, 0n], '9223372036854775807'],
    ['truncate', [d('1.223'), 1n], '1.2'],
    ['truncate', [d('1.999'), 1n], '1.9'],
    ['truncate', [d('1.999'), 0n], '1'],
    ['truncate', [d('-1.999'), 1n], '-1.9'],
    ['truncate', [122n, -2n], '100'],
    ['truncate', [1.999, 1n], '1.9'],
    ['floor', [d('1.23')], '1'],
    ['floor', [d('-1.23')], '-2'],
    ['floor', [-1.5], '-2'],
    ['ceil', [d('1.23')], '2'],
    ['ceiling', [d('-1.23')], '-1'],
    ['ceil', [7n], '7'],
    ['mod', [234n, 10n], '4'],
    ['mod', [29n, 9n], '2'],
    ['mod', [d('34.5'), 3n], '1.5'],
    ['pow', [2n, 2n], '4'],
    ['power', [2n, -2n], '0.25'],
    ['sqrt', [4n], '2'],
    ['sqrt', [20n], '4.47213595499958'],
    ['sqrt', [-16n], 'NULL'],
    ['exp', [0n], '1'],
    ['ln', [1n], '0'],
    ['log', [2n, 65536n], '16'],
    ['log', [100n], '4.605170185988092'],
    ['log2', [65536n], '16'],
    ['log10', [100n], '2'],
    ['pi', [], '3.141593'],
    ['crc32', ['MySQL'], '3259397556'],
    ['crc32', ['mysql'], '2501908538'],
    ['degrees', [3.141592653589793], '180'],
    ['conv', ['a', 16n, 2n], '1010'],
    ['conv', ['6E', 18n, 8n], '172'],
    ['conv', [-17n, 10n, -18n], '-H'],
  ])('%s(%o) = %s', (fn, args, out) => {
    // Literal arguments are constants at plan time, as the planner passes them.
    expect(run(fn, args, { options: { constArgs: args } }).out).toBe(out);
  });

  it('shows ROUND with a non-constant digit count at the argument scale, as MySQL does', () => {
    expect(run('round', [d('1.298'), 1n]).out).toBe('1.300');
  });

  it('types ROUND by the argument class and constant digits', () => {
    const r = (types: Parameters<typeof bindFunction>[1], constArgs?: Value[]): string =>
      columnTypeString(bindFunction('round', types, constArgs ? { constArgs } : {}).returnType);
    expect(r([T.int()])).toBe('bigint');
    expect(r([T.decimal(10, 4), T.int()], [undefined as unknown as Value, 2n])).toBe('decimal(9,2)');
    expect(r([T.double(), T.int()])).toBe('double');
    expect(columnTypeString(bindFunction('floor', [T.decimal(10, 2)]).returnType)).toBe('bigint');
    expect(columnTypeString(bindFunction('floor', [T.decimal(40, 2)]).returnType)).toBe('decimal(39,0)');
  });

  it('keeps the scale ROUND asks for', () => {
    const f = bindFunction('round', [T.decimal(10, 1), T.int()], { constArgs: [undefined, 3n] });
    expect(run('round', [d('1.5'), 3n], { types: f.call.argTypes, options: f.call.options }).out).toBe('1.500');
  });

  it('warns 3020 for logarithms of non-positive numbers', () => {
    expect(run('ln', [0n])).toMatchObject({ out: 'NULL', warnings: ['Warning 3020 Invalid argument for logarithm'] });
    expect(run('log', [1n, 10n])).toMatchObject({ out: 'NULL', warnings: ['Warning 3020 Invalid argument for logarithm'] });
  });

  it('reports DOUBLE overflow with the call text', () => {
    expect(failure('pow', [10n, 400n])).toBe("1690 (22003): DOUBLE value is out of range in 'pow(10,400)'");
    expect(failure('exp', [1000n])).toBe("1690 (22003): DOUBLE value is out of range in 'exp(1000)'");
    expect(failure('abs', [-9223372036854775808n])).toBe("1690 (22003): BIGINT value is out of range in 'abs(-9223372036854775808)'");
  });

  it('reproduces MySQL RAND(seed) sequences', () => {
    expect(show('rand', 1n)).toBe('0.40540353712197724');
    const f = bindFunction('rand', [T.int()], { constArgs: [3n] });
    const ctx = ctxOf();
    const first = f.eval([3n], ctx);
    const second = f.eval([3n], ctx);
    expect(first).not.toBe(second);
    expect(f.eval([3n], ctxOf())).toBe(first);
    const r = bindFunction('rand', []).eval([], ctx) as number;
    expect(r).toBeGreaterThanOrEqual(0);
    expect(r).toBeLessThan(1);
  });
});
