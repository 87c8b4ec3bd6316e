// Bit operators and BIT_COUNT: & | ^ ~ << >> on unsigned 64-bit integers (BIGINT UNSIGNED), as
// MySQL evaluates them for numeric arguments. Operands are converted to integers first
// (doubles and decimals rounded, strings read as numbers, negatives wrapped to 2^64 + v);
// shifting by 64 or more gives 0. NULL in, NULL out.

import { T, type SqlType } from '../../types/column-type.js';
import { toDecimal, toInteger, wrap64 } from '../../types/convert.js';
import { Decimal } from '../../types/decimal.js';
import type { Value } from '../../types/value.js';
import type { EvalContext } from '../context.js';
import { defineFunction } from '../registry.js';
import { anyNullable } from './common.js';

const MASK = 2n ** 64n - 1n;

/** A value as an unsigned 64-bit integer (strings via their numeric prefix, rounded). */
export function asUint64(v: Value, ctx: EvalContext): bigint | null {
  if (v === null) return null;
  if (typeof v === 'bigint') return wrap64(v, true);
  if (typeof v === 'string' || v instanceof Uint8Array || typeof v === 'number' || v instanceof Decimal) {
    const d = toDecimal(v, ctx);
    if (d === null) return null;
    const i = d.toBigInt();
    if (i > MASK) return MASK;
    if (i < -(2n ** 63n)) return 2n ** 63n;
    return wrap64(i, true);
  }
  const i = toInteger(v, ctx, { unsigned: true });
  return i === null ? null : wrap64(i, true);
}

const uint = (types: readonly SqlType[]): SqlType => T.bigint({ unsigned: true, nullable: anyNullable(types) });

for (const [name, op] of [
  ['&', (a: bigint, b: bigint) => a & b],
  ['|', (a: bigint, b: bigint) => a | b],
  ['^', (a: bigint, b: bigint) => a ^ b],
  ['<<', (a: bigint, b: bigint) => (b >= 64n ? 0n : (a << b) & MASK)],
  ['>>', (a: bigint, b: bigint) => (b >= 64n ? 0n : a >> b)],
] as const) {
  defineFunction({
    name,
    aliases: name === '&' ? ['bitand'] : name === '|' ? ['bitor'] : name === '^' ? ['bitxor'] : name === '<<' ? ['leftshift'] : ['rightshift'],
    minArgs: 2,
    returnType: (types) => uint(types),
    eval: ([a = null, b = null], ctx) => {
      const x = asUint64(a, ctx);
      const y = asUint64(b, ctx);
      if (x === null || y === null) return null;
      return op(x, y);
    },
  });
}

defineFunction({
  name: '~',
  aliases: ['bitneg'],
  minArgs: 1,
  returnType: (types) => uint(types),
  eval: ([a = null], ctx) => {
    const x = asUint64(a, ctx);
    return x === null ? null : MASK ^ x;
  },
});

defineFunction({
  name: 'bit_count',
  minArgs: 1,
  returnType: (types) => T.bigint({ nullable: anyNullable(types) }),
  eval: ([a = null], ctx) => {
    let x = asUint64(a, ctx);
    if (x === null) return null;
    let n = 0n;
    while (x > 0n) {
      n += x & 1n;
      x >>= 1n;
    }
    return n;
  },
});
