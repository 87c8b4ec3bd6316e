// The function registry: every built-in scalar function and operator, looked up by name.
//
// The planner resolves a call once, at plan time:
//
//   const f = bindFunction('+', [T.int(), T.decimal(5, 2)]);   // checks arity (1582), infers
//   f.returnType                                              // DECIMAL(…, 2)
//   f.eval([1n, Decimal.fromString('2.50')], ctx)             // per row
//
// and evaluates it per row. Operators have names too: '+', '-', '*', '/', 'div', '%', 'neg',
// '=', '<=>', '<>', '<', '<=', '>', '>=', 'and', 'or', 'xor', 'not', 'is_null', 'is_not_null',
// 'is_true', 'is_false', 'is_not_true', 'is_not_false', 'like', 'not_like', 'in', 'not_in',
// 'between', 'not_between', 'case' (searched: cond, result, …, [else]), 'case_simple' (operand,
// when, result, …, [else]), 'cast' / 'convert' (target in options), '->' and '->>'.
//
// Keyword arguments that are not values — CAST's target type, INTERVAL and EXTRACT units,
// TRIM's side — travel in `FunctionOptions`, as do the texts of the arguments (for MySQL's
// messages such as "BIGINT value is out of range in '(`a` + 1)'") and constant arguments known
// at plan time (ROUND(x, 2) has result scale 2).
//
// Control-flow functions (AND, OR, IF, CASE, IFNULL, COALESCE) also offer `evalLazy`, which
// takes argument thunks and evaluates only what MySQL evaluates.

import { functionNotExists, wrongParamCount } from '../errors.js';
import type { SqlType } from '../types/column-type.js';
import type { CastTarget } from '../types/convert.js';
import type { IntervalUnit } from '../types/interval.js';
import { typeOfValue, type Value } from '../types/value.js';
import type { EvalContext } from './context.js';

export interface FunctionOptions {
  /** INTERVAL / EXTRACT / TIMESTAMPDIFF unit. */
  readonly unit?: IntervalUnit;
  /** CAST(x AS …) / CONVERT(x, …) target. */
  readonly castTarget?: CastTarget;
  /** TRIM(BOTH | LEADING | TRAILING …). */
  readonly trimMode?: 'both' | 'leading' | 'trailing';
  /** SQL text of each argument, for messages that quote the expression. */
  readonly argTexts?: readonly string[];
  /** Arguments whose value is known at plan time (literals), by position. */
  readonly constArgs?: readonly (Value | undefined)[];
}

/** What a function knows about its call site at evaluation time. */
export interface CallInfo {
  readonly name: string;
  readonly argTypes: readonly SqlType[];
  readonly returnType: SqlType;
  readonly options: FunctionOptions;
  /** Per-call-site state (RAND(n)'s generator), reset for every new EvalContext. */
  readonly state: WeakMap<EvalContext, unknown>;
}

export type Thunk = () => Value;

export interface FunctionDef {
  /** Canonical lower-case name. */
  readonly name: string;
  readonly minArgs: number;
  /** Infinity for variadic functions. */
  readonly maxArgs: number;
  /** MySQL's result type for these argument types. */
  readonly returnType: (argTypes: readonly SqlType[], options: FunctionOptions) => SqlType;
  /** Evaluates over argument values. `call` is synthesized from the values when omitted. */
  readonly eval: (args: readonly Value[], ctx: EvalContext, call?: CallInfo) => Value;
  /** Short-circuit evaluation over argument thunks (only control-flow functions define it). */
  readonly evalLazy?: (args: readonly Thunk[], ctx: EvalContext, call?: CallInfo) => Value;
  /** The same arguments always give the same result within a statement (false for RAND, UUID). */
  readonly deterministic: boolean;
}

export interface FunctionSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly minArgs: number;
  readonly maxArgs?: number;
  readonly returnType: (argTypes: readonly SqlType[], options: FunctionOptions) => SqlType;
  readonly eval: (args: readonly Value[], ctx: EvalContext, call: CallInfo) => Value;
  readonly evalLazy?: (args: readonly Thunk[], ctx: EvalContext, call: CallInfo) => Value;
  readonly deterministic?: boolean;
}

const registry = new Map<string, FunctionDef>();

/** Builds the call info an evaluation without a bound call site uses. */
export function syntheticCall(def: { name: string; returnType: FunctionDef['returnType'] }, args: readonly Value[], options: FunctionOptions = {}): CallInfo {
  const argTypes = args.map(typeOfValue);
  return { name: def.name, argTypes, returnType: def.returnType(argTypes, options), options, state: new WeakMap() };
}

/** Registers a function (and its aliases). Later registrations replace earlier ones. */
export function defineFunction(spec: FunctionSpec): FunctionDef {
  const def: FunctionDef = {
    name: spec.name,
    minArgs: spec.minArgs,
    maxArgs: spec.maxArgs ?? spec.minArgs,
    returnType: spec.returnType,
    deterministic: spec.deterministic ?? true,
    eval: (args, ctx, call) => spec.eval(args, ctx, call ?? syntheticCall(spec, args)),
    ...(spec.evalLazy
      ? {
          evalLazy: (args: readonly Thunk[], ctx: EvalContext, call?: CallInfo) => {
            const evalLazy = spec.evalLazy as NonNullable<FunctionSpec['evalLazy']>;
            if (call) return evalLazy(args, ctx, call);
            // Without a call site, evaluate eagerly to learn the argument types.
            const values = args.map((a) => a());
            return spec.eval(values, ctx, syntheticCall(spec, values));
          },
        }
      : {}),
  };
  registry.set(spec.name, def);
  for (const a of spec.aliases ?? []) registry.set(a, def);
  return def;
}

/** The definition registered under `name` (case-insensitive), if any. */
export function lookupFunction(name: string): FunctionDef | undefined {
  return registry.get(name.toLowerCase());
}

/** Every registered name (aliases included), for SHOW FUNCTION-style listings and tests. */
export function registeredFunctionNames(): string[] {
  return [...registry.keys()].sort();
}

/** A function resolved for one call site: result type known, ready to evaluate per row. */
export interface BoundFunction {
  readonly def: FunctionDef;
  readonly name: string;
  readonly returnType: SqlType;
  readonly call: CallInfo;
  eval(args: readonly Value[], ctx: EvalContext): Value;
  /** Evaluates only the arguments the function needs (all of them for non-control functions). */
  evalLazy(args: readonly Thunk[], ctx: EvalContext): Value;
}

/** Resolves a call: 1305 for an unknown function (`db` qualifies the name in the message, as
 *  MySQL does), 1582 for a wrong argument count. */
export function bindFunction(name: string, argTypes: readonly SqlType[], options: FunctionOptions = {}, db = ''): BoundFunction {
  const def = lookupFunction(name);
  if (!def) throw functionNotExists(db ? `${db}.${name}` : name);
  if (argTypes.length < def.minArgs || argTypes.length > def.maxArgs) throw wrongParamCount(name.toLowerCase());
  const returnType = def.returnType(argTypes, options);
  const call: CallInfo = { name: def.name, argTypes, returnType, options, state: new WeakMap() };
  return {
    def,
    name: def.name,
    returnType,
    call,
    eval: (args, ctx) => def.eval(args, ctx, call),
    evalLazy: (args, ctx) => (def.evalLazy ? def.evalLazy(args, ctx, call) : def.eval(args.map((a) => a()), ctx, call)),
  };
}

/** One-shot evaluation with argument types taken from the values (tests, constant folding). */
export function evalFunction(name: string, args: readonly Value[], ctx: EvalContext, options: FunctionOptions = {}, argTypes?: readonly SqlType[]): Value {
  const bound = bindFunction(name, argTypes ?? args.map(typeOfValue), options);
  return bound.eval(args, ctx);
}
