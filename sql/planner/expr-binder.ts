// Binding expressions: the parser's `Expr` (names and literals) → a bound `Expression` (column
// ids, typed constants, registry functions resolved once with their argument types).
//
// What an expression may contain depends on where it is: aggregates only where a query
// aggregates, window functions only in the select list and ORDER BY, DEFAULT / VALUES() only in
// INSERT. The caller says so with hooks; without a hook such a node is an error, as in MySQL.
// Subqueries are planned by the `subquery` hook (an Apply operator on the caller's plan) and
// become a plain column reference here.
import { Decimal, DateTime, T, castResultType, charLength, toDateTime, toDuration, typeOfValue, withNullable, type SqlType, type Value, SILENT } from '../types/index.js';
import type { SqlType as Ty } from '../types/index.js';
import { bindFunction, call, constant, hasParam, isConstantExpr, paramConstant, col, compileExpr, type Expression, type FunctionOptions } from '../expr/index.js';
import { notSupported, operandColumns, incorrectTemporalValue } from '../errors.js';
import { printExpr, type Aggregate, type ColumnRef, type Expr, type WindowFunction, type Exists, type InSubquery, type Quantified, type Subquery } from '../parser/index.js';
import type { PlanContext } from './context.js';
import { invalidGroupFuncUse, windowInWrongPlace } from './errors.js';
import type { Scope } from './scope.js';

export interface BinderHooks {
  /** Overrides column resolution (post-aggregation scopes map columns to group outputs). */
  column?(ref: ColumnRef): Expression | undefined;
  /** Replaces a whole sub-expression (GROUP BY expressions after aggregation). */
  replace?(e: Expr): Expression | undefined;
  aggregate?(a: Aggregate): Expression;
  window?(w: Aggregate | WindowFunction): Expression;
  subquery?(s: Subquery | Exists | InSubquery | Quantified, binder: ExprBinder): Expression;
  /** DEFAULT / DEFAULT(col) / VALUES(col) in INSERT. */
  defaultValue?(column: string | undefined): Expression;
  valuesOf?(ref: ColumnRef): Expression;
}

const IS_NAMES = {
  null: ['is_null', 'is_not_null'],
  true: ['is_true', 'is_not_true'],
  false: ['is_false', 'is_not_false'],
  unknown: ['is_unknown', 'is_not_unknown'],
} as const;

export class ExprBinder {
  constructor(
    readonly ctx: PlanContext,
    readonly scope: Scope,
    /** MySQL's clause name for 1054 / 1052 messages. */
    readonly where: string,
    readonly hooks: BinderHooks = {},
  ) {}

  with(hooks: BinderHooks, where = this.where): ExprBinder {
    return new ExprBinder(this.ctx, this.scope, where, hooks);
  }

  bind(e: Expr): Expression {
    const replaced = this.hooks.replace?.(e);
    if (replaced) return replaced;
    switch (e.kind) {
      case 'Column': {
        const h = this.hooks.column?.(e);
        if (h) return h;
        const { col: c, depth } = this.scope.resolve(e, this.where);
        const name = c.table ? `${c.table}.${c.name}` : c.name;
        return depth === 0 ? col(c.id, c.type, name) : { kind: 'outer', id: c.id, type: c.type, name };
      }
      case 'IntLiteral':
        return constant(e.value, T.bigint({ unsigned: e.value > 9223372036854775807n, nullable: false }), e.text);
      case 'DecimalLiteral': {
        const d = Decimal.fromString(e.text);
        return constant(d, T.decimal(Math.max(d.precision(), d.scale, 1), d.scale, { nullable: false }), e.text);
      }
      case 'FloatLiteral':
        return constant(e.value, T.double({ nullable: false }), e.text);
      case 'StringLiteral': {
        if (e.charset === 'binary') {
          const b = Buffer.from(e.value, 'utf8');
          return constant(new Uint8Array(b), T.varbinary(Math.max(b.length, 1), { nullable: false }));
        }
        return constant(e.value, T.varchar(Math.max(charLength(e.value), 1), { nullable: false, collation: this.ctx.literalCollation }));
      }
      case 'HexLiteral': {
        const hex = e.hex.length % 2 ? `0${e.hex}` : e.hex;
        const b = new Uint8Array(Buffer.from(hex, 'hex'));
        return constant(b, T.varbinary(Math.max(b.length, 1), { nullable: false }), `0x${e.hex}`);
      }
      case 'BitLiteral': {
        let v = e.bits.length ? BigInt(`0b${e.bits}`) : 0n;
        const n = Math.max(1, Math.ceil(e.bits.length / 8));
        const b = new Uint8Array(n);
        for (let i = n - 1; i >= 0; i--) {
          b[i] = Number(v & 0xffn);
          v >>= 8n;
        }
        return constant(b, T.varbinary(n, { nullable: false }), `b'${e.bits}'`);
      }
      case 'NullLiteral':
        return constant(null, T.null(), 'NULL');
      case 'BoolLiteral':
        return constant(e.value ? 1n : 0n, T.bool(false), e.value ? 'TRUE' : 'FALSE');
      case 'TemporalLiteral':
        return this.temporal(e.type, e.text);
      case 'Param': {
        const v = this.ctx.params[e.index];
        if (v === undefined) throw notSupported(`parameter ${e.index + 1} without a value`);
        return paramConstant(e.index, v, paramType(v));
      }
      case 'Variable': {
        const { value, type } = this.ctx.variable(e);
        return constant(value, type);
      }
      case 'Unary':
        if (e.op === '+') return this.bind(e.expr);
        return this.fn(e.op === 'neg' ? 'neg' : e.op === 'not' ? 'not' : '~', [e.expr]);
      case 'Binary':
        return this.binary(e.op, e.left, e.right);
      case 'Is': {
        const names = IS_NAMES[e.test];
        return this.fn(names[e.not ? 1 : 0], [e.expr]);
      }
      case 'Like':
        return this.fn(e.not ? 'not_like' : 'like', e.escape ? [e.expr, e.pattern, e.escape] : [e.expr, e.pattern]);
      case 'InList': {
        if (e.expr.kind === 'Row') return this.rowIn(e.expr.items, e.list, e.not);
        for (const item of e.list) if (item.kind === 'Row') throw operandColumns(1);
        return this.fn(e.not ? 'not_in' : 'in', [e.expr, ...e.list]);
      }
      case 'Between':
        return this.fn(e.not ? 'not_between' : 'between', [e.expr, e.low, e.high]);
      case 'Case': {
        const args: Expr[] = [];
        if (e.operand) args.push(e.operand);
        for (const w of e.whens) args.push(w.when, w.then);
        if (e.else) args.push(e.else);
        return this.fn(e.operand ? 'case_simple' : 'case', args);
      }
      case 'Cast':
        return this.fn('cast', [e.expr], { castTarget: e.target });
      case 'ConvertUsing': {
        const cs = e.charset.toLowerCase();
        return this.fn('cast', [e.expr], { castTarget: cs === 'binary' ? { kind: 'binary' } : { kind: 'char', charset: cs } });
      }
      case 'Collate': {
        const inner = this.bind(e.expr);
        const t = inner.type;
        if (!('collation' in t)) return inner;
        const type: Ty = { ...t, collation: e.collation.toLowerCase() };
        return { ...inner, type } as Expression;
      }
      case 'Call':
        return this.fn(e.name, e.args, { ...(e.unit ? { unit: e.unit } : {}), ...(e.trimMode ? { trimMode: e.trimMode } : {}) });
      case 'Aggregate':
        if (e.over) {
          if (!this.hooks.window) throw windowInWrongPlace();
          return this.hooks.window(e);
        }
        if (!this.hooks.aggregate) throw invalidGroupFuncUse();
        return this.hooks.aggregate(e);
      case 'WindowFunction':
        if (!this.hooks.window) throw windowInWrongPlace();
        return this.hooks.window(e);
      case 'Subquery':
      case 'Exists':
      case 'InSubquery':
      case 'Quantified':
        if (!this.hooks.subquery) throw notSupported('subqueries in this context');
        return this.hooks.subquery(e, this);
      case 'Default':
        if (!this.hooks.defaultValue) throw notSupported('DEFAULT in this context');
        return this.hooks.defaultValue(e.column);
      case 'ValuesOf':
        if (!this.hooks.valuesOf) return constant(null, T.null());
        return this.hooks.valuesOf(e.column);
      case 'Row':
        throw operandColumns(1);
    }
  }

  /** Binds a registry function over AST arguments. */
  fn(name: string, args: readonly Expr[], options: FunctionOptions = {}): Expression {
    const bound = args.map((a) => this.bind(a));
    return this.callBound(name, bound, { ...options, argTexts: args.map(printExpr) });
  }

  /** Binds a registry function over bound arguments. */
  callBound(name: string, args: readonly Expression[], options: FunctionOptions = {}): Expression {
    const constArgs = args.map((a) => (a.kind === 'const' ? a.value : undefined));
    // A function may specialise on a constant argument (its result type, a pre-parsed format):
    // when that constant is a `?` value, the plan holds this execution's value and must not be
    // reused for another, so reading it tells the planner.
    const used = this.ctx.paramValueUsed;
    if (used) {
      args.forEach((a, i) => {
        if (a.kind !== 'const' || a.param === undefined) return;
        const v = a.value;
        const why = `${name}() depends on the value of parameter ${a.param + 1}`;
        Object.defineProperty(constArgs, i, {
          enumerable: true,
          get: () => {
            used(why);
            return v;
          },
        });
      });
    }
    const fn = bindFunction(
      name,
      args.map((a) => a.type),
      { ...options, constArgs },
      this.ctx.currentDb ?? '',
    );
    return call(fn, args);
  }

  private binary(op: string, left: Expr, right: Expr): Expression {
    if (left.kind === 'Row' || right.kind === 'Row') {
      if (left.kind !== 'Row' || right.kind !== 'Row') throw operandColumns(left.kind === 'Row' ? left.items.length : 1);
      if (left.items.length !== right.items.length) throw operandColumns(left.items.length);
      if (op === '=' || op === '<=>') {
        const parts = left.items.map((l, i) => this.binary(op, l, right.items[i] as Expr));
        return parts.length === 1 ? (parts[0] as Expression) : this.callBound('and', parts);
      }
      if (op === '<>') {
        const parts = left.items.map((l, i) => this.binary('<>', l, right.items[i] as Expr));
        return parts.length === 1 ? (parts[0] as Expression) : this.callBound('or', parts);
      }
      if (op === '<' || op === '<=' || op === '>' || op === '>=') return this.rowOrder(op, left.items, right.items);
      throw operandColumns(1);
    }
    return this.fn(op, [left, right]);
  }

  /** (a, b) < (c, d) ≡ a < c OR (a = c AND b < d), lexicographically. */
  private rowOrder(op: '<' | '<=' | '>' | '>=', l: readonly Expr[], r: readonly Expr[]): Expression {
    const strict = op === '<' || op === '<=' ? '<' : '>';
    const build = (i: number): Expression => {
      const a = l[i] as Expr;
      const b = r[i] as Expr;
      if (i === l.length - 1) return this.fn(op, [a, b]);
      return this.callBound('or', [this.fn(strict, [a, b]), this.callBound('and', [this.fn('=', [a, b]), build(i + 1)])]);
    };
    return build(0);
  }

  private rowIn(items: readonly Expr[], list: readonly Expr[], not: boolean): Expression {
    const alts = list.map((row) => {
      if (row.kind !== 'Row' || row.items.length !== items.length) throw operandColumns(items.length);
      return this.binary('=', { kind: 'Row', items }, row);
    });
    const any = alts.length === 1 ? (alts[0] as Expression) : this.callBound('or', alts);
    return not ? this.callBound('not', [any]) : any;
  }

  private temporal(kind: 'date' | 'time' | 'timestamp', text: string): Expression {
    if (kind === 'time') {
      const d = toDuration(text, SILENT, 6);
      if (d === null) throw incorrectTemporalValue('time', text);
      return constant(d, T.time(d.fsp, { nullable: false }), `TIME '${text}'`);
    }
    const dt = toDateTime(text, SILENT, kind === 'date' ? 'date' : 'datetime', 6);
    if (dt === null) throw incorrectTemporalValue(kind === 'date' ? 'DATE' : 'DATETIME', text);
    const t = kind === 'date' ? T.date({ nullable: false }) : T.datetime(dt.fsp, { nullable: false });
    return constant(dt, t, `${kind.toUpperCase()} '${text}'`);
  }
}

function paramType(v: Value): SqlType {
  return withNullable(typeOfValue(v), v === null);
}

/** Evaluates a constant expression at plan time (LIMIT, range bounds); undefined otherwise. */
export function foldConstant(e: Expression, ctx: PlanContext): { value: Value } | undefined {
  if (!isConstantExpr(e)) return undefined;
  if (hasParam(e)) ctx.paramValueUsed?.('a parameter is folded into the plan (LIMIT ?, a window frame offset)');
  if (e.kind === 'const') return { value: e.value };
  return { value: compileExpr(e, new Map())([], ctx.evalCtx) };
}

export { DateTime, castResultType };
