// Test helpers for sql/expr: a deterministic context and a one-call evaluator that prints the
// result as MySQL's client would show it (NULL, numbers by their result type, …).
import type { Warning } from '../../../sql/errors.js';
import { SqlError } from '../../../sql/errors.js';
import { createEvalContext, type EvalContext, type EvalContextOptions } from '../../../sql/expr/context.js';
import { bindFunction, type FunctionOptions } from '../../../sql/expr/index.js';
import type { SqlType } from '../../../sql/types/column-type.js';
import { parseSqlMode } from '../../../sql/types/sql-mode.js';
import { typeOfValue, valueToString, type Value } from '../../../sql/types/value.js';

/** 2024-05-06 07:08:09.123456 UTC. */
export const NOW_MICROS = 1714979289123456n;

export function ctxOf(o: EvalContextOptions = {}): EvalContext & { readonly collected: Warning[] } {
  return createEvalContext({ nowMicros: NOW_MICROS, timeZone: '+00:00', randomSeed: 1n, ...o });
}

export function mode(s: string): EvalContextOptions {
  return { sqlMode: parseSqlMode(s) };
}

export interface Outcome {
  /** The printed result ('NULL' for NULL). */
  readonly out: string;
  readonly warnings: readonly string[];
  readonly type: SqlType;
}

/** Evaluates `name(args)` with argument types from `types` (default: from the values). */
export function run(name: string, args: readonly Value[], o: { types?: readonly SqlType[]; options?: FunctionOptions; ctx?: EvalContext & { collected: Warning[] } } = {}): Outcome {
  const ctx = o.ctx ?? ctxOf();
  const before = ctx.collected.length;
  const f = bindFunction(name, o.types ?? args.map(typeOfValue), o.options ?? {});
  const v = f.eval(args, ctx);
  return {
    out: v === null ? 'NULL' : (valueToString(v, f.returnType) ?? 'NULL'),
    warnings: ctx.collected.slice(before).map((w) => `${w.level} ${w.code} ${w.message}`),
    type: f.returnType,
  };
}

/** The printed result only; the arguments are literals, so they are also plan-time constants. */
export function show(name: string, ...args: Value[]): string {
  return run(name, args, { options: { constArgs: args } }).out;
}

/** The SqlError a call throws, as "errno (state): message". */
export function failure(name: string, args: readonly Value[], o: Parameters<typeof run>[2] = {}): string {
  try {
    const r = run(name, args, o);
    return `no error: ${r.out}`;
  } catch (e: unknown) {
    if (e instanceof SqlError) return `${e.mysqlErrno} (${e.sqlState}): ${e.message}`;
    throw e;
  }
}
