// Aggregate functions as state machines, and their registry.
//
// An aggregate is bound once per call site (types and options known), then one Accumulator is
// created per group:
//
//   const agg = bindAggregate('avg', [T.int()]);         // returnType DECIMAL(14,4)
//   const acc = agg.create(ctx);
//   acc.add([1n]); acc.add([2n]); acc.result();          // Decimal 1.5000 (shown with scale 4)
//
// The coprocessor computes partial aggregates per region and the SQL side merges them, so every
// accumulator can export its state as a tuple of Values (`partial()`, typed by
// `partialTypes`) and absorb another's (`merge`):
//
//   COUNT → [count]   SUM → [sum]   AVG → [count, sum]   MIN/MAX → [value]
//   BIT_* → [bits]    variance family → [count, mean, m2] (as doubles)
//   DISTINCT forms and GROUP_CONCAT → [JSON array of the collected rows]
//
// NULL arguments are skipped (COUNT(*) counts rows; COUNT(a, b) and COUNT(DISTINCT …) skip rows
// with any NULL); an aggregate over no non-NULL rows is NULL, except COUNT (0) and BIT_* (their
// identities).

import { wrongParamCount, functionNotExists } from '../../errors.js';
import type { SqlType } from '../../types/column-type.js';
import type { Value } from '../../types/value.js';
import type { EvalContext } from '../context.js';

export interface AggregateOptions {
  /** COUNT(DISTINCT …), SUM(DISTINCT …), GROUP_CONCAT(DISTINCT …) … */
  readonly distinct?: boolean;
  /** GROUP_CONCAT SEPARATOR (default ','). */
  readonly separator?: string;
  /** GROUP_CONCAT … ORDER BY: the sort keys are passed to add() after the concatenated
   *  arguments, one entry per key. */
  readonly orderBy?: readonly { readonly desc: boolean }[];
}

export interface Accumulator {
  /** Adds one row's argument values. */
  add(values: readonly Value[]): void;
  /** The aggregate over everything added or merged so far. */
  result(): Value;
  /** The mergeable state (see the header). */
  partial(): readonly Value[];
  /** Absorbs another accumulator's partial state. */
  merge(partial: readonly Value[]): void;
}

export interface AggregateDef {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly returnType: (argTypes: readonly SqlType[], options: AggregateOptions) => SqlType;
  readonly partialTypes: (argTypes: readonly SqlType[], options: AggregateOptions) => readonly SqlType[];
  readonly create: (argTypes: readonly SqlType[], options: AggregateOptions, ctx: EvalContext) => Accumulator;
}

export interface AggregateSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly minArgs: number;
  readonly maxArgs?: number;
  readonly returnType: AggregateDef['returnType'];
  readonly partialTypes: AggregateDef['partialTypes'];
  readonly create: AggregateDef['create'];
}

const aggregates = new Map<string, AggregateDef>();

export function defineAggregate(spec: AggregateSpec): AggregateDef {
  const def: AggregateDef = {
    name: spec.name,
    minArgs: spec.minArgs,
    maxArgs: spec.maxArgs ?? spec.minArgs,
    returnType: spec.returnType,
    partialTypes: spec.partialTypes,
    create: spec.create,
  };
  aggregates.set(spec.name, def);
  for (const a of spec.aliases ?? []) aggregates.set(a, def);
  return def;
}

export function lookupAggregate(name: string): AggregateDef | undefined {
  return aggregates.get(name.toLowerCase());
}

export function isAggregateName(name: string): boolean {
  return aggregates.has(name.toLowerCase());
}

export function registeredAggregateNames(): string[] {
  return [...aggregates.keys()].sort();
}

/** An aggregate resolved for one call site. */
export interface BoundAggregate {
  readonly def: AggregateDef;
  readonly name: string;
  readonly argTypes: readonly SqlType[];
  readonly options: AggregateOptions;
  readonly returnType: SqlType;
  readonly partialTypes: readonly SqlType[];
  create(ctx: EvalContext): Accumulator;
}

export function bindAggregate(name: string, argTypes: readonly SqlType[], options: AggregateOptions = {}): BoundAggregate {
  const def = lookupAggregate(name);
  if (!def) throw functionNotExists(name);
  const orderKeys = options.orderBy?.length ?? 0;
  const n = argTypes.length - orderKeys;
  if (n < def.minArgs || n > def.maxArgs) throw wrongParamCount(name.toLowerCase());
  return {
    def,
    name: def.name,
    argTypes,
    options,
    returnType: def.returnType(argTypes, options),
    partialTypes: def.partialTypes(argTypes, options),
    create: (ctx) => def.create(argTypes, options, ctx),
  };
}
