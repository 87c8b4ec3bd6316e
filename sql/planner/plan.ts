// The plan tree: what the binder builds from a statement, the optimizer rewrites, EXPLAIN prints
// and sql/executor runs.
//
// One tree serves as logical and physical plan. The binder produces `DataSource` leaves (a table
// and the conditions on it); the optimizer pushes conditions down, prunes columns, and picks an
// access path for every DataSource (point get, batch point get, handle range scan, index range
// scan with or without lookup of the rows). Every operator has an output schema of `PlanColumn`s
// identified by statement-unique ids (see sql/expr/expression.ts).
import type { IndexInfo, TableInfo, ColumnInfo } from '../catalog/index.js';
import type { BoundAggregate, Expression } from '../expr/index.js';
import type { SqlType, Value } from '../types/index.js';

export interface PlanColumn {
  readonly id: number;
  /** The name a query refers to it by (column name or select alias). */
  readonly name: string;
  /** Table alias qualifying it ('' for derived expressions). */
  readonly table: string;
  readonly db: string;
  /** Underlying table column and table, for result-set metadata. */
  readonly orgName: string;
  readonly orgTable: string;
  readonly type: SqlType;
  /** Not visible to `*` and not selectable by name (the row handle). */
  readonly hidden?: boolean;
  readonly primaryKey?: boolean;
  readonly uniqueKey?: boolean;
  readonly multipleKey?: boolean;
  readonly autoIncrement?: boolean;
}

/** A range of handles, both ends inclusive. */
export interface HandleRange {
  readonly low: bigint;
  readonly high: bigint;
}

/** A range over an index's leading columns (see sql/codec indexBoundsRange). */
export interface IndexRange {
  readonly low?: { readonly values: readonly Value[]; readonly inclusive: boolean };
  readonly high?: { readonly values: readonly Value[]; readonly inclusive: boolean };
}

export type AccessPath =
  | { readonly kind: 'point-get'; readonly handles: readonly bigint[] }
  | { readonly kind: 'unique-get'; readonly index: IndexInfo; readonly keys: readonly (readonly Value[])[] }
  | { readonly kind: 'table-scan'; readonly ranges: readonly HandleRange[]; readonly full: boolean; readonly desc: boolean }
  | {
      readonly kind: 'index-scan';
      readonly index: IndexInfo;
      readonly ranges: readonly IndexRange[];
      /** The index does not hold every needed column: read the rows by handle. */
      readonly lookup: boolean;
      readonly desc: boolean;
    };

export interface DataSource {
  readonly kind: 'DataSource';
  id: number;
  schema: PlanColumn[];
  readonly db: string;
  readonly table: TableInfo;
  readonly alias: string;
  /** The table column behind each schema column (undefined for the handle column). */
  columns: (ColumnInfo | undefined)[];
  /** Conditions over this table's columns, evaluated on every row read. */
  conditions: Expression[];
  access?: AccessPath;
  /** SELECT … FOR UPDATE: lock the rows read. */
  lock?: 'update' | 'share';
  /** Needed for a row-at-a-time plan (point gets inside a transaction): estimated rows. */
  estRows?: number;
  /** Every condition runs on the stores (@@strata_enable_cop_pushdown): EXPLAIN shows a
   *  TableReader over cop[tikv] operators; the executor still scans locally inside a transaction
   *  that has written (the stores cannot see its buffer). */
  cop?: boolean;
  /** With `cop`: a LIMIT right above lets each store stop after this many passing rows. */
  copLimit?: number;
  /** With `cop`: an ORDER BY … LIMIT right above (through a projection) whose keys the stores
   *  evaluate exactly: each region answers only its best `count` (offset + limit) rows by these
   *  keys, written over this DataSource's columns; the TopN above still merges the regions. */
  copTopN?: { readonly keys: readonly SortKey[]; readonly count: number };
}

export interface Dual {
  readonly kind: 'Dual';
  id: number;
  schema: PlanColumn[];
  /** Rows of constants (one empty row for SELECT without FROM). */
  readonly rows: readonly (readonly Expression[])[];
}

export interface Selection {
  readonly kind: 'Selection';
  id: number;
  schema: PlanColumn[];
  child: Plan;
  conditions: Expression[];
}

export interface Projection {
  readonly kind: 'Projection';
  id: number;
  schema: PlanColumn[];
  child: Plan;
  exprs: Expression[];
  /** The boundary of a derived table or a view: the tables below it are not targets of an
   *  UPDATE or DELETE naming the outer query's tables. */
  derived?: boolean;
}

export interface AggCall {
  readonly agg: BoundAggregate;
  readonly args: readonly Expression[];
  readonly distinct: boolean;
  /** The output column this aggregate fills. */
  readonly id: number;
  readonly text: string;
}

export interface Aggregate {
  readonly kind: 'Aggregate';
  id: number;
  /** group-by columns first (ids of `groupIds`), then one column per aggregate. */
  schema: PlanColumn[];
  child: Plan;
  groupBy: Expression[];
  aggs: AggCall[];
  /** The child is a DataSource marked `cop` and every group-by expression and aggregate has a
   *  store form: the stores compute partial aggregates per region and this node merges them
   *  (sql/executor/cop-aggregate.ts). EXPLAIN shows HashAgg root over TableReader over HashAgg
   *  cop[tikv]. */
  cop?: boolean;
}

export interface SortKey {
  readonly expr: Expression;
  readonly desc: boolean;
}

export interface Sort {
  readonly kind: 'Sort';
  id: number;
  schema: PlanColumn[];
  child: Plan;
  keys: SortKey[];
}

export interface Limit {
  readonly kind: 'Limit';
  id: number;
  schema: PlanColumn[];
  child: Plan;
  offset: number;
  count: number;
}

/** Sort + Limit fused: keeps only the best offset+count rows. */
export interface TopN {
  readonly kind: 'TopN';
  id: number;
  schema: PlanColumn[];
  child: Plan;
  keys: SortKey[];
  offset: number;
  count: number;
}

/** inner / left outer / semi (EXISTS, IN) / anti-semi (NOT EXISTS) / left-outer-semi (a boolean
 *  column: `x IN (subquery)` in a select list), anti-left-outer-semi (NOT IN … with NULLs). */
export type JoinType = 'inner' | 'left' | 'semi' | 'anti-semi' | 'left-outer-semi' | 'anti-left-outer-semi';

export interface Join {
  readonly kind: 'Join';
  id: number;
  schema: PlanColumn[];
  joinType: JoinType;
  left: Plan;
  right: Plan;
  /** Equality conditions left.expr = right.expr, used as hash keys. */
  eq: { readonly left: Expression; readonly right: Expression; readonly nullSafe: boolean }[];
  /** Conditions over both sides evaluated on each candidate pair (ON / WHERE of inner joins). */
  other: Expression[];
  /** Semi joins that produce a column: its id. */
  markId?: number;
  /** NOT IN semantics: a NULL comparison makes the mark NULL (anti joins with NULL-aware keys). */
  nullAware?: boolean;
  /** Filled by the optimizer. */
  algorithm?: 'hash' | 'nested-loop' | 'index-lookup';
  /** Index-lookup join: the right side (a table) is read by the left rows' keys, through its
   *  handle or an index whose first column is `eq[keyIndex].right`. */
  lookup?: { readonly keyIndex: number; readonly index?: IndexInfo };
}

/** Runs `inner` once per outer row with the outer columns bound (correlated subqueries), or once
 *  in all (`cacheable`: uncorrelated), appending one column computed from the inner rows. */
export interface Apply {
  readonly kind: 'Apply';
  id: number;
  schema: PlanColumn[];
  outer: Plan;
  inner: Plan;
  /** scalar: the single value (1242 when more than one row); exists / not-exists: 1 or 0;
   *  in / not-in: against `probe` with MySQL's NULL rules; quantified any/all. */
  mode:
    | { readonly kind: 'scalar' }
    | { readonly kind: 'exists'; readonly not: boolean }
    | { readonly kind: 'in'; readonly not: boolean; readonly probe: readonly Expression[] }
    | { readonly kind: 'quantified'; readonly op: string; readonly all: boolean; readonly probe: Expression };
  /** Outer column ids the inner plan reads (empty: uncorrelated, computed once). */
  correlated: number[];
  /** The column the result is put in. */
  resultId: number;
}

export interface Union {
  readonly kind: 'Union';
  id: number;
  schema: PlanColumn[];
  children: Plan[];
  /** Remove duplicates (UNION without ALL). */
  distinct: boolean;
}

/** Removes duplicate rows (SELECT DISTINCT). */
export interface Distinct {
  readonly kind: 'Distinct';
  id: number;
  schema: PlanColumn[];
  child: Plan;
}

export interface WindowCall {
  readonly id: number;
  readonly name: string;
  readonly args: readonly Expression[];
  /** For aggregates used as window functions. */
  readonly agg?: BoundAggregate;
  readonly text: string;
  readonly frame?: { readonly unit: 'rows' | 'range'; readonly start: FrameBoundValue; readonly end: FrameBoundValue };
}

export type FrameBoundValue =
  | { readonly kind: 'unbounded-preceding' }
  | { readonly kind: 'unbounded-following' }
  | { readonly kind: 'current' }
  | { readonly kind: 'preceding'; readonly offset: Value }
  | { readonly kind: 'following'; readonly offset: Value };

export interface Window {
  readonly kind: 'Window';
  id: number;
  /** The child's columns, then one per window function. */
  schema: PlanColumn[];
  child: Plan;
  partitionBy: Expression[];
  orderBy: SortKey[];
  funcs: WindowCall[];
}

/** Reads the rows of a common table expression materialized once per statement. */
export interface CteScan {
  readonly kind: 'CteScan';
  id: number;
  schema: PlanColumn[];
  readonly cte: CteDef;
  /** The self-reference inside the recursive part: reads the previous iteration's rows. */
  readonly iteration?: boolean;
}

export interface CteDef {
  readonly name: string;
  readonly seed: Plan;
  /** WITH RECURSIVE: the recursive part, reading the previous iteration through `CteScan`
   *  of `iteration`. */
  readonly recursive?: Plan;
  readonly distinct: boolean;
  /** Output column ids of the CTE (the seed's schema ids map onto these). */
  readonly schema: PlanColumn[];
  /** Materialized rows (filled at execution). */
  rows?: Value[][];
  /** The rows of the previous iteration while the recursive part runs. */
  iteration?: Value[][];
  /** Set for the CteScan inside the recursive part. */
  readonly id: number;
}

export type Plan = DataSource | Dual | Selection | Projection | Aggregate | Sort | Limit | TopN | Join | Apply | Union | Distinct | Window | CteScan;

/** Children of a plan node, in order. */
export function childrenOf(p: Plan): Plan[] {
  switch (p.kind) {
    case 'DataSource':
    case 'Dual':
    case 'CteScan':
      return [];
    case 'Join':
      return [p.left, p.right];
    case 'Apply':
      return [p.outer, p.inner];
    case 'Union':
      return p.children;
    default:
      return [p.child];
  }
}
