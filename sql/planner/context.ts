// What planning one statement needs from the session: the schema snapshot, the current
// database, parameter values, variables, and a source of statement-unique column ids.
import type { InfoSchema, TableInfo } from '../catalog/index.js';
import type { EvalContext } from '../expr/index.js';
import type { Variable } from '../parser/index.js';
import type { SqlType, Value } from '../types/index.js';

export interface PlanContext {
  readonly infoSchema: InfoSchema;
  readonly currentDb: string | null;
  /** Values of `?` markers (prepared statements). */
  readonly params: readonly Value[];
  /** Planning at PREPARE, for the result columns only: the `?` markers have no values yet (NULL
   *  stands in), so a LIMIT ? is taken as 0 instead of failing. */
  readonly describeOnly?: boolean;
  /** @x and @@x as of the start of the statement. */
  variable(v: Variable): { value: Value; type: SqlType };
  /** For folding constants (LIMIT expressions, range bounds) and their warnings. */
  readonly evalCtx: EvalContext;
  /** Connection collation for string literals. */
  readonly literalCollation: string;
  /** Next statement-unique id (columns and plan nodes). */
  nextId(): number;
  /** Planning used the value of a `?` marker in a way a cached plan cannot redo per execution
   *  (LIMIT ?, a function whose type or evaluation was specialised on the constant): the
   *  prepared-plan cache must not keep this plan (sql/planner/plan-cache.ts). */
  paramValueUsed?(why: string): void;
  /** The rows of an information_schema table as of now (none when not given). */
  memTableRows?(table: TableInfo): readonly (readonly Value[])[];
}

export class IdAllocator {
  private next = 1;
  take = (): number => this.next++;
}
