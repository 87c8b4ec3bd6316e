// What a statement gives back to whoever runs it (the wire server, tests, the slt runner):
// rows with their column descriptions, or an OK with affected rows and the last insert id.
// Values stay sql/types Values here; the wire layer maps them to protocol values.
import type { SqlType } from '../types/index.js';
import type { Value } from '../types/index.js';

/** A result-set column as MySQL describes it in a column definition packet. */
export interface ResultColumn {
  /** The label the client sees (the alias, or the expression text). */
  readonly name: string;
  /** The underlying column's name ('' for expressions). */
  readonly orgName: string;
  /** The table alias the column came from ('' for expressions). */
  readonly table: string;
  readonly orgTable: string;
  readonly db: string;
  /** Type and nullability. */
  readonly type: SqlType;
  /** Column flags MySQL sets from the table definition. */
  readonly primaryKey?: boolean;
  readonly uniqueKey?: boolean;
  readonly multipleKey?: boolean;
  readonly autoIncrement?: boolean;
}

export type Row = readonly Value[];

/** A statement that returned rows. `rows` is produced lazily, in order, batch by batch: the
 *  consumer pulls at its own pace (back-pressure); it must be consumed (or `return()`ed) before
 *  the session runs its next statement. */
export interface RowsResult {
  readonly kind: 'rows';
  readonly columns: readonly ResultColumn[];
  readonly rows: AsyncIterable<Row>;
}

/** A statement that returned no rows. */
export interface OkResult {
  readonly kind: 'ok';
  readonly affectedRows: bigint;
  /** The first AUTO_INCREMENT value the statement generated (0 when none). */
  readonly lastInsertId: bigint;
  /** "Records: 3  Duplicates: 0  Warnings: 0" and the like (MySQL's info string). */
  readonly info?: string;
}

export type ExecResult = RowsResult | OkResult;

/** A result with its rows collected (tests, scripts). */
export type CollectedResult =
  | { readonly kind: 'rows'; readonly columns: readonly ResultColumn[]; readonly rows: Row[] }
  | OkResult;

export async function collect(r: ExecResult): Promise<CollectedResult> {
  if (r.kind === 'ok') return r;
  const rows: Row[] = [];
  for await (const row of r.rows) rows.push(row);
  return { kind: 'rows', columns: r.columns, rows };
}
