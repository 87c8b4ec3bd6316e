// Comparison and logical operators with three-valued logic:
//   = <=> <> != < <= > >=   [NOT] IN (list)   [NOT] BETWEEN   [NOT] LIKE … [ESCAPE]
//   AND OR XOR NOT   IS [NOT] NULL   IS [NOT] TRUE   IS [NOT] FALSE
//
// Results are BIGINT 1/0 typed as boolean (so JSON_ARRAY(1 = 1) is [true]) or NULL. How two
// operands compare — as integers, decimals, doubles, strings under a collation, datetimes,
// times or JSON — is MySQL's choice from their static types (types/compare.ts).
//
// NULL rules: a comparison with NULL is NULL except `<=>`; `x IN (…)` is 1 on a match, NULL when
// x is NULL or no match but the list holds NULL, else 0; AND is 0 if any side is 0 (even with a
// NULL), OR is 1 if any side is 1; XOR and NOT are NULL on NULL; IS … never returns NULL.
//
// LIKE matches per character under the collation (case-insensitive for _ci; trailing spaces
// count, as in MySQL), with % (any run), _ (one character) and the escape character (default
// backslash).

import { wrongParameters, wrongValue } from '../../errors.js';
import { T, isStringType, type SqlType } from '../../types/column-type.js';
import { parseDateTime } from '../../types/datetime.js';
import { comparisonCollation, comparisonKind, compareAs, type CompareKind } from '../../types/compare.js';
import { likeUnits } from '../../types/collation.js';
import { toBoolean } from '../../types/convert.js';
import { bytesToString, valueToString, type Value } from '../../types/value.js';
import type { EvalContext } from '../context.js';
import { defineFunction, type CallInfo, type FunctionOptions, type Thunk } from '../registry.js';
import { anyNullable, collationOfArgs } from './common.js';

const TRUE = 1n;
const FALSE = 0n;

function bool(b: boolean | null): Value {
  return b === null ? null : b ? TRUE : FALSE;
}

interface PairPlan {
  readonly kind: CompareKind;
  readonly collation: string;
  readonly types: readonly [SqlType | undefined, SqlType | undefined];
}

const planCache = new WeakMap<CallInfo, PairPlan[]>();

/** How argument 0 compares with argument i (cached per call site). */
function pairPlan(call: CallInfo, i: number): PairPlan {
  let plans = planCache.get(call);
  if (!plans) {
    plans = [];
    planCache.set(call, plans);
  }
  let p = plans[i];
  if (!p) {
    const a = call.argTypes[0] ?? T.null();
    const b = call.argTypes[i] ?? T.null();
    p = { kind: comparisonKind(a, b), collation: comparisonCollation(a, b), types: [a, b] };
    plans[i] = p;
  }
  return p;
}

/** Compares the value of argument 0 (a) with that of argument i (b) as the call site dictates. */
export function compareArgs(a: Value, b: Value, ctx: EvalContext, call: CallInfo, i = 1): number | null {
  const p = pairPlan(call, i);
  return compareAs(p.kind, a, b, ctx, p.collation, p.types);
}

/** MySQL 8.0 converts a constant string compared with a DATE/DATETIME/TIMESTAMP column when
 *  the statement is prepared, and an invalid one is error 1525 ("Incorrect DATE value: ''"). */
function checkTemporalConstants(types: readonly SqlType[], options: FunctionOptions): void {
  const temporal = types.find((t) => t.kind === 'date' || t.kind === 'datetime' || t.kind === 'timestamp');
  if (!temporal) return;
  types.forEach((t, i) => {
    const c = options.constArgs?.[i];
    if (typeof c !== 'string' || !isStringType(t)) return;
    const r = parseDateTime(c);
    if (!r.value || (!r.value.isValidDate() && !r.value.isZeroDate() && r.value.month !== 0 && r.value.day !== 0)) {
      throw wrongValue(temporal.kind.toUpperCase(), c);
    }
  });
}

const boolType = (types: readonly SqlType[]): SqlType => T.bool(anyNullable(types));

const checkedBoolType = (types: readonly SqlType[], options: FunctionOptions): SqlType => {
  checkTemporalConstants(types, options);
  return boolType(types);
};

type CmpOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

function holds(op: CmpOp, c: number): boolean {
  switch (op) {
    case '=':
      return c === 0;
    case '<>':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

for (const op of ['=', '<>', '<', '<=', '>', '>='] as const) {
  defineFunction({
    name: op,
    aliases: op === '<>' ? ['!=', 'ne'] : op === '=' ? ['eq'] : op === '<' ? ['lt'] : op === '<=' ? ['le'] : op === '>' ? ['gt'] : ['ge'],
    minArgs: 2,
    returnType: checkedBoolType,
    eval: ([a = null, b = null], ctx, call) => {
      const c = compareArgs(a, b, ctx, call);
      return c === null ? null : bool(holds(op, c));
    },
  });
}

defineFunction({
  name: '<=>',
  aliases: ['nulleq'],
  minArgs: 2,
  returnType: (types, options) => {
    checkTemporalConstants(types, options);
    return T.bool(false);
  },
  eval: ([a = null, b = null], ctx, call) => {
    if (a === null || b === null) return bool(a === null && b === null);
    return bool(compareArgs(a, b, ctx, call) === 0);
  },
});

// ---- IN and BETWEEN --------------------------------------------------------------------------------

function inList(args: readonly Value[], ctx: EvalContext, call: CallInfo): boolean | null {
  const x = args[0] ?? null;
  if (x === null) return null;
  let sawNull = false;
  for (let i = 1; i < args.length; i++) {
    const v = args[i] ?? null;
    if (v === null) {
      sawNull = true;
      continue;
    }
    const c = compareArgs(x, v, ctx, call, i);
    if (c === 0) return true;
    if (c === null) sawNull = true;
  }
  return sawNull ? null : false;
}

defineFunction({
  name: 'in',
  minArgs: 2,
  maxArgs: Infinity,
  returnType: checkedBoolType,
  eval: (args, ctx, call) => bool(inList(args, ctx, call)),
});

defineFunction({
  name: 'not_in',
  minArgs: 2,
  maxArgs: Infinity,
  returnType: checkedBoolType,
  eval: (args, ctx, call) => {
    const r = inList(args, ctx, call);
    return r === null ? null : bool(!r);
  },
});

function between(args: readonly Value[], ctx: EvalContext, call: CallInfo): boolean | null {
  const [x = null, lo = null, hi = null] = args;
  if (x === null) return null;
  const c1 = lo === null ? null : compareArgs(x, lo, ctx, call, 1);
  const c2 = hi === null ? null : compareArgs(x, hi, ctx, call, 2);
  const geLo = c1 === null ? null : c1 >= 0;
  const leHi = c2 === null ? null : c2 <= 0;
  return and3(geLo, leHi);
}

defineFunction({
  name: 'between',
  minArgs: 3,
  returnType: checkedBoolType,
  eval: (args, ctx, call) => bool(between(args, ctx, call)),
});

defineFunction({
  name: 'not_between',
  minArgs: 3,
  returnType: checkedBoolType,
  eval: (args, ctx, call) => {
    const r = between(args, ctx, call);
    return r === null ? null : bool(!r);
  },
});

// ---- logic -----------------------------------------------------------------------------------------

function and3(a: boolean | null, b: boolean | null): boolean | null {
  if (a === false || b === false) return false;
  if (a === null || b === null) return null;
  return true;
}

function or3(a: boolean | null, b: boolean | null): boolean | null {
  if (a === true || b === true) return true;
  if (a === null || b === null) return null;
  return false;
}

defineFunction({
  name: 'and',
  aliases: ['&&'],
  minArgs: 2,
  maxArgs: Infinity,
  returnType: boolType,
  eval: (args, ctx) => {
    let r: boolean | null = true;
    for (const a of args) r = and3(r, toBoolean(a, ctx));
    return bool(r);
  },
  evalLazy: (args: readonly Thunk[], ctx) => {
    let r: boolean | null = true;
    for (const a of args) {
      r = and3(r, toBoolean(a(), ctx));
      if (r === false) return FALSE;
    }
    return bool(r);
  },
});

defineFunction({
  name: 'or',
  aliases: ['||'],
  minArgs: 2,
  maxArgs: Infinity,
  returnType: boolType,
  eval: (args, ctx) => {
    let r: boolean | null = false;
    for (const a of args) r = or3(r, toBoolean(a, ctx));
    return bool(r);
  },
  evalLazy: (args: readonly Thunk[], ctx) => {
    let r: boolean | null = false;
    for (const a of args) {
      r = or3(r, toBoolean(a(), ctx));
      if (r === true) return TRUE;
    }
    return bool(r);
  },
});

defineFunction({
  name: 'xor',
  minArgs: 2,
  maxArgs: Infinity,
  returnType: boolType,
  eval: (args, ctx) => {
    let r = false;
    for (const a of args) {
      const b = toBoolean(a, ctx);
      if (b === null) return null;
      r = r !== b;
    }
    return bool(r);
  },
});

defineFunction({
  name: 'not',
  aliases: ['!'],
  minArgs: 1,
  returnType: boolType,
  eval: ([a = null], ctx) => {
    const b = toBoolean(a, ctx);
    return b === null ? null : bool(!b);
  },
});

defineFunction({
  name: 'is_null',
  aliases: ['isnull', 'is_unknown'],
  minArgs: 1,
  returnType: () => T.bool(false),
  eval: ([a = null]) => bool(a === null),
});

defineFunction({
  name: 'is_not_null',
  aliases: ['is_not_unknown'],
  minArgs: 1,
  returnType: () => T.bool(false),
  eval: ([a = null]) => bool(a !== null),
});

for (const [name, want, negate] of [
  ['is_true', true, false],
  ['is_false', false, false],
  ['is_not_true', true, true],
  ['is_not_false', false, true],
] as const) {
  defineFunction({
    name,
    minArgs: 1,
    returnType: () => T.bool(false),
    eval: ([a = null], ctx) => {
      const b = toBoolean(a, ctx);
      const is = b === want;
      return bool(negate ? !is : is);
    },
  });
}

// ---- LIKE ------------------------------------------------------------------------------------------

type LikeToken = { readonly t: 'any' } | { readonly t: 'one' } | { readonly t: 'lit'; readonly u: string };

function compileLike(pattern: string, escape: string | null, collation: string): LikeToken[] {
  const chars = [...pattern];
  const folded = likeUnits(pattern, collation);
  const out: LikeToken[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (escape !== null && c === escape && i + 1 < chars.length) {
      i++;
      out.push({ t: 'lit', u: folded[i] as string });
    } else if (c === '%') {
      if (out[out.length - 1]?.t !== 'any') out.push({ t: 'any' });
    } else if (c === '_') {
      out.push({ t: 'one' });
    } else {
      out.push({ t: 'lit', u: folded[i] as string });
    }
  }
  return out;
}

/** Wildcard matching with backtracking to the last '%': O(n·m) worst case. */
function matchTokens(units: readonly string[], tokens: readonly LikeToken[]): boolean {
  let s = 0;
  let p = 0;
  let starP = -1;
  let starS = 0;
  while (s < units.length) {
    const tok = tokens[p];
    if (tok !== undefined && (tok.t === 'one' || (tok.t === 'lit' && tok.u === units[s]))) {
      s++;
      p++;
    } else if (tok !== undefined && tok.t === 'any') {
      starP = p++;
      starS = s;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (p < tokens.length && tokens[p]?.t === 'any') p++;
  return p === tokens.length;
}

const likeCache = new Map<string, LikeToken[]>();

/** `str LIKE pattern ESCAPE escape` under a collation. */
export function likeMatch(str: string, pattern: string, escape: string | null = '\\', collation = 'utf8mb4_bin'): boolean {
  const key = `${collation}\u0000${escape ?? ''}\u0000${pattern}`;
  let tokens = likeCache.get(key);
  if (!tokens) {
    tokens = compileLike(pattern, escape, collation);
    if (likeCache.size > 500) likeCache.clear();
    likeCache.set(key, tokens);
  }
  return matchTokens(likeUnits(str, collation), tokens);
}

function likeText(v: Value, type: SqlType | undefined): string | null {
  if (v instanceof Uint8Array) return bytesToString(v);
  return valueToString(v, type);
}

function like(args: readonly Value[], ctx: EvalContext, call: CallInfo): boolean | null {
  const [s = null, p = null] = args;
  if (s === null || p === null) return null;
  let escape: string | null = '\\';
  if (args.length > 2) {
    const e = args[2] ?? null;
    const text = e === null ? '' : likeText(e, call.argTypes[2]) ?? '';
    const chars = [...text];
    if (chars.length > 1) throw wrongParameters('ESCAPE');
    escape = chars.length === 0 ? (ctx.sqlMode.noBackslashEscapes ? null : '\\') : (chars[0] as string);
  } else if (ctx.sqlMode.noBackslashEscapes) {
    escape = null;
  }
  const str = likeText(s, call.argTypes[0]);
  const pat = likeText(p, call.argTypes[1]);
  if (str === null || pat === null) return null;
  return likeMatch(str, pat, escape, collationOfArgs(call.argTypes.slice(0, 2)));
}

defineFunction({
  name: 'like',
  minArgs: 2,
  maxArgs: 3,
  returnType: (types) => T.bool(anyNullable(types.slice(0, 2))),
  eval: (args, ctx, call) => bool(like(args, ctx, call)),
});

defineFunction({
  name: 'not_like',
  minArgs: 2,
  maxArgs: 3,
  returnType: (types) => T.bool(anyNullable(types.slice(0, 2))),
  eval: (args, ctx, call) => {
    const r = like(args, ctx, call);
    return r === null ? null : bool(!r);
  },
});
