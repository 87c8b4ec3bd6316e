// Control flow and type conversion: CASE (searched and simple), IF, IFNULL, NULLIF, COALESCE,
// GREATEST, LEAST, CAST / CONVERT.
//
// The result type merges the types of the branches (type-infer.ts: CASE WHEN … THEN 1 ELSE 'a'
// is a VARCHAR, IFNULL(int, decimal) a DECIMAL), and the chosen branch's value is converted to
// it, so a column of the result has one representation. `evalLazy` evaluates only the branch
// taken, as MySQL does (so an error or RAND() in an untaken branch has no effect).
//
// GREATEST/LEAST return NULL if any argument is NULL; they compare as integers when all
// arguments are integers, as decimals when all are exact numbers, as strings (collation) when
// all are strings, as datetimes for temporals with strings, else as doubles.

import { T, type SqlType } from '../../types/column-type.js';
import { castResultType, castValue, toBoolean, toDouble, type CastTarget } from '../../types/convert.js';
import { comparisonCollation, comparisonKind, compareAs, type CompareKind } from '../../types/compare.js';
import { unknownError } from '../../errors.js';
import type { Value } from '../../types/value.js';
import type { EvalContext } from '../context.js';
import { defineFunction, type CallInfo, type Thunk } from '../registry.js';
import { coerceToType, mergeTypes } from '../type-infer.js';
import { compareArgs } from './comparison.js';
import { argText } from './common.js';

function out(v: Value, call: CallInfo, ctx: EvalContext, argIndex: number): Value {
  return coerceToType(v, call.returnType, ctx, call.argTypes[argIndex]);
}

// ---- CASE ------------------------------------------------------------------------------------------

/** Searched CASE: args = cond1, result1, cond2, result2, …, [else]. */
function searchedCaseType(types: readonly SqlType[]): SqlType {
  const results: SqlType[] = [];
  for (let i = 1; i < types.length; i += 2) results.push(types[i] as SqlType);
  if (types.length % 2 === 1) results.push(types[types.length - 1] as SqlType);
  else results.push(T.null());
  return mergeTypes(results);
}

defineFunction({
  name: 'case',
  minArgs: 2,
  maxArgs: Infinity,
  returnType: searchedCaseType,
  eval: (args, ctx, call) => {
    const pairs = args.length - (args.length % 2);
    for (let i = 0; i < pairs; i += 2) {
      if (toBoolean(args[i] ?? null, ctx) === true) return out(args[i + 1] ?? null, call, ctx, i + 1);
    }
    return args.length % 2 === 1 ? out(args[args.length - 1] ?? null, call, ctx, args.length - 1) : null;
  },
  evalLazy: (args: readonly Thunk[], ctx, call) => {
    const pairs = args.length - (args.length % 2);
    for (let i = 0; i < pairs; i += 2) {
      if (toBoolean((args[i] as Thunk)(), ctx) === true) return out((args[i + 1] as Thunk)(), call, ctx, i + 1);
    }
    return args.length % 2 === 1 ? out((args[args.length - 1] as Thunk)(), call, ctx, args.length - 1) : null;
  },
});

/** Simple CASE: args = operand, when1, result1, …, [else]. */
function simpleCaseType(types: readonly SqlType[]): SqlType {
  const results: SqlType[] = [];
  for (let i = 2; i < types.length; i += 2) results.push(types[i] as SqlType);
  if (types.length % 2 === 0) results.push(types[types.length - 1] as SqlType);
  else results.push(T.null());
  return mergeTypes(results);
}

defineFunction({
  name: 'case_simple',
  minArgs: 3,
  maxArgs: Infinity,
  returnType: simpleCaseType,
  eval: (args, ctx, call) => {
    const x = args[0] ?? null;
    const end = args.length % 2 === 0 ? args.length - 1 : args.length;
    if (x !== null) {
      for (let i = 1; i < end; i += 2) {
        const w = args[i] ?? null;
        if (w !== null && compareArgs(x, w, ctx, call, i) === 0) return out(args[i + 1] ?? null, call, ctx, i + 1);
      }
    }
    return args.length % 2 === 0 ? out(args[args.length - 1] ?? null, call, ctx, args.length - 1) : null;
  },
  evalLazy: (args: readonly Thunk[], ctx, call) => {
    const x = (args[0] as Thunk)();
    const end = args.length % 2 === 0 ? args.length - 1 : args.length;
    if (x !== null) {
      for (let i = 1; i < end; i += 2) {
        const w = (args[i] as Thunk)();
        if (w !== null && compareArgs(x, w, ctx, call, i) === 0) return out((args[i + 1] as Thunk)(), call, ctx, i + 1);
      }
    }
    return args.length % 2 === 0 ? out((args[args.length - 1] as Thunk)(), call, ctx, args.length - 1) : null;
  },
});

// ---- IF, IFNULL, NULLIF, COALESCE ------------------------------------------------------------------

defineFunction({
  name: 'if',
  minArgs: 3,
  returnType: ([, a = T.null(), b = T.null()]) => mergeTypes([a, b]),
  eval: ([c = null, a = null, b = null], ctx, call) => (toBoolean(c, ctx) === true ? out(a, call, ctx, 1) : out(b, call, ctx, 2)),
  evalLazy: ([c, a, b], ctx, call) => (toBoolean((c as Thunk)(), ctx) === true ? out((a as Thunk)(), call, ctx, 1) : out((b as Thunk)(), call, ctx, 2)),
});

defineFunction({
  name: 'ifnull',
  minArgs: 2,
  returnType: ([a = T.null(), b = T.null()]) => ({ ...mergeTypes([a, b]), nullable: (a.nullable || a.kind === 'null') && (b.nullable || b.kind === 'null') }),
  eval: ([a = null, b = null], ctx, call) => (a !== null ? out(a, call, ctx, 0) : out(b, call, ctx, 1)),
  evalLazy: ([a, b], ctx, call) => {
    const x = (a as Thunk)();
    return x !== null ? out(x, call, ctx, 0) : out((b as Thunk)(), call, ctx, 1);
  },
});

defineFunction({
  name: 'nullif',
  minArgs: 2,
  returnType: ([a = T.null()]) => ({ ...a, nullable: true }),
  eval: ([a = null, b = null], ctx, call) => {
    if (a === null) return null;
    if (b !== null && compareArgs(a, b, ctx, call) === 0) return null;
    return a;
  },
});

defineFunction({
  name: 'coalesce',
  minArgs: 1,
  maxArgs: Infinity,
  returnType: (types) => ({ ...mergeTypes(types), nullable: types.every((t) => t.nullable || t.kind === 'null') }),
  eval: (args, ctx, call) => {
    for (let i = 0; i < args.length; i++) {
      const v = args[i] ?? null;
      if (v !== null) return out(v, call, ctx, i);
    }
    return null;
  },
  evalLazy: (args: readonly Thunk[], ctx, call) => {
    for (let i = 0; i < args.length; i++) {
      const v = (args[i] as Thunk)();
      if (v !== null) return out(v, call, ctx, i);
    }
    return null;
  },
});

// ---- GREATEST / LEAST ------------------------------------------------------------------------------

const kindCache = new WeakMap<CallInfo, { kind: CompareKind; collation: string }>();

function commonKind(call: CallInfo): { kind: CompareKind; collation: string } {
  let k = kindCache.get(call);
  if (k) return k;
  const types = call.argTypes;
  const first = types[0] ?? T.null();
  let kind: CompareKind = comparisonKind(first, types[1] ?? first);
  let collation = comparisonCollation(first, types[1] ?? first);
  for (let i = 2; i < types.length; i++) {
    const t = types[i] as SqlType;
    const k2 = comparisonKind(first, t);
    if (k2 !== kind) {
      const pair = new Set([kind, k2]);
      kind = pair.has('double') ? 'double' : pair.size === 2 && pair.has('int') && pair.has('decimal') ? 'decimal' : pair.has('string') && pair.has('binary') ? 'binary' : 'double';
    }
    if (collation === 'utf8mb4_bin') collation = comparisonCollation(first, t);
  }
  k = { kind, collation };
  kindCache.set(call, k);
  return k;
}

function extreme(args: readonly Value[], ctx: EvalContext, call: CallInfo, sign: 1 | -1): Value {
  if (args.some((a) => a === null)) return null;
  const { kind, collation } = commonKind(call);
  let best = 0;
  for (let i = 1; i < args.length; i++) {
    const c = compareAs(kind, args[i] ?? null, args[best] ?? null, ctx, collation, [call.argTypes[i], call.argTypes[best]]);
    if (c !== null && c * sign > 0) best = i;
  }
  return out(args[best] ?? null, call, ctx, best);
}

defineFunction({
  name: 'greatest',
  minArgs: 2,
  maxArgs: Infinity,
  returnType: (types) => mergeTypes(types),
  eval: (args, ctx, call) => extreme(args, ctx, call, 1),
});

defineFunction({
  name: 'least',
  minArgs: 2,
  maxArgs: Infinity,
  returnType: (types) => mergeTypes(types),
  eval: (args, ctx, call) => extreme(args, ctx, call, -1),
});

// ---- INTERVAL(N, N1, N2, …) ------------------------------------------------------------------------

defineFunction({
  name: 'interval',
  minArgs: 2,
  maxArgs: Infinity,
  returnType: () => T.int({ nullable: false }),
  eval: (args, ctx) => {
    const n = toDouble(args[0] ?? null, ctx);
    if (n === null) return -1n;
    let i = 1;
    for (; i < args.length; i++) {
      const v = toDouble(args[i] ?? null, ctx);
      if (v !== null && n < v) break;
    }
    return BigInt(i - 1);
  },
});

// ---- CAST / CONVERT --------------------------------------------------------------------------------

function targetText(t: CastTarget): string {
  switch (t.kind) {
    case 'decimal':
      return `decimal(${t.precision ?? 10},${t.scale ?? 0})`;
    case 'char':
    case 'binary':
      return t.length !== undefined ? `${t.kind}(${t.length})` : t.kind;
    case 'datetime':
    case 'time':
      return t.fsp ? `${t.kind}(${t.fsp})` : t.kind;
    default:
      return t.kind;
  }
}

function requireTarget(call: CallInfo): CastTarget {
  const t = call.options.castTarget;
  if (!t) throw unknownError('CAST needs a target type');
  return t;
}

defineFunction({
  name: 'cast',
  aliases: ['convert'],
  minArgs: 1,
  returnType: ([a], o) => {
    if (!o.castTarget) throw unknownError('CAST needs a target type');
    return { ...castResultType(o.castTarget, a), nullable: true };
  },
  eval: ([a = null], ctx, call) => {
    const target = requireTarget(call);
    const argType = call.argTypes[0];
    return castValue(a, target, ctx, {
      ...(argType ? { argType } : {}),
      exprText: `cast(${argText(call, 0, a)} as ${targetText(target)})`,
    });
  },
});

defineFunction({
  name: 'binary',
  minArgs: 1,
  returnType: ([a]) => ({ ...castResultType({ kind: 'binary' }, a), nullable: a?.nullable ?? true }),
  eval: ([a = null], ctx, call) => castValue(a, { kind: 'binary' }, ctx, call.argTypes[0] ? { argType: call.argTypes[0] } : {}),
});
