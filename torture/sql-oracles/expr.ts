// Random expressions and predicates over the columns in scope, typed loosely by kind (numbers,
// strings, dates) so most of them mean something, yet mixing kinds now and then so MySQL's
// implicit conversions get exercised too. Only deterministic functions: an oracle compares two
// runs of the same data, so NOW() or RAND() would be noise.
import type { SeededRng } from '../../kv/raft/rng.js';
import type { ValueKind } from './schema.js';

export interface ScopeColumn {
  /** The reference as written in the query (`t0.c1`). */
  readonly ref: string;
  readonly kind: ValueKind;
}

const NUM_CONSTS = ['0', '1', '-1', '2', '3', '0.5', '-2.25', '10', '100', 'NULL', '2147483647', '1e3'];
const STR_CONSTS = ["''", "'a'", "'A'", "'b'", "'ab'", "'1'", "'10'", "'b '", 'NULL', "'x'"];
const DATE_CONSTS = ["'2024-01-01'", "'2024-01-01 12:30:00'", "'1999-12-31'", "DATE '2024-02-29'", 'NULL'];
const LIKE_PATTERNS = ["'a%'", "'%b'", "'_'", "'%'", "'A_'", "''", "'%1%'"];
const COMPARE = ['=', '<>', '<', '<=', '>', '>=', '<=>'];

export class ExprGen {
  constructor(
    private readonly rng: SeededRng,
    private readonly columns: readonly ScopeColumn[],
  ) {}

  private column(kind?: ValueKind): string | undefined {
    const of = kind ? this.columns.filter((c) => c.kind === kind) : this.columns;
    return of.length ? this.rng.pick(of).ref : undefined;
  }

  private constant(kind: ValueKind): string {
    return this.rng.pick(kind === 'num' ? NUM_CONSTS : kind === 'str' ? STR_CONSTS : DATE_CONSTS);
  }

  /** An expression of `kind` (its leaves are columns of that kind when there are any). */
  expr(kind: ValueKind, depth = 2): string {
    const r = this.rng;
    if (depth <= 0 || r.chance(0.4)) return (r.chance(0.75) ? this.column(kind) : undefined) ?? this.constant(kind);
    const d = depth - 1;
    switch (kind) {
      case 'num':
        switch (r.nextInt(11)) {
          case 0: return `(${this.expr('num', d)} + ${this.expr('num', d)})`;
          case 1: return `(${this.expr('num', d)} - ${this.expr('num', d)})`;
          case 2: return `(${this.expr('num', d)} * ${r.pick(['2', '-1', '0.5', '3'])})`;
          case 3: return `ABS(${this.expr('num', d)})`;
          case 4: return `COALESCE(${this.expr('num', d)}, ${this.constant('num')})`;
          case 5: return `IFNULL(${this.expr('num', d)}, ${this.expr('num', d)})`;
          case 6: return `CASE WHEN ${this.predicate(d)} THEN ${this.expr('num', d)} ELSE ${this.expr('num', d)} END`;
          case 7: return `LENGTH(${this.expr('str', d)})`;
          case 8: return `-(${this.expr('num', d)})`;
          case 9: return `IF(${this.predicate(d)}, ${this.expr('num', d)}, ${this.constant('num')})`;
          default: return `(${this.expr('num', d)} DIV ${r.pick(['2', '3', '-4'])})`;
        }
      case 'str':
        switch (r.nextInt(6)) {
          case 0: return `CONCAT(${this.expr('str', d)}, ${this.constant('str')})`;
          case 1: return `UPPER(${this.expr('str', d)})`;
          case 2: return `LOWER(${this.expr('str', d)})`;
          case 3: return `SUBSTRING(${this.expr('str', d)}, 1, ${r.pick(['1', '2'])})`;
          case 4: return `TRIM(${this.expr('str', d)})`;
          default: return `COALESCE(${this.expr('str', d)}, ${this.constant('str')})`;
        }
      case 'date':
        switch (r.nextInt(3)) {
          case 0: return `DATE_ADD(${this.expr('date', d)}, INTERVAL ${r.pick(['1', '-1', '31'])} DAY)`;
          case 1: return `DATE(${this.expr('date', d)})`;
          default: return `COALESCE(${this.expr('date', d)}, ${this.constant('date')})`;
        }
    }
  }

  /** A kind for one side of a comparison: the other side's mostly, another now and then. */
  private kind(): ValueKind {
    const present = [...new Set(this.columns.map((c) => c.kind))];
    return present.length && this.rng.chance(0.9) ? this.rng.pick(present) : this.rng.pick<ValueKind>(['num', 'str', 'date']);
  }

  /** A boolean condition (may be NULL for some rows: the point of TLP's third partition). */
  predicate(depth = 3): string {
    const r = this.rng;
    if (depth <= 0 || r.chance(0.35)) return this.atom(Math.max(depth - 1, 0));
    const d = depth - 1;
    switch (r.nextInt(5)) {
      case 0: return `(${this.predicate(d)} AND ${this.predicate(d)})`;
      case 1: return `(${this.predicate(d)} OR ${this.predicate(d)})`;
      case 2: return `(NOT ${this.predicate(d)})`;
      case 3: return `(${this.predicate(d)} XOR ${this.predicate(d)})`;
      default: return this.atom(d);
    }
  }

  private atom(depth: number): string {
    const r = this.rng;
    const k = this.kind();
    switch (r.nextInt(8)) {
      case 0:
      case 1:
      case 2: {
        const other = r.chance(0.85) ? k : this.kind();
        return `(${this.expr(k, depth)} ${r.pick(COMPARE)} ${this.expr(other, depth)})`;
      }
      case 3: return `(${this.expr(k, depth)} IS ${r.chance(0.5) ? 'NOT ' : ''}NULL)`;
      case 4: return `(${this.expr(k, depth)} ${r.chance(0.3) ? 'NOT ' : ''}BETWEEN ${this.constant(k)} AND ${this.constant(k)})`;
      case 5: return `(${this.expr(k, depth)} ${r.chance(0.3) ? 'NOT ' : ''}IN (${[0, 1, 2].map(() => this.constant(k)).join(', ')}))`;
      case 6: return `(${this.expr('str', depth)} ${r.chance(0.2) ? 'NOT ' : ''}LIKE ${r.pick(LIKE_PATTERNS)})`;
      default: return `(${this.expr(k, depth)})`; // a value used as a truth value, as MySQL allows
    }
  }
}
