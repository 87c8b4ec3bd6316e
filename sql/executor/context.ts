// What every executor needs while a statement runs: the transaction it reads and writes, the
// evaluation context, the tables (one access-layer Table per schema version), the outer row of
// correlated subqueries, cancellation, and per-operator statistics for EXPLAIN ANALYZE.
import type { Transaction } from '../../kv/client/index.js';
import type { TableInfo } from '../catalog/index.js';
import type { EvalContext, OuterValues } from '../expr/index.js';
import type { Table } from '../table/index.js';
import type { Value } from '../types/index.js';
import type { CopPushdown } from './cop-table-scan.js';

export interface OperatorStats {
  rows: number;
  batches: number;
  loops: number;
  /** Wall time inside the operator (children included), ns. */
  timeNs: bigint;
}

export interface ExecContext {
  readonly txn: Transaction;
  readonly evalCtx: EvalContext;
  table(info: TableInfo): Table;
  readonly outer: OuterValues;
  /** Throws (1317 query interrupted) when the statement was killed. */
  checkKilled(): void;
  /** Present under EXPLAIN ANALYZE: stats per plan node id. */
  readonly stats?: Map<number, OperatorStats>;
  /** @@cte_max_recursion_depth. */
  readonly cteMaxRecursion: number;
  /** Present when @@strata_enable_cop_pushdown is on: how to send DAGs to the stores. */
  readonly cop?: CopPushdown;
}

/** A batch of rows; executors pass batches of up to BATCH_SIZE rows. */
export type Batch = Value[][];

export const BATCH_SIZE = 1024;
