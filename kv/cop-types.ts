// Leaf types of the coprocessor DAG, shared by kv/coprocessor (which runs it), kv/proto (which
// carries it) and the SQL planner (which builds it, through kv/client). They mirror
// coprocessor.proto without the wire's optional-everything shape: a DAG that reaches the store
// has been checked field by field (kv/proto/cop-convert.ts), so the executors trust these types.
//
// Column types are named as sql/types names them, but kv/ knows nothing of SQL: the store only
// needs each kind's physical layout (`physicalKind`), the integer signedness, the decimal scale
// and the string collation.
import { StrataError } from '../util/errors.js';

export const TYPE_KINDS = [
  'null',
  'tinyint',
  'smallint',
  'mediumint',
  'int',
  'bigint',
  'year',
  'bit',
  'decimal',
  'float',
  'double',
  'char',
  'varchar',
  'tinytext',
  'text',
  'mediumtext',
  'longtext',
  'binary',
  'varbinary',
  'tinyblob',
  'blob',
  'mediumblob',
  'longblob',
  'date',
  'datetime',
  'timestamp',
  'time',
  'enum',
  'set',
  'json',
] as const;

export type CopTypeKind = (typeof TYPE_KINDS)[number];

export interface CopFieldType {
  readonly kind: CopTypeKind;
  readonly unsigned: boolean;
  /** DECIMAL scale, fractional seconds precision of temporal types. */
  readonly scale: number;
  readonly precision: number;
  /** Strings only; '' means the default (utf8mb4_bin). Binary kinds always compare as `binary`. */
  readonly collation: string;
  readonly elements: readonly string[];
  readonly notNull: boolean;
}

/** How a store holds values of a type in a column vector (and in Arrow):
 *
 *   int       BigInt64Array      signed integers, YEAR, and every boolean result (0/1)
 *   uint      BigUint64Array     unsigned integers, BIT
 *   real      Float64Array       FLOAT, DOUBLE
 *   decimal   bigint coefficients at one scale per vector (Arrow Decimal256(65, scale))
 *   string    UTF-8 / binary bytes with offsets (Arrow Utf8 or Binary); ENUM and SET as their text
 *   time      BigUint64Array     DATE/DATETIME/TIMESTAMP packed as the row format packs them
 *                                (order-preserving: y·13+m, d, h, m, s, µs bit fields)
 *   duration  BigInt64Array      TIME as signed microseconds
 *   json      bytes              JSON in its stored binary form (no functions)
 */
export type PhysicalKind = 'int' | 'uint' | 'real' | 'decimal' | 'string' | 'time' | 'duration' | 'json';

export function physicalKind(t: CopFieldType): PhysicalKind {
  switch (t.kind) {
    case 'null':
      return 'int';
    case 'tinyint':
    case 'smallint':
    case 'mediumint':
    case 'int':
    case 'bigint':
      return t.unsigned ? 'uint' : 'int';
    case 'year':
      return 'int';
    case 'bit':
      return 'uint';
    case 'decimal':
      return 'decimal';
    case 'float':
    case 'double':
      return 'real';
    case 'date':
    case 'datetime':
    case 'timestamp':
      return 'time';
    case 'time':
      return 'duration';
    case 'json':
      return 'json';
    default:
      return 'string';
  }
}

export function isBinaryStringKind(kind: CopTypeKind): boolean {
  return kind === 'binary' || kind === 'varbinary' || kind === 'tinyblob' || kind === 'blob' || kind === 'mediumblob' || kind === 'longblob';
}

/** A constant's value in its physical form: int/uint/time/duration as bigint, real as number,
 *  decimal as {coef, scale}, strings as bytes. */
export type CopDatum = null | bigint | number | CopDecimal | Uint8Array;

export interface CopDecimal {
  readonly coef: bigint;
  readonly scale: number;
}

export type CopExpr =
  | { readonly kind: 'column'; readonly offset: number; readonly type: CopFieldType }
  | { readonly kind: 'constant'; readonly value: CopDatum; readonly type: CopFieldType }
  | { readonly kind: 'func'; readonly sig: string; readonly args: readonly CopExpr[]; readonly type: CopFieldType };

export interface CopColumnInfo {
  readonly columnId: number;
  readonly type: CopFieldType;
  readonly pkHandle: boolean;
  readonly default: CopDatum;
}

export type CopAggName = 'count' | 'sum' | 'avg' | 'min' | 'max' | 'first_row';

export interface CopAggFunc {
  readonly name: CopAggName;
  readonly args: readonly CopExpr[];
  readonly distinct: boolean;
}

export interface CopByItem {
  readonly expr: CopExpr;
  readonly desc: boolean;
}

export type CopExecutor =
  | { readonly kind: 'table_scan'; readonly id: string; readonly tableId: bigint; readonly columns: readonly CopColumnInfo[]; readonly desc: boolean }
  | {
      readonly kind: 'index_scan';
      readonly id: string;
      readonly tableId: bigint;
      readonly indexId: bigint;
      readonly columns: readonly CopColumnInfo[];
      readonly desc: boolean;
      readonly unique: boolean;
    }
  | { readonly kind: 'selection'; readonly id: string; readonly conditions: readonly CopExpr[] }
  | { readonly kind: 'aggregation'; readonly id: string; readonly groupBy: readonly CopExpr[]; readonly aggFuncs: readonly CopAggFunc[] }
  | { readonly kind: 'top_n'; readonly id: string; readonly orderBy: readonly CopByItem[]; readonly limit: number }
  | { readonly kind: 'limit'; readonly id: string; readonly limit: number };

export interface CopDag {
  readonly executors: readonly CopExecutor[];
  /** Rows per batch; 0 = the store's default. */
  readonly batchSize: number;
}

export interface CopExecutorSummary {
  readonly executorId: string;
  readonly producedRows: number;
  readonly batches: number;
  readonly timeNs: number;
}

/** A builder-friendly field type: everything but the kind defaults. */
export function copType(kind: CopTypeKind, opts: Partial<Omit<CopFieldType, 'kind'>> = {}): CopFieldType {
  return {
    kind,
    unsigned: opts.unsigned ?? false,
    scale: opts.scale ?? 0,
    precision: opts.precision ?? 0,
    collation: opts.collation ?? '',
    elements: opts.elements ?? [],
    notNull: opts.notNull ?? false,
  };
}

/** The DAG itself is wrong: an unknown function or type, a column offset out of range, a type a
 *  function does not take. The request is malformed (gRPC INVALID_ARGUMENT), never retried. */
export class InvalidDag extends StrataError {
  readonly code = 'KV:Cop:InvalidDag';
}
