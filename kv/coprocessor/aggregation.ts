// Aggregation in partial mode (TiDB's): per region, one output row per group holding each
// function's partial state, which the SQL server merges across regions and pages:
//
//   COUNT(x) / COUNT(*)   count of non-NULL x / of rows                  bigint
//   SUM(x)                exact sum (NULL when no non-NULL x)            DECIMAL(65, scale of x) for
//                                                                        integers and decimals; DOUBLE for reals
//   AVG(x)                count, sum                                     as COUNT and SUM
//   MIN(x) / MAX(x)       smallest / largest non-NULL x                  x's type
//   FIRST_ROW(x)          x of the group's first row (NULL included)     x's type
//   COUNT(DISTINCT x)     the distinct non-NULL values of x              List<x's type>
//
// followed by the GROUP BY values. Each batch is processed column-wise: the group-by vectors are
// evaluated once, each row is mapped to its group's index through a hash of its key (strings by
// their collation key, so 'a' and 'a ' share a group under PAD SPACE), and then every function
// folds its whole argument vector into the per-group state arrays. Without GROUP BY there is one
// group, and a region with no rows still answers one row (COUNT 0, SUM NULL), as SQL's
// aggregate over an empty input does.
import { InvalidDag, copType, physicalKind, type CopAggFunc, type CopExpr, type CopFieldType } from '../cop-types.js';
import { storeCollation } from './collation.js';
import type { BatchExecutor } from './executor.js';
import { compileExpr, type CompiledExpr } from './expression.js';
import {
  bytesAt,
  decimalScale,
  isValid,
  vectorBuilder,
  type Batch,
  type BytesVector,
  type DecimalVector,
  type Float64Vector,
  type IntLikeVector,
  type Scalar,
  type Vector,
  type VectorBuilder,
} from './vector.js';

const COUNT_TYPE = copType('bigint', { notNull: true });
const SUM_DECIMAL_PRECISION = 65;

/** A function of one argument folding rows into per-group state, and writing it out. */
interface AggState {
  readonly outputTypes: readonly CopFieldType[];
  /** Adds rows of the batch: row i belongs to group groups[i]. */
  update(arg: Vector | null, groups: Int32Array, n: number): void;
  grow(groupCount: number): void;
  output(groupCount: number): Vector[];
}

type KeyFn = (v: Vector, i: number) => string;

function keyFn(t: CopFieldType): KeyFn {
  switch (physicalKind(t)) {
    case 'real':
      return (v, i) => {
        const x = (v as Float64Vector).values[i] as number;
        return x === 0 ? '0' : String(x); // -0 and 0 are one group
      };
    case 'decimal':
      return (v, i) => String((v as DecimalVector).values[i] as bigint);
    case 'string':
    case 'json': {
      const coll = storeCollation(t);
      return (v, i) => Buffer.from(coll.key(bytesAt(v as BytesVector, i))).toString('latin1');
    }
    default:
      return (v, i) => String((v as IntLikeVector).values[i] as bigint);
  }
}

function sumType(arg: CopFieldType): CopFieldType {
  const k = physicalKind(arg);
  if (k === 'real') return copType('double');
  if (k === 'int' || k === 'uint' || k === 'decimal') return copType('decimal', { precision: SUM_DECIMAL_PRECISION, scale: decimalScale(arg) });
  throw new InvalidDag(`SUM/AVG of ${arg.kind} is not pushed down`);
}

class CountState implements AggState {
  readonly outputTypes = [COUNT_TYPE];
  private counts = new Float64Array(16);

  constructor(private readonly star: boolean) {}

  grow(g: number): void {
    if (g <= this.counts.length) return;
    const next = new Float64Array(Math.max(g, this.counts.length * 2));
    next.set(this.counts);
    this.counts = next;
  }

  update(arg: Vector | null, groups: Int32Array, n: number): void {
    for (let i = 0; i < n; i++) {
      if (this.star || isValid(arg as Vector, i)) this.counts[groups[i] as number] = (this.counts[groups[i] as number] as number) + 1;
    }
  }

  output(g: number): Vector[] {
    const b = vectorBuilder(COUNT_TYPE, g);
    for (let i = 0; i < g; i++) b.append(BigInt(this.counts[i] as number));
    return [b.finish()];
  }
}

class SumState implements AggState {
  readonly outputTypes: readonly CopFieldType[];
  private readonly real: boolean;
  private sums: (bigint | number | null)[] = [];

  constructor(arg: CopFieldType) {
    this.outputTypes = [sumType(arg)];
    this.real = physicalKind(arg) === 'real';
  }

  grow(g: number): void {
    while (this.sums.length < g) this.sums.push(null);
  }

  update(arg: Vector | null, groups: Int32Array, n: number): void {
    const v = arg as Vector;
    if (this.real) {
      const xs = (v as Float64Vector).values;
      for (let i = 0; i < n; i++) {
        if (!isValid(v, i)) continue;
        const g = groups[i] as number;
        this.sums[g] = ((this.sums[g] as number | null) ?? 0) + (xs[i] as number);
      }
      return;
    }
    // Integers and decimals: exact bigint sums (decimal coefficients share the argument's scale).
    const xs = (v as IntLikeVector | DecimalVector).values;
    for (let i = 0; i < n; i++) {
      if (!isValid(v, i)) continue;
      const g = groups[i] as number;
      this.sums[g] = ((this.sums[g] as bigint | null) ?? 0n) + (xs[i] as bigint);
    }
  }

  output(g: number): Vector[] {
    const b = vectorBuilder(this.outputTypes[0] as CopFieldType, g);
    for (let i = 0; i < g; i++) b.append(this.sums[i] ?? null);
    return [b.finish()];
  }
}

class AvgState implements AggState {
  readonly outputTypes: readonly CopFieldType[];
  private readonly count = new CountState(false);
  private readonly sum: SumState;

  constructor(arg: CopFieldType) {
    this.sum = new SumState(arg);
    this.outputTypes = [COUNT_TYPE, ...this.sum.outputTypes];
  }

  grow(g: number): void {
    this.count.grow(g);
    this.sum.grow(g);
  }

  update(arg: Vector | null, groups: Int32Array, n: number): void {
    this.count.update(arg, groups, n);
    this.sum.update(arg, groups, n);
  }

  output(g: number): Vector[] {
    return [...this.count.output(g), ...this.sum.output(g)];
  }
}

/** MIN, MAX and FIRST_ROW: one kept value per group. */
class PickState implements AggState {
  readonly outputTypes: readonly CopFieldType[];
  private values: Scalar[] = [];
  private seen: boolean[] = [];
  private readonly better: ((a: Scalar, b: Scalar) => boolean) | null;

  constructor(
    private readonly arg: CopFieldType,
    kind: 'min' | 'max' | 'first_row',
  ) {
    this.outputTypes = [arg];
    if (kind === 'first_row') {
      this.better = null;
    } else {
      const cmp = scalarComparator(arg);
      this.better = kind === 'min' ? (a, b) => cmp(a, b) < 0 : (a, b) => cmp(a, b) > 0;
    }
  }

  grow(g: number): void {
    while (this.values.length < g) {
      this.values.push(null);
      this.seen.push(false);
    }
  }

  update(arg: Vector | null, groups: Int32Array, n: number): void {
    const v = arg as Vector;
    for (let i = 0; i < n; i++) {
      const g = groups[i] as number;
      if (this.better === null) {
        if (this.seen[g]) continue;
        this.seen[g] = true;
        this.values[g] = copyScalar(v, i);
        continue;
      }
      if (!isValid(v, i)) continue;
      const x = scalarOf(v, i);
      const cur = this.values[g] ?? null;
      if (cur === null || this.better(x, cur)) this.values[g] = x instanceof Uint8Array ? x.slice() : x;
    }
  }

  output(g: number): Vector[] {
    const b = vectorBuilder(this.arg, g);
    for (let i = 0; i < g; i++) b.append(this.values[i] ?? null);
    return [b.finish()];
  }
}

class DistinctState implements AggState {
  readonly outputTypes: readonly CopFieldType[];
  private readonly key: KeyFn;
  private sets: Map<string, Scalar>[] = [];

  constructor(private readonly arg: CopFieldType) {
    this.outputTypes = [arg];
    this.key = keyFn(arg);
  }

  grow(g: number): void {
    while (this.sets.length < g) this.sets.push(new Map());
  }

  update(arg: Vector | null, groups: Int32Array, n: number): void {
    const v = arg as Vector;
    for (let i = 0; i < n; i++) {
      if (!isValid(v, i)) continue;
      const set = this.sets[groups[i] as number] as Map<string, Scalar>;
      const k = this.key(v, i);
      if (!set.has(k)) set.set(k, copyScalar(v, i));
    }
  }

  output(g: number): Vector[] {
    const child = vectorBuilder(this.arg, 1024);
    const offsets = new Int32Array(g + 1);
    for (let i = 0; i < g; i++) {
      for (const x of (this.sets[i] as Map<string, Scalar>).values()) child.append(x);
      offsets[i + 1] = child.length;
    }
    return [{ kind: 'list', length: g, validity: null, type: this.arg, offsets, child: child.finish() }];
  }
}

function scalarOf(v: Vector, i: number): Scalar {
  switch (v.kind) {
    case 'string':
    case 'json':
      return bytesAt(v, i);
    case 'list':
      throw new InvalidDag('lists do not aggregate');
    default:
      return v.values[i] as bigint | number;
  }
}

function copyScalar(v: Vector, i: number): Scalar {
  if (!isValid(v, i)) return null;
  const x = scalarOf(v, i);
  return x instanceof Uint8Array ? x.slice() : x;
}

function scalarComparator(t: CopFieldType): (a: Scalar, b: Scalar) => number {
  const k = physicalKind(t);
  if (k === 'string' || k === 'json') {
    const coll = storeCollation(t);
    return (a, b) => coll.compare(a as Uint8Array, b as Uint8Array);
  }
  return (a, b) => {
    const x = a as bigint | number;
    const y = b as bigint | number;
    return x < y ? -1 : x > y ? 1 : 0;
  };
}

function makeState(f: CopAggFunc, argType: CopFieldType | undefined): AggState {
  if (f.name === 'count') {
    if (f.distinct) return new DistinctState(argType as CopFieldType);
    return new CountState(argType === undefined);
  }
  const t = argType as CopFieldType;
  switch (f.name) {
    case 'sum':
      return new SumState(t);
    case 'avg':
      return new AvgState(t);
    case 'min':
    case 'max':
    case 'first_row':
      return new PickState(t, f.name);
  }
}

export class Aggregation implements BatchExecutor {
  readonly schema: readonly CopFieldType[];
  private readonly groupBy: readonly CompiledExpr[];
  private readonly groupKeys: readonly KeyFn[];
  private readonly args: readonly (CompiledExpr | null)[];
  private readonly states: readonly AggState[];
  private done = false;

  constructor(
    private readonly child: BatchExecutor,
    groupBy: readonly CopExpr[],
    funcs: readonly CopAggFunc[],
  ) {
    this.groupBy = groupBy.map((g) => compileExpr(g, child.schema));
    this.groupKeys = this.groupBy.map((g) => keyFn(g.type));
    this.args = funcs.map((f) => (f.args[0] ? compileExpr(f.args[0], child.schema) : null));
    this.states = funcs.map((f, i) => makeState(f, this.args[i]?.type));
    this.schema = [...this.states.flatMap((s) => s.outputTypes), ...this.groupBy.map((g) => g.type)];
  }

  async next(): Promise<Batch | null> {
    if (this.done) return null;
    this.done = true;
    const index = new Map<string, number>();
    const groupBuilders: VectorBuilder[] = this.groupBy.map((g) => vectorBuilder(g.type));
    let groupCount = this.groupBy.length === 0 ? 1 : 0;
    for (const s of this.states) s.grow(groupCount);
    for (;;) {
      const batch = await this.child.next();
      if (batch === null) break;
      const n = batch.length;
      const groups = new Int32Array(n);
      if (this.groupBy.length > 0) {
        const keys = this.groupBy.map((g) => g.eval(batch));
        for (let i = 0; i < n; i++) {
          let k = '';
          for (let c = 0; c < keys.length; c++) {
            const v = keys[c] as Vector;
            if (!isValid(v, i)) k += 'N|';
            else {
              const part = (this.groupKeys[c] as KeyFn)(v, i);
              k += `${part.length}:${part}|`;
            }
          }
          let g = index.get(k);
          if (g === undefined) {
            g = groupCount++;
            index.set(k, g);
            keys.forEach((v, c) => (groupBuilders[c] as VectorBuilder).appendFrom(v, i));
          }
          groups[i] = g;
        }
        for (const s of this.states) s.grow(groupCount);
      }
      this.states.forEach((s, f) => s.update(this.args[f]?.eval(batch) ?? null, groups, n));
    }
    if (groupCount === 0) return null;
    const columns = [...this.states.flatMap((s) => s.output(groupCount)), ...groupBuilders.map((b) => b.finish())];
    return { length: groupCount, columns };
  }
}
