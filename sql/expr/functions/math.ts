// Math functions: ABS, SIGN, ROUND, TRUNCATE, FLOOR, CEIL/CEILING, MOD, POW/POWER, SQRT, EXP,
// LN, LOG, LOG2, LOG10, PI, RAND, CRC32, DEGREES, RADIANS and the trigonometric functions.
//
// Exact arguments stay exact: ROUND/TRUNCATE/FLOOR/CEIL of integers and decimals work on bigint
// and Decimal (ROUND half away from zero; negative digits round left of the point), and only
// doubles (and strings, read as doubles) use floating point — where ROUND rounds half to even
// as C's rint() does (ROUND(2.5e0) = 2). Out-of-domain inputs give NULL (SQRT(-1)), with warning
// 3020 for logarithms; results past the DOUBLE range are error 1690.

import { valueOutOfRange, SqlError } from '../../errors.js';
import { T, isIntegerType, type SqlType } from '../../types/column-type.js';
import { MAX_DECIMAL_PRECISION, MAX_DECIMAL_SCALE, Decimal } from '../../types/decimal.js';
import { I64_MAX, I64_MIN, rint, toDecimal, toDouble, toInteger } from '../../types/convert.js';
import { bytesToString, valueToString, type Value } from '../../types/value.js';
import type { EvalContext } from '../context.js';
import { MysqlRandom } from '../context.js';
import { defineFunction, type CallInfo } from '../registry.js';
import { decimalShape, numClass } from '../type-infer.js';
import { anyNullable, callText, unsignedArg, warn } from './common.js';

function invalidLogArgument(): SqlError {
  return new SqlError('SQL:InvalidArgumentForLogarithm', 3020, '2201E', 'Invalid argument for logarithm');
}

function doubleOf(types: readonly SqlType[]): SqlType {
  return T.double({ nullable: anyNullable(types) });
}

function checkedDouble(r: number, fn: string, call: CallInfo, args: readonly Value[]): number {
  if (!Number.isFinite(r)) throw valueOutOfRange('DOUBLE', callText(fn, call, args));
  return r;
}

/** Type of a function that keeps its argument's numeric class (ABS, ROUND with unknown digits). */
function sameClass(t: SqlType | undefined, nullable: boolean): SqlType {
  if (!t) return T.double({ nullable });
  const c = numClass(t);
  if (c === 'int') return T.bigint({ unsigned: isIntegerType(t) && t.unsigned, nullable });
  if (c === 'decimal') {
    const s = decimalShape(t);
    return T.decimal(s.precision, s.scale, { nullable });
  }
  return T.double({ nullable });
}

// ---- ABS, SIGN -------------------------------------------------------------------------------------

defineFunction({
  name: 'abs',
  minArgs: 1,
  returnType: ([a]) => sameClass(a, a?.nullable ?? true),
  eval: ([a = null], ctx, call) => {
    if (a === null) return null;
    const rt = call.returnType;
    if (rt.kind === 'bigint') {
      const x = toInteger(a, ctx, { unsigned: unsignedArg(call, 0) });
      if (x === null) return null;
      const r = x < 0n ? -x : x;
      if (!unsignedArg(call, 0) && r > I64_MAX) throw valueOutOfRange('BIGINT', callText('abs', call, [a]));
      return r;
    }
    if (rt.kind === 'decimal') return toDecimal(a, ctx)?.abs() ?? null;
    const d = toDouble(a, ctx);
    return d === null ? null : Math.abs(d);
  },
});

defineFunction({
  name: 'sign',
  minArgs: 1,
  returnType: (types) => T.int({ nullable: anyNullable(types) }),
  eval: ([a = null], ctx) => {
    if (a === null) return null;
    if (typeof a === 'bigint') return a > 0n ? 1n : a < 0n ? -1n : 0n;
    if (a instanceof Decimal) return BigInt(a.sign());
    const d = toDouble(a, ctx);
    return d === null ? null : d > 0 ? 1n : d < 0 ? -1n : 0n;
  },
});

// ---- ROUND, TRUNCATE -------------------------------------------------------------------------------

function digitsConst(call: CallInfo | { options: CallInfo['options'] }): number | undefined {
  const v = call.options.constArgs?.[1];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'bigint') return Number(v < -100n ? -100n : v > 100n ? 100n : v);
  if (typeof v === 'number') return Math.trunc(v);
  return undefined;
}

function roundType(types: readonly SqlType[], options: CallInfo['options'], truncate: boolean): SqlType {
  const a = types[0] ?? T.null();
  const nullable = anyNullable(types);
  const c = numClass(a);
  const d = types.length > 1 ? digitsConst({ options }) : 0;
  if (c === 'double') return T.double({ nullable });
  if (c === 'int') {
    return { kind: 'bigint', unsigned: isIntegerType(a) && a.unsigned, nullable };
  }
  const s = decimalShape(a);
  if (d === undefined) return T.decimal(Math.min(s.precision, MAX_DECIMAL_PRECISION), s.scale, { nullable });
  const scale = Math.max(0, Math.min(d, MAX_DECIMAL_SCALE));
  const intDigits = s.precision - s.scale + (truncate ? 0 : 1);
  if (scale === 0 && !truncate && intDigits <= 18 && d <= 0) {
    return T.decimal(Math.max(intDigits, 1), 0, { nullable });
  }
  return T.decimal(Math.min(Math.max(intDigits + scale, 1), MAX_DECIMAL_PRECISION), scale, { nullable });
}

function pow10n(k: number): bigint {
  return 10n ** BigInt(k);
}

/** MySQL's double rounding: rint(x · 10^d) / 10^d (or the reverse for negative d). */
export function roundDouble(x: number, d: number, truncate: boolean): number {
  const f = (v: number): number => (truncate ? Math.trunc(v) : rint(v));
  if (d >= 0) {
    const p = 10 ** d;
    if (!Number.isFinite(p)) return x;
    const scaled = x * p;
    if (!Number.isFinite(scaled)) return x;
    return f(scaled) / p;
  }
  const p = 10 ** -d;
  if (!Number.isFinite(p)) return 0;
  return f(x / p) * p;
}

function roundValue(args: readonly Value[], ctx: EvalContext, call: CallInfo, truncate: boolean): Value {
  const a = args[0] ?? null;
  const dv = args.length > 1 ? args[1] ?? null : 0n;
  if (a === null || dv === null) return null;
  const dBig = toInteger(dv, ctx);
  if (dBig === null) return null;
  const d = Number(dBig < -100n ? -100n : dBig > 100n ? 100n : dBig);
  const rt = call.returnType;
  if (rt.kind === 'bigint') {
    const x = toInteger(a, ctx, { unsigned: unsignedArg(call, 0) });
    if (x === null) return null;
    if (d >= 0) return x;
    const unit = pow10n(-d);
    let q = x / unit;
    const r = x % unit;
    if (!truncate && (r < 0n ? -r : r) * 2n >= unit) q += x < 0n ? -1n : 1n;
    const out = q * unit;
    if (out > I64_MAX && !unsignedArg(call, 0)) throw valueOutOfRange('BIGINT', callText(truncate ? 'truncate' : 'round', call, args));
    if (out < I64_MIN) throw valueOutOfRange('BIGINT', callText(truncate ? 'truncate' : 'round', call, args));
    return out;
  }
  if (rt.kind === 'decimal') {
    const x = toDecimal(a, ctx);
    if (x === null) return null;
    const r = truncate ? x.truncate(Math.min(d, MAX_DECIMAL_SCALE)) : x.round(Math.min(d, MAX_DECIMAL_SCALE));
    return rt.scale > r.scale ? r.rescale(rt.scale) : r;
  }
  const x = toDouble(a, ctx);
  if (x === null) return null;
  return roundDouble(x, d, truncate);
}

defineFunction({
  name: 'round',
  minArgs: 1,
  maxArgs: 2,
  returnType: (types, o) => roundType(types, o, false),
  eval: (args, ctx, call) => roundValue(args, ctx, call, false),
});

defineFunction({
  name: 'truncate',
  minArgs: 2,
  returnType: (types, o) => roundType(types, o, true),
  eval: (args, ctx, call) => roundValue(args, ctx, call, true),
});

// ---- FLOOR, CEIL -----------------------------------------------------------------------------------

function floorCeilType([a = T.null()]: readonly SqlType[]): SqlType {
  const nullable = a.nullable;
  const c = numClass(a);
  if (c === 'int') return { kind: 'bigint', unsigned: isIntegerType(a) && a.unsigned, nullable };
  if (c === 'decimal') {
    const s = decimalShape(a);
    const intDigits = s.precision - s.scale + 1;
    return intDigits <= 18 ? T.bigint({ nullable }) : T.decimal(Math.min(intDigits, MAX_DECIMAL_PRECISION), 0, { nullable });
  }
  return T.double({ nullable });
}

for (const [name, aliases, up] of [
  ['floor', [], false],
  ['ceil', ['ceiling'], true],
] as const) {
  defineFunction({
    name,
    aliases,
    minArgs: 1,
    returnType: floorCeilType,
    eval: ([a = null], ctx, call) => {
      if (a === null) return null;
      const rt = call.returnType;
      const at = call.argTypes[0];
      if (at && numClass(at) === 'int') return toInteger(a, ctx, { unsigned: unsignedArg(call, 0) });
      if (rt.kind === 'bigint' || rt.kind === 'decimal') {
        const x = toDecimal(a, ctx);
        if (x === null) return null;
        const r = up ? x.ceil() : x.floor();
        return rt.kind === 'bigint' ? r.toBigInt() : r;
      }
      const d = toDouble(a, ctx);
      return d === null ? null : up ? Math.ceil(d) : Math.floor(d);
    },
  });
}

// ---- powers and logarithms -------------------------------------------------------------------------

defineFunction({
  name: 'pow',
  aliases: ['power'],
  minArgs: 2,
  returnType: doubleOf,
  eval: (args, ctx, call) => {
    const x = toDouble(args[0] ?? null, ctx);
    const y = toDouble(args[1] ?? null, ctx);
    if (x === null || y === null) return null;
    const r = Math.pow(x, y);
    if (Number.isNaN(r)) throw valueOutOfRange('DOUBLE', callText('pow', call, args));
    return checkedDouble(r, 'pow', call, args);
  },
});

defineFunction({
  name: 'sqrt',
  minArgs: 1,
  returnType: () => T.double({ nullable: true }),
  eval: ([a = null], ctx) => {
    const x = toDouble(a, ctx);
    if (x === null || x < 0) return null;
    return Math.sqrt(x);
  },
});

defineFunction({
  name: 'exp',
  minArgs: 1,
  returnType: doubleOf,
  eval: (args, ctx, call) => {
    const x = toDouble(args[0] ?? null, ctx);
    if (x === null) return null;
    return checkedDouble(Math.exp(x), 'exp', call, args);
  },
});

function logOf(x: number | null, ctx: EvalContext, f: (v: number) => number): number | null {
  if (x === null) return null;
  if (x <= 0) {
    warn(ctx, invalidLogArgument());
    return null;
  }
  return f(x);
}

defineFunction({
  name: 'ln',
  minArgs: 1,
  returnType: () => T.double({ nullable: true }),
  eval: ([a = null], ctx) => logOf(toDouble(a, ctx), ctx, Math.log),
});

defineFunction({
  name: 'log',
  minArgs: 1,
  maxArgs: 2,
  returnType: () => T.double({ nullable: true }),
  eval: (args, ctx) => {
    if (args.length === 1) return logOf(toDouble(args[0] ?? null, ctx), ctx, Math.log);
    const b = toDouble(args[0] ?? null, ctx);
    const x = toDouble(args[1] ?? null, ctx);
    if (b === null || x === null) return null;
    if (b <= 1 || x <= 0) {
      warn(ctx, invalidLogArgument());
      return null;
    }
    return Math.log(x) / Math.log(b);
  },
});

defineFunction({
  name: 'log2',
  minArgs: 1,
  returnType: () => T.double({ nullable: true }),
  eval: ([a = null], ctx) => logOf(toDouble(a, ctx), ctx, Math.log2),
});

defineFunction({
  name: 'log10',
  minArgs: 1,
  returnType: () => T.double({ nullable: true }),
  eval: ([a = null], ctx) => logOf(toDouble(a, ctx), ctx, Math.log10),
});

defineFunction({
  name: 'pi',
  minArgs: 0,
  // MySQL shows PI() with 6 decimals; the value keeps full precision.
  returnType: () => T.double({ precision: 8, scale: 6, nullable: false }),
  eval: () => Math.PI,
});

// ---- trigonometry ----------------------------------------------------------------------------------

const UNARY: readonly [string, (x: number) => number][] = [
  ['sin', Math.sin],
  ['cos', Math.cos],
  ['tan', Math.tan],
  ['asin', Math.asin],
  ['acos', Math.acos],
  ['degrees', (x) => (x * 180) / Math.PI],
  ['radians', (x) => (x * Math.PI) / 180],
];

for (const [name, f] of UNARY) {
  defineFunction({
    name,
    minArgs: 1,
    returnType: () => T.double({ nullable: true }),
    eval: ([a = null], ctx) => {
      const x = toDouble(a, ctx);
      if (x === null) return null;
      const r = f(x);
      return Number.isNaN(r) ? null : r;
    },
  });
}

defineFunction({
  name: 'cot',
  minArgs: 1,
  returnType: doubleOf,
  eval: (args, ctx, call) => {
    const x = toDouble(args[0] ?? null, ctx);
    if (x === null) return null;
    return checkedDouble(1 / Math.tan(x), 'cot', call, args);
  },
});

defineFunction({
  name: 'atan',
  minArgs: 1,
  maxArgs: 2,
  returnType: doubleOf,
  eval: (args, ctx) => {
    const y = toDouble(args[0] ?? null, ctx);
    if (y === null) return null;
    if (args.length === 1) return Math.atan(y);
    const x = toDouble(args[1] ?? null, ctx);
    return x === null ? null : Math.atan2(y, x);
  },
});

defineFunction({
  name: 'atan2',
  minArgs: 2,
  returnType: doubleOf,
  eval: ([a = null, b = null], ctx) => {
    const y = toDouble(a, ctx);
    const x = toDouble(b, ctx);
    return y === null || x === null ? null : Math.atan2(y, x);
  },
});

// ---- RAND, CRC32 -----------------------------------------------------------------------------------

defineFunction({
  name: 'rand',
  minArgs: 0,
  maxArgs: 1,
  deterministic: false,
  returnType: () => T.double({ nullable: false }),
  eval: (args, ctx, call) => {
    if (args.length === 0) return ctx.random.next();
    // RAND(N): a generator seeded once per statement for a constant N, re-seeded when N varies.
    const seedValue = args[0] ?? null;
    const seed = seedValue === null ? 0n : toInteger(seedValue, ctx) ?? 0n;
    const constant = call.options.constArgs?.[0] !== undefined;
    let st = call.state.get(ctx) as { seed: bigint; rng: MysqlRandom } | undefined;
    if (!st || (!constant && st.seed !== seed)) {
      st = { seed, rng: MysqlRandom.fromSeed(seed) };
      call.state.set(ctx, st);
    }
    return st.rng.next();
  },
});

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

defineFunction({
  name: 'crc32',
  minArgs: 1,
  returnType: (types) => T.int({ unsigned: true, nullable: anyNullable(types) }),
  eval: ([a = null], _ctx, call) => {
    if (a === null) return null;
    const b = a instanceof Uint8Array ? a : Buffer.from(valueToString(a, call.argTypes[0]) ?? '', 'utf8');
    return BigInt(crc32(b));
  },
});

/** CONV(n, from_base, to_base): base conversion of an unsigned 64-bit value (negative to_base: signed). */
defineFunction({
  name: 'conv',
  minArgs: 3,
  returnType: () => T.varchar(64, { nullable: true }),
  eval: (args, ctx, call) => {
    const [a = null, f = null, t = null] = args;
    if (a === null || f === null || t === null) return null;
    const from = Number(toInteger(f, ctx) ?? 0n);
    const to = Number(toInteger(t, ctx) ?? 0n);
    const fa = Math.abs(from);
    const ta = Math.abs(to);
    if (fa < 2 || fa > 36 || ta < 2 || ta > 36) return null;
    const text = (a instanceof Uint8Array ? bytesToString(a) : valueToString(a, call.argTypes[0]) ?? '').trim().toLowerCase();
    const neg = text.startsWith('-');
    let v = 0n;
    for (const ch of neg ? text.slice(1) : text) {
      const d = parseInt(ch, 36);
      if (Number.isNaN(d) || d >= fa) break;
      v = v * BigInt(fa) + BigInt(d);
      if (v > 18446744073709551615n) v = 18446744073709551615n;
    }
    if (neg) v = BigInt.asUintN(64, -v);
    if (to < 0 && v > I64_MAX) return '-' + (2n ** 64n - v).toString(ta).toUpperCase();
    return v.toString(ta).toUpperCase();
  },
});
