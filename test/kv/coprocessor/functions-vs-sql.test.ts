// Every function a store evaluates must answer what the SQL layer answers for the same call:
// random vectors (NULLs and edge values included: 0, -0, ±1, int64 and uint64 limits, padded
// strings) go through sql/expr's bound function row by row and through kv/coprocessor's
// vectorized implementation, and the results (or the fact that both fail) must agree.
import { describe, expect, it } from 'vitest';
import { copType, type CopFieldType, type CopTypeKind } from '../../../kv/cop-types.js';
import { resolveFunction, type FunctionArg } from '../../../kv/coprocessor/functions.js';
import { scalarAt, vectorBuilder, type DecimalVector, type Scalar, type Vector } from '../../../kv/coprocessor/vector.js';
import { bindFunction, createEvalContext } from '../../../sql/expr/index.js';
import { DateTime, Decimal, Duration, T, type SqlType, type Value } from '../../../sql/types/index.js';

const ROWS = 300;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const U64_MAX = 2n ** 64n - 1n;

/** A small deterministic PRNG, so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Class = 'Int' | 'Uint' | 'Real' | 'Decimal' | 'String' | 'Time' | 'Duration';

const SQL_TYPES: Record<Class, SqlType> = {
  Int: T.bigint(),
  Uint: T.bigint({ unsigned: true }),
  Real: T.double(),
  Decimal: T.decimal(20, 4),
  String: T.varchar(10),
  Time: T.datetime(),
  Duration: T.time(),
};

function copTypeOf(t: SqlType): CopFieldType {
  const kind = t.kind as CopTypeKind;
  return copType(kind, {
    unsigned: 'unsigned' in t && t.unsigned === true && kind !== 'decimal',
    scale: t.kind === 'decimal' ? t.scale : 0,
    precision: t.kind === 'decimal' ? t.precision : 0,
    collation: 'collation' in t ? t.collation : '',
  });
}

function randomValue(c: Class, r: () => number): Value {
  if (r() < 0.12) return null;
  const pick = <X,>(xs: readonly X[]): X => xs[Math.floor(r() * xs.length)] as X;
  switch (c) {
    case 'Int':
      return r() < 0.3 ? pick([0n, 1n, -1n, I64_MIN, I64_MAX, 2n ** 62n]) : BigInt(Math.floor(r() * 2000) - 1000);
    case 'Uint':
      return r() < 0.3 ? pick([0n, 1n, I64_MAX, U64_MAX, 2n ** 63n]) : BigInt(Math.floor(r() * 2000));
    case 'Real':
      return r() < 0.3 ? pick([0, -0, 1, -1, 1.5, 1e300, -1e300]) : Math.round((r() * 200 - 100) * 8) / 8;
    case 'Decimal':
      return Decimal.of(r() < 0.2 ? pick([0n, 1n, -1n, 10n ** 19n - 1n]) : BigInt(Math.floor(r() * 2_000_000) - 1_000_000), 4);
    case 'String':
      return r() < 0.3 ? pick(['', ' ', 'a', 'a ', 'A', 'ab', 'b', 'é']) : Array.from({ length: Math.floor(r() * 4) }, () => pick(['a', 'b', ' ', 'z', '%'])).join('');
    case 'Time':
      return DateTime.of(2000 + Math.floor(r() * 30), 1 + Math.floor(r() * 12), 1 + Math.floor(r() * 28), Math.floor(r() * 24), Math.floor(r() * 60), Math.floor(r() * 60));
    case 'Duration':
      return new Duration(Math.floor(r() * 7_200_000_000) - 3_600_000_000);
  }
}

const encoder = new TextEncoder();

function toScalar(v: Value, t: CopFieldType): Scalar {
  if (v === null) return null;
  if (v instanceof Decimal) {
    const s = t.scale;
    return v.scale <= s ? v.coef * 10n ** BigInt(s - v.scale) : v.coef / 10n ** BigInt(v.scale - s);
  }
  if (typeof v === 'string') return encoder.encode(v);
  if (v instanceof DateTime) return v.packed();
  if (v instanceof Duration) return BigInt(v.micros);
  return v as bigint | number;
}

function vectorOf(values: readonly Value[], t: CopFieldType): Vector {
  const b = vectorBuilder(t, values.length);
  for (const v of values) b.append(toScalar(v, t));
  return b.finish();
}

/** The store's result as text, the SQL result as text, for comparison. */
function storeText(v: Vector, i: number): string {
  const x = scalarAt(v, i);
  if (x === null) return 'NULL';
  if (v.kind === 'decimal') return decimalText(x as bigint, (v as DecimalVector).scale);
  if (x instanceof Uint8Array) return Buffer.from(x).toString('utf8');
  return String(x === 0 && Object.is(x, -0) ? 0 : x);
}

function decimalText(coef: bigint, scale: number): string {
  // Normalised: no trailing fraction zeros, so 1.50 and 1.5 agree.
  let s = (coef < 0n ? -coef : coef).toString().padStart(scale + 1, '0');
  if (scale > 0) s = `${s.slice(0, -scale)}.${s.slice(-scale)}`.replace(/\.?0+$/, '');
  return (coef < 0n && s !== '0' ? '-' : '') + s;
}

function sqlText(v: Value): string {
  if (v === null) return 'NULL';
  if (v instanceof Decimal) return decimalText(v.coef, v.scale);
  if (v instanceof DateTime) return String(v.packed());
  if (v instanceof Duration) return String(v.micros);
  if (typeof v === 'number') return String(v === 0 ? 0 : v);
  return String(v);
}

interface Case {
  readonly sql: string;
  readonly sig: string;
  readonly args: readonly Class[];
  /** Argument positions that must be constants (LIKE's pattern). */
  readonly constants?: readonly number[];
}

const CMP: [string, string][] = [
  ['<', 'LT'],
  ['<=', 'LE'],
  ['>', 'GT'],
  ['>=', 'GE'],
  ['=', 'EQ'],
  ['<>', 'NE'],
  ['<=>', 'NullEQ'],
];

const CASES: Case[] = [
  ...CMP.flatMap(([sql, op]) => [
    { sql, sig: `${op}Int`, args: ['Int', 'Int'] as Class[] },
    { sql, sig: `${op}Int`, args: ['Int', 'Uint'] as Class[] },
    { sql, sig: `${op}Real`, args: ['Real', 'Real'] as Class[] },
    { sql, sig: `${op}Decimal`, args: ['Decimal', 'Decimal'] as Class[] },
    { sql, sig: `${op}String`, args: ['String', 'String'] as Class[] },
    { sql, sig: `${op}Time`, args: ['Time', 'Time'] as Class[] },
    { sql, sig: `${op}Duration`, args: ['Duration', 'Duration'] as Class[] },
  ]),
  ...(['Int', 'Real', 'Decimal'] as const).flatMap((c) => [
    { sql: '+', sig: `Plus${c}`, args: [c, c] },
    { sql: '-', sig: `Minus${c}`, args: [c, c] },
    { sql: '*', sig: `Multiply${c}`, args: [c, c] },
    { sql: 'neg', sig: `UnaryMinus${c}`, args: [c] },
    { sql: 'not', sig: `UnaryNot${c}`, args: [c] },
    { sql: 'is_null', sig: `IsNull${c}`, args: [c] },
    { sql: 'ifnull', sig: `IfNull${c}`, args: [c, c] },
    { sql: 'in', sig: `In${c}`, args: [c, c, c, c] },
  ]),
  { sql: '+', sig: 'PlusInt', args: ['Uint', 'Uint'] },
  { sql: '-', sig: 'MinusInt', args: ['Uint', 'Int'] },
  { sql: '/', sig: 'DivideReal', args: ['Real', 'Real'] },
  { sql: 'and', sig: 'LogicalAnd', args: ['Int', 'Int'] },
  { sql: 'or', sig: 'LogicalOr', args: ['Int', 'Real'] },
  { sql: 'xor', sig: 'LogicalXor', args: ['Decimal', 'Int'] },
  { sql: 'in', sig: 'InString', args: ['String', 'String', 'String'] },
  { sql: 'is_null', sig: 'IsNullString', args: ['String'] },
  { sql: 'ifnull', sig: 'IfNullString', args: ['String', 'String'] },
  { sql: 'like', sig: 'LikeSig', args: ['String', 'String'], constants: [1] },
];

describe('store functions agree with the SQL layer on random data', () => {
  CASES.forEach((c, n) => {
    it(`${c.sig}(${c.args.join(', ')}) = SQL ${c.sql}`, () => {
      const r = rng(1000 + n);
      const sqlTypes = c.args.map((a) => SQL_TYPES[a]);
      const copTypes = sqlTypes.map(copTypeOf);
      const bound = bindFunction(c.sql, sqlTypes);
      const ret = copTypeOf(bound.returnType);
      const rows: Value[][] = Array.from({ length: ROWS }, () => c.args.map((a) => randomValue(a, r)));
      for (const k of c.constants ?? []) {
        const pattern = c.sql === 'like' ? 'a%' : (rows[0]?.[k] ?? null);
        for (const row of rows) row[k] = pattern;
      }
      const info: FunctionArg[] = copTypes.map((t, k) => ({
        type: t,
        isConstant: c.constants?.includes(k) ?? false,
        constant: c.constants?.includes(k) ? toScalar(rows[0]?.[k] ?? null, t) : undefined,
      }));
      const fn = resolveFunction(c.sig, info, ret);
      const ctx = createEvalContext({ timeZone: '+00:00' });

      const sqlOut: (string | 'ERROR')[] = rows.map((row) => {
        try {
          return sqlText(bound.eval(row, ctx));
        } catch {
          return 'ERROR';
        }
      });
      const storeOut: (string | 'ERROR')[] = rows.map((row) => {
        try {
          const v = fn(
            row.map((x, k) => vectorOf([x], copTypes[k] as CopFieldType)),
            1,
          );
          return storeText(v, 0);
        } catch {
          return 'ERROR';
        }
      });
      const mismatches = rows.flatMap((row, i) =>
        sqlOut[i] === storeOut[i] ? [] : [`${JSON.stringify(row.map(sqlText))}: sql ${sqlOut[i]}, store ${storeOut[i]}`],
      );
      expect(mismatches.slice(0, 5)).toEqual([]);

      // The same rows as one vectorized batch give the same answers (when no row fails).
      if (!sqlOut.includes('ERROR')) {
        const v = fn(
          copTypes.map((t, k) => vectorOf(rows.map((row) => row[k] ?? null), t)),
          ROWS,
        );
        expect(rows.map((_, i) => storeText(v, i))).toEqual(sqlOut);
      }
    });
  });
});
