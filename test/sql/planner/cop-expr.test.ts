// The planner's pushdown test for conditions: what it translates must filter exactly as the SQL
// layer filters (the translated DAG expression runs through the store's vectorized evaluator on
// random rows with NULLs and edge values, beside sql/expr's own evaluation), and what the store
// cannot do the SQL way (implicit casts between classes, _ci collations, TIMESTAMP, outer refs,
// functions the store lacks, LIKE with a column pattern) is refused.
import { describe, expect, it } from 'vitest';
import { compileExpr } from '../../../kv/coprocessor/expression.js';
import { truth } from '../../../kv/coprocessor/functions.js';
import { vectorBuilder, type Batch } from '../../../kv/coprocessor/vector.js';
import { bindFunction, call, col, constant, createEvalContext, type Expression } from '../../../sql/expr/index.js';
import { copDatum, copFieldType, toCopAgg, toCopExpr } from '../../../sql/planner/cop-expr.js';
import { DateTime, Decimal, T, toBoolean, type SqlType, type Value } from '../../../sql/types/index.js';

const A = col(1, T.int(), 'a');
const U = col(2, T.bigint({ unsigned: true }), 'u');
const D = col(3, T.decimal(10, 2), 'd');
const F = col(4, T.double(), 'f');
const S = col(5, T.varchar(10), 's');
const DT = col(6, T.datetime(), 'dt');
const COLS = [A, U, D, F, S, DT];
const OFFSETS = new Map(COLS.map((c, i) => [c.id, i]));

const fn = (name: string, ...args: Expression[]): Expression => call(bindFunction(name, args.map((a) => a.type)), args);
const lit = (v: Value, t: SqlType): Expression => constant(v, t);

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomRows(n: number): Value[][] {
  const r = rng(99);
  const pick = <X,>(xs: readonly X[]): X => xs[Math.floor(r() * xs.length)] as X;
  const maybe = (v: () => Value): Value => (r() < 0.1 ? null : v());
  return Array.from({ length: n }, () => [
    maybe(() => BigInt(Math.floor(r() * 20) - 5)),
    maybe(() => pick([0n, 1n, 50n, 99n, 2n ** 64n - 1n])),
    maybe(() => Decimal.of(BigInt(Math.floor(r() * 4000) - 1000), 2)),
    maybe(() => pick([0, -0, 1.5, 2.5, 1e300])),
    maybe(() => pick(['', 'a', 'a ', 'ab', 'b', 'A', 'abc'])),
    maybe(() => DateTime.of(2024, 1 + Math.floor(r() * 3), 1 + Math.floor(r() * 28))),
  ]);
}

function evalSql(e: Expression, row: readonly Value[]): Value {
  const ctx = createEvalContext({ timeZone: '+00:00' });
  const go = (x: Expression): Value => {
    switch (x.kind) {
      case 'column':
        return row[OFFSETS.get(x.id) as number] ?? null;
      case 'const':
        return x.value;
      case 'call':
        return x.fn.eval(x.args.map(go), ctx);
      default:
        throw new Error('outer');
    }
  };
  return go(e);
}

function storeBatch(rows: readonly Value[][]): Batch {
  const columns = COLS.map((c, i) => {
    const t = copFieldType(c.type);
    const b = vectorBuilder(t, rows.length);
    for (const row of rows) {
      const d = copDatum(row[i] ?? null, c.type);
      b.append(d === null || d === undefined ? null : typeof d === 'object' && 'coef' in d ? d.coef * 10n ** BigInt(t.scale - d.scale) : d);
    }
    return b.finish();
  });
  return { length: rows.length, columns };
}

const PUSHABLE: [string, Expression][] = [
  ["a > 5 AND s LIKE 'a%'", fn('and', fn('>', A, lit(5n, T.bigint())), fn('like', S, lit('a%', T.varchar(2))))],
  ['d * 2.00 >= 10.50 OR f IS NULL', fn('or', fn('>=', fn('*', D, lit(Decimal.of(200n, 2), T.decimal(3, 2))), lit(Decimal.of(1050n, 2), T.decimal(4, 2))), fn('is_null', F))],
  ['u <> 99 AND u >= 1', fn('and', fn('<>', U, lit(99n, T.bigint())), fn('>=', U, lit(1n, T.bigint())))],
  ['NOT (a IN (1, 2, 3))', fn('not', fn('in', A, lit(1n, T.bigint()), lit(2n, T.bigint()), lit(3n, T.bigint())))],
  ['IFNULL(a, 0) = 0', fn('=', fn('ifnull', A, lit(0n, T.bigint())), lit(0n, T.bigint()))],
  ["dt >= '2024-02-01' XOR s = 'a'", fn('xor', fn('>=', DT, lit(DateTime.of(2024, 2, 1), T.datetime())), fn('=', S, lit('a', T.varchar(1))))],
  ['f / 2 > 0.5 OR f <=> NULL', fn('or', fn('>', fn('/', F, lit(2, T.double())), lit(0.5, T.double())), fn('<=>', F, lit(null, T.double())))],
  ["a BETWEEN 0 AND 4 AND s BETWEEN 'a' AND 'b'", fn('and', fn('between', A, lit(0n, T.bigint()), lit(4n, T.bigint())), fn('between', S, lit('a', T.varchar(1)), lit('b', T.varchar(1))))],
  ['-a < a + 1', fn('<', fn('neg', A), fn('+', A, lit(1n, T.bigint())))],
  ['d IS NOT NULL AND s IS NOT NULL OR dt IS NOT NULL', fn('or', fn('and', fn('is_not_null', D), fn('is_not_null', S)), fn('is_not_null', DT))],
];

describe('conditions the planner may push to the stores', () => {
  const rows = randomRows(300);
  const batch = storeBatch(rows);

  for (const [text, e] of PUSHABLE) {
    it(`${text} filters the same rows on the store as on the SQL server`, () => {
      const pushed = toCopExpr(e, OFFSETS);
      expect(pushed, 'pushable').toBeDefined();
      const compiled = compileExpr(pushed as NonNullable<typeof pushed>, batch.columns.map((c) => c.type));
      const v = compiled.eval(batch);
      const onStore = rows.map((_, i) => truth(v, i) === true);
      const ctx = createEvalContext({ timeZone: '+00:00' });
      const onSql = rows.map((row) => toBoolean(evalSql(e, row), ctx) === true);
      expect(onStore).toEqual(onSql);
    });
  }

  const ts = col(7, T.timestamp(), 'ts');
  const ci = col(8, T.varchar(10, { collation: 'utf8mb4_general_ci' }), 'ci');
  const NOT_PUSHABLE: [string, Expression][] = [
    ['a = 1.5 (an implicit cast from INT to DECIMAL)', fn('=', A, lit(Decimal.of(15n, 1), T.decimal(2, 1)))],
    ['ci = "x" (a case-insensitive collation)', fn('=', ci, lit('x', T.varchar(1)))],
    ['ts > a TIMESTAMP constant (stored in UTC, shown in the session zone)', fn('>', ts, lit(DateTime.of(2024, 1, 1), T.timestamp()))],
    ['ABS(a) > 1 (a function the store lacks)', fn('>', fn('abs', A), lit(1n, T.bigint()))],
    ['s LIKE s (a column pattern)', fn('like', S, S)],
    ['a > an outer column', fn('>', A, { kind: 'outer', id: 99, type: T.int(), name: 'o.a' })],
    ['b > 1 (a column the scan does not read)', fn('>', col(42, T.int(), 'b'), lit(1n, T.bigint()))],
  ];
  for (const [text, e] of NOT_PUSHABLE) {
    it(`keeps ${text} on the SQL server`, () => {
      expect(toCopExpr(e, new Map([...OFFSETS, [7, 6], [8, 7]]))).toBeUndefined();
    });
  }
});

describe('aggregates the planner may push to the stores', () => {
  const ci = col(8, T.varchar(10, { collation: 'utf8mb4_general_ci' }), 'ci');
  const offsets = new Map([...OFFSETS, [8, 6]]);
  // [aggregate, arguments, DISTINCT, GROUP BY present, how the SQL side merges it (undefined: stays up)]
  const CASES: [string, Expression[], boolean, boolean, string | undefined][] = [
    ['count', [], false, false, 'partial'],
    ['count', [S], false, false, 'partial'],
    ['count', [A, S], false, false, undefined],
    ['sum', [U], false, false, 'partial'],
    ['avg', [D], false, true, 'partial'],
    ['sum', [F], false, false, undefined],
    ['avg', [F], false, false, undefined],
    ['sum', [DT], false, false, undefined],
    ['min', [S], false, false, 'partial'],
    ['max', [DT], true, false, 'partial'],
    ['max', [ci], false, false, undefined],
    ['any_value', [A], false, true, 'first-row'],
    ['any_value', [A], false, false, undefined],
    ['count', [S], true, false, 'values'],
    ['sum', [D], true, false, 'values'],
    ['avg', [F], true, false, undefined],
    ['group_concat', [S], false, false, undefined],
    ['std', [A], false, false, undefined],
    ['sum', [fn('+', A, lit(1n, T.bigint()))], false, false, 'partial'],
    ['sum', [fn('abs', A)], false, false, undefined],
  ];
  for (const [name, args, distinct, grouped, merge] of CASES) {
    const text = `${name.toUpperCase()}(${distinct ? 'DISTINCT ' : ''}${args.map((a) => (a.kind === 'column' ? a.name : '…')).join(', ') || '*'})${grouped ? ' with GROUP BY' : ''}`;
    it(`${text} ${merge ? `is pushed and merged as ${merge}` : 'stays on the SQL server'}`, () => {
      expect(toCopAgg(name, args, distinct, grouped, offsets)?.merge).toBe(merge);
    });
  }
});
